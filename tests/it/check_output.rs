//! `jiangbu check -o FILE`: the result lines go to the file (written through `output::Output`,
//! like every other command's), the diagnostics stay on standard error.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const ZH: &str = "policies/changchun-2021-7.policy";
const EN: &str = "policies/changchun-2021-7.en.policy";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("check-output");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn check_o_writes_what_check_prints() {
    let printed = run(&["check", ZH, EN]);
    assert_eq!(printed.status.code(), Some(0));
    let file = scratch().join("result.txt");
    let _ = std::fs::remove_file(&file);
    let written = run(&["check", ZH, EN, "-o", file.to_str().unwrap()]);
    assert_eq!(written.status.code(), Some(0));
    assert!(written.stdout.is_empty());
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.as_bytes(), printed.stdout.as_slice());
    // One line per policy, each in its policy's language.
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("：通过 — 19 个字段"), "{text}");
    assert!(text.contains(": ok — 19 fields"), "{text}");
    // `-o -` is standard output.
    let dash = run(&["check", ZH, EN, "-o", "-"]);
    assert_eq!(dash.stdout, printed.stdout);
}

/// A failing policy still has its line (`--deny-warnings`) in the file, and the status is 1.
#[test]
fn check_o_keeps_the_status_of_the_check() {
    let dir = scratch();
    let policy = dir.join("empty.policy");
    std::fs::write(&policy, "").unwrap();
    let file = dir.join("empty.txt");
    let out = run(&[
        "check",
        policy.to_str().unwrap(),
        "--deny-warnings",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("--deny-warnings"), "{text}");
}

/// `-o` naming the policy is refused before anything is written, in the policy's language.
#[test]
fn check_o_refuses_to_overwrite_the_policy() {
    let dir = scratch();
    for (policy, message) in [(ZH, "也是本次运行的输入"), (EN, "is also an input")] {
        let copy = dir.join(Path::new(policy).file_name().unwrap());
        let source =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(policy)).unwrap();
        std::fs::write(&copy, &source).unwrap();
        let copy = copy.to_str().unwrap();
        let out = run(&["check", copy, "-o", copy, "--error-format", "json"]);
        assert_eq!(out.status.code(), Some(1));
        let line: Value = serde_json::from_slice(&out.stderr).unwrap();
        assert_eq!(line["code"], "jiangbu::io::same_file");
        let said = line["message"].as_str().unwrap();
        assert!(said.contains(message), "{said}");
        assert_eq!(std::fs::read_to_string(copy).unwrap(), source);
    }
}
