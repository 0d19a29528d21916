//! Records from a workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`), read whole with calamine.
//!
//! One sheet is read: the one named by [`ReadOptions::sheet`], else the first visible worksheet.
//! Row numbers are the sheet's own (row 1 is the sheet's first row, wherever the data starts).
//! Every cell becomes text before typing, so it goes through the same [`super::parse_cell`] as a
//! CSV cell: a number is written as the shortest decimal that reads back as the same binary
//! number (`53000000`, `1234.5`), which is the number the user typed; a number in a date column,
//! or a cell formatted as a date, is an Excel serial date and becomes `YYYY-MM-DD`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use calamine::{open_workbook_auto_from_rs, Data, ExcelDateTime, ExcelDateTimeType, Reader};
use calamine::{SheetType, SheetVisible};

pub(super) mod workbook;

use self::workbook::{
    check_parts, check_shared_formulas, read_cells, Limits, SheetCells, SheetRow,
};
use super::cell::trim;
use super::error::{workbook_error, ReadError};
use super::header::{empty_error, field_for, map_columns, MAX_COLUMNS};
use super::row::{CellError, CellProblem, Row};
use super::template::TemplateRow;
use super::typing::{Source, Typer};
use super::ReadOptions;
use crate::report::text::visible;
use crate::schema::{FieldDef, FieldType, Schema};

/// How many rows from the top are searched for the header row when none is given.
pub(super) const HEADER_SEARCH_ROWS: usize = 30;
/// The serial number of 9999-12-31, the last day Excel can show.
const LAST_SERIAL: f64 = 2_958_465.0;

/// The typed records of one sheet.
pub struct ExcelRecords {
    /// The sheet's rows that hold something, in order.
    rows: Vec<SheetRow>,
    /// Formulas saved without their value, by row and column index.
    uncached: HashMap<(u32, u32), String>,
    /// The index, within `rows`, of the next row to read.
    next: usize,
    /// The column index of each slot.
    columns: Vec<u32>,
    /// How many columns the header spans (to its last non-blank cell).
    width: u32,
    /// The schema's fields, by slot.
    fields: Vec<FieldDef>,
    /// Headers that map to no field, in sheet order.
    unknown: Vec<String>,
    /// Types rows and checks keys.
    typer: Typer,
    /// The row of the template's description row, skipped when the sheet was opened.
    template_row: Option<u64>,
}

/// Open the workbook at `path`, choose its sheet and header row, and map the header to `schema`.
pub fn open_excel(
    path: &Path,
    schema: &Schema,
    options: &ReadOptions,
) -> Result<ExcelRecords, ReadError> {
    open_excel_within(path, schema, options, Limits::default())
}

/// [`open_excel`] with the given limits.
pub(super) fn open_excel_within(
    path: &Path,
    schema: &Schema,
    options: &ReadOptions,
    limits: Limits,
) -> Result<ExcelRecords, ReadError> {
    let name = path.display().to_string();
    let bytes: Arc<[u8]> = std::fs::read(path)
        .map_err(|error| ReadError::Open {
            path: name.clone(),
            error,
        })?
        .into();
    read_excel_within(bytes, &name, schema, options, limits)
}

/// Read the workbook in `bytes` (named `name` in messages) as [`open_excel`] reads a file.
pub fn read_excel(
    bytes: impl Into<Arc<[u8]>>,
    name: &str,
    schema: &Schema,
    options: &ReadOptions,
) -> Result<ExcelRecords, ReadError> {
    read_excel_within(bytes.into(), name, schema, options, Limits::default())
}

/// [`read_excel`] with the given limits.
fn read_excel_within(
    bytes: Arc<[u8]>,
    name: &str,
    schema: &Schema,
    options: &ReadOptions,
    limits: Limits,
) -> Result<ExcelRecords, ReadError> {
    let name = name.to_owned();
    check_parts(&bytes, &name, limits)?;
    // Needed only when a formula has no saved value, so checked only then.
    let shared_formulas = {
        let (bytes, name) = (Arc::clone(&bytes), name.clone());
        move || check_shared_formulas(&bytes, &name, limits)
    };
    // The kind of workbook is told by its content, not its extension: a `.xls` that is really an
    // `.xlsx` (as some systems export) still reads.
    let mut workbook =
        open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| workbook_error(&name, e))?;
    let sheet = match &options.sheet {
        Some(sheet) => {
            let names = workbook.sheet_names();
            if !names.contains(sheet) {
                return Err(sheet_error(&name, sheet, &names));
            }
            sheet.clone()
        }
        None => first_sheet(&workbook).ok_or_else(|| empty_error(&name, schema))?,
    };
    let SheetCells { rows, uncached } =
        read_cells(&mut workbook, &sheet, &name, limits, shared_formulas)?;
    let Some(first_row) = rows.first().map(|r| r.row) else {
        return Err(match options.header_row {
            Some(row) => ReadError::HeaderRow { name, row },
            None => empty_error(&name, schema),
        });
    };
    let header_index = match options.header_row {
        Some(row) => row
            .checked_sub(1)
            .and_then(|r| u32::try_from(r).ok())
            .and_then(|r| rows.iter().position(|sheet_row| sheet_row.row == r))
            .filter(|&i| rows.get(i).is_some_and(|r| !is_blank_row(&r.cells)))
            .ok_or(ReadError::HeaderRow {
                name: name.clone(),
                row,
            })?,
        None => find_header(&rows, first_row, schema).ok_or_else(|| empty_error(&name, schema))?,
    };
    let header_cells = rows.get(header_index).map_or(&[][..], |r| &r.cells[..]);
    let width = header_cells
        .iter()
        .rev()
        .find(|(_, c)| !header_text(c).is_empty())
        .map_or(0, |(column, _)| column.saturating_add(1));
    if usize::try_from(width).map_or(true, |w| w > MAX_COLUMNS) {
        return Err(ReadError::TooManyColumns {
            name,
            columns: usize::try_from(width).unwrap_or(usize::MAX),
            limit: MAX_COLUMNS,
        });
    }
    let mut header = vec![String::new(); width as usize];
    for (column, cell) in header_cells {
        if let Some(slot) = header.get_mut(*column as usize) {
            *slot = header_text(cell);
        }
    }
    let (columns, unknown) = map_columns(&header, &name, schema)?;
    let mut records = ExcelRecords {
        rows,
        uncached,
        next: header_index + 1,
        columns: columns
            .into_iter()
            .map(|c| u32::try_from(c).unwrap_or(u32::MAX))
            .collect(),
        width,
        fields: schema.fields.clone(),
        unknown,
        typer: Typer::new(schema, options, &name),
        template_row: None,
    };
    records.skip_template_row();
    Ok(records)
}

/// The first visible worksheet, else the first worksheet.
fn first_sheet<R: std::io::Read + std::io::Seek>(workbook: &calamine::Sheets<R>) -> Option<String> {
    let sheets = workbook.sheets_metadata();
    let worksheets = || sheets.iter().filter(|s| s.typ == SheetType::WorkSheet);
    worksheets()
        .find(|s| s.visible == SheetVisible::Visible)
        .or_else(|| worksheets().next())
        .map(|s| s.name.clone())
}

/// The index (within `rows`) of the header row: among the first [`HEADER_SEARCH_ROWS`] rows of
/// the sheet from `first_row` (the first that holds something), the one with the most cells
/// naming a field (the first of equals); when no row names any field, the first non-blank row
/// (which then fails as missing columns, with suggestions).
fn find_header(rows: &[SheetRow], first_row: u32, schema: &Schema) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    let mut first_non_blank = None;
    let last = u64::from(first_row) + HEADER_SEARCH_ROWS as u64;
    for (index, row) in rows
        .iter()
        .enumerate()
        .take_while(|(_, r)| u64::from(r.row) < last)
    {
        if first_non_blank.is_none() && !is_blank_row(&row.cells) {
            first_non_blank = Some(index);
        }
        let score = row
            .cells
            .iter()
            .filter(|(_, c)| field_for(&header_text(c), schema).is_some())
            .count();
        if score > 0 && best.is_none_or(|(_, s)| score > s) {
            best = Some((index, score));
        }
    }
    best.map(|(index, _)| index).or(first_non_blank)
}

/// Whether every cell of a row is empty or blank text.
fn is_blank_row(cells: &[(u32, Data)]) -> bool {
    cells.iter().all(|(_, c)| match c {
        Data::Empty => true,
        Data::String(s) => trim(s).is_empty(),
        _ => false,
    })
}

/// A header cell as trimmed text.
fn header_text(cell: &Data) -> String {
    match cell {
        Data::String(s) => trim(s).to_owned(),
        Data::Empty => String::new(),
        other => match source(other, None) {
            Some(Source::Text(text)) => trim(&text).to_owned(),
            Some(Source::Bad { value, .. }) => value,
            None => String::new(),
        },
    }
}

/// A cell as text for `field` (`None`: for a header); `None` when it is empty.
pub(super) fn source<'a>(cell: &'a Data, field: Option<&FieldDef>) -> Option<Source<'a>> {
    let is_date = field.is_some_and(|f| f.ty == FieldType::Date);
    let text = match cell {
        Data::Empty => return None,
        Data::String(s) => Cow::Borrowed(s.as_str()),
        Data::Int(i) if is_date => serial_date(*i as f64)
            .unwrap_or_else(|| i.to_string())
            .into(),
        Data::Int(i) => i.to_string().into(),
        Data::Float(f) if is_date => serial_date(*f).or_else(|| number_text(*f))?.into(),
        Data::Float(f) => match number_text(*f) {
            Some(text) => text.into(),
            None => return Some(not_a_number(*f)),
        },
        Data::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(dt) => date_time_text(dt).into(),
        Data::DateTimeIso(s) => s.replacen('T', " ", 1).into(),
        Data::DurationIso(s) => Cow::Borrowed(s.as_str()),
        Data::Error(e) => {
            return Some(Source::Bad {
                value: e.to_string(),
                message: CellProblem::SpreadsheetError,
            })
        }
    };
    Some(Source::Text(text))
}

/// A finite number as the shortest decimal text that reads back as the same `f64`, without an
/// exponent: `53000000`, `1234.5`, `0.06`. `None` for NaN and infinities.
///
/// This is how the number was typed (a spreadsheet stores what was typed as the nearest binary
/// number); the text is then parsed exactly as a decimal, never used as a float.
pub(super) fn number_text(value: f64) -> Option<String> {
    value.is_finite().then(|| format!("{value}"))
}

/// The error for a NaN or infinite number (no spreadsheet writes one, but a file may hold it).
fn not_a_number(value: f64) -> Source<'static> {
    Source::Bad {
        value: format!("{value}"),
        message: CellProblem::NotFinite,
    }
}

/// An Excel serial date in the 1900 date system as `YYYY-MM-DD`; a fractional serial (a time of
/// day) as `YYYY-MM-DD HH:MM:SS`. `None` outside 1900-01-01 ..= 9999-12-31.
fn serial_date(serial: f64) -> Option<String> {
    if !(1.0..LAST_SERIAL + 1.0).contains(&serial) {
        return None;
    }
    Some(date_time_text(&ExcelDateTime::new(
        serial,
        ExcelDateTimeType::DateTime,
        false,
    )))
}

/// A date cell's text: `YYYY-MM-DD`, with ` HH:MM:SS` when it has a time of day; a duration, or
/// a serial outside Excel's calendar, as its number.
fn date_time_text(dt: &ExcelDateTime) -> String {
    let serial = dt.as_f64();
    if dt.is_duration() || !(0.0..LAST_SERIAL + 1.0).contains(&serial) {
        return number_text(serial).unwrap_or_default();
    }
    let (year, month, day, hour, minute, second, milli) = dt.to_ymd_hms_milli();
    if (hour, minute, second, milli) == (0, 0, 0, 0) {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
    }
}

/// The error for a `--sheet` the workbook does not have, naming the closest sheet or all.
fn sheet_error(name: &str, sheet: &str, names: &[String]) -> ReadError {
    let (help, help_zh) =
        match crate::diag::suggest::suggest(sheet, names.iter().map(String::as_str)) {
            Some(close) => {
                let close = visible(close);
                (
                    format!("did you mean `{close}`?"),
                    format!("是否指 `{close}`？"),
                )
            }
            None => {
                let quoted: Vec<String> =
                    names.iter().map(|n| format!("`{}`", visible(n))).collect();
                (
                    format!("its sheets are {}", quoted.join(", ")),
                    format!("其工作表为 {}", quoted.join("、")),
                )
            }
        };
    ReadError::Sheet {
        name: name.to_owned(),
        sheet: visible(sheet).into_owned(),
        help,
        help_zh,
    }
}

/// The error for a formula the workbook saved without its value.
fn uncached_formula(formula: &str) -> Source<'static> {
    Source::Bad {
        value: format!("={formula}"),
        message: CellProblem::UncachedFormula,
    }
}

impl ExcelRecords {
    /// Headers that map to no field, in sheet order (blank headers are not listed).
    pub fn unknown_columns(&self) -> &[String] {
        &self.unknown
    }

    /// The row of the template's description row when the sheet had it as its first record
    /// (which was skipped), else `None`.
    pub fn template_row(&self) -> Option<u64> {
        self.template_row
    }

    /// Skip the first non-blank row after the header when it is the template's description
    /// row ([`TemplateRow`]): done once, when the sheet is opened; no other row is compared.
    fn skip_template_row(&mut self) {
        let columns = self
            .columns
            .iter()
            .map(|&c| (c != u32::MAX).then(|| usize::try_from(c).ok()).flatten());
        let Some(template) = TemplateRow::new(&self.fields, columns) else {
            return;
        };
        let Some(index) = (self.next..self.rows.len()).find(|&i| !self.is_blank(i)) else {
            return;
        };
        let Some(row) = self.rows.get(index) else {
            return;
        };
        let cell = |column: usize| match self.cell(row, u32::try_from(column).ok()?, None)? {
            Source::Text(text) => Some(text),
            Source::Bad { .. } => None,
        };
        if template.matches(cell) {
            self.template_row = Some(u64::from(row.row) + 1);
            self.next = index + 1;
        }
    }

    /// Whether every cell of the row at `index` of `rows` is blank (a formula without a
    /// value is not).
    fn is_blank(&self, index: usize) -> bool {
        let Some(row) = self.rows.get(index) else {
            return true;
        };
        is_blank_row(&row.cells)
            && !row
                .cells
                .iter()
                .any(|(column, _)| self.uncached.contains_key(&(row.row, *column)))
    }

    /// The cell of `row` in `column` as a [`Source`] for `field` (`None`: a header cell).
    fn cell<'a>(
        &'a self,
        row: &'a SheetRow,
        column: u32,
        field: Option<&FieldDef>,
    ) -> Option<Source<'a>> {
        if let Some(formula) = self.uncached.get(&(row.row, column)) {
            return Some(uncached_formula(formula));
        }
        source(row.get(column)?, field)
    }

    /// Type the row at `index` of `rows`.
    fn type_row(&mut self, index: usize) -> Option<Row> {
        let row = self.rows.get(index)?;
        let line = u64::from(row.row) + 1;
        let sources: Vec<Option<Source<'_>>> = self
            .columns
            .iter()
            .zip(&self.fields)
            .map(|(&column, field)| self.cell(row, column, Some(field)))
            .collect();
        let extra: Vec<String> = row
            .cells
            .iter()
            .filter(|(column, _)| *column >= self.width)
            .filter_map(|(column, _)| match self.cell(row, *column, None)? {
                Source::Text(text) if trim(&text).is_empty() => None,
                Source::Text(text) => Some(text.into_owned()),
                Source::Bad { value, .. } => Some(value),
            })
            .collect();
        let mut row_errors = Vec::new();
        if !extra.is_empty() {
            row_errors.push(CellError {
                row: line,
                column: String::new(),
                value: extra.join(","),
                problem: CellProblem::RightOfHeader {
                    width: usize::try_from(self.width).unwrap_or(usize::MAX),
                },
            });
        }
        let sources: Vec<Option<Source<'static>>> = sources
            .into_iter()
            .map(|s| s.map(Source::into_owned))
            .collect();
        Some(self.typer.row(line, &sources, row_errors))
    }
}

impl Iterator for ExcelRecords {
    type Item = Result<Row, ReadError>;

    /// The next non-blank row as a typed row; blank rows are skipped (they keep their numbers).
    fn next(&mut self) -> Option<Self::Item> {
        while self.next < self.rows.len() {
            let index = self.next;
            self.next += 1;
            if !self.is_blank(index) {
                return self.type_row(index).map(Ok);
            }
        }
        None
    }
}
