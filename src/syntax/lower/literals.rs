//! Lowering the LITERALS section of the grammar: texts, numbers with their units, dates and
//! durations (`3年`, `12个月`, `30 days`).

use pest::iterators::Pair;
use pest::Parser;
use rust_decimal::Decimal;

use super::{malformed, span, spanned_str, unexpected_rule, Result};
use crate::diag::SyntaxError;
use crate::eval::dates::{DurUnit, Duration};
use crate::eval::value::Date;
use crate::span::{Span, Spanned};
use crate::syntax::ast::*;
use crate::syntax::{PolicyParser, Rule};

pub(super) fn string(pair: Pair<'_, Rule>) -> Spanned<String> {
    let sp = span(&pair);
    let inner = pair.into_inner().next();
    let text = match inner {
        Some(p) if p.as_rule() == Rule::string_inner => unescape(p.as_str()),
        Some(p) => p.as_str().to_string(),
        None => String::new(),
    };
    Spanned::new(text, sp)
}

pub(super) fn word(pair: Pair<'_, Rule>) -> Ident {
    match pair.into_inner().next() {
        Some(p) if p.as_rule() == Rule::string => string(p),
        Some(p) => spanned_str(&p),
        None => Spanned::new(String::new(), Span::default()),
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Lower a literal pair (used for `--set` values).
pub fn lower_literal(pair: Pair<'_, Rule>) -> Result<Literal> {
    literal(pair)
}

pub(super) fn literal(pair: Pair<'_, Rule>) -> Result<Literal> {
    match pair.as_rule() {
        Rule::number => number(pair).map(|n| Literal::Number(n.node)),
        Rule::duration => duration(pair),
        Rule::date => match Date::parse(pair.as_str()) {
            Some(d) => Ok(Literal::Date(d)),
            None => Err(vec![SyntaxError::BadDate {
                text: pair.as_str().to_string(),
                span: span(&pair).into(),
            }]),
        },
        Rule::yes => Ok(Literal::Bool(true)),
        Rule::no => Ok(Literal::Bool(false)),
        Rule::string => Ok(Literal::Text(string(pair).node)),
        other => Err(vec![unexpected_rule(other, &pair)]),
    }
}

pub(super) fn number(pair: Pair<'_, Rule>) -> Result<Spanned<Number>> {
    let sp = span(&pair);
    let text = pair.as_str();
    let mut inner = pair.into_inner();
    let digits = inner.next().map_or("", |d| d.as_str());
    let unit = inner.next().map(|u| unit_of(u.as_str()));
    let out_of_range = || {
        vec![SyntaxError::NumberRange {
            text: text.to_string(),
            span: sp.into(),
        }]
    };
    let raw = Decimal::from_str_exact(digits).map_err(|_| out_of_range())?;
    let value = match unit {
        Some(u) => scale(raw, u).ok_or_else(out_of_range)?,
        None => raw,
    };
    Ok(Spanned::new(Number { value, unit }, sp))
}

pub(super) fn unit_of(text: &str) -> Unit {
    match text {
        "元" => Unit::Yuan,
        "千元" => Unit::Qian,
        "万" | "万元" => Unit::Wan,
        "亿" | "亿元" => Unit::Yi,
        "%" | "％" => Unit::Percent,
        _ => Unit::Count,
    }
}

/// A literal's value in base units: yuan for money, a ratio for percents.
pub(super) fn scale(raw: Decimal, unit: Unit) -> Option<Decimal> {
    match unit {
        Unit::Yuan | Unit::Count => Some(raw),
        Unit::Qian => raw.checked_mul(Decimal::from(1_000)),
        Unit::Wan => raw.checked_mul(Decimal::from(10_000)),
        Unit::Yi => raw.checked_mul(Decimal::from(100_000_000)),
        Unit::Percent => raw.checked_div(Decimal::from(100)),
    }
}

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
        "日" | "天" | "day" | "days" => DurUnit::Day,
        _ => return Err(vec![malformed("a unit of time `年` `个月` `日`", span)]),
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
