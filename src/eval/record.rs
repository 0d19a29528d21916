//! Evaluating one record: every benefit, then every group.

use rust_decimal::Decimal;

use super::amount::{amount, installments, Amount};
use super::decision::{self, Pay, Verdict};
use super::expr::{Ctx, Tracer};
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
    /// The installments of a paid subsidy, in the benefit's order: the split of its payable
    /// amount (after every cap); each `None` while that amount is unknown (a cap from a blank
    /// cell, a range, `待定`). Empty for a benefit not paid: nothing not paid is split.
    pub installments: Vec<Option<Decimal>>,
    /// What is paid of it once every group has been applied.
    pub pay: Pay,
    /// The cumulative cap (a group index) that reduced what is paid, if one did.
    pub capped_by: Option<usize>,
}

impl Default for BenefitOutcome {
    /// Not yet evaluated: ineligible, nothing else.
    fn default() -> Self {
        BenefitOutcome {
            status: Status::Ineligible,
            reason: None,
            amount: None,
            installments: Vec::new(),
            pay: Pay::Not,
            capped_by: None,
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
        /// Eligible members not paid because of the group: those not awarded, or, while the
        /// officer chooses under take-highest, those that could not win.
        set_aside: Vec<usize>,
    },
    /// `累计上限`.
    Cumulative {
        /// Known amounts of the members that are paid, before the cap.
        total: Decimal,
        /// The cap, when known.
        cap: Option<Decimal>,
        /// What is paid in all: the members' payable amounts, `min(total, cap)`; unknown while
        /// the cap is.
        payable: Option<Decimal>,
        /// A member's amount or the cap is not known yet.
        provisional: bool,
    },
}

/// Everything decided for one record: the record's decision, which every view renders.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Per benefit, in policy order.
    pub benefits: Vec<BenefitOutcome>,
    /// Per group, in policy order.
    pub groups: Vec<GroupOutcome>,
    /// Where arithmetic overflowed, if it did (an error on this record).
    pub overflow: Option<Span>,
    /// The index of the group whose decision is the record's award: the first exclusive one.
    pub award_group: Option<usize>,
    /// Paid, pending or nothing, whatever groups the policy has.
    pub verdict: Verdict,
    /// The record is provisional: completing its data or settling a `待定` could change what it
    /// is paid — some subsidy is undetermined, or some group is provisional (an exclusive group
    /// with an undetermined member; a cumulative cap unknown, or with a paid member whose amount
    /// is not known). Defined here once: the table's （暂定） mark and every count read it.
    pub provisional: bool,
    /// Per installment period of [`Plan::periods`]: the installments paid in it.
    pub periods: Vec<PeriodPay>,
    /// What the record is paid in all: the sum of every paid subsidy's payable amount; `None`
    /// while any of them is unknown, while the officer must still choose, or when the sum
    /// overflows (then an error on the record). Zero when nothing is paid.
    pub payable: Option<Decimal>,
}

/// The installments a record is paid in one period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PeriodPay {
    /// The sum of the known installments.
    pub known: Decimal,
    /// How many installments fall in the period, known or not.
    pub parts: u32,
    /// How many of them are unknown (the payable amount they split is unknown).
    pub unknown: u32,
}

/// A figure a view shows: nothing to show, a known amount, or an amount not known yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Due {
    /// Nothing falls here (blank, not `0.00`).
    #[default]
    None,
    /// A known amount.
    Known(Decimal),
    /// An amount not known yet (`待定`).
    Unknown,
}

impl PeriodPay {
    /// What the record is paid in the period: nothing when no installment falls in it, unknown
    /// when any of them is unknown, else the sum.
    pub fn due(&self) -> Due {
        if self.parts == 0 {
            Due::None
        } else if self.unknown > 0 {
            Due::Unknown
        } else {
            Due::Known(self.known)
        }
    }
}

/// The record's award: the decision of the policy's first exclusive group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AwardView<'a> {
    /// The decision.
    pub award: &'a Award,
    /// It may change when data is completed.
    pub provisional: bool,
    /// Eligible members not paid because of the group.
    pub set_aside: &'a [usize],
}

/// The record's decision, by its usual name in the documentation.
pub type Decision = Outcome;

impl Outcome {
    /// The record's award: the decision of the policy's first exclusive group.
    pub fn award(&self) -> Option<AwardView<'_>> {
        match self.groups.get(self.award_group?)? {
            GroupOutcome::Exclusive {
                award,
                provisional,
                set_aside,
            } => Some(AwardView {
                award,
                provisional: *provisional,
                set_aside,
            }),
            GroupOutcome::Cumulative { .. } => None,
        }
    }

    /// What is paid of benefit `b`.
    pub fn pay(&self, b: usize) -> Pay {
        self.benefits.get(b).map_or(Pay::Not, |o| o.pay)
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
            GroupPlanKind::Cumulative { cap } => {
                let cap = cap.as_ref().map(|c| ctx.value(c));
                match decision::cumulative(gi, &g.members, &mut out.benefits, cap) {
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
    out.periods.clear();
    out.periods
        .resize(plan.period_count(), PeriodPay::default());
    for (b, slot) in plan.benefits.iter().zip(&out.benefits) {
        for ((label, _), part) in b.installments.iter().zip(&slot.installments) {
            let Some(period) = plan.period_of(label).and_then(|i| out.periods.get_mut(i)) else {
                continue;
            };
            period.parts = period.parts.saturating_add(1);
            match part.map(|p| period.known.checked_add(p)) {
                Some(Some(s)) => period.known = s,
                Some(None) => {
                    ctx.overflowed(b.span);
                    period.unknown = period.unknown.saturating_add(1);
                }
                None => period.unknown = period.unknown.saturating_add(1),
            }
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
