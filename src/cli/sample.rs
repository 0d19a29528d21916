//! `jiangbu sample N [--seed S] [-o FILE]`: generated records of notice 2021-7, for benchmarks
//! and tests (see [`crate::sample`]).

use std::io::Write;
use std::path::PathBuf;

use super::{Diagnostics, Exit, WriteError};

/// Arguments of `jiangbu sample`.
#[derive(Debug, clap::Args)]
pub struct SampleArgs {
    /// How many records to generate.
    pub n: u64,
    /// The generator's seed: the same seed gives the same records.
    #[arg(long, default_value_t = 2021)]
    pub seed: u64,
    /// Write the CSV to a file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `jiangbu sample N`: write `N` generated records of the 2021-7 record contract as CSV.
pub fn sample(args: &SampleArgs, diags: &Diagnostics) -> Exit {
    let (sink, shown): (Box<dyn Write>, String) = match &args.output {
        Some(path) => {
            let shown = path.display().to_string();
            match std::fs::File::create(path) {
                Ok(f) => (Box::new(f), shown),
                Err(error) => {
                    diags.emit(WriteError { path: shown, error }, None);
                    return Exit::Failed;
                }
            }
        }
        None => (
            Box::new(std::io::stdout().lock()),
            "standard output".to_owned(),
        ),
    };
    let out = std::io::BufWriter::with_capacity(1 << 16, sink);
    match crate::sample::write_csv(out, args.n, args.seed) {
        Ok(()) => Exit::Ok,
        // A closed pipe (`| head`) is not worth a message.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(error) => {
            diags.emit(WriteError { path: shown, error }, None);
            Exit::Failed
        }
    }
}
