//! Small pieces the item printer ([`super::printer`]) and the expression printer
//! ([`super::expr`]) share: span offsets, binding levels and braced word lists. Kept in a leaf so
//! imports run one way: `expr.rs` extends the `Printer` of `printer.rs`, and `printer.rs`
//! imports nothing from `expr.rs`.

use crate::span::Span;

/// Start offset of a span.
pub(super) fn at(span: Span) -> usize {
    span.start as usize
}

/// End offset of a span.
pub(super) fn end(span: Span) -> usize {
    span.end as usize
}

/// A logic expression (a condition, a definition).
pub(super) const LOGIC: u8 = 1;
/// An arithmetic expression (an amount, a bound, an operand of a comparison).
pub(super) const SUM: u8 = 5;

/// `{ a b c }`, or `{ }`.
pub(super) fn braced(words: &[String]) -> String {
    if words.is_empty() {
        "{ }".to_string()
    } else {
        format!("{{ {} }}", words.join(" "))
    }
}
