//! Every output format streams: peak memory does not grow with the number of records.
//!
//! Each measurement runs `jiangbu eval` in a child process (this test binary again, running only
//! [`child`], which calls the CLI's `eval` in-process) and reads the child's own peak resident
//! memory, `VmHWM` in `/proc/self/status`, as it ends. 50k and 200k generated records of notice
//! 2021-7 go through each format with `--no-key-check` (the key table is the one thing meant to
//! grow: about 35 bytes a key). A format that held its records (the table did, 868 MB at a
//! million) would grow by hundreds of bytes a record: 150k more records is tens of MB.
//! Nothing here measures time.

use std::path::Path;
use std::process::Command;

use clap::Parser;

/// The variable that makes [`child`] run: `FORMAT POLICY RECORDS OUT`, tab-separated.
const CHILD: &str = "JIANGBU_MEMORY_CHILD";

/// Peak memory the larger run may add: 150k more records at 8 MiB is 56 bytes a record, well
/// under what one held record takes (its cells, outcome and rendered line: hundreds of bytes),
/// and well over the noise of allocator arenas and buffers.
const GROWTH_KIB: u64 = 8 * 1024;

/// Run in a child process by [`peak_memory_does_not_grow_with_the_input`]; does nothing
/// otherwise.
#[test]
#[ignore = "run as a child process by peak_memory_does_not_grow_with_the_input"]
fn child() {
    let Ok(spec) = std::env::var(CHILD) else {
        return;
    };
    let parts: Vec<&str> = spec.split('\t').collect();
    let [format, policy, records, out] = parts[..] else {
        panic!("bad {CHILD}: {spec}");
    };
    let args = [
        "jiangbu",
        "eval",
        policy,
        records,
        "--format",
        format,
        "--no-key-check",
        "--jobs",
        "2",
        "-o",
        out,
    ];
    let cli = jiangbu::cli::Cli::try_parse_from(args).unwrap();
    let jiangbu::cli::Command::Eval(eval) = cli.command else {
        panic!("not eval");
    };
    let exit = jiangbu::cli::eval(&eval, &jiangbu::cli::Diagnostics::default());
    assert_eq!(exit.code(), 0);
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let hwm = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .unwrap()
        .trim()
        .trim_end_matches("kB")
        .trim()
        .to_string();
    println!("VMHWM={hwm}");
}

/// The child's peak memory in KiB for `format` over `records`.
fn peak(format: &str, records: &Path, dir: &Path) -> u64 {
    let policy = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/policies/changchun-2021-7.policy"
    );
    let out = dir.join(format!("out.{format}"));
    let spec = format!(
        "{format}\t{policy}\t{}\t{}",
        records.display(),
        out.display()
    );
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["memory::child", "--exact", "--ignored", "--nocapture"])
        .env(CHILD, spec)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{format}: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written = std::fs::metadata(&out).unwrap().len();
    assert!(written > 0, "{format}: nothing written");
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("VMHWM="))
        .and_then(|kib| kib.parse().ok())
        .unwrap_or_else(|| panic!("{format}: no VmHWM in {stdout}"))
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "reads /proc/self/status")]
fn peak_memory_does_not_grow_with_the_input() {
    let dir = std::env::temp_dir().join(format!("jiangbu-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let small = dir.join("50k.csv");
    let large = dir.join("200k.csv");
    for (path, n) in [(&small, 50_000), (&large, 200_000)] {
        let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
        jiangbu::sample::write_csv(file, n, 2021).unwrap();
    }
    let mut report = Vec::new();
    for format in ["jsonl", "csv", "json", "table", "xlsx"] {
        let (a, b) = (peak(format, &small, &dir), peak(format, &large, &dir));
        report.push(format!("{format}: 50k {a} KiB, 200k {b} KiB"));
        assert!(
            b <= a + GROWTH_KIB,
            "{format}: peak memory grew from {a} KiB at 50k records to {b} KiB at 200k\n{}",
            report.join("\n")
        );
    }
    println!("{}", report.join("\n"));
    std::fs::remove_dir_all(&dir).unwrap();
}
