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
    pub cutoff: Option<u64>,
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
    })
}

/// Share `total` among `claims` by rank (`择优 … 额满为止`): `keys` holds each claim's value of
/// the pool's order (`None`: not known, ranked after every known value). The claims go in order
/// of their key, highest first when `highest_first` (else lowest first); equal keys go in record
/// order, then benefit order. Each is paid in full while it fits in what is left; the first that
/// does not fit gets what is left ([`Shortfall::RestToNext`]) or nothing
/// ([`Shortfall::NoneIfShort`]), and every claim after it gets nothing. Undersubscribed: every
/// claim is paid in full. A total below zero counts as zero; its digits below the fen are
/// dropped.
pub fn ranked(
    total: Decimal,
    claims: &[Claim],
    keys: &[Option<Decimal>],
    highest_first: bool,
    shortfall: Shortfall,
) -> Result<Shares, ShareOverflow> {
    let t = fens(total.max(Decimal::ZERO))?;
    let mut c = Vec::with_capacity(claims.len());
    let mut s: i128 = 0;
    for claim in claims {
        let f = fens(claim.amount.max(Decimal::ZERO))?;
        s = s.checked_add(f).ok_or(ShareOverflow)?;
        c.push(f);
    }
    let key = |i: usize| keys.get(i).copied().flatten();
    let mut order: Vec<usize> = (0..c.len()).collect();
    order.sort_by(|&a, &b| {
        let by_key = match (key(a), key(b)) {
            (Some(x), Some(y)) if highest_first => y.cmp(&x),
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        by_key
            .then(claims[a].record.cmp(&claims[b].record))
            .then(claims[a].benefit.cmp(&claims[b].benefit))
    });
    let mut ranks = vec![0u64; c.len()];
    for (r, &i) in order.iter().enumerate() {
        ranks[i] = u64::try_from(r).map_err(|_| ShareOverflow)? + 1;
    }
    let mut shares = vec![0i128; c.len()];
    let mut left = t;
    let mut cutoff = None;
    for &i in &order {
        if cutoff.is_some() {
            break;
        }
        if c[i] <= left {
            shares[i] = c[i];
            left -= c[i];
        } else {
            if shortfall == Shortfall::RestToNext {
                shares[i] = left;
                left = 0;
            }
            cutoff = Some(ranks[i]);
        }
    }
    let paid = t - left;
    let claimed = yuan(s)?;
    Ok(Shares {
        shares: shares.into_iter().map(yuan).collect::<Result<_, _>>()?,
        claimed,
        allocated: yuan(paid.min(s))?,
        unspent: yuan(left)?,
        ratio: None,
        ranks,
        cutoff,
    })
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
