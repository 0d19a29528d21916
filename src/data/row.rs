//! One typed record and the data problems of its cells: what every reader returns.

use std::borrow::Cow;
use std::fmt;

use super::cell::Form;
use super::Cell;
use crate::diag::{text, Text};
use crate::report::text::visible;
use crate::syntax::keywords::Lang;

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
    /// What is wrong, as data: rendered in a language by [`CellError::problem`].
    pub problem: CellProblem,
}

/// What is wrong with a cell or a row: data with a stable code, put into words in one place
/// ([`CellProblem::text`]) in English and Chinese side by side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellProblem {
    /// The text is not of the field's form.
    Expected(Form),
    /// The text is not one of the enum's words (listed, the first few).
    NotAWord(Vec<String>),
    /// The cell is not valid UTF-8.
    NotUtf8,
    /// The row has fewer cells than the header.
    ShortRow {
        /// Cells in the row.
        cells: usize,
        /// Columns in the header.
        width: usize,
    },
    /// The row has more (non-blank) cells than the header.
    LongRow {
        /// Cells in the row.
        cells: usize,
        /// Columns in the header.
        width: usize,
    },
    /// A workbook row has cells right of the header's columns.
    RightOfHeader {
        /// Columns in the header.
        width: usize,
    },
    /// The workbook cell holds a spreadsheet error (`#DIV/0!`, the cell's value).
    SpreadsheetError,
    /// The workbook cell holds an infinite or NaN number.
    NotFinite,
    /// A formula the workbook saved without its value.
    UncachedFormula,
    /// A JSON record gives the field twice.
    GivenTwice {
        /// The field.
        field: String,
        /// The first member's name.
        first: String,
        /// The second member's name.
        second: String,
    },
    /// A quoted CSV cell spans several lines: each is read as its own record.
    SpansRows {
        /// The first row.
        first: u64,
        /// The last row.
        last: u64,
        /// How many lines.
        lines: usize,
        /// The column of the quoted cell.
        header: String,
    },
    /// A quoted CSV cell spans several lines that are read as one record: its cells from the
    /// quoted one on are not used.
    SpansOneRecord {
        /// The column of the quoted cell.
        header: String,
        /// The first row.
        first: u64,
        /// The last row.
        last: u64,
        /// How many lines.
        lines: usize,
    },
    /// A cell after a quoted cell that spans rows: not used.
    AfterSpan {
        /// The column of the quoted cell.
        header: String,
        /// The first row.
        first: u64,
        /// The last row.
        last: u64,
    },
    /// The key is blank.
    BlankKey,
    /// The key was seen before, at `first_row` (of the input `file` when another).
    DuplicateKey {
        /// The earlier row.
        first_row: u64,
        /// The earlier input, when it is another file (`None`: this one).
        file: Option<String>,
    },
}

impl CellProblem {
    /// The stable code, `jiangbu::cell::<name>` (a form's for [`CellProblem::Expected`]).
    pub fn code(&self) -> &'static str {
        match self {
            CellProblem::Expected(form) => form.code(),
            CellProblem::NotAWord(_) => Form::Word.code(),
            CellProblem::NotUtf8 => "jiangbu::cell::not_utf8",
            CellProblem::ShortRow { .. } => "jiangbu::cell::short_row",
            CellProblem::LongRow { .. } => "jiangbu::cell::long_row",
            CellProblem::RightOfHeader { .. } => "jiangbu::cell::right_of_header",
            CellProblem::SpreadsheetError => "jiangbu::cell::spreadsheet_error",
            CellProblem::NotFinite => "jiangbu::cell::not_finite",
            CellProblem::UncachedFormula => "jiangbu::cell::uncached_formula",
            CellProblem::GivenTwice { .. } => "jiangbu::cell::given_twice",
            CellProblem::SpansRows { .. } => "jiangbu::cell::spans_rows",
            CellProblem::SpansOneRecord { .. } => "jiangbu::cell::spans_one_record",
            CellProblem::AfterSpan { .. } => "jiangbu::cell::after_span",
            CellProblem::BlankKey => "jiangbu::cell::blank_key",
            CellProblem::DuplicateKey { .. } => "jiangbu::cell::duplicate_key",
        }
    }

    /// The problem in words, for a cell holding `value`, in both languages.
    pub fn text(&self, value: &str) -> Text {
        let v = quote(value);
        match self {
            CellProblem::Expected(form) => {
                let (en, zh) = form.text();
                text!("`{v}` is not {en}", "`{v}` 无法识别，应为{zh}")
            }
            CellProblem::NotAWord(words) => {
                let (en, zh) = (words.join(", "), words.join("、"));
                text!("`{v}` is not one of {en}", "`{v}` 无法识别，应为 {zh} 之一")
            }
            CellProblem::NotUtf8 => text!(
                "the cell is not valid UTF-8 text; save the whole file as UTF-8",
                "单元格不是有效的 UTF-8 文本；请将整个文件另存为 UTF-8"
            ),
            CellProblem::ShortRow { cells, width } => text!(
                "the row has {cells} cells but the header has {width}; the missing cells are read as blank",
                "本行有 {cells} 个单元格，表头有 {width} 列；缺少的单元格按空白读取"
            ),
            CellProblem::LongRow { cells, width } => text!(
                "the row has {cells} cells but the header has {width}; the extra cells are ignored",
                "本行有 {cells} 个单元格，表头有 {width} 列；多出的单元格不读取"
            ),
            CellProblem::RightOfHeader { width } => text!(
                "the row has cells right of the header's {width} columns; they are ignored",
                "本行在表头 {width} 列右侧还有单元格，不读取"
            ),
            CellProblem::SpreadsheetError => text!(
                "the cell holds the spreadsheet error `{v}`; correct its formula or clear it",
                "单元格是电子表格错误 `{v}`；请改正其公式或清空"
            ),
            CellProblem::NotFinite => text!(
                "the cell holds no finite number",
                "单元格不是有限的数"
            ),
            CellProblem::UncachedFormula => text!(
                "formula without a saved value: open the workbook in Excel and save it, so the value is saved with the formula",
                "公式没有保存的值：请用 Excel 打开并保存工作簿，使值随公式保存"
            ),
            CellProblem::GivenTwice {
                field,
                first,
                second,
            } => {
                let (first, second) = (quote(first), quote(second));
                text!(
                    "the record gives `{field}` twice, as `{first}` and as `{second}`; the second is ignored",
                    "记录两次给出 `{field}`（`{first}` 和 `{second}`），不读取第二个"
                )
            }
            CellProblem::SpansRows {
                first,
                last,
                lines,
                header,
            } => text!(
                "a quoted cell spans rows {first}\u{2013}{last} ({lines} lines); check for a stray quote in `{header}`; each line is read as its own record",
                "一个带引号的单元格跨第 {first}\u{2013}{last} 行（{lines} 行）；请检查 `{header}` 中是否多了引号；每行按一条记录读取"
            ),
            CellProblem::SpansOneRecord {
                header,
                first,
                last,
                lines,
            } => text!(
                "a quoted cell in `{header}` spans rows {first}\u{2013}{last} ({lines} lines); check for a stray quote, or a line break inside the cell; the lines are read as one record, and its cells from `{header}` on are not used",
                "`{header}` 中一个带引号的单元格跨第 {first}\u{2013}{last} 行（{lines} 行）；请检查是否多了引号或单元格内换行；这些行按一条记录读取，自 `{header}` 起的单元格不使用"
            ),
            CellProblem::AfterSpan {
                header,
                first,
                last,
            } => text!(
                "not used: it comes after the quoted cell in `{header}` that spans rows {first}\u{2013}{last}",
                "未使用：它在 `{header}` 中跨第 {first}\u{2013}{last} 行的带引号单元格之后"
            ),
            CellProblem::BlankKey => text!("the key is blank", "主键为空"),
            CellProblem::DuplicateKey {
                first_row,
                file: None,
            } => text!(
                "duplicate key `{v}`, first seen at row {first_row}",
                "主键 `{v}` 重复，首次出现在第 {first_row} 行"
            ),
            CellProblem::DuplicateKey {
                first_row,
                file: Some(file),
            } => {
                let file = quote(file);
                text!(
                    "duplicate key `{v}`, first seen at row {first_row} of `{file}`",
                    "主键 `{v}` 重复，首次出现在 `{file}` 第 {first_row} 行"
                )
            }
        }
    }
}

impl CellError {
    /// The problem without the row and column, in `lang`: "`abc` is not money in yuan, such as …".
    pub fn problem(&self, lang: Lang) -> String {
        self.problem.text(&self.value).get(lang).to_string()
    }

    /// The whole error in `lang`: `row 7, column `一季度产值2021`: `abc` is not …`.
    pub fn render(&self, lang: Lang) -> String {
        let (row, column, problem) = (self.row, &self.column, self.problem(lang));
        let text = if column.is_empty() {
            text!("row {row}: {problem}", "第 {row} 行：{problem}")
        } else {
            text!(
                "row {row}, column `{column}`: {problem}",
                "第 {row} 行 `{column}` 列：{problem}"
            )
        };
        text.get(lang).to_string()
    }
}

impl fmt::Display for CellError {
    /// In English: `row 7, column `一季度产值2021`: `abc` is not money in yuan, such as …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
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
