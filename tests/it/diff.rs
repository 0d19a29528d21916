//! `jiangbu diff`: the decision diff of the shipped policy against a variant whose growth
//! threshold is 8% instead of 6% (`tests/cases/diff/changchun-2021-7-growth8.policy`).
//!
//! The snapshots were read before they were accepted: with 8%, four enterprises of the example
//! data lose clauses 1–3 (rows 3, 20, 34 and 98, whose growth lies between 6% and 8%). The cost
//! totals are checked against two `eval --format json` summaries below, not by eye.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::assert_cmd_snapshot;
use serde_json::Value;

const POLICY: &str = "policies/changchun-2021-7.policy";
const GROWTH8: &str = "tests/cases/diff/changchun-2021-7-growth8.policy";
const RECORDS: &str = "examples/enterprises.csv";
/// Twenty enterprises of the example data without malformed cells (rows 3 and 20 change).
const CLEAN: &str = "tests/cases/diff/clean.csv";

/// Every parameter of notice 2021-7, so every amount is known.
const SETS: [&str; 12] = crate::common::SET_ALL;

fn jiangbu() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jiangbu"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1");
    cmd
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.set_snapshot_path("../snapshots/diff");
    s
}

/// A scratch directory of this test process.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jiangbu-diff-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Run jiangbu, check its exit status, and parse stdout as one JSON document.
fn json(args: &[&str], status: i32) -> Value {
    let out = jiangbu().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(status),
        "jiangbu {}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn args<'a>(head: &[&'a str], sets: &[&'a str]) -> Vec<&'a str> {
    head.iter().chain(sets).copied().collect()
}

#[test]
fn the_fixture_is_the_shipped_policy_with_only_the_threshold_changed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped = std::fs::read_to_string(root.join(POLICY)).unwrap();
    let variant = std::fs::read_to_string(root.join(GROWTH8)).unwrap();
    // The variant: a two-line comment header, the shipped policy up to its worked examples
    // (`示例`, left out), with the three growth conditions at 8%.
    let body = shipped
        .split("# ------------------------------------------------------------------------------------------ 示例")
        .next()
        .unwrap()
        .trim_end();
    assert_eq!(body.matches("增长率 达到 6% 以上").count(), 3);
    let expected = body.replace("增长率 达到 6% 以上", "增长率 达到 8% 以上");
    let (header, rest) = variant.split_once("\n\n").unwrap();
    assert!(header.lines().all(|l| l.starts_with('#')), "{header}");
    assert_eq!(
        rest.trim_end(),
        expected,
        "{GROWTH8} drifted from {POLICY}: regenerate it (the shipped policy before its 示例 \
         section, `增长率 达到 6% 以上` → `8%` in clauses 1–3)"
    );
}

#[test]
fn diff_table_of_the_8_percent_threshold() {
    settings().bind(|| assert_cmd_snapshot!(jiangbu().args(["diff", POLICY, GROWTH8, RECORDS])));
}

#[test]
fn diff_table_of_the_8_percent_threshold_with_amounts_set() {
    settings().bind(|| {
        assert_cmd_snapshot!(jiangbu().args(args(&["diff", POLICY, GROWTH8, RECORDS], &SETS)))
    });
}

#[test]
fn diff_json_of_the_8_percent_threshold_with_amounts_set() {
    settings().bind(|| {
        assert_cmd_snapshot!(jiangbu().args(args(
            &["diff", POLICY, GROWTH8, RECORDS, "--format", "json"],
            &SETS
        )))
    });
}

/// `paid_sum` of a `{"name"|"clause"…, "paid_sum"}` list of an eval summary, by key.
fn sums(list: &Value, key: impl Fn(&Value) -> String) -> HashMap<String, String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| (key(v), v["paid_sum"].as_str().unwrap().to_string()))
        .collect()
}

fn decimal(v: &Value) -> rust_decimal::Decimal {
    v.as_str().unwrap().parse().unwrap()
}

/// Each diff row's old and new `paid_sum` equal the two eval summaries', and `difference` is
/// new − old.
fn reconcile(
    rows: &Value,
    old: &HashMap<String, String>,
    new: &HashMap<String, String>,
    key: impl Fn(&Value) -> String,
) {
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), new.len().max(old.len()), "{rows:?}");
    for row in rows {
        let k = key(row);
        assert_eq!(
            row["old"]["paid_sum"].as_str(),
            old.get(&k).map(String::as_str),
            "old {k}"
        );
        assert_eq!(
            row["new"]["paid_sum"].as_str(),
            new.get(&k).map(String::as_str),
            "new {k}"
        );
        let difference = decimal(&row["new"]["paid_sum"]) - decimal(&row["old"]["paid_sum"]);
        assert_eq!(decimal(&row["difference"]), difference, "difference {k}");
    }
}

#[test]
fn cost_totals_reconcile_with_the_two_eval_summaries() {
    let old = json(
        &args(&["eval", POLICY, RECORDS, "--format", "json"], &SETS),
        3,
    );
    let new = json(
        &args(&["eval", GROWTH8, RECORDS, "--format", "json"], &SETS),
        3,
    );
    let diff = json(
        &args(
            &["diff", POLICY, GROWTH8, RECORDS, "--format", "json"],
            &SETS,
        ),
        3,
    );
    let (old, new, totals) = (&old["summary"], &new["summary"], &diff["totals"]);
    let clause = |v: &Value| {
        format!(
            "{} {}",
            v["clause"].as_str().unwrap(),
            v["name"].as_str().unwrap()
        )
    };
    // Services pay nothing and are not in the diff's totals.
    let subsidies = |summary: &Value| {
        let mut s = sums(&summary["benefits"], clause);
        s.retain(|k, _| {
            !k.contains("职业培训")
                && !k.contains("银企对接")
                && !k.contains("应急用煤")
                && !k.starts_with("第九条")
        });
        s
    };
    reconcile(
        &totals["benefits"],
        &subsidies(old),
        &subsidies(new),
        clause,
    );
    let name = |v: &Value| v["name"].as_str().unwrap().to_string();
    reconcile(
        &totals["areas"],
        &sums(&old["areas"], name),
        &sums(&new["areas"], name),
        name,
    );
    // The diff labels a fund with its chain (`A → B`); eval with its first source.
    let first = |v: &Value| {
        v["name"]
            .as_str()
            .unwrap()
            .split(" → ")
            .next()
            .unwrap()
            .to_string()
    };
    reconcile(
        &totals["funds"],
        &sums(&old["funds"], name),
        &sums(&new["funds"], name),
        first,
    );
    assert_eq!(totals["paid_sum"]["old"]["paid_sum"], old["paid_sum"]);
    assert_eq!(totals["paid_sum"]["new"]["paid_sum"], new["paid_sum"]);
    // By hand: rows 3 and 98 lose 第二条 (20万元 each), row 20 its 第三条 award (999 × 300元),
    // row 34 its 第一条 award (50万元).
    assert_eq!(totals["paid_sum"]["difference"], "-1199700.00");
    assert_eq!(diff["no_longer_eligible"], 6);
    assert_eq!(diff["newly_eligible"], 0);
    let rows: Vec<u64> = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["row"].as_u64().unwrap())
        .collect();
    assert_eq!(rows, [3, 20, 34, 98]);
}

#[test]
fn the_other_way_round_the_same_records_become_eligible() {
    let forth = json(
        &args(
            &["diff", POLICY, GROWTH8, RECORDS, "--format", "json"],
            &SETS,
        ),
        3,
    );
    let back = json(
        &args(
            &["diff", GROWTH8, POLICY, RECORDS, "--format", "json"],
            &SETS,
        ),
        3,
    );
    assert_eq!(back["newly_eligible"], forth["no_longer_eligible"]);
    assert_eq!(back["no_longer_eligible"], 0);
    assert_eq!(back["totals"]["paid_sum"]["difference"], "1199700.00");
    for (f, b) in forth["changes"]
        .as_array()
        .unwrap()
        .iter()
        .zip(back["changes"].as_array().unwrap())
    {
        assert_eq!(f["id"], b["id"]);
        assert_eq!(f["no_longer_eligible"], b["newly_eligible"]);
        assert_eq!(f["award"]["old"], b["award"]["new"]);
    }
}

#[test]
fn a_saved_result_as_old_gives_the_same_diff_as_its_policy() {
    let dir = scratch("saved");
    let saved = dir.join("old.jsonl");
    let saved = saved.to_str().unwrap();
    let out = jiangbu()
        .args(args(
            &["eval", POLICY, RECORDS, "--format", "jsonl", "-o", saved],
            &SETS,
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let mut from_policy = json(
        &args(
            &["diff", POLICY, GROWTH8, RECORDS, "--format", "json"],
            &SETS,
        ),
        3,
    );
    let mut from_saved = json(
        &args(
            &["diff", saved, GROWTH8, RECORDS, "--format", "json"],
            &SETS,
        ),
        3,
    );
    assert_eq!(from_saved["old"]["kind"], "saved");
    // The saved result records neither areas nor funds: the report says how it totals them.
    assert_eq!(
        from_saved["notes"].as_array().unwrap().len(),
        2,
        "{}",
        from_saved["notes"]
    );
    for v in [&mut from_policy, &mut from_saved] {
        let v = v.as_object_mut().unwrap();
        v.remove("old");
        v.remove("notes");
    }
    assert_eq!(from_saved, from_policy);
}

#[test]
fn a_saved_result_is_matched_by_id() {
    let dir = scratch("match");
    let out = jiangbu()
        .args(["eval", POLICY, CLEAN, "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    // Drop the first enterprise, reverse the rest, and add one the records do not have.
    let first = lines.remove(0);
    lines.reverse();
    let gone = first.replace("91220104MAXRUM85LQ", "91220100GONE000000");
    lines.push(gone);
    let saved = dir.join("old.jsonl");
    std::fs::write(&saved, lines.join("\n") + "\n").unwrap();
    let diff = json(
        &[
            "diff",
            saved.to_str().unwrap(),
            POLICY,
            CLEAN,
            "--format",
            "json",
        ],
        0,
    );
    assert_eq!(diff["records"], 19);
    assert_eq!(diff["only_old"], 1);
    assert_eq!(diff["only_new"], 1);
    let changes = diff["changes"].as_array().unwrap();
    let kinds: Vec<(&str, &str)> = changes
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["change"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("91220104MAXRUM85LQ", "only_new"),
            ("91220100GONE000000", "only_old")
        ]
    );
}

#[test]
fn identical_decisions_exit_0_and_say_so() {
    let out = jiangbu()
        .args(["diff", POLICY, POLICY, CLEAN])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("比较 20 户，决策有变化 0 户"), "{text}");
    assert!(text.contains("没有企业的决策发生变化。"), "{text}");
}

#[test]
fn differences_exit_0_on_clean_records() {
    let diff = json(&["diff", POLICY, GROWTH8, CLEAN, "--format", "json"], 0);
    assert_eq!(diff["changed"], 2);
}

#[test]
fn set_old_and_set_new_vary_one_side() {
    // 第二条 at 20万元 before and 30万元 after: every enterprise paid 第二条 costs 10万元 more,
    // and row 20 (第三条 299700元 beat 第二条 20万元) now takes 第二条's 30万元 instead.
    let diff = json(
        &args(
            &[
                "diff",
                POLICY,
                POLICY,
                CLEAN,
                "--format",
                "json",
                "--set-old",
                "第二条奖补=20万元",
                "--set-new",
                "第二条奖补=30万元",
            ],
            &SETS[..2],
        ),
        0,
    );
    let totals = |clause: &str| {
        diff["totals"]["benefits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["clause"] == clause)
            .unwrap()
            .clone()
    };
    let (second, third) = (totals("第二条"), totals("第三条"));
    let paid = |side: &str| second[side]["paid"].as_u64().unwrap();
    assert_eq!(paid("new"), paid("old") + 1);
    let expected = 300_000 * paid("new") - 200_000 * paid("old");
    assert_eq!(
        decimal(&second["difference"]),
        rust_decimal::Decimal::from(expected)
    );
    assert_eq!(third["difference"], "-299700.00");
    let row20 = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["row"] == 20)
        .unwrap();
    assert_eq!(row20["award"]["old"]["clause"], "第三条");
    assert_eq!(row20["award"]["new"]["clause"], "第二条");
    assert_eq!(diff["newly_eligible"], 0);
    assert_eq!(diff["no_longer_eligible"], 0);
}

#[test]
fn set_old_on_a_saved_result_is_refused() {
    settings().bind(|| {
        assert_cmd_snapshot!(jiangbu().args([
            "diff",
            "tests/cases/diff/bad-status.jsonl",
            POLICY,
            CLEAN,
            "--set-old",
            "第一条奖补=50万元"
        ]))
    });
}

#[test]
fn a_saved_result_with_a_wrong_status_is_named() {
    settings().bind(|| {
        assert_cmd_snapshot!(jiangbu().args([
            "diff",
            "tests/cases/diff/bad-status.jsonl",
            POLICY,
            CLEAN
        ]))
    });
}

#[test]
fn a_saved_result_that_is_not_json_is_named() {
    settings().bind(|| {
        assert_cmd_snapshot!(jiangbu().args([
            "diff",
            "tests/cases/diff/not-json.jsonl",
            POLICY,
            CLEAN
        ]))
    });
}

#[test]
fn a_saved_result_with_a_duplicate_id_is_refused() {
    settings().bind(|| {
        assert_cmd_snapshot!(jiangbu().args([
            "diff",
            "tests/cases/diff/duplicate-id.jsonl",
            POLICY,
            CLEAN
        ]))
    });
}

#[test]
fn a_missing_old_policy_exits_1() {
    let out = jiangbu()
        .args(["diff", "policies/nope.policy", POLICY, CLEAN])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("jiangbu::io::read"));
}

#[test]
fn the_output_file_is_written() {
    let dir = scratch("output");
    let file = dir.join("diff.json");
    let out = jiangbu()
        .args([
            "diff",
            POLICY,
            GROWTH8,
            CLEAN,
            "--format",
            "json",
            "-o",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let written: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(written["changed"], 2);
}

/// A comparison over records with data errors (the example data's 3) exits 3 and says why on
/// stderr, in the policy's language, as `eval` does; without errors it says nothing.
#[test]
fn data_errors_are_said_on_stderr() {
    let out = jiangbu()
        .args(["diff", POLICY, GROWTH8, RECORDS])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(
        said.contains("部分记录数据有误：按评估结果比较，相关字段视为未知"),
        "{said}"
    );
    let out = jiangbu()
        .args(["diff", POLICY, GROWTH8, RECORDS, "--lang", "en"])
        .output()
        .unwrap();
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(said.contains("some records have data errors"), "{said}");
}

/// A records file diff cannot open is told in the policy's language, as `eval` tells it (it
/// was English whatever the policy).
#[test]
fn an_unreadable_records_file_is_told_in_the_policys_language() {
    let out = jiangbu()
        .args(["diff", POLICY, GROWTH8, "no-such-records.csv"])
        .env("LANG", "C")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(said.contains("无法打开 `no-such-records.csv`"), "{said}");
}
