//! Evaluation semantics, one small policy per amount form or rule, under `tests/cases/eval/`.
//!
//! Each test runs `jiangbu eval tests/cases/eval/NAME.policy tests/cases/eval/NAME.csv --format
//! jsonl`, parses the records and checks statuses, amounts, awards and group totals against values
//! computed by hand from the language's promises (SPEC.md), with the arithmetic written above each
//! assertion. Shorthand: 1万 = 10,000 yuan; "half-up" = round half away from zero at the fen.
//! Each fixture's clauses hold one subsidy each, so a benefit is found by its clause.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::process::Command;

const ELIGIBLE: &str = "eligible";
const INELIGIBLE: &str = "ineligible";
const UNDETERMINED: &str = "undetermined";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// One `jiangbu eval … --format jsonl` run over a fixture.
struct Run {
    fixture: String,
    code: Option<i32>,
    stderr: String,
    records: Vec<Value>,
}

/// Runs `eval tests/cases/eval/{fixture}.policy tests/cases/eval/{fixture}.csv --format FORMAT`
/// with `extra` arguments appended; returns (exit code, stdout, stderr).
fn run_raw(fixture: &str, format: &str, extra: &[&str]) -> (Option<i32>, String, String) {
    let policy = format!("tests/cases/eval/{fixture}.policy");
    let records = format!("tests/cases/eval/{fixture}.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["eval", &policy, &records, "--format", format])
        .args(extra)
        .output()
        .expect("run jiangbu");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    )
}

fn eval_with(fixture: &str, extra: &[&str]) -> Run {
    let (code, stdout, stderr) = run_raw(fixture, "jsonl", extra);
    let records = stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{fixture}: not JSON ({e}): {l}\nstderr: {stderr}"))
        })
        .collect();
    Run {
        fixture: fixture.to_owned(),
        code,
        stderr,
        records,
    }
}

/// Evaluates a fixture and checks that the run succeeded (exit 0: no data errors).
fn eval(fixture: &str) -> Run {
    let run = eval_with(fixture, &[]);
    run.assert_exit(0);
    run
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected an array, got {v}"))
        .iter()
        .map(|x| {
            x.as_str()
                .unwrap_or_else(|| panic!("expected a string, got {x}"))
        })
        .collect()
}

impl Run {
    #[track_caller]
    fn assert_exit(&self, code: i32) {
        assert_eq!(
            self.code,
            Some(code),
            "{}: exit status; stderr:\n{}",
            self.fixture,
            self.stderr
        );
    }

    #[track_caller]
    fn ids(&self) -> Vec<&str> {
        self.records
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect()
    }

    #[track_caller]
    fn record(&self, id: &str) -> &Value {
        self.records
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{}: no record {id}", self.fixture))
    }

    #[track_caller]
    fn benefit(&self, id: &str, clause: &str) -> &Value {
        let found: Vec<&Value> = self.record(id)["benefits"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["clause"] == clause)
            .collect();
        assert_eq!(found.len(), 1, "{}: {id} {clause}: {found:?}", self.fixture);
        found[0]
    }

    #[track_caller]
    fn status(&self, id: &str, clause: &str) -> &str {
        self.benefit(id, clause)["status"].as_str().unwrap()
    }

    #[track_caller]
    fn amount(&self, id: &str, clause: &str) -> Option<&str> {
        self.benefit(id, clause)["amount"].as_str()
    }

    /// Eligible, with this amount (`None` = null: to be determined or not computable).
    #[track_caller]
    fn assert_eligible(&self, id: &str, clause: &str, amount: Option<&str>) {
        let b = self.benefit(id, clause);
        assert_eq!(
            b["status"], ELIGIBLE,
            "{}: {id} {clause}: {b}",
            self.fixture
        );
        assert_eq!(
            b["amount"].as_str(),
            amount,
            "{}: {id} {clause} amount: {b}",
            self.fixture
        );
    }

    #[track_caller]
    fn assert_ineligible(&self, id: &str, clause: &str) {
        let b = self.benefit(id, clause);
        assert_eq!(
            b["status"], INELIGIBLE,
            "{}: {id} {clause}: {b}",
            self.fixture
        );
    }

    /// Undetermined, amount null, and the reason names every word in `reason_has`.
    #[track_caller]
    fn assert_undetermined(&self, id: &str, clause: &str, reason_has: &[&str]) {
        let b = self.benefit(id, clause);
        assert_eq!(
            b["status"], UNDETERMINED,
            "{}: {id} {clause}: {b}",
            self.fixture
        );
        assert!(
            b["amount"].is_null(),
            "{}: {id} {clause}: {b}",
            self.fixture
        );
        let reason = b["reason"].as_str().unwrap_or_else(|| {
            panic!(
                "{}: {id} {clause}: undetermined without a reason: {b}",
                self.fixture
            )
        });
        for word in reason_has {
            assert!(
                reason.contains(word),
                "{}: {id} {clause}: reason {reason:?} does not name {word:?}",
                self.fixture
            );
        }
    }

    /// Checks one status per clause, in order `第一条`, `第二条`, ….
    #[track_caller]
    fn assert_statuses(&self, id: &str, expected: &[(&str, &str)]) {
        for (clause, status) in expected {
            assert_eq!(
                self.status(id, clause),
                *status,
                "{}: {id} {clause}: {}",
                self.fixture,
                self.benefit(id, clause)
            );
        }
    }

    #[track_caller]
    fn award(&self, id: &str) -> &Value {
        &self.record(id)["award"]
    }

    #[track_caller]
    fn group(&self, id: &str, name: &str) -> &Value {
        self.record(id)["groups"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: {id} has no groups", self.fixture))
            .iter()
            .find(|g| g["group"] == name)
            .unwrap_or_else(|| panic!("{}: {id} has no group {name}", self.fixture))
    }

    /// A cumulative-cap group entry: total, cap, payable (strings) and provisional.
    #[track_caller]
    fn assert_cumulative(
        &self,
        id: &str,
        name: &str,
        total: &str,
        cap: &str,
        payable: &str,
        provisional: bool,
    ) {
        let g = self.group(id, name);
        assert_eq!(
            g["total"], total,
            "{}: {id} {name} total: {g}",
            self.fixture
        );
        assert_eq!(g["cap"], cap, "{}: {id} {name} cap: {g}", self.fixture);
        assert_eq!(
            g["payable"], payable,
            "{}: {id} {name} payable: {g}",
            self.fixture
        );
        assert_eq!(
            g["provisional"], provisional,
            "{}: {id} {name} provisional: {g}",
            self.fixture
        );
    }
}

/// What an exclusive group's award must say.
struct Award<'a> {
    status: &'a str,
    clause: Option<&'a str>,
    amount: Option<&'a str>,
    provisional: bool,
    candidates: &'a [&'a str],
    set_aside: &'a [&'a str],
}

#[track_caller]
fn assert_award(award: &Value, expected: &Award) {
    assert_eq!(award["status"], expected.status, "award status: {award}");
    assert_eq!(
        award["clause"].as_str(),
        expected.clause,
        "award clause: {award}"
    );
    assert_eq!(
        award["amount"].as_str(),
        expected.amount,
        "award amount: {award}"
    );
    assert_eq!(
        award["provisional"], expected.provisional,
        "award provisional: {award}"
    );
    assert_eq!(
        strs(&award["candidates"]),
        expected.candidates,
        "award candidates: {award}"
    );
    assert_eq!(
        strs(&award["set_aside"]),
        expected.set_aside,
        "award set_aside: {award}"
    );
}

fn awarded<'a>(clause: &'a str, amount: Option<&'a str>, set_aside: &'a [&'a str]) -> Award<'a> {
    Award {
        status: "awarded",
        clause: Some(clause),
        amount,
        provisional: false,
        candidates: &[],
        set_aside,
    }
}

fn pending<'a>(candidates: &'a [&'a str]) -> Award<'a> {
    Award {
        status: "pending",
        clause: None,
        amount: None,
        provisional: false,
        candidates,
        set_aside: &[],
    }
}

const NO_AWARD: Award<'static> = Award {
    status: "none",
    clause: None,
    amount: None,
    provisional: false,
    candidates: &[],
    set_aside: &[],
};

// ---------------------------------------------------------------------------------------------
// Records and the jsonl shape
// ---------------------------------------------------------------------------------------------

#[test]
fn records_come_out_in_input_order_with_row_numbers_and_the_contract_keys() {
    let run = eval("rate_count_cap");
    // rate_count_cap.csv: header on row 1, then A … H on rows 2 … 9.
    assert_eq!(run.ids(), ["A", "B", "C", "D", "E", "F", "G", "H"]);
    for (i, r) in run.records.iter().enumerate() {
        assert_eq!(r["row"], i + 2, "{r}");
        assert!(r["errors"].as_array().unwrap().is_empty(), "{r}");
        // No exclusive group in this policy → award is null.
        assert!(r["award"].is_null(), "{r}");
        let b = &r["benefits"][0];
        assert_eq!(b["clause"], "第一条");
        assert_eq!(b["name"], "稳岗补贴");
        assert_eq!(b["kind"], "subsidy");
        assert!(b.get("reason").is_some(), "reason key present: {b}");
    }
}

// ---------------------------------------------------------------------------------------------
// Amount forms
// ---------------------------------------------------------------------------------------------

#[test]
fn fixed_amounts_with_caps_and_floors_in_the_order_written() {
    let run = eval("fixed_cap");
    // 5万元 = 50,000.
    run.assert_eligible("A", "第一条", Some("50000.00"));
    // 5万元，最高 3万元: min(50,000, 30,000) = 30,000.
    run.assert_eligible("A", "第二条", Some("30000.00"));
    // 2万元，最高 3万元: min(20,000, 30,000) = 20,000 (cap not reached).
    run.assert_eligible("A", "第三条", Some("20000.00"));
    // 1000元，最低 2000元: max(1,000, 2,000) = 2,000.
    run.assert_eligible("A", "第四条", Some("2000.00"));
    // 500元，最低 2000元，最高 1500元: max(500, 2,000) = 2,000, then min(2,000, 1,500) = 1,500.
    run.assert_eligible("A", "第五条", Some("1500.00"));
    // 500元，最高 1500元，最低 2000元: min(500, 1,500) = 500, then max(500, 2,000) = 2,000.
    run.assert_eligible("A", "第六条", Some("2000.00"));
    for clause in ["第一条", "第二条", "第三条", "第四条", "第五条", "第六条"] {
        // B: 申报 否 → every condition false.
        run.assert_ineligible("B", clause);
        // C: 申报 blank → unknown, the reason names the field.
        run.assert_undetermined("C", clause, &["申报"]);
    }
}

#[test]
fn literals_with_units_are_exact() {
    let run = eval("literals");
    // 1.2亿元 × 1% = 120,000,000 × 0.01 = 1,200,000; 产值 120,000,000 ≥ 1.2亿元 (不低于 includes).
    run.assert_eligible("A", "第一条", Some("1200000.00"));
    // 30万元 + 12.5千元 + 300元 = 300,000 + 12,500 + 300 = 312,800; 1000 人 达到 1000人 以上.
    run.assert_eligible("A", "第二条", Some("312800.00"));
    // 2 × 0.1元 + 6% × 1000元 = 0.20 + 60.00 = 60.20; 1000 ≥ 2.
    run.assert_eligible("A", "第三条", Some("60.20"));
    // B: 119,999,999.99 < 120,000,000; 999 人 < 1000人; 999 ≥ 2 → 60.20.
    run.assert_ineligible("B", "第一条");
    run.assert_ineligible("B", "第二条");
    run.assert_eligible("B", "第三条", Some("60.20"));
    // C: the cell says "1.2亿" = 120,000,000 → 1,200,000; 1 人 fails both counts.
    run.assert_eligible("C", "第一条", Some("1200000.00"));
    run.assert_ineligible("C", "第二条");
    run.assert_ineligible("C", "第三条");
}

#[test]
fn rate_times_count_capped_exactly_hit_and_exceeded() {
    let run = eval("rate_count_cap");
    // 300 × 0 = 0 → eligible with 0.00.
    run.assert_eligible("A", "第一条", Some("0.00"));
    // 300 × 1 = 300.
    run.assert_eligible("B", "第一条", Some("300.00"));
    // 300 × 999 = 299,700 < 300,000.
    run.assert_eligible("C", "第一条", Some("299700.00"));
    // 300 × 1000 = 300,000 = the cap exactly.
    run.assert_eligible("D", "第一条", Some("300000.00"));
    // 300 × 1001 = 300,300 → capped at 300,000.
    run.assert_eligible("E", "第一条", Some("300000.00"));
    // 300 × 5000 = 1,500,000 → capped at 300,000.
    run.assert_eligible("F", "第一条", Some("300000.00"));
    // 员工数 blank, condition (连续生产 是) true → eligible, amount not computable → null + reason.
    run.assert_eligible("G", "第一条", None);
    let reason = run.benefit("G", "第一条")["reason"].as_str().unwrap_or("");
    assert!(
        reason.contains("员工数"),
        "reason names the blank count: {reason:?}"
    );
    // 连续生产 否.
    run.assert_ineligible("H", "第一条");
}

#[test]
fn percent_of_base_rounds_half_up_at_the_fen() {
    let run = eval("percent_rounding");
    // A 1234.55: 3% → 37.0365 → 37.04; 5% → 61.7275 → 61.73; 0.5% → 6.17275 → 6.17.
    run.assert_eligible("A", "第一条", Some("37.04"));
    run.assert_eligible("A", "第二条", Some("61.73"));
    run.assert_eligible("A", "第三条", Some("6.17"));
    // B 1234.45: 3% → 37.0335 → 37.03; 5% → 61.7225 → 61.72; 0.5% → 6.17225 → 6.17.
    run.assert_eligible("B", "第一条", Some("37.03"));
    run.assert_eligible("B", "第二条", Some("61.72"));
    run.assert_eligible("B", "第三条", Some("6.17"));
    // C 100.50: 3% → 3.015 → 3.02; 5% → 5.025 → 5.03 (banker's would give 5.02);
    // 0.5% → 0.5025 → 0.50.
    run.assert_eligible("C", "第一条", Some("3.02"));
    run.assert_eligible("C", "第二条", Some("5.03"));
    run.assert_eligible("C", "第三条", Some("0.50"));
    // D 1234.50: 3% → 37.035 → 37.04; 5% → 61.725 → 61.73 (banker's: 61.72);
    // 0.5% → 6.1725 → 6.17.
    run.assert_eligible("D", "第一条", Some("37.04"));
    run.assert_eligible("D", "第二条", Some("61.73"));
    run.assert_eligible("D", "第三条", Some("6.17"));
    // E 1001: 3% → 30.03; 5% → 50.05; 0.5% → 5.005 → 5.01 (banker's: 5.00).
    run.assert_eligible("E", "第一条", Some("30.03"));
    run.assert_eligible("E", "第二条", Some("50.05"));
    run.assert_eligible("E", "第三条", Some("5.01"));
    // F 0 → 0.00 everywhere.
    for clause in ["第一条", "第二条", "第三条"] {
        run.assert_eligible("F", clause, Some("0.00"));
    }
}

#[test]
fn tiers_as_a_value_in_a_definition() {
    let run = eval("tiers_value");
    // 奖励比例 = 分档 { 产值 >= 1亿元 : 2%；产值 >= 5000万元 : 1%；其他 : 0% }; 新增产值 2000万.
    // 重点 = 分档 { 新建企业 : 产值 >= 1000万元；其他 : 产值 >= 1亿元 }.
    // A 产值 exactly 1亿 (≥ holds): 20,000,000 × 2% = 400,000.00; not new, 1亿 ≥ 1亿 → 重点.
    run.assert_eligible("A", "第一条", Some("400000.00"));
    run.assert_eligible("A", "第二条", Some("10000.00"));
    // B 99,999,999.99: second band, 20,000,000 × 1% = 200,000.00; not new, below 1亿 → not 重点.
    run.assert_eligible("B", "第一条", Some("200000.00"));
    run.assert_ineligible("B", "第二条");
    // C 50,000,000 (≥ 5000万 holds): 200,000.00; new and ≥ 1000万 → 重点.
    run.assert_eligible("C", "第一条", Some("200000.00"));
    run.assert_eligible("C", "第二条", Some("10000.00"));
    // D 49,990,000: 其他, 20,000,000 × 0% = 0.00; new and ≥ 1000万 → 重点.
    run.assert_eligible("D", "第一条", Some("0.00"));
    run.assert_eligible("D", "第二条", Some("10000.00"));
    // E 产值 blank: the first band's condition is unknown, so the rate is unknown (that band
    // or a later one may apply) and the amount with it; 重点 too (not new: 其他 reads 产值).
    run.assert_undetermined("E", "第二条", &["产值"]);
    // F 5,000,000, new: 其他 rate 0% → 0.00; new but below 1000万 → not 重点.
    run.assert_eligible("F", "第一条", Some("0.00"));
    run.assert_ineligible("F", "第二条");
}

#[test]
fn tiers_first_matching_band_default_and_no_match() {
    let run = eval("tiers");
    // 第一条 bands: ≥1亿 50万 | ≥5000万 20万 | ≥1000万 5万 | 其他 1万.
    // 第二条 bands: ≥1亿 10万 | ≥5000万 5万 | (no default → 0.00).
    // 第三条: ≥1亿 1% × 产值 | 其他 0.5% × 产值, then 最高 80万.
    // A 150,000,000: 500,000 | 100,000 | 1% = 1,500,000 → capped 800,000.
    run.assert_eligible("A", "第一条", Some("500000.00"));
    run.assert_eligible("A", "第二条", Some("100000.00"));
    run.assert_eligible("A", "第三条", Some("800000.00"));
    // B 100,000,000 (boundary, ≥ holds): 500,000 | 100,000 | 1,000,000 → 800,000.
    run.assert_eligible("B", "第一条", Some("500000.00"));
    run.assert_eligible("B", "第二条", Some("100000.00"));
    run.assert_eligible("B", "第三条", Some("800000.00"));
    // C 99,999,999.99: second band 200,000 | 50,000 | 0.5% = 499,999.99995 → 500,000.00.
    run.assert_eligible("C", "第一条", Some("200000.00"));
    run.assert_eligible("C", "第二条", Some("50000.00"));
    run.assert_eligible("C", "第三条", Some("500000.00"));
    // D 50,000,000: 200,000 | 50,000 | 0.5% = 250,000.
    run.assert_eligible("D", "第一条", Some("200000.00"));
    run.assert_eligible("D", "第二条", Some("50000.00"));
    run.assert_eligible("D", "第三条", Some("250000.00"));
    // E 10,000,000: third band 50,000 | no band → 0.00 | 0.5% = 50,000.
    run.assert_eligible("E", "第一条", Some("50000.00"));
    run.assert_eligible("E", "第二条", Some("0.00"));
    run.assert_eligible("E", "第三条", Some("50000.00"));
    // F 999: default 10,000 | no band → 0.00 | 0.5% = 4.995 → 5.00.
    run.assert_eligible("F", "第一条", Some("10000.00"));
    run.assert_eligible("F", "第二条", Some("0.00"));
    run.assert_eligible("F", "第三条", Some("5.00"));
}

#[test]
fn progressive_rates_are_marginal_across_three_bands() {
    let run = eval("progressive");
    // 1% up to 10,000,000; 2% of 10,000,000 … 50,000,000; 3% above.
    // A 5,000,000: 1% × 5,000,000 = 50,000.
    run.assert_eligible("A", "第一条", Some("50000.00"));
    // B 10,000,000: 1% × 10,000,000 = 100,000.
    run.assert_eligible("B", "第一条", Some("100000.00"));
    // C 30,000,000: 100,000 + 2% × 20,000,000 = 100,000 + 400,000 = 500,000.
    run.assert_eligible("C", "第一条", Some("500000.00"));
    // D 50,000,000: 100,000 + 2% × 40,000,000 = 100,000 + 800,000 = 900,000.
    run.assert_eligible("D", "第一条", Some("900000.00"));
    // E 80,000,000: 900,000 + 3% × 30,000,000 = 900,000 + 900,000 = 1,800,000.
    run.assert_eligible("E", "第一条", Some("1800000.00"));
    // F 12,345,678.90: 100,000 + 2% × 2,345,678.90 = 100,000 + 46,913.578 = 146,913.578
    // → 146,913.58.
    run.assert_eligible("F", "第一条", Some("146913.58"));
    // G 0 → 0.00.
    run.assert_eligible("G", "第一条", Some("0.00"));
}

#[test]
fn steps_floor_the_increase_and_negative_increase_gives_zero() {
    let run = eval("steps");
    // 净增 = 本期 − 基期; amount = floor(净增 / 10,000,000) × 20,000; 第二条 then 最高 150,000.
    // A 35,000,000 − 10,000,000 = 25,000,000 → floor(2.5) = 2 → 40,000.
    run.assert_eligible("A", "第一条", Some("40000.00"));
    run.assert_eligible("A", "第二条", Some("40000.00"));
    // B 20,000,000 − 10,000,000 = 10,000,000 → 1 → 20,000.
    run.assert_eligible("B", "第一条", Some("20000.00"));
    run.assert_eligible("B", "第二条", Some("20000.00"));
    // C 19,999,999.99 − 10,000,000 = 9,999,999.99 → floor(0.999…) = 0 → 0.00.
    run.assert_eligible("C", "第一条", Some("0.00"));
    // D 0 → 0.00.
    run.assert_eligible("D", "第一条", Some("0.00"));
    // E 5,000,000 − 10,000,000 = −5,000,000 → negative → 0.00 (not floor(−0.5) × 2万 = −20,000).
    run.assert_eligible("E", "第一条", Some("0.00"));
    // F 5,000,000 − 30,000,000 = −25,000,000 → 0.00 (not −3 × 2万 = −60,000).
    run.assert_eligible("F", "第一条", Some("0.00"));
    run.assert_eligible("F", "第二条", Some("0.00"));
    // G 110,000,000 − 10,000,000 = 100,000,000 → 10 × 20,000 = 200,000; capped → 150,000.
    run.assert_eligible("G", "第一条", Some("200000.00"));
    run.assert_eligible("G", "第二条", Some("150000.00"));
}

#[test]
fn range_amount_is_null_with_its_bounds() {
    let run = eval("range");
    // 20万元 至 50万元 → amount null, range [200,000.00, 500,000.00].
    run.assert_eligible("A", "第一条", None);
    let b = run.benefit("A", "第一条");
    assert_eq!(strs(&b["range"]), ["200000.00", "500000.00"], "{b}");
    // 待定 → eligible, amount null, no range.
    run.assert_eligible("A", "第二条", None);
    assert!(
        run.benefit("A", "第二条")
            .get("range")
            .is_none_or(Value::is_null),
        "待定 has no range"
    );
    // B 申报 否; C 申报 blank.
    run.assert_ineligible("B", "第一条");
    run.assert_ineligible("B", "第二条");
    run.assert_undetermined("C", "第一条", &["申报"]);
    run.assert_undetermined("C", "第二条", &["申报"]);
}

#[track_caller]
fn assert_installments(run: &Run, id: &str, clause: &str, expected: &[(&str, &str)]) {
    let b = run.benefit(id, clause);
    let got: Vec<(&str, &str)> = b["installments"]
        .as_array()
        .unwrap_or_else(|| panic!("{id} {clause}: no installments: {b}"))
        .iter()
        .map(|i| (i["label"].as_str().unwrap(), i["amount"].as_str().unwrap()))
        .collect();
    assert_eq!(got, expected, "{id} {clause}: {b}");
}

#[test]
fn installments_round_each_share_and_the_last_takes_the_remainder() {
    let run = eval("installments");
    // A 100,000.01, 40/60: 40% = 40,000.004 → 40,000.00; last = 100,000.01 − 40,000.00 = 60,000.01.
    run.assert_eligible("A", "第一条", Some("100000.01"));
    assert_installments(
        &run,
        "A",
        "第一条",
        &[("首年", "40000.00"), ("次年", "60000.01")],
    );
    // A 第二条: min(100,000.01, 100,000) = 100,000; 30% = 30,000; 30,000; last 40,000.
    run.assert_eligible("A", "第二条", Some("100000.00"));
    assert_installments(
        &run,
        "A",
        "第二条",
        &[
            ("第一年", "30000.00"),
            ("第二年", "30000.00"),
            ("第三年", "40000.00"),
        ],
    );
    // B 100,000.00: 40,000.00 and 60,000.00.
    assert_installments(
        &run,
        "B",
        "第一条",
        &[("首年", "40000.00"), ("次年", "60000.00")],
    );
    // C 0.15: 40% = 0.06, last 0.09.
    assert_installments(&run, "C", "第一条", &[("首年", "0.06"), ("次年", "0.09")]);
    // C 0.15, 30/30/40: 30% = 0.045 → half-up 0.05 (banker's: 0.04); 0.05; last 0.15 − 0.10 = 0.05.
    assert_installments(
        &run,
        "C",
        "第二条",
        &[("第一年", "0.05"), ("第二年", "0.05"), ("第三年", "0.05")],
    );
    // D 1.26: 40% = 0.504 → 0.50, last 0.76; 30% = 0.378 → 0.38, 0.38, last 1.26 − 0.76 = 0.50.
    assert_installments(&run, "D", "第一条", &[("首年", "0.50"), ("次年", "0.76")]);
    assert_installments(
        &run,
        "D",
        "第二条",
        &[("第一年", "0.38"), ("第二年", "0.38"), ("第三年", "0.50")],
    );
    // E 0.01: 40% = 0.004 → 0.00, last 0.01; 30% → 0.00, 0.00, last 0.01.
    assert_installments(&run, "E", "第一条", &[("首年", "0.00"), ("次年", "0.01")]);
    assert_installments(
        &run,
        "E",
        "第二条",
        &[("第一年", "0.00"), ("第二年", "0.00"), ("第三年", "0.01")],
    );
}

#[test]
fn min_max_floor_and_round() {
    let run = eval("functions");
    // 第一条 最小(10% × 产值, 5万元); 第二条 最大(1% × 产值, 1000元); 第三条 向下取整(3% × 产值);
    // 第四条 四舍五入(5% × 产值); 第五条 四舍五入(产值 ÷ 3, 2).
    // A 300,000: min(30,000, 50,000) = 30,000; max(3,000, 1,000) = 3,000; floor(9,000);
    // round(15,000); 100,000.
    run.assert_eligible("A", "第一条", Some("30000.00"));
    run.assert_eligible("A", "第二条", Some("3000.00"));
    run.assert_eligible("A", "第三条", Some("9000.00"));
    run.assert_eligible("A", "第四条", Some("15000.00"));
    run.assert_eligible("A", "第五条", Some("100000.00"));
    // B 800,000: min(80,000, 50,000) = 50,000; 8,000; 24,000; 40,000; 266,666.666… → 266,666.67.
    run.assert_eligible("B", "第一条", Some("50000.00"));
    run.assert_eligible("B", "第二条", Some("8000.00"));
    run.assert_eligible("B", "第五条", Some("266666.67"));
    // C 50,000: 5,000; max(500, 1,000) = 1,000; 1,500; 2,500; 16,666.666… → 16,666.67.
    run.assert_eligible("C", "第一条", Some("5000.00"));
    run.assert_eligible("C", "第二条", Some("1000.00"));
    run.assert_eligible("C", "第五条", Some("16666.67"));
    // D 1234.55: 10% = 123.455 → final rounding at the fen 123.46; max(12.3455, 1,000) = 1,000;
    // floor(37.0365) = 37; round(61.7275) = 62; 411.51666… → 411.52.
    run.assert_eligible("D", "第一条", Some("123.46"));
    run.assert_eligible("D", "第二条", Some("1000.00"));
    run.assert_eligible("D", "第三条", Some("37.00"));
    run.assert_eligible("D", "第四条", Some("62.00"));
    run.assert_eligible("D", "第五条", Some("411.52"));
    // E 1250: floor(37.5) = 37; round(62.5) = 63 (half-up; banker's 62); 416.666… → 416.67.
    run.assert_eligible("E", "第一条", Some("125.00"));
    run.assert_eligible("E", "第三条", Some("37.00"));
    run.assert_eligible("E", "第四条", Some("63.00"));
    run.assert_eligible("E", "第五条", Some("416.67"));
    // F 999.99: 10% = 99.999 → 100.00; floor(29.9997) = 29; round(49.9995) = 50; 333.33.
    run.assert_eligible("F", "第一条", Some("100.00"));
    run.assert_eligible("F", "第三条", Some("29.00"));
    run.assert_eligible("F", "第四条", Some("50.00"));
    run.assert_eligible("F", "第五条", Some("333.33"));
    // G 200: 20; 1,000; floor(6) = 6; round(10) = 10; 66.666… → 66.67.
    run.assert_eligible("G", "第一条", Some("20.00"));
    run.assert_eligible("G", "第二条", Some("1000.00"));
    run.assert_eligible("G", "第三条", Some("6.00"));
    run.assert_eligible("G", "第四条", Some("10.00"));
    run.assert_eligible("G", "第五条", Some("66.67"));
}

#[test]
fn funding_sources_total_by_first_source() {
    let run = eval("funds");
    // A: 300 × 1 = 300; 100. B: 300 × 10 = 3,000 → capped 1,000; 100. C blank → undetermined.
    run.assert_eligible("A", "第一条", Some("300.00"));
    run.assert_eligible("A", "第二条", Some("100.00"));
    run.assert_eligible("B", "第一条", Some("1000.00"));
    run.assert_eligible("B", "第二条", Some("100.00"));
    run.assert_undetermined("C", "第一条", &["员工数"]);

    // The json summary totals funds by the first source:
    // 甲资金 (first of 第一条) = 300 + 1,000 = 1,300; 乙资金 (第二条 alone) = 100 + 100 = 200.
    let (code, stdout, stderr) = run_raw("funds", "json", &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).expect("json output");
    let funds = doc["summary"]["funds"].as_array().expect("summary.funds");
    let paid = |name: &str| {
        funds
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("no fund {name}: {funds:?}"))["paid_sum"]
            .clone()
    };
    assert_eq!(paid("甲资金"), "1300.00");
    assert_eq!(paid("乙资金"), "200.00");
}

#[test]
fn parameters_default_to_tbd_and_are_set_on_the_command_line() {
    // Defaults: 标准 = 待定 → amount null (still eligible); 上限 = 30万元.
    let run = eval("params");
    run.assert_eligible("A", "第一条", None);
    run.assert_eligible("A", "第二条", Some("300000.00"));

    // --set 标准=500元: A 500 × 100 = 50,000; B 500 × 2,000 = 1,000,000 → 最高 上限 300,000.
    let run = eval_with("params", &["--set", "标准=500元"]);
    run.assert_exit(0);
    run.assert_eligible("A", "第一条", Some("50000.00"));
    run.assert_eligible("B", "第一条", Some("300000.00"));
    run.assert_eligible("B", "第二条", Some("300000.00"));

    // --set 标准=200元 --set 上限=5万元: A 200 × 100 = 20,000; B 200 × 2,000 = 400,000 → 50,000;
    // 第二条 = 上限 = 50,000.
    let run = eval_with("params", &["--set", "标准=200元", "--set", "上限=5万元"]);
    run.assert_exit(0);
    run.assert_eligible("A", "第一条", Some("20000.00"));
    run.assert_eligible("B", "第一条", Some("50000.00"));
    run.assert_eligible("A", "第二条", Some("50000.00"));

    // An unknown parameter is refused as a wrong argument (exit 2) and named.
    let run = eval_with("params", &["--set", "不存在=1元"]);
    run.assert_exit(2);
    assert!(run.stderr.contains("不存在"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------------

#[test]
fn legal_comparatives_at_the_boundary_dates_and_word_sets() {
    let run = eval("comparatives");
    // Clauses: 1 不低于 (≥), 2 不超过 (≤), 3 达到…以上 (≥), 4 …以下 (≤), 5 超过 (>), 6 不足 (<),
    // 7 不满 (<), all against 1000万元; 8 竣工日期 ≥ 2020-01-01; 9 类型 属于 {水 电};
    // 10 类型 不属于 {无}.
    // EQ: 10,000,000, 2020-01-01, 水 → the inclusive ones hold, the strict ones do not.
    run.assert_statuses(
        "EQ",
        &[
            ("第一条", ELIGIBLE),
            ("第二条", ELIGIBLE),
            ("第三条", ELIGIBLE),
            ("第四条", ELIGIBLE),
            ("第五条", INELIGIBLE),
            ("第六条", INELIGIBLE),
            ("第七条", INELIGIBLE),
            ("第八条", ELIGIBLE),
            ("第九条", ELIGIBLE),
            ("第十条", ELIGIBLE),
        ],
    );
    // BELOW: 9,999,999.99, 2019-12-31, 煤.
    run.assert_statuses(
        "BELOW",
        &[
            ("第一条", INELIGIBLE),
            ("第二条", ELIGIBLE),
            ("第三条", INELIGIBLE),
            ("第四条", ELIGIBLE),
            ("第五条", INELIGIBLE),
            ("第六条", ELIGIBLE),
            ("第七条", ELIGIBLE),
            ("第八条", INELIGIBLE),
            ("第九条", INELIGIBLE),
            ("第十条", ELIGIBLE),
        ],
    );
    // ABOVE: 10,000,000.01, 2021-03-01, 无.
    run.assert_statuses(
        "ABOVE",
        &[
            ("第一条", ELIGIBLE),
            ("第二条", INELIGIBLE),
            ("第三条", ELIGIBLE),
            ("第四条", INELIGIBLE),
            ("第五条", ELIGIBLE),
            ("第六条", INELIGIBLE),
            ("第七条", INELIGIBLE),
            ("第八条", ELIGIBLE),
            ("第九条", INELIGIBLE),
            ("第十条", INELIGIBLE),
        ],
    );
}

#[test]
fn officers_comparatives_in_both_languages() {
    // Clauses, against 1000万元 = 10,000,000: 1 不大于 / no more than (≤), 2 不小于 / not less
    // than (≥), 3 低于 / below (<), 4 高于 / above (>), 5 … 以内 / or less (≤, the number
    // included); 6 `产值 不大于 0元` (once read as a name, now a comparison).
    // The fixtures live in `tests/cases/spellings/`, outside the formatted corpus: `fmt` writes
    // each comparative's first spelling (`不大于` → `不超过`), and these must stay as written.
    for fixture in [
        "../spellings/comparatives_officer",
        "../spellings/comparatives_officer_en",
    ] {
        let run = eval(fixture);
        let row = |id: &str, expected: [&str; 6]| {
            let clauses = ["第一条", "第二条", "第三条", "第四条", "第五条", "第六条"];
            let pairs: Vec<(&str, &str)> = clauses.into_iter().zip(expected).collect();
            run.assert_statuses(id, &pairs);
        };
        // EQ 10,000,000: ≤ and ≥ and 以内 hold; < and > do not; 10,000,000 ≤ 0 does not.
        row(
            "EQ",
            [
                ELIGIBLE, ELIGIBLE, INELIGIBLE, INELIGIBLE, ELIGIBLE, INELIGIBLE,
            ],
        );
        // BELOW 9,999,999.99: ≤, <, 以内 hold.
        row(
            "BELOW",
            [
                ELIGIBLE, INELIGIBLE, ELIGIBLE, INELIGIBLE, ELIGIBLE, INELIGIBLE,
            ],
        );
        // ABOVE 10,000,000.01: ≥ and > hold.
        row(
            "ABOVE",
            [
                INELIGIBLE, ELIGIBLE, INELIGIBLE, ELIGIBLE, INELIGIBLE, INELIGIBLE,
            ],
        );
        // ZERO 0: ≤, <, 以内 hold, and 0 ≤ 0.
        row(
            "ZERO",
            [
                ELIGIBLE, INELIGIBLE, ELIGIBLE, INELIGIBLE, ELIGIBLE, ELIGIBLE,
            ],
        );
    }
}

#[test]
fn dates_move_by_durations_with_the_month_end_rule_and_ranges_include_both_ends() {
    let run = eval("dates");
    // Clauses: 1 `投产日期 - 成立日期 不满 3年` (read: 投产日期 < 成立日期 + 3年);
    // 2 `竣工日期 不超过 投产日期 + 12个月` (竣工日期 optional: blank is none, not unknown);
    // 3 `投产日期 在 2021-01-01 至 2021-12-31 期间` (both ends included);
    // 4 `成立日期 <= 投产日期 - 1年`.
    // Month-end rule: a day the target month lacks becomes its last day.
    let statuses = |id: &str, s: [&str; 4]| {
        let clauses = ["第一条", "第二条", "第三条", "第四条"];
        run.assert_statuses(id, &clauses.into_iter().zip(s).collect::<Vec<_>>());
    };
    // EXACT3: 2018-06-01 + 3年 = 2021-06-01; 2021-06-01 < 2021-06-01 is false (exactly three
    // years earlier is not "less than 3 years"). 2021-06-01 + 12个月 = 2022-06-01 ≥ 竣工
    // 2022-06-01. In 2021. 2021-06-01 - 1年 = 2020-06-01 ≥ 2018-06-01.
    statuses("EXACT3", [INELIGIBLE, ELIGIBLE, ELIGIBLE, ELIGIBLE]);
    // DAYLESS: one day short of three years: 2018-06-02 + 3年 = 2021-06-02 > 2021-06-01.
    // 竣工 2022-06-02 is one day past 2022-06-01.
    statuses("DAYLESS", [ELIGIBLE, INELIGIBLE, ELIGIBLE, ELIGIBLE]);
    // LEAP: 2020-02-29 + 3年 = 2023-02-28 (2023 has no 29 February) > 2021-02-28.
    // 2021-02-28 + 12个月 = 2022-02-28 ≥ 竣工 2022-02-28. In 2021.
    // 2021-02-28 - 1年 = 2020-02-28, one day before 成立 2020-02-29: not a full year this way.
    statuses("LEAP", [ELIGIBLE, ELIGIBLE, ELIGIBLE, INELIGIBLE]);
    // LEAPDAY: 2020-02-29 + 3年 = 2023-02-28 = 投产: exactly three years by the month-end
    // rule, not less. 竣工 blank (optional): none, so 第二条 is not met. 2023 is not in 2021.
    // 2023-02-28 - 1年 = 2022-02-28 ≥ 2020-02-29.
    statuses("LEAPDAY", [INELIGIBLE, INELIGIBLE, INELIGIBLE, ELIGIBLE]);
    // JAN31: 2019-01-31 + 3年 = 2022-01-31 > 2021-01-31; 2021-01-31 + 12个月 = 2022-01-31 ≥
    // 竣工 2022-01-31; in 2021; 2021-01-31 - 1年 = 2020-01-31 ≥ 2019-01-31.
    statuses("JAN31", [ELIGIBLE, ELIGIBLE, ELIGIBLE, ELIGIBLE]);
    // BLANK: 成立日期 is required and blank: clauses 1 and 4 cannot be decided, and say why.
    run.assert_undetermined("BLANK", "第一条", &["成立日期"]);
    run.assert_undetermined("BLANK", "第四条", &["成立日期"]);
    // 2021-03-01 + 12个月 = 2022-03-01 ≥ 2021-04-01; 2021-03-01 is in 2021.
    run.assert_eligible("BLANK", "第二条", Some("1.00"));
    run.assert_eligible("BLANK", "第三条", Some("1.00"));
    // NEWYEAR: 投产 2020-12-31 is one day before the range; 0 days < 3年;
    // 2020-12-31 + 12个月 = 2021-12-31 ≥ 竣工 2021-12-31; 2020-12-31 - 1年 = 2019-12-31 <
    // 成立 2020-12-31.
    statuses("NEWYEAR", [ELIGIBLE, ELIGIBLE, INELIGIBLE, INELIGIBLE]);
    // START: 2018-01-01 + 3年 = 2021-01-01, not later than 投产 2021-01-01; 竣工 blank;
    // 2021-01-01 is the range's first day, included; 2021-01-01 - 1年 = 2020-01-01 ≥ 2018-01-01.
    statuses("START", [INELIGIBLE, INELIGIBLE, ELIGIBLE, ELIGIBLE]);
    // END: 2021-12-31, the range's last day, included; 2021-12-31 + 12个月 = 2022-12-31 ≥ 竣工
    // 2022-12-31; 2021-12-31 - 1年 = 2020-12-31 < 成立 2021-12-31.
    statuses("END", [ELIGIBLE, ELIGIBLE, ELIGIBLE, INELIGIBLE]);
    // AFTER: 2022-01-01 is one day past the range; 2022-01-01 + 12个月 = 2023-01-01 <
    // 竣工 2023-01-02; 2022-01-01 - 1年 = 2021-01-01 < 成立 2021-06-30.
    statuses("AFTER", [ELIGIBLE, INELIGIBLE, INELIGIBLE, INELIGIBLE]);
}

#[test]
fn contextual_keywords_name_a_field_and_an_option_word() {
    let run = eval("contextual_keywords");
    // A field named `地区` (also marked 地区), option words `其他` and `分期`; the condition is
    // `行业 = 其他 或 行业 属于 { 分期 }`, the tiers `地区 = "朝阳区" : 2万元`, `其他 : 1万元`.
    // A: 其他 in 朝阳区 → the first band: 20,000.
    run.assert_eligible("A", "第一条", Some("20000.00"));
    // B: 分期 in 南关区 → the `其他` band: 10,000.
    run.assert_eligible("B", "第一条", Some("10000.00"));
    // C: 制造 is neither word.
    run.assert_ineligible("C", "第一条");
}

#[test]
fn three_valued_and_or_not_with_blank_cells() {
    let run = eval("three_valued");
    // Clauses: 1 甲 且 乙; 2 甲 或 乙; 3 非 甲; 4 (非 甲) 且 乙 (非 binds tightest);
    // 5 全部 {甲 乙}; 6 任一 {甲 乙}. Record ids spell 甲乙 as T (是), F (否), U (blank).
    // Kleene: F∧U = F, T∧U = U, T∨U = T, F∨U = U, ¬U = U.
    let (e, i, u) = (ELIGIBLE, INELIGIBLE, UNDETERMINED);
    let table: [(&str, [&str; 6]); 8] = [
        // id    且  或  非甲  非甲且乙  全部 任一
        ("TT", [e, e, i, i, e, e]), // T∧T=T, T∨T=T, ¬T=F, F∧T=F
        ("TF", [i, e, i, i, i, e]), // T∧F=F, T∨F=T, ¬T=F, F∧F=F
        ("TU", [u, e, i, i, u, e]), // T∧U=U, T∨U=T, ¬T=F, F∧U=F
        ("FU", [i, u, e, u, i, u]), // F∧U=F, F∨U=U, ¬F=T, T∧U=U
        ("UF", [i, u, u, i, i, u]), // U∧F=F, U∨F=U, ¬U=U, U∧F=F
        ("UT", [u, e, u, u, u, e]), // U∧T=U, U∨T=T, ¬U=U, U∧T=U
        ("UU", [u, u, u, u, u, u]), // everything unknown
        ("FF", [i, i, e, i, i, i]), // F∧F=F, F∨F=F, ¬F=T, T∧F=F
    ];
    let clauses = ["第一条", "第二条", "第三条", "第四条", "第五条", "第六条"];
    for (id, row) in table {
        for (clause, status) in clauses.iter().zip(row) {
            assert_eq!(
                run.status(id, clause),
                status,
                "{id} {clause}: {}",
                run.benefit(id, clause)
            );
            if status == ELIGIBLE {
                assert_eq!(run.amount(id, clause), Some("1000.00"));
            }
        }
    }
    // Undetermined carries a reason naming the blank field.
    run.assert_undetermined("TU", "第一条", &["乙"]);
    run.assert_undetermined("UF", "第二条", &["甲"]);
    run.assert_undetermined("UT", "第三条", &["甲"]);
}

#[test]
fn optional_blank_field_is_absent_and_comparisons_with_it_are_false() {
    let run = eval("optional_absent");
    // Clauses: 1 项目产值 ≥ 1000万; 2 项目产值 < 1000万 (不足); 3 项目日期 ≥ 2020-01-01 且
    // 项目产值 ≥ 1000万; 4 required 产值 ≥ 1000万. 1万元 each.
    // A: project 2020-03-01, 20,000,000 → 1 yes, 2 no, 3 yes; 产值 20,000,000 → 4 yes.
    run.assert_eligible("A", "第一条", Some("10000.00"));
    run.assert_ineligible("A", "第二条");
    run.assert_eligible("A", "第三条", Some("10000.00"));
    run.assert_eligible("A", "第四条", Some("10000.00"));
    // B: no project (both optional cells blank) → ≥ and < are both false → ineligible, not
    // undetermined; the required 产值 is present → 4 yes.
    run.assert_ineligible("B", "第一条");
    run.assert_ineligible("B", "第二条");
    run.assert_ineligible("B", "第三条");
    run.assert_eligible("B", "第四条", Some("10000.00"));
    // C: date present, 项目产值 blank → still ineligible (true 且 false); required 产值 blank →
    // undetermined.
    run.assert_ineligible("C", "第一条");
    run.assert_ineligible("C", "第二条");
    run.assert_ineligible("C", "第三条");
    run.assert_undetermined("C", "第四条", &["产值"]);
    // D: project 2019-12-31, 5,000,000 → 1 no, 2 yes, 3 no; 产值 5,000,000 → 4 no.
    run.assert_ineligible("D", "第一条");
    run.assert_eligible("D", "第二条", Some("10000.00"));
    run.assert_ineligible("D", "第三条");
    run.assert_ineligible("D", "第四条");
}

#[test]
fn division_by_zero_in_a_definition_is_unknown() {
    let run = eval("div_zero");
    // 增长率 = (本期 − 基期) / 基期. Clauses: 1 增长率 ≥ 6%; 2 增长率 ≥ 6% 或 特批;
    // 3 增长率 ≥ 6% 且 特批.
    // A (106 − 100) / 100 = 6% ≥ 6% → 1, 2 yes; 3: T 且 否 = F.
    run.assert_eligible("A", "第一条", Some("10000.00"));
    run.assert_eligible("A", "第二条", Some("10000.00"));
    run.assert_ineligible("A", "第三条");
    // B (105.99 − 100) / 100 = 5.99% < 6% → all false.
    run.assert_ineligible("B", "第一条");
    run.assert_ineligible("B", "第二条");
    run.assert_ineligible("B", "第三条");
    // C 基期 0 → 增长率 unknown; 特批 是: 1 U; 2 U 或 T = T; 3 U 且 T = U.
    run.assert_undetermined("C", "第一条", &["基期", "增长率"]);
    run.assert_eligible("C", "第二条", Some("10000.00"));
    run.assert_undetermined("C", "第三条", &["基期", "增长率"]);
    // D 基期 0, 特批 否: 1 U; 2 U 或 F = U; 3 U 且 F = F.
    run.assert_undetermined("D", "第一条", &["基期", "增长率"]);
    run.assert_undetermined("D", "第二条", &["基期", "增长率"]);
    run.assert_ineligible("D", "第三条");
    // E 基期 blank → unknown because of the blank cell; 3 U 且 F = F.
    run.assert_undetermined("E", "第一条", &["基期"]);
    run.assert_undetermined("E", "第二条", &["基期"]);
    run.assert_ineligible("E", "第三条");
}

#[test]
fn decimal_overflow_is_an_error_on_that_record_only() {
    let run = eval_with("overflow", &[]);
    // A data error on one record → exit 3, every record still in the output.
    run.assert_exit(3);
    assert_eq!(run.ids(), ["OK", "BIG", "AFTER"]);
    // OK: 1000 × 3 × 3 × 3 = 27,000.
    run.assert_eligible("OK", "第一条", Some("27000.00"));
    assert!(run.record("OK")["errors"].as_array().unwrap().is_empty());
    // BIG: 99,999,999,999,999,999,999 × 999,999,999³ ≈ 1e47 > rust_decimal's ~7.9e28 → no amount,
    // an error on row 3.
    assert!(run.amount("BIG", "第一条").is_none());
    let errors = run.record("BIG")["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["row"], 3);
    // AFTER: 0.01 × 2 × 2 × 2 = 0.08 — evaluation went on after the error.
    run.assert_eligible("AFTER", "第一条", Some("0.08"));
}

// ---------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------

#[test]
fn exclusive_take_highest() {
    let run = eval("exclusive_highest");
    // Members in order: 第一条 3万 (甲), 第二条 5万 (乙), 第三条 50000元 (丙), 第四条 待定 (丁),
    // 第五条 20万至50万 (戊).
    // NONE: nobody eligible → none.
    assert_award(run.award("NONE"), &NO_AWARD);
    // ONE: only 第一条 → awarded 30,000.
    assert_award(run.award("ONE"), &awarded("第一条", Some("30000.00"), &[]));
    // TWO: 30,000 vs 50,000 → 第二条, 第一条 set aside.
    assert_award(
        run.award("TWO"),
        &awarded("第二条", Some("50000.00"), &["第一条"]),
    );
    // TIE: 第二条 5万元 = 第三条 50000元 → the earlier member 第二条; 第三条 set aside.
    assert_award(
        run.award("TIE"),
        &awarded("第二条", Some("50000.00"), &["第三条"]),
    );
    // ALL_KNOWN: 30,000, 50,000, 50,000 → 第二条; set aside 第一条 and 第三条.
    assert_award(
        run.award("ALL_KNOWN"),
        &awarded("第二条", Some("50000.00"), &["第一条", "第三条"]),
    );
    // TBD_ONLY: one eligible member with amount 待定 → awarded it, amount null.
    assert_award(run.award("TBD_ONLY"), &awarded("第四条", None, &[]));
    assert_eq!(run.award("TBD_ONLY")["name"], "四号");
    // TBD_PENDING: 第一条 30,000 and 第四条 待定 → pending with both candidates.
    assert_award(run.award("TBD_PENDING"), &pending(&["第一条", "第四条"]));
    // RANGE_PENDING: 第二条 50,000 and 第五条 range (amount null) → pending.
    assert_award(run.award("RANGE_PENDING"), &pending(&["第二条", "第五条"]));
    // PROVISIONAL: 第一条 eligible, 第二条 undetermined (乙 blank) → 第一条, provisional.
    run.assert_undetermined("PROVISIONAL", "第二条", &["乙"]);
    assert_award(
        run.award("PROVISIONAL"),
        &Award {
            provisional: true,
            ..awarded("第一条", Some("30000.00"), &[])
        },
    );
    // NONE_PROVISIONAL: nobody eligible but 第三条 undetermined → none, provisional.
    assert_award(
        run.award("NONE_PROVISIONAL"),
        &Award {
            provisional: true,
            ..NO_AWARD
        },
    );
}

#[test]
fn exclusive_ties_follow_the_group_order_not_the_file_order() {
    let run = eval("exclusive_order");
    // 成员 第二条.二号 第一条.一号; both 5万元 = 50000元 → the group's first member, 第二条.
    assert_award(
        run.award("BOTH"),
        &awarded("第二条", Some("50000.00"), &["第一条"]),
    );
    // Only 第一条 eligible → 第一条.
    assert_award(
        run.award("FIRST"),
        &awarded("第一条", Some("50000.00"), &[]),
    );
}

#[test]
fn exclusive_choose_one_is_always_pending_with_several() {
    let run = eval("exclusive_choose");
    // BOTH: 30,000 and 50,000 both known, 择一 → pending, the officer chooses.
    assert_award(run.award("BOTH"), &pending(&["第一条", "第二条"]));
    // ONLY_SECOND → awarded 第二条 50,000.
    assert_award(
        run.award("ONLY_SECOND"),
        &awarded("第二条", Some("50000.00"), &[]),
    );
    // NEITHER → none.
    assert_award(run.award("NEITHER"), &NO_AWARD);
    // ONE_UNKNOWN: 第一条 eligible, 第二条 undetermined → 第一条, provisional.
    assert_award(
        run.award("ONE_UNKNOWN"),
        &Award {
            provisional: true,
            ..awarded("第一条", Some("30000.00"), &[])
        },
    );
}

#[test]
fn cumulative_cap_by_number_and_by_record_field() {
    let run = eval("cumulative_cap");
    // 第一条 1% × 产值; 第二条 20万 (乙); 第三条 待定 (丙).
    // 合计: 第一/二/三条 ≤ 300,000; 按纳税: 第一/二条 ≤ 纳税额. No exclusive group → award null.
    assert!(run.award("EXACT").is_null());
    // EXACT: 1% × 10,000,000 = 100,000 + 200,000 = 300,000 = cap → payable 300,000;
    // 按纳税 cap 500,000 → payable 300,000.
    run.assert_eligible("EXACT", "第一条", Some("100000.00"));
    run.assert_cumulative(
        "EXACT",
        "合计",
        "300000.00",
        "300000.00",
        "300000.00",
        false,
    );
    run.assert_cumulative(
        "EXACT",
        "按纳税",
        "300000.00",
        "500000.00",
        "300000.00",
        false,
    );
    // OVER: 200,000 + 200,000 = 400,000 → min(400,000, 300,000) = 300,000: 第一条 is paid
    // 200,000 in full (listed first), 第二条 300,000 − 200,000 = 100,000.
    // 按纳税 comes after 合计 and counts what 合计 left: 200,000 + 100,000 = 300,000 →
    // min(300,000, 纳税额 150,000) = 150,000 (第一条 150,000, 第二条 0).
    run.assert_cumulative("OVER", "合计", "400000.00", "300000.00", "300000.00", false);
    run.assert_cumulative(
        "OVER",
        "按纳税",
        "300000.00",
        "150000.00",
        "150000.00",
        false,
    );
    // UNDER: 50,000 only → payable 50,000 under both caps (纳税额 100,000).
    run.assert_cumulative("UNDER", "合计", "50000.00", "300000.00", "50000.00", false);
    run.assert_cumulative(
        "UNDER",
        "按纳税",
        "50000.00",
        "100000.00",
        "50000.00",
        false,
    );
    // TBD: 50,000 + 200,000 + 待定 → known total 250,000, payable 250,000; 合计 has a member whose
    // amount is not yet known, so it is provisional; 按纳税 (第一/二条 only) is not.
    run.assert_cumulative("TBD", "合计", "250000.00", "300000.00", "250000.00", true);
    run.assert_cumulative(
        "TBD",
        "按纳税",
        "250000.00",
        "1000000.00",
        "250000.00",
        false,
    );
    // UNKNOWN: 第二条 undetermined (乙 blank) → total of known 50,000; provisional in both.
    run.assert_cumulative("UNKNOWN", "合计", "50000.00", "300000.00", "50000.00", true);
    run.assert_cumulative(
        "UNKNOWN",
        "按纳税",
        "50000.00",
        "1000000.00",
        "50000.00",
        true,
    );
    // CAP_BLANK: 50,000 + 200,000 = 250,000; 合计 ≤ 300,000 → 250,000; 纳税额 blank → the cap is
    // unknown, so that entry is provisional (its payable is checked in the ignored test below).
    run.assert_cumulative(
        "CAP_BLANK",
        "合计",
        "250000.00",
        "300000.00",
        "250000.00",
        false,
    );
    let g = run.group("CAP_BLANK", "按纳税");
    assert_eq!(g["total"], "250000.00", "{g}");
    assert_eq!(g["provisional"], true, "{g}");
}

#[test]
fn cumulative_cap_from_a_blank_field_leaves_payable_unknown() {
    let run = eval("cumulative_cap");
    // CAP_BLANK: total 250,000, cap = 纳税额 = blank (unknown) → payable = min(250,000, unknown)
    // cannot be known; the contract keeps the key with null rather than dropping it.
    let g = run.group("CAP_BLANK", "按纳税");
    assert!(g.get("cap").is_some_and(Value::is_null), "cap: {g}");
    assert!(g["payable"].is_null(), "payable: {g}");
}

#[test]
fn cumulative_total_leaves_out_members_set_aside_by_an_exclusive_group() {
    let run = eval("cumulative_exclusive");
    // 第一条 10万 (甲), 第二条 25万 (乙), 第三条 15万 (丙); 不可兼得 {第一条 第二条} 就高;
    // 累计上限 {第一/二/三条} ≤ 30万.
    // ALL: 就高 → 第二条 250,000, 第一条 set aside; total = 250,000 + 150,000 = 400,000 (not
    // 500,000) → payable min(400,000, 300,000) = 300,000.
    assert_award(
        run.award("ALL"),
        &awarded("第二条", Some("250000.00"), &["第一条"]),
    );
    run.assert_cumulative("ALL", "总额", "400000.00", "300000.00", "300000.00", false);
    // FIRST_THIRD: 第一条 awarded 100,000 + 第三条 150,000 = 250,000 ≤ 300,000.
    assert_award(
        run.award("FIRST_THIRD"),
        &awarded("第一条", Some("100000.00"), &[]),
    );
    run.assert_cumulative(
        "FIRST_THIRD",
        "总额",
        "250000.00",
        "300000.00",
        "250000.00",
        false,
    );
    // THIRD_ONLY: the exclusive group awards none; 第三条 150,000 is paid → total 150,000.
    assert_award(run.award("THIRD_ONLY"), &NO_AWARD);
    run.assert_cumulative(
        "THIRD_ONLY",
        "总额",
        "150000.00",
        "300000.00",
        "150000.00",
        false,
    );
}

/// `核减` (issue 12): which members a cumulative cap of 400,000 reduces, when the group lists
/// 甲 乙 丙 and says nothing (the last listed first), `从大到小` (the largest first) or `从小到大`
/// (the smallest first). Equal amounts: the later listed is reduced first.
#[test]
fn cumulative_cap_reduces_in_the_order_the_group_says() {
    let run = eval("cap_order");
    let payable = |id: &str, clauses: [&str; 3]| -> Vec<String> {
        clauses
            .iter()
            .map(|c| run.benefit(id, c)["payable"].as_str().unwrap().to_owned())
            .collect()
    };
    let (default, largest, smallest) = (
        ["第一条", "第二条", "第三条"],
        ["第四条", "第五条", "第六条"],
        ["第七条", "第八条", "第九条"],
    );
    // R1: 甲 300,000, 乙 100,000, 丙 200,000; total 600,000, 200,000 over the cap.
    // Listed order: 甲 300,000 (100,000 left), 乙 100,000 (0 left), 丙 0.
    assert_eq!(payable("R1", default), ["300000.00", "100000.00", "0.00"]);
    // Largest first: paid smallest up — 乙 100,000 (300,000 left), 丙 200,000 (100,000 left),
    // 甲 min(300,000, 100,000) = 100,000.
    assert_eq!(
        payable("R1", largest),
        ["100000.00", "100000.00", "200000.00"]
    );
    // Smallest first: paid largest down — 甲 300,000 (100,000 left), 丙 min(200,000, 100,000)
    // = 100,000 (0 left), 乙 0.
    assert_eq!(payable("R1", smallest), ["300000.00", "0.00", "100000.00"]);
    // TIE: 200,000 each; every order pays 甲 and 乙 in full, 丙 (listed last) gets 0.
    for group in [default, largest, smallest] {
        assert_eq!(payable("TIE", group), ["200000.00", "200000.00", "0.00"]);
    }
    // UNDER: 100,000 each, 300,000 in all: the cap does not bind, nothing is reduced.
    for group in [default, largest, smallest] {
        assert_eq!(payable("UNDER", group), ["100000.00"; 3]);
    }
    // MIX: 甲 150,000.50, 乙 249,999.50, 丙 150,000.50 (甲 and 丙 tie).
    // Listed: 甲 150,000.50 (249,999.50 left), 乙 249,999.50 (0 left), 丙 0.
    assert_eq!(payable("MIX", default), ["150000.50", "249999.50", "0.00"]);
    // Largest first: 甲 150,000.50 (249,999.50 left), 丙 150,000.50 (99,999.00 left),
    // 乙 min(249,999.50, 99,999.00) = 99,999.00.
    assert_eq!(
        payable("MIX", largest),
        ["150000.50", "99999.00", "150000.50"]
    );
    // Smallest first: 乙 249,999.50 (150,000.50 left), 甲 150,000.50 (0 left; listed before
    // 丙), 丙 0.
    assert_eq!(payable("MIX", smallest), ["150000.50", "249999.50", "0.00"]);
    // Every group pays the cap (or the total, under it).
    for id in ["R1", "TIE", "MIX"] {
        for g in run.record(id)["groups"].as_array().unwrap() {
            assert_eq!(g["payable"], "400000.00", "{id}: {g}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Composed amounts (docs/language.md, "Composing amounts")
// ---------------------------------------------------------------------------------------------

#[test]
fn base_plus_steps_is_capped_as_a_whole() {
    let run = eval("compose_base_steps");
    // 第一条 10万 + floor(新增产值 / 1000万) × 2万, then 最高 300万 on the whole.
    // 第二条 the same, written steps first. 第三条 12万 per step (the other bracketing).
    // 第四条 10万 − steps, 最低 0.
    // A 35,000,000: 3 steps → 100,000 + 60,000 = 160,000; 3 × 120,000 = 360,000;
    //   100,000 − 60,000 = 40,000.
    run.assert_eligible("A", "第一条", Some("160000.00"));
    run.assert_eligible("A", "第二条", Some("160000.00"));
    run.assert_eligible("A", "第三条", Some("360000.00"));
    run.assert_eligible("A", "第四条", Some("40000.00"));
    // B 9,999,999.99: floor(0.999…) = 0 steps → the base alone, 100,000; 0 per step → 0.00.
    run.assert_eligible("B", "第一条", Some("100000.00"));
    run.assert_eligible("B", "第三条", Some("0.00"));
    run.assert_eligible("B", "第四条", Some("100000.00"));
    // C 10,000,000: exactly 1 step → 100,000 + 20,000 = 120,000; 100,000 − 20,000 = 80,000.
    run.assert_eligible("C", "第一条", Some("120000.00"));
    run.assert_eligible("C", "第三条", Some("120000.00"));
    run.assert_eligible("C", "第四条", Some("80000.00"));
    // D 1,450,000,000: 145 steps → 100,000 + 2,900,000 = 3,000,000, exactly the cap.
    run.assert_eligible("D", "第一条", Some("3000000.00"));
    run.assert_eligible("D", "第三条", Some("17400000.00"));
    // 100,000 − 2,900,000 < 0 → 最低 0 → 0.00.
    run.assert_eligible("D", "第四条", Some("0.00"));
    // E 1,460,000,000: 146 steps → 100,000 + 2,920,000 = 3,020,000 → capped at 3,000,000;
    // 第二条 has no cap: 3,020,000.
    run.assert_eligible("E", "第一条", Some("3000000.00"));
    run.assert_eligible("E", "第二条", Some("3020000.00"));
    // F 1,459,999,999.99: still 145 steps → 3,000,000 (the step edge is E's value).
    run.assert_eligible("F", "第一条", Some("3000000.00"));
    run.assert_eligible("F", "第二条", Some("3000000.00"));
}

#[test]
fn tiers_of_marginal_rates_choose_the_band_then_apply_its_rates() {
    let run = eval("compose_marginal_tiers");
    // Band 1 (产值2019 ≥ 5亿): 1% up to 2000万, 1.2% above.
    // A 增量 20,000,000: 1% × 20,000,000 = 200,000.
    run.assert_eligible("A", "第一条", Some("200000.00"));
    // B 25,000,000: 200,000 + 1.2% × 5,000,000 = 200,000 + 60,000 = 260,000.
    run.assert_eligible("B", "第一条", Some("260000.00"));
    // C 产值2019 499,999,999.99 < 5亿 → band 2 (≥ 1亿): 1% up to 1000万, 1.2% above.
    // 1% × 10,000,000 + 1.2% × 15,000,000 = 100,000 + 180,000 = 280,000.
    run.assert_eligible("C", "第一条", Some("280000.00"));
    // D 产值2019 exactly 1亿 → band 2: 1% × 10,000,000 = 100,000.
    run.assert_eligible("D", "第一条", Some("100000.00"));
    // E 99,999,999.99 → 其他: 1% up to 500万, 1.2% above.
    // 1% × 5,000,000 + 1.2% × 5,000,000 = 50,000 + 60,000 = 110,000.
    run.assert_eligible("E", "第一条", Some("110000.00"));
    // F 增量 5,000,001 in 其他: 50,000 + 1.2% × 1 = 50,000.012 → half-up at the fen 50,000.01.
    run.assert_eligible("F", "第一条", Some("50000.01"));
    // G 产值2019 blank: the band cannot be chosen, so the amount is unknown, and says why.
    run.assert_eligible("G", "第一条", None);
    let reason = run.benefit("G", "第一条")["reason"]
        .as_str()
        .unwrap_or_default();
    assert!(reason.contains("产值2019"), "{reason}");
}

#[test]
fn open_amounts_compose_by_the_documented_rules() {
    let run = eval("compose_open");
    let range = |id: &str, clause: &str| -> Vec<String> {
        let b = run.benefit(id, clause);
        assert!(
            b["amount"].is_null(),
            "{id} {clause}: a range has no single amount: {b}"
        );
        strs(&b["range"]).into_iter().map(String::from).collect()
    };
    // 第一条 range + fixed = the range shifted: 100,000 + (200,000 … 500,000) = 300,000 … 600,000.
    assert_eq!(range("A", "第一条"), ["300000.00", "600000.00"]);
    // 第二条 anything + 待定 = 待定: eligible, no amount and no range.
    run.assert_eligible("A", "第二条", None);
    assert!(run
        .benefit("A", "第二条")
        .get("range")
        .is_none_or(Value::is_null));
    // 第三条 a range under a cap: both ends capped: 200,000 … min(500,000, 400,000) = 400,000.
    assert_eq!(range("A", "第三条"), ["200000.00", "400000.00"]);
    // 第四条 a range inside tiers is the chosen band's range: A 产值 1亿 ≥ 1亿 → 200,000 … 500,000;
    // B 99,999,999.99 → 其他 → 100,000.
    assert_eq!(range("A", "第四条"), ["200000.00", "500000.00"]);
    run.assert_eligible("B", "第四条", Some("100000.00"));
    // 第五条 a range × 50%: each end scaled: 100,000 … 250,000.
    assert_eq!(range("A", "第五条"), ["100000.00", "250000.00"]);
    // 第六条 installments of a range are unknown until the unit decides the amount.
    assert_eq!(range("A", "第六条"), ["200000.00", "500000.00"]);
    let parts = &run.benefit("A", "第六条")["installments"];
    assert!(
        parts
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["amount"].is_null()),
        "{parts}"
    );
    // 第七条 range − range: lowest minus highest … highest minus lowest:
    // 500,000 − 200,000 = 300,000 … 800,000 − 100,000 = 700,000.
    assert_eq!(range("A", "第七条"), ["300000.00", "700000.00"]);
    // 第八条 installments of a tiered amount: A 产值 1亿 → 100,000 + floor(1亿 / 1亿) × 10,000
    // = 110,000; 40% = 44,000.00, the last takes the rest 66,000.00.
    run.assert_eligible("A", "第八条", Some("110000.00"));
    assert_installments(
        &run,
        "A",
        "第八条",
        &[("2021年", "44000.00"), ("2022年", "66000.00")],
    );
    // B → 其他 : 待定: installments of 待定 are unknown too.
    run.assert_eligible("B", "第八条", None);
    let parts = &run.benefit("B", "第八条")["installments"];
    assert!(
        parts
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["amount"].is_null()),
        "{parts}"
    );
}

#[test]
fn member_of_numbers_tests_a_number_field() {
    let run = eval("member_numbers");
    // 第一条 行业代码 属于 { 13 26 36 }; 第二条 不属于 the same numbers.
    // A 13 and B 36 are in the set; C 14 is not; D blank is unknown for both.
    run.assert_eligible("A", "第一条", Some("10000.00"));
    run.assert_ineligible("A", "第二条");
    run.assert_eligible("B", "第一条", Some("10000.00"));
    run.assert_ineligible("C", "第一条");
    run.assert_eligible("C", "第二条", Some("10000.00"));
    run.assert_undetermined("D", "第一条", &["行业代码"]);
    run.assert_undetermined("D", "第二条", &["行业代码"]);
}

/// A column of percent points (`增长率 比例 单位 %`): a bare number is a percent, a cell with
/// `%` keeps it; no ±1 bound. Reward = 研发费用 × 增长率 × 10% for 增长率 ≥ 10%.
#[test]
fn percent_points_column() {
    let run = eval_with("percent_points", &[]);
    // F's `abc` is a data error: exit 3, and the record is still in the output.
    run.assert_exit(3);
    assert_eq!(run.ids(), ["A", "B", "C", "D", "E", "F", "G"]);
    // A: 15.3 → 15.3%; 1000万 × 15.3% × 10% = 10,000,000 × 0.153 × 0.1 = 153,000.
    assert_eq!(run.benefit("A", "第一条")["status"], ELIGIBLE);
    assert_eq!(run.benefit("A", "第一条")["amount"], "153000.00");
    // B: 0.8 → 0.8% (not 80%): below 10%.
    assert_eq!(run.benefit("B", "第一条")["status"], INELIGIBLE);
    // C: 150 → 150% (no ±1 bound in points); 200万 × 1.5 × 10% = 2,000,000 × 0.15 = 300,000.
    assert_eq!(run.benefit("C", "第一条")["amount"], "300000.00");
    // D: `9.99%` keeps its own `%` (not 0.0999%): 9.99% < 10%.
    assert_eq!(run.benefit("D", "第一条")["status"], INELIGIBLE);
    // E: 10 → exactly 10%: 1000万 × 10% × 10% = 100,000.
    assert_eq!(run.benefit("E", "第一条")["amount"], "100000.00");
    // G: -2.5 → -2.5%.
    assert_eq!(run.benefit("G", "第一条")["status"], INELIGIBLE);
    // F: the cell is reported with its row, column and value, in the column's form.
    assert_eq!(run.benefit("F", "第一条")["status"], UNDETERMINED);
    let error = &run.record("F")["errors"][0];
    assert_eq!(error["row"], 7);
    assert_eq!(error["column"], "增长率");
    assert_eq!(error["value"], "abc");
    assert_eq!(error["code"], "jiangbu::cell::percent_points");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("15.3（即 15.3%）"),
        "{error}"
    );
}
