//! The interval reasoning behind the lints, on its own.

use rust_decimal::Decimal;

use super::{first_gap, End, Interval};
use crate::span::Span;

fn end(value: i64, closed: bool) -> Option<End> {
    Some(End {
        value: Decimal::from(value),
        closed,
        at: Span::default(),
    })
}

fn at_least(v: i64) -> Interval {
    Interval {
        lo: end(v, true),
        hi: None,
    }
}

fn below(v: i64) -> Interval {
    Interval {
        lo: None,
        hi: end(v, false),
    }
}

/// An end as `(value, closed)`; `None` is unbounded.
type Bound = Option<(i64, bool)>;

fn gap_bounds(gap: Option<Interval>) -> Option<(Bound, Bound)> {
    let pair = |e: Option<End>| e.map(|e| (e.value.mantissa() as i64, e.closed));
    gap.map(|g| (pair(g.lo), pair(g.hi)))
}

#[test]
fn first_match_bands_cover_what_they_say() {
    // `x >= 100`, then `x >= 50`: everything from 50 up; below 50 is a gap.
    let bands = [at_least(100), at_least(50)];
    assert_eq!(
        gap_bounds(first_gap(Interval::ALL, &bands)),
        Some((None, Some((50, false))))
    );
    // With the benefit's condition `x >= 50` there is no gap.
    assert!(first_gap(at_least(50), &bands).is_none());
    // `x >= 100` is covered by an earlier `x >= 50`.
    assert!(first_gap(at_least(100), &[at_least(50)]).is_none());
    // `x >= 50` is not covered by an earlier `x >= 100`.
    assert!(first_gap(at_least(50), &[at_least(100)]).is_some());
}

#[test]
fn touching_ends_leave_no_gap_only_when_one_is_closed() {
    // `x < 50` and `x >= 50` cover everything.
    assert!(first_gap(Interval::ALL, &[below(50), at_least(50)]).is_none());
    // `x < 50` and `x > 50` leave `x = 50`.
    let above = Interval {
        lo: end(50, false),
        hi: None,
    };
    assert_eq!(
        gap_bounds(first_gap(Interval::ALL, &[below(50), above])),
        Some((Some((50, true)), Some((50, true))))
    );
}

#[test]
fn contradictions_are_empty() {
    assert!(at_least(50).intersect(below(10)).is_empty());
    assert!(at_least(50).intersect(below(50)).is_empty());
    assert!(!at_least(10).intersect(below(50)).is_empty());
}
