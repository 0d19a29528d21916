//! `jiangbu check POLICY… [--deny-warnings] [--lang zh|en] [--error-format human|json]`: parse
//! and check policies, and run the lints.

use std::path::PathBuf;

use super::usage::stdin_once;
use super::warnings::NoClause;
use super::{load_with_warnings, print, DiagArgs, Diagnostics, Exit};
use crate::data::{is_stdin, STDIN_SHOWN};
use crate::syntax::ast::BenefitKind;

/// Arguments of `jiangbu check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Policy files (.policy; `-`: standard input).
    #[arg(required = true)]
    pub policies: Vec<PathBuf>,
    /// Fail (exit status 1) when a policy has warnings, as when it has errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Diagnostics options.
    #[command(flatten)]
    pub diag: DiagArgs,
}

/// `jiangbu check POLICY…`: errors and warnings on stderr, one `ok` line per valid policy on
/// stdout.
pub fn check(args: &CheckArgs, diags: &Diagnostics) -> Exit {
    let diags = &diags.with_args(&args.diag);
    if let Err(exit) = stdin_once(args.policies.iter().map(PathBuf::as_path), diags) {
        return exit;
    }
    let mut exit = Exit::Ok;
    for path in &args.policies {
        let Some(loaded) = load_with_warnings(path, diags) else {
            exit = Exit::Failed;
            continue;
        };
        let (plan, warnings) = (&loaded.plan, loaded.warnings);
        let shown = if is_stdin(path) {
            STDIN_SHOWN.to_string()
        } else {
            path.display().to_string()
        };
        let mut n_warnings = warnings.len();
        for w in warnings {
            diags.emit_in(w, loaded.lang, Some((&shown, &plan.source)));
        }
        if plan.clauses.is_empty() {
            n_warnings += 1;
            let path = shown.clone();
            diags.emit_in(NoClause { path }, loaded.lang, None);
        }
        if n_warnings > 0 && args.deny_warnings {
            exit = Exit::Failed;
            let line = format!(
                "{shown}: failed — {} (--deny-warnings)\n",
                count(n_warnings, "warning", "warnings")
            );
            if let Some(stopped) = print(&line, diags, loaded.lang) {
                return stopped_at(stopped, exit);
            }
            continue;
        }
        let subsidies = plan
            .benefits
            .iter()
            .filter(|b| b.kind == BenefitKind::Subsidy)
            .count();
        let services = plan.benefits.len() - subsidies;
        let warned = if n_warnings > 0 {
            format!(", {}", count(n_warnings, "warning", "warnings"))
        } else {
            String::new()
        };
        let line = format!(
            "{shown}: ok — {}, {}, {}, {}, {}{warned}\n",
            count(plan.schema.fields.len(), "field", "fields"),
            count(plan.clauses.len(), "clause", "clauses"),
            count(subsidies, "subsidy", "subsidies"),
            count(services, "service", "services"),
            count(plan.groups.len(), "group", "groups"),
        );
        if let Some(stopped) = print(&line, diags, loaded.lang) {
            return stopped_at(stopped, exit);
        }
    }
    exit
}

/// How `check` ends when its output stopped: with the output's failure, or after a closed pipe
/// with what it had found so far.
fn stopped_at(stopped: Exit, so_far: Exit) -> Exit {
    if stopped == Exit::Ok {
        so_far
    } else {
        stopped
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
