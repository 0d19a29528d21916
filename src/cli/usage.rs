//! Arguments that cannot work together: usage errors (exit status 2), in both languages, and the
//! checks shared by the subcommands: standard input read once, flags that apply to the chosen
//! format only.

use std::path::Path;

use super::{Diagnostics, Exit};
use crate::data::is_stdin;
use crate::diag::localize::english_diagnostic;
use crate::diag::{text, Localize, Texts};
use crate::syntax::keywords::Lang;

/// Arguments that cannot work together.
#[derive(Debug)]
pub enum Usage {
    /// `-` (standard input) given for more than one input.
    StdinTwice,
    /// A flag given with a format it does not apply to.
    NotForFormat {
        /// The flag, as written (`--no-bom`).
        flag: &'static str,
        /// What it needs (`--format csv`).
        needs: &'static str,
    },
    /// A reading flag that applies to none of the record files.
    NotForInputs {
        /// The flag, as written (`--sheet`).
        flag: &'static str,
        /// The kind of file it applies to, in English and Chinese.
        needs: (&'static str, &'static str),
    },
    /// A `--delimiter` that is not one character (or `tab`).
    NotADelimiter {
        /// The value given.
        text: String,
    },
    /// `-o FILE` with several inputs that would each be written to it.
    OneOutput {
        /// The flag that writes more than one output.
        flag: &'static str,
    },
}

impl Localize for Usage {
    fn texts(&self) -> Texts {
        match self {
            Usage::StdinTwice => Texts {
                code: "jiangbu::cli::stdin_twice",
                message: text!(
                    "standard input (`-`) is given as more than one input",
                    "标准输入（`-`）被指定为多个输入"
                ),
                labels: Vec::new(),
                help: text!(
                    "standard input can be read once: give `-` for the policy or for one records file, and name the others",
                    "标准输入只能读取一次：`-` 只能代表政策文件或一个记录文件，其余请写出文件名"
                ),
            },
            Usage::NotForFormat { flag, needs } => Texts {
                code: "jiangbu::cli::not_for_format",
                message: text!(
                    "`{flag}` applies only with `{needs}`",
                    "`{flag}` 只能与 `{needs}` 一起使用"
                ),
                labels: Vec::new(),
                help: text!(
                    "leave `{flag}` out, or add `{needs}`",
                    "请去掉 `{flag}`，或加上 `{needs}`"
                ),
            },
            Usage::NotForInputs {
                flag,
                needs: (needs_en, needs_zh),
            } => Texts {
                code: "jiangbu::cli::not_for_inputs",
                message: text!(
                    "`{flag}` applies only to {needs_en}, and no records file is one",
                    "`{flag}` 只适用于{needs_zh}，而记录文件中没有这种文件"
                ),
                labels: Vec::new(),
                help: text!(
                    "leave `{flag}` out; `--input-format` says how to read a file whose name does not tell",
                    "请去掉 `{flag}`；文件名看不出格式时，可用 `--input-format` 指定"
                ),
            },
            Usage::NotADelimiter { text } => Texts {
                code: "jiangbu::cli::delimiter",
                message: text!(
                    "`{text}` is not a delimiter",
                    "`{text}` 不是分隔符"
                ),
                labels: Vec::new(),
                help: text!(
                    "give `--delimiter` one character such as `;` or `|`, or `tab`",
                    "`--delimiter` 请给一个字符，如 `;` 或 `|`，或写 `tab`"
                ),
            },
            Usage::OneOutput { flag } => Texts {
                code: "jiangbu::cli::one_output",
                message: text!(
                    "`-o` names one file, but several policies are given",
                    "`-o` 只能指定一个文件，但给出了多个政策文件"
                ),
                labels: Vec::new(),
                help: text!(
                    "give one policy with `-o`, or leave `-o` out (`{flag}` prints every policy to standard output)",
                    "使用 `-o` 时只给一个政策文件，或去掉 `-o`（`{flag}` 会把每个政策输出到标准输出）"
                ),
            },
        }
    }
}

english_diagnostic!(Usage);

/// The language of the policy at `path`, read from its first keyword, for the errors a command
/// reports before it compiles the policy (usage errors). `None` for standard input (it can be
/// read once only) or a file that cannot be read: [`Diagnostics::lang`] then falls back to `LANG`.
pub fn policy_lang(path: &Path) -> Option<Lang> {
    if is_stdin(path) {
        return None;
    }
    let source = std::fs::read_to_string(path).ok()?;
    crate::diag::detect_lang(&source)
}

/// The language to refuse a usage error in: `--lang`, else the policy's, else `LANG`.
pub fn usage_lang(diags: &Diagnostics, policy: &Path) -> Lang {
    diags.lang(policy_lang(policy))
}

/// The language to refuse a usage error in when several files are named: `--lang`, else the
/// keyword language of the first of `policies` that is a readable policy file, else `LANG`.
pub fn policies_lang<'a>(
    diags: &Diagnostics,
    policies: impl IntoIterator<Item = &'a Path>,
) -> Lang {
    diags.lang(policies.into_iter().find_map(policy_lang))
}

/// Report `usage` in `lang` and end the command with status 2.
pub fn refuse(usage: Usage, diags: &Diagnostics, lang: Lang) -> Exit {
    diags.emit_in(usage, lang, None);
    Exit::Usage
}

/// Refuse standard input (`-`) named for more than one of `inputs`: it can be read only once.
pub fn stdin_once<'a>(
    inputs: impl IntoIterator<Item = &'a Path>,
    diags: &Diagnostics,
) -> Result<(), Exit> {
    let inputs: Vec<&Path> = inputs.into_iter().collect();
    if inputs.iter().filter(|p| is_stdin(p)).count() > 1 {
        // In the language of the run's policy: the first `.policy` file named (records files
        // are not read for it).
        let policies = inputs
            .iter()
            .copied()
            .filter(|p| p.extension().is_some_and(|e| e == "policy"));
        return Err(refuse(
            Usage::StdinTwice,
            diags,
            policies_lang(diags, policies),
        ));
    }
    Ok(())
}
