//! One decision, every view (issue 12): the table, csv, xlsx (read back), json and jsonl of a run
//! pay the same amounts, record by record and in every total, to the fen.
//!
//! [`render`] evaluates records in process and writes every format; [`agree`] reads each one
//! back and checks it against the jsonl (per subsidy `payable`, the award's amount, what is paid
//! per installment period) and every total (per clause, per period, overall, the record counts)
//! against sums this test computes from the jsonl in exact decimals. The fixture tests then check
//! the jsonl itself against amounts computed by hand from the policy text; the property test
//! runs [`agree`] on generated policies and records.

use std::io::Cursor;
use std::str::FromStr;

use calamine::{Data, Reader, Xlsx};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

use jiangbu::eval::plan::Plan;
use jiangbu::report::{
    CsvWriter, Evaluated, JsonWriter, JsonlWriter, Summary, TableWriter, Writer, XlsxWriter,
};
use jiangbu::syntax::keywords::Lang;

/// Every format of one run.
struct Rendered {
    jsonl: String,
    json: String,
    csv: String,
    table: String,
    xlsx: Vec<u8>,
}

/// Compile `policy` (with parameters set), read `csv`, evaluate and write every format.
fn render(policy: &str, sets: &[(&str, &str)], csv: &str) -> (Plan, Rendered) {
    let mut plan = jiangbu::compile(policy).unwrap_or_else(|e| panic!("{e:?}\n{policy}"));
    for (name, value) in sets {
        jiangbu::check::set_param(&mut plan, name, value).unwrap();
    }
    let rows: Vec<_> = jiangbu::data::read_csv(csv.as_bytes(), "x.csv", &plan.schema)
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let outcomes: Vec<_> = rows
        .iter()
        .map(|r| jiangbu::evaluate(&plan, &r.cells))
        .collect();
    let (mut jsonl, mut json, mut csv_out, mut table, mut xlsx) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    {
        let mut writers: Vec<Box<dyn Writer + '_>> = vec![
            // The table in Chinese (its words are read below), the rest in English.
            Box::new(JsonlWriter::new(&mut jsonl, Lang::En)),
            Box::new(JsonWriter::new(&mut json, Lang::En)),
            Box::new(CsvWriter::new(&mut csv_out, Lang::En)),
            Box::new(TableWriter::new(&mut table, Lang::Zh)),
            Box::new(XlsxWriter::new(&mut xlsx, Lang::En).unwrap()),
        ];
        let mut summary = Summary::new(&plan);
        for (row, outcome) in rows.iter().zip(&outcomes) {
            let record = Evaluated {
                line: row.line,
                cells: &row.cells,
                errors: &row.errors,
                outcome,
                explanation: None,
            };
            summary.add(&plan, &record).unwrap();
            for w in &mut writers {
                w.record(&plan, &record).unwrap();
            }
        }
        for w in &mut writers {
            w.finish(&plan, &summary).unwrap();
        }
    }
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    let rendered = Rendered {
        jsonl: text(jsonl),
        json: text(json),
        csv: text(csv_out),
        table: text(table),
        xlsx,
    };
    (plan, rendered)
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|_| panic!("not a decimal: {s:?}"))
}

/// An amount as the table shows it: with thousands separators.
fn grouped(d: Decimal) -> String {
    jiangbu::report::yuan_grouped(d)
}

fn yuan(d: Decimal) -> String {
    jiangbu::report::yuan(d)
}

/// A workbook cell as the csv spells it: numbers with two decimals, text as is.
fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f:.2}"),
        Data::Int(i) => format!("{i}"),
        Data::Bool(b) => b.to_string(),
        other => format!("{other:?}"),
    }
}

/// A sheet of the workbook as rows of text.
pub(crate) fn sheet(xlsx: &[u8], name: &str) -> Vec<Vec<String>> {
    let mut book = Xlsx::new(Cursor::new(xlsx.to_vec())).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect()
}

/// What a run pays, as the jsonl says it and this test adds it up.
pub(crate) struct Agreed {
    /// The jsonl records.
    pub(crate) records: Vec<Value>,
    /// The overall total of known payable amounts.
    pub(crate) total: Decimal,
    /// Records paid, pending, none, provisional.
    pub(crate) counts: [u64; 4],
}

/// Check that every format of a run pays what its jsonl pays, record by record and in every
/// total; give the jsonl records and the totals.
pub(crate) fn agree(policy: &str, sets: &[(&str, &str)], csv: &str) -> Agreed {
    let (plan, r) = render(policy, sets, csv);
    let records: Vec<Value> = r
        .jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let json: Value = serde_json::from_str(&r.json).unwrap();
    assert_eq!(
        json["records"].as_array().unwrap(),
        &records,
        "json records"
    );
    let mut csv_reader = csv::Reader::from_reader(r.csv.as_bytes());
    let csv_header: Vec<String> = csv_reader
        .headers()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    let csv_rows: Vec<Vec<String>> = csv_reader
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    let results = sheet(&r.xlsx, "results");
    let (xlsx_header, xlsx_rows) = results.split_first().unwrap();
    assert_eq!(csv_rows.len(), records.len());
    assert_eq!(xlsx_rows.len(), records.len());
    let periods: Vec<&str> = plan.periods();
    let labels: Vec<String> = plan
        .benefits
        .iter()
        .map(|b| format!("{} {}", plan.clauses[b.clause].id, b.name))
        .collect();
    let mut per_benefit = vec![Decimal::ZERO; plan.benefits.len()];
    let mut per_period = vec![Decimal::ZERO; periods.len()];
    // Per period: installments paid whose amount is not known (counted, not added).
    let mut per_period_open = vec![0u64; periods.len()];
    // Per clause: records paid an amount not known yet.
    let mut per_benefit_open = vec![0u64; plan.benefits.len()];
    let mut total = Decimal::ZERO;
    let mut counts = [0u64; 4];
    for (i, rec) in records.iter().enumerate() {
        let csv_cell = |col: &str| -> String {
            let at = csv_header.iter().position(|h| h == col);
            at.map_or_else(
                || panic!("csv has no column {col:?}"),
                |a| csv_rows[i][a].clone(),
            )
        };
        let xlsx_cell = |col: &str| -> String {
            let at = xlsx_header.iter().position(|h| h == col);
            at.map_or_else(
                || panic!("xlsx has no column {col:?}"),
                |a| xlsx_rows[i].get(a).cloned().unwrap_or_default(),
            )
        };
        let benefits = rec["benefits"].as_array().unwrap();
        let mut record_periods = vec![Decimal::ZERO; periods.len()];
        // Per period: (installments, of which unknown).
        let mut record_parts = vec![(0u64, 0u64); periods.len()];
        let mut record_total = Some(Decimal::ZERO);
        let mut paid_any = false;
        for (b, (p, v)) in plan.benefits.iter().zip(benefits).enumerate() {
            if p.kind != jiangbu::syntax::ast::BenefitKind::Subsidy {
                continue;
            }
            let payable = v["payable"].as_str().map(String::from);
            let shown = payable.clone().unwrap_or_default();
            let col = format!("{} payable", labels[b]);
            assert_eq!(csv_cell(&col), shown, "csv {col} of record {i}: {rec}");
            assert_eq!(xlsx_cell(&col), shown, "xlsx {col} of record {i}: {rec}");
            let amount = format!("{} amount", labels[b]);
            let clause_amount = v["amount"].as_str().unwrap_or("").to_string();
            assert_eq!(csv_cell(&amount), clause_amount, "csv {amount}");
            assert_eq!(xlsx_cell(&amount), clause_amount, "xlsx {amount}");
            if let Some(range) = v["range"].as_array() {
                for (end, bound) in ["min", "max"].iter().zip(range) {
                    let col = format!("{} amount {end}", labels[b]);
                    assert_eq!(csv_cell(&col), bound.as_str().unwrap(), "csv {col}");
                    assert_eq!(xlsx_cell(&col), bound.as_str().unwrap(), "xlsx {col}");
                }
            }
            paid_any |= v["paid"] == true;
            if v["paid"] != true {
                // Not paid: nothing is split; a payable, if any, is the 0.00 of a set-aside.
                assert!(v["installments"].is_null(), "unpaid split: {v}");
                assert!(
                    payable.is_none() || payable.as_deref() == Some("0.00"),
                    "{v}"
                );
                continue;
            }
            match &payable {
                Some(p) => {
                    per_benefit[b] += dec(p);
                    total += dec(p);
                    record_total = record_total.map(|t| t + dec(p));
                }
                None => {
                    per_benefit_open[b] += 1;
                    record_total = None;
                }
            }
            for inst in v["installments"].as_array().into_iter().flatten() {
                let k = periods
                    .iter()
                    .position(|l| *l == inst["label"].as_str().unwrap())
                    .unwrap();
                record_parts[k].0 += 1;
                match inst["amount"].as_str() {
                    Some(a) => {
                        assert!(payable.is_some(), "a split of an unknown payable: {v}");
                        record_periods[k] += dec(a);
                    }
                    None => {
                        assert!(payable.is_none(), "a known payable not split: {v}");
                        record_parts[k].1 += 1;
                    }
                }
            }
        }
        // The record's total payable: the sum of the paid payables, unknown if any is (or
        // while a choice is pending).
        let pending_choice = benefits.iter().any(|b| b["paid"] == false)
            && (std::iter::once(&rec["award"])
                .chain(rec["groups"].as_array().into_iter().flatten())
                .any(|a| a["status"] == "pending"));
        let expected_total = if pending_choice {
            None
        } else {
            record_total.map(yuan)
        };
        assert_eq!(
            rec["payable"].as_str().map(String::from),
            expected_total,
            "{rec}"
        );
        let shown = expected_total.unwrap_or_else(|| "to be determined".into());
        assert_eq!(csv_cell("payable total"), shown, "csv payable total: {rec}");
        assert_eq!(
            xlsx_cell("payable total"),
            shown,
            "xlsx payable total: {rec}"
        );
        for (k, label) in periods.iter().enumerate() {
            let col = format!("installment {label}");
            // No installment in the period: blank; any unknown: to be determined; else their sum.
            let expected = match record_parts[k] {
                (0, _) => String::new(),
                (_, 1..) => "to be determined".into(),
                _ => yuan(record_periods[k]),
            };
            assert_eq!(csv_cell(&col), expected, "csv {col}: {rec}");
            assert_eq!(xlsx_cell(&col), expected, "xlsx {col}: {rec}");
            per_period[k] += record_periods[k];
            per_period_open[k] += record_parts[k].1;
        }
        let award_payable = rec["award"]["payable"].as_str().unwrap_or("").to_string();
        assert_eq!(csv_cell("award amount"), award_payable, "csv award amount");
        assert_eq!(
            xlsx_cell("award amount"),
            award_payable,
            "xlsx award amount"
        );
        let pending = std::iter::once(&rec["award"])
            .chain(rec["groups"].as_array().into_iter().flatten())
            .any(|a| a["status"] == "pending");
        counts[if pending {
            1
        } else if paid_any {
            0
        } else {
            2
        }] += 1;
        let undetermined = benefits.iter().any(|b| b["status"] == "undetermined");
        let capped_unknown = rec["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|g| g["provisional"] == true);
        counts[3] += u64::from(undetermined || capped_unknown);
    }
    // json summary.
    let s = &json["summary"];
    assert_eq!(s["paid_sum"], yuan(total), "json paid_sum");
    for (b, t) in s["benefits"].as_array().unwrap().iter().enumerate() {
        assert_eq!(
            t["paid_sum"],
            yuan(per_benefit[b]),
            "json paid_sum of {}",
            labels[b]
        );
    }
    for (k, t) in s["periods"].as_array().unwrap().iter().enumerate() {
        assert_eq!(
            t["paid_sum"],
            yuan(per_period[k]),
            "json period {}",
            periods[k]
        );
        assert_eq!(t["amount_open"], per_period_open[k], "json period open");
    }
    for (b, t) in s["benefits"].as_array().unwrap().iter().enumerate() {
        assert_eq!(t["paid_open"], per_benefit_open[b], "json paid_open {b}");
    }
    let a = &s["awards"];
    assert_eq!(
        [&a["awarded"], &a["pending"], &a["none"], &a["provisional"]].map(|v| v.as_u64().unwrap()),
        counts,
        "json record counts"
    );
    // table: the overall line, the clause totals, the period totals.
    let last = format!(
        "获奖补 {} 户，待选 {} 户，无 {} 户，其中暂定 {} 户；已定给予金额合计 {} 元",
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        grouped(total)
    );
    assert!(
        r.table.contains(&last),
        "table lacks {last:?}:\n{}",
        r.table
    );
    for (b, label) in labels.iter().enumerate() {
        if plan.benefits[b].kind != jiangbu::syntax::ast::BenefitKind::Subsidy {
            continue;
        }
        let line = r
            .table
            .lines()
            .find(|l| l.starts_with(label.as_str()) && l.contains("奖补"))
            .unwrap_or_else(|| panic!("table has no totals line for {label}"));
        let cells: Vec<&str> = line.split_whitespace().collect();
        let [.., sum, open] = cells.as_slice() else {
            panic!("{line}")
        };
        assert_eq!(*sum, grouped(per_benefit[b]), "table clause total {label}");
        assert_eq!(*open, per_benefit_open[b].to_string(), "table open {label}");
    }
    if !periods.is_empty() {
        let at = r.table.find("按分期汇总").unwrap();
        for (k, label) in periods.iter().enumerate() {
            let line = r.table[at..]
                .lines()
                .find(|l| l.split_whitespace().next() == Some(label))
                .unwrap();
            let cells: Vec<&str> = line.split_whitespace().collect();
            let [.., sum, open] = cells.as_slice() else {
                panic!("{line}")
            };
            assert_eq!(*sum, grouped(per_period[k]), "table period total {label}");
            assert_eq!(*open, per_period_open[k].to_string(), "table period open");
        }
    }
    // The workbook's summary sheet.
    let summary = sheet(&r.xlsx, "summary");
    let find = |title: &str| {
        summary
            .iter()
            .find(|row| row.first().map(String::as_str) == Some(title))
            .unwrap_or_else(|| panic!("summary sheet has no row {title:?}"))
    };
    assert_eq!(
        find("known amounts paid (yuan)")[1],
        yuan(total),
        "xlsx total"
    );
    for (b, label) in labels.iter().enumerate() {
        if plan.benefits[b].kind == jiangbu::syntax::ast::BenefitKind::Subsidy {
            assert_eq!(find(label)[9], yuan(per_benefit[b]), "xlsx clause {label}");
            assert_eq!(
                find(label)[10],
                format!("{}.00", per_benefit_open[b]),
                "xlsx clause open {label}"
            );
        }
    }
    for (k, label) in periods.iter().enumerate() {
        assert_eq!(find(label)[1], yuan(per_period[k]), "xlsx period {label}");
        assert_eq!(
            find(label)[2],
            format!("{}.00", per_period_open[k]),
            "xlsx period open {label}"
        );
    }
    for (title, n) in ["awarded", "pending", "none", "of which provisional"]
        .iter()
        .zip(counts)
    {
        assert_eq!(find(title)[1], format!("{n}.00"), "xlsx count {title}");
    }
    Agreed {
        records,
        total,
        counts,
    }
}

/// The fixture under `tests/cases/eval/`.
fn fixture(name: &str) -> (String, String) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/eval/");
    let read = |ext: &str| std::fs::read_to_string(format!("{dir}{name}.{ext}")).unwrap();
    (read("policy"), read("csv"))
}

/// `payable` of the subsidy of `clause` in the record `id`.
fn payable<'a>(a: &'a Agreed, id: &str, clause: &str) -> Option<&'a str> {
    let rec = a.records.iter().find(|r| r["id"] == id).unwrap();
    let b = rec["benefits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["clause"] == clause)
        .unwrap();
    b["payable"].as_str()
}

fn record<'a>(a: &'a Agreed, id: &str) -> &'a Value {
    a.records.iter().find(|r| r["id"] == id).unwrap()
}

// ------------------------------------------------------------------------------------ fixtures

/// Issue 12's reproduction: 第一条 200万元 under a cap of the record's 留成. Every format pays
/// min(2,000,000.00, 109,313) = 109,313.00 to X1.
#[test]
fn a_field_cap_that_binds_pays_the_cap_in_every_format() {
    let (policy, csv) = fixture("cap_field");
    let a = agree(&policy, &[], &csv);
    // X1: min(2,000,000.00, 109,313) = 109,313.00 (the cap binds).
    assert_eq!(payable(&a, "X1", "第一条"), Some("109313.00"));
    // X2: min(2,000,000.00, 3,000,000) = 2,000,000.00 (the cap does not bind).
    assert_eq!(payable(&a, "X2", "第一条"), Some("2000000.00"));
    // X3: 留成 blank → the cap, and so what is paid, is unknown: paid, no known amount.
    assert_eq!(payable(&a, "X3", "第一条"), None);
    assert_eq!(record(&a, "X3")["benefits"][0]["paid"], true);
    // Total: 109,313.00 + 2,000,000.00 = 2,109,313.00 (X3 is open, not added).
    assert_eq!(a.total, dec("2109313.00"));
    // Counts: all three paid (no exclusive group); X3 provisional (its cap is unknown).
    assert_eq!(a.counts, [3, 0, 0, 1]);
}

/// The reproduction through the command line: table, csv and explain's 结论 say 109,313.00.
#[test]
fn the_reproduction_says_109313_in_the_table_csv_and_explain() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/eval/");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_jiangbu"))
            .current_dir(dir)
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let table = run(&["eval", "cap_field.policy", "cap_field.csv"]);
    let x1 = table.lines().find(|l| l.contains("X1")).unwrap();
    // The table writes amounts with thousands separators, as explain does.
    assert!(x1.contains("109,313.00"), "{x1}");
    assert!(!x1.contains(" 2,000,000.00 "), "{x1}");
    assert!(
        x1.contains("2,000,000.00 减至 109,313.00"),
        "the cap is named: {x1}"
    );
    let csv = run(&[
        "eval",
        "cap_field.policy",
        "cap_field.csv",
        "--format",
        "csv",
    ]);
    let x1 = csv.lines().find(|l| l.contains("X1")).unwrap();
    assert!(x1.starts_with("2,X1,符合,2000000.00,109313.00,"), "{x1}");
    let explain = run(&["explain", "cap_field.policy", "cap_field.csv", "--id", "X1"]);
    let conclusion = explain.lines().find(|l| l.starts_with("结论")).unwrap();
    assert!(conclusion.contains("109,313.00元"), "{conclusion}");
    let explained = run(&["eval", "cap_field.policy", "cap_field.csv", "--explain"]);
    let x1 = explained.lines().find(|l| l.contains("X1")).unwrap();
    assert!(x1.contains("获奖：第一条 109,313.00元"), "{x1}");
}

/// `cumulative_exclusive` (cap 30万 over 第一、二、三条; 第一、二条 不可兼得 就高) pays the same
/// in every format.
#[test]
fn cumulative_exclusive_pays_the_same_in_every_format() {
    let (policy, csv) = fixture("cumulative_exclusive");
    let a = agree(&policy, &[], &csv);
    // ALL: 就高 → 第二条 250,000 (第一条 set aside); the cap 300,000 pays the members in order:
    // 第二条 250,000 in full, 第三条 300,000 − 250,000 = 50,000 of its 150,000. 第一条, eligible
    // but set aside, is payable 0.00 (not null: null is for not eligible or not known).
    assert_eq!(payable(&a, "ALL", "第一条"), Some("0.00"));
    assert_eq!(payable(&a, "ALL", "第二条"), Some("250000.00"));
    assert_eq!(payable(&a, "ALL", "第三条"), Some("50000.00"));
    // FIRST_THIRD: 100,000 + 150,000 = 250,000 ≤ 300,000: both in full.
    assert_eq!(payable(&a, "FIRST_THIRD", "第一条"), Some("100000.00"));
    assert_eq!(payable(&a, "FIRST_THIRD", "第三条"), Some("150000.00"));
    // THIRD_ONLY: 150,000.
    assert_eq!(payable(&a, "THIRD_ONLY", "第三条"), Some("150000.00"));
    // Total: 300,000 + 250,000 + 150,000 = 700,000 (not 400,000 + 250,000 + 150,000 = 800,000).
    assert_eq!(a.total, dec("700000.00"));
}

/// A cap over several clauses after take-highest chose (cap = the record's 留成).
#[test]
fn a_cap_over_several_clauses_after_take_highest() {
    let (policy, csv) = fixture("cap_after_highest");
    let a = agree(&policy, &[], &csv);
    // ALL (留成 300,000): 第二条 250,000 wins over 第一条 100,000; 第二条 250,000 then 第三条
    // 300,000 − 250,000 = 50,000.
    assert_eq!(payable(&a, "ALL", "第二条"), Some("250000.00"));
    assert_eq!(payable(&a, "ALL", "第三条"), Some("50000.00"));
    // WINNER_CUT (留成 200,000): the cap reduces the winner itself: 第二条 min(250,000, 200,000)
    // = 200,000; 第三条 200,000 − 200,000 = 0.00.
    assert_eq!(payable(&a, "WINNER_CUT", "第二条"), Some("200000.00"));
    assert_eq!(payable(&a, "WINNER_CUT", "第三条"), Some("0.00"));
    assert_eq!(record(&a, "WINNER_CUT")["award"]["payable"], "200000.00");
    assert_eq!(record(&a, "WINNER_CUT")["award"]["amount"], "250000.00");
    // LOOSE (留成 1,000,000): 250,000 + 150,000 = 400,000 ≤ 1,000,000: in full.
    assert_eq!(payable(&a, "LOOSE", "第三条"), Some("150000.00"));
    // ONE_THIRD (留成 120,000; 乙 否): 第一条 100,000 in full, 第三条 120,000 − 100,000 = 20,000.
    assert_eq!(payable(&a, "ONE_THIRD", "第一条"), Some("100000.00"));
    assert_eq!(payable(&a, "ONE_THIRD", "第三条"), Some("20000.00"));
    // Total: (250,000 + 50,000) + (200,000 + 0) + (250,000 + 150,000) + (100,000 + 20,000)
    //      = 300,000 + 200,000 + 400,000 + 120,000 = 1,020,000.
    assert_eq!(a.total, dec("1020000.00"));
}

/// Without an exclusive group every eligible subsidy is paid, and the summary counts records
/// paid / pending / none / provisional from the decision.
#[test]
fn a_policy_without_exclusive_groups_counts_records_right() {
    let (policy, csv) = fixture("no_exclusive");
    let a = agree(&policy, &[], &csv);
    // BOTH: 第一条 10,000; 第二条 2,000,000 × 1% = 20,000; 第三条 待定 (paid, amount open).
    assert_eq!(payable(&a, "BOTH", "第一条"), Some("10000.00"));
    assert_eq!(payable(&a, "BOTH", "第二条"), Some("20000.00"));
    assert_eq!(payable(&a, "BOTH", "第三条"), None);
    assert_eq!(record(&a, "BOTH")["benefits"][2]["paid"], true);
    // FIRST: 10,000. FIRST_BLANK: 10,000 (第二、三条 undetermined → provisional).
    assert_eq!(payable(&a, "FIRST", "第一条"), Some("10000.00"));
    assert_eq!(payable(&a, "FIRST_BLANK", "第一条"), Some("10000.00"));
    // Paid: BOTH, FIRST, FIRST_BLANK = 3; pending 0; none: NONE, BLANK = 2; provisional:
    // BLANK and FIRST_BLANK (乙 blank) = 2.
    assert_eq!(a.counts, [3, 0, 2, 2]);
    // Total: 10,000 + 20,000 + 10,000 + 10,000 = 50,000.
    assert_eq!(a.total, dec("50000.00"));
}

/// Installments over two and three periods: columns per period, totals per period.
#[test]
fn installments_over_two_and_three_periods_agree() {
    let (policy, csv) = fixture("installments");
    let a = agree(&policy, &[], &csv);
    // A (基数 100,000.01): 第一条 40% = 40,000.004 → 40,000.00, 次年 100,000.01 − 40,000.00 =
    // 60,000.01; 第二条 min(100,000.01, 100,000) = 100,000.00: 30,000.00, 30,000.00, 40,000.00.
    let a_rec = record(&a, "A");
    let parts = |b: usize| -> Vec<&str> {
        a_rec["benefits"][b]["installments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["amount"].as_str().unwrap())
            .collect()
    };
    assert_eq!(parts(0), ["40000.00", "60000.01"]);
    assert_eq!(parts(1), ["30000.00", "30000.00", "40000.00"]);
    // B (100,000.00): 40,000.00 + 60,000.00; 30,000.00 + 30,000.00 + 40,000.00.
    // C (0.15): 0.06 + 0.09; 0.045 → 0.05, 0.05, 0.15 − 0.10 = 0.05.
    // D (1.26): 0.504 → 0.50, 0.76; 0.378 → 0.38, 0.38, 1.26 − 0.76 = 0.50.
    // E (0.01): 0.004 → 0.00, 0.01; 0.003 → 0.00, 0.00, 0.01.
    // Total paid: (100,000.01 + 100,000.00) + (100,000.00 + 100,000.00) + (0.15 + 0.15)
    //           + (1.26 + 1.26) + (0.01 + 0.01) = 400,002.85.
    assert_eq!(a.total, dec("400002.85"));
}

/// A range is paid with its amount open; csv and xlsx show its two bounds.
#[test]
fn a_range_shows_its_two_bounds() {
    let (policy, csv) = fixture("range");
    let a = agree(&policy, &[], &csv);
    // A: 20万元 至 50万元 → range ["200000.00", "500000.00"], paid, no known amount.
    let b = &record(&a, "A")["benefits"][0];
    assert_eq!(b["range"], serde_json::json!(["200000.00", "500000.00"]));
    assert_eq!(b["paid"], true);
    assert!(b["payable"].is_null());
    assert_eq!(a.total, Decimal::ZERO);
}

/// Take-highest with an amount 待定: only members that could still win are candidates.
#[test]
fn a_pending_choice_offers_only_members_that_could_win() {
    let (policy, csv) = fixture("pending_choice");
    let a = agree(&policy, &[], &csv);
    let award = |id: &str| &record(&a, id)["award"];
    // 第一条 50万, 第二条 30万, 第三条 待定: 30万 < 50万 cannot be the highest.
    assert_eq!(award("ONE_TWO_THREE")["status"], "pending");
    assert_eq!(
        award("ONE_TWO_THREE")["candidates"],
        serde_json::json!(["第一条", "第三条"])
    );
    assert_eq!(
        award("ONE_TWO_THREE")["set_aside"],
        serde_json::json!(["第二条"])
    );
    // 第一条 50万 and 第四条 50万 tie; the earlier wins a tie, so 第四条 cannot win.
    assert_eq!(
        award("TIE")["candidates"],
        serde_json::json!(["第一条", "第三条"])
    );
    assert_eq!(award("TIE")["set_aside"], serde_json::json!(["第四条"]));
    // 第二条 30万 and 第三条 待定: both could win.
    assert_eq!(
        award("TWO_THREE")["candidates"],
        serde_json::json!(["第二条", "第三条"])
    );
    // Every amount known: 50万 > 30万 → 第一条 awarded.
    assert_eq!(award("KNOWN")["clause"], "第一条");
    // Pending records pay nothing yet: pending 3, paid 1 (KNOWN 500,000).
    assert_eq!(a.counts, [1, 3, 0, 0]);
    assert_eq!(a.total, dec("500000.00"));
}

/// The shipped notice on the example data, amounts set: every view agrees.
#[test]
fn the_shipped_notice_agrees_in_every_format() {
    let policy = include_str!("../../policies/changchun-2021-7.policy");
    let csv = include_str!("../../examples/enterprises.csv");
    agree(policy, &[], csv);
    agree(policy, &jiangbu::sample::PARAMETERS, csv);
}

// ------------------------------------------------------------------------- generated policies

/// One generated subsidy: its amount form and installments.
#[derive(Clone, Debug)]
struct GenBenefit {
    /// 0 fixed, 1 rate of the field, 2 range, 3 待定, 4 a parameter, 5 a bound rate.
    form: u8,
    fixed: u32,
    condition: u8,
    installments: u8,
}

#[derive(Clone, Debug)]
struct GenPolicy {
    benefits: Vec<GenBenefit>,
    /// 0 none, 1 take-highest, 2 choose.
    exclusive: u8,
    exclusive_members: Vec<bool>,
    /// 0 none, 1 a number, 2 the record's field.
    cap: u8,
    cap_value: u32,
    cap_members: Vec<bool>,
    /// The parameter: set or 待定.
    param: Option<u32>,
}

fn gen_benefit() -> impl Strategy<Value = GenBenefit> {
    (0u8..6, 1u32..500, 0u8..3, 0u8..3).prop_map(|(form, fixed, condition, installments)| {
        GenBenefit {
            form,
            fixed,
            condition,
            installments,
        }
    })
}

fn gen_policy() -> impl Strategy<Value = GenPolicy> {
    (
        prop::collection::vec(gen_benefit(), 1..5),
        0u8..3,
        prop::collection::vec(any::<bool>(), 4),
        0u8..3,
        1u32..800,
        prop::collection::vec(any::<bool>(), 4),
        prop::option::of(1u32..500),
    )
        .prop_map(
            |(benefits, exclusive, em, cap, cap_value, cm, param)| GenPolicy {
                benefits,
                exclusive,
                exclusive_members: em,
                cap,
                cap_value,
                cap_members: cm,
                param,
            },
        )
}

const CLAUSES: [&str; 4] = ["第一条", "第二条", "第三条", "第四条"];

impl GenPolicy {
    fn text(&self) -> String {
        let mut s = String::from(
            "参数 奖额 金额 = 待定\n记录 {\n  编号 文本 主键\n  甲 是否\n  乙 是否\n  基数 金额\n  留成 金额\n}\n",
        );
        for (i, b) in self.benefits.iter().enumerate() {
            s.push_str(&format!("条款 {} {{\n  奖补 项{i} {{\n", CLAUSES[i]));
            match b.condition {
                1 => s.push_str("    条件 甲\n"),
                2 => s.push_str("    条件 乙 或 基数 > 1000元\n"),
                _ => {}
            }
            let amount = match b.form {
                0 => format!("{}元", b.fixed * 1000),
                1 => format!("基数 × {}%", b.fixed % 97 + 1),
                2 => format!("{}元 至 {}元", b.fixed * 100, b.fixed * 300),
                3 => "待定".to_string(),
                4 => "奖额".to_string(),
                _ => format!("基数 × 7%，最高 {}元", b.fixed * 700),
            };
            s.push_str(&format!("    金额 {amount}\n"));
            match b.installments {
                1 => s.push_str("    分期 \"2021年\" 40%，\"2022年\" 60%\n"),
                2 => s.push_str("    分期 \"2021年\" 30%，\"2022年\" 30%，\"2023年\" 40%\n"),
                _ => {}
            }
            s.push_str("  }\n}\n");
        }
        let n = self.benefits.len();
        let members =
            |m: &[bool]| -> Vec<&str> { (0..n).filter(|&i| m[i]).map(|i| CLAUSES[i]).collect() };
        let ex = members(&self.exclusive_members);
        if self.exclusive > 0 && !ex.is_empty() {
            s.push_str(&format!(
                "不可兼得 组甲 {{\n  成员 {}\n  {}\n}}\n",
                ex.join(" "),
                if self.exclusive == 1 {
                    "就高"
                } else {
                    "择一"
                }
            ));
        }
        let cm = members(&self.cap_members);
        if self.cap > 0 && !cm.is_empty() {
            let cap = if self.cap == 1 {
                format!("{}元", self.cap_value * 1000)
            } else {
                "留成".to_string()
            };
            s.push_str(&format!(
                "累计上限 组乙 {{\n  成员 {}\n  不超过 {cap}\n}}\n",
                cm.join(" ")
            ));
        }
        s
    }
}

/// A generated record: 甲 and 乙 (是 / 否 / blank), 基数 and 留成 (yuan with fen, or blank).
fn gen_records() -> impl Strategy<Value = String> {
    let flag = prop::sample::select(vec!["是", "否", ""]);
    let money = prop::option::weighted(0.9, 0u64..100_000_000u64);
    prop::collection::vec((flag.clone(), flag, money.clone(), money), 1..12).prop_map(|rows| {
        let mut out = String::from("编号,甲,乙,基数,留成\n");
        for (i, (a, b, base, cap)) in rows.into_iter().enumerate() {
            let m =
                |v: Option<u64>| v.map_or(String::new(), |f| format!("{}.{:02}", f / 100, f % 100));
            out.push_str(&format!("R{i},{a},{b},{},{}\n", m(base), m(cap)));
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Every format pays what the jsonl pays, per record and in every total, to the fen, on
    /// generated policies (amount forms, exclusive and cumulative groups, caps from numbers and
    /// fields, installments, ranges, a parameter set or 待定) and records.
    #[test]
    fn every_format_pays_what_the_decision_pays(policy in gen_policy(), csv in gen_records()) {
        let text = policy.text();
        let value = policy.param.map(|v| format!("{}元", v * 1000));
        let sets: Vec<(&str, &str)> = value.iter().map(|v| ("奖额", v.as_str())).collect();
        let _ = agree(&text, &sets, &csv);
    }
}

// ------------------------------------------------------------------------------- overflows

/// `jiangbu eval` on a fixture: (exit code, stdout, stderr).
fn cli(fixture: &str, format: &str) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/eval"))
        .args([
            "eval",
            &format!("{fixture}.policy"),
            &format!("{fixture}.csv"),
            "--format",
            format,
            "--lang",
            "en",
        ])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code(), text(out.stdout), text(out.stderr))
}

/// Issue 15, item 5: records of 5e28, 5e28 and 1 cannot be totalled (the decimal range ends near
/// 7.9e28). Formats that print totals fail with the error; none prints a total missing an addend
/// (before the fix, the table said …0001.00 and exit 0).
#[test]
fn a_total_past_the_decimal_range_fails_the_run() {
    for format in ["table", "json"] {
        let (code, stdout, stderr) = cli("totals_overflow_run", format);
        assert_eq!(code, Some(1), "{format}: {stderr}");
        assert!(
            stderr.contains("jiangbu::eval::totals_overflow"),
            "{stderr}"
        );
        assert!(stderr.contains("too large to add up"), "{stderr}");
        assert!(
            !stdout.contains("合计"),
            "{format} printed totals:\n{stdout}"
        );
        assert!(!stdout.contains("0001.00"), "{format}:\n{stdout}");
    }
    // jsonl and csv print no totals: every record is written, exit 0.
    let (code, stdout, _) = cli("totals_overflow_run", "jsonl");
    assert_eq!(code, Some(0));
    assert_eq!(stdout.lines().count(), 3);
}

/// A cumulative cap's sum past the decimal range is an error on that record (exit 3), and
/// nothing of the group is paid a known amount; the next record is unaffected.
#[test]
fn a_cap_sum_past_the_decimal_range_is_an_error_on_the_record() {
    let (code, stdout, _) = cli("totals_overflow", "jsonl");
    assert_eq!(code, Some(3));
    let records: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // BIG1: 5e28 + 5e28 overflows: an error naming the group, both payables unknown.
    let big = &records[0];
    let message = big["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("累计上限 合计"), "{message}");
    assert!(big["benefits"][0]["payable"].is_null());
    assert!(big["benefits"][1]["payable"].is_null());
    assert!(big["groups"][0]["payable"].is_null());
    // SMALL: 1 + 1 = 2 under a cap of 1: 第一条 1.00 (listed first), 第二条 1 − 1 = 0.00.
    let small = &records[1];
    assert_eq!(small["benefits"][0]["payable"], "1.00");
    assert_eq!(small["benefits"][1]["payable"], "0.00");
    assert_eq!(small["errors"], serde_json::json!([]));
}

// ------------------------------------------------------------------------------ worked examples

/// A worked example can state what a subsidy is paid after a cap (`可给予`); a wrong one fails
/// `jiangbu test`, which names the example's file and line and what the decision paid.
#[test]
fn an_example_states_the_payable_amount_and_a_failure_names_file_and_line() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/eval/");
    let run = |path: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_jiangbu"))
            .args(["test", path])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    // The fixtures' examples hold: 第三条 is paid 300,000 − 250,000 = 50,000 of its 150,000.
    for name in ["cap_field", "cap_after_highest"] {
        let (code, out) = run(&format!("{dir}{name}.policy"));
        assert_eq!(code, Some(0), "{out}");
    }
    // State 60,000 instead: the example fails, at its line, with expected and actual.
    let policy = std::fs::read_to_string(format!("{dir}cap_after_highest.policy")).unwrap();
    let broken = policy.replace(
        "第三条 符合 15万元 可给予 5万元",
        "第三条 符合 15万元 可给予 6万元",
    );
    assert_ne!(broken, policy);
    let line = 1 + broken[..broken.find("示例").unwrap()].matches('\n').count();
    let tmp = std::env::temp_dir().join(format!("jiangbu-decision-{}.policy", std::process::id()));
    std::fs::write(&tmp, &broken).unwrap();
    let (code, out) = run(tmp.to_str().unwrap());
    let _ = std::fs::remove_file(&tmp);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(&format!("位于 {}:{line}\n", tmp.display())),
        "{out}"
    );
    assert!(
        out.contains("期望：符合 150,000.00元 可给予 60,000.00元"),
        "{out}"
    );
    assert!(
        out.contains("实际：符合 150,000.00元 可给予 50,000.00元"),
        "{out}"
    );
    assert!(
        out.contains("第三条.三号 符合 150,000.00 可给予 50,000.00"),
        "{out}"
    );
}
