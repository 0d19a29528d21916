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
                    "add `按比例核减` (claims beyond the total are reduced in proportion)",
                    "加上 `按比例核减`（申报总额超过资金总额的，按比例核减）",
                ),
            });
        }
        if p.remainder.is_none() {
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
            original: p.original.as_ref().map(|o| o.node.clone()),
            span: p.span.0,
        });
    }
    out
}
