//! Pro rata sharing of one pool's total among its claims, in whole fens with exact integer
//! arithmetic: no claim × total ÷ claims is ever rounded before the fens are counted.

use rust_decimal::Decimal;

use crate::syntax::ast::{Remainder, Shortfall};

/// One claim on a pool: what a record's subsidy would pay (its payable amount), before the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claim {
    /// The record's place in the input, counting from 0.
    pub record: u64,
    /// The benefit's index in the plan.
    pub benefit: u32,
    /// The amount claimed, in yuan (a payable amount: whole fens, above zero).
    pub amount: Decimal,
}

/// What a pool pays its claims.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shares {
    /// One per claim, in the claims' order, in yuan.
    pub shares: Vec<Decimal>,
    /// The sum of the claims.
    pub claimed: Decimal,
    /// The sum of the shares: the total when oversubscribed (less the unspent fens with
    /// `尾差 留存`), the claims when not.
    pub allocated: Decimal,
    /// The total less what is allocated.
    pub unspent: Decimal,
    /// The total ÷ the claims when the pool is oversubscribed (`None`: every claim is paid in
    /// full). For display: the shares are worked out in fens, not from this rounded ratio.
    /// Always `None` for a ranked pool.
    pub ratio: Option<Decimal>,
    /// A ranked pool: each claim's rank (1 is paid first), in the claims' order; empty for a
    /// pro rata pool.
    pub ranks: Vec<u64>,
    /// A ranked, oversubscribed pool: the rank of the first claim not paid in full (it and every
    /// claim after it get what is left or nothing); `None` when every claim is paid in full.
    /// A claim cut by a quota is never the cut-off.
    pub cutoff: Option<u64>,
    /// A ranked pool with a quota: per claim, whether the quota cut it (it gets nothing); empty
    /// without a quota.
    pub quota_cut: Vec<bool>,
    /// A ranked pool with a quota per area: per claim, its record's rank among the records of
    /// its area (0: its area is not known); empty without such a quota.
    pub area_ranks: Vec<u64>,
    /// A ranked pool with a quota per area: per area id, how many records were admitted within
    /// the quota.
    pub admitted_per_area: Vec<u64>,
}

/// How a ranked pool orders and limits its claims.
#[derive(Clone, Copy, Debug)]
pub struct Ranking<'a> {
    /// Per claim, its value of the order, then of each tie-breaker: `directions.len()` values
    /// a claim, one after the other (`None`: not known, ranked after every known value).
    pub keys: &'a [Option<Decimal>],
    /// Per key: whether the highest value goes first.
    pub directions: &'a [bool],
    /// `名额 N 户`: at most this many records are paid.
    pub quota: Option<u64>,
    /// `名额 N 户 每 字段`: at most this many records are paid per area.
    pub quota_per: Option<u64>,
    /// Per claim, its area's id (`None`: not known; no quota per area applies to it). Empty
    /// without a quota per area.
    pub areas: &'a [Option<u32>],
}

/// A sum or product past what the arithmetic can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShareOverflow;

/// A yuan amount in whole fens (sub-fen digits dropped: payable amounts are whole fens already).
fn fens(yuan: Decimal) -> Result<i128, ShareOverflow> {
    let f = yuan
        .checked_mul(Decimal::ONE_HUNDRED)
        .ok_or(ShareOverflow)?;
    i128::try_from(f.trunc()).map_err(|_| ShareOverflow)
}

/// Fens back to yuan.
fn yuan(fens: i128) -> Result<Decimal, ShareOverflow> {
    let d = Decimal::try_from_i128_with_scale(fens, 2).map_err(|_| ShareOverflow)?;
    Ok(d)
}

/// Share `total` among `claims` pro rata (`按比例核减`).
///
/// Undersubscribed (the claims add up to no more than the total): every claim is paid in full.
/// Oversubscribed: claim `c` of claims summing to `S`, total `T`, all in fens, is paid
/// `⌊c × T ÷ S⌋` fens, leaving `r = c × T mod S`; the fens left over (fewer than the number of
/// claims) go with [`Remainder::LargestFirst`] one each to the largest `r` (equal `r`: the larger
/// claim, then the earlier record, then the earlier benefit), so the shares add up to `T`
/// exactly; with [`Remainder::Unspent`] they are reported as unspent. A total below zero counts
/// as zero; its digits below the fen are dropped.
pub fn pro_rata(
    total: Decimal,
    claims: &[Claim],
    remainder: Remainder,
) -> Result<Shares, ShareOverflow> {
    let t = fens(total.max(Decimal::ZERO))?;
    let mut c = Vec::with_capacity(claims.len());
    let mut s: i128 = 0;
    for claim in claims {
        let f = fens(claim.amount.max(Decimal::ZERO))?;
        s = s.checked_add(f).ok_or(ShareOverflow)?;
        c.push(f);
    }
    let claimed = yuan(s)?;
    if s <= t {
        return Ok(Shares {
            shares: claims.iter().map(|x| x.amount.max(Decimal::ZERO)).collect(),
            claimed,
            allocated: claimed,
            unspent: yuan(t - s)?,
            ratio: None,
            ranks: Vec::new(),
            cutoff: None,
            quota_cut: Vec::new(),
            area_ranks: Vec::new(),
            admitted_per_area: Vec::new(),
        });
    }
    // INVARIANT: s > t >= 0, so s > 0.
    let mut shares = Vec::with_capacity(c.len());
    let mut rests = Vec::with_capacity(c.len());
    let mut paid: i128 = 0;
    for &f in &c {
        let product = f.checked_mul(t).ok_or(ShareOverflow)?;
        let (q, r) = (product / s, product % s);
        paid += q;
        shares.push(q);
        rests.push(r);
    }
    // Fewer left-over fens than claims: each share lost less than one fen.
    let left = t - paid;
    if remainder == Remainder::LargestFirst && left > 0 {
        let mut order: Vec<usize> = (0..c.len()).collect();
        order.sort_by(|&a, &b| {
            rests[b]
                .cmp(&rests[a])
                .then(c[b].cmp(&c[a]))
                .then(claims[a].record.cmp(&claims[b].record))
                .then(claims[a].benefit.cmp(&claims[b].benefit))
        });
        let left = usize::try_from(left).map_err(|_| ShareOverflow)?;
        for &i in order.iter().take(left) {
            shares[i] += 1;
            paid += 1;
        }
    }
    let ratio = yuan(t)?
        .checked_div(claimed)
        .map(|r| r.round_dp_with_strategy(10, rust_decimal::RoundingStrategy::ToZero));
    Ok(Shares {
        shares: shares.into_iter().map(yuan).collect::<Result<_, _>>()?,
        claimed,
        allocated: yuan(paid)?,
        unspent: yuan(t - paid)?,
        ratio,
        ranks: Vec::new(),
        cutoff: None,
        quota_cut: Vec::new(),
        area_ranks: Vec::new(),
        admitted_per_area: Vec::new(),
    })
}

/// Share `total` among `claims` by rank (`择优 … 额满为止`): `keys` holds each claim's value of
/// the pool's order (`None`: not known, ranked after every known value). The claims go in order
/// of their key, highest first when `highest_first` (else lowest first); equal keys go in record
/// order, then benefit order. Each is paid in full while it fits in what is left; the first that
/// does not fit gets what is left ([`Shortfall::RestToNext`]) or nothing
/// ([`Shortfall::NoneIfShort`]), and every claim after it gets nothing. Undersubscribed: every
/// claim is paid in full. A total below zero counts as zero; its digits below the fen are
/// dropped. [`ranked_by`] adds tie-breakers and quotas.
pub fn ranked(
    total: Decimal,
    claims: &[Claim],
    keys: &[Option<Decimal>],
    highest_first: bool,
    shortfall: Shortfall,
) -> Result<Shares, ShareOverflow> {
    let how = Ranking {
        keys,
        directions: &[highest_first],
        quota: None,
        quota_per: None,
        areas: &[],
    };
    ranked_by(Some(total), claims, &how, shortfall)
}

/// Share `total` among `claims` by rank, as [`ranked`] does, with the order, tie-breakers and
/// quotas of `how`:
///
/// - the claims are ranked by their first key, equal first keys by the second, and so on (each
///   in its direction, an unknown value after every known one), then by record order, then by
///   benefit order;
/// - in rank order, a record takes a place in the quota with its best-ranked claim: it is
///   admitted while fewer than `quota` records are admitted in all and fewer than `quota_per`
///   of its area; a record not admitted has every claim cut (paid nothing, and never the
///   cut-off); a claim whose area is not known is limited by the quota in all only;
/// - the admitted claims are paid as [`ranked`] pays: in full while they fit in `total`, then
///   the cut-off gets what is left or nothing. Without a total (`None`: a pool with a quota and
///   no `不超过`) every admitted claim is paid in full.
pub fn ranked_by(
    total: Option<Decimal>,
    claims: &[Claim],
    how: &Ranking<'_>,
    shortfall: Shortfall,
) -> Result<Shares, ShareOverflow> {
    let t = match total {
        Some(t) => Some(fens(t.max(Decimal::ZERO))?),
        None => None,
    };
    let mut c = Vec::with_capacity(claims.len());
    let mut s: i128 = 0;
    for claim in claims {
        let f = fens(claim.amount.max(Decimal::ZERO))?;
        s = s.checked_add(f).ok_or(ShareOverflow)?;
        c.push(f);
    }
    let width = how.directions.len().max(1);
    let key = |i: usize, k: usize| {
        i.checked_mul(width)
            .and_then(|at| at.checked_add(k))
            .and_then(|at| how.keys.get(at).copied().flatten())
    };
    let mut order: Vec<usize> = (0..c.len()).collect();
    order.sort_by(|&a, &b| {
        let mut by_keys = std::cmp::Ordering::Equal;
        for (k, &highest_first) in how.directions.iter().enumerate() {
            by_keys = match (key(a, k), key(b, k)) {
                (Some(x), Some(y)) if highest_first => y.cmp(&x),
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            };
            if by_keys.is_ne() {
                break;
            }
        }
        by_keys
            .then(claims[a].record.cmp(&claims[b].record))
            .then(claims[a].benefit.cmp(&claims[b].benefit))
    });
    let mut ranks = vec![0u64; c.len()];
    for (r, &i) in order.iter().enumerate() {
        ranks[i] = u64::try_from(r).map_err(|_| ShareOverflow)? + 1;
    }
    let quota = quota(claims, &order, how);
    let cut = |i: usize| quota.cut.get(i).copied().unwrap_or(false);
    let mut shares = vec![0i128; c.len()];
    let mut left = t;
    let mut cutoff = None;
    for &i in &order {
        if cutoff.is_some() {
            break;
        }
        if cut(i) {
            continue;
        }
        match left {
            None => shares[i] = c[i],
            Some(l) if c[i] <= l => {
                shares[i] = c[i];
                left = Some(l - c[i]);
            }
            Some(l) => {
                if shortfall == Shortfall::RestToNext {
                    shares[i] = l;
                    left = Some(0);
                }
                cutoff = Some(ranks[i]);
            }
        }
    }
    let paid = shares.iter().try_fold(0i128, |a, x| a.checked_add(*x));
    let paid = paid.ok_or(ShareOverflow)?;
    let claimed = yuan(s)?;
    Ok(Shares {
        shares: shares.into_iter().map(yuan).collect::<Result<_, _>>()?,
        claimed,
        allocated: yuan(paid)?,
        unspent: yuan(left.unwrap_or(0))?,
        ratio: None,
        ranks,
        cutoff,
        quota_cut: quota.cut,
        area_ranks: quota.area_ranks,
        admitted_per_area: quota.per_area,
    })
}

/// Which claims a ranked pool's quotas cut, walking them in rank order.
#[derive(Default)]
struct QuotaWalk {
    cut: Vec<bool>,
    area_ranks: Vec<u64>,
    per_area: Vec<u64>,
}

fn quota(claims: &[Claim], order: &[usize], how: &Ranking<'_>) -> QuotaWalk {
    use std::collections::HashMap;
    if how.quota.is_none() && how.quota_per.is_none() {
        return QuotaWalk::default();
    }
    let per_area = how.quota_per.is_some();
    let mut walk = QuotaWalk {
        cut: vec![false; claims.len()],
        area_ranks: if per_area {
            vec![0; claims.len()]
        } else {
            Vec::new()
        },
        per_area: Vec::new(),
    };
    // Per record already placed: whether it was admitted, and its rank in its area.
    let mut placed: HashMap<u64, (bool, u64)> = HashMap::new();
    // Per area: records seen (for their rank in the area).
    let mut seen: Vec<u64> = Vec::new();
    let mut admitted: u64 = 0;
    for &i in order {
        let record = claims[i].record;
        let (ok, area_rank) = match placed.get(&record) {
            Some(&p) => p,
            None => {
                let area = how
                    .areas
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|a| usize::try_from(a).ok());
                let area_rank = match area {
                    Some(a) if per_area => {
                        if seen.len() <= a {
                            seen.resize(a + 1, 0);
                            walk.per_area.resize(a + 1, 0);
                        }
                        seen[a] += 1;
                        seen[a]
                    }
                    _ => 0,
                };
                let in_all = how.quota.is_none_or(|q| admitted < q);
                let in_area = match (how.quota_per, area) {
                    (Some(q), Some(a)) => walk.per_area.get(a).is_none_or(|n| *n < q),
                    _ => true,
                };
                let ok = in_all && in_area;
                if ok {
                    admitted += 1;
                    if let Some(n) = area.and_then(|a| walk.per_area.get_mut(a)) {
                        *n += 1;
                    }
                }
                placed.insert(record, (ok, area_rank));
                (ok, area_rank)
            }
        };
        walk.cut[i] = !ok;
        if let Some(r) = walk.area_ranks.get_mut(i) {
            *r = area_rank;
        }
    }
    walk
}

/// `⌊claim × total ÷ claimed⌋` in fens, exactly: a pro rata share before the left-over fens
/// (`None` when `claimed` is zero or the arithmetic overflows). Explanations show it beside the
/// allocation, so the fen a remainder added can be seen.
pub fn rounded_down(total: Decimal, claimed: Decimal, claim: Decimal) -> Option<Decimal> {
    let (t, s, c) = (fens(total).ok()?, fens(claimed).ok()?, fens(claim).ok()?);
    if s <= 0 {
        return None;
    }
    yuan(c.checked_mul(t)? / s).ok()
}
