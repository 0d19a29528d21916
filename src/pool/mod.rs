//! Fund pools (`资金总额`): after every record is decided, the pool's total is shared among the
//! claims — the payable amounts of its member subsidies — and each claim gets its allocation.
//!
//! Two passes: [`Pools::collect`] keeps a few numbers per claim (record, benefit, amount) while
//! the records are decided, never the rows; [`Pools::allocate`] shares each pool out
//! ([`share::pro_rata`]); [`Allocations::apply`] writes a record's allocations into its
//! decision before it is rendered. A claim is never changed: [`BenefitOutcome::pay`] stays what
//! the record claims, [`BenefitOutcome::allocated`] is what the pool pays it. The one exception
//! is a subsidy paid `按名次` from a pool with amounts by rank ([`rank`]): it claims zero while
//! records are decided, and `apply` makes the amount of its rank its amount, pay and allocation.
//!
//! [`BenefitOutcome::pay`]: crate::eval::BenefitOutcome::pay
//! [`BenefitOutcome::allocated`]: crate::eval::BenefitOutcome::allocated

mod pass;
pub mod rank;
pub mod share;
mod split;

use rust_decimal::Decimal;

use crate::eval::expr::Ctx;
use crate::eval::outcome::{Due, Outcome, Pay, Status, Verdict};
use crate::eval::plan::Plan;
use crate::eval::truth::Reason;
use crate::eval::value::{Amount, Cell, Value};
use crate::span::Span;
use crate::syntax::ast::PoolRule;
pub use pass::{FirstPass, PoolTooLarge};
pub use share::{pro_rata, ranked, ranked_by, rounded_down, Claim, Ranking, ShareOverflow, Shares};

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
    /// A ranked pool: each claim's values of the pool's order and tie-breakers, one after the
    /// other (`None`: not known).
    keys: Vec<Option<Decimal>>,
    /// A ranked pool with a quota per area: each claim's area, interned (`None`: not known).
    areas: Vec<Option<u32>>,
    /// The areas' values, by id.
    area_names: Vec<String>,
    /// A pool with amounts by rank: per claim, why its rank is not known (its order value or
    /// area is not), when it is not.
    why: Vec<Option<Reason>>,
    /// Each area's id.
    area_ids: std::collections::HashMap<String, u32>,
    claimants: u64,
    open: u64,
    named_open: Vec<OpenRecord>,
}

/// Pass one: the claims on every pool.
#[derive(Clone, Debug)]
pub struct Pools {
    /// Per benefit: the pool that pays it.
    pool_of: Vec<Option<usize>>,
    /// Per pool: how many order values a claim has (the order and each tie-breaker; 0 for a
    /// pro rata pool): an unknown one keeps it open.
    width: Vec<usize>,
    /// Per pool: whether it has a quota per area (an unknown area keeps it open).
    per_area: Vec<bool>,
    /// Per pool: whether it pays amounts by rank (a claim of zero counts: its amount is the
    /// rank's).
    by_rank: Vec<bool>,
    gathered: Vec<Gathered>,
}

/// How many order values a claim on `pool` has: its order and each tie-breaker (0 when it is
/// not ranked).
fn width(pool: &crate::eval::plan::PoolPlan) -> usize {
    if pool.rank_by.is_some() {
        1 + pool.ties.len()
    } else {
        0
    }
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
            width: plan.pools.iter().map(width).collect(),
            per_area: plan.pools.iter().map(|p| p.quota_per.is_some()).collect(),
            by_rank: plan.pools.iter().map(|p| p.by_rank()).collect(),
            gathered: vec![Gathered::default(); plan.pools.len()],
        }
    }

    /// Keep the claims of record `record` (its place in the input, counting from 0; records
    /// must come in order) and whether it keeps a pool open. `ranks` holds the record's values
    /// of the ranked pools' orders, tie-breakers and areas ([`rank_values`]): an unknown one
    /// keeps a ranked pool open.
    pub fn collect(
        &mut self,
        record: u64,
        line: u64,
        key: Option<&str>,
        outcome: &Outcome,
        ranks: &RankValues,
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
            let by_rank = self.by_rank.get(p).copied().unwrap_or(false);
            let open = match o.pay {
                Pay::Paid(a) => match a.known() {
                    Some(amount) if amount > Decimal::ZERO || by_rank => {
                        let benefit = u32::try_from(b).unwrap_or(u32::MAX);
                        g.claims.push(Claim {
                            record,
                            benefit,
                            amount,
                        });
                        let keys = ranks.keys(p);
                        let width = self.width.get(p).copied().unwrap_or(0);
                        let unknown_key =
                            (0..width).any(|k| keys.get(k).copied().flatten().is_none());
                        g.keys
                            .extend((0..width).map(|k| keys.get(k).copied().flatten()));
                        let per_area = self.per_area.get(p).copied().unwrap_or(false);
                        let mut unknown_area = false;
                        if per_area {
                            let area = ranks.area(p).map(|a| g.intern(a));
                            unknown_area = area.is_none();
                            g.areas.push(area);
                        }
                        if by_rank {
                            g.why.push(ranks.why(p));
                        }
                        if !claims_on.contains(&p) {
                            g.claimants += 1;
                            claims_on.push(p);
                        }
                        unknown_key || unknown_area
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
            let mut directions = Vec::with_capacity(1 + pool.ties.len());
            if let PoolRule::Ranked { highest_first } = pool.rule {
                directions.push(highest_first);
                directions.extend(pool.ties.iter().map(|(_, h)| *h));
            }
            let how = Ranking {
                keys: &g.keys,
                directions: &directions,
                quota: pool.quota,
                quota_per: pool.quota_per.as_ref().map(|q| q.count),
                areas: &g.areas,
            };
            let shares = match (total, pool.capped()) {
                (Some(_), _) | (None, false) => Some(
                    match pool.rule {
                        PoolRule::ProRata => {
                            pro_rata(total.unwrap_or_default(), &g.claims, pool.remainder)
                        }
                        PoolRule::Ranked { .. } => {
                            ranked_by(total, &g.claims, &how, pool.shortfall)
                        }
                    }
                    .map_err(|_| PoolOverflow { span: pool.span })?,
                ),
                (None, true) => None,
            };
            let claimed = match &shares {
                Some(s) => s.claimed,
                None => g
                    .claims
                    .iter()
                    .try_fold(Decimal::ZERO, |s, c| s.checked_add(c.amount))
                    .ok_or(PoolOverflow { span: pool.span })?,
            };
            // The quotas do not depend on the money: with the total still `待定`, they are
            // worked out all the same (every allocation stays unknown).
            let quota_only = match (&shares, pool.has_quota()) {
                (None, true) => Some(
                    ranked_by(None, &g.claims, &how, pool.shortfall)
                        .map_err(|_| PoolOverflow { span: pool.span })?,
                ),
                _ => None,
            };
            let quota_walk = shares.as_ref().or(quota_only.as_ref());
            let rank_pay = match (&shares, pool.by_rank()) {
                (Some(s), true) => {
                    let amounts: Vec<(Option<Decimal>, Option<u16>)> = pool
                        .rank_amounts(&plan.params)
                        .into_iter()
                        .zip(pool.rank_amounts.iter().map(|n| match n {
                            crate::eval::plan::Node::Param(i) => Some(*i),
                            _ => None,
                        }))
                        .collect();
                    let per_area = pool.quota_per.is_some();
                    let pay = rank::rank_pay(&amounts, s, &g.why, per_area)
                        .map_err(|_| PoolOverflow { span: pool.span })?;
                    Some((pay, amounts))
                }
                _ => None,
            };
            // What the claims within the quotas add up to; a sum past the decimal range fails
            // the run as every pool sum does.
            let claimed_in_quota = match quota_walk {
                Some(s) => g
                    .claims
                    .iter()
                    .zip(s.quota_cut.iter())
                    .filter(|(_, cut)| !**cut)
                    .try_fold(Decimal::ZERO, |sum, (c, _)| sum.checked_add(c.amount))
                    .ok_or(PoolOverflow { span: pool.span })?,
                None => Decimal::ZERO,
            };
            let quota = pool.has_quota().then(|| QuotaResult {
                quota: pool.quota,
                per: pool.quota_per.as_ref().map(|q| (q.name.clone(), q.count)),
                cut: quota_walk.map_or(0, |s| {
                    u64::try_from(s.quota_cut.iter().filter(|c| **c).count()).unwrap_or(u64::MAX)
                }),
                claimed_in_quota,
                paid_per_area: quota_walk.map_or_else(Vec::new, |s| {
                    g.area_names
                        .iter()
                        .cloned()
                        .zip(
                            s.admitted_per_area
                                .iter()
                                .copied()
                                .chain(std::iter::repeat(0)),
                        )
                        .collect()
                }),
            });
            let by_rank = rank_pay.as_ref().map(|(pay, amounts)| RankResult {
                amounts: amounts.iter().map(|(a, _)| *a).collect(),
                paid: pay.paid,
                per: pool.quota_per.as_ref().map(|q| q.name.clone()),
            });
            let allocated = match &rank_pay {
                Some((pay, _)) => pay.sum,
                None => shares.as_ref().map(|s| s.allocated),
            };
            let tbd_amount = by_rank
                .as_ref()
                .is_some_and(|r| r.amounts.iter().any(Option::is_none));
            pools.push(PoolResult {
                name: pool.name.clone(),
                by_rank,
                total,
                capped: pool.capped(),
                quota,
                claimed,
                claims: u64::try_from(g.claims.len()).unwrap_or(u64::MAX),
                claimants: g.claimants,
                allocated,
                ratio: shares.as_ref().and_then(|s| s.ratio),
                cutoff: shares.as_ref().and_then(|s| s.cutoff),
                ranked: matches!(pool.rule, PoolRule::Ranked { .. }),
                unspent: shares.as_ref().filter(|_| pool.capped()).map(|s| s.unspent),
                provisional: (total.is_none() && pool.capped()) || g.open > 0 || tbd_amount,
                open: g.open,
                named_open: g.named_open,
            });
            let (shares, ranks, quota_cut, area_ranks, areas) = match shares {
                Some(s) => (Some(s.shares), s.ranks, s.quota_cut, s.area_ranks, g.areas),
                None => (None, Vec::new(), Vec::new(), Vec::new(), Vec::new()),
            };
            claims.push(PoolClaims {
                rank_pay: rank_pay.map(|(pay, _)| pay),
                rank_open: g.open > 0,
                claims: g.claims,
                shares,
                ranks,
                quota_cut,
                area_ranks,
                areas,
                area_names: g.area_names,
                width: self.width.get(p).copied().unwrap_or(0),
                keys: g.keys,
            });
        }
        Ok(Allocations {
            splits: split::Splits::new(plan, &self.pool_of),
            pool_of: self.pool_of,
            pools,
            claims,
        })
    }
}

/// A record's values for the ranked pools: per pool its order and tie-breaker values
/// (`按 x 从高到低 择优`, `并列 按 …`), and its area for a quota per area. Reused between records.
#[derive(Clone, Debug, Default)]
pub struct RankValues {
    /// Per pool, where its values start in `keys`.
    starts: Vec<usize>,
    keys: Vec<Option<Decimal>>,
    /// Per pool: whether the record's area is known, and its value (the buffer is reused).
    areas: Vec<(bool, String)>,
    /// Per pool: why one of its values (order, tie-breakers, area) is not known, the first
    /// that is not.
    why: Vec<Option<Reason>>,
}

impl RankValues {
    /// Pool `p`'s values for this record (empty for a pro rata pool).
    fn keys(&self, p: usize) -> &[Option<Decimal>] {
        let start = self.starts.get(p).copied().unwrap_or(0);
        let end = self.starts.get(p + 1).copied().unwrap_or(self.keys.len());
        self.keys.get(start..end).unwrap_or(&[])
    }

    /// Why one of pool `p`'s values for this record is not known.
    fn why(&self, p: usize) -> Option<Reason> {
        self.why.get(p).copied().flatten()
    }

    /// Pool `p`'s area for this record: `None` when not known or the pool has no quota per area.
    fn area(&self, p: usize) -> Option<&str> {
        match self.areas.get(p) {
            Some((true, a)) => Some(a.as_str()),
            _ => None,
        }
    }
}

impl Gathered {
    /// The id of area `name`, given one the first time it is seen.
    fn intern(&mut self, name: &str) -> u32 {
        if let Some(id) = self.area_ids.get(name) {
            return *id;
        }
        let id = u32::try_from(self.area_names.len()).unwrap_or(u32::MAX);
        self.area_names.push(name.to_string());
        self.area_ids.insert(name.to_string(), id);
        id
    }
}

/// Per pool of `plan`, a record's values of a ranked pool's order and tie-breakers, and its
/// area for a quota per area, into `out`.
pub fn rank_values(plan: &Plan, cells: &[Cell], out: &mut RankValues) {
    out.starts.clear();
    out.keys.clear();
    out.areas.resize_with(plan.pools.len(), Default::default);
    out.why.clear();
    out.why.resize(plan.pools.len(), None);
    let value = |node: &crate::eval::plan::Node| match Ctx::new(plan, cells).value(node) {
        Value::Num(d) => Ok(d),
        Value::Unknown(r) => Err(Some(r)),
        Value::Absent(slot) => Err(Some(Reason::Blank(slot))),
        _ => Err(None),
    };
    for (p, pool) in plan.pools.iter().enumerate() {
        out.starts.push(out.keys.len());
        let mut why = None;
        if let Some(node) = &pool.rank_by {
            for n in std::iter::once(node).chain(pool.ties.iter().map(|(t, _)| t)) {
                match value(n) {
                    Ok(d) => out.keys.push(Some(d)),
                    Err(r) => {
                        why = why.or(r);
                        out.keys.push(None);
                    }
                }
            }
        }
        let Some(slot) = out.areas.get_mut(p) else {
            continue;
        };
        slot.0 = false;
        slot.1.clear();
        if let Some(q) = &pool.quota_per {
            let mut ctx = Ctx::new(plan, cells);
            let text = match ctx.value(&q.field) {
                Value::Text(t) => Some(t),
                Value::Word(w) => q
                    .words
                    .and_then(|e| plan.enums.get(usize::from(e)))
                    .and_then(|words| words.get(usize::from(w)))
                    .map(String::as_str),
                _ => None,
            };
            if let Some(t) = text.filter(|t| !t.trim().is_empty()) {
                slot.0 = true;
                slot.1.push_str(t.trim());
            } else if why.is_none() {
                why = match (ctx.value(&q.field), &q.field) {
                    (Value::Unknown(r), _) => Some(r),
                    (_, crate::eval::plan::Node::Field(s)) => Some(Reason::Blank(*s)),
                    _ => None,
                };
            }
        }
        if let Some(w) = out.why.get_mut(p) {
            *w = why;
        }
    }
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
    /// Its total; `None` while `待定`, or when the pool has none ([`PoolResult::capped`]).
    pub total: Option<Decimal>,
    /// Whether the pool has a total (`不超过`): a ranked pool with a quota may have none, and
    /// then pays every claim within its quota in full.
    pub capped: bool,
    /// A ranked pool's quotas and what they cut; `None` without a quota.
    pub quota: Option<QuotaResult>,
    /// A pool with amounts by rank: the amounts and how many ranks were paid; then
    /// [`PoolResult::allocated`] is the sum of the amounts given.
    pub by_rank: Option<RankResult>,
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

/// A pool's amounts by rank (`前 3 名分别给予 …`) and what they gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RankResult {
    /// The amounts, best rank first (`None`: `待定`).
    pub amounts: Vec<Option<Decimal>>,
    /// How many records rank within the list (and within the quotas): the ranks paid.
    pub paid: u64,
    /// With a quota per area: the field whose values the ranks count within.
    pub per: Option<String>,
}

/// A ranked pool's quotas (`名额`) and what they did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuotaResult {
    /// `名额 N 户`: at most this many records paid.
    pub quota: Option<u64>,
    /// `名额 N 户 每 字段`: the field and at most how many records per value of it.
    pub per: Option<(String, u64)>,
    /// How many claims the quotas cut (paid nothing).
    pub cut: u64,
    /// The sum of the claims within the quotas (those not cut): what the total is shared among.
    pub claimed_in_quota: Decimal,
    /// With a quota per area: per area, in order of first appearance, how many records were
    /// admitted within the quota.
    pub paid_per_area: Vec<(String, u64)>,
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
    /// A ranked pool with a quota: per claim, whether the quota cut it (empty otherwise).
    pub quota_cut: Vec<bool>,
    /// A ranked pool with a quota per area: per claim, its record's rank in its area (0: area
    /// not known; empty otherwise).
    pub area_ranks: Vec<u64>,
    /// A ranked pool with a quota per area: per claim, its area's id in `area_names`.
    pub areas: Vec<Option<u32>>,
    /// The areas' values, by id.
    pub area_names: Vec<String>,
    /// A pool with amounts by rank: what each claim is given.
    pub rank_pay: Option<rank::RankPay>,
    /// Some records keep the pool open: a record ranked within the list may yet move down.
    pub rank_open: bool,
    /// A ranked pool: how many order values each claim has (its order, then each tie-breaker).
    pub width: usize,
    /// A ranked pool: each claim's order values, `width` after `width`, in claim order
    /// (`None`: not known). Kept from the ranking so an explanation can tell a tie.
    pub keys: Vec<Option<Decimal>>,
}

/// Another claim whose order value equals this one's: where it stands and what put them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tie {
    /// Its rank (in its area, with a quota per area).
    pub rank: u64,
    /// It ranks before this claim.
    pub before: bool,
    /// The tie-breaker that put them apart (its index in the pool's `并列` list); `None`: every
    /// tie-breaker is equal too, and record order decided.
    pub by: Option<usize>,
}

impl PoolClaims {
    /// A pool with amounts by rank: whether the rank of the claim of benefit `benefit` of record
    /// `record` is known (an unknown amount is then the rank's amount, `待定`).
    pub fn rank_known(&self, record: u64, benefit: usize) -> bool {
        let (Some(i), Some(pay)) = (self.index_of(record, benefit), self.rank_pay.as_ref()) else {
            return false;
        };
        pay.rank_known.get(i).copied().unwrap_or(false)
    }

    /// A pool with amounts by rank: what the claim of benefit `benefit` of record `record` is
    /// given, the rank it goes by, and why it is not known when it is not.
    pub fn rank_pay_of(&self, record: u64, benefit: usize) -> Option<(Due, u64, Option<Reason>)> {
        let i = self.index_of(record, benefit)?;
        let pay = self.rank_pay.as_ref()?;
        Some((
            pay.due.get(i).copied()?,
            pay.place.get(i).copied().unwrap_or(0),
            pay.why.get(i).copied().flatten(),
        ))
    }

    /// The rank of benefit `benefit` of record `record` in a ranked pool: `None` when it has no
    /// claim or the pool is not ranked (or its total is `待定`).
    pub fn rank_of(&self, record: u64, benefit: usize) -> Option<u64> {
        let i = self.index_of(record, benefit)?;
        self.ranks.get(i).copied()
    }

    /// The claims whose order value equals that of the claim of benefit `benefit` of record
    /// `record` (in its area, with a quota per area), each with its rank and what put the two
    /// apart; empty when there is none, the pool is not ranked or its ranks are not known.
    pub fn ties_of(&self, record: u64, benefit: usize) -> Vec<Tie> {
        let w = self.width;
        let key = |i: usize| self.keys.get(i * w..(i + 1) * w);
        let (Some(i), true) = (self.index_of(record, benefit), w > 0) else {
            return Vec::new();
        };
        let per_area = !self.area_ranks.is_empty();
        let rank = |j: usize| {
            if per_area {
                self.area_ranks.get(j).copied()
            } else {
                self.ranks.get(j).copied()
            }
        };
        let (Some(mine), Some(my_rank)) = (key(i), rank(i)) else {
            return Vec::new();
        };
        let Some(Some(order)) = mine.first() else {
            return Vec::new();
        };
        if mine.iter().any(Option::is_none) {
            // A value not known: its rank is not either.
            return Vec::new();
        }
        let area = self.areas.get(i).copied().flatten();
        let mut out = Vec::new();
        for j in 0..self.claims.len() {
            if j == i || (per_area && self.areas.get(j).copied().flatten() != area) {
                continue;
            }
            let (Some(theirs), Some(r)) = (key(j), rank(j)) else {
                continue;
            };
            if theirs.first() != Some(&Some(*order)) || r == 0 || theirs.iter().any(Option::is_none)
            {
                continue;
            }
            // The first tie-breaker that differs (both known) put them apart, else record order.
            let by = (1..w)
                .find(|&k| theirs.get(k) != mine.get(k))
                .map(|k| k - 1);
            out.push(Tie {
                rank: r,
                before: r < my_rank,
                by,
            });
        }
        out
    }

    /// Whether the quota cut the claim of benefit `benefit` of record `record`.
    pub fn quota_cut(&self, record: u64, benefit: usize) -> bool {
        self.index_of(record, benefit)
            .and_then(|i| self.quota_cut.get(i).copied())
            .unwrap_or(false)
    }

    /// The area of the claim of benefit `benefit` of record `record`, and the record's rank
    /// among the records of that area, with a quota per area.
    pub fn area_rank_of(&self, record: u64, benefit: usize) -> Option<(&str, u64)> {
        let i = self.index_of(record, benefit)?;
        let area = self.areas.get(i).copied().flatten()?;
        let name = self.area_names.get(usize::try_from(area).ok()?)?;
        let rank = self.area_ranks.get(i).copied()?;
        Some((name.as_str(), rank))
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
/// `Err(b)`: the addition of benefit `b` went past the decimal range.
fn record_total(outcome: &Outcome) -> Result<Due, usize> {
    if outcome.payable.is_none() {
        return Ok(Due::Unknown);
    }
    let mut sum = Decimal::ZERO;
    for (i, b) in outcome.benefits.iter().enumerate() {
        let part = match (b.allocated, b.pay) {
            (Due::Known(a), _) => a,
            (Due::Unknown, _) => return Ok(Due::Unknown),
            (Due::None, pay) => match pay.payable() {
                Some(a) => a,
                None if pay.paid().is_some() => return Ok(Due::Unknown),
                None => continue,
            },
        };
        sum = sum.checked_add(part).ok_or(i)?;
    }
    Ok(Due::Known(sum))
}

/// Every pool shared out: pass two writes each record's allocations into its decision.
#[derive(Clone, Debug, Default)]
pub struct Allocations {
    pool_of: Vec<Option<usize>>,
    /// The installments of the pooled subsidies, to split their allocations.
    splits: split::Splits,
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
            if let (Pay::Paid(_), Some((due, place, why))) = (o.pay, pool.rank_pay_of(record, b)) {
                // The amount is the rank's: the claim of zero the record was decided with
                // becomes it.
                let within = place > 0 && due != Due::Known(Decimal::ZERO);
                match due {
                    Due::Known(x) => {
                        o.amount = Some(Amount::Known(x));
                        o.pay = Pay::Paid(Amount::Known(x));
                        outcome.payable = match outcome.payable.map(|s| s.checked_add(x)) {
                            Some(None) => {
                                // Past the decimal range: an error on the record, never a
                                // quiet unknown.
                                outcome.overflow = outcome.overflow.or(self.splits.span(b));
                                None
                            }
                            sum => sum.flatten(),
                        };
                    }
                    _ => {
                        let r = why.unwrap_or(Reason::Tbd(None));
                        o.reason = Some(r);
                        o.amount = Some(Amount::Open(r));
                        o.pay = Pay::Paid(Amount::Open(r));
                        outcome.payable = None;
                        outcome.provisional = true;
                    }
                }
                o.allocated = due;
                // A record not decided yet could rank above this one.
                if within && pool.rank_open {
                    outcome.provisional = true;
                }
                continue;
            }
            o.allocated = match o.pay {
                Pay::Paid(a) => match a.known() {
                    Some(_) => pool
                        .share_of(record, b)
                        .unwrap_or(Due::Known(Decimal::ZERO)),
                    None => Due::Unknown,
                },
                _ => Due::None,
            };
            // An allocation out of a pool that records not decided yet keep open (or whose
            // total is `待定`) may change when they are: the record is provisional, as its
            // `explain` says.
            let open = self.pools.get(p).is_some_and(|r| r.provisional);
            if open && matches!(o.allocated, Due::Known(_)) {
                outcome.provisional = true;
            }
        }
        self.splits.apply(outcome);
        outcome.allocated = match record_total(outcome) {
            Ok(due) => due,
            Err(b) => {
                // Past the decimal range: an error on the record, at the subsidy whose addition
                // overflowed, and what it is paid is not known.
                outcome.overflow = outcome.overflow.or(self.splits.span(b));
                Due::Unknown
            }
        };
        // Eligible, nothing allocated: every subsidy the record is paid comes from a pool that
        // allocated it nothing.
        if outcome.verdict == Verdict::Paid && !outcome.benefits.iter().any(|b| b.funded()) {
            outcome.verdict = Verdict::Unfunded;
        }
    }

    /// The pool that pays benefit `b`, shared out.
    pub fn pool_of(&self, b: usize) -> Option<(usize, &PoolResult)> {
        let p = self.pool_of.get(b).copied().flatten()?;
        Some((p, self.pools.get(p)?))
    }
}
