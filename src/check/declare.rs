//! Declarations: record fields, parameters, clauses and their benefits, groups.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::expr::{describe, describe_plain, literal_node, literal_ty, Typer};
use super::{Binding, Scope};
use crate::diag::suggest::suggest;
use crate::diag::{text, CheckError, Text};
use crate::eval::plan::{
    AmountPlan, BenefitPlan, ClauseInfo, Dim, GroupPlan, GroupPlanKind, ParamInfo, Ty,
};
use crate::schema::{FieldDef, FieldType, Schema};
use crate::span::Span;
use crate::syntax::ast::{self, AmountCore, BenefitKind, GroupKind, TypeExpr, Unit};

/// The most words a closed set may have (they are kept as bits of a `u64`).
const MAX_WORDS: usize = 64;

/// Resolve a written type; enum types get a new entry in `enums`.
pub(super) fn resolve_type(
    ty: &crate::span::Spanned<TypeExpr>,
    enums: &mut Vec<Vec<String>>,
    errors: &mut Vec<CheckError>,
) -> (Ty, FieldType) {
    match &ty.node {
        TypeExpr::Money => (Ty::Num(Dim::Money), FieldType::Money),
        TypeExpr::Ratio => (Ty::Num(Dim::Ratio), FieldType::Ratio),
        TypeExpr::Count => (Ty::Num(Dim::Count), FieldType::Count),
        TypeExpr::Bool => (Ty::Bool, FieldType::Bool),
        TypeExpr::Date => (Ty::Date, FieldType::Date),
        TypeExpr::Text => (Ty::Text, FieldType::Text),
        TypeExpr::Enum(words) => {
            let mut list: Vec<String> = Vec::new();
            for w in words {
                if list.contains(&w.node) {
                    let word = &w.node;
                    errors.push(CheckError::Invalid {
                        message: text!("word `{word}` is listed twice", "选项词 `{word}` 重复"),
                        span: w.span.into(),
                        label: Text::new("listed again here", "此处重复"),
                        help: Text::new("list each word once", "每个词只列一次"),
                    });
                }
                list.push(w.node.clone());
            }
            if list.is_empty() || list.len() > MAX_WORDS {
                errors.push(CheckError::Invalid {
                    message: text!(
                        "a closed set needs 1 to {MAX_WORDS} words",
                        "选项需要 1 到 {MAX_WORDS} 个词"
                    ),
                    span: ty.span.into(),
                    label: Text::new("this set", "这组选项"),
                    help: text!(
                        "list between 1 and {MAX_WORDS} words in `选项 {{ … }}`",
                        "在 `选项 {{ … }}` 中列出 1 到 {MAX_WORDS} 个词"
                    ),
                });
            }
            let id = u16::try_from(enums.len());
            if enums.len() == super::MAX_SLOTS + 1 {
                errors.push(super::too_many(
                    Text::new("closed sets (`选项`)", "选项类型"),
                    ty.span,
                ));
            }
            enums.push(list.clone());
            match id {
                Ok(id) => (Ty::Enum(id), FieldType::Enum(list)),
                // Past the limit: the error is reported once, above.
                Err(_) => (Ty::Text, FieldType::Text),
            }
        }
    }
}

pub(super) fn fields(
    policy: &ast::Policy,
    scope: &mut Scope,
    errors: &mut Vec<CheckError>,
) -> (Schema, Vec<Vec<String>>) {
    let mut enums = Vec::new();
    let mut schema = Schema::default();
    let mut key: Option<Span> = None;
    let mut area: Option<Span> = None;
    for f in &policy.fields {
        let (ty, field_type) = resolve_type(&f.ty, &mut enums, errors);
        let slot = schema.fields.len();
        if slot == super::MAX_SLOTS {
            errors.push(super::too_many(Text::new("fields", "字段"), f.name.span));
        }
        if !scope.declare(&f.name, Binding::Field(slot), errors) {
            continue;
        }
        for (flag, seen, what) in [(f.key, &mut key, "主键"), (f.area, &mut area, "地区")] {
            if !flag {
                continue;
            }
            match seen {
                Some(first) => errors.push(CheckError::TwoMarked {
                    mark: what.to_string(),
                    span: f.name.span.into(),
                    first: (*first).into(),
                }),
                None => *seen = Some(f.name.span),
            }
        }
        if f.area && !matches!(field_type, FieldType::Text | FieldType::Enum(_)) {
            let name = &f.name.node;
            errors.push(CheckError::Invalid {
                message: text!(
                    "`{name}` cannot be the area: it is not text",
                    "`{name}` 不是文本，不能作为地区"
                ),
                span: f.name.span.into(),
                label: Text::new("not text", "不是文本"),
                help: Text::new(
                    "mark a text field such as `所属地区 文本 地区`",
                    "把文本字段标为地区，如 `所属地区 文本 地区`",
                ),
            });
        }
        let scale = f.unit.as_ref().and_then(|u| {
            let money_unit = matches!(
                u.node.unit,
                Some(Unit::Yuan | Unit::Qian | Unit::Wan | Unit::Yi)
            );
            // `单位 %`: a percent column written in points (`15.3` is 15.3%), whose bare numbers
            // are scaled by 0.01 as a money column's by its unit.
            let points = u.node.unit == Some(Unit::Percent) && u.node.value == Decimal::new(1, 2);
            let fits = match field_type {
                FieldType::Money => money_unit && u.node.value > Decimal::ZERO,
                FieldType::Ratio => points,
                _ => false,
            };
            if !fits {
                let name = &f.name.node;
                let (message, label, help) = match field_type {
                    FieldType::Money => (
                        Text::new(
                            "a money column's unit is 元, 千元, 万元 or 亿元",
                            "金额列的单位只能是 元、千元、万元 或 亿元",
                        ),
                        Text::new("not a money unit", "不是金额单位"),
                        Text::new(
                            "write e.g. `一季度产值2021 金额 单位 万元`",
                            "写法如 `一季度产值2021 金额 单位 万元`",
                        ),
                    ),
                    FieldType::Ratio => (
                        Text::new(
                            "a percent column's unit is `%` (its numbers are percent points)",
                            "比例列的单位只能是 `%`（其数字为百分点）",
                        ),
                        Text::new("not `%`", "不是 `%`"),
                        Text::new(
                            "write e.g. `增长率 比例 单位 %`, so that 15.3 reads as 15.3%",
                            "写法如 `增长率 比例 单位 %`，使 15.3 读作 15.3%",
                        ),
                    ),
                    _ => (
                        text!(
                            "`{name}` is neither money nor a percent: only those columns have a unit",
                            "`{name}` 既不是金额也不是比例：只有这两种列才有单位"
                        ),
                        Text::new("no unit for this type", "此类型没有单位"),
                        Text::new(
                            "write e.g. `一季度产值2021 金额 单位 万元` or `增长率 比例 单位 %`",
                            "写法如 `一季度产值2021 金额 单位 万元` 或 `增长率 比例 单位 %`",
                        ),
                    ),
                };
                errors.push(CheckError::Invalid {
                    message,
                    span: u.span.into(),
                    label,
                    help,
                });
                None
            } else {
                Some(u.node.value)
            }
        });
        scope.field_tys.push(ty);
        scope.field_names.push(f.name.node.clone());
        schema.fields.push(FieldDef {
            name: f.name.node.clone(),
            ty: field_type,
            optional: f.optional,
            key: f.key,
            area: f.area,
            label: f.label.as_ref().map(|l| l.node.clone()),
            scale,
        });
    }
    (schema, enums)
}

pub(super) fn params(
    policy: &ast::Policy,
    scope: &mut Scope,
    errors: &mut Vec<CheckError>,
) -> Vec<ParamInfo> {
    let mut out = Vec::new();
    for p in &policy.params {
        let (ty, _) = resolve_type(&p.ty, &mut scope.enums, errors);
        let value = match &p.default.node {
            None => None,
            Some(lit) => {
                let lty = literal_ty(lit);
                if !fits(lty, ty) {
                    let want = describe(ty, scope);
                    let (en, zh) = (&want.en, &want.zh);
                    let help = text!(
                        "write {en} of the declared type, or `待定`",
                        "写声明类型的值（{zh}），或 `待定`"
                    );
                    errors.push(CheckError::WrongType {
                        expected: want.clone(),
                        found: describe(lty, scope),
                        span: p.default.span.into(),
                        help: Some(help),
                    });
                }
                literal_node(lit)
            }
        };
        if out.len() == super::MAX_SLOTS {
            errors.push(super::too_many(
                Text::new("parameters", "参数"),
                p.name.span,
            ));
        }
        if scope.declare(&p.name, Binding::Param(out.len()), errors) {
            scope.param_tys.push(ty);
            out.push(ParamInfo {
                name: p.name.node.clone(),
                ty,
                value,
                note: p.note.as_ref().map(|n| n.node.clone()),
                span: p.name.span,
            });
        }
    }
    out
}

/// Whether a literal of type `lit` may stand for a value of type `want` (a plain number is read
/// in the wanted unit: yuan, a ratio, a count).
pub(super) fn fits(lit: Ty, want: Ty) -> bool {
    match (lit, want) {
        (Ty::Num(Dim::Plain), Ty::Num(_)) => true,
        (a, b) => a == b,
    }
}

pub(super) fn clauses(
    policy: &ast::Policy,
    scope: &Scope,
    errors: &mut Vec<CheckError>,
) -> (Vec<ClauseInfo>, Vec<BenefitPlan>) {
    let typer = Typer::new(scope);
    let mut seen: HashMap<&str, Span> = HashMap::new();
    // Clause ids by skeleton: group members and expectations name clauses, so two ids that
    // look alike are as misleading as two look-alike field names.
    let mut skeletons: HashMap<String, (&str, Span)> = HashMap::new();
    let mut clauses = Vec::new();
    let mut benefits = Vec::new();
    for c in &policy.clauses {
        if let Some(first) = seen.get(c.id.node.as_str()) {
            errors.push(CheckError::Duplicate {
                name: c.id.node.clone(),
                span: c.id.span.into(),
                first: (*first).into(),
            });
        } else {
            let skeleton: String = unicode_security::skeleton(&c.id.node).collect();
            match skeletons.get(&skeleton) {
                Some((other, first)) => errors.push(CheckError::Confusable {
                    name: c.id.node.clone(),
                    other: (*other).to_string(),
                    span: c.id.span.into(),
                    first: (*first).into(),
                }),
                None => {
                    skeletons.insert(skeleton, (&c.id.node, c.id.span));
                }
            }
        }
        seen.insert(&c.id.node, c.id.span);
        let clause = clauses.len();
        let mut names: HashMap<&str, Span> = HashMap::new();
        for b in &c.benefits {
            if let Some(first) = names.insert(&b.name.node, b.name.span) {
                errors.push(CheckError::Duplicate {
                    name: b.name.node.clone(),
                    span: b.name.span.into(),
                    first: first.into(),
                });
            }
            if let Some(plan) = benefit(b, clause, &typer, errors) {
                benefits.push(plan);
            }
        }
        clauses.push(ClauseInfo {
            id: c.id.node.clone(),
            title: c.title.as_ref().map(|t| t.node.clone()),
            units: c.units.iter().map(|u| u.node.clone()).collect(),
            original: c.original.as_ref().map(|o| o.node.clone()),
            notes: c.notes.iter().map(|n| n.node.clone()).collect(),
        });
    }
    (clauses, benefits)
}

fn benefit(
    b: &ast::Benefit,
    clause: usize,
    typer: &Typer<'_>,
    errors: &mut Vec<CheckError>,
) -> Option<BenefitPlan> {
    let before = errors.len();
    let condition = b
        .condition
        .as_ref()
        .and_then(|c| typer.condition(c, errors));
    let amount = match (b.kind, &b.amount) {
        (BenefitKind::Subsidy, None) => {
            let name = &b.name.node;
            errors.push(CheckError::Invalid {
                message: text!("subsidy `{name}` has no amount", "奖补 `{name}` 没有金额"),
                span: b.name.span.into(),
                label: Text::new("no `金额`", "缺少 `金额`"),
                help: Text::new(
                    "write `金额 …`, or `金额 待定` when the notice gives no number",
                    "写 `金额 …`；通知未给出数额时写 `金额 待定`",
                ),
            });
            None
        }
        (BenefitKind::Service, Some(a)) => {
            let name = &b.name.node;
            errors.push(CheckError::Invalid {
                message: text!(
                    "service `{name}` cannot have an amount",
                    "服务 `{name}` 不能有金额"
                ),
                span: a.span.0.into(),
                label: Text::new("a service is not paid", "服务不发放资金"),
                help: Text::new(
                    "a benefit paid in money is a `奖补`",
                    "发放资金的应写成 `奖补`",
                ),
            });
            None
        }
        (_, Some(a)) => amount(&a.core, typer, errors),
        (_, None) => None,
    };
    let bounds: Vec<(bool, _)> = b
        .amount
        .iter()
        .flat_map(|a| &a.bounds)
        .filter_map(|bound| {
            typer
                .money(&bound.value, errors)
                .map(|n| (bound.at_most, n))
        })
        .collect();
    let installments = installments(b, errors);
    if b.kind == BenefitKind::Service && !b.funds.is_empty() {
        let name = &b.name.node;
        errors.push(CheckError::Invalid {
            message: text!(
                "service `{name}` has funding sources",
                "服务 `{name}` 不应有资金来源"
            ),
            span: b.span.0.into(),
            label: Text::new("a service is not funded", "服务没有资金来源"),
            help: Text::new(
                "only a `奖补` is funded; remove `资金`",
                "只有 `奖补` 有资金来源；请删去 `资金`",
            ),
        });
    }
    if errors.len() > before {
        return None;
    }
    Some(BenefitPlan {
        clause,
        kind: b.kind,
        name: b.name.node.clone(),
        condition,
        amount,
        bounds,
        installments,
        funds: b.funds.iter().map(|f| f.node.clone()).collect(),
        content: b.content.as_ref().map(|c| c.node.clone()),
        notes: b.notes.iter().map(|n| n.node.clone()).collect(),
        span: b.span.0,
    })
}

/// An amount nested inside another (a tier band, an operand): its form, under its own bounds.
fn nested_amount(
    a: &ast::Amount,
    typer: &Typer<'_>,
    errors: &mut Vec<CheckError>,
) -> Option<AmountPlan> {
    let core = amount(&a.core, typer, errors);
    if a.bounds.is_empty() {
        return core;
    }
    let bounds: Option<Vec<(bool, _)>> = a
        .bounds
        .iter()
        .map(|bound| {
            typer
                .money(&bound.value, errors)
                .map(|n| (bound.at_most, n))
        })
        .collect();
    Some(AmountPlan::Bounded(Box::new(core?), bounds?))
}

fn amount(
    core: &AmountCore,
    typer: &Typer<'_>,
    errors: &mut Vec<CheckError>,
) -> Option<AmountPlan> {
    Some(match core {
        AmountCore::Tbd => AmountPlan::Tbd,
        AmountCore::ByRank => AmountPlan::ByRank,
        AmountCore::Range(lo, hi) => {
            let lo = typer.money(lo, errors);
            let hi = typer.money(hi, errors);
            AmountPlan::Range(lo?, hi?)
        }
        AmountCore::Tiers(tiers) => {
            let mut out = Vec::new();
            let mut ok = true;
            for t in tiers {
                let cond = match &t.condition {
                    Some(c) => match typer.condition(c, errors) {
                        Some(n) => Some(n),
                        None => {
                            ok = false;
                            None
                        }
                    },
                    None => None,
                };
                match nested_amount(&t.value, typer, errors) {
                    Some(v) => out.push((cond, v)),
                    None => ok = false,
                }
            }
            if !ok {
                return None;
            }
            AmountPlan::Tiers(out)
        }
        AmountCore::Progressive { base, bands } => {
            let (base_node, base_ty) = typer.expr(base, errors)?;
            let Ty::Num(base_dim) = base_ty else {
                errors.push(CheckError::WrongType {
                    expected: Text::new("a number", "数值"),
                    found: describe_plain(base_ty),
                    span: base.span.into(),
                    help: None,
                });
                return None;
            };
            let mut out = Vec::new();
            for band in bands {
                let upto = match &band.upto {
                    Some(u) => Some(typer.number_of(u, base_dim, errors)?),
                    None => None,
                };
                let rate = if base_dim == Dim::Money {
                    typer.number_of(&band.rate, Dim::Ratio, errors)?
                } else {
                    typer.money(&band.rate, errors)?
                };
                out.push((upto, rate));
            }
            AmountPlan::Progressive(base_node, out, base.span)
        }
        AmountCore::Steps { base, step, each } => {
            let (base_node, base_ty) = typer.expr(base, errors)?;
            let Ty::Num(dim) = base_ty else {
                errors.push(CheckError::WrongType {
                    expected: Text::new("a number", "数值"),
                    found: describe_plain(base_ty),
                    span: base.span.into(),
                    help: None,
                });
                return None;
            };
            let step_node = typer.number_of(step, dim, errors)?;
            let each_node = typer.money(each, errors)?;
            AmountPlan::Steps(base_node, step_node, each_node, step.span)
        }
        AmountCore::Expr(e) => AmountPlan::Expr(typer.money(e, errors)?),
        AmountCore::Nested(inner) => nested_amount(inner, typer, errors)?,
        AmountCore::Arith(op, lhs, rhs) => {
            let op_span = Span::new(lhs.span.0.end as usize, rhs.span.0.start as usize);
            match op {
                ast::ArithOp::Mul => scale(lhs, rhs, typer, errors)?,
                _ => {
                    let l = nested_amount(lhs, typer, errors);
                    let r = nested_amount(rhs, typer, errors);
                    AmountPlan::Add(
                        Box::new(l?),
                        Box::new(r?),
                        *op == ast::ArithOp::Sub,
                        op_span,
                    )
                }
            }
        }
    })
}

/// `amount × factor` or `factor × amount`: one side is an arithmetic expression that is not
/// money (a percent, a count or a plain number), the other an amount.
fn scale(
    lhs: &ast::Amount,
    rhs: &ast::Amount,
    typer: &Typer<'_>,
    errors: &mut Vec<CheckError>,
) -> Option<AmountPlan> {
    fn factor_of(a: &ast::Amount) -> Option<&ast::Expr> {
        match &a.core {
            AmountCore::Expr(e) if a.bounds.is_empty() => Some(e),
            _ => None,
        }
    }
    let (amount_side, factor) = match (factor_of(rhs), factor_of(lhs)) {
        (Some(f), _) => (lhs, f),
        (None, Some(f)) => (rhs, f),
        (None, None) => {
            errors.push(CheckError::WrongType {
                expected: Text::new(
                    "a number (a percent, a count or a factor)",
                    "数值（比例、数量或倍数）",
                ),
                found: Text::new("an amount form", "金额形式"),
                span: rhs.span.0.into(),
                help: Some(Text::new(
                    "an amount can be multiplied by a number, not by another amount",
                    "金额只能乘以数值，不能乘以另一个金额",
                )),
            });
            return None;
        }
    };
    let (node, ty) = typer.expr(factor, errors)?;
    let amount = nested_amount(amount_side, typer, errors)?;
    match ty {
        Ty::Num(Dim::Ratio | Dim::Count | Dim::Plain) => {
            Some(AmountPlan::Scale(Box::new(amount), node, factor.span))
        }
        _ => {
            errors.push(CheckError::WrongType {
                expected: Text::new(
                    "a number (a percent, a count or a factor)",
                    "数值（比例、数量或倍数）",
                ),
                found: describe_plain(ty),
                span: factor.span.into(),
                help: Some(Text::new(
                    "an amount can be multiplied by a number, not by another amount",
                    "金额只能乘以数值，不能乘以另一个金额",
                )),
            });
            None
        }
    }
}

fn installments(b: &ast::Benefit, errors: &mut Vec<CheckError>) -> Vec<(String, Decimal)> {
    let mut out = Vec::new();
    let mut total = Decimal::ZERO;
    for i in &b.installments {
        match &i.share.node {
            ast::ExprKind::Lit(ast::Literal::Number(n)) if n.unit == Some(Unit::Percent) => {
                total += n.value;
                out.push((i.label.node.clone(), n.value));
            }
            _ => errors.push(CheckError::WrongType {
                expected: Text::new("a percent such as `40%`", "比例，如 `40%`"),
                found: Text::new("something else", "其他值"),
                span: i.share.span.into(),
                help: None,
            }),
        }
    }
    if !out.is_empty() && total != Decimal::ONE {
        let span = match (b.installments.first(), b.installments.last()) {
            (Some(first), Some(last)) => first.label.span.join(last.share.span),
            _ => Span::default(),
        };
        let percent = total
            .checked_mul(Decimal::from(100))
            .unwrap_or(total)
            .normalize();
        errors.push(CheckError::Invalid {
            message: text!(
                "installments add up to {percent}%, not 100%",
                "各期合计 {percent}%，不是 100%"
            ),
            span: span.into(),
            label: text!("adds up to {percent}%", "合计 {percent}%"),
            help: Text::new(
                "the shares of all installments must add up to 100%",
                "各期比例之和必须为 100%",
            ),
        });
    }
    if b.kind == BenefitKind::Service && !out.is_empty() {
        errors.push(CheckError::Invalid {
            message: Text::new("a service is not paid in installments", "服务不分期发放"),
            span: b.span.0.into(),
            label: Text::new("a service is not paid", "服务不发放资金"),
            help: Text::new(
                "remove `分期`, or make the benefit a `奖补`",
                "删去 `分期`，或把它写成 `奖补`",
            ),
        });
    }
    out
}

pub(super) fn groups(
    policy: &ast::Policy,
    clauses: &[ClauseInfo],
    benefits: &[BenefitPlan],
    scope: &Scope,
    errors: &mut Vec<CheckError>,
) -> Vec<GroupPlan> {
    let typer = Typer::new(scope);
    let mut names: HashMap<&str, Span> = HashMap::new();
    let mut out = Vec::new();
    for g in &policy.groups {
        if let Some(first) = names.insert(&g.name.node, g.name.span) {
            errors.push(CheckError::Duplicate {
                name: g.name.node.clone(),
                span: g.name.span.into(),
                first: first.into(),
            });
        }
        let mut members: Vec<usize> = Vec::new();
        for m in &g.members {
            let found = member(m, policy, clauses, benefits, errors);
            for b in found {
                if members.contains(&b) {
                    let name = &m.clause.node;
                    errors.push(CheckError::Invalid {
                        message: text!("`{name}` is a member twice", "`{name}` 重复列为成员"),
                        span: m.clause.span.into(),
                        label: Text::new("listed again here", "此处重复"),
                        help: Text::new("list each member once", "每个成员只列一次"),
                    });
                } else {
                    members.push(b);
                }
            }
        }
        if g.members.is_empty() {
            let name = &g.name.node;
            errors.push(CheckError::Invalid {
                message: text!("group `{name}` has no members", "组 `{name}` 没有成员"),
                span: g.span.0.into(),
                label: Text::new("no `成员`", "缺少 `成员`"),
                help: Text::new(
                    "list its clauses with `成员 第一条 第二条 …`",
                    "用 `成员 第一条 第二条 …` 列出其条款",
                ),
            });
        }
        let kind = match &g.kind {
            GroupKind::Exclusive { highest } => GroupPlanKind::Exclusive { highest: *highest },
            GroupKind::Cumulative { cap, order } => {
                let cap = match cap {
                    Some(c) => typer.money(c, errors),
                    None => {
                        let name = &g.name.node;
                        errors.push(CheckError::Invalid {
                            message: text!(
                                "cumulative cap `{name}` has no limit",
                                "累计上限 `{name}` 没有限额"
                            ),
                            span: g.span.0.into(),
                            label: Text::new("no `不超过` limit", "缺少 `不超过` 限额"),
                            help: Text::new(
                                "write `不超过 50万元` or `不超过 <money field>`",
                                "写 `不超过 50万元` 或 `不超过 <金额字段>`",
                            ),
                        });
                        None
                    }
                };
                GroupPlanKind::Cumulative {
                    cap,
                    order: order.as_ref().map(|o| o.node).unwrap_or_default(),
                }
            }
        };
        out.push(GroupPlan {
            name: g.name.node.clone(),
            kind,
            members,
            original: g.original.as_ref().map(|o| o.node.clone()),
            span: g.span.0,
        });
    }
    out
}

/// The help for a group member that names no clause: the group's rule when it is close to one
/// (`取高` → `就高`), a clause id close to it unless the two differ only in their numeral
/// (`第一条` → `第三条` would send the writer to the wrong clause), else the clauses there are.
fn member_help(name: &str, clauses: &[ClauseInfo]) -> Option<Text> {
    if let Some(rule) = suggest(name, ["就高", "择一"]) {
        return Some(text!(
            "did you mean the group's rule `{rule}`?",
            "是否想写组的规则 `{rule}`？"
        ));
    }
    let numbered = |id: &str| id.starts_with('第') && id.ends_with('条');
    let close = suggest(name, clauses.iter().map(|c| c.id.as_str()))
        .filter(|s| !(numbered(s) && numbered(name)));
    if let Some(s) = close {
        return Some(text!("did you mean `{s}`?", "是否应为 `{s}`？"));
    }
    let ids: Vec<&str> = clauses.iter().map(|c| c.id.as_str()).take(12).collect();
    let more = if clauses.len() > ids.len() {
        " …"
    } else {
        ""
    };
    let (en, zh) = (ids.join(", "), ids.join("、"));
    (!ids.is_empty()).then(|| {
        text!(
            "the policy's clauses are {en}{more}",
            "本政策的条款有 {zh}{more}"
        )
    })
}

/// The subsidies a group member names.
pub(super) fn member(
    m: &ast::Member,
    policy: &ast::Policy,
    clauses: &[ClauseInfo],
    benefits: &[BenefitPlan],
    errors: &mut Vec<CheckError>,
) -> Vec<usize> {
    let Some(clause) = clauses.iter().position(|c| c.id == m.clause.node) else {
        errors.push(CheckError::UnknownClause {
            name: m.clause.node.clone(),
            span: m.clause.span.into(),
            help: member_help(&m.clause.node, clauses),
        });
        return Vec::new();
    };
    let named = |name: &str| m.benefit.as_ref().is_none_or(|n| n.node == name);
    // What the clause declares, whether or not its benefits checked cleanly: a benefit with its
    // own errors must not also make the group report its clause as missing.
    let declared = policy.clauses.get(clause).is_some_and(|c| {
        c.benefits
            .iter()
            .any(|b| b.kind == BenefitKind::Subsidy && named(&b.name.node))
    });
    if !declared {
        let (name, span) = match &m.benefit {
            Some(b) => (
                format!("{}.{}", m.clause.node, b.node),
                m.clause.span.join(b.span),
            ),
            None => (m.clause.node.clone(), m.clause.span),
        };
        let subsidies: Vec<&str> = policy
            .clauses
            .get(clause)
            .map(|c| {
                c.benefits
                    .iter()
                    .filter(|b| b.kind == BenefitKind::Subsidy)
                    .map(|b| b.name.node.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let help = match (&m.benefit, subsidies.as_slice()) {
            (_, []) => Text::new(
                "only subsidies (`奖补`) take part in groups; this clause grants services only",
                "只有奖补（`奖补`）参与组；这个条款只提供服务",
            ),
            (_, list) => {
                let (en, zh) = (list.join(", "), list.join("、"));
                text!("its subsidies are: {en}", "它的奖补有：{zh}")
            }
        };
        errors.push(CheckError::Invalid {
            message: text!(
                "`{name}` grants no subsidy to the group",
                "`{name}` 没有可列入该组的奖补"
            ),
            span: span.into(),
            label: Text::new("no subsidy here", "这里没有奖补"),
            help,
        });
        return Vec::new();
    }
    benefits
        .iter()
        .enumerate()
        .filter(|(_, b)| b.clause == clause && b.kind == BenefitKind::Subsidy && named(&b.name))
        .map(|(i, _)| i)
        .collect()
}
