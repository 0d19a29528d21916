//! `--format csv`: one row per record, for spreadsheets.

use std::io::Write;

use super::columns::{clause, columns, header, value, Col, Val};
use super::summary::Summary;
use super::{write_u64, write_yuan, Evaluated, Writer};
use crate::eval::plan::Plan;

/// Writes a header, then one row per record.
pub struct CsvWriter<W: Write> {
    out: csv::Writer<W>,
    header: bool,
    /// A cell being composed (a number, an amount, a list), reused from cell to cell.
    cell: Vec<u8>,
    /// The columns of a row, from the plan of the first record.
    columns: Vec<Col>,
}

impl<W: Write> CsvWriter<W> {
    /// Write to `out`.
    pub fn new(out: W) -> Self {
        CsvWriter {
            out: csv::Writer::from_writer(out),
            header: false,
            cell: Vec::new(),
            columns: Vec::new(),
        }
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

impl<W: Write> Writer for CsvWriter<W> {
    fn record(&mut self, plan: &Plan, record: &Evaluated<'_>) -> std::io::Result<()> {
        if self.columns.is_empty() {
            self.columns = columns(plan, false);
        }
        if !self.header {
            let mut header: Vec<String> = self.columns.iter().map(|&c| header(plan, c)).collect();
            if record.explanation.is_some() {
                header.push("explanation".to_string());
            }
            self.out.write_record(&header).map_err(io)?;
            self.header = true;
        }
        // Field by field from borrowed text and one reused cell, then the record's end.
        let (out, cell) = (&mut self.out, &mut self.cell);
        for &col in &self.columns {
            match value(plan, record, col) {
                Val::Text(t) => out.write_field(t).map_err(io)?,
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
                    .write_field(if b { "true" } else { "false" })
                    .map_err(io)?,
                Val::Clauses(list) => {
                    join(plan, list, cell);
                    out.write_field(&cell).map_err(io)?;
                }
                Val::Messages(messages) => {
                    cell.clear();
                    for (i, message) in messages.iter().enumerate() {
                        if i > 0 {
                            cell.extend_from_slice(b"; ");
                        }
                        cell.extend_from_slice(message.as_bytes());
                    }
                    out.write_field(&cell).map_err(io)?;
                }
            }
        }
        if let Some(line) = record.explanation {
            out.write_field(line).map_err(io)?;
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
