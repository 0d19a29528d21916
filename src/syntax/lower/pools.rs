//! Lowering a fund pool (`资金总额 名称 { … }`).

use pest::iterators::Pair;

use super::declarations::{member, note, strings};
use super::expressions::top_expr;
use super::literals::{number, unit_of};
use super::{span, spanned_str, unexpected_rule, Result};
use crate::diag::{SyntaxError, Text};
use crate::span::{Loc, Span, Spanned};
use crate::syntax::ast::{Pool, PoolRule, Quota, RankAmounts, Remainder, Shortfall, TieKey};
use crate::syntax::Rule;

/// An item a pool says at most once, written twice.
fn twice(word: &str, sp: Span) -> SyntaxError {
    SyntaxError::Unexpected {
        found: format!("`{word}`"),
        span: sp.into(),
        expected: "`成员`, `不超过`, `按比例核减`, `按 … 择优`, `并列 按 …`, `名额 …`, `前 … 名分别给予 …`, `额满为止`, `尾差`, `原文` or `解释` in `资金总额`".into(),
        open: None,
        help: Some(Text::new(
            "a pool states its total, its rule and its remainder once each",
            "资金总额只写一次总额、一次核减方式和一次尾差处理",
        )),
    }
}

pub(super) fn pool(pair: Pair<'_, Rule>) -> Result<Pool> {
    let mut name = Spanned::new(String::new(), Span::default());
    let mut members = Vec::new();
    let mut original = None;
    let mut notes = Vec::new();
    let mut total = None;
    let mut rule = None;
    let mut remainder = None;
    let mut rank_by = None;
    let mut until_full = None;
    let mut ties = None;
    let mut quotas = Vec::new();
    let mut rank_amounts = None;
    let mut errors = Vec::new();
    let mut head = span(&pair);
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::kw_pool => head = span(&p),
            Rule::name => {
                head = head.join(span(&p));
                name = spanned_str(&p);
            }
            Rule::original => original = strings(p).next(),
            Rule::note => notes.extend(note(p)),
            Rule::members => {
                members.extend(
                    p.into_inner()
                        .filter(|m| m.as_rule() == Rule::member)
                        .map(member),
                );
            }
            Rule::cap => {
                if total.is_some() {
                    errors.push(twice("不超过", span(&p)));
                }
                if let Some(q) = p.into_inner().find(|q| q.as_rule() == Rule::sum) {
                    match top_expr(q) {
                        Ok(e) => total = Some(e),
                        Err(e) => errors.extend(e),
                    }
                }
            }
            Rule::pool_pro_rata => {
                if rule.is_some() {
                    errors.push(twice("按比例核减", span(&p)));
                }
                rule = Some(Spanned::new(PoolRule::ProRata, span(&p)));
            }
            Rule::pool_ranked => {
                let sp = span(&p);
                if rule.is_some() {
                    errors.push(twice("择优", sp));
                }
                let mut highest_first = true;
                for q in p.into_inner() {
                    match q.as_rule() {
                        Rule::sum => match top_expr(q) {
                            Ok(e) => rank_by = Some(e),
                            Err(e) => errors.extend(e),
                        },
                        Rule::kw_lowest_first => highest_first = false,
                        _ => {}
                    }
                }
                rule = Some(Spanned::new(PoolRule::Ranked { highest_first }, sp));
            }
            Rule::pool_until_full => {
                let sp = span(&p);
                if until_full.is_some() {
                    errors.push(twice("额满为止", sp));
                }
                let word = p.into_inner().map(|q| q.as_rule()).last();
                let s = match word {
                    Some(Rule::kw_none_if_short) => Shortfall::NoneIfShort,
                    _ => Shortfall::RestToNext,
                };
                until_full = Some(Spanned::new(s, sp));
            }
            Rule::pool_ties => {
                let sp = span(&p);
                if ties.is_some() {
                    errors.push(twice("并列", sp));
                }
                let mut keys = Vec::new();
                for q in p.into_inner().filter(|q| q.as_rule() == Rule::tie_key) {
                    match tie_key(q) {
                        Ok(k) => keys.push(k),
                        Err(e) => errors.extend(e),
                    }
                }
                ties = Some(Spanned::new(keys, sp));
            }
            Rule::pool_quota => match quota(p) {
                Ok(q) => quotas.push(q),
                Err(e) => errors.extend(e),
            },
            Rule::pool_rank_amounts => {
                let sp = span(&p);
                if rank_amounts.is_some() {
                    errors.push(twice("分别给予", sp));
                }
                match amounts_by_rank(p) {
                    Ok(r) => rank_amounts = Some(r),
                    Err(e) => errors.extend(e),
                }
            }
            Rule::pool_remainder => {
                let sp = span(&p);
                if remainder.is_some() {
                    errors.push(twice("尾差", sp));
                }
                let word = p.into_inner().map(|q| q.as_rule()).last();
                let r = match word {
                    Some(Rule::kw_unspent) => Remainder::Unspent,
                    _ => Remainder::LargestFirst,
                };
                remainder = Some(Spanned::new(r, sp));
            }
            other => errors.push(unexpected_rule(other, &p)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Pool {
        name,
        members,
        total,
        rule,
        remainder,
        rank_by,
        until_full,
        ties,
        quotas,
        rank_amounts,
        original,
        notes,
        span: Loc(head),
    })
}

/// `按 x 从高到低` (or `从低到高`) after `并列`.
fn tie_key(pair: Pair<'_, Rule>) -> Result<TieKey> {
    let at = span(&pair);
    let mut by = None;
    let mut highest_first = true;
    for q in pair.into_inner() {
        match q.as_rule() {
            Rule::sum => by = Some(top_expr(q)?),
            Rule::kw_lowest_first => highest_first = false,
            Rule::kw_rank_by | Rule::kw_highest_first => {}
            other => return Err(vec![unexpected_rule(other, &q)]),
        }
    }
    let by = by.ok_or_else(|| vec![super::malformed("并列 按 …", at)])?;
    Ok(TieKey { by, highest_first })
}

/// `名额 10 户` or `名额 2 户 每 所属地区`: the number keeps a unit written apart from it.
fn quota(pair: Pair<'_, Rule>) -> Result<Quota> {
    let at = span(&pair);
    let mut count = None;
    let mut per = None;
    for q in pair.into_inner() {
        match q.as_rule() {
            Rule::number => count = Some(number(q)?),
            Rule::unit => {
                let unit = unit_of(q.as_str());
                match count.as_mut() {
                    Some(c) if c.node.unit.is_none() => {
                        c.node.unit = Some(unit);
                        c.span = c.span.join(span(&q));
                    }
                    _ => return Err(vec![super::malformed("名额 … 户", span(&q))]),
                }
            }
            Rule::name => per = Some(spanned_str(&q)),
            Rule::kw_quota | Rule::kw_each => {}
            other => return Err(vec![unexpected_rule(other, &q)]),
        }
    }
    let mut count = count.ok_or_else(|| vec![super::malformed("名额 … 户", at)])?;
    // `10 户`, `10户` and `10` are one quota (English writes no unit).
    if count.node.unit == Some(crate::syntax::ast::Unit::Count) {
        count.node.unit = None;
    }
    Ok(Quota {
        count,
        per,
        span: Loc(at),
    })
}

/// `前 3 名分别给予 1100万元、800万元、600万元` (en `top 3 get …`).
fn amounts_by_rank(pair: Pair<'_, Rule>) -> Result<RankAmounts> {
    let at = span(&pair);
    let mut count = None;
    let mut amounts = Vec::new();
    let mut errors = Vec::new();
    for q in pair.into_inner() {
        match q.as_rule() {
            Rule::number => match number(q) {
                Ok(n) => count = Some(n),
                Err(e) => errors.extend(e),
            },
            Rule::sum => match top_expr(q) {
                Ok(e) => amounts.push(e),
                Err(e) => errors.extend(e),
            },
            Rule::kw_top | Rule::kw_each_get => {}
            other => errors.push(unexpected_rule(other, &q)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let count = count.ok_or_else(|| vec![super::malformed("前 … 名分别给予 …", at)])?;
    Ok(RankAmounts {
        count,
        amounts,
        span: Loc(at),
    })
}
