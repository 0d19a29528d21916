//! The record of one evaluation, for explanations.
//!
//! When a trace is requested, the evaluator notes what it saw as it goes — each condition as
//! written with its truth, the values each comparison compared, each definition's value, each
//! step of an amount. An explanation is rendered from this record, so it can never disagree with
//! the result: there is one code path, and the trace is its transcript. Without a trace the
//! evaluator notes nothing and short-circuits as usual; with one it evaluates every part of an
//! `且`/`或` so that an explanation lists every condition that failed (Kleene's tables give the
//! same truth either way).

use rust_decimal::Decimal;

use super::truth::{Reason, Truth};
use super::value::{Amount, Date, Value};
use crate::span::Span;
use crate::syntax::ast::{ArithOp, CmpOp, Func};

/// A value as it was seen, owned so the trace outlives the record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seen {
    /// A number.
    Num(Decimal),
    /// Yes / no.
    Bool(bool),
    /// A date.
    Date(Date),
    /// Text.
    Text(String),
    /// A word of a closed set (its index).
    Word(u16),
    /// An optional field left blank.
    Absent(u16),
    /// Unknown, and why.
    Unknown(Reason),
}

impl From<Value<'_>> for Seen {
    fn from(v: Value<'_>) -> Self {
        match v {
            Value::Num(n) => Seen::Num(n),
            Value::Bool(b) => Seen::Bool(b),
            Value::Date(d) => Seen::Date(d),
            Value::Text(t) => Seen::Text(t.to_string()),
            Value::Word(w) => Seen::Word(w),
            Value::Absent(s) => Seen::Absent(s),
            Value::Unknown(r) => Seen::Unknown(r),
        }
    }
}

/// One thing the evaluator did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// Evaluation of benefit `n` (index in the plan) begins.
    Benefit(usize),
    /// A condition as written (its span) begins; conditions nest.
    Open(Span),
    /// The innermost open condition ends with this truth.
    Close(Truth),
    /// A comparison compared these values.
    Compare {
        /// The operator.
        op: CmpOp,
        /// Left value.
        left: Seen,
        /// Right value.
        right: Seen,
    },
    /// A yes/no value (a field, a definition, a parameter) was tested.
    Test(Seen),
    /// A word was tested against a set.
    Member {
        /// The value tested.
        value: Seen,
        /// Whether it is in the set (before `不属于` negation).
        found: bool,
    },
    /// Definition `def` had this value.
    Def {
        /// Index in the plan's definitions.
        def: u16,
        /// Its value.
        value: Seen,
    },
    /// An arithmetic step (of an amount or a definition).
    Arith {
        /// Where it is written.
        span: Span,
        /// The operator.
        op: ArithOp,
        /// Left operand.
        lhs: Decimal,
        /// Right operand.
        rhs: Decimal,
        /// Result.
        result: Decimal,
    },
    /// A function's result (`向下取整`, `四舍五入`, `最小`, `最大`).
    Call {
        /// The call as written.
        span: Span,
        /// The function.
        func: Func,
        /// The values of its arguments, in order.
        args: Vec<Decimal>,
        /// Its result.
        result: Decimal,
    },
    /// A date was moved by a duration (`成立日期 + 3年`).
    Shift {
        /// The duration's span (one per written shift).
        span: Span,
        /// The date before.
        from: Date,
        /// The date after.
        to: Date,
    },
    /// A tier band was chosen (`None`: no band held, nothing paid).
    Tier(Option<usize>),
    /// One band of progressive rates: `part = rate × (top − floor)`.
    Band {
        /// Lower end of the band.
        floor: Decimal,
        /// Upper end used (the base when it is lower).
        top: Decimal,
        /// The marginal rate.
        rate: Decimal,
        /// What the band adds.
        part: Decimal,
    },
    /// Steps: `count = floor(base / step)`, paid `count × each`.
    Steps {
        /// The base.
        base: Decimal,
        /// One step.
        step: Decimal,
        /// Whole steps.
        count: Decimal,
        /// Paid per step.
        each: Decimal,
    },
    /// A bound (`最高` or `最低`) applied to an amount.
    Bound {
        /// `最高` when true.
        at_most: bool,
        /// The bound.
        limit: Decimal,
        /// The amount before.
        before: Decimal,
        /// The amount after.
        after: Decimal,
    },
    /// One part of a composed amount was worked out (not rounded): noted after the part's own
    /// events, for every node of the amount's tree, so an explanation can follow the nesting.
    Part(Amount),
    /// The amount produced (after bounds, rounded to the fen).
    Amount(Amount),
}

/// The transcript of one record's evaluation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    /// Events in the order they happened.
    pub events: Vec<Event>,
}

impl Trace {
    /// The events of benefit `b`: from its `Benefit(b)` marker to the next marker.
    pub fn benefit(&self, b: usize) -> &[Event] {
        let start = self
            .events
            .iter()
            .position(|e| *e == Event::Benefit(b))
            .map_or(self.events.len(), |i| i + 1);
        let end = self.events[start..]
            .iter()
            .position(|e| matches!(e, Event::Benefit(_)))
            .map_or(self.events.len(), |i| start + i);
        &self.events[start..end]
    }
}
