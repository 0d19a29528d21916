//! What evaluating one record decides: per benefit its status, amount and pay, per group what
//! it did, and the record's verdict. The evaluator ([`super::record`]) fills it in and
//! [`super::decision`] settles the pay; every view renders it.

use rust_decimal::Decimal;

use super::truth::Reason;
use super::value::Amount;
use crate::span::Span;

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
    /// The installments of a paid subsidy, in the benefit's order: the split of what is paid of
    /// it ([`BenefitOutcome::paid`]) — its payable amount (after every cap), or for a subsidy
    /// paid from a fund pool its allocation, split again when the pools are shared out; each
    /// `None` while that amount is unknown (a cap from a blank cell, a range, `待定`, an
    /// allocation not known yet). Empty for a benefit not paid: nothing not paid is split.
    pub installments: Vec<Option<Decimal>>,
    /// What is paid of it once every group has been applied.
    pub pay: Pay,
    /// The cumulative cap (a group index) that reduced what is paid, if one did.
    pub capped_by: Option<usize>,
    /// What its fund pool (`资金总额`) allocates to it once every record is decided: nothing
    /// for a benefit in no pool or not paid (and before the pools are allocated), unknown while
    /// its claim or the pool's total is. Its payable amount ([`BenefitOutcome::pay`]) stays the
    /// claim.
    pub allocated: Due,
}

impl BenefitOutcome {
    /// What is paid of this benefit, the one answer every view renders: nothing (`Due::None`)
    /// for a benefit not paid (not eligible, undetermined, a service, set aside or awaiting the
    /// officer's choice); for a subsidy paid from a fund pool, its allocation once the pools are
    /// shared out (never its claim); for any other paid subsidy, its payable amount (unknown
    /// while it is not known).
    pub fn paid(&self) -> Due {
        match self.pay {
            Pay::Paid(_) if self.allocated != Due::None => self.allocated,
            Pay::Paid(a) => a.known().map_or(Due::Unknown, Due::Known),
            _ => Due::None,
        }
    }

    /// Whether this benefit is paid something: a paid subsidy, unless its fund pool allocated
    /// it nothing (a ranked claim past the cut-off or cut by a quota, or a share of `0.00`),
    /// which is **eligible, nothing allocated** ([`Verdict::Unfunded`]).
    pub fn funded(&self) -> bool {
        matches!(self.pay, Pay::Paid(_)) && self.allocated != Due::Known(Decimal::ZERO)
    }
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
            allocated: Due::None,
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
    /// Per installment period of [`Plan::periods`](super::plan::Plan::periods): the installments
    /// paid in it (of the allocations, for subsidies paid from fund pools).
    pub periods: Vec<PeriodPay>,
    /// What the record is paid in all: the sum of every paid subsidy's payable amount; `None`
    /// while any of them is unknown, while the officer must still choose, or when the sum
    /// overflows (then an error on the record). Zero when nothing is paid.
    pub payable: Option<Decimal>,
    /// What the record is paid once the fund pools are shared out: every paid subsidy's
    /// allocation when it is in a pool, its payable amount when not. Nothing (`Due::None`) for
    /// a policy without pools or before they are allocated; unknown while any part is.
    pub allocated: Due,
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

    /// What the record is paid in all, the one answer every view renders: once the fund pools
    /// are shared out, every paid subsidy's allocation when it is in a pool and its payable
    /// amount when not ([`Outcome::allocated`]); for a policy without pools, its payable amount
    /// ([`Outcome::payable`]). Unknown while any part is, or while the officer must choose.
    pub fn paid(&self) -> Due {
        match self.allocated {
            Due::None => self.payable.map_or(Due::Unknown, Due::Known),
            other => other,
        }
    }

    /// What is paid of benefit `b` ([`BenefitOutcome::paid`]).
    pub fn paid_of(&self, b: usize) -> Due {
        self.benefits.get(b).map_or(Due::None, BenefitOutcome::paid)
    }

    /// Add up every benefit's installments into [`Outcome::periods`] (`count` periods):
    /// `period_of(b, i)` is the period of benefit `b`'s installment `i`. Returns the first
    /// benefit whose addition overflowed (its installment is then counted as unknown).
    pub(crate) fn sum_periods(
        &mut self,
        count: usize,
        period_of: impl Fn(usize, usize) -> Option<usize>,
    ) -> Option<usize> {
        let mut overflow = None;
        self.periods.clear();
        self.periods.resize(count, PeriodPay::default());
        for (b, slot) in self.benefits.iter().enumerate() {
            for (i, part) in slot.installments.iter().enumerate() {
                let Some(period) = period_of(b, i).and_then(|p| self.periods.get_mut(p)) else {
                    continue;
                };
                period.parts = period.parts.saturating_add(1);
                match part.map(|p| period.known.checked_add(p)) {
                    Some(Some(s)) => period.known = s,
                    Some(None) => {
                        overflow.get_or_insert(b);
                        period.unknown = period.unknown.saturating_add(1);
                    }
                    None => period.unknown = period.unknown.saturating_add(1),
                }
            }
        }
        overflow
    }

    /// What is paid of benefit `b`.
    pub fn pay(&self, b: usize) -> Pay {
        self.benefits.get(b).map_or(Pay::Not, |o| o.pay)
    }
}

/// What is paid of one benefit once every group has been applied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pay {
    /// Nothing: ineligible, undetermined, or a service.
    #[default]
    Not,
    /// Eligible, but set aside by the exclusive group with this index.
    SetAside(usize),
    /// Eligible, and a candidate of the officer's choice in the exclusive group with this index.
    Pending(usize),
    /// Paid: a known amount (after every cap), a range, or an amount still open.
    Paid(Amount),
}

impl Pay {
    /// The amount paid, if the benefit is paid.
    pub fn paid(self) -> Option<Amount> {
        match self {
            Pay::Paid(a) => Some(a),
            _ => None,
        }
    }

    /// The known amount paid, if the benefit is paid a known amount.
    pub fn known(self) -> Option<Decimal> {
        self.paid().and_then(Amount::known)
    }

    /// The amount payable, when it is settled: a paid known amount, or zero for a subsidy an
    /// exclusive group set aside. `None` for a benefit not eligible, undetermined or awaiting
    /// the officer's choice, and for one paid an amount not known yet.
    pub fn payable(self) -> Option<Decimal> {
        match self {
            Pay::SetAside(_) => Some(Decimal::ZERO),
            other => other.known(),
        }
    }
}

/// The record as a whole.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Verdict {
    /// No subsidy is paid and no choice is pending.
    #[default]
    None,
    /// At least one subsidy is paid and no choice is pending.
    Paid,
    /// The officer must choose in an exclusive group.
    Pending,
    /// **Eligible, nothing allocated**: subsidies are paid and no choice is pending, but every
    /// one of them is paid from a fund pool that allocated it nothing (ranked past the cut-off,
    /// cut by a quota, or a share of `0.00`). Set when the pools are shared out; counted apart
    /// from the records paid.
    Unfunded,
}

impl Verdict {
    /// The jsonl spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::None => "none",
            Verdict::Paid => "paid",
            Verdict::Pending => "pending",
            Verdict::Unfunded => "unfunded",
        }
    }
}
