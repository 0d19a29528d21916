//! Evaluating one record: every benefit, then every group.

use rust_decimal::Decimal;

use super::amount::{amount, installments};
use super::decision;
use super::expr::{Ctx, Tracer};
use super::outcome::Pay;
pub use super::outcome::{
    Award, AwardView, BenefitOutcome, Decision, Due, GroupOutcome, Outcome, PeriodPay, Status,
};
use super::plan::{GroupPlanKind, Plan};
use super::trace::{Event, Trace};
use super::truth::{Reason, Truth};
use super::value::Amount;
use super::value::Cell;
use crate::span::Span;
use crate::syntax::ast::BenefitKind;

/// Evaluate one record's cells (indexed by slot) against the plan.
pub fn evaluate(plan: &Plan, cells: &[Cell]) -> Outcome {
    let mut outcome = Outcome::default();
    evaluate_into(plan, cells, &mut outcome);
    outcome
}

/// Evaluate one record into `outcome`, replacing what it held. A caller that evaluates many
/// records keeps one `Outcome` and reuses its lists, so evaluation allocates nothing per record
/// (beyond a pending award's candidates and the members an award sets aside).
pub fn evaluate_into(plan: &Plan, cells: &[Cell], outcome: &mut Outcome) {
    run(Ctx::new(plan, cells), outcome);
}

/// Evaluate one record and keep the transcript of what was seen, for an explanation. The
/// outcome is the one [`evaluate`] gives: the same code runs, noting as it goes.
pub fn evaluate_traced(plan: &Plan, cells: &[Cell]) -> (Outcome, Trace) {
    let mut events = Vec::new();
    let mut outcome = Outcome::default();
    run(Ctx::traced(plan, cells, &mut events), &mut outcome);
    (outcome, Trace { events })
}

fn run<T: Tracer>(mut ctx: Ctx<'_, T>, out: &mut Outcome) {
    let plan = ctx.plan;
    out.benefits
        .resize_with(plan.benefits.len(), BenefitOutcome::default);
    for (index, (b, slot)) in plan.benefits.iter().zip(&mut out.benefits).enumerate() {
        ctx.note(|| Event::Benefit(index));
        // Untraced, the flat form of the condition; traced (or for a plan whose flat form was
        // not built), the tree, whose walk an explanation follows.
        let truth = match (&b.condition, plan.flat.get(index)) {
            (_, Some(flat)) if !T::ON => ctx.part(flat),
            (Some(c), _) => ctx.truth(c),
            (None, _) => Truth::True,
        };
        slot.installments.clear();
        match truth {
            Truth::False => {
                slot.status = Status::Ineligible;
                slot.reason = None;
                slot.amount = None;
            }
            Truth::Unknown(r) => {
                slot.status = Status::Undetermined;
                slot.reason = Some(r);
                slot.amount = None;
            }
            Truth::True => {
                let amount = match b.kind {
                    BenefitKind::Subsidy => amount(&mut ctx, b),
                    BenefitKind::Service => None,
                };
                slot.status = Status::Eligible;
                slot.reason = match amount {
                    Some(Amount::Open(r)) => Some(r),
                    _ => None,
                };
                slot.amount = amount;
            }
        }
    }
    decision::initial_pay(plan, &mut out.benefits);
    out.groups.clear();
    for (gi, g) in plan.groups.iter().enumerate() {
        let outcome = match &g.kind {
            GroupPlanKind::Exclusive { highest } => {
                decision::exclusive(gi, &g.members, &mut out.benefits, *highest)
            }
            GroupPlanKind::Cumulative { cap, order } => {
                let cap = cap.as_ref().map(|c| ctx.value(c));
                match decision::cumulative(gi, &g.members, &mut out.benefits, cap, *order) {
                    Some(outcome) => outcome,
                    None => {
                        // A sum past the decimal range: an error on this record, and what the
                        // group's members are paid cannot be known.
                        ctx.overflowed(g.span);
                        overflowed(&g.members, &mut out.benefits, g.span);
                        GroupOutcome::Cumulative {
                            total: Decimal::ZERO,
                            cap: None,
                            payable: None,
                            provisional: true,
                        }
                    }
                }
            }
        };
        out.groups.push(outcome);
    }
    // Installments of what is paid (after every cap): nothing not paid is split, and the
    // installments of an unknown payable amount are unknown.
    let mut split = Vec::new();
    for (b, slot) in plan.benefits.iter().zip(&mut out.benefits) {
        let Pay::Paid(paid) = slot.pay else {
            continue;
        };
        match paid.known() {
            Some(total) => {
                split.clear();
                if installments(total, &b.installments, &mut split).is_none() {
                    ctx.overflowed(b.span);
                    slot.installments
                        .extend(b.installments.iter().map(|_| None));
                } else {
                    slot.installments.extend(split.iter().copied().map(Some));
                }
            }
            None => slot
                .installments
                .extend(b.installments.iter().map(|_| None)),
        }
    }
    let period_of = |b: usize, i: usize| {
        let (label, _) = plan.benefits.get(b)?.installments.get(i)?;
        plan.period_of(label)
    };
    if let Some(b) = out.sum_periods(plan.period_count(), period_of) {
        if let Some(p) = plan.benefits.get(b) {
            ctx.overflowed(p.span);
        }
    }
    out.payable = match decision::payable(plan, &out.benefits) {
        Ok(total) => total,
        Err(span) => {
            ctx.overflowed(span);
            None
        }
    };
    out.overflow = ctx.overflow;
    // Set by the fund pools' pass (`pool::Allocations::apply`), never here.
    out.allocated = super::outcome::Due::None;
    out.award_group = plan.main_group();
    let (verdict, provisional) = decision::verdict(plan, out);
    out.verdict = verdict;
    out.provisional = provisional;
}

/// Members of a cumulative group whose sum overflowed are paid an amount that cannot be known.
fn overflowed(members: &[usize], benefits: &mut [BenefitOutcome], span: Span) {
    for &m in members {
        if let Pay::Paid(Amount::Known(_)) = benefits[m].pay {
            benefits[m].pay = Pay::Paid(Amount::Open(Reason::Overflow(span)));
        }
    }
}
