//! Definitions: dependency order and cycle detection, then type-checking in that order.

use std::collections::HashMap;

use super::expr::Typer;
use super::{Binding, Scope};
use crate::diag::{text, CheckError, Text};
use crate::eval::plan::{DefInfo, Node};
use crate::syntax::ast::{self, Expr, ExprKind};

/// Check every definition; they are compiled in declaration order but typed in dependency order.
pub(super) fn definitions(
    policy: &ast::Policy,
    scope: &mut Scope,
    errors: &mut Vec<CheckError>,
) -> Vec<DefInfo> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, d) in policy.defines.iter().enumerate() {
        if i == super::MAX_SLOTS {
            errors.push(super::too_many(
                Text::new("definitions", "定义"),
                d.name.span,
            ));
        }
        if scope.declare(&d.name, Binding::Def(i), errors) {
            index.insert(&d.name.node, i);
        }
    }
    scope.def_tys = vec![None; policy.defines.len()];
    let deps: Vec<Vec<usize>> = policy
        .defines
        .iter()
        .map(|d| {
            let mut names = Vec::new();
            names_in(&d.expr, &mut names);
            names
                .iter()
                .filter_map(|n| index.get(n.as_str()).copied())
                .collect()
        })
        .collect();
    let order = topological(&deps, policy, errors);
    let mut nodes: Vec<Option<(Node, crate::eval::plan::Ty)>> = vec![None; policy.defines.len()];
    // How deep evaluating each definition may recurse: its own tree plus the deepest definition
    // it uses. Bounded, so no chain of definitions can overflow the stack.
    let mut depth = vec![0usize; policy.defines.len()];
    for i in order {
        let d = policy.defines[i].expr.span;
        let mut typed = Typer::new(scope).expr(&policy.defines[i].expr, errors);
        if let Some((node, _)) = &typed {
            let used = deps[i].iter().map(|&j| depth[j]).max().unwrap_or(0);
            depth[i] = node_depth(node) + used;
            if depth[i] > MAX_DEF_DEPTH {
                errors.push(CheckError::Invalid {
                    message: text!(
                        "definitions nested too deep ({MAX_DEF_DEPTH} levels at most)",
                        "定义嵌套过深（最多 {MAX_DEF_DEPTH} 层）"
                    ),
                    span: d.into(),
                    label: Text::new("uses a chain of definitions too deep", "所用的定义链过深"),
                    help: Text::new(
                        "compute this definition from fields or from fewer steps of definitions",
                        "改为直接由字段计算，或减少定义的层级",
                    ),
                });
                typed = None;
            }
        }
        if let Some((_, ty)) = &typed {
            scope.def_tys[i] = Some(*ty);
        }
        nodes[i] = typed;
    }
    policy
        .defines
        .iter()
        .zip(nodes)
        .filter_map(|(d, typed)| {
            typed.map(|(node, ty)| DefInfo {
                name: d.name.node.clone(),
                ty,
                node,
                note: d.note.as_ref().map(|n| n.node.clone()),
            })
        })
        .collect()
}

/// How deeply evaluating definitions may nest, counted in plan nodes along the deepest chain.
const MAX_DEF_DEPTH: usize = 400;

/// The depth of a plan node's tree, walked without recursion.
fn node_depth(root: &Node) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(root, 1usize)];
    while let Some((n, d)) = stack.pop() {
        deepest = deepest.max(d);
        match n {
            Node::Num(_)
            | Node::Lit(..)
            | Node::Bool(_)
            | Node::Date(_)
            | Node::Text(_)
            | Node::Word(_)
            | Node::Field(_)
            | Node::Def(_)
            | Node::Param(_) => {}
            Node::Neg(x)
            | Node::Not(x)
            | Node::In(x, _, _)
            | Node::Cond(_, x)
            | Node::Shift(x, _, _, _) => stack.push((x, d + 1)),
            Node::Arith(_, a, b, _) | Node::Cmp(_, a, b) => {
                stack.push((a, d + 1));
                stack.push((b, d + 1));
            }
            Node::And(items) | Node::Or(items) | Node::Call(_, items, _) => {
                stack.extend(items.iter().map(|i| (i, d + 1)));
            }
            Node::Pick(bands) => {
                for (cond, value) in bands {
                    stack.extend(cond.iter().map(|c| (c, d + 1)));
                    stack.push((value, d + 1));
                }
            }
        }
    }
    deepest
}

/// The names an expression mentions.
fn names_in(expr: &Expr, out: &mut Vec<String>) {
    match &expr.node {
        ExprKind::Name(n) => out.push(n.clone()),
        ExprKind::Lit(_) => {}
        ExprKind::Neg(e) | ExprKind::Not(e) => names_in(e, out),
        ExprKind::Member { expr, .. } => names_in(expr, out),
        ExprKind::Between { expr, low, high } => {
            for e in [expr, low, high] {
                names_in(e, out);
            }
        }
        ExprKind::Arith(_, a, b)
        | ExprKind::Compare(_, a, b)
        | ExprKind::And(a, b)
        | ExprKind::Or(a, b) => {
            names_in(a, out);
            names_in(b, out);
        }
        ExprKind::All(items) | ExprKind::Any(items) | ExprKind::Call(_, items) => {
            items.iter().for_each(|e| names_in(e, out));
        }
        ExprKind::Pick(bands) => {
            for (cond, value) in bands {
                cond.iter().for_each(|c| names_in(c, out));
                names_in(value, out);
            }
        }
    }
}

/// Definitions in an order where each comes after those it uses; each cycle is reported once
/// and its members left out.
fn topological(
    deps: &[Vec<usize>],
    policy: &ast::Policy,
    errors: &mut Vec<CheckError>,
) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
        Broken,
    }
    let mut marks = vec![Mark::New; deps.len()];
    let mut order = Vec::new();
    for root in 0..deps.len() {
        if marks[root] != Mark::New {
            continue;
        }
        // Iterative depth-first search: (node, next dependency to visit).
        let mut stack = vec![(root, 0usize)];
        marks[root] = Mark::Active;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&dep) = deps[node].get(*next) {
                *next += 1;
                match marks[dep] {
                    Mark::New => {
                        marks[dep] = Mark::Active;
                        stack.push((dep, 0));
                    }
                    Mark::Active => {
                        let start = stack.iter().position(|(n, _)| *n == dep).unwrap_or(0);
                        let cycle: Vec<usize> = stack[start..].iter().map(|(n, _)| *n).collect();
                        let mut path: Vec<&str> = cycle
                            .iter()
                            .map(|&n| policy.defines[n].name.node.as_str())
                            .collect();
                        path.push(&policy.defines[dep].name.node);
                        errors.push(CheckError::Cycle {
                            name: policy.defines[dep].name.node.clone(),
                            span: policy.defines[dep].name.span.into(),
                            path: path.join(" → "),
                        });
                        for n in cycle {
                            marks[n] = Mark::Broken;
                        }
                    }
                    Mark::Done | Mark::Broken => {}
                }
            } else {
                stack.pop();
                if marks[node] == Mark::Active {
                    marks[node] = Mark::Done;
                    order.push(node);
                }
            }
        }
    }
    order
}
