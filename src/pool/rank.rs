//! Amounts by rank (`前 3 名分别给予 1100万元、800万元、600万元`): once a ranked pool's claims
//! are ranked ([`super::ranked_by`]), the N-th ranked record gets the N-th amount and a record
//! ranked below the list nothing. With a quota per area the rank is the record's rank in its
//! area (each area's first gets the first amount); a record a quota cuts gets nothing.

use rust_decimal::Decimal;

use super::share::{ShareOverflow, Shares};
use crate::eval::outcome::Due;
use crate::eval::truth::Reason;

/// What a pool with amounts by rank gives each claim.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RankPay {
    /// Per claim, in the claims' order: the amount of its rank, zero below the list or cut by
    /// a quota, unknown while its rank or its amount (`待定`) is.
    pub due: Vec<Due>,
    /// Per claim: the rank the amount goes by (the rank in its area with a quota per area; 0
    /// when not known).
    pub place: Vec<u64>,
    /// Per claim: why its amount is not known, when it is not.
    pub why: Vec<Option<Reason>>,
    /// Per claim: whether its rank is known (its order values and area are).
    pub rank_known: Vec<bool>,
    /// How many claims rank within the list (and are not cut by a quota).
    pub paid: u64,
    /// The sum of the amounts given; `None` while any is unknown.
    pub sum: Option<Decimal>,
}

/// Give each claim of `shares` the amount of its rank: `amounts` best rank first (`None`:
/// `待定`, whose parameter is `tbd`), `why[i]` the reason claim `i`'s rank is not known (its
/// order value or area is not), `per_area` whether ranks count within an area.
pub fn rank_pay(
    amounts: &[(Option<Decimal>, Option<u16>)],
    shares: &Shares,
    why: &[Option<Reason>],
    per_area: bool,
) -> Result<RankPay, ShareOverflow> {
    let n = shares.ranks.len();
    let mut out = RankPay {
        due: Vec::with_capacity(n),
        place: Vec::with_capacity(n),
        why: Vec::with_capacity(n),
        rank_known: Vec::with_capacity(n),
        paid: 0,
        sum: Some(Decimal::ZERO),
    };
    for i in 0..n {
        let unknown = why.get(i).copied().flatten();
        let cut = shares.quota_cut.get(i).copied().unwrap_or(false);
        let place = if per_area {
            shares.area_ranks.get(i).copied().unwrap_or(0)
        } else {
            shares.ranks.get(i).copied().unwrap_or(0)
        };
        let (due, reason) = match unknown {
            // A claim whose rank is not known: it could take any place.
            Some(r) => (Due::Unknown, Some(r)),
            None if cut || place == 0 => (Due::Known(Decimal::ZERO), None),
            None => {
                let at = usize::try_from(place - 1).ok();
                match at.and_then(|k| amounts.get(k)) {
                    Some((Some(x), _)) => {
                        out.paid += 1;
                        (Due::Known(*x), None)
                    }
                    Some((None, param)) => {
                        out.paid += 1;
                        (Due::Unknown, Some(Reason::Tbd(*param)))
                    }
                    None => (Due::Known(Decimal::ZERO), None),
                }
            }
        };
        out.sum = match (out.sum, due) {
            (Some(s), Due::Known(x)) => Some(s.checked_add(x).ok_or(ShareOverflow)?),
            _ => None,
        };
        out.due.push(due);
        out.place.push(place);
        out.why.push(reason);
        out.rank_known.push(unknown.is_none());
    }
    Ok(out)
}
