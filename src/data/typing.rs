//! Typing shared by every reader: one cell's text through [`parse_cell`], the key check, and
//! whole rows for the readers that see a record as a list of values (Excel, JSON).
//!
//! Every format hands cells to [`type_text`] as text, so a money cell reads the same from a CSV,
//! a spreadsheet or a JSON file, and a malformed one is reported in the same words.

use std::borrow::Cow;
use std::collections::hash_map::{DefaultHasher, Entry};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::cell::{expected_form, parse_cell, trim};
use super::csv::{quote, CellError, Row};
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
        /// The complete message for the [`CellError`].
        message: String,
    },
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
        let form = match field.ty {
            FieldType::Enum(_) => expected_form(field),
            _ => form.to_owned(),
        };
        errors.push(CellError {
            row,
            column: field.name.clone(),
            value: text.to_owned(),
            message: format!("expected {form}"),
        });
        Cell::Malformed
    })
}

/// The keys seen so far in one input, to report blank and duplicate keys.
///
/// Memory per record is what keeps a long input from growing without bound, so the keys are not
/// kept: each is reduced to a 64-bit SipHash fingerprint (std's `DefaultHasher`, fixed keys, so
/// the same on every run), mapped to the row it was first seen at — 16 bytes a key in the table
/// instead of the key's text, its allocation and a 24-byte `String`. Two keys are taken to be the
/// same when their fingerprints are: the first row reported is right whenever they truly are.
/// Distinct keys whose fingerprints collide would be reported as a duplicate; for n keys the
/// chance that any pair does is about n²/2⁶⁵ (3·10⁻⁸ for a million keys, 3·10⁻⁶ for ten
/// million), which is accepted rather than keeping every key's text to confirm.
#[derive(Debug)]
pub(super) struct Keys {
    /// Each key's fingerprint and the row it was first seen at.
    seen: HashMap<u64, u64, BuildHasherDefault<Fingerprinted>>,
    /// Whether keys are checked for uniqueness (`--no-key-check` turns it off).
    unique: bool,
}

/// The key's fingerprint of a trimmed key text.
fn fingerprint(key: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(key.as_bytes());
    hasher.finish()
}

/// The table's hasher: its keys are already well-mixed fingerprints, so they are used as they
/// are instead of being hashed a second time.
#[derive(Debug, Default)]
pub(super) struct Fingerprinted(u64);

impl Hasher for Fingerprinted {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not reached for `u64` keys; folds the bytes in so it is still a hash.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

impl Keys {
    /// Keys of one input, checked for uniqueness unless `options` say not to.
    pub(super) fn new(options: &ReadOptions) -> Self {
        Keys {
            seen: HashMap::default(),
            unique: !options.unchecked_keys,
        }
    }

    /// Record the key `text` of `row`; report it in `errors` when blank or seen before.
    pub(super) fn check(
        &mut self,
        field: &FieldDef,
        text: &str,
        row: u64,
        errors: &mut Vec<CellError>,
    ) {
        let key = trim(text);
        let message = if key.is_empty() {
            "the key is blank".to_owned()
        } else if !self.unique {
            return;
        } else {
            match self.seen.entry(fingerprint(key)) {
                Entry::Occupied(first) => {
                    format!(
                        "duplicate key `{}`, first seen at row {}",
                        quote(key),
                        first.get()
                    )
                }
                Entry::Vacant(slot) => {
                    slot.insert(row);
                    return;
                }
            }
        };
        errors.push(CellError {
            row,
            column: field.name.clone(),
            value: key.to_owned(),
            message,
        });
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
    /// A typer for records of `schema`, read with `options`.
    pub(super) fn new(schema: &Schema, options: &ReadOptions) -> Self {
        Typer {
            fields: schema.fields.clone(),
            key_slot: schema.key_slot(),
            keys: Keys::new(options),
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
                        message: message.clone(),
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
