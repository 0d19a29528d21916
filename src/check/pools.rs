//! Fund pools (`资金总额`): members resolved to subsidies, the total typed as money and fixed
//! before the records are read, each subsidy in at most one pool.

use std::collections::HashMap;

use super::declare::member;
use super::expr::Typer;
use super::Scope;
use crate::diag::{text, CheckError, Text};
use crate::eval::plan::{AreaQuota, BenefitPlan, ClauseInfo, Node, PoolPlan};
use crate::span::Span;
use crate::syntax::ast;

pub(super) fn pools(
    policy: &ast::Policy,
    clauses: &[ClauseInfo],
    benefits: &[BenefitPlan],
    scope: &Scope,
    by_rank_members: &mut Vec<usize>,
    errors: &mut Vec<CheckError>,
) -> Vec<PoolPlan> {
    let typer = Typer::new(scope);
    let mut names: HashMap<&str, Span> = HashMap::new();
    // Which pool member first listed each subsidy.
    let mut listed: HashMap<usize, Span> = HashMap::new();
    let mut out = Vec::new();
    for p in &policy.pools {
        let name = &p.name.node;
        if let Some(first) = names.insert(name, p.name.span) {
            errors.push(CheckError::Duplicate {
                name: name.clone(),
                span: p.name.span.into(),
                first: first.into(),
            });
        }
        let mut members: Vec<usize> = Vec::new();
        for m in &p.members {
            let at = m
                .benefit
                .as_ref()
                .map_or(m.clause.span, |b| m.clause.span.join(b.span));
            for b in member(m, policy, clauses, benefits, errors) {
                if members.contains(&b) {
                    let clause = &m.clause.node;
                    errors.push(CheckError::Invalid {
                        message: text!("`{clause}` is a member twice", "`{clause}` 重复列为成员"),
                        span: at.into(),
                        label: Text::new("listed again here", "此处重复"),
                        help: Text::new("list each member once", "每个成员只列一次"),
                    });
                    continue;
                }
                if let Some(first) = listed.get(&b) {
                    let benefit = benefits.get(b).map_or("", |x| x.name.as_str());
                    errors.push(CheckError::PoolOverlap {
                        name: format!("{}.{benefit}", m.clause.node),
                        span: at.into(),
                        first: (*first).into(),
                    });
                    continue;
                }
                listed.insert(b, at);
                members.push(b);
            }
        }
        if p.members.is_empty() {
            errors.push(CheckError::Invalid {
                message: text!(
                    "fund pool `{name}` has no members",
                    "资金总额 `{name}` 没有成员"
                ),
                span: p.span.0.into(),
                label: Text::new("no `成员`", "缺少 `成员`"),
                help: Text::new(
                    "list the clauses it pays with `成员 第一条 第二条 …`",
                    "用 `成员 第一条 第二条 …` 列出由它支付的条款",
                ),
            });
        }
        if p.rule.is_none() {
            errors.push(CheckError::Invalid {
                message: text!(
                    "fund pool `{name}` does not say how it is shared",
                    "资金总额 `{name}` 没有写明超出时如何分配"
                ),
                span: p.span.0.into(),
                label: Text::new("no sharing rule", "缺少分配方式"),
                help: Text::new(
                    "add `按比例核减` (claims beyond the total are reduced in proportion) or `按 … 从高到低 择优` (the best-ranked paid in full)",
                    "加上 `按比例核减`（申报总额超过资金总额的，按比例核减）或 `按 … 从高到低 择优`（择优支持，额满为止）",
                ),
            });
        }
        let ranked = matches!(
            p.rule.as_ref().map(|r| r.node),
            Some(ast::PoolRule::Ranked { .. })
        );
        let rank_by = match (&p.rank_by, ranked) {
            (Some(e), true) => match typer.expr(e, errors) {
                Some((node, super::Ty::Num(_))) => Some(node),
                Some((_, ty)) => {
                    errors.push(CheckError::PoolOrder {
                        pool: name.clone(),
                        found: super::expr::describe(ty, scope),
                        span: e.span.into(),
                    });
                    None
                }
                None => None,
            },
            _ => None,
        };
        let ties = tie_keys(p, ranked, &typer, scope, errors);
        let (quota, quota_per) = quotas(p, ranked, &typer, scope, errors);
        let rank_amounts =
            super::rank_amounts::rank_amounts(p, ranked, &members, benefits, &typer, scope, errors);
        if p.rank_amounts.is_some() {
            by_rank_members.extend(&members);
        }
        // A quota written, even one in error (reported), stands for the total.
        let has_quota = !p.quotas.is_empty();
        if ranked && p.until_full.is_none() && p.total.is_some() {
            errors.push(CheckError::PoolRule {
                message: text!(
                    "ranked fund pool `{name}` does not say what the first claim that does not fit gets",
                    "择优的资金总额 `{name}` 没有写明额满时下一户如何处理"
                ),
                span: p.span.0.into(),
                label: Text::new("no `额满为止`", "缺少 `额满为止`"),
                help: Text::new(
                    "add `额满为止 余额给下一户` (it gets what is left) or `额满为止 不足则不予` (it gets nothing)",
                    "加上 `额满为止 余额给下一户`（下一户得剩余资金）或 `额满为止 不足则不予`（下一户不予奖补）",
                ),
            });
        }
        if let Some(u) = &p.until_full {
            if !ranked {
                errors.push(CheckError::PoolRule {
                    message: text!(
                        "`额满为止` belongs to a ranked fund pool; `{name}` is shared pro rata",
                        "`额满为止` 只用于择优的资金总额；`{name}` 按比例核减"
                    ),
                    span: u.span.into(),
                    label: Text::new("not ranked", "不是择优"),
                    help: Text::new(
                        "remove it, or rank the claims with `按 … 从高到低 择优`",
                        "删去它，或用 `按 … 从高到低 择优` 排序",
                    ),
                });
            } else if p.total.is_none() {
                errors.push(CheckError::PoolRule {
                    message: text!(
                        "`额满为止` needs a total; fund pool `{name}` has only a quota",
                        "`额满为止` 需要总额；资金总额 `{name}` 只有名额"
                    ),
                    span: u.span.into(),
                    label: Text::new("no `不超过` total", "缺少 `不超过` 总额"),
                    help: Text::new(
                        "add the total with `不超过 …`, or remove `额满为止`: without a total every claim within the quota is paid in full",
                        "用 `不超过 …` 写明总额，或删去 `额满为止`：没有总额时名额内的申报全额支持",
                    ),
                });
            }
        }
        if p.remainder.is_none() && !ranked {
            errors.push(CheckError::Invalid {
                message: text!(
                    "fund pool `{name}` does not say where the fens left over by rounding go",
                    "资金总额 `{name}` 没有写明尾差如何处理"
                ),
                span: p.span.0.into(),
                label: Text::new("no `尾差`", "缺少 `尾差`"),
                help: Text::new(
                    "add `尾差 从大到小` (one fen each to the largest remainders, so the pool pays its total) or `尾差 留存` (left unspent)",
                    "加上 `尾差 从大到小`（按余数从大到小每户补一分，总额分足）或 `尾差 留存`（不再分配）",
                ),
            });
        }
        let total = match &p.total {
            Some(t) => typer.money(t, errors).and_then(|node| match node {
                Node::Num(_) | Node::Lit(..) | Node::Param(_) => Some(node),
                _ => {
                    errors.push(CheckError::PoolTotal {
                        pool: name.clone(),
                        span: t.span.into(),
                    });
                    None
                }
            }),
            None if ranked && (has_quota || p.rank_amounts.is_some()) => None,
            None => {
                errors.push(CheckError::Invalid {
                    message: text!(
                        "fund pool `{name}` has no total",
                        "资金总额 `{name}` 没有总额"
                    ),
                    span: p.span.0.into(),
                    label: Text::new("no `不超过` total", "缺少 `不超过` 总额"),
                    help: Text::new(
                        "write `不超过 3000万元` or `不超过 <money parameter>` (a ranked pool may instead state only a quota, `名额 10 户`)",
                        "写 `不超过 3000万元` 或 `不超过 <金额参数>`（择优的资金总额也可只写名额，如 `名额 10 户`）",
                    ),
                });
                continue;
            }
        };
        if p.total.is_some() && total.is_none() {
            continue;
        }
        out.push(PoolPlan {
            name: name.clone(),
            members,
            total,
            rule: p.rule.as_ref().map(|r| r.node).unwrap_or_default(),
            remainder: p.remainder.as_ref().map(|r| r.node).unwrap_or_default(),
            rank_by,
            shortfall: p.until_full.as_ref().map(|u| u.node).unwrap_or_default(),
            ties,
            quota,
            quota_per,
            rank_amounts,
            original: p.original.as_ref().map(|o| o.node.clone()),
            span: p.span.0,
        });
    }
    out
}

/// A ranked pool's tie-breakers (`并列 按 x 从高到低，…`), each a number of the record.
fn tie_keys(
    p: &ast::Pool,
    ranked: bool,
    typer: &Typer<'_>,
    scope: &Scope,
    errors: &mut Vec<CheckError>,
) -> Vec<(Node, bool)> {
    let Some(ties) = &p.ties else {
        return Vec::new();
    };
    if !ranked {
        let name = &p.name.node;
        errors.push(CheckError::PoolRule {
            message: text!(
                "`并列` belongs to a ranked fund pool; `{name}` is not ranked",
                "`并列` 只用于择优的资金总额；`{name}` 不是择优"
            ),
            span: ties.span.into(),
            label: Text::new("not ranked", "不是择优"),
            help: Text::new(
                "remove it, or rank the claims with `按 … 从高到低 择优`",
                "删去它，或用 `按 … 从高到低 择优` 排序",
            ),
        });
        return Vec::new();
    }
    let mut out = Vec::new();
    for k in &ties.node {
        match typer.expr(&k.by, errors) {
            Some((node, super::Ty::Num(_))) => out.push((node, k.highest_first)),
            Some((_, ty)) => errors.push(CheckError::PoolOrder {
                pool: p.name.node.clone(),
                found: super::expr::describe(ty, scope),
                span: k.by.span.into(),
            }),
            None => {}
        }
    }
    out
}

/// A ranked pool's quotas (`名额 10 户`, `名额 2 户 每 所属地区`): at most one in all and one
/// per field, each a whole count above zero; the field is a record field of text or words.
fn quotas(
    p: &ast::Pool,
    ranked: bool,
    typer: &Typer<'_>,
    scope: &Scope,
    errors: &mut Vec<CheckError>,
) -> (Option<u64>, Option<AreaQuota>) {
    let name = &p.name.node;
    let (mut all, mut per): (Option<u64>, Option<AreaQuota>) = (None, None);
    let (mut seen_all, mut seen_per) = (false, false);
    for q in &p.quotas {
        if !ranked {
            errors.push(CheckError::PoolRule {
                message: text!(
                    "`名额` belongs to a ranked fund pool; `{name}` is not ranked",
                    "`名额` 只用于择优的资金总额；`{name}` 不是择优"
                ),
                span: q.span.0.into(),
                label: Text::new("not ranked", "不是择优"),
                help: Text::new(
                    "rank the claims with `按 … 从高到低 择优`: a quota takes them in rank order",
                    "用 `按 … 从高到低 择优` 排序：名额按名次依次占用",
                ),
            });
            continue;
        }
        let twice = if q.per.is_some() {
            std::mem::replace(&mut seen_per, true)
        } else {
            std::mem::replace(&mut seen_all, true)
        };
        if twice {
            errors.push(CheckError::PoolQuota {
                message: text!(
                    "fund pool `{name}` states this quota twice",
                    "资金总额 `{name}` 重复写了名额"
                ),
                span: q.span.0.into(),
                label: Text::new("a second quota", "重复的名额"),
                help: Text::new(
                    "a pool has at most one quota in all (`名额 10 户`) and one per field (`名额 2 户 每 所属地区`)",
                    "一个资金总额至多有一个总名额（`名额 10 户`）和一个分项名额（`名额 2 户 每 所属地区`）",
                ),
            });
            continue;
        }
        let n = &q.count.node;
        let whole = matches!(n.unit, None | Some(ast::Unit::Count))
            && n.value.fract().is_zero()
            && n.value > rust_decimal::Decimal::ZERO;
        let count = whole.then(|| u64::try_from(n.value).ok()).flatten();
        let Some(count) = count else {
            let found = &q.count.node.value;
            errors.push(CheckError::PoolQuota {
                message: text!(
                    "the quota of fund pool `{name}` is not a whole number of records",
                    "资金总额 `{name}` 的名额不是整数户数"
                ),
                span: q.count.span.into(),
                label: text!("`{found}` here", "此处为 `{found}`"),
                help: Text::new(
                    "write how many records at most, e.g. `名额 10 户`",
                    "写明至多多少户，如 `名额 10 户`",
                ),
            });
            continue;
        };
        match &q.per {
            None => all = Some(count),
            Some(field) => {
                let e = ast::Expr::new(ast::ExprKind::Name(field.node.clone()), field.span);
                match typer.expr(&e, errors) {
                    Some((node @ Node::Field(_), ty @ (super::Ty::Text | super::Ty::Enum(_)))) => {
                        per = Some(AreaQuota {
                            field: node,
                            name: field.node.clone(),
                            words: match ty {
                                super::Ty::Enum(id) => Some(id),
                                _ => None,
                            },
                            count,
                        });
                    }
                    Some((_, ty)) => {
                        let found = super::expr::describe(ty, scope);
                        let (fe, fz) = (&found.en, &found.zh);
                        let field = &field.node;
                        errors.push(CheckError::PoolQuota {
                            message: text!(
                                "the quota of fund pool `{name}` is per `{field}`, which is {fe}, not a text field of the record",
                                "资金总额 `{name}` 的名额按 `{field}` 计，它是{fz}，不是记录的文本字段"
                            ),
                            span: q.per.as_ref().map_or(q.span.0, |f| f.span).into(),
                            label: Text::new("not a text field", "不是文本字段"),
                            help: Text::new(
                                "a quota per value names a text field of the record such as the area, e.g. `名额 2 户 每 所属地区`",
                                "分项名额按记录的文本字段（如所属地区）计，如 `名额 2 户 每 所属地区`",
                            ),
                        });
                    }
                    None => {}
                }
            }
        }
    }
    (all, per)
}
