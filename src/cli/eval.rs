//! `jiangbu eval POLICY RECORDS…`: the main job.

use std::io::Write;
use std::path::PathBuf;

use super::{apply_sets, load, DiagArgs, Diagnostics, Exit, WriteError};
use crate::data::{open_records, ReadOptions, Records, Row, TextEncoding};
use crate::eval::plan::Plan;
use crate::eval::{evaluate, evaluate_traced, Outcome};
use crate::report::explain::one_line;
use crate::report::{
    CsvWriter, Evaluated, JsonWriter, JsonlWriter, Summary, TableWriter, Writer, XlsxWriter,
};
use crate::syntax::keywords::Lang;

/// The byte order mark that tells Excel a CSV file is UTF-8.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Output formats of `eval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for people: one line per enterprise, then totals.
    Table,
    /// One JSON document with every record and the totals.
    Json,
    /// One JSON object per record (the stable machine contract).
    Jsonl,
    /// One CSV row per record (UTF-8 with a BOM, so Excel opens it correctly; see `--no-bom`).
    Csv,
    /// An Excel workbook: a results sheet (one row per record) and a summary sheet (the
    /// totals). Needs `-o FILE`.
    Xlsx,
}

/// Arguments of `jiangbu eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// The policy file.
    pub policy: PathBuf,
    /// Record files, read in order: CSV (`.tsv`: tab-separated), Excel (`.xlsx`, `.xls`,
    /// `.ods`) or JSON (`.json`, `.jsonl`: an array of objects or one object per line).
    #[arg(required = true)]
    pub records: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Override a parameter: `--set 第一条奖补=50万元` (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// Write the output to a file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
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
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// With `--format csv`, leave out the UTF-8 byte order mark.
    #[arg(long)]
    pub no_bom: bool,
    /// Add the decision in one line to every record (`不符合第二条：增长率 4.80% 低于 6%`), in the
    /// policy's language (or `--lang`).
    #[arg(long)]
    pub explain: bool,
    /// Evaluate on this many threads [default: the number of cores]. Output keeps input order.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<std::num::NonZeroUsize>,
    /// Language and format of diagnostics.
    #[command(flatten)]
    pub diag: DiagArgs,
}

impl EvalArgs {
    /// The options for reading record files.
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            sheet: self.sheet.clone(),
            header_row: self.header_row,
            encoding: self.encoding,
            delimiter: self.delimiter,
        }
    }
}

/// `--delimiter`: `tab`, `\t` or a single ASCII punctuation character or space.
fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => return Ok(b'\t'),
        _ => {}
    }
    match text.as_bytes() {
        [b] if (b.is_ascii_punctuation() || *b == b' ') && *b != b'"' => Ok(*b),
        _ => Err(format!(
            "`{text}` is not a delimiter: give one character such as `;` or `|`, or `tab`"
        )),
    }
}

/// `--format xlsx` without `-o FILE`.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("`--format xlsx` needs an output file")]
#[diagnostic(
    code(jiangbu::cli::xlsx_output),
    help("add `-o results.xlsx`: a workbook is binary and is not written to the terminal")
)]
pub struct XlsxNeedsFile;

/// `jiangbu eval POLICY RECORDS…`.
pub fn eval(options: &EvalArgs, diags: &Diagnostics) -> Exit {
    let diags = &diags.with_args(&options.diag);
    if options.format == Format::Xlsx && options.output.is_none() {
        diags.emit(XlsxNeedsFile, None);
        return Exit::Failed;
    }
    let Some(mut plan) = load(&options.policy, diags) else {
        return Exit::Failed;
    };
    if !apply_sets(&mut plan, &options.set, &options.policy, diags) {
        return Exit::Failed;
    }
    // Open every records file (and read its header) before writing anything, so a missing file or
    // column stops the run with nothing half-written.
    let read_options = options.read_options();
    let mut inputs = Vec::with_capacity(options.records.len());
    for path in &options.records {
        match open_records(path, &plan.schema, &read_options) {
            Ok(records) => {
                if let Some(warning) = records.unknown_columns_warning() {
                    diags.emit(warning, None);
                }
                inputs.push(records);
            }
            Err(e) => {
                diags.emit(e, None);
                return Exit::Failed;
            }
        }
    }
    let sink: Box<dyn Write> = match &options.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(f),
            Err(error) => {
                let path = path.display().to_string();
                diags.emit(WriteError { path, error }, None);
                return Exit::Failed;
            }
        },
        None => Box::new(std::io::stdout().lock()),
    };
    let out = std::io::BufWriter::new(sink);
    let written = writer(options, out).and_then(|mut writer| {
        let jobs = options
            .jobs
            .or_else(|| std::thread::available_parallelism().ok())
            .map_or(1, std::num::NonZeroUsize::get);
        let explain = options.explain.then(|| diags.lang(Some(plan.lang)));
        run(&plan, inputs, writer.as_mut(), jobs, explain, diags)
    });
    match written {
        Ok(Run {
            data_errors,
            failed,
        }) => {
            if failed {
                Exit::Failed
            } else if data_errors {
                Exit::DataErrors
            } else {
                Exit::Ok
            }
        }
        Err(error) => {
            let path = options
                .output
                .as_ref()
                .map_or("standard output".to_string(), |p| p.display().to_string());
            // A closed pipe (`| head`) is not worth a message.
            if error.kind() != std::io::ErrorKind::BrokenPipe {
                diags.emit(WriteError { path, error }, None);
            }
            Exit::Failed
        }
    }
}

/// The writer for the chosen format; the CSV byte order mark is written here.
fn writer<W: Write + 'static>(options: &EvalArgs, mut out: W) -> std::io::Result<Box<dyn Writer>> {
    Ok(match options.format {
        Format::Table => Box::new(TableWriter::new(out)),
        Format::Json => Box::new(JsonWriter::new(out)),
        Format::Jsonl => Box::new(JsonlWriter::new(out)),
        Format::Csv => {
            if !options.no_bom {
                out.write_all(UTF8_BOM)?;
            }
            Box::new(CsvWriter::new(out))
        }
        Format::Xlsx => Box::new(XlsxWriter::new(out)?),
    })
}

/// What a run found.
struct Run {
    data_errors: bool,
    failed: bool,
}

/// Stream every record file through the plan into the writer.
/// Records evaluated together: large enough to keep every thread busy, small enough that memory
/// stays flat whatever the number of records.
const BATCH: usize = 4096;

/// Stream every record through the plan into the writer, evaluating batches on `jobs` threads and
/// writing in input order.
fn run(
    plan: &Plan,
    inputs: Vec<Records>,
    writer: &mut dyn Writer,
    jobs: usize,
    explain: Option<Lang>,
    diags: &Diagnostics,
) -> std::io::Result<Run> {
    let mut summary = Summary::new(plan);
    let mut result = Run {
        data_errors: false,
        failed: false,
    };
    let mut batch: Vec<Row> = Vec::with_capacity(BATCH);
    for records in inputs {
        for row in records {
            match row {
                Ok(row) => batch.push(row),
                Err(e) => {
                    diags.emit(e, None);
                    result.failed = true;
                    break;
                }
            }
            if batch.len() == BATCH {
                write_batch(
                    plan,
                    &mut batch,
                    jobs,
                    explain,
                    writer,
                    &mut summary,
                    &mut result,
                )?;
            }
        }
    }
    write_batch(
        plan,
        &mut batch,
        jobs,
        explain,
        writer,
        &mut summary,
        &mut result,
    )?;
    writer.finish(plan, &summary)?;
    Ok(result)
}

/// Evaluate a batch (in parallel when it pays), then write it in order and empty it.
fn write_batch(
    plan: &Plan,
    batch: &mut Vec<Row>,
    jobs: usize,
    explain: Option<Lang>,
    writer: &mut dyn Writer,
    summary: &mut Summary,
    result: &mut Run,
) -> std::io::Result<()> {
    let outcomes = evaluate_all(plan, batch, jobs, explain);
    for (row, (outcome, explanation)) in batch.iter().zip(&outcomes) {
        let record = Evaluated {
            line: row.line,
            cells: &row.cells,
            errors: &row.errors,
            outcome,
            explanation: explanation.as_deref(),
        };
        result.data_errors |= record.error_count() > 0;
        summary.add(plan, &record);
        writer.record(plan, &record)?;
    }
    batch.clear();
    Ok(())
}

/// The outcomes of `rows`, in order, computed on up to `jobs` threads; with `explain`, each with
/// its decision in one line, rendered from the transcript of that same evaluation.
fn evaluate_all(
    plan: &Plan,
    rows: &[Row],
    jobs: usize,
    explain: Option<Lang>,
) -> Vec<(Outcome, Option<String>)> {
    let one = |rows: &[Row]| -> Vec<(Outcome, Option<String>)> {
        rows.iter()
            .map(|r| match explain {
                None => (evaluate(plan, &r.cells), None),
                Some(lang) => {
                    let (outcome, trace) = evaluate_traced(plan, &r.cells);
                    let line = one_line(plan, &outcome, &trace, lang);
                    (outcome, Some(line))
                }
            })
            .collect()
    };
    if jobs <= 1 || rows.len() < 2 * jobs {
        return one(rows);
    }
    let size = rows.len().div_ceil(jobs);
    std::thread::scope(|scope| {
        let handles: Vec<_> = rows
            .chunks(size)
            .map(|part| scope.spawn(move || one(part)))
            .collect();
        let mut out = Vec::with_capacity(rows.len());
        for (handle, part) in handles.into_iter().zip(rows.chunks(size)) {
            // A worker that panicked (it cannot: evaluation does not panic) is redone here.
            out.extend(handle.join().unwrap_or_else(|_| one(part)));
        }
        out
    })
}
