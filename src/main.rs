//! The `jiangbu` command line: argument parsing and exit codes only.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::Parser;
use jiangbu::cli::{self, Cli, Command, Diagnostics};

fn main() -> ExitCode {
    let diags = Diagnostics::default();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        // `--help` and `--version` go to standard output, whose errors are reported (clap
        // would ignore them); usage errors go to stderr with clap's status 2.
        Err(e) if !e.use_stderr() => {
            let text = if std::io::stdout().is_terminal() {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            return match cli::print(&text, &diags, diags.lang(None)) {
                None => ExitCode::SUCCESS,
                Some(exit) => ExitCode::from(exit.code()),
            };
        }
        // A command line without its subcommand or arguments: the usage, as `--help` writes it.
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
        // Usage errors in the run's language, status 2.
        Err(e) => return ExitCode::from(cli::refused(&e, &args).code()),
    };
    let exit = match cli.command {
        Command::Check(args) => cli::check(&args, &diags),
        Command::Eval(args) => cli::eval(&args, &diags),
        Command::Explain(args) => cli::explain(&args, &diags),
        Command::Test(args) => cli::test(&args, &diags),
        Command::Diff(args) => cli::diff(&args, &diags),
        Command::Fmt(args) => cli::fmt(&args, &diags),
        Command::Schema(args) => cli::schema(&args, &diags),
        Command::Sample(args) => cli::sample(&args, &diags),
        Command::Serve(args) => cli::serve(&args, &diags),
        Command::Completions(args) => cli::completions(&args, &diags),
        Command::Man(args) => cli::man(&args, &diags),
    };
    ExitCode::from(exit.code())
}
