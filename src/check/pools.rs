//! Fund pools (`资金总额`): members resolved to subsidies, the total typed as money and fixed
//! before the records are read, each subsidy in at most one pool.

use std::collections::HashMap;

use super::declare::member;
use super::expr::Typer;
use super::Scope;
use crate::diag::{text, CheckError, Text};
use crate::eval::plan::{BenefitPlan, ClauseInfo, Node, PoolPlan};
use crate::span::Span;
use crate::syntax::ast;

pub(super) fn pools(
    policy: &ast::Policy,
    clauses: &[ClauseInfo],
    benefits: &[BenefitPlan],
    scope: &Scope,
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
                    errors.push(CheckError::WrongType {
                        expected: Text::new("a number", "数值"),
                        found: super::expr::describe(ty, scope),
                        span: e.span.into(),
                        help: Some(Text::new(
                            "a ranked pool orders its claims by a number of the record, e.g. `按 净增产值 从高到低 择优`",
                            "择优的资金总额按记录的数值排序，如 `按 净增产值 从高到低 择优`",
                        )),
                    });
                    None
                }
                None => None,
            },
            _ => None,
        };
        if ranked && p.until_full.is_none() {
            errors.push(CheckError::Invalid {
                message: text!(
                    "ranked fund pool `{name}` does not say what the first claim that does not fit gets",
                    "择优的资金总额 `{name}` 没有写明额满时下一户如何处理"
                ),
                span: p.span.0.into(),
                label: Text::new("no `额满为止`", "缺少 `额满为止`"),
                help: Text::new(
                    "add `额满为止 余额给下一户` (it gets what is left) or `额满为止 不足则不予` (it gets nothing)",
                    "加上 `额满为止 余额给下一户`（余额给下一户）或 `额满为止 不足则不予`（不足则不予）",
                ),
            });
        }
        if !ranked {
            if let Some(u) = &p.until_full {
                errors.push(CheckError::Invalid {
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
            None => {
                errors.push(CheckError::Invalid {
                    message: text!(
                        "fund pool `{name}` has no total",
                        "资金总额 `{name}` 没有总额"
                    ),
                    span: p.span.0.into(),
                    label: Text::new("no `不超过` total", "缺少 `不超过` 总额"),
                    help: Text::new(
                        "write `不超过 3000万元` or `不超过 <money parameter>`",
                        "写 `不超过 3000万元` 或 `不超过 <金额参数>`",
                    ),
                });
                None
            }
        };
        let Some(total) = total else { continue };
        out.push(PoolPlan {
            name: name.clone(),
            members,
            total,
            rule: p.rule.as_ref().map(|r| r.node).unwrap_or_default(),
            remainder: p.remainder.as_ref().map(|r| r.node).unwrap_or_default(),
            rank_by,
            shortfall: p.until_full.as_ref().map(|u| u.node).unwrap_or_default(),
            original: p.original.as_ref().map(|o| o.node.clone()),
            span: p.span.0,
        });
    }
    out
}
