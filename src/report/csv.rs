//! `--format csv`: one row per record, for spreadsheets.
//!
//! A text cell that a spreadsheet would take for a formula (it starts with `=`, `+`, `-`, `@`,
//! a tab or a carriage return, or does once blanks are trimmed) is written with a `'` in front,
//! as OWASP recommends for CSV meant for spreadsheets: `=HYPERLINK(…)` in a key must not become
//! a live link in the officer's Excel. Amounts and numbers the program writes are not text
//! from the data and are written as they are (`-5.00` stays a number). `eval --csv-raw` turns
//! this off, for programs that read the CSV.

use std::borrow::Cow;
use std::io::Write;

use super::summary::Summary;
use super::{overflow_message, write_u64, write_yuan, Evaluated, Writer};
use crate::eval::amount::Amount;
use crate::eval::plan::Plan;
use crate::eval::record::{Award, GroupOutcome};
use crate::syntax::ast::BenefitKind;

/// Writes a header, then one row per record.
pub struct CsvWriter<W: Write> {
    out: csv::Writer<W>,
    header: bool,
    /// A cell being composed (a number, an amount, a list), reused from cell to cell.
    cell: Vec<u8>,
    /// Write text cells as they are, without [`neutralize`] (`--csv-raw`).
    raw: bool,
}

impl<W: Write> CsvWriter<W> {
    /// Write to `out`.
    pub fn new(out: W) -> Self {
        CsvWriter {
            out: csv::Writer::from_writer(out),
            header: false,
            cell: Vec::new(),
            raw: false,
        }
    }

    /// Write text cells exactly as they are (`raw`), or neutralized for spreadsheets (the
    /// default; see [`neutralize`]).
    pub fn raw_cells(mut self, raw: bool) -> Self {
        self.raw = raw;
        self
    }
}

/// `text` as a spreadsheet will show it and never run it: with a `'` in front when it starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return, or does after leading blanks (a
/// spreadsheet may trim them on import).
pub fn neutralize(text: &str) -> Cow<'_, str> {
    let risky = |c: char| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r');
    let first = text.chars().next();
    let first_after_blanks = text.trim_start().chars().next();
    if first.is_some_and(risky) || first_after_blanks.is_some_and(risky) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A text cell from data: neutralized unless `raw`.
fn text(raw: bool, text: &str) -> Cow<'_, str> {
    if raw {
        Cow::Borrowed(text)
    } else {
        neutralize(text)
    }
}

fn io(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

/// Benefit `b`'s clause id (empty when out of range).
fn clause(plan: &Plan, b: usize) -> &str {
    plan.benefits
        .get(b)
        .and_then(|p| plan.clauses.get(p.clause))
        .map_or("", |c| c.id.as_str())
}

/// The clause ids of `list`, separated by spaces, into `cell`.
fn join(plan: &Plan, list: &[usize], cell: &mut Vec<u8>) {
    cell.clear();
    for (i, &b) in list.iter().enumerate() {
        if i > 0 {
            cell.push(b' ');
        }
        cell.extend_from_slice(clause(plan, b).as_bytes());
    }
}

/// A known amount in yuan (`yuan`'s spelling) into `cell`; empty when there is none.
fn amount(a: Option<Amount>, cell: &mut Vec<u8>) -> std::io::Result<()> {
    cell.clear();
    match a.and_then(Amount::known) {
        Some(a) => write_yuan(cell, a),
        None => Ok(()),
    }
}

impl<W: Write> Writer for CsvWriter<W> {
    fn record(&mut self, plan: &Plan, record: &Evaluated<'_>) -> std::io::Result<()> {
        if !self.header {
            let mut header = super::result_columns(plan, false);
            if record.explanation.is_some() {
                header.push("explanation".to_string());
            }
            let raw = self.raw;
            let header: Vec<Cow<'_, str>> = header.iter().map(|h| text(raw, h)).collect();
            self.out
                .write_record(header.iter().map(|h| h.as_bytes()))
                .map_err(io)?;
            self.header = true;
        }
        // Field by field from borrowed text and one reused cell, then the record's end.
        let (out, cell, raw) = (&mut self.out, &mut self.cell, self.raw);
        let outcome = record.outcome;
        cell.clear();
        write_u64(cell, record.line)?;
        out.write_field(&cell).map_err(io)?;
        out.write_field(text(raw, record.key(plan).unwrap_or("")).as_bytes())
            .map_err(io)?;
        for (p, b) in plan.benefits.iter().zip(&outcome.benefits) {
            out.write_field(b.status.as_str()).map_err(io)?;
            if p.kind == BenefitKind::Subsidy {
                amount(b.amount, cell)?;
                out.write_field(&cell).map_err(io)?;
            }
        }
        match outcome.award(plan) {
            Some(GroupOutcome::Exclusive {
                award,
                provisional,
                set_aside,
            }) => {
                let (status, who, paid, candidates): (_, _, _, &[usize]) = match award {
                    Award::Awarded(b) => (
                        "awarded",
                        clause(plan, *b),
                        outcome.benefits.get(*b).and_then(|o| o.amount),
                        &[],
                    ),
                    Award::Pending(c) => ("pending", "", None, c),
                    Award::None => ("none", "", None, &[]),
                };
                out.write_field(status).map_err(io)?;
                out.write_field(who).map_err(io)?;
                amount(paid, cell)?;
                out.write_field(&cell).map_err(io)?;
                out.write_field(if *provisional { "true" } else { "false" })
                    .map_err(io)?;
                join(plan, candidates, cell);
                out.write_field(&cell).map_err(io)?;
                join(plan, set_aside, cell);
                out.write_field(&cell).map_err(io)?;
            }
            _ => {
                for _ in 0..6 {
                    out.write_field("").map_err(io)?;
                }
            }
        }
        let mut messages_cell = String::new();
        let messages = record
            .errors
            .iter()
            .map(ToString::to_string)
            .chain(overflow_message(plan, outcome));
        for (i, message) in messages.enumerate() {
            if i > 0 {
                messages_cell.push_str("; ");
            }
            messages_cell.push_str(&message);
        }
        out.write_field(text(raw, &messages_cell).as_bytes())
            .map_err(io)?;
        if let Some(line) = record.explanation {
            out.write_field(text(raw, line).as_bytes()).map_err(io)?;
        }
        out.write_record(None::<&[u8]>).map_err(io)
    }

    fn finish(&mut self, _plan: &Plan, _summary: &Summary) -> std::io::Result<()> {
        self.out.flush()
    }

    fn totals(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_get_a_quote() {
        for (text, written) in [
            ("=1+1", "'=1+1"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("  =1+1", "'  =1+1"),
            ("\u{3000}+1", "'\u{3000}+1"),
        ] {
            assert_eq!(neutralize(text), written, "{text:?}");
        }
        for text in ["91220104MAXRUM85LQ", "长春市", "", "a=1", "1-2"] {
            assert!(matches!(neutralize(text), Cow::Borrowed(_)), "{text:?}");
        }
    }
}
