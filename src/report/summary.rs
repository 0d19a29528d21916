//! Totals over all records: per benefit, per area and per funding source.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::Evaluated;
use crate::diag::localize::english_diagnostic;
use crate::diag::{text, Localize, Texts};
use crate::eval::amount::Amount;
use crate::eval::outcome::Due;
use crate::eval::plan::Plan;
use crate::eval::truth::Reason;
use crate::eval::value::Cell;
use crate::eval::{Status, Verdict};
use crate::syntax::keywords::Lang;

/// Totals for one benefit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BenefitTotals {
    /// Records for which it is eligible.
    pub eligible: u64,
    /// Records for which it is not.
    pub ineligible: u64,
    /// Records whose data cannot decide it.
    pub undetermined: u64,
    /// Eligible records whose amount is known.
    pub known: u64,
    /// The sum of those amounts.
    pub known_sum: Decimal,
    /// Eligible records whose amount is to be determined or not computable.
    pub open: u64,
    /// Records where it is paid (eligible and not set aside by a group), except where its fund
    /// pool allocated it nothing ([`crate::eval::BenefitOutcome::funded`]).
    pub paid: u64,
    /// The known amounts paid: payable amounts, and for a subsidy paid from a fund pool its
    /// allocation (never its claim).
    pub paid_sum: Decimal,
    /// Records where it is paid an amount not known yet (not in `paid_sum`).
    pub paid_open: u64,
}

/// Totals for one area (or one funding source).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AreaTotals {
    /// Records.
    pub records: u64,
    /// Records with a paid subsidy.
    pub paid: u64,
    /// Known amounts paid.
    pub paid_sum: Decimal,
    /// Records where the officer must choose between subsidies.
    pub pending: u64,
    /// Records with a subsidy paid whose amount is still open.
    pub open: u64,
}

/// Totals over a run.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Records read.
    pub records: u64,
    /// Records with at least one data error.
    pub with_errors: u64,
    /// Per benefit, in policy order.
    pub benefits: Vec<BenefitTotals>,
    /// Per area, in order of first appearance.
    pub areas: Vec<(String, AreaTotals)>,
    area_index: HashMap<String, usize>,
    /// Per funding source (the first source of a subsidy; later ones cover its shortfall).
    pub funds: Vec<(String, AreaTotals)>,
    /// Records by verdict: paid, pending, none; then provisional ones; then those eligible but
    /// allocated nothing by their fund pools ([`Verdict::Unfunded`], policies with pools only).
    pub awards: [u64; 5],
    /// Per installment period of [`Plan::periods`]: the known installments paid.
    pub periods: Vec<Decimal>,
    /// Per installment period: the installments paid whose amount is not known yet (counted,
    /// not in `periods`).
    pub periods_open: Vec<u64>,
    /// The known amounts paid, over all records.
    paid_total: Decimal,
    /// Per field (by slot): cells left blank and cells that could not be read.
    pub cells: Vec<CellCounts>,
    /// Per benefit: why records were undetermined, counted by reason (a field blank or
    /// malformed, a division by zero…), most frequent first when reported.
    pub undetermined_by: Vec<Vec<(UndeterminedBy, u64)>>,
    /// Per fund pool, in policy order, once shared out (empty without pools): its total,
    /// claims, claimants, allocation, ratio, unspent fens and whether it is provisional.
    pub pools: Vec<crate::pool::PoolResult>,
}

/// Blank and malformed cells of one column: is the data good enough to decide?
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CellCounts {
    /// Cells left blank.
    pub blank: u64,
    /// Cells that could not be read as the field's type.
    pub malformed: u64,
}

/// What made a benefit undetermined, for completeness totals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UndeterminedBy {
    /// A required field was blank.
    Blank(u16),
    /// A field's cell was malformed.
    Malformed(u16),
    /// Another reason (division by zero, a parameter to be determined, an overflow).
    Other(Reason),
}

impl UndeterminedBy {
    /// The reason it stands for.
    fn reason(self) -> Reason {
        match self {
            UndeterminedBy::Blank(s) => Reason::Blank(s),
            UndeterminedBy::Malformed(s) => Reason::Malformed(s),
            UndeterminedBy::Other(r) => r,
        }
    }

    /// In words, in `lang`: as the reason itself reads.
    pub fn describe(self, plan: &Plan, lang: Lang) -> String {
        self.reason().describe(plan, lang)
    }

    /// The reason's stable code.
    pub fn code(self) -> &'static str {
        self.reason().code()
    }
}

/// A total past the decimal range: an error on the run, never a total missing an addend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TotalsOverflow {
    /// What was being totalled: a benefit, an area, a funding source or a period.
    pub what: String,
}

impl Localize for TotalsOverflow {
    fn texts(&self) -> Texts {
        let what = &self.what;
        Texts {
            code: "jiangbu::eval::totals_overflow",
            message: text!(
                "the total of `{what}` is too large to add up",
                "`{what}` 的合计超出可计算范围"
            ),
            labels: Vec::new(),
            help: text!(
                "amounts beyond 7.9 × 10²⁸ yuan cannot be totalled; check the records' magnitudes, or write jsonl or csv, which print no totals",
                "超过 7.9 × 10²⁸ 元的金额无法合计；请检查记录中的数值，或改用不输出合计的 jsonl、csv 格式"
            ),
        }
    }
}

english_diagnostic!(TotalsOverflow);

/// `sum + amount`, or the overflow naming `what`.
fn add(sum: &mut Decimal, amount: Decimal, what: &str) -> Result<(), TotalsOverflow> {
    *sum = sum.checked_add(amount).ok_or_else(|| TotalsOverflow {
        what: what.to_string(),
    })?;
    Ok(())
}

impl Summary {
    /// Empty totals for a plan.
    pub fn new(plan: &Plan) -> Self {
        let mut summary = Summary {
            benefits: vec![BenefitTotals::default(); plan.benefits.len()],
            cells: vec![CellCounts::default(); plan.schema.fields.len()],
            undetermined_by: vec![Vec::new(); plan.benefits.len()],
            periods: vec![Decimal::ZERO; plan.period_count()],
            periods_open: vec![0; plan.period_count()],
            ..Summary::default()
        };
        for b in &plan.benefits {
            if let Some(fund) = b.funds.first() {
                if !summary.funds.iter().any(|(f, _)| f == fund) {
                    summary.funds.push((fund.clone(), AreaTotals::default()));
                }
            }
        }
        summary
    }

    /// Add one record: what its decision pays. A total past the decimal range is an error.
    pub fn add(&mut self, plan: &Plan, record: &Evaluated<'_>) -> Result<(), TotalsOverflow> {
        let outcome = record.outcome;
        self.records += 1;
        if record.error_count() > 0 {
            self.with_errors += 1;
        }
        for (counts, cell) in self.cells.iter_mut().zip(record.cells) {
            match cell {
                Cell::Blank => counts.blank += 1,
                Cell::Malformed => counts.malformed += 1,
                _ => {}
            }
        }
        for (by, b) in self.undetermined_by.iter_mut().zip(&outcome.benefits) {
            if let (Status::Undetermined, Some(reason)) = (b.status, b.reason) {
                let key = match reason {
                    Reason::Blank(slot) => UndeterminedBy::Blank(slot),
                    Reason::Malformed(slot) => UndeterminedBy::Malformed(slot),
                    other => UndeterminedBy::Other(other),
                };
                match by.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => *n += 1,
                    None => by.push((key, 1)),
                }
            }
        }
        // Looked up by `&str`: a string is allocated only for an area not seen before.
        let area = record.area(plan).unwrap_or("");
        let index = match self.area_index.get(area) {
            Some(i) => *i,
            None => {
                self.areas.push((area.to_string(), AreaTotals::default()));
                self.area_index
                    .insert(area.to_string(), self.areas.len() - 1);
                self.areas.len() - 1
            }
        };
        let mut paid_sum = Decimal::ZERO;
        let mut open_any = false;
        for (i, b) in outcome.benefits.iter().enumerate() {
            let t = &mut self.benefits[i];
            let p = &plan.benefits[i];
            match b.status {
                Status::Eligible => t.eligible += 1,
                Status::Ineligible => t.ineligible += 1,
                Status::Undetermined => t.undetermined += 1,
            }
            if b.status == Status::Eligible && b.amount.is_some() {
                match b.amount.and_then(Amount::known) {
                    Some(a) => {
                        t.known += 1;
                        add(&mut t.known_sum, a, &p.name)?;
                    }
                    None => t.open += 1,
                }
            }
            // What is paid, as the decision says it (`BenefitOutcome::paid`): the known amount
            // after every group — for a subsidy paid from a fund pool, its allocation (its
            // payable amount is the claim, which the pools section reports, never added in
            // here) —; an amount not known yet is counted as open.
            let known = match b.paid() {
                Due::None => continue,
                Due::Known(a) => Some(a),
                Due::Unknown => None,
            };
            t.paid += u64::from(b.funded());
            t.paid_open += u64::from(known.is_none());
            open_any |= known.is_none();
            let a = known.unwrap_or(Decimal::ZERO);
            add(&mut t.paid_sum, a, &p.name)?;
            add(&mut paid_sum, a, area)?;
            if let Some(fund) = p.funds.first() {
                if let Some((name, f)) = self.funds.iter_mut().find(|(n, _)| n == fund) {
                    f.records += 1;
                    f.paid += u64::from(b.funded());
                    add(&mut f.paid_sum, a, name)?;
                    f.open += u64::from(known.is_none());
                }
            }
        }
        let periods = plan.periods();
        for (i, part) in outcome.periods.iter().enumerate() {
            if let Some(sum) = self.periods.get_mut(i) {
                add(sum, part.known, periods.get(i).copied().unwrap_or(""))?;
            }
            if let Some(open) = self.periods_open.get_mut(i) {
                *open += u64::from(part.unknown);
            }
        }
        add(&mut self.paid_total, paid_sum, "合计")?;
        let a = &mut self.areas[index].1;
        a.records += 1;
        a.paid += u64::from(outcome.verdict == Verdict::Paid);
        a.open += u64::from(open_any);
        add(&mut a.paid_sum, paid_sum, area)?;
        match outcome.verdict {
            Verdict::Paid => self.awards[0] += 1,
            Verdict::Pending => {
                self.awards[1] += 1;
                a.pending += 1;
            }
            Verdict::None => self.awards[2] += 1,
            Verdict::Unfunded => self.awards[4] += 1,
        }
        self.awards[3] += u64::from(outcome.provisional);
        Ok(())
    }

    /// The known amounts paid, over all records (a pooled subsidy's allocation, not its
    /// claim).
    pub fn paid_total(&self) -> Decimal {
        self.paid_total
    }
}
