//! Why an input cannot be read at all: one error type shared by every reader.

use std::io;

use crate::diag::localize::english_diagnostic;
use crate::diag::{text, Localize, Text, Texts};

/// Why a CSV input cannot be read at all.
#[derive(Debug)]
pub enum ReadError {
    /// The file cannot be opened.
    Open {
        /// The path as given.
        path: String,
        /// The operating system's error.
        error: io::Error,
    },
    /// Reading the input failed midway.
    Read {
        /// The input's name.
        name: String,
        /// The operating system's error.
        error: io::Error,
    },
    /// The input has no header row.
    Empty {
        /// The input's name.
        name: String,
        /// The headers the schema expects, in English.
        help: String,
        /// The same in Chinese.
        help_zh: String,
    },
    /// Declared fields have no column.
    MissingColumns {
        /// The input's name.
        name: String,
        /// The names of every field without a column, in schema order.
        missing: Vec<String>,
        /// The closest existing header for each missing field, in English.
        help: String,
        /// The same in Chinese.
        help_zh: String,
    },
    /// Two columns map to the same field (by its name or its label).
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
    Csv {
        /// The input's name.
        name: String,
        /// The line (of the text file, counted from 1) where the problem was found.
        line: u64,
        /// The CSV parser's description.
        message: String,
    },
    /// The header has more columns than [`super::MAX_COLUMNS`].
    TooManyColumns {
        /// The input's name.
        name: String,
        /// How many columns the header has.
        columns: usize,
        /// [`super::MAX_COLUMNS`].
        limit: usize,
    },
    /// A header cell is longer than [`super::MAX_HEADER_CHARS`].
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
    HeaderRow {
        /// The input's name.
        name: String,
        /// The row asked for (counted from 1).
        row: u64,
    },
    /// The workbook has no sheet of the name given by `--sheet`.
    Sheet {
        /// The input's name.
        name: String,
        /// The sheet asked for.
        sheet: String,
        /// The sheets the workbook has, or the closest one, in English.
        help: String,
        /// The same in Chinese.
        help_zh: String,
    },
    /// The file is not a workbook calamine can read, or one of its parts is broken.
    Excel {
        /// The input's name.
        name: String,
        /// The spreadsheet reader's description.
        message: String,
    },
    /// The workbook would make the reader allocate past a limit (see `docs/limits.md`).
    WorkbookTooLarge {
        /// The input's name.
        name: String,
        /// The limit passed, in both languages.
        what: crate::diag::Text,
    },
    /// The JSON text is broken, or a record is not an object.
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

/// An operating system error's text in English and in Chinese.
fn os_words(error: &std::io::Error) -> (String, String) {
    let text = crate::diag::os_text(error);
    (text.en, text.zh)
}

/// Help built where the reader found the problem, in both languages.
fn both(en: &str, zh: &str) -> Text {
    Text::new(en, zh)
}

impl Localize for ReadError {
    fn texts(&self) -> Texts {
        let (code, message, help) = match self {
            ReadError::Open { path, error } => (
                "jiangbu::data::open",
                {
                    let (en, zh) = os_words(error);
                    text!("cannot open `{path}`: {en}", "无法打开 `{path}`：{zh}")
                },
                text!(
                    "check the path and that the file may be read",
                    "检查路径是否正确、文件是否可读"
                ),
            ),
            ReadError::Read { name, error } => (
                "jiangbu::data::read",
                {
                    let (en, zh) = os_words(error);
                    text!("cannot read `{name}`: {en}", "无法读取 `{name}`：{zh}")
                },
                text!(
                    "check that the file is complete and may be read",
                    "检查文件是否完整、可读"
                ),
            ),
            ReadError::Empty {
                name,
                help,
                help_zh,
            } => (
                "jiangbu::data::empty",
                text!(
                    "`{name}` is empty: it has no header row",
                    "`{name}` 是空的：没有表头行"
                ),
                both(help, help_zh),
            ),
            ReadError::MissingColumns {
                name,
                missing,
                help,
                help_zh,
            } => {
                let (en, zh) = (backticked(missing), list_zh(missing));
                (
                    "jiangbu::data::missing_columns",
                    text!("`{name}` has no column for {en}", "`{name}` 缺少列 {zh}"),
                    both(help, help_zh),
                )
            }
            ReadError::DuplicateColumn {
                name,
                field,
                first,
                second,
            } => (
                "jiangbu::data::duplicate_column",
                text!(
                    "`{name}` has two columns for field `{field}`: `{first}` and `{second}`",
                    "`{name}` 有两列对应字段 `{field}`：`{first}` 和 `{second}`"
                ),
                text!(
                    "keep one of the two columns, or rename the other",
                    "保留其中一列，或将另一列改名"
                ),
            ),
            ReadError::Csv {
                name,
                line,
                message,
            } => (
                "jiangbu::data::csv",
                text!("`{name}`, line {line}: {message}", "`{name}` 第 {line} 行：{message}"),
                text!(
                    "a cell holding the delimiter, a quote or a line break must be in double quotes",
                    "含分隔符、引号或换行的单元格须用双引号括起"
                ),
            ),
            ReadError::TooManyColumns {
                name,
                columns,
                limit,
            } => (
                "jiangbu::data::columns",
                text!(
                    "`{name}` has {columns} columns; at most {limit} are read",
                    "`{name}` 有 {columns} 列；最多读取 {limit} 列"
                ),
                text!(
                    "a record file has one column per field (and a few others); check the delimiter (`--delimiter`) and that the first row is the header",
                    "记录文件每个字段一列（另可有少量其他列）；请检查分隔符（`--delimiter`）以及第一行是否为表头"
                ),
            ),
            ReadError::HeaderTooLong {
                name,
                column,
                chars,
                limit,
            } => (
                "jiangbu::data::header_length",
                text!(
                    "`{name}`: the header of column {column} has {chars} characters; at most {limit} are allowed",
                    "`{name}`：第 {column} 列的表头有 {chars} 个字符；最多 {limit} 个"
                ),
                text!(
                    "a header names a field; check that the first row is the header and that no quote is left open in it",
                    "表头是字段名；请检查第一行是否为表头、其中是否有未闭合的引号"
                ),
            ),
            ReadError::HeaderRow { name, row } => (
                "jiangbu::data::header_row",
                text!(
                    "`{name}` has no header at row {row}: the row is empty or past the end of the data",
                    "`{name}` 第 {row} 行没有表头：该行为空或超出数据末尾"
                ),
                text!(
                    "give `--header-row` the number of the row that names the columns, as a spreadsheet shows it; leave it out to find the header row by its names",
                    "用 `--header-row` 给出表头所在的行号（按电子表格显示的行号）；不给则按列名查找表头行"
                ),
            ),
            ReadError::Sheet {
                name,
                sheet,
                help,
                help_zh,
            } => (
                "jiangbu::data::sheet",
                text!(
                    "`{name}` has no sheet `{sheet}`",
                    "`{name}` 中没有工作表 `{sheet}`"
                ),
                both(help, help_zh),
            ),
            ReadError::Excel { name, message } => (
                "jiangbu::data::excel",
                text!(
                    "cannot read `{name}` as a workbook: {message}",
                    "无法按工作簿读取 `{name}`：{message}"
                ),
                text!(
                    "open it in Excel or WPS and save it again as .xlsx, or save the sheet as CSV",
                    "用 Excel 或 WPS 打开后另存为 .xlsx，或将工作表另存为 CSV"
                ),
            ),
            ReadError::WorkbookTooLarge { name, what } => (
                "jiangbu::data::workbook_size",
                {
                    let (en, zh) = (&what.en, &what.zh);
                    text!(
                        "cannot read `{name}` as a workbook: {en}",
                        "无法按工作簿读取 `{name}`：{zh}"
                    )
                },
                text!(
                    "save the sheet as CSV (UTF-8), which is read one row at a time, or remove what makes the workbook this large",
                    "将工作表另存为 CSV（UTF-8，逐行读取），或删去使工作簿过大的内容"
                ),
            ),
            ReadError::Json {
                name,
                line,
                column,
                message,
            } => (
                "jiangbu::data::json",
                text!(
                    "`{name}`, line {line}, column {column}: {message}",
                    "`{name}` 第 {line} 行第 {column} 列：{message}"
                ),
                text!(
                    "records must be JSON objects: one per line (JSON Lines), or all in one array `[{{…}}, {{…}}]`",
                    "记录须为 JSON 对象：每行一个（JSON Lines），或全部放在一个数组 `[{{…}}, {{…}}]` 中"
                ),
            ),
        };
        Texts {
            code,
            message,
            labels: Vec::new(),
            help,
        }
    }
}

english_diagnostic!(ReadError);

/// `` `a`、`b`、`c` ``.
fn list_zh(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join("、")
}
