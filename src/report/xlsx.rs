//! `--format xlsx`: a workbook for the officer, with a `results` sheet (one row per record, the
//! columns of `--format csv` plus the area) and a `summary` sheet (the table's totals per
//! clause, per area and per funding source).
//!
//! The results sheet is a constant-memory worksheet: each row goes to a temporary file as it
//! comes (rows in order, strings inline), and the workbook is zipped into the output at the end,
//! so memory stays flat however many records. Amounts
//! are written as numbers (Excel's own cells are binary floating point): each is the decimal
//! rounded to the fen first, converted once, never computed with.

use std::io::Write;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::columns::{clause, columns, header, unknown_amount, value, Col, Val};
use super::summary::{AreaTotals, Summary};
use super::{Evaluated, Writer};
use crate::diag::Word;
use crate::eval::amount::to_fen;
use crate::eval::plan::Plan;
use crate::eval::Due;
use crate::syntax::ast::BenefitKind;
use crate::syntax::keywords::Lang;

/// The name of the per-record sheet in an English workbook (`结果` in a Chinese one).
pub const RESULTS_SHEET: &str = "results";
/// The name of the totals sheet in an English workbook (`汇总` in a Chinese one).
pub const SUMMARY_SHEET: &str = "summary";

/// Writes the results sheet row by row (to a temporary file) and the workbook to `out` on
/// [`Writer::finish`].
pub struct XlsxWriter<W: Write> {
    /// Where the finished workbook goes.
    out: W,
    /// The workbook; its first sheet, the results, is being filled.
    workbook: Workbook,
    /// The next row of the results sheet (counted from 0).
    row: u32,
    /// The format of header cells.
    bold: Format,
    /// The format of amounts in yuan.
    money: Format,
    /// The language of sheet names, headers and words.
    lang: Lang,
    /// The results sheet's columns, worked out from the plan with its header.
    columns: Vec<Col>,
}

/// A worksheet and the next row to write.
struct Sheet {
    /// The worksheet.
    sheet: Worksheet,
    /// The next row (counted from 0).
    row: u32,
    /// The format of header and title cells.
    bold: Format,
    /// The format of amounts in yuan.
    money: Format,
}

/// One cell to write.
enum Value {
    /// Text (nothing is written for empty text).
    Text(String),
    /// A whole number.
    Count(u64),
    /// An amount in yuan, rounded to the fen.
    Money(Decimal),
}

/// An xlsx error as an I/O error, the writers' error type.
fn io(error: XlsxError) -> std::io::Error {
    std::io::Error::other(error)
}

/// Write one row of values to `sheet` at `row`, in bold when `header`.
fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    values: &[Value],
    header: bool,
    (bold, money): (&Format, &Format),
) -> std::io::Result<()> {
    for (column, value) in values.iter().enumerate() {
        let column = u16::try_from(column).map_err(std::io::Error::other)?;
        match value {
            Value::Text(text) if text.is_empty() => continue,
            Value::Text(text) if header => sheet.write_string_with_format(row, column, text, bold),
            Value::Text(text) => sheet.write_string(row, column, text),
            Value::Count(n) => sheet.write_number(row, column, *n as f64),
            Value::Money(amount) => {
                let number = to_fen(*amount).to_f64().unwrap_or(f64::NAN);
                sheet.write_number_with_format(row, column, number, money)
            }
        }
        .map_err(io)?;
    }
    Ok(())
}

impl Sheet {
    /// An empty sheet called `name`.
    fn new(name: &str) -> std::io::Result<Sheet> {
        let mut sheet = Worksheet::new();
        sheet.set_name(name).map_err(io)?;
        Ok(Sheet {
            sheet,
            row: 0,
            bold: Format::new().set_bold(),
            money: Format::new().set_num_format("#,##0.00"),
        })
    }

    /// Write one row of values, in bold when `header`.
    fn row(&mut self, values: &[Value], header: bool) -> std::io::Result<()> {
        write_row(
            &mut self.sheet,
            self.row,
            values,
            header,
            (&self.bold, &self.money),
        )?;
        self.row += 1;
        Ok(())
    }

    /// A header row of texts.
    fn header<S: AsRef<str>>(&mut self, texts: &[S]) -> std::io::Result<()> {
        let values: Vec<Value> = texts.iter().map(|t| text(t.as_ref())).collect();
        self.row(&values, true)
    }
}

/// A text value.
fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

impl<W: Write + Send> XlsxWriter<W> {
    /// Write the workbook to `out` when finished, its words in `lang`.
    pub fn new(out: W, lang: Lang) -> std::io::Result<Self> {
        let mut workbook = Workbook::new();
        workbook
            .add_worksheet_with_constant_memory()
            .set_name(Word::ResultsSheet.get(lang))
            .map_err(io)?;
        Ok(XlsxWriter {
            out,
            workbook,
            row: 0,
            bold: Format::new().set_bold(),
            money: Format::new().set_num_format("#,##0.00"),
            lang,
            columns: Vec::new(),
        })
    }

    /// Write one row of the results sheet.
    fn results_row(&mut self, values: &[Value], header: bool) -> std::io::Result<()> {
        let sheet = self.workbook.worksheet_from_index(0).map_err(io)?;
        write_row(sheet, self.row, values, header, (&self.bold, &self.money))?;
        self.row += 1;
        Ok(())
    }

    /// The results sheet's header row, frozen with the first two columns.
    fn results_header(&mut self, plan: &Plan) -> std::io::Result<()> {
        self.columns = columns(plan);
        let values: Vec<Value> = results_header(plan, self.lang)
            .iter()
            .map(|t| text(t))
            .collect();
        self.results_row(&values, true)?;
        let sheet = self.workbook.worksheet_from_index(0).map_err(io)?;
        sheet.set_freeze_panes(1, 2).map_err(io)?;
        Ok(())
    }
}

/// The clause id of benefit `b`.
fn clause_id(plan: &Plan, b: usize) -> String {
    clause(plan, b).to_string()
}

/// "第三条 稳岗留工补贴".
fn benefit_label(plan: &Plan, b: usize) -> String {
    let name = plan.benefits.get(b).map_or("", |p| p.name.as_str());
    format!("{} {name}", clause_id(plan, b))
}

/// The results sheet's header: the csv writer's columns.
fn results_header(plan: &Plan, lang: Lang) -> Vec<String> {
    columns(plan)
        .into_iter()
        .map(|c| header(plan, c, lang))
        .collect()
}

impl<W: Write + Send> Writer for XlsxWriter<W> {
    fn record(&mut self, plan: &Plan, record: &Evaluated<'_>) -> std::io::Result<()> {
        let lang = self.lang;
        if self.row == 0 {
            self.results_header(plan)?;
        }
        let row: Vec<Value> = self
            .columns
            .iter()
            .map(|&col| match value(plan, record, col, lang) {
                Val::Count(n) => Value::Count(n),
                Val::Text(t) => text(t),
                Val::Money(Some(m)) => Value::Money(m),
                Val::Money(None) => text(""),
                Val::Bool(b) => text(if b { Word::Yes } else { Word::No }.get(lang)),
                Val::Clauses(list) => {
                    let ids: Vec<&str> = list.iter().map(|&b| clause(plan, b)).collect();
                    text(&ids.join(" "))
                }
                Val::Messages(m) => text(&m.join(Word::NoteSep.get(lang))),
                Val::Due(Due::None) => text(""),
                Val::Due(Due::Known(m)) => Value::Money(m),
                Val::Due(Due::Unknown) => text(unknown_amount(lang)),
            })
            .collect();
        self.results_row(&row, false)
    }

    fn finish(&mut self, plan: &Plan, summary: &Summary) -> std::io::Result<()> {
        let lang = self.lang;
        if self.row == 0 {
            self.results_header(plan)?;
        }
        let totals = summary_sheet(plan, summary, lang)?;
        self.workbook.push_worksheet(totals.sheet);
        self.workbook.save_to_writer(&mut self.out).map_err(io)?;
        self.out.flush()
    }
}

/// The summary sheet: per clause, per area, per fund, then the overall counts, each section
/// under a title row, as in the table format.
fn summary_sheet(plan: &Plan, summary: &Summary, lang: Lang) -> std::io::Result<Sheet> {
    let w = |word: Word| word.get(lang);
    let mut sheet = Sheet::new(w(Word::SummarySheet))?;
    sheet.header(&[w(Word::ByClause)])?;
    sheet.header(&super::CLAUSE_TOTALS.map(w))?;
    for (b, (p, t)) in plan.benefits.iter().zip(&summary.benefits).enumerate() {
        let subsidy = p.kind == BenefitKind::Subsidy;
        let mut row = vec![
            text(&benefit_label(plan, b)),
            text(w(if subsidy {
                Word::Subsidy
            } else {
                Word::Service
            })),
            Value::Count(t.eligible),
            Value::Count(t.ineligible),
            Value::Count(t.undetermined),
        ];
        if subsidy {
            row.extend([
                Value::Count(t.known),
                Value::Money(t.known_sum),
                Value::Count(t.open),
                Value::Count(t.paid),
                Value::Money(t.paid_sum),
                Value::Count(t.paid_open),
            ]);
        }
        sheet.row(&row, false)?;
    }
    sheet.row = sheet.row.saturating_add(1);
    let area_field = plan
        .schema
        .area_slot()
        .and_then(|s| plan.schema.fields.get(s))
        .map_or(w(Word::Area), |f| f.name.as_str());
    if plan.schema.area_slot().is_some() {
        sheet.header(&[w(Word::ByArea)])?;
        sheet.header(&[
            area_field,
            w(Word::Enterprises),
            w(Word::Awarded),
            w(Word::PaidSumYuan),
            w(Word::PaidTbd),
            w(Word::Pending),
        ])?;
        for (name, a) in &summary.areas {
            let name = if name.is_empty() {
                w(Word::BlankName)
            } else {
                name
            };
            area_row(&mut sheet, name, a, true)?;
        }
        sheet.row = sheet.row.saturating_add(1);
    }
    if !summary.funds.is_empty() {
        sheet.header(&[w(Word::ByFund)])?;
        sheet.header(&[
            w(Word::Fund),
            w(Word::Awarded),
            w(Word::PaidSumYuan),
            w(Word::PaidTbd),
        ])?;
        for (name, a) in &summary.funds {
            let chain = plan
                .benefits
                .iter()
                .find(|b| b.funds.first() == Some(name))
                .map_or_else(|| name.clone(), |b| b.funds.join(" → "));
            area_row(&mut sheet, &chain, a, false)?;
        }
        sheet.row = sheet.row.saturating_add(1);
    }
    let periods = plan.periods();
    if !periods.is_empty() {
        sheet.header(&[w(Word::ByPeriod)])?;
        sheet.header(&[w(Word::Period), w(Word::PaidSumYuan), w(Word::PeriodsTbd)])?;
        for ((label, sum), open) in periods
            .iter()
            .zip(&summary.periods)
            .zip(&summary.periods_open)
        {
            sheet.row(
                &[text(label), Value::Money(*sum), Value::Count(*open)],
                false,
            )?;
        }
        sheet.row = sheet.row.saturating_add(1);
    }
    if !summary.pools.is_empty() {
        sheet.header(&[super::pools::title(lang)])?;
        sheet.header(&super::pools::headers(lang))?;
        let tbd = Word::Tbd.get(lang);
        let known = |d: Option<rust_decimal::Decimal>| d.map_or_else(|| text(tbd), Value::Money);
        for p in &summary.pools {
            let ratio = super::pools::ratio_cell(p, lang);
            let total = match p.total {
                Some(t) => Value::Money(t),
                None => text(&super::pools::total_cell(p, lang, |d| d.to_string())),
            };
            let unspent = match p.unspent {
                Some(u) => Value::Money(u),
                None => text(&super::pools::unspent_cell(p, lang, |d| d.to_string())),
            };
            sheet.row(
                &[
                    text(&p.name),
                    total,
                    Value::Count(p.claimants),
                    Value::Count(p.claims),
                    match p.by_rank {
                        Some(_) => text("-"),
                        None => Value::Money(p.claimed),
                    },
                    known(p.allocated),
                    text(&ratio),
                    unspent,
                    text(w(if p.provisional { Word::Yes } else { Word::No })),
                ],
                false,
            )?;
        }
        sheet.row = sheet.row.saturating_add(1);
    }
    sheet.header(&[w(Word::Overall)])?;
    let overall = [
        (Word::Enterprises, Value::Count(summary.records)),
        (Word::Awarded, Value::Count(summary.awards[0])),
        (Word::Pending, Value::Count(summary.awards[1])),
        (Word::NoAward, Value::Count(summary.awards[2])),
        (Word::OfWhichProvisional, Value::Count(summary.awards[3])),
        (Word::PaidTotalYuan, Value::Money(summary.paid_total())),
        (Word::WithErrors, Value::Count(summary.with_errors)),
    ];
    for (label, value) in overall {
        sheet.row(&[text(w(label)), value], false)?;
        if label == Word::Awarded && !plan.pools.is_empty() {
            // Eligible, nothing allocated (`Verdict::Unfunded`): with fund pools only.
            let unfunded = crate::diag::text!("eligible, nothing allocated", "符合但未获资金");
            let row = [text(unfunded.get(lang)), Value::Count(summary.awards[4])];
            sheet.row(&row, false)?;
        }
    }
    sheet.sheet.set_column_width(0, 40).map_err(io)?;
    Ok(sheet)
}

/// One row of the area or fund totals; `pending` adds the 待选 column (areas only).
fn area_row(sheet: &mut Sheet, name: &str, a: &AreaTotals, pending: bool) -> std::io::Result<()> {
    let mut row = vec![text(name)];
    if pending {
        row.push(Value::Count(a.records));
    }
    row.extend([
        Value::Count(a.paid),
        Value::Money(a.paid_sum),
        Value::Count(a.open),
    ]);
    if pending {
        row.push(Value::Count(a.pending));
    }
    sheet.row(&row, false)
}
