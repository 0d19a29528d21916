//! `jiangbu diff --format table`: what an officer reads — the records whose decisions change,
//! one line per benefit that changes, then the cost totals old → new.

use std::io::Write;

use super::super::text::table;
// Money as the eval table and the summaries print it, with thousands separators.
use super::super::yuan_grouped as yuan;
use super::{
    signed, AwardState, AwardStatus, BenefitState, Change, Cost, CostRow, DiffReport, Money,
    Presence, Side,
};
use crate::diag::{text, Word};
use crate::eval::Status;
use crate::syntax::keywords::Lang;

fn side_line(role: Word, side: &Side, lang: Lang) -> String {
    let what = match (&side.title, side.saved) {
        (Some(t), true) => text!(" (saved result: {t})", "（已保存的评估结果：{t}）"),
        (None, true) => text!(" (saved result)", "（已保存的评估结果）"),
        (Some(t), false) if !t.is_empty() => text!(" ({t})", "（{t}）"),
        _ => text!("", ""),
    };
    let what = what.get(lang);
    let path = &side.path;
    let (role, colon) = (role.get(lang), Word::Colon.get(lang));
    format!("{role}{colon}{path}{what}")
}

/// A benefit's result as a cell: `符合 36,000.00`, `符合 待定`, `不符合`, `待查` (`eligible
/// 36,000.00`, `eligible, amount to be determined`, `ineligible`, `undetermined`); `—` when the
/// side lacks it.
fn state(s: Option<BenefitState>, lang: Lang) -> String {
    let Some(s) = s else { return "—".into() };
    let eligible = Word::Eligible.get(lang);
    let shown = match s.status {
        Status::Ineligible => Word::Ineligible.get(lang).into(),
        Status::Undetermined => Word::Undetermined.get(lang).into(),
        Status::Eligible => match s.amount {
            Money::Known(d) => format!("{eligible} {}", yuan(d)),
            Money::Range(lo, hi) => format!("{eligible} {}–{}", yuan(lo), yuan(hi)),
            // Not `eligible to be determined`, which reads as if eligibility were open.
            Money::Open => text!("{eligible}, amount to be determined", "{eligible} 待定")
                .get(lang)
                .to_string(),
            Money::None => eligible.into(),
        },
    };
    // A fund pool's allocation beside the claim.
    match s.allocated {
        Money::Known(d) => {
            let d = yuan(d);
            text!("{shown}, allocated {d}", "{shown}，核定 {d}")
                .get(lang)
                .to_string()
        }
        Money::Range(lo, hi) => {
            let (lo, hi) = (yuan(lo), yuan(hi));
            text!("{shown}, allocated {lo}–{hi}", "{shown}，核定 {lo}–{hi}")
                .get(lang)
                .to_string()
        }
        Money::Open => text!("{shown}, allocated to be determined", "{shown}，核定 待定")
            .get(lang)
            .to_string(),
        Money::None => shown,
    }
}

/// An award as a cell: `第三条 稳岗留工补贴 36,000.00`, `待选：第二条 / 第三条`, `无`, with
/// `（暂定）` when provisional.
fn award(a: Option<&AwardState>, lang: Lang) -> String {
    let Some(a) = a else { return "—".into() };
    let mark = if a.provisional {
        Word::ProvisionalMark.get(lang)
    } else {
        ""
    };
    match a.status {
        AwardStatus::Awarded => format!(
            "{} {} {}{mark}",
            a.clause.as_deref().unwrap_or(""),
            a.name.as_deref().unwrap_or(""),
            a.amount.map_or_else(
                || text!("amount to be determined", "待定")
                    .get(lang)
                    .to_string(),
                yuan
            )
        ),
        AwardStatus::Pending => format!(
            "{}{mark}{}{}",
            Word::PendingChoice.get(lang),
            Word::Colon.get(lang),
            a.candidates.join(" / ")
        ),
        AwardStatus::None => format!("{}{mark}", Word::NoAward.get(lang)),
    }
}

fn change_rows(report: &DiffReport, change: &Change, rows: &mut Vec<Vec<String>>, lang: Lang) {
    let mut lines: Vec<[String; 4]> = Vec::new();
    for b in &change.benefits {
        let Some(info) = report.benefits.get(b.pair) else {
            continue;
        };
        let flag = if change.newly_eligible.contains(&b.pair) {
            Word::NewlyEligible.get(lang)
        } else if change.no_longer_eligible.contains(&b.pair) {
            Word::NoLongerEligible.get(lang)
        } else {
            ""
        };
        lines.push([
            format!("{} {}", info.clause, info.name),
            state(b.old, lang),
            state(b.new, lang),
            flag.into(),
        ]);
    }
    if change.award_changed() || change.presence != Presence::Changed {
        lines.push([
            Word::AwardResult.get(lang).into(),
            award(change.award.0.as_ref(), lang),
            award(change.award.1.as_ref(), lang),
            String::new(),
        ]);
    }
    let only = match change.presence {
        Presence::Changed => None,
        Presence::OnlyOld => Some(Word::OnlyOld),
        Presence::OnlyNew => Some(Word::OnlyNew),
    };
    if let (Some(only), Some(first)) = (only, lines.first_mut()) {
        first[3] = only.get(lang).into();
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

fn words(list: &[Word], lang: Lang) -> Vec<String> {
    list.iter().map(|w| w.get(lang).to_string()).collect()
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

/// Write the report as aligned text in `lang`.
pub fn write_table<W: Write>(out: &mut W, report: &DiffReport, lang: Lang) -> std::io::Result<()> {
    writeln!(out, "{}", Word::DiffTitle.get(lang))?;
    writeln!(out, "{}", side_line(Word::Old, &report.old, lang))?;
    writeln!(out, "{}", side_line(Word::New, &report.new, lang))?;
    let changed = report
        .changes
        .iter()
        .filter(|c| c.presence == Presence::Changed)
        .count();
    let (compared, newly, no_longer) = (
        report.compared,
        report.newly_eligible,
        report.no_longer_eligible,
    );
    let line = text!(
        "{compared} records compared, {changed} with a changed decision; {newly} benefits newly eligible, {no_longer} no longer eligible",
        "比较 {compared} 户，决策有变化 {changed} 户；新符合 {newly} 项，不再符合 {no_longer} 项"
    );
    writeln!(out, "{}", line.get(lang))?;
    if report.only_old + report.only_new > 0 {
        let [key, _, _] = report.columns.headers(lang);
        let (only_old, only_new) = (report.only_old, report.only_new);
        let line = text!(
            "{only_old} records only in the old result, {only_new} only in the records (matched by {key})",
            "仅在旧结果中 {only_old} 户，仅在记录文件中 {only_new} 户（按{key}对应）"
        );
        writeln!(out, "{}", line.get(lang))?;
    }
    writeln!(out)?;
    if report.changes.is_empty() {
        writeln!(out, "{}", Word::NoChange.get(lang))?;
    } else {
        writeln!(out, "{}", Word::ChangedRecords.get(lang))?;
        let mut header = words(&[Word::Row], lang);
        header.extend(report.columns.headers(lang));
        header.extend(words(
            &[Word::Item, Word::Old, Word::New, Word::ChangeCol],
            lang,
        ));
        let mut rows = Vec::new();
        for change in &report.changes {
            change_rows(report, change, &mut rows, lang);
        }
        let numeric = [true, false, false, false, false, false, false, false];
        out.write_all(table(&header, &rows, &numeric).as_bytes())?;
    }
    writeln!(out)?;
    let amounts = words(
        &[
            Word::OldAmountYuan,
            Word::NewAmountYuan,
            Word::DifferenceYuan,
            Word::OldTbd,
            Word::NewTbd,
        ],
        lang,
    );
    writeln!(out, "{}", Word::DiffByClause.get(lang))?;
    let mut header = words(&[Word::Clause, Word::OldPaid, Word::NewPaid], lang);
    header.extend(amounts.iter().cloned());
    header.extend(words(&[Word::NewlyEligible, Word::NoLongerEligible], lang));
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
    let cost_table = |title: &str, paid: [Word; 2], list: &[CostRow], blank: Word| {
        let mut header = vec![title.to_string()];
        header.extend(words(&paid, lang));
        header.extend(amounts.iter().cloned());
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|r| {
                let label = if r.label.is_empty() {
                    blank.get(lang).to_string()
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
        writeln!(out, "{}", Word::ByArea.get(lang))?;
        let [_, _, area] = report.columns.headers(lang);
        let t = cost_table(
            &area,
            [Word::OldAwarded, Word::NewAwarded],
            &report.areas,
            Word::BlankName,
        );
        out.write_all(t.as_bytes())?;
        writeln!(out)?;
    }
    if !report.funds.is_empty() {
        writeln!(out, "{}", Word::ByFund.get(lang))?;
        let t = cost_table(
            Word::Fund.get(lang),
            [Word::OldAwarded, Word::NewAwarded],
            &report.funds,
            Word::NoFund,
        );
        out.write_all(t.as_bytes())?;
        writeln!(out)?;
    }
    let total = &report.total;
    let (old, new, difference) = (money(total.old), money(total.new), signed(total.difference));
    let (old_open, new_open) = (count(total.old, |c| c.open), count(total.new, |c| c.open));
    let line = text!(
        "known amounts paid: old {old} yuan → new {new} yuan, difference {difference} yuan; paid, amount to be determined: old {old_open} → new {new_open}",
        "已定给予金额合计：旧 {old} 元 → 新 {new} 元，差额 {difference} 元；给予金额待定：旧 {old_open} 项 → 新 {new_open} 项"
    );
    writeln!(out, "{}", line.get(lang))?;
    for note in &report.notes {
        writeln!(
            out,
            "{}{}",
            Word::NotePrefix.get(lang),
            note.word().get(lang)
        )?;
    }
    out.flush()
}
