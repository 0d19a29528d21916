//! Notice 2021-7 written by hand (`benches/baseline/`), as a program: reads a CSV of the
//! 2021-7 record contract with its own reader and writes the jsonl that
//! `jiangbu eval policies/changchun-2021-7.policy FILE --format jsonl` writes, byte for byte.
//! `scripts/bench.sh` checks that they agree, then times both.
//!
//! ```text
//! cargo build --release --example baseline
//! target/release/examples/baseline FILE [--set] > out.jsonl
//! ```
//!
//! `--set` evaluates with the six parameters of `jiangbu::sample::PARAMETERS` set, as
//! `jiangbu eval … --set 第一条奖补=50万元 …` does; without it they are `待定`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(clippy::needless_range_loop)]

#[path = "../benches/baseline/mod.rs"]
#[allow(dead_code, reason = "the bench uses the csv writer and the cell conversion")]
mod baseline;

use std::fs::File;
use std::io::{self, BufReader, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let set = args.iter().any(|a| a == "--set");
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: baseline FILE [--set]");
        return ExitCode::from(2);
    };
    match run(path, set) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("baseline: {path}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &str, set: bool) -> io::Result<()> {
    let params = baseline::Params(if set {
        let value = |text: &str| {
            let wan = text.strip_suffix("万元").expect("an amount in 万元");
            Some(rust_decimal::Decimal::from(wan.parse::<i64>().expect("a whole number") * 10_000))
        };
        jiangbu::sample::PARAMETERS.map(|(_, text)| value(text))
    } else {
        [None; 6]
    });
    let mut reader = baseline::read::reader(BufReader::with_capacity(64 * 1024, File::open(path)?))?;
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
