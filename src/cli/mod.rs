//! The subcommands behind the command line, one module each, and what they share: loading a
//! policy with its diagnostics (`--lang`, `--error-format`), `--set`, exit statuses.

mod app;
mod check;
mod diff;
mod eval;
mod explain;
mod fmt;
mod pools;
mod progress;
mod read;
mod refused;
mod sample;
mod schema;
mod serve;
mod shell;
mod test;
mod usage;
mod warnings;

pub use app::{Cli, Command};
pub use check::{check, CheckArgs};
pub use diff::{diff, DiffArgs};
pub use eval::{eval, EvalArgs, Format};
pub use explain::{explain, explain_output, ExplainArgs, ExplainFormat, ExplainLang};
pub use fmt::{fmt, FmtArgs};
pub use read::ReadArgs;
pub use refused::{refused, Refused};
pub use sample::{sample, SampleArgs};
pub use schema::{schema, SchemaArgs, SchemaFormat};
pub use serve::{serve, ServeArgs};
pub use shell::{completion_script, completions, man, man_page, CompletionsArgs, ManArgs};
pub use test::{test, TestArgs, TestFormat};
pub use usage::Usage;

use std::io::{IsTerminal, Write as _};
use std::path::Path;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, Report};

use crate::diag::render::{self, CharColumns};

use crate::diag::localize::english_diagnostic;
use crate::diag::{detect_lang, env_lang, json_line, text, Localize, Localized, Texts, Warning};
use crate::eval::plan::Plan;
use crate::output::OutputError;
use crate::syntax::keywords::Lang;

/// How a command ended, as the process exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Success.
    Ok = 0,
    /// The policy is invalid, the command could not run, or (`test`) an example failed.
    Failed = 1,
    /// The arguments are wrong: clap's usage errors, and arguments that cannot work together
    /// ([`Usage`]).
    Usage = 2,
    /// Evaluation finished but some records had data errors.
    DataErrors = 3,
}

impl Exit {
    /// The process exit status.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Failed => 1,
            Exit::Usage => 2,
            Exit::DataErrors => 3,
        }
    }
}

/// The options every command that prints diagnostics shares (`#[command(flatten)]` them).
#[derive(Clone, Debug, Default, clap::Args)]
pub struct DiagArgs {
    /// The language of errors and warnings [default: the policy's keyword language, else `LANG`
    /// (zh* is Chinese), else English].
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<DiagLang>,
    /// How errors and warnings are printed on stderr: `human`, or `json` (one object per line).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ErrorFormat::Human)]
    pub error_format: ErrorFormat,
}

/// `--lang`: the language of diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiagLang {
    /// Chinese.
    Zh,
    /// English.
    En,
}

impl From<DiagLang> for Lang {
    fn from(lang: DiagLang) -> Lang {
        // A flag value to the language, not a message.
        match lang {
            DiagLang::Zh => Lang::Zh,
            DiagLang::En => Lang::En,
        }
    }
}

/// `--error-format`: how diagnostics are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ErrorFormat {
    /// Rendered for people, with the source lines and labels (colour on a terminal).
    #[default]
    Human,
    /// One JSON object per diagnostic per line: code, severity, message, help, file, line,
    /// column and labels with byte offsets (see docs/errors.md).
    Json,
}

/// Renders diagnostics to stderr, as text (with colour when stderr is a terminal and `NO_COLOR`
/// is unset) or as JSON lines, in the language chosen by [`Diagnostics::lang`].
pub struct Diagnostics {
    handler: GraphicalReportHandler,
    lang: Option<Lang>,
    format: ErrorFormat,
}

impl Default for Diagnostics {
    fn default() -> Self {
        Diagnostics::new(&DiagArgs::default())
    }
}

impl Diagnostics {
    /// Diagnostics as `--lang` and `--error-format` ask.
    pub fn new(args: &DiagArgs) -> Self {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Diagnostics {
            handler: render::handler(theme),
            lang: args.lang.map(Lang::from),
            format: args.error_format,
        }
    }

    /// These diagnostics reconfigured by a command's own `--lang` / `--error-format`.
    pub fn with_args(&self, args: &DiagArgs) -> Self {
        let mut out = Diagnostics::new(args);
        out.lang = out.lang.or(self.lang);
        if args.error_format == ErrorFormat::Human {
            out.format = self.format;
        }
        out
    }

    /// The language to speak: `--lang` if given, else the policy's keyword language (`policy`,
    /// when known), else `LANG` (zh* is Chinese), else English.
    pub fn lang(&self, policy: Option<Lang>) -> Lang {
        self.lang.or(policy).or_else(env_lang).unwrap_or(Lang::En)
    }

    /// Print one diagnostic, against a source `(path, text)` when it has spans.
    pub fn emit<E: Diagnostic + Send + Sync + 'static>(
        &self,
        error: E,
        source: Option<(&str, &str)>,
    ) {
        // A diagnostic that cannot be written to stderr has nowhere else to go: it is dropped
        // rather than panicking (as `eprintln!` would).
        let mut stderr = std::io::stderr().lock();
        if self.format == ErrorFormat::Json {
            let line = json_line(&error, source.map(|s| s.0), source.map(|s| s.1));
            let _ = writeln!(stderr, "{line}");
            return;
        }
        let report = match source {
            Some((path, text)) => Report::new(error).with_source_code(CharColumns::new(path, text)),
            None => Report::new(error),
        };
        let mut out = String::new();
        // INVARIANT: formatting into a String does not fail.
        let _ = self.handler.render_report(&mut out, report.as_ref());
        let _ = stderr.write_all(out.as_bytes());
    }

    /// Print a diagnostic that says all in its message as one line in `lang`: its message alone
    /// (human), or its JSON line.
    pub fn line<E: Localize + Send + Sync + 'static>(&self, error: E, lang: Lang) {
        if self.format == ErrorFormat::Json {
            self.emit_in(error, lang, None);
            return;
        }
        let message = error.texts().message;
        let _ = writeln!(std::io::stderr().lock(), "{}", message.get(lang));
    }

    /// These diagnostics, speaking `lang` from now on (once a command knows its run's language).
    pub fn speaking(&self, lang: Lang) -> Self {
        let mut out = Diagnostics::new(&DiagArgs::default());
        out.lang = Some(lang);
        out.format = self.format;
        out
    }

    /// Print one diagnostic in the language these diagnostics speak (see [`Diagnostics::lang`]).
    pub fn say<E: Localize + Send + Sync + 'static>(&self, error: E, source: Option<(&str, &str)>) {
        self.emit_in(error, self.lang(None), source);
    }

    /// Print one diagnostic in `lang` (see [`Diagnostics::lang`]).
    pub fn emit_in<E: Localize + Send + Sync + 'static>(
        &self,
        error: E,
        lang: Lang,
        source: Option<(&str, &str)>,
    ) {
        self.emit(Localized::new(error, lang), source);
    }
}

/// A file that could not be read.
#[derive(Debug)]
pub struct IoError {
    path: String,
    error: std::io::Error,
}

impl Localize for IoError {
    fn texts(&self) -> Texts {
        let path = &self.path;
        let crate::diag::Text { en, zh } = crate::diag::os_text(&self.error);
        Texts {
            code: "jiangbu::io::read",
            message: text!("cannot read `{path}`: {en}", "无法读取 `{path}`：{zh}"),
            labels: Vec::new(),
            help: text!(
                "check the path and that the file may be read",
                "检查路径是否正确、文件是否可读"
            ),
        }
    }
}

english_diagnostic!(IoError);

/// A policy file that cannot be read as text.
#[derive(Debug)]
pub struct PolicyEncoding {
    path: String,
}

impl Localize for PolicyEncoding {
    fn texts(&self) -> Texts {
        let path = &self.path;
        Texts {
            code: "jiangbu::io::encoding",
            message: text!("`{path}` is not UTF-8 text", "`{path}` 不是 UTF-8 文本"),
            labels: Vec::new(),
            help: text!(
                "save the policy file as UTF-8",
                "把政策文件另存为 UTF-8 编码"
            ),
        }
    }
}

english_diagnostic!(PolicyEncoding);

/// End a command whose output failed: a closed pipe (`| head`) ends it quietly with status 0,
/// since the reader chose to stop; any other error is reported in `lang`, status 1.
pub fn output_failed(error: OutputError, diags: &Diagnostics, lang: Lang) -> Exit {
    if error.is_broken_pipe() {
        return Exit::Ok;
    }
    diags.emit_in(error, lang, None);
    Exit::Failed
}

/// Print `text` on standard output: `None` when it was printed, else how the command ends
/// (see [`output_failed`]).
pub fn print(text: &str, diags: &Diagnostics, lang: Lang) -> Option<Exit> {
    crate::output::print(text)
        .err()
        .map(|error| output_failed(error, diags, lang))
}

/// A policy read, parsed and checked, with what the lints found.
pub struct Loaded {
    /// The compiled policy (its text is `plan.source`).
    pub plan: Plan,
    /// The lints' warnings, not yet printed.
    pub warnings: Vec<Warning>,
    /// The language its diagnostics are printed in.
    pub lang: Lang,
}

/// Read, parse and check a policy file, printing every error. `None` when it is invalid.
/// Warnings are not printed (see [`load_with_warnings`]).
pub fn load(path: &Path, diags: &Diagnostics) -> Option<Plan> {
    load_with_warnings(path, diags).map(|loaded| loaded.plan)
}

/// Read, parse and check a policy file, printing every error and returning the lints' warnings
/// for the caller to print. `None` when it is invalid.
pub fn load_with_warnings(path: &Path, diags: &Diagnostics) -> Option<Loaded> {
    let stdin = crate::data::is_stdin(path);
    let shown = if stdin {
        crate::data::STDIN_SHOWN.to_string()
    } else {
        path.display().to_string()
    };
    let bytes = match read_policy(path, stdin) {
        Ok(b) => b,
        Err(error) => {
            diags.emit_in(IoError { path: shown, error }, diags.lang(None), None);
            return None;
        }
    };
    let Ok(source) = String::from_utf8(bytes) else {
        diags.emit_in(PolicyEncoding { path: shown }, diags.lang(None), None);
        return None;
    };
    let source = source
        .strip_prefix('\u{feff}')
        .unwrap_or(&source)
        .to_string();
    let policy = match crate::parse(&source) {
        Ok(policy) => policy,
        Err(errors) => {
            let lang = diags.lang(detect_lang(&source));
            for e in errors {
                diags.emit_in(e, lang, Some((&shown, &source)));
            }
            return None;
        }
    };
    let lang = diags.lang(Some(policy.lang));
    match crate::check::check_with_warnings(&policy, &source) {
        Ok((plan, warnings)) => Some(Loaded {
            plan,
            warnings,
            lang,
        }),
        Err(errors) => {
            for e in errors {
                diags.emit_in(e, lang, Some((&shown, &source)));
            }
            None
        }
    }
}

/// The bytes of a policy file, or of standard input (`-`).
fn read_policy(path: &Path, stdin: bool) -> std::io::Result<Vec<u8>> {
    if !stdin {
        return std::fs::read(path);
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)?;
    Ok(bytes)
}

/// A `--set` argument without `=`.
#[derive(Debug)]
pub struct SetSyntax {
    arg: String,
}

impl Localize for SetSyntax {
    fn texts(&self) -> Texts {
        let arg = &self.arg;
        Texts {
            code: "jiangbu::cli::set",
            message: text!(
                "`--set {arg}` is not NAME=VALUE",
                "`--set {arg}` 不是 名称=值 的形式"
            ),
            labels: Vec::new(),
            help: text!(
                "write e.g. `--set 第一条奖补=50万元`",
                "写法如 `--set 第一条奖补=50万元`"
            ),
        }
    }
}

english_diagnostic!(SetSyntax);

/// Apply `--set NAME=VALUE` overrides, printing every error. `Err(Exit::Usage)` when any
/// failed: a `--set` that is not `NAME=VALUE`, names no parameter or gives a value of the wrong
/// kind is an argument error.
pub fn apply_sets(
    plan: &mut Plan,
    sets: &[String],
    policy: &Path,
    diags: &Diagnostics,
) -> Result<(), Exit> {
    if set_all(plan, sets, policy, diags) {
        Ok(())
    } else {
        Err(Exit::Usage)
    }
}

/// Apply `--set NAME=VALUE` overrides, printing every error. False when any failed.
fn set_all(plan: &mut Plan, sets: &[String], policy: &Path, diags: &Diagnostics) -> bool {
    let mut ok = true;
    let shown = policy.display().to_string();
    let lang = diags.lang(Some(plan.lang));
    for arg in sets {
        let Some((name, value)) = arg.split_once('=') else {
            diags.emit_in(SetSyntax { arg: arg.clone() }, lang, None);
            ok = false;
            continue;
        };
        if let Err(e) = crate::check::set_param(plan, name.trim(), value) {
            let source = plan.source.clone();
            diags.emit_in(e, lang, Some((&shown, &source)));
            ok = false;
        }
    }
    ok
}
