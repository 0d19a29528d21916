//! The columns of a result row, as `--format csv` and the xlsx results sheet write them, and the
//! value of each from a record's decision. Both writers render these values; neither computes
//! an amount or decides what is paid.

use rust_decimal::Decimal;

use super::Evaluated;
use crate::diag::{text, Word};
use crate::eval::amount::Amount;
use crate::eval::plan::{AmountPlan, Plan};
use crate::eval::{Award, Due, Status};
use crate::syntax::ast::BenefitKind;
use crate::syntax::keywords::Lang;

/// One column of a result row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Col {
    /// The spreadsheet row of the record.
    Row,
    /// The record's key.
    Id,
    /// The enterprise's name: the first text field that is neither the key nor the area.
    Name,
    /// The record's area (the `地区` field).
    Area,
    /// A benefit's status.
    Status(usize),
    /// A subsidy's known amount, as its clause computes it (before any group).
    Amount(usize),
    /// The lower bound of a subsidy whose amount is a range.
    Low(usize),
    /// The upper bound of a subsidy whose amount is a range.
    High(usize),
    /// What is paid of a subsidy after every group, when known.
    Payable(usize),
    /// What a subsidy's fund pool allocates to it (policies with pools only).
    Allocated(usize),
    /// Every paid subsidy's payable amount, added: what the record is paid in all — or, with
    /// fund pools, what it claims (`申报合计`).
    PayableTotal,
    /// What the record is paid once the fund pools are shared out ([`crate::eval::Outcome::paid`],
    /// headed `合计应付`; policies with pools only).
    AllocatedTotal,
    /// The installments paid in a period of [`Plan::periods`].
    Period(usize),
    /// `awarded`, `pending` or `none`: the first exclusive group's decision.
    Award,
    /// The awarded clause.
    AwardClause,
    /// What is paid of the awarded subsidy.
    AwardAmount,
    /// Whether the award may change when data is completed.
    Provisional,
    /// The clauses the officer chooses among.
    Candidates,
    /// The clauses the award sets aside.
    SetAside,
    /// Data errors and an arithmetic overflow.
    Errors,
    /// What groups did to amounts: a cap that reduced one.
    Notes,
}

/// A cell of a result row.
pub(crate) enum Val<'a> {
    /// A whole number.
    Count(u64),
    /// Text.
    Text(&'a str),
    /// An amount in yuan; empty when `None`.
    Money(Option<Decimal>),
    /// Clause ids, separated by spaces.
    Clauses(&'a [usize]),
    /// Yes or no, in the run's language.
    Bool(bool),
    /// Messages, separated by `; `.
    Messages(Vec<String>),
    /// An amount the decision may not know yet: blank, the amount, or `待定`.
    Due(Due),
}

/// How an amount not known yet is spelled in a cell.
pub(crate) fn unknown_amount(lang: Lang) -> &'static str {
    Word::Tbd.get(lang)
}

/// A benefit's status in words.
pub(crate) fn status_word(status: Status) -> Word {
    match status {
        Status::Eligible => Word::Eligible,
        Status::Ineligible => Word::Ineligible,
        Status::Undetermined => Word::Undetermined,
    }
}

/// The columns of a result row for `plan`: the row and the key, then the name and the area when
/// the schema has them.
pub(crate) fn columns(plan: &Plan) -> Vec<Col> {
    let mut out = vec![Col::Row, Col::Id];
    if plan.schema.name_slot().is_some() {
        out.push(Col::Name);
    }
    if plan.schema.area_slot().is_some() {
        out.push(Col::Area);
    }
    for (b, p) in plan.benefits.iter().enumerate() {
        out.push(Col::Status(b));
        if p.kind == BenefitKind::Subsidy {
            out.push(Col::Amount(b));
            if p.amount.as_ref().is_some_and(AmountPlan::may_be_range) {
                out.extend([Col::Low(b), Col::High(b)]);
            }
            out.push(Col::Payable(b));
            if pooled(plan, b) {
                out.push(Col::Allocated(b));
            }
        }
    }
    out.push(Col::PayableTotal);
    if !plan.pools.is_empty() {
        out.push(Col::AllocatedTotal);
    }
    out.extend((0..plan.period_count()).map(Col::Period));
    out.extend([
        Col::Award,
        Col::AwardClause,
        Col::AwardAmount,
        Col::Provisional,
        Col::Candidates,
        Col::SetAside,
        Col::Errors,
        Col::Notes,
    ]);
    out
}

/// Whether benefit `b` is paid from a fund pool.
fn pooled(plan: &Plan, b: usize) -> bool {
    plan.pools.iter().any(|p| p.members.contains(&b))
}

/// Benefit `b`'s clause id (empty when out of range).
pub(crate) fn clause(plan: &Plan, b: usize) -> &str {
    plan.benefits
        .get(b)
        .and_then(|p| plan.clauses.get(p.clause))
        .map_or("", |c| c.id.as_str())
}

/// The header of column `col` in `lang`. The key, name and area columns are headed by their
/// fields' names.
pub(crate) fn header(plan: &Plan, col: Col, lang: Lang) -> String {
    let w = |word: Word| word.get(lang);
    let benefit = |b: usize, word: Word| {
        let name = plan.benefits.get(b).map_or("", |p| p.name.as_str());
        format!("{} {name} {}", clause(plan, b), w(word))
    };
    // Chinese headers name the key, name and area columns by their fields; English ones say
    // `id`, `name` and `area`, as jsonl does. A rule of each language's layout, not a message.
    let field = |slot: Option<usize>, word: Word| match lang {
        Lang::En => w(word).to_string(),
        Lang::Zh => slot
            .and_then(|s| plan.schema.fields.get(s))
            .map_or_else(|| w(word).to_string(), |f| f.name.clone()),
    };
    match col {
        Col::Row => w(Word::Row).into(),
        Col::Id => field(plan.schema.key_slot(), Word::Key),
        Col::Name => field(plan.schema.name_slot(), Word::Name),
        Col::Area => field(plan.schema.area_slot(), Word::Area),
        Col::Status(b) => benefit(b, Word::StatusCol),
        Col::Amount(b) => benefit(b, Word::AmountCol),
        Col::Low(b) => benefit(b, Word::AmountMinCol),
        Col::High(b) => benefit(b, Word::AmountMaxCol),
        // With fund pools the payable amounts are claims, headed as such; what is paid is
        // the allocation beside them.
        Col::Payable(b) if pooled(plan, b) => {
            let name = plan.benefits.get(b).map_or("", |p| p.name.as_str());
            let claimed = text!("claimed", "申报额");
            format!("{} {name} {}", clause(plan, b), claimed.get(lang))
        }
        Col::Payable(b) => benefit(b, Word::PayableCol),
        Col::PayableTotal if !plan.pools.is_empty() => {
            text!("claimed total", "申报合计").get(lang).into()
        }
        Col::PayableTotal => w(Word::PayableTotalCol).into(),
        Col::Allocated(b) => {
            let name = plan.benefits.get(b).map_or("", |p| p.name.as_str());
            let allocated = text!("allocated", "核定金额");
            format!("{} {name} {}", clause(plan, b), allocated.get(lang))
        }
        Col::AllocatedTotal => w(Word::PayableTotalCol).into(),
        Col::Period(i) => {
            let periods = plan.periods();
            format!(
                "{} {}",
                w(Word::Period),
                periods.get(i).copied().unwrap_or("")
            )
        }
        Col::Award => w(Word::AwardCol).into(),
        Col::AwardClause => w(Word::AwardClauseCol).into(),
        Col::AwardAmount => w(Word::AwardAmountCol).into(),
        Col::Provisional => w(Word::ProvisionalCol).into(),
        Col::Candidates => w(Word::CandidatesCol).into(),
        Col::SetAside => w(Word::SetAside).into(),
        Col::Errors => w(Word::ErrorsCol).into(),
        Col::Notes => w(Word::Notes).into(),
    }
}

/// The value of column `col` for a record, its words in `lang`.
pub(crate) fn value<'a>(
    plan: &'a Plan,
    record: &'a Evaluated<'a>,
    col: Col,
    lang: Lang,
) -> Val<'a> {
    let outcome = record.outcome;
    let benefit = |b: usize| outcome.benefits.get(b);
    // Only the award columns look the award up.
    let award = || outcome.award();
    match col {
        Col::Row => Val::Count(record.line),
        Col::Id => Val::Text(record.key(plan).unwrap_or("")),
        Col::Name => Val::Text(record.text(plan.schema.name_slot()).unwrap_or("")),
        Col::Area => Val::Text(record.area(plan).unwrap_or("")),
        Col::Status(b) => Val::Text(benefit(b).map_or("", |o| status_word(o.status).get(lang))),
        Col::Amount(b) => Val::Money(benefit(b).and_then(|o| o.amount?.known())),
        Col::Low(b) | Col::High(b) => Val::Money(match benefit(b).and_then(|o| o.amount) {
            Some(Amount::Range(lo, _)) if col == Col::Low(b) => Some(lo),
            Some(Amount::Range(_, hi)) => Some(hi),
            _ => None,
        }),
        Col::Payable(b) => Val::Money(outcome.pay(b).payable()),
        Col::PayableTotal => Val::Due(outcome.payable.map_or(Due::Unknown, Due::Known)),
        Col::Allocated(b) => Val::Due(benefit(b).map_or(Due::None, |o| o.allocated)),
        Col::AllocatedTotal => Val::Due(outcome.paid()),
        Col::Period(i) => Val::Due(outcome.periods.get(i).map_or(Due::None, |p| p.due())),
        Col::Award => Val::Text(match award().map(|a| a.award) {
            Some(Award::Awarded(_)) => Word::Awarded.get(lang),
            Some(Award::Pending(_)) => Word::Pending.get(lang),
            Some(Award::None) => Word::NoAward.get(lang),
            None => "",
        }),
        Col::AwardClause => Val::Text(match award().map(|a| a.award) {
            Some(Award::Awarded(b)) => clause(plan, *b),
            _ => "",
        }),
        // What is paid of it, as the decision says: with a fund pool, its allocation.
        Col::AwardAmount => Val::Money(match award().map(|a| a.award) {
            Some(Award::Awarded(b)) => match outcome.paid_of(*b) {
                Due::Known(d) => Some(d),
                Due::Unknown | Due::None => None,
            },
            _ => None,
        }),
        Col::Provisional => match award() {
            Some(a) => Val::Bool(a.provisional),
            None => Val::Text(""),
        },
        Col::Candidates => Val::Clauses(match award().map(|a| a.award) {
            Some(Award::Pending(c)) => c,
            _ => &[],
        }),
        Col::SetAside => Val::Clauses(award().map_or(&[], |a| a.set_aside)),
        Col::Errors => {
            let mut messages: Vec<String> = record.errors.iter().map(|e| e.render(lang)).collect();
            messages.extend(super::overflow_message(plan, outcome, lang));
            Val::Messages(messages)
        }
        Col::Notes => Val::Messages(notes(plan, record, lang, super::yuan)),
    }
}

/// What groups did to amounts, one note per subsidy a cumulative cap reduced:
/// `第一条 受累计上限「留成上限」限制：2000000.00 减至 109313.00`.
/// Amounts are spelled by `money` (plain in csv, with separators in the table).
pub(crate) fn notes(
    plan: &Plan,
    record: &Evaluated<'_>,
    lang: Lang,
    money: fn(Decimal) -> String,
) -> Vec<String> {
    let outcome = record.outcome;
    let mut out = Vec::new();
    for (b, o) in outcome.benefits.iter().enumerate() {
        let (Some(g), Some(before), Some(after)) =
            (o.capped_by, o.amount.and_then(Amount::known), o.pay.known())
        else {
            continue;
        };
        let group = plan.groups.get(g).map_or("", |g| g.name.as_str());
        let (before, after) = (money(before), money(after));
        out.push(capped_note(clause(plan, b), group, &before, &after, lang));
    }
    out
}

/// A subsidy reduced by a cap, in words.
pub(crate) fn capped_note(
    clause: &str,
    group: &str,
    before: &str,
    after: &str,
    lang: Lang,
) -> String {
    text!(
        "{clause} reduced by cumulative cap {group}: {before} to {after}",
        "{clause} 受累计上限「{group}」限制：{before} 减至 {after}"
    )
    .get(lang)
    .to_string()
}
