//! Lowering the date forms: duration literals (`3年`, `12个月`, `30 days`) and the range
//! condition `x 在 a 至 b 期间`.

use pest::iterators::Pair;
use pest::Parser;

use super::ast::{Expr, ExprKind, Literal};
use super::{PolicyParser, Rule};
use crate::diag::SyntaxError;
use crate::eval::dates::{DurUnit, Duration};
use crate::span::{Span, Spanned};

type Result<T> = std::result::Result<T, Vec<SyntaxError>>;

/// `3年`: a whole count and a unit of time.
pub(super) fn duration(pair: Pair<'_, Rule>) -> Result<Literal> {
    let text = pair.as_str();
    let s = pair.as_span();
    let span = Span::new(s.start(), s.end());
    let mut inner = pair.into_inner();
    let count = inner.next().map_or("", |p| p.as_str());
    let unit = inner.next().map_or("", |p| p.as_str().trim());
    let count = count.parse::<u32>().map_err(|_| {
        vec![SyntaxError::NumberRange {
            text: text.to_string(),
            span: span.into(),
        }]
    })?;
    let unit = match unit {
        "年" | "year" | "years" => DurUnit::Year,
        "个月" | "月" | "month" | "months" => DurUnit::Month,
        // INVARIANT: the grammar's `dur_unit` has no other spelling.
        _ => DurUnit::Day,
    };
    Ok(Literal::Duration(Duration { count, unit }))
}

/// The duration `text` is, when the whole of it is one (`3年`, `12 months`).
pub fn parse_duration(text: &str) -> Option<Duration> {
    let pair = PolicyParser::parse(Rule::duration, text).ok()?.next()?;
    if pair.as_str().len() != text.len() {
        return None;
    }
    match duration(pair) {
        Ok(Literal::Duration(d)) => Some(d),
        _ => None,
    }
}

/// `x 在 a 至 b 期间`, from the lowered operands.
pub(super) fn between(
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
