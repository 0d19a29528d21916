//! `jiangbu completions SHELL` and `jiangbu man [COMMAND]`: generated from the same clap
//! definitions the command line is parsed with ([`super::app::Cli`]), so they cannot drift.

use std::path::PathBuf;

use clap::CommandFactory;

use super::app::Cli;
use super::{output_failed, DiagArgs, Diagnostics, Exit};
use crate::output::Output;

/// Arguments of `jiangbu completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
    /// Write the script to a file instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language and format of diagnostics.
    #[command(flatten)]
    pub diag: DiagArgs,
}

/// Arguments of `jiangbu man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// A subcommand whose page to print (`eval`, `check` …) [default: the page of jiangbu].
    #[arg(value_name = "COMMAND", value_parser = [
        "check", "eval", "explain", "test", "diff", "fmt", "schema", "sample", "serve", "completions",
        "man",
    ])]
    pub command: Option<String>,
    /// Write the page to a file instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language and format of diagnostics.
    #[command(flatten)]
    pub diag: DiagArgs,
}

/// The completion script of `shell`, as bytes.
pub fn completion_script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "jiangbu", &mut out);
    out
}

/// The manual page (roff) of jiangbu, or of its subcommand `name`; `None` when there is no such
/// subcommand.
pub fn man_page(name: Option<&str>) -> Option<Vec<u8>> {
    let mut command = Cli::command();
    command.build();
    let page = match name {
        None => command,
        Some(name) => command
            .get_subcommands()
            .find(|c| c.get_name() == name)?
            .clone()
            .version(env!("CARGO_PKG_VERSION")),
    };
    let mut out = Vec::new();
    // INVARIANT: rendering into a Vec does not fail.
    clap_mangen::Man::new(page).render(&mut out).ok()?;
    Some(out)
}

/// `jiangbu completions SHELL`.
pub fn completions(args: &CompletionsArgs, diags: &Diagnostics) -> Exit {
    let diags = &diags.with_args(&args.diag);
    write(args.output.as_ref(), &completion_script(args.shell), diags)
}

/// `jiangbu man [COMMAND]`.
pub fn man(args: &ManArgs, diags: &Diagnostics) -> Exit {
    let diags = &diags.with_args(&args.diag);
    match man_page(args.command.as_deref()) {
        Some(page) => write(args.output.as_ref(), &page, diags),
        // Not reached: clap accepts only the subcommands' names.
        None => Exit::Usage,
    }
}

/// Write `bytes` to `-o FILE` or standard output.
fn write(output: Option<&PathBuf>, bytes: &[u8], diags: &Diagnostics) -> Exit {
    let lang = diags.lang(None);
    let written =
        Output::to(output.map(PathBuf::as_path), &[]).and_then(|output| output.write_all(bytes));
    match written {
        Ok(()) => Exit::Ok,
        Err(error) => output_failed(error, diags, lang),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use clap::Parser;

    use super::*;

    #[test]
    fn man_accepts_every_subcommand_and_renders_its_page() {
        let command = Cli::command();
        let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
        assert!(names.len() >= 10, "{names:?}");
        for name in names {
            let parsed = Cli::try_parse_from(["jiangbu", "man", name]);
            assert!(parsed.is_ok(), "`jiangbu man {name}` is refused");
            let page = String::from_utf8(man_page(Some(name)).unwrap()).unwrap();
            assert!(page.contains(&format!(".TH jiangbu-{name} 1")), "{page}");
        }
        assert!(man_page(Some("nope")).is_none());
    }

    #[test]
    fn every_shell_gets_a_script_naming_the_program() {
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
            clap_complete::Shell::PowerShell,
            clap_complete::Shell::Elvish,
        ] {
            let script = String::from_utf8(completion_script(shell)).unwrap();
            assert!(script.contains("jiangbu"), "{shell}");
            assert!(
                script.contains("input-format"),
                "{shell}: eval's flags missing"
            );
        }
    }
}
