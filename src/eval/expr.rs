//! Evaluating compiled expressions on one record.

use std::cmp::Ordering;

use rust_decimal::{Decimal, RoundingStrategy};

use super::plan::{Node, Plan};
use super::trace::Event;
use super::truth::{Reason, Truth};
use super::value::Cell;
pub use super::value::Value;
use crate::span::Span;
use crate::syntax::ast::{ArithOp, CmpOp, Func};

/// Where the evaluator notes what it sees. The evaluator is generic over it, so the untraced
/// instance (`NoTrace`) carries no tracing checks at all: every `note` compiles to nothing, and
/// `且`/`或` short-circuit.
pub trait Tracer {
    /// Whether events are kept (an explanation was asked for).
    const ON: bool;
    /// Note an event.
    fn note(&mut self, event: impl FnOnce() -> Event);
    /// Where the next event will be noted (how many are noted so far).
    fn mark(&self) -> u32;
    /// Note again the events `start..end` already noted.
    fn replay(&mut self, range: (u32, u32));
}

/// No transcript: the fast path of `jiangbu eval`.
pub struct NoTrace;

impl Tracer for NoTrace {
    const ON: bool = false;

    #[inline(always)]
    fn note(&mut self, _event: impl FnOnce() -> Event) {}

    #[inline(always)]
    fn mark(&self) -> u32 {
        0
    }

    #[inline(always)]
    fn replay(&mut self, _range: (u32, u32)) {}
}

impl Tracer for &mut Vec<Event> {
    const ON: bool = true;

    fn note(&mut self, event: impl FnOnce() -> Event) {
        if Vec::len(self) < MAX_TRACE_EVENTS {
            self.push(event());
        }
    }

    fn mark(&self) -> u32 {
        // At most MAX_TRACE_EVENTS are kept, so the length fits.
        u32::try_from(Vec::len(self)).unwrap_or(u32::MAX)
    }

    fn replay(&mut self, (start, end): (u32, u32)) {
        let (start, end) = (start as usize, end as usize);
        let end = end
            .min(Vec::len(self))
            .min(start + MAX_TRACE_EVENTS.saturating_sub(Vec::len(self)));
        if start < end {
            self.extend_from_within(start..end);
        }
    }
}

/// Evaluation state for one record.
pub struct Ctx<'a, T: Tracer> {
    /// The plan.
    pub plan: &'a Plan,
    /// The record's cells, by slot.
    pub cells: &'a [Cell],
    /// The first arithmetic overflow met, reported as an error on the record.
    pub overflow: Option<Span>,
    /// The transcript, when an explanation was asked for.
    pub trace: T,
    /// Each definition's value once computed for this record: a definition used by several
    /// conditions is computed once (and a chain of definitions that share parts stays linear).
    defs: DefMemos<'a>,
}

/// How many definitions' values are kept inline, without allocating per record.
const INLINE_DEFS: usize = 8;

/// The per-record memo of definition values: inline for a policy with few definitions (no
/// allocation per record), on the heap otherwise. It lives on the stack for one record, so the
/// inline variant's size is the point.
#[allow(clippy::large_enum_variant)]
enum DefMemos<'a> {
    Inline([Option<DefMemo<'a>>; INLINE_DEFS]),
    Heap(Vec<Option<DefMemo<'a>>>),
}

impl<'a> DefMemos<'a> {
    fn new(count: usize) -> Self {
        if count <= INLINE_DEFS {
            DefMemos::Inline([None; INLINE_DEFS])
        } else {
            DefMemos::Heap(vec![None; count])
        }
    }

    #[inline]
    fn get(&self, index: usize) -> Option<&DefMemo<'a>> {
        match self {
            DefMemos::Inline(a) => a.get(index)?.as_ref(),
            DefMemos::Heap(v) => v.get(index)?.as_ref(),
        }
    }

    fn set(&mut self, index: usize, memo: DefMemo<'a>) {
        let slot = match self {
            DefMemos::Inline(a) => a.get_mut(index),
            DefMemos::Heap(v) => v.get_mut(index),
        };
        if let Some(slot) = slot {
            *slot = Some(memo);
        }
    }
}

/// A definition's value for this record, and where its evaluation's events sit in the trace
/// (replayed at each later use, so an explanation reads the same wherever it is used).
#[derive(Clone, Copy)]
struct DefMemo<'a> {
    value: Value<'a>,
    events: (u32, u32),
}

/// The most events one record's trace keeps; a pathological policy (definitions used in a
/// diamond many levels deep) cannot make an explanation grow without bound.
const MAX_TRACE_EVENTS: usize = 200_000;

impl<'a> Ctx<'a, NoTrace> {
    /// Start evaluating a record.
    pub fn new(plan: &'a Plan, cells: &'a [Cell]) -> Self {
        Ctx::with_tracer(plan, cells, NoTrace)
    }
}

impl<'a, 't> Ctx<'a, &'t mut Vec<Event>> {
    /// Start evaluating a record, noting what is seen into `trace`.
    pub fn traced(plan: &'a Plan, cells: &'a [Cell], trace: &'t mut Vec<Event>) -> Self {
        Ctx::with_tracer(plan, cells, trace)
    }
}

impl<'a, T: Tracer> Ctx<'a, T> {
    fn with_tracer(plan: &'a Plan, cells: &'a [Cell], trace: T) -> Self {
        Ctx {
            plan,
            cells,
            overflow: None,
            trace,
            defs: DefMemos::new(plan.defs.len()),
        }
    }

    /// Note an event, when tracing.
    #[inline(always)]
    pub fn note(&mut self, event: impl FnOnce() -> Event) {
        self.trace.note(event);
    }

    /// The value of an operand: constants, fields and definitions are read here, without a
    /// call into [`Ctx::value`] (most operands of a comparison are one of these).
    #[inline(always)]
    fn operand(&mut self, node: &'a Node) -> Value<'a> {
        match node {
            Node::Num(n) | Node::Lit(n, _) => Value::Num(*n),
            Node::Field(slot) => self.field(*slot),
            Node::Def(i) => self.def(*i),
            _ => self.value(node),
        }
    }

    #[inline]
    pub(super) fn field(&self, slot: u16) -> Value<'a> {
        match self.cells.get(slot as usize) {
            Some(Cell::Num(n)) => Value::Num(*n),
            Some(Cell::Bool(b)) => Value::Bool(*b),
            Some(Cell::Date(d)) => Value::Date(*d),
            Some(Cell::Text(t)) => Value::Text(t),
            Some(Cell::Word(w)) => Value::Word(*w),
            Some(Cell::Malformed) => Value::Unknown(Reason::Malformed(slot)),
            // Whether the field is optional matters only for a blank cell, so the schema is
            // consulted only then, not on every read.
            Some(Cell::Blank) | None => {
                let optional = self
                    .plan
                    .schema
                    .fields
                    .get(slot as usize)
                    .is_some_and(|f| f.optional);
                if optional {
                    Value::Absent(slot)
                } else {
                    Value::Unknown(Reason::Blank(slot))
                }
            }
        }
    }

    /// Note an arithmetic overflow at `span` (an error on the record) and give the unknown.
    pub fn overflowed(&mut self, span: Span) -> Value<'a> {
        self.overflow.get_or_insert(span);
        Value::Unknown(Reason::Overflow(span))
    }

    /// A definition's value: computed at its first use in this record, then read from the memo.
    pub(super) fn def(&mut self, i: u16) -> Value<'a> {
        let index = i as usize;
        let v = match self.defs.get(index) {
            Some(&DefMemo { value, events }) => {
                self.trace.replay(events);
                // A definition first computed where an overflow did not count (a part of 且/或
                // evaluated only for an explanation) counts it where it is used.
                if let Value::Unknown(Reason::Overflow(span)) = value {
                    self.overflow.get_or_insert(span);
                }
                value
            }
            None => match self.plan.defs.get(index) {
                Some(def) => {
                    let start = self.trace.mark();
                    // Untraced, a definition that is one operation on fields, definitions
                    // or numbers is computed from its flat form, without walking its tree.
                    let v = match (T::ON, self.plan.flat_defs.get(index)) {
                        (false, Some(Some(flat))) => {
                            let (x, y) = (self.read(flat.lhs), self.read(flat.rhs));
                            self.arith(flat.op, x, y, flat.span)
                        }
                        _ => self.value(&def.node),
                    };
                    let v = match v {
                        Value::Unknown(Reason::DivZero { divisor, def: None }) => {
                            Value::Unknown(Reason::DivZero {
                                divisor,
                                def: Some(i),
                            })
                        }
                        v => v,
                    };
                    let end = self.trace.mark();
                    self.defs.set(
                        index,
                        DefMemo {
                            value: v,
                            events: (start, end),
                        },
                    );
                    v
                }
                None => Value::Unknown(Reason::Tbd(None)),
            },
        };
        self.note(|| Event::Def {
            def: i,
            value: v.into(),
        });
        v
    }

    /// `x op y` of two operands already evaluated (left first); `span` is the right operand's,
    /// named when it is a zero divisor or the result overflows.
    pub(super) fn arith(
        &mut self,
        op: ArithOp,
        x: Value<'a>,
        y: Value<'a>,
        span: Span,
    ) -> Value<'a> {
        let (x, y) = match (x, y) {
            (Value::Num(x), Value::Num(y)) => (x, y),
            (Value::Num(_), other) | (other, _) => return other,
        };
        let result = match op {
            ArithOp::Add => x.checked_add(y),
            ArithOp::Sub => x.checked_sub(y),
            ArithOp::Mul => x.checked_mul(y),
            ArithOp::Div if y.is_zero() => {
                return Value::Unknown(Reason::DivZero {
                    divisor: span,
                    def: None,
                })
            }
            ArithOp::Div => x.checked_div(y),
        };
        match result {
            Some(n) => {
                self.note(|| Event::Arith {
                    span,
                    op,
                    lhs: x,
                    rhs: y,
                    result: n,
                });
                Value::Num(n)
            }
            None => self.overflowed(span),
        }
    }

    /// The value of a node.
    pub fn value(&mut self, node: &'a Node) -> Value<'a> {
        match node {
            Node::Num(n) | Node::Lit(n, _) => Value::Num(*n),
            Node::Bool(b) => Value::Bool(*b),
            Node::Date(d) => Value::Date(*d),
            Node::Text(t) => Value::Text(t),
            Node::Word(w) => Value::Word(*w),
            Node::Field(slot) => self.field(*slot),
            Node::Def(i) => self.def(*i),
            Node::Param(i) => match self
                .plan
                .params
                .get(*i as usize)
                .and_then(|p| p.value.as_ref())
            {
                Some(v) => self.value(v),
                None => Value::Unknown(Reason::Tbd(Some(*i))),
            },
            Node::Neg(inner) => match self.value(inner) {
                Value::Num(n) => Value::Num(-n),
                other => other,
            },
            Node::Arith(op, a, b, span) => {
                let (x, y) = (self.value(a), self.value(b));
                self.arith(*op, x, y, *span)
            }
            Node::Cmp(..)
            | Node::And(_)
            | Node::Or(_)
            | Node::Not(_)
            | Node::In(..)
            | Node::Cond(..) => match self.truth(node) {
                Truth::True => Value::Bool(true),
                Truth::False => Value::Bool(false),
                Truth::Unknown(r) => Value::Unknown(r),
            },
            Node::Call(func, args, span) => self.call(*func, args, *span),
            Node::Pick(bands) => {
                // The first band that holds; a band whose condition is unknown makes the value
                // unknown, since that band or a later one may be the one that applies.
                for (cond, value) in bands {
                    match cond.as_ref().map(|c| self.truth(c)) {
                        None | Some(Truth::True) => return self.value(value),
                        Some(Truth::False) => {}
                        Some(Truth::Unknown(r)) => return Value::Unknown(r),
                    }
                }
                // INVARIANT: the checker requires `其他` last, so a band always holds.
                Value::Unknown(Reason::Tbd(None))
            }
            Node::Shift(inner, by, back, span) => match self.value(inner) {
                Value::Date(from) => match super::dates::shift(from, *by, *back) {
                    Some(to) => {
                        self.note(|| Event::Shift {
                            span: *span,
                            from,
                            to,
                        });
                        Value::Date(to)
                    }
                    None => self.overflowed(*span),
                },
                other => other,
            },
        }
    }

    /// The truth of a condition node (Kleene's three-valued logic).
    pub fn truth(&mut self, node: &'a Node) -> Truth {
        // Untraced, a condition as written is just its inner condition: skip the wrappers here
        // instead of recursing through them.
        let mut node = node;
        if !T::ON {
            while let Node::Cond(_, inner) = node {
                node = inner;
            }
        }
        match node {
            Node::Cond(span, inner) => {
                self.note(|| Event::Open(*span));
                let t = self.truth(inner);
                self.note(|| Event::Close(t));
                t
            }
            Node::And(items) => {
                // With a trace, every part of 且/或 is evaluated so an explanation can list each
                // one; the truth is the same either way.
                let full = T::ON;
                let mut unknown = None;
                let mut falsity = false;
                for item in items {
                    // Past the deciding part, a part is evaluated for the explanation only: an
                    // overflow in it is not the record's error (without a trace it is never
                    // reached).
                    let (decided, overflow) = (falsity, self.overflow);
                    let truth = self.truth(item);
                    if decided {
                        self.overflow = overflow;
                    }
                    match truth {
                        Truth::False if !full => return Truth::False,
                        Truth::False => falsity = true,
                        Truth::Unknown(r) => {
                            unknown.get_or_insert(r);
                        }
                        Truth::True => {}
                    }
                }
                if falsity {
                    return Truth::False;
                }
                unknown.map_or(Truth::True, Truth::Unknown)
            }
            Node::Or(items) => {
                // With a trace, every part of 且/或 is evaluated so an explanation can list each
                // one; the truth is the same either way.
                let full = T::ON;
                let mut unknown = None;
                let mut truth = false;
                for item in items {
                    // As for 且: past the deciding part, an overflow is not the record's error.
                    let (decided, overflow) = (truth, self.overflow);
                    let part = self.truth(item);
                    if decided {
                        self.overflow = overflow;
                    }
                    match part {
                        Truth::True if !full => return Truth::True,
                        Truth::True => truth = true,
                        Truth::Unknown(r) => {
                            unknown.get_or_insert(r);
                        }
                        Truth::False => {}
                    }
                }
                if truth {
                    return Truth::True;
                }
                unknown.map_or(Truth::False, Truth::Unknown)
            }
            Node::Not(inner) => self.truth(inner).negate(),
            Node::Cmp(op, a, b) => {
                let (x, y) = (self.operand(a), self.operand(b));
                self.note(|| Event::Compare {
                    op: *op,
                    left: x.into(),
                    right: y.into(),
                });
                compare(*op, x, y)
            }
            Node::In(inner, mask, negated) => {
                let v = self.operand(inner);
                let found = matches!(v, Value::Word(w) if mask.checked_shr(u32::from(w)).unwrap_or(0) & 1 == 1);
                self.note(|| Event::Member {
                    value: v.into(),
                    found,
                });
                match v {
                    Value::Word(_) => Truth::from_bool(found).not_if(*negated),
                    Value::Unknown(r) => Truth::Unknown(r),
                    _ => Truth::False,
                }
            }
            other => {
                let v = self.operand(other);
                self.note(|| Event::Test(v.into()));
                match v {
                    Value::Bool(b) => Truth::from_bool(b),
                    Value::Unknown(r) => Truth::Unknown(r),
                    _ => Truth::False,
                }
            }
        }
    }

    fn call(&mut self, func: Func, args: &'a [Node], span: Span) -> Value<'a> {
        let mut nums = [Decimal::ZERO; 2];
        // The arguments' values, kept only for a trace (no allocation without one).
        let mut seen: Vec<Decimal> = Vec::new();
        let result = match func {
            Func::Min | Func::Max => {
                let mut best: Option<Decimal> = None;
                for arg in args {
                    match self.value(arg) {
                        Value::Num(n) => {
                            if T::ON {
                                seen.push(n);
                            }
                            best = Some(match best {
                                None => n,
                                Some(b) if func == Func::Min => b.min(n),
                                Some(b) => b.max(n),
                            })
                        }
                        other => return other,
                    }
                }
                match best {
                    Some(n) => n,
                    None => return Value::Unknown(Reason::Tbd(None)),
                }
            }
            Func::Floor | Func::Round => {
                for (slot, arg) in nums.iter_mut().zip(args) {
                    match self.value(arg) {
                        Value::Num(n) => *slot = n,
                        other => return other,
                    }
                }
                if T::ON {
                    seen.extend(nums.iter().take(args.len()));
                }
                let places = u32::try_from(nums[1].mantissa()).unwrap_or(0).min(10);
                let places = if args.len() > 1 { places } else { 0 };
                let strategy = if func == Func::Floor {
                    RoundingStrategy::ToNegativeInfinity
                } else {
                    RoundingStrategy::MidpointAwayFromZero
                };
                nums[0].round_dp_with_strategy(places, strategy)
            }
        };
        self.note(|| Event::Call {
            span,
            func,
            args: seen,
            result,
        });
        Value::Num(result)
    }
}

trait NotIf {
    fn not_if(self, negate: bool) -> Self;
}

impl NotIf for Truth {
    fn not_if(self, negate: bool) -> Self {
        if negate {
            self.negate()
        } else {
            self
        }
    }
}

/// Compare two values. An absent optional field makes the comparison false; an unknown makes it
/// unknown (the left one's reason first).
pub(super) fn compare(op: CmpOp, x: Value<'_>, y: Value<'_>) -> Truth {
    let ordering = match (x, y) {
        (Value::Num(a), Value::Num(b)) => a.cmp(&b),
        (Value::Unknown(r), _) | (_, Value::Unknown(r)) => return Truth::Unknown(r),
        (Value::Absent(_), _) | (_, Value::Absent(_)) => return Truth::False,
        (Value::Date(a), Value::Date(b)) => a.cmp(&b),
        (Value::Bool(a), Value::Bool(b)) => a.cmp(&b),
        (Value::Text(a), Value::Text(b)) => a.cmp(b),
        (Value::Word(a), Value::Word(b)) => a.cmp(&b),
        // INVARIANT: the checker only lets like be compared with like.
        _ => return Truth::False,
    };
    holds(op, ordering)
}

/// Whether `op` holds between two values ordered so.
#[inline]
pub(super) fn holds(op: CmpOp, ordering: Ordering) -> Truth {
    Truth::from_bool(match op {
        CmpOp::Ge => ordering != Ordering::Less,
        CmpOp::Gt => ordering == Ordering::Greater,
        CmpOp::Le => ordering != Ordering::Greater,
        CmpOp::Lt => ordering == Ordering::Less,
        CmpOp::Eq => ordering == Ordering::Equal,
        CmpOp::Ne => ordering != Ordering::Equal,
    })
}
