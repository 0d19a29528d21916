//! A CSV record split into its two halves, for readers on several threads (issue 18 item 3):
//! tokenizing (and everything that depends on the order of records: row numbers, lines that a
//! quoted cell spans, the duplicate-key check) stays on the reading thread, in
//! [`super::CsvRecords::next_raw`]; typing the cells, the bulk of the work, can run on any
//! thread with a [`RowTyper`], which is `Send + Sync` and cheap to clone.
//!
//! `typer.type_row(raw)` gives exactly the [`Row`] that [`Iterator::next`] gives for the same
//! record: the same cells and the same errors in the same order (cells in slot order, then the
//! row's width, then the key).

use std::sync::Arc;

use ::csv::ByteRecord;

use super::cell::trim;
use super::row::{CellError, CellProblem, Row};
use super::typing::type_text;
use super::Cell;
use crate::schema::FieldDef;

/// One record as the reading thread leaves it: its bytes, not yet typed, with the problems
/// found while reading it; or, rarely, a row already typed there (one of the lines a quoted
/// cell spans, which the reader splits and types itself).
#[derive(Clone, Debug)]
pub struct RawRecord(pub(super) RawInner);

/// What a [`RawRecord`] holds.
#[derive(Clone, Debug)]
pub(super) enum RawInner {
    /// A record to type.
    Raw {
        /// Its spreadsheet row number.
        line: u64,
        /// Its cells' bytes.
        record: ByteRecord,
        /// The problems of the row as a whole and of its key, in that order.
        errors: Vec<CellError>,
    },
    /// A row typed on the reading thread.
    Typed(Row),
}

impl From<Row> for RawRecord {
    /// A row a reader has already typed (every format but CSV types its rows as it reads).
    fn from(row: Row) -> Self {
        RawRecord(RawInner::Typed(row))
    }
}

impl RawRecord {
    /// The row, when the reader typed it already: moved out (leaving an empty row behind).
    /// `None` for a record still to type.
    pub fn take_row(&mut self) -> Option<Row> {
        match &mut self.0 {
            RawInner::Typed(row) => Some(take(row)),
            RawInner::Raw { .. } => None,
        }
    }

    /// The record's spreadsheet row number.
    pub fn line(&self) -> u64 {
        match &self.0 {
            RawInner::Raw { line, .. } => *line,
            RawInner::Typed(row) => row.line,
        }
    }
}

/// `row` moved out, an empty row of the same line left behind.
fn take(row: &mut Row) -> Row {
    let empty = Row {
        line: row.line,
        cells: Vec::new(),
        errors: Vec::new(),
    };
    std::mem::replace(row, empty)
}

/// Types the cells of raw records by the schema of the input they were read from.
#[derive(Clone, Debug)]
pub struct RowTyper {
    /// The schema's fields, by slot.
    fields: Arc<[FieldDef]>,
    /// The column of each slot ([`super::header::ABSENT`] for an optional field without one).
    columns: Arc<[usize]>,
}

impl RowTyper {
    /// A typer for fields `fields` found at `columns`.
    pub(super) fn new(fields: &[FieldDef], columns: &[usize]) -> Self {
        RowTyper {
            fields: fields.into(),
            columns: columns.into(),
        }
    }

    /// The typed row of `raw`.
    pub fn type_row(&self, raw: RawRecord) -> Row {
        match raw.0 {
            RawInner::Typed(row) => row,
            RawInner::Raw {
                line,
                record,
                errors: row_errors,
            } => {
                let mut errors = Vec::new();
                let cells = self.type_cells(&record, line, &mut errors);
                errors.extend(row_errors);
                Row {
                    line,
                    cells,
                    errors,
                }
            }
        }
    }

    /// The typed row of `raw`, typed where it lies: a row already typed is moved out (leaving
    /// it empty) and a record's bytes stay in `raw`, so that once typed it can be handed back
    /// to the reader to read another record into ([`super::CsvRecords::next_raw_reusing`]).
    /// Gives the row [`RowTyper::type_row`] gives.
    pub fn type_in_place(&self, raw: &mut RawRecord) -> Row {
        match &mut raw.0 {
            RawInner::Typed(row) => take(row),
            RawInner::Raw {
                line,
                record,
                errors: row_errors,
            } => {
                let mut errors = Vec::new();
                let cells = self.type_cells(record, *line, &mut errors);
                errors.append(row_errors);
                Row {
                    line: *line,
                    cells,
                    errors,
                }
            }
        }
    }

    /// The typed cells of `record` (row `line`), one per slot; a malformed cell's error goes
    /// into `errors`.
    ///
    /// The record's bytes are checked as UTF-8 once, and each cell's text is a slice of them
    /// (a cell is checked on its own only when the record is not valid UTF-8 as a whole, or
    /// when its ends cut a character in two).
    pub(super) fn type_cells(
        &self,
        record: &ByteRecord,
        line: u64,
        errors: &mut Vec<CellError>,
    ) -> Vec<Cell> {
        let whole = std::str::from_utf8(record.as_slice()).ok();
        let mut cells = Vec::with_capacity(self.fields.len());
        for (field, &column) in self.fields.iter().zip(self.columns.iter()) {
            let cell = match cell_text(record, column, whole) {
                None => Cell::Blank,
                Some(Ok(text)) => type_text(field, text, line, errors),
                Some(Err(raw)) => {
                    errors.push(CellError {
                        row: line,
                        column: field.name.clone(),
                        value: String::from_utf8_lossy(raw).into_owned(),
                        problem: CellProblem::NotUtf8,
                    });
                    Cell::Malformed
                }
            };
            cells.push(cell);
        }
        cells
    }
}

/// The text of `record`'s cell in `column`: `Err` with its bytes when they are not UTF-8;
/// `None` past the end of the record. `whole` is the record's bytes as text, when they are
/// UTF-8: a cell is then a slice of it, unless its ends cut a character in two.
pub(super) fn cell_text<'a>(
    record: &'a ByteRecord,
    column: usize,
    whole: Option<&'a str>,
) -> Option<Result<&'a str, &'a [u8]>> {
    let range = record.range(column)?;
    if let Some(text) = whole.and_then(|whole| whole.get(range.clone())) {
        return Some(Ok(text));
    }
    let raw = record.as_slice().get(range)?;
    Some(std::str::from_utf8(raw).map_err(|_| raw))
}

/// Whether a cell's bytes are blank (invalid UTF-8 is never blank: read lossily it holds
/// U+FFFD, which is not trimmed).
pub(super) fn is_blank(raw: &[u8]) -> bool {
    std::str::from_utf8(raw).is_ok_and(|text| trim(text).is_empty())
}
