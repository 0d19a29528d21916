//! One typed record and the data problems of its cells: what every reader returns.

use std::borrow::Cow;
use std::fmt;

use super::Cell;
use crate::report::text::visible;

/// How many characters of a cell value messages quote before eliding the rest.
const QUOTED_CHARS: usize = 60;

/// A data problem in one cell (or one row) of the input; the row is still returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellError {
    /// The spreadsheet row number: the header is row 1, the first record row 2.
    pub row: u64,
    /// The field's name; empty when the problem concerns the row as a whole.
    pub column: String,
    /// The cell's raw text (possibly empty).
    pub value: String,
    /// What is wrong: either `expected <form>` for a malformed cell or a complete phrase.
    pub message: String,
}

impl CellError {
    /// The problem without the row and column: "`abc` is not money in yuan, such as …".
    pub fn problem(&self) -> String {
        match self.message.strip_prefix("expected ") {
            Some(form) => format!("`{}` is not {form}", quote(&self.value)),
            None => self.message.clone(),
        }
    }
}

impl fmt::Display for CellError {
    /// `row 7, column `一季度产值2021`: `abc` is not money in yuan, such as …`; a message
    /// starting with `expected ` is rendered as "`value` is not …", any other as it is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}", self.row)?;
        if !self.column.is_empty() {
            write!(f, ", column `{}`", self.column)?;
        }
        write!(f, ": {}", self.problem())
    }
}

impl std::error::Error for CellError {}

/// One record of the input, typed by the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The spreadsheet row number: the header is row 1, the first record row 2.
    pub line: u64,
    /// One cell per schema slot; [`Cell::Malformed`] where the cell could not be read.
    pub cells: Vec<Cell>,
    /// The row's data problems, in column order; empty for a clean row.
    pub errors: Vec<CellError>,
}

/// Up to [`QUOTED_CHARS`] characters of `text`, then `…`; control characters made visible
/// ([`crate::report::text::visible`]), as a message quoting data may reach a terminal.
pub(super) fn quote(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(QUOTED_CHARS) {
        Some((end, _)) => Cow::Owned(format!("{}…", visible(&text[..end]))),
        None => visible(text),
    }
}
