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

use super::columns::{clause, columns, header, unknown_amount, value, Col, Val};
use super::{write_u64, write_yuan, Evaluated, Render, Streamed};
use crate::diag::Word;
use crate::eval::plan::Plan;
use crate::eval::Due;
use crate::syntax::keywords::Lang;

/// Renders a header, then one row per record.
pub struct Csv {
    out: csv::Writer<Vec<u8>>,
    /// A cell being composed (a number, an amount, a list), reused from cell to cell.
    cell: Vec<u8>,
    /// The columns of a row, from the plan of the first record.
    columns: Vec<Col>,
    /// Write text cells as they are, without [`neutralize`] (`--csv-raw`).
    raw: bool,
    /// The language of headers, status words and messages.
    lang: Lang,
}

/// A csv writer into a buffer the size of a record or two.
fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .buffer_capacity(1024)
        .from_writer(Vec::new())
}

/// Writes csv to `W` as records come.
pub type CsvWriter<W> = Streamed<Csv, W>;

impl Csv {
    /// Render headers and words in `lang`.
    pub fn new(lang: Lang) -> Self {
        Csv {
            out: writer(),
            cell: Vec::new(),
            columns: Vec::new(),
            raw: false,
            lang,
        }
    }

    /// Write text cells exactly as they are (`raw`), or neutralized for spreadsheets (the
    /// default; see [`neutralize`]).
    pub fn raw_cells(mut self, raw: bool) -> Self {
        self.raw = raw;
        self
    }

    /// Move what the csv writer holds to `out`, leaving it a new, empty buffer.
    fn drain(&mut self, out: &mut Vec<u8>) -> std::io::Result<()> {
        let full = std::mem::replace(&mut self.out, writer());
        let mut bytes = full.into_inner().map_err(|e| e.into_error())?;
        out.append(&mut bytes);
        Ok(())
    }
}

impl<W: Write> CsvWriter<W> {
    /// Write to `out`, headers and words in `lang`.
    pub fn new(out: W, lang: Lang) -> Self {
        Streamed::with(Csv::new(lang), out)
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

impl Render for Csv {
    fn record(
        &mut self,
        plan: &Plan,
        record: &Evaluated<'_>,
        index: u64,
        buf: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        if self.columns.is_empty() {
            self.columns = columns(plan);
        }
        // The header comes with the first record: it has a column for `--explain` when that
        // record has an explanation.
        if index == 0 {
            let lang = self.lang;
            let mut header: Vec<String> = self
                .columns
                .iter()
                .map(|&c| header(plan, c, lang))
                .collect();
            if record.explanation.is_some() {
                header.push(Word::ExplanationCol.get(lang).to_string());
            }
            let raw = self.raw;
            let header: Vec<Cow<'_, str>> = header.iter().map(|h| text(raw, h)).collect();
            self.out
                .write_record(header.iter().map(|h| h.as_bytes()))
                .map_err(io)?;
        }
        // Field by field from borrowed text and one reused cell, then the record's end.
        let (out, cell, raw, lang) = (&mut self.out, &mut self.cell, self.raw, self.lang);
        for &col in &self.columns {
            match value(plan, record, col, lang) {
                Val::Text(t) => out.write_field(text(raw, t).as_bytes()).map_err(io)?,
                Val::Count(n) => {
                    cell.clear();
                    write_u64(cell, n)?;
                    out.write_field(&cell).map_err(io)?;
                }
                Val::Money(m) => {
                    cell.clear();
                    if let Some(m) = m {
                        write_yuan(cell, m)?;
                    }
                    out.write_field(&cell).map_err(io)?;
                }
                Val::Bool(b) => out
                    .write_field(if b { Word::Yes } else { Word::No }.get(lang))
                    .map_err(io)?,
                Val::Clauses(list) => {
                    join(plan, list, cell);
                    out.write_field(&cell).map_err(io)?;
                }
                Val::Due(due) => {
                    cell.clear();
                    match due {
                        Due::None => {}
                        Due::Known(m) => write_yuan(cell, m)?,
                        Due::Unknown => cell.extend_from_slice(unknown_amount(lang).as_bytes()),
                    }
                    out.write_field(&cell).map_err(io)?;
                }
                Val::Messages(messages) => {
                    // Rare (records with data errors), so one string a record is fine here.
                    let joined = messages.join(Word::NoteSep.get(lang));
                    out.write_field(text(raw, &joined).as_bytes()).map_err(io)?;
                }
            }
        }
        if let Some(line) = record.explanation {
            out.write_field(text(raw, line).as_bytes()).map_err(io)?;
        }
        out.write_record(None::<&[u8]>).map_err(io)?;
        self.drain(buf)
    }

    fn totals(&self) -> bool {
        false
    }

    fn fork(&self) -> Box<dyn Render> {
        Box::new(Csv::new(self.lang).raw_cells(self.raw))
    }
}
