//! Fund pools (`资金总额`): after every record is decided, the pool's total is shared among the
//! claims — the payable amounts of its member subsidies — and each claim gets its allocation.
//!
//! Two passes: [`Pools::collect`] keeps a few numbers per claim (record, benefit, amount) while
//! the records are decided, never the rows; [`Pools::allocate`] shares each pool out
//! ([`share::pro_rata`]); [`Allocations::apply`] writes a record's allocations into its
//! decision before it is rendered. A claim is never changed: [`BenefitOutcome::pay`] stays what
//! the record claims, [`BenefitOutcome::allocated`] is what the pool pays it.
//!
//! [`BenefitOutcome::pay`]: crate::eval::BenefitOutcome::pay
//! [`BenefitOutcome::allocated`]: crate::eval::BenefitOutcome::allocated

mod pass;
pub mod share;

use rust_decimal::Decimal;

use crate::eval::expr::Ctx;
use crate::eval::outcome::{Due, Outcome, Pay, Status};
use crate::eval::plan::Plan;
use crate::eval::value::{Cell, Value};
use crate::span::Span;
use crate::syntax::ast::PoolRule;
pub use pass::{FirstPass, PoolTooLarge};
pub use share::{pro_rata, ranked, rounded_down, Claim, ShareOverflow, Shares};

/// The most records keeping a pool open that are named; the rest are counted.
pub const MAX_NAMED_OPEN: usize = 20;

/// A record that keeps a pool's allocation provisional: one of its member subsidies is
/// undetermined, awaits the officer's choice, or claims an amount not known yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenRecord {
    /// Its row in the input (the header is row 1).
    pub line: u64,
    /// Its key, when the record has one.
    pub key: Option<String>,
}

/// The claims on one pool, gathered while records are decided.
#[derive(Clone, Debug, Default)]
struct Gathered {
    claims: Vec<Claim>,
    /// A ranked pool: each claim's value of the pool's order (`None`: not known).
    keys: Vec<Option<Decimal>>,
    claimants: u64,
    open: u64,
    named_open: Vec<OpenRecord>,
}

/// Pass one: the claims on every pool.
#[derive(Clone, Debug)]
pub struct Pools {
    /// Per benefit: the pool that pays it.
    pool_of: Vec<Option<usize>>,
    /// Per pool: whether it is ranked (an unknown order value keeps it open).
    ranked: Vec<bool>,
    gathered: Vec<Gathered>,
}

/// Per benefit of `plan`, the pool that pays it.
fn pool_of(plan: &Plan) -> Vec<Option<usize>> {
    let mut out = vec![None; plan.benefits.len()];
    for (p, pool) in plan.pools.iter().enumerate() {
        for &b in &pool.members {
            if let Some(slot) = out.get_mut(b) {
                *slot = Some(p);
            }
        }
    }
    out
}

impl Pools {
    /// Nothing gathered yet.
    pub fn new(plan: &Plan) -> Self {
        Pools {
            pool_of: pool_of(plan),
            ranked: plan.pools.iter().map(|p| p.rank_by.is_some()).collect(),
            gathered: vec![Gathered::default(); plan.pools.len()],
        }
    }

    /// Keep the claims of record `record` (its place in the input, counting from 0; records
    /// must come in order) and whether it keeps a pool open. `ranks` holds, per pool, the
    /// record's value of a ranked pool's order (`None`: not ranked, or not known — an unknown
    /// value keeps a ranked pool open).
    pub fn collect(
        &mut self,
        record: u64,
        line: u64,
        key: Option<&str>,
        outcome: &Outcome,
        ranks: &[Option<Decimal>],
    ) {
        // The pools this record already counts as a claimant of, and as open.
        let (mut claims_on, mut opens): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
        for (b, o) in outcome.benefits.iter().enumerate() {
            let Some(Some(p)) = self.pool_of.get(b).copied() else {
                continue;
            };
            let Some(g) = self.gathered.get_mut(p) else {
                continue;
            };
            let open = match o.pay {
                Pay::Paid(a) => match a.known() {
                    Some(amount) if amount > Decimal::ZERO => {
                        let benefit = u32::try_from(b).unwrap_or(u32::MAX);
                        g.claims.push(Claim {
                            record,
                            benefit,
                            amount,
                        });
                        let rank = ranks.get(p).copied().flatten();
                        g.keys.push(rank);
                        if !claims_on.contains(&p) {
                            g.claimants += 1;
                            claims_on.push(p);
                        }
                        self.ranked.get(p).copied().unwrap_or(false) && rank.is_none()
                    }
                    Some(_) => false,
                    None => true,
                },
                Pay::Pending(_) => true,
                Pay::Not | Pay::SetAside(_) => o.status == Status::Undetermined,
            };
            if open && !opens.contains(&p) {
                opens.push(p);
                g.open += 1;
                if g.named_open.len() < MAX_NAMED_OPEN {
                    g.named_open.push(OpenRecord {
                        line,
                        key: key.map(str::to_string),
                    });
                }
            }
        }
    }

    /// Pass two's input: share every pool out.
    pub fn allocate(self, plan: &Plan) -> Result<Allocations, PoolOverflow> {
        let mut pools = Vec::with_capacity(self.gathered.len());
        let mut claims = Vec::with_capacity(self.gathered.len());
        for (p, g) in self.gathered.into_iter().enumerate() {
            let Some(pool) = plan.pools.get(p) else {
                continue;
            };
            let total = pool.total(&plan.params);
            let shares = match total {
                Some(t) => Some(
                    match pool.rule {
                        PoolRule::ProRata => pro_rata(t, &g.claims, pool.remainder),
                        PoolRule::Ranked { highest_first } => {
                            ranked(t, &g.claims, &g.keys, highest_first, pool.shortfall)
                        }
                    }
                    .map_err(|_| PoolOverflow { span: pool.span })?,
                ),
                None => None,
            };
            let claimed = match &shares {
                Some(s) => s.claimed,
                None => g
                    .claims
                    .iter()
                    .try_fold(Decimal::ZERO, |s, c| s.checked_add(c.amount))
                    .ok_or(PoolOverflow { span: pool.span })?,
            };
            pools.push(PoolResult {
                name: pool.name.clone(),
                total,
                claimed,
                claims: u64::try_from(g.claims.len()).unwrap_or(u64::MAX),
                claimants: g.claimants,
                allocated: shares.as_ref().map(|s| s.allocated),
                ratio: shares.as_ref().and_then(|s| s.ratio),
                cutoff: shares.as_ref().and_then(|s| s.cutoff),
                ranked: matches!(pool.rule, PoolRule::Ranked { .. }),
                unspent: shares.as_ref().map(|s| s.unspent),
                provisional: total.is_none() || g.open > 0,
                open: g.open,
                named_open: g.named_open,
            });
            let (shares, ranks) = match shares {
                Some(s) => (Some(s.shares), s.ranks),
                None => (None, Vec::new()),
            };
            claims.push(PoolClaims {
                claims: g.claims,
                shares,
                ranks,
            });
        }
        Ok(Allocations {
            pool_of: self.pool_of,
            pools,
            claims,
        })
    }
}

/// Per pool of `plan`, a record's value of a ranked pool's order (`按 x 从高到低 择优`), into
/// `out`: `None` for a pro rata pool, or when the value is not known for this record.
pub fn rank_values(plan: &Plan, cells: &[Cell], out: &mut Vec<Option<Decimal>>) {
    out.clear();
    out.extend(plan.pools.iter().map(|p| {
        let node = p.rank_by.as_ref()?;
        match Ctx::new(plan, cells).value(node) {
            Value::Num(d) => Some(d),
            _ => None,
        }
    }));
}

/// A pool whose claims add up past what the arithmetic can hold: the run fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolOverflow {
    /// The pool's keyword and name.
    pub span: Span,
}

/// One pool, shared out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolResult {
    /// Its name.
    pub name: String,
    /// Its total; `None` while `待定`.
    pub total: Option<Decimal>,
    /// The sum of the known claims.
    pub claimed: Decimal,
    /// How many claims (subsidies of records, above zero).
    pub claims: u64,
    /// How many records claim.
    pub claimants: u64,
    /// The sum of the allocations; `None` while the total is `待定`.
    pub allocated: Option<Decimal>,
    /// Total ÷ claims when a pro rata pool is oversubscribed (rounded toward zero to 10
    /// places, for display).
    pub ratio: Option<Decimal>,
    /// A ranked pool, oversubscribed: the rank of the first claim not paid in full.
    pub cutoff: Option<u64>,
    /// Whether the pool is ranked (`择优`) rather than pro rata.
    pub ranked: bool,
    /// The total less what is allocated; `None` while the total is `待定`.
    pub unspent: Option<Decimal>,
    /// The allocation may change: the total is `待定`, or some records keep the pool open.
    pub provisional: bool,
    /// How many records keep the pool open.
    pub open: u64,
    /// The first [`MAX_NAMED_OPEN`] of them.
    pub named_open: Vec<OpenRecord>,
}

impl PoolResult {
    /// Whether the claims exceed the total.
    pub fn oversubscribed(&self) -> bool {
        self.ratio.is_some() || self.cutoff.is_some()
    }
}

/// One pool's claims and what each is allocated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PoolClaims {
    /// The claims, in input order.
    pub claims: Vec<Claim>,
    /// Each claim's allocation, in the same order; `None` while the total is `待定`.
    pub shares: Option<Vec<Decimal>>,
    /// A ranked pool: each claim's rank, in the same order (empty otherwise).
    pub ranks: Vec<u64>,
}

impl PoolClaims {
    /// The rank of benefit `benefit` of record `record` in a ranked pool: `None` when it has no
    /// claim or the pool is not ranked (or its total is `待定`).
    pub fn rank_of(&self, record: u64, benefit: usize) -> Option<u64> {
        let i = self.index_of(record, benefit)?;
        self.ranks.get(i).copied()
    }

    /// Where the claim of benefit `benefit` of record `record` sits in [`PoolClaims::claims`].
    fn index_of(&self, record: u64, benefit: usize) -> Option<usize> {
        let start = self.claims.partition_point(|c| c.record < record);
        Some(
            self.claims
                .get(start..)?
                .iter()
                .take_while(|c| c.record == record)
                .position(|c| usize::try_from(c.benefit).is_ok_and(|x| x == benefit))?
                + start,
        )
    }

    /// The allocation of benefit `benefit` of record `record`: `None` when it has no claim.
    pub fn share_of(&self, record: u64, benefit: usize) -> Option<Due> {
        let start = self.claims.partition_point(|c| c.record < record);
        let i = self
            .claims
            .get(start..)?
            .iter()
            .take_while(|c| c.record == record)
            .position(|c| usize::try_from(c.benefit).is_ok_and(|x| x == benefit))?
            + start;
        Some(match &self.shares {
            Some(s) => s.get(i).map_or(Due::Unknown, |x| Due::Known(*x)),
            None => Due::Unknown,
        })
    }
}

/// What a record is paid after the pools: each paid subsidy's allocation, or its payable amount
/// when it is in no pool; unknown while any of them is.
fn record_total(outcome: &Outcome) -> Due {
    if outcome.payable.is_none() {
        return Due::Unknown;
    }
    let mut sum = Decimal::ZERO;
    for b in &outcome.benefits {
        let part = match (b.allocated, b.pay) {
            (Due::Known(a), _) => a,
            (Due::Unknown, _) => return Due::Unknown,
            (Due::None, pay) => match pay.payable() {
                Some(a) => a,
                None if pay.paid().is_some() => return Due::Unknown,
                None => continue,
            },
        };
        match sum.checked_add(part) {
            Some(s) => sum = s,
            None => return Due::Unknown,
        }
    }
    Due::Known(sum)
}

/// Every pool shared out: pass two writes each record's allocations into its decision.
#[derive(Clone, Debug, Default)]
pub struct Allocations {
    pool_of: Vec<Option<usize>>,
    /// Per pool of the plan, in policy order: its sums.
    pub pools: Vec<PoolResult>,
    /// Per pool: its claims and their allocations.
    pub claims: Vec<PoolClaims>,
}

impl Allocations {
    /// Write what the pools allocate to record `record` (its place in the input, as given to
    /// [`Pools::collect`]) into its decision.
    pub fn apply(&self, record: u64, outcome: &mut Outcome) {
        for (b, o) in outcome.benefits.iter_mut().enumerate() {
            let Some(Some(p)) = self.pool_of.get(b).copied() else {
                continue;
            };
            let Some(pool) = self.claims.get(p) else {
                continue;
            };
            o.allocated = match o.pay {
                Pay::Paid(a) => match a.known() {
                    Some(_) => pool
                        .share_of(record, b)
                        .unwrap_or(Due::Known(Decimal::ZERO)),
                    None => Due::Unknown,
                },
                _ => Due::None,
            };
        }
        outcome.allocated = record_total(outcome);
    }

    /// The pool that pays benefit `b`, shared out.
    pub fn pool_of(&self, b: usize) -> Option<(usize, &PoolResult)> {
        let p = self.pool_of.get(b).copied().flatten()?;
        Some((p, self.pools.get(p)?))
    }
}
