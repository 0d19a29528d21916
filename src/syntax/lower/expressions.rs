//! Lowering the EXPRESSIONS section of the grammar: logic and arithmetic (two Pratt parsers),
//! comparisons, the date range condition `x 在 a 至 b 期间`, and the size and depth limits every
//! expression that stands on its own is held to.

use std::sync::LazyLock;

use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};

use super::literals::{literal, word};
use super::{
    all, malformed, span, unexpected_rule, Result, MAX_DEPTH, MAX_EXPR_NODES, MAX_NESTING,
};
use crate::diag::SyntaxError;
use crate::span::{Span, Spanned};
use crate::syntax::ast::*;
use crate::syntax::Rule;

/// The `sum` children of a pair, lowered with every error kept.
pub(super) fn sums(pair: Pair<'_, Rule>) -> Result<Vec<Expr>> {
    all(
        pair.into_inner().filter(|p| p.as_rule() == Rule::sum),
        top_expr,
    )
}

static LOGIC: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::prefix(Rule::op_not))
});

static ARITH: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left) | Op::infix(Rule::op_div, Assoc::Left))
        .op(Op::prefix(Rule::op_neg))
});

/// Lower an expression that stands on its own (a condition, a definition, an amount), after
/// bounding its size, and then its depth, so that every later walk over it (checking,
/// evaluation, dropping) stays shallow whatever the input.
pub(super) fn top_expr(pair: Pair<'_, Rule>) -> Result<Expr> {
    let sp = span(&pair);
    let too_deep = |limit| {
        vec![SyntaxError::TooDeep {
            limit,
            span: sp.into(),
        }]
    };
    let mut nodes = 0usize;
    let mut run = 0usize;
    let mut last = None;
    for p in pair.clone().into_inner().flatten() {
        nodes += 1;
        // A run of prefix operators (`- - - x`, `非 非 x`) nests one level each.
        let rule = p.as_rule();
        run = if matches!(rule, Rule::op_neg | Rule::op_not) && Some(rule) == last {
            run + 1
        } else {
            1
        };
        last = Some(rule);
        if nodes > MAX_EXPR_NODES {
            return Err(too_deep(MAX_EXPR_NODES));
        }
        if run > MAX_NESTING {
            return Err(too_deep(MAX_NESTING));
        }
    }
    let e = expr(pair)?;
    if depth(&e) > MAX_DEPTH {
        return Err(too_deep(MAX_DEPTH));
    }
    Ok(e)
}

/// The depth of an expression tree, walked without recursion.
fn depth(root: &Expr) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(root, 1usize)];
    while let Some((e, d)) = stack.pop() {
        deepest = deepest.max(d);
        match &e.node {
            ExprKind::Lit(_) | ExprKind::Name(_) => {}
            ExprKind::Neg(x) | ExprKind::Not(x) => stack.push((x, d + 1)),
            ExprKind::Member { expr, .. } => stack.push((expr, d + 1)),
            ExprKind::Between { expr, low, high } => {
                stack.extend([expr, low, high].map(|e| (&**e, d + 1)));
            }
            ExprKind::Arith(_, a, b)
            | ExprKind::Compare(_, a, b)
            | ExprKind::And(a, b)
            | ExprKind::Or(a, b) => {
                stack.push((a, d + 1));
                stack.push((b, d + 1));
            }
            ExprKind::All(items) | ExprKind::Any(items) | ExprKind::Call(_, items) => {
                stack.extend(items.iter().map(|i| (i, d + 1)));
            }
            ExprKind::Pick(bands) => {
                for (cond, value) in bands {
                    stack.extend(cond.iter().map(|c| (c, d + 1)));
                    stack.push((value, d + 1));
                }
            }
        }
    }
    deepest
}

fn expr(pair: Pair<'_, Rule>) -> Result<Expr> {
    match pair.as_rule() {
        Rule::logic => logic(pair.into_inner()),
        Rule::sum => sum(pair.into_inner()),
        Rule::comparison => comparison(pair),
        Rule::all_block | Rule::any_block => block(pair),
        Rule::pick => primary(pair),
        other => Err(vec![unexpected_rule(other, &pair)]),
    }
}

fn logic(pairs: Pairs<'_, Rule>) -> Result<Expr> {
    LOGIC
        .map_primary(expr)
        .map_prefix(|op, rhs| {
            let rhs = rhs?;
            let sp = span(&op).join(rhs.span);
            Ok(Spanned::new(ExprKind::Not(Box::new(rhs)), sp))
        })
        .map_infix(|lhs, op, rhs| {
            let (lhs, rhs) = both(lhs, rhs)?;
            let sp = lhs.span.join(rhs.span);
            let kind = match op.as_rule() {
                Rule::op_and => ExprKind::And(Box::new(lhs), Box::new(rhs)),
                Rule::op_or => ExprKind::Or(Box::new(lhs), Box::new(rhs)),
                _ => return Err(vec![malformed("`且` or `或`", span(&op))]),
            };
            Ok(Spanned::new(kind, sp))
        })
        .parse(pairs)
}

/// Both results, or the errors of both.
pub(super) fn both<A, B>(lhs: Result<A>, rhs: Result<B>) -> Result<(A, B)> {
    match (lhs, rhs) {
        (Ok(l), Ok(r)) => Ok((l, r)),
        (l, r) => Err(l.err().into_iter().chain(r.err()).flatten().collect()),
    }
}

fn block(pair: Pair<'_, Rule>) -> Result<Expr> {
    let sp = span(&pair);
    let any = pair.as_rule() == Rule::any_block;
    let items = all(
        pair.into_inner().filter(|p| p.as_rule() == Rule::logic),
        expr,
    )?;
    let kind = if any {
        ExprKind::Any(items)
    } else {
        ExprKind::All(items)
    };
    Ok(Spanned::new(kind, sp))
}

fn comparison(pair: Pair<'_, Rule>) -> Result<Expr> {
    let sp = span(&pair);
    let mut inner = pair.into_inner();
    let Some(lhs) = inner.next() else {
        return Err(vec![malformed("a comparison", sp)]);
    };
    let lhs = expr(lhs);
    let Some(tail) = inner.next() else {
        return lhs;
    };
    let parts: Vec<Pair<'_, Rule>> = tail.clone().into_inner().collect();
    let find = |rule: Rule| parts.iter().find(|p| p.as_rule() == rule).cloned();
    let direction = || -> CmpOp {
        if find(Rule::op_below).is_some() {
            CmpOp::Le
        } else {
            CmpOp::Ge
        }
    };
    let (op, rhs) = match tail.as_rule() {
        Rule::cmp_infix => {
            let op = match parts.first().map(Pair::as_rule) {
                Some(Rule::op_ge) => CmpOp::Ge,
                Some(Rule::op_le) => CmpOp::Le,
                Some(Rule::op_ne) => CmpOp::Ne,
                Some(Rule::op_gt) => CmpOp::Gt,
                Some(Rule::op_lt) => CmpOp::Lt,
                Some(Rule::op_eq) => CmpOp::Eq,
                _ => return Err(vec![malformed("a comparison such as `>=`", sp)]),
            };
            (op, find(Rule::sum))
        }
        Rule::cmp_reach | Rule::cmp_bare => (direction(), find(Rule::sum)),
        Rule::cmp_between => {
            let mut ends = parts.iter().filter(|p| p.as_rule() == Rule::sum);
            let (low, high) = (ends.next().cloned(), ends.next().cloned());
            return between(lhs, low.map(expr), high.map(expr), sp, span(&tail));
        }
        Rule::cmp_member => {
            let negated = find(Rule::op_not_in).is_some();
            let words = find(Rule::member_set)
                .map(|s| s.into_inner().map(word).collect())
                .unwrap_or_default();
            let kind = ExprKind::Member {
                expr: Box::new(lhs?),
                negated,
                words,
            };
            return Ok(Spanned::new(kind, sp));
        }
        other => return Err(vec![unexpected_rule(other, &tail)]),
    };
    let Some(rhs) = rhs else {
        return Err(vec![malformed("a comparison", sp)]);
    };
    let (lhs, rhs) = both(lhs, expr(rhs))?;
    Ok(Spanned::new(
        ExprKind::Compare(op, Box::new(lhs), Box::new(rhs)),
        sp,
    ))
}

fn sum(pairs: Pairs<'_, Rule>) -> Result<Expr> {
    ARITH
        .map_primary(primary)
        .map_prefix(|op, rhs| {
            let rhs = rhs?;
            let sp = span(&op).join(rhs.span);
            Ok(Spanned::new(ExprKind::Neg(Box::new(rhs)), sp))
        })
        .map_infix(|lhs, op, rhs| {
            let (lhs, rhs) = both(lhs, rhs)?;
            let sp = lhs.span.join(rhs.span);
            let op = match op.as_rule() {
                Rule::op_add => ArithOp::Add,
                Rule::op_sub => ArithOp::Sub,
                Rule::op_mul => ArithOp::Mul,
                Rule::op_div => ArithOp::Div,
                _ => return Err(vec![malformed("an operator such as `+` or `×`", span(&op))]),
            };
            Ok(Spanned::new(
                ExprKind::Arith(op, Box::new(lhs), Box::new(rhs)),
                sp,
            ))
        })
        .parse(pairs)
}

fn primary(pair: Pair<'_, Rule>) -> Result<Expr> {
    let sp = span(&pair);
    match pair.as_rule() {
        Rule::name => Ok(Spanned::new(ExprKind::Name(pair.as_str().to_string()), sp)),
        Rule::logic => expr(pair),
        Rule::call => {
            let mut inner = pair.into_inner();
            let func = match inner
                .next()
                .and_then(|f| f.into_inner().next())
                .map(|f| f.as_rule())
            {
                Some(Rule::kw_min) => Func::Min,
                Some(Rule::kw_max) => Func::Max,
                Some(Rule::kw_floor) => Func::Floor,
                Some(Rule::kw_round) => Func::Round,
                _ => return Err(vec![malformed("a function such as `最大(…)`", sp)]),
            };
            let args = all(inner, expr)?;
            Ok(Spanned::new(ExprKind::Call(func, args), sp))
        }
        Rule::pick => {
            let bands = all(
                pair.into_inner().filter(|p| p.as_rule() == Rule::pick_band),
                pick_band,
            )?;
            Ok(Spanned::new(ExprKind::Pick(bands), sp))
        }
        _ => literal(pair).map(|l| Spanned::new(ExprKind::Lit(l), sp)),
    }
}

/// One band of `分档 { … }` as a value: `条件 : 值`, or `其他 : 值` (no condition).
fn pick_band(pair: Pair<'_, Rule>) -> Result<(Option<Expr>, Expr)> {
    let sp = span(&pair);
    let parts: Vec<Pair<'_, Rule>> = pair.into_inner().collect();
    match parts.as_slice() {
        [first, value] if first.as_rule() == Rule::kw_otherwise => Ok((None, expr(value.clone())?)),
        [cond, value] => {
            let (c, v) = both(expr(cond.clone()), expr(value.clone()))?;
            Ok((Some(c), v))
        }
        _ => Err(vec![malformed("a band `条件 : 值`", sp)]),
    }
}

/// `x 在 a 至 b 期间`, from the lowered operands.
fn between(
    subject: Result<Expr>,
    low: Option<Result<Expr>>,
    high: Option<Result<Expr>>,
    span: Span,
    tail: Span,
) -> Result<Expr> {
    // INVARIANT: the grammar's `cmp_between` has both ends; a missing one is reported, not
    // dropped.
    let missing = || {
        vec![SyntaxError::Unexpected {
            found: "`在 … 期间`".into(),
            span: tail.into(),
            expected: "`在 … 至 … 期间`".into(),
            open: None,
            help: None,
        }]
    };
    let (low, high) = (low.ok_or_else(missing)?, high.ok_or_else(missing)?);
    let mut errors = Vec::new();
    let mut take = |r: Result<Expr>| match r {
        Ok(e) => Some(e),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let (subject, low, high) = (take(subject), take(low), take(high));
    match (subject, low, high) {
        (Some(expr), Some(low), Some(high)) => Ok(Spanned::new(
            ExprKind::Between {
                expr: Box::new(expr),
                low: Box::new(low),
                high: Box::new(high),
            },
            span,
        )),
        _ => Err(errors),
    }
}
