//! `jiangbu eval POLICY RECORDS…`: the main job.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{mpsc, Mutex};

use super::progress::Progress;
use super::usage::{refuse, stdin_once, usage_lang};
use super::{apply_sets, load, output_failed, DiagArgs, Diagnostics, Exit, ReadArgs, Usage};
use crate::data::{open_records, ReadOptions, Records, Row};
use crate::diag::localize::english_diagnostic;
use crate::diag::{text, Localize, Texts, Word};
use crate::eval::plan::Plan;
use crate::eval::{evaluate_into, evaluate_traced, Outcome};
use crate::output::{Output, RowLimit, XLSX_MAX_RECORDS};
use crate::report::explain::one_line;
use crate::report::{
    CsvWriter, Evaluated, JsonWriter, JsonlWriter, Summary, TableWriter, TotalsOverflow, Writer,
    XlsxWriter,
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
    /// CSV or JSON Lines to jsonl or csv takes the same memory however long the input.
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
    /// `说明` of the table, `errors` of csv, xlsx, json and jsonl.
    column: Word,
    /// The output file, or standard output.
    file: Option<String>,
}

impl DataErrorsAt {
    fn of(format: Format, output: Option<&std::path::Path>) -> Self {
        DataErrorsAt {
            column: match format {
                Format::Table => Word::Notes,
                Format::Csv | Format::Xlsx | Format::Json | Format::Jsonl => Word::ErrorsCol,
            },
            file: output.map(|p| p.display().to_string()),
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
        let (en, zh) = self.at.column.texts();
        let message = match &self.at.file {
            Some(file) if n == 1 => text!(
                "1 record has data errors: see its `{en}` column in `{file}`",
                "1 户数据有误：见 `{file}` 的“{zh}”列"
            ),
            Some(file) => text!(
                "{n} records have data errors: see their `{en}` column in `{file}`",
                "{n} 户数据有误：见 `{file}` 的“{zh}”列"
            ),
            None if n == 1 => text!(
                "1 record has data errors: see its `{en}` column above",
                "1 户数据有误：见上方的“{zh}”列"
            ),
            None => text!(
                "{n} records have data errors: see their `{en}` column above",
                "{n} 户数据有误：见上方的“{zh}”列"
            ),
        };
        Texts {
            code: "jiangbu::data::errors",
            message,
            labels: Vec::new(),
            help: text!(
                "each is also counted per column under data completeness",
                "各列的空白和有误单元格另见“数据完整性”"
            ),
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
    let out = std::io::BufWriter::new(output.writer());
    let written = writer(options, out, lang).and_then(|mut writer| {
        let jobs = options
            .jobs
            .or_else(|| std::thread::available_parallelism().ok())
            .map_or(1, std::num::NonZeroUsize::get);
        let explain = options.explain.then_some(lang);
        // jsonl records stand alone, so the worker threads render them too.
        let render = options.format == Format::Jsonl;
        let render = render.then_some(lang);
        run(
            &plan,
            inputs,
            writer.as_mut(),
            jobs,
            Pass {
                explain,
                render,
                pools: allocations.as_ref(),
            },
            diags,
            lang,
        )
    });
    // The writer (and its buffer) is dropped by now, so everything has reached `output`.
    match written {
        Ok(Run {
            data_errors,
            failed,
            overflow,
            ..
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

/// The writer for the chosen format; the CSV byte order mark is written here.
fn writer<W: Write + 'static>(
    options: &EvalArgs,
    mut out: W,
    lang: Lang,
) -> std::io::Result<Box<dyn Writer>> {
    Ok(match options.format {
        Format::Table => {
            // On a terminal the notes are wrapped to its width, unless `--wide`.
            let width =
                (!options.wide && options.output.is_none() && std::io::stdout().is_terminal())
                    .then(terminal_size::terminal_size)
                    .flatten()
                    .map(|(w, _)| usize::from(w.0));
            Box::new(TableWriter::new(out, lang).fit(width))
        }
        Format::Json => Box::new(JsonWriter::new(out, lang)),
        Format::Jsonl => Box::new(JsonlWriter::new(out, lang)),
        Format::Csv => {
            if !options.no_bom {
                out.write_all(UTF8_BOM)?;
            }
            Box::new(CsvWriter::new(out, lang).raw_cells(options.csv_raw))
        }
        // Excel's row limit is checked as records come, not when the workbook is built.
        Format::Xlsx => {
            let shown = options
                .output
                .as_deref()
                .map_or(String::new(), |p| p.display().to_string());
            let xlsx = XlsxWriter::new(out, lang)?;
            Box::new(RowLimit::new(xlsx, XLSX_MAX_RECORDS, &shown))
        }
    })
}

/// What a run found.
struct Run {
    /// Records with data errors (or an arithmetic overflow).
    data_errors: u64,
    failed: bool,
    /// A total past the decimal range: the run fails and prints no totals.
    overflow: Option<TotalsOverflow>,
    /// The records written so far, on stderr when the run is long.
    progress: Progress,
}

/// Records evaluated together: large enough to keep every thread busy, small enough that memory
/// stays flat whatever the number of records.
const BATCH: usize = 1024;

/// The most batches read ahead of the writer, and the most worker threads, whatever `--jobs`:
/// each batch holds its rows, outcomes and rendered output (a few MiB), and reading, on one
/// thread, keeps no more than a few workers busy, so a machine with many cores gains nothing
/// from more. Peak memory stays near 50 MiB however many cores there are.
const MAX_IN_FLIGHT: usize = 8;

/// A batch of records and what was decided for each.
struct Batch {
    /// Its place in the input, counting from 0.
    seq: u64,
    rows: Vec<Row>,
    /// One per row (kept between batches, so their lists are reused).
    outcomes: Vec<Outcome>,
    /// With `--explain`, one per row.
    explanations: Vec<String>,
    /// The batch rendered as jsonl, when a worker thread rendered it.
    rendered: Option<std::io::Result<Vec<u8>>>,
    /// The worker's evaluation panicked (it cannot: evaluation does not panic); the main
    /// thread evaluates the batch again.
    redo: bool,
}

impl Batch {
    fn new(seq: u64) -> Self {
        Batch {
            seq,
            rows: Vec::new(),
            outcomes: Vec::new(),
            explanations: Vec::new(),
            rendered: None,
            redo: false,
        }
    }

    /// Evaluate every row (and explain it, with `explain`), give it what the fund pools allocate
    /// it; with `render`, also write the batch as jsonl into a buffer, in that language.
    fn evaluate(&mut self, plan: &Plan, pass: Pass<'_>) {
        let Pass {
            explain,
            render,
            pools,
        } = pass;
        self.outcomes.resize_with(self.rows.len(), Outcome::default);
        self.explanations.clear();
        for (row, outcome) in self.rows.iter().zip(&mut self.outcomes) {
            match explain {
                None => evaluate_into(plan, &row.cells, outcome),
                Some(lang) => {
                    let (traced, trace) = evaluate_traced(plan, &row.cells);
                    self.explanations
                        .push(one_line(plan, &traced, &trace, lang));
                    *outcome = traced;
                }
            }
        }
        // After all decisions, before rendering: the record's share of each pool.
        if let Some(pools) = pools {
            let first = self.seq.saturating_mul(BATCH as u64);
            for (i, outcome) in (first..).zip(&mut self.outcomes) {
                pools.apply(i, outcome);
            }
        }
        self.rendered = render.map(|lang| {
            let mut jsonl = JsonlWriter::new(Vec::with_capacity(self.rows.len() * 1024), lang);
            for record in self.records() {
                jsonl.record(plan, &record)?;
            }
            Ok(jsonl.into_inner())
        });
    }

    /// The evaluated records, in order.
    fn records(&self) -> impl Iterator<Item = Evaluated<'_>> {
        self.rows
            .iter()
            .zip(&self.outcomes)
            .enumerate()
            .map(|(i, (row, outcome))| Evaluated {
                line: row.line,
                cells: &row.cells,
                errors: &row.errors,
                outcome,
                explanation: self.explanations.get(i).map(String::as_str),
            })
    }

    /// Write the evaluated batch, keep the totals if the writer prints them, and empty it for
    /// reuse.
    fn write(
        &mut self,
        plan: &Plan,
        writer: &mut dyn Writer,
        summary: &mut Summary,
        result: &mut Run,
    ) -> std::io::Result<()> {
        let totals = writer.totals();
        for record in self.records() {
            if record.error_count() > 0 {
                result.data_errors += 1;
            }
            if totals && result.overflow.is_none() {
                if let Err(overflow) = summary.add(plan, &record) {
                    result.overflow = Some(overflow);
                }
            }
        }
        match self.rendered.take() {
            Some(rendered) => writer.append(&rendered?)?,
            None => {
                for record in self.records() {
                    writer.record(plan, &record)?;
                }
            }
        }
        result
            .progress
            .add(u64::try_from(self.rows.len()).unwrap_or(u64::MAX));
        self.rows.clear();
        Ok(())
    }
}

/// What the evaluating pass adds to each decision.
#[derive(Clone, Copy)]
struct Pass<'a> {
    /// With `--explain`: the one-line explanation, in this language.
    explain: Option<Lang>,
    /// Render jsonl on the worker threads, in this language.
    render: Option<Lang>,
    /// The fund pools, shared out by the first pass.
    pools: Option<&'a crate::pool::Allocations>,
}

/// Stream every record through the plan into the writer, in input order. With `jobs` > 1 the
/// main thread reads and writes while `jobs` worker threads evaluate batches (and, for jsonl,
/// render them), at most `2 × jobs` (and at most [`MAX_IN_FLIGHT`]) batches in flight so memory
/// stays flat.
fn run(
    plan: &Plan,
    inputs: Vec<Records>,
    writer: &mut dyn Writer,
    jobs: usize,
    pass: Pass<'_>,
    diags: &Diagnostics,
    lang: Lang,
) -> std::io::Result<Run> {
    let mut summary = Summary::new(plan);
    if let Some(pools) = pass.pools {
        summary.pools.clone_from(&pools.pools);
    }
    let mut result = Run {
        data_errors: 0,
        failed: false,
        overflow: None,
        progress: Progress::new(diags.lang(Some(plan.lang))),
    };
    let mut failed = false;
    if jobs <= 1 {
        let mut batch = Batch::new(0);
        let only = Pass {
            render: None,
            ..pass
        };
        for (seq, rows) in (0..).zip(batches(inputs, diags, lang, &mut failed)) {
            batch.seq = seq;
            batch.rows = rows;
            batch.evaluate(plan, only);
            batch.write(plan, writer, &mut summary, &mut result)?;
        }
    } else {
        let (job_tx, job_rx) = mpsc::channel::<Batch>();
        let job_rx = Mutex::new(job_rx);
        std::thread::scope(|scope| -> std::io::Result<()> {
            let (done_tx, done_rx) = mpsc::channel::<Batch>();
            // More workers than batches in flight would only wait (and each keeps its own
            // allocator arena).
            for _ in 0..jobs.min(MAX_IN_FLIGHT) {
                let (job_rx, done_tx) = (&job_rx, done_tx.clone());
                scope.spawn(move || loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(mut batch) = job else { return };
                    let evaluate = AssertUnwindSafe(|| batch.evaluate(plan, pass));
                    let panicked = std::panic::catch_unwind(evaluate).is_err();
                    batch.redo = panicked;
                    if done_tx.send(batch).is_err() {
                        return;
                    }
                });
            }
            drop(done_tx);
            let in_flight = (2 * jobs).min(MAX_IN_FLIGHT) as u64;
            let mut sent = 0u64;
            let mut written = 0u64;
            let mut ready: BTreeMap<u64, Batch> = BTreeMap::new();
            let mut spare: Vec<Batch> = Vec::new();
            // Write the batches that are next in order; keep the emptied ones for reuse.
            let mut write_ready = |ready: &mut BTreeMap<u64, Batch>,
                                   written: &mut u64,
                                   spare: &mut Vec<Batch>|
             -> std::io::Result<()> {
                while let Some(mut batch) = ready.remove(written) {
                    if batch.redo {
                        batch.redo = false;
                        batch.evaluate(
                            plan,
                            Pass {
                                render: None,
                                ..pass
                            },
                        );
                    }
                    batch.write(plan, writer, &mut summary, &mut result)?;
                    *written += 1;
                    spare.push(batch);
                }
                Ok(())
            };
            let stopped = || std::io::Error::other("an evaluation thread stopped");
            for rows in batches(inputs, diags, lang, &mut failed) {
                let mut batch = spare.pop().unwrap_or_else(|| Batch::new(sent));
                batch.seq = sent;
                batch.rows = rows;
                job_tx.send(batch).map_err(|_| stopped())?;
                sent += 1;
                while let Ok(batch) = done_rx.try_recv() {
                    ready.insert(batch.seq, batch);
                }
                write_ready(&mut ready, &mut written, &mut spare)?;
                while sent - written >= in_flight {
                    let batch = done_rx.recv().map_err(|_| stopped())?;
                    ready.insert(batch.seq, batch);
                    write_ready(&mut ready, &mut written, &mut spare)?;
                }
            }
            drop(job_tx);
            while written < sent {
                let batch = done_rx.recv().map_err(|_| stopped())?;
                ready.insert(batch.seq, batch);
                write_ready(&mut ready, &mut written, &mut spare)?;
            }
            Ok(())
        })?;
    }
    result.failed |= failed;
    result.progress.finish();
    if result.overflow.is_none() {
        writer.finish(plan, &summary)?;
    }
    Ok(result)
}

/// The records of every input, in batches of [`BATCH`]; a file that cannot be read on is
/// reported and ends (`failed` is set), and the next one is read.
fn batches<'d>(
    inputs: Vec<Records>,
    diags: &'d Diagnostics,
    lang: Lang,
    failed: &'d mut bool,
) -> impl Iterator<Item = Vec<Row>> + 'd {
    let mut inputs = inputs.into_iter();
    let mut current = inputs.next();
    std::iter::from_fn(move || {
        let mut rows = Vec::with_capacity(BATCH);
        while rows.len() < BATCH {
            let records = current.as_mut()?;
            match records.next() {
                Some(Ok(row)) => rows.push(row),
                Some(Err(e)) => {
                    diags.emit_in(e, lang, None);
                    *failed = true;
                    current = inputs.next();
                }
                None => current = inputs.next(),
            }
            if current.is_none() {
                break;
            }
        }
        (!rows.is_empty()).then_some(rows)
    })
}
