//! Reading record data: typing cells by the schema, from CSV (streamed), Excel workbooks and
//! JSON.
//!
//! [`open_records`] picks the reader by the file's extension and returns [`Records`], an
//! iterator of typed [`Row`]s. Every reader hands each cell to [`parse_cell`] as text, so all
//! formats accept the same cell forms and report malformed cells in the same words. CSV and JSON
//! Lines are read one record at a time (memory stays flat); a workbook and a JSON array are read
//! whole.

mod cell;
mod csv;
mod error;
mod excel;
mod header;
mod json;
mod keys;
mod raw;
mod row;
pub mod template;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_fast;
#[cfg(test)]
mod tests_formats;
#[cfg(test)]
mod tests_hostile;
#[cfg(test)]
mod tests_lang;
#[cfg(test)]
mod tests_template;
mod typing;

use std::io::Read;
use std::path::Path;

use crate::eval::value::{Cell, Date};
use crate::schema::Schema;

pub use self::cell::{
    field_form, parse_cell, trim, Form, BOOL_FORM, COUNT_FORM, DATE_FORM, ENUM_FORM, MONEY_FORM,
    RATIO_FORM, SCALED_MONEY_FORM, TOO_LARGE_FORM,
};
pub use self::csv::{open_csv, open_csv_with, read_csv, read_csv_with, CsvRecords};
pub use self::error::ReadError;
pub use self::excel::workbook::{MAX_CELLS, MAX_PART_BYTES, MAX_STRINGS, MAX_TOTAL_BYTES};
pub use self::excel::{open_excel, read_excel, ExcelRecords};
pub use self::header::{edit_distance, MAX_COLUMNS, MAX_HEADER_CHARS};
pub use self::json::{open_json, read_json, JsonRecords};
pub use self::keys::{is_format, normalize_key, SharedKeys};
pub use self::raw::{RawRecord, RowTyper};
pub use self::row::{CellError, CellProblem, Row};
pub use self::template::TemplateRowSkipped;

/// A text encoding a CSV file can be forced to be read in (`--encoding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TextEncoding {
    /// UTF-8, with or without a BOM.
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GB18030, the superset of GBK that Chinese Windows writes.
    #[value(name = "gb18030")]
    Gb18030,
    /// GBK (decoded as GB18030, which contains it).
    #[value(name = "gbk")]
    Gbk,
}

/// How to read record files; the default reads them as they come.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The sheet of a workbook to read; `None`: the first. Applies to Excel files only.
    pub sheet: Option<String>,
    /// The row holding the header, counted from 1 as a spreadsheet shows it. `None`: for a
    /// workbook the row among the first 30 whose cells name the most fields (the first
    /// non-empty row when none does); for CSV the first non-empty line.
    /// Does not apply to JSON, whose keys are the headers.
    pub header_row: Option<u64>,
    /// Force a text encoding for CSV; `None`: sniffed (UTF-8, UTF-16 with a BOM, GB18030).
    pub encoding: Option<TextEncoding>,
    /// The CSV delimiter byte; `None`: a tab for `.tsv` files, else a comma.
    pub delimiter: Option<u8>,
    /// Do not check that keys are unique (a blank key is still reported). The check keeps 16
    /// bytes per distinct key; without it, reading takes the same memory however many records
    /// a file has.
    pub unchecked_keys: bool,
    /// The key table the inputs of one run share, so a key repeated in another input (or the
    /// same file given twice) is a duplicate; `None`: each input is checked on its own.
    pub shared_keys: Option<SharedKeys>,
    /// Read every input as this format whatever its name (`--input-format`); `None`: by the
    /// file's extension, and standard input (`-`) by its first bytes (see [`InputFormat::sniff`]).
    pub format: Option<InputFormat>,
}

impl ReadOptions {
    /// These options with a new key table, shared by every input opened with them (or their
    /// clones): the options for the inputs of one run.
    pub fn for_one_run(self) -> Self {
        ReadOptions {
            shared_keys: Some(SharedKeys::new()),
            ..self
        }
    }
}

/// The kinds of record file, chosen by extension (or `--input-format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// Comma-separated values (any extension not listed below).
    Csv,
    /// Tab-separated values (`.tsv`).
    Tsv,
    /// A workbook: `.xlsx`, `.xlsm`, `.xlsb`, `.xls` or `.ods`.
    #[value(name = "xlsx", alias = "excel")]
    Excel,
    /// JSON: `.json`, `.jsonl` or `.ndjson`; an array of objects or one object after another.
    #[value(alias = "jsonl")]
    Json,
}

impl InputFormat {
    /// The format of the file at `path`, by its extension (in any letter case).
    pub fn of(path: &Path) -> InputFormat {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => InputFormat::Excel,
            "json" | "jsonl" | "ndjson" => InputFormat::Json,
            "tsv" => InputFormat::Tsv,
            _ => InputFormat::Csv,
        }
    }

    /// The format of an input without a name (standard input) by its first bytes: a zip or an
    /// OLE2 container is a workbook, `{` or `[` (after a BOM and white space) is JSON, anything
    /// else is CSV.
    pub fn sniff(prefix: &[u8]) -> InputFormat {
        const ZIP: &[u8] = b"PK\x03\x04";
        const OLE2: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
        if prefix.starts_with(ZIP) || prefix.starts_with(OLE2) {
            return InputFormat::Excel;
        }
        let text = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
        match text.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{' | b'[') => InputFormat::Json,
            _ => InputFormat::Csv,
        }
    }
}

/// The name standard input goes by on the command line, for records and policies.
pub const STDIN: &str = "-";

/// How standard input is named in messages.
pub const STDIN_SHOWN: &str = "<stdin>";

/// Whether `path` names standard input (`-`).
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN
}

/// Headers of a file that name no field: a warning, reported once per file.
///
/// Its words are in [`crate::diag::Localize::texts`], in both languages; as a `miette`
/// diagnostic (for callers that do not choose a language) it says the English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownColumns {
    /// The input's name.
    pub name: String,
    /// The headers, in file order.
    pub columns: Vec<String>,
}

/// How many unknown columns the warning names before saying how many more there are.
pub const LISTED_UNKNOWN: usize = 20;

/// Up to [`LISTED_UNKNOWN`] headers, each in backticks, cut to 60 characters and with control
/// characters made visible; then how many more there are, in `lang`.
fn listed_columns_in(columns: &[String], lang: crate::syntax::keywords::Lang) -> String {
    let shown: Vec<String> = columns
        .iter()
        .take(LISTED_UNKNOWN)
        .map(|c| crate::report::text::visible(&row::quote(c)).into_owned())
        .collect();
    let more = columns.len().saturating_sub(LISTED_UNKNOWN);
    let quoted: Vec<String> = shown.iter().map(|n| format!("`{n}`")).collect();
    let (en, zh) = (quoted.join(", "), quoted.join("、"));
    let listed = if more == 0 {
        // English ends a list with `and`; Chinese separates every item with `、`.
        crate::diag::Text::new(error::backticked(&shown), zh)
    } else {
        crate::diag::text!("{en} and {more} more", "{zh} 等，另有 {more} 列")
    };
    listed.get(lang).to_string()
}

crate::diag::localize::english_diagnostic!(UnknownColumns);

/// The warning in both languages.
impl crate::diag::Localize for UnknownColumns {
    fn texts(&self) -> crate::diag::Texts {
        use crate::syntax::keywords::Lang;
        let name = crate::report::text::visible(&self.name);
        let (en, zh) = (
            listed_columns_in(&self.columns, Lang::En),
            listed_columns_in(&self.columns, Lang::Zh),
        );
        crate::diag::Texts {
            code: "jiangbu::data::unknown_columns",
            message: crate::diag::text!(
                "`{name}` has columns the policy does not know: {en}",
                "`{name}` 有政策不认识的列：{zh}"
            ),
            labels: Vec::new(),
            help: crate::diag::text!(
                "they are ignored; a column is read when its header is a field's name or its `标签`",
                "这些列不读取；表头是字段名或其 `标签` 的列才会读取"
            ),
        }
    }

    fn severity(&self) -> miette::Severity {
        miette::Severity::Warning
    }
}

/// The typed records of one file, whatever its format: an iterator of rows in file order.
///
/// After an `Err` the iterator ends.
pub struct Records {
    /// The file's name, for messages.
    name: String,
    /// Its format.
    format: InputFormat,
    /// The reader.
    inner: Inner,
}

/// The reader behind [`Records`].
enum Inner {
    /// CSV or TSV, streamed (boxed: the parser's buffers make it the largest by far).
    Csv(Box<CsvRecords<Box<dyn Read>>>),
    /// A workbook's sheet, read whole.
    Excel(ExcelRecords),
    /// JSON, streamed (JSON Lines) or read whole (an array).
    Json(JsonRecords),
}

/// Open the record file at `path`, read its header against `schema`, and return its records.
///
/// The reader is chosen by [`InputFormat::of`]. Options that do not apply to the format are
/// ignored (`--sheet` for a CSV file, `--encoding` for a workbook).
pub fn open_records(
    path: &Path,
    schema: &Schema,
    options: &ReadOptions,
) -> Result<Records, ReadError> {
    if is_stdin(path) {
        return read_records(Box::new(std::io::stdin()), STDIN_SHOWN, schema, options);
    }
    let format = options.format.unwrap_or_else(|| InputFormat::of(path));
    let inner = match format {
        InputFormat::Csv => Inner::Csv(Box::new(open_csv_with(path, schema, options)?)),
        InputFormat::Tsv => {
            let options = ReadOptions {
                delimiter: Some(options.delimiter.unwrap_or(b'\t')),
                ..options.clone()
            };
            Inner::Csv(Box::new(open_csv_with(path, schema, &options)?))
        }
        InputFormat::Excel => Inner::Excel(open_excel(path, schema, options)?),
        InputFormat::Json => Inner::Json(open_json(path, schema, options)?),
    };
    Ok(Records {
        name: path.display().to_string(),
        format,
        inner,
    })
}

/// Read records from `input` (named `name` in messages; standard input, or bytes already read):
/// as [`ReadOptions::format`] says, else as its first bytes tell ([`InputFormat::sniff`]). A
/// workbook is read whole; CSV and JSON Lines are streamed.
pub fn read_records(
    mut input: Box<dyn Read>,
    name: &str,
    schema: &Schema,
    options: &ReadOptions,
) -> Result<Records, ReadError> {
    let read_error = |error| ReadError::Read {
        name: name.to_owned(),
        error,
    };
    let mut prefix = Vec::new();
    input
        .by_ref()
        .take(SNIFF_LEN)
        .read_to_end(&mut prefix)
        .map_err(read_error)?;
    let format = options
        .format
        .unwrap_or_else(|| InputFormat::sniff(&prefix));
    let input: Box<dyn Read> = Box::new(std::io::Cursor::new(prefix).chain(input));
    let inner = match format {
        InputFormat::Csv | InputFormat::Tsv => {
            let tab = (format == InputFormat::Tsv).then_some(b'\t');
            let options = ReadOptions {
                delimiter: options.delimiter.or(tab),
                ..options.clone()
            };
            Inner::Csv(Box::new(read_csv_with(input, name, schema, &options)?))
        }
        InputFormat::Excel => {
            let mut bytes = Vec::new();
            let mut input = input;
            input.read_to_end(&mut bytes).map_err(read_error)?;
            Inner::Excel(read_excel(bytes, name, schema, options)?)
        }
        InputFormat::Json => Inner::Json(read_json(input, name, schema, options)?),
    };
    Ok(Records {
        name: name.to_owned(),
        format,
        inner,
    })
}

/// How many bytes of an unnamed input are looked at to tell its format.
const SNIFF_LEN: u64 = 8;

impl Records {
    /// The file's name as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file's format.
    pub fn format(&self) -> InputFormat {
        self.format
    }

    /// Headers that map to no field, in file order (for JSON: the first record's keys).
    pub fn unknown_columns(&self) -> &[String] {
        match &self.inner {
            Inner::Csv(r) => r.unknown_columns(),
            Inner::Excel(r) => r.unknown_columns(),
            Inner::Json(r) => r.unknown_columns(),
        }
    }

    /// The typer of the records [`Records::next_raw_reusing`] leaves untyped (a CSV input's);
    /// `None` when every record comes typed.
    pub fn typer(&self) -> Option<RowTyper> {
        match &self.inner {
            Inner::Csv(r) => Some(r.typer()),
            Inner::Excel(_) | Inner::Json(_) => None,
        }
    }

    /// The next record: for CSV, tokenized but not typed ([`CsvRecords::next_raw_reusing`],
    /// `used` the records it may read into); for the other formats, the typed row of
    /// [`Iterator::next`]. [`RowTyper::type_in_place`] (with [`Records::typer`]) gives the row
    /// `next` would have given.
    pub fn next_raw_reusing(
        &mut self,
        used: &mut Vec<RawRecord>,
    ) -> Option<Result<RawRecord, ReadError>> {
        match &mut self.inner {
            Inner::Csv(r) => r.next_raw_reusing(used),
            Inner::Excel(r) => r.next().map(|row| row.map(RawRecord::from)),
            Inner::Json(r) => r.next().map(|row| row.map(RawRecord::from)),
        }
    }

    /// The row skipped as the description row of the `schema --labels` template, when the
    /// file's first record was that row (CSV and workbooks; never for JSON).
    pub fn template_row(&self) -> Option<u64> {
        match &self.inner {
            Inner::Csv(r) => r.template_row(),
            Inner::Excel(r) => r.template_row(),
            Inner::Json(_) => None,
        }
    }

    /// The warning to show for [`Records::template_row`], when a row was skipped.
    pub fn template_row_warning(&self) -> Option<TemplateRowSkipped> {
        self.template_row().map(|row| TemplateRowSkipped {
            name: self.name.clone(),
            row,
        })
    }

    /// The warning to show for [`Records::unknown_columns`], when there are any.
    pub fn unknown_columns_warning(&self) -> Option<UnknownColumns> {
        let columns = self.unknown_columns();
        (!columns.is_empty()).then(|| UnknownColumns {
            name: self.name.clone(),
            columns: columns.to_vec(),
        })
    }
}

impl Iterator for Records {
    type Item = Result<Row, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::Csv(r) => r.next(),
            Inner::Excel(r) => r.next(),
            Inner::Json(r) => r.next(),
        }
    }
}
