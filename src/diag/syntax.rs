//! Errors found while reading a policy's text.

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

/// A policy that does not follow the grammar.
#[derive(Debug, Error, Diagnostic)]
pub enum SyntaxError {
    /// The text does not fit the grammar at this point.
    ///
    /// ## Resolution
    /// Write one of the expected forms at the marked place; keywords and names are separated by
    /// spaces.
    #[error("unexpected {found}")]
    #[diagnostic(code(jiangbu::syntax::unexpected))]
    Unexpected {
        /// What was found.
        found: String,
        /// Where.
        #[label("expected {expected}")]
        span: SourceSpan,
        /// The expected forms.
        expected: String,
        /// A hint.
        #[help]
        help: Option<String>,
    },

    /// A number literal that does not fit a decimal (28 significant digits).
    ///
    /// ## Resolution
    /// Write a smaller number or use a larger unit (万元, 亿元).
    #[error("number `{text}` is out of range")]
    #[diagnostic(
        code(jiangbu::syntax::number_range),
        help("numbers have at most 28 significant digits")
    )]
    NumberRange {
        /// The literal.
        text: String,
        /// Where.
        #[label("too large")]
        span: SourceSpan,
    },

    /// A date literal naming a day that does not exist.
    ///
    /// ## Resolution
    /// Write a real calendar day as `YYYY-MM-DD`.
    #[error("`{text}` is not a date")]
    #[diagnostic(
        code(jiangbu::syntax::date),
        help("write a calendar day as YYYY-MM-DD")
    )]
    BadDate {
        /// The literal.
        text: String,
        /// Where.
        #[label("no such day")]
        span: SourceSpan,
    },

    /// Brackets or an expression nested deeper than the parser allows.
    ///
    /// ## Resolution
    /// Split the expression into named definitions (`定义`).
    #[error("nesting too deep")]
    #[diagnostic(
        code(jiangbu::syntax::too_deep),
        help("at most {limit} levels are allowed; name parts of the expression with `定义`")
    )]
    TooDeep {
        /// The limit that was passed.
        limit: usize,
        /// Where the limit was passed.
        #[label("too deep here")]
        span: SourceSpan,
    },
}
