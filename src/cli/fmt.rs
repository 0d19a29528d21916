//! `jiangbu fmt POLICY… [--check] [--to zh|en] [--stdout]`: the canonical layout (docs/fmt.md).

use std::io::Read;
use std::path::{Path, PathBuf};

use super::usage::{policies_lang, refuse, stdin_once};
use super::{output_failed, print, DiagArgs, Diagnostics, Exit, IoError, PolicyEncoding, Usage};
use crate::diag::{detect_lang, text};
use crate::output::Output;
use crate::syntax::keywords::Lang;

/// Arguments of `jiangbu fmt`.
#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Policy files (.policy); `-` reads standard input and writes standard output (or `-o`).
    #[arg(required = true)]
    pub policies: Vec<PathBuf>,
    /// Change no file: list those that are not in the canonical layout, with their first
    /// differing line, and exit with status 1 if there are any.
    #[arg(long)]
    pub check: bool,
    /// Write the keywords in this language (field names, texts and comments are kept).
    #[arg(long, value_enum)]
    pub to: Option<ToLang>,
    /// Print the formatted policies to standard output instead of rewriting the files.
    #[arg(long, conflicts_with_all = ["check", "output"])]
    pub stdout: bool,
    /// Write the formatted policy to this file instead of rewriting it (one policy only; `-`:
    /// standard output).
    #[arg(short, long, value_name = "FILE", conflicts_with = "check")]
    pub output: Option<PathBuf>,
    /// Language and format of diagnostics.
    #[command(flatten)]
    pub diag: DiagArgs,
}

/// The keyword languages of `--to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ToLang {
    /// Chinese keywords (`条款`, `条件` …).
    Zh,
    /// English keywords (`clause`, `when` …).
    En,
}

impl From<ToLang> for Lang {
    fn from(to: ToLang) -> Lang {
        // A flag value to the keyword language, not a message.
        match to {
            ToLang::Zh => Lang::Zh,
            ToLang::En => Lang::En,
        }
    }
}

/// Run `jiangbu fmt`.
pub fn fmt(args: &FmtArgs, diags: &Diagnostics) -> Exit {
    let diags = &diags.with_args(&args.diag);
    if let Err(exit) = stdin_once(args.policies.iter().map(PathBuf::as_path), diags) {
        return exit;
    }
    if args.output.is_some() && args.policies.len() > 1 {
        let usage = Usage::OneOutput { flag: "--stdout" };
        let lang = policies_lang(diags, args.policies.iter().map(PathBuf::as_path));
        return refuse(usage, diags, lang);
    }
    let mut exit = Exit::Ok;
    for path in &args.policies {
        if !one(path, args, diags) {
            exit = Exit::Failed;
        }
    }
    exit
}

/// Format one file; false when it could not be formatted or (with `--check`) would change.
fn one(path: &Path, args: &FmtArgs, diags: &Diagnostics) -> bool {
    let stdio = path.as_os_str() == "-";
    let shown = if stdio {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let Some(source) = read(path, stdio, &shown, diags) else {
        return false;
    };
    // The language `check` would speak for this file: `--lang`, else its keywords', else `LANG`.
    let lang = diags.lang(detect_lang(&source));
    let formatted = match crate::fmt::format(&source, args.to.map(Lang::from)) {
        Ok(text) => text,
        Err(crate::PolicyErrors::Syntax(errors)) => {
            for e in errors {
                diags.emit_in(e, lang, Some((&shown, &source)));
            }
            return false;
        }
        Err(crate::PolicyErrors::Check(errors)) => {
            for e in errors {
                diags.emit_in(e, lang, Some((&shown, &source)));
            }
            return false;
        }
    };
    let printed = |text: &str| match print(text, diags, lang) {
        None => true,
        // A closed pipe stops quietly (`Exit::Ok`); anything else failed.
        Some(exit) => exit == Exit::Ok,
    };
    if args.check {
        return match first_difference(&source, &formatted) {
            None => true,
            Some((line, old, new)) => {
                let head = text!(
                    "{shown}: not formatted (line {line})",
                    "{shown}：格式未规范（第 {line} 行）"
                );
                printed(&format!("{}\n  - {old}\n  + {new}\n", head.get(lang)));
                false
            }
        };
    }
    if let Some(target) = &args.output {
        let written = Output::to(Some(target), &[path])
            .and_then(|output| output.write_all(formatted.as_bytes()));
        return match written {
            Ok(()) => true,
            Err(error) => output_failed(error, diags, lang) == Exit::Ok,
        };
    }
    if args.stdout || stdio {
        return printed(&formatted);
    }
    if formatted == source {
        return true;
    }
    // In place, but atomically: the formatted text goes to a temporary file beside the policy,
    // renamed over it only once it is wholly written, so a full disk cannot truncate a policy.
    let written = Output::file(path, &[]).and_then(|output| output.write_all(formatted.as_bytes()));
    match written {
        Ok(()) => printed(&format!("{shown}: formatted\n")),
        Err(error) => {
            diags.emit_in(error, lang, None);
            false
        }
    }
}

/// The policy's text: UTF-8, without a byte-order mark.
fn read(path: &Path, stdio: bool, shown: &str, diags: &Diagnostics) -> Option<String> {
    let mut bytes = Vec::new();
    let result = if stdio {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|b| bytes = b)
    };
    if let Err(error) = result {
        let path = shown.to_string();
        diags.say(IoError { path, error }, None);
        return None;
    }
    let Ok(text) = String::from_utf8(bytes) else {
        let path = shown.to_string();
        diags.say(PolicyEncoding { path }, None);
        return None;
    };
    Some(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
}

/// The first line (1-based) where `old` and `new` differ, with both versions of it (`<end of
/// file>` past the end of one of them).
fn first_difference(old: &str, new: &str) -> Option<(usize, String, String)> {
    if old == new {
        return None;
    }
    let mut a = old.lines();
    let mut b = new.lines();
    let mut n = 0;
    loop {
        n += 1;
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => {
                // Only line endings differ (CRLF, a missing final newline).
                return Some((n - 1, "(line endings)".into(), "(line endings)".into()));
            }
            (x, y) => {
                let show = |l: Option<&str>| l.unwrap_or("<end of file>").to_string();
                return Some((n, show(x), show(y)));
            }
        }
    }
}
