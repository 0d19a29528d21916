//! Notice 长府办明电〔2021〕7号 (`policies/changchun-2021-7.policy`) evaluated over
//! `examples/enterprises.csv` through the `jiangbu eval … --format jsonl` contract.
//!
//! Every expectation below was computed by hand from the notice and the bureau's reading in
//! SPEC.md, with the arithmetic written above the assertion. Shorthand in the comments:
//! 净增 = 一季度产值2021 − 一季度产值2019, 增长 = 净增 / 一季度产值2019, 1万 = 10,000 yuan.
//!
//! Conditions (the bureau's reading):
//! - 第一条: 净增 ≥ 20,000,000 and 增长 ≥ 6%
//! - 第二条: 一季度产值2021 ≥ 50,000,000 and 增长 ≥ 6%
//! - 第三条 subsidy: 春节连续生产 and 一季度产值2021 ≥ 50,000,000 and 增长 ≥ 6%,
//!   amount 300 × 省外户籍员工数, at most 300,000
//! - 第四条: 项目竣工日期 ≥ 2020-01-01 and 项目一季度产值 ≥ 10,000,000 (blank = no project)
//! - 第六条: 新升规; 第七条: 保供类型 ≠ 无 and 保供突出;
//!   第八条: 停产半停产 and 脱困方式 ≠ 无 and 净增 ≥ 10,000,000
//! - take-highest over the subsidies of 第一/二/三/四/六/七/八条.
//!
//! The data file carries exactly three malformed cells (rows 27, 87, 89), so the exit status is 3.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

const POLICY: &str = "policies/changchun-2021-7.policy";
const RECORDS: &str = "examples/enterprises.csv";

// ---------------------------------------------------------------------------------------------
// Benefits, in policy order: (clause, name).
// ---------------------------------------------------------------------------------------------
type Benefit = (&'static str, &'static str);
const B1_INCREASE: Benefit = ("第一条", "增产扩能奖补");
const B2_CONTINUOUS: Benefit = ("第二条", "连续生产奖补");
const B3_RETAIN: Benefit = ("第三条", "稳岗留工补贴");
const B3_TRAINING: Benefit = ("第三条", "职业培训补贴");
const B4_PROJECT: Benefit = ("第四条", "项目投产达效奖补");
const B5_BANK: Benefit = ("第五条", "银企对接");
const B6_UPGRADE: Benefit = ("第六条", "入规升级支持");
const B7_SUPPLY: Benefit = ("第七条", "要素保供支持");
const B7_COAL: Benefit = ("第七条", "应急用煤优先");
const B8_RECOVERY: Benefit = ("第八条", "双停脱困支持");
const B9_SERVICE: Benefit = ("第九条", "包保服务");
const B9_VISIT: Benefit = ("第九条", "走访慰问");

const POLICY_ORDER: [(&str, &str, &str); 12] = [
    ("第一条", "增产扩能奖补", "subsidy"),
    ("第二条", "连续生产奖补", "subsidy"),
    ("第三条", "稳岗留工补贴", "subsidy"),
    ("第三条", "职业培训补贴", "service"),
    ("第四条", "项目投产达效奖补", "subsidy"),
    ("第五条", "银企对接", "service"),
    ("第六条", "入规升级支持", "subsidy"),
    ("第七条", "要素保供支持", "subsidy"),
    ("第七条", "应急用煤优先", "service"),
    ("第八条", "双停脱困支持", "subsidy"),
    ("第九条", "包保服务", "service"),
    ("第九条", "走访慰问", "service"),
];

const ELIGIBLE: &str = "eligible";
const INELIGIBLE: &str = "ineligible";
const UNDETERMINED: &str = "undetermined";

// ---------------------------------------------------------------------------------------------
// Enterprises of examples/enterprises.csv that the tests look at (spreadsheet row in the doc).
// Unlisted cells hold the "nothing special" values: 重点企业 否, 春节连续生产 否, 组织职工培训 否,
// no project, 融资需求 否, 新升规 否, 保供类型 无, 保供突出 否, 热电联产 否, 用煤短缺 否,
// 停产半停产 否, 脱困方式 无.
// ---------------------------------------------------------------------------------------------
/// row 2: 8,000,000 / 7,500,000; project 2020-03-01 with blank project output
const PROJECT_DATE_ONLY: &str = "91220104MAXRUM85LQ";
/// row 3: 重点企业 是, 53,000,000 / 50,000,000, 春节连续生产 否, 45 people
const GROWTH_6_EXACT: &str = "91220174MAW9BGNXWN";
/// row 6: 39,999,999 / 30,000,000, 停产半停产 是, 升级改造
const SHUTDOWN_NET_JUST_BELOW: &str = "91220112MA99F495A5";
/// row 7: 30,000,000 / blank, 春节连续生产 是, 70 people
const BASE_BLANK_SMALL: &str = "91220104MA82H8QEGP";
/// row 9: 40,000,000 / 30,000,000, 停产半停产 是, 资产重组
const SHUTDOWN_NET_1000W_EXACT: &str = "91220113MA4AGTUX24";
/// row 17: 30,000,000 / 20,000,000, 春节连续生产 blank, 40 people
const SPRING_BLANK_SMALL: &str = "91220183MA8JGQ2UFP";
/// row 18: 重点企业 是, 80,000,000 / 60,000,000, 春节连续生产 是, 1000 people, 组织职工培训 是
const PEOPLE_1000_CAP_EXACT: &str = "91220171MAWF4T6YMD";
/// row 19: 45,000,000 / 30,000,000, 停产半停产 是, 脱困方式 无
const SHUTDOWN_NOT_RECOVERED: &str = "91220183MALNTH7RB5";
/// row 20: 70,000,000 / 65,000,000, 春节连续生产 是, 999 people
const PEOPLE_999: &str = "91220173MAJWWFNADM";
/// row 21: 20,000,000 / 19,000,000; project 2020-01-01 with 10,000,000
const PROJECT_EXACT: &str = "91220173MA1MN5UKTH";
/// row 22: 21,000,000 / 6,000,000, 新升规 Y
const NEW_ABOVE_SIZE: &str = "91220172MAJH6WT6JG";
/// row 23: 保供类型 水, 保供突出 blank
const SUPPLY_WATER_OUTSTANDING_BLANK: &str = "91220102MAYXGKMNM7";
/// row 24: 529,999,999 / 500,000,000, 310 people
const NET_LARGE_GROWTH_JUST_BELOW: &str = "91220113MA2CX584KQ";
/// row 26: 28,000,000 / 27,000,000; project 2021-01-10 with `1000万`; 新升规 是; 电, 保供突出 是
const PROJECT_WAN_FORM_MULTI: &str = "91220171MAC364QMJF";
/// row 27: 90,000,000 / 80,000,000, 春节连续生产 `maybe` (malformed), 200 people
const MALFORMED_YESNO: &str = "91220171MAJMKCL0TX";
/// row 32: 重点企业 Y, 春节连续生产 N, 组织职工培训 true, 融资需求 1
const YESNO_FORMS_YES: &str = "91220172MA7QPQ7UCC";
/// row 34: 重点企业 是, 530,000,000 / 500,000,000, 220 people
const NET_LARGE_GROWTH_6_EXACT: &str = "91220171MA4K28MN2K";
/// row 35: 重点企业 是, 保供类型 电, 保供突出 是, 热电联产 是, 用煤短缺 是
const SUPPLY_POWER_OUTSTANDING: &str = "91220103MAC52NNEUH";
/// row 38: 保供类型 热, 保供突出 否, 热电联产 是, 用煤短缺 否
const SUPPLY_HEAT_NOT_OUTSTANDING: &str = "91220102MA6638F2K6";
/// row 39: 保供类型 无, 保供突出 是
const SUPPLY_NONE_OUTSTANDING: &str = "91220106MAT9K3YX2P";
/// row 44: 重点企业 是, 420,000,000 / 400,000,000, 春节连续生产 是, 90 people
const NET_2000W_GROWTH_5: &str = "91220122MAH48YREHQ";
/// row 46: project 2020-06-15 with 9,999,999
const PROJECT_OUTPUT_JUST_BELOW: &str = "91220103MA0A1WXYRR";
/// row 52: 热电联产 否, 用煤短缺 是
const COAL_SHORT_NOT_CHP: &str = "91220112MA53CETGHF";
/// row 53: 重点企业 Y, `1.2亿` / `9500万`, 春节连续生产 true, 500 people
const YI_FORM_NET_2500W: &str = "91220174MAWLHGY2TW";
/// row 54: 50,000,000 / 40,000,000, 春节连续生产 是, 120 people, 组织职工培训 是
const OUTPUT_5000W_EXACT: &str = "91220174MANNX0BYE2";
/// row 57: 60,000,000 / 54,000,000, 春节连续生产 是, 省外户籍员工数 blank
const PEOPLE_BLANK: &str = "91220105MA31GPYBCU";
/// row 60: 重点企业 N, 春节连续生产 false, 组织职工培训 false, 融资需求 0
const YESNO_FORMS_NO: &str = "91220183MAP5NDNFR6";
/// row 62: 60,000,000 / 0, 春节连续生产 是, 150 people, 停产半停产 是, 升级改造
const BASE_ZERO_RECOVERED: &str = "91220174MA1EXGKKG7";
/// row 63: 保供类型 无, 保供突出 blank
const SUPPLY_NONE_OUTSTANDING_BLANK: &str = "91220105MAYX59DX9R";
/// row 64: 119,999,999 / 100,000,000, 60 people
const NET_JUST_BELOW_2000W: &str = "91220173MA3N5QBWL2";
/// row 65: 90,000,000 / 60,000,000, 春节连续生产 否, 400 people
const SPRING_NO_OTHERWISE_ELIGIBLE: &str = "91220113MA389T6W7R";
/// row 67: project 2020-05-01 with `1,234.50`
const PROJECT_TINY_THOUSANDS: &str = "91220122MAF5CYX1NN";
/// row 69: project 2019-12-31 with 15,000,000
const PROJECT_COMPLETED_2019_12_31: &str = "91220182MAYKGRJYLQ";
/// row 70: 重点企业 是, 120,000,000 / 100,000,000, 春节连续生产 否, 300 people, 融资需求 是
const NET_2000W_EXACT: &str = "91220103MAWFTBUYED";
/// row 74: 45,000,000 / 30,000,000, 停产半停产 否, 债务重组
const NOT_SHUTDOWN_RESTRUCTURED: &str = "91220103MAD9MKBX6F";
/// row 76: 6,000,000 / 6,200,000, no project
const PLAIN_NO_PROJECT: &str = "91220102MAYF5J711K";
/// row 77: 70,000,000 / blank, 春节连续生产 否, 130 people
const BASE_BLANK_LARGE: &str = "91220105MALK6KEN2T";
/// row 84: 55,000,000 / 50,000,000, 春节连续生产 是, 0 people
const PEOPLE_ZERO: &str = "91220172MALTLX2TH1";
/// row 87: `abc` (malformed) / 60,000,000, 春节连续生产 否
const MALFORMED_MONEY: &str = "91220106MAKFF24GFW";
/// row 89: 18,000,000 / 17,500,000; project date `2021-02-30` (malformed) with 12,000,000; 气, 保供突出 是
const MALFORMED_DATE: &str = "91220104MAC5R0PCB5";
/// row 90: 25,000,000 / blank, 停产半停产 是, 债务重组
const SHUTDOWN_BASE_BLANK: &str = "91220182MAKX6P63XE";
/// row 93: 重点企业 是, 66,000,000 / 60,000,000, 春节连续生产 是, 1001 people
const PEOPLE_1001_CAPPED: &str = "91220174MABTE3G8FJ";
/// row 94: 49,999,999 / 40,000,000, 春节连续生产 是, 120 people, 组织职工培训 是
const OUTPUT_JUST_BELOW_5000W: &str = "91220106MAJCAKMQAC";
/// row 95: 52,999,999 / 50,000,000, 春节连续生产 是, 80 people
const GROWTH_JUST_BELOW_6: &str = "91220106MAL3BTLM5K";
/// row 98: 75,000,000 / 70,000,000, 春节连续生产 blank, 250 people
const SPRING_BLANK_ELIGIBLE_OTHERWISE: &str = "91220112MAAEMPDNRN";
/// row 101: `5000万元` / `4500万`, 35 people
const OUTPUT_5000W_WAN_FORM: &str = "91220172MAQXBC1ENE";

// ---------------------------------------------------------------------------------------------
// Parameter sets for the take-highest tests (every open amount of the notice is set).
// ---------------------------------------------------------------------------------------------
/// 第一条 20万 > 第四条 15万 > 第八条 12万 > 第二条 10万 > 第七条 8万 > 第六条 5万.
const SET_A: [(&str, &str); 6] = [
    ("第一条奖补", "200000"),
    ("第二条奖补", "100000"),
    ("第四条奖补", "150000"),
    ("第六条奖补", "50000"),
    ("第七条奖补", "80000"),
    ("第八条奖补", "120000"),
];
/// 第一条 and 第二条 both 30万 = 第三条's cap: ties everywhere.
const SET_TIES: [(&str, &str); 6] = [
    ("第一条奖补", "300000"),
    ("第二条奖补", "300000"),
    ("第四条奖补", "150000"),
    ("第六条奖补", "50000"),
    ("第七条奖补", "80000"),
    ("第八条奖补", "120000"),
];
/// As SET_A, but 第二条 written as `30万元` (= 300,000).
const SET_WAN: [(&str, &str); 6] = [
    ("第一条奖补", "200000"),
    ("第二条奖补", "30万元"),
    ("第四条奖补", "150000"),
    ("第六条奖补", "50000"),
    ("第七条奖补", "80000"),
    ("第八条奖补", "120000"),
];

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------
struct Run {
    code: Option<i32>,
    stderr: String,
    records: Vec<Value>,
    index: HashMap<String, usize>,
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `jiangbu eval POLICY RECORDS --format jsonl [--set NAME=VALUE]…` and parses stdout.
fn eval(sets: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jiangbu"));
    cmd.current_dir(manifest_dir())
        .args(["eval", POLICY, RECORDS, "--format", "jsonl"]);
    for (name, value) in sets {
        cmd.arg("--set").arg(format!("{name}={value}"));
    }
    let out = cmd.output().expect("could not run the jiangbu binary");
    let stdout = String::from_utf8(out.stdout).expect("stdout is not UTF-8");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let mut records = Vec::new();
    let mut index = HashMap::new();
    for (n, line) in stdout.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line).unwrap_or_else(|e| {
            panic!(
                "stdout line {} is not JSON ({e}): {line}\nstderr:\n{stderr}",
                n + 1
            )
        });
        let id = value["id"]
            .as_str()
            .unwrap_or_else(|| panic!("record without a string `id`: {line}"))
            .to_owned();
        let previous = index.insert(id.clone(), records.len());
        assert!(previous.is_none(), "id {id} appears twice in the output");
        records.push(value);
    }
    assert!(
        !records.is_empty(),
        "no records on stdout; stderr:\n{stderr}"
    );
    Run {
        code: out.status.code(),
        stderr,
        records,
        index,
    }
}

/// The run without `--set`, shared by the tests that use the policy's defaults.
fn defaults() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| eval(&[]))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected an array, got {v}"))
        .iter()
        .map(|s| {
            s.as_str()
                .unwrap_or_else(|| panic!("expected a string, got {s}"))
                .to_owned()
        })
        .collect()
}

impl Run {
    fn record(&self, id: &str) -> &Value {
        let i = self
            .index
            .get(id)
            .unwrap_or_else(|| panic!("enterprise {id} missing from the output"));
        &self.records[*i]
    }

    fn benefit(&self, id: &str, (clause, name): Benefit) -> &Value {
        self.record(id)["benefits"]
            .as_array()
            .unwrap_or_else(|| panic!("{id}: `benefits` is not an array"))
            .iter()
            .find(|b| b["clause"] == clause && b["name"] == name)
            .unwrap_or_else(|| panic!("{id}: no benefit {clause} {name}"))
    }

    fn status(&self, id: &str, benefit: Benefit) -> &str {
        self.benefit(id, benefit)["status"]
            .as_str()
            .unwrap_or_else(|| panic!("{id}: {benefit:?} has no string status"))
    }

    fn amount(&self, id: &str, benefit: Benefit) -> Option<&str> {
        self.benefit(id, benefit)["amount"].as_str()
    }

    fn award(&self, id: &str) -> &Value {
        &self.record(id)["award"]
    }

    /// Status of a benefit.
    fn assert_status(&self, id: &str, benefit: Benefit, expected: &str) {
        assert_eq!(
            self.status(id, benefit),
            expected,
            "{id} {benefit:?}: {}",
            self.benefit(id, benefit)
        );
        if expected == UNDETERMINED {
            let reason = self.benefit(id, benefit)["reason"].as_str().unwrap_or("");
            assert!(
                !reason.is_empty(),
                "{id} {benefit:?}: undetermined without a reason"
            );
        }
    }

    /// An eligible benefit with the given amount (`None` = JSON null).
    fn assert_eligible(&self, id: &str, benefit: Benefit, amount: Option<&str>) {
        self.assert_status(id, benefit, ELIGIBLE);
        assert_eq!(
            self.amount(id, benefit),
            amount,
            "{id} {benefit:?}: {}",
            self.benefit(id, benefit)
        );
    }

    /// `award`: status, clause, amount and provisional flag; candidates are [] unless pending.
    fn assert_award(
        &self,
        id: &str,
        status: &str,
        clause: Option<&str>,
        amount: Option<&str>,
        provisional: bool,
    ) {
        let a = self.award(id);
        assert_eq!(a["status"].as_str(), Some(status), "{id}: award {a}");
        assert_eq!(a["clause"].as_str(), clause, "{id}: award {a}");
        assert_eq!(a["amount"].as_str(), amount, "{id}: award {a}");
        assert_eq!(
            a["provisional"].as_bool(),
            Some(provisional),
            "{id}: award {a}"
        );
        if status != "pending" {
            assert_eq!(
                strings(&a["candidates"]),
                Vec::<String>::new(),
                "{id}: award {a}"
            );
        }
    }

    fn assert_pending(&self, id: &str, candidates: &[&str], provisional: bool) {
        self.assert_award(id, "pending", None, None, provisional);
        assert_eq!(
            strings(&self.award(id)["candidates"]),
            candidates,
            "{id}: award {}",
            self.award(id)
        );
    }

    fn assert_set_aside(&self, id: &str, set_aside: &[&str]) {
        assert_eq!(
            strings(&self.award(id)["set_aside"]),
            set_aside,
            "{id}: award {}",
            self.award(id)
        );
    }

    fn assert_exit_3(&self) {
        assert_eq!(self.code, Some(3), "exit status; stderr:\n{}", self.stderr);
    }
}

/// The keys of examples/enterprises.csv in file order (the key is the first column, never quoted).
fn csv_ids() -> Vec<String> {
    let text = std::fs::read_to_string(manifest_dir().join(RECORDS))
        .expect("read examples/enterprises.csv");
    let mut lines = text.lines();
    let header = lines.next().expect("header line");
    assert!(
        header.starts_with("统一社会信用代码,企业名称,所属地区,"),
        "header: {header}"
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').next().unwrap_or("").to_owned())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Whole-file contract
// ---------------------------------------------------------------------------------------------

#[test]
fn exit_status_is_3_because_three_cells_are_malformed() {
    // rows 27 (`maybe`), 87 (`abc`), 89 (`2021-02-30`) carry data errors → exit status 3.
    defaults().assert_exit_3();
}

#[test]
fn every_input_row_appears_once_in_input_order() {
    let run = defaults();
    let ids = csv_ids();
    // 101 data rows: header is row 1, records are rows 2..=102.
    assert_eq!(ids.len(), 101);
    assert_eq!(
        run.records.len(),
        ids.len(),
        "one output line per input row"
    );
    for (i, (record, id)) in run.records.iter().zip(&ids).enumerate() {
        assert_eq!(
            record["id"].as_str(),
            Some(id.as_str()),
            "output line {}",
            i + 1
        );
        // first record is spreadsheet row 2
        assert_eq!(record["row"].as_u64(), Some(i as u64 + 2), "record {id}");
    }
}

#[test]
fn every_record_lists_the_twelve_benefits_in_policy_order() {
    let run = defaults();
    for record in &run.records {
        let id = record["id"].as_str().unwrap_or("?");
        let benefits = record["benefits"].as_array().expect("benefits array");
        let got: Vec<(&str, &str, &str)> = benefits
            .iter()
            .map(|b| {
                (
                    b["clause"].as_str().unwrap_or(""),
                    b["name"].as_str().unwrap_or(""),
                    b["kind"].as_str().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(got, POLICY_ORDER.to_vec(), "{id}");
        for b in benefits {
            let status = b["status"].as_str().unwrap_or("");
            assert!(
                [ELIGIBLE, INELIGIBLE, UNDETERMINED].contains(&status),
                "{id}: {b}"
            );
            if b["kind"] == "service" {
                // services never carry money
                assert!(b["amount"].is_null(), "{id}: service with an amount: {b}");
            }
        }
        // 第九条 包保服务 is for every enterprise, whatever its data
        assert_eq!(run.status(id, B9_SERVICE), ELIGIBLE, "{id}");
        let award_status = record["award"]["status"].as_str().unwrap_or("");
        assert!(
            ["awarded", "pending", "none"].contains(&award_status),
            "{id}: {}",
            record["award"]
        );
    }
}

#[test]
fn malformed_cells_are_reported_with_row_column_and_value() {
    let run = defaults();
    let expected = [
        (MALFORMED_YESNO, 27, "春节连续生产", "maybe"),
        (MALFORMED_MONEY, 87, "一季度产值2021", "abc"),
        (MALFORMED_DATE, 89, "项目竣工日期", "2021-02-30"),
    ];
    for (id, row, column, value) in expected {
        let errors = run.record(id)["errors"].as_array().expect("errors array");
        assert_eq!(errors.len(), 1, "{id}: {errors:?}");
        let e = &errors[0];
        assert_eq!(e["row"].as_u64(), Some(row), "{id}: {e}");
        assert_eq!(e["column"].as_str(), Some(column), "{id}: {e}");
        assert_eq!(e["value"].as_str(), Some(value), "{id}: {e}");
        assert!(!e["message"].as_str().unwrap_or("").is_empty(), "{id}: {e}");
        assert_eq!(run.record(id)["row"].as_u64(), Some(row), "{id}");
    }
    // blank cells are not data errors: every other record has none
    let with_errors: Vec<&str> = run
        .records
        .iter()
        .filter(|r| r["errors"].as_array().is_some_and(|e| !e.is_empty()))
        .map(|r| r["id"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(
        with_errors,
        vec![MALFORMED_YESNO, MALFORMED_MONEY, MALFORMED_DATE]
    );
}

// ---------------------------------------------------------------------------------------------
// 第一条 / 第二条 thresholds
// ---------------------------------------------------------------------------------------------

#[test]
fn clause1_and_2_growth_exactly_6_percent_qualifies_and_just_below_does_not() {
    let run = defaults();

    // 53,000,000 vs 50,000,000: 净增 3,000,000; 增长 3,000,000/50,000,000 = 6% exactly (≥ 6% holds);
    // 净增 300万 < 2000万 → 第一条 ineligible
    run.assert_status(GROWTH_6_EXACT, B1_INCREASE, INELIGIBLE);
    // 53,000,000 ≥ 50,000,000 and 增长 = 6% → 第二条 eligible, amount 待定 → null
    run.assert_eligible(GROWTH_6_EXACT, B2_CONTINUOUS, None);
    // 春节连续生产 否 → 第三条 ineligible
    run.assert_status(GROWTH_6_EXACT, B3_RETAIN, INELIGIBLE);

    // 52,999,999 vs 50,000,000: 增长 2,999,999/50,000,000 = 5.999998% < 6%
    // → 第一条 ineligible (净增 2,999,999 < 20,000,000 too), 第二条 ineligible,
    //   第三条 ineligible although 春节连续生产 是 and 52,999,999 ≥ 50,000,000
    run.assert_status(GROWTH_JUST_BELOW_6, B1_INCREASE, INELIGIBLE);
    run.assert_status(GROWTH_JUST_BELOW_6, B2_CONTINUOUS, INELIGIBLE);
    run.assert_status(GROWTH_JUST_BELOW_6, B3_RETAIN, INELIGIBLE);

    // 530,000,000 vs 500,000,000: 净增 30,000,000 ≥ 20,000,000; 增长 30,000,000/500,000,000 = 6% exactly
    // → 第一条 eligible (null), 第二条 eligible (null); 春节连续生产 否 → 第三条 ineligible
    run.assert_eligible(NET_LARGE_GROWTH_6_EXACT, B1_INCREASE, None);
    run.assert_eligible(NET_LARGE_GROWTH_6_EXACT, B2_CONTINUOUS, None);
    run.assert_status(NET_LARGE_GROWTH_6_EXACT, B3_RETAIN, INELIGIBLE);

    // 529,999,999 vs 500,000,000: 净增 29,999,999 ≥ 2000万 but 增长 29,999,999/500,000,000 = 5.9999998% < 6%
    // → 第一条 ineligible, 第二条 ineligible
    run.assert_status(NET_LARGE_GROWTH_JUST_BELOW, B1_INCREASE, INELIGIBLE);
    run.assert_status(NET_LARGE_GROWTH_JUST_BELOW, B2_CONTINUOUS, INELIGIBLE);
}

#[test]
fn clause1_net_increase_exactly_2000wan_qualifies_and_just_below_does_not() {
    let run = defaults();

    // 120,000,000 vs 100,000,000: 净增 20,000,000 = 2000万 exactly (≥ holds); 增长 20% ≥ 6% → 第一条 eligible
    run.assert_eligible(NET_2000W_EXACT, B1_INCREASE, None);
    // 120,000,000 ≥ 50,000,000 and 20% ≥ 6% → 第二条 eligible
    run.assert_eligible(NET_2000W_EXACT, B2_CONTINUOUS, None);

    // 119,999,999 vs 100,000,000: 净增 19,999,999 < 20,000,000 → 第一条 ineligible
    run.assert_status(NET_JUST_BELOW_2000W, B1_INCREASE, INELIGIBLE);
    // 增长 19,999,999/100,000,000 = 19.999999% ≥ 6%, 119,999,999 ≥ 5000万 → 第二条 eligible
    run.assert_eligible(NET_JUST_BELOW_2000W, B2_CONTINUOUS, None);

    // 420,000,000 vs 400,000,000: 净增 20,000,000 (≥ 2000万) but 增长 20,000,000/400,000,000 = 5% < 6%
    // → 第一条 ineligible, 第二条 ineligible, 第三条 ineligible (春节连续生产 是 does not help)
    run.assert_status(NET_2000W_GROWTH_5, B1_INCREASE, INELIGIBLE);
    run.assert_status(NET_2000W_GROWTH_5, B2_CONTINUOUS, INELIGIBLE);
    run.assert_status(NET_2000W_GROWTH_5, B3_RETAIN, INELIGIBLE);

    // `1.2亿` = 120,000,000 vs `9500万` = 95,000,000: 净增 25,000,000 ≥ 2000万;
    // 增长 25,000,000/95,000,000 = 26.3% ≥ 6% → 第一条 eligible, 第二条 eligible
    run.assert_eligible(YI_FORM_NET_2500W, B1_INCREASE, None);
    run.assert_eligible(YI_FORM_NET_2500W, B2_CONTINUOUS, None);
    // 春节连续生产 `true`, 120,000,000 ≥ 5000万, 26.3% ≥ 6%: 500 × 300 = 150,000 ≤ 300,000 → 第三条 150000.00
    run.assert_eligible(YI_FORM_NET_2500W, B3_RETAIN, Some("150000.00"));
}

#[test]
fn clause2_output_exactly_5000wan_qualifies_and_just_below_does_not() {
    let run = defaults();

    // 50,000,000 = 5000万 exactly (不低于 holds); 增长 10,000,000/40,000,000 = 25% ≥ 6% → 第二条 eligible
    run.assert_eligible(OUTPUT_5000W_EXACT, B2_CONTINUOUS, None);
    // 净增 10,000,000 < 20,000,000 → 第一条 ineligible
    run.assert_status(OUTPUT_5000W_EXACT, B1_INCREASE, INELIGIBLE);

    // 49,999,999 < 50,000,000 → 第二条 ineligible (增长 9,999,999/40,000,000 = 24.99999975% would pass)
    run.assert_status(OUTPUT_JUST_BELOW_5000W, B2_CONTINUOUS, INELIGIBLE);
    // 春节连续生产 是 and 120 people, but 49,999,999 < 5000万 → 第三条 ineligible
    run.assert_status(OUTPUT_JUST_BELOW_5000W, B3_RETAIN, INELIGIBLE);
    // 净增 9,999,999 < 2000万 → 第一条 ineligible
    run.assert_status(OUTPUT_JUST_BELOW_5000W, B1_INCREASE, INELIGIBLE);
    // nothing eligible in the group, nothing undetermined → award none
    run.assert_award(OUTPUT_JUST_BELOW_5000W, "none", None, None, false);

    // `5000万元` = 50,000,000 ≥ 5000万; `4500万` = 45,000,000: 增长 5,000,000/45,000,000 = 11.1% ≥ 6%
    // → 第二条 eligible; only member eligible → awarded 第二条 with amount null
    run.assert_eligible(OUTPUT_5000W_WAN_FORM, B2_CONTINUOUS, None);
    run.assert_award(
        OUTPUT_5000W_WAN_FORM,
        "awarded",
        Some("第二条"),
        None,
        false,
    );
}

// ---------------------------------------------------------------------------------------------
// 第三条
// ---------------------------------------------------------------------------------------------

#[test]
fn clause3_pays_300_yuan_per_out_of_province_employee_capped_at_300000() {
    let run = defaults();

    // 80,000,000 ≥ 5000万; 增长 20,000,000/60,000,000 = 33.3% ≥ 6%; 春节连续生产 是
    // → 1000 × 300 = 300,000 = the cap exactly → 300000.00
    run.assert_eligible(PEOPLE_1000_CAP_EXACT, B3_RETAIN, Some("300000.00"));

    // 66,000,000 ≥ 5000万; 增长 6,000,000/60,000,000 = 10%; 春节连续生产 是
    // → 1001 × 300 = 300,300 > 300,000 → capped at 300000.00
    run.assert_eligible(PEOPLE_1001_CAPPED, B3_RETAIN, Some("300000.00"));

    // 70,000,000 ≥ 5000万; 增长 5,000,000/65,000,000 = 7.69%; 春节连续生产 是
    // → 999 × 300 = 299,700 < 300,000 → 299700.00
    run.assert_eligible(PEOPLE_999, B3_RETAIN, Some("299700.00"));

    // 55,000,000 ≥ 5000万; 增长 5,000,000/50,000,000 = 10%; 春节连续生产 是
    // → 0 × 300 = 0 → eligible with 0.00
    run.assert_eligible(PEOPLE_ZERO, B3_RETAIN, Some("0.00"));

    // 50,000,000 ≥ 5000万 (exactly); 增长 25%; 春节连续生产 是 → 120 × 300 = 36,000 → 36000.00
    run.assert_eligible(OUTPUT_5000W_EXACT, B3_RETAIN, Some("36000.00"));
    // 组织职工培训 是 → training-subsidy referral (service, no amount)
    run.assert_eligible(OUTPUT_5000W_EXACT, B3_TRAINING, None);
    // 组织职工培训 是 is independent of output: still referred at 49,999,999
    run.assert_eligible(OUTPUT_JUST_BELOW_5000W, B3_TRAINING, None);
}

#[test]
fn clause3_blank_headcount_is_eligible_with_unknown_amount() {
    let run = defaults();
    // 60,000,000 ≥ 5000万; 增长 6,000,000/54,000,000 = 11.1% ≥ 6%; 春节连续生产 是 → eligible;
    // 省外户籍员工数 blank → 300 × ? cannot be computed → amount null, with a reason
    run.assert_eligible(PEOPLE_BLANK, B3_RETAIN, None);
    let reason = run.benefit(PEOPLE_BLANK, B3_RETAIN)["reason"]
        .as_str()
        .unwrap_or("");
    assert!(
        !reason.is_empty(),
        "blank 省外户籍员工数 must say why the amount is null"
    );
    // same 60,000,000 / 11.1% → 第二条 eligible (null); 第二条 + 第三条 eligible, an amount null → pending
    run.assert_eligible(PEOPLE_BLANK, B2_CONTINUOUS, None);
    run.assert_pending(PEOPLE_BLANK, &["第二条", "第三条"], false);
}

#[test]
fn clause3_spring_festival_production_blank_no_or_malformed() {
    let run = defaults();

    // 75,000,000 ≥ 5000万 (true); 增长 5,000,000/70,000,000 = 7.14% ≥ 6% (true); 春节连续生产 blank (unknown)
    // → unknown ∧ true ∧ true = unknown → 第三条 undetermined
    run.assert_status(SPRING_BLANK_ELIGIBLE_OTHERWISE, B3_RETAIN, UNDETERMINED);
    // 第二条 needs no 春节连续生产: 75,000,000 ≥ 5000万 and 7.14% ≥ 6% → eligible
    run.assert_eligible(SPRING_BLANK_ELIGIBLE_OTHERWISE, B2_CONTINUOUS, None);

    // 30,000,000 < 5000万 (false); 春节连续生产 blank (unknown) → false ∧ unknown = false → ineligible
    run.assert_status(SPRING_BLANK_SMALL, B3_RETAIN, INELIGIBLE);

    // 90,000,000 ≥ 5000万, 增长 30,000,000/60,000,000 = 50%, but 春节连续生产 否 → 第三条 ineligible
    run.assert_status(SPRING_NO_OTHERWISE_ELIGIBLE, B3_RETAIN, INELIGIBLE);
    // 净增 30,000,000 ≥ 2000万 and 50% ≥ 6% → 第一条 eligible; 第二条 eligible
    run.assert_eligible(SPRING_NO_OTHERWISE_ELIGIBLE, B1_INCREASE, None);
    run.assert_eligible(SPRING_NO_OTHERWISE_ELIGIBLE, B2_CONTINUOUS, None);

    // 春节连续生产 `maybe` is malformed → unknown; 90,000,000 ≥ 5000万; 增长 10,000,000/80,000,000 = 12.5%
    // → unknown ∧ true ∧ true = unknown → 第三条 undetermined
    run.assert_status(MALFORMED_YESNO, B3_RETAIN, UNDETERMINED);
    // 第二条: 90,000,000 ≥ 5000万 and 12.5% ≥ 6% → eligible; 第一条: 净增 1000万 < 2000万 → ineligible
    run.assert_eligible(MALFORMED_YESNO, B2_CONTINUOUS, None);
    run.assert_status(MALFORMED_YESNO, B1_INCREASE, INELIGIBLE);
}

// ---------------------------------------------------------------------------------------------
// 第四条
// ---------------------------------------------------------------------------------------------

#[test]
fn clause4_project_completed_since_2020_with_1000wan_output() {
    let run = defaults();

    // completed 2020-01-01 ≥ 2020-01-01 (exactly) and project output 10,000,000 ≥ 1000万 (exactly) → eligible
    run.assert_eligible(PROJECT_EXACT, B4_PROJECT, None);
    // completed 2019-12-31 < 2020-01-01 → ineligible (15,000,000 ≥ 1000万 does not help)
    run.assert_status(PROJECT_COMPLETED_2019_12_31, B4_PROJECT, INELIGIBLE);
    // 2020-06-15 ≥ 2020-01-01 but 9,999,999 < 10,000,000 → ineligible
    run.assert_status(PROJECT_OUTPUT_JUST_BELOW, B4_PROJECT, INELIGIBLE);
    // 2021-01-10 ≥ 2020-01-01 and `1000万` = 10,000,000 ≥ 1000万 → eligible
    run.assert_eligible(PROJECT_WAN_FORM_MULTI, B4_PROJECT, None);
    // 2020-05-01 but `1,234.50` = 1,234.50 < 10,000,000 → ineligible
    run.assert_status(PROJECT_TINY_THOUSANDS, B4_PROJECT, INELIGIBLE);
    // date 2020-03-01 but 项目一季度产值 blank (optional → absent) → comparison false → ineligible
    run.assert_status(PROJECT_DATE_ONLY, B4_PROJECT, INELIGIBLE);
    // both project cells blank: no project → ineligible, never undetermined
    run.assert_status(PLAIN_NO_PROJECT, B4_PROJECT, INELIGIBLE);
    // `2021-02-30` is malformed → unknown; 12,000,000 ≥ 1000万 true → unknown ∧ true → undetermined
    run.assert_status(MALFORMED_DATE, B4_PROJECT, UNDETERMINED);
}

// ---------------------------------------------------------------------------------------------
// 第五条, 第六条, 第九条 (yes/no cells in every accepted spelling)
// ---------------------------------------------------------------------------------------------

#[test]
fn clauses_5_6_9_services_follow_yes_no_cells_in_any_spelling() {
    let run = defaults();

    // 融资需求 `1` → 银企对接 eligible; 组织职工培训 `true` → 职业培训补贴 eligible; 重点企业 `Y` → 走访慰问 eligible
    run.assert_eligible(YESNO_FORMS_YES, B5_BANK, None);
    run.assert_eligible(YESNO_FORMS_YES, B3_TRAINING, None);
    run.assert_eligible(YESNO_FORMS_YES, B9_VISIT, None);
    // 春节连续生产 `N` and 26,000,000 < 5000万 → 第三条 ineligible; 净增 1,000,000 → nothing in the group
    run.assert_status(YESNO_FORMS_YES, B3_RETAIN, INELIGIBLE);
    run.assert_award(YESNO_FORMS_YES, "none", None, None, false);

    // 融资需求 `0`, 组织职工培训 `false`, 重点企业 `N` → all three services ineligible
    run.assert_status(YESNO_FORMS_NO, B5_BANK, INELIGIBLE);
    run.assert_status(YESNO_FORMS_NO, B3_TRAINING, INELIGIBLE);
    run.assert_status(YESNO_FORMS_NO, B9_VISIT, INELIGIBLE);
    run.assert_eligible(YESNO_FORMS_NO, B9_SERVICE, None);

    // 融资需求 是 → 银企对接; 重点企业 是 → 走访慰问
    run.assert_eligible(NET_2000W_EXACT, B5_BANK, None);
    run.assert_eligible(NET_2000W_EXACT, B9_VISIT, None);

    // 新升规 `Y` → 第六条 eligible (amount 待定 → null); it is the only group member eligible
    // (21,000,000 < 5000万; 净增 15,000,000 < 2000万) → awarded 第六条 with null amount
    run.assert_eligible(NEW_ABOVE_SIZE, B6_UPGRADE, None);
    run.assert_status(NEW_ABOVE_SIZE, B1_INCREASE, INELIGIBLE);
    run.assert_award(NEW_ABOVE_SIZE, "awarded", Some("第六条"), None, false);
}

// ---------------------------------------------------------------------------------------------
// 第七条
// ---------------------------------------------------------------------------------------------

#[test]
fn clause7_supply_subsidy_and_emergency_coal() {
    let run = defaults();

    // 保供类型 电 ≠ 无 and 保供突出 是 → 要素保供支持 eligible (null)
    run.assert_eligible(SUPPLY_POWER_OUTSTANDING, B7_SUPPLY, None);
    // 热电联产 是 and 用煤短缺 是 → 应急用煤优先 eligible
    run.assert_eligible(SUPPLY_POWER_OUTSTANDING, B7_COAL, None);
    // 45,000,000 < 5000万, 净增 1,000,000 → only 第七条 in the group → awarded 第七条, amount null
    run.assert_award(
        SUPPLY_POWER_OUTSTANDING,
        "awarded",
        Some("第七条"),
        None,
        false,
    );

    // 保供类型 无 → ineligible even though 保供突出 是
    run.assert_status(SUPPLY_NONE_OUTSTANDING, B7_SUPPLY, INELIGIBLE);
    // 保供类型 热 but 保供突出 否 → ineligible; 热电联产 是 but 用煤短缺 否 → no emergency coal
    run.assert_status(SUPPLY_HEAT_NOT_OUTSTANDING, B7_SUPPLY, INELIGIBLE);
    run.assert_status(SUPPLY_HEAT_NOT_OUTSTANDING, B7_COAL, INELIGIBLE);
    // 用煤短缺 是 but 热电联产 否 → no emergency coal
    run.assert_status(COAL_SHORT_NOT_CHP, B7_COAL, INELIGIBLE);

    // 保供类型 水 ≠ 无 (true), 保供突出 blank (unknown) → true ∧ unknown → undetermined;
    // no member eligible → award none, provisional because a member is undetermined
    run.assert_status(SUPPLY_WATER_OUTSTANDING_BLANK, B7_SUPPLY, UNDETERMINED);
    run.assert_award(SUPPLY_WATER_OUTSTANDING_BLANK, "none", None, None, true);
    // 保供类型 无 (false), 保供突出 blank (unknown) → false ∧ unknown = false → ineligible, not provisional
    run.assert_status(SUPPLY_NONE_OUTSTANDING_BLANK, B7_SUPPLY, INELIGIBLE);
    run.assert_award(SUPPLY_NONE_OUTSTANDING_BLANK, "none", None, None, false);
}

// ---------------------------------------------------------------------------------------------
// 第八条
// ---------------------------------------------------------------------------------------------

#[test]
fn clause8_shutdown_recovery_needs_net_increase_of_1000wan() {
    let run = defaults();

    // 停产半停产 是, 资产重组 ≠ 无, 净增 40,000,000 − 30,000,000 = 10,000,000 = 1000万 exactly → eligible
    run.assert_eligible(SHUTDOWN_NET_1000W_EXACT, B8_RECOVERY, None);
    // 第一条: 净增 1000万 < 2000万; 第二条: 40,000,000 < 5000万 → only 第八条 → awarded, null amount
    run.assert_award(
        SHUTDOWN_NET_1000W_EXACT,
        "awarded",
        Some("第八条"),
        None,
        false,
    );

    // 净增 39,999,999 − 30,000,000 = 9,999,999 < 10,000,000 → ineligible
    run.assert_status(SHUTDOWN_NET_JUST_BELOW, B8_RECOVERY, INELIGIBLE);
    // 脱困方式 无 (not recovered) → ineligible although 净增 15,000,000 ≥ 1000万
    run.assert_status(SHUTDOWN_NOT_RECOVERED, B8_RECOVERY, INELIGIBLE);
    // 停产半停产 否 → ineligible although 债务重组 and 净增 15,000,000
    run.assert_status(NOT_SHUTDOWN_RESTRUCTURED, B8_RECOVERY, INELIGIBLE);

    // 停产半停产 是, 债务重组, 一季度产值2019 blank → 净增 unknown → true ∧ true ∧ unknown → undetermined
    run.assert_status(SHUTDOWN_BASE_BLANK, B8_RECOVERY, UNDETERMINED);
    // 第一条 undetermined too (净增 unknown); 第二条: 25,000,000 < 5000万 → ineligible
    run.assert_status(SHUTDOWN_BASE_BLANK, B1_INCREASE, UNDETERMINED);
    run.assert_status(SHUTDOWN_BASE_BLANK, B2_CONTINUOUS, INELIGIBLE);
    run.assert_award(SHUTDOWN_BASE_BLANK, "none", None, None, true);
}

// ---------------------------------------------------------------------------------------------
// Unknown growth: zero, blank or malformed outputs
// ---------------------------------------------------------------------------------------------

#[test]
fn zero_blank_or_malformed_output_makes_growth_unknown() {
    let run = defaults();

    // 一季度产值2019 = 0: 增长 = 60,000,000 / 0 undefined → unknown.
    // 第一条: 净增 60,000,000 ≥ 2000万 (true) ∧ unknown → undetermined
    run.assert_status(BASE_ZERO_RECOVERED, B1_INCREASE, UNDETERMINED);
    // 第二条: 60,000,000 ≥ 5000万 (true) ∧ unknown → undetermined
    run.assert_status(BASE_ZERO_RECOVERED, B2_CONTINUOUS, UNDETERMINED);
    // 第三条: 春节连续生产 是 ∧ 60,000,000 ≥ 5000万 ∧ unknown → undetermined
    run.assert_status(BASE_ZERO_RECOVERED, B3_RETAIN, UNDETERMINED);
    // 第八条 uses 净增, not 增长: 停产半停产 是, 升级改造, 60,000,000 − 0 = 60,000,000 ≥ 1000万 → eligible
    run.assert_eligible(BASE_ZERO_RECOVERED, B8_RECOVERY, None);

    // 一季度产值2019 blank, 2021 = 30,000,000: 第一条 净增 unknown → undetermined;
    // 第二条 30,000,000 < 5000万 is false ∧ unknown → ineligible; 第三条 likewise ineligible
    run.assert_status(BASE_BLANK_SMALL, B1_INCREASE, UNDETERMINED);
    run.assert_status(BASE_BLANK_SMALL, B2_CONTINUOUS, INELIGIBLE);
    run.assert_status(BASE_BLANK_SMALL, B3_RETAIN, INELIGIBLE);
    run.assert_award(BASE_BLANK_SMALL, "none", None, None, true);

    // 一季度产值2019 blank, 2021 = 70,000,000 ≥ 5000万 (true) ∧ 增长 unknown → 第二条 undetermined;
    // 第一条 undetermined; 第三条: 春节连续生产 否 → false → ineligible
    run.assert_status(BASE_BLANK_LARGE, B1_INCREASE, UNDETERMINED);
    run.assert_status(BASE_BLANK_LARGE, B2_CONTINUOUS, UNDETERMINED);
    run.assert_status(BASE_BLANK_LARGE, B3_RETAIN, INELIGIBLE);
    run.assert_award(BASE_BLANK_LARGE, "none", None, None, true);

    // 一季度产值2021 `abc` is malformed → unknown: 第一条 and 第二条 undetermined;
    // 第三条: 春节连续生产 否 → false ∧ unknown = false → ineligible
    run.assert_status(MALFORMED_MONEY, B1_INCREASE, UNDETERMINED);
    run.assert_status(MALFORMED_MONEY, B2_CONTINUOUS, UNDETERMINED);
    run.assert_status(MALFORMED_MONEY, B3_RETAIN, INELIGIBLE);
    run.assert_award(MALFORMED_MONEY, "none", None, None, true);
}

// ---------------------------------------------------------------------------------------------
// Take-highest (不可兼得) with the policy's default (待定) amounts
// ---------------------------------------------------------------------------------------------

#[test]
fn take_highest_single_eligible_member_is_awarded_even_without_amount() {
    let run = defaults();
    // 第二条 only (第一条: 净增 300万 < 2000万; 第三条: 春节连续生产 否) → awarded 第二条, null, nothing set aside
    run.assert_award(GROWTH_6_EXACT, "awarded", Some("第二条"), None, false);
    run.assert_set_aside(GROWTH_6_EXACT, &[]);
    // 第四条 only (20,000,000 < 5000万, 增长 1,000,000/19,000,000 = 5.26%) → awarded 第四条, null
    run.assert_award(PROJECT_EXACT, "awarded", Some("第四条"), None, false);
    // 第二条 only (第一条: 净增 19,999,999 < 2000万; 第三条: 春节连续生产 否) → awarded 第二条
    run.assert_award(NET_JUST_BELOW_2000W, "awarded", Some("第二条"), None, false);
    // 52,999,999 / 5.999998%: nothing eligible, nothing unknown → none
    run.assert_award(GROWTH_JUST_BELOW_6, "none", None, None, false);
    run.assert_set_aside(GROWTH_JUST_BELOW_6, &[]);
}

#[test]
fn take_highest_several_eligible_with_open_amounts_is_pending() {
    let run = defaults();
    // 第一条 (净增 2000万, 20%) and 第二条 (120,000,000 ≥ 5000万) eligible, both 待定 → pending [第一条, 第二条]
    run.assert_pending(NET_2000W_EXACT, &["第一条", "第二条"], false);
    // 第一条, 第二条 (null) and 第三条 (300000.00) eligible; one amount null → pending
    run.assert_pending(
        PEOPLE_1000_CAP_EXACT,
        &["第一条", "第二条", "第三条"],
        false,
    );
    // 第二条 (null) and 第三条 (36000.00) → pending
    run.assert_pending(OUTPUT_5000W_EXACT, &["第二条", "第三条"], false);
    // 第四条 (2021-01-10, 1000万), 第六条 (新升规 是), 第七条 (电, 保供突出 是), all 待定 → pending
    run.assert_eligible(PROJECT_WAN_FORM_MULTI, B6_UPGRADE, None);
    run.assert_eligible(PROJECT_WAN_FORM_MULTI, B7_SUPPLY, None);
    run.assert_pending(
        PROJECT_WAN_FORM_MULTI,
        &["第四条", "第六条", "第七条"],
        false,
    );
    // 第一条 + 第二条 at 530,000,000 / 500,000,000 (net 3000万, 6%) → pending
    run.assert_pending(NET_LARGE_GROWTH_6_EXACT, &["第一条", "第二条"], false);
}

#[test]
fn take_highest_is_provisional_when_a_member_is_undetermined() {
    let run = defaults();
    // 第八条 eligible (only eligible member); 第一/二/三条 undetermined (2019 = 0) → awarded 第八条, provisional
    run.assert_award(BASE_ZERO_RECOVERED, "awarded", Some("第八条"), None, true);
    // 第二条 eligible; 第三条 undetermined (春节连续生产 blank) → awarded 第二条, provisional
    run.assert_award(
        SPRING_BLANK_ELIGIBLE_OTHERWISE,
        "awarded",
        Some("第二条"),
        None,
        true,
    );
    // 第二条 eligible; 第三条 undetermined (春节连续生产 `maybe`) → awarded 第二条, provisional
    run.assert_award(MALFORMED_YESNO, "awarded", Some("第二条"), None, true);
    // 第七条 eligible (气, 保供突出 是); 第四条 undetermined (`2021-02-30`) → awarded 第七条, provisional
    run.assert_eligible(MALFORMED_DATE, B7_SUPPLY, None);
    run.assert_award(MALFORMED_DATE, "awarded", Some("第七条"), None, true);
}

// ---------------------------------------------------------------------------------------------
// Take-highest with every open amount set (--set)
// ---------------------------------------------------------------------------------------------

#[test]
fn set_amounts_clause3_capped_300000_beats_smaller_set_amounts() {
    let run = eval(&SET_A);
    run.assert_exit_3();

    // set amounts appear on the benefits: 第一条 200,000, 第二条 100,000
    run.assert_eligible(PEOPLE_1000_CAP_EXACT, B1_INCREASE, Some("200000.00"));
    run.assert_eligible(PEOPLE_1000_CAP_EXACT, B2_CONTINUOUS, Some("100000.00"));
    // 第一条 200,000, 第二条 100,000, 第三条 1000 × 300 = 300,000 (the cap) → max 300,000 → 第三条
    run.assert_award(
        PEOPLE_1000_CAP_EXACT,
        "awarded",
        Some("第三条"),
        Some("300000.00"),
        false,
    );
    run.assert_set_aside(PEOPLE_1000_CAP_EXACT, &["第一条", "第二条"]);

    // 第二条 100,000 vs 第三条 min(1001 × 300 = 300,300, 300,000) = 300,000 → 第三条
    run.assert_award(
        PEOPLE_1001_CAPPED,
        "awarded",
        Some("第三条"),
        Some("300000.00"),
        false,
    );
    run.assert_set_aside(PEOPLE_1001_CAPPED, &["第二条"]);

    // 第二条 100,000 vs 第三条 999 × 300 = 299,700 → 第三条 299700.00
    run.assert_award(
        PEOPLE_999,
        "awarded",
        Some("第三条"),
        Some("299700.00"),
        false,
    );
    run.assert_set_aside(PEOPLE_999, &["第二条"]);

    // 第一条 200,000 vs 第二条 100,000 vs 第三条 500 × 300 = 150,000 → 第一条 200000.00
    run.assert_award(
        YI_FORM_NET_2500W,
        "awarded",
        Some("第一条"),
        Some("200000.00"),
        false,
    );
    run.assert_set_aside(YI_FORM_NET_2500W, &["第二条", "第三条"]);

    // 第二条 100,000 vs 第三条 0 × 300 = 0 → 第二条 100000.00
    run.assert_award(
        PEOPLE_ZERO,
        "awarded",
        Some("第二条"),
        Some("100000.00"),
        false,
    );
    run.assert_set_aside(PEOPLE_ZERO, &["第三条"]);

    // 第二条 100,000 vs 第三条 120 × 300 = 36,000 → 第二条
    run.assert_award(
        OUTPUT_5000W_EXACT,
        "awarded",
        Some("第二条"),
        Some("100000.00"),
        false,
    );
    run.assert_set_aside(OUTPUT_5000W_EXACT, &["第三条"]);
}

#[test]
fn set_amounts_ties_go_to_the_earlier_clause() {
    let run = eval(&SET_TIES);
    run.assert_exit_3();

    // 第一条 300,000 = 第二条 300,000 = 第三条 1000 × 300 = 300,000 → three-way tie → earliest, 第一条
    run.assert_award(
        PEOPLE_1000_CAP_EXACT,
        "awarded",
        Some("第一条"),
        Some("300000.00"),
        false,
    );
    run.assert_set_aside(PEOPLE_1000_CAP_EXACT, &["第二条", "第三条"]);

    // 第二条 300,000 = 第三条 min(300,300, 300,000) = 300,000 → tie → 第二条
    run.assert_award(
        PEOPLE_1001_CAPPED,
        "awarded",
        Some("第二条"),
        Some("300000.00"),
        false,
    );
    run.assert_set_aside(PEOPLE_1001_CAPPED, &["第三条"]);

    // 第一条 300,000 = 第二条 300,000 → tie → 第一条
    run.assert_award(
        NET_2000W_EXACT,
        "awarded",
        Some("第一条"),
        Some("300000.00"),
        false,
    );
    run.assert_set_aside(NET_2000W_EXACT, &["第二条"]);

    // 第二条 300,000 > 第三条 299,700 → 第二条 (no tie: 300 yuan apart)
    run.assert_award(
        PEOPLE_999,
        "awarded",
        Some("第二条"),
        Some("300000.00"),
        false,
    );
    run.assert_set_aside(PEOPLE_999, &["第三条"]);

    // single eligible members take their set amounts: 第八条 120,000; 第六条 50,000
    run.assert_award(
        SHUTDOWN_NET_1000W_EXACT,
        "awarded",
        Some("第八条"),
        Some("120000.00"),
        false,
    );
    run.assert_award(
        NEW_ABOVE_SIZE,
        "awarded",
        Some("第六条"),
        Some("50000.00"),
        false,
    );
}

#[test]
fn set_amounts_accept_wan_yuan_and_pick_among_project_upgrade_and_supply() {
    let run = eval(&SET_WAN);
    run.assert_exit_3();

    // 第二条奖补=30万元 = 300,000 → shown as 300000.00
    run.assert_eligible(OUTPUT_5000W_EXACT, B2_CONTINUOUS, Some("300000.00"));
    // 第二条 300,000 vs 第三条 120 × 300 = 36,000 → 第二条
    run.assert_award(
        OUTPUT_5000W_EXACT,
        "awarded",
        Some("第二条"),
        Some("300000.00"),
        false,
    );
    run.assert_set_aside(OUTPUT_5000W_EXACT, &["第三条"]);

    // 第一条 200,000 < 第二条 300,000 = 第三条 300,000 (cap) → tie 第二条/第三条 → 第二条
    run.assert_award(
        PEOPLE_1000_CAP_EXACT,
        "awarded",
        Some("第二条"),
        Some("300000.00"),
        false,
    );
    run.assert_set_aside(PEOPLE_1000_CAP_EXACT, &["第一条", "第三条"]);

    // 第四条 150,000 > 第七条 80,000 > 第六条 50,000 → 第四条
    run.assert_eligible(PROJECT_WAN_FORM_MULTI, B4_PROJECT, Some("150000.00"));
    run.assert_eligible(PROJECT_WAN_FORM_MULTI, B6_UPGRADE, Some("50000.00"));
    run.assert_eligible(PROJECT_WAN_FORM_MULTI, B7_SUPPLY, Some("80000.00"));
    run.assert_award(
        PROJECT_WAN_FORM_MULTI,
        "awarded",
        Some("第四条"),
        Some("150000.00"),
        false,
    );
    run.assert_set_aside(PROJECT_WAN_FORM_MULTI, &["第六条", "第七条"]);

    // 第四条 alone (2020-01-01, 1000万) → 150000.00
    run.assert_award(
        PROJECT_EXACT,
        "awarded",
        Some("第四条"),
        Some("150000.00"),
        false,
    );
    // 第七条 alone → 80000.00
    run.assert_award(
        SUPPLY_POWER_OUTSTANDING,
        "awarded",
        Some("第七条"),
        Some("80000.00"),
        false,
    );
}

#[test]
fn set_amounts_blank_headcount_stays_pending_and_undetermined_stays_provisional() {
    let run = eval(&SET_A);
    run.assert_exit_3();

    // 第二条 100,000 known, but 第三条 eligible with 300 × (blank) = null → still pending [第二条, 第三条]
    run.assert_eligible(PEOPLE_BLANK, B2_CONTINUOUS, Some("100000.00"));
    run.assert_eligible(PEOPLE_BLANK, B3_RETAIN, None);
    run.assert_pending(PEOPLE_BLANK, &["第二条", "第三条"], false);

    // 2019 = 0: 第八条 eligible (净增 6000万 ≥ 1000万) = 120,000; 第一/二/三条 undetermined
    // → awarded 第八条 120000.00, provisional
    run.assert_award(
        BASE_ZERO_RECOVERED,
        "awarded",
        Some("第八条"),
        Some("120000.00"),
        true,
    );
    run.assert_set_aside(BASE_ZERO_RECOVERED, &[]);

    // 第二条 100,000 eligible; 第三条 undetermined (春节连续生产 blank) → 第二条 100000.00, provisional
    run.assert_award(
        SPRING_BLANK_ELIGIBLE_OTHERWISE,
        "awarded",
        Some("第二条"),
        Some("100000.00"),
        true,
    );

    // 第七条 80,000 eligible; 第四条 undetermined (`2021-02-30`) → 第七条 80000.00, provisional
    run.assert_award(
        MALFORMED_DATE,
        "awarded",
        Some("第七条"),
        Some("80000.00"),
        true,
    );

    // 第一条 200,000 and 第二条 100,000 (530,000,000 / 500,000,000: 净增 3000万, 6%) → 第一条
    run.assert_award(
        NET_LARGE_GROWTH_6_EXACT,
        "awarded",
        Some("第一条"),
        Some("200000.00"),
        false,
    );
    run.assert_set_aside(NET_LARGE_GROWTH_6_EXACT, &["第二条"]);

    // 净增 1000万 exactly, 停产半停产, 资产重组 → 第八条 alone → 120000.00
    run.assert_award(
        SHUTDOWN_NET_1000W_EXACT,
        "awarded",
        Some("第八条"),
        Some("120000.00"),
        false,
    );

    // nothing eligible stays none whatever the parameters
    run.assert_award(GROWTH_JUST_BELOW_6, "none", None, None, false);
}
