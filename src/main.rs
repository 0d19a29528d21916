//! The `jiangbu` command line: argument parsing and exit codes only.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jiangbu::commands::{self, Diagnostics, EvalOptions, Format};

/// A policy language and interpreter for government subsidy notices (奖补政策).
#[derive(Parser)]
#[command(name = "jiangbu", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and check policies; report every error with its place and a hint.
    Check {
        /// Policy files (.policy).
        #[arg(required = true)]
        policies: Vec<PathBuf>,
    },
    /// Evaluate enterprise records against a policy.
    Eval {
        /// The policy file.
        policy: PathBuf,
        /// Record files (CSV with a header row), read in order.
        #[arg(required = true)]
        records: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Override a parameter: `--set 第一条奖补=50万元` (repeatable).
        #[arg(long, value_name = "NAME=VALUE")]
        set: Vec<String>,
        /// Write the output to a file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let diags = Diagnostics::default();
    let exit = match cli.command {
        Command::Check { policies } => commands::check(&policies, &diags),
        Command::Eval {
            policy,
            records,
            format,
            set,
            output,
        } => commands::eval(
            &EvalOptions {
                policy,
                records,
                format,
                set,
                output,
            },
            &diags,
        ),
    };
    ExitCode::from(exit as u8)
}
