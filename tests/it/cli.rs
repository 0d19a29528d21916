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
    // Diagnostics follow the policy's language, else LANG: fix LANG so runs agree.
    cmd.env("LANG", "C");
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
        assert_cmd_snapshot!(jiangbu()
            .args(["eval", POLICY, RECORDS])
            .args(crate::common::SET_ALL))
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

/// Run `eval --format jsonl` on a policy text written to a scratch file; the records by id.
fn eval_policy_text(text: &str, tag: &str) -> std::collections::HashMap<String, serde_json::Value> {
    let dir = std::env::temp_dir().join(format!("jiangbu-edit-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("edited.policy");
    std::fs::write(&policy, text).unwrap();
    let out = jiangbu()
        .args(["eval"])
        .arg(&policy)
        .args([RECORDS, "--format", "jsonl"])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|r| (r["id"].as_str().unwrap_or("").to_string(), r))
        .collect()
}

fn benefit<'a>(record: &'a serde_json::Value, clause: &str, name: &str) -> &'a serde_json::Value {
    record["benefits"]
        .as_array()
        .and_then(|b| {
            b.iter()
                .find(|b| b["clause"] == clause && b["name"] == name)
        })
        .unwrap()
}

#[test]
fn editing_a_threshold_or_an_amount_changes_results_without_a_rebuild() {
    let original =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(POLICY))
            .unwrap();
    // Row 3 (91220174MAW9BGNXWN): 53,000,000 against 50,000,000 grows exactly 6%, output
    // ≥ 5000万: 第二条 holds at 6%.
    // Row 12 (91220106MAB3UTTB9U): 423 out-of-province employees × 300元 = 126,900.00.
    let before = eval_policy_text(&original, "before");
    assert_eq!(
        benefit(&before["91220174MAW9BGNXWN"], "第二条", "连续生产奖补")["status"],
        "eligible"
    );
    assert_eq!(
        benefit(&before["91220106MAB3UTTB9U"], "第三条", "稳岗留工补贴")["amount"],
        "126900.00"
    );

    // Raise the growth threshold to 8% and the rate to 500元 per person.
    let edited = original
        .replace("增长率 达到 6% 以上", "增长率 达到 8% 以上")
        .replace("300元 × 省外户籍员工数", "500元 × 省外户籍员工数");
    assert_ne!(edited, original);
    let after = eval_policy_text(&edited, "after");
    // 6% < 8%: 第二条 no longer holds for row 3.
    assert_eq!(
        benefit(&after["91220174MAW9BGNXWN"], "第二条", "连续生产奖补")["status"],
        "ineligible"
    );
    // Row 12 grows 7,661,768 / 42,532,441 ≈ 18% ≥ 8% (still eligible): 423 × 500元 = 211,500.00.
    assert_eq!(
        benefit(&after["91220106MAB3UTTB9U"], "第三条", "稳岗留工补贴")["amount"],
        "211500.00"
    );
}

#[test]
fn schema_csv_with_labels() {
    settings().bind(|| assert_cmd_snapshot!(jiangbu().args(["schema", POLICY, "--labels"])));
}

#[test]
fn schema_json() {
    settings()
        .bind(|| assert_cmd_snapshot!(jiangbu().args(["schema", POLICY, "--format", "json"])));
}

#[test]
fn schema_header_is_the_example_data_header() {
    // The template a bureau sends out is exactly what the reader expects back.
    let out = jiangbu().args(["schema", POLICY]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The template starts with a byte order mark, as `eval --format csv` does.
    let header = stdout
        .strip_prefix('\u{feff}')
        .unwrap()
        .trim_end()
        .to_string();
    let data =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(RECORDS))
            .unwrap();
    assert_eq!(Some(header.as_str()), data.lines().next());
}

#[test]
fn jobs_do_not_change_the_output_or_its_order() {
    let run = |jobs: &str| {
        jiangbu()
            .args(["eval", POLICY, RECORDS, "--format", "jsonl", "--jobs", jobs])
            .output()
            .unwrap()
    };
    let one = run("1");
    // 101 records on 4 threads: one batch, evaluated and rendered by a worker.
    let four = run("4");
    assert_eq!(one.status.code(), Some(3));
    assert_eq!(four.status.code(), Some(3));
    assert_eq!(String::from_utf8_lossy(&one.stdout).lines().count(), 101);
    assert!(
        one.stdout == four.stdout,
        "--jobs 4 output differs from --jobs 1"
    );
}

/// Several batches (of 1024 records) on several threads come back in input order, in every
/// format; with `--no-key-check` the records are the same (the sample's keys are unique).
#[test]
fn jobs_keep_input_order_across_batches() {
    let dir = std::env::temp_dir().join(format!("jiangbu-jobs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let records = dir.join("sample.csv");
    let made = jiangbu()
        .args(["sample", "5000", "--seed", "5", "-o"])
        .arg(&records)
        .status()
        .unwrap();
    assert!(made.success());
    let run = |args: &[&str]| {
        let out = jiangbu()
            .args(["eval", POLICY])
            .arg(&records)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    for format in ["jsonl", "csv", "table", "json"] {
        let one = run(&["--format", format, "--jobs", "1"]);
        let three = run(&["--format", format, "--jobs", "3"]);
        assert!(
            one == three,
            "--jobs 3 {format} output differs from --jobs 1"
        );
        if format == "jsonl" {
            assert_eq!(String::from_utf8_lossy(&one).lines().count(), 5_000);
            let unchecked = run(&["--format", format, "--jobs", "2", "--no-key-check"]);
            assert!(one == unchecked, "--no-key-check changed the output");
        }
    }
    let one = run(&["--format", "jsonl", "--explain", "--jobs", "1"]);
    let two = run(&["--format", "jsonl", "--explain", "--jobs", "2"]);
    assert!(
        one == two,
        "--jobs 2 --explain output differs from --jobs 1"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Cells are typed on the worker threads, keys checked on the reading thread: a file with
/// malformed cells, short and long rows, blank and repeated keys (also across two inputs), blank
/// lines and cells that span lines gives the same stdout, stderr and exit status on 1, 2 and 3
/// threads, in several batches.
#[test]
fn jobs_do_not_change_data_errors_or_duplicate_keys() {
    let dir = std::env::temp_dir().join(format!("jiangbu-jobs-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let clean = dir.join("clean.csv");
    let made = jiangbu()
        .args(["sample", "3000", "--seed", "18", "-o"])
        .arg(&clean)
        .status()
        .unwrap();
    assert!(made.success());
    let text = std::fs::read_to_string(&clean).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), 3000);
    // The sample's columns: the key first, the name second, 一季度产值2021 (money) fifth.
    assert!(header.starts_with("统一社会信用代码,企业名称,所属地区,重点企业,一季度产值2021,"));
    let mut bad = vec![header.to_owned()];
    for (i, row) in rows.iter().enumerate() {
        let mut cells = row.clone();
        match i % 100 {
            10 => cells[4] = "一百万".to_owned(), // 30 malformed money cells
            20 => cells[0] = rows[i - 1][0].clone(), // 30 keys repeated (the row before's)
            30 => cells.truncate(4),              // 30 short rows
            40 => cells[0] = String::new(),       // 30 blank keys
            50 => cells.push("多余".to_owned()),  // 30 long rows
            60 => bad.push(String::new()),        // 30 blank lines
            _ => {}
        }
        match i {
            1500 => cells[1] = "\"甲\n乙\"".to_owned(), // a line break inside a cell
            2500 | 2502 => cells[1].insert(0, '"'),     // stray quotes
            _ => {}
        }
        bad.push(cells.join(","));
    }
    let first = dir.join("bad.csv");
    std::fs::write(&first, bad.join("\n") + "\n").unwrap();
    // A second input repeating the first ten records (none of them altered): 10 more repeats.
    let second = dir.join("again.csv");
    let again: Vec<&str> = text.lines().take(11).collect();
    std::fs::write(&second, again.join("\n") + "\n").unwrap();
    let run = |format: &str, jobs: &str| {
        jiangbu()
            .args(["eval", POLICY])
            .arg(&first)
            .arg(&second)
            .args(["--format", format, "--jobs", jobs])
            .output()
            .unwrap()
    };
    for format in ["jsonl", "table", "csv"] {
        let one = run(format, "1");
        assert_eq!(one.status.code(), Some(3), "data errors exit 3");
        for jobs in ["2", "3"] {
            let other = run(format, jobs);
            assert_eq!(other.status.code(), one.status.code());
            assert!(
                other.stdout == one.stdout,
                "--jobs {jobs} {format} output differs from --jobs 1"
            );
            assert_eq!(
                String::from_utf8_lossy(&other.stderr),
                String::from_utf8_lossy(&one.stderr),
                "--jobs {jobs} {format} messages differ from --jobs 1"
            );
        }
        if format == "jsonl" {
            let out = String::from_utf8_lossy(&one.stdout);
            let count = |code: &str| out.matches(&format!("\"jiangbu::cell::{code}\"")).count();
            // By construction above: 30 of each, and 30 + 10 repeated keys.
            assert_eq!(count("money"), 30);
            assert_eq!(count("short_row"), 30);
            assert_eq!(count("blank_key"), 30);
            assert_eq!(count("long_row"), 30);
            assert_eq!(count("duplicate_key"), 40);
            assert!(out.contains("\"jiangbu::cell::spans_"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Without `--no-key-check` a repeated key is a data error on the later record (exit 3); with it
/// the record passes, and a blank key is still reported.
#[test]
fn no_key_check_lets_a_repeated_key_pass() {
    let dir = std::env::temp_dir().join(format!("jiangbu-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let records = dir.join("repeated.csv");
    let data =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(RECORDS))
            .unwrap();
    let mut lines = data.lines();
    let header = lines.next().unwrap();
    // The first record's key is not blank and its cells are well-formed: three copies of it.
    let first = lines.next().unwrap();
    std::fs::write(&records, format!("{header}\n{first}\n{first}\n{first}\n")).unwrap();
    let run = |extra: &[&str]| {
        jiangbu()
            .args(["eval", POLICY])
            .arg(&records)
            .args(["--format", "jsonl"])
            .args(extra)
            .output()
            .unwrap()
    };
    let checked = run(&[]);
    assert_eq!(checked.status.code(), Some(3));
    let text = String::from_utf8_lossy(&checked.stdout);
    // The policy is Chinese, so is the message.
    assert_eq!(text.matches("重复，首次出现在第 2 行").count(), 2, "{text}");
    let unchecked = run(&["--no-key-check"]);
    assert_eq!(
        unchecked.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&unchecked.stdout)
    );
    let text = String::from_utf8_lossy(&unchecked.stdout);
    assert_eq!(text.lines().count(), 3);
    assert!(!text.contains("duplicate key"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn eval_explain_adds_a_one_line_decision_to_every_record() {
    let out = jiangbu()
        .args(["eval", POLICY, RECORDS, "--format", "jsonl", "--explain"])
        .output()
        .unwrap();
    let plain = jiangbu()
        .args(["eval", POLICY, RECORDS, "--format", "jsonl"])
        .output()
        .unwrap();
    let explained: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let plain: Vec<serde_json::Value> = String::from_utf8_lossy(&plain.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(explained.len(), 101);
    for (e, p) in explained.iter().zip(&plain) {
        // The decisions are those of plain eval; only the explanation is added.
        assert_eq!(e["benefits"], p["benefits"]);
        assert_eq!(e["award"], p["award"]);
        let line = e["explanation"].as_str().unwrap();
        // An award reads 获奖…, a pending choice 待选…; otherwise it says why not.
        match e["award"]["status"].as_str().unwrap() {
            "awarded" => assert!(line.starts_with("获奖"), "{line}"),
            "pending" => assert!(line.starts_with("待选"), "{line}"),
            _ => assert!(
                line.starts_with("不符合") || line.starts_with("待查") || line.starts_with("无"),
                "{line}"
            ),
        }
    }
    // Row 7: blank 2019 output leaves 第一条 undetermined.
    let row7 = explained.iter().find(|r| r["row"] == 7).unwrap();
    assert!(
        row7["explanation"]
            .as_str()
            .unwrap()
            .contains("一季度产值2019"),
        "{row7}"
    );
}

/// The fund pools' words in the table and in explain, in each language. The ranked example's
/// figures are worked by hand in policies/examples/ranked.policy (甲 50万元, 乙 40万元, 丙 the
/// cut-off at rank 3 with the 10万元 left, 丁 nothing: 100万元 of 160万元 claimed). Pro rata, 乙
/// claims 10% × 12,345,678.00 = 1,234,567.80 of claims summing 2,000,000 + 1,234,567.80 +
/// 800,000 + 999,990 + 2,000,000 + 777,777.70 + 650,000 = 8,462,335.50 against 5,000,000.00:
/// 1,234,567.80 × 5,000,000 ÷ 8,462,335.50 = 729,448.621…, 729,448.62 rounded down to the fen.
#[test]
fn fund_pools_in_the_table_and_explain_in_both_languages() {
    const RANKED: &str = "policies/examples/ranked.policy";
    const PRO_RATA: &str = "policies/examples/pro-rata.policy";
    let explain = [
        "explain",
        PRO_RATA,
        "examples/pro-rata.csv",
        "--id",
        "91220100000000002B",
    ];
    settings().bind(|| {
        assert_cmd_snapshot!(
            "eval_ranked_pool_zh",
            jiangbu().args(["eval", RANKED, "examples/ranked.csv"])
        );
        assert_cmd_snapshot!(
            "eval_ranked_pool_en",
            jiangbu().args(["eval", RANKED, "examples/ranked.csv", "--lang", "en"])
        );
        assert_cmd_snapshot!("explain_pro_rata_pool_zh", jiangbu().args(explain));
        assert_cmd_snapshot!(
            "explain_pro_rata_pool_en",
            jiangbu().args(explain).args(["--lang", "en"])
        );
    });
}
