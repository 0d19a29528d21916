//! The command line end to end: exit status, stdout and stderr in one snapshot per case.
//!
//! Each snapshot was read before it was accepted; amounts in them are checked by hand in
//! `notice_2021_7.rs` and `eval_cases.rs`, here the point is the shape of what users see.

use std::process::Command;

use insta_cmd::assert_cmd_snapshot;

const POLICY: &str = "policies/changchun-2021-7.policy";
const RECORDS: &str = "examples/enterprises.csv";

fn jiangbu() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jiangbu"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1");
    cmd
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.set_snapshot_path("../snapshots/cli");
    s
}

#[test]
fn check_the_shipped_policy() {
    settings().bind(|| assert_cmd_snapshot!(jiangbu().args(["check", POLICY])));
}

#[test]
fn check_reports_every_error_with_spans_and_exits_1() {
    settings()
        .bind(|| assert_cmd_snapshot!(jiangbu().args(["check", "tests/cases/cli/broken.policy"])));
}

#[test]
fn check_a_missing_file_exits_1() {
    settings().bind(|| assert_cmd_snapshot!(jiangbu().args(["check", "policies/nope.policy"])));
}

#[test]
fn eval_table_of_the_example_data() {
    settings().bind(|| assert_cmd_snapshot!(jiangbu().args(["eval", POLICY, RECORDS])));
}

#[test]
fn eval_jsonl_of_the_example_data() {
    settings().bind(|| {
        assert_cmd_snapshot!(jiangbu().args(["eval", POLICY, RECORDS, "--format", "jsonl"]))
    });
}

#[test]
fn eval_table_with_amounts_set() {
    settings().bind(|| {
        assert_cmd_snapshot!(jiangbu().args([
            "eval",
            POLICY,
            RECORDS,
            "--set",
            "第一条奖补=50万元",
            "--set",
            "第二条奖补=20万元",
            "--set",
            "第四条奖补=30万元",
            "--set",
            "第六条奖补=10万元",
            "--set",
            "第七条奖补=5万元",
            "--set",
            "第八条奖补=100000",
        ]))
    });
}

#[test]
fn eval_csv_of_the_example_data() {
    settings().bind(|| {
        assert_cmd_snapshot!(jiangbu().args(["eval", POLICY, RECORDS, "--format", "csv"]))
    });
}

#[test]
fn set_of_an_unknown_parameter_suggests_the_name() {
    settings().bind(|| {
        assert_cmd_snapshot!(jiangbu().args(["eval", POLICY, RECORDS, "--set", "第一条奖励=5万元"]))
    });
}

#[test]
fn set_of_a_wrong_type_names_the_expected_form() {
    settings().bind(|| {
        assert_cmd_snapshot!(jiangbu().args(["eval", POLICY, RECORDS, "--set", "第一条奖补=6%"]))
    });
}

#[test]
fn set_without_equals_is_explained() {
    settings().bind(|| {
        assert_cmd_snapshot!(jiangbu().args(["eval", POLICY, RECORDS, "--set", "第一条奖补"]))
    });
}

#[test]
fn eval_a_file_missing_columns_names_them() {
    settings().bind(|| {
        assert_cmd_snapshot!(jiangbu().args(["eval", POLICY, "tests/cases/cli/missing-column.csv"]))
    });
}

#[test]
fn eval_an_unreadable_records_file_exits_1() {
    settings().bind(|| assert_cmd_snapshot!(jiangbu().args(["eval", POLICY, "examples/nope.csv"])));
}

#[test]
fn eval_writes_the_output_file() {
    let dir = std::env::temp_dir().join(format!("jiangbu-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_default();
    let out = dir.join("out.jsonl");
    let status = jiangbu()
        .args(["eval", POLICY, RECORDS, "--format", "jsonl", "-o"])
        .arg(&out)
        .status()
        .ok()
        .and_then(|s| s.code());
    // The example data has three malformed cells: exit status 3.
    assert_eq!(status, Some(3));
    let written = std::fs::read_to_string(&out).unwrap_or_default();
    // 101 enterprises, one line each.
    assert_eq!(written.lines().count(), 101);
    let _ = std::fs::remove_dir_all(&dir);
}
