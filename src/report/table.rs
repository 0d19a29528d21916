//! The table an officer reads: one line per enterprise, then totals per clause, area and fund.

use std::borrow::Cow;
use std::io::Write;

use super::summary::Summary;
use super::text::{plain_width, push_spaces, table, visible, width as text_width};
use super::{overflow_message, yuan_grouped as yuan, Evaluated, Render, Streamed};
use crate::diag::{text, Word};
use crate::eval::amount::Amount;
use crate::eval::plan::Plan;
use crate::eval::record::Award;
use crate::eval::{Due, Status};
use crate::syntax::ast::BenefitKind;
use crate::syntax::keywords::Lang;

/// Renders the enterprise table a line per record as records come, then the totals. Its
/// columns have widths fixed by the plan and the language ([`Table::widths`]), not by the
/// records, so nothing is held back: a cell wider than its column pushes the rest of its own
/// line to the right.
pub struct Table {
    lang: Lang,
    /// Per column of the enterprise table: its width and whether it holds numbers (from the
    /// plan, worked out at the first record).
    columns: Option<(Vec<usize>, Vec<bool>)>,
    /// The terminal's width, to wrap the notes column to (`None`: print it whole).
    width: Option<usize>,
}

/// Writes the table to `W`, its lines as records come.
pub type TableWriter<W> = Streamed<Table, W>;

impl<W: Write> TableWriter<W> {
    /// Write to `out`, every word in `lang`.
    pub fn new(out: W, lang: Lang) -> Self {
        Streamed::with(Table::new(lang), out)
    }
}

/// The least width of the row number, key, name, area, result and amount columns (the amounts'
/// also serves the installments), whatever their header, in display columns (a Chinese character
/// takes two): a row number to a million, an 18-character unified social credit code, a name of
/// fifteen Chinese characters, a district, a clause with its subsidy's name and `（暂定）`,
/// `12,345,678.90`. The notes, last, are not padded.
const LEAST: [usize; 6] = [7, 18, 30, 10, 30, 13];

/// The least width of the set-aside column (two clauses) and the services column (three
/// services).
const LEAST_LISTS: [usize; 2] = [14, 24];

impl Table {
    /// Render every word in `lang`.
    pub fn new(lang: Lang) -> Self {
        Table {
            lang,
            columns: None,
            width: None,
        }
    }

    /// Wrap the notes (the last column) so every line of the enterprise table fits `width`
    /// display columns, continuation lines indented under the notes column; `None` prints
    /// them whole.
    pub fn fit(mut self, width: Option<usize>) -> Self {
        self.width = width;
        self
    }

    /// The header of the enterprise table and whether each column holds numbers.
    fn header(plan: &Plan, lang: Lang) -> (Vec<String>, Vec<bool>) {
        let w = |word: Word| word.get(lang);
        let key = plan
            .schema
            .key_slot()
            .map_or(w(Word::Key), |s| plan.schema.fields[s].name.as_str());
        let name = plan
            .schema
            .name_slot()
            .map_or(w(Word::Name), |s| plan.schema.fields[s].name.as_str());
        let area = plan
            .schema
            .area_slot()
            .map_or(w(Word::Area), |s| plan.schema.fields[s].name.as_str());
        let mut header: Vec<String> = [
            w(Word::Row),
            key,
            name,
            area,
            w(Word::AwardResult),
            w(Word::AmountYuan),
            w(Word::PayableTotalYuan),
        ]
        .iter()
        .map(|s| visible(s).into_owned())
        .collect();
        let mut numeric = vec![true, false, false, false, false, true, true];
        if !plan.pools.is_empty() {
            // The claims and what is paid side by side: the claims' column is headed as such,
            // and `合计应付` is what the record is paid once the pools are shared out.
            let claimed = text!("claimed (yuan)", "申报合计（元）");
            if let Some(h) = header.get_mut(6) {
                *h = claimed.get(lang).to_string();
            }
            header.push(visible(w(Word::PayableTotalYuan)).into_owned());
            numeric.push(true);
        }
        for period in plan.periods() {
            header.push(visible(&format!("{period}{}", w(Word::YuanSuffix))).into_owned());
            numeric.push(true);
        }
        header.extend([Word::SetAside, Word::Services, Word::Notes].map(|x| w(x).to_string()));
        numeric.extend([false, false, false]);
        (header, numeric)
    }

    /// The width of each column of the enterprise table: its header's, or the least of
    /// [`LEAST`] for its kind, whichever is wider; the notes (last) their header's.
    pub fn widths(header: &[String]) -> Vec<usize> {
        let n = header.len();
        header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let least = if i + 1 == n {
                    0
                } else if i + 3 >= n {
                    LEAST_LISTS.get(i + 3 - n).copied().unwrap_or(0)
                } else {
                    LEAST.get(i).copied().unwrap_or(LEAST[5])
                };
                text_width(h).max(least)
            })
            .collect()
    }
}

/// One line of the enterprise table: each cell made [`visible`] and padded to its column's
/// width (numbers on the right), the notes (last) wrapped to what is left of `fit` columns (at
/// least the notes header's width), on continuation lines indented under the notes column.
fn line(
    cells: &[String],
    widths: &[usize],
    numeric: &[bool],
    fit: Option<usize>,
    out: &mut Vec<u8>,
) {
    let mut text = String::with_capacity(256);
    let last = cells.len().saturating_sub(1);
    for (i, cell) in cells.iter().enumerate() {
        // Most cells (ASCII, Chinese) are shown as they are, their width known from one pass.
        let (cell, shown) = match plain_width(cell) {
            Some(shown) => (Cow::Borrowed(cell.as_str()), shown),
            None => {
                let cell = visible(cell);
                let shown = text_width(&cell);
                (cell, shown)
            }
        };
        let width = widths.get(i).copied().unwrap_or(0);
        if i > 0 {
            text.push_str("  ");
        }
        if i == last {
            match fit {
                Some(fit) => {
                    let indent = text_width(&text);
                    let room = fit.saturating_sub(indent).max(width).max(1);
                    if text_width(&cell) > room {
                        let lines = wrap(&cell, room);
                        let blank = " ".repeat(indent);
                        for (n, piece) in lines.iter().enumerate() {
                            if n > 0 {
                                text.push('\n');
                                text.push_str(&blank);
                            }
                            text.push_str(piece);
                        }
                    } else {
                        text.push_str(&cell);
                    }
                }
                None => text.push_str(&cell),
            }
        } else {
            // Padded to the column's width: numbers on the right, text on the left.
            let blank = width.saturating_sub(shown);
            if numeric.get(i).copied().unwrap_or(false) {
                push_spaces(&mut text, blank);
                text.push_str(&cell);
            } else {
                text.push_str(&cell);
                push_spaces(&mut text, blank);
            }
        }
    }
    out.extend_from_slice(text.trim_end().as_bytes());
    out.push(b'\n');
}

/// The subsidies the decision pays, but those `skip` leaves out, as the result column names
/// them: those funded first, then those their fund pool allocated nothing, after `未获资金：`
/// (`nothing allocated: `); and their amounts (the claims) in the same order.
fn paid_names(
    plan: &Plan,
    outcome: &crate::eval::Outcome,
    skip: impl Fn(usize) -> bool,
    lang: Lang,
) -> (String, Vec<String>) {
    let sep = Word::ListSep.get(lang);
    type Paid = Vec<(usize, Amount)>;
    let (funded, unfunded): (Paid, Paid) = (0..plan.benefits.len())
        .filter(|&b| !skip(b))
        .filter_map(|b| Some((b, outcome.pay(b).paid()?)))
        .partition(|&(b, _)| outcome.benefits.get(b).is_some_and(|o| o.funded()));
    let names = |list: &[(usize, Amount)]| {
        let names: Vec<String> = list.iter().map(|&(b, _)| label(plan, b)).collect();
        names.join(sep)
    };
    let mut result = names(&funded);
    if !unfunded.is_empty() {
        if !result.is_empty() {
            result.push_str(Word::NoteSep.get(lang));
        }
        result.push_str(text!("nothing allocated: ", "未获资金：").get(lang));
        result.push_str(&names(&unfunded));
    }
    let amounts = funded
        .iter()
        .chain(&unfunded)
        .map(|&(_, a)| amount_text(Some(a), lang))
        .collect();
    (result, amounts)
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

fn amount_text(amount: Option<Amount>, lang: Lang) -> String {
    match amount {
        Some(Amount::Known(d)) => yuan(d),
        Some(Amount::Range(lo, hi)) => format!("{}–{}", yuan(lo), yuan(hi)),
        Some(Amount::Open(_)) => Word::Tbd.get(lang).into(),
        None => String::new(),
    }
}

/// An amount the decision may not know yet: blank, the amount, or `待定`.
fn due_text(due: Due, lang: Lang) -> String {
    match due {
        Due::None => String::new(),
        Due::Known(d) => yuan(d),
        Due::Unknown => Word::Tbd.get(lang).into(),
    }
}

/// A cell error as a note: `一季度产值2021列`abc`有误`.
fn cell_note(column: &str, value: &str, lang: Lang) -> String {
    text!(
        "column {column}: `{value}` is malformed",
        "{column}列`{value}`有误"
    )
    .get(lang)
    .to_string()
}

impl Render for Table {
    fn head(&mut self, plan: &Plan, out: &mut Vec<u8>) -> std::io::Result<()> {
        if !plan.title.is_empty() {
            writeln!(out, "{}", plan.title)?;
        }
        for (k, v) in &plan.meta {
            if k == "文号" {
                writeln!(out, "{v}")?;
            }
        }
        writeln!(out)?;
        let (header, numeric) = Table::header(plan, self.lang);
        let widths = Table::widths(&header);
        line(&header, &widths, &numeric, None, out);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        writeln!(out, "{}", rule.join("  "))
    }

    fn totals(&self) -> bool {
        true
    }

    fn fork(&self) -> Box<dyn Render> {
        Box::new(Table::new(self.lang).fit(self.width))
    }

    fn record(
        &mut self,
        plan: &Plan,
        record: &Evaluated<'_>,
        _index: u64,
        out: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        let lang = self.lang;
        let w = |word: Word| word.get(lang);
        let outcome = record.outcome;
        let mut row = vec![
            record.line.to_string(),
            record.key(plan).unwrap_or("").to_string(),
            record
                .text(plan.schema.name_slot())
                .unwrap_or("")
                .to_string(),
            record.area(plan).unwrap_or("").to_string(),
        ];
        // Provisional is the record's, as the decision defines it (the footer counts the same).
        let mark = if outcome.provisional {
            w(Word::ProvisionalMark)
        } else {
            ""
        };
        // The subsidies paid outside the first exclusive group (all of them without one), as
        // the result column lists them after the group's award.
        let main: &[usize] = outcome
            .award_group
            .and_then(|g| plan.groups.get(g))
            .map_or(&[], |g| &g.members);
        let (others, other_amounts) = paid_names(plan, outcome, |b| main.contains(&b), lang);
        let (result, amount, aside) = match outcome.award() {
            Some(view) => {
                let aside: Vec<&str> = view.set_aside.iter().map(|&b| clause_id(plan, b)).collect();
                // Between the award and what is paid outside the group: a list (`、`) after a
                // plain award, a new part (`；`) after a choice or an award allocated nothing.
                let mut between = w(Word::ListSep);
                let (head, mut amounts) = match view.award {
                    Award::Awarded(b) => {
                        // An award its fund pool allocated nothing is said so.
                        let unfunded = outcome.benefits.get(*b).is_some_and(|o| !o.funded());
                        let head = match unfunded {
                            true => {
                                between = w(Word::NoteSep);
                                text!("nothing allocated: ", "未获资金：")
                                    .get(lang)
                                    .to_string()
                            }
                            false => String::new(),
                        };
                        (
                            format!("{head}{}", label(plan, *b)),
                            vec![amount_text(outcome.pay(*b).paid(), lang)],
                        )
                    }
                    Award::Pending(c) => {
                        let ids: Vec<&str> = c.iter().map(|&b| clause_id(plan, b)).collect();
                        between = w(Word::NoteSep);
                        (
                            format!(
                                "{}{}{}",
                                w(Word::PendingChoice),
                                w(Word::Colon),
                                ids.join(" / ")
                            ),
                            Vec::new(),
                        )
                    }
                    // Nothing from the group: what is paid outside it, if anything, says all.
                    Award::None if !others.is_empty() => (String::new(), Vec::new()),
                    Award::None => (w(Word::NoAward).to_string(), Vec::new()),
                };
                let mut result = head;
                if !others.is_empty() {
                    if !result.is_empty() {
                        result.push_str(between);
                    }
                    result.push_str(&others);
                }
                result.push_str(mark);
                amounts.extend(other_amounts);
                (result, amounts.join(" + "), aside.join(w(Word::ListSep)))
            }
            None => {
                let mut result = others;
                let undetermined: Vec<String> = plan
                    .benefits
                    .iter()
                    .zip(&outcome.benefits)
                    .enumerate()
                    .filter(|(_, (p, o))| {
                        p.kind == BenefitKind::Subsidy && o.status == Status::Undetermined
                    })
                    .map(|(b, _)| label(plan, b))
                    .collect();
                if result.is_empty() && !undetermined.is_empty() {
                    // Nothing paid, and what may be is undetermined: said as the notes say it
                    // (`待查`), the provisional mark then saying nothing more.
                    let list = undetermined.join(w(Word::ListSep));
                    result = format!("{}{}{list}", w(Word::Undetermined), w(Word::Colon));
                } else if result.is_empty() {
                    // Nothing paid: `无`, as with a group (the footer counts it so).
                    result = format!("{}{mark}", w(Word::NoAward));
                } else {
                    result.push_str(mark);
                }
                (result, other_amounts.join(" + "), String::new())
            }
        };
        row.push(result);
        row.push(amount);
        if !plan.pools.is_empty() {
            // The claims, beside what is paid.
            row.push(due_text(
                outcome.payable.map_or(Due::Unknown, Due::Known),
                lang,
            ));
        }
        row.push(due_text(outcome.paid(), lang));
        row.extend(outcome.periods.iter().map(|p| due_text(p.due(), lang)));
        row.push(aside);
        let services: Vec<&str> = plan
            .benefits
            .iter()
            .zip(&outcome.benefits)
            .filter(|(p, b)| p.kind == BenefitKind::Service && b.status == Status::Eligible)
            .map(|(p, _)| p.name.as_str())
            .collect();
        row.push(services.join(w(Word::ListSep)));
        let mut notes: Vec<String> = record
            .errors
            .iter()
            .map(|e| cell_note(&e.column, &e.value, lang))
            .collect();
        if let Some(m) = overflow_message(plan, outcome, lang) {
            notes.push(m);
        }
        notes.extend(super::columns::notes(plan, record, lang, yuan));
        let undetermined: Vec<String> = plan
            .benefits
            .iter()
            .zip(&outcome.benefits)
            .filter(|(p, b)| p.kind == BenefitKind::Subsidy && b.status == Status::Undetermined)
            .map(|(p, b)| {
                let clause = plan.clauses.get(p.clause).map_or("", |c| c.id.as_str());
                let why = b.reason.map(|r| r.describe(plan, lang)).unwrap_or_default();
                text!("{clause} undetermined: {why}", "{clause}待查：{why}")
                    .get(lang)
                    .to_string()
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
                    .map(|e| cell_note(&e.column, &e.value, lang)),
            );
        }
        row.push(notes.join(w(Word::NoteSep)));
        let (widths, numeric) = self.columns.get_or_insert_with(|| {
            let (header, numeric) = Table::header(plan, lang);
            (Table::widths(&header), numeric)
        });
        line(&row, widths, numeric, self.width, out);
        Ok(())
    }

    fn tail(
        &mut self,
        plan: &Plan,
        summary: Option<&Summary>,
        out: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        let empty;
        let summary = match summary {
            Some(summary) => summary,
            None => {
                empty = Summary::new(plan);
                &empty
            }
        };
        let lang = self.lang;
        let w = |word: Word| word.get(lang);
        let area = plan
            .schema
            .area_slot()
            .map_or(w(Word::Area), |s| plan.schema.fields[s].name.as_str());
        writeln!(out)?;
        writeln!(out, "{}", w(Word::ByClause))?;
        let header: Vec<String> = super::CLAUSE_TOTALS
            .iter()
            .map(|&s| w(s).to_string())
            .collect();
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
                    w(if subsidy {
                        Word::Subsidy
                    } else {
                        Word::Service
                    })
                    .into(),
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
        out.write_all(table(&header, &rows, &numeric).as_bytes())?;
        writeln!(out)?;
        let area_table = |title: &str, list: &[(String, super::summary::AreaTotals)]| {
            let header: Vec<String> = [
                title,
                w(Word::Enterprises),
                w(Word::Awarded),
                w(Word::PaidSumYuan),
                w(Word::PaidTbd),
                w(Word::Pending),
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|(n, a)| {
                    vec![
                        if n.is_empty() {
                            w(Word::BlankName).to_string()
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
            writeln!(out, "{}", w(Word::ByArea))?;
            out.write_all(area_table(area, &summary.areas).as_bytes())?;
            writeln!(out)?;
        }
        if !summary.funds.is_empty() {
            writeln!(out, "{}", w(Word::ByFund))?;
            let header: Vec<String> = [Word::Fund, Word::Awarded, Word::PaidSumYuan, Word::PaidTbd]
                .map(|x| w(x).to_string())
                .to_vec();
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
            out.write_all(table(&header, &rows, &[false, true, true, true]).as_bytes())?;
            writeln!(out)?;
        }
        let periods = plan.periods();
        if !periods.is_empty() {
            writeln!(out, "{}", w(Word::ByPeriod))?;
            // Known installments are added up; those not known yet are counted beside them.
            let header: Vec<String> = [Word::Period, Word::PaidSumYuan, Word::PeriodsTbd]
                .map(|x| w(x).to_string())
                .to_vec();
            let rows: Vec<Vec<String>> = periods
                .iter()
                .zip(&summary.periods)
                .zip(&summary.periods_open)
                .map(|((p, sum), open)| vec![p.to_string(), yuan(*sum), open.to_string()])
                .collect();
            out.write_all(table(&header, &rows, &[false, true, true]).as_bytes())?;
            writeln!(out)?;
        }
        let pools = super::pools::table_section(&summary.pools, lang, yuan);
        if !pools.is_empty() {
            out.write_all(pools.as_bytes())?;
            writeln!(out)?;
        }
        out.write_all(completeness(plan, summary, lang).as_bytes())?;
        let (records, awarded, pending, none, provisional) = (
            summary.records,
            summary.awards[0],
            summary.awards[1],
            summary.awards[2],
            summary.awards[3],
        );
        let (total, errors) = (yuan(summary.paid_total()), summary.with_errors);
        let unfunded = summary.awards[4];
        // With fund pools, the records eligible but allocated nothing are counted apart.
        let footer = if plan.pools.is_empty() {
            text!(
                "{records} records: {awarded} awarded, {pending} pending, {none} none, of which {provisional} provisional; known amounts paid {total} yuan; {errors} with data errors",
                "共 {records} 户：获奖补 {awarded} 户，待选 {pending} 户，无 {none} 户，其中暂定 {provisional} 户；已定给予金额合计 {total} 元；数据有误 {errors} 户"
            )
        } else {
            text!(
                "{records} records: {awarded} awarded, {unfunded} eligible with nothing allocated, {pending} pending, {none} none, of which {provisional} provisional; known amounts paid {total} yuan; {errors} with data errors",
                "共 {records} 户：获奖补 {awarded} 户，符合但未获资金 {unfunded} 户，待选 {pending} 户，无 {none} 户，其中暂定 {provisional} 户；已定给予金额合计 {total} 元；数据有误 {errors} 户"
            )
        };
        writeln!(out, "{}", footer.get(lang))
    }
}

/// The "is our data good enough to decide" section: blank and malformed cells per column (blank
/// optional cells mean "none" and are not counted), and why records were undetermined per clause.
fn completeness(plan: &Plan, summary: &Summary, lang: Lang) -> String {
    let w = |word: Word| word.get(lang);
    let mut out = format!("{}\n", w(Word::Completeness));
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
        out.push_str(w(Word::AllComplete));
        out.push('\n');
    } else {
        let header: Vec<String> = [Word::Column, Word::Blank, Word::Malformed]
            .map(|x| w(x).to_string())
            .to_vec();
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
                .map(|(why, n)| format!("{} {n}", why.describe(plan, lang)))
                .collect();
            vec![
                format!(
                    "{} {}",
                    plan.clauses.get(p.clause).map_or("", |c| c.id.as_str()),
                    p.name
                ),
                t.undetermined.to_string(),
                reasons.join(w(Word::NoteSep)),
            ]
        })
        .collect();
    if !rows.is_empty() {
        let header: Vec<String> = [Word::UndeterminedClause, Word::Records, Word::Reasons]
            .map(|x| w(x).to_string())
            .to_vec();
        out.push_str(&table(&header, &rows, &[false, true, false]));
    }
    out.push('\n');
    out
}

/// `text` in lines of at most `room` display columns, broken after a separator (`；`, `，`, `、`,
/// a space) where one falls in the line's second half, else between characters.
fn wrap(text: &str, room: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    // Where the line may be broken: its byte length and width after the last separator.
    let mut soft: Option<(usize, usize)> = None;
    for c in text.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]));
        if used + w > room && !line.is_empty() {
            match soft.filter(|&(_, at)| at * 2 >= room) {
                Some((bytes, at)) => {
                    let rest = line.split_off(bytes);
                    lines.push(line.trim_end().to_string());
                    line = rest;
                    used -= at;
                }
                None => {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
            }
            soft = None;
        }
        if line.is_empty() && c == ' ' {
            continue;
        }
        line.push(c);
        used += w;
        if "；，、 ;,".contains(c) {
            soft = Some((line.len(), used));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{line, wrap};

    /// Two columns of widths 4 and 2, each followed by 2 spaces, leave 22 − (4 + 2) − (2 + 2) = 12
    /// columns for the notes. `第一条待查：` is 6 × 2 = 12 columns, so the first line ends after
    /// `：` (a separator at 12 ≥ 12 / 2); `一季度产值` is 10 columns and `20` 2 more (12), where
    /// the second line breaks between characters (no separator); `19为空` is 4 + 4 = 8. At 20
    /// columns (room 10) the `：` no longer fits: `第一条待查` (10), `：一季度产` (10),
    /// `值2019为空` (2 + 4 + 4 = 10). Continuation lines start under the notes column (10
    /// spaces); a short note is left alone, and without a width nothing is wrapped.
    #[test]
    fn the_notes_wrap_to_the_width() {
        let widths = [4, 2, 4];
        let numeric = [true, false, false];
        let long: Vec<String> = ["1", "A", "第一条待查：一季度产值2019为空"]
            .map(String::from)
            .to_vec();
        let short: Vec<String> = ["2", "B", "短"].map(String::from).to_vec();
        let mut out = Vec::new();
        line(&long, &widths, &numeric, Some(22), &mut out);
        line(&short, &widths, &numeric, Some(22), &mut out);
        line(&long, &widths, &numeric, None, &mut out);
        line(&long, &widths, &numeric, Some(20), &mut out);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "   1  A   第一条待查：\n          一季度产值20\n          19为空\n\
             \x20  2  B   短\n\
             \x20  1  A   第一条待查：一季度产值2019为空\n\
             \x20  1  A   第一条待查\n          ：一季度产\n          值2019为空\n"
        );
        assert!(
            text.lines().take(4).all(|l| super::text_width(l) <= 22),
            "{text}"
        );
    }

    /// English breaks at a separator in the second half of a line, and between characters when
    /// there is none: `abc; defgh` in 6 columns is `abc;` (the break after `;` at 4 ≥ 6 / 2),
    /// then `defgh`; `abcdefgh` is `abcdef`, `gh`.
    #[test]
    fn wrap_prefers_separators() {
        assert_eq!(wrap("abc; defgh", 6), ["abc;", "defgh"]);
        assert_eq!(wrap("abcdefgh", 6), ["abcdef", "gh"]);
        assert_eq!(wrap("ab", 6), ["ab"]);
    }
}
