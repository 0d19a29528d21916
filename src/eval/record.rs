//! Evaluating one record: every benefit, then every group.

use rust_decimal::Decimal;

use super::amount::{amount, installments, Amount};
use super::expr::{Ctx, Tracer, Value};
use super::plan::{GroupPlanKind, Plan};
use super::trace::{Event, Trace};
use super::truth::{Reason, Truth};
use super::value::Cell;
use crate::span::Span;
use crate::syntax::ast::BenefitKind;

/// A benefit's status for one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The conditions hold.
    Eligible,
    /// They do not.
    Ineligible,
    /// They cannot be decided on this record's data.
    Undetermined,
}

impl Status {
    /// The jsonl spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Eligible => "eligible",
            Status::Ineligible => "ineligible",
            Status::Undetermined => "undetermined",
        }
    }
}

/// One benefit's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BenefitOutcome {
    /// Eligible, ineligible or undetermined.
    pub status: Status,
    /// Why undetermined, or why an eligible amount is open.
    pub reason: Option<Reason>,
    /// The amount of an eligible subsidy.
    pub amount: Option<Amount>,
    /// The installments of a known amount, in the benefit's order.
    pub installments: Vec<Decimal>,
}

impl Default for BenefitOutcome {
    /// Not yet evaluated: ineligible, nothing else.
    fn default() -> Self {
        BenefitOutcome {
            status: Status::Ineligible,
            reason: None,
            amount: None,
            installments: Vec::new(),
        }
    }
}

/// The decision of an exclusive group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Award {
    /// No member is eligible.
    None,
    /// This benefit is paid.
    Awarded(usize),
    /// Several members are eligible and the officer must choose among these.
    Pending(Vec<usize>),
}

/// One group's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupOutcome {
    /// `不可兼得`.
    Exclusive {
        /// The decision.
        award: Award,
        /// Some member is undetermined, so the decision may change when data is completed.
        provisional: bool,
        /// Eligible members not paid because of the group.
        set_aside: Vec<usize>,
    },
    /// `累计上限`.
    Cumulative {
        /// Known amounts of the members that are paid.
        total: Decimal,
        /// The cap, when known.
        cap: Option<Decimal>,
        /// What may be paid in all: `min(total, cap)`; unknown while the cap is.
        payable: Option<Decimal>,
        /// A member's amount or the cap is not known yet.
        provisional: bool,
    },
}

/// Everything decided for one record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Per benefit, in policy order.
    pub benefits: Vec<BenefitOutcome>,
    /// Per group, in policy order.
    pub groups: Vec<GroupOutcome>,
    /// Where arithmetic overflowed, if it did (an error on this record).
    pub overflow: Option<Span>,
}

impl Outcome {
    /// The record's award: the decision of the policy's first exclusive group.
    pub fn award(&self, plan: &Plan) -> Option<&GroupOutcome> {
        plan.main_group().and_then(|g| self.groups.get(g))
    }
}

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
                if let Some(Amount::Known(total)) = amount {
                    installments(total, &b.installments, &mut slot.installments);
                }
            }
        }
    }
    out.groups.clear();
    for g in &plan.groups {
        let outcome = match &g.kind {
            GroupPlanKind::Exclusive { highest } => exclusive(&g.members, &out.benefits, *highest),
            GroupPlanKind::Cumulative { cap } => {
                let cap = cap.as_ref().map(|c| ctx.value(c));
                cumulative(&g.members, &out.benefits, &out.groups, cap)
            }
        };
        out.groups.push(outcome);
    }
    out.overflow = ctx.overflow;
}

/// `不可兼得`: among the eligible members — none: no award; one: that one; several with every
/// amount known: the largest (ties to the earlier member) when taking the highest; otherwise the
/// officer chooses (pending).
fn exclusive(members: &[usize], benefits: &[BenefitOutcome], highest: bool) -> GroupOutcome {
    // One pass without allocating: the Vecs of the outcome are built only when they are not
    // empty (a pending award, or an award with members set aside).
    let mut provisional = false;
    let mut eligible = 0usize;
    let mut first = None;
    let mut all_known = true;
    // The largest known amount, ties to the earlier member.
    let mut best: Option<(usize, Decimal)> = None;
    for &m in members {
        let b = &benefits[m];
        match b.status {
            Status::Undetermined => provisional = true,
            Status::Ineligible => {}
            Status::Eligible => {
                eligible += 1;
                first.get_or_insert(m);
                match b.amount.and_then(Amount::known) {
                    Some(a) if best.is_none_or(|(_, top)| a > top) => best = Some((m, a)),
                    Some(_) => {}
                    None => all_known = false,
                }
            }
        }
    }
    let is_eligible = |m: &usize| benefits[*m].status == Status::Eligible;
    let award = match (eligible, first, best) {
        (0, _, _) | (_, None, _) => Award::None,
        (1, Some(only), _) => Award::Awarded(only),
        (_, _, Some((top, _))) if highest && all_known => Award::Awarded(top),
        _ => Award::Pending(members.iter().copied().filter(is_eligible).collect()),
    };
    let set_aside = match award {
        Award::Awarded(chosen) if eligible > 1 => members
            .iter()
            .copied()
            .filter(|m| is_eligible(m) && *m != chosen)
            .collect(),
        _ => Vec::new(),
    };
    GroupOutcome::Exclusive {
        award,
        provisional,
        set_aside,
    }
}

/// `累计上限`: the members' known paid amounts together, at most the cap. A member set aside by
/// an exclusive group counts nothing.
fn cumulative(
    members: &[usize],
    benefits: &[BenefitOutcome],
    earlier: &[GroupOutcome],
    cap: Option<Value<'_>>,
) -> GroupOutcome {
    let set_aside = |m: usize| {
        earlier.iter().any(|g| match g {
            GroupOutcome::Exclusive {
                award, set_aside, ..
            } => set_aside.contains(&m) || matches!(award, Award::Pending(c) if c.contains(&m)),
            GroupOutcome::Cumulative { .. } => false,
        })
    };
    let mut total = Decimal::ZERO;
    let mut provisional = false;
    for &m in members {
        let b = &benefits[m];
        match b.status {
            Status::Undetermined => provisional = true,
            Status::Ineligible => {}
            Status::Eligible if set_aside(m) => {}
            Status::Eligible => match b.amount.and_then(Amount::known) {
                Some(a) => total = total.checked_add(a).unwrap_or(total),
                None => provisional = true,
            },
        }
    }
    let cap = match cap {
        Some(Value::Num(c)) => Some(c),
        _ => {
            provisional = true;
            None
        }
    };
    let payable = cap.map(|c| total.min(c));
    GroupOutcome::Cumulative {
        total,
        cap,
        payable,
        provisional,
    }
}
