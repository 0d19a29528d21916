//! Three-valued truth, and the reasons a value is unknown.

use crate::span::Span;

/// Why a value or a condition is unknown. Small and `Copy`: it is built on every unknown path
/// and rendered into words only when a report needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// A required field's cell was blank.
    Blank(u16),
    /// A field's cell could not be read.
    Malformed(u16),
    /// A division by zero; `divisor` is the divisor's text, `def` the definition it made unknown.
    DivZero {
        /// The divisor as written.
        divisor: Span,
        /// The definition that could not be computed.
        def: Option<u16>,
    },
    /// A parameter (or an amount) is `待定`.
    Tbd(Option<u16>),
    /// Arithmetic exceeded the decimal range.
    Overflow(Span),
}

impl Reason {
    /// The reason's stable code, as `explain --format json` writes it (`reason_code`): one per
    /// variant, snake_case, documented in docs/explain.md. Codes are never renamed.
    pub fn code(self) -> &'static str {
        match self {
            Reason::Blank(_) => "blank",
            Reason::Malformed(_) => "malformed",
            Reason::DivZero { .. } => "zero_divisor",
            Reason::Tbd(_) => "tbd",
            Reason::Overflow(_) => "overflow",
        }
    }
}

/// A condition's truth: true, false, or unknown with the reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truth {
    /// Holds.
    True,
    /// Does not hold.
    False,
    /// Cannot be decided.
    Unknown(Reason),
}

impl Truth {
    /// From a plain yes/no.
    pub fn from_bool(b: bool) -> Truth {
        if b {
            Truth::True
        } else {
            Truth::False
        }
    }

    /// Kleene negation: unknown stays unknown.
    pub fn negate(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            u => u,
        }
    }
}
