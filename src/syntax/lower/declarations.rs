//! Lowering the DECLARATIONS section of the grammar: the policy's header, record fields,
//! parameters, definitions, clauses, benefits and groups.

use pest::iterators::Pair;

use super::amounts::amount;
use super::expressions::top_expr;
use super::literals::{literal, number, scale, string, unit_of, word};
use super::{all, malformed, span, spanned_str, unexpected_rule, Result};
use crate::diag::SyntaxError;
use crate::span::{Loc, Span, Spanned};
use crate::syntax::ast::*;
use crate::syntax::names::rule_name;
use crate::syntax::Rule;
use rust_decimal::Decimal;

pub(super) fn policy_meta(pair: Pair<'_, Rule>) -> Result<Meta> {
    let mut inner = pair.into_inner();
    let mut title = None;
    let mut entries = Vec::new();
    for p in inner.by_ref() {
        match p.as_rule() {
            Rule::kw_policy => {}
            Rule::string => title = Some(string(p)),
            Rule::meta_entry => {
                let mut kv = p.into_inner();
                if let (Some(k), Some(v)) = (kv.next(), kv.next()) {
                    entries.push((spanned_str(&k), string(v)));
                }
            }
            other => return Err(vec![unexpected_rule(other, &p)]),
        }
    }
    Ok(Meta {
        title: title.unwrap_or_else(|| Spanned::new(String::new(), Span::default())),
        entries,
    })
}

pub(super) fn record(pair: Pair<'_, Rule>) -> Result<Vec<Field>> {
    all(
        pair.into_inner().filter(|p| p.as_rule() == Rule::field),
        field,
    )
}

fn field(pair: Pair<'_, Rule>) -> Result<Field> {
    let sp = span(&pair);
    let mut inner = pair.into_inner();
    let (Some(name), Some(ty)) = (inner.next(), inner.next()) else {
        return Err(vec![malformed("a field `名称 类型`", sp)]);
    };
    let mut field = Field {
        name: spanned_str(&name),
        ty: field_type(ty)?,
        optional: false,
        key: false,
        area: false,
        label: None,
        unit: None,
    };
    let mut errors = Vec::new();
    for attr in inner {
        let mut parts = attr.into_inner();
        let Some(kw) = parts.next() else { continue };
        match kw.as_rule() {
            Rule::kw_optional => field.optional = true,
            Rule::kw_key => field.key = true,
            Rule::kw_area => field.area = true,
            Rule::kw_label => field.label = parts.next().map(string),
            Rule::kw_unit => match parts.next() {
                // A bare unit (`单位 万元`) is one of it.
                Some(u) if u.as_rule() == Rule::unit => {
                    let sp = span(&u);
                    let unit = unit_of(u.as_str());
                    field.unit = scale(Decimal::ONE, unit).map(|value| {
                        Spanned::new(
                            Number {
                                value,
                                unit: Some(unit),
                            },
                            sp,
                        )
                    });
                }
                Some(n) => match number(n) {
                    Ok(n) => field.unit = Some(n),
                    Err(e) => errors.extend(e),
                },
                None => {}
            },
            other => errors.push(unexpected_rule(other, &kw)),
        }
    }
    if errors.is_empty() {
        Ok(field)
    } else {
        Err(errors)
    }
}

fn field_type(pair: Pair<'_, Rule>) -> Result<Spanned<TypeExpr>> {
    let sp = span(&pair);
    let Some(p) = pair.into_inner().next() else {
        return Err(vec![malformed("a type", sp)]);
    };
    let ty = match p.as_rule() {
        Rule::ty_money => TypeExpr::Money,
        Rule::ty_ratio => TypeExpr::Ratio,
        Rule::ty_count => TypeExpr::Count,
        Rule::ty_bool => TypeExpr::Bool,
        Rule::ty_date => TypeExpr::Date,
        Rule::ty_text => TypeExpr::Text,
        Rule::enum_type => TypeExpr::Enum(
            p.into_inner()
                .filter(|w| w.as_rule() == Rule::word_set)
                .flat_map(|s| s.into_inner())
                .map(word)
                .collect(),
        ),
        other => return Err(vec![unexpected_rule(other, &p)]),
    };
    Ok(Spanned::new(ty, sp))
}

pub(super) fn param(pair: Pair<'_, Rule>) -> Result<Param> {
    let sp = span(&pair);
    let mut inner = pair.into_inner().filter(|p| p.as_rule() != Rule::kw_param);
    let (Some(name), Some(ty), Some(value)) = (inner.next(), inner.next(), inner.next()) else {
        return Err(vec![malformed("`参数 名称 类型 = 值`", sp)]);
    };
    let note = inner.next().and_then(note);
    let vspan = span(&value);
    let default = match value.into_inner().next() {
        Some(p) if p.as_rule() == Rule::tbd => None,
        Some(p) => Some(literal(p)?),
        None => None,
    };
    Ok(Param {
        name: spanned_str(&name),
        ty: field_type(ty)?,
        default: Spanned::new(default, vspan),
        note,
    })
}

pub(super) fn note(pair: Pair<'_, Rule>) -> Option<Spanned<String>> {
    pair.into_inner()
        .find(|p| p.as_rule() == Rule::string)
        .map(string)
}

pub(super) fn define(pair: Pair<'_, Rule>) -> Result<Define> {
    let sp = span(&pair);
    let mut inner = pair.into_inner().filter(|p| p.as_rule() != Rule::kw_define);
    let (Some(name), Some(expr)) = (inner.next(), inner.next()) else {
        return Err(vec![malformed("`定义 名称 = 表达式`", sp)]);
    };
    Ok(Define {
        name: spanned_str(&name),
        expr: top_expr(expr)?,
        note: inner.next().and_then(note),
    })
}

pub(super) fn clause(pair: Pair<'_, Rule>) -> Result<Clause> {
    let mut out = Clause {
        id: Spanned::new(String::new(), Span::default()),
        title: None,
        units: Vec::new(),
        original: None,
        notes: Vec::new(),
        benefits: Vec::new(),
    };
    let mut errors = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::kw_clause => {}
            Rule::name => out.id = spanned_str(&p),
            Rule::string => out.title = Some(string(p)),
            Rule::units => out.units.extend(strings(p)),
            Rule::original => out.original = strings(p).next(),
            Rule::note => out.notes.extend(note(p)),
            Rule::subsidy | Rule::service => match benefit(p) {
                Ok(b) => out.benefits.push(b),
                Err(e) => errors.extend(e),
            },
            other => errors.push(unexpected_rule(other, &p)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

pub(super) fn strings(pair: Pair<'_, Rule>) -> impl Iterator<Item = Spanned<String>> + '_ {
    pair.into_inner()
        .filter(|p| p.as_rule() == Rule::string)
        .map(string)
}

fn benefit(pair: Pair<'_, Rule>) -> Result<Benefit> {
    let kind = if pair.as_rule() == Rule::subsidy {
        BenefitKind::Subsidy
    } else {
        BenefitKind::Service
    };
    let mut out = Benefit {
        kind,
        name: Spanned::new(String::new(), Span::default()),
        condition: None,
        amount: None,
        installments: Vec::new(),
        funds: Vec::new(),
        content: None,
        notes: Vec::new(),
        span: Loc(span(&pair)),
    };
    let mut errors = Vec::new();
    for p in pair.into_inner() {
        let result = match p.as_rule() {
            Rule::kw_subsidy | Rule::kw_service => Ok(()),
            Rule::name => {
                out.name = spanned_str(&p);
                Ok(())
            }
            Rule::condition => match p.into_inner().find(|q| q.as_rule() == Rule::logic) {
                Some(q) => top_expr(q).map(|e| out.condition = Some(e)),
                None => Ok(()),
            },
            Rule::amount_decl => {
                match p
                    .into_inner()
                    .find(|q| matches!(q.as_rule(), Rule::amount | Rule::by_rank))
                {
                    Some(q) if q.as_rule() == Rule::by_rank => {
                        out.amount = Some(Amount {
                            core: AmountCore::ByRank,
                            bounds: Vec::new(),
                            span: Loc(span(&q)),
                        });
                        Ok(())
                    }
                    Some(q) => amount(q).map(|a| out.amount = Some(a)),
                    None => Ok(()),
                }
            }
            Rule::installments => all(
                p.into_inner().filter(|q| q.as_rule() == Rule::installment),
                installment,
            )
            .map(|i| out.installments = i),
            Rule::funds => {
                out.funds = strings(p).collect();
                Ok(())
            }
            Rule::content => {
                out.content = strings(p).next();
                Ok(())
            }
            Rule::note => {
                out.notes.extend(note(p));
                Ok(())
            }
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

fn installment(pair: Pair<'_, Rule>) -> Result<Installment> {
    let sp = span(&pair);
    let mut inner = pair.into_inner();
    let (Some(label), Some(share)) = (inner.next(), inner.next()) else {
        return Err(vec![malformed("an installment `\"标签\" 比例`", sp)]);
    };
    Ok(Installment {
        label: string(label),
        share: top_expr(share)?,
    })
}

pub(super) fn member(pair: Pair<'_, Rule>) -> Member {
    let mut parts = pair.into_inner();
    let clause = parts.next().map_or_else(
        || Spanned::new(String::new(), Span::default()),
        |c| spanned_str(&c),
    );
    Member {
        clause,
        benefit: parts.next().map(|b| spanned_str(&b)),
    }
}

/// Whether a group item belongs to the other kind of group.
fn misplaced(cumulative: bool, rule: Rule) -> bool {
    match rule {
        Rule::cap | Rule::cap_order => !cumulative,
        _ => cumulative,
    }
}

pub(super) fn group(pair: Pair<'_, Rule>) -> Result<Group> {
    let cumulative = pair.as_rule() == Rule::cumulative;
    let mut name = Spanned::new(String::new(), Span::default());
    let mut members = Vec::new();
    let mut original = None;
    let mut notes = Vec::new();
    let mut highest = true;
    // Which rule the group gave (`就高`: true), once given.
    let mut rule_given: Option<bool> = None;
    let mut cap = None;
    let mut order = None;
    let mut errors = Vec::new();
    let mut head = span(&pair);
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::kw_exclusive | Rule::kw_cumulative => head = span(&p),
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
            Rule::rule_highest | Rule::rule_choose | Rule::cap | Rule::cap_order
                if misplaced(cumulative, p.as_rule()) =>
            {
                errors.push(SyntaxError::Unexpected {
                    found: rule_name(p.as_rule()).to_string(),
                    span: span(&p).into(),
                    expected: if cumulative {
                        "`成员`, `不超过`, `核减`, `原文` or `解释` in `累计上限`".into()
                    } else {
                        "`成员`, `就高`, `择一`, `原文` or `解释` in `不可兼得`".into()
                    },
                    open: None,
                    help: Some(if cumulative {
                        crate::diag::Text::new(
                            "`就高` and `择一` decide an exclusive group (`不可兼得`)",
                            "`就高` 和 `择一` 用于不可兼得组（`不可兼得`）",
                        )
                    } else if p.as_rule() == Rule::cap_order {
                        crate::diag::Text::new(
                            "`核减 …` orders the cap of a cumulative group (`累计上限`)",
                            "`核减 …` 用于累计上限组（`累计上限`）的核减顺序",
                        )
                    } else {
                        crate::diag::Text::new(
                            "a cap `不超过 …` belongs to a cumulative group (`累计上限`)",
                            "上限 `不超过 …` 用于累计上限组（`累计上限`）",
                        )
                    }),
                });
            }
            Rule::cap_order => {
                let sp = span(&p);
                let word = p.into_inner().map(|q| q.as_rule()).last();
                let o = match word {
                    Some(Rule::kw_largest_first) => CapOrder::LargestFirst,
                    Some(Rule::kw_smallest_first) => CapOrder::SmallestFirst,
                    _ => CapOrder::LastFirst,
                };
                if order.is_some() {
                    errors.push(SyntaxError::Unexpected {
                        found: "`核减`".to_string(),
                        span: sp.into(),
                        expected: "`成员`, `不超过`, `原文` or `解释` in `累计上限`".into(),
                        open: None,
                        help: Some(crate::diag::Text::new(
                            "a group says once which members its cap reduces first",
                            "一个组只写一次核减顺序",
                        )),
                    });
                }
                order = Some(Spanned::new(o, sp));
            }
            Rule::rule_highest | Rule::rule_choose => {
                let this = p.as_rule() == Rule::rule_highest;
                if let Some(first) = rule_given.replace(this) {
                    // Two rules: the last would silently win (and `fmt` drop the other).
                    errors.push(SyntaxError::Unexpected {
                        found: rule_name(p.as_rule()).to_string(),
                        span: span(&p).into(),
                        expected: "`成员`, `原文` or `解释`".into(),
                        open: None,
                        help: Some(match first == this {
                            true => crate::diag::Text::new(
                                "the group already says how it decides: leave one out",
                                "该组已写明如何决定：删去其中一个",
                            ),
                            false => crate::diag::Text::new(
                                "a group takes the highest (`就高`) or leaves the choice to the officer (`择一`), not both: keep the one the notice says",
                                "一个组要么就高（`就高`），要么由经办人择一（`择一`），不能两者都写：保留通知所写的一个",
                            ),
                        }),
                    });
                }
                highest = this;
            }
            Rule::cap => {
                if let Some(q) = p.into_inner().find(|q| q.as_rule() == Rule::sum) {
                    match top_expr(q) {
                        Ok(e) => cap = Some(e),
                        Err(e) => errors.extend(e),
                    }
                }
            }
            other => errors.push(unexpected_rule(other, &p)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let kind = if cumulative {
        GroupKind::Cumulative { cap, order }
    } else {
        GroupKind::Exclusive { highest }
    };
    Ok(Group {
        kind,
        name,
        members,
        original,
        notes,
        span: Loc(head),
    })
}
