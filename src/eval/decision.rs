//! The record's decision: what every group does to the benefits, and what is paid.
//!
//! The evaluator computes each benefit's status and amount (`record.rs`); this module then
//! applies the groups in policy order and settles, per benefit, the amount payable — the one
//! answer every view renders. No view works out "what is paid" on its own.
//!
//! - `不可兼得`: at most one member is paid. Taking the highest with every amount known, the
//!   largest wins (ties to the earlier member); otherwise the officer chooses among the members
//!   that could still win — under take-highest, a member whose known amount is below another's
//!   known amount (or equal to an earlier one's) is set aside, not offered.
//! - `累计上限`: the members paid are counted in the order the group lists them; each is paid
//!   what is left under the cap, so the cap reduces the later members first. The group may say
//!   otherwise (`核减 从大到小`: counted from the smallest known amount up, so the largest is
//!   reduced first; `核减 从小到大`: from the largest down); equal amounts keep the listed order,
//!   so the later listed is reduced first. A member whose
//!   amount is a range or `待定` is paid as it stands and makes the group provisional. While the
//!   cap is unknown (a blank field), what its members are paid is unknown too.

use rust_decimal::Decimal;

use super::outcome::{Award, BenefitOutcome, GroupOutcome, Outcome, Status};
pub use super::outcome::{Pay, Verdict};
use super::plan::Plan;
use super::truth::Reason;
use super::value::{Amount, Value};
use crate::span::Span;
use crate::syntax::ast::{BenefitKind, CapOrder};

/// The pay of each benefit before any group: an eligible subsidy is paid its amount (a subsidy
/// without an amount is paid an amount still open).
pub(super) fn initial_pay(plan: &Plan, benefits: &mut [BenefitOutcome]) {
    for (p, b) in plan.benefits.iter().zip(benefits.iter_mut()) {
        b.capped_by = None;
        b.allocated = super::outcome::Due::None;
        b.pay = match (p.kind, b.status) {
            (BenefitKind::Subsidy, Status::Eligible) => {
                Pay::Paid(b.amount.unwrap_or(Amount::Open(Reason::Tbd(None))))
            }
            _ => Pay::Not,
        };
    }
}

/// `不可兼得` (group `g`): among the eligible members — none: no award; one: that one; several
/// with every amount known: the largest (ties to the earlier member) when taking the highest;
/// otherwise the officer chooses among those that could still win (pending).
pub(super) fn exclusive(
    g: usize,
    members: &[usize],
    benefits: &mut [BenefitOutcome],
    highest: bool,
) -> GroupOutcome {
    // One pass without allocating: the Vecs of the outcome are built only when they are not
    // empty (a pending award, or members set aside).
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
    let is_eligible = |m: usize| benefits[m].status == Status::Eligible;
    // Under take-highest, a member with a known amount that is not the best known one cannot win.
    let could_win = |m: usize| {
        !highest
            || match (benefits[m].amount.and_then(Amount::known), best) {
                (Some(_), Some((top, _))) => m == top,
                _ => true,
            }
    };
    let award = match (eligible, first, best) {
        (0, _, _) | (_, None, _) => Award::None,
        (1, Some(only), _) => Award::Awarded(only),
        (_, _, Some((top, _))) if highest && all_known => Award::Awarded(top),
        _ => Award::Pending(
            members
                .iter()
                .copied()
                .filter(|&m| is_eligible(m) && could_win(m))
                .collect(),
        ),
    };
    let set_aside: Vec<usize> = match &award {
        Award::Awarded(chosen) if eligible > 1 => members
            .iter()
            .copied()
            .filter(|&m| is_eligible(m) && m != *chosen)
            .collect(),
        Award::Pending(_) if highest => members
            .iter()
            .copied()
            .filter(|&m| is_eligible(m) && !could_win(m))
            .collect(),
        _ => Vec::new(),
    };
    for &m in &set_aside {
        if matches!(benefits[m].pay, Pay::Paid(_) | Pay::Pending(_)) {
            benefits[m].pay = Pay::SetAside(g);
        }
    }
    if let Award::Pending(candidates) = &award {
        for &m in candidates {
            if matches!(benefits[m].pay, Pay::Paid(_)) {
                benefits[m].pay = Pay::Pending(g);
            }
        }
    }
    GroupOutcome::Exclusive {
        award,
        provisional,
        set_aside,
    }
}

/// `累计上限` (group `g`): the members paid, in the order `order` says (by default the group's
/// order), each paid at most what is left under the cap. `None` when a sum overflows (an error
/// on the record).
pub(super) fn cumulative(
    g: usize,
    members: &[usize],
    benefits: &mut [BenefitOutcome],
    cap: Option<Value<'_>>,
    order: CapOrder,
) -> Option<GroupOutcome> {
    let sorted;
    let members = match order {
        CapOrder::LastFirst => members,
        CapOrder::LargestFirst | CapOrder::SmallestFirst => {
            let mut list = members.to_vec();
            // Members without a known amount do not take from the cap: where they stand does not
            // matter. A stable sort keeps the listed order between equal amounts.
            let key = |m: &usize| benefits[*m].pay.known().unwrap_or(Decimal::ZERO);
            if order == CapOrder::LargestFirst {
                list.sort_by_key(key);
            } else {
                list.sort_by_key(|m| std::cmp::Reverse(key(m)));
            }
            sorted = list;
            &sorted[..]
        }
    };
    // While the cap is unknown, so is what its members are paid: a known amount becomes open,
    // with the cap's reason.
    let (cap, unknown) = match cap {
        Some(Value::Num(c)) => (Some(c), None),
        Some(Value::Unknown(r)) => (None, Some(r)),
        Some(Value::Absent(slot)) => (None, Some(Reason::Blank(slot))),
        _ => (None, Some(Reason::Tbd(None))),
    };
    let mut provisional = cap.is_none();
    let mut total = Decimal::ZERO;
    let mut paid = Decimal::ZERO;
    for &m in members {
        let b = &mut benefits[m];
        if b.status == Status::Undetermined {
            provisional = true;
        }
        match b.pay {
            Pay::Paid(Amount::Known(a)) => {
                total = total.checked_add(a)?;
                let payable = match cap {
                    Some(c) => {
                        let left = c.checked_sub(paid)?.max(Decimal::ZERO);
                        a.min(left)
                    }
                    None => a,
                };
                if let Some(reason) = unknown {
                    b.pay = Pay::Paid(Amount::Open(reason));
                } else if payable != a {
                    b.pay = Pay::Paid(Amount::Known(payable));
                    b.capped_by = Some(g);
                }
                paid = paid.checked_add(payable)?;
            }
            Pay::Paid(_) => provisional = true,
            _ => {}
        }
    }
    Some(GroupOutcome::Cumulative {
        total,
        cap,
        payable: cap.map(|_| paid),
        provisional,
    })
}

/// What the record is paid in all: the sum of every paid subsidy's payable amount, in checked
/// arithmetic. `Ok(None)` while any paid amount is unknown or a choice is pending; `Err` with
/// the span of the benefit whose addition overflowed (the known amounts are added even when
/// the total is unknown, so an overflow is never hidden).
pub(super) fn payable(plan: &Plan, benefits: &[BenefitOutcome]) -> Result<Option<Decimal>, Span> {
    let mut sum = Decimal::ZERO;
    let mut known = true;
    for (p, b) in plan.benefits.iter().zip(benefits) {
        match b.pay {
            Pay::Pending(_) => known = false,
            Pay::Paid(paid) => match paid.known() {
                Some(a) => sum = sum.checked_add(a).ok_or(p.span)?,
                None => known = false,
            },
            Pay::Not | Pay::SetAside(_) => {}
        }
    }
    Ok(known.then_some(sum))
}

/// The record's verdict and whether it is provisional: pending if any exclusive group awaits a
/// choice, else paid if any subsidy is paid; provisional if any group is, or, for a subsidy in
/// no exclusive group, if it is undetermined.
pub(super) fn verdict(plan: &Plan, out: &Outcome) -> (Verdict, bool) {
    let mut verdict = Verdict::None;
    for b in &out.benefits {
        match b.pay {
            Pay::Pending(_) => return (Verdict::Pending, provisional(plan, out)),
            Pay::Paid(_) => verdict = Verdict::Paid,
            _ => {}
        }
    }
    (verdict, provisional(plan, out))
}

fn provisional(plan: &Plan, out: &Outcome) -> bool {
    let groups = out.groups.iter().any(|g| match g {
        GroupOutcome::Exclusive { provisional, .. } => *provisional,
        GroupOutcome::Cumulative { provisional, .. } => *provisional,
    });
    groups
        || plan.benefits.iter().enumerate().any(|(i, p)| {
            p.kind == BenefitKind::Subsidy
                && out.benefits[i].status == Status::Undetermined
                && !plan.groups.iter().any(|g| {
                    matches!(g.kind, super::plan::GroupPlanKind::Exclusive { .. })
                        && g.members.contains(&i)
                })
        })
}
