//! Amounts: the forms a subsidy's money takes, rounded half-up to the fen where produced.

use rust_decimal::Decimal;

use super::expr::{Ctx, Tracer};
use super::plan::{AmountPlan, BenefitPlan, Node};
use super::trace::Event;
use super::truth::{Reason, Truth};
use super::value::Value;
pub use super::value::{to_fen, Amount};

enum Num {
    Known(Decimal),
    Open(Reason),
}

fn num<'a, T: Tracer>(ctx: &mut Ctx<'a, T>, node: &'a Node) -> Num {
    match ctx.value(node) {
        Value::Num(n) => Num::Known(n),
        Value::Unknown(r) => Num::Open(r),
        // An absent optional field counts as nothing.
        _ => Num::Known(Decimal::ZERO),
    }
}

macro_rules! known {
    ($e:expr) => {
        match $e {
            Num::Known(n) => n,
            Num::Open(r) => return Amount::Open(r),
        }
    };
}

/// Compute a subsidy's amount, bounded and rounded to the fen.
pub fn amount<'a, T: Tracer>(ctx: &mut Ctx<'a, T>, benefit: &'a BenefitPlan) -> Option<Amount> {
    let plan = benefit.amount.as_ref()?;
    let raw = core(ctx, plan);
    let out = bounded(ctx, raw, &benefit.bounds);
    ctx.note(|| Event::Amount(out));
    Some(out)
}

fn bounded<'a, T: Tracer>(ctx: &mut Ctx<'a, T>, raw: Amount, bounds: &'a [(bool, Node)]) -> Amount {
    match apply_bounds(ctx, raw, bounds) {
        Amount::Known(d) => Amount::Known(to_fen(d)),
        Amount::Range(lo, hi) => Amount::Range(to_fen(lo), to_fen(hi)),
        open => open,
    }
}

/// Bounds in order, exact (no rounding): a known amount is moved into the bound, both ends of a
/// range are, an open amount stays open; an open bound makes the amount open.
fn apply_bounds<'a, T: Tracer>(
    ctx: &mut Ctx<'a, T>,
    raw: Amount,
    bounds: &'a [(bool, Node)],
) -> Amount {
    let mut out = raw;
    for (at_most, node) in bounds {
        let limit = known!(num(ctx, node));
        let apply = |d: Decimal| if *at_most { d.min(limit) } else { d.max(limit) };
        out = match out {
            Amount::Known(d) => {
                ctx.note(|| Event::Bound {
                    at_most: *at_most,
                    limit,
                    before: d,
                    after: apply(d),
                });
                Amount::Known(apply(d))
            }
            Amount::Range(lo, hi) => Amount::Range(apply(lo), apply(hi)),
            open => open,
        };
    }
    out
}

/// One node of the amount's tree, exact; its value is noted as a [`Event::Part`] after the
/// node's own events.
fn core<'a, T: Tracer>(ctx: &mut Ctx<'a, T>, plan: &'a AmountPlan) -> Amount {
    let out = form(ctx, plan);
    ctx.note(|| Event::Part(out));
    out
}

/// `a + b` or `a - b` by the composition rules of docs/language.md: an open part makes the
/// sum open (the first open part's reason), a range shifts by a known amount, two ranges add
/// end to end (`lo1 + lo2 … hi1 + hi2`; for `-`, `lo1 - hi2 … hi1 - lo2`).
fn add(a: Amount, b: Amount, negate: bool) -> Option<Amount> {
    let (lo_b, hi_b) = match b {
        Amount::Known(d) => (d, d),
        Amount::Range(lo, hi) => (lo, hi),
        Amount::Open(r) => return Some(Amount::Open(r)),
    };
    let (lo_b, hi_b) = if negate { (-hi_b, -lo_b) } else { (lo_b, hi_b) };
    Some(match a {
        Amount::Open(r) => Amount::Open(r),
        Amount::Known(d) if lo_b == hi_b && matches!(b, Amount::Known(_)) => {
            Amount::Known(d.checked_add(lo_b)?)
        }
        Amount::Known(d) => Amount::Range(d.checked_add(lo_b)?, d.checked_add(hi_b)?),
        Amount::Range(lo, hi) => Amount::Range(lo.checked_add(lo_b)?, hi.checked_add(hi_b)?),
    })
}

/// An amount times a number: a range's ends are scaled (and swapped for a negative factor).
fn times(a: Amount, k: Decimal) -> Option<Amount> {
    Some(match a {
        Amount::Known(d) => Amount::Known(d.checked_mul(k)?),
        Amount::Range(lo, hi) => {
            let (x, y) = (lo.checked_mul(k)?, hi.checked_mul(k)?);
            Amount::Range(x.min(y), x.max(y))
        }
        open => open,
    })
}

fn form<'a, T: Tracer>(ctx: &mut Ctx<'a, T>, plan: &'a AmountPlan) -> Amount {
    match plan {
        AmountPlan::Add(lhs, rhs, negate, span) => {
            let a = core(ctx, lhs);
            if let Amount::Open(r) = a {
                return Amount::Open(r);
            }
            let b = core(ctx, rhs);
            match add(a, b, *negate) {
                Some(out) => out,
                None => {
                    ctx.overflowed(*span);
                    Amount::Open(Reason::Overflow(*span))
                }
            }
        }
        AmountPlan::Scale(inner, factor, span) => {
            let a = core(ctx, inner);
            if let Amount::Open(r) = a {
                return Amount::Open(r);
            }
            let k = known!(num(ctx, factor));
            match times(a, k) {
                Some(out) => out,
                None => {
                    ctx.overflowed(*span);
                    Amount::Open(Reason::Overflow(*span))
                }
            }
        }
        AmountPlan::Bounded(inner, bounds) => {
            let a = core(ctx, inner);
            apply_bounds(ctx, a, bounds)
        }
        AmountPlan::Tbd => Amount::Open(Reason::Tbd(None)),
        // The pool writes the amount of the record's rank once every record is decided.
        AmountPlan::ByRank => Amount::Known(Decimal::ZERO),
        AmountPlan::Expr(node) => Amount::Known(known!(num(ctx, node))),
        AmountPlan::Range(lo, hi) => {
            let lo = known!(num(ctx, lo));
            let hi = known!(num(ctx, hi));
            Amount::Range(lo.min(hi), lo.max(hi))
        }
        AmountPlan::Tiers(tiers) => {
            for (index, (condition, value)) in tiers.iter().enumerate() {
                let holds = match condition {
                    None => Truth::True,
                    Some(c) => ctx.truth(c),
                };
                match holds {
                    Truth::True => {
                        ctx.note(|| Event::Tier(Some(index)));
                        return match value {
                            // A band of plain arithmetic is one value, as before amounts nested.
                            AmountPlan::Expr(node) => Amount::Known(known!(num(ctx, node))),
                            other => core(ctx, other),
                        };
                    }
                    Truth::Unknown(r) => return Amount::Open(r),
                    Truth::False => {}
                }
            }
            // No band applies: nothing is paid.
            ctx.note(|| Event::Tier(None));
            Amount::Known(Decimal::ZERO)
        }
        AmountPlan::Progressive(base, bands, span) => {
            let base = known!(num(ctx, base));
            let mut total = Decimal::ZERO;
            let mut floor = Decimal::ZERO;
            for (upto, rate) in bands {
                if base <= floor {
                    break;
                }
                let top = match upto {
                    Some(u) => known!(num(ctx, u)).min(base),
                    None => base,
                };
                if top > floor {
                    let rate = known!(num(ctx, rate));
                    let part = top - floor;
                    match rate.checked_mul(part).and_then(|p| total.checked_add(p)) {
                        Some(t) => {
                            ctx.note(|| Event::Band {
                                floor,
                                top,
                                rate,
                                part: t - total,
                            });
                            total = t;
                        }
                        None => {
                            ctx.overflowed(*span);
                            return Amount::Open(Reason::Overflow(*span));
                        }
                    }
                    floor = top;
                }
            }
            Amount::Known(total)
        }
        AmountPlan::Steps(base, step, each, step_span) => {
            let base = known!(num(ctx, base));
            let step = known!(num(ctx, step));
            let each = known!(num(ctx, each));
            if step <= Decimal::ZERO {
                return Amount::Open(Reason::DivZero {
                    divisor: *step_span,
                    def: None,
                });
            }
            let steps = match base.checked_div(step) {
                Some(q) => q.floor().max(Decimal::ZERO),
                None => {
                    ctx.overflowed(*step_span);
                    return Amount::Open(Reason::Overflow(*step_span));
                }
            };
            let total = steps.checked_mul(each);
            if total.is_none() {
                ctx.overflowed(*step_span);
            }
            match total {
                Some(total) => {
                    ctx.note(|| Event::Steps {
                        base,
                        step,
                        count: steps,
                        each,
                    });
                    Amount::Known(total)
                }
                None => Amount::Open(Reason::Overflow(*step_span)),
            }
        }
    }
}

/// Split a known amount into installments, appended to `out`: each rounded to the fen, the last
/// one taking what is left so the parts add up exactly. Nothing for a benefit without them.
/// `None` when the arithmetic overflows (an error on the record).
pub fn installments(
    total: Decimal,
    shares: &[(String, Decimal)],
    out: &mut Vec<Decimal>,
) -> Option<()> {
    let mut paid = Decimal::ZERO;
    for (i, (_, share)) in shares.iter().enumerate() {
        let part = if i + 1 == shares.len() {
            total.checked_sub(paid)?
        } else {
            to_fen(total.checked_mul(*share)?)
        };
        paid = paid.checked_add(part)?;
        out.push(part);
    }
    Some(())
}
