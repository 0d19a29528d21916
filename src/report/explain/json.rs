//! The types of `explain --format json`: one record's explanation as data. Facts are codes,
//! names from the policy and exact decimal strings; prose is only in fields named `text`.
//! Built by [`super::facts`]; documented in docs/explain.md.

use serde::Serialize;

use crate::report::contract::{AwardJson, BenefitJson, ErrorJson, GroupResultJson};

/// One record's explanation as data: what `jiangbu explain --format json` prints.
#[derive(Clone, Debug, Serialize)]
pub struct ExplanationJson {
    /// The record's key.
    pub id: Option<String>,
    /// Its name (the first text field that is neither the key nor the area).
    pub name: Option<String>,
    /// Its area.
    pub area: Option<String>,
    /// Spreadsheet row (the header is row 1).
    pub row: u64,
    /// The policy's title.
    pub policy: String,
    /// Its document number (`文号`), when it has one.
    pub document: Option<String>,
    /// Parameters and their values in this run.
    pub parameters: Vec<ParamJson>,
    /// Data errors of the record, as the jsonl contract states them.
    pub errors: Vec<ErrorFacts>,
    /// The clauses explained, in policy order.
    pub clauses: Vec<ClauseJson>,
    /// The groups across clauses that concern them.
    pub groups: Vec<GroupFacts>,
    /// The record's award, as `eval --format jsonl` states it.
    pub award: Option<AwardJson>,
    /// The words: the language they are in and the decision in one line.
    pub text: SummaryText,
}

/// The explanation's prose: the only part that depends on `--lang`.
#[derive(Clone, Debug, Serialize)]
pub struct SummaryText {
    /// `zh` or `en`.
    pub lang: &'static str,
    /// The decision in one line.
    pub summary: String,
}

/// A parameter and its value in this run.
#[derive(Clone, Debug, Serialize)]
pub struct ParamJson {
    /// Its name.
    pub name: String,
    /// Its value as a decimal string (or `true`/`false`, a date, a word); `null` when `待定`.
    pub value: Option<String>,
    /// The value's unit (see docs/explain.md).
    pub unit: &'static str,
}

/// A data error: the contract's error object, with the message in the reader's language.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorFacts {
    /// Row, column, cell text and the problem, as jsonl writes them.
    #[serde(flatten)]
    pub error: ErrorJson,
    /// The message in the reader's language.
    pub text: String,
}

/// One clause: its text as the policy writes it, and its benefits.
#[derive(Clone, Debug, Serialize)]
pub struct ClauseJson {
    /// Its id (`第三条`).
    pub id: String,
    /// Its heading.
    pub title: Option<String>,
    /// Responsible units.
    pub units: Vec<String>,
    /// The notice's text (原文).
    pub original: Option<String>,
    /// Interpretation notes.
    pub notes: Vec<String>,
    /// Its subsidies and services.
    pub benefits: Vec<BenefitFacts>,
}

/// One benefit: the contract's benefit object, and how it was decided.
#[derive(Clone, Debug, Serialize)]
pub struct BenefitFacts {
    /// Status, amount, range, installments, reason and its code, paid, payable, funds, as jsonl
    /// writes them.
    #[serde(flatten)]
    pub result: BenefitJson,
    /// The reason's parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_params: Option<ReasonParams>,
    /// The cumulative cap that reduced what is paid, if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capped_by: Option<String>,
    /// Its part in each group it belongs to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Membership>,
    /// Its condition as evaluated; `null`: granted to every record.
    pub condition: Option<CondFacts>,
    /// Definitions it used, with their values and steps.
    pub definitions: Vec<DefFacts>,
    /// The amount's steps, in the order they apply (for an eligible subsidy).
    pub steps: Vec<StepFacts>,
    /// What a service provides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Interpretation notes of the benefit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The decision in words.
    pub text: BenefitText,
}

/// A benefit's decision in the reader's language.
#[derive(Clone, Debug, Serialize)]
pub struct BenefitText {
    /// The decision, citing the clause (`依据第三条，…`).
    pub decision: String,
    /// The amount's arithmetic, line by line.
    pub calculation: Vec<String>,
    /// What the groups did with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// The parameters of a reason; only those that apply to its code are present.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ReasonParams {
    /// The field (`blank`, `malformed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The cell's text (`malformed`; `""` for `blank`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The divisor as written (`zero_divisor`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub divisor: Option<String>,
    /// The definition that could not be computed (`zero_divisor`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    /// The parameter that is `待定` (`tbd`; absent when the amount itself is `待定`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// The expression that overflowed (`overflow`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    /// The policy line of the divisor, the parameter or the expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// A benefit's part in one group.
#[derive(Clone, Debug, Serialize)]
pub struct Membership {
    /// The group's name.
    pub group: String,
    /// `awarded`, `set_aside`, `candidate`, `capped` (a cap reduced it) or `member`.
    pub role: &'static str,
}

/// A condition as evaluated.
#[derive(Clone, Debug, Serialize)]
pub struct CondFacts {
    /// The condition as the policy writes it (white space collapsed).
    pub source: String,
    /// Its first line in the policy.
    pub line: usize,
    /// `all`, `any` or `not` for a block of parts; absent for a single test.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub combine: Option<&'static str>,
    /// `true`, `false` or `unknown`.
    pub truth: &'static str,
    /// Why it is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<&'static str>,
    /// The reason's parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_params: Option<ReasonParams>,
    /// The comparisons, tests and memberships it made itself.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// Its parts, nested as written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<CondFacts>,
    /// The values it saw, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// One comparison, test or membership a condition made.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum Check {
    /// `left op right`, the operator as written (the condition's truth says whether it held).
    Compare {
        /// The left side.
        left: Operand,
        /// `>=`, `>`, `<=`, `<`, `=` or `!=`.
        op: &'static str,
        /// The right side.
        right: Operand,
    },
    /// A yes/no value tested.
    Test {
        /// The value.
        value: Operand,
    },
    /// A word tested against a set.
    Member {
        /// The value.
        value: Operand,
        /// Whether it is in the set (before `不属于` negation).
        found: bool,
    },
}

/// A value a condition or a definition saw.
#[derive(Clone, Debug, Serialize)]
pub struct Operand {
    /// The field, definition or parameter it is; absent for a constant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The value: a decimal string, `true`/`false`, a date, text or a word; `null` when
    /// absent or unknown.
    pub value: Option<String>,
    /// Its unit (see docs/explain.md).
    pub unit: &'static str,
    /// `absent` (an optional field left blank) or `unknown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<&'static str>,
    /// Why it is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<&'static str>,
}

/// A definition's value and steps.
#[derive(Clone, Debug, Serialize)]
pub struct DefFacts {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: Operand,
    /// Its arithmetic, innermost first.
    pub steps: Vec<StepFacts>,
    /// Why it is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_params: Option<ReasonParams>,
    /// Its interpretation note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Its calculation in words.
    pub text: String,
}

/// A number with its unit.
#[derive(Clone, Debug, Serialize)]
pub struct Num {
    /// The exact decimal, as a string.
    pub value: String,
    /// Its unit (see docs/explain.md).
    pub unit: &'static str,
}

/// One step of an amount or a definition, as the evaluator noted it.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum StepFacts {
    /// `lhs op rhs = result`.
    Arith {
        /// `add`, `sub`, `mul` or `div`.
        op: &'static str,
        /// Left operand.
        lhs: Num,
        /// Right operand.
        rhs: Num,
        /// Result.
        result: Num,
        /// The policy line of the right operand.
        line: usize,
    },
    /// A function's result: `func(args) = result` (`floor`, `round`, `min`, `max`).
    Call {
        /// `floor`, `round`, `min` or `max`.
        func: &'static str,
        /// Its arguments' values (for `round`, the second is the decimal places).
        args: Vec<Num>,
        /// Result.
        result: Num,
        /// The policy line of the call.
        line: usize,
    },
    /// A tier band's condition, tried in order (`band` counts from 1).
    TierTest {
        /// The band.
        band: usize,
        /// Its condition as evaluated.
        condition: CondFacts,
    },
    /// The band chosen; `null`: none held and nothing is paid.
    Tier {
        /// The band, from 1.
        band: Option<usize>,
    },
    /// One band of progressive rates: `part = rate × (top − floor)`.
    Band {
        /// Lower end.
        floor: Num,
        /// Upper end used.
        top: Num,
        /// The marginal rate.
        rate: Num,
        /// What the band adds.
        part: Num,
    },
    /// Whole steps: `count = floor(base / size)`, paid `count × each`.
    Steps {
        /// The base.
        base: Num,
        /// One step's size.
        size: Num,
        /// Whole steps.
        count: Num,
        /// Paid per step.
        each: Num,
    },
    /// A bound (`最高`: `at_most`; `最低`: `at_least`).
    Bound {
        /// `at_most` or `at_least`.
        kind: &'static str,
        /// The bound.
        limit: Num,
        /// Before.
        before: Num,
        /// After.
        after: Num,
    },
    /// Rounding to the fen.
    Round {
        /// Before.
        before: Num,
        /// After.
        after: Num,
    },
}

/// A group and what it did for the record.
#[derive(Clone, Debug, Serialize)]
pub struct GroupFacts {
    /// Its name.
    pub name: String,
    /// `exclusive` (不可兼得) or `cumulative` (累计上限).
    pub kind: &'static str,
    /// `highest` (就高) or `choose` (择一), for an exclusive group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
    /// The notice's text.
    pub original: Option<String>,
    /// Its members' clause ids, in the group's order.
    pub members: Vec<String>,
    /// What it did, as jsonl's `groups[]` states it (an award, or a cap's sums).
    pub result: Option<GroupResultJson>,
    /// The resolution, line by line, in words.
    pub text: Vec<String>,
}
