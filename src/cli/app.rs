//! The command line's shape: the subcommands and their arguments, as clap parses them. Kept in
//! the library so that `completions` and `man` are generated from the very definitions `main`
//! parses with.

use clap::{Parser, Subcommand};

use super::{
    CheckArgs, CompletionsArgs, DiffArgs, EvalArgs, ExplainArgs, FmtArgs, ManArgs, SampleArgs,
    SchemaArgs, ServeArgs, TestArgs,
};

/// A policy language and interpreter for government subsidy notices (奖补政策).
#[derive(Debug, Parser)]
#[command(
    name = "jiangbu",
    version,
    about,
    long_about = None,
    after_help = "A file argument `-` is standard input (records or a policy, once per run);\n\
                  `-o -` is standard output.\n\n\
                  Exit status:\n  \
                  0  success\n  \
                  1  an invalid policy, a failed example, or a command that could not run\n  \
                  2  wrong arguments\n  \
                  3  records with data errors (still evaluated and output)"
)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
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
    /// Serve a workbench in the browser: edit, check, evaluate, explain, compare, export.
    Serve(ServeArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), of jiangbu or of one subcommand.
    Man(ManArgs),
}
