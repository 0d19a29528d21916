//! The columns of a result row, as `--format csv` and the xlsx results sheet write them, and the
//! value of each from a record's decision. Both writers render these values; neither computes
//! an amount or decides what is paid.

use rust_decimal::Decimal;

use super::Evaluated;
use crate::eval::amount::Amount;
use crate::eval::plan::{AmountPlan, Plan};
use crate::eval::{Award, Due};
use crate::syntax::ast::BenefitKind;
use crate::syntax::keywords::Lang;

/// One column of a result row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Col {
    /// The spreadsheet row of the record.
    Row,
    /// The record's key.
    Id,
    /// The record's area (the workbook only).
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
    /// What the record is paid in all: every paid subsidy's payable amount.
    PayableTotal,
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
    /// `true` or `false`.
    Bool(bool),
    /// Messages, separated by `; `.
    Messages(Vec<String>),
    /// An amount the decision may not know yet: blank, the amount, or `待定`.
    Due(Due),
}

/// How an amount not known yet is spelled in a cell, in the policy's language.
pub(crate) fn unknown_amount(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "待定",
        Lang::En => "to be determined",
    }
}

/// The columns of a result row for `plan`; `with_area` adds the area after the id.
pub(crate) fn columns(plan: &Plan, with_area: bool) -> Vec<Col> {
    let mut out = vec![Col::Row, Col::Id];
    if with_area {
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
        }
    }
    out.push(Col::PayableTotal);
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

/// Benefit `b`'s clause id (empty when out of range).
pub(crate) fn clause(plan: &Plan, b: usize) -> &str {
    plan.benefits
        .get(b)
        .and_then(|p| plan.clauses.get(p.clause))
        .map_or("", |c| c.id.as_str())
}

/// The header of column `col`.
pub(crate) fn header(plan: &Plan, col: Col) -> String {
    let benefit = |b: usize| {
        let name = plan.benefits.get(b).map_or("", |p| p.name.as_str());
        format!("{} {name}", clause(plan, b))
    };
    match col {
        Col::Row => "row".into(),
        Col::Id => "id".into(),
        Col::Area => "area".into(),
        Col::Status(b) => format!("{} status", benefit(b)),
        Col::Amount(b) => format!("{} amount", benefit(b)),
        Col::Low(b) => format!("{} amount min", benefit(b)),
        Col::High(b) => format!("{} amount max", benefit(b)),
        Col::Payable(b) => format!("{} payable", benefit(b)),
        Col::PayableTotal => "payable total".into(),
        Col::Period(i) => {
            let periods = plan.periods();
            format!("installment {}", periods.get(i).copied().unwrap_or(""))
        }
        Col::Award => "award".into(),
        Col::AwardClause => "award clause".into(),
        Col::AwardAmount => "award amount".into(),
        Col::Provisional => "provisional".into(),
        Col::Candidates => "candidates".into(),
        Col::SetAside => "set aside".into(),
        Col::Errors => "errors".into(),
        Col::Notes => "notes".into(),
    }
}

/// The value of column `col` for a record.
pub(crate) fn value<'a>(plan: &'a Plan, record: &'a Evaluated<'a>, col: Col) -> Val<'a> {
    let outcome = record.outcome;
    let benefit = |b: usize| outcome.benefits.get(b);
    // Only the award columns look the award up.
    let award = || outcome.award();
    match col {
        Col::Row => Val::Count(record.line),
        Col::Id => Val::Text(record.key(plan).unwrap_or("")),
        Col::Area => Val::Text(record.area(plan).unwrap_or("")),
        Col::Status(b) => Val::Text(benefit(b).map_or("", |o| o.status.as_str())),
        Col::Amount(b) => Val::Money(benefit(b).and_then(|o| o.amount?.known())),
        Col::Low(b) | Col::High(b) => Val::Money(match benefit(b).and_then(|o| o.amount) {
            Some(Amount::Range(lo, _)) if col == Col::Low(b) => Some(lo),
            Some(Amount::Range(_, hi)) => Some(hi),
            _ => None,
        }),
        Col::Payable(b) => Val::Money(outcome.pay(b).payable()),
        Col::PayableTotal => Val::Due(outcome.payable.map_or(Due::Unknown, Due::Known)),
        Col::Period(i) => Val::Due(outcome.periods.get(i).map_or(Due::None, |p| p.due())),
        Col::Award => Val::Text(match award().map(|a| a.award) {
            Some(Award::Awarded(_)) => "awarded",
            Some(Award::Pending(_)) => "pending",
            Some(Award::None) => "none",
            None => "",
        }),
        Col::AwardClause => Val::Text(match award().map(|a| a.award) {
            Some(Award::Awarded(b)) => clause(plan, *b),
            _ => "",
        }),
        Col::AwardAmount => Val::Money(match award().map(|a| a.award) {
            Some(Award::Awarded(b)) => outcome.pay(*b).known(),
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
            let mut messages: Vec<String> = record.errors.iter().map(ToString::to_string).collect();
            messages.extend(super::overflow_message(plan, outcome));
            Val::Messages(messages)
        }
        Col::Notes => Val::Messages(notes(plan, record, plan.lang)),
    }
}

/// What groups did to amounts, one note per subsidy a cumulative cap reduced:
/// `第一条 受累计上限「留成上限」限制：2000000.00 减至 109313.00`.
pub(crate) fn notes(plan: &Plan, record: &Evaluated<'_>, lang: Lang) -> Vec<String> {
    let outcome = record.outcome;
    let mut out = Vec::new();
    for (b, o) in outcome.benefits.iter().enumerate() {
        let (Some(g), Some(before), Some(after)) =
            (o.capped_by, o.amount.and_then(Amount::known), o.pay.known())
        else {
            continue;
        };
        let group = plan.groups.get(g).map_or("", |g| g.name.as_str());
        out.push(capped_note(clause(plan, b), group, before, after, lang));
    }
    out
}

/// A subsidy reduced by a cap, in words.
pub(crate) fn capped_note(
    clause: &str,
    group: &str,
    before: Decimal,
    after: Decimal,
    lang: Lang,
) -> String {
    let (before, after) = (super::yuan(before), super::yuan(after));
    match lang {
        Lang::Zh => format!("{clause} 受累计上限「{group}」限制：{before} 减至 {after}"),
        Lang::En => format!("{clause} reduced by cumulative cap {group}: {before} to {after}"),
    }
}
