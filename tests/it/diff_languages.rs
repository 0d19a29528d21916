//! `jiangbu diff` in the run's language: the table, the json notes and a saved result's errors
//! follow the new policy's keyword language, or `--lang`.
//!
//! `tests/cases/diff/growth8-no-area.jsonl` is what `jiangbu eval
//! tests/cases/diff/changchun-2021-7-growth8.policy tests/cases/diff/clean.csv --format jsonl`
//! wrote, with every `area` and every benefit's `funds` removed, so the diff must infer both and
//! say so in two notes.

use std::process::Command;

use insta_cmd::assert_cmd_snapshot;
use serde_json::Value;

const POLICY: &str = "policies/changchun-2021-7.policy";
const EN: &str = "policies/changchun-2021-7.en.policy";
const GROWTH8: &str = "tests/cases/diff/changchun-2021-7-growth8.policy";
const RECORDS: &str = "examples/enterprises.csv";
const CLEAN: &str = "tests/cases/diff/clean.csv";
const NO_AREA: &str = "tests/cases/diff/growth8-no-area.jsonl";

fn jiangbu() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jiangbu"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1").env("LANG", "C");
    cmd
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.set_snapshot_path("../snapshots/diff");
    s
}

/// The Chinese policies compared with `--lang en`: the same report as
/// `diff_table_of_the_8_percent_threshold`, in English.
#[test]
fn diff_table_in_english_with_lang_en() {
    settings().bind(|| {
        assert_cmd_snapshot!(jiangbu().args(["diff", POLICY, GROWTH8, RECORDS, "--lang", "en"]))
    });
}

/// A saved result without areas or funds against the English policy: an English table with both
/// notes.
#[test]
fn diff_table_of_a_saved_result_in_english_with_its_notes() {
    settings().bind(|| assert_cmd_snapshot!(jiangbu().args(["diff", NO_AREA, EN, CLEAN])));
}

/// The same against the Chinese policy: the notes in Chinese.
#[test]
fn diff_table_of_a_saved_result_in_chinese_with_its_notes() {
    settings().bind(|| assert_cmd_snapshot!(jiangbu().args(["diff", NO_AREA, POLICY, CLEAN])));
}

/// In json a note is its stable code and its message in the run's language.
#[test]
fn diff_json_notes_carry_a_code_and_the_run_language() {
    for (policy, area, funds) in [
        (
            EN,
            "the saved result has no `area`: its records are totalled by the area of the same `id` in the records read",
            "the saved result has no `funds`: its subsidies are totalled by the funding sources NEW gives the same clause and name",
        ),
        (
            POLICY,
            "旧结果未记录地区：按记录文件中同一主键企业的地区汇总",
            "旧结果未记录资金来源：按新政策中同一条款同名奖补的资金来源汇总",
        ),
    ] {
        let out = jiangbu()
            .args(["diff", NO_AREA, policy, CLEAN, "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{policy}");
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let expected = serde_json::json!([
            {"code": "jiangbu::word::note_area_from_records", "message": area},
            {"code": "jiangbu::word::note_funds_from_new", "message": funds},
        ]);
        assert_eq!(report["notes"], expected, "{policy}");
    }
}

/// A saved result's error in the new policy's language (English here; Chinese in
/// `a_saved_result_with_a_wrong_status_is_named`).
#[test]
fn a_saved_result_with_a_wrong_status_is_named_in_english() {
    settings().bind(|| {
        assert_cmd_snapshot!(jiangbu().args([
            "diff",
            "tests/cases/diff/bad-status.jsonl",
            EN,
            CLEAN
        ]))
    });
}

/// An empty saved result, in both languages.
#[test]
fn an_empty_saved_result_is_named_in_both_languages() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-languages");
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let empty = empty.to_str().unwrap();
    for (policy, message) in [
        (EN, format!("`{empty}` holds no record")),
        (POLICY, format!("`{empty}` 中没有记录")),
    ] {
        let out = jiangbu()
            .args(["diff", empty, policy, CLEAN, "--error-format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let line: Value = serde_json::from_slice(&out.stderr).unwrap();
        assert_eq!(line["code"], "jiangbu::diff::saved_empty");
        assert_eq!(line["message"], message.as_str(), "{policy}");
    }
}

/// Every result cell of an English diff reads as English (`eligible 200,000.00`, `eligible,
/// amount to be determined`, `ineligible`, `undetermined`), never `eligible to be determined`
/// (which beside `ineligible` read `ineligible eligible to be determined`), and money has
/// thousands separators as in the eval table.
#[test]
fn english_diff_cells_read_as_english() {
    let out = jiangbu()
        .args(["diff", EN, EN, RECORDS, "--set-new", "第二条奖补=20万元"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("eligible to be determined"), "{stdout}");
    // Row 3 (恒瑞) is eligible for clause 2 on both sides; only the amount changes:
    // 20万元 = 20 × 10,000 = 200,000.00 yuan.
    let row3 = stdout
        .lines()
        .find(|l| l.contains("91220174MAW9BGNXWN"))
        .unwrap();
    assert!(
        row3.contains("第二条 连续生产奖补  eligible, amount to be determined")
            && row3.trim_end().ends_with("eligible 200,000.00"),
        "{row3}"
    );
    // The old and new columns of the changed records hold English words only: the clause
    // names are the policy's (Chinese), the status words are not.
    let table: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("enterprises whose decisions change"))
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(table.len() > 3, "{stdout}");
    for line in &table[3..] {
        for word in ["符合", "待查", "待定", "待选", "暂定", "无"] {
            let cells = line.split("  ").filter(|c| !c.trim().is_empty());
            // Only a clause's own name may hold Chinese; a cell that starts with a status word
            // in Chinese is the bug.
            assert!(cells.clone().all(|c| !c.trim().starts_with(word)), "{line}");
        }
    }
    // The clause 2 totals: old 0.00 (every amount was open); new = paid × 200,000.00.
    let clause2: Vec<&str> = stdout
        .lines()
        .find(|l| l.starts_with("第二条 连续生产奖补"))
        .unwrap()
        .split_whitespace()
        .collect();
    let paid: u64 = clause2[3].parse().unwrap();
    assert_eq!(paid, 12, "{clause2:?}");
    // 12 × 200,000.00 = 2,400,000.00, a difference of +2,400,000.00 from 0.00.
    assert_eq!(
        &clause2[4..7],
        &["0.00", "2,400,000.00", "+2,400,000.00"],
        "{clause2:?}"
    );
}

/// A policy without a name or area field: the diff table heads those columns with the run's
/// words (`name`, `area` in English), not Chinese defaults.
#[test]
fn columns_a_policy_lacks_are_headed_in_the_run_language() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-languages-columns");
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("keyed.policy");
    std::fs::write(
        &policy,
        "record {\n  id     text key\n  output money\n}\n\nparam bonus money = tbd\n\n\
         clause 第一条 {\n  subsidy output_award {\n    when output not less than 1000万元\n    \
         amount bonus\n  }\n}\n",
    )
    .unwrap();
    let records = dir.join("keyed.csv");
    std::fs::write(&records, "id,output\nA,20000000\nB,100\n").unwrap();
    let (policy, records) = (policy.to_str().unwrap(), records.to_str().unwrap());
    let out = jiangbu()
        .args(["diff", policy, policy, records, "--set-new", "bonus=5000"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let header = stdout.lines().find(|l| l.starts_with("row")).unwrap();
    let header: Vec<&str> = header.split_whitespace().collect();
    assert_eq!(
        header[..5],
        ["row", "id", "name", "area", "item"],
        "{stdout}"
    );
    // A: 20,000,000 ≥ 1000万 = 10,000,000, eligible on both sides; its amount goes from open
    // to bonus = 5,000.00. B (100 < 10,000,000) is ineligible on both and does not change.
    let a = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("2  A"))
        .unwrap();
    assert!(
        a.contains("eligible, amount to be determined")
            && a.trim_end().ends_with("eligible 5,000.00"),
        "{a}"
    );
    assert!(!stdout.lines().any(|l| l.contains("  B  ")), "{stdout}");
}
