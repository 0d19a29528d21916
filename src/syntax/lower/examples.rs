//! Lowering the EXAMPLES section of the grammar: worked examples and what each expects.

use pest::iterators::Pair;

use super::declarations::{member, note};
use super::literals::{literal, number, string};
use super::{all, malformed, span, spanned_str, unexpected_rule, Result};
use crate::span::{Loc, Spanned};
use crate::syntax::ast::*;
use crate::syntax::Rule;

/// An expected amount: a number, or `待定` (no amount).
fn expected_amount(pair: Option<Pair<'_, Rule>>) -> Result<Option<Spanned<Option<Number>>>> {
    match pair {
        None => Ok(None),
        Some(p) if p.as_rule() == Rule::tbd => Ok(Some(Spanned::new(None, span(&p)))),
        Some(p) => number(p).map(|n| Some(Spanned::new(Some(n.node), n.span))),
    }
}

/// `待定`, `30万元` or `20万元 至 50万元`, as an example states an amount.
fn expected_money(pair: Option<Pair<'_, Rule>>) -> Result<Option<Spanned<ExpectedMoney>>> {
    let Some(p) = pair else { return Ok(None) };
    let sp = span(&p);
    let money = match p.as_rule() {
        Rule::tbd => ExpectedMoney::Tbd,
        Rule::expect_range => {
            let mut bounds = p.into_inner().filter(|q| q.as_rule() == Rule::number);
            let (Some(lo), Some(hi)) = (bounds.next(), bounds.next()) else {
                return Err(vec![malformed("a range `… 至 …`", sp)]);
            };
            ExpectedMoney::Range(number(lo)?, number(hi)?)
        }
        _ => ExpectedMoney::Known(number(p)?.node),
    };
    Ok(Some(Spanned::new(money, sp)))
}

pub(super) fn example(pair: Pair<'_, Rule>) -> Result<Example> {
    let mut out = Example {
        name: Spanned::new(String::new(), span(&pair)),
        records: Vec::new(),
        sets: Vec::new(),
        expects: Vec::new(),
        notes: Vec::new(),
    };
    let mut errors = Vec::new();
    for p in pair.into_inner() {
        let result: Result<()> = match p.as_rule() {
            Rule::kw_example => Ok(()),
            Rule::string => {
                out.name = string(p);
                Ok(())
            }
            Rule::note => {
                out.notes.extend(note(p));
                Ok(())
            }
            Rule::example_record => {
                let record_span = Loc(span(&p));
                let cells = all(
                    p.into_inner().filter(|c| c.as_rule() == Rule::example_cell),
                    |c| {
                        let cell_span = span(&c);
                        let mut parts = c.into_inner();
                        let (Some(name), Some(value)) = (parts.next(), parts.next()) else {
                            return Err(vec![malformed("a cell `字段 = 值`", cell_span)]);
                        };
                        let vspan = span(&value);
                        let value = match value.as_rule() {
                            Rule::blank => CellValue::Blank,
                            Rule::name => CellValue::Word(value.as_str().to_string()),
                            _ => CellValue::Lit(literal(value)?),
                        };
                        Ok((spanned_str(&name), Spanned::new(value, vspan)))
                    },
                );
                cells.map(|cells| {
                    out.records.push(ExampleRecord {
                        span: record_span,
                        cells,
                    });
                })
            }
            Rule::example_set => {
                let mut parts = p.into_inner().filter(|q| q.as_rule() != Rule::kw_set);
                match (parts.next(), parts.next()) {
                    (Some(name), Some(value)) => {
                        let vspan = span(&value);
                        let value = match value.into_inner().next() {
                            Some(v) if v.as_rule() == Rule::tbd => Ok(None),
                            Some(v) => literal(v).map(Some),
                            None => Ok(None),
                        };
                        value.map(|v| out.sets.push((spanned_str(&name), Spanned::new(v, vspan))))
                    }
                    _ => Ok(()),
                }
            }
            Rule::expect => all(
                p.into_inner().filter(|e| {
                    matches!(
                        e.as_rule(),
                        Rule::expect_benefit | Rule::expect_award | Rule::expect_pool
                    )
                }),
                expectation,
            )
            .map(|e| out.expects.extend(e)),
            other => Err(vec![unexpected_rule(other, &p)]),
        };
        if let Err(e) = result {
            errors.extend(e);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// `"甲"` or `记录 2`: which record of a batch an expectation is about.
fn record_ref(pair: Pair<'_, Rule>) -> Result<Spanned<RecordRef>> {
    let sp = span(&pair);
    let Some(inner) = pair.into_inner().find(|q| q.as_rule() != Rule::kw_record) else {
        return Err(vec![malformed("a record `\"甲\"` or `记录 2`", sp)]);
    };
    match inner.as_rule() {
        Rule::string => Ok(Spanned::new(RecordRef::Key(string(inner).node), sp)),
        _ => position(&inner).map(|n| Spanned::new(RecordRef::Position(n), sp)),
    }
}

/// A place or a rank: `2`.
fn position(pair: &Pair<'_, Rule>) -> Result<u64> {
    pair.as_str()
        .parse::<u64>()
        .map_err(|_| vec![malformed("a whole number such as `2`", span(pair))])
}

/// `资金总额 名称 核定 … 留存 … 截止名次 …`.
fn pool_expectation(pair: Pair<'_, Rule>) -> Result<Expectation> {
    let sp = span(&pair);
    let mut name = None;
    let (mut allocated, mut unspent, mut cutoff) = (None, None, None);
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::name => name = Some(spanned_str(&p)),
            Rule::expect_allocated => {
                allocated =
                    expected_amount(p.into_inner().find(|q| q.as_rule() != Rule::kw_allocated))?;
            }
            Rule::expect_unspent => {
                unspent =
                    expected_amount(p.into_inner().find(|q| q.as_rule() != Rule::kw_unspent))?;
            }
            Rule::expect_cutoff => {
                if let Some(q) = p
                    .into_inner()
                    .find(|q| q.as_rule() == Rule::expect_position)
                {
                    cutoff = Some(Spanned::new(position(&q)?, span(&q)));
                }
            }
            _ => {}
        }
    }
    let Some(name) = name else {
        return Err(vec![malformed("`资金总额 名称 核定 …`", sp)]);
    };
    Ok(Expectation::Pool {
        name,
        allocated,
        unspent,
        cutoff,
        span: Loc(sp),
    })
}

fn expectation(pair: Pair<'_, Rule>) -> Result<Expectation> {
    let sp = span(&pair);
    if pair.as_rule() == Rule::expect_pool {
        return pool_expectation(pair);
    }
    let mut parts = pair.clone().into_inner().peekable();
    let record = match parts.peek() {
        Some(p) if p.as_rule() == Rule::expect_which => parts.next().map(record_ref).transpose()?,
        _ => None,
    };
    if pair.as_rule() == Rule::expect_benefit {
        let (Some(m), Some(status)) = (parts.next(), parts.next()) else {
            return Err(vec![malformed(
                "an expectation such as `第三条 符合 30万元`",
                sp,
            )]);
        };
        let status = match status.into_inner().next().map(|s| s.as_rule()) {
            Some(Rule::kw_eligible) => ExpectedStatus::Eligible,
            Some(Rule::kw_ineligible) => ExpectedStatus::Ineligible,
            Some(Rule::kw_undetermined) => ExpectedStatus::Undetermined,
            _ => return Err(vec![malformed("`符合`, `不符合` or `待查`", sp)]),
        };
        let (mut amount, mut payable, mut set_aside, mut allocated) = (None, None, None, None);
        let mut installments = Vec::new();
        for p in parts {
            match p.as_rule() {
                Rule::expect_payable => {
                    let value = p.into_inner().find(|q| q.as_rule() != Rule::kw_payable);
                    payable = expected_money(value)?;
                }
                Rule::expect_set_aside => set_aside = Some(Loc(span(&p))),
                Rule::expect_allocated => {
                    let value = p.into_inner().find(|q| q.as_rule() != Rule::kw_allocated);
                    allocated = expected_amount(value)?;
                }
                Rule::expect_installments => {
                    for i in p
                        .into_inner()
                        .filter(|q| q.as_rule() == Rule::expect_installment)
                    {
                        let installment_span = span(&i);
                        let mut parts = i.into_inner();
                        let (Some(label), Some(value)) = (parts.next(), parts.next()) else {
                            return Err(vec![malformed(
                                "an installment `\"标签\" 金额`",
                                installment_span,
                            )]);
                        };
                        installments.push(ExpectedInstallment {
                            label: string(label),
                            amount: number(value)?,
                        });
                    }
                }
                _ => amount = expected_money(Some(p))?,
            }
        }
        return Ok(Expectation::Benefit {
            record,
            member: member(m),
            status,
            amount,
            payable,
            set_aside,
            installments,
            allocated,
        });
    }
    let mut award = ExpectedAward::None;
    let mut provisional = false;
    for p in parts {
        match p.as_rule() {
            Rule::awarded => {
                let awarded_span = span(&p);
                let mut parts = p.into_inner().filter(|q| q.as_rule() != Rule::kw_award);
                let Some(m) = parts.next() else {
                    return Err(vec![malformed("`获奖 …`", awarded_span)]);
                };
                award = ExpectedAward::Awarded(member(m), expected_amount(parts.next())?);
            }
            Rule::pending => {
                award = ExpectedAward::Pending(
                    p.into_inner()
                        .filter(|q| q.as_rule() == Rule::member)
                        .map(member)
                        .collect(),
                );
            }
            Rule::provisional => provisional = true,
            _ => {}
        }
    }
    Ok(Expectation::Award {
        record,
        award,
        provisional,
        span: Loc(sp),
    })
}
