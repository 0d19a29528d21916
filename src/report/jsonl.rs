//! `--format jsonl` (one object per record, the stable contract) and `--format json`.

use std::io::Write;

use serde::Serialize;

use super::contract::{
    AwardJson, BenefitJson, CapJson, ErrorJson, GroupJson, GroupResultJson, InstallmentJson,
    RecordJson,
};
use super::summary::Summary;
use super::{overflow_message, write_u64, write_yuan, yuan, Evaluated, Render, Streamed};
use crate::eval::amount::Amount;
use crate::eval::outcome::Due;
use crate::eval::plan::{BenefitPlan, Plan};
use crate::eval::record::{Award, GroupOutcome};
use crate::eval::truth::Reason;
use crate::eval::{BenefitOutcome, Pay, Status};
use crate::syntax::ast::BenefitKind;
use crate::syntax::keywords::Lang;

fn clause_of(plan: &Plan, benefit: usize) -> &str {
    plan.benefits
        .get(benefit)
        .and_then(|b| plan.clauses.get(b.clause))
        .map_or("", |c| c.id.as_str())
}

fn award_json(plan: &Plan, record: &Evaluated<'_>, group: usize, lang: Lang) -> Option<AwardJson> {
    let GroupOutcome::Exclusive {
        award,
        provisional,
        set_aside,
    } = record.outcome.groups.get(group)?
    else {
        return None;
    };
    let clauses = |list: &[usize]| {
        list.iter()
            .map(|&b| clause_of(plan, b).to_string())
            .collect()
    };
    Some(match award {
        Award::Awarded(b) => AwardJson {
            status: "awarded".into(),
            clause: Some(clause_of(plan, *b).to_string()),
            name: plan.benefits.get(*b).map(|p| p.name.clone()),
            amount: record.outcome.benefits[*b]
                .amount
                .and_then(Amount::known)
                .map(yuan),
            provisional: *provisional,
            candidates: Vec::new(),
            set_aside: clauses(set_aside),
            payable: record.outcome.pay(*b).known().map(yuan),
            reason: award_reason(record, *b).map(|r| r.describe(plan, lang)),
            reason_code: award_reason(record, *b).map(|r| r.code().to_string()),
        },
        Award::Pending(candidates) => AwardJson {
            status: "pending".into(),
            provisional: *provisional,
            candidates: clauses(candidates),
            set_aside: clauses(set_aside),
            ..AwardJson::default()
        },
        Award::None => AwardJson {
            status: "none".into(),
            provisional: *provisional,
            ..AwardJson::default()
        },
    })
}

/// Why the amount of awarded benefit `b` is open (`待定`, not computable), if it is.
fn award_reason(record: &Evaluated<'_>, b: usize) -> Option<Reason> {
    match record.outcome.pay(b) {
        Pay::Paid(Amount::Open(reason)) => Some(reason),
        _ => None,
    }
}

/// The code of a record's arithmetic overflow in `errors[]`.
pub const OVERFLOW_CODE: &str = "jiangbu::eval::overflow";

/// The award, groups and errors of a record: the parts of its JSON after the benefits.
fn tail_json(
    plan: &Plan,
    record: &Evaluated<'_>,
    lang: Lang,
) -> (Option<AwardJson>, Vec<GroupJson>, Vec<ErrorJson>) {
    let outcome = record.outcome;
    let award = outcome
        .award_group
        .and_then(|g| award_json(plan, record, g, lang));
    let several = plan.groups.len() > 1
        || plan
            .groups
            .iter()
            .any(|g| matches!(g.kind, crate::eval::plan::GroupPlanKind::Cumulative { .. }));
    let groups = if several {
        plan.groups
            .iter()
            .zip(&outcome.groups)
            .enumerate()
            .filter_map(|(i, (p, g))| {
                let result = match g {
                    GroupOutcome::Exclusive { .. } => {
                        GroupResultJson::Award(award_json(plan, record, i, lang)?)
                    }
                    GroupOutcome::Cumulative {
                        total,
                        cap,
                        payable,
                        provisional,
                    } => GroupResultJson::Cap(CapJson {
                        total: yuan(*total),
                        cap: cap.map(yuan),
                        payable: payable.map(yuan),
                        provisional: *provisional,
                    }),
                };
                Some(GroupJson {
                    group: p.name.clone(),
                    result,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut errors: Vec<ErrorJson> = record
        .errors
        .iter()
        .map(|e| ErrorJson {
            row: e.row,
            column: Some(e.column.clone()),
            value: Some(e.value.clone()),
            code: e.problem.code().to_string(),
            message: e.problem(lang),
        })
        .collect();
    if let Some(message) = overflow_message(plan, outcome, lang) {
        errors.push(ErrorJson {
            row: record.line,
            column: None,
            value: None,
            code: OVERFLOW_CODE.to_string(),
            message,
        });
    }
    (award, groups, errors)
}

fn benefit_json(plan: &Plan, p: &BenefitPlan, b: &BenefitOutcome, lang: Lang) -> BenefitJson {
    BenefitJson {
        clause: plan
            .clauses
            .get(p.clause)
            .map_or_else(String::new, |c| c.id.clone()),
        name: p.name.clone(),
        kind: match p.kind {
            BenefitKind::Subsidy => "subsidy",
            BenefitKind::Service => "service",
        }
        .into(),
        status: b.status.as_str().into(),
        amount: b.amount.and_then(Amount::known).map(yuan),
        range: match b.amount {
            Some(Amount::Range(lo, hi)) => Some([yuan(lo), yuan(hi)]),
            _ => None,
        },
        installments: installments_json(p, b),
        reason: b.reason.map(|r| r.describe(plan, lang)),
        reason_code: b.reason.map(|r| r.code().to_string()),
        paid: Some(b.pay.paid().is_some()),
        payable: b.pay.payable().map(yuan),
        allocated: match b.allocated {
            Due::None => None,
            Due::Known(a) => Some(Some(yuan(a))),
            Due::Unknown => Some(None),
        },
        funds: None,
    }
}

/// A benefit's installments as the contract spells them.
fn installments_json(p: &BenefitPlan, b: &BenefitOutcome) -> Vec<InstallmentJson> {
    p.installments
        .iter()
        .zip(&b.installments)
        .map(|((label, _), a)| InstallmentJson {
            label: label.clone(),
            amount: a.map(yuan),
        })
        .collect()
}

/// A record as the contract spells it (what the byte writer writes).
pub(crate) fn record_json(plan: &Plan, record: &Evaluated<'_>, lang: Lang) -> RecordJson {
    let benefits = plan
        .benefits
        .iter()
        .zip(&record.outcome.benefits)
        .map(|(p, b)| benefit_json(plan, p, b, lang))
        .collect();
    let (award, groups, errors) = tail_json(plan, record, lang);
    RecordJson {
        id: record.key(plan).map(String::from),
        row: record.line,
        area: None,
        benefits,
        award,
        payable: record.outcome.payable.map(yuan),
        allocated: match record.outcome.allocated {
            Due::None => None,
            Due::Known(a) => Some(Some(yuan(a))),
            Due::Unknown => Some(None),
        },
        verdict: Some(record.outcome.verdict.as_str().to_string()),
        provisional: Some(record.outcome.provisional),
        explanation: record.explanation.map(String::from),
        groups,
        errors,
    }
}

/// `,"allocated":"…"` (`null` while unknown; nothing for a benefit or record no pool pays), as
/// serialising `RecordJson` and `BenefitJson` writes it.
fn write_allocated<W: Write>(out: &mut W, due: Due) -> std::io::Result<()> {
    match due {
        Due::None => Ok(()),
        Due::Known(a) => {
            out.write_all(b",\"allocated\":\"")?;
            write_yuan(out, a)?;
            out.write_all(b"\"")
        }
        Due::Unknown => out.write_all(b",\"allocated\":null"),
    }
}

/// Writes one JSON object per line.
///
/// The benefits, the bulk of every line, are written directly: the part of each benefit that is
/// the same on every record (`{"clause":"第一条","name":"…","kind":"subsidy","status":"`) is
/// escaped once per run, and only statuses, amounts and reasons are written per record. The
/// bytes are exactly those of serialising `RecordJson` (a test compares the two).
pub struct Jsonl {
    /// What is the same on every record, escaped once per run.
    constants: Constants,
}

/// Writes jsonl to `W` as records come.
pub type JsonlWriter<W> = Streamed<Jsonl, W>;

/// The parts of a record's JSON that depend only on the plan, escaped once.
struct Constants {
    /// Per benefit, per status ([`status_index`]): `{"clause":…,"name":…,"kind":…,"status":"…",
    /// "amount":`.
    prefixes: Vec<[Vec<u8>; 3]>,
    /// Per benefit: its clause id as a JSON string.
    clauses: Vec<Vec<u8>>,
    /// Per benefit: its name as a JSON string.
    names: Vec<Vec<u8>>,
    /// Reasons already rendered as JSON strings: a run meets few distinct ones (a blank field,
    /// a parameter 待定), so each is described and escaped once.
    reasons: Vec<(Reason, Vec<u8>)>,
    /// The language of the reasons and messages.
    lang: Lang,
}

/// Benefit `b`'s clause id as JSON (`""` when out of range, as `clause_of` gives it).
fn clause_json(clauses: &[Vec<u8>], b: usize) -> &[u8] {
    clauses.get(b).map_or(b"\"\"", Vec::as_slice)
}

/// Every status, in the order of [`status_index`].
const STATUSES: [Status; 3] = [Status::Eligible, Status::Ineligible, Status::Undetermined];

/// The place of `status` in [`STATUSES`].
fn status_index(status: Status) -> usize {
    match status {
        Status::Eligible => 0,
        Status::Ineligible => 1,
        Status::Undetermined => 2,
    }
}

/// The most reasons kept rendered; past this many distinct ones, each is rendered when met.
const MAX_REASONS: usize = 256;

impl Constants {
    fn empty(lang: Lang) -> Self {
        Constants {
            prefixes: Vec::new(),
            clauses: Vec::new(),
            names: Vec::new(),
            reasons: Vec::new(),
            lang,
        }
    }

    fn new(plan: &Plan, lang: Lang) -> std::io::Result<Self> {
        let mut constants = Constants::empty(lang);
        for p in &plan.benefits {
            let clause =
                serde_json::to_vec(plan.clauses.get(p.clause).map_or("", |c| c.id.as_str()))?;
            let name = serde_json::to_vec(&p.name)?;
            let mut prefix = b"{\"clause\":".to_vec();
            prefix.extend_from_slice(&clause);
            prefix.extend_from_slice(b",\"name\":");
            prefix.extend_from_slice(&name);
            prefix.extend_from_slice(match p.kind {
                BenefitKind::Subsidy => b",\"kind\":\"subsidy\",\"status\":\"",
                BenefitKind::Service => b",\"kind\":\"service\",\"status\":\"",
            });
            let with = |status: Status| {
                let mut prefix = prefix.clone();
                prefix.extend_from_slice(status.as_str().as_bytes());
                prefix.extend_from_slice(b"\",\"amount\":");
                prefix
            };
            constants.prefixes.push(STATUSES.map(with));
            constants.clauses.push(clause);
            constants.names.push(name);
        }
        Ok(constants)
    }

    /// Write `reason` as a JSON string.
    fn reason(&mut self, out: &mut impl Write, plan: &Plan, reason: Reason) -> std::io::Result<()> {
        if let Some((_, json)) = self.reasons.iter().find(|(r, _)| *r == reason) {
            return out.write_all(json);
        }
        let json = serde_json::to_vec(&reason.describe(plan, self.lang))?;
        out.write_all(&json)?;
        if self.reasons.len() < MAX_REASONS {
            self.reasons.push((reason, json));
        }
        Ok(())
    }

    /// Write the award of exclusive group `group` as `award_json` gives it (`null` for another
    /// group).
    fn award(
        &mut self,
        out: &mut impl Write,
        plan: &Plan,
        record: &Evaluated<'_>,
        group: usize,
    ) -> std::io::Result<()> {
        let Some(GroupOutcome::Exclusive {
            award,
            provisional,
            set_aside,
        }) = record.outcome.groups.get(group)
        else {
            return out.write_all(b"null");
        };
        let none: &[usize] = &[];
        let (status, chosen, candidates, aside) = match award {
            Award::Awarded(b) => ("awarded", Some(*b), none, set_aside.as_slice()),
            Award::Pending(candidates) => {
                ("pending", None, candidates.as_slice(), set_aside.as_slice())
            }
            Award::None => ("none", None, none, none),
        };
        out.write_all(b"{\"status\":\"")?;
        out.write_all(status.as_bytes())?;
        out.write_all(b"\",\"clause\":")?;
        match chosen {
            Some(b) => {
                out.write_all(clause_json(&self.clauses, b))?;
                out.write_all(b",\"name\":")?;
                match self.names.get(b) {
                    Some(name) => out.write_all(name)?,
                    None => out.write_all(b"null")?,
                }
                out.write_all(b",\"amount\":")?;
                let amount = record
                    .outcome
                    .benefits
                    .get(b)
                    .and_then(|o| o.amount?.known());
                write_money(out, amount)?;
            }
            None => out.write_all(b"null,\"name\":null,\"amount\":null")?,
        }
        out.write_all(if *provisional {
            b",\"provisional\":true,\"candidates\":["
        } else {
            b",\"provisional\":false,\"candidates\":["
        })?;
        for (i, &b) in candidates.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            out.write_all(clause_json(&self.clauses, b))?;
        }
        out.write_all(b"],\"set_aside\":[")?;
        for (i, &b) in aside.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            out.write_all(clause_json(&self.clauses, b))?;
        }
        out.write_all(b"],\"payable\":")?;
        write_money(out, chosen.and_then(|b| record.outcome.pay(b).known()))?;
        if let Some(Pay::Paid(Amount::Open(reason))) = chosen.map(|b| record.outcome.pay(b)) {
            out.write_all(b",\"reason\":")?;
            self.reason(out, plan, reason)?;
            out.write_all(b",\"reason_code\":\"")?;
            out.write_all(reason.code().as_bytes())?;
            out.write_all(b"\"")?;
        }
        out.write_all(b"}")
    }
}

/// A known amount as a JSON string, or `null`.
fn write_money(out: &mut impl Write, amount: Option<rust_decimal::Decimal>) -> std::io::Result<()> {
    match amount {
        Some(a) => {
            out.write_all(b"\"")?;
            write_yuan(out, a)?;
            out.write_all(b"\"")
        }
        None => out.write_all(b"null"),
    }
}

impl Jsonl {
    /// Render records with the reasons and messages in `lang`.
    pub fn new(lang: Lang) -> Self {
        Jsonl {
            constants: Constants::empty(lang),
        }
    }
}

impl<W: Write> JsonlWriter<W> {
    /// Write to `out`, the reasons and messages in `lang`.
    pub fn new(out: W, lang: Lang) -> Self {
        Streamed::with(Jsonl::new(lang), out)
    }
}

impl Render for Jsonl {
    fn record(
        &mut self,
        plan: &Plan,
        record: &Evaluated<'_>,
        _index: u64,
        out: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        if self.constants.prefixes.len() != plan.benefits.len() {
            self.constants = Constants::new(plan, self.constants.lang)?;
        }
        let constants = &mut self.constants;
        out.write_all(b"{\"id\":")?;
        serde_json::to_writer(&mut *out, &record.key(plan))?;
        out.write_all(b",\"row\":")?;
        write_u64(out, record.line)?;
        out.write_all(b",\"benefits\":[")?;
        for (i, (p, b)) in plan
            .benefits
            .iter()
            .zip(&record.outcome.benefits)
            .enumerate()
        {
            if i > 0 {
                out.write_all(b",")?;
            }
            match constants
                .prefixes
                .get(i)
                .and_then(|p| p.get(status_index(b.status)))
            {
                Some(prefix) => out.write_all(prefix)?,
                None => {
                    out.write_all(b.status.as_str().as_bytes())?;
                    out.write_all(b"\",\"amount\":")?;
                }
            }
            match b.amount.and_then(Amount::known) {
                Some(a) => {
                    out.write_all(b"\"")?;
                    write_yuan(out, a)?;
                    out.write_all(b"\"")?;
                }
                None => out.write_all(b"null")?,
            }
            if let Some(Amount::Range(lo, hi)) = b.amount {
                write!(out, ",\"range\":[\"{}\",\"{}\"]", yuan(lo), yuan(hi))?;
            }
            if !b.installments.is_empty() && !p.installments.is_empty() {
                out.write_all(b",\"installments\":")?;
                serde_json::to_writer(&mut *out, &installments_json(p, b))?;
            }
            let paid = matches!(b.pay, Pay::Paid(_));
            match b.reason {
                Some(r) => {
                    out.write_all(b",\"reason\":")?;
                    constants.reason(out, plan, r)?;
                    out.write_all(b",\"reason_code\":\"")?;
                    out.write_all(r.code().as_bytes())?;
                    out.write_all(if paid {
                        b"\",\"paid\":true,\"payable\":"
                    } else {
                        b"\",\"paid\":false,\"payable\":"
                    })?;
                }
                None => out.write_all(if paid {
                    b",\"reason\":null,\"reason_code\":null,\"paid\":true,\"payable\":"
                } else {
                    b",\"reason\":null,\"reason_code\":null,\"paid\":false,\"payable\":"
                })?,
            }
            write_money(out, b.pay.payable())?;
            write_allocated(out, b.allocated)?;
            out.write_all(b"}")?;
        }
        out.write_all(b"],\"award\":")?;
        match record.outcome.award_group {
            Some(group) => constants.award(out, plan, record, group)?,
            None => out.write_all(b"null")?,
        }
        out.write_all(b",\"payable\":")?;
        write_money(out, record.outcome.payable)?;
        write_allocated(out, record.outcome.allocated)?;
        out.write_all(b",\"verdict\":\"")?;
        out.write_all(record.outcome.verdict.as_str().as_bytes())?;
        out.write_all(match record.outcome.provisional {
            true => b"\",\"provisional\":true",
            false => b"\",\"provisional\":false",
        })?;
        if let Some(line) = record.explanation {
            out.write_all(b",\"explanation\":")?;
            serde_json::to_writer(&mut *out, line)?;
        }
        if plan.groups.len() > 1
            || record.error_count() > 0
            || plan
                .groups
                .iter()
                .any(|g| matches!(g.kind, crate::eval::plan::GroupPlanKind::Cumulative { .. }))
        {
            let (_, groups, errors) = tail_json(plan, record, constants.lang);
            if !groups.is_empty() {
                out.write_all(b",\"groups\":")?;
                serde_json::to_writer(&mut *out, &groups)?;
            }
            out.write_all(b",\"errors\":")?;
            serde_json::to_writer(&mut *out, &errors)?;
        } else {
            out.write_all(b",\"errors\":[")?;
            out.write_all(b"]")?;
        }
        out.write_all(b"}\n")
    }

    fn totals(&self) -> bool {
        false
    }

    fn fork(&self) -> Box<dyn Render> {
        Box::new(Jsonl::new(self.constants.lang))
    }
}

/// Renders `{"policy": …, "records": [ … ], "summary": { … }}`, the records as they come.
///
/// Each record is the jsonl line without its line break: [`Jsonl`]'s direct writer, whose
/// bytes are those of serialising `RecordJson` (tests compare the two, and the json documents
/// with records serialised by serde).
pub struct Json {
    /// Renders the records.
    records: Jsonl,
}

impl Json {
    /// Render with the reasons and messages in `lang`.
    pub fn new(lang: Lang) -> Self {
        Json {
            records: Jsonl::new(lang),
        }
    }

    /// The language of the reasons and messages.
    fn lang(&self) -> Lang {
        self.records.constants.lang
    }
}

/// Writes one json document to `W`, the records as they come.
pub type JsonWriter<W> = Streamed<Json, W>;

impl<W: Write> JsonWriter<W> {
    /// Write to `out`, the reasons and messages in `lang`.
    pub fn new(out: W, lang: Lang) -> Self {
        Streamed::with(Json::new(lang), out)
    }
}

#[derive(Serialize)]
struct TotalsJson<'a> {
    clause: &'a str,
    name: &'a str,
    eligible: u64,
    ineligible: u64,
    undetermined: u64,
    amount_known: u64,
    amount_known_sum: String,
    amount_open: u64,
    paid: u64,
    paid_sum: String,
    /// Records paid an amount not known yet (not in `paid_sum`).
    paid_open: u64,
}

#[derive(Serialize)]
struct AreaJson<'a> {
    name: &'a str,
    records: u64,
    paid: u64,
    paid_sum: String,
    pending: u64,
    amount_open: u64,
}

impl Render for Json {
    fn head(&mut self, plan: &Plan, out: &mut Vec<u8>) -> std::io::Result<()> {
        let title = serde_json::to_string(&plan.title)?;
        write!(out, "{{\"policy\": {title},\n\"records\": [")
    }

    fn record(
        &mut self,
        plan: &Plan,
        record: &Evaluated<'_>,
        index: u64,
        out: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        out.write_all(if index == 0 { b"\n" } else { b",\n" })?;
        self.records.record(plan, record, index, out)?;
        // INVARIANT: a jsonl line ends in a line break, and only there (JSON escapes any other).
        if out.last() == Some(&b'\n') {
            out.pop();
        }
        Ok(())
    }

    fn totals(&self) -> bool {
        true
    }

    fn fork(&self) -> Box<dyn Render> {
        Box::new(Json::new(self.lang()))
    }

    fn tail(
        &mut self,
        plan: &Plan,
        summary: Option<&Summary>,
        out: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        let empty;
        let summary = match summary {
            Some(summary) => summary,
            None => {
                empty = Summary::new(plan);
                &empty
            }
        };
        let benefits: Vec<TotalsJson<'_>> = plan
            .benefits
            .iter()
            .zip(&summary.benefits)
            .map(|(p, t)| TotalsJson {
                clause: plan.clauses.get(p.clause).map_or("", |c| c.id.as_str()),
                name: &p.name,
                eligible: t.eligible,
                ineligible: t.ineligible,
                undetermined: t.undetermined,
                amount_known: t.known,
                amount_known_sum: yuan(t.known_sum),
                amount_open: t.open,
                paid: t.paid,
                paid_sum: yuan(t.paid_sum),
                paid_open: t.paid_open,
            })
            .collect();
        let areas = |list: &'_ [(String, super::summary::AreaTotals)]| -> Vec<serde_json::Value> {
            list.iter()
                .map(|(name, a)| {
                    serde_json::to_value(AreaJson {
                        name,
                        records: a.records,
                        paid: a.paid,
                        paid_sum: yuan(a.paid_sum),
                        pending: a.pending,
                        amount_open: a.open,
                    })
                    .unwrap_or_default()
                })
                .collect()
        };
        let periods: Vec<serde_json::Value> = plan
            .periods()
            .iter()
            .zip(&summary.periods)
            .zip(&summary.periods_open)
            .map(|((label, sum), open)| {
                serde_json::json!({ "label": label, "paid_sum": yuan(*sum), "amount_open": open })
            })
            .collect();
        let mut awards = serde_json::json!({
            "awarded": summary.awards[0],
            "pending": summary.awards[1],
            "none": summary.awards[2],
            "provisional": summary.awards[3],
        });
        if !plan.pools.is_empty() {
            // Eligible, nothing allocated (`Verdict::Unfunded`): with fund pools only.
            if let Some(map) = awards.as_object_mut() {
                map.insert("unfunded".into(), summary.awards[4].into());
            }
        }
        let summary_json = serde_json::json!({
            "records": summary.records,
            "records_with_errors": summary.with_errors,
            "awards": awards,
            "paid_sum": yuan(summary.paid_total()),
            "periods": periods,
            "benefits": benefits,
            "areas": areas(&summary.areas),
            "funds": areas(&summary.funds),
            "completeness": completeness(plan, summary, self.lang()),
        });
        let mut summary_json = summary_json;
        if !summary.pools.is_empty() {
            if let Some(map) = summary_json.as_object_mut() {
                map.insert("pools".into(), super::pools::json(&summary.pools, yuan));
            }
        }
        write!(out, "\n],\n\"summary\": ")?;
        serde_json::to_writer_pretty(&mut *out, &summary_json)?;
        out.write_all(b"}\n")
    }
}

/// Blank and malformed cells per column, and why records were undetermined per benefit.
fn completeness(plan: &Plan, summary: &Summary, lang: Lang) -> serde_json::Value {
    let columns: Vec<serde_json::Value> = plan
        .schema
        .fields
        .iter()
        .zip(&summary.cells)
        .map(|(f, c)| {
            serde_json::json!({
                "column": f.name,
                "optional": f.optional,
                "blank": c.blank,
                "malformed": c.malformed,
            })
        })
        .collect();
    let undetermined: Vec<serde_json::Value> = plan
        .benefits
        .iter()
        .zip(&summary.undetermined_by)
        .filter(|(_, by)| !by.is_empty())
        .map(|(p, by)| {
            let reasons: Vec<serde_json::Value> = by
                .iter()
                .map(|(why, n)| {
                    serde_json::json!({
                        "reason": why.describe(plan, lang),
                        "reason_code": why.code(),
                        "records": n,
                    })
                })
                .collect();
            serde_json::json!({
                "clause": plan.clauses.get(p.clause).map_or("", |c| c.id.as_str()),
                "name": p.name,
                "by": reasons,
            })
        })
        .collect();
    serde_json::json!({ "columns": columns, "undetermined": undetermined })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::data::read_csv;
    use crate::report::{yuan_grouped, Writer};
    use rust_decimal::Decimal;

    /// `write_yuan` spells every amount as `yuan` does: rounding, padding, signs, zeros, and
    /// the largest decimals.
    #[test]
    fn write_yuan_spells_amounts_as_yuan_does() {
        let mut values: Vec<Decimal> = [
            "0",
            "-0",
            "0.00",
            "-0.001",
            "0.005",
            "0.004",
            "1",
            "-1",
            "0.5",
            "-0.5",
            "12.345",
            "12.344",
            "-12.345",
            "300000",
            "20000000.00",
            "1e-28",
            "123456789.987654321",
        ]
        .iter()
        .map(|t| Decimal::from_scientific(t).or_else(|_| t.parse()).unwrap())
        .collect();
        values.extend([Decimal::MAX, Decimal::MIN, -Decimal::ZERO]);
        for n in -2_000i64..2_000 {
            values.push(Decimal::new(n * 7919, (n.unsigned_abs() % 5) as u32));
        }
        for d in values {
            let mut out = Vec::new();
            write_yuan(&mut out, d).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), yuan(d), "{d:?}");
        }
    }

    /// `yuan_grouped` puts a comma before every third digit of the whole part of `yuan`'s
    /// spelling: 1234567.8 is `1,234,567.80`, -1234.5 is `-1,234.50`, 1000 is `1,000.00`, 999
    /// is `999.00`; and on many amounts it agrees with grouping the text `yuan` gives.
    #[test]
    fn yuan_grouped_groups_yuans_spelling() {
        let d = |t: &str| t.parse::<Decimal>().unwrap();
        assert_eq!(yuan_grouped(d("1234567.8")), "1,234,567.80");
        assert_eq!(yuan_grouped(d("-1234.5")), "-1,234.50");
        assert_eq!(yuan_grouped(d("1000")), "1,000.00");
        assert_eq!(yuan_grouped(d("999")), "999.00");
        assert_eq!(yuan_grouped(d("0")), "0.00");
        let grouped = |plain: String| {
            let (sign, rest) = match plain.strip_prefix('-') {
                Some(rest) => ("-", rest),
                None => ("", plain.as_str()),
            };
            let (int, frac) = rest.split_once('.').unwrap();
            let mut out = sign.to_string();
            for (i, c) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(c);
            }
            format!("{out}.{frac}")
        };
        let mut values = vec![Decimal::MAX, Decimal::MIN, -Decimal::ZERO, d("-0.001")];
        for n in -3_000i64..3_000 {
            values.push(Decimal::new(n * 104_729, (n.unsigned_abs() % 6) as u32));
        }
        for v in values {
            assert_eq!(yuan_grouped(v), grouped(yuan(v)), "{v:?}");
        }
    }

    /// The direct writer gives exactly the bytes of serialising `RecordJson`, on the shipped
    /// policy and on fixtures with ranges, installments and several groups, and on generated
    /// records with every parameter set.
    #[test]
    fn the_direct_writer_matches_serde() {
        let cases: [(&str, &str); 10] = [
            (
                include_str!("../../policies/changchun-2021-7.policy"),
                include_str!("../../examples/enterprises.csv"),
            ),
            (
                include_str!("../../tests/cases/eval/installments.policy"),
                include_str!("../../tests/cases/eval/installments.csv"),
            ),
            (
                include_str!("../../tests/cases/eval/range.policy"),
                include_str!("../../tests/cases/eval/range.csv"),
            ),
            (
                include_str!("../../tests/cases/eval/cumulative_exclusive.policy"),
                include_str!("../../tests/cases/eval/cumulative_exclusive.csv"),
            ),
            // Payable amounts reduced by caps, caps unknown, awards after a cap.
            (
                include_str!("../../tests/cases/eval/cap_field.policy"),
                include_str!("../../tests/cases/eval/cap_field.csv"),
            ),
            (
                include_str!("../../tests/cases/eval/cap_after_highest.policy"),
                include_str!("../../tests/cases/eval/cap_after_highest.csv"),
            ),
            // Pending choices with members set aside; awards whose amount is 待定.
            (
                include_str!("../../tests/cases/eval/pending_choice.policy"),
                include_str!("../../tests/cases/eval/pending_choice.csv"),
            ),
            // The record's total payable: beside the award, with installments of unknown
            // payables (null), set-aside subsidies payable 0.00, and a total past the decimal
            // range (null, an error on the record).
            (
                include_str!("../../tests/cases/eval/views_agree.policy"),
                include_str!("../../tests/cases/eval/views_agree.csv"),
            ),
            (
                include_str!("../../tests/cases/eval/record_total_overflow.policy"),
                include_str!("../../tests/cases/eval/record_total_overflow.csv"),
            ),
            // A cap sum past the decimal range: an error on the record.
            (
                include_str!("../../tests/cases/eval/totals_overflow.policy"),
                include_str!("../../tests/cases/eval/totals_overflow.csv"),
            ),
        ];
        // Generated records with every parameter set: amounts, awards and set-aside lists.
        let mut sample = Vec::new();
        crate::sample::write_csv(&mut sample, 3000, 11).unwrap();
        let sample = String::from_utf8(sample).unwrap();
        let notice = include_str!("../../policies/changchun-2021-7.policy");
        let mut codes = std::collections::BTreeSet::new();
        for (policy, csv, set) in
            cases
                .iter()
                .map(|&(p, c)| (p, c, false))
                .chain([(notice, sample.as_str(), true)])
        {
            let mut plan = crate::compile(policy).unwrap();
            if set {
                for (name, value) in crate::sample::PARAMETERS {
                    crate::check::set_param(&mut plan, name, value).unwrap();
                }
            }
            let mut direct = JsonlWriter::new(Vec::new(), Lang::Zh);
            let mut serde = Vec::new();
            for row in read_csv(csv.as_bytes(), "x.csv", &plan.schema).unwrap() {
                let row = row.unwrap();
                let outcome = crate::evaluate(&plan, &row.cells);
                for explanation in [None, Some("说明 \"quoted\"")] {
                    let record = Evaluated {
                        line: row.line,
                        cells: &row.cells,
                        errors: &row.errors,
                        outcome: &outcome,
                        explanation,
                    };
                    direct.record(&plan, &record).unwrap();
                    let contract = record_json(&plan, &record, Lang::Zh);
                    serde_json::to_writer(&mut serde, &contract).unwrap();
                    serde.push(b'\n');
                    // The contract reads back what it writes.
                    let line = serde_json::to_string(&contract).unwrap();
                    let back: RecordJson = serde_json::from_str(&line).unwrap();
                    assert_eq!(back, contract);
                }
            }
            assert!(!serde.is_empty());
            assert_eq!(
                String::from_utf8_lossy(&direct.out),
                String::from_utf8_lossy(&serde)
            );
            // Every error carries its stable code beside the message.
            for line in String::from_utf8_lossy(&serde).lines() {
                let back: RecordJson = serde_json::from_str(line).unwrap();
                for e in back.errors {
                    assert!(e.code.starts_with("jiangbu::"), "{e:?}");
                    assert_eq!(e.code == OVERFLOW_CODE, e.column.is_none(), "{e:?}");
                    codes.insert(e.code);
                }
            }
        }
        // The example data's `maybe` in a yes/no column; the overflow fixtures.
        for code in [crate::data::Form::Bool.code(), OVERFLOW_CODE] {
            assert!(codes.contains(code), "{code} never written: {codes:?}");
        }
    }
}
