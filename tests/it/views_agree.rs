//! Every view pays what the decision pays, on a trimmed copy of a newcomer's notice
//! (`tests/cases/eval/views_agree.*`): the record's total payable, installments of an unknown
//! payable, a set-aside subsidy's 0.00, the provisional count, and explain's 结论.
//!
//! The fixture (1万 = 10,000 yuan): 第一条 8% × 投资额, at most 200万, paid 60% / 40% in 2022年 /
//! 2023年; 第二条 50万; 第三条 待定; 第四条 500元 × 职工 (≥ 100), at most 20万. 第一、二、三条 are
//! exclusive (take-highest); the cap 贡献额 counts 第四条 first, then 第一、二、三条.
//!
//! - A1: 第一条 8% × 2000万 = 160万; 第四条 500 × 300 = 15万; cap 100万: 第四条 15万 in full,
//!   第一条 100万 − 15万 = 85万 (2022年 85万 × 60% = 51万, 2023年 85万 − 51万 = 34万).
//!   Total 85万 + 15万 = 100万.
//! - C3: 第二条 50万 (award) + 第四条 500 × 250 = 12.5万 (outside the group) = 62.5万 under a cap
//!   of 1000万. No installments: the period cells are blank.
//! - D4: 第一条 8% × 3000万 = 240万 → 200万 (its maximum); 第二条 50万 set aside (take-highest);
//!   cap 300万 does not bind. Total 200万.
//! - F6: 第一条 8% × 1000万 = 80万, but 贡献额 is blank: the payable, its installments and the
//!   record's total are unknown.
//! - G7: 第三条 待定 (award) and 第四条 500 × 100 = 5万; the cap group is provisional (a member 待定).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::process::Command;

const POLICY: &str = "tests/cases/eval/views_agree.policy";
const RECORDS: &str = "tests/cases/eval/views_agree.csv";

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

/// The run in `format`; csv in English (`--lang en`), as `csv_cell` reads its headers.
fn eval(format: &str) -> String {
    if format == "csv" {
        return run(&["eval", POLICY, RECORDS, "--format", format, "--lang", "en"]);
    }
    run(&["eval", POLICY, RECORDS, "--format", format])
}

/// The table's row of record `id`, split on whitespace (blank cells vanish).
fn table_row(table: &str, id: &str) -> Vec<String> {
    let line = table
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some(id))
        .unwrap_or_else(|| panic!("no row {id}:\n{table}"));
    line.split_whitespace().map(String::from).collect()
}

/// The jsonl record of `id`.
fn jsonl(id: &str) -> Value {
    eval("jsonl")
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|r| r["id"] == id)
        .unwrap()
}

/// The csv cell of record `id` in column `col`.
fn csv_cell(csv: &str, id: &str, col: &str) -> String {
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let at = header.iter().position(|h| h == col).unwrap();
    let id_at = header.iter().position(|h| h == "id").unwrap();
    reader
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[id_at] == id)
        .map(|r| r[at].to_string())
        .unwrap()
}

/// C3 is paid 第二条 500,000 (the award) + 第四条 125,000 (outside the group) = 625,000.00: the
/// record's total payable, in the table, csv, jsonl and json.
#[test]
fn c3_total_payable_is_625000_in_every_format() {
    let table = eval("table");
    // Row, id, area, result (the award, then 第四条 paid outside the group), 金额 (each one's:
    // 500,000.00 + 125,000.00), 合计应付 625,000.00 — and nothing after it: C3 has no
    // installments, so its period cells are blank, not 0.00. The table writes amounts with
    // thousands separators.
    assert_eq!(
        table_row(&table, "C3"),
        [
            "3",
            "C3",
            "西区",
            "第二条",
            "产值增长奖励、第四条",
            "稳岗补贴",
            "500,000.00",
            "+",
            "125,000.00",
            "625,000.00"
        ]
    );
    let csv = eval("csv");
    assert_eq!(csv_cell(&csv, "C3", "payable total"), "625000.00");
    assert_eq!(csv_cell(&csv, "C3", "installment 2022年"), "");
    assert_eq!(csv_cell(&csv, "C3", "installment 2023年"), "");
    // A1: 850,000 + 150,000 = 1,000,000.00.
    assert_eq!(csv_cell(&csv, "A1", "payable total"), "1000000.00");
    assert_eq!(jsonl("C3")["payable"], "625000.00");
    assert_eq!(jsonl("A1")["payable"], "1000000.00");
    let json: Value = serde_json::from_str(&eval("json")).unwrap();
    let c3 = json["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "C3")
        .unwrap();
    assert_eq!(c3["payable"], "625000.00");
}

/// F6's cap is blank: 第一条 is paid an unknown amount, so its installments are unknown — never
/// a split of the 800,000 before the cap, never 0.00 — in every format; the period totals add
/// only the known installments and count the unknown one.
#[test]
fn f6_installments_of_an_unknown_payable_are_unknown_everywhere() {
    let f6 = jsonl("F6");
    let first = &f6["benefits"][0];
    assert_eq!(first["payable"], Value::Null);
    assert_eq!(
        first["installments"],
        serde_json::json!([
            {"label": "2022年", "amount": null},
            {"label": "2023年", "amount": null}
        ])
    );
    assert_eq!(f6["payable"], Value::Null);
    let table = eval("table");
    // 金额, 合计应付, 2022年, 2023年: all 待定.
    assert_eq!(
        table_row(&table, "F6")[3..],
        [
            "第一条",
            "技术改造奖补（暂定）",
            "待定",
            "待定",
            "待定",
            "待定"
        ]
    );
    let csv = eval("csv");
    for col in ["payable total", "installment 2022年", "installment 2023年"] {
        // The csv is read in English (`eval`): 待定 is spelled `to be determined`.
        assert_eq!(csv_cell(&csv, "F6", col), "to be determined", "{col}");
    }
    // Period totals: 2022年 A1 510,000 + D4 2,000,000 × 60% = 1,200,000 → 1,710,000.00;
    // 2023年 A1 340,000 + D4 800,000 = 1,140,000.00; F6's one unknown installment counted in each.
    let json: Value = serde_json::from_str(&eval("json")).unwrap();
    assert_eq!(
        json["summary"]["periods"],
        serde_json::json!([
            {"label": "2022年", "paid_sum": "1710000.00", "amount_open": 1},
            {"label": "2023年", "paid_sum": "1140000.00", "amount_open": 1}
        ])
    );
    let at = table.find("按分期汇总").unwrap();
    let line = |label: &str| -> Vec<&str> {
        table[at..]
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap()
            .split_whitespace()
            .collect()
    };
    assert_eq!(line("2022年"), ["2022年", "1,710,000.00", "1"]);
    assert_eq!(line("2023年"), ["2023年", "1,140,000.00", "1"]);
    // explain: the installments split the payable, which is unknown.
    let explain = run(&["explain", POLICY, RECORDS, "--id", "F6"]);
    assert!(
        explain.contains("可给予 待定，分期：2022年 60.00% 待定；2023年 40.00% 待定"),
        "{explain}"
    );
}

/// D4's 第二条 (50万) is eligible but set aside by take-highest (第一条 200万 wins): payable 0.00,
/// not null, and the fixture's example `第二条 符合 50万元 可给予 0元` passes.
#[test]
fn a_set_aside_subsidy_is_payable_zero() {
    let d4 = jsonl("D4");
    assert_eq!(d4["benefits"][1]["paid"], false);
    assert_eq!(d4["benefits"][1]["payable"], "0.00");
    assert!(d4["benefits"][1]["installments"].is_null());
    // Not eligible stays null.
    assert_eq!(d4["benefits"][3]["payable"], Value::Null);
    let csv = eval("csv");
    assert_eq!(csv_cell(&csv, "D4", "第二条 产值增长奖励 payable"), "0.00");
    let out = run(&["test", POLICY]);
    assert!(out.contains("通过 1 个，失败 0 个"), "{out}");
}

/// The footer's provisional count is the number of rows marked （暂定）: F6 (cap unknown) and G7
/// (its cap group has a 待定 member, while its award group is not provisional) = 2.
#[test]
fn the_footer_counts_the_rows_it_marks_provisional() {
    let table = eval("table");
    let marked: Vec<&str> = table
        .lines()
        .filter(|l| l.contains("（暂定）"))
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    assert_eq!(marked, ["F6", "G7"]);
    assert!(table.contains("其中暂定 2 户"), "{table}");
    let json: Value = serde_json::from_str(&eval("json")).unwrap();
    assert_eq!(json["summary"]["awards"]["provisional"], 2);
}

/// Paid with an unknown payable is counted as 给予金额待定, per clause and per area: 第一条 F6,
/// 第三条 G7; 南区 (F6) and 北区 (G7) one each.
#[test]
fn paid_with_unknown_payable_is_counted_in_clause_and_area_totals() {
    let table = eval("table");
    let clause = |label: &str| -> Vec<String> {
        let line = table.lines().find(|l| l.starts_with(label)).unwrap();
        line.split_whitespace().map(String::from).collect()
    };
    // 第一条: 实际给予 3 (A1, D4, F6), 给予金额 850,000 + 2,000,000 = 2,850,000.00, 待定 1 (F6).
    assert_eq!(clause("第一条")[9..], ["3", "2,850,000.00", "1"]);
    // 第三条: 实际给予 1 (G7), 0.00 known, 待定 1.
    assert_eq!(clause("第三条")[9..], ["1", "0.00", "1"]);
    let json: Value = serde_json::from_str(&eval("json")).unwrap();
    let opens: Vec<u64> = json["summary"]["benefits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["paid_open"].as_u64().unwrap())
        .collect();
    assert_eq!(opens, [1, 0, 1, 0]);
    let areas: Vec<(String, u64)> = json["summary"]["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().to_string(),
                a["amount_open"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        areas,
        [
            ("东区".to_string(), 0),
            ("西区".to_string(), 0),
            ("南区".to_string(), 1),
            ("北区".to_string(), 1)
        ]
    );
}

/// explain's 结论 names every paid benefit and the record's total payable; the installments
/// line says it splits the payable after the cap.
#[test]
fn the_conclusion_lists_every_paid_benefit_and_the_total() {
    let a1 = run(&["explain", POLICY, RECORDS, "--id", "A1"]);
    let conclusion = a1.lines().find(|l| l.starts_with("结论")).unwrap();
    // 850,000 + 150,000 = 1,000,000.00.
    assert_eq!(
        conclusion,
        "结论：获奖：第一条 850,000.00元（受累计上限「贡献上限」限制，原 1,600,000.00元）；\
         另给予：第四条 150,000.00元；合计应付 1,000,000.00元"
    );
    assert!(
        a1.contains(
            "    可给予 850,000.00元，分期：2022年 60.00% 510,000.00元；2023年 40.00% 340,000.00元"
        ),
        "{a1}"
    );
    let c3 = run(&["explain", POLICY, RECORDS, "--id", "C3"]);
    let conclusion = c3.lines().find(|l| l.starts_with("结论")).unwrap();
    // 500,000 + 125,000 = 625,000.00.
    assert_eq!(
        conclusion,
        "结论：获奖：第二条 500,000.00元；另给予：第四条 125,000.00元；合计应付 625,000.00元"
    );
    // G7: 第三条 待定, so the total is too.
    let g7 = run(&["explain", POLICY, RECORDS, "--id", "G7"]);
    let conclusion = g7.lines().find(|l| l.starts_with("结论")).unwrap();
    assert!(
        conclusion.ends_with("另给予：第四条 50,000.00元；合计应付 待定"),
        "{conclusion}"
    );
}

/// The whole fixture through the cross-format agreement check (table, csv, xlsx read back, json,
/// jsonl, to the fen): total of known payables 1,000,000 (A1) + 625,000 (C3) + 2,000,000 (D4) +
/// 50,000 (G7's 第四条) = 3,675,000.00; 5 paid, 0 pending, 0 none, 2 provisional.
#[test]
fn every_format_agrees_on_the_fixture() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let policy = std::fs::read_to_string(format!("{dir}/{POLICY}")).unwrap();
    let csv = std::fs::read_to_string(format!("{dir}/{RECORDS}")).unwrap();
    let a = crate::decision::agree(&policy, &[], &csv);
    assert_eq!(a.total, "3675000.00".parse().unwrap());
    assert_eq!(a.counts, [5, 0, 0, 2]);
    assert_eq!(a.records.len(), 5);
}

/// The record's total is checked arithmetic: O1's two subsidies of 5 × 10²⁸ each fit the decimal
/// range, their sum 10²⁹ does not (the maximum is about 7.9 × 10²⁸), so O1's total is `null` and
/// the overflow is an error on O1 — never a total missing an addend. O2: 1 + 2 = 3.00.
#[test]
fn a_record_total_past_the_decimal_range_is_the_records_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "eval",
            "tests/cases/eval/record_total_overflow.policy",
            "tests/cases/eval/record_total_overflow.csv",
            "--format",
            "jsonl",
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    let records: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records[0]["payable"], Value::Null);
    let errors = records[0]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("arithmetic overflow"),
        "{errors:?}"
    );
    // Each subsidy on its own is still paid its amount: 5 × 10²⁸.
    assert_eq!(
        records[0]["benefits"][0]["payable"],
        "50000000000000000000000000000.00"
    );
    assert_eq!(records[1]["payable"], "3.00");
    assert_eq!(records[1]["errors"], serde_json::json!([]));
    // A record error: the run's status is 3 (records with errors), not a crash.
    assert_eq!(out.status.code(), Some(3));
}

// ------------------------------------------------------------------------------ fund pools

/// A pooled policy: every "paid" total is the pools' allocation, never the claims (issue 16).
///
/// `policies/examples/pro-rata.policy` with `examples/pro-rata.csv` (设备投资额 in 万元): 10% of
/// each investment of at least 500万, at most 200万. Claims, in fens: 甲 200,000,000 (3000万 →
/// capped), 乙 123,456,780 (1234.5678万), 丙 80,000,000, 丁 99,999,000, 己 200,000,000 (capped),
/// 庚 77,777,770, 辛 65,000,000; 戊 (400万) is not eligible. S = 846,233,550 > T = 500,000,000.
/// Shares ⌊c × T ÷ S⌋ (remainder c × T mod S): 甲 and 己 118,170,687 (34,051,150), 乙
/// 72,944,862 (475,479,900), 丙 47,268,274 (690,607,300), 丁 59,084,752 (564,170,400), 庚
/// 45,955,262 (496,559,900), 辛 38,405,473 (243,780,850); they add up to 499,999,997, and the 3
/// fens left go to the largest remainders, 丙, 丁 and 庚: 丙 47,268,275, 丁 59,084,753, 庚
/// 45,955,263. Per area: 朝阳区 甲 + 丙 + 庚 = 118,170,687 + 47,268,275 + 45,955,263 =
/// 211,394,225 fens (2,113,942.25); 南关区 乙 + 辛 = 111,350,335 (1,113,503.35);
/// 宽城区 丁 + 己 = 177,255,440 (1,772,554.40); together 5,000,000.00, the pool's total. The
/// claims add up to 8,462,335.50: no total may show that as paid.
#[test]
fn a_pooled_run_totals_the_allocations_in_every_view() {
    const POOLED: &str = "policies/examples/pro-rata.policy";
    const POOLED_RECORDS: &str = "examples/pro-rata.csv";
    let areas = [
        ("朝阳区", "2113942.25"),
        ("南关区", "1113503.35"),
        ("宽城区", "1772554.40"),
    ];
    // table: the footer, the clause line and the area lines; the pools section keeps the claims.
    let table = run(&["eval", POOLED, POOLED_RECORDS]);
    assert!(
        table.contains("已定给予金额合计 5,000,000.00 元"),
        "{table}"
    );
    let clause = table
        .lines()
        .find(|l| l.starts_with("第一条 设备补助") && l.contains("奖补"))
        .unwrap();
    let cells: Vec<&str> = clause.split_whitespace().collect();
    // 已定金额 stays what the clause computes (the claims); 给予金额 is what is paid.
    assert_eq!(cells[7], "8,462,335.50", "{clause}");
    assert_eq!(cells[10], "5,000,000.00", "{clause}");
    for (area, sum) in areas {
        let line = table
            .lines()
            .skip_while(|l| !l.starts_with("按地区汇总"))
            .find(|l| l.starts_with(area))
            .unwrap();
        let grouped = jiangbu::report::yuan_grouped(sum.parse().unwrap());
        assert_eq!(
            line.split_whitespace().nth(3),
            Some(grouped.as_str()),
            "{line}"
        );
    }
    let pools = table
        .lines()
        .find(|l| l.starts_with("技改奖补资金"))
        .unwrap();
    assert!(
        pools.contains("8,462,335.50") && pools.contains("5,000,000.00"),
        "{pools}"
    );
    // json (serve's /api/eval renders this same report): the summary.
    let json: Value =
        serde_json::from_str(&run(&["eval", POOLED, POOLED_RECORDS, "--format", "json"])).unwrap();
    let s = &json["summary"];
    assert_eq!(s["paid_sum"], "5000000.00");
    assert_eq!(s["benefits"][0]["paid_sum"], "5000000.00");
    assert_eq!(s["benefits"][0]["amount_known_sum"], "8462335.50");
    assert_eq!(s["pools"][0]["claimed"], "8462335.50");
    assert_eq!(s["pools"][0]["allocated"], "5000000.00");
    for (i, (area, sum)) in areas.iter().enumerate() {
        assert_eq!(s["areas"][i]["name"], *area);
        assert_eq!(s["areas"][i]["paid_sum"], *sum);
    }
    // The records' allocations add up to the same total: 甲's is 1,181,706.87.
    let records = json["records"].as_array().unwrap();
    assert_eq!(records[0]["benefits"][0]["allocated"], "1181706.87");
    let allocated: rust_decimal::Decimal = records
        .iter()
        .filter_map(|r| r["benefits"][0]["allocated"].as_str())
        .map(|a| a.parse::<rust_decimal::Decimal>().unwrap())
        .sum();
    assert_eq!(allocated, "5000000.00".parse().unwrap());
    // xlsx: the summary sheet.
    let dir = std::env::temp_dir().join(format!("jiangbu-views-pool-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let book = dir.join("pooled.xlsx");
    run(&[
        "eval",
        POOLED,
        POOLED_RECORDS,
        "--format",
        "xlsx",
        "--lang",
        "en",
        "-o",
        book.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&book).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let summary = crate::decision::sheet(&bytes, "summary");
    let row = |title: &str| {
        summary
            .iter()
            .find(|r| r.first().map(String::as_str) == Some(title))
            .unwrap_or_else(|| panic!("no row {title:?}: {summary:?}"))
            .clone()
    };
    assert_eq!(row("known amounts paid (yuan)")[1], "5000000.00");
    assert_eq!(row("第一条 设备补助")[9], "5000000.00");
    for (area, sum) in areas {
        assert!(
            row(area).contains(&sum.to_string()),
            "{area}: {:?}",
            row(area)
        );
    }
}

/// What is paid outside the `不可兼得` group is in the table's result column beside the award
/// (tests/cases/eval/paid_outside_group): A is awarded 第一条 (5万元 beats 第二条's 3万元 under
/// 就高) and paid 第三条 1万元 outside the group: 50,000.00 + 10,000.00 = 60,000.00; B gets
/// nothing from the group but 第三条's 10,000.00 (not `无`); C only 第一条, 50,000.00.
#[test]
fn what_is_paid_outside_the_group_is_listed_beside_the_award() {
    let out = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "eval",
            "tests/cases/eval/paid_outside_group.policy",
            "tests/cases/eval/paid_outside_group.csv",
        ])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let row = |id: &str| -> Vec<String> {
        let line = table
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(id))
            .unwrap();
        line.split_whitespace().map(String::from).collect()
    };
    assert_eq!(
        row("A")[..9],
        [
            "2",
            "A",
            "第一条",
            "一号、第三条",
            "三号",
            "50,000.00",
            "+",
            "10,000.00",
            "60,000.00"
        ]
    );
    assert_eq!(row("B")[..5], ["3", "B", "第三条", "三号", "10,000.00"]);
    assert_eq!(row("C")[..5], ["4", "C", "第一条", "一号", "50,000.00"]);
}
