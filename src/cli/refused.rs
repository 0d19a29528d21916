//! Command lines clap refuses — an unknown flag or command, a value outside a flag's list, a
//! missing argument — told in the run's language like every other usage error (exit status 2).
//! clap has stopped before `--lang` and `--error-format` were read, so they are looked up in the
//! raw arguments, with the first `.policy` file named for the policy's language.

use std::ffi::OsString;
use std::path::Path;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::usage::policy_lang;
use super::{DiagArgs, DiagLang, Diagnostics, ErrorFormat, Exit};
use crate::diag::localize::english_diagnostic;
use crate::diag::{text, Localize, Text, Texts};

/// A command line clap refused, with what its error says (names of flags, values, commands).
#[derive(Debug)]
pub enum Refused {
    /// A flag or an argument the command does not take.
    UnknownArgument {
        /// As written (`--bogus`).
        arg: String,
        /// The command (`jiangbu eval`).
        command: String,
        /// clap's suggestion (`--format`).
        suggested: Option<String>,
    },
    /// A value outside a flag's list, or one its parser refuses.
    InvalidValue {
        /// The flag (`--format <FORMAT>`).
        arg: String,
        /// The value given.
        value: String,
        /// The values it takes, when it has a list.
        valid: Vec<String>,
        /// Why the value's parser refused it, in English (`invalid digit found in string`).
        why: Option<String>,
    },
    /// Arguments the command needs and did not get.
    MissingArgument {
        /// As clap names them (`<RECORDS>...`).
        args: Vec<String>,
        /// The command (`jiangbu eval`).
        command: String,
    },
    /// A subcommand that does not exist.
    UnknownCommand {
        /// As written (`evaluate`).
        name: String,
        /// clap's suggestion (`eval`).
        suggested: Option<String>,
    },
    /// Two flags that exclude each other.
    Conflict {
        /// The flag refused.
        arg: String,
        /// The flag given before it.
        prior: String,
    },
    /// Any other malformed command line (a wrong number of values, bytes that are not UTF-8).
    Malformed {
        /// The command (`jiangbu eval`).
        command: String,
    },
}

/// A context value of `error` as text: lists joined with `, `.
fn context(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(list) => Some(list.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(list) => Some(
            list.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A list context value of `error`, one item each.
fn list(error: &clap::Error, kind: ContextKind) -> Vec<String> {
    match error.get(kind) {
        Some(ContextValue::Strings(list)) => list.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::StyledStrs(list)) => list.iter().map(ToString::to_string).collect(),
        _ => Vec::new(),
    }
}

impl Refused {
    /// What `error` says, for the command line `args` (the program's name first).
    pub fn of(error: &clap::Error, args: &[OsString]) -> Self {
        let command = command_of(args);
        let arg = || context(error, ContextKind::InvalidArg).unwrap_or_default();
        match error.kind() {
            ErrorKind::UnknownArgument => Refused::UnknownArgument {
                arg: arg(),
                command,
                suggested: context(error, ContextKind::SuggestedArg),
            },
            ErrorKind::InvalidValue | ErrorKind::ValueValidation => Refused::InvalidValue {
                arg: arg(),
                value: context(error, ContextKind::InvalidValue).unwrap_or_default(),
                valid: list(error, ContextKind::ValidValue),
                why: std::error::Error::source(error).map(ToString::to_string),
            },
            ErrorKind::MissingRequiredArgument => Refused::MissingArgument {
                args: list(error, ContextKind::InvalidArg),
                command,
            },
            ErrorKind::InvalidSubcommand => Refused::UnknownCommand {
                name: context(error, ContextKind::InvalidSubcommand).unwrap_or_default(),
                suggested: context(error, ContextKind::SuggestedSubcommand),
            },
            ErrorKind::ArgumentConflict => Refused::Conflict {
                arg: arg(),
                prior: context(error, ContextKind::PriorArg).unwrap_or_default(),
            },
            _ => Refused::Malformed { command },
        }
    }
}

/// `jiangbu SUBCOMMAND` for the first argument that names a subcommand, else `jiangbu`.
fn command_of(args: &[OsString]) -> String {
    let cli = <super::Cli as clap::CommandFactory>::command();
    let sub = args.iter().skip(1).find_map(|a| {
        let a = a.to_str()?;
        cli.get_subcommands()
            .find(|c| c.get_name() == a)
            .map(|c| c.get_name().to_string())
    });
    match sub {
        Some(sub) => format!("jiangbu {sub}"),
        None => "jiangbu".to_string(),
    }
}

/// `a`, `b`, `c` in backticks, joined as `lang` lists.
fn quoted(items: &[String]) -> Text {
    let items: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    Text::new(items.join(", "), items.join("、"))
}

impl Localize for Refused {
    fn texts(&self) -> Texts {
        let (code, message, help) = match self {
            Refused::UnknownArgument {
                arg,
                command,
                suggested,
            } => (
                "jiangbu::cli::unknown_argument",
                text!(
                    "`{command}` takes no argument `{arg}`",
                    "`{command}` 没有参数 `{arg}`"
                ),
                match suggested {
                    Some(s) => text!("did you mean `{s}`?", "是否想写 `{s}`？"),
                    None => text!(
                        "`{command} --help` lists what it takes",
                        "可用的参数见 `{command} --help`"
                    ),
                },
            ),
            Refused::InvalidValue {
                arg,
                value,
                valid,
                why,
            } => {
                let message = match why {
                    Some(why) if valid.is_empty() => text!(
                        "`{value}` is not a value of `{arg}`: {why}",
                        "`{value}` 不是 `{arg}` 可取的值"
                    ),
                    _ => text!(
                        "`{value}` is not a value of `{arg}`",
                        "`{value}` 不是 `{arg}` 可取的值"
                    ),
                };
                let help = if valid.is_empty() {
                    text!(
                        "`--help` says what `{arg}` takes",
                        "`{arg}` 的取值见 `--help`"
                    )
                } else {
                    let Text { en, zh } = quoted(valid);
                    text!("give one of {en}", "请从以下取值中选一个：{zh}")
                };
                ("jiangbu::cli::invalid_value", message, help)
            }
            Refused::MissingArgument { args, command } => {
                let Text { en, zh } = quoted(args);
                (
                    "jiangbu::cli::missing_argument",
                    text!("`{command}` needs {en}", "`{command}` 缺少参数 {zh}"),
                    text!(
                        "`{command} --help` shows its usage",
                        "用法见 `{command} --help`"
                    ),
                )
            }
            Refused::UnknownCommand { name, suggested } => (
                "jiangbu::cli::unknown_command",
                text!(
                    "`jiangbu` has no command `{name}`",
                    "`jiangbu` 没有子命令 `{name}`"
                ),
                match suggested {
                    Some(s) => text!("did you mean `{s}`?", "是否想写 `{s}`？"),
                    None => text!(
                        "`jiangbu --help` lists the commands",
                        "子命令列表见 `jiangbu --help`"
                    ),
                },
            ),
            Refused::Conflict { arg, prior } => (
                "jiangbu::cli::conflict",
                // clap reports a flag given twice as a conflict with itself.
                match arg == prior {
                    true => text!("`{arg}` is given twice", "`{arg}` 给出了两次"),
                    false => text!(
                        "`{arg}` cannot be given with `{prior}`",
                        "`{arg}` 不能与 `{prior}` 同时使用"
                    ),
                },
                match arg == prior {
                    true => text!("give it once", "只给出一次"),
                    false => text!("leave one of them out", "请去掉其中一个"),
                },
            ),
            Refused::Malformed { command } => (
                "jiangbu::cli::malformed",
                text!(
                    "the arguments of `{command}` are malformed",
                    "`{command}` 的参数格式有误"
                ),
                text!(
                    "`{command} --help` shows its usage",
                    "用法见 `{command} --help`"
                ),
            ),
        };
        Texts {
            code,
            message,
            labels: Vec::new(),
            help,
        }
    }
}

english_diagnostic!(Refused);

/// The value of `--NAME VALUE` or `--NAME=VALUE` in `args`, the last one given.
fn flag<'a>(args: &'a [OsString], name: &str) -> Option<&'a str> {
    let long = format!("--{name}");
    let mut found = None;
    let mut iter = args.iter().filter_map(|a| a.to_str());
    while let Some(arg) = iter.next() {
        if arg == long {
            found = iter.next();
        } else if let Some(value) = arg
            .strip_prefix(long.as_str())
            .and_then(|r| r.strip_prefix('='))
        {
            found = Some(value);
        }
    }
    found
}

/// Report `error` (one clap returned for `args`, the program's name first) in the run's
/// language — `--lang`, else the first `.policy` file's, else `LANG` — as `--error-format`
/// asks, and end with status 2.
pub fn refused(error: &clap::Error, args: &[OsString]) -> Exit {
    let diag = DiagArgs {
        lang: match flag(args, "lang") {
            Some("zh") => Some(DiagLang::Zh),
            Some("en") => Some(DiagLang::En),
            _ => None,
        },
        error_format: match flag(args, "error-format") {
            Some("json") => ErrorFormat::Json,
            _ => ErrorFormat::Human,
        },
    };
    let diags = Diagnostics::new(&diag);
    let policy = args
        .iter()
        .skip(1)
        .map(Path::new)
        .filter(|p| p.extension().is_some_and(|e| e == "policy"))
        .find_map(policy_lang);
    let lang = diags.lang(policy);
    diags.emit_in(Refused::of(error, args), lang, None);
    Exit::Usage
}
