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
        /// The block left open, when a `}` would fit here.
        #[label("this block is not closed")]
        open: Option<SourceSpan>,
        /// A hint.
        #[help]
        help: Option<String>,
    },

    /// Quoted text that is not closed: a `"…"` text must end on its line, `「…」` and `“…”` before
    /// the end of the file.
    ///
    /// ## Resolution
    /// Add the closing quote; write text spanning several lines in `「…」`.
    #[error("text is not closed")]
    #[diagnostic(
        code(jiangbu::syntax::unclosed_text),
        help("add the closing `{quote}`; text over several lines is written in 「…」")
    )]
    Unclosed {
        /// The closing quote expected.
        quote: String,
        /// From the opening quote to the end of its line.
        #[label("opened here")]
        span: SourceSpan,
    },

    /// Chinese and English keywords in one file.
    ///
    /// ## Resolution
    /// Write the whole file in one keyword language; `jiangbu fmt --to zh` or `--to en`
    /// translates a file.
    #[error("keywords in two languages: `{first}` and `{second}`")]
    #[diagnostic(
        code(jiangbu::syntax::mixed_keywords),
        help(
            "write every keyword of a file in one language: `{suggestion}` instead of `{second}`"
        )
    )]
    MixedKeywords {
        /// The first keyword of the file's language.
        first: String,
        /// Where.
        #[label("first keyword")]
        first_span: SourceSpan,
        /// The keyword of the other language.
        second: String,
        /// Where.
        #[label("other language")]
        span: SourceSpan,
        /// The same keyword in the file's language.
        suggestion: String,
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
