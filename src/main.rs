//! The `jiangbu` command line: argument parsing and exit codes only.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jiangbu::cli::{
    self, CheckArgs, Diagnostics, DiffArgs, EvalArgs, ExplainArgs, FmtArgs, SampleArgs, SchemaArgs,
    TestArgs,
};

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
    Check(CheckArgs),
    /// Evaluate enterprise records against a policy.
    Eval(EvalArgs),
    /// Explain one record's decision, clause by clause, with the values it saw.
    Explain(ExplainArgs),
    /// Run the worked examples (`示例`) kept in policies.
    Test(TestArgs),
    /// Show which records change between two versions of a policy, and the cost difference.
    Diff(DiffArgs),
    /// Lay out policies canonically (comments kept); translate keywords with `--to`.
    Fmt(FmtArgs),
    /// Print the record template (CSV header or JSON Schema) to collect data with.
    Schema(SchemaArgs),
    /// Generate synthetic records of notice 2021-7 (for benchmarks and trials).
    Sample(SampleArgs),
}

fn main() -> ExitCode {
    let diags = Diagnostics::default();
    let cli = match Cli::try_parse() {
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
                Some(exit) => ExitCode::from(exit as u8),
            };
        }
        Err(e) => e.exit(),
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
    };
    ExitCode::from(exit as u8)
}
