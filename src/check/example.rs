//! Worked examples: each cell typed against its field, parameters and expected benefits resolved.

use rust_decimal::Decimal;

use super::declare::fits;
use super::expr::{describe, literal_node, literal_ty};
use super::{Binding, Scope};
use crate::diag::suggest::suggest;
use crate::diag::{text, CheckError, Text};
use crate::eval::amount::Amount;
use crate::eval::plan::{
    BenefitPlan, ClauseInfo, Dim, ExamplePlan, ExampleRecord, ExpectKind, ExpectPlan,
    ExpectedAward, ParamInfo, PoolPlan, Ty,
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
    /// The clauses as written, index for index with `clauses`: a benefit written here but
    /// missing from `benefits` failed to check, and its error is already reported.
    pub declared: &'a [ast::Clause],
    pub benefits: &'a [BenefitPlan],
    pub main_group: Option<&'a [usize]>,
    pub groups: &'a [crate::eval::plan::GroupPlan],
    pub pools: &'a [PoolPlan],
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
        let records = records(e, cx, errors);
        let sets = e
            .sets
            .iter()
            .filter_map(|(name, value)| set(name, value, cx, errors))
            .collect();
        let expects = e
            .expects
            .iter()
            .filter_map(|x| expectation(x, &records, cx, errors))
            .collect();
        if errors.len() == before {
            out.push(ExamplePlan {
                name: e.name.node.clone(),
                span: e.name.span,
                records: records.into_iter().map(|(r, _)| r).collect(),
                sets,
                expects,
            });
        }
    }
    out
}

/// The neutral value of a field an example does not name: no, zero, the word 无/none, blank for
/// dates and optional fields, `key` for the key (the example's name, or a batch record's place).
fn default_cell(field: &crate::schema::FieldDef, key: &str) -> Cell {
    if field.optional {
        return Cell::Blank;
    }
    match &field.ty {
        FieldType::Text if field.key => Cell::Text(key.to_string()),
        FieldType::Text => Cell::Text(String::new()),
        FieldType::Bool => Cell::Bool(false),
        FieldType::Money | FieldType::Ratio | FieldType::Count => Cell::Num(Decimal::ZERO),
        FieldType::Date => Cell::Blank,
        FieldType::Enum(words) => words
            .iter()
            .position(|w| matches!(w.as_str(), "无" | "none" | "否"))
            // A set has at most 64 words (checked where it is declared).
            .and_then(|i| u16::try_from(i).ok())
            .map_or(Cell::Blank, Cell::Word),
    }
}

/// The example's records (one of defaults when it writes none), each with where it is written.
/// A batch's records are named by their key, else by their place; two with one key are an error.
fn records(
    e: &ast::Example,
    cx: &Context<'_>,
    errors: &mut Vec<CheckError>,
) -> Vec<(ExampleRecord, Span)> {
    let batch = e.records.len() > 1;
    let mut out: Vec<(ExampleRecord, Span)> = Vec::new();
    let default = [ast::ExampleRecord {
        span: crate::span::Loc(e.name.span),
        cells: Vec::new(),
    }];
    let written = if e.records.is_empty() {
        &default[..]
    } else {
        &e.records[..]
    };
    for (i, r) in written.iter().enumerate() {
        let place = (i + 1).to_string();
        let key = if batch { place.as_str() } else { &e.name.node };
        let cells = record(r, key, cx, errors);
        let label = match cx.schema.key_slot().and_then(|s| cells.get(s)) {
            Some(Cell::Text(t)) if batch => t.clone(),
            _ => place,
        };
        if let Some((_, first)) = out.iter().find(|(o, _)| o.label == label) {
            errors.push(CheckError::Duplicate {
                name: label.clone(),
                span: r.span.0.into(),
                first: (*first).into(),
            });
        }
        out.push((ExampleRecord { label, cells }, r.span.0));
    }
    out
}

fn record(
    r: &ast::ExampleRecord,
    key: &str,
    cx: &Context<'_>,
    errors: &mut Vec<CheckError>,
) -> Vec<Cell> {
    let mut cells: Vec<Cell> = cx
        .schema
        .fields
        .iter()
        .map(|f| default_cell(f, key))
        .collect();
    let mut named: Vec<(usize, Span)> = Vec::new();
    for (name, value) in &r.cells {
        let Some(slot) = cx.schema.slot(&name.node) else {
            errors.push(CheckError::UnknownName {
                name: name.node.clone(),
                span: name.span.into(),
                help: suggest(&name.node, cx.schema.fields.iter().map(|f| f.name.as_str()))
                    .map(|s| text!("did you mean `{s}`?", "是否应为 `{s}`？")),
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

/// The record an expectation is about: the one it names (`"甲"` by key, `2` by place), or the
/// example's only record. A batch's expectation must name one.
fn which_record(
    named: Option<&crate::span::Spanned<ast::RecordRef>>,
    at: Span,
    records: &[(ExampleRecord, Span)],
    errors: &mut Vec<CheckError>,
) -> Option<Option<usize>> {
    let labels = || {
        let list: Vec<String> = records
            .iter()
            .map(|(r, _)| format!("`{}`", r.label))
            .collect();
        (list.join(", "), list.join("、"))
    };
    let Some(named) = named else {
        if records.len() > 1 {
            let (en, zh) = labels();
            errors.push(CheckError::Invalid {
                message: Text::new(
                    "this example has several records: which one?",
                    "这个示例有多条记录：期望的是哪一条？",
                ),
                span: at.into(),
                label: Text::new("no record named", "没有指明记录"),
                help: text!(
                    "name the record first, by its key or its place: {en}",
                    "在前面写出记录的主键或序号：{zh}"
                ),
            });
            return None;
        }
        return Some(None);
    };
    let found = match &named.node {
        ast::RecordRef::Key(k) => records.iter().position(|(r, _)| r.label == *k),
        ast::RecordRef::Position(n) => usize::try_from(*n)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .filter(|&i| i < records.len()),
    };
    if found.is_none() {
        let (en, zh) = labels();
        let name = match &named.node {
            ast::RecordRef::Key(k) => format!("\"{k}\""),
            ast::RecordRef::Position(n) => format!("{n}"),
        };
        errors.push(CheckError::Invalid {
            message: text!(
                "this example has no record {name}",
                "这个示例没有记录 {name}"
            ),
            span: named.span.into(),
            label: Text::new("no such record", "没有这条记录"),
            help: text!("its records are: {en}", "它的记录有：{zh}"),
        });
        return None;
    }
    Some(found)
}

fn typed_cell(
    slot: usize,
    value: &crate::span::Spanned<CellValue>,
    cx: &Context<'_>,
    errors: &mut Vec<CheckError>,
) -> Option<Cell> {
    let field = &cx.schema.fields[slot];
    let want = cx.scope.field_tys[slot];
    let wrong = |found: Text, errors: &mut Vec<CheckError>| {
        let expected = describe(want, cx.scope);
        let (name, en, zh) = (&field.name, &expected.en, &expected.zh);
        let help = text!("`{name}` is {en}", "`{name}` 是{zh}");
        errors.push(CheckError::WrongType {
            expected,
            found,
            span: value.span.into(),
            help: Some(help),
        });
    };
    match (&value.node, &field.ty) {
        (CellValue::Blank, _) => Some(Cell::Blank),
        (CellValue::Word(w) | CellValue::Lit(Literal::Text(w)), FieldType::Enum(words)) => {
            match words.iter().position(|x| x == w) {
                Some(i) => u16::try_from(i).ok().map(Cell::Word),
                None => {
                    errors.push(CheckError::UnknownWord {
                        word: w.clone(),
                        field: field.name.clone(),
                        span: value.span.into(),
                        help: {
                            let (en, zh) = (words.join(", "), words.join("、"));
                            text!("the words are: {en}", "可选的词：{zh}")
                        },
                    });
                    None
                }
            }
        }
        (CellValue::Word(w) | CellValue::Lit(Literal::Text(w)), FieldType::Text) => {
            Some(Cell::Text(w.clone()))
        }
        (CellValue::Word(w), _) => {
            wrong(text!("the word `{w}`", "词 `{w}`"), errors);
            None
        }
        (CellValue::Lit(lit), _) => {
            let ty = literal_ty(lit);
            if !fits(ty, want) {
                wrong(describe(ty, cx.scope), errors);
                return None;
            }
            if let Literal::Number(n) = lit {
                if let Some(e) = bare_money(n, field, value.span) {
                    errors.push(e);
                    return None;
                }
            }
            if let (Literal::Number(n), Ty::Num(Dim::Count)) = (lit, want) {
                if !n.value.is_integer() || n.value.is_sign_negative() {
                    wrong(
                        Text::new("a number that is not a whole count", "不是整数的数"),
                        errors,
                    );
                    return None;
                }
            }
            Some(match lit {
                Literal::Number(n) => Cell::Num(n.value),
                Literal::Bool(b) => Cell::Bool(*b),
                Literal::Date(d) => Cell::Date(*d),
                // INVARIANT: no field has the duration type, so `fits` refused it above.
                Literal::Duration(_) => return None,
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
                    .map(|s| text!("did you mean `{s}`?", "是否应为 `{s}`？"))
                    .or_else(|| {
                        Some(Text::new(
                            "`设定` gives a value to a parameter declared with `参数`",
                            "`设定` 给用 `参数` 声明的参数赋值",
                        ))
                    }),
            });
            return None;
        }
    };
    let want = cx.params[index].ty;
    match &value.node {
        None => Some((index, None)),
        Some(lit) if fits(literal_ty(lit), want) => Some((index, literal_node(lit))),
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
                .map(|s| text!("did you mean `{s}`?", "是否应为 `{s}`？")),
        });
        return None;
    };
    let of_clause: Vec<usize> = (0..cx.benefits.len())
        .filter(|&b| cx.benefits[b].clause == clause)
        .collect();
    // Benefits of the clause that failed to check: which benefit a member means, and whether it
    // exists, is then unknown, and an error here would only echo the one already reported.
    let written = cx
        .declared
        .get(clause)
        .map_or(&[][..], |c| c.benefits.as_slice());
    let failed = |b: &ast::Benefit| {
        !of_clause
            .iter()
            .any(|&p| cx.benefits[p].name == b.name.node)
    };
    // INVARIANT: a benefit is left out of the plan only with an error; the check on `errors`
    // keeps a broken invariant from passing in silence.
    let incomplete = written.iter().any(failed) && !errors.is_empty();
    let names = |separator: &str| -> String {
        of_clause
            .iter()
            .map(|&b| format!("`{}.{}`", m.clause.node, cx.benefits[b].name))
            .collect::<Vec<_>>()
            .join(separator)
    };
    if let Some(name) = &m.benefit {
        let found = of_clause
            .iter()
            .copied()
            .find(|&b| cx.benefits[b].name == name.node);
        let reported = incomplete
            && written
                .iter()
                .any(|b| b.name.node == name.node && failed(b));
        if found.is_none() && !reported {
            let (clause, en, zh) = (&m.clause.node, names(", "), names("、"));
            errors.push(CheckError::UnknownClause {
                name: format!("{clause}.{}", name.node),
                span: m.clause.span.join(name.span).into(),
                help: Some(if of_clause.is_empty() {
                    text!("`{clause}` grants no benefit", "`{clause}` 没有奖补或服务")
                } else {
                    text!("its benefits are: {en}", "它的奖补和服务有：{zh}")
                }),
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
        _ if incomplete => None,
        ([only], _) | ([], [only]) => Some(*only),
        (_, []) => {
            let clause = &m.clause.node;
            errors.push(CheckError::Invalid {
                message: text!("`{clause}` grants no benefit", "`{clause}` 没有奖补或服务"),
                span: m.clause.span.into(),
                label: Text::new("no benefit", "没有奖补或服务"),
                help: Text::new(
                    "an example can only expect a benefit that a clause grants",
                    "示例只能写条款给予的奖补或服务",
                ),
            });
            None
        }
        _ => {
            let (clause, en, zh) = (&m.clause.node, names(", "), names("、"));
            errors.push(CheckError::Invalid {
                message: text!(
                    "`{clause}` grants several benefits",
                    "`{clause}` 有多项奖补或服务"
                ),
                span: m.clause.span.into(),
                label: Text::new("which one?", "哪一项？"),
                help: text!("name one of them: {en}", "指明其中一项：{zh}"),
            });
            None
        }
    }
}

fn expected_amount(n: &Option<crate::span::Spanned<Option<Number>>>) -> Option<Option<Decimal>> {
    n.as_ref().map(|a| a.node.as_ref().map(|n| n.value))
}

/// An expected amount: `待定` (`None`), a known amount or a range (whose bounds must be in
/// order).
fn money(
    m: &Option<crate::span::Spanned<ast::ExpectedMoney>>,
    errors: &mut Vec<CheckError>,
) -> Option<Option<Amount>> {
    let m = m.as_ref()?;
    Some(match &m.node {
        ast::ExpectedMoney::Tbd => None,
        ast::ExpectedMoney::Known(n) => Some(Amount::Known(n.value)),
        ast::ExpectedMoney::Range(lo, hi) => {
            if lo.node.value > hi.node.value {
                errors.push(CheckError::Invalid {
                    message: Text::new(
                        "the range's lower bound is above its upper bound",
                        "区间的下限高于上限",
                    ),
                    span: m.span.into(),
                    label: Text::new("bounds out of order", "上下限颠倒"),
                    help: Text::new(
                        "write the smaller amount first: `20万元 至 50万元`",
                        "先写较小的金额：`20万元 至 50万元`",
                    ),
                });
            }
            Some(Amount::Range(lo.node.value, hi.node.value))
        }
    })
}

/// The span of a benefit expectation's `可给予 …`.
fn payable_span(x: &ast::Expectation) -> Option<Span> {
    match x {
        ast::Expectation::Benefit { payable, .. } => payable.as_ref().map(|p| p.span),
        ast::Expectation::Award { .. } | ast::Expectation::Pool { .. } => None,
    }
}

/// Where a benefit expectation's last installment ends.
fn installments_end(x: &ast::Expectation) -> Option<Span> {
    match x {
        ast::Expectation::Benefit { installments, .. } => {
            installments.last().map(|i| i.amount.span)
        }
        ast::Expectation::Award { .. } | ast::Expectation::Pool { .. } => None,
    }
}

/// `不予兼得` on a benefit no exclusive group has as a member: it can never be set aside.
fn never_set_aside(
    benefit: usize,
    member: &Member,
    span: Span,
    cx: &Context<'_>,
    errors: &mut Vec<CheckError>,
) {
    let in_exclusive = cx.groups.iter().any(|g| {
        matches!(g.kind, crate::eval::plan::GroupPlanKind::Exclusive { .. })
            && g.members.contains(&benefit)
    });
    if !in_exclusive {
        let name = &member.clause.node;
        errors.push(CheckError::Invalid {
            message: text!(
                "`{name}` is in no exclusive group, so nothing sets it aside",
                "`{name}` 不在任何不可兼得组中，不会被不予兼得"
            ),
            span: span.into(),
            label: Text::new("never set aside", "不会不予兼得"),
            help: Text::new(
                "expect what it is paid instead: `可给予 …`",
                "改为写出可给予的金额：`可给予 …`",
            ),
        });
    }
}

/// The installments an example states, each by one of the benefit's labels, at most once.
fn expected_installments(
    benefit: usize,
    member: &Member,
    stated: &[ast::ExpectedInstallment],
    cx: &Context<'_>,
    errors: &mut Vec<CheckError>,
) -> Vec<(usize, Decimal)> {
    let labels: &[(String, Decimal)] = cx
        .benefits
        .get(benefit)
        .map_or(&[], |b| b.installments.as_slice());
    let mut out: Vec<(usize, Decimal)> = Vec::new();
    for (k, i) in stated.iter().enumerate() {
        let label = &i.label.node;
        let Some(index) = labels.iter().position(|(l, _)| l == label) else {
            let name = &member.clause.node;
            let help = if labels.is_empty() {
                text!(
                    "`{name}` is paid in one sum; it has no `分期`",
                    "`{name}` 一次性给予，没有 `分期`"
                )
            } else {
                let en = labels
                    .iter()
                    .map(|(l, _)| format!("\"{l}\""))
                    .collect::<Vec<_>>();
                let zh = en.join("、");
                let en = en.join(", ");
                match suggest(label, labels.iter().map(|(l, _)| l.as_str())) {
                    Some(s) => text!("did you mean \"{s}\"?", "是否应为 \"{s}\"？"),
                    None => text!("its installments are: {en}", "它的分期有：{zh}"),
                }
            };
            errors.push(CheckError::Invalid {
                message: text!(
                    "`{name}` has no installment \"{label}\"",
                    "`{name}` 没有分期 \"{label}\""
                ),
                span: i.label.span.into(),
                label: Text::new("not one of its installments", "不是它的分期"),
                help,
            });
            continue;
        };
        if let Some(first) = stated[..k].iter().find(|j| j.label.node == *label) {
            errors.push(CheckError::Duplicate {
                name: label.clone(),
                span: i.label.span.into(),
                first: first.label.span.into(),
            });
            continue;
        }
        out.push((index, i.amount.node.value));
    }
    out
}

/// `核定 …` on a benefit no fund pool pays: nothing allocates it.
fn never_allocated(
    benefit: usize,
    member: &Member,
    span: Span,
    cx: &Context<'_>,
) -> Option<CheckError> {
    if cx.pools.iter().any(|p| p.members.contains(&benefit)) {
        return None;
    }
    let name = &member.clause.node;
    Some(CheckError::Invalid {
        message: text!(
            "`{name}` is paid from no fund pool, so nothing allocates it",
            "`{name}` 不由任何资金总额支付，没有核定金额"
        ),
        span: span.into(),
        label: Text::new("never allocated", "没有核定金额"),
        help: Text::new(
            "expect what it is paid instead: `可给予 …`",
            "改为写出可给予的金额：`可给予 …`",
        ),
    })
}

/// `资金总额 名称 核定 … 留存 … 截止名次 …`: the pool named, and a cut-off only on a ranked pool.
fn pool_expectation(
    name: &ast::Ident,
    allocated: &Option<crate::span::Spanned<Option<Number>>>,
    unspent: &Option<crate::span::Spanned<Option<Number>>>,
    cutoff: &Option<crate::span::Spanned<u64>>,
    span: Span,
    cx: &Context<'_>,
    errors: &mut Vec<CheckError>,
) -> Option<ExpectPlan> {
    let Some(pool) = cx.pools.iter().position(|p| p.name == name.node) else {
        let unknown = &name.node;
        errors.push(CheckError::Invalid {
            message: text!("no fund pool `{unknown}`", "没有资金总额 `{unknown}`"),
            span: name.span.into(),
            label: Text::new("not a fund pool", "不是资金总额"),
            help: suggest(unknown, cx.pools.iter().map(|p| p.name.as_str()))
                .map(|s| text!("did you mean `{s}`?", "是否应为 `{s}`？"))
                .unwrap_or_else(|| {
                    Text::new(
                        "name a fund pool declared with `资金总额`",
                        "写出用 `资金总额` 声明的资金总额名称",
                    )
                }),
        });
        return None;
    };
    if let Some(c) = cutoff {
        if cx.pools.get(pool).is_some_and(|p| p.rank_by.is_none()) {
            let name = &name.node;
            errors.push(CheckError::Invalid {
                message: text!(
                    "`{name}` is shared pro rata: it has no cut-off rank",
                    "`{name}` 按比例核减，没有截止名次"
                ),
                span: c.span.into(),
                label: Text::new("not a ranked pool", "不是择优的资金总额"),
                help: Text::new(
                    "a cut-off rank belongs to a pool with `按 … 择优`",
                    "截止名次只用于 `按 … 择优` 的资金总额",
                ),
            });
            return None;
        }
    }
    if let Some(u) = unspent {
        if cx.pools.get(pool).is_some_and(|p| p.total.is_none()) {
            let name = &name.node;
            errors.push(CheckError::Invalid {
                message: text!(
                    "`{name}` has no total: nothing is left unspent",
                    "`{name}` 没有资金总额上限，不会有留存"
                ),
                span: u.span.into(),
                label: Text::new("no `不超过` in the pool", "该资金总额没有 `不超过`"),
                help: Text::new(
                    "drop `留存 …`, or give the pool a total with `不超过 …`",
                    "删去 `留存 …`，或用 `不超过 …` 写出资金总额",
                ),
            });
            return None;
        }
    }
    Some(ExpectPlan {
        record: None,
        kind: ExpectKind::Pool {
            pool,
            allocated: expected_amount(allocated),
            unspent: expected_amount(unspent),
            cutoff: cutoff.as_ref().map(|c| c.node),
        },
        text: span.text(cx.source).to_string(),
    })
}

fn expectation(
    x: &ast::Expectation,
    records: &[(ExampleRecord, Span)],
    cx: &Context<'_>,
    errors: &mut Vec<CheckError>,
) -> Option<ExpectPlan> {
    match x {
        ast::Expectation::Pool {
            name,
            allocated,
            unspent,
            cutoff,
            span,
        } => pool_expectation(name, allocated, unspent, cutoff, span.0, cx, errors),
        ast::Expectation::Benefit {
            record,
            member,
            status,
            amount: a,
            payable,
            set_aside,
            installments,
            allocated,
        } => {
            let which = which_record(record.as_ref(), member.clause.span, records, errors)?;
            let benefit = resolve(member, cx, errors)?;
            let status = match status {
                ExpectedStatus::Eligible => Status::Eligible,
                ExpectedStatus::Ineligible => Status::Ineligible,
                ExpectedStatus::Undetermined => Status::Undetermined,
            };
            let before = errors.len();
            let amount = money(a, errors);
            let payable = money(payable, errors);
            if let Some(loc) = set_aside {
                never_set_aside(benefit, member, loc.0, cx, errors);
            }
            let installments = expected_installments(benefit, member, installments, cx, errors);
            if let Some(at) = allocated {
                errors.extend(never_allocated(benefit, member, at.span, cx));
            }
            if errors.len() > before {
                return None;
            }
            let end = [
                a.as_ref().map(|a| a.span),
                payable_span(x),
                set_aside.map(|l| l.0),
                allocated.as_ref().map(|a| a.span),
                installments_end(x),
            ]
            .into_iter()
            .flatten()
            .fold(member.clause.span, Span::join);
            let start = record.as_ref().map_or(member.clause.span, |r| r.span);
            Some(ExpectPlan {
                record: which,
                kind: ExpectKind::Benefit {
                    benefit,
                    status,
                    amount,
                    payable,
                    set_aside: set_aside.is_some(),
                    installments,
                    allocated: expected_amount(allocated),
                },
                text: start.join(end).text(cx.source).to_string(),
            })
        }
        ast::Expectation::Award {
            record,
            award,
            provisional,
            span,
        } => {
            let which = which_record(record.as_ref(), span.0, records, errors)?;
            let Some(group) = cx.main_group else {
                errors.push(CheckError::Invalid {
                    message: Text::new(
                        "this policy has no exclusive group to award",
                        "这个政策没有决定获奖的不可兼得组",
                    ),
                    span: span.0.into(),
                    label: Text::new("no `不可兼得` group", "没有 `不可兼得` 组"),
                    help: Text::new(
                        "expect each benefit's status instead",
                        "改为对每项奖补写出期望状态",
                    ),
                });
                return None;
            };
            let in_group = |b: usize, span: Span, errors: &mut Vec<CheckError>| {
                let ok = group.contains(&b);
                if !ok {
                    errors.push(CheckError::Invalid {
                        message: Text::new(
                            "not a member of the exclusive group",
                            "不是不可兼得组的成员",
                        ),
                        span: span.into(),
                        label: Text::new("not in the group", "不在组内"),
                        help: Text::new(
                            "an award names a member of the `不可兼得` group",
                            "获奖项必须是 `不可兼得` 组的成员",
                        ),
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
                    ExpectedAward::Awarded(b, expected_amount(a))
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
                record: which,
                kind: ExpectKind::Award {
                    award,
                    provisional: *provisional,
                },
                text: span.0.text(cx.source).to_string(),
            })
        }
    }
}

/// A bare number (no unit) for a money field whose column has a `单位`: the records read the
/// column in that unit, an example's literal in yuan, so the example must say which it means.
fn bare_money(n: &Number, field: &crate::schema::FieldDef, span: Span) -> Option<CheckError> {
    let scale = field.scale?;
    if n.unit.is_none() && field.ty == FieldType::Ratio && !n.value.is_zero() {
        // `单位 %`: the records read `15.3` as 15.3%, an example's bare literal as the ratio 15.3.
        let (name, value) = (&field.name, n.value.normalize());
        return Some(CheckError::Invalid {
            message: text!(
                "`{value}` has no `%`, but the column `{name}` is in percent points",
                "`{value}` 没有 `%`，而 `{name}` 列以百分点计"
            ),
            span: span.into(),
            label: Text::new("no `%`", "没有 `%`"),
            help: text!(
                "write `{value}%` as the records' column reads it",
                "与记录中该列的读法相同，写 `{value}%`"
            ),
        });
    }
    if n.unit.is_some() || field.ty != FieldType::Money || scale == Decimal::ONE {
        return None;
    }
    let unit = match scale {
        s if s == Decimal::from(1_000) => "千元".to_string(),
        s if s == Decimal::from(10_000) => "万元".to_string(),
        s if s == Decimal::from(100_000_000) => "亿元".to_string(),
        s => format!("{}元", s.normalize()),
    };
    let (name, value) = (&field.name, n.value.normalize());
    Some(CheckError::Invalid {
        message: text!(
            "`{value}` has no unit, but the column `{name}` is in {unit}",
            "`{value}` 没有单位，而 `{name}` 列的单位是 {unit}"
        ),
        span: span.into(),
        label: Text::new("no unit", "没有单位"),
        help: text!(
            "write the unit: `{value}{unit}` as the records' column reads it, or `{value}元`",
            "写上单位：与记录中该列的读法相同写 `{value}{unit}`，或写 `{value}元`"
        ),
    })
}
