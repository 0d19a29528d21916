//! Explanations: one record's decision note, clause by clause, in the policy's language.
//!
//! Everything here is read from the transcript and the outcome of
//! [`evaluate_traced`](crate::eval::evaluate_traced) — each condition as written with the values it
//! saw and its truth, each definition's arithmetic, each step of an amount, each group's
//! resolution. Nothing is evaluated again, so an explanation cannot disagree with the result.
//! [`explain`] builds the [`Explanation`] in words, [`explain_text`] renders it for an officer,
//! [`one_line`] sums a record up in one line, and [`explain_json`] gives the same record as
//! data for `--format json` (facts that do not depend on the language, prose only in `text`).

mod amount;
mod compound;
mod dates;
mod decide;
mod facts;
mod group;
mod json;
mod num;
mod prose;
mod show;
mod summary;
mod tree;

use std::collections::HashMap;

use serde::Serialize;

use self::show::Show;
use self::tree::{benefit_trace, BenefitTrace, CondTrace, Kind};
use crate::data::Row;
use crate::diag::{text, Word};
use crate::eval::amount::Amount;
use crate::eval::plan::{Node, Plan};
use crate::eval::trace::{Seen, Trace};
use crate::eval::truth::Truth;
use crate::eval::value::Cell;
use crate::eval::{Outcome, Status};
use crate::span::Span;
use crate::syntax::ast::BenefitKind;
use crate::syntax::keywords::Lang;

pub use self::json::{
    BenefitFacts, BenefitText, Check, ClauseJson, CondFacts, DefFacts, ErrorFacts, ExplanationJson,
    GroupFacts, Membership, Num, Operand, ParamJson, ReasonParams, StepFacts, SummaryText,
};
pub use self::summary::one_line;

/// One record's explanation in words, as [`explain_text`] renders it (`--format json` prints
/// the facts of [`explain_json`] instead).
#[derive(Clone, Debug, Serialize)]
pub struct Explanation {
    /// The record's key.
    pub id: Option<String>,
    /// Its name (the first text field that is neither the key nor the area).
    pub name: Option<String>,
    /// Its area.
    pub area: Option<String>,
    /// Spreadsheet row (the header is row 1).
    pub row: u64,
    /// The language of the words: `zh` or `en`.
    pub lang: &'static str,
    /// The policy's title.
    pub policy: String,
    /// Its document number (`文号`), when it has one.
    pub document: Option<String>,
    /// The decision in one line.
    pub summary: String,
    /// Parameters: their values for this run, `null` when to be determined.
    pub parameters: Vec<ParamNote>,
    /// Data errors of the record (malformed cells, an arithmetic overflow).
    pub errors: Vec<ErrorNote>,
    /// The clauses explained, in policy order.
    pub clauses: Vec<ClauseNote>,
    /// The groups across clauses that concern them.
    pub groups: Vec<GroupNote>,
    /// The award of the policy's first exclusive group, as `eval --format jsonl` states it.
    pub award: Option<AwardNote>,
}

/// A parameter and its value in this run.
#[derive(Clone, Debug, Serialize)]
pub struct ParamNote {
    /// Its name.
    pub name: String,
    /// Its value, shown; `None` when to be determined (`待定`).
    pub value: Option<String>,
}

/// A data error of the record.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorNote {
    /// The column, when the error concerns one.
    pub column: Option<String>,
    /// The cell's text.
    pub value: Option<String>,
    /// What is wrong, in the reader's language.
    pub message: String,
}

/// One clause: its text, notes and benefits.
#[derive(Clone, Debug, Serialize)]
pub struct ClauseNote {
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
    pub benefits: Vec<BenefitNote>,
}

/// One benefit: its status and how it was decided.
#[derive(Clone, Debug, Serialize)]
pub struct BenefitNote {
    /// Its clause's id.
    pub clause: String,
    /// Its name.
    pub name: String,
    /// `subsidy` or `service`.
    pub kind: &'static str,
    /// `eligible`, `ineligible` or `undetermined`.
    pub status: &'static str,
    /// The amount in yuan as a decimal string (as in jsonl); `None` when to be determined, not
    /// computable, or not money.
    pub amount: Option<String>,
    /// A range decided by the responsible unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<[String; 2]>,
    /// Why undetermined, or why an eligible amount is open.
    pub reason: Option<String>,
    /// The decision, citing the clause (`依据第三条，…`).
    pub decision: String,
    /// The condition as written, with what it saw; `None`: granted to every record.
    pub condition: Option<CondNote>,
    /// Definitions the benefit used, with their values and arithmetic.
    pub definitions: Vec<DefNote>,
    /// The amount's arithmetic, step by step.
    pub calculation: Vec<String>,
    /// Installments of a known amount.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub installments: Vec<InstallmentNote>,
    /// Funding sources, in order of precedence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub funds: Vec<String>,
    /// What a service provides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Interpretation notes of the benefit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// What an exclusive group did with it (awarded, set aside, pending).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Paid once every group has been applied.
    pub paid: bool,
    /// What is paid (after every cap), in yuan, when known: with a fund pool, the claim.
    pub payable: Option<String>,
    /// What its fund pool allocates to it (`Due::None` in no pool or not paid): what is paid of
    /// it, which its installments split.
    #[serde(skip)]
    pub allocated: crate::eval::Due,
    /// The cumulative cap that reduced what is paid, if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capped_by: Option<String>,
}

/// A condition as written, with its truth and the values it saw.
#[derive(Clone, Debug, Serialize)]
pub struct CondNote {
    /// The condition's text as written (or `全部` / `all of` … for a block).
    pub text: String,
    /// `true`, `false` or `unknown`.
    pub truth: &'static str,
    /// The values it compared or tested, shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<String>,
    /// Why it is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Its parts, nested as written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<CondNote>,
}

/// A definition's value and arithmetic.
#[derive(Clone, Debug, Serialize)]
pub struct DefNote {
    /// Its name.
    pub name: String,
    /// Its value, shown (`未知` / `unknown` when it could not be computed).
    pub value: String,
    /// `增长率 = 净增产值 ÷ 一季度产值2019 = 3,000,000.00元 ÷ 50,000,000.00元 = 6.00%`.
    pub calculation: String,
    /// Why it is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Its interpretation note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One installment.
#[derive(Clone, Debug, Serialize)]
pub struct InstallmentNote {
    /// Its label (`2021年`).
    pub label: String,
    /// Its share, as a percent.
    pub share: String,
    /// Its amount in yuan, as a decimal string; `null` while the payable amount it splits is
    /// unknown.
    pub amount: Option<String>,
}

/// A group across clauses and how it was resolved for the record.
#[derive(Clone, Debug, Serialize)]
pub struct GroupNote {
    /// Its name.
    pub name: String,
    /// `exclusive` (不可兼得) or `cumulative` (累计上限).
    pub kind: &'static str,
    /// `highest` (就高) or `choose` (择一), for an exclusive group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
    /// The notice's text.
    pub original: Option<String>,
    /// The resolution, line by line.
    pub resolution: Vec<String>,
    /// The decision, for an exclusive group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub award: Option<AwardNote>,
}

/// An exclusive group's decision: the jsonl contract's award object.
pub use super::contract::AwardJson as AwardNote;

/// Build the explanation of one record from its outcome and transcript (both from
/// [`evaluate_traced`](crate::eval::evaluate_traced)). `clause`: only that clause (by id) and
/// the groups it belongs to.
pub fn explain(
    plan: &Plan,
    record: &Row,
    outcome: &Outcome,
    trace: &Trace,
    lang: Lang,
    clause: Option<&str>,
    pools: Option<&crate::pool::Allocations>,
) -> Explanation {
    let ex = Explainer::new(plan, outcome, trace, lang);
    let shown = |ci: usize| clause.is_none_or(|id| plan.clauses[ci].id == id);
    let clauses = (0..plan.clauses.len())
        .filter(|&ci| shown(ci))
        .map(|ci| ex.clause(ci))
        .collect();
    let groups = shown_groups(plan, shown)
        .filter_map(|g| ex.group(g))
        .collect();
    Explanation {
        id: text_cell(record, plan.schema.key_slot()),
        name: text_cell(record, plan.schema.name_slot()),
        area: text_cell(record, plan.schema.area_slot()),
        row: record.line,
        lang: lang.code(),
        policy: plan.title.clone(),
        document: document(plan),
        summary: summary(plan, record, outcome, trace, lang, pools),
        parameters: ex.parameters(),
        errors: ex.errors(record),
        clauses,
        groups,
        award: plan.main_group().and_then(|g| ex.award(g)),
    }
}

/// The explanation of one record as data, for `--format json`: facts that do not depend on
/// `lang` (statuses, reason codes, values, steps, the contract's award and groups), with the
/// prose of [`explain`] in `text` fields beside them. Same arguments as [`explain`].
pub fn explain_json(
    plan: &Plan,
    record: &Row,
    outcome: &Outcome,
    trace: &Trace,
    lang: Lang,
    clause: Option<&str>,
    pools: Option<&crate::pool::Allocations>,
) -> ExplanationJson {
    let ex = Explainer::new(plan, outcome, trace, lang);
    let contract = super::jsonl::record_json(
        plan,
        &super::Evaluated {
            line: record.line,
            cells: &record.cells,
            errors: &record.errors,
            outcome,
            explanation: None,
        },
        lang,
    );
    let facts = facts::Facts {
        ex: &ex,
        record,
        contract: &contract,
    };
    let shown = |ci: usize| clause.is_none_or(|id| plan.clauses[ci].id == id);
    let clauses = (0..plan.clauses.len())
        .filter(|&ci| shown(ci))
        .map(|ci| {
            let c = &plan.clauses[ci];
            ClauseJson {
                id: c.id.clone(),
                title: c.title.clone(),
                units: c.units.clone(),
                original: c.original.clone(),
                notes: c.notes.clone(),
                benefits: (0..plan.benefits.len())
                    .filter(|&b| plan.benefits[b].clause == ci)
                    .map(|b| facts.benefit(b))
                    .collect(),
            }
        })
        .collect();
    let groups = shown_groups(plan, shown)
        .filter_map(|g| facts.group(g))
        .collect();
    ExplanationJson {
        id: contract.id.clone(),
        name: text_cell(record, plan.schema.name_slot()),
        area: text_cell(record, plan.schema.area_slot()),
        row: record.line,
        policy: plan.title.clone(),
        document: document(plan),
        parameters: facts.parameters(),
        errors: facts.errors(),
        clauses,
        groups,
        award: contract.award.clone(),
        text: SummaryText {
            lang: lang.code(),
            summary: summary(plan, record, outcome, trace, lang, pools),
        },
    }
}

/// The conclusion: [`one_line`], with the fund pools (once shared out, `pools`) that other
/// records keep open told in a provisional record's `暂定` note.
fn summary(
    plan: &Plan,
    record: &Row,
    outcome: &Outcome,
    trace: &Trace,
    lang: Lang,
    pools: Option<&crate::pool::Allocations>,
) -> String {
    let open = pools.map_or_else(Vec::new, |p| {
        let key = text_cell(record, plan.schema.key_slot());
        super::pools::open_for(plan, record.line, key.as_deref(), outcome, p, lang)
    });
    summary::one_line_open(plan, outcome, trace, lang, &open)
}

/// The policy's document number (`文号`), when it has one.
fn document(plan: &Plan) -> Option<String> {
    plan.meta
        .iter()
        .find(|(k, _)| k == "文号" || k.eq_ignore_ascii_case("number"))
        .map(|(_, v)| v.clone())
}

/// The explanation of one record as a decision note for an officer (see [`explain`]).
pub fn explain_text(
    plan: &Plan,
    record: &Row,
    outcome: &Outcome,
    trace: &Trace,
    lang: Lang,
    clause: Option<&str>,
    pools: Option<&crate::pool::Allocations>,
) -> String {
    let explanation = explain(plan, record, outcome, trace, lang, clause, pools);
    prose::render(&explanation, lang)
}

/// The slot of a name column: the first text field that is neither the key nor the area.
fn text_cell(record: &Row, slot: Option<usize>) -> Option<String> {
    match slot.and_then(|s| record.cells.get(s)) {
        Some(Cell::Text(t)) => Some(t.clone()),
        _ => None,
    }
}

/// Collapse runs of white space (a condition written over several lines) into one space.
fn one_spaced(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Everything an explanation of one record is built from.
struct Explainer<'p, 't> {
    plan: &'p Plan,
    outcome: &'t Outcome,
    trace: &'t Trace,
    lang: Lang,
    show: Show<'p, 't>,
    conditions: HashMap<Span, &'p Node>,
}

impl<'p, 't> Explainer<'p, 't> {
    fn new(plan: &'p Plan, outcome: &'t Outcome, trace: &'t Trace, lang: Lang) -> Self {
        Explainer {
            plan,
            outcome,
            trace,
            lang,
            show: Show {
                plan,
                lang,
                steps: tree::steps(trace),
                calls: tree::calls(trace),
                defs: tree::def_values(trace),
            },
            conditions: tree::conditions(plan),
        }
    }

    /// The transcript of benefit `b`, with its amount when it is an eligible subsidy.
    fn benefit_trace(&self, b: usize) -> BenefitTrace<'t> {
        let with_amount = self
            .outcome
            .benefits
            .get(b)
            .is_some_and(|o| o.status == Status::Eligible)
            && self.plan.benefits[b].kind == BenefitKind::Subsidy;
        benefit_trace(self.plan, self.trace, b, with_amount)
    }

    fn parameters(&self) -> Vec<ParamNote> {
        self.plan
            .params
            .iter()
            .map(|p| ParamNote {
                name: p.name.clone(),
                value: p.value.as_ref().map(|v| match v {
                    Node::Num(n) => show::number(*n, tree::kind_of_ty(self.plan, p.ty), self.lang),
                    other => self.show.expr(other, Kind::Other),
                }),
            })
            .collect()
    }

    fn errors(&self, record: &Row) -> Vec<ErrorNote> {
        let mut out: Vec<ErrorNote> = record
            .errors
            .iter()
            .map(|e| {
                let column = (!e.column.is_empty()).then(|| e.column.clone());
                let (row, problem) = (e.row, e.problem(self.lang));
                let message = if e.column.is_empty() {
                    text!("row {row}: {problem}", "第 {row} 行：{problem}")
                } else {
                    let column = &e.column;
                    text!(
                        "row {row}, column `{column}`: {problem}; read as unknown",
                        "第 {row} 行“{column}”列：{problem}，按未知处理"
                    )
                }
                .get(self.lang)
                .to_string();
                ErrorNote {
                    column,
                    value: Some(e.value.clone()),
                    message,
                }
            })
            .collect();
        if let Some(span) = self.outcome.overflow {
            let text = span.text(&self.plan.source);
            out.push(ErrorNote {
                column: None,
                value: None,
                message: text!(
                    "arithmetic overflow in `{text}`: the numbers of this record are too large",
                    "“{text}”计算溢出：本记录的数值过大"
                )
                .get(self.lang)
                .to_string(),
            });
        }
        out
    }

    fn clause(&self, ci: usize) -> ClauseNote {
        let c = &self.plan.clauses[ci];
        let benefits = (0..self.plan.benefits.len())
            .filter(|&b| self.plan.benefits[b].clause == ci)
            .map(|b| self.benefit(b))
            .collect();
        ClauseNote {
            id: c.id.clone(),
            title: c.title.clone(),
            units: c.units.clone(),
            original: c.original.clone(),
            notes: c.notes.clone(),
            benefits,
        }
    }

    fn clause_id(&self, b: usize) -> &'p str {
        self.plan
            .benefits
            .get(b)
            .and_then(|p| self.plan.clauses.get(p.clause))
            .map_or("", |c| c.id.as_str())
    }

    fn benefit(&self, b: usize) -> BenefitNote {
        let plan = self.plan;
        let p = &plan.benefits[b];
        let o = &self.outcome.benefits[b];
        let bt = self.benefit_trace(b);
        let condition = bt.condition.as_ref().map(|c| self.cond(c));
        let definitions = bt
            .defs
            .iter()
            .map(|(d, v)| self.definition(*d, v))
            .collect();
        let calculation = if o.status == Status::Eligible {
            amount::calculation(self, b, &bt)
        } else {
            Vec::new()
        };
        let installments = p
            .installments
            .iter()
            .zip(&o.installments)
            .map(|((label, share), amount)| InstallmentNote {
                label: label.clone(),
                share: num::percent(*share),
                amount: amount.map(super::yuan),
            })
            .collect();
        BenefitNote {
            clause: self.clause_id(b).to_string(),
            name: p.name.clone(),
            kind: match p.kind {
                BenefitKind::Subsidy => "subsidy",
                BenefitKind::Service => "service",
            },
            status: o.status.as_str(),
            amount: o.amount.and_then(Amount::known).map(super::yuan),
            range: match o.amount {
                Some(Amount::Range(lo, hi)) => Some([super::yuan(lo), super::yuan(hi)]),
                _ => None,
            },
            reason: o.reason.map(|r| self.show.reason(r)),
            decision: self.decision(b, &bt),
            condition,
            definitions,
            calculation,
            installments,
            funds: p.funds.clone(),
            content: p.content.clone(),
            notes: p.notes.clone(),
            group: self.membership(b),
            paid: o.pay.paid().is_some(),
            payable: o.pay.known().map(super::yuan),
            allocated: o.allocated,
            capped_by: o
                .capped_by
                .and_then(|g| plan.groups.get(g))
                .map(|g| g.name.clone()),
        }
    }

    /// A condition's tree, as written, with truths and values.
    fn cond(&self, c: &CondTrace<'_>) -> CondNote {
        let written = c.span.text(&self.plan.source);
        let inner = match self.conditions.get(&c.span) {
            Some(Node::Cond(_, inner)) => Some(&**inner),
            _ => None,
        };
        let text = if !c.children.is_empty() && written.contains('\n') {
            self.block_label(inner)
        } else {
            one_spaced(written)
        };
        let (truth, reason) = match c.truth {
            Some(Truth::True) => ("true", None),
            Some(Truth::False) => ("false", None),
            Some(Truth::Unknown(r)) => ("unknown", Some(self.show.reason(r))),
            None => ("unknown", None),
        };
        CondNote {
            text,
            truth,
            values: (!c.seen.is_empty()).then(|| decide::values(self, c, inner)),
            reason,
            children: c.children.iter().map(|ch| self.cond(ch)).collect(),
        }
    }

    fn block_label(&self, inner: Option<&Node>) -> String {
        match inner {
            Some(Node::And(_)) => Word::AllOf,
            Some(Node::Or(_)) => Word::AnyOf,
            Some(Node::Not(_)) => Word::NotBlock,
            _ => Word::Condition,
        }
        .get(self.lang)
        .into()
    }

    fn definition(&self, d: u16, value: &Seen) -> DefNote {
        let plan = self.plan;
        let Some(def) = plan.defs.get(d as usize) else {
            return DefNote {
                name: "?".into(),
                value: self.show.seen(value, Kind::Other),
                calculation: String::new(),
                reason: None,
                note: None,
            };
        };
        let kind = tree::kind_of(plan, &Node::Def(d)).unwrap_or(Kind::Other);
        let shown = self.show.seen(value, kind);
        let mut parts = vec![def.name.clone(), self.show.expr(&def.node, kind)];
        parts.extend(self.show.working(&def.node, None, kind));
        let reason = match value {
            Seen::Unknown(r) => Some(self.show.reason(*r)),
            _ => None,
        };
        let calculation = match &reason {
            Some(why) => {
                let chain = self.show.chain(parts);
                text!("{chain}: {shown} ({why})", "{chain}：{shown}（{why}）")
                    .get(self.lang)
                    .to_string()
            }
            None => {
                parts.push(shown.clone());
                self.show.chain(parts)
            }
        };
        DefNote {
            name: def.name.clone(),
            value: shown,
            calculation,
            reason,
            note: def.note.clone(),
        }
    }

    fn decision(&self, b: usize, bt: &BenefitTrace<'_>) -> String {
        decide::decision(self, b, bt)
    }

    fn membership(&self, b: usize) -> Option<String> {
        group::membership(self, b)
    }

    fn group(&self, g: usize) -> Option<GroupNote> {
        group::group(self, g)
    }

    fn award(&self, g: usize) -> Option<AwardNote> {
        group::award(self, g)
    }
}

/// The groups an explanation of the clauses `shown` covers: those with a member in one of them.
fn shown_groups<'p>(
    plan: &'p Plan,
    shown: impl Fn(usize) -> bool + 'p,
) -> impl Iterator<Item = usize> + 'p {
    plan.groups
        .iter()
        .enumerate()
        .filter_map(move |(g, group)| {
            group
                .members
                .iter()
                .any(|&m| plan.benefits.get(m).is_some_and(|b| shown(b.clause)))
                .then_some(g)
        })
}
