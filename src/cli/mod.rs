//! The subcommands behind the command line, one module each, and what they share: loading a
//! policy with its diagnostics, `--set`, exit statuses.

mod check;
mod diff;
mod eval;
mod schema;
mod test;

pub use check::{check, CheckArgs};
pub use diff::{diff, DiffArgs};
pub use eval::{eval, EvalArgs, Format};
pub use schema::{schema, SchemaArgs, SchemaFormat};
pub use test::{test, TestArgs, TestFormat};

use std::io::IsTerminal;
use std::path::Path;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, NamedSource, Report};

use crate::eval::plan::Plan;

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
