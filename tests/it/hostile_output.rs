//! Issue 15, outputs: never lose a byte. An output that is an input is refused before anything
//! is written; a file is replaced only when the run succeeds, so a failed, erroring or killed
//! run leaves the previous file as it was; `fmt` rewrites a policy atomically; a failing
//! standard output is an error (a closed pipe a quiet stop), never a panic.
//!
//! Every input a test could damage is a copy in a scratch folder, never a file of the repository.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use jiangbu::output::{Output, OutputError, RowLimit, TEMP_MARK, XLSX_MAX_RECORDS};
use jiangbu::report::{Evaluated, Writer, XlsxWriter};

use crate::common::SET_ALL;

const POLICY: &str = "policies/changchun-2021-7.policy";
const POLICY_EN: &str = "policies/changchun-2021-7.en.policy";
const RECORDS: &str = "examples/enterprises.csv";
/// A record of the example data without data errors.
const ID: &str = "91220106MAB3UTTB9U";

/// A policy of one field, for inputs made by hand (JSON Lines, workbooks, a million rows).
const TINY: &str = "记录 { 员工数 人数 }\n条款 第一条 {\n  奖补 稳岗补贴 {\n    条件 员工数 > 0\n    金额 300元 × 员工数\n  }\n}\n";

/// What was in an output before the run: a run that fails must leave exactly this.
const PREVIOUS: &[u8] = b"the previous output, which a failed run must leave as it is\n";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn jiangbu() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jiangbu"));
    cmd.current_dir(root());
    cmd.env("NO_COLOR", "1");
    // Messages follow `--lang`, else the policy's language, else LANG: fix LANG (English).
    cmd.env("LANG", "C");
    cmd
}

/// A scratch folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!(
            "jiangbu-hostile-output-{}-{test}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// A copy of a repository file, under `name`.
    fn copy(&self, from: &str, name: &str) -> PathBuf {
        let to = self.path(name);
        fs::copy(root().join(from), &to).unwrap();
        to
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let to = self.path(name);
        fs::write(&to, bytes).unwrap();
        to
    }

    /// The names in the folder, sorted.
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// The names of leftover temporary files.
    fn temps(&self) -> Vec<String> {
        self.names()
            .into_iter()
            .filter(|n| n.contains(TEMP_MARK))
            .collect()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// How a run ended.
struct Ran {
    code: Option<i32>,
    stdout: String,
    /// Flattened: the lines miette wraps at 100 columns joined again (see [`flat`]).
    stderr: String,
}

/// Diagnostics on one line: miette's wrapping (a line break, `│` and the indentation) undone,
/// so a message can be searched whatever its length. (A break inside a word becomes a space.)
fn flat(text: &str) -> String {
    text.split('\n')
        .map(|l| l.trim().trim_start_matches('│').trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Run to the end, or kill it after `limit` (an input read as its own output could grow
/// forever): `code` is then `None`.
fn run_for(cmd: &mut Command, limit: Duration) -> Ran {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = r.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let code = wait_for(&mut child, limit);
    Ran {
        code,
        stdout: out.join().unwrap(),
        stderr: flat(&err.join().unwrap()),
    }
}

/// The exit status, or `None` after killing a child that ran past `limit`.
fn wait_for(child: &mut Child, limit: Duration) -> Option<i32> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn run(cmd: &mut Command) -> Ran {
    run_for(cmd, Duration::from_secs(60))
}

/// The run was refused because its output is an input: status 1, the code, no panic.
fn assert_refused(ran: &Ran, what: &str) {
    assert_eq!(ran.code, Some(1), "{what}: {}", ran.stderr);
    assert!(
        ran.stderr.contains("jiangbu::io::same_file"),
        "{what}: {}",
        ran.stderr
    );
    assert!(!ran.stderr.contains("panicked"), "{what}: {}", ran.stderr);
}

/// A workbook of the tiny policy's records: a header and `n` rows.
fn tiny_workbook(path: &Path, n: u32) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "员工数").unwrap();
    for row in 1..=n {
        sheet.write_number(row, 0, f64::from(row)).unwrap();
    }
    book.save(path).unwrap();
}

/// JSON Lines of the tiny policy's records.
fn tiny_jsonl(n: u32) -> Vec<u8> {
    (1..=n)
        .map(|i| format!("{{\"员工数\": {i}}}\n"))
        .collect::<String>()
        .into_bytes()
}

// ------------------------------------------------------------------- an output is no input

#[test]
fn output_onto_the_records_file_is_refused_in_every_format() {
    let scratch = Scratch::new("onto-records");
    let records = scratch.copy(RECORDS, "records.csv");
    let before = fs::read(&records).unwrap();
    for format in ["jsonl", "csv", "xlsx", "json", "table"] {
        let ran = run(jiangbu()
            .args(["eval", POLICY])
            .arg(&records)
            .args(["--format", format, "--lang", "en", "-o"])
            .arg(&records));
        assert_refused(&ran, format);
        assert!(
            ran.stderr.contains("is also an input"),
            "{format}: {}",
            ran.stderr
        );
        assert_eq!(fs::read(&records).unwrap(), before, "{format}");
    }
    assert_eq!(scratch.names(), ["records.csv"]);
}

#[test]
fn output_onto_a_jsonl_or_workbook_input_is_refused() {
    let scratch = Scratch::new("onto-jsonl-xlsx");
    let policy = scratch.write("tiny.policy", TINY.as_bytes());
    let jsonl = scratch.write("records.jsonl", &tiny_jsonl(3000));
    let xlsx = scratch.path("records.xlsx");
    tiny_workbook(&xlsx, 3000);
    for (input, format) in [(&jsonl, "jsonl"), (&xlsx, "xlsx"), (&xlsx, "csv")] {
        let before = fs::read(input).unwrap();
        let ran = run(jiangbu()
            .arg("eval")
            .arg(&policy)
            .arg(input)
            .args(["--format", format, "-o"])
            .arg(input));
        assert_refused(&ran, format);
        assert_eq!(fs::read(input).unwrap(), before, "{format}");
    }
}

#[test]
fn output_onto_the_second_of_two_inputs_is_refused() {
    let scratch = Scratch::new("second-input");
    let first = scratch.copy(RECORDS, "first.csv");
    let second = scratch.copy(RECORDS, "second.csv");
    let before = fs::read(&second).unwrap();
    for format in ["jsonl", "csv"] {
        // Without the check this reads its own output for ever: stop it after a while.
        let ran = run_for(
            jiangbu()
                .args(["eval", POLICY])
                .arg(&first)
                .arg(&second)
                .args(["--format", format, "--no-key-check", "-o"])
                .arg(&second),
            Duration::from_secs(30),
        );
        assert_refused(&ran, format);
        assert!(ran.stderr.contains("second.csv"), "{}", ran.stderr);
        assert_eq!(fs::read(&second).unwrap(), before, "{format}");
    }
}

#[cfg(unix)]
#[test]
fn output_onto_a_hard_or_symbolic_link_to_an_input_is_refused() {
    let scratch = Scratch::new("links");
    let records = scratch.copy(RECORDS, "records.csv");
    let before = fs::read(&records).unwrap();
    let hard = scratch.path("hard.csv");
    fs::hard_link(&records, &hard).unwrap();
    let soft = scratch.path("soft.csv");
    std::os::unix::fs::symlink("records.csv", &soft).unwrap();
    // Another spelling of the same path.
    let dotted = scratch.0.join(".").join("records.csv");
    for (output, format) in [(&hard, "jsonl"), (&soft, "csv"), (&dotted, "xlsx")] {
        let ran = run(jiangbu()
            .args(["eval", POLICY])
            .arg(&records)
            .args(["--format", format, "--lang", "en", "-o"])
            .arg(output));
        assert_refused(&ran, &output.display().to_string());
        assert!(
            ran.stderr.contains("is the same file as the input")
                || ran.stderr.contains("is also an input"),
            "{}",
            ran.stderr
        );
        assert_eq!(fs::read(&records).unwrap(), before);
    }
    assert!(fs::symlink_metadata(&soft)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn output_onto_the_policy_is_refused() {
    let scratch = Scratch::new("onto-policy");
    let policy = scratch.copy(POLICY, "policy.policy");
    let before = fs::read(&policy).unwrap();
    let ran = run(jiangbu()
        .arg("eval")
        .arg(&policy)
        .arg(RECORDS)
        .args(["--format", "jsonl", "-o"])
        .arg(&policy));
    assert_refused(&ran, "eval");
    // In the policy's language (Chinese) unless `--lang` says otherwise.
    assert!(ran.stderr.contains("也是本次运行的输入"), "{}", ran.stderr);
    assert_eq!(fs::read(&policy).unwrap(), before);
}

#[test]
fn diff_output_onto_an_input_is_refused() {
    let scratch = Scratch::new("diff");
    let old = scratch.copy(POLICY, "old.policy");
    let new = scratch.copy(POLICY, "new.policy");
    let records = scratch.copy(RECORDS, "records.csv");
    for target in [&records, &new, &old] {
        let before = fs::read(target).unwrap();
        let ran = run(jiangbu()
            .arg("diff")
            .arg(&old)
            .arg(&new)
            .arg(&records)
            .args(["--lang", "en", "-o"])
            .arg(target));
        assert_refused(&ran, &target.display().to_string());
        assert_eq!(fs::read(target).unwrap(), before);
    }
    // And a new file is written.
    let report = scratch.path("diff.txt");
    let ran = run(jiangbu()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .arg(&records)
        .arg("-o")
        .arg(&report));
    assert!(matches!(ran.code, Some(0 | 3)), "{}", ran.stderr);
    assert!(fs::metadata(&report).unwrap().len() > 0);
    assert!(scratch.temps().is_empty(), "{:?}", scratch.names());
}

#[cfg(unix)]
#[test]
fn standard_output_appended_to_an_input_is_refused() {
    let scratch = Scratch::new("stdout-onto-input");
    let records = scratch.copy(RECORDS, "records.csv");
    let before = fs::read(&records).unwrap();
    let append = fs::OpenOptions::new().append(true).open(&records).unwrap();
    let out = jiangbu()
        .args(["eval", POLICY])
        .arg(&records)
        .args(["--format", "csv", "--lang", "en"])
        .stdout(append)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("standard output is redirected to the input"),
        "{stderr}"
    );
    assert_eq!(fs::read(&records).unwrap(), before);
}

// ------------------------------------------------------------------------- folders

#[test]
fn output_into_a_missing_folder_says_so_before_the_run() {
    let scratch = Scratch::new("missing-folder");
    let target = scratch.path("no-such-folder").join("out.jsonl");
    let ran = run(jiangbu()
        .args([
            "eval", POLICY, RECORDS, "--lang", "en", "--format", "jsonl", "-o",
        ])
        .arg(&target));
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("jiangbu::io::no_folder"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("the folder `") && ran.stderr.contains("does not exist"),
        "{}",
        ran.stderr
    );
    assert!(!ran.stderr.contains("check that the folder exists"));
    assert_eq!(scratch.names(), Vec::<String>::new());

    let ran = run(jiangbu().args(["sample", "10", "-o"]).arg(&target));
    assert!(
        ran.stderr.contains("jiangbu::io::no_folder"),
        "{}",
        ran.stderr
    );

    // In Chinese for a Chinese policy.
    let ran = run(jiangbu().args(["eval", POLICY, RECORDS, "-o"]).arg(&target));
    assert!(ran.stderr.contains("不存在"), "{}", ran.stderr);
}

#[test]
fn output_naming_a_folder_is_refused() {
    let scratch = Scratch::new("is-folder");
    let ran = run(jiangbu()
        .args(["eval", POLICY, RECORDS, "--lang", "en", "-o"])
        .arg(&scratch.0));
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(ran.stderr.contains("it is a folder"), "{}", ran.stderr);
    // Names that can only be folders are refused before the run, not when renamed over.
    let trailing = format!("{}/out.csv/", scratch.0.display());
    for name in [trailing.as_str(), "..", "/"] {
        let ran = run(jiangbu().args(["sample", "10", "-o", name]));
        assert_eq!(ran.code, Some(1), "{name}: {}", ran.stderr);
        assert!(
            ran.stderr.contains("it is a folder"),
            "{name}: {}",
            ran.stderr
        );
    }
    // (clap refuses `-o ""`; the library does too.)
    let empty = Output::to(Some(Path::new("")), &[]).err().unwrap();
    assert!(
        empty.to_string().contains("the file name is empty"),
        "{empty}"
    );
    assert_eq!(scratch.names(), Vec::<String>::new());
}

// ------------------------------------------------------------- nothing replaced on failure

#[test]
fn a_killed_run_leaves_the_previous_output_and_no_plausible_partial() {
    let scratch = Scratch::new("killed");
    let records = scratch.path("big.csv");
    let ran = run(jiangbu().args(["sample", "50000", "-o"]).arg(&records));
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    let out = scratch.write("results.jsonl", PREVIOUS);
    let mut child = jiangbu()
        .args(["eval", POLICY])
        .arg(&records)
        .args(["--format", "jsonl", "--jobs", "1", "-o"])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the run has written a good part of its output, then kill it (SIGKILL).
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let written: u64 = scratch
            .names()
            .iter()
            .filter(|n| *n != "big.csv")
            .map(|n| fs::metadata(scratch.path(n)).map_or(0, |m| m.len()))
            .sum();
        if written > 256 * 1024 || fs::read(&out).unwrap_or_default() != PREVIOUS {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be killed: give it more records"
        );
        assert!(Instant::now() < deadline, "the run wrote nothing");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run ended too soon"
    );
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(
        fs::read(&out).unwrap(),
        PREVIOUS,
        "the previous output changed"
    );
    // What the killed run leaves is hidden and named as a temporary file, never the output's
    // name or anything a glob for it would match.
    for name in scratch.names() {
        if name == "big.csv" || name == "results.jsonl" {
            continue;
        }
        assert!(
            name.starts_with(".results.jsonl") && name.contains(TEMP_MARK),
            "a plausible partial: {name}"
        );
        assert!(!name.ends_with(".jsonl"), "{name}");
    }
}

/// JSON Lines of the example data's shape are not at hand; a broken line in records of the
/// tiny policy stops the run after several batches were written.
#[test]
fn a_run_failing_on_a_bad_input_line_leaves_the_previous_output() {
    let scratch = Scratch::new("bad-line");
    let policy = scratch.write("tiny.policy", TINY.as_bytes());
    let mut records = tiny_jsonl(5000);
    records.extend_from_slice(b"{broken\n");
    records.extend_from_slice(&tiny_jsonl(10));
    let records = scratch.write("records.jsonl", &records);
    for format in ["csv", "jsonl", "xlsx", "table"] {
        let out = scratch.write(&format!("out.{format}"), PREVIOUS);
        let ran = run(jiangbu()
            .arg("eval")
            .arg(&policy)
            .arg(&records)
            .args(["--format", format, "--lang", "en", "-o"])
            .arg(&out));
        assert_eq!(ran.code, Some(1), "{format}: {}", ran.stderr);
        assert!(ran.stderr.contains("jiangbu::data::json"), "{}", ran.stderr);
        assert!(
            ran.stderr
                .contains("was not written, because the run failed"),
            "{}",
            ran.stderr
        );
        assert_eq!(fs::read(&out).unwrap(), PREVIOUS, "{format}");
    }
    assert!(scratch.temps().is_empty(), "{:?}", scratch.names());
}

/// `sh -c` running jiangbu with a file size limit of `kib` KiB and SIGXFSZ `ignored` (a write
/// past the limit then fails with EFBIG, as on a full disk) or not (the process is killed
/// mid-write, as by a power cut).
#[cfg(unix)]
fn with_file_limit(kib: u32, ignored: bool) -> Command {
    let trap = if ignored { "trap '' XFSZ; " } else { "" };
    // `ulimit -f` counts 512-byte blocks in sh.
    let script = format!("{trap}ulimit -f {}; exec \"$@\"", kib * 2);
    let mut cmd = Command::new("sh");
    cmd.current_dir(root())
        .env("NO_COLOR", "1")
        .env("LANG", "C")
        .args(["-c", &script, "sh", env!("CARGO_BIN_EXE_jiangbu")]);
    cmd
}

#[cfg(unix)]
#[test]
fn a_write_failing_midway_leaves_the_previous_output() {
    let scratch = Scratch::new("write-fails");
    let out = scratch.write("results.csv", PREVIOUS);
    let ran = run(with_file_limit(4, true)
        .args([
            "eval", POLICY, RECORDS, "--format", "csv", "--lang", "en", "-o",
        ])
        .arg(&out));
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(ran.stderr.contains("jiangbu::io::write"), "{}", ran.stderr);
    assert!(ran.stderr.contains("File too large"), "{}", ran.stderr);
    assert!(!ran.stderr.contains("panicked"), "{}", ran.stderr);
    assert_eq!(fs::read(&out).unwrap(), PREVIOUS);
    assert_eq!(
        scratch.names(),
        ["results.csv"],
        "the temporary file is removed"
    );
}

// ---------------------------------------------------------------------------- fmt

/// A copy of the shipped policy that `fmt` would change (its indentation doubled).
fn messy_policy(scratch: &Scratch) -> (PathBuf, Vec<u8>) {
    let text = fs::read_to_string(root().join(POLICY)).unwrap();
    let messy: String = text
        .lines()
        .map(|l| match l.strip_prefix("  ") {
            Some(rest) => format!("    {rest}\n"),
            None => format!("{l}\n"),
        })
        .collect();
    let path = scratch.write("messy.policy", messy.as_bytes());
    let ran = run(jiangbu().args(["fmt", "--check"]).arg(&path));
    assert_eq!(ran.code, Some(1), "fmt must want to change it");
    (path, messy.into_bytes())
}

#[cfg(unix)]
#[test]
fn fmt_in_place_keeps_the_policy_when_the_write_fails() {
    let scratch = Scratch::new("fmt-fails");
    let (policy, before) = messy_policy(&scratch);
    assert!(before.len() > 8 * 1024, "the policy must outgrow the limit");
    // The write fails (EFBIG, as on a full disk): an error, the policy untouched.
    let ran = run(with_file_limit(4, true).arg("fmt").arg(&policy));
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(ran.stderr.contains("jiangbu::io::write"), "{}", ran.stderr);
    assert_eq!(
        fs::read(&policy).unwrap(),
        before,
        "the policy was truncated"
    );
    assert_eq!(scratch.names(), ["messy.policy"]);
    // The process is killed mid-write (SIGXFSZ): the policy untouched.
    let ran = run(with_file_limit(4, false).arg("fmt").arg(&policy));
    assert_ne!(ran.code, Some(0));
    assert_eq!(
        fs::read(&policy).unwrap(),
        before,
        "the policy was truncated"
    );
    // Without a limit it is formatted.
    let ran = run(jiangbu().arg("fmt").arg(&policy));
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert!(ran.stdout.contains("formatted"));
    assert_ne!(fs::read(&policy).unwrap(), before);
    let ran = run(jiangbu().args(["fmt", "--check"]).arg(&policy));
    assert_eq!(ran.code, Some(0));
}

#[cfg(unix)]
#[test]
fn a_replaced_file_keeps_its_permissions_and_a_linked_output_stays_a_link() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("permissions");
    let (policy, _) = messy_policy(&scratch);
    fs::set_permissions(&policy, fs::Permissions::from_mode(0o640)).unwrap();
    assert_eq!(run(jiangbu().arg("fmt").arg(&policy)).code, Some(0));
    let mode = fs::metadata(&policy).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);

    let real = scratch.write("real.jsonl", PREVIOUS);
    fs::set_permissions(&real, fs::Permissions::from_mode(0o600)).unwrap();
    let link = scratch.path("link.jsonl");
    std::os::unix::fs::symlink("real.jsonl", &link).unwrap();
    let ran = run(jiangbu()
        .args(["eval", POLICY, RECORDS, "--format", "jsonl", "-o"])
        .arg(&link));
    assert_eq!(ran.code, Some(3), "{}", ran.stderr);
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(&real).unwrap().lines().count(), 101);
    let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(scratch.temps().is_empty(), "{:?}", scratch.names());
}

#[cfg(unix)]
#[test]
fn output_to_a_device_is_written_in_place() {
    // `-o /dev/null` (the benchmarks use it) cannot be renamed over, and need not be.
    let ran = run(jiangbu().args([
        "eval",
        POLICY,
        RECORDS,
        "--format",
        "jsonl",
        "-o",
        "/dev/null",
    ]));
    assert_eq!(ran.code, Some(3), "{}", ran.stderr);
    // A device that fails is an error like any other.
    if Path::new("/dev/full").exists() {
        let ran = run(jiangbu().args([
            "eval",
            POLICY,
            RECORDS,
            "--lang",
            "en",
            "--format",
            "jsonl",
            "-o",
            "/dev/full",
        ]));
        assert_eq!(ran.code, Some(1), "{}", ran.stderr);
        assert!(
            ran.stderr.contains("No space left on device"),
            "{}",
            ran.stderr
        );
    }
}

// ------------------------------------------------------------------ Excel's row limit

#[test]
fn a_workbook_refuses_the_record_past_its_limit_as_it_comes() {
    let plan = jiangbu::compile(TINY).unwrap();
    let cells = [jiangbu::eval::value::Cell::Num(1.into())];
    let outcome = jiangbu::evaluate(&plan, &cells);
    let record = Evaluated {
        line: 2,
        cells: &cells,
        errors: &[],
        outcome: &outcome,
        explanation: None,
    };
    let xlsx = XlsxWriter::new(Vec::new(), jiangbu::syntax::keywords::Lang::En).unwrap();
    let mut writer = RowLimit::new(xlsx, 3, "out.xlsx");
    for _ in 0..3 {
        writer.record(&plan, &record).unwrap();
    }
    let error = writer.record(&plan, &record).unwrap_err();
    let scratch = Scratch::new("row-limit-unit");
    let target = scratch.path("out.xlsx");
    let output = Output::to(Some(target.as_path()), &[]).unwrap();
    let error = output.error(error);
    assert!(
        matches!(error, OutputError::TooManyRows { limit: 3, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "`out.xlsx`: a workbook holds at most 3 records (Excel's row limit), and there are more"
    );
    drop(output);
    assert!(scratch.names().is_empty(), "{:?}", scratch.names());
    // The workbook's limit: Excel's 1,048,576 rows less the header.
    assert_eq!(XLSX_MAX_RECORDS, 1_048_576 - 1);
}

#[test]
#[ignore = "evaluates a million records into a workbook: a minute and 800 MB in a debug build"]
fn a_workbook_past_excels_row_limit_fails_and_keeps_the_previous_file() {
    let scratch = Scratch::new("row-limit");
    let policy = scratch.write("tiny.policy", TINY.as_bytes());
    let mut rows = String::from("员工数\n");
    rows.push_str(&"1\n".repeat(1_048_576));
    let records = scratch.write("rows.csv", rows.as_bytes());
    let out = scratch.write("out.xlsx", PREVIOUS);
    let ran = run_for(
        jiangbu()
            .arg("eval")
            .arg(&policy)
            .arg(&records)
            .args(["--format", "xlsx", "--lang", "en", "-o"])
            .arg(&out),
        Duration::from_secs(600),
    );
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("jiangbu::io::xlsx_rows"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("1,048,575"), "{}", ran.stderr);
    assert!(!ran.stderr.contains("check that the folder exists"));
    assert_eq!(fs::read(&out).unwrap(), PREVIOUS);
    assert!(scratch.temps().is_empty(), "{:?}", scratch.names());
}

// --------------------------------------------------------------------- standard output

/// `args` with standard output on /dev/full: status 1, the message, no panic.
#[cfg(target_os = "linux")]
fn assert_full_disk_reported(args: &[&str], message: &str) {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = jiangbu().args(args).stdout(full).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(stderr.contains("jiangbu::io::stdout"), "{args:?}: {stderr}");
    assert!(stderr.contains(message), "{args:?}: {stderr}");
    assert!(
        stderr.contains("No space left on device"),
        "{args:?}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_output_is_an_error_in_every_command() {
    let en = "could not write to standard output: ";
    let explain = ["explain", POLICY, RECORDS, "--id", ID, "--lang", "en"];
    let mut eval_set = vec!["eval", POLICY, RECORDS, "--lang", "en"];
    eval_set.extend(SET_ALL);
    let commands: [&[&str]; 12] = [
        &["check", POLICY, "--lang", "en"],
        &["check", POLICY_EN],
        &["test", POLICY, "--lang", "en"],
        &["test", POLICY, "--lang", "en", "--format", "junit"],
        &explain,
        &["schema", POLICY, "--lang", "en"],
        &["schema", POLICY, "--lang", "en", "--format", "json"],
        &eval_set,
        &["eval", POLICY, RECORDS, "--lang", "en", "--format", "jsonl"],
        &["diff", POLICY, POLICY_EN, RECORDS, "--lang", "en"],
        &["fmt", "--stdout", POLICY_EN],
        &["sample", "100"],
    ];
    for args in commands {
        assert_full_disk_reported(args, en);
    }
    assert_full_disk_reported(&["--help"], en);
    // In the policy's language by default.
    assert_full_disk_reported(&["check", POLICY], "无法写入标准输出");
    assert_full_disk_reported(
        &["explain", POLICY, RECORDS, "--id", ID],
        "无法写入标准输出",
    );
}

/// Stop reading `args`' standard output after `lines` lines: the command ends quietly with
/// status `code`.
fn assert_quiet_after_closing(args: &[&str], lines: usize, code: i32) {
    let mut child = jiangbu()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut reader = BufReader::new(stdout);
    for _ in 0..lines {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
    }
    drop(reader);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = wait_for(&mut child, Duration::from_secs(120));
    assert_eq!(status, Some(code), "{args:?}: {stderr}");
    assert!(stderr.is_empty(), "{args:?} is not quiet: {stderr}");
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let scratch = Scratch::new("pipe");
    let records = scratch.path("records.csv");
    let ran = run(jiangbu().args(["sample", "20000", "-o"]).arg(&records));
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    let records = records.display().to_string();
    // Far more than a pipe holds: the writer meets the closed pipe midway (`| head -1`).
    assert_quiet_after_closing(&["eval", POLICY, &records, "--format", "jsonl"], 1, 0);
    assert_quiet_after_closing(&["eval", POLICY, &records, "--format", "csv"], 1, 0);
    assert_quiet_after_closing(&["sample", "100000"], 1, 0);
    // Closed before the first line.
    assert_quiet_after_closing(&["check", POLICY], 0, 0);
    assert_quiet_after_closing(&["test", POLICY], 0, 0);
    assert_quiet_after_closing(&["explain", POLICY, RECORDS, "--id", ID], 0, 0);
    assert_quiet_after_closing(&["schema", POLICY], 0, 0);
    assert_quiet_after_closing(&["diff", POLICY, POLICY_EN, RECORDS], 0, 0);
    assert_quiet_after_closing(&["fmt", "--stdout", POLICY], 0, 0);
}
