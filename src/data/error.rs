//! Why an input cannot be read at all: one error type shared by every reader.

use std::io;

/// Why a CSV input cannot be read at all.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ReadError {
    /// The file cannot be opened.
    #[error("cannot open `{path}`: {error}")]
    #[diagnostic(code(jiangbu::data::open))]
    Open {
        /// The path as given.
        path: String,
        /// The operating system's error.
        error: io::Error,
    },
    /// Reading the input failed midway.
    #[error("cannot read `{name}`: {error}")]
    #[diagnostic(code(jiangbu::data::read))]
    Read {
        /// The input's name.
        name: String,
        /// The operating system's error.
        error: io::Error,
    },
    /// The input has no header row.
    #[error("`{name}` is empty: it has no header row")]
    #[diagnostic(code(jiangbu::data::empty))]
    Empty {
        /// The input's name.
        name: String,
        /// The headers the schema expects.
        #[help]
        help: String,
    },
    /// Declared fields have no column.
    #[error("`{name}` has no column for {}", backticked(.missing))]
    #[diagnostic(code(jiangbu::data::missing_columns))]
    MissingColumns {
        /// The input's name.
        name: String,
        /// The names of every field without a column, in schema order.
        missing: Vec<String>,
        /// The closest existing header for each missing field.
        #[help]
        help: String,
    },
    /// Two columns map to the same field (by its name or its label).
    #[error("`{name}` has two columns for field `{field}`: `{first}` and `{second}`")]
    #[diagnostic(
        code(jiangbu::data::duplicate_column),
        help("keep one of the two columns, or rename the other")
    )]
    DuplicateColumn {
        /// The input's name.
        name: String,
        /// The field's name.
        field: String,
        /// The first column's header.
        first: String,
        /// The second column's header.
        second: String,
    },
    /// The CSV structure is broken.
    #[error("`{name}`, line {line}: {message}")]
    #[diagnostic(
        code(jiangbu::data::csv),
        help("a cell holding the delimiter, a quote or a line break must be in double quotes")
    )]
    Csv {
        /// The input's name.
        name: String,
        /// The line (of the text file, counted from 1) where the problem was found.
        line: u64,
        /// The CSV parser's description.
        message: String,
    },
    /// The header has more columns than [`super::MAX_COLUMNS`].
    #[error("`{name}` has {columns} columns; at most {limit} are read")]
    #[diagnostic(
        code(jiangbu::data::columns),
        help("a record file has one column per field (and a few others); check the delimiter (`--delimiter`) and that the first row is the header")
    )]
    TooManyColumns {
        /// The input's name.
        name: String,
        /// How many columns the header has.
        columns: usize,
        /// [`super::MAX_COLUMNS`].
        limit: usize,
    },
    /// A header cell is longer than [`super::MAX_HEADER_CHARS`].
    #[error("`{name}`: the header of column {column} has {chars} characters; at most {limit} are allowed")]
    #[diagnostic(
        code(jiangbu::data::header_length),
        help("a header names a field; check that the first row is the header and that no quote is left open in it")
    )]
    HeaderTooLong {
        /// The input's name.
        name: String,
        /// The column, counted from 1.
        column: usize,
        /// How many characters its header has.
        chars: usize,
        /// [`super::MAX_HEADER_CHARS`].
        limit: usize,
    },
    /// The row given as the header row (`--header-row`) holds no header.
    #[error("`{name}` has no header at row {row}: the row is empty or past the end of the data")]
    #[diagnostic(
        code(jiangbu::data::header_row),
        help("give `--header-row` the number of the row that names the columns, as a spreadsheet shows it; leave it out to find the header row by its names")
    )]
    HeaderRow {
        /// The input's name.
        name: String,
        /// The row asked for (counted from 1).
        row: u64,
    },
    /// The workbook has no sheet of the name given by `--sheet`.
    #[error("`{name}` has no sheet `{sheet}`")]
    #[diagnostic(code(jiangbu::data::sheet))]
    Sheet {
        /// The input's name.
        name: String,
        /// The sheet asked for.
        sheet: String,
        /// The sheets the workbook has, or the closest one.
        #[help]
        help: String,
    },
    /// The file is not a workbook calamine can read, or one of its parts is broken.
    #[error("cannot read `{name}` as a workbook: {message}")]
    #[diagnostic(
        code(jiangbu::data::excel),
        help("open it in Excel or WPS and save it again as .xlsx, or save the sheet as CSV")
    )]
    Excel {
        /// The input's name.
        name: String,
        /// The spreadsheet reader's description.
        message: String,
    },
    /// The workbook would make the reader allocate past a limit (see `docs/limits.md`).
    #[error("cannot read `{name}` as a workbook: {what}")]
    #[diagnostic(
        code(jiangbu::data::workbook_size),
        help("save the sheet as CSV (UTF-8), which is read one row at a time, or remove what makes the workbook this large")
    )]
    WorkbookTooLarge {
        /// The input's name.
        name: String,
        /// The limit passed.
        what: String,
    },
    /// The JSON text is broken, or a record is not an object.
    #[error("`{name}`, line {line}, column {column}: {message}")]
    #[diagnostic(
        code(jiangbu::data::json),
        help("records must be JSON objects: one per line (JSON Lines), or all in one array `[{{…}}, {{…}}]`")
    )]
    Json {
        /// The input's name.
        name: String,
        /// The line of the text, counted from 1.
        line: usize,
        /// The column of the text, counted from 1.
        column: usize,
        /// The JSON parser's description.
        message: String,
    },
}

/// `` `a`, `b` and `c` ``.
pub(super) fn backticked(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// A calamine error as a [`ReadError`].
pub(super) fn workbook_error(name: &str, error: calamine::Error) -> ReadError {
    match error {
        calamine::Error::Io(error) => ReadError::Read {
            name: name.to_owned(),
            error,
        },
        calamine::Error::Msg(_) => ReadError::Excel {
            name: name.to_owned(),
            message: "it is not an .xlsx, .xlsm, .xlsb, .xls or .ods workbook".to_owned(),
        },
        other => ReadError::Excel {
            name: name.to_owned(),
            message: other.to_string(),
        },
    }
}
