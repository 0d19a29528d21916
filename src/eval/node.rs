//! Compiled expressions: the tree the checker builds and every evaluator walks.

use rust_decimal::Decimal;

use super::dates::Duration;
use super::value::Date;
use crate::span::Span;
use crate::syntax::ast::{ArithOp, CmpOp, Func, Unit};

/// A compiled expression. Field, definition and parameter references are indices.
#[derive(Clone, Debug)]
pub enum Node {
    /// A number in base units.
    Num(Decimal),
    /// A number literal written with a unit (`2万元`, `6%`, `1000人`): its value in base units
    /// and the unit as written, so an explanation shows it as the policy wrote it. It evaluates
    /// exactly as [`Node::Num`].
    Lit(Decimal, Unit),
    /// Yes / no.
    Bool(bool),
    /// A date.
    Date(Date),
    /// Text.
    Text(String),
    /// An enum word (its index in the enum's words).
    Word(u16),
    /// A record field, by slot.
    Field(u16),
    /// A definition, by index.
    Def(u16),
    /// A parameter, by index.
    Param(u16),
    /// `-x`
    Neg(Box<Node>),
    /// `a op b`; `span` is the right operand's, named when it is a zero divisor.
    Arith(ArithOp, Box<Node>, Box<Node>, Span),
    /// `a op b` comparing numbers, dates, words, text or yes/no.
    Cmp(CmpOp, Box<Node>, Box<Node>),
    /// All must hold (Kleene).
    And(Vec<Node>),
    /// One must hold (Kleene).
    Or(Vec<Node>),
    /// Negation (unknown stays unknown).
    Not(Box<Node>),
    /// Set membership of a word: bit `i` of `mask` is word `i`.
    In(Box<Node>, u64, bool),
    /// A date moved by a duration (`back`: earlier) by the month-end rule; `span` is the
    /// duration's.
    Shift(Box<Node>, Duration, bool, Span),
    /// A built-in function; `span` is the call's.
    Call(Func, Vec<Node>, Span),
    /// `分档 { 条件 : 值 … 其他 : 值 }` as a value: the value of the first band whose condition
    /// holds; `None` is `其他`, last.
    Pick(Vec<(Option<Node>, Node)>),
    /// A condition as the policy writes it (its span), so explanations can quote it.
    Cond(Span, Box<Node>),
}

impl Node {
    /// The number this node is, when it is a constant (a literal with or without a unit).
    pub fn constant(&self) -> Option<Decimal> {
        match self {
            Node::Num(n) | Node::Lit(n, _) => Some(*n),
            _ => None,
        }
    }
}
