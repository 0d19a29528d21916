//! `jiangbu diff --format json`: the same report for programs (described in docs/diff.md).

use std::io::Write;

use serde::Serialize;

use super::super::yuan;
use super::{AwardState, BenefitState, Cost, CostRow, DiffReport, Money, Side};
use crate::syntax::keywords::Lang;

#[derive(Serialize)]
struct ReportJson<'a> {
    old: SideJson<'a>,
    new: SideJson<'a>,
    records: u64,
    changed: usize,
    only_old: u64,
    only_new: u64,
    newly_eligible: u64,
    no_longer_eligible: u64,
    changes: Vec<ChangeJson<'a>>,
    totals: TotalsJson<'a>,
    notes: Vec<NoteJson>,
}

/// A note: its stable code and its text in the run's language.
#[derive(Serialize)]
struct NoteJson {
    code: &'static str,
    message: &'static str,
}

#[derive(Serialize)]
struct SideJson<'a> {
    path: &'a str,
    kind: &'static str,
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct ChangeJson<'a> {
    id: Option<&'a str>,
    row: u64,
    name: Option<&'a str>,
    area: &'a str,
    change: &'static str,
    newly_eligible: Vec<&'a str>,
    no_longer_eligible: Vec<&'a str>,
    benefits: Vec<BenefitChangeJson<'a>>,
    award: AwardChangeJson<'a>,
}

#[derive(Serialize)]
struct BenefitChangeJson<'a> {
    clause: &'a str,
    name: &'a str,
    kind: &'static str,
    old: Option<StateJson>,
    new: Option<StateJson>,
}

#[derive(Serialize)]
struct StateJson {
    status: &'static str,
    amount: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<[String; 2]>,
    paid: bool,
    /// What its fund pool allocates (`null` while unknown); absent without a pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    allocated: Option<Option<String>>,
}

#[derive(Serialize)]
struct AwardChangeJson<'a> {
    changed: bool,
    old: Option<AwardJson<'a>>,
    new: Option<AwardJson<'a>>,
}

#[derive(Serialize)]
struct AwardJson<'a> {
    status: &'static str,
    clause: Option<&'a str>,
    name: Option<&'a str>,
    amount: Option<String>,
    provisional: bool,
    candidates: &'a [String],
}

#[derive(Serialize)]
struct TotalsJson<'a> {
    paid_sum: CostJson<'a>,
    benefits: Vec<BenefitTotalsJson<'a>>,
    areas: Vec<CostJson<'a>>,
    funds: Vec<CostJson<'a>>,
}

#[derive(Serialize)]
struct BenefitTotalsJson<'a> {
    clause: &'a str,
    name: &'a str,
    old: Option<SideCostJson>,
    new: Option<SideCostJson>,
    difference: String,
    newly_eligible: u64,
    no_longer_eligible: u64,
}

#[derive(Serialize)]
struct CostJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    old: Option<SideCostJson>,
    new: Option<SideCostJson>,
    difference: String,
}

#[derive(Serialize)]
struct SideCostJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    paid: Option<u64>,
    paid_sum: String,
    amount_open: u64,
}

fn side(s: &Side) -> SideJson<'_> {
    SideJson {
        path: &s.path,
        kind: if s.saved { "saved" } else { "policy" },
        title: s.title.as_deref(),
    }
}

fn state(s: BenefitState) -> StateJson {
    StateJson {
        status: s.status.as_str(),
        amount: s.amount.known().map(yuan),
        range: match s.amount {
            Money::Range(lo, hi) => Some([yuan(lo), yuan(hi)]),
            _ => None,
        },
        paid: s.paid,
        allocated: match s.allocated {
            Money::None => None,
            Money::Known(d) => Some(Some(yuan(d))),
            Money::Range(..) | Money::Open => Some(None),
        },
    }
}

fn award(a: &AwardState) -> AwardJson<'_> {
    AwardJson {
        status: a.status.as_str(),
        clause: a.clause.as_deref(),
        name: a.name.as_deref(),
        amount: a.amount.map(yuan),
        provisional: a.provisional,
        candidates: &a.candidates,
    }
}

fn side_cost(c: Cost, paid: bool) -> SideCostJson {
    SideCostJson {
        paid: paid.then_some(c.paid),
        paid_sum: yuan(c.paid_sum),
        amount_open: c.open,
    }
}

fn cost(row: &CostRow, named: bool, paid: bool) -> CostJson<'_> {
    CostJson {
        name: named.then_some(row.label.as_str()),
        old: row.old.map(|c| side_cost(c, paid)),
        new: row.new.map(|c| side_cost(c, paid)),
        difference: yuan(row.difference),
    }
}

/// Write the report as one pretty-printed JSON document; the notes' texts in `lang`.
pub fn write_json<W: Write>(out: &mut W, report: &DiffReport, lang: Lang) -> std::io::Result<()> {
    let clause = |pair: &usize| report.benefits.get(*pair).map_or("", |b| b.clause.as_str());
    let changes = report
        .changes
        .iter()
        .map(|c| ChangeJson {
            id: c.id.as_deref(),
            row: c.row,
            name: c.name.as_deref(),
            area: &c.area,
            change: c.presence.as_str(),
            newly_eligible: c.newly_eligible.iter().map(clause).collect(),
            no_longer_eligible: c.no_longer_eligible.iter().map(clause).collect(),
            benefits: c
                .benefits
                .iter()
                .filter_map(|b| {
                    let info = report.benefits.get(b.pair)?;
                    Some(BenefitChangeJson {
                        clause: &info.clause,
                        name: &info.name,
                        kind: if info.subsidy { "subsidy" } else { "service" },
                        old: b.old.map(state),
                        new: b.new.map(state),
                    })
                })
                .collect(),
            award: AwardChangeJson {
                changed: c.award_changed(),
                old: c.award.0.as_ref().map(award),
                new: c.award.1.as_ref().map(award),
            },
        })
        .collect();
    let json = ReportJson {
        old: side(&report.old),
        new: side(&report.new),
        records: report.compared,
        changed: report
            .changes
            .iter()
            .filter(|c| c.presence == super::Presence::Changed)
            .count(),
        only_old: report.only_old,
        only_new: report.only_new,
        newly_eligible: report.newly_eligible,
        no_longer_eligible: report.no_longer_eligible,
        changes,
        totals: TotalsJson {
            paid_sum: cost(&report.total, false, false),
            benefits: report
                .benefits
                .iter()
                .filter(|b| b.subsidy)
                .map(|b| {
                    let c = cost(&b.cost, false, true);
                    BenefitTotalsJson {
                        clause: &b.clause,
                        name: &b.name,
                        old: c.old,
                        new: c.new,
                        difference: c.difference,
                        newly_eligible: b.newly_eligible,
                        no_longer_eligible: b.no_longer_eligible,
                    }
                })
                .collect(),
            areas: report.areas.iter().map(|r| cost(r, true, true)).collect(),
            funds: report.funds.iter().map(|r| cost(r, true, true)).collect(),
        },
        notes: report
            .notes
            .iter()
            .map(|n| NoteJson {
                code: n.word().code(),
                message: n.word().get(lang),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &json)?;
    out.write_all(b"\n")?;
    out.flush()
}
