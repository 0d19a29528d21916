//! Typing shared by every reader: one cell's text through [`parse_cell`], the key check, and
//! whole rows for the readers that see a record as a list of values (Excel, JSON).
//!
//! Every format hands cells to [`type_text`] as text, so a money cell reads the same from a CSV,
//! a spreadsheet or a JSON file, and a malformed one is reported in the same words.

use std::borrow::Cow;

use super::cell::{parse_cell, Form, LISTED_WORDS};
use super::keys::Keys;
use super::row::{CellError, CellProblem, Row};
use super::Cell;
use super::ReadOptions;
use crate::schema::{FieldDef, FieldType, Schema};

/// One cell as a reader found it, before typing.
#[derive(Debug)]
pub(super) enum Source<'a> {
    /// Text to type by the field (a number already written as its exact decimal text).
    Text(Cow<'a, str>),
    /// A value no field type accepts (a spreadsheet error, a JSON array): the cell is malformed.
    Bad {
        /// The value as the file shows it.
        value: String,
        /// What is wrong, for the [`CellError`].
        message: CellProblem,
    },
}

impl Source<'_> {
    /// The same source owning its text.
    pub(super) fn into_owned(self) -> Source<'static> {
        match self {
            Source::Text(text) => Source::Text(Cow::Owned(text.into_owned())),
            Source::Bad { value, message } => Source::Bad { value, message },
        }
    }
}

/// Type `text` as `field` declares it; a malformed cell is recorded in `errors` and becomes
/// [`Cell::Malformed`].
pub(super) fn type_text(
    field: &FieldDef,
    text: &str,
    row: u64,
    errors: &mut Vec<CellError>,
) -> Cell {
    parse_cell(text, field).unwrap_or_else(|form| {
        errors.push(CellError {
            row,
            column: field.name.clone(),
            value: text.to_owned(),
            problem: expected(field, form),
        });
        Cell::Malformed
    })
}

/// What is wrong with a cell of `field` that is not of `form`: for an enum, that it is not one
/// of the words (the first [`LISTED_WORDS`] are listed).
pub(super) fn expected(field: &FieldDef, form: Form) -> CellProblem {
    match &field.ty {
        FieldType::Enum(words) => {
            let mut listed: Vec<String> = words.iter().take(LISTED_WORDS).cloned().collect();
            if words.len() > LISTED_WORDS {
                listed.push("…".to_owned());
            }
            CellProblem::NotAWord(listed)
        }
        _ => CellProblem::Expected(form),
    }
}

/// Types whole rows given as one optional [`Source`] per slot.
#[derive(Debug)]
pub(super) struct Typer {
    /// The schema's fields, by slot.
    fields: Vec<FieldDef>,
    /// The key field's slot.
    key_slot: Option<usize>,
    /// The keys seen so far.
    keys: Keys,
}

impl Typer {
    /// A typer for records of `schema` in the input `name`, read with `options`.
    pub(super) fn new(schema: &Schema, options: &ReadOptions, name: &str) -> Self {
        Typer {
            fields: schema.fields.clone(),
            key_slot: schema.key_slot(),
            keys: Keys::new(options, name),
        }
    }

    /// The number of slots.
    pub(super) fn slots(&self) -> usize {
        self.fields.len()
    }

    /// Type one record: `cells[slot]` is that field's value (`None`: blank). The errors come
    /// in the CSV reader's order: cells in slot order, then `row_errors` (problems of the row as
    /// a whole that the reader found), then the key's.
    pub(super) fn row(
        &mut self,
        line: u64,
        cells: &[Option<Source<'_>>],
        row_errors: Vec<CellError>,
    ) -> Row {
        let mut typed = Vec::with_capacity(self.fields.len());
        let mut errors = Vec::new();
        for (slot, field) in self.fields.iter().enumerate() {
            let cell = match cells.get(slot).and_then(Option::as_ref) {
                None => Cell::Blank,
                Some(Source::Text(text)) => type_text(field, text, line, &mut errors),
                Some(Source::Bad { value, message }) => {
                    errors.push(CellError {
                        row: line,
                        column: field.name.clone(),
                        value: value.clone(),
                        problem: message.clone(),
                    });
                    Cell::Malformed
                }
            };
            typed.push(cell);
        }
        errors.extend(row_errors);
        if let Some(slot) = self.key_slot {
            if let Some(field) = self.fields.get(slot) {
                let text = match cells.get(slot).and_then(Option::as_ref) {
                    Some(Source::Text(text)) => text.as_ref(),
                    Some(Source::Bad { value, .. }) => value.as_str(),
                    None => "",
                };
                self.keys.check(field, text, line, &mut errors);
            }
        }
        Row {
            line,
            cells: typed,
            errors,
        }
    }
}
