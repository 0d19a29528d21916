//! `jiangbu sample N [--seed S] [-o FILE]`: generated records of notice 2021-7, for benchmarks
//! and tests (see [`crate::sample`]).

use std::path::PathBuf;

use super::{output_failed, DiagArgs, Diagnostics, Exit};
use crate::output::Output;

/// Arguments of `jiangbu sample`.
#[derive(Debug, clap::Args)]
pub struct SampleArgs {
    /// How many records to generate.
    pub n: u64,
    /// The generator's seed: the same seed gives the same records.
    #[arg(long, default_value_t = 2021)]
    pub seed: u64,
    /// Write the CSV to a file instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language and format of diagnostics.
    #[command(flatten)]
    pub diag: DiagArgs,
}

/// `jiangbu sample N`: write `N` generated records of the 2021-7 record contract as CSV.
pub fn sample(args: &SampleArgs, diags: &Diagnostics) -> Exit {
    let diags = &diags.with_args(&args.diag);
    let lang = diags.lang(None);
    let output = match Output::to(args.output.as_deref(), &[]) {
        Ok(output) => output,
        Err(error) => return output_failed(error, diags, lang),
    };
    let out = std::io::BufWriter::with_capacity(1 << 16, output.writer());
    if let Err(error) = crate::sample::write_csv(out, args.n, args.seed) {
        return output_failed(output.error(error), diags, lang);
    }
    match output.finish() {
        Ok(()) => Exit::Ok,
        Err(error) => output_failed(error, diags, lang),
    }
}
