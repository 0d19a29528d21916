//! Evaluating the flat form of conditions ([`super::flat`]) on one record, without a trace.

use super::expr::{compare, holds, Ctx, Tracer};
use rust_decimal::Decimal;

use super::flat::{Constant, Flat, Operand};
use super::truth::Truth;
use super::value::{Cell, Value};
use crate::syntax::ast::CmpOp;

impl Constant {
    pub(super) fn value<'a>(self) -> Value<'a> {
        match self {
            Constant::Num(n) => Value::Num(n),
            Constant::Date(d) => Value::Date(d),
            Constant::Bool(b) => Value::Bool(b),
            Constant::Word(w) => Value::Word(w),
        }
    }
}

impl<'a, T: Tracer> Ctx<'a, T> {
    pub(super) fn read(&mut self, operand: Operand) -> Value<'a> {
        match operand {
            Operand::Field(slot) => self.field(slot),
            Operand::Def(i) => self.def(i),
            Operand::Num(n) => Value::Num(n),
        }
    }

    /// A condition or a part of `且`/`或`: the commonest leaves — a comparison with a number, a
    /// yes/no field that holds yes or no, no condition at all — decided here without a call;
    /// anything else by [`Ctx::flat`].
    #[inline(always)]
    pub(super) fn part(&mut self, flat: &'a Flat) -> Truth {
        match flat {
            Flat::Cmp(op, a, Constant::Num(c)) => self.cmp_num(*op, *a, c),
            Flat::Yes(Operand::Field(slot)) => match self.cells.get(*slot as usize) {
                Some(Cell::Bool(b)) => Truth::from_bool(*b),
                _ => self.flat(flat),
            },
            Flat::Always => Truth::True,
            _ => self.flat(flat),
        }
    }

    /// `a op c`. Two numbers, the commonest case, are compared here; `compare` does the rest.
    #[inline(always)]
    fn cmp_num(&mut self, op: CmpOp, a: Operand, c: &Decimal) -> Truth {
        if let Operand::Field(slot) = a {
            if let Some(Cell::Num(x)) = self.cells.get(slot as usize) {
                return holds(op, x.cmp(c));
            }
        }
        match self.read(a) {
            Value::Num(x) => holds(op, x.cmp(c)),
            x => compare(op, x, Value::Num(*c)),
        }
    }

    /// The truth of a flattened condition: what [`Ctx::truth`] gives for the tree it came from
    /// (without a trace, `且`/`或` stop at the first deciding part, as they do there).
    pub fn flat(&mut self, flat: &'a Flat) -> Truth {
        match flat {
            Flat::Cmp(op, a, Constant::Num(c)) => self.cmp_num(*op, *a, c),
            Flat::Cmp(op, a, b) => {
                let x = self.read(*a);
                compare(*op, x, b.value())
            }
            Flat::Yes(Operand::Field(slot))
                if matches!(self.cells.get(*slot as usize), Some(Cell::Bool(_))) =>
            {
                Truth::from_bool(matches!(
                    self.cells.get(*slot as usize),
                    Some(Cell::Bool(true))
                ))
            }
            Flat::Yes(a) => match self.read(*a) {
                Value::Bool(b) => Truth::from_bool(b),
                Value::Unknown(r) => Truth::Unknown(r),
                _ => Truth::False,
            },
            Flat::In(slot, mask, negated) => match self.field(*slot) {
                Value::Word(w) => {
                    let found = mask.checked_shr(u32::from(w)).unwrap_or(0) & 1 == 1;
                    let t = Truth::from_bool(found);
                    if *negated {
                        t.negate()
                    } else {
                        t
                    }
                }
                Value::Unknown(r) => Truth::Unknown(r),
                _ => Truth::False,
            },
            Flat::And(items) => {
                let mut unknown = None;
                for item in items {
                    match self.part(item) {
                        Truth::False => return Truth::False,
                        Truth::Unknown(r) => {
                            unknown.get_or_insert(r);
                        }
                        Truth::True => {}
                    }
                }
                unknown.map_or(Truth::True, Truth::Unknown)
            }
            Flat::Or(items) => {
                let mut unknown = None;
                for item in items {
                    match self.part(item) {
                        Truth::True => return Truth::True,
                        Truth::Unknown(r) => {
                            unknown.get_or_insert(r);
                        }
                        Truth::False => {}
                    }
                }
                unknown.map_or(Truth::False, Truth::Unknown)
            }
            Flat::Not(inner) => self.flat(inner).negate(),
            Flat::Always => Truth::True,
            Flat::Tree(node) => self.truth(node),
        }
    }
}
