//! `jiangbu diff OLD NEW RECORDS…`: which records' decisions change between two versions of a
//! policy, and what that does to the cost per clause, area and funding source.
//!
//! OLD is a policy or a saved result (`eval --format jsonl`). With two policies the record files
//! are opened once for each and read in step, so memory holds only the records that change;
//! a saved result is read whole and matched to the records by `id`.

use std::collections::HashMap;
use std::io::{Cursor, Read as _, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::usage::{refuse, stdin_once, usage_lang};
use super::{apply_sets, load, output_failed, DiagArgs, Diagnostics, Exit, ReadArgs};
use crate::data::{
    is_stdin, open_records, read_records, ReadError, ReadOptions, Records, UnknownColumns,
    STDIN_SHOWN,
};
use crate::diag::localize::english_diagnostic;
use crate::diag::{text, Localize, Texts};
use crate::eval::evaluate;
use crate::eval::plan::Plan;
use crate::output::Output;
use crate::pipeline::{self, Batch, Sink};
use crate::report::diff::{
    write_json, write_table, Columns, Decision, Diff, DiffReport, Layout, Note, SavedResult, Side,
    TotalOverflow,
};
use crate::report::Evaluated;
use crate::syntax::keywords::Lang;

/// Output formats of `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Aligned text for people: the records that change, then the cost old → new.
    Table,
    /// One JSON document with the same content.
    Json,
}

/// Arguments of `jiangbu diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old policy (`-`: standard input), or a saved result: what `jiangbu eval … --format jsonl` (or `json`)
    /// wrote (recognised by its `.jsonl`, `.ndjson` or `.json` extension).
    pub old: PathBuf,
    /// The new policy (`-`: standard input).
    pub new: PathBuf,
    /// Record files, read in order, as for `eval` (`-`: standard input, read whole).
    #[arg(required = true)]
    pub records: Vec<PathBuf>,
    /// How record files are read.
    #[command(flatten)]
    pub read: ReadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
    /// Override a parameter in both policies (only in NEW when OLD is a saved result):
    /// `--set 第一条奖补=50万元` (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// Override a parameter in OLD only, after `--set` (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    pub set_old: Vec<String>,
    /// Override a parameter in NEW only, after `--set` (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    pub set_new: Vec<String>,
    /// Write the report to a file instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language and format of diagnostics.
    #[command(flatten)]
    pub diag: DiagArgs,
}

/// `--set-old` with a saved result.
#[derive(Debug)]
pub struct SetOldOnSaved;

/// A saved result cannot be matched to the records.
#[derive(Debug)]
pub enum NoKey {
    /// NEW declares no key field.
    NoKeyField {
        /// NEW, as given.
        policy: String,
    },
    /// A saved record has no `id`.
    NoId {
        /// The saved result, as given.
        path: String,
        /// The record's position, from 1.
        record: usize,
        /// Its `row`.
        row: u64,
    },
}

/// Two records of a saved result share an `id`.
#[derive(Debug)]
pub struct DuplicateId {
    path: String,
    id: String,
}

/// The two readings of one file gave different numbers of records.
#[derive(Debug)]
pub struct OutOfStep {
    path: String,
}

impl Localize for SetOldOnSaved {
    fn texts(&self) -> Texts {
        Texts {
            code: "jiangbu::diff::set_old_saved",
            message: text!(
                "`--set-old` cannot change a saved result",
                "`--set-old` 不能改变已保存的评估结果"
            ),
            labels: Vec::new(),
            help: text!(
                "a saved result holds decisions already made; to vary OLD's parameters, give its policy file as OLD",
                "已保存的结果记录的是已作出的决定；要改变旧方参数，请以其政策文件作为 OLD"
            ),
        }
    }
}

impl Localize for NoKey {
    fn texts(&self) -> Texts {
        let message = match self {
            NoKey::NoKeyField { policy } => text!(
                "a saved result is matched to the records by `id`, but `{policy}` declares no key field",
                "已保存的结果按 `id` 与记录对应，但 `{policy}` 没有声明主键字段"
            ),
            NoKey::NoId { path, record, row } => text!(
                "a saved result is matched to the records by `id`, but record {record} of `{path}` (row {row}) has no `id`",
                "已保存的结果按 `id` 与记录对应，但 `{path}` 的第 {record} 条记录（第 {row} 行）没有 `id`"
            ),
        };
        Texts {
            code: "jiangbu::diff::no_key",
            message,
            labels: Vec::new(),
            help: text!(
                "declare a key field (`主键`) in the policy, or give the old policy file as OLD",
                "请在政策中声明主键字段（`主键`），或以旧政策文件作为 OLD"
            ),
        }
    }
}

impl Localize for DuplicateId {
    fn texts(&self) -> Texts {
        let (path, id) = (&self.path, &self.id);
        Texts {
            code: "jiangbu::diff::duplicate_id",
            message: text!(
                "`{path}` has more than one record with `id` `{id}`",
                "`{path}` 有多条 `id` 为 `{id}` 的记录"
            ),
            labels: Vec::new(),
            help: text!(
                "a saved result must come from records with unique keys; remove the duplicate and save it again",
                "已保存的结果须来自主键不重复的记录；请去掉重复记录后重新保存"
            ),
        }
    }
}

impl Localize for OutOfStep {
    fn texts(&self) -> Texts {
        let path = &self.path;
        Texts {
            code: "jiangbu::diff::out_of_step",
            message: text!(
                "`{path}` gave OLD and NEW a different number of records",
                "`{path}` 为新旧两方读出的记录数不同"
            ),
            labels: Vec::new(),
            help: text!(
                "the file changed while it was read; run the diff again",
                "文件在读取期间被修改；请重新比较"
            ),
        }
    }
}

english_diagnostic!(SetOldOnSaved);
english_diagnostic!(NoKey);
english_diagnostic!(DuplicateId);
english_diagnostic!(OutOfStep);

/// A file is a saved result (not a policy) by its extension.
fn is_saved(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("jsonl" | "ndjson" | "json"))
}

/// The OLD side, loaded.
enum Old {
    Policy(Box<Plan>),
    Saved(SavedResult),
}

/// What a run found.
struct Run {
    report: DiffReport,
    data_errors: bool,
}

/// Run `jiangbu diff`.
pub fn diff(args: &DiffArgs, diags: &Diagnostics) -> Exit {
    let diags = &diags.with_args(&args.diag);
    let named = [args.old.as_path(), args.new.as_path()];
    if let Err(exit) = stdin_once(
        named
            .into_iter()
            .chain(args.records.iter().map(PathBuf::as_path)),
        diags,
    ) {
        return exit;
    }
    if let Some(usage) = args.read.misapplied(&args.records) {
        return refuse(usage, diags, usage_lang(diags, &args.new));
    }
    let old = load_old(args, diags);
    let new = load_policy(&args.new, &args.set, &args.set_new, diags);
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(exit), _) | (_, Err(exit)) => return exit,
    };
    // Refuse an output that is an input, or in a missing folder, before the comparison runs; a
    // file is replaced only once the whole report is written.
    let lang = diags.lang(Some(new.lang));
    let diags = &diags.speaking(lang);
    let mut read = vec![args.old.as_path(), args.new.as_path()];
    read.extend(args.records.iter().map(PathBuf::as_path));
    let output = match Output::to(args.output.as_deref(), &read) {
        Ok(output) => output,
        Err(error) => return output_failed(error, diags, lang),
    };
    let run = match &old {
        Old::Policy(old_plan) => compare_policies(args, old_plan, &new, diags),
        Old::Saved(saved) => compare_saved(args, saved, &new, diags),
    };
    let Some(run) = run else {
        if let Some(note) = output.abandon() {
            diags.emit_in(note, lang, None);
        }
        return Exit::Failed;
    };
    if let Err(error) = write(&output, args.format, &run.report, lang) {
        return output_failed(output.error(error), diags, lang);
    }
    if let Err(error) = output.finish() {
        return output_failed(error, diags, lang);
    }
    if run.data_errors {
        diags.line(DiffDataErrors, lang);
        Exit::DataErrors
    } else {
        Exit::Ok
    }
}

/// The line a comparison ends with when records had data errors (exit status 3): the report
/// compares them as evaluated, and `eval` lists the errors.
#[derive(Debug)]
struct DiffDataErrors;

impl Localize for DiffDataErrors {
    fn texts(&self) -> Texts {
        Texts {
            code: "jiangbu::diff::data_errors",
            message: text!(
                "some records have data errors: they are compared as evaluated, with those fields unknown",
                "部分记录数据有误：按评估结果比较，相关字段视为未知"
            ),
            labels: Vec::new(),
            help: text!(
                "`jiangbu eval` with the new policy lists each error in its notes",
                "用新政策运行 `jiangbu eval`，其“说明”列逐条列出这些错误"
            ),
        }
    }

    fn severity(&self) -> miette::Severity {
        miette::Severity::Warning
    }
}

english_diagnostic!(DiffDataErrors);

/// Load a policy and apply `--set`, then the side's own overrides.
fn load_policy(
    path: &Path,
    set: &[String],
    own: &[String],
    diags: &Diagnostics,
) -> Result<Plan, Exit> {
    let mut plan = load(path, diags).ok_or(Exit::Failed)?;
    let shared = apply_sets(&mut plan, set, path, diags);
    let own = apply_sets(&mut plan, own, path, diags);
    shared.and(own).map(|()| plan)
}

fn load_old(args: &DiffArgs, diags: &Diagnostics) -> Result<Old, Exit> {
    if !is_saved(&args.old) {
        let plan = load_policy(&args.old, &args.set, &args.set_old, diags)?;
        return Ok(Old::Policy(Box::new(plan)));
    }
    if !args.set_old.is_empty() {
        diags.emit_in(SetOldOnSaved, usage_lang(diags, &args.new), None);
        return Err(Exit::Usage);
    }
    match SavedResult::read(&args.old) {
        Ok(saved) => Ok(Old::Saved(saved)),
        Err(e) => {
            diags.emit_in(e, usage_lang(diags, &args.new), None);
            Err(Exit::Failed)
        }
    }
}

/// Open every record file for each plan before reading any, so a missing file or column stops
/// the run early. Warns once per file about columns that neither policy reads.
fn open_all(args: &DiffArgs, plans: &[&Plan], diags: &Diagnostics) -> Option<Vec<Vec<Records>>> {
    // One key table per plan: each plan reads every file once.
    let options: Vec<ReadOptions> = plans.iter().map(|_| args.read.options(false)).collect();
    let mut inputs = Vec::with_capacity(args.records.len());
    for path in &args.records {
        // Standard input is read once, whole, and each plan reads its own copy.
        let stdin: Option<Arc<[u8]>> = if is_stdin(path) {
            let mut bytes = Vec::new();
            if let Err(error) = std::io::stdin().lock().read_to_end(&mut bytes) {
                let name = STDIN_SHOWN.to_string();
                diags.say(ReadError::Read { name, error }, None);
                return None;
            }
            Some(bytes.into())
        } else {
            None
        };
        let mut opened = Vec::with_capacity(plans.len());
        for (plan, options) in plans.iter().zip(&options) {
            let records = match &stdin {
                Some(bytes) => {
                    let input = Box::new(Cursor::new(Arc::clone(bytes)));
                    read_records(input, STDIN_SHOWN, &plan.schema, options)
                }
                None => open_records(path, &plan.schema, options),
            };
            match records {
                Ok(records) => opened.push(records),
                Err(e) => {
                    diags.say(e, None);
                    return None;
                }
            }
        }
        let unknown: Vec<String> = opened
            .first()
            .map(|r| r.unknown_columns().to_vec())
            .unwrap_or_default()
            .into_iter()
            .filter(|c| opened.iter().all(|r| r.unknown_columns().contains(c)))
            .collect();
        if !unknown.is_empty() {
            let name = path.display().to_string();
            diags.say(
                UnknownColumns {
                    name,
                    columns: unknown,
                },
                None,
            );
        }
        // Both sides read the same file: its template row, skipped, is said once.
        if let Some(warning) = opened.first().and_then(Records::template_row_warning) {
            diags.say(warning, None);
        }
        inputs.push(opened);
    }
    Some(inputs)
}

fn side(path: &Path, plan: Option<&Plan>) -> Side {
    Side {
        path: path.display().to_string(),
        saved: plan.is_none(),
        title: plan.map(|p| p.title.clone()),
    }
}

fn finish(
    diff: Diff,
    old: Side,
    new: &Plan,
    args: &DiffArgs,
    notes: Vec<Note>,
    diags: &Diagnostics,
) -> Option<DiffReport> {
    match diff.finish(old, side(&args.new, Some(new)), Columns::of(new), notes) {
        Ok(report) => Some(report),
        Err(e) => {
            diags.say(e, None);
            None
        }
    }
}

/// Evaluate one row (the `ordinal`-th record read) against a plan into a decision, with what
/// its fund pools allocate it; true when the record has data errors.
fn decide(
    plan: &Plan,
    row: &crate::data::Row,
    pools: Option<&crate::pool::Allocations>,
    ordinal: u64,
) -> (Decision, bool) {
    let mut outcome = evaluate(plan, &row.cells);
    if let Some(pools) = pools {
        pools.apply(ordinal, &mut outcome);
    }
    let record = Evaluated {
        line: row.line,
        cells: &row.cells,
        errors: &row.errors,
        outcome: &outcome,
        explanation: None,
    };
    (Decision::of(plan, &record), record.error_count() > 0)
}

/// A policy's fund pools shared out over the records (`None` without pools); `None` outside
/// when the pass failed (reported).
fn first_pass(
    plan: &Plan,
    args: &DiffArgs,
    diags: &Diagnostics,
) -> Option<Option<crate::pool::Allocations>> {
    let lang = diags.lang(Some(plan.lang));
    super::pools::first_pass(plan, &args.records, &args.read.options(true), diags, lang).ok()
}

/// The pipeline's options for a diff: every core, no explanations; NEW's fund pools, for a run
/// whose first record is the `start`-th read.
fn options(pools: Option<&crate::pool::Allocations>, start: u64) -> pipeline::Options<'_> {
    let jobs = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    pipeline::Options {
        jobs,
        explain: None,
        pools,
        start,
    }
}

/// Why a comparison stopped part way.
enum Stop {
    /// A records file could not be read on.
    Read(ReadError),
    /// The files read differently for the two policies.
    OutOfStep,
    /// A total overflowed.
    Overflow(TotalOverflow),
}

/// The sink of a comparison: each record NEW decided (by the pipeline's workers) is compared
/// with what OLD decides for it: the same record of the OLD policy's reading, in step, or the
/// saved decision with the same `id`.
struct Compare<'a> {
    diff: &'a mut Diff,
    old: Against<'a>,
    /// The place in the input of the next record (across every file), for the pools.
    next: &'a mut u64,
    data_errors: bool,
    stop: Option<Stop>,
}

/// What a record is compared with.
enum Against<'a> {
    /// The OLD policy, reading the same file in step.
    Policy {
        plan: &'a Plan,
        rows: &'a mut Records,
        /// OLD's fund pools, shared out over the same records.
        pools: Option<&'a crate::pool::Allocations>,
    },
    /// A saved result, by `id`; `matched` marks the saved records met.
    Saved {
        saved: &'a SavedResult,
        index: &'a HashMap<&'a str, usize>,
        matched: &'a mut Vec<bool>,
    },
}

/// The error that stops the pipeline once a comparison cannot go on (the reason is in
/// [`Compare::stop`]).
fn stopped() -> std::io::Error {
    std::io::Error::other("the comparison stopped")
}

impl Sink for Compare<'_> {
    fn batch(&mut self, plan: &Plan, batch: &Batch) -> std::io::Result<()> {
        for record in batch.records() {
            let ordinal = *self.next;
            *self.next += 1;
            let after = Decision::of(plan, &record);
            self.data_errors |= record.error_count() > 0;
            let added = match &mut self.old {
                Against::Policy {
                    plan: old,
                    rows,
                    pools,
                } => {
                    let row = match rows.next() {
                        Some(Ok(row)) => row,
                        Some(Err(e)) => {
                            self.stop = Some(Stop::Read(e));
                            return Err(stopped());
                        }
                        None => {
                            self.stop = Some(Stop::OutOfStep);
                            return Err(stopped());
                        }
                    };
                    let (before, errors) = decide(old, &row, *pools, ordinal);
                    self.data_errors |= errors;
                    self.diff.add(Some(&before), Some(&after))
                }
                Against::Saved {
                    saved,
                    index,
                    matched,
                } => {
                    let before = after.id.as_deref().and_then(|id| index.get(id)).map(|&i| {
                        if let Some(m) = matched.get_mut(i) {
                            *m = true;
                        }
                        &saved.records[i]
                    });
                    self.diff.add(before, Some(&after))
                }
            };
            if let Err(overflow) = added {
                self.stop = Some(Stop::Overflow(overflow));
                return Err(stopped());
            }
        }
        Ok(())
    }

    fn read_error(&mut self, error: ReadError) {
        self.stop.get_or_insert(Stop::Read(error));
    }
}

/// Run the pipeline over `rows` for NEW into `compare`; what stopped it is reported.
fn compare(
    new: &Plan,
    pools: Option<&crate::pool::Allocations>,
    rows: Records,
    mut compare: Compare<'_>,
    path: &Path,
    diags: &Diagnostics,
) -> Option<bool> {
    let start = *compare.next;
    let run = pipeline::run(new, [rows], &options(pools, start), &mut compare);
    if run.is_ok() && compare.stop.is_none() {
        if let Against::Policy { rows, .. } = &mut compare.old {
            match rows.next() {
                None => {}
                Some(Err(e)) => compare.stop = Some(Stop::Read(e)),
                Some(Ok(_)) => compare.stop = Some(Stop::OutOfStep),
            }
        }
    }
    match compare.stop {
        None => Some(compare.data_errors),
        Some(Stop::Read(e)) => {
            diags.say(e, None);
            None
        }
        Some(Stop::OutOfStep) => {
            let path = path.display().to_string();
            diags.say(OutOfStep { path }, None);
            None
        }
        Some(Stop::Overflow(e)) => {
            diags.say(e, None);
            None
        }
    }
}

/// OLD and NEW are policies: read each file once per policy, in step; the pipeline's workers
/// decide NEW, the calling thread OLD.
fn compare_policies(args: &DiffArgs, old: &Plan, new: &Plan, diags: &Diagnostics) -> Option<Run> {
    let inputs = open_all(args, &[old, new], diags)?;
    let old_pools = first_pass(old, args, diags)?;
    let new_pools = first_pass(new, args, diags)?;
    let mut diff = Diff::new(Layout::of(old), Layout::of(new));
    let mut data_errors = false;
    let mut ordinal = 0u64;
    for (path, mut pair) in args.records.iter().zip(inputs) {
        let (Some(new_rows), Some(mut old_rows)) = (pair.pop(), pair.pop()) else {
            continue;
        };
        let sink = Compare {
            diff: &mut diff,
            old: Against::Policy {
                plan: old,
                rows: &mut old_rows,
                pools: old_pools.as_ref(),
            },
            next: &mut ordinal,
            data_errors: false,
            stop: None,
        };
        data_errors |= compare(new, new_pools.as_ref(), new_rows, sink, path, diags)?;
    }
    let report = finish(
        diff,
        side(&args.old, Some(old)),
        new,
        args,
        Vec::new(),
        diags,
    )?;
    Some(Run {
        report,
        data_errors,
    })
}

fn added(result: Result<(), TotalOverflow>, diags: &Diagnostics) -> Option<()> {
    result.map_err(|e| diags.say(e, None)).ok()
}

/// OLD is a saved result: read the records once, for NEW, and match them to it by `id`.
fn compare_saved(
    args: &DiffArgs,
    saved: &SavedResult,
    new: &Plan,
    diags: &Diagnostics,
) -> Option<Run> {
    let shown = args.old.display().to_string();
    if new.schema.key_slot().is_none() {
        let policy = args.new.display().to_string();
        diags.say(NoKey::NoKeyField { policy }, None);
        return None;
    }
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(saved.records.len());
    for (i, d) in saved.records.iter().enumerate() {
        let Some(id) = d.id.as_deref() else {
            let (path, record, row) = (shown, i + 1, d.row);
            diags.say(NoKey::NoId { path, record, row }, None);
            return None;
        };
        if index.insert(id, i).is_some() {
            let id = id.to_string();
            diags.say(DuplicateId { path: shown, id }, None);
            return None;
        }
    }
    let inputs = open_all(args, &[new], diags)?;
    let new_layout = Layout::of(new);
    let mut old_layout = saved.layout.clone();
    if saved.notes.contains(&Note::FundsFromNew) {
        old_layout.borrow_funds(&new_layout);
    }
    let mut diff = Diff::new(old_layout, new_layout);
    let mut matched = vec![false; saved.records.len()];
    let mut data_errors = false;
    let pools = first_pass(new, args, diags)?;
    let mut ordinal = 0u64;
    for (path, mut one) in args.records.iter().zip(inputs) {
        let Some(rows) = one.pop() else {
            continue;
        };
        let sink = Compare {
            diff: &mut diff,
            old: Against::Saved {
                saved,
                index: &index,
                matched: &mut matched,
            },
            next: &mut ordinal,
            data_errors: false,
            stop: None,
        };
        data_errors |= compare(new, pools.as_ref(), rows, sink, path, diags)?;
    }
    for (d, _) in saved.records.iter().zip(&matched).filter(|(_, m)| !**m) {
        added(diff.add(Some(d), None), diags)?;
    }
    let old_side = Side {
        path: shown,
        saved: true,
        title: saved.title.clone(),
    };
    let report = finish(diff, old_side, new, args, saved.notes.clone(), diags)?;
    Some(Run {
        report,
        data_errors,
    })
}

/// Write the report to `output` (`-o FILE` or standard output).
fn write(
    output: &Output,
    format: DiffFormat,
    report: &DiffReport,
    lang: Lang,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(output.writer());
    match format {
        DiffFormat::Table => write_table(&mut out, report, lang)?,
        DiffFormat::Json => write_json(&mut out, report, lang)?,
    }
    out.flush()
}
