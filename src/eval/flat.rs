//! Conditions in a flat form, for evaluation without a trace.
//!
//! Most conditions of a notice are a comparison of a field or a definition with a constant
//! (`净增产值 达到 2000万元 以上`), a yes/no field (`春节连续生产`), or a word tested against a set
//! (`脱困方式 属于 {…}`), joined by `全部`/`任一`. The tree the checker builds wraps each one as
//! written (for explanations) and reaches its operands through boxes; walking it costs a call
//! per node. Here each such leaf is one node holding its slot and constant, and the evaluator
//! ([`Ctx::flat`](super::expr::Ctx::flat)) decides it in place. Anything else stays a [`Node`] and is evaluated by
//! [`Ctx::truth`](super::expr::Ctx::truth), so the flat form is only a shortcut: the same comparisons, in the same
//! order, with the same three-valued results and reasons. The traced evaluation (explanations)
//! always walks the tree; tests check that both give the same outcome.

use super::node::Node;
use rust_decimal::Decimal;

use crate::span::Span;
use crate::syntax::ast::{ArithOp, CmpOp};

/// A condition, flattened.
#[derive(Clone, Debug)]
pub enum Flat {
    /// No condition: always holds.
    Always,
    /// `operand op constant`.
    Cmp(CmpOp, Operand, Constant),
    /// A yes/no operand tested as a condition.
    Yes(Operand),
    /// Whether a word field is in a set: bit `i` of the mask is word `i`; `true` negates.
    In(u16, u64, bool),
    /// All must hold (Kleene).
    And(Box<[Flat]>),
    /// One must hold (Kleene).
    Or(Box<[Flat]>),
    /// Negation.
    Not(Box<Flat>),
    /// Any other condition, evaluated as a tree.
    Tree(Box<Node>),
}

/// What a flat comparison or operation reads.
#[derive(Clone, Copy, Debug)]
pub enum Operand {
    /// A record field, by slot.
    Field(u16),
    /// A definition, by index.
    Def(u16),
    /// A number (an operand of [`FlatArith`] only).
    Num(Decimal),
}

/// A definition that is one arithmetic operation on operands (`净增产值 = 一季度产值2021 -
/// 一季度产值2019`), computed without walking its tree when nothing is traced.
#[derive(Clone, Copy, Debug)]
pub struct FlatArith {
    /// The operation.
    pub op: ArithOp,
    /// Its left operand.
    pub lhs: Operand,
    /// Its right operand.
    pub rhs: Operand,
    /// The right operand's span, named when it is a zero divisor.
    pub span: Span,
}

impl FlatArith {
    /// The flat form of a definition's expression, when it is one operation on operands.
    pub fn of(node: &Node) -> Option<FlatArith> {
        let Node::Arith(op, a, b, span) = node else {
            return None;
        };
        let operand = |n: &Node| match n {
            Node::Num(v) | Node::Lit(v, _) => Some(Operand::Num(*v)),
            other => operand(other),
        };
        Some(FlatArith {
            op: *op,
            lhs: operand(a)?,
            rhs: operand(b)?,
            span: *span,
        })
    }
}

/// A constant a flat comparison compares with.
#[derive(Clone, Copy, Debug)]
pub enum Constant {
    /// A number.
    Num(rust_decimal::Decimal),
    /// A date.
    Date(super::value::Date),
    /// Yes / no.
    Bool(bool),
    /// A word of a closed set.
    Word(u16),
}

impl Flat {
    /// The flat form of a benefit's condition (`None`: it has none, so it always holds).
    pub fn condition(node: Option<&Node>) -> Flat {
        node.map_or(Flat::Always, Flat::of)
    }

    /// The flat form of a condition.
    pub fn of(node: &Node) -> Flat {
        match node {
            Node::Cond(_, inner) => Flat::of(inner),
            Node::And(items) => Flat::And(items.iter().map(Flat::of).collect()),
            Node::Or(items) => Flat::Or(items.iter().map(Flat::of).collect()),
            Node::Not(inner) => Flat::Not(Box::new(Flat::of(inner))),
            Node::Cmp(op, a, b) => match (operand(a), constant(b)) {
                (Some(a), Some(b)) => Flat::Cmp(*op, a, b),
                _ => Flat::Tree(Box::new(node.clone())),
            },
            Node::In(inner, mask, negated) => match &**inner {
                Node::Field(slot) => Flat::In(*slot, *mask, *negated),
                _ => Flat::Tree(Box::new(node.clone())),
            },
            Node::Field(slot) => Flat::Yes(Operand::Field(*slot)),
            Node::Def(i) => Flat::Yes(Operand::Def(*i)),
            _ => Flat::Tree(Box::new(node.clone())),
        }
    }
}

fn operand(node: &Node) -> Option<Operand> {
    match node {
        Node::Field(slot) => Some(Operand::Field(*slot)),
        Node::Def(i) => Some(Operand::Def(*i)),
        _ => None,
    }
}

fn constant(node: &Node) -> Option<Constant> {
    match node {
        Node::Num(n) | Node::Lit(n, _) => Some(Constant::Num(*n)),
        Node::Date(d) => Some(Constant::Date(*d)),
        Node::Bool(b) => Some(Constant::Bool(*b)),
        Node::Word(w) => Some(Constant::Word(*w)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::panic)]

    use super::Flat;

    fn trees(flat: &Flat) -> usize {
        match flat {
            Flat::Tree(_) => 1,
            Flat::And(items) | Flat::Or(items) => items.iter().map(trees).sum(),
            Flat::Not(inner) => trees(inner),
            Flat::Always | Flat::Cmp(..) | Flat::Yes(_) | Flat::In(..) => 0,
        }
    }

    /// Every condition of notice 2021-7 is flat: comparisons with constants, yes/no fields and
    /// a set test, none left to the tree walk.
    #[test]
    fn the_shipped_policy_has_no_tree_left() {
        let plan = crate::compile(include_str!("../../policies/changchun-2021-7.policy"))
            .expect("the shipped policy compiles");
        assert_eq!(plan.flat.len(), plan.benefits.len());
        let left: usize = plan.flat.iter().map(trees).sum();
        assert_eq!(left, 0, "{:#?}", plan.flat);
        // 净增产值 = 一季度产值2021 - 一季度产值2019 and 增长率 = 净增产值 ÷ 一季度产值2019.
        assert_eq!(plan.flat_defs.len(), 2);
        assert!(
            plan.flat_defs.iter().all(Option::is_some),
            "{:#?}",
            plan.flat_defs
        );
    }

    /// A condition the flat form has no node for (arithmetic inside a comparison) is kept whole.
    #[test]
    fn other_conditions_stay_trees() {
        let plan = crate::compile(
            "记录 { 甲 金额  乙 金额 }\n条款 c { 服务 s { 条件 甲 - 乙 > 0元 且 甲 > 乙 内容 \"x\" } }\n",
        )
        .expect("compiles");
        let [Flat::And(items)] = plan.flat.as_slice() else {
            panic!("{:#?}", plan.flat);
        };
        assert!(
            matches!(items.as_ref(), [Flat::Tree(_), Flat::Tree(_)]),
            "{items:#?}"
        );
    }
}
