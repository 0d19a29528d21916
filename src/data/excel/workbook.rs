//! Bounds on what a workbook may make the reader allocate, checked before calamine sees it,
//! and the sheet's cells read sparsely.
//!
//! A workbook is a zip of XML parts, and a few bytes of zip can unpack to gigabytes; calamine
//! keeps some parts whole (the shared strings) and sizes some tables by what the file declares.
//! So before it is opened, every part is unpacked once into nothing, counting bytes: a part past
//! [`MAX_PART_BYTES`], or all parts past [`MAX_TOTAL_BYTES`], and the workbook is refused. The
//! shared-string table's declared count is checked too ([`MAX_STRINGS`]): calamine reserves room
//! for that many strings up front.
//!
//! The sheet is then read cell by cell ([`read_cells`]) into a list of the cells that hold
//! something, never a rectangle from A1 to the last cell: one cell at XFD1048576 costs one cell.
//! At most [`MAX_CELLS`] are read.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read, Seek};

use calamine::{Data, DataType, Reader, Sheets};

use crate::data::error::ReadError;
use crate::diag::{text, Text};

/// The most bytes one part of a workbook may unpack to (256 MiB).
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
/// The most bytes all the parts of a workbook may unpack to (1 GiB).
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;
/// The most strings a workbook's shared-string table may declare.
pub const MAX_STRINGS: u64 = 10_000_000;
/// The most cells (holding a value or a formula) a sheet may have.
pub const MAX_CELLS: usize = 10_000_000;
/// How far into the shared-string part its root element is looked for.
const SST_HEAD: usize = 64 * 1024;

/// The limits, as parameters (tests use small ones).
#[derive(Clone, Copy, Debug)]
pub(in crate::data) struct Limits {
    /// [`MAX_PART_BYTES`].
    pub part: u64,
    /// [`MAX_TOTAL_BYTES`].
    pub total: u64,
    /// [`MAX_STRINGS`].
    pub strings: u64,
    /// [`MAX_CELLS`].
    pub cells: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            part: MAX_PART_BYTES,
            total: MAX_TOTAL_BYTES,
            strings: MAX_STRINGS,
            cells: MAX_CELLS,
        }
    }
}

/// The error for a workbook past a limit.
fn too_large(name: &str, what: Text) -> ReadError {
    ReadError::WorkbookTooLarge {
        name: name.to_owned(),
        what,
    }
}

/// `n` bytes in MiB, for messages.
fn mib(n: u64) -> u64 {
    n / (1024 * 1024)
}

/// The zip in `bytes`, when it is one that opens.
fn archive(bytes: &[u8]) -> Option<zip::ZipArchive<Cursor<&[u8]>>> {
    if !bytes.starts_with(b"PK") {
        return None;
    }
    zip::ZipArchive::new(Cursor::new(bytes)).ok()
}

/// Unpack every part of the zip in `bytes` (when it is one) into nothing, refusing the workbook
/// when a part or all of them unpack past the limits, or when its shared-string table declares
/// more than `limits.strings` strings. A file that is not a zip, or a part that cannot be
/// unpacked, is left for calamine to report.
pub(in crate::data) fn check_parts(
    bytes: &[u8],
    name: &str,
    limits: Limits,
) -> Result<(), ReadError> {
    // Not a zip, or not one that opens: left for calamine to report.
    let Some(mut archive) = archive(bytes) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for index in 0..archive.len() {
        let Ok(mut part) = archive.by_index(index) else {
            continue;
        };
        let part_name = part.name().to_owned();
        let is_sst = part_name
            .to_ascii_lowercase()
            .ends_with("sharedstrings.xml");
        let mut head = Vec::new();
        let mut size: u64 = 0;
        loop {
            let n = match part.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if is_sst && head.len() < SST_HEAD {
                let take = n.min(SST_HEAD - head.len());
                head.extend_from_slice(&buf[..take]);
            }
            size = size.saturating_add(n as u64);
            total = total.saturating_add(n as u64);
            if size > limits.part {
                let (part, most) = (crate::data::row::quote(&part_name), mib(limits.part));
                return Err(too_large(
                    name,
                    text!(
                        "its part `{part}` unpacks to more than {most} MiB",
                        "其部件 `{part}` 解压后超过 {most} MiB"
                    ),
                ));
            }
            if total > limits.total {
                let most = mib(limits.total);
                return Err(too_large(
                    name,
                    text!(
                        "its parts unpack to more than {most} MiB in all",
                        "其各部件解压后合计超过 {most} MiB"
                    ),
                ));
            }
        }
        if is_sst {
            check_string_count(&head, name, limits)?;
        }
    }
    Ok(())
}

/// Whether the formulas of the worksheets in `bytes` may be read: calamine's formula reader
/// fills a table for every cell a shared formula's `ref` covers and one slot per shared index
/// `si`, so a `ref` of `A1:XFD1048576` or an `si` of 10⁹ would allocate without bound. `Ok` when
/// every `<f>` of every worksheet part stays within `limits.cells`; otherwise the error to give
/// should the formulas be needed (they are read only when a formula has no saved value).
pub(in crate::data) fn check_shared_formulas(
    bytes: &[u8],
    name: &str,
    limits: Limits,
) -> Result<(), ReadError> {
    // Not a zip, or not one that opens: left for calamine to report.
    let Some(mut archive) = archive(bytes) else {
        return Ok(());
    };
    for index in 0..archive.len() {
        let Ok(part) = archive.by_index(index) else {
            continue;
        };
        let part_name = part.name().to_ascii_lowercase();
        if !part_name.contains("worksheets/") {
            continue;
        }
        let mut xml = Vec::new();
        // Parts are at most `limits.part` bytes (checked before).
        if part.take(limits.part).read_to_end(&mut xml).is_err() {
            continue;
        }
        let mut from = 0;
        // `<f` or a prefixed `<x:f`: any `f` element start after `<` or `:`.
        while let Some(offset) = xml[from..].iter().position(|&b| b == b'f') {
            let at = from + offset;
            from = at + 1;
            if at == 0 || !matches!(xml[at - 1], b'<' | b':') {
                continue;
            }
            let rest = &xml[from..];
            if !rest
                .first()
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
            {
                continue;
            }
            let tag = &rest[..rest.iter().position(|&b| b == b'>').unwrap_or(rest.len())];
            let over = |what: Text| {
                let (en, zh, most) = (what.en, what.zh, limits.cells);
                Err(too_large(
                    name,
                    text!(
                        "{en}; at most {most} cells are read",
                        "{zh}；最多读取 {most} 个单元格"
                    ),
                ))
            };
            if let Some(si) = attribute_digits(tag, b"si") {
                let index = std::str::from_utf8(si)
                    .ok()
                    .and_then(|d| d.parse::<u64>().ok())
                    .unwrap_or(u64::MAX);
                if index >= limits.cells as u64 {
                    let si = String::from_utf8_lossy(si);
                    return over(text!(
                        "a shared formula has the index {si}",
                        "一个共享公式的索引为 {si}"
                    ));
                }
            }
            if let Some(reference) = attribute_value(tag, b"ref") {
                let cells = area(reference).unwrap_or(u64::MAX);
                if cells > limits.cells as u64 {
                    let reference = String::from_utf8_lossy(reference);
                    let range = crate::data::row::quote(&reference);
                    return over(text!(
                        "a shared formula covers `{range}`",
                        "一个共享公式覆盖了 `{range}`"
                    ));
                }
            }
        }
    }
    Ok(())
}

/// How many cells the range `A1:C3` (or the one cell `B2`) covers; `None` when it is not one.
fn area(reference: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(reference).ok()?;
    let (start, end) = text.split_once(':').unwrap_or((text, text));
    let (r1, c1) = cell_position(start)?;
    let (r2, c2) = cell_position(end)?;
    let rows = r1.abs_diff(r2).checked_add(1)?;
    let columns = c1.abs_diff(c2).checked_add(1)?;
    rows.checked_mul(columns)
}

/// `B2` as (row, column), counted from 1; `$` signs are allowed.
fn cell_position(text: &str) -> Option<(u64, u64)> {
    let text = text.trim().replace('$', "");
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || letters.len() > 7 || !letters.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let column = letters.bytes().fold(0u64, |n, b| {
        n * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row = digits.parse::<u64>().ok()?;
    Some((row, column))
}

/// The value of ` attribute="…"` in `tag`, as it is.
fn attribute_value<'a>(tag: &'a [u8], attribute: &[u8]) -> Option<&'a [u8]> {
    attribute_digits(tag, attribute)
}

/// Refuse a shared-string table whose root declares more than `limits.strings` strings, or
/// whose root is not within the first [`SST_HEAD`] bytes (calamine would read on to find it).
fn check_string_count(head: &[u8], name: &str, limits: Limits) -> Result<(), ReadError> {
    let Some(start) = find_root(head) else {
        if head.len() >= SST_HEAD {
            let head = SST_HEAD / 1024;
            return Err(too_large(
                name,
                text!(
                    "its shared-string table does not start within its first {head} KiB",
                    "其共享字符串表未在前 {head} KiB 内开始"
                ),
            ));
        }
        return Ok(());
    };
    let tag = &head[start..];
    let tag = &tag[..tag.iter().position(|&b| b == b'>').unwrap_or(tag.len())];
    for attribute in [&b"uniqueCount"[..], &b"count"[..]] {
        let Some(count) = attribute_digits(tag, attribute) else {
            continue;
        };
        let declared = std::str::from_utf8(count)
            .ok()
            .and_then(|d| d.parse::<u64>().ok())
            .unwrap_or(u64::MAX);
        if declared > limits.strings {
            let (count, most) = (String::from_utf8_lossy(count), limits.strings);
            return Err(too_large(
                name,
                text!(
                    "its shared-string table declares {count} strings; at most {most} are read",
                    "其共享字符串表声明了 {count} 个字符串；最多读取 {most} 个"
                ),
            ));
        }
    }
    Ok(())
}

/// [`check_string_count`] for tests.
#[cfg(test)]
pub(in crate::data) fn check_parts_head_for_test(
    head: &[u8],
    limits: Limits,
) -> Result<(), ReadError> {
    check_string_count(head, "t", limits)
}

/// Where the `<sst` (or `<x:sst`) element starts in `head`.
fn find_root(head: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(offset) = head[from..].iter().position(|&b| b == b'<') {
        let at = from + offset;
        let rest = &head[at + 1..];
        let local = rest
            .iter()
            .position(|&b| b == b':')
            .filter(|&colon| {
                rest[..colon]
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'_')
            })
            .map_or(rest, |colon| &rest[colon + 1..]);
        if local.starts_with(b"sst")
            && local
                .get(3)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The digits of ` attribute="…"` in `tag` (either quote); `None` when it is absent.
fn attribute_digits<'a>(tag: &'a [u8], attribute: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(offset) = tag[from..]
        .windows(attribute.len())
        .position(|w| w == attribute)
    {
        let at = from + offset;
        from = at + 1;
        let before_ok = at > 0 && tag[at - 1].is_ascii_whitespace();
        let rest = &tag[at + attribute.len()..];
        let rest = trim_ascii_start(rest);
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = trim_ascii_start(rest);
        let Some((&quote, rest)) = rest.split_first() else {
            continue;
        };
        if !before_ok || (quote != b'"' && quote != b'\'') {
            continue;
        }
        let end = rest.iter().position(|&b| b == quote).unwrap_or(rest.len());
        return Some(trim_ascii_start(&rest[..end]));
    }
    None
}

/// `bytes` without leading ASCII whitespace.
fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// One row of a sheet: its index (row 1 is 0) and its cells holding something, by column.
#[derive(Debug)]
pub(in crate::data) struct SheetRow {
    /// The row's index, from 0.
    pub row: u32,
    /// `(column, value)` by column, from 0; no two with the same column.
    pub cells: Vec<(u32, Data)>,
}

impl SheetRow {
    /// The value in `column`, if the row has one.
    pub fn get(&self, column: u32) -> Option<&Data> {
        self.cells
            .binary_search_by_key(&column, |(c, _)| *c)
            .ok()
            .and_then(|i| self.cells.get(i))
            .map(|(_, d)| d)
    }
}

/// A sheet read sparsely: its rows holding something, in order, and its formulas saved
/// without a value (by row and column index).
#[derive(Debug, Default)]
pub(in crate::data) struct SheetCells {
    /// The rows that have at least one cell, by row.
    pub rows: Vec<SheetRow>,
    /// Formula cells the workbook saved without their computed value, with the formula text.
    pub uncached: HashMap<(u32, u32), String>,
}

/// Read the cells of `sheet`: an `.xlsx` or `.xlsb` cell by cell; an `.xls` or `.ods` through
/// calamine's whole-sheet range. Past `limits.cells` cells the workbook is refused.
pub(in crate::data) fn read_cells<RS: Read + Seek>(
    workbook: &mut Sheets<RS>,
    sheet: &str,
    name: &str,
    limits: Limits,
    shared_formulas: impl FnOnce() -> Result<(), ReadError>,
) -> Result<SheetCells, ReadError> {
    let error = |e: calamine::Error| crate::data::error::workbook_error(name, e);
    let too_many = || {
        let most = limits.cells;
        too_large(
            name,
            text!(
                "its sheet has more than {most} cells",
                "其工作表的单元格超过 {most} 个"
            ),
        )
    };
    let mut cells: Vec<(u32, u32, Data)> = Vec::new();
    let mut empty: HashSet<(u32, u32)> = HashSet::new();
    let mut uncached = HashMap::new();
    match workbook {
        Sheets::Xlsx(xlsx) => {
            let mut reader = match xlsx.worksheet_cells_reader(sheet) {
                Ok(reader) => reader,
                Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(SheetCells::default()),
                Err(e) => return Err(error(e.into())),
            };
            while let Some(cell) = reader.next_cell().map_err(|e| error(e.into()))? {
                if cells.len() + empty.len() >= limits.cells {
                    return Err(too_many());
                }
                let (row, column) = cell.get_position();
                let value = Data::from(cell.get_value().clone());
                if value.is_empty() {
                    // A cell element with no value: a formula saved without its result, or an
                    // empty `<v/>`.
                    empty.insert((row, column));
                } else {
                    cells.push((row, column, value));
                }
            }
            drop(reader);
            if !empty.is_empty() {
                shared_formulas()?;
                let mut reader = xlsx
                    .worksheet_cells_reader(sheet)
                    .map_err(|e| error(e.into()))?;
                while let Some(cell) = reader.next_formula().map_err(|e| error(e.into()))? {
                    let at = cell.get_position();
                    if !cell.get_value().is_empty() && empty.contains(&at) {
                        uncached.insert(at, cell.get_value().clone());
                    }
                }
            }
        }
        Sheets::Xlsb(xlsb) => {
            let mut reader = xlsb
                .worksheet_cells_reader(sheet)
                .map_err(|e| error(e.into()))?;
            while let Some(cell) = reader.next_cell().map_err(|e| error(e.into()))? {
                if cells.len() >= limits.cells {
                    return Err(too_many());
                }
                let (row, column) = cell.get_position();
                let value = Data::from(cell.get_value().clone());
                if !value.is_empty() {
                    cells.push((row, column, value));
                }
            }
        }
        other => {
            let range = other.worksheet_range(sheet).map_err(error)?;
            for (row, column, value) in range.used_cells() {
                if cells.len() >= limits.cells {
                    return Err(too_many());
                }
                let (start_row, start_column) = range.start().unwrap_or((0, 0));
                let row = start_row.saturating_add(u32::try_from(row).unwrap_or(u32::MAX));
                let column = start_column.saturating_add(u32::try_from(column).unwrap_or(u32::MAX));
                cells.push((row, column, value.clone()));
            }
        }
    }
    Ok(SheetCells {
        rows: group(cells, &uncached),
        uncached,
    })
}

/// The cells grouped by row, rows and cells in order; a row with only formulas saved without
/// a value still gets an entry (with no cells) so it is not passed over as blank.
fn group(
    mut cells: Vec<(u32, u32, Data)>,
    uncached: &HashMap<(u32, u32), String>,
) -> Vec<SheetRow> {
    for &(row, column) in uncached.keys() {
        cells.push((row, column, Data::Empty));
    }
    cells.sort_by_key(|&(row, column, _)| (row, column));
    cells.dedup_by_key(|(row, column, _)| (*row, *column));
    let mut rows: Vec<SheetRow> = Vec::new();
    for (row, column, value) in cells {
        match rows.last_mut() {
            Some(last) if last.row == row => last.cells.push((column, value)),
            _ => rows.push(SheetRow {
                row,
                cells: vec![(column, value)],
            }),
        }
    }
    rows
}
