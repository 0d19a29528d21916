//! `jiangbu diff --format table`: what an officer reads — the records whose decisions change,
//! one line per benefit that changes, then the cost totals old → new.

use std::io::Write;

use super::super::text::table;
use super::super::yuan;
use super::{
    signed, AwardState, AwardStatus, BenefitState, Change, Cost, CostRow, DiffReport, Money,
    Presence, Side,
};
use crate::eval::Status;

fn side_line(role: &str, side: &Side) -> String {
    let what = match (&side.title, side.saved) {
        (Some(t), true) => format!("（已保存的评估结果：{t}）"),
        (None, true) => "（已保存的评估结果）".to_string(),
        (Some(t), false) if !t.is_empty() => format!("（{t}）"),
        _ => String::new(),
    };
    format!("{role}：{}{what}", side.path)
}

/// A benefit's result as a cell: `符合 36000.00`, `不符合`, `待查`; `—` when the side lacks it.
fn state(s: Option<BenefitState>) -> String {
    let Some(s) = s else { return "—".into() };
    let shown = match s.status {
        Status::Ineligible => "不符合".into(),
        Status::Undetermined => "待查".into(),
        Status::Eligible => match s.amount {
            Money::Known(d) => format!("符合 {}", yuan(d)),
            Money::Range(lo, hi) => format!("符合 {}–{}", yuan(lo), yuan(hi)),
            Money::Open => "符合 待定".into(),
            Money::None => "符合".into(),
        },
    };
    // A fund pool's allocation beside the claim.
    match s.allocated {
        Money::Known(d) => format!("{shown}，核定 {}", yuan(d)),
        Money::Range(lo, hi) => format!("{shown}，核定 {}–{}", yuan(lo), yuan(hi)),
        Money::Open => format!("{shown}，核定 待定"),
        Money::None => shown,
    }
}

/// An award as a cell: `第三条 稳岗留工补贴 36000.00`, `待选：第二条 / 第三条`, `无`, with
/// `（暂定）` when provisional.
fn award(a: Option<&AwardState>) -> String {
    let Some(a) = a else { return "—".into() };
    let mark = if a.provisional { "（暂定）" } else { "" };
    match a.status {
        AwardStatus::Awarded => format!(
            "{} {} {}{mark}",
            a.clause.as_deref().unwrap_or(""),
            a.name.as_deref().unwrap_or(""),
            a.amount.map_or_else(|| "待定".to_string(), yuan)
        ),
        AwardStatus::Pending => format!("待选{mark}：{}", a.candidates.join(" / ")),
        AwardStatus::None => format!("无{mark}"),
    }
}

fn change_rows(report: &DiffReport, change: &Change, rows: &mut Vec<Vec<String>>) {
    let mut lines: Vec<[String; 4]> = Vec::new();
    for b in &change.benefits {
        let Some(info) = report.benefits.get(b.pair) else {
            continue;
        };
        let flag = if change.newly_eligible.contains(&b.pair) {
            "新符合"
        } else if change.no_longer_eligible.contains(&b.pair) {
            "不再符合"
        } else {
            ""
        };
        lines.push([
            format!("{} {}", info.clause, info.name),
            state(b.old),
            state(b.new),
            flag.into(),
        ]);
    }
    if change.award_changed() || change.presence != Presence::Changed {
        lines.push([
            "奖补结果".into(),
            award(change.award.0.as_ref()),
            award(change.award.1.as_ref()),
            String::new(),
        ]);
    }
    let only = match change.presence {
        Presence::Changed => None,
        Presence::OnlyOld => Some("仅在旧结果中"),
        Presence::OnlyNew => Some("仅在记录文件中"),
    };
    if let (Some(only), Some(first)) = (only, lines.first_mut()) {
        first[3] = only.into();
    }
    for (i, [item, old, new, flag]) in lines.into_iter().enumerate() {
        let record = if i == 0 {
            vec![
                change.row.to_string(),
                change.id.clone().unwrap_or_default(),
                change.name.clone().unwrap_or_default(),
                change.area.clone(),
            ]
        } else {
            vec![String::new(); 4]
        };
        let mut row = record;
        row.extend([item, old, new, flag]);
        rows.push(row);
    }
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn count(c: Option<Cost>, f: impl Fn(Cost) -> u64) -> String {
    c.map_or_else(|| "—".into(), |c| f(c).to_string())
}

fn money(c: Option<Cost>) -> String {
    c.map_or_else(|| "—".into(), |c| yuan(c.paid_sum))
}

/// The shared columns of a totals line: paid old, new; amounts old, new, difference; open old, new.
fn cost_cells(row: &CostRow) -> Vec<String> {
    vec![
        count(row.old, |c| c.paid),
        count(row.new, |c| c.paid),
        money(row.old),
        money(row.new),
        signed(row.difference),
        count(row.old, |c| c.open),
        count(row.new, |c| c.open),
    ]
}

/// Write the report as aligned text.
pub fn write_table<W: Write>(out: &mut W, report: &DiffReport) -> std::io::Result<()> {
    writeln!(out, "决策差异")?;
    writeln!(out, "{}", side_line("旧", &report.old))?;
    writeln!(out, "{}", side_line("新", &report.new))?;
    let changed = report
        .changes
        .iter()
        .filter(|c| c.presence == Presence::Changed)
        .count();
    writeln!(
        out,
        "比较 {} 户，决策有变化 {changed} 户；新符合 {} 项，不再符合 {} 项",
        report.compared, report.newly_eligible, report.no_longer_eligible
    )?;
    if report.only_old + report.only_new > 0 {
        writeln!(
            out,
            "仅在旧结果中 {} 户，仅在记录文件中 {} 户（按{}对应）",
            report.only_old, report.only_new, report.columns.key
        )?;
    }
    writeln!(out)?;
    if report.changes.is_empty() {
        writeln!(out, "没有企业的决策发生变化。")?;
    } else {
        writeln!(out, "决策有变化的企业")?;
        let c = &report.columns;
        let header = strings(&["行", &c.key, &c.name, &c.area, "项目", "旧", "新", "变化"]);
        let mut rows = Vec::new();
        for change in &report.changes {
            change_rows(report, change, &mut rows);
        }
        let numeric = [true, false, false, false, false, false, false, false];
        out.write_all(table(&header, &rows, &numeric).as_bytes())?;
    }
    writeln!(out)?;
    let amounts = [
        "旧金额（元）",
        "新金额（元）",
        "差额（元）",
        "旧待定",
        "新待定",
    ];
    writeln!(out, "按条款汇总（实际给予的奖补；金额待定的不计入金额）")?;
    let mut header = strings(&["条款", "旧给予", "新给予"]);
    header.extend(strings(&amounts));
    header.extend(strings(&["新符合", "不再符合"]));
    let rows: Vec<Vec<String>> = report
        .benefits
        .iter()
        .filter(|b| b.subsidy)
        .map(|b| {
            let mut row = vec![format!("{} {}", b.clause, b.name)];
            row.extend(cost_cells(&b.cost));
            row.push(b.newly_eligible.to_string());
            row.push(b.no_longer_eligible.to_string());
            row
        })
        .collect();
    let mut numeric = vec![true; header.len()];
    numeric[0] = false;
    out.write_all(table(&header, &rows, &numeric).as_bytes())?;
    writeln!(out)?;
    let cost_table = |title: &str, paid: &str, list: &[CostRow], blank: &str| {
        let mut header = strings(&[title, &format!("旧{paid}"), &format!("新{paid}")]);
        header.extend(strings(&amounts));
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|r| {
                let label = if r.label.is_empty() {
                    blank.to_string()
                } else {
                    r.label.clone()
                };
                let mut row = vec![label];
                row.extend(cost_cells(r));
                row
            })
            .collect();
        let mut numeric = vec![true; header.len()];
        numeric[0] = false;
        table(&header, &rows, &numeric)
    };
    if report.areas.iter().any(|a| !a.label.is_empty()) {
        writeln!(out, "按地区汇总")?;
        let t = cost_table(&report.columns.area, "获奖补", &report.areas, "（空）");
        out.write_all(t.as_bytes())?;
        writeln!(out)?;
    }
    if !report.funds.is_empty() {
        writeln!(out, "按资金来源汇总（不足部分按政策从后续来源列支）")?;
        let t = cost_table("资金来源", "给予", &report.funds, "（未注明）");
        out.write_all(t.as_bytes())?;
        writeln!(out)?;
    }
    let total = &report.total;
    writeln!(
        out,
        "已定给予金额合计：旧 {} 元 → 新 {} 元，差额 {} 元；金额待定：旧 {} 项 → 新 {} 项",
        money(total.old),
        money(total.new),
        signed(total.difference),
        count(total.old, |c| c.open),
        count(total.new, |c| c.open),
    )?;
    for note in &report.notes {
        writeln!(out, "注：{}", note.chinese())?;
    }
    out.flush()
}
