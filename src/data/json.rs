//! Records from JSON: an array of objects (read whole) or objects one after another, as in JSON
//! Lines (streamed, one record at a time).
//!
//! Each object is a record; its keys are the headers (a field's name or its label). The first
//! record must have a key for every field (`null` for a blank); a key missing from a later
//! record reads as blank. Values become text and go through the same [`super::parse_cell`] as a
//! CSV cell: a string as it is, a number as its exact decimal text (never through `f64`; an
//! exponent is applied exactly), `true`/`false` as yes/no, `null` as blank. The `n`-th record is
//! row `n + 1`, as if a header row stood above it, so a file made from a spreadsheet or a CSV
//! keeps its row numbers.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::path::Path;

use rust_decimal::Decimal;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::cell::{field_form, trim};
use super::error::ReadError;
use super::header::map_columns;
use super::row::{quote, CellError, CellProblem, Row};
use super::typing::{Source, Typer};
use super::ReadOptions;
use crate::schema::{FieldDef, Schema};

/// How many bytes are looked at to tell an array from JSON Lines.
const PEEK_LEN: usize = 4096;

/// One JSON object: its keys and raw values, in file order, duplicates kept.
struct Object(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ObjectVisitor)
    }
}

/// Reads a JSON object into an [`Object`].
struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = Object;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object (one record)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<String, Box<RawValue>>()? {
            entries.push(entry);
        }
        Ok(Object(entries))
    }
}

/// The stream of objects of a JSON Lines input.
type Stream = serde_json::StreamDeserializer<
    'static,
    serde_json::de::IoRead<BufReader<Box<dyn Read>>>,
    Object,
>;

/// Where the objects come from.
enum Objects {
    /// An array, parsed whole.
    Array(std::vec::IntoIter<Object>),
    /// Objects one after another, parsed one at a time.
    Stream(Box<Stream>),
}

/// The typed records of a JSON input.
pub struct JsonRecords {
    /// The input's name, for messages.
    name: String,
    /// The objects still to read.
    objects: Objects,
    /// The first object, read to map the headers and not yet returned.
    first: Option<Object>,
    /// The slot each header names (by field name, else by label).
    slots: HashMap<String, usize>,
    /// The schema's fields, by slot.
    fields: Vec<FieldDef>,
    /// The first record's keys that map to no field, in file order.
    unknown: Vec<String>,
    /// Types rows and checks keys.
    typer: Typer,
    /// The row number of the last record returned.
    row: u64,
    /// Set after an error or the end of input.
    done: bool,
}

/// Open the JSON file at `path` and map its first record's keys to `schema`.
pub fn open_json(
    path: &Path,
    schema: &Schema,
    options: &ReadOptions,
) -> Result<JsonRecords, ReadError> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|error| ReadError::Open {
        path: shown.clone(),
        error,
    })?;
    read_json(Box::new(file), &shown, schema, options)
}

/// Read JSON from `input` (named `name` in messages) and map its first record's keys to
/// `schema`. An input whose first character (after a BOM and white space) is `[` is an array,
/// read whole; any other is a sequence of objects, read one at a time.
pub fn read_json(
    mut input: Box<dyn Read>,
    name: &str,
    schema: &Schema,
    options: &ReadOptions,
) -> Result<JsonRecords, ReadError> {
    let read_error = |error| ReadError::Read {
        name: name.to_owned(),
        error,
    };
    let mut prefix = Vec::new();
    input
        .by_ref()
        .take(PEEK_LEN as u64)
        .read_to_end(&mut prefix)
        .map_err(read_error)?;
    if prefix.starts_with(&[0xef, 0xbb, 0xbf]) {
        prefix.drain(..3);
    }
    let first_byte = prefix.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let rest: Box<dyn Read> = Box::new(Cursor::new(prefix).chain(input));
    let mut objects = if first_byte == Some(b'[') {
        let mut text = Vec::new();
        BufReader::new(rest)
            .read_to_end(&mut text)
            .map_err(read_error)?;
        let array: Vec<Object> = serde_json::from_slice(&text).map_err(|e| json_error(name, &e))?;
        Objects::Array(array.into_iter())
    } else {
        let stream = serde_json::Deserializer::from_reader(BufReader::new(rest)).into_iter();
        Objects::Stream(Box::new(stream))
    };
    let first = match next_object(&mut objects, name) {
        Some(Ok(first)) => first,
        Some(Err(e)) => return Err(e),
        None => return Err(empty_error(name, schema)),
    };
    let headers: Vec<String> = first.0.iter().map(|(k, _)| trim(k).to_owned()).collect();
    let (_, unknown) = map_columns(&headers, name, schema)?;
    let mut slots = HashMap::new();
    for (slot, field) in schema.fields.iter().enumerate() {
        if let Some(label) = &field.label {
            slots.insert(label.clone(), slot);
        }
    }
    for (slot, field) in schema.fields.iter().enumerate() {
        slots.insert(field.name.clone(), slot);
    }
    Ok(JsonRecords {
        name: name.to_owned(),
        objects,
        first: Some(first),
        slots,
        fields: schema.fields.clone(),
        unknown,
        typer: Typer::new(schema, options, name),
        row: 1,
        done: false,
    })
}

/// The next object, or the error that stops the input.
fn next_object(objects: &mut Objects, name: &str) -> Option<Result<Object, ReadError>> {
    match objects {
        Objects::Array(array) => array.next().map(Ok),
        Objects::Stream(stream) => stream
            .next()
            .map(|result| result.map_err(|e| json_error(name, &e))),
    }
}

/// A serde_json error as a [`ReadError`].
fn json_error(name: &str, error: &serde_json::Error) -> ReadError {
    if error.is_io() {
        return ReadError::Read {
            name: name.to_owned(),
            error: io::Error::other(error.to_string()),
        };
    }
    // serde_json appends " at line L column C"; the line and column are fields of their own.
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    };
    ReadError::Json {
        name: name.to_owned(),
        line: error.line(),
        column: error.column(),
        message,
    }
}

/// The error for an input without any record.
fn empty_error(name: &str, schema: &Schema) -> ReadError {
    let names: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
    ReadError::Empty {
        name: name.to_owned(),
        help: format!(
            "give one JSON object per record, with a key for each field: {}",
            names.join(", ")
        ),
        help_zh: format!(
            "每条记录给一个 JSON 对象，每个字段一个键：{}",
            names.join("、")
        ),
    }
}

/// A raw JSON value as a cell for `field`; `None` for `null`.
fn source<'a>(raw: &'a RawValue, field: &FieldDef) -> Option<Source<'a>> {
    let text = raw.get().trim();
    let text: Cow<'a, str> = match text.as_bytes().first() {
        Some(b'"') => match serde_json::from_str::<String>(text) {
            Ok(s) => Cow::Owned(s),
            Err(_) => Cow::Borrowed(text),
        },
        Some(b'n') => return None,
        Some(b't' | b'f') => Cow::Borrowed(text),
        Some(b'[' | b'{') => {
            return Some(Source::Bad {
                value: quote(text).into_owned(),
                message: super::typing::expected(field, field_form(field)),
            })
        }
        _ if text.contains(['e', 'E']) => match Decimal::from_scientific(text) {
            Ok(d) => Cow::Owned(d.normalize().to_string()),
            Err(_) => Cow::Borrowed(text),
        },
        _ => Cow::Borrowed(text),
    };
    Some(Source::Text(text))
}

impl JsonRecords {
    /// The first record's keys that map to no field, in file order.
    pub fn unknown_columns(&self) -> &[String] {
        &self.unknown
    }

    /// Type one object as the record of `line`.
    fn type_object(&mut self, object: &Object, line: u64) -> Row {
        let mut cells: Vec<Option<Source<'_>>> = (0..self.typer.slots()).map(|_| None).collect();
        let mut given: Vec<Option<&str>> = vec![None; cells.len()];
        let mut row_errors = Vec::new();
        for (key, raw) in &object.0 {
            let Some(&slot) = self.slots.get(trim(key)) else {
                continue;
            };
            let (Some(field), Some(cell), Some(seen)) = (
                self.fields.get(slot),
                cells.get_mut(slot),
                given.get_mut(slot),
            ) else {
                continue;
            };
            if let Some(first) = seen {
                row_errors.push(CellError {
                    row: line,
                    column: field.name.clone(),
                    value: quote(raw.get()).into_owned(),
                    problem: CellProblem::GivenTwice {
                        field: field.name.clone(),
                        first: first.to_string(),
                        second: key.to_string(),
                    },
                });
                continue;
            }
            *seen = Some(key);
            *cell = source(raw, field);
        }
        self.typer.row(line, &cells, row_errors)
    }
}

impl Iterator for JsonRecords {
    type Item = Result<Row, ReadError>;

    /// The next record as a typed row. After an error the iterator ends.
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let object = match self.first.take() {
            Some(first) => first,
            None => match next_object(&mut self.objects, &self.name) {
                Some(Ok(object)) => object,
                Some(Err(e)) => {
                    self.done = true;
                    return Some(Err(e));
                }
                None => {
                    self.done = true;
                    return None;
                }
            },
        };
        self.row = self.row.saturating_add(1);
        Some(Ok(self.type_object(&object, self.row)))
    }
}
