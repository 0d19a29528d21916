//! Notice 2021-7 written by hand (`benches/baseline/`), as a program: reads a CSV of the
//! 2021-7 record contract with its own reader and writes the jsonl that
//! `jiangbu eval policies/changchun-2021-7.policy FILE --format jsonl` writes, byte for byte.
//! `scripts/bench.sh` checks that they agree, then times both.
//!
//! ```text
//! cargo build --release --example baseline
//! target/release/examples/baseline FILE > out.jsonl
//! ```
//!
//! The parameters are `待定`, as the shipped policy leaves them. (With them set, the
//! interpreter now sets aside the members below a tie that is left to the officer, which the
//! baseline's take-highest does not do yet: the two differ on such records.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(clippy::needless_range_loop)]

#[path = "../benches/baseline/mod.rs"]
#[allow(
    dead_code,
    reason = "the bench uses the csv writer and the cell conversion"
)]
mod baseline;

use std::fs::File;
use std::io::{self, BufReader, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: baseline FILE");
        return ExitCode::from(2);
    };
    match run(&path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("baseline: {path}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &str) -> io::Result<()> {
    let params = baseline::Params([None; 6]);
    let mut reader =
        baseline::read::reader(BufReader::with_capacity(64 * 1024, File::open(path)?))?;
    let mut record = baseline::read::Record::default();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut buf = Vec::with_capacity(64 * 1024);
    while reader.next_into(&mut record)? {
        let outcome = baseline::evaluate(&record.firm, &params);
        baseline::write_jsonl(&mut buf, &record, &outcome, true);
        if buf.len() >= 60 * 1024 {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)?;
    out.flush()
}
