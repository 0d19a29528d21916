//! `jiangbu eval POLICY RECORDS…`: the main job.

use std::io::Write;
use std::path::PathBuf;

use super::{apply_sets, load, Diagnostics, Exit, WriteError};
use crate::data::{open_csv, CsvRecords};
use crate::eval::plan::Plan;
use crate::eval::{evaluate, Outcome};
use crate::report::{CsvWriter, Evaluated, JsonWriter, JsonlWriter, Summary, TableWriter, Writer};

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

/// Arguments of `jiangbu eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// The policy file.
    pub policy: PathBuf,
    /// Record files (CSV with a header row), read in order.
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
}

/// `jiangbu eval POLICY RECORDS…`.
pub fn eval(options: &EvalArgs, diags: &Diagnostics) -> Exit {
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
