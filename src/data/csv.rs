//! A streaming CSV record reader: maps headers to schema slots, types every cell, and reports
//! data problems per cell without stopping.
//!
//! Rows are read one at a time; only the header, the column map and the set of keys seen are
//! kept. Input may be UTF-8 (with or without a BOM), UTF-16 with a BOM, or GB18030/GBK as Excel
//! writes it on Chinese Windows; the encoding is sniffed from the first 64 KiB unless
//! [`ReadOptions::encoding`] forces one. The delimiter is `,` unless [`ReadOptions::delimiter`]
//! says otherwise (a `.tsv` file is read with tabs by [`super::open_records`]).

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Chain, Cursor, Read};
use std::path::Path;

use ::csv::{ByteRecord, Reader, ReaderBuilder};
use encoding_rs::{Encoding, GB18030, GBK, UTF_8};
use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};

use super::cell::trim;
use super::error::ReadError;
use super::header::{empty_error, map_columns, ABSENT};
use super::keys::Keys;
use super::raw::{is_blank, RawInner, RawRecord, RowTyper};
use super::row::{quote, CellError, CellProblem, Row};
use super::template::TemplateRow;
use super::{Cell, ReadOptions, TextEncoding};
use crate::schema::{FieldDef, Schema};

/// How many bytes are sniffed to choose the encoding.
const SNIFF_LEN: usize = 64 * 1024;

/// The UTF-8 byte order mark.
const UTF8_BOM: &[u8] = &[0xef, 0xbb, 0xbf];

/// The input: the sniffed prefix, then the rest.
type Prefixed<R> = Chain<Cursor<Vec<u8>>, R>;

/// The byte stream after encoding detection.
enum Input<R: Read> {
    /// UTF-8 as sniffed: the bytes as they are (a BOM skipped), without a transcoding pass.
    /// Invalid UTF-8 later in the file reaches the cells as it is and is reported there
    /// ([`CellProblem::NotUtf8`]), as it was when it passed through the decoder.
    Utf8(Prefixed<R>),
    /// Any other encoding (or UTF-8 forced by `--encoding`, whose invalid bytes become U+FFFD),
    /// decoded to UTF-8.
    Decoded(Box<DecodeReaderBytes<Prefixed<R>, Vec<u8>>>),
}

impl<R: Read> Read for Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Input::Utf8(input) => input.read(buf),
            Input::Decoded(input) => input.read(buf),
        }
    }
}

/// A buffer to read the next record into: the first of `used` that holds one, else a new one as
/// large as `last` (the record just read), so the parser need not grow it cell by cell.
fn spare_record(used: &mut Vec<RawRecord>, last: &ByteRecord) -> ByteRecord {
    while let Some(raw) = used.pop() {
        if let RawInner::Raw { record, .. } = raw.0 {
            return record;
        }
    }
    ByteRecord::with_capacity(last.as_slice().len(), last.len())
}

/// What [`CsvRecords`] returns before reading on.
enum Pending {
    /// A row typed already.
    Row(Row),
    /// The error that ends the input.
    Error(ReadError),
    /// The record in [`CsvRecords::record`], read and numbered but not yet checked or typed
    /// (`spans`: a quoted cell of it spans lines, so it is still to split).
    Held {
        /// Whether it has line breaks inside its cells.
        spans: bool,
    },
}

/// A streaming iterator over the typed records of a CSV input.
pub struct CsvRecords<R: Read> {
    /// The CSV parser over the decoded input.
    reader: Reader<Input<R>>,
    /// The input's name, for messages.
    name: String,
    /// The encoding the input was read as.
    encoding: &'static str,
    /// The schema's fields, by slot.
    fields: Vec<FieldDef>,
    /// The column index of each slot.
    columns: Vec<usize>,
    /// The number of header cells.
    width: usize,
    /// Headers that map to no field, in file order.
    unknown: Vec<String>,
    /// The key field's slot.
    key_slot: Option<usize>,
    /// Keys seen so far, to report duplicates.
    keys: Keys,
    /// The reused record buffer.
    record: ByteRecord,
    /// The spreadsheet row number of the last record read.
    row: u64,
    /// Set after a fatal error or the end of input.
    done: bool,
    /// The header's cells (to name a column in a message).
    headers: Vec<String>,
    /// The delimiter byte.
    delimiter: u8,
    /// What to return before reading on: rows split from a record whose quoted cell spanned
    /// lines, or the first record, read when the file was opened.
    pending: VecDeque<Pending>,
    /// The row of the template's description row, skipped when the file was opened.
    template_row: Option<u64>,
    /// Types the cells of a record (shared with [`CsvRecords::typer`]).
    typer: RowTyper,
}

/// Open the CSV file at `path` and read its header against `schema`, with default options.
pub fn open_csv(path: &Path, schema: &Schema) -> Result<CsvRecords<Box<dyn Read>>, ReadError> {
    open_csv_with(path, schema, &ReadOptions::default())
}

/// Open the CSV file at `path` and read its header against `schema`, as `options` say.
pub fn open_csv_with(
    path: &Path,
    schema: &Schema,
    options: &ReadOptions,
) -> Result<CsvRecords<Box<dyn Read>>, ReadError> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|error| ReadError::Open {
        path: shown.clone(),
        error,
    })?;
    read_csv_with(Box::new(file) as Box<dyn Read>, &shown, schema, options)
}

/// Read CSV from `input` (named `name` in messages) and its header against `schema`.
pub fn read_csv<R: Read>(
    input: R,
    name: &str,
    schema: &Schema,
) -> Result<CsvRecords<R>, ReadError> {
    read_csv_with(input, name, schema, &ReadOptions::default())
}

/// Read CSV from `input` (named `name` in messages) and its header against `schema`, with the
/// encoding, delimiter and header row of `options` (the other options do not apply to CSV).
pub fn read_csv_with<R: Read>(
    mut input: R,
    name: &str,
    schema: &Schema,
    options: &ReadOptions,
) -> Result<CsvRecords<R>, ReadError> {
    let read_error = |error| ReadError::Read {
        name: name.to_owned(),
        error,
    };
    let prefix = read_prefix(&mut input, SNIFF_LEN).map_err(read_error)?;
    let (encoding, label) = match options.encoding {
        None => sniff_encoding(&prefix),
        Some(TextEncoding::Utf8) => (Some(UTF_8), "UTF-8"),
        Some(TextEncoding::Gb18030) => (Some(GB18030), "GB18030"),
        Some(TextEncoding::Gbk) => (Some(GBK), "GBK"),
    };
    let decoded = if encoding.is_none() && label == "UTF-8" {
        // Sniffed UTF-8: read as it is, past its BOM.
        let bom = if prefix.starts_with(UTF8_BOM) { 3 } else { 0 };
        let mut prefix = Cursor::new(prefix);
        prefix.set_position(bom);
        Input::Utf8(prefix.chain(input))
    } else {
        Input::Decoded(Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(encoding)
                .utf8_passthru(true)
                .strip_bom(true)
                .build(Cursor::new(prefix).chain(input)),
        ))
    };
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(options.delimiter.unwrap_or(b','))
        .from_reader(decoded);
    let mut header = ByteRecord::new();
    let row = read_header(&mut reader, &mut header, name, schema, options.header_row)?;
    let headers: Vec<String> = header.iter().map(header_text).collect();
    if headers.iter().all(String::is_empty) {
        return Err(match options.header_row {
            Some(row) => ReadError::HeaderRow {
                name: name.to_owned(),
                row,
            },
            None => empty_error(name, schema),
        });
    }
    let (columns, unknown) = map_columns(&headers, name, schema)?;
    let mut records = CsvRecords {
        typer: RowTyper::new(&schema.fields, &columns),
        reader,
        name: name.to_owned(),
        encoding: label,
        fields: schema.fields.clone(),
        columns,
        width: headers.len(),
        headers,
        delimiter: options.delimiter.unwrap_or(b','),
        pending: VecDeque::new(),
        unknown,
        key_slot: schema.key_slot(),
        keys: Keys::new(options, name),
        record: ByteRecord::new(),
        row,
        done: false,
        template_row: None,
    };
    records.skip_template_row();
    Ok(records)
}

/// Read the header record into `header` and return its row number.
///
/// Without `header_row` the header is the first non-empty line and is row 1, whatever empty
/// lines precede it. With `header_row` = N the records before row N (counted as a spreadsheet
/// shows the file: empty lines are rows, a quoted cell spanning lines is one row) are skipped,
/// and row N must hold the header.
fn read_header<R: Read>(
    reader: &mut Reader<R>,
    header: &mut ByteRecord,
    name: &str,
    schema: &Schema,
    header_row: Option<u64>,
) -> Result<u64, ReadError> {
    let mut row = 0;
    loop {
        let past_end = || match header_row {
            Some(row) => ReadError::HeaderRow {
                name: name.to_owned(),
                row,
            },
            None => empty_error(name, schema),
        };
        match reader.read_byte_record(header) {
            Ok(true) => {}
            Ok(false) => return Err(past_end()),
            Err(error) => return Err(csv_error(name, error, row + 1)),
        }
        let Some(wanted) = header_row else {
            return Ok(1);
        };
        row = next_row(row, header, line_breaks(header), reader.position().line());
        if row == wanted {
            return Ok(row);
        }
        if row > wanted {
            return Err(past_end());
        }
    }
}

/// Read up to `limit` bytes (fewer only at the end of input).
fn read_prefix<R: Read>(input: &mut R, limit: usize) -> io::Result<Vec<u8>> {
    let mut prefix = Vec::new();
    input.by_ref().take(limit as u64).read_to_end(&mut prefix)?;
    Ok(prefix)
}

/// Choose the encoding from the first bytes: a BOM decides; else UTF-8 if the bytes are valid
/// UTF-8 (a character cut off by the end of the sample counts as valid); else GB18030.
///
/// Returns the explicit encoding to decode with (`None`: BOM sniffing, UTF-8 passed through)
/// and its name.
fn sniff_encoding(prefix: &[u8]) -> (Option<&'static Encoding>, &'static str) {
    if prefix.starts_with(UTF8_BOM) {
        return (None, "UTF-8");
    }
    if prefix.starts_with(&[0xff, 0xfe]) {
        return (None, "UTF-16LE");
    }
    if prefix.starts_with(&[0xfe, 0xff]) {
        return (None, "UTF-16BE");
    }
    match std::str::from_utf8(prefix) {
        Ok(_) => (None, "UTF-8"),
        Err(e) if e.error_len().is_none() => (None, "UTF-8"),
        Err(_) => (Some(GB18030), "GB18030"),
    }
}

/// A header cell's text: trimmed, a stray BOM dropped, invalid UTF-8 replaced.
fn header_text(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    trim(&text).to_owned()
}

/// A `csv::Error` as a [`ReadError`]; `row` is the fallback line when the parser gives none.
fn csv_error(name: &str, error: ::csv::Error, row: u64) -> ReadError {
    let line = error.position().map_or(row, |p| p.line());
    let message = error.to_string();
    match error.into_kind() {
        ::csv::ErrorKind::Io(error) => ReadError::Read {
            name: name.to_owned(),
            error,
        },
        _ => ReadError::Csv {
            name: name.to_owned(),
            line,
            message,
        },
    }
}

/// One line of text (no line break) read as one CSV record; `None` when it is not one record.
fn one_line(line: &[u8], delimiter: u8) -> Option<ByteRecord> {
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(line);
    let mut record = ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => return Some(ByteRecord::new()),
        Err(_) => return None,
    }
    let mut rest = ByteRecord::new();
    match reader.read_byte_record(&mut rest) {
        Ok(false) => Some(record),
        _ => None,
    }
}

/// The number of line breaks inside `record`'s cells: a record's cells are one buffer, searched
/// once.
fn line_breaks(record: &ByteRecord) -> usize {
    let cells = record.as_slice();
    if cells.contains(&b'\n') {
        cells.iter().filter(|&&b| b == b'\n').count()
    } else {
        0
    }
}

/// The row number of `record`, just read, with `inner` line breaks inside its cells, when the
/// record before it was row `previous` and the parser now stands at text line `after` (see
/// [`CsvRecords::advance_row`]).
fn next_row(previous: u64, record: &ByteRecord, inner: usize, after: u64) -> u64 {
    let before = record.position().map_or(0, |p| p.line());
    let inner = u64::try_from(inner).unwrap_or(u64::MAX);
    let skipped = after
        .saturating_sub(before)
        .saturating_sub(inner)
        .saturating_sub(1);
    previous.saturating_add(1).saturating_add(skipped)
}

impl<R: Read> CsvRecords<R> {
    /// Headers that map to no field, in file order (blank headers are not listed).
    pub fn unknown_columns(&self) -> &[String] {
        &self.unknown
    }

    /// The name of the encoding the input is read as: `UTF-8`, `GB18030`, `UTF-16LE` or `UTF-16BE`.
    pub fn encoding(&self) -> &'static str {
        self.encoding
    }

    /// The input's name, as given to [`read_csv`] or the path given to [`open_csv`].
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Type the current record into a row.
    fn type_record(&mut self) -> Row {
        let row = self.row;
        let mut errors = Vec::new();
        let cells = self.typer.type_cells(&self.record, row, &mut errors);
        self.check_row(row, &mut errors);
        Row {
            line: row,
            cells,
            errors,
        }
    }

    /// The checks of the current record that are not of one cell, in their order: its width,
    /// then its key (blank, or seen before).
    fn check_row(&mut self, row: u64, errors: &mut Vec<CellError>) {
        self.check_width(row, errors);
        let Some(slot) = self.key_slot else {
            return;
        };
        if let (Some(field), Some(&column)) = (self.fields.get(slot), self.columns.get(slot)) {
            let text = match self.record.get(column).map(std::str::from_utf8) {
                None => Cow::Borrowed(""),
                Some(Ok(text)) => Cow::Borrowed(text),
                Some(Err(_)) => {
                    String::from_utf8_lossy(self.record.get(column).unwrap_or_default())
                }
            };
            self.keys.check(field, &text, row, errors);
        }
    }

    /// A typer for this input's records, for [`CsvRecords::next_raw`]'s: clone it into every
    /// thread that types them.
    pub fn typer(&self) -> RowTyper {
        self.typer.clone()
    }

    /// The next non-blank record, tokenized and numbered, its width and key checked, but its
    /// cells not yet typed: [`RowTyper::type_row`] types it, on any thread, into the row
    /// [`Iterator::next`] would have given. Reading with `next_raw` and with `next` may be
    /// mixed. After an error it returns `None`.
    pub fn next_raw(&mut self) -> Option<Result<RawRecord, ReadError>> {
        self.next_raw_reusing(&mut Vec::new())
    }

    /// [`CsvRecords::next_raw`], reading into the buffer of a record of `used` (records
    /// already typed, with [`RowTyper::type_in_place`]) rather than a new one, when there is
    /// one: a reader that hands its typed records back allocates no buffer per record.
    pub fn next_raw_reusing(
        &mut self,
        used: &mut Vec<RawRecord>,
    ) -> Option<Result<RawRecord, ReadError>> {
        loop {
            match self.pending.pop_front() {
                Some(Pending::Row(row)) => return Some(Ok(RawRecord(RawInner::Typed(row)))),
                Some(Pending::Error(error)) => return Some(Err(error)),
                Some(Pending::Held { spans: false }) => return Some(Ok(self.take_raw(used))),
                Some(Pending::Held { spans: true }) => {
                    self.split_lines();
                    continue;
                }
                None => {}
            }
            match self.read_next()? {
                Err(error) => return Some(Err(error)),
                // Its rows are queued in `pending`.
                Ok(true) => {}
                Ok(false) => return Some(Ok(self.take_raw(used))),
            }
        }
    }

    /// The current record, numbered, its width and key checked, moved out (the buffer of a
    /// record of `used` left in its place).
    fn take_raw(&mut self, used: &mut Vec<RawRecord>) -> RawRecord {
        let line = self.row;
        let mut errors = Vec::new();
        self.check_row(line, &mut errors);
        let spare = spare_record(used, &self.record);
        let record = std::mem::replace(&mut self.record, spare);
        RawRecord(RawInner::Raw {
            line,
            record,
            errors,
        })
    }

    /// The row of the template's description row when the file had it as its first record
    /// (which was skipped), else `None`.
    pub fn template_row(&self) -> Option<u64> {
        self.template_row
    }

    /// Read the first record, once, when the file is opened: skip it when it is the template's
    /// description row ([`TemplateRow`]), else hold it to return first. Only this record is
    /// compared; it is neither checked nor typed here, so its key is seen in file order.
    fn skip_template_row(&mut self) {
        let columns = self.columns.iter().map(|&c| (c != ABSENT).then_some(c));
        let Some(template) = TemplateRow::new(&self.fields, columns) else {
            return;
        };
        let pending = match self.read_record() {
            None => return,
            Some(Err(error)) => Pending::Error(error),
            Some(Ok(inner)) => {
                let record = &self.record;
                let cell = |column| {
                    let raw = record.get(column)?;
                    std::str::from_utf8(raw).ok().map(Cow::Borrowed)
                };
                if inner == 0 && template.matches(cell) {
                    self.template_row = Some(self.row);
                    return;
                }
                Pending::Held { spans: inner > 0 }
            }
        };
        self.pending.push_back(pending);
    }

    /// Read the next non-blank record into [`CsvRecords::record`]: `Ok(true)` when it spanned
    /// lines and was split into [`CsvRecords::pending`] instead, `Ok(false)` when it is there
    /// to type; `None` at the end (or after an error).
    fn read_next(&mut self) -> Option<Result<bool, ReadError>> {
        Some(self.read_record()?.map(|inner| {
            if inner > 0 {
                self.split_lines();
            }
            inner > 0
        }))
    }

    /// Read the next non-blank record into [`CsvRecords::record`] and number it; gives the
    /// number of line breaks inside its cells. `None` at the end (or after an error).
    fn read_record(&mut self) -> Option<Result<usize, ReadError>> {
        while !self.done {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) => {
                    let inner = self.advance_row();
                    if self.record_is_blank() {
                        continue;
                    }
                    return Some(Ok(inner));
                }
                Ok(false) => self.done = true,
                Err(error) => {
                    self.done = true;
                    return Some(Err(csv_error(&self.name, error, self.row + 1)));
                }
            }
        }
        None
    }

    /// Report a row shorter than the header, or longer with non-blank extra cells.
    fn check_width(&self, row: u64, errors: &mut Vec<CellError>) {
        let len = self.record.len();
        let width = self.width;
        if len < width {
            errors.push(CellError {
                row,
                column: String::new(),
                value: String::new(),
                problem: CellProblem::ShortRow { cells: len, width },
            });
            return;
        }
        if self
            .record
            .iter()
            .skip(width)
            .any(|raw| !trim(&String::from_utf8_lossy(raw)).is_empty())
        {
            let extra: Vec<String> = self
                .record
                .iter()
                .skip(width)
                .map(|raw| String::from_utf8_lossy(raw).into_owned())
                .collect();
            errors.push(CellError {
                row,
                column: String::new(),
                value: extra.join(","),
                problem: CellProblem::LongRow { cells: len, width },
            });
        }
    }

    /// Number the record just read: one past the last, plus any empty text lines the parser
    /// skipped before it (a spreadsheet shows those as rows); a quoted cell spanning lines
    /// stays one row.
    ///
    /// The parser's record start is where it began looking, before skipping empty lines, so
    /// they are recovered from the lines consumed: those of the record itself (its line breaks
    /// inside quotes, plus its terminator) are taken off. A final record without a line break,
    /// preceded by empty lines, is numbered one row early; no other case is off.
    ///
    /// Gives the number of line breaks inside the record's cells.
    fn advance_row(&mut self) -> usize {
        let inner = line_breaks(&self.record);
        self.row = next_row(self.row, &self.record, inner, self.reader.position().line());
        inner
    }

    /// The current record has a quoted cell spanning lines: a line break inside a cell, or a
    /// stray quote that swallowed the rows after it. Either way it is a data error naming the
    /// rows; the rows are queued in [`CsvRecords::pending`] and numbered by the file's lines.
    ///
    /// The record's text is rebuilt (its cells joined by the delimiter) and cut at its line
    /// breaks. When every non-blank line then reads as a row as wide as the header, each line
    /// is its own record (a stray quote: each enterprise keeps its own figures, and none goes
    /// missing). Otherwise the record stays one (a line break inside a cell); its cells from
    /// the one that spans lines on are read as malformed, so nothing is decided on figures that
    /// may belong to the next row.
    fn split_lines(&mut self) {
        let first = self.row;
        let inner: usize = self
            .record
            .iter()
            .map(|cell| cell.iter().filter(|&&b| b == b'\n').count())
            .sum();
        self.row = first.saturating_add(u64::try_from(inner).unwrap_or(u64::MAX));
        let spanning = self
            .record
            .iter()
            .position(|cell| cell.contains(&b'\n'))
            .unwrap_or(0);
        let header = self
            .headers
            .get(spanning)
            .filter(|h| !h.is_empty())
            .map_or_else(
                || format!("column {}", spanning + 1),
                |h| quote(h).into_owned(),
            );
        let slot = self.columns.iter().position(|&c| c == spanning);
        let column = slot
            .and_then(|s| self.fields.get(s))
            .map_or_else(String::new, |f| f.name.clone());
        let mut joined = Vec::new();
        for (i, cell) in self.record.iter().enumerate() {
            if i > 0 {
                joined.push(self.delimiter);
            }
            joined.extend_from_slice(cell);
        }
        let mut pieces: Vec<&[u8]> = joined
            .split(|&b| b == b'\n')
            .map(|p| p.strip_suffix(b"\r").unwrap_or(p))
            .collect();
        if pieces.len() > 1 && pieces.last().is_some_and(|p| p.is_empty()) {
            pieces.pop();
        }
        let lines = pieces.len();
        let last = first.saturating_add(lines as u64).saturating_sub(1);
        let records: Option<Vec<ByteRecord>> =
            pieces.iter().map(|p| one_line(p, self.delimiter)).collect();
        let width = self.width;
        let split = records.filter(|records| {
            records.iter().all(|r| {
                r.len() == width
                    || r.iter()
                        .all(|c| trim(&String::from_utf8_lossy(c)).is_empty())
            })
        });
        let cell_text = |record: &ByteRecord| {
            let raw = record.get(spanning).unwrap_or_default();
            quote(&String::from_utf8_lossy(raw)).into_owned()
        };
        let Some(records) = split else {
            let message = CellProblem::SpansOneRecord {
                header: header.clone(),
                first,
                last,
                lines,
            };
            let value = cell_text(&self.record);
            let row = first;
            let saved = self.row;
            self.row = row;
            let mut typed = self.type_record();
            self.row = saved;
            // Every cell set aside gets its own error, so each malformed cell has one.
            let mut unused = Vec::new();
            for (slot, cell) in typed.cells.iter_mut().enumerate() {
                if self
                    .columns
                    .get(slot)
                    .is_none_or(|&c| c < spanning || c == ABSENT)
                {
                    continue;
                }
                let was_malformed = *cell == Cell::Malformed;
                *cell = Cell::Malformed;
                let Some(field) = self.fields.get(slot) else {
                    continue;
                };
                if was_malformed || field.name == column {
                    continue;
                }
                let raw = self
                    .columns
                    .get(slot)
                    .and_then(|&c| self.record.get(c))
                    .unwrap_or_default();
                unused.push(CellError {
                    row,
                    column: field.name.clone(),
                    value: quote(&String::from_utf8_lossy(raw)).into_owned(),
                    problem: CellProblem::AfterSpan {
                        header: header.clone(),
                        first,
                        last,
                    },
                });
            }
            typed.errors.insert(
                0,
                CellError {
                    row,
                    column,
                    value,
                    problem: message,
                },
            );
            typed.errors.extend(unused);
            self.pending.push_back(Pending::Row(typed));
            return;
        };
        let message = CellProblem::SpansRows {
            first,
            last,
            lines,
            header: header.clone(),
        };
        let saved_row = self.row;
        let saved = std::mem::take(&mut self.record);
        for (offset, record) in records.into_iter().enumerate() {
            self.record = record;
            if self.record_is_blank() {
                continue;
            }
            let row = first.saturating_add(offset as u64);
            self.row = row;
            let value = cell_text(&self.record);
            let mut typed = self.type_record();
            typed.errors.insert(
                0,
                CellError {
                    row,
                    column: column.clone(),
                    value,
                    problem: message.clone(),
                },
            );
            self.pending.push_back(Pending::Row(typed));
        }
        self.record = saved;
        self.row = saved_row;
    }

    /// Whether every cell of the current record is blank.
    fn record_is_blank(&self) -> bool {
        // Invalid UTF-8 is never blank (read lossily it holds U+FFFD, which is not trimmed).
        self.record.iter().all(is_blank)
    }
}

impl<R: Read> Iterator for CsvRecords<R> {
    type Item = Result<Row, ReadError>;

    /// The next non-blank record as a typed row; rows whose cells are all blank are skipped
    /// (they still count in row numbers). After an error the iterator ends.
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.pending.pop_front() {
                Some(Pending::Row(row)) => return Some(Ok(row)),
                Some(Pending::Error(error)) => return Some(Err(error)),
                Some(Pending::Held { spans: false }) => return Some(Ok(self.type_record())),
                Some(Pending::Held { spans: true }) => {
                    self.split_lines();
                    continue;
                }
                None => {}
            }
            match self.read_next()? {
                Err(error) => return Some(Err(error)),
                // Its rows are queued in `pending`.
                Ok(true) => {}
                Ok(false) => return Some(Ok(self.type_record())),
            }
        }
    }
}
