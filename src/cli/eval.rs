//! `jiangbu eval POLICY RECORDS…`: the main job.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use super::progress::Progress;
use super::usage::{refuse, stdin_once, usage_lang};
use super::{apply_sets, load, output_failed, DiagArgs, Diagnostics, Exit, ReadArgs, Usage};
use crate::data::{open_records, ReadError, ReadOptions, Records};
use crate::diag::localize::english_diagnostic;
use crate::diag::{text, Localize, Texts, Word};
use crate::eval::plan::Plan;
use crate::output::{Output, OutputWriter, RowLimit, XLSX_MAX_RECORDS};
use crate::pipeline::{self, Batch, Report, Sink};
use crate::report::{Csv, Json, Jsonl, Render, Table, TotalsOverflow, XlsxWriter};
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
    /// The policy file (`-`: standard input).
    pub policy: PathBuf,
    /// Record files, read in order: CSV (`.tsv`: tab-separated), Excel (`.xlsx`, `.xls`,
    /// `.ods`) or JSON (`.json`, `.jsonl`: an array of objects or one object per line); `-` is
    /// standard input (see `--input-format`).
    #[arg(required = true)]
    pub records: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Override a parameter: `--set 第一条奖补=50万元` (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// Write the output to a file instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How record files are read.
    #[command(flatten)]
    pub read: ReadArgs,
    /// Do not check that record keys are unique (blank keys are still reported). The check
    /// keeps each key's fingerprint (about 35 MB for a million keys); without it, streaming
    /// CSV or JSON Lines to any format takes the same memory however long the input.
    #[arg(long)]
    pub no_key_check: bool,
    /// With `--format csv`, leave out the UTF-8 byte order mark.
    #[arg(long)]
    pub no_bom: bool,
    /// With `--format csv`, write text cells exactly as read: without the `'` put before a
    /// cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`). For programs, not Excel.
    #[arg(long)]
    pub csv_raw: bool,
    /// With the table on a terminal: print each note on one line (by default the notes column
    /// is wrapped to the terminal's width; a table written to a file or a pipe is never wrapped).
    #[arg(long)]
    pub wide: bool,
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
        self.read.options(self.no_key_check)
    }

    /// Flags that do not apply to the chosen format or inputs.
    fn misapplied(&self) -> Option<Usage> {
        let csv_only = [(self.no_bom, "--no-bom"), (self.csv_raw, "--csv-raw")];
        if let Some((_, flag)) = csv_only.iter().find(|(given, _)| *given) {
            if self.format != Format::Csv {
                let needs = "--format csv";
                return Some(Usage::NotForFormat { flag, needs });
            }
        }
        if self.explain && self.format == Format::Xlsx {
            let needs = "--format table|json|jsonl|csv";
            return Some(Usage::NotForFormat {
                flag: "--explain",
                needs,
            });
        }
        self.read.misapplied(&self.records)
    }
}

/// `--format xlsx` without `-o FILE`.
#[derive(Debug)]
pub struct XlsxNeedsFile;

impl Localize for XlsxNeedsFile {
    fn texts(&self) -> Texts {
        Texts {
            code: "jiangbu::cli::xlsx_output",
            message: text!(
                "`--format xlsx` needs an output file",
                "`--format xlsx` 需要指定输出文件"
            ),
            labels: Vec::new(),
            help: text!(
                "add `-o results.xlsx`: a workbook is binary and is not written to the terminal",
                "请加上 `-o 结果.xlsx`：工作簿是二进制文件，不输出到终端"
            ),
        }
    }
}

english_diagnostic!(XlsxNeedsFile);

/// Where a run's data errors can be read: the column or field that holds them, and the file.
#[derive(Debug)]
struct DataErrorsAt {
    /// `说明` of the table, `数据错误` of csv and xlsx; `None`: the `errors` field of json and
    /// jsonl records.
    column: Option<Word>,
    /// Whether the output counts the blank and malformed cells per column (`数据完整性`).
    completeness: bool,
    /// The output file, or standard output.
    file: Option<String>,
}

impl DataErrorsAt {
    fn of(format: Format, output: Option<&std::path::Path>) -> Self {
        DataErrorsAt {
            column: match format {
                Format::Table => Some(Word::Notes),
                Format::Csv | Format::Xlsx => Some(Word::ErrorsCol),
                Format::Json | Format::Jsonl => None,
            },
            completeness: matches!(format, Format::Table | Format::Json | Format::Xlsx),
            // `-o -` is standard output, like no `-o`: the errors are in what was printed.
            file: output
                .filter(|p| !crate::data::is_stdin(p))
                .map(|p| p.display().to_string()),
        }
    }
}

/// The one line a run with data errors ends with on stderr (exit status 3).
#[derive(Debug)]
struct DataErrors {
    records: u64,
    at: DataErrorsAt,
}

impl Localize for DataErrors {
    fn texts(&self) -> Texts {
        let n = self.records;
        let head = match n {
            1 => text!("1 record has data errors", "1 户数据有误"),
            _ => text!("{n} records have data errors", "{n} 户数据有误"),
        };
        let its = match n {
            1 => "its",
            _ => "their",
        };
        let place = match (self.at.column, &self.at.file) {
            (Some(column), Some(file)) => {
                let (en, zh) = column.texts();
                text!(
                    "see {its} `{en}` column in `{file}`",
                    "见 `{file}` 的“{zh}”列"
                )
            }
            (Some(column), None) => {
                let (en, zh) = column.texts();
                text!("see {its} `{en}` column above", "见上方的“{zh}”列")
            }
            (None, Some(file)) => text!(
                "see {its} `errors` field in `{file}`",
                "见 `{file}` 中各记录的 `errors` 字段"
            ),
            (None, None) => text!(
                "see {its} `errors` field above",
                "见上方各记录的 `errors` 字段"
            ),
        };
        let message = crate::diag::Text::new(
            format!("{}: {}", head.en, place.en),
            format!("{}：{}", head.zh, place.zh),
        );
        Texts {
            code: "jiangbu::data::errors",
            message,
            labels: Vec::new(),
            help: match self.at.completeness {
                true => text!(
                    "each is also counted per column under data completeness",
                    "各列的空白和有误单元格另见“数据完整性”"
                ),
                false => text!(
                    "`--format table` or `json` also counts them per column (data completeness)",
                    "`--format table` 或 `json` 另按列统计空白和有误单元格（“数据完整性”）"
                ),
            },
        }
    }

    fn severity(&self) -> miette::Severity {
        miette::Severity::Warning
    }
}

/// `jiangbu eval POLICY RECORDS…`.
pub fn eval(options: &EvalArgs, diags: &Diagnostics) -> Exit {
    let diags = &diags.with_args(&options.diag);
    let inputs = std::iter::once(options.policy.as_path())
        .chain(options.records.iter().map(PathBuf::as_path));
    if let Err(exit) = stdin_once(inputs, diags) {
        return exit;
    }
    if let Some(usage) = options.misapplied() {
        return refuse(usage, diags, usage_lang(diags, &options.policy));
    }
    // A workbook is binary: it goes to a file, or to standard output only when asked (`-o -`)
    // and not a terminal.
    let to_stdout = options.output.as_ref().is_none_or(|o| o.as_os_str() == "-");
    let no_file = options.output.is_none() || std::io::stdout().is_terminal();
    if options.format == Format::Xlsx && to_stdout && no_file {
        diags.emit_in(XlsxNeedsFile, usage_lang(diags, &options.policy), None);
        return Exit::Usage;
    }
    let Some(mut plan) = load(&options.policy, diags) else {
        return Exit::Failed;
    };
    if let Err(exit) = apply_sets(&mut plan, &options.set, &options.policy, diags) {
        return exit;
    }
    // Open every records file (and read its header) before writing anything, so a missing file or
    // column stops the run with nothing half-written.
    // One language for every message of the run: `--lang`, else the policy's.
    let lang = diags.lang(Some(plan.lang));
    let read_options = options.read_options();
    let mut inputs = Vec::with_capacity(options.records.len());
    for path in &options.records {
        match open_records(path, &plan.schema, &read_options) {
            Ok(records) => {
                if let Some(warning) = records.unknown_columns_warning() {
                    diags.emit_in(warning, lang, None);
                }
                if let Some(warning) = records.template_row_warning() {
                    diags.emit_in(warning, lang, None);
                }
                inputs.push(records);
            }
            Err(e) => {
                diags.emit_in(e, lang, None);
                return Exit::Failed;
            }
        }
    }
    // Fund pools: every record is decided and each pool shared out before anything is written
    // (`None` without pools: one pass, as ever).
    let allocations =
        match super::pools::first_pass(&plan, &options.records, &read_options, diags, lang) {
            Ok(allocations) => allocations,
            Err(exit) => return exit,
        };
    // Refuse an output that is an input, or in a missing folder, before anything is written; a
    // file is replaced only when the run succeeds (`Output::finish`).
    let mut read = vec![options.policy.as_path()];
    read.extend(options.records.iter().map(PathBuf::as_path));
    let output = match Output::to(options.output.as_deref(), &read) {
        Ok(output) => output,
        Err(error) => return output_failed(error, diags, lang),
    };
    let jobs = options
        .jobs
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, std::num::NonZeroUsize::get);
    let pipeline = pipeline::Options {
        jobs,
        explain: options.explain.then_some(lang),
        pools: allocations.as_ref(),
        start: 0,
    };
    let mut out = std::io::BufWriter::new(output.writer());
    let written = write(options, &plan, inputs, &mut out, &pipeline, diags, lang);
    let written = written.and_then(|run| out.flush().map(|()| run));
    drop(out);
    // The writer (and its buffer) is dropped by now, so everything has reached `output`.
    match written {
        Ok(Run {
            data_errors,
            failed,
            overflow,
        }) => {
            if let Some(overflow) = overflow {
                // Totals past the decimal range: the run fails and replaces no file.
                diags.emit_in(overflow, lang, None);
                if let Some(note) = output.abandon() {
                    diags.emit_in(note, lang, None);
                }
                Exit::Failed
            } else if failed {
                // A run that failed replaces no file.
                if let Some(note) = output.abandon() {
                    diags.emit_in(note, lang, None);
                }
                Exit::Failed
            } else if let Err(error) = output.finish() {
                output_failed(error, diags, lang)
            } else if data_errors > 0 {
                let at = DataErrorsAt::of(options.format, options.output.as_deref());
                diags.line(
                    DataErrors {
                        records: data_errors,
                        at,
                    },
                    lang,
                );
                Exit::DataErrors
            } else {
                Exit::Ok
            }
        }
        Err(error) => output_failed(output.error(error), diags, lang),
    }
}

/// What a run found.
struct Run {
    /// Records with data errors (or an arithmetic overflow).
    data_errors: u64,
    /// An input could not be read to its end.
    failed: bool,
    /// A total past the decimal range: the run fails and prints no totals.
    overflow: Option<TotalsOverflow>,
}

/// The renderer of a format that renders records apart (every one but xlsx); the CSV byte order
/// mark is written here.
fn render(
    options: &EvalArgs,
    out: &mut impl Write,
    lang: Lang,
) -> std::io::Result<Box<dyn Render>> {
    Ok(match options.format {
        Format::Table => {
            // On a terminal the notes are wrapped to its width, unless `--wide`.
            let width =
                (!options.wide && options.output.is_none() && std::io::stdout().is_terminal())
                    .then(terminal_size::terminal_size)
                    .flatten()
                    .map(|(w, _)| usize::from(w.0));
            Box::new(Table::new(lang).fit(width))
        }
        Format::Json => Box::new(Json::new(lang)),
        // A workbook is not rendered apart (`write` gives its records to an `XlsxWriter`).
        Format::Jsonl | Format::Xlsx => Box::new(Jsonl::new(lang)),
        Format::Csv => {
            if !options.no_bom {
                out.write_all(UTF8_BOM)?;
            }
            Box::new(Csv::new(lang).raw_cells(options.csv_raw))
        }
    })
}

/// Run the pipeline into the chosen format on `out`.
fn write(
    options: &EvalArgs,
    plan: &Plan,
    inputs: Vec<Records>,
    out: &mut std::io::BufWriter<OutputWriter>,
    pipeline: &pipeline::Options,
    diags: &Diagnostics,
    lang: Lang,
) -> std::io::Result<Run> {
    let progress = Progress::new(lang);
    if options.format == Format::Xlsx {
        // Excel's row limit is checked as records come, before the workbook is zipped.
        let shown = options
            .output
            .as_deref()
            .map_or(String::new(), |p| p.display().to_string());
        let xlsx = XlsxWriter::new(out, lang)?;
        let mut writer = RowLimit::new(xlsx, XLSX_MAX_RECORDS, &shown);
        let report = Report::records(&mut writer).with_pools(pipeline.pools);
        drive(plan, inputs, pipeline, report, progress, diags, lang)
    } else {
        let render = render(options, out, lang)?;
        let report = Report::rendered(render, out).with_pools(pipeline.pools);
        drive(plan, inputs, pipeline, report, progress, diags, lang)
    }
}

/// The CLI's sink: the report, the progress line on stderr, and the read errors as they come.
struct Cli<'r, 'a> {
    report: &'r mut Report<'a>,
    progress: &'r mut Progress,
    diags: &'r Diagnostics,
    lang: Lang,
    failed: bool,
}

impl Sink for Cli<'_, '_> {
    fn render(&self) -> Option<&dyn Render> {
        self.report.render()
    }

    fn batch(&mut self, plan: &Plan, batch: &Batch) -> std::io::Result<()> {
        self.report.batch(plan, batch)?;
        self.progress.add(batch.len() as u64);
        Ok(())
    }

    fn read_error(&mut self, error: ReadError) {
        self.diags.emit_in(error, self.lang, None);
        self.failed = true;
    }
}

/// Run the pipeline into `report` and finish it.
fn drive(
    plan: &Plan,
    inputs: Vec<Records>,
    pipeline: &pipeline::Options,
    mut report: Report<'_>,
    mut progress: Progress,
    diags: &Diagnostics,
    lang: Lang,
) -> std::io::Result<Run> {
    let mut sink = Cli {
        report: &mut report,
        progress: &mut progress,
        diags,
        lang,
        failed: false,
    };
    pipeline::run(plan, inputs, pipeline, &mut sink)?;
    let failed = sink.failed;
    progress.finish();
    report.finish(plan)?;
    Ok(Run {
        data_errors: report.data_errors(),
        failed,
        overflow: report.overflow(),
    })
}
