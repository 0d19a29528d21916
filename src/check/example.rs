//! Worked examples: each cell typed against its field, parameters and expected benefits resolved.

use rust_decimal::Decimal;

use super::declare::fits;
use super::expr::{describe, literal_node, literal_ty};
use super::{Binding, Scope};
use crate::diag::suggest::suggest;
use crate::diag::CheckError;
use crate::eval::plan::{
    BenefitPlan, ClauseInfo, Dim, ExamplePlan, ExpectKind, ExpectPlan, ExpectedAward, ParamInfo, Ty,
};
use crate::eval::value::Cell;
use crate::eval::Status;
use crate::schema::{FieldType, Schema};
use crate::span::Span;
use crate::syntax::ast::{self, BenefitKind, CellValue, ExpectedStatus, Literal, Member, Number};

/// What an example needs to see of the checked policy.
pub(super) struct Context<'a> {
    pub scope: &'a Scope,
    pub schema: &'a Schema,
    pub params: &'a [ParamInfo],
    pub clauses: &'a [ClauseInfo],
    pub benefits: &'a [BenefitPlan],
    pub main_group: Option<&'a [usize]>,
    pub source: &'a str,
}

/// Compile every example.
pub(super) fn examples(
    policy: &ast::Policy,
    cx: &Context<'_>,
    errors: &mut Vec<CheckError>,
) -> Vec<ExamplePlan> {
    let mut seen: Vec<(&str, Span)> = Vec::new();
    let mut out = Vec::new();
    for e in &policy.examples {
        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == e.name.node) {
            errors.push(CheckError::Duplicate {
                name: e.name.node.clone(),
                span: e.name.span.into(),
                first: (*first).into(),
            });
        }
        seen.push((&e.name.node, e.name.span));
        let before = errors.len();
        let cells = record(e, cx, errors);
        let sets = e
            .sets
            .iter()
            .filter_map(|(name, value)| set(name, value, cx, errors))
            .collect();
        let expects = e
            .expects
            .iter()
            .filter_map(|x| expectation(x, cx, errors))
            .collect();
        if errors.len() == before {
            out.push(ExamplePlan {
                name: e.name.node.clone(),
                span: e.name.span,
                cells,
                sets,
                expects,
            });
        }
    }
    out
}

/// The neutral value of a field an example does not name: no, zero, the word 无/none, blank for
/// dates and optional fields, the example's name for the key.
fn default_cell(field: &crate::schema::FieldDef, example: &str) -> Cell {
    if field.optional {
        return Cell::Blank;
    }
    match &field.ty {
        FieldType::Text if field.key => Cell::Text(example.to_string()),
        FieldType::Text => Cell::Text(String::new()),
        FieldType::Bool => Cell::Bool(false),
        FieldType::Money | FieldType::Ratio | FieldType::Count => Cell::Num(Decimal::ZERO),
        FieldType::Date => Cell::Blank,
        FieldType::Enum(words) => words
            .iter()
            .position(|w| matches!(w.as_str(), "无" | "none" | "否"))
            .map_or(Cell::Blank, |i| Cell::Word(i as u16)),
    }
}

fn record(e: &ast::Example, cx: &Context<'_>, errors: &mut Vec<CheckError>) -> Vec<Cell> {
    let mut cells: Vec<Cell> = cx
        .schema
        .fields
        .iter()
        .map(|f| default_cell(f, &e.name.node))
        .collect();
    let mut named: Vec<(usize, Span)> = Vec::new();
    for (name, value) in &e.cells {
        let Some(slot) = cx.schema.slot(&name.node) else {
            errors.push(CheckError::UnknownName {
                name: name.node.clone(),
                span: name.span.into(),
                help: suggest(&name.node, cx.schema.fields.iter().map(|f| f.name.as_str()))
                    .map(|s| format!("did you mean `{s}`?")),
            });
            continue;
        };
        if let Some((_, first)) = named.iter().find(|(s, _)| *s == slot) {
            errors.push(CheckError::Duplicate {
                name: name.node.clone(),
                span: name.span.into(),
                first: (*first).into(),
            });
        }
        named.push((slot, name.span));
        if let Some(cell) = typed_cell(slot, value, cx, errors) {
            cells[slot] = cell;
        }
    }
    cells
}

fn typed_cell(
    slot: usize,
    value: &crate::span::Spanned<CellValue>,
    cx: &Context<'_>,
    errors: &mut Vec<CheckError>,
) -> Option<Cell> {
    let field = &cx.schema.fields[slot];
    let want = cx.scope.field_tys[slot];
    let wrong = |found: String, errors: &mut Vec<CheckError>| {
        errors.push(CheckError::WrongType {
            expected: describe(want, cx.scope),
            found,
            span: value.span.into(),
            help: Some(format!("`{}` is {}", field.name, describe(want, cx.scope))),
        });
    };
    match (&value.node, &field.ty) {
        (CellValue::Blank, _) => Some(Cell::Blank),
        (CellValue::Word(w) | CellValue::Lit(Literal::Text(w)), FieldType::Enum(words)) => {
            match words.iter().position(|x| x == w) {
                Some(i) => Some(Cell::Word(i as u16)),
                None => {
                    errors.push(CheckError::UnknownWord {
                        word: w.clone(),
                        field: field.name.clone(),
                        span: value.span.into(),
                        help: format!("the words are: {}", words.join(", ")),
                    });
                    None
                }
            }
        }
        (CellValue::Word(w) | CellValue::Lit(Literal::Text(w)), FieldType::Text) => {
            Some(Cell::Text(w.clone()))
        }
        (CellValue::Word(w), _) => {
            wrong(format!("the word `{w}`"), errors);
            None
        }
        (CellValue::Lit(lit), _) => {
            let ty = literal_ty(lit);
            if !fits(ty, want) {
                wrong(describe(ty, cx.scope), errors);
                return None;
            }
            if let (Literal::Number(n), Ty::Num(Dim::Count)) = (lit, want) {
                if !n.value.is_integer() || n.value.is_sign_negative() {
                    wrong("a number that is not a whole count".into(), errors);
                    return None;
                }
            }
            Some(match lit {
                Literal::Number(n) => Cell::Num(n.value),
                Literal::Bool(b) => Cell::Bool(*b),
                Literal::Date(d) => Cell::Date(*d),
                Literal::Text(t) => Cell::Text(t.clone()),
            })
        }
    }
}

fn set(
    name: &ast::Ident,
    value: &crate::span::Spanned<Option<Literal>>,
    cx: &Context<'_>,
    errors: &mut Vec<CheckError>,
) -> Option<(usize, Option<crate::eval::plan::Node>)> {
    let index = match cx.scope.names.get(&name.node) {
        Some((Binding::Param(i), _)) => *i,
        _ => {
            errors.push(CheckError::UnknownName {
                name: name.node.clone(),
                span: name.span.into(),
                help: suggest(&name.node, cx.params.iter().map(|p| p.name.as_str()))
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| {
                        Some("`设定` gives a value to a parameter declared with `参数`".into())
                    }),
            });
            return None;
        }
    };
    let want = cx.params[index].ty;
    match &value.node {
        None => Some((index, None)),
        Some(lit) if fits(literal_ty(lit), want) => Some((index, Some(literal_node(lit)))),
        Some(lit) => {
            errors.push(CheckError::WrongType {
                expected: describe(want, cx.scope),
                found: describe(literal_ty(lit), cx.scope),
                span: value.span.into(),
                help: None,
            });
            None
        }
    }
}

/// The benefit a member names: `第三条.稳岗留工补贴`, or a bare clause with one subsidy (or one
/// benefit).
fn resolve(m: &Member, cx: &Context<'_>, errors: &mut Vec<CheckError>) -> Option<usize> {
    let Some(clause) = cx.clauses.iter().position(|c| c.id == m.clause.node) else {
        errors.push(CheckError::UnknownClause {
            name: m.clause.node.clone(),
            span: m.clause.span.into(),
            help: suggest(&m.clause.node, cx.clauses.iter().map(|c| c.id.as_str()))
                .map(|s| format!("did you mean `{s}`?")),
        });
        return None;
    };
    let of_clause: Vec<usize> = (0..cx.benefits.len())
        .filter(|&b| cx.benefits[b].clause == clause)
        .collect();
    let names = || -> String {
        of_clause
            .iter()
            .map(|&b| format!("`{}.{}`", m.clause.node, cx.benefits[b].name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(name) = &m.benefit {
        let found = of_clause
            .iter()
            .copied()
            .find(|&b| cx.benefits[b].name == name.node);
        if found.is_none() {
            errors.push(CheckError::UnknownClause {
                name: format!("{}.{}", m.clause.node, name.node),
                span: m.clause.span.join(name.span).into(),
                help: Some(format!("its benefits are: {}", names())),
            });
        }
        return found;
    }
    let subsidies: Vec<usize> = of_clause
        .iter()
        .copied()
        .filter(|&b| cx.benefits[b].kind == BenefitKind::Subsidy)
        .collect();
    match (subsidies.as_slice(), of_clause.as_slice()) {
        ([only], _) | ([], [only]) => Some(*only),
        _ => {
            errors.push(CheckError::Invalid {
                message: format!("`{}` grants several benefits", m.clause.node),
                span: m.clause.span.into(),
                label: "which one?".into(),
                help: Some(format!("name one of them: {}", names())),
            });
            None
        }
    }
}

fn amount(n: &Option<crate::span::Spanned<Option<Number>>>) -> Option<Option<Decimal>> {
    n.as_ref().map(|a| a.node.as_ref().map(|n| n.value))
}

fn expectation(
    x: &ast::Expectation,
    cx: &Context<'_>,
    errors: &mut Vec<CheckError>,
) -> Option<ExpectPlan> {
    match x {
        ast::Expectation::Benefit {
            member,
            status,
            amount: a,
        } => {
            let benefit = resolve(member, cx, errors)?;
            let status = match status {
                ExpectedStatus::Eligible => Status::Eligible,
                ExpectedStatus::Ineligible => Status::Ineligible,
                ExpectedStatus::Undetermined => Status::Undetermined,
            };
            let end = a.as_ref().map_or(member.clause.span, |a| a.span);
            Some(ExpectPlan {
                kind: ExpectKind::Benefit {
                    benefit,
                    status,
                    amount: amount(a),
                },
                text: member.clause.span.join(end).text(cx.source).to_string(),
            })
        }
        ast::Expectation::Award {
            award,
            provisional,
            span,
        } => {
            let Some(group) = cx.main_group else {
                errors.push(CheckError::Invalid {
                    message: "this policy has no exclusive group to award".into(),
                    span: span.0.into(),
                    label: "no `不可兼得` group".into(),
                    help: Some("expect each benefit's status instead".into()),
                });
                return None;
            };
            let in_group = |b: usize, span: Span, errors: &mut Vec<CheckError>| {
                let ok = group.contains(&b);
                if !ok {
                    errors.push(CheckError::Invalid {
                        message: "not a member of the exclusive group".into(),
                        span: span.into(),
                        label: "not in the group".into(),
                        help: None,
                    });
                }
                ok
            };
            let award = match award {
                ast::ExpectedAward::None => ExpectedAward::None,
                ast::ExpectedAward::Awarded(m, a) => {
                    let b = resolve(m, cx, errors)?;
                    if !in_group(b, m.clause.span, errors) {
                        return None;
                    }
                    ExpectedAward::Awarded(b, amount(a))
                }
                ast::ExpectedAward::Pending(members) => {
                    let mut list = Vec::new();
                    for m in members {
                        let b = resolve(m, cx, errors)?;
                        if !in_group(b, m.clause.span, errors) {
                            return None;
                        }
                        list.push(b);
                    }
                    ExpectedAward::Pending(list)
                }
            };
            Some(ExpectPlan {
                kind: ExpectKind::Award {
                    award,
                    provisional: *provisional,
                },
                text: span.0.text(cx.source).to_string(),
            })
        }
    }
}
