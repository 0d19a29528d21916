//! Comparing the decisions of two versions of a policy on the same records (`jiangbu diff`).
//!
//! Each side's per-record result is reduced to a [`Decision`] — per benefit its status, amount
//! and whether it is paid; the award — either from an evaluation ([`Decision::of`]) or from a
//! saved `--format jsonl` result ([`SavedResult`]). A [`Diff`] takes the two sides' decisions
//! record by record, keeps the records whose decisions changed, and totals what each side pays
//! exactly as [`super::Summary`] does (eligible subsidies neither set aside nor awaiting the
//! officer's choice in an exclusive group; known amounts only). [`Diff::finish`] turns that into
//! a [`DiffReport`], which [`write_table`] and [`write_json`] print.

mod json;
mod saved;
mod table;

pub use json::write_json;
pub use saved::{SavedResult, SavedResultError};
pub use table::write_table;

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::Evaluated;
use crate::diag::Word;
use crate::eval::amount::Amount;
use crate::eval::plan::Plan;
use crate::eval::record::{Award, Outcome};
use crate::eval::Status;
use crate::syntax::ast::BenefitKind;
use crate::syntax::keywords::Lang;

/// A benefit as one side of a diff knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BenefitInfo {
    /// Its clause's identifier (`第三条`).
    pub clause: String,
    /// Its name (`稳岗留工补贴`).
    pub name: String,
    /// A subsidy (money), not a service.
    pub subsidy: bool,
    /// Its funding sources in order of precedence; totals go to the first, as in [`super::Summary`].
    /// Empty when it names none, or a saved result does not say.
    pub funds: Vec<String>,
}

/// The benefits of one side, in its policy order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// One entry per benefit.
    pub benefits: Vec<BenefitInfo>,
}

impl Layout {
    /// The benefits of a compiled policy.
    pub fn of(plan: &Plan) -> Self {
        let benefits = plan
            .benefits
            .iter()
            .map(|b| BenefitInfo {
                clause: plan
                    .clauses
                    .get(b.clause)
                    .map_or_else(String::new, |c| c.id.clone()),
                name: b.name.clone(),
                subsidy: b.kind == BenefitKind::Subsidy,
                funds: b.funds.clone(),
            })
            .collect();
        Layout { benefits }
    }

    /// Give subsidies that name no funding source those of NEW's subsidy with the same clause
    /// and name (for a saved result, which does not record them).
    pub fn borrow_funds(&mut self, from: &Layout) {
        for b in self
            .benefits
            .iter_mut()
            .filter(|b| b.subsidy && b.funds.is_empty())
        {
            if let Some(i) = from.find(&b.clause, &b.name) {
                b.funds = from.benefits[i].funds.clone();
            }
        }
    }

    /// The index of the benefit with this clause and name.
    pub fn find(&self, clause: &str, name: &str) -> Option<usize> {
        self.benefits
            .iter()
            .position(|b| b.clause == clause && b.name == name)
    }
}

/// An amount, as compared between the two sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Money {
    /// No amount: a service, or not eligible.
    None,
    /// A known sum in yuan.
    Known(Decimal),
    /// A range decided by the responsible unit.
    Range(Decimal, Decimal),
    /// To be determined, or not computable.
    Open,
}

impl Money {
    /// The amount of an evaluated benefit.
    pub fn of(amount: Option<Amount>) -> Self {
        match amount {
            None => Money::None,
            Some(Amount::Known(d)) => Money::Known(d),
            Some(Amount::Range(lo, hi)) => Money::Range(lo, hi),
            Some(Amount::Open(_)) => Money::Open,
        }
    }

    /// The known sum, if there is one.
    pub fn known(self) -> Option<Decimal> {
        match self {
            Money::Known(d) => Some(d),
            _ => None,
        }
    }
}

/// One benefit's result on one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BenefitState {
    /// Eligible, ineligible or undetermined.
    pub status: Status,
    /// Its amount.
    pub amount: Money,
    /// Paid: an eligible subsidy neither set aside nor awaiting a choice in an exclusive group.
    pub paid: bool,
    /// What is paid, after every group (a cap may reduce it); [`Money::None`] when not paid.
    pub payable: Money,
    /// What its fund pool allocates to it ([`Money::Open`] while unknown); [`Money::None`] when
    /// it is in no pool or not paid.
    pub allocated: Money,
}

impl BenefitState {
    /// What is paid of it, as the record says: its allocation when a fund pool pays it (never
    /// its claim), else its payable amount ([`crate::eval::BenefitOutcome::paid`]);
    /// [`Money::None`] when not paid.
    pub fn paid_amount(&self) -> Money {
        match self.allocated {
            _ if !self.paid => Money::None,
            Money::None => self.payable,
            allocated => allocated,
        }
    }

    /// Whether it is paid something: paid, unless its fund pool allocated it nothing (eligible,
    /// nothing allocated: [`crate::eval::BenefitOutcome::funded`]).
    pub fn funded(&self) -> bool {
        self.paid && self.allocated != Money::Known(Decimal::ZERO)
    }
}

/// What an award decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AwardStatus {
    /// One subsidy is paid.
    Awarded,
    /// The officer must choose among the candidates.
    Pending,
    /// No member is eligible.
    None,
}

impl AwardStatus {
    /// The jsonl spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AwardStatus::Awarded => "awarded",
            AwardStatus::Pending => "pending",
            AwardStatus::None => "none",
        }
    }
}

/// A record's award (the decision of the policy's first exclusive group).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwardState {
    /// Awarded, pending or none.
    pub status: AwardStatus,
    /// The awarded clause.
    pub clause: Option<String>,
    /// The awarded benefit's name.
    pub name: Option<String>,
    /// The awarded amount, when known.
    pub amount: Option<Decimal>,
    /// Some member is undetermined, so the award may change when data is completed.
    pub provisional: bool,
    /// The clauses to choose from, when pending.
    pub candidates: Vec<String>,
}

/// One record's decisions on one side of a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The key field's text.
    pub id: Option<String>,
    /// The spreadsheet row.
    pub row: u64,
    /// The enterprise's name (the first text field that is neither key nor area); `None` for a
    /// saved result.
    pub name: Option<String>,
    /// The area (`地区` field); `None` when unknown.
    pub area: Option<String>,
    /// Per benefit of the side's [`Layout`].
    pub benefits: Vec<BenefitState>,
    /// The award, when the policy has an exclusive group.
    pub award: Option<AwardState>,
}

/// The slot of the name column: the first text field that is neither the key nor the area.
fn clause_of(plan: &Plan, benefit: usize) -> String {
    plan.benefits
        .get(benefit)
        .and_then(|b| plan.clauses.get(b.clause))
        .map_or_else(String::new, |c| c.id.clone())
}

impl Decision {
    /// The decisions of an evaluated record.
    pub fn of(plan: &Plan, record: &Evaluated<'_>) -> Self {
        let outcome = record.outcome;
        let benefits = outcome
            .benefits
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let subsidy = plan
                    .benefits
                    .get(i)
                    .is_some_and(|p| p.kind == BenefitKind::Subsidy);
                let amount = match Money::of(b.amount) {
                    // An eligible subsidy without an amount is open, as a saved result says.
                    Money::None if subsidy && b.status == Status::Eligible => Money::Open,
                    m => m,
                };
                BenefitState {
                    status: b.status,
                    amount,
                    paid: b.pay.paid().is_some(),
                    payable: Money::of(b.pay.paid()),
                    allocated: match b.allocated {
                        crate::eval::Due::None => Money::None,
                        crate::eval::Due::Known(d) => Money::Known(d),
                        crate::eval::Due::Unknown => Money::Open,
                    },
                }
            })
            .collect();
        Decision {
            id: record.key(plan).map(str::to_string),
            row: record.line,
            name: record.text(plan.schema.name_slot()).map(str::to_string),
            area: record.area(plan).map(str::to_string),
            benefits,
            award: award_of(plan, outcome),
        }
    }
}

fn award_of(plan: &Plan, outcome: &Outcome) -> Option<AwardState> {
    let view = outcome.award()?;
    let (award, provisional) = (view.award, &view.provisional);
    let clauses = |list: &[usize]| list.iter().map(|&b| clause_of(plan, b)).collect();
    Some(match award {
        Award::Awarded(b) => AwardState {
            status: AwardStatus::Awarded,
            clause: Some(clause_of(plan, *b)),
            name: plan.benefits.get(*b).map(|p| p.name.clone()),
            amount: outcome.pay(*b).known(),
            provisional: *provisional,
            candidates: Vec::new(),
        },
        Award::Pending(c) => AwardState {
            status: AwardStatus::Pending,
            clause: None,
            name: None,
            amount: None,
            provisional: *provisional,
            candidates: clauses(c),
        },
        Award::None => AwardState {
            status: AwardStatus::None,
            clause: None,
            name: None,
            amount: None,
            provisional: *provisional,
            candidates: Vec::new(),
        },
    })
}

/// What a side pays, for one benefit, area or funding source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cost {
    /// Paid: for a benefit or a fund, the records it is paid to; for an area, the records with
    /// a paid subsidy.
    pub paid: u64,
    /// The known amounts paid.
    pub paid_sum: Decimal,
    /// Paid with an amount still open (to be determined, a range, not computable): not in
    /// `paid_sum`.
    pub open: u64,
}

/// Sums overflowed the decimal range.
#[derive(Debug)]
pub struct TotalOverflow {
    /// The benefit, area or fund.
    pub what: String,
}

impl crate::diag::Localize for TotalOverflow {
    fn texts(&self) -> crate::diag::Texts {
        let what = &self.what;
        crate::diag::Texts {
            code: "jiangbu::diff::overflow",
            message: crate::diag::text!(
                "the total of `{what}` is too large to add up",
                "`{what}` 的合计过大，无法相加"
            ),
            labels: Vec::new(),
            help: crate::diag::text!(
                "amounts beyond 7.9 × 10²⁸ yuan cannot be totalled; check the records' magnitudes",
                "超过 7.9 × 10²⁸ 元的金额无法合计；请检查记录中的数值量级"
            ),
        }
    }
}

crate::diag::localize::english_diagnostic!(TotalOverflow);

fn add(sum: &mut Decimal, amount: Decimal, what: &str) -> Result<(), TotalOverflow> {
    *sum = sum.checked_add(amount).ok_or_else(|| TotalOverflow {
        what: what.to_string(),
    })?;
    Ok(())
}

/// One side's totals.
#[derive(Clone, Debug, Default)]
struct Totals {
    benefits: Vec<Cost>,
    areas: Vec<(String, Cost)>,
    area_index: HashMap<String, usize>,
    funds: Vec<(String, Cost)>,
    open: u64,
}

impl Totals {
    fn new(layout: &Layout) -> Self {
        let mut totals = Totals {
            benefits: vec![Cost::default(); layout.benefits.len()],
            ..Totals::default()
        };
        // Every funding source is listed, paid or not, as `Summary` lists them.
        for b in layout.benefits.iter().filter(|b| b.subsidy) {
            if let Some(fund) = b.funds.first() {
                if !totals.funds.iter().any(|(f, _)| f == fund) {
                    totals.funds.push((fund.clone(), Cost::default()));
                }
            }
        }
        totals
    }

    /// Add one record, counted in `area`.
    fn add(&mut self, layout: &Layout, d: &Decision, area: &str) -> Result<(), TotalOverflow> {
        let mut record = Cost::default();
        for ((info, b), cost) in layout
            .benefits
            .iter()
            .zip(&d.benefits)
            .zip(&mut self.benefits)
        {
            if !(b.paid && info.subsidy) {
                continue;
            }
            // What is paid: a pooled subsidy's allocation, not its claim.
            let known = b.paid_amount().known();
            let open = u64::from(known.is_none());
            let amount = known.unwrap_or(Decimal::ZERO);
            let funded = u64::from(b.funded());
            cost.paid += funded;
            cost.open += open;
            add(&mut cost.paid_sum, amount, &info.name)?;
            record.paid = record.paid.max(funded);
            record.open = record.open.max(open);
            add(&mut record.paid_sum, amount, area)?;
            self.open += open;
            let fund = info.funds.first().map_or("", String::as_str);
            let f = match self.funds.iter_mut().find(|(n, _)| n == fund) {
                Some((_, f)) => f,
                None => {
                    self.funds.push((fund.to_string(), Cost::default()));
                    let last = self.funds.len() - 1;
                    &mut self.funds[last].1
                }
            };
            f.paid += funded;
            f.open += open;
            add(&mut f.paid_sum, amount, fund)?;
        }
        let index = match self.area_index.get(area) {
            Some(&i) => i,
            None => {
                self.areas.push((area.to_string(), Cost::default()));
                self.area_index
                    .insert(area.to_string(), self.areas.len() - 1);
                self.areas.len() - 1
            }
        };
        let a = &mut self.areas[index].1;
        a.paid += record.paid;
        a.open += record.open;
        add(&mut a.paid_sum, record.paid_sum, area)
    }

    fn paid_sum(&self) -> Result<Decimal, TotalOverflow> {
        let mut sum = Decimal::ZERO;
        for b in &self.benefits {
            add(&mut sum, b.paid_sum, "合计")?;
        }
        Ok(sum)
    }
}

/// Whether a record is on both sides or only one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// On both sides, with different decisions.
    Changed,
    /// Only in OLD (a saved result's record not among the records read).
    OnlyOld,
    /// Only in NEW (a record the saved result does not have).
    OnlyNew,
}

impl Presence {
    /// The json spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Changed => "changed",
            Presence::OnlyOld => "only_old",
            Presence::OnlyNew => "only_new",
        }
    }
}

/// A benefit whose result differs, before and after (`None`: the side has no such benefit, or
/// no such record).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BenefitChange {
    /// Index into [`DiffReport::benefits`].
    pub pair: usize,
    /// Before.
    pub old: Option<BenefitState>,
    /// After.
    pub new: Option<BenefitState>,
}

/// A record whose decisions differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The key.
    pub id: Option<String>,
    /// The spreadsheet row (NEW's when the record is read, else the saved one).
    pub row: u64,
    /// The enterprise's name, when known.
    pub name: Option<String>,
    /// The area the record is totalled in.
    pub area: String,
    /// On both sides or one.
    pub presence: Presence,
    /// The benefits that differ, in [`DiffReport::benefits`] order.
    pub benefits: Vec<BenefitChange>,
    /// The award before and after (each `None` when that side has none).
    pub award: (Option<AwardState>, Option<AwardState>),
    /// Subsidies (indices into [`DiffReport::benefits`]) the record is newly eligible for.
    pub newly_eligible: Vec<usize>,
    /// Subsidies it is no longer eligible for.
    pub no_longer_eligible: Vec<usize>,
}

impl Change {
    /// Whether the award differs.
    pub fn award_changed(&self) -> bool {
        self.award.0 != self.award.1
    }
}

/// A limitation of a comparison against a saved result, stated in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Note {
    /// The saved result has no `area`: OLD is totalled by the area of the same record in NEW.
    AreaFromRecords,
    /// The saved result has no `funds`: OLD's subsidies are totalled by NEW's funding sources.
    FundsFromNew,
    /// The saved result has no `paid`, and a clause has several subsidies: which was set aside is
    /// inferred by clause.
    PaidByClause,
}

impl Note {
    /// Its words in the catalogue (code and both languages).
    pub fn word(self) -> Word {
        match self {
            Note::AreaFromRecords => Word::NoteAreaFromRecords,
            Note::FundsFromNew => Word::NoteFundsFromNew,
            Note::PaidByClause => Word::NotePaidByClause,
        }
    }
}

/// One side of the comparison, as the report names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Side {
    /// The file as given.
    pub path: String,
    /// A policy, or a saved result.
    pub saved: bool,
    /// The policy's title (for a saved result from `--format json`, its `policy`).
    pub title: Option<String>,
}

/// Column names for the table: the key, name and area fields of NEW.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns {
    /// The key field's name, when the schema has one.
    pub key: Option<String>,
    /// The name field's name, when the schema has one.
    pub name: Option<String>,
    /// The area field's name, when the schema has one.
    pub area: Option<String>,
}

impl Columns {
    /// The column names of a policy's schema.
    pub fn of(plan: &Plan) -> Self {
        let field = |slot: Option<usize>| {
            slot.and_then(|s| plan.schema.fields.get(s))
                .map(|f| f.name.clone())
        };
        Columns {
            key: field(plan.schema.key_slot()),
            name: field(plan.schema.name_slot()),
            area: field(plan.schema.area_slot()),
        }
    }

    /// The key, name and area columns' headers: the fields' names, else the words in `lang`.
    pub fn headers(&self, lang: Lang) -> [String; 3] {
        let or = |name: &Option<String>, word: Word| {
            name.clone().unwrap_or_else(|| word.get(lang).to_string())
        };
        [
            or(&self.key, Word::Key),
            or(&self.name, Word::Name),
            or(&self.area, Word::Area),
        ]
    }
}

/// The comparison being built, one record at a time.
pub struct Diff {
    old: Layout,
    new: Layout,
    pairs: Vec<(Option<usize>, Option<usize>)>,
    compared: u64,
    only_old: u64,
    only_new: u64,
    changes: Vec<Change>,
    old_totals: Totals,
    new_totals: Totals,
    newly: Vec<u64>,
    no_longer: Vec<u64>,
}

impl Diff {
    /// Start a comparison of two sides with these benefits. Benefits are paired by clause and
    /// name: NEW's order, then those only OLD has.
    pub fn new(old: Layout, new: Layout) -> Self {
        let mut pairs: Vec<(Option<usize>, Option<usize>)> = new
            .benefits
            .iter()
            .enumerate()
            .map(|(i, b)| (old.find(&b.clause, &b.name), Some(i)))
            .collect();
        for (i, b) in old.benefits.iter().enumerate() {
            if new.find(&b.clause, &b.name).is_none() {
                pairs.push((Some(i), None));
            }
        }
        Diff {
            old_totals: Totals::new(&old),
            new_totals: Totals::new(&new),
            newly: vec![0; pairs.len()],
            no_longer: vec![0; pairs.len()],
            old,
            new,
            pairs,
            compared: 0,
            only_old: 0,
            only_new: 0,
            changes: Vec::new(),
        }
    }

    /// Add one record: its decision on each side (`None` when a side does not have it).
    /// OLD's area, when unknown, is NEW's.
    pub fn add(
        &mut self,
        old: Option<&Decision>,
        new: Option<&Decision>,
    ) -> Result<(), TotalOverflow> {
        let area = new
            .and_then(|d| d.area.as_deref())
            .or_else(|| old.and_then(|d| d.area.as_deref()))
            .unwrap_or("")
            .to_string();
        if let Some(d) = old {
            let old_area = d.area.as_deref().unwrap_or(&area);
            self.old_totals.add(&self.old, d, old_area)?;
        }
        if let Some(d) = new {
            self.new_totals.add(&self.new, d, &area)?;
        }
        let presence = match (old, new) {
            (Some(_), Some(_)) => {
                self.compared += 1;
                Presence::Changed
            }
            (Some(_), None) => {
                self.only_old += 1;
                Presence::OnlyOld
            }
            (None, Some(_)) => {
                self.only_new += 1;
                Presence::OnlyNew
            }
            (None, None) => return Ok(()),
        };
        let both = presence == Presence::Changed;
        let mut change = Change {
            id: new.or(old).and_then(|d| d.id.clone()),
            row: new.or(old).map_or(0, |d| d.row),
            name: new.or(old).and_then(|d| d.name.clone()),
            area,
            presence,
            benefits: Vec::new(),
            award: (
                old.and_then(|d| d.award.clone()),
                new.and_then(|d| d.award.clone()),
            ),
            newly_eligible: Vec::new(),
            no_longer_eligible: Vec::new(),
        };
        for (pair, &(o, n)) in self.pairs.iter().enumerate() {
            let before = o.and_then(|i| old.and_then(|d| d.benefits.get(i)).copied());
            let after = n.and_then(|i| new.and_then(|d| d.benefits.get(i)).copied());
            let differs = match (before, after) {
                (Some(a), Some(b)) => {
                    a.status != b.status || a.amount != b.amount || a.allocated != b.allocated
                }
                (None, None) => false,
                // On a record only one side has, list what it is eligible for.
                (Some(s), None) | (None, Some(s)) => both || s.status == Status::Eligible,
            };
            if !differs {
                continue;
            }
            let subsidy = n
                .and_then(|i| self.new.benefits.get(i))
                .or_else(|| o.and_then(|i| self.old.benefits.get(i)))
                .is_some_and(|b| b.subsidy);
            let eligible =
                |s: Option<BenefitState>| s.is_some_and(|s| s.status == Status::Eligible);
            if both && subsidy && eligible(before) != eligible(after) {
                if eligible(after) {
                    change.newly_eligible.push(pair);
                    self.newly[pair] += 1;
                } else {
                    change.no_longer_eligible.push(pair);
                    self.no_longer[pair] += 1;
                }
            }
            change.benefits.push(BenefitChange {
                pair,
                old: before,
                new: after,
            });
        }
        if !both || !change.benefits.is_empty() || change.award_changed() {
            self.changes.push(change);
        }
        Ok(())
    }

    /// The report: the changes, and the totals side by side with their differences.
    pub fn finish(
        self,
        old: Side,
        new: Side,
        columns: Columns,
        notes: Vec<Note>,
    ) -> Result<DiffReport, TotalOverflow> {
        let mut benefits = Vec::with_capacity(self.pairs.len());
        for (pair, &(o, n)) in self.pairs.iter().enumerate() {
            let info = n
                .and_then(|i| self.new.benefits.get(i))
                .or_else(|| o.and_then(|i| self.old.benefits.get(i)));
            let Some(info) = info else { continue };
            let old_cost = o.and_then(|i| self.old_totals.benefits.get(i)).copied();
            let new_cost = n.and_then(|i| self.new_totals.benefits.get(i)).copied();
            benefits.push(BenefitRow {
                clause: info.clause.clone(),
                name: info.name.clone(),
                subsidy: info.subsidy,
                cost: CostRow::new(info.name.clone(), old_cost, new_cost)?,
                newly_eligible: self.newly[pair],
                no_longer_eligible: self.no_longer[pair],
            });
        }
        let areas = joined(&self.old_totals.areas, &self.new_totals.areas)?;
        let mut funds = joined(&self.old_totals.funds, &self.new_totals.funds)?;
        for f in &mut funds {
            let chain = self
                .new
                .benefits
                .iter()
                .chain(&self.old.benefits)
                .find(|b| b.funds.first() == Some(&f.label))
                .map(|b| b.funds.join(" → "));
            if let Some(chain) = chain {
                f.label = chain;
            }
        }
        let total = CostRow::new(
            "合计".into(),
            Some(Cost {
                paid: 0,
                paid_sum: self.old_totals.paid_sum()?,
                open: self.old_totals.open,
            }),
            Some(Cost {
                paid: 0,
                paid_sum: self.new_totals.paid_sum()?,
                open: self.new_totals.open,
            }),
        )?;
        Ok(DiffReport {
            old,
            new,
            columns,
            compared: self.compared,
            only_old: self.only_old,
            only_new: self.only_new,
            newly_eligible: self.newly.iter().sum(),
            no_longer_eligible: self.no_longer.iter().sum(),
            changes: self.changes,
            benefits,
            areas,
            funds,
            total,
            notes,
        })
    }
}

/// Rows for every name on either side: NEW's order, then those only OLD has.
fn joined(old: &[(String, Cost)], new: &[(String, Cost)]) -> Result<Vec<CostRow>, TotalOverflow> {
    let find =
        |list: &[(String, Cost)], name: &str| list.iter().find(|(n, _)| n == name).map(|(_, c)| *c);
    let mut rows = Vec::with_capacity(new.len());
    for (name, cost) in new {
        rows.push(CostRow::new(name.clone(), find(old, name), Some(*cost))?);
    }
    for (name, cost) in old {
        if find(new, name).is_none() {
            rows.push(CostRow::new(name.clone(), Some(*cost), None)?);
        }
    }
    Ok(rows)
}

/// One line of totals: OLD, NEW and the difference of the known amounts paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CostRow {
    /// The benefit's name, the area (empty: blank), or the fund chain (empty: none named).
    pub label: String,
    /// OLD's (`None`: OLD has no such benefit, area or fund).
    pub old: Option<Cost>,
    /// NEW's.
    pub new: Option<Cost>,
    /// NEW's `paid_sum` − OLD's.
    pub difference: Decimal,
}

impl CostRow {
    fn new(label: String, old: Option<Cost>, new: Option<Cost>) -> Result<Self, TotalOverflow> {
        let sum = |c: Option<Cost>| c.map_or(Decimal::ZERO, |c| c.paid_sum);
        let difference = sum(new)
            .checked_sub(sum(old))
            .ok_or_else(|| TotalOverflow {
                what: label.clone(),
            })?;
        // INVARIANT: a zero difference prints as `0.00`, never `-0.00`.
        let difference = if difference.is_zero() {
            Decimal::ZERO
        } else {
            difference
        };
        Ok(CostRow {
            label,
            old,
            new,
            difference,
        })
    }
}

/// Totals of one benefit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BenefitRow {
    /// Its clause.
    pub clause: String,
    /// Its name.
    pub name: String,
    /// A subsidy (services pay nothing).
    pub subsidy: bool,
    /// What it pays on each side.
    pub cost: CostRow,
    /// Records newly eligible for it.
    pub newly_eligible: u64,
    /// Records no longer eligible for it.
    pub no_longer_eligible: u64,
}

/// A finished comparison, ready to print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffReport {
    /// OLD.
    pub old: Side,
    /// NEW.
    pub new: Side,
    /// Column names for the table.
    pub columns: Columns,
    /// Records on both sides.
    pub compared: u64,
    /// Records only in OLD (a saved result).
    pub only_old: u64,
    /// Records only in NEW.
    pub only_new: u64,
    /// Record × subsidy pairs newly eligible.
    pub newly_eligible: u64,
    /// Record × subsidy pairs no longer eligible.
    pub no_longer_eligible: u64,
    /// The records whose decisions differ, in input order (records only in OLD last).
    pub changes: Vec<Change>,
    /// Per benefit of either side: NEW's order, then those only OLD has.
    pub benefits: Vec<BenefitRow>,
    /// Per area.
    pub areas: Vec<CostRow>,
    /// Per funding source (labelled with its chain).
    pub funds: Vec<CostRow>,
    /// Over all benefits (`paid` is not counted here).
    pub total: CostRow,
    /// Limitations of the comparison.
    pub notes: Vec<Note>,
}

/// A difference with its sign and thousands separators, as the table prints it: `+1,000.00`,
/// `-1.00`, `0.00`.
pub fn signed(d: Decimal) -> String {
    if d.is_zero() {
        return super::yuan_grouped(Decimal::ZERO);
    }
    let text = super::yuan_grouped(d);
    if d > Decimal::ZERO {
        format!("+{text}")
    } else {
        text
    }
}
