//! `jiangbu check POLICY… [--deny-warnings] [-o FILE] [--lang zh|en] [--error-format human|json]`: parse
//! and check policies, and run the lints.

use std::path::{Path, PathBuf};

use super::usage::{stdin_once, usage_lang};
use super::warnings::NoClause;
use super::{load_with_warnings, output_failed, print, DiagArgs, Diagnostics, Exit};
use crate::data::{is_stdin, STDIN_SHOWN};
use crate::diag::{text, Word};
use crate::output::Output;
use crate::syntax::ast::BenefitKind;
use crate::syntax::keywords::Lang;

/// Arguments of `jiangbu check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Policy files (.policy; `-`: standard input).
    #[arg(required = true)]
    pub policies: Vec<PathBuf>,
    /// Fail (exit status 1) when a policy has warnings, as when it has errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Write the result lines (one per policy) to a file instead of standard output (`-`:
    /// standard output); diagnostics stay on standard error.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
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
    // `-o FILE`: the lines are collected and the file written once every policy is checked
    // (refused up front when it is one of the policies or its folder is missing).
    let inputs: Vec<&Path> = args.policies.iter().map(PathBuf::as_path).collect();
    let output = match &args.output {
        Some(path) => match Output::to(Some(path), &inputs) {
            Ok(output) => Some(output),
            Err(error) => {
                let lang = args
                    .policies
                    .first()
                    .map_or(diags.lang(None), |p| usage_lang(diags, p));
                return output_failed(error, diags, lang);
            }
        },
        None => None,
    };
    let mut lines = Lines {
        output,
        text: String::new(),
        lang: diags.lang(None),
    };
    let exit = check_each(args, diags, &mut lines);
    lines.finish(exit, diags)
}

/// Where `check`'s result lines go: standard output as they come, or `-o`'s file at the end.
struct Lines {
    output: Option<Output>,
    text: String,
    /// The language of the last policy, for an output error.
    lang: Lang,
}

impl Lines {
    /// Print `line` (or keep it for the file): `None`, or how the command ends.
    fn print(&mut self, line: &str, diags: &Diagnostics, lang: Lang) -> Option<Exit> {
        self.lang = lang;
        if self.output.is_some() {
            self.text.push_str(line);
            return None;
        }
        print(line, diags, lang)
    }

    /// Write the kept lines to the file; the command's status unless that fails.
    fn finish(self, exit: Exit, diags: &Diagnostics) -> Exit {
        let Some(output) = self.output else {
            return exit;
        };
        match output.write_all(self.text.as_bytes()) {
            Ok(()) => exit,
            Err(error) => stopped_at(output_failed(error, diags, self.lang), exit),
        }
    }
}

fn check_each(args: &CheckArgs, diags: &Diagnostics, lines: &mut Lines) -> Exit {
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
        let lang = loaded.lang;
        if plan.clauses.is_empty() {
            n_warnings += 1;
            let path = shown.clone();
            diags.emit_in(NoClause { path }, loaded.lang, None);
        }
        if n_warnings > 0 && args.deny_warnings {
            exit = Exit::Failed;
            let warnings = count(n_warnings, Noun::Warning, lang);
            let line = text!(
                "{shown}: failed — {warnings} (--deny-warnings)\n",
                "{shown}：未通过 — {warnings}（--deny-warnings）\n"
            );
            if let Some(stopped) = lines.print(line.get(lang), diags, lang) {
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
        let sep = Word::ListSep.get(lang);
        let warned = if n_warnings > 0 {
            format!("{sep}{}", count(n_warnings, Noun::Warning, lang))
        } else {
            String::new()
        };
        let counts = [
            count(plan.schema.fields.len(), Noun::Field, lang),
            count(plan.clauses.len(), Noun::Clause, lang),
            count(subsidies, Noun::Subsidy, lang),
            count(services, Noun::Service, lang),
            count(plan.groups.len(), Noun::Group, lang),
        ]
        .join(sep);
        let line = text!(
            "{shown}: ok — {counts}{warned}\n",
            "{shown}：通过 — {counts}{warned}\n"
        );
        if let Some(stopped) = lines.print(line.get(lang), diags, lang) {
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

/// What `check` counts.
#[derive(Clone, Copy)]
enum Noun {
    Field,
    Clause,
    Subsidy,
    Service,
    Group,
    Warning,
}

/// `19 fields` / `19 个字段`: the number with its noun, singular or plural in English.
fn count(n: usize, noun: Noun, lang: Lang) -> String {
    let one = n == 1;
    let text = match noun {
        Noun::Field if one => text!("{n} field", "{n} 个字段"),
        Noun::Field => text!("{n} fields", "{n} 个字段"),
        Noun::Clause if one => text!("{n} clause", "{n} 条条款"),
        Noun::Clause => text!("{n} clauses", "{n} 条条款"),
        Noun::Subsidy if one => text!("{n} subsidy", "{n} 项奖补"),
        Noun::Subsidy => text!("{n} subsidies", "{n} 项奖补"),
        Noun::Service if one => text!("{n} service", "{n} 项服务"),
        Noun::Service => text!("{n} services", "{n} 项服务"),
        Noun::Group if one => text!("{n} group", "{n} 个组"),
        Noun::Group => text!("{n} groups", "{n} 个组"),
        Noun::Warning if one => text!("{n} warning", "{n} 条警告"),
        Noun::Warning => text!("{n} warnings", "{n} 条警告"),
    };
    text.get(lang).to_string()
}
