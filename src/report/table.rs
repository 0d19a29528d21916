//! The table an officer reads: one line per enterprise, then totals per clause, area and fund.

use std::io::Write;

use super::summary::Summary;
use super::text::table;
use super::{overflow_message, yuan, Evaluated, Writer};
use crate::eval::amount::Amount;
use crate::eval::plan::Plan;
use crate::eval::record::Award;
use crate::eval::{Due, Status};
use crate::schema::FieldType;
use crate::syntax::ast::BenefitKind;
use crate::syntax::keywords::Lang;

/// Buffers the per-enterprise lines (to align them) and prints everything at the end.
pub struct TableWriter<W: Write> {
    out: W,
    rows: Vec<Vec<String>>,
}

impl<W: Write> TableWriter<W> {
    /// Write to `out`.
    pub fn new(out: W) -> Self {
        TableWriter {
            out,
            rows: Vec::new(),
        }
    }
}

/// The slot of a name column: the first text field that is neither the key nor the area.
fn name_slot(plan: &Plan) -> Option<usize> {
    plan.schema
        .fields
        .iter()
        .position(|f| f.ty == FieldType::Text && !f.key && !f.area)
}

fn label(plan: &Plan, b: usize) -> String {
    let p = &plan.benefits[b];
    let clause = plan.clauses.get(p.clause).map_or("", |c| c.id.as_str());
    format!("{clause} {}", p.name)
}

fn clause_id(plan: &Plan, b: usize) -> &str {
    plan.benefits
        .get(b)
        .and_then(|p| plan.clauses.get(p.clause))
        .map_or("", |c| c.id.as_str())
}

fn amount_text(amount: Option<Amount>) -> String {
    match amount {
        Some(Amount::Known(d)) => yuan(d),
        Some(Amount::Range(lo, hi)) => format!("{}–{}", yuan(lo), yuan(hi)),
        Some(Amount::Open(_)) => "待定".into(),
        None => String::new(),
    }
}

/// An amount the decision may not know yet: blank, the amount, or `待定`.
fn due_text(due: Due) -> String {
    match due {
        Due::None => String::new(),
        Due::Known(d) => yuan(d),
        Due::Unknown => "待定".into(),
    }
}

impl<W: Write> Writer for TableWriter<W> {
    fn record(&mut self, plan: &Plan, record: &Evaluated<'_>) -> std::io::Result<()> {
        let outcome = record.outcome;
        let mut row = vec![
            record.line.to_string(),
            record.key(plan).unwrap_or("").to_string(),
            record.text(name_slot(plan)).unwrap_or("").to_string(),
            record.area(plan).unwrap_or("").to_string(),
        ];
        // Provisional is the record's, as the decision defines it (the footer counts the same).
        let mark = if outcome.provisional {
            "（暂定）"
        } else {
            ""
        };
        let (result, amount, aside) = match outcome.award() {
            Some(view) => {
                let aside: Vec<&str> = view.set_aside.iter().map(|&b| clause_id(plan, b)).collect();
                match view.award {
                    Award::Awarded(b) => (
                        format!("{}{mark}", label(plan, *b)),
                        amount_text(outcome.pay(*b).paid()),
                        aside.join("、"),
                    ),
                    Award::Pending(c) => {
                        let ids: Vec<&str> = c.iter().map(|&b| clause_id(plan, b)).collect();
                        (
                            format!("待选{mark}：{}", ids.join(" / ")),
                            String::new(),
                            aside.join("、"),
                        )
                    }
                    Award::None => (format!("无{mark}"), String::new(), String::new()),
                }
            }
            None => {
                // Without an exclusive group: every subsidy the decision pays.
                let paid: Vec<(usize, Amount)> = (0..plan.benefits.len())
                    .filter_map(|b| Some((b, outcome.pay(b).paid()?)))
                    .collect();
                let names: Vec<String> = paid.iter().map(|&(b, _)| label(plan, b)).collect();
                let amounts: Vec<String> =
                    paid.iter().map(|&(_, a)| amount_text(Some(a))).collect();
                (
                    format!("{}{mark}", names.join("、")),
                    amounts.join(" + "),
                    String::new(),
                )
            }
        };
        row.push(result);
        row.push(amount);
        row.push(due_text(outcome.payable.map_or(Due::Unknown, Due::Known)));
        row.extend(outcome.periods.iter().map(|p| due_text(p.due())));
        row.push(aside);
        let services: Vec<&str> = plan
            .benefits
            .iter()
            .zip(&outcome.benefits)
            .filter(|(p, b)| p.kind == BenefitKind::Service && b.status == Status::Eligible)
            .map(|(p, _)| p.name.as_str())
            .collect();
        row.push(services.join("、"));
        let mut notes: Vec<String> = record
            .errors
            .iter()
            .map(|e| format!("{}列`{}`有误", e.column, e.value))
            .collect();
        if let Some(m) = overflow_message(plan, outcome) {
            notes.push(m);
        }
        notes.extend(super::columns::notes(plan, record, Lang::Zh));
        let undetermined: Vec<String> = plan
            .benefits
            .iter()
            .zip(&outcome.benefits)
            .filter(|(p, b)| p.kind == BenefitKind::Subsidy && b.status == Status::Undetermined)
            .map(|(p, b)| {
                let clause = plan.clauses.get(p.clause).map_or("", |c| c.id.as_str());
                let why = b.reason.map(|r| r.describe(plan)).unwrap_or_default();
                format!("{clause}待查：{why}")
            })
            .collect();
        notes.extend(undetermined);
        if let Some(line) = record.explanation {
            // The one-line decision says why; it replaces the per-clause notes.
            notes = vec![line.to_string()];
            notes.extend(
                record
                    .errors
                    .iter()
                    .map(|e| format!("{}列`{}`有误", e.column, e.value)),
            );
        }
        row.push(notes.join("；"));
        self.rows.push(row);
        Ok(())
    }

    fn finish(&mut self, plan: &Plan, summary: &Summary) -> std::io::Result<()> {
        let key = plan
            .schema
            .key_slot()
            .map_or("主键", |s| plan.schema.fields[s].name.as_str());
        let name = name_slot(plan).map_or("名称", |s| plan.schema.fields[s].name.as_str());
        let area = plan
            .schema
            .area_slot()
            .map_or("地区", |s| plan.schema.fields[s].name.as_str());
        let mut header: Vec<String> = [
            "行",
            key,
            name,
            area,
            "奖补结果",
            "金额（元）",
            "合计应付（元）",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut numeric = vec![true, false, false, false, false, true, true];
        for period in plan.periods() {
            header.push(format!("{period}（元）"));
            numeric.push(true);
        }
        header.extend(["不予兼得", "服务", "说明"].map(String::from));
        numeric.extend([false, false, false]);
        if !plan.title.is_empty() {
            writeln!(self.out, "{}", plan.title)?;
        }
        for (k, v) in &plan.meta {
            if k == "文号" {
                writeln!(self.out, "{v}")?;
            }
        }
        writeln!(self.out)?;
        self.out
            .write_all(table(&header, &self.rows, &numeric).as_bytes())?;
        writeln!(self.out)?;
        writeln!(self.out, "按条款汇总")?;
        let header: Vec<String> = super::CLAUSE_TOTALS.iter().map(|s| s.to_string()).collect();
        let rows: Vec<Vec<String>> = plan
            .benefits
            .iter()
            .zip(&summary.benefits)
            .map(|(p, t)| {
                let subsidy = p.kind == BenefitKind::Subsidy;
                let money = |s: String| if subsidy { s } else { "—".into() };
                vec![
                    format!(
                        "{} {}",
                        plan.clauses.get(p.clause).map_or("", |c| c.id.as_str()),
                        p.name
                    ),
                    if subsidy { "奖补" } else { "服务" }.into(),
                    t.eligible.to_string(),
                    t.ineligible.to_string(),
                    t.undetermined.to_string(),
                    money(t.known.to_string()),
                    money(yuan(t.known_sum)),
                    money(t.open.to_string()),
                    money(t.paid.to_string()),
                    money(yuan(t.paid_sum)),
                    money(t.paid_open.to_string()),
                ]
            })
            .collect();
        let numeric = [
            false, false, true, true, true, true, true, true, true, true, true,
        ];
        self.out
            .write_all(table(&header, &rows, &numeric).as_bytes())?;
        writeln!(self.out)?;
        let area_table = |title: &str, list: &[(String, super::summary::AreaTotals)]| {
            let header: Vec<String> = [
                title,
                "企业",
                "获奖补",
                "给予金额（元）",
                "金额待定",
                "待选",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|(n, a)| {
                    vec![
                        if n.is_empty() {
                            "（空）".to_string()
                        } else {
                            n.clone()
                        },
                        a.records.to_string(),
                        a.paid.to_string(),
                        yuan(a.paid_sum),
                        a.open.to_string(),
                        a.pending.to_string(),
                    ]
                })
                .collect();
            table(&header, &rows, &[false, true, true, true, true, true])
        };
        if plan.schema.area_slot().is_some() {
            writeln!(self.out, "按地区汇总")?;
            self.out
                .write_all(area_table(area, &summary.areas).as_bytes())?;
            writeln!(self.out)?;
        }
        if !summary.funds.is_empty() {
            writeln!(self.out, "按资金来源汇总（不足部分按政策从后续来源列支）")?;
            let header: Vec<String> = ["资金来源", "获奖补", "给予金额（元）", "金额待定"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            let rows: Vec<Vec<String>> = summary
                .funds
                .iter()
                .map(|(n, a)| {
                    let chain = plan
                        .benefits
                        .iter()
                        .find(|b| b.funds.first() == Some(n))
                        .map(|b| b.funds.join(" → "))
                        .unwrap_or_else(|| n.clone());
                    vec![
                        chain,
                        a.paid.to_string(),
                        yuan(a.paid_sum),
                        a.open.to_string(),
                    ]
                })
                .collect();
            self.out
                .write_all(table(&header, &rows, &[false, true, true, true]).as_bytes())?;
            writeln!(self.out)?;
        }
        let periods = plan.periods();
        if !periods.is_empty() {
            writeln!(self.out, "按分期汇总")?;
            // Known installments are added up; those not known yet are counted beside them.
            let header: Vec<String> = ["分期", "给予金额（元）", "金额待定（笔）"]
                .map(String::from)
                .to_vec();
            let rows: Vec<Vec<String>> = periods
                .iter()
                .zip(&summary.periods)
                .zip(&summary.periods_open)
                .map(|((p, sum), open)| vec![p.to_string(), yuan(*sum), open.to_string()])
                .collect();
            self.out
                .write_all(table(&header, &rows, &[false, true, true]).as_bytes())?;
            writeln!(self.out)?;
        }
        self.out.write_all(completeness(plan, summary).as_bytes())?;
        writeln!(
            self.out,
            "共 {} 户：获奖补 {} 户，待选 {} 户，无 {} 户，其中暂定 {} 户；已定给予金额合计 {} 元；数据有误 {} 户",
            summary.records,
            summary.awards[0],
            summary.awards[1],
            summary.awards[2],
            summary.awards[3],
            yuan(summary.paid_total()),
            summary.with_errors
        )?;
        self.out.flush()
    }
}

/// The "is our data good enough to decide" section: blank and malformed cells per column (blank
/// optional cells mean "none" and are not counted), and why records were undetermined per clause.
fn completeness(plan: &Plan, summary: &Summary) -> String {
    let mut out = String::from("数据完整性\n");
    let rows: Vec<Vec<String>> = plan
        .schema
        .fields
        .iter()
        .zip(&summary.cells)
        .filter_map(|(f, c)| {
            let blank = if f.optional { 0 } else { c.blank };
            (blank + c.malformed > 0)
                .then(|| vec![f.name.clone(), blank.to_string(), c.malformed.to_string()])
        })
        .collect();
    if rows.is_empty() {
        out.push_str("必填列没有空白或有误的单元格\n");
    } else {
        let header: Vec<String> = ["列", "空白", "有误"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        out.push_str(&table(&header, &rows, &[false, true, true]));
    }
    let rows: Vec<Vec<String>> = plan
        .benefits
        .iter()
        .zip(&summary.undetermined_by)
        .zip(&summary.benefits)
        .filter(|((_, by), _)| !by.is_empty())
        .map(|((p, by), t)| {
            let mut by = by.clone();
            by.sort_by_key(|b| std::cmp::Reverse(b.1));
            let reasons: Vec<String> = by
                .iter()
                .map(|(why, n)| format!("{} {n}", why.describe(plan)))
                .collect();
            vec![
                format!(
                    "{} {}",
                    plan.clauses.get(p.clause).map_or("", |c| c.id.as_str()),
                    p.name
                ),
                t.undetermined.to_string(),
                reasons.join("；"),
            ]
        })
        .collect();
    if !rows.is_empty() {
        let header: Vec<String> = ["待查条款", "户数", "原因"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        out.push_str(&table(&header, &rows, &[false, true, false]));
    }
    out.push('\n');
    out
}
