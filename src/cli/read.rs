//! The options for reading record files, shared by `eval`, `explain` and `diff`.

use std::path::{Path, PathBuf};

use super::Usage;
use crate::data::{is_stdin, InputFormat, ReadOptions, TextEncoding};

/// How record files are read (`#[command(flatten)]` them).
#[derive(Clone, Debug, Default, clap::Args)]
pub struct ReadArgs {
    /// Read every record file (and standard input, `-`) as this format, whatever its name
    /// [default: by extension; standard input by its first bytes: a workbook, JSON when it
    /// starts with `{` or `[`, else CSV].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// The sheet of an Excel file to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The row that names the columns, counted from 1 as a spreadsheet shows it (default: for
    /// Excel the row that names the most fields, for CSV the first line).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub header_row: Option<u64>,
    /// Read CSV files in this encoding instead of detecting it.
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<TextEncoding>,
    /// The CSV delimiter: one character such as `;` or `|`, or `tab` (default: `,`, a tab for
    /// `.tsv` files).
    // Checked by `misapplied`, so that a wrong value is refused in the run's language rather
    // than in clap's English.
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
}

/// What a flag applies to, in English and Chinese.
const WORKBOOK: (&str, &str) = (
    "a workbook (.xlsx, .xls, .ods)",
    "工作簿（.xlsx、.xls、.ods）",
);
const TEXT: (&str, &str) = ("a CSV or TSV file", "CSV 或 TSV 文件");
const HEADED: (&str, &str) = ("a CSV file or a workbook", "CSV 文件或工作簿");

impl ReadArgs {
    /// The options for reading the record files of one run.
    pub fn options(&self, unchecked_keys: bool) -> ReadOptions {
        ReadOptions {
            sheet: self.sheet.clone(),
            header_row: self.header_row,
            encoding: self.encoding,
            delimiter: self.delimiter.as_deref().and_then(parse_delimiter),
            unchecked_keys,
            shared_keys: None,
            format: self.input_format,
        }
        .for_one_run()
    }

    /// A flag that applies to no input of `records`: `--sheet` without a workbook, `--encoding`
    /// or `--delimiter` without a CSV file, `--header-row` with JSON only. Standard input whose
    /// format is not given may be any. A `--delimiter` that is not one comes first.
    pub fn misapplied(&self, records: &[PathBuf]) -> Option<Usage> {
        if let Some(text) = &self.delimiter {
            if parse_delimiter(text).is_none() {
                return Some(Usage::NotADelimiter { text: text.clone() });
            }
        }
        let formats: Vec<Option<InputFormat>> =
            records.iter().map(|path| self.format_of(path)).collect();
        let any = |wanted: &[InputFormat]| {
            formats
                .iter()
                .any(|f| f.is_none_or(|f| wanted.contains(&f)))
        };
        let text = [InputFormat::Csv, InputFormat::Tsv];
        if self.sheet.is_some() && !any(&[InputFormat::Excel]) {
            return Some(Usage::NotForInputs {
                flag: "--sheet",
                needs: WORKBOOK,
            });
        }
        if self.encoding.is_some() && !any(&text) {
            return Some(Usage::NotForInputs {
                flag: "--encoding",
                needs: TEXT,
            });
        }
        if self.delimiter.is_some() && !any(&text) {
            return Some(Usage::NotForInputs {
                flag: "--delimiter",
                needs: TEXT,
            });
        }
        let headed = [InputFormat::Csv, InputFormat::Tsv, InputFormat::Excel];
        if self.header_row.is_some() && !any(&headed) {
            return Some(Usage::NotForInputs {
                flag: "--header-row",
                needs: HEADED,
            });
        }
        None
    }

    /// The format `path` is read as; `None` for standard input not yet looked at.
    fn format_of(&self, path: &Path) -> Option<InputFormat> {
        match self.input_format {
            Some(format) => Some(format),
            None if is_stdin(path) => None,
            None => Some(InputFormat::of(path)),
        }
    }
}

/// `--delimiter`: `tab`, `\t` or a single ASCII punctuation character or space.
fn parse_delimiter(text: &str) -> Option<u8> {
    match text {
        "tab" | "\\t" | "\t" => return Some(b'\t'),
        _ => {}
    }
    match text.as_bytes() {
        [b] if (b.is_ascii_punctuation() || *b == b' ') && *b != b'"' => Some(*b),
        _ => None,
    }
}
