//! Errors found by the checker, before any record is read.

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

/// A policy that parses but does not make sense.
#[derive(Debug, Error, Diagnostic)]
pub enum CheckError {
    /// A name that is not a field, definition or parameter.
    ///
    /// ## Resolution
    /// Declare the field in `记录`, define it with `定义`, or correct the spelling.
    #[error("unknown name `{name}`")]
    #[diagnostic(code(jiangbu::check::unknown_name))]
    UnknownName {
        /// The name.
        name: String,
        /// Where.
        #[label("not a field, definition or parameter")]
        span: SourceSpan,
        /// "did you mean …"
        #[help]
        help: Option<String>,
    },

    /// Two values of different kinds or units meet in one operation.
    ///
    /// ## Resolution
    /// Compare and add like with like: money with money (元, 万元), percents with percents,
    /// counts with counts.
    #[error("{message}")]
    #[diagnostic(code(jiangbu::check::unit_mismatch))]
    UnitMismatch {
        /// What does not fit.
        message: String,
        /// Left operand.
        #[label("{left}")]
        left_span: SourceSpan,
        /// Its kind.
        left: String,
        /// Right operand.
        #[label("{right}")]
        right_span: SourceSpan,
        /// Its kind.
        right: String,
        /// How to fix it.
        #[help]
        help: Option<String>,
    },

    /// A value of the wrong kind where a particular kind is required.
    ///
    /// ## Resolution
    /// Use a value of the expected kind here.
    #[error("expected {expected}, found {found}")]
    #[diagnostic(code(jiangbu::check::wrong_type))]
    WrongType {
        /// What is required.
        expected: String,
        /// What was written.
        found: String,
        /// Where.
        #[label("this is {found}")]
        span: SourceSpan,
        /// How to fix it.
        #[help]
        help: Option<String>,
    },

    /// Definitions that refer to each other in a circle.
    ///
    /// ## Resolution
    /// Break the circle: one of the definitions must be computed from fields only.
    #[error("definition `{name}` depends on itself")]
    #[diagnostic(
        code(jiangbu::check::cycle),
        help("one of these definitions must be computed without the others")
    )]
    Cycle {
        /// The definition.
        name: String,
        /// Where it is declared.
        #[label("`{path}`")]
        span: SourceSpan,
        /// The circle, `a → b → a`.
        path: String,
    },

    /// A name declared twice.
    ///
    /// ## Resolution
    /// Rename or remove one of the two declarations.
    #[error("`{name}` is declared twice")]
    #[diagnostic(code(jiangbu::check::duplicate))]
    Duplicate {
        /// The name.
        name: String,
        /// The second declaration.
        #[label("declared again here")]
        span: SourceSpan,
        /// The first declaration.
        #[label("first declared here")]
        first: SourceSpan,
    },

    /// A group member that is not a clause (or not a subsidy of that clause).
    ///
    /// ## Resolution
    /// Name a clause id declared with `条款`, or `条款.奖补名称`.
    #[error("unknown clause `{name}`")]
    #[diagnostic(code(jiangbu::check::unknown_clause))]
    UnknownClause {
        /// The member as written.
        name: String,
        /// Where.
        #[label("no such clause or subsidy")]
        span: SourceSpan,
        /// "did you mean …"
        #[help]
        help: Option<String>,
    },

    /// A word that is not in the field's closed set.
    ///
    /// ## Resolution
    /// Use one of the words the field declares with `选项 { … }`.
    #[error("`{word}` is not one of the words of `{field}`")]
    #[diagnostic(code(jiangbu::check::unknown_word))]
    UnknownWord {
        /// The word.
        word: String,
        /// The field (or type) it was compared with.
        field: String,
        /// Where.
        #[label("not a word of `{field}`")]
        span: SourceSpan,
        /// The words allowed.
        #[help]
        help: String,
    },

    /// A declaration that is incomplete or contradicts itself.
    ///
    /// ## Resolution
    /// Follow the help line.
    #[error("{message}")]
    #[diagnostic(code(jiangbu::check::invalid))]
    Invalid {
        /// What is wrong.
        message: String,
        /// Where.
        #[label("{label}")]
        span: SourceSpan,
        /// What the label says.
        label: String,
        /// How to fix it.
        #[help]
        help: Option<String>,
    },

    /// Two fields carry a mark only one field may carry (`主键`, `地区`).
    ///
    /// ## Resolution
    /// Keep the mark on one field: a record has one key and one area.
    #[error("two fields are marked `{mark}`")]
    #[diagnostic(
        code(jiangbu::check::two_marked),
        help("a record has one `{mark}` field")
    )]
    TwoMarked {
        /// The mark.
        mark: String,
        /// The second field.
        #[label("marked again here")]
        span: SourceSpan,
        /// The first field.
        #[label("first marked here")]
        first: SourceSpan,
    },

    /// `--set` names a parameter the policy does not declare.
    ///
    /// ## Resolution
    /// Use one of the parameters declared with `参数`.
    #[error("unknown parameter `{name}` in --set")]
    #[diagnostic(code(jiangbu::check::unknown_param))]
    UnknownParam {
        /// The name given.
        name: String,
        /// "did you mean …" or the list of parameters.
        #[help]
        help: String,
    },

    /// `--set` gives a parameter a value of the wrong kind, or a value that cannot be read.
    ///
    /// ## Resolution
    /// Write the value like a literal of the parameter's type: `50万元`, `6%`, `2020-01-01`, `是`.
    #[error("cannot set `{name}` to `{value}`: {problem}")]
    #[diagnostic(code(jiangbu::check::param_value))]
    ParamValue {
        /// The parameter.
        name: String,
        /// The value given.
        value: String,
        /// Why it does not fit.
        problem: String,
        /// The parameter's declaration.
        #[label("declared here")]
        span: SourceSpan,
        /// How to write it.
        #[help]
        help: String,
    },
}
