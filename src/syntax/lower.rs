//! Lowering: pest pairs to the typed AST, one function per grammar rule.
//!
//! Siblings are lowered independently and their errors merged, so one run reports every broken
//! literal in the file.

use std::sync::LazyLock;

use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use pest::Parser;
use rust_decimal::Decimal;

use super::ast::*;
use super::errors::{pest_error, prescan};
use super::keywords::{self, Lang};
use super::limits;
use super::names::rule_name;
use super::{PolicyParser, Rule};
use crate::diag::SyntaxError;
use crate::eval::value::Date;
use crate::span::{Loc, Span, Spanned};

/// The deepest bracket nesting a policy may use; deeper input is rejected before parsing so that
/// no input can overflow the stack.
pub const MAX_NESTING: usize = 64;
/// The most grammar nodes one expression may have.
pub const MAX_EXPR_NODES: usize = 4000;
/// The deepest expression tree allowed (a chain `a + b + …` of 200 terms is 200 deep).
pub const MAX_DEPTH: usize = 200;

mod amounts;

use amounts::amount;

type Result<T> = std::result::Result<T, Vec<SyntaxError>>;

/// A part the grammar accepted but that could not be read into the AST: a located error, so
/// lowering never fails without saying where.
fn malformed(part: &str, at: Span) -> SyntaxError {
    SyntaxError::Malformed {
        part: part.to_string(),
        span: at.into(),
    }
}

/// Parse a policy's text into its AST, or every syntax error found.
pub fn parse(source: &str) -> Result<Policy> {
    limits::check_text(source)?;
    prescan(source, MAX_NESTING)?;
    let mut pairs =
        PolicyParser::parse(Rule::policy, source).map_err(|e| vec![pest_error(e, source)])?;
    limits::check_names(pairs.clone())?;
    match pairs.next() {
        Some(pair) => policy(pair),
        None => Ok(Policy::default()),
    }
}

/// The pair's span without the whitespace and comments pest leaves at its end after a failed
/// optional or repeated part.
fn span(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.start() + trim_trivia(pair.as_str()).len())
}

/// `text` without trailing whitespace and trailing `#` comments (quoted text is skipped, so a
/// `#` inside 「…」 is kept).
fn trim_trivia(text: &str) -> &str {
    let mut close: Option<char> = None;
    let mut comment = false;
    let mut end = 0;
    for (at, c) in text.char_indices() {
        if comment {
            comment = c != '\n';
            continue;
        }
        match close {
            Some(q) if c == q => close = None,
            Some(_) => {}
            None => match c {
                '#' => {
                    comment = true;
                    continue;
                }
                '"' => close = Some('"'),
                '「' => close = Some('」'),
                '“' => close = Some('”'),
                _ => {}
            },
        }
        if !c.is_whitespace() {
            end = at + c.len_utf8();
        }
    }
    &text[..end]
}

fn spanned_str(pair: &Pair<'_, Rule>) -> Spanned<String> {
    Spanned::new(pair.as_str().to_string(), span(pair))
}

/// Run `f` on every pair, keeping all successes or all errors.
fn all<'i, T>(
    pairs: impl Iterator<Item = Pair<'i, Rule>>,
    mut f: impl FnMut(Pair<'i, Rule>) -> Result<T>,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for pair in pairs {
        match f(pair) {
            Ok(v) => out.push(v),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The file's keyword language: that of its first keyword. A keyword of the other language is
/// an error naming both (the message is written as for a Chinese file, the usual case).
fn language(pair: &Pair<'_, Rule>) -> Result<Lang> {
    let mut first: Option<(Lang, Pair<'_, Rule>)> = None;
    for p in pair.clone().into_inner().flatten() {
        let name = format!("{:?}", p.as_rule());
        if !(name.starts_with("kw_") || name.starts_with("ty_")) {
            continue;
        }
        let lang = Lang::of(p.as_str());
        match &first {
            None => first = Some((lang, p)),
            Some((l, f)) if *l != lang => {
                let suggestion = keywords::by_rule(&name).map_or("", |k| k.spelling(*l));
                let (message_first, message_second) = (f.as_str(), p.as_str());
                return Err(vec![SyntaxError::MixedKeywords {
                    first: message_first.to_string(),
                    first_span: span(f).into(),
                    second: message_second.to_string(),
                    span: span(&p).into(),
                    suggestion: suggestion.to_string(),
                }]);
            }
            Some(_) => {}
        }
    }
    Ok(first.map_or(Lang::Zh, |(l, _)| l))
}

fn policy(pair: Pair<'_, Rule>) -> Result<Policy> {
    let mut out = Policy {
        lang: language(&pair)?,
        ..Policy::default()
    };
    let mut errors = Vec::new();
    for item in pair.into_inner() {
        let result = match item.as_rule() {
            Rule::policy_meta => policy_meta(item).map(|m| out.meta = Some(m)),
            Rule::record => {
                out.record_spans.push(Loc(span(&item)));
                record(item).map(|f| out.fields.extend(f))
            }
            Rule::param => param(item).map(|p| out.params.push(p)),
            Rule::define => define(item).map(|d| out.defines.push(d)),
            Rule::clause => clause(item).map(|c| out.clauses.push(c)),
            Rule::exclusive | Rule::cumulative => group(item).map(|g| out.groups.push(g)),
            Rule::example => example(item).map(|e| out.examples.push(e)),
            Rule::EOI => Ok(()),
            other => Err(vec![unexpected_rule(other, &item)]),
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

/// A grammar rule where the lowering did not expect one: a bug in the grammar/lowering pairing,
/// reported as a syntax error rather than a panic.
fn unexpected_rule(rule: Rule, pair: &Pair<'_, Rule>) -> SyntaxError {
    SyntaxError::Unexpected {
        found: rule_name(rule).to_string(),
        span: span(pair).into(),
        expected: "something else".to_string(),
        open: None,
        help: None,
    }
}

fn string(pair: Pair<'_, Rule>) -> Spanned<String> {
    let sp = span(&pair);
    let inner = pair.into_inner().next();
    let text = match inner {
        Some(p) if p.as_rule() == Rule::string_inner => unescape(p.as_str()),
        Some(p) => p.as_str().to_string(),
        None => String::new(),
    };
    Spanned::new(text, sp)
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

fn policy_meta(pair: Pair<'_, Rule>) -> Result<Meta> {
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

fn record(pair: Pair<'_, Rule>) -> Result<Vec<Field>> {
    all(
        pair.into_inner().filter(|p| p.as_rule() == Rule::field),
        field,
    )
}

fn field(pair: Pair<'_, Rule>) -> Result<Field> {
    let mut inner = pair.into_inner();
    let (Some(name), Some(ty)) = (inner.next(), inner.next()) else {
        return Ok(empty_field());
    };
    let mut field = Field {
        name: spanned_str(&name),
        ty: field_type(ty),
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

fn empty_field() -> Field {
    Field {
        name: Spanned::new(String::new(), Span::default()),
        ty: Spanned::new(TypeExpr::Text, Span::default()),
        optional: false,
        key: false,
        area: false,
        label: None,
        unit: None,
    }
}

fn field_type(pair: Pair<'_, Rule>) -> Spanned<TypeExpr> {
    let sp = span(&pair);
    let ty = match pair.into_inner().next() {
        Some(p) => match p.as_rule() {
            Rule::ty_money => TypeExpr::Money,
            Rule::ty_ratio => TypeExpr::Ratio,
            Rule::ty_count => TypeExpr::Count,
            Rule::ty_bool => TypeExpr::Bool,
            Rule::ty_date => TypeExpr::Date,
            Rule::enum_type => TypeExpr::Enum(
                p.into_inner()
                    .filter(|w| w.as_rule() == Rule::word_set)
                    .flat_map(|s| s.into_inner())
                    .map(word)
                    .collect(),
            ),
            // ty_text, and nothing else can appear here.
            _ => TypeExpr::Text,
        },
        None => TypeExpr::Text,
    };
    Spanned::new(ty, sp)
}

fn word(pair: Pair<'_, Rule>) -> Ident {
    match pair.into_inner().next() {
        Some(p) if p.as_rule() == Rule::string => string(p),
        Some(p) => spanned_str(&p),
        None => Spanned::new(String::new(), Span::default()),
    }
}

fn param(pair: Pair<'_, Rule>) -> Result<Param> {
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
        ty: field_type(ty),
        default: Spanned::new(default, vspan),
        note,
    })
}

fn note(pair: Pair<'_, Rule>) -> Option<Spanned<String>> {
    pair.into_inner()
        .find(|p| p.as_rule() == Rule::string)
        .map(string)
}

fn define(pair: Pair<'_, Rule>) -> Result<Define> {
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

fn clause(pair: Pair<'_, Rule>) -> Result<Clause> {
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

fn strings(pair: Pair<'_, Rule>) -> impl Iterator<Item = Spanned<String>> + '_ {
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
            Rule::amount_decl => match p.into_inner().find(|q| q.as_rule() == Rule::amount) {
                Some(q) => amount(q).map(|a| out.amount = Some(a)),
                None => Ok(()),
            },
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

/// The `sum` children of a pair, lowered with every error kept.
fn sums(pair: Pair<'_, Rule>) -> Result<Vec<Expr>> {
    all(
        pair.into_inner().filter(|p| p.as_rule() == Rule::sum),
        top_expr,
    )
}

fn member(pair: Pair<'_, Rule>) -> Member {
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

fn example(pair: Pair<'_, Rule>) -> Result<Example> {
    let mut out = Example {
        name: Spanned::new(String::new(), span(&pair)),
        cells: Vec::new(),
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
                cells.map(|c| out.cells.extend(c))
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
                p.into_inner()
                    .filter(|e| matches!(e.as_rule(), Rule::expect_benefit | Rule::expect_award)),
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

fn expectation(pair: Pair<'_, Rule>) -> Result<Expectation> {
    let sp = span(&pair);
    if pair.as_rule() == Rule::expect_benefit {
        let mut parts = pair.into_inner();
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
        let (mut amount, mut payable, mut set_aside) = (None, None, None);
        let mut installments = Vec::new();
        for p in parts {
            match p.as_rule() {
                Rule::expect_payable => {
                    let value = p.into_inner().find(|q| q.as_rule() != Rule::kw_payable);
                    payable = expected_money(value)?;
                }
                Rule::expect_set_aside => set_aside = Some(Loc(span(&p))),
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
            member: member(m),
            status,
            amount,
            payable,
            set_aside,
            installments,
        });
    }
    let mut award = ExpectedAward::None;
    let mut provisional = false;
    for p in pair.into_inner() {
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
        award,
        provisional,
        span: Loc(sp),
    })
}

/// Whether a group item belongs to the other kind of group.
fn misplaced(cumulative: bool, rule: Rule) -> bool {
    match rule {
        Rule::cap | Rule::cap_order => !cumulative,
        _ => cumulative,
    }
}

fn group(pair: Pair<'_, Rule>) -> Result<Group> {
    let cumulative = pair.as_rule() == Rule::cumulative;
    let mut name = Spanned::new(String::new(), Span::default());
    let mut members = Vec::new();
    let mut original = None;
    let mut notes = Vec::new();
    let mut highest = true;
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
            Rule::rule_highest => highest = true,
            Rule::rule_choose => highest = false,
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

// ---------------------------------------------------------------------------------- expressions

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
fn top_expr(pair: Pair<'_, Rule>) -> Result<Expr> {
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
fn both<A, B>(lhs: Result<A>, rhs: Result<B>) -> Result<(A, B)> {
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
            return super::lower_dates::between(
                lhs,
                low.map(expr),
                high.map(expr),
                sp,
                span(&tail),
            );
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
        _ => literal(pair).map(|l| Spanned::new(ExprKind::Lit(l), sp)),
    }
}

/// Lower a literal pair (used for `--set` values).
pub fn lower_literal(pair: Pair<'_, Rule>) -> Result<Literal> {
    literal(pair)
}

fn literal(pair: Pair<'_, Rule>) -> Result<Literal> {
    match pair.as_rule() {
        Rule::number => number(pair).map(|n| Literal::Number(n.node)),
        Rule::duration => super::lower_dates::duration(pair),
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

fn number(pair: Pair<'_, Rule>) -> Result<Spanned<Number>> {
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

fn unit_of(text: &str) -> Unit {
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
pub(crate) fn scale(raw: Decimal, unit: Unit) -> Option<Decimal> {
    match unit {
        Unit::Yuan | Unit::Count => Some(raw),
        Unit::Qian => raw.checked_mul(Decimal::from(1_000)),
        Unit::Wan => raw.checked_mul(Decimal::from(10_000)),
        Unit::Yi => raw.checked_mul(Decimal::from(100_000_000)),
        Unit::Percent => raw.checked_div(Decimal::from(100)),
    }
}
