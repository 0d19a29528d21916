//! One decision, many views (issue 16): with fund pools, every view shows what the decision
//! pays — a pooled subsidy's allocation, never its claim — and every count reads one rule for a
//! claim allocated nothing (eligible, nothing allocated). Every figure is computed by hand.
//!
//! `policies/examples/ranked.policy` on `examples/ranked.csv` (5% × 净增产值, at most 50万; total
//! 100万, ranked by 净增产值, the rest to the next):
//!   甲 1200万 → 60万 → 50万; 乙 800万 → 40万; 丙 800万 → 40万; 丁 600万 → 30万; 戊 300万 < 500万:
//!   not eligible. Ranks 甲 1, 乙 2, 丙 3 (the earlier of the tie), 丁 4. 甲 50万 (50万 left),
//!   乙 40万 (10万 left), 丙 does not fit: the cut-off gets the 10万 left; 丁 0.
//!   Paid 50 + 40 + 10 + 0 = 100万; claimed 160万. Awarded 甲 乙 丙 (3), eligible with nothing
//!   allocated 丁 (1), none 戊 (1).
//!
//! `policies/examples/pro-rata.policy` on `examples/pro-rata.csv` (10% × 设备投资额, at most 200万,
//! from 500万 up; total 500万, pro rata, remainder largest first). Claims in fens:
//!   甲 3000万 → 300万 → 200,000,000; 乙 1234.5678万 → 123,456,780; 丙 800万 → 80,000,000;
//!   丁 999.99万 → 99,999,000; 戊 400万: not eligible; 己 2500万 → 200,000,000;
//!   庚 777.7777万 → 77,777,770; 辛 650万 → 65,000,000. S = 846,233,550, T = 500,000,000.
//!   ⌊c × T ÷ S⌋ and the remainder c × T mod S:
//!   甲 118,170,687 r 34,051,150; 乙 72,944,862 r 475,479,900; 丙 47,268,274 r 690,607,300;
//!   丁 59,084,752 r 564,170,400; 己 118,170,687 r 34,051,150; 庚 45,955,262 r 496,559,900;
//!   辛 38,405,473 r 243,780,850. The floors add up to 499,999,997: 3 fens, to the largest
//!   remainders 丙, 丁, 庚. Paid: 甲 1,181,706.87; 乙 729,448.62; 丙 472,682.75; 丁 590,847.53;
//!   己 1,181,706.87; 庚 459,552.63; 辛 384,054.73; together 5,000,000.00. Every eligible record
//!   is awarded (7), none allocated nothing, 戊 none.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Command;
use std::str::FromStr;

use calamine::{open_workbook_auto, Data, Reader};
use rust_decimal::Decimal;
use serde_json::Value;

/// `jiangbu ARGS` in the crate's directory; its stdout (the run must succeed).
fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|_| panic!("not an amount: {s:?}"))
}

/// `1234567.8` as the table and explain write it: `1,234,567.80`.
fn grouped(x: Decimal) -> String {
    let plain = format!("{:.2}", x);
    let (int, frac) = plain.split_once('.').unwrap();
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out}.{frac}")
}

/// A money cell of the table or the xlsx summary: `1,000,000.00` → 1000000.00.
fn money(s: &str) -> Decimal {
    d(&s.replace(',', ""))
}

/// What a policy's example run must show.
struct Case {
    policy: &'static str,
    records: &'static str,
    /// Per record (key, claimed, paid), in input order.
    rows: &'static [(&'static str, &'static str, &'static str)],
    /// The sum of what is paid.
    total: &'static str,
    awarded: u64,
    unfunded: u64,
    none: u64,
}

const RANKED: Case = Case {
    policy: "policies/examples/ranked.policy",
    records: "examples/ranked.csv",
    rows: &[
        ("91220100000000011A", "500000.00", "500000.00"),
        ("91220100000000012B", "400000.00", "400000.00"),
        ("91220100000000013C", "400000.00", "100000.00"),
        ("91220100000000014D", "300000.00", "0.00"),
        ("91220100000000015E", "0.00", "0.00"),
    ],
    total: "1000000.00",
    awarded: 3,
    unfunded: 1,
    none: 1,
};

const PRO_RATA: Case = Case {
    policy: "policies/examples/pro-rata.policy",
    records: "examples/pro-rata.csv",
    rows: &[
        ("91220100000000001A", "2000000.00", "1181706.87"),
        ("91220100000000002B", "1234567.80", "729448.62"),
        ("91220100000000003C", "800000.00", "472682.75"),
        ("91220100000000004D", "999990.00", "590847.53"),
        ("91220100000000005E", "0.00", "0.00"),
        ("91220100000000006F", "2000000.00", "1181706.87"),
        ("91220100000000007G", "777777.70", "459552.63"),
        ("91220100000000008H", "650000.00", "384054.73"),
    ],
    total: "5000000.00",
    awarded: 7,
    unfunded: 0,
    none: 1,
};

impl Case {
    fn eval(&self, format: &str) -> String {
        run(&["eval", self.policy, self.records, "--format", format])
    }

    /// The rows' paid amounts add up to the total: the expectations agree with themselves.
    fn check_arithmetic(&self) {
        let sum: Decimal = self.rows.iter().map(|r| d(r.2)).sum();
        assert_eq!(sum, d(self.total), "{}", self.policy);
    }

    fn check_table(&self) {
        let table = self.eval("table");
        for (key, claimed, paid) in self.rows {
            let line = table
                .lines()
                .find(|l| l.split_whitespace().nth(1) == Some(key))
                .unwrap_or_else(|| panic!("no row {key}:\n{table}"));
            // No periods, set-aside, services or notes: the last two cells are 申报合计 and
            // 合计应付.
            let cells: Vec<&str> = line.split_whitespace().collect();
            let n = cells.len();
            assert_eq!(money(cells[n - 1]), d(paid), "{key}: {line}");
            assert_eq!(money(cells[n - 2]), d(claimed), "{key}: {line}");
            // Eligible, nothing allocated: said on the row.
            let unfunded = *paid == "0.00" && *claimed != "0.00";
            assert_eq!(line.contains("未获资金："), unfunded, "{line}");
        }
        let header = table.lines().nth(3).unwrap();
        assert!(
            header.contains("申报合计（元）  合计应付（元）"),
            "{header}"
        );
        let total = grouped(d(self.total));
        let footer = table.lines().last().unwrap();
        let (awarded, unfunded, none) = (self.awarded, self.unfunded, self.none);
        assert!(
            footer.contains(&format!(
                "获奖补 {awarded} 户，符合但未获资金 {unfunded} 户，待选 0 户，无 {none} 户"
            )),
            "{footer}"
        );
        assert!(
            footer.contains(&format!("已定给予金额合计 {total} 元")),
            "{footer}"
        );
        // The clause's total and its paid count.
        let clause = table
            .lines()
            .find(|l| l.starts_with("第一条") && l.contains("奖补"))
            .unwrap();
        let cells: Vec<&str> = clause.split_whitespace().collect();
        let n = cells.len();
        assert_eq!(money(cells[n - 2]), d(self.total), "{clause}");
        assert_eq!(cells[n - 3], (self.awarded).to_string(), "{clause}");
    }

    fn check_csv(&self) {
        let csv = self.eval("csv");
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let (key, claimed, paid) = (col("统一社会信用代码"), col("申报合计"), col("合计应付"));
        assert_eq!(
            paid,
            claimed + 1,
            "the claims beside what is paid: {header:?}"
        );
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
        assert_eq!(rows.len(), self.rows.len());
        for (row, (k, c, p)) in rows.iter().zip(self.rows) {
            assert_eq!(row[key], *k);
            assert_eq!(d(row[claimed]), d(c), "{k}");
            assert_eq!(d(row[paid]), d(p), "{k}");
        }
    }

    fn check_xlsx(&self, dir: &std::path::Path) {
        let path = dir.join(format!("{}.xlsx", self.rows.len()));
        let path_str = path.to_str().unwrap();
        run(&[
            "eval",
            self.policy,
            self.records,
            "--format",
            "xlsx",
            "-o",
            path_str,
        ]);
        let mut book = open_workbook_auto(&path).unwrap();
        let cell = |c: &Data| match c {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            Data::Float(f) => format!("{f:.2}"),
            Data::Int(i) => i.to_string(),
            other => format!("{other}"),
        };
        let results = book.worksheet_range("结果").unwrap();
        let rows: Vec<Vec<String>> = results
            .rows()
            .map(|r| r.iter().map(cell).collect())
            .collect();
        let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
        let (key, claimed, paid) = (col("统一社会信用代码"), col("申报合计"), col("合计应付"));
        assert_eq!(rows.len() - 1, self.rows.len());
        for (row, (k, c, p)) in rows[1..].iter().zip(self.rows) {
            assert_eq!(row[key], *k);
            assert_eq!(d(&row[claimed]), d(c), "{k}");
            assert_eq!(d(&row[paid]), d(p), "{k}");
        }
        let summary = book.worksheet_range("汇总").unwrap();
        let rows: Vec<Vec<String>> = summary
            .rows()
            .map(|r| r.iter().map(cell).collect())
            .collect();
        let value = |label: &str| {
            let row = rows
                .iter()
                .find(|r| r.first().is_some_and(|c| c == label))
                .unwrap_or_else(|| panic!("no {label} in {rows:?}"));
            row[1].clone()
        };
        assert_eq!(money(&value("已定给予金额合计（元）")), d(self.total));
        // Counts are numbers in the workbook (read back as floats).
        assert_eq!(d(&value("获奖补")), Decimal::from(self.awarded));
        assert_eq!(d(&value("符合但未获资金")), Decimal::from(self.unfunded));
    }

    fn check_json(&self) {
        let doc: Value = serde_json::from_str(&self.eval("json")).unwrap();
        let records = doc["records"].as_array().unwrap();
        for (r, (k, c, p)) in records.iter().zip(self.rows) {
            assert_eq!(r["id"], *k);
            assert_eq!(d(r["payable"].as_str().unwrap()), d(c), "{k}");
            assert_eq!(d(r["allocated"].as_str().unwrap()), d(p), "{k}");
        }
        let s = &doc["summary"];
        assert_eq!(d(s["paid_sum"].as_str().unwrap()), d(self.total));
        assert_eq!(
            d(s["benefits"][0]["paid_sum"].as_str().unwrap()),
            d(self.total)
        );
        assert_eq!(s["benefits"][0]["paid"], self.awarded);
        assert_eq!(s["awards"]["awarded"], self.awarded);
        assert_eq!(s["awards"]["unfunded"], self.unfunded);
        assert_eq!(s["awards"]["none"], self.none);
        assert_eq!(
            d(s["pools"][0]["allocated"].as_str().unwrap()),
            d(self.total)
        );
        // The areas add what is paid too.
        let areas: Decimal = s["areas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| d(a["paid_sum"].as_str().unwrap()))
            .sum();
        assert_eq!(areas, d(self.total));
    }

    fn check_jsonl(&self) {
        let jsonl = self.eval("jsonl");
        let lines: Vec<Value> = jsonl
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), self.rows.len());
        for (r, (k, c, p)) in lines.iter().zip(self.rows) {
            assert_eq!(r["id"], *k);
            assert_eq!(d(r["payable"].as_str().unwrap()), d(c), "{k}");
            assert_eq!(d(r["allocated"].as_str().unwrap()), d(p), "{k}");
            // A paid benefit's own allocation is the record's (one subsidy here).
            if *c != "0.00" {
                assert_eq!(d(r["benefits"][0]["allocated"].as_str().unwrap()), d(p));
            }
        }
    }

    fn check_explain(&self) {
        for (k, c, p) in self.rows {
            let text = run(&["explain", self.policy, self.records, "--id", k]);
            let verdict = text.lines().find(|l| l.starts_with("结论：")).unwrap();
            if *c == "0.00" {
                assert!(!verdict.contains("核定"), "{verdict}");
                continue;
            }
            let (c, p) = (grouped(d(c)), grouped(d(p)));
            let head = if p == "0.00" {
                "符合但未获资金"
            } else {
                "获奖"
            };
            assert_eq!(
                verdict,
                format!("结论：{head}：第一条 {c}元，核定 {p}元"),
                "{k}"
            );
        }
    }

    fn check_diff(&self) {
        let out = run(&[
            "diff",
            self.policy,
            self.policy,
            self.records,
            "--format",
            "json",
        ]);
        let doc: Value = serde_json::from_str(&out).unwrap();
        let t = &doc["totals"];
        for side in ["old", "new"] {
            let sum = d(t["paid_sum"][side]["paid_sum"].as_str().unwrap());
            assert_eq!(sum, d(self.total), "{side}");
            assert_eq!(t["benefits"][0][side]["paid"], self.awarded, "{side}");
        }
        assert_eq!(
            d(t["paid_sum"]["difference"].as_str().unwrap()),
            Decimal::ZERO
        );
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("jiangbu-pool-views-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_view_of_the_ranked_example_shows_what_is_paid() {
    let dir = scratch("ranked");
    let case = RANKED;
    case.check_arithmetic();
    case.check_table();
    case.check_csv();
    case.check_xlsx(&dir);
    case.check_json();
    case.check_jsonl();
    case.check_explain();
    case.check_diff();
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn every_view_of_the_pro_rata_example_shows_what_is_paid() {
    let dir = scratch("pro-rata");
    let case = PRO_RATA;
    case.check_arithmetic();
    case.check_table();
    case.check_csv();
    case.check_xlsx(&dir);
    case.check_json();
    case.check_jsonl();
    case.check_explain();
    case.check_diff();
    std::fs::remove_dir_all(dir).unwrap();
}

// tests/cases/pools/installments.policy on installments.csv: 第一条 10% × 投资额 in a pool of
// 100万 (pro rata, remainder largest first), paid 60% in 2023年 and 40% in 2024年; 第二条 1万 (from
// 800万 up, in no pool), paid half and half.
//   Claims: 甲 10% × 1000万 = 100万; 乙 10% × 500万 = 50万; 丙 0: not eligible. S = 150万 > 100万.
//   In fens, T = 100,000,000, S = 150,000,000:
//     甲 100,000,000 × T ÷ S = 66,666,666.67 → 66,666,666, remainder 100,000,000;
//     乙  50,000,000 × T ÷ S = 33,333,333.33 → 33,333,333, remainder  50,000,000.
//   One fen left, to the larger remainder (甲): 甲 666,666.67, 乙 333,333.33 (together 100万).
//   Installments of the allocation (each to the fen, the last taking the rest):
//     甲 666,666.67 × 60% = 400,000.002 → 400,000.00; 2024年 666,666.67 − 400,000.00 = 266,666.67.
//     乙 333,333.33 × 60% = 199,999.998 → 200,000.00; 2024年 333,333.33 − 200,000.00 = 133,333.33.
//   (Of the claims they would be 600,000.00 / 400,000.00 and 300,000.00 / 200,000.00.)
//   第二条 for 甲: 10,000 × 50% = 5,000.00, then 5,000.00.
//   Per record: 甲 2023年 405,000.00, 2024年 271,666.67, paid 676,666.67; 乙 200,000.00,
//   133,333.33, paid 333,333.33. Per period: 2023年 605,000.00; 2024年 405,000.00; together
//   1,010,000.00 = 100万 + 1万.
const INSTALLMENTS: &str = "tests/cases/pools/installments.policy";
const INSTALLMENT_RECORDS: &str = "tests/cases/pools/installments.csv";

#[test]
fn a_pooled_subsidys_installments_split_its_allocation() {
    let jsonl = run(&[
        "eval",
        INSTALLMENTS,
        INSTALLMENT_RECORDS,
        "--format",
        "jsonl",
    ]);
    let records: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let parts = |r: &Value, b: usize| -> Vec<String> {
        r["benefits"][b]["installments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["amount"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(records[0]["benefits"][0]["allocated"], "666666.67");
    assert_eq!(parts(&records[0], 0), ["400000.00", "266666.67"]);
    assert_eq!(parts(&records[0], 1), ["5000.00", "5000.00"]);
    assert_eq!(records[0]["allocated"], "676666.67");
    assert_eq!(records[0]["payable"], "1010000.00");
    assert_eq!(records[1]["benefits"][0]["allocated"], "333333.33");
    assert_eq!(parts(&records[1], 0), ["200000.00", "133333.33"]);
    assert_eq!(records[1]["allocated"], "333333.33");

    let doc: Value = serde_json::from_str(&run(&[
        "eval",
        INSTALLMENTS,
        INSTALLMENT_RECORDS,
        "--format",
        "json",
    ]))
    .unwrap();
    let periods = doc["summary"]["periods"].as_array().unwrap();
    assert_eq!(periods[0]["label"], "2023年");
    assert_eq!(periods[0]["paid_sum"], "605000.00");
    assert_eq!(periods[1]["label"], "2024年");
    assert_eq!(periods[1]["paid_sum"], "405000.00");
    assert_eq!(doc["summary"]["paid_sum"], "1010000.00");

    // The table's period columns, after 申报合计 and 合计应付.
    let table = run(&["eval", INSTALLMENTS, INSTALLMENT_RECORDS]);
    let row = |key: &str| -> Vec<String> {
        let line = table
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(key))
            .unwrap();
        line.split_whitespace().map(String::from).collect()
    };
    let a = row("甲");
    let n = a.len();
    assert_eq!(
        a[n - 4..],
        ["1,010,000.00", "676,666.67", "405,000.00", "271,666.67"]
    );
    let b = row("乙");
    let n = b.len();
    assert_eq!(
        b[n - 4..],
        ["500,000.00", "333,333.33", "200,000.00", "133,333.33"]
    );

    // explain names the installments of what is paid: the allocation's.
    let text = run(&["explain", INSTALLMENTS, INSTALLMENT_RECORDS, "--id", "甲"]);
    assert!(
        text.contains(
            "核定 666,666.67元，分期：2023年 60.00% 400,000.00元；2024年 40.00% 266,666.67元"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "可给予 10,000.00元，分期：2023年 50.00% 5,000.00元；2024年 50.00% 5,000.00元"
        ),
        "{text}"
    );
}

// diff of pro-rata.policy against itself with the pool's total raised to 600万: every claim is
// the same, only the allocations change. With T = 600,000,000 fens (S = 846,233,550 as above):
//   甲 141,804,824 r 379,354,800; 乙 87,533,835 r 62,835,750; 丙 56,721,929 r 659,482,050;
//   丁 70,901,703 r 169,264,350; 己 141,804,824 r 379,354,800; 庚 55,146,315 r 88,131,750;
//   辛 46,086,567 r 800,277,150. Floors 599,999,997: 3 fens to 辛, 丙, then 甲 (甲 and 己 tie on
//   remainder and claim: the earlier record). New: 甲 1,418,048.25; 乙 875,338.35; 丙 567,219.30;
//   丁 709,017.03; 己 1,418,048.24; 庚 551,463.15; 辛 460,865.68; together 6,000,000.00.
//   Cost: 5,000,000.00 → 6,000,000.00, difference 1,000,000.00 (the claims, 8,462,335.50, do
//   not move). 朝阳区 (甲, 丙, 庚): old 1,181,706.87 + 472,682.75 + 459,552.63 = 2,113,942.25,
//   new 1,418,048.25 + 567,219.30 + 551,463.15 = 2,536,730.70, difference 422,788.45.
#[test]
fn diff_of_a_pool_total_changes_the_cost_by_the_allocations() {
    let out = run(&[
        "diff",
        PRO_RATA.policy,
        PRO_RATA.policy,
        PRO_RATA.records,
        "--set-new",
        "奖补资金总额=600万元",
        "--format",
        "json",
    ]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let t = &doc["totals"];
    assert_eq!(t["paid_sum"]["old"]["paid_sum"], "5000000.00");
    assert_eq!(t["paid_sum"]["new"]["paid_sum"], "6000000.00");
    assert_eq!(t["paid_sum"]["difference"], "1000000.00");
    assert_eq!(t["benefits"][0]["difference"], "1000000.00");
    let area = t["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "朝阳区")
        .unwrap();
    assert_eq!(area["old"]["paid_sum"], "2113942.25");
    assert_eq!(area["new"]["paid_sum"], "2536730.70");
    assert_eq!(area["difference"], "422788.45");

    // The table says the same: the total line, and a changed record's allocations.
    let table = run(&[
        "diff",
        PRO_RATA.policy,
        PRO_RATA.policy,
        PRO_RATA.records,
        "--set-new",
        "奖补资金总额=600万元",
    ]);
    assert!(
        table.contains(
            "已定给予金额合计：旧 5,000,000.00 元 → 新 6,000,000.00 元，差额 +1,000,000.00 元"
        ),
        "{table}"
    );
    assert!(
        table.contains("核定 1,181,706.87") && table.contains("核定 1,418,048.25"),
        "{table}"
    );

    // Against a saved result: the saved side's allocations are what it paid.
    let dir = scratch("diff-saved");
    let saved = dir.join("old.jsonl");
    run(&[
        "eval",
        PRO_RATA.policy,
        PRO_RATA.records,
        "--format",
        "jsonl",
        "-o",
        saved.to_str().unwrap(),
    ]);
    let out = run(&[
        "diff",
        saved.to_str().unwrap(),
        PRO_RATA.policy,
        PRO_RATA.records,
        "--set-new",
        "奖补资金总额=600万元",
        "--format",
        "json",
    ]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["totals"]["paid_sum"]["old"]["paid_sum"], "5000000.00");
    assert_eq!(doc["totals"]["paid_sum"]["difference"], "1000000.00");
    std::fs::remove_dir_all(dir).unwrap();
}

// The same fixture with the pool's total still 待定: no allocation is known, so neither is any
// installment of 第一条 (of 甲 and 乙: 2 per period, open); 甲's 第二条 is in no pool and keeps its
// 5,000.00 + 5,000.00.
#[test]
fn installments_of_an_allocation_not_known_yet_are_open() {
    let doc: Value = serde_json::from_str(&run(&[
        "eval",
        INSTALLMENTS,
        INSTALLMENT_RECORDS,
        "--set",
        "奖补资金总额=待定",
        "--format",
        "json",
    ]))
    .unwrap();
    let first = &doc["records"][0];
    assert_eq!(first["benefits"][0]["allocated"], Value::Null);
    let parts = first["benefits"][0]["installments"].as_array().unwrap();
    assert!(parts.iter().all(|p| p["amount"].is_null()), "{parts:?}");
    assert_eq!(first["allocated"], Value::Null);
    for period in doc["summary"]["periods"].as_array().unwrap() {
        assert_eq!(period["paid_sum"], "5000.00", "{period}");
        assert_eq!(period["amount_open"], 2, "{period}");
    }
}
