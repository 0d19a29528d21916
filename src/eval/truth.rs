//! Three-valued truth, and the reasons a value is unknown.

use std::fmt::Write;

use super::plan::Plan;
use crate::span::Span;
use crate::syntax::keywords::Lang;

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

    /// The reason in words, in English, naming fields and quoting the policy.
    pub fn describe(self, plan: &Plan) -> String {
        self.describe_in(plan, Lang::En)
    }

    /// The reason in words in `lang`, naming fields and quoting the policy.
    pub fn describe_in(self, plan: &Plan, lang: Lang) -> String {
        let field = |slot: u16| plan.schema.field_name(slot as usize);
        let quote = |span: Span| span.text(&plan.source);
        match lang {
            Lang::En => match self {
                Reason::Blank(slot) => format!("{} is blank", field(slot)),
                Reason::Malformed(slot) => format!("{} is malformed", field(slot)),
                Reason::DivZero { divisor, def } => {
                    let mut out = format!("{} is 0", quote(divisor));
                    if let Some(d) = def.and_then(|d| plan.defs.get(d as usize)) {
                        let _ = write!(out, ": {} cannot be computed", d.name);
                    } else {
                        out.push_str(": division by zero");
                    }
                    out
                }
                Reason::Tbd(Some(p)) => match plan.params.get(p as usize) {
                    Some(param) => format!("{} is to be determined (待定)", param.name),
                    None => "to be determined (待定)".into(),
                },
                Reason::Tbd(None) => "the amount is to be determined (待定)".into(),
                Reason::Overflow(span) => format!("arithmetic overflow in `{}`", quote(span)),
            },
            Lang::Zh => match self {
                Reason::Blank(slot) => format!("{}为空", field(slot)),
                Reason::Malformed(slot) => format!("{}数据有误", field(slot)),
                Reason::DivZero { divisor, def } => {
                    match def.and_then(|d| plan.defs.get(d as usize)) {
                        Some(d) => format!("{}为0，{}无法计算", quote(divisor), d.name),
                        None => format!("{}为0，无法相除", quote(divisor)),
                    }
                }
                Reason::Tbd(Some(p)) => match plan.params.get(p as usize) {
                    Some(param) => format!("{}待定", param.name),
                    None => "金额待定".into(),
                },
                Reason::Tbd(None) => "金额待定".into(),
                Reason::Overflow(span) => format!("“{}”计算溢出", quote(span)),
            },
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
