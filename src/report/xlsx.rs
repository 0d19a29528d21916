//! `--format xlsx`: a workbook for the officer, with a `results` sheet (one row per record, the
//! columns of `--format csv` plus the area) and a `summary` sheet (the table's totals per
//! clause, per area and per funding source).
//!
//! A workbook is written whole at the end, so its rows are held in memory until then. Amounts
//! are written as numbers (Excel's own cells are binary floating point): each is the decimal
//! rounded to the fen first, converted once, never computed with.

use std::io::Write;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::columns::{clause, columns, header, unknown_amount, value, Val};
use super::summary::{AreaTotals, Summary};
use super::{Evaluated, Writer};
use crate::eval::amount::to_fen;
use crate::eval::plan::Plan;
use crate::eval::Due;
use crate::syntax::ast::BenefitKind;

/// The name of the per-record sheet.
pub const RESULTS_SHEET: &str = "results";
/// The name of the totals sheet.
pub const SUMMARY_SHEET: &str = "summary";

/// Collects the results sheet row by row and writes the workbook to `out` on
/// [`Writer::finish`].
pub struct XlsxWriter<W: Write> {
    /// Where the finished workbook goes.
    out: W,
    /// The results sheet being filled.
    results: Sheet,
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
        for (column, value) in values.iter().enumerate() {
            let column = u16::try_from(column).map_err(std::io::Error::other)?;
            let (row, sheet) = (self.row, &mut self.sheet);
            match value {
                Value::Text(text) if text.is_empty() => continue,
                Value::Text(text) if header => {
                    sheet.write_string_with_format(row, column, text, &self.bold)
                }
                Value::Text(text) => sheet.write_string(row, column, text),
                Value::Count(n) => sheet.write_number(row, column, *n as f64),
                Value::Money(amount) => {
                    let number = to_fen(*amount).to_f64().unwrap_or(f64::NAN);
                    sheet.write_number_with_format(row, column, number, &self.money)
                }
            }
            .map_err(io)?;
        }
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

impl<W: Write> XlsxWriter<W> {
    /// Write the workbook to `out` when finished.
    pub fn new(out: W) -> std::io::Result<Self> {
        Ok(XlsxWriter {
            out,
            results: Sheet::new(RESULTS_SHEET)?,
        })
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

/// The results sheet's header: the csv writer's columns with `area` after `id`.
fn results_header(plan: &Plan) -> Vec<String> {
    columns(plan, true)
        .into_iter()
        .map(|c| header(plan, c))
        .collect()
}

impl<W: Write> Writer for XlsxWriter<W> {
    fn record(&mut self, plan: &Plan, record: &Evaluated<'_>) -> std::io::Result<()> {
        if self.results.row == 0 {
            self.results.header(&results_header(plan))?;
            self.results.sheet.set_freeze_panes(1, 2).map_err(io)?;
        }
        let row: Vec<Value> = columns(plan, true)
            .into_iter()
            .map(|col| match value(plan, record, col) {
                Val::Count(n) => Value::Count(n),
                Val::Text(t) => text(t),
                Val::Money(Some(m)) => Value::Money(m),
                Val::Money(None) => text(""),
                Val::Bool(b) => text(if b { "true" } else { "false" }),
                Val::Clauses(list) => {
                    let ids: Vec<&str> = list.iter().map(|&b| clause(plan, b)).collect();
                    text(&ids.join(" "))
                }
                Val::Messages(m) => text(&m.join("; ")),
                Val::Due(Due::None) => text(""),
                Val::Due(Due::Known(m)) => Value::Money(m),
                Val::Due(Due::Unknown) => text(unknown_amount(plan.lang)),
            })
            .collect();
        self.results.row(&row, false)
    }

    fn finish(&mut self, plan: &Plan, summary: &Summary) -> std::io::Result<()> {
        if self.results.row == 0 {
            self.results.header(&results_header(plan))?;
        }
        let results = std::mem::replace(&mut self.results, Sheet::new(RESULTS_SHEET)?);
        let totals = summary_sheet(plan, summary)?;
        let mut workbook = Workbook::new();
        workbook.push_worksheet(results.sheet);
        workbook.push_worksheet(totals.sheet);
        let bytes = workbook.save_to_buffer().map_err(io)?;
        self.out.write_all(&bytes)?;
        self.out.flush()
    }
}

/// The summary sheet: per clause, per area, per fund, then the overall counts, each section
/// under a title row, as in the table format.
fn summary_sheet(plan: &Plan, summary: &Summary) -> std::io::Result<Sheet> {
    let mut sheet = Sheet::new(SUMMARY_SHEET)?;
    sheet.header(&["按条款汇总"])?;
    sheet.header(&super::CLAUSE_TOTALS)?;
    for (b, (p, t)) in plan.benefits.iter().zip(&summary.benefits).enumerate() {
        let subsidy = p.kind == BenefitKind::Subsidy;
        let mut row = vec![
            text(&benefit_label(plan, b)),
            text(if subsidy { "奖补" } else { "服务" }),
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
        .map_or("地区", |f| f.name.as_str());
    if plan.schema.area_slot().is_some() {
        sheet.header(&["按地区汇总"])?;
        sheet.header(&[
            area_field,
            "企业",
            "获奖补",
            "给予金额（元）",
            "金额待定",
            "待选",
        ])?;
        for (name, a) in &summary.areas {
            let name = if name.is_empty() { "（空）" } else { name };
            area_row(&mut sheet, name, a, true)?;
        }
        sheet.row = sheet.row.saturating_add(1);
    }
    if !summary.funds.is_empty() {
        sheet.header(&["按资金来源汇总（不足部分按政策从后续来源列支）"])?;
        sheet.header(&["资金来源", "获奖补", "给予金额（元）", "金额待定"])?;
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
        sheet.header(&["按分期汇总"])?;
        sheet.header(&["分期", "给予金额（元）", "金额待定（笔）"])?;
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
    sheet.header(&["合计"])?;
    let overall = [
        ("企业", Value::Count(summary.records)),
        ("获奖补", Value::Count(summary.awards[0])),
        ("待选", Value::Count(summary.awards[1])),
        ("无", Value::Count(summary.awards[2])),
        ("其中暂定", Value::Count(summary.awards[3])),
        ("已定给予金额合计（元）", Value::Money(summary.paid_total())),
        ("数据有误", Value::Count(summary.with_errors)),
    ];
    for (label, value) in overall {
        sheet.row(&[text(label), value], false)?;
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
