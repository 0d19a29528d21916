//! Mapping a header row to the schema's fields: shared by every reader that has headers.

use std::borrow::Cow;

use super::error::ReadError;
use super::row::quote;
use crate::report::text::visible;
use crate::schema::{FieldDef, Schema};

/// Headers longer than this (in characters) are not offered as suggestions.
const SUGGEST_MAX_CHARS: usize = 100;
/// The most columns a header may have: Excel's 16,384 (A to XFD).
pub const MAX_COLUMNS: usize = 16_384;
/// The most characters a header cell may have.
pub const MAX_HEADER_CHARS: usize = 1_000;

/// The error for an input without a header row.
pub(super) fn empty_error(name: &str, schema: &Schema) -> ReadError {
    let names: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
    let names = names.join(",");
    ReadError::Empty {
        name: name.to_owned(),
        help: format!("the first row must name the columns: {names}"),
        help_zh: format!("第一行须是列名：{names}"),
    }
}

/// The column of an optional field the file does not have: past the end of every row, so its
/// cell reads as blank (absent) on every record. The JSON Schema `schema` writes and
/// docs/records.md both let an optional column be left out.
pub(super) const ABSENT: usize = usize::MAX;

/// Map each field to its column ([`ABSENT`] for an optional field without one); collect the
/// headers that map to no field. A required field without a column is an error.
pub(super) fn map_columns(
    headers: &[String],
    name: &str,
    schema: &Schema,
) -> Result<(Vec<usize>, Vec<String>), ReadError> {
    check_header_size(headers, name)?;
    let mut found: Vec<Option<usize>> = vec![None; schema.fields.len()];
    let mut unknown = Vec::new();
    for (column, header) in headers.iter().enumerate() {
        let Some(slot) = field_for(header, schema) else {
            if !header.is_empty() {
                unknown.push(header.clone());
            }
            continue;
        };
        if let Some(first) = found[slot] {
            return Err(ReadError::DuplicateColumn {
                name: name.to_owned(),
                field: schema.fields[slot].name.clone(),
                first: quote(&headers[first]).into_owned(),
                second: quote(header).into_owned(),
            });
        }
        found[slot] = Some(column);
    }
    let columns: Option<Vec<usize>> = found
        .iter()
        .zip(&schema.fields)
        .map(|(column, field)| column.or(field.optional.then_some(ABSENT)))
        .collect();
    columns
        .map(|columns| (columns, unknown.clone()))
        .ok_or_else(|| missing_error(name, schema, &found, &unknown))
}

/// Refuse a header past [`MAX_COLUMNS`] columns or with a cell past [`MAX_HEADER_CHARS`].
fn check_header_size(headers: &[String], name: &str) -> Result<(), ReadError> {
    if headers.len() > MAX_COLUMNS {
        return Err(ReadError::TooManyColumns {
            name: name.to_owned(),
            columns: headers.len(),
            limit: MAX_COLUMNS,
        });
    }
    for (index, header) in headers.iter().enumerate() {
        // Bytes bound characters from above: count only when the bytes could be too many.
        if header.len() > MAX_HEADER_CHARS {
            let chars = header.chars().count();
            if chars > MAX_HEADER_CHARS {
                return Err(ReadError::HeaderTooLong {
                    name: name.to_owned(),
                    column: index + 1,
                    chars,
                    limit: MAX_HEADER_CHARS,
                });
            }
        }
    }
    Ok(())
}

/// The slot of the field a header names: by name first, then by label.
pub(super) fn field_for(header: &str, schema: &Schema) -> Option<usize> {
    let fields = &schema.fields;
    fields.iter().position(|f| f.name == header).or_else(|| {
        fields
            .iter()
            .position(|f| f.label.as_deref() == Some(header))
    })
}

/// The error naming every field without a column, with the closest unused header for each.
fn missing_error(
    name: &str,
    schema: &Schema,
    found: &[Option<usize>],
    unknown: &[String],
) -> ReadError {
    let missing: Vec<&FieldDef> = schema
        .fields
        .iter()
        .zip(found)
        .filter(|(field, column)| column.is_none() && !field.optional)
        .map(|(field, _)| field)
        .collect();
    let hints: Vec<(String, String)> = missing
        .iter()
        .filter_map(|f| suggestion(f, unknown))
        .collect();
    let (help, help_zh) = if hints.is_empty() {
        let mut help = "the header row must name every field of the policy's record".to_string();
        let mut help_zh = "表头行须写出政策记录的每个字段".to_string();
        if !unknown.is_empty() {
            let shown: Vec<Cow<'_, str>> = unknown.iter().take(20).map(|h| quote(h)).collect();
            help.push_str(&format!("; unmatched columns: {}", shown.join(", ")));
            help_zh.push_str(&format!("；未对应的列：{}", shown.join("、")));
            if unknown.len() > shown.len() {
                let more = unknown.len() - shown.len();
                help.push_str(&format!(" and {more} more"));
                help_zh.push_str(&format!(" 等，另有 {more} 列"));
            }
        }
        (help, help_zh)
    } else {
        let (en, zh): (Vec<String>, Vec<String>) = hints.into_iter().unzip();
        (en.join("; "), zh.join("；"))
    };
    ReadError::MissingColumns {
        name: name.to_owned(),
        missing: missing.iter().map(|f| f.name.clone()).collect(),
        help,
        help_zh,
    }
}

/// "for `X` the closest header is `Y`" (in English and Chinese), or nothing when no header is close by the same measure
/// as the policy checker's "did you mean" (see [`crate::diag::suggest::suggest`]), applied to the
/// field's name and its label.
fn suggestion(field: &FieldDef, headers: &[String]) -> Option<(String, String)> {
    let candidates = || {
        headers
            .iter()
            .filter(|h| h.chars().count() <= SUGGEST_MAX_CHARS)
            .map(String::as_str)
    };
    let closest = crate::diag::suggest::suggest(&field.name, candidates()).or_else(|| {
        let label = field.label.as_deref()?;
        crate::diag::suggest::suggest(label, candidates())
    });
    closest.map(|header| {
        let (field, header) = (&field.name, visible(header));
        (
            format!("for `{field}` the closest header is `{header}`"),
            format!("`{field}` 最接近的表头是 `{header}`"),
        )
    })
}

/// The edit distance between two strings, by characters (shared with policy suggestions).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    crate::diag::suggest::distance(&a, &b)
}
