//! The subcommands behind the CLI: load a policy, check it, evaluate records.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, NamedSource, Report};

use crate::data::{open_csv, CsvRecords};
use crate::eval::plan::Plan;
use crate::eval::{evaluate, Outcome};
use crate::report::{CsvWriter, Evaluated, JsonWriter, JsonlWriter, Summary, TableWriter, Writer};

/// How a command ended, as the process exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Success.
    Ok = 0,
    /// The policy is invalid or the command could not run.
    Failed = 1,
    /// Evaluation finished but some records had data errors.
    DataErrors = 3,
}

/// Output formats of `eval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for people: one line per enterprise, then totals.
    Table,
    /// One JSON document with every record and the totals.
    Json,
    /// One JSON object per record (the stable machine contract).
    Jsonl,
    /// One CSV row per record.
    Csv,
}

/// Renders diagnostics to stderr, with colour when stderr is a terminal and `NO_COLOR` is unset.
pub struct Diagnostics {
    handler: GraphicalReportHandler,
}

impl Default for Diagnostics {
    fn default() -> Self {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Diagnostics {
            handler: GraphicalReportHandler::new_themed(theme).with_width(100),
        }
    }
}

impl Diagnostics {
    /// Print one diagnostic, against a source when it has spans.
    pub fn emit<E: Diagnostic + Send + Sync + 'static>(
        &self,
        error: E,
        source: Option<(&str, &str)>,
    ) {
        let report = match source {
            Some((path, text)) => {
                Report::new(error).with_source_code(NamedSource::new(path, text.to_string()))
            }
            None => Report::new(error),
        };
        let mut out = String::new();
        // INVARIANT: formatting into a String does not fail.
        let _ = self.handler.render_report(&mut out, report.as_ref());
        eprint!("{out}");
    }
}

/// A file that could not be read.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("cannot read `{path}`: {error}")]
#[diagnostic(code(jiangbu::io::read))]
pub struct IoError {
    path: String,
    error: std::io::Error,
}

/// A policy file that cannot be read as text.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("`{path}` is not UTF-8 text")]
#[diagnostic(code(jiangbu::io::encoding), help("save the policy file as UTF-8"))]
pub struct PolicyEncoding {
    path: String,
}

/// An output file that could not be written.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("cannot write `{path}`: {error}")]
#[diagnostic(code(jiangbu::io::write))]
pub struct WriteError {
    path: String,
    error: std::io::Error,
}

/// Read, parse and check a policy file, printing every diagnostic. `None` when it is invalid.
pub fn load(path: &Path, diags: &Diagnostics) -> Option<Plan> {
    let shown = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(error) => {
            diags.emit(IoError { path: shown, error }, None);
            return None;
        }
    };
    let Ok(source) = String::from_utf8(bytes) else {
        diags.emit(PolicyEncoding { path: shown }, None);
        return None;
    };
    let source = source
        .strip_prefix('\u{feff}')
        .unwrap_or(&source)
        .to_string();
    match crate::compile(&source) {
        Ok(plan) => Some(plan),
        Err(crate::PolicyErrors::Syntax(errors)) => {
            for e in errors {
                diags.emit(e, Some((&shown, &source)));
            }
            None
        }
        Err(crate::PolicyErrors::Check(errors)) => {
            for e in errors {
                diags.emit(e, Some((&shown, &source)));
            }
            None
        }
    }
}

/// `jiangbu check POLICY…`.
pub fn check(policies: &[PathBuf], diags: &Diagnostics) -> Exit {
    let mut exit = Exit::Ok;
    for path in policies {
        match load(path, diags) {
            Some(plan) => {
                let subsidies = plan
                    .benefits
                    .iter()
                    .filter(|b| b.kind == crate::syntax::ast::BenefitKind::Subsidy)
                    .count();
                let services = plan.benefits.len() - subsidies;
                println!(
                    "{}: ok — {}, {}, {}, {}, {}",
                    path.display(),
                    count(plan.schema.fields.len(), "field", "fields"),
                    count(plan.clauses.len(), "clause", "clauses"),
                    count(subsidies, "subsidy", "subsidies"),
                    count(services, "service", "services"),
                    count(plan.groups.len(), "group", "groups"),
                );
            }
            None => exit = Exit::Failed,
        }
    }
    exit
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Options of `jiangbu eval`.
pub struct EvalOptions {
    /// The policy.
    pub policy: PathBuf,
    /// Record files, read in order.
    pub records: Vec<PathBuf>,
    /// Output format.
    pub format: Format,
    /// `NAME=VALUE` parameter overrides.
    pub set: Vec<String>,
    /// Output file (stdout when absent).
    pub output: Option<PathBuf>,
}

/// A `--set` argument without `=`.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("`--set {arg}` is not NAME=VALUE")]
#[diagnostic(code(jiangbu::cli::set), help("write e.g. `--set 第一条奖补=50万元`"))]
pub struct SetSyntax {
    arg: String,
}

/// Apply `--set NAME=VALUE` overrides, printing every error. False when any failed.
pub fn apply_sets(plan: &mut Plan, sets: &[String], policy: &Path, diags: &Diagnostics) -> bool {
    let mut ok = true;
    let shown = policy.display().to_string();
    for arg in sets {
        let Some((name, value)) = arg.split_once('=') else {
            diags.emit(SetSyntax { arg: arg.clone() }, None);
            ok = false;
            continue;
        };
        if let Err(e) = crate::check::set_param(plan, name.trim(), value) {
            let source = plan.source.clone();
            diags.emit(e, Some((&shown, &source)));
            ok = false;
        }
    }
    ok
}

/// `jiangbu eval POLICY RECORDS…`.
pub fn eval(options: &EvalOptions, diags: &Diagnostics) -> Exit {
    let Some(mut plan) = load(&options.policy, diags) else {
        return Exit::Failed;
    };
    if !apply_sets(&mut plan, &options.set, &options.policy, diags) {
        return Exit::Failed;
    }
    // Open every records file (and read its header) before writing anything, so a missing file or
    // column stops the run with nothing half-written.
    let mut inputs = Vec::with_capacity(options.records.len());
    for path in &options.records {
        match open_csv(path, &plan.schema) {
            Ok(records) => inputs.push(records),
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
    let mut writer: Box<dyn Writer> = match options.format {
        Format::Table => Box::new(TableWriter::new(out)),
        Format::Json => Box::new(JsonWriter::new(out)),
        Format::Jsonl => Box::new(JsonlWriter::new(out)),
        Format::Csv => Box::new(CsvWriter::new(out)),
    };
    let written = run(&plan, inputs, writer.as_mut(), diags);
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

struct Run {
    data_errors: bool,
    failed: bool,
}

/// Stream every record file through the plan into the writer.
fn run(
    plan: &Plan,
    inputs: Vec<CsvRecords<Box<dyn std::io::Read>>>,
    writer: &mut dyn Writer,
    diags: &Diagnostics,
) -> std::io::Result<Run> {
    let mut summary = Summary::new(plan);
    let mut result = Run {
        data_errors: false,
        failed: false,
    };
    for records in inputs {
        for row in records {
            let row = match row {
                Ok(row) => row,
                Err(e) => {
                    diags.emit(e, None);
                    result.failed = true;
                    break;
                }
            };
            let outcome: Outcome = evaluate(plan, &row.cells);
            let record = Evaluated {
                line: row.line,
                cells: &row.cells,
                errors: &row.errors,
                outcome: &outcome,
            };
            result.data_errors |= record.error_count() > 0;
            summary.add(plan, &record);
            writer.record(plan, &record)?;
        }
    }
    writer.finish(plan, &summary)?;
    Ok(result)
}
