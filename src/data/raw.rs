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

use super::cell::{quick_cell, trim};
use super::row::{CellError, CellProblem, Row};
use super::typing::type_text;
use super::Cell;
use crate::schema::{FieldDef, FieldType};

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
        let mut row = Row {
            line: 0,
            cells: Vec::new(),
            errors: Vec::new(),
        };
        self.type_into(raw, &mut row);
        row
    }

    /// [`RowTyper::type_in_place`] into `row`, a row typed before whose buffers are reused: its
    /// list of cells, and the text of a text cell where the new cell is text too. `row` becomes
    /// the row [`RowTyper::type_row`] gives, whatever it held.
    pub fn type_into(&self, raw: &mut RawRecord, row: &mut Row) {
        match &mut raw.0 {
            RawInner::Typed(typed) => *row = take(typed),
            RawInner::Raw {
                line,
                record,
                errors: row_errors,
            } => {
                row.line = *line;
                row.errors.clear();
                self.type_cells_into(record, *line, &mut row.errors, &mut row.cells);
                row.errors.append(row_errors);
            }
        }
    }

    /// The typed cells of `record` (row `line`), one per slot; a malformed cell's error goes
    /// into `errors`.
    pub(super) fn type_cells(
        &self,
        record: &ByteRecord,
        line: u64,
        errors: &mut Vec<CellError>,
    ) -> Vec<Cell> {
        let mut cells = Vec::with_capacity(self.fields.len());
        self.type_cells_into(record, line, errors, &mut cells);
        cells
    }

    /// [`RowTyper::type_cells`] into `cells`, which held the cells of a record typed before.
    ///
    /// Most cells are typed from their bytes ([`quick_cell`]); only the others (text, and
    /// forms off the common path) are checked as UTF-8, each on its own, and go through
    /// [`type_text`]. A text cell is copied into the text of the cell it replaces when that
    /// was text too.
    pub(super) fn type_cells_into(
        &self,
        record: &ByteRecord,
        line: u64,
        errors: &mut Vec<CellError>,
        cells: &mut Vec<Cell>,
    ) {
        cells.truncate(self.fields.len());
        for (slot, (field, &column)) in self.fields.iter().zip(self.columns.iter()).enumerate() {
            let raw = record.get(column).unwrap_or_default();
            let cell = match quick_cell(raw, field) {
                Some(cell) => cell,
                None => match std::str::from_utf8(raw) {
                    Ok(text) => {
                        if let (FieldType::Text, Some(Cell::Text(old))) =
                            (&field.ty, cells.get_mut(slot))
                        {
                            let text = trim(text);
                            if !text.is_empty() {
                                old.clear();
                                old.push_str(text);
                                continue;
                            }
                        }
                        type_text(field, text, line, errors)
                    }
                    Err(_) => {
                        errors.push(CellError {
                            row: line,
                            column: field.name.clone(),
                            value: String::from_utf8_lossy(raw).into_owned(),
                            problem: CellProblem::NotUtf8,
                        });
                        Cell::Malformed
                    }
                },
            };
            match cells.get_mut(slot) {
                Some(old) => *old = cell,
                None => cells.push(cell),
            }
        }
    }
}

/// Whether a cell's bytes are blank (invalid UTF-8 is never blank: read lossily it holds
/// U+FFFD, which is not trimmed).
pub(super) fn is_blank(raw: &[u8]) -> bool {
    // Most cells start with a character that is not blank: a printable ASCII one, or the lead
    // byte of a CJK character (`trim` keeps both).
    if raw
        .first()
        .is_some_and(|&b| matches!(b, b'!'..=b'~' | 0xe4..=0xe9))
    {
        return false;
    }
    std::str::from_utf8(raw).is_ok_and(|text| trim(text).is_empty())
}
