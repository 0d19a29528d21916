//! Lowering the AMOUNTS section of the grammar: an amount is an expression of amounts (terms
//! joined by `+`, `-`, `×`, then bounds), each term a form, an arithmetic sum or a bracketed
//! amount.
//!
//! A `+` or `-` at the top of the sum that ends `阶梯 … 计 X`, or at either end of a range
//! `A 至 B`, could be read two ways by a person; it is rejected with both bracketings
//! (`jiangbu::syntax::ambiguous_amount`), never read one way silently.

use pest::iterators::Pair;

use super::expressions::{both, sums, top_expr};
use super::{all, malformed, span, Result, MAX_DEPTH};
use crate::diag::SyntaxError;
use crate::span::{Loc, Span};
use crate::syntax::ast::{Amount, AmountCore, ArithOp, Band, Bound, Tier};
use crate::syntax::Rule;

/// `amount`: an amount expression and the bounds that apply to all of it.
pub(super) fn amount(pair: Pair<'_, Rule>) -> Result<Amount> {
    let sp = span(&pair);
    let mut inner = pair.into_inner();
    let Some(first) = inner.next() else {
        return Err(vec![malformed("an amount", sp)]);
    };
    let body = amount_sum(first);
    let bounds = all(inner, bound);
    let (body, bounds) = both(body, bounds)?;
    if bounds.is_empty() {
        return Ok(body);
    }
    let core = if body.bounds.is_empty() {
        body.core
    } else {
        // `(A，最高 x)，最低 y`: the inner bounds apply first.
        AmountCore::Nested(Box::new(body))
    };
    Ok(Amount {
        core,
        bounds,
        span: Loc(sp),
    })
}

fn bound(pair: Pair<'_, Rule>) -> Result<Bound> {
    let sp = span(&pair);
    let mut parts = pair.into_inner();
    let at_most = parts
        .next()
        .is_some_and(|k| k.as_rule() == Rule::kw_at_most);
    match parts.next() {
        Some(v) => Ok(Bound {
            at_most,
            value: top_expr(v)?,
        }),
        None => Err(vec![malformed("`最高 …` or `最低 …`", sp)]),
    }
}

/// `amount_sum`: terms joined by `+`, `-` and `×`, `×` first, each left to right.
fn amount_sum(pair: Pair<'_, Rule>) -> Result<Amount> {
    let sp = span(&pair);
    let parts: Vec<Pair<'_, Rule>> = pair.clone().into_inner().collect();
    if let Some(e) = ambiguous_product(&pair, &parts) {
        return Err(vec![e]);
    }
    let mut terms = Vec::new();
    let mut ops = Vec::new();
    let mut errors = Vec::new();
    for p in parts {
        match p.as_rule() {
            Rule::op_add => ops.push(ArithOp::Add),
            Rule::op_sub => ops.push(ArithOp::Sub),
            Rule::op_mul => ops.push(ArithOp::Mul),
            _ => match amount_term(p) {
                Ok(a) => terms.push(a),
                Err(e) => errors.extend(e),
            },
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if terms.len() > MAX_DEPTH {
        return Err(vec![SyntaxError::TooDeep {
            limit: MAX_DEPTH,
            span: sp.into(),
        }]);
    }
    let mut terms = terms.into_iter();
    let Some(mut product) = terms.next() else {
        return Err(vec![malformed("an amount", sp)]);
    };
    // `×` binds first: gather products, then add them up left to right.
    let mut sum: Option<(Amount, ArithOp)> = None;
    for (op, term) in ops.into_iter().zip(terms) {
        if op == ArithOp::Mul {
            product = join(ArithOp::Mul, product, term);
            continue;
        }
        let done = std::mem::replace(&mut product, term);
        let left = match sum.take() {
            Some((acc, prev)) => join(prev, acc, done),
            None => done,
        };
        sum = Some((left, op));
    }
    Ok(match sum {
        Some((acc, op)) => join(op, acc, product),
        None => product,
    })
}

fn join(op: ArithOp, lhs: Amount, rhs: Amount) -> Amount {
    let span = Span::new(lhs.span.0.start as usize, rhs.span.0.end as usize);
    Amount {
        core: AmountCore::Arith(op, Box::new(lhs), Box::new(rhs)),
        bounds: Vec::new(),
        span: Loc(span),
    }
}

fn amount_term(pair: Pair<'_, Rule>) -> Result<Amount> {
    let sp = span(&pair);
    let plain = |core| {
        Ok(Amount {
            core,
            bounds: Vec::new(),
            span: Loc(sp),
        })
    };
    match pair.as_rule() {
        Rule::tbd => plain(AmountCore::Tbd),
        Rule::range => {
            let parts: Vec<Pair<'_, Rule>> = pair
                .clone()
                .into_inner()
                .filter(|p| p.as_rule() == Rule::sum)
                .collect();
            if let [lo, hi] = parts.as_slice() {
                if let Some(e) = ambiguous_end(&pair, lo, hi) {
                    return Err(vec![e]);
                }
            }
            match <[_; 2]>::try_from(sums(pair)?) {
                Ok([lo, hi]) => plain(AmountCore::Range(lo, hi)),
                Err(_) => Err(vec![malformed("a range `… 至 …`", sp)]),
            }
        }
        Rule::tiers => {
            let tiers = all(
                pair.into_inner().filter(|p| p.as_rule() == Rule::tier),
                tier,
            )?;
            plain(AmountCore::Tiers(tiers))
        }
        Rule::progressive => {
            let mut inner = pair
                .into_inner()
                .filter(|p| p.as_rule() != Rule::kw_progressive);
            let Some(base) = inner.next() else {
                return Err(vec![malformed("`累进 … { … }`", sp)]);
            };
            let base = top_expr(base);
            let bands = all(inner, |b| {
                let band_span = span(&b);
                let mut exprs = sums(b)?;
                let rate = exprs
                    .pop()
                    .ok_or_else(|| vec![malformed("a band `至 上限 : 比例`", band_span)])?;
                Ok(Band {
                    upto: exprs.pop(),
                    rate,
                })
            });
            let (base, bands) = both(base, bands)?;
            plain(AmountCore::Progressive { base, bands })
        }
        Rule::steps => {
            let each = pair
                .clone()
                .into_inner()
                .filter(|p| p.as_rule() == Rule::sum)
                .nth(2);
            if let Some(e) = each.and_then(|each| ambiguous_steps(&pair, &each)) {
                return Err(vec![e]);
            }
            match <[_; 3]>::try_from(sums(pair)?) {
                Ok([base, step, each]) => plain(AmountCore::Steps { base, step, each }),
                Err(_) => Err(vec![malformed("`阶梯 … 每 … 计 …`", sp)]),
            }
        }
        Rule::sum => plain(AmountCore::Expr(top_expr(pair)?)),
        Rule::amount_paren => match pair.into_inner().find(|p| p.as_rule() == Rule::amount) {
            Some(inner) => amount(inner),
            None => Err(vec![malformed("an amount", sp)]),
        },
        _ => Err(vec![malformed("an amount", sp)]),
    }
}

fn tier(pair: Pair<'_, Rule>) -> Result<Tier> {
    let sp = span(&pair);
    let mut parts = pair.into_inner();
    let (Some(cond), Some(value)) = (parts.next(), parts.next()) else {
        return Err(vec![malformed("a band `条件 : 金额`", sp)]);
    };
    let condition = match cond.as_rule() {
        Rule::kw_otherwise => Ok(None),
        _ => top_expr(cond).map(Some),
    };
    let (condition, value) = both(condition, amount(value))?;
    Ok(Tier { condition, value })
}

/// The operators `+` / `-` at the top of a `sum` (not inside brackets or calls).
fn top_adds<'i>(sum: &Pair<'i, Rule>) -> Vec<Pair<'i, Rule>> {
    sum.clone()
        .into_inner()
        .filter(|p| matches!(p.as_rule(), Rule::op_add | Rule::op_sub))
        .collect()
}

/// Text of `whole` from byte offset `from` to `to` (absolute offsets), trimmed.
fn slice<'i>(whole: &Pair<'i, Rule>, from: usize, to: usize) -> &'i str {
    let start = whole.as_span().start();
    let text = whole.as_str();
    text.get(from.saturating_sub(start)..to.saturating_sub(start))
        .unwrap_or("")
        .trim()
}

/// `阶梯 X 每 S 计 E + F`: the steps pay `E` and `+ F` is added once, or they pay `E + F` per
/// step.
fn ambiguous_steps(steps: &Pair<'_, Rule>, each: &Pair<'_, Rule>) -> Option<SyntaxError> {
    let op = top_adds(each).into_iter().next()?;
    let (start, end) = (steps.as_span().start(), span(steps).end as usize);
    let (each_start, op_start) = (each.as_span().start(), op.as_span().start());
    let one = format!(
        "({}) {}",
        slice(steps, start, op_start),
        slice(steps, op_start, end)
    );
    let other = format!(
        "{} ({})",
        slice(steps, start, each_start),
        slice(steps, each_start, end)
    );
    Some(SyntaxError::AmbiguousAmount {
        span: span(&op).into(),
        one,
        other,
    })
}

/// `A + B 至 C` or `A 至 B + C`: the sum is added to the range, or it is the range's end.
fn ambiguous_end(
    range: &Pair<'_, Rule>,
    lo: &Pair<'_, Rule>,
    hi: &Pair<'_, Rule>,
) -> Option<SyntaxError> {
    let (start, end) = (range.as_span().start(), span(range).end as usize);
    if let Some(op) = top_adds(hi).into_iter().next() {
        let op_start = op.as_span().start();
        let hi_start = hi.as_span().start();
        return Some(SyntaxError::AmbiguousAmount {
            span: span(&op).into(),
            one: format!(
                "({}) {}",
                slice(range, start, op_start),
                slice(range, op_start, end)
            ),
            other: format!(
                "{} ({})",
                slice(range, start, hi_start),
                slice(range, hi_start, end)
            ),
        });
    }
    let op = top_adds(lo).into_iter().last()?;
    let op_end = op.as_span().end();
    let lo_end = span(lo).end as usize;
    Some(SyntaxError::AmbiguousAmount {
        span: span(&op).into(),
        one: format!(
            "{} ({})",
            slice(range, start, op_end),
            slice(range, op_end, end)
        ),
        other: format!(
            "({}) {}",
            slice(range, start, lo_end),
            slice(range, lo_end, end)
        ),
    })
}

/// `分档 {…} × 50% - 1万元` or `1万元 + 2 × 分档 {…}`: a sum beside an amount's `×` takes the
/// `+` or `-` into the factor, where a person reads `×` first.
fn ambiguous_product(whole: &Pair<'_, Rule>, parts: &[Pair<'_, Rule>]) -> Option<SyntaxError> {
    let start = |p: &Pair<'_, Rule>| p.as_span().start();
    let end = |p: &Pair<'_, Rule>| span(p).end as usize;
    for (i, op) in parts.iter().enumerate() {
        if op.as_rule() != Rule::op_mul {
            continue;
        }
        let (Some(left), Some(right)) = (
            i.checked_sub(1).and_then(|l| parts.get(l)),
            parts.get(i + 1),
        ) else {
            continue;
        };
        let text = |from: usize, to: usize| slice(whole, from, to);
        if right.as_rule() == Rule::sum {
            if let Some(add) = top_adds(right).into_iter().next() {
                let at = start(&add);
                return Some(SyntaxError::AmbiguousAmount {
                    span: span(&add).into(),
                    one: format!("({}) {}", text(start(left), at), text(at, end(right))),
                    other: format!(
                        "{} ({})",
                        text(start(left), start(right)),
                        text(start(right), end(right))
                    ),
                });
            }
        }
        if left.as_rule() == Rule::sum {
            if let Some(add) = top_adds(left).into_iter().last() {
                let after = end(&add);
                return Some(SyntaxError::AmbiguousAmount {
                    span: span(&add).into(),
                    one: format!("{} ({})", text(start(left), after), text(after, end(right))),
                    other: format!(
                        "({}) {}",
                        text(start(left), end(left)),
                        text(end(left), end(right))
                    ),
                });
            }
        }
    }
    None
}
