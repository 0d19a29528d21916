//! Installments of what a fund pool pays: a pooled subsidy's installments split its
//! allocation, not its claim. The evaluator splits the claim while the record is decided (the
//! allocation is not known yet); [`Splits::apply`] splits the allocation again, with the same
//! rule ([`crate::eval::amount::installments`]: each part rounded to the fen, the last taking
//! what is left), when the pools are shared out, and adds up the periods again.

use rust_decimal::Decimal;

use crate::eval::amount::installments;
use crate::eval::outcome::{Due, Outcome};
use crate::eval::plan::Plan;
use crate::span::Span;

/// What splitting an allocation needs from the plan, kept with the allocations.
#[derive(Clone, Debug, Default)]
pub(super) struct Splits {
    /// Per benefit paid from a pool: its installments (label and share); empty for any other.
    shares: Vec<Vec<(String, Decimal)>>,
    /// Per benefit: the period of each of its installments.
    periods: Vec<Vec<Option<usize>>>,
    /// How many periods the plan names.
    count: usize,
    /// Per benefit: its keyword and name, named when a split overflows.
    spans: Vec<Span>,
}

impl Splits {
    /// The installments of `plan`'s benefits, for those paid from a pool (`pool_of`).
    pub(super) fn new(plan: &Plan, pool_of: &[Option<usize>]) -> Self {
        let pooled = |b: usize| pool_of.get(b).copied().flatten().is_some();
        Splits {
            shares: plan
                .benefits
                .iter()
                .enumerate()
                .map(|(b, p)| {
                    if pooled(b) {
                        p.installments.clone()
                    } else {
                        Vec::new()
                    }
                })
                .collect(),
            periods: plan
                .benefits
                .iter()
                .map(|p| {
                    p.installments
                        .iter()
                        .map(|(label, _)| plan.period_of(label))
                        .collect()
                })
                .collect(),
            count: plan.period_count(),
            spans: plan.benefits.iter().map(|p| p.span).collect(),
        }
    }

    /// Where benefit `b` is declared: a record's arithmetic overflow in it is reported there.
    pub(super) fn span(&self, b: usize) -> Option<Span> {
        self.spans.get(b).copied()
    }

    /// Split each pooled subsidy's allocation into its installments (unknown while the
    /// allocation is), then add up the record's periods again. A record with no pooled
    /// installments is left as it is.
    pub(super) fn apply(&self, outcome: &mut Outcome) {
        let mut split = Vec::new();
        let mut changed = false;
        let mut overflow = None;
        for (b, o) in outcome.benefits.iter_mut().enumerate() {
            let Some(shares) = self.shares.get(b).filter(|s| !s.is_empty()) else {
                continue;
            };
            if o.installments.is_empty() {
                // Not paid: nothing is split.
                continue;
            }
            changed = true;
            o.installments.clear();
            match o.allocated {
                Due::Known(total) => {
                    split.clear();
                    if installments(total, shares, &mut split).is_some() {
                        o.installments.extend(split.iter().copied().map(Some));
                    } else {
                        overflow.get_or_insert(b);
                        o.installments.extend(shares.iter().map(|_| None));
                    }
                }
                Due::Unknown | Due::None => o.installments.extend(shares.iter().map(|_| None)),
            }
        }
        if !changed {
            return;
        }
        let periods = &self.periods;
        let period_of = |b: usize, i: usize| periods.get(b)?.get(i).copied().flatten();
        if let Some(b) = outcome.sum_periods(self.count, period_of) {
            overflow.get_or_insert(b);
        }
        if let Some(span) = overflow.and_then(|b| self.spans.get(b)) {
            outcome.overflow.get_or_insert(*span);
        }
    }
}
