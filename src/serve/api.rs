//! The JSON API the page calls. Every answer is made by a library entry point and serialised by
//! the library's own writers: diagnostics are `check --error-format json`'s lines, results are
//! `eval --format json`'s document, an explanation is `explain`'s text, a comparison is `diff
//! --format json`'s report. Nothing here computes an amount or a total.

use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use super::page::labels;
use super::{Source, Workbench};
use crate::data::{open_records, read_records, InputFormat, ReadError, ReadOptions, Row};
use crate::diag::localize::english_diagnostic;
use crate::diag::{detect_lang, env_lang, json_line, text, Localize, Localized, Texts};
use crate::eval::evaluate_traced;
use crate::eval::plan::Plan;
use crate::eval::value::Cell;
use crate::example::{run_example, Mismatch};
use crate::output::{Output, OutputError, RowLimit, XLSX_MAX_RECORDS};
use crate::pipeline::{self, Batch, Report, Sink};
use crate::pool::{Allocations, FirstPass};
use crate::report::diff::{write_json, Columns, Decision, Diff, Layout, Side};
use crate::report::explain::explain_text;
use crate::report::{CsvWriter, Evaluated, JsonWriter, TotalsOverflow, Writer, XlsxWriter};
use crate::syntax::keywords::{Lang, KEYWORDS};

/// A request about the policy as it stands in the editor.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PolicyRequest {
    /// The policy's text.
    pub policy: String,
    /// For `explain`: the key (`主键`) of the record to explain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// What `/api/check` answers: the diagnostics `check --error-format json` prints, one object
/// each, in the policy's language.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CheckResponse {
    /// The language of the messages (`zh` or `en`).
    pub lang: String,
    /// True when the policy compiles (it may still have warnings).
    pub ok: bool,
    /// Errors and warnings, as `check --error-format json` gives them.
    pub diagnostics: Vec<Value>,
}

/// What `/api/state` answers: what the page starts from.
#[derive(Clone, Debug, Serialize)]
pub struct StateResponse {
    /// The language of the page (`zh` or `en`): the policy's.
    pub lang: String,
    /// The page's texts in that language, by name.
    pub labels: Vec<(&'static str, String)>,
    /// Every keyword spelling, for highlighting (the one keyword table).
    pub keywords: Vec<&'static str>,
    /// The policy file as named on the command line, if one was.
    pub path: Option<String>,
    /// Its text (empty without a file).
    pub policy: String,
    /// The record files loaded.
    pub records: Vec<String>,
}

/// What `/api/test` answers: the worked examples (`jiangbu test`) of the edited policy.
#[derive(Clone, Debug, Serialize)]
pub struct TestResponse {
    /// Examples that pass.
    pub passed: usize,
    /// Examples that fail.
    pub failed: usize,
    /// Each example.
    pub examples: Vec<ExampleResult>,
}

/// One worked example's result.
#[derive(Clone, Debug, Serialize)]
pub struct ExampleResult {
    /// Its name.
    pub name: String,
    /// Every expectation not met (none: it passes).
    pub mismatches: Vec<Mismatch>,
}

/// A request that could not be answered: its status and the diagnostics that say why (as
/// `check --error-format json` gives them).
#[derive(Debug)]
pub struct Failure {
    status: StatusCode,
    diagnostics: Vec<Value>,
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "diagnostics": self.diagnostics });
        (self.status, Json(body)).into_response()
    }
}

/// A diagnostic as `check --error-format json` prints it, in `lang`, against a source
/// `(name, text)` when it has spans.
fn diagnostic<E>(error: E, lang: Lang, source: Option<(&str, &str)>) -> Value
where
    E: Localize + std::fmt::Debug + Send + Sync + 'static,
{
    let line = json_line(
        &Localized::new(error, lang),
        source.map(|s| s.0),
        source.map(|s| s.1),
    );
    serde_json::from_str(&line).unwrap_or(Value::Null)
}

fn fail<E>(status: StatusCode, error: E, lang: Lang) -> Failure
where
    E: Localize + std::fmt::Debug + Send + Sync + 'static,
{
    Failure {
        status,
        diagnostics: vec![diagnostic(error, lang, None)],
    }
}

/// Errors of the workbench itself.
#[derive(Debug)]
pub enum ServeError {
    /// Save or compare without a policy file named on the command line.
    NoPolicyFile,
    /// No loaded record has the key asked for.
    UnknownId {
        /// The key asked for.
        id: String,
    },
    /// The saved policy file (for the comparison) cannot be read.
    SavedUnreadable {
        /// The file.
        path: String,
        /// Why: the operating system's error, glossed in Chinese as read errors are.
        error: std::io::Error,
    },
}

impl Localize for ServeError {
    fn texts(&self) -> Texts {
        match self {
            ServeError::NoPolicyFile => Texts {
                code: "jiangbu::serve::no_policy_file",
                message: text!(
                    "no policy file was named when the server started",
                    "启动服务时没有指定政策文件"
                ),
                labels: Vec::new(),
                help: text!(
                    "start it as `jiangbu serve FILE.policy`: that file is the one saved and compared with",
                    "请用 `jiangbu serve 文件.policy` 启动：保存和比较的就是这个文件"
                ),
            },
            ServeError::UnknownId { id } => Texts {
                code: "jiangbu::serve::unknown_id",
                message: text!(
                    "no loaded record has the key `{id}`",
                    "已载入的记录中没有主键为 `{id}` 的记录"
                ),
                labels: Vec::new(),
                help: text!(
                    "click an enterprise in the results table",
                    "请在结果表中点击一家企业"
                ),
            },
            ServeError::SavedUnreadable { path, error } => Texts {
                code: "jiangbu::serve::saved_unreadable",
                message: {
                    let crate::diag::Text { en, zh } = crate::diag::os_text(error);
                    text!(
                        "cannot read the saved policy `{path}`: {en}",
                        "无法读取已保存的政策 `{path}`：{zh}"
                    )
                },
                labels: Vec::new(),
                help: text!(
                    "save the policy first, or check that the file may be read",
                    "请先保存政策，或检查文件是否可读"
                ),
            },
        }
    }
}

english_diagnostic!(ServeError);

/// The language to speak before a policy is parsed: its keywords', else `LANG`, else English.
fn text_lang(source: &str) -> Lang {
    detect_lang(source).or_else(env_lang).unwrap_or(Lang::En)
}

/// The name diagnostics give the policy in the editor: its file's, else `policy`.
fn policy_name(bench: &Workbench) -> String {
    bench
        .policy
        .as_ref()
        .map_or_else(|| "policy".to_string(), |p| p.display().to_string())
}

/// A compiled policy with its lints' warnings (as JSON diagnostics) and language.
struct Compiled {
    plan: Plan,
    warnings: Vec<Value>,
    lang: Lang,
}

/// Parse and check `source` as `check` does; `Err` with every error, in the policy's language.
fn compile(source: &str, name: &str) -> Result<Compiled, (Lang, Vec<Value>)> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let at = Some((name, source));
    let policy = match crate::parse(source) {
        Ok(policy) => policy,
        Err(errors) => {
            let lang = text_lang(source);
            let errors = errors.into_iter().map(|e| diagnostic(e, lang, at));
            return Err((lang, errors.collect()));
        }
    };
    let lang = policy.lang;
    match crate::check::check_with_warnings(&policy, source) {
        Ok((plan, warnings)) => Ok(Compiled {
            plan,
            warnings: warnings
                .into_iter()
                .map(|w| diagnostic(w, lang, at))
                .collect(),
            lang,
        }),
        Err(errors) => {
            let errors = errors.into_iter().map(|e| diagnostic(e, lang, at));
            Err((lang, errors.collect()))
        }
    }
}

/// The edited policy compiled, or a 422 with its errors.
fn compiled(bench: &Workbench, source: &str) -> Result<Compiled, Failure> {
    compile(source, &policy_name(bench)).map_err(|(_, diagnostics)| Failure {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        diagnostics,
    })
}

/// Every loaded record, read against `plan`'s fields with the same readers as `eval`: the
/// files named on the command line, the dropped ones from memory.
fn rows(bench: &Workbench, plan: &Plan, lang: Lang) -> Result<Vec<Row>, Failure> {
    rows_and_warnings(bench, plan, lang).map(|(rows, _)| rows)
}

/// [`rows`], with the warning about columns no field reads, one per file (as `eval` prints it).
fn rows_and_warnings(
    bench: &Workbench,
    plan: &Plan,
    lang: Lang,
) -> Result<(Vec<Row>, Vec<Value>), Failure> {
    let mut warnings = Vec::new();
    let options = ReadOptions::default().for_one_run();
    let mut rows = Vec::new();
    for source in bench.sources() {
        let records = match &source {
            Source::File(path) => open_records(path, &plan.schema, &options),
            Source::Upload { name, bytes } => {
                // The name's extension tells the format, as a file's does; nothing is opened.
                let options = ReadOptions {
                    format: Some(InputFormat::of(Path::new(name))),
                    ..options.clone()
                };
                let input = Box::new(Cursor::new(Arc::clone(bytes)));
                read_records(input, name, &plan.schema, &options)
            }
        };
        let records = records.map_err(|e| fail(StatusCode::UNPROCESSABLE_ENTITY, e, lang))?;
        if let Some(warning) = records.unknown_columns_warning() {
            // As `eval` prints it, in the policy's language.
            warnings.push(diagnostic(warning, lang, None));
        }
        if let Some(warning) = records.template_row_warning() {
            warnings.push(diagnostic(warning, lang, None));
        }
        for row in records {
            rows.push(row.map_err(|e| fail(StatusCode::UNPROCESSABLE_ENTITY, e, lang))?);
        }
    }
    Ok((rows, warnings))
}

/// The fund pools shared out over `rows`, as `eval`'s first pass shares them: `None` for a
/// policy without pools.
fn allocations(plan: &Plan, rows: &[Row], lang: Lang) -> Result<Option<Allocations>, Failure> {
    let Some(mut pass) = FirstPass::new(plan) else {
        return Ok(None);
    };
    for row in rows {
        pass.add(plan, row.line, &row.cells);
    }
    let too_large = |e| fail(StatusCode::UNPROCESSABLE_ENTITY, e, lang);
    pass.finish(plan).map(Some).map_err(too_large)
}

/// The options the workbench runs the pipeline with: one thread (each request is one task),
/// the pools' allocations.
fn run_options(pools: Option<&Allocations>) -> pipeline::Options<'_> {
    pipeline::Options {
        pools,
        ..pipeline::Options::default()
    }
}

/// A sink that hands each decided record to `each` and then to `then`, if any.
struct Each<'s, F, E> {
    each: F,
    then: Option<&'s mut dyn Sink>,
    /// What `each` failed with (the run then stops).
    failed: Option<E>,
}

impl<F, E> Sink for Each<'_, F, E>
where
    F: FnMut(&Evaluated<'_>) -> Result<(), E>,
{
    fn batch(&mut self, plan: &Plan, batch: &Batch) -> std::io::Result<()> {
        for record in batch.records() {
            if let Err(e) = (self.each)(&record) {
                self.failed = Some(e);
                return Err(std::io::Error::other("stopped"));
            }
        }
        match self.then.as_mut() {
            Some(then) => then.batch(plan, batch),
            None => Ok(()),
        }
    }

    fn read_error(&mut self, error: ReadError) {
        if let Some(then) = self.then.as_mut() {
            then.read_error(error);
        }
    }
}

/// The workbench's one evaluation call: `rows` through `crate::pipeline::run` (with the fund
/// pools' allocations, as `eval` runs it), in order, each record handed to `each` as the
/// writers see it, then to `then`.
fn each_evaluated<E: From<std::io::Error>>(
    plan: &Plan,
    rows: Vec<Row>,
    pools: Option<&Allocations>,
    each: impl FnMut(&Evaluated<'_>) -> Result<(), E>,
    then: Option<&mut dyn Sink>,
) -> Result<(), E> {
    let mut sink = Each {
        each,
        then,
        failed: None,
    };
    let inputs = [pipeline::Typed(rows.into_iter().map(Ok::<Row, ReadError>))];
    match pipeline::run(plan, inputs, &run_options(pools), &mut sink) {
        Ok(()) => Ok(()),
        Err(error) => Err(sink.failed.take().unwrap_or_else(|| E::from(error))),
    }
}

/// Why writing the results failed.
enum WriteFailed {
    Io(std::io::Error),
    Overflow(TotalsOverflow),
}

impl From<std::io::Error> for WriteFailed {
    fn from(error: std::io::Error) -> Self {
        WriteFailed::Io(error)
    }
}

/// Every row evaluated into `writer` by the pipeline's `Report` (the totals, and the pools'
/// results, as `eval` writes them); `also` sees each record too.
fn write_results(
    plan: &Plan,
    rows: Vec<Row>,
    pools: Option<&Allocations>,
    writer: &mut dyn Writer,
    mut also: impl FnMut(&Evaluated<'_>),
) -> Result<(), WriteFailed> {
    let mut report = Report::records(writer).with_pools(pools);
    let each = |record: &Evaluated<'_>| {
        also(record);
        Ok::<(), WriteFailed>(())
    };
    each_evaluated(plan, rows, pools, each, Some(&mut report))?;
    if let Some(overflow) = report.overflow() {
        return Err(WriteFailed::Overflow(overflow));
    }
    report.finish(plan).map_err(WriteFailed::Io)
}

/// A failed write as a response: the writer's own error (a workbook's row limit), else the
/// error met writing `shown`.
fn write_failure(failed: WriteFailed, shown: &str, lang: Lang) -> Failure {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    match failed {
        WriteFailed::Overflow(overflow) => fail(status, overflow, lang),
        WriteFailed::Io(error) => {
            let error = if error.get_ref().is_some_and(|e| e.is::<OutputError>()) {
                match error.into_inner().map(|e| e.downcast::<OutputError>()) {
                    Some(Ok(own)) => *own,
                    _ => OutputError::NotReplaced {
                        path: shown.to_string(),
                    },
                }
            } else {
                OutputError::Write {
                    path: shown.to_string(),
                    error,
                }
            };
            fail(status, error, lang)
        }
    }
}

fn raw(json: String) -> Box<RawValue> {
    RawValue::from_string(json).unwrap_or_default()
}

/// `GET /api/state`.
pub async fn state(State(bench): State<Arc<Workbench>>) -> Response {
    let policy = match &bench.policy {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => text.strip_prefix('\u{feff}').unwrap_or(&text).to_string(),
            Err(error) => {
                let path = path.display().to_string();
                let lang = env_lang().unwrap_or(Lang::En);
                let e = ServeError::SavedUnreadable { path, error };
                return fail(StatusCode::INTERNAL_SERVER_ERROR, e, lang).into_response();
            }
        },
        None => String::new(),
    };
    let lang = text_lang(&policy);
    let mut keywords: Vec<&'static str> = KEYWORDS
        .iter()
        .flat_map(|k| k.zh.iter().chain(k.en.iter()).copied())
        .collect();
    // Longest first, so `不大于` is highlighted whole before `大于`.
    keywords.sort_by_key(|k| std::cmp::Reverse(k.chars().count()));
    keywords.dedup();
    Json(StateResponse {
        lang: lang.code().to_string(),
        labels: labels(lang),
        keywords,
        path: bench.policy.as_ref().map(|p| p.display().to_string()),
        policy,
        records: bench.sources().iter().map(Source::name).collect(),
    })
    .into_response()
}

/// `POST /api/check`: the edited policy's errors and warnings, as `check` finds them.
pub async fn check(
    State(bench): State<Arc<Workbench>>,
    Json(request): Json<PolicyRequest>,
) -> Json<CheckResponse> {
    Json(match compile(&request.policy, &policy_name(&bench)) {
        Ok(compiled) => CheckResponse {
            lang: compiled.lang.code().to_string(),
            ok: true,
            diagnostics: compiled.warnings,
        },
        Err((lang, diagnostics)) => CheckResponse {
            lang: lang.code().to_string(),
            ok: false,
            diagnostics,
        },
    })
}

/// `POST /api/evaluate`: `eval --format json`'s document for the loaded records.
pub async fn evaluate(
    State(bench): State<Arc<Workbench>>,
    Json(request): Json<PolicyRequest>,
) -> Result<Response, Failure> {
    let Compiled { plan, lang, .. } = compiled(&bench, &request.policy)?;
    let (rows, warnings) = rows_and_warnings(&bench, &plan, lang)?;
    let pools = allocations(&plan, &rows, lang)?;
    let mut out = Vec::new();
    // The contract's record carries no name or area, nor one figure for what is paid with or
    // without pools: the table shows them beside it, from the decision (`Outcome::paid`,
    // `Outcome::verdict`), so the page decides nothing.
    let mut enterprises = Vec::with_capacity(rows.len());
    let shown = |record: &Evaluated<'_>| {
        let decision = Decision::of(&plan, record);
        let paid = match record.outcome.paid() {
            crate::eval::Due::Known(d) => Some(crate::report::yuan(d)),
            crate::eval::Due::Unknown | crate::eval::Due::None => None,
        };
        enterprises.push(serde_json::json!({
            "name": decision.name,
            "area": decision.area,
            "paid": paid,
            "verdict": record.outcome.verdict.as_str(),
        }));
    };
    let mut writer = JsonWriter::new(&mut out, lang);
    write_results(&plan, rows, pools.as_ref(), &mut writer, shown)
        .map_err(|e| write_failure(e, "json", lang))?;
    let document = raw(String::from_utf8_lossy(&out).into_owned());
    Ok(Json(serde_json::json!({
        "lang": lang.code(),
        "records": bench.sources().iter().map(Source::name).collect::<Vec<_>>(),
        "result": document,
        "enterprises": enterprises,
        "warnings": warnings,
    }))
    .into_response())
}

/// `POST /api/explain`: the same text as `jiangbu explain --id KEY`.
pub async fn explain(
    State(bench): State<Arc<Workbench>>,
    Json(request): Json<PolicyRequest>,
) -> Result<Json<Value>, Failure> {
    let Compiled { plan, lang, .. } = compiled(&bench, &request.policy)?;
    let wanted = request.id.unwrap_or_default();
    let wanted = wanted.trim();
    let key_slot = plan.schema.key_slot();
    let rows = rows(&bench, &plan, lang)?;
    // A policy with fund pools: every record decided and the pools shared out first, as
    // `jiangbu explain` does, so the record's allocation is explained.
    let pools = allocations(&plan, &rows, lang)?;
    let found = rows.iter().enumerate().find(|(_, row)| {
        matches!(key_slot.and_then(|s| row.cells.get(s)), Some(Cell::Text(key)) if key.trim() == wanted)
    });
    let Some((ordinal, row)) = found else {
        let id = wanted.to_string();
        return Err(fail(
            StatusCode::NOT_FOUND,
            ServeError::UnknownId { id },
            lang,
        ));
    };
    let (mut outcome, trace) = evaluate_traced(&plan, &row.cells);
    let notes = match &pools {
        Some(pools) => {
            let ordinal = u64::try_from(ordinal).unwrap_or(u64::MAX);
            pools.apply(ordinal, &mut outcome);
            crate::report::pools::explain(
                &plan,
                ordinal,
                &outcome,
                pools,
                lang,
                crate::report::yuan_grouped,
            )
        }
        None => Vec::new(),
    };
    let mut text = explain_text(&plan, row, &outcome, &trace, lang, None, pools.as_ref());
    text.push_str(&crate::report::pools::explain_section(&notes, lang));
    Ok(Json(serde_json::json!({ "id": wanted, "text": text })))
}

/// `POST /api/diff`: `diff --format json` of the saved policy against the edited one, over the
/// loaded records.
pub async fn diff(
    State(bench): State<Arc<Workbench>>,
    Json(request): Json<PolicyRequest>,
) -> Result<Json<Value>, Failure> {
    let new = compiled(&bench, &request.policy)?;
    let lang = new.lang;
    let Some(path) = &bench.policy else {
        return Err(fail(StatusCode::CONFLICT, ServeError::NoPolicyFile, lang));
    };
    let shown = path.display().to_string();
    let saved = std::fs::read_to_string(path).map_err(|error| {
        let path = shown.clone();
        let e = ServeError::SavedUnreadable { path, error };
        fail(StatusCode::CONFLICT, e, lang)
    })?;
    let old = compile(&saved, &shown).map_err(|(_, diagnostics)| Failure {
        status: StatusCode::CONFLICT,
        diagnostics,
    })?;
    let (old, new) = (old.plan, new.plan);
    let decisions = |plan: &Plan| -> Result<Vec<Decision>, Failure> {
        let rows = rows(&bench, plan, lang)?;
        let pools = allocations(plan, &rows, lang)?;
        let mut out = Vec::with_capacity(rows.len());
        let each = |record: &Evaluated<'_>| {
            out.push(Decision::of(plan, record));
            Ok::<(), WriteFailed>(())
        };
        each_evaluated(plan, rows, pools.as_ref(), each, None)
            .map_err(|e| write_failure(e, "diff", lang))?;
        Ok(out)
    };
    let (before, after) = (decisions(&old)?, decisions(&new)?);
    let mut diff = Diff::new(Layout::of(&old), Layout::of(&new));
    let overflow = |e| fail(StatusCode::UNPROCESSABLE_ENTITY, e, lang);
    for (b, a) in before.iter().zip(&after) {
        diff.add(Some(b), Some(a)).map_err(overflow)?;
    }
    let side = |path: String, plan: &Plan| Side {
        path,
        saved: false,
        title: Some(plan.title.clone()),
    };
    let edited = text!("(edited)", "（编辑中）").get(lang).to_string();
    let report = diff
        .finish(
            side(shown, &old),
            side(edited, &new),
            Columns::of(&new),
            Vec::new(),
        )
        .map_err(overflow)?;
    let mut out = Vec::new();
    write_json(&mut out, &report, lang)
        .map_err(|e| write_failure(WriteFailed::Io(e), "diff", lang))?;
    let report = raw(String::from_utf8_lossy(&out).into_owned());
    Ok(Json(
        serde_json::json!({ "lang": lang.code(), "diff": report }),
    ))
}

/// `POST /api/test`: the edited policy's worked examples, as `jiangbu test` runs them.
pub async fn test(
    State(bench): State<Arc<Workbench>>,
    Json(request): Json<PolicyRequest>,
) -> Result<Json<TestResponse>, Failure> {
    let Compiled { plan, lang, .. } = compiled(&bench, &request.policy)?;
    let examples: Vec<ExampleResult> = plan
        .examples
        .iter()
        .map(|e| ExampleResult {
            name: e.name.clone(),
            mismatches: run_example(&plan, e, lang).mismatches,
        })
        .collect();
    let failed = examples.iter().filter(|e| !e.mismatches.is_empty()).count();
    Ok(Json(TestResponse {
        passed: examples.len() - failed,
        failed,
        examples,
    }))
}

/// `POST /api/save`: write the edited text over the policy file, atomically (`output::Output`),
/// when it compiles.
pub async fn save(
    State(bench): State<Arc<Workbench>>,
    Json(request): Json<PolicyRequest>,
) -> Result<Json<Value>, Failure> {
    // A policy with errors is not saved over the one in use: `eval` could no longer read it.
    let lang = compiled(&bench, &request.policy)?.lang;
    let Some(path) = &bench.policy else {
        return Err(fail(StatusCode::CONFLICT, ServeError::NoPolicyFile, lang));
    };
    let sources = bench.sources();
    let inputs: Vec<&Path> = sources
        .iter()
        .filter_map(|s| match s {
            Source::File(p) => Some(p.as_path()),
            Source::Upload { .. } => None,
        })
        .collect();
    Output::file(path, &inputs)
        .and_then(|output| output.write_all(request.policy.as_bytes()))
        .map_err(|e| fail(StatusCode::INTERNAL_SERVER_ERROR, e, lang))?;
    Ok(Json(
        serde_json::json!({ "saved": path.display().to_string() }),
    ))
}

/// The format `/api/export` writes.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// A workbook, as `eval --format xlsx`.
    Xlsx,
    /// CSV with a byte order mark, as `eval --format csv`.
    Csv,
}

/// `/api/export`'s query.
#[derive(Clone, Copy, Debug, Deserialize)]
pub struct ExportQuery {
    /// What to write.
    pub format: ExportFormat,
}

/// `POST /api/export?format=xlsx|csv`: the results, written by `eval`'s writers.
pub async fn export(
    State(bench): State<Arc<Workbench>>,
    Query(query): Query<ExportQuery>,
    Json(request): Json<PolicyRequest>,
) -> Result<Response, Failure> {
    let Compiled { plan, lang, .. } = compiled(&bench, &request.policy)?;
    let rows = rows(&bench, &plan, lang)?;
    let pools = allocations(&plan, &rows, lang)?;
    let pools = pools.as_ref();
    let mut out = Vec::new();
    let (name, mime) = match query.format {
        ExportFormat::Xlsx => {
            let name = "results.xlsx";
            let xlsx = XlsxWriter::new(&mut out, lang)
                .map_err(|e| write_failure(WriteFailed::Io(e), name, lang))?;
            let mut writer = RowLimit::new(xlsx, XLSX_MAX_RECORDS, name);
            write_results(&plan, rows, pools, &mut writer, |_| ())
                .map_err(|e| write_failure(e, name, lang))?;
            let mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            (name, mime)
        }
        ExportFormat::Csv => {
            let name = "results.csv";
            // The byte order mark tells Excel the file is UTF-8, as `eval --format csv` writes.
            out.extend_from_slice(b"\xEF\xBB\xBF");
            let mut writer = CsvWriter::new(&mut out, lang);
            write_results(&plan, rows, pools, &mut writer, |_| ())
                .map_err(|e| write_failure(e, name, lang))?;
            (name, "text/csv; charset=utf-8")
        }
    };
    let disposition = format!("attachment; filename=\"{name}\"");
    let mut response = out.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// `/api/records`'s query: the dropped file's name.
#[derive(Clone, Debug, Deserialize)]
pub struct UploadQuery {
    /// The file's name as the browser gave it (shown; its extension tells the format).
    pub name: String,
}

/// `POST /api/records?name=FILE` with the file's bytes: the dropped file replaces the loaded
/// records. It is kept in memory and read, like a file named on the command line, by every
/// request against the policy as it then stands (the fields may change with an edit): a
/// file the readers refuse is reported there, by row and column.
pub async fn upload(
    State(bench): State<Arc<Workbench>>,
    Query(query): Query<UploadQuery>,
    body: Bytes,
) -> Response {
    // Only the name's last part is kept: it is shown, never opened.
    let name = Path::new(&query.name).file_name().map_or_else(
        || "records".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes: Arc<[u8]> = Arc::from(body.as_ref());
    bench.replace_sources(vec![Source::Upload {
        name: name.clone(),
        bytes,
    }]);
    Json(serde_json::json!({ "records": [name] })).into_response()
}
