//! Lints: warnings about a policy that checks cleanly but probably does not say what its author
//! meant. They run on the AST of a policy that has passed the checker, so names resolve and units
//! agree; each lint decides only what it can decide statically and stays silent otherwise.
//!
//! The interval reasoning covers comparisons of one name with number constants (`产值 >= 5000万元`)
//! joined by `且` / `全部`: such a conjunction is an interval of that name's values. Literals are
//! compared by value, which the parser has already scaled (`5000万元` is 50,000,000 元, `6%` is 0.06).

use std::cmp::Ordering;
use std::collections::HashSet;

use rust_decimal::Decimal;

use crate::diag::Warning;
use crate::span::Span;
use crate::syntax::ast::{self, AmountCore, ArithOp, CmpOp, Expr, ExprKind, Literal, Unit};

/// Every warning about `policy`, in the order of the policy's parts.
pub(super) fn lints(policy: &ast::Policy, source: &str) -> Vec<Warning> {
    let mut out = Vec::new();
    unused(policy, &mut out);
    for e in expressions(policy) {
        never_true(e, false, &mut out);
    }
    for clause in &policy.clauses {
        for b in &clause.benefits {
            if let Some(amount) = &b.amount {
                for nested in amount.walk() {
                    tiers(b, nested, source, &mut out);
                    cap_below_unit(nested, source, &mut out);
                }
            }
        }
    }
    out
}

/// Every expression of the policy that is evaluated: definitions, conditions, amounts and their
/// bounds, installment shares, group caps.
fn expressions(policy: &ast::Policy) -> Vec<&Expr> {
    let mut out: Vec<&Expr> = policy.defines.iter().map(|d| &d.expr).collect();
    for b in policy.clauses.iter().flat_map(|c| &c.benefits) {
        out.extend(&b.condition);
        out.extend(b.installments.iter().map(|i| &i.share));
        for a in b.amount.iter().flat_map(ast::Amount::walk) {
            out.extend(a.bounds.iter().map(|bound| &bound.value));
            match &a.core {
                // Nested amounts are walked on their own.
                AmountCore::Tbd
                | AmountCore::ByRank
                | AmountCore::Arith(..)
                | AmountCore::Nested(_) => {}
                AmountCore::Range(lo, hi) => out.extend([lo, hi]),
                AmountCore::Tiers(tiers) => {
                    for t in tiers {
                        out.extend(&t.condition);
                    }
                }
                AmountCore::Progressive { base, bands } => {
                    out.push(base);
                    for band in bands {
                        out.extend(&band.upto);
                        out.push(&band.rate);
                    }
                }
                AmountCore::Steps { base, step, each } => out.extend([base, step, each]),
                AmountCore::Expr(e) => out.push(e),
            }
        }
    }
    for g in &policy.groups {
        if let ast::GroupKind::Cumulative { cap: Some(cap), .. } = &g.kind {
            out.push(cap);
        }
    }
    out.extend(policy.pools.iter().filter_map(|p| p.total.as_ref()));
    out.extend(policy.pools.iter().filter_map(|p| p.rank_by.as_ref()));
    out.extend(
        policy
            .pools
            .iter()
            .filter_map(|p| p.rank_amounts.as_ref())
            .flat_map(|r| &r.amounts),
    );
    for p in &policy.pools {
        out.extend(p.ties.iter().flat_map(|t| t.node.iter().map(|k| &k.by)));
    }
    out
}

/// `e` and every expression inside it. The parser bounds nesting depth, so recursion is safe.
fn each_subexpr<'a>(e: &'a Expr, f: &mut impl FnMut(&'a Expr)) {
    f(e);
    match &e.node {
        ExprKind::Lit(_) | ExprKind::Name(_) => {}
        ExprKind::Neg(a) | ExprKind::Not(a) => each_subexpr(a, f),
        ExprKind::Member { expr, .. } => each_subexpr(expr, f),
        ExprKind::Between { expr, low, high } => {
            for e in [expr, low, high] {
                each_subexpr(e, f);
            }
        }
        ExprKind::Arith(_, a, b)
        | ExprKind::Compare(_, a, b)
        | ExprKind::And(a, b)
        | ExprKind::Or(a, b) => {
            each_subexpr(a, f);
            each_subexpr(b, f);
        }
        ExprKind::All(items) | ExprKind::Any(items) | ExprKind::Call(_, items) => {
            for i in items {
                each_subexpr(i, f);
            }
        }
        ExprKind::Pick(bands) => {
            for (cond, value) in bands {
                if let Some(c) = cond {
                    each_subexpr(c, f);
                }
                each_subexpr(value, f);
            }
        }
    }
}

/// Fields and parameters that nothing uses. The key, the area and the name (the first text field
/// that is neither, the results' name column: `report::columns::name_slot`) are used by every
/// report;
/// an example's record counts as a use of a field, an example's `设定` not as a use of a
/// parameter (the policy itself never reads it).
fn unused(policy: &ast::Policy, out: &mut Vec<Warning>) {
    let mut used: HashSet<&str> = HashSet::new();
    for e in expressions(policy) {
        each_subexpr(e, &mut |sub| {
            if let ExprKind::Name(n) = &sub.node {
                used.insert(n.as_str());
            }
        });
    }
    // A quota per value of a field (`名额 2 户 每 所属地区`) uses the field.
    for p in &policy.pools {
        used.extend(
            p.quotas
                .iter()
                .filter_map(|q| q.per.as_ref())
                .map(|f| f.node.as_str()),
        );
    }
    let in_examples: HashSet<&str> = policy
        .examples
        .iter()
        .flat_map(|x| &x.records)
        .flat_map(|r| &r.cells)
        .map(|(name, _)| name.node.as_str())
        .collect();
    let name_column = policy
        .fields
        .iter()
        .position(|f| f.ty.node == ast::TypeExpr::Text && !f.key && !f.area);
    for (i, f) in policy.fields.iter().enumerate() {
        let name = f.name.node.as_str();
        let reported = f.key || f.area || Some(i) == name_column;
        if !reported && !used.contains(name) && !in_examples.contains(name) {
            out.push(Warning::UnusedField {
                name: name.to_string(),
                span: f.name.span.into(),
            });
        }
    }
    for p in &policy.params {
        if !used.contains(p.name.node.as_str()) {
            out.push(Warning::UnusedParam {
                name: p.name.node.clone(),
                span: p.name.span.into(),
            });
        }
    }
}

/// One end of an interval: a value, whether it is included, and the literal that gave it.
#[derive(Clone, Copy, Debug)]
struct End {
    value: Decimal,
    closed: bool,
    at: Span,
}

/// The values of one name that a conjunction of comparisons allows. `None` ends are unbounded.
#[derive(Clone, Copy, Debug)]
struct Interval {
    lo: Option<End>,
    hi: Option<End>,
}

impl Interval {
    const ALL: Interval = Interval { lo: None, hi: None };

    fn is_empty(&self) -> bool {
        match (self.lo, self.hi) {
            (Some(l), Some(h)) => match l.value.cmp(&h.value) {
                Ordering::Greater => true,
                Ordering::Equal => !(l.closed && h.closed),
                Ordering::Less => false,
            },
            _ => false,
        }
    }

    fn intersect(self, other: Interval) -> Interval {
        let lo = match (self.lo, other.lo) {
            (Some(a), Some(b)) => Some(if cmp_lo(Some(a), Some(b)) == Ordering::Less {
                b
            } else {
                a
            }),
            (a, b) => a.or(b),
        };
        let hi = match (self.hi, other.hi) {
            (Some(a), Some(b)) => Some(if cmp_hi(Some(a), Some(b)) == Ordering::Greater {
                b
            } else {
                a
            }),
            (a, b) => a.or(b),
        };
        Interval { lo, hi }
    }
}

/// Order lower ends by where they start: unbounded first; at one value, `>=` before `>`.
fn cmp_lo(a: Option<End>, b: Option<End>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => a.value.cmp(&b.value).then(b.closed.cmp(&a.closed)),
    }
}

/// Order upper ends by where they stop: unbounded last; at one value, `<` before `<=`.
fn cmp_hi(a: Option<End>, b: Option<End>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(a), Some(b)) => a.value.cmp(&b.value).then(a.closed.cmp(&b.closed)),
    }
}

/// The first part of `target` that no interval of `cover` contains, or `None` when they cover
/// it all.
fn first_gap(target: Interval, cover: &[Interval]) -> Option<Interval> {
    let mut rest = target;
    // Each round moves past one interval of `cover`, which then no longer applies.
    for _ in 0..=cover.len() {
        if rest.is_empty() {
            return None;
        }
        let start = Interval {
            lo: rest.lo,
            hi: None,
        };
        // The intervals that contain the point where `rest` starts; the one reaching furthest.
        let best = cover
            .iter()
            .filter(|i| !i.is_empty() && cmp_lo(i.lo, rest.lo) != Ordering::Greater)
            .filter(|i| !start.intersect(**i).is_empty())
            .max_by(|a, b| cmp_hi(a.hi, b.hi));
        match best {
            None => {
                // A gap from `rest.lo` to where the next interval starts.
                let next = cover
                    .iter()
                    .filter(|i| !i.is_empty() && !rest.intersect(**i).is_empty())
                    .map(|i| i.lo)
                    .min_by(|a, b| cmp_lo(*a, *b))
                    .flatten();
                let hi = match next {
                    Some(n) => Some(End {
                        closed: !n.closed,
                        ..n
                    }),
                    None => rest.hi,
                };
                return Some(Interval { lo: rest.lo, hi });
            }
            Some(i) => match i.hi {
                None => return None,
                Some(h) if cmp_hi(Some(h), rest.hi) != Ordering::Less => return None,
                Some(h) => {
                    rest.lo = Some(End {
                        closed: !h.closed,
                        ..h
                    });
                }
            },
        }
    }
    None
}

/// A number literal's value, possibly negated.
fn constant(e: &Expr) -> Option<(Decimal, Span)> {
    match &e.node {
        ExprKind::Lit(Literal::Number(n)) => Some((n.value, e.span)),
        ExprKind::Neg(inner) => constant(inner).map(|(v, _)| (-v, e.span)),
        _ => None,
    }
}

/// `name op constant` (either way round) as the name and the interval it allows; `None` for
/// any other expression, and for `≠`, which is not an interval.
fn comparison(e: &Expr) -> Option<(&str, Interval)> {
    let ExprKind::Compare(op, a, b) = &e.node else {
        return None;
    };
    let (name, (value, at), op) = match (&a.node, &b.node) {
        (ExprKind::Name(n), _) => (n.as_str(), constant(b)?, *op),
        (_, ExprKind::Name(n)) => (n.as_str(), constant(a)?, flip(*op)),
        _ => return None,
    };
    let end = |closed| Some(End { value, closed, at });
    let interval = match op {
        CmpOp::Ge => Interval {
            lo: end(true),
            hi: None,
        },
        CmpOp::Gt => Interval {
            lo: end(false),
            hi: None,
        },
        CmpOp::Le => Interval {
            lo: None,
            hi: end(true),
        },
        CmpOp::Lt => Interval {
            lo: None,
            hi: end(false),
        },
        CmpOp::Eq => Interval {
            lo: end(true),
            hi: end(true),
        },
        CmpOp::Ne => return None,
    };
    Some((name, interval))
}

/// `a op b` as `b op' a`.
fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Ge => CmpOp::Le,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Eq | CmpOp::Ne => op,
    }
}

/// The conditions a `且` / `全部` requires together (a single condition is its own conjunction).
fn conjuncts<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    match &e.node {
        ExprKind::And(a, b) => {
            conjuncts(a, out);
            conjuncts(b, out);
        }
        ExprKind::All(items) => {
            for i in items {
                conjuncts(i, out);
            }
        }
        _ => out.push(e),
    }
}

/// Conjunctions that no value satisfies: each maximal `且` / `全部` in `e`, and those nested
/// inside `或`, `非` and the like.
fn never_true(e: &Expr, in_conjunction: bool, out: &mut Vec<Warning>) {
    let is_conjunction = matches!(e.node, ExprKind::And(..) | ExprKind::All(_));
    if is_conjunction && !in_conjunction {
        let mut parts = Vec::new();
        conjuncts(e, &mut parts);
        let mut seen: Vec<(&str, Interval)> = Vec::new();
        for part in parts {
            let Some((name, interval)) = comparison(part) else {
                continue;
            };
            let joined = match seen.iter_mut().find(|(n, _)| *n == name) {
                Some((_, sofar)) => {
                    *sofar = sofar.intersect(interval);
                    *sofar
                }
                None => {
                    seen.push((name, interval));
                    interval
                }
            };
            if joined.is_empty() {
                out.push(Warning::NeverTrue {
                    name: name.to_string(),
                    span: e.span.into(),
                    culprit: part.span.into(),
                });
                break;
            }
        }
    }
    let mut children: Vec<&Expr> = Vec::new();
    match &e.node {
        ExprKind::Lit(_) | ExprKind::Name(_) => {}
        ExprKind::Neg(a) | ExprKind::Not(a) => children.push(a),
        ExprKind::Member { expr, .. } => children.push(expr),
        ExprKind::Between { expr, low, high } => children.extend([&**expr, &**low, &**high]),
        ExprKind::Arith(_, a, b)
        | ExprKind::Compare(_, a, b)
        | ExprKind::And(a, b)
        | ExprKind::Or(a, b) => children.extend([&**a, &**b]),
        ExprKind::All(items) | ExprKind::Any(items) | ExprKind::Call(_, items) => {
            children.extend(items)
        }
        ExprKind::Pick(bands) => {
            for (cond, value) in bands {
                children.extend(cond.iter());
                children.push(value);
            }
        }
    }
    for child in children {
        never_true(child, is_conjunction, out);
    }
}

/// The name a whole condition constrains and the interval it allows, when the condition is a
/// conjunction of comparisons of that one name with constants.
fn interval_of(e: &Expr) -> Option<(&str, Interval)> {
    let mut parts = Vec::new();
    conjuncts(e, &mut parts);
    let mut result: Option<(&str, Interval)> = None;
    for part in parts {
        let (name, interval) = comparison(part)?;
        result = match result {
            None => Some((name, interval)),
            Some((n, sofar)) if n == name => Some((n, sofar.intersect(interval))),
            Some(_) => return None,
        };
    }
    result
}

/// What a benefit's own condition says about `name`: the comparisons of `name` with constants
/// among its top-level `且` / `全部`.
fn domain(condition: Option<&Expr>, name: &str) -> Interval {
    let mut parts = Vec::new();
    if let Some(c) = condition {
        conjuncts(c, &mut parts);
    }
    parts
        .into_iter()
        .filter_map(comparison)
        .filter(|(n, _)| *n == name)
        .fold(Interval::ALL, |sofar, (_, i)| sofar.intersect(i))
}

/// Bands of `分档` that are never chosen, and values no band takes when there is no `其他`.
fn tiers(b: &ast::Benefit, amount: &ast::Amount, source: &str, out: &mut Vec<Warning>) {
    let AmountCore::Tiers(tiers) = &amount.core else {
        return;
    };
    // Every band before `其他` must constrain the same name, or nothing is decided.
    let mut bands: Vec<(Interval, Span)> = Vec::new();
    let mut subject: Option<&str> = None;
    let mut otherwise: Option<Span> = None;
    for t in tiers {
        let Some(cond) = &t.condition else {
            otherwise = Some(t.value.span.0);
            break;
        };
        let Some((name, interval)) = interval_of(cond) else {
            return;
        };
        if subject.is_some_and(|s| s != name) {
            return;
        }
        subject = Some(name);
        bands.push((interval, cond.span));
    }
    let Some(subject) = subject else {
        return;
    };
    let domain = domain(b.condition.as_ref(), subject);
    for (i, (interval, span)) in bands.iter().enumerate() {
        let target = interval.intersect(domain);
        if interval.is_empty() || target.is_empty() {
            // Never true on its own: `never_true` says so when it is a conjunction.
            continue;
        }
        let before: Vec<Interval> = bands[..i].iter().map(|(b, _)| *b).collect();
        if first_gap(target, &before).is_none() {
            let earlier = bands[..i]
                .iter()
                .rev()
                .find(|(b, _)| !b.intersect(target).is_empty())
                .map_or(*span, |(_, s)| *s);
            out.push(Warning::UnreachableBand {
                span: (*span).into(),
                earlier: earlier.into(),
            });
        }
    }
    if otherwise.is_some() {
        return;
    }
    let all: Vec<Interval> = bands.iter().map(|(b, _)| *b).collect();
    if let Some(gap) = first_gap(domain, &all) {
        out.push(Warning::TierGap {
            gap: describe_gap(subject, gap, source),
            floor: floor_above(subject, gap, domain, source),
            span: amount.span.0.into(),
        });
    }
}

/// When `gap` lies below every band (it starts where the values considered start), the floor a
/// subsidy's `条件` needs to leave it out: `产值 >= 5000万元` for a gap `产值 < 5000万元`.
fn floor_above(name: &str, gap: Interval, domain: Interval, source: &str) -> Option<String> {
    let same = |a: Option<End>, b: Option<End>| match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.value == b.value && a.closed == b.closed,
        _ => false,
    };
    if !same(gap.lo, domain.lo) {
        return None;
    }
    let top = gap.hi?;
    let op = if top.closed { ">" } else { ">=" };
    Some(format!("{name} {op} {}", top.at.text(source)))
}

/// `` `产值` < 5000万元 ``, `` 1000万元 <= `产值` < 5000万元 ``: the literals as written.
fn describe_gap(name: &str, gap: Interval, source: &str) -> String {
    let text = |end: End| end.at.text(source).to_string();
    match (gap.lo, gap.hi) {
        (None, None) => format!("`{name}`"),
        (Some(l), None) => format!("`{name}` {} {}", if l.closed { ">=" } else { ">" }, text(l)),
        (None, Some(h)) => format!("`{name}` {} {}", if h.closed { "<=" } else { "<" }, text(h)),
        (Some(l), Some(h)) if l.closed && h.closed && l.value == h.value => {
            format!("`{name}` = {}", text(l))
        }
        (Some(l), Some(h)) => format!(
            "{} {} `{name}` {} {}",
            text(l),
            if l.closed { "<=" } else { "<" },
            if h.closed { "<=" } else { "<" },
            text(h)
        ),
    }
}

/// `300元 × 人数，最高 200元`: a money rate times something else, capped below the rate.
fn cap_below_unit(amount: &ast::Amount, source: &str, out: &mut Vec<Warning>) {
    let AmountCore::Expr(e) = &amount.core else {
        return;
    };
    let ExprKind::Arith(ArithOp::Mul, a, b) = &e.node else {
        return;
    };
    let money = |e: &Expr| match &e.node {
        ExprKind::Lit(Literal::Number(n))
            if matches!(n.unit, Some(Unit::Yuan | Unit::Qian | Unit::Wan | Unit::Yi)) =>
        {
            Some(n.value)
        }
        _ => None,
    };
    let is_literal = |e: &Expr| matches!(e.node, ExprKind::Lit(_));
    let (rate, rate_span) = match (money(a), money(b)) {
        (Some(r), None) if !is_literal(b) => (r, a.span),
        (None, Some(r)) if !is_literal(a) => (r, b.span),
        _ => return,
    };
    for bound in amount.bounds.iter().filter(|bound| bound.at_most) {
        let cap = match &bound.value.node {
            ExprKind::Lit(Literal::Number(n)) => n.value,
            _ => continue,
        };
        if cap < rate {
            out.push(Warning::CapBelowUnit {
                cap: bound.value.span.text(source).to_string(),
                cap_span: bound.value.span.into(),
                unit: rate_span.text(source).to_string(),
                unit_span: rate_span.into(),
            });
        }
    }
}

#[cfg(test)]
#[path = "lints_tests.rs"]
mod tests;
