//! Amounts by rank in ranked fund pools (`前 3 名分别给予 1100万元、800万元、600万元`, `金额
//! 按名次`): the rank-to-amount arithmetic on hand-ranked claims, then the fixtures in
//! `tests/cases/pools/rank-*` end to end through every view. Amounts in the unit tests are
//! plain numbers (万元 in the comments); the fixtures' are in yuan.

use std::process::Command;
use std::str::FromStr;

use jiangbu::eval::truth::Reason;
use jiangbu::eval::Due;
use jiangbu::pool::rank::rank_pay;
use jiangbu::pool::{ranked_by, Claim, Ranking};
use jiangbu::syntax::ast::Shortfall;
use rust_decimal::Decimal;
use serde_json::Value;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn known(s: &str) -> Due {
    Due::Known(d(s))
}

/// `n` claims of zero (a member paid by rank claims nothing: its rank decides), records 0 … n-1.
fn zero_claims(n: u64) -> Vec<Claim> {
    (0..n)
        .map(|record| Claim {
            record,
            benefit: 0,
            amount: Decimal::ZERO,
        })
        .collect()
}

// The records of tests/cases/pools/quota.csv, in input order (records 0 … 5):
//
//   record  name  area    净增产值  产值
//   0       甲    南关区  500       2000
//   1       乙    朝阳区  800       1000
//   2       丙    南关区  500       3000
//   3       丁    南关区  600       1500
//   4       戊    朝阳区  300        900
//   5       己    朝阳区  300       1200
//
// By 净增产值 highest first, ties by 产值 highest first: 乙 1, 丁 2, 丙 3 (500, 产值 3000), 甲 4
// (500, 产值 2000), 己 5 (300, 产值 1200), 戊 6 (300, 产值 900).
const KEYS: [(&str, &str); 6] = [
    ("500", "2000"),
    ("800", "1000"),
    ("500", "3000"),
    ("600", "1500"),
    ("300", "900"),
    ("300", "1200"),
];

fn keys() -> Vec<Option<Decimal>> {
    KEYS.iter()
        .flat_map(|(a, b)| [Some(d(a)), Some(d(b))])
        .collect()
}

/// Areas: 南关区 0, 朝阳区 1.
const AREAS: [Option<u32>; 6] = [Some(0), Some(1), Some(0), Some(0), Some(1), Some(1)];

fn amounts(list: &[Option<&str>]) -> Vec<(Option<Decimal>, Option<u16>)> {
    list.iter()
        .map(|a| (a.map(d), a.is_none().then_some(0)))
        .collect()
}

#[test]
fn the_top_three_get_the_list_and_the_fourth_nothing() {
    let (c, k) = (zero_claims(6), keys());
    let how = Ranking {
        keys: &k,
        directions: &[true, true],
        quota: None,
        quota_per: None,
        areas: &[],
    };
    let s = ranked_by(None, &c, &how, Shortfall::RestToNext).unwrap();
    assert_eq!(s.ranks, [4, 1, 3, 2, 6, 5]);
    // 前 3 名分别给予 300、200、100: 乙 (rank 1) 300, 丁 (2) 200, 丙 (3) 100; 甲 (4), 己 (5)
    // and 戊 (6) are below the list: 0. 丙 and 甲 tie at 500 and the tie rule (产值 3000 >
    // 2000) gives 丙 the third amount. Paid 3 ranks, 300 + 200 + 100 = 600.
    let pay = rank_pay(
        &amounts(&[Some("300"), Some("200"), Some("100")]),
        &s,
        &[],
        false,
    )
    .unwrap();
    assert_eq!(
        pay.due,
        [
            known("0"),
            known("300"),
            known("100"),
            known("200"),
            known("0"),
            known("0")
        ]
    );
    assert_eq!(pay.place, [4, 1, 3, 2, 6, 5]);
    assert_eq!(pay.paid, 3);
    assert_eq!(pay.sum, Some(d("600")));
}

#[test]
fn a_full_tie_takes_distinct_ranks_in_record_order() {
    // Four records all at 净增产值 100 and no tie rule: ranks 1, 2, 3, 4 in input order (the
    // notice does not split an amount); 前 2 名 300、200 → 300, 200, 0, 0.
    let c = zero_claims(4);
    let k = vec![Some(d("100")); 4];
    let how = Ranking {
        keys: &k,
        directions: &[true],
        quota: None,
        quota_per: None,
        areas: &[],
    };
    let s = ranked_by(None, &c, &how, Shortfall::RestToNext).unwrap();
    let pay = rank_pay(&amounts(&[Some("300"), Some("200")]), &s, &[], false).unwrap();
    assert_eq!(
        pay.due,
        [known("300"), known("200"), known("0"), known("0")]
    );
    assert_eq!(pay.sum, Some(d("500")));
}

#[test]
fn with_a_quota_per_area_the_ranks_count_within_each_area() {
    let (c, k) = (zero_claims(6), keys());
    let how = Ranking {
        keys: &k,
        directions: &[true, true],
        quota: None,
        quota_per: Some(2),
        areas: &AREAS,
    };
    let s = ranked_by(None, &c, &how, Shortfall::RestToNext).unwrap();
    // 南关区 in rank order: 丁 1st, 丙 2nd, 甲 3rd (cut by 名额 2 户 每 所属地区); 朝阳区: 乙 1st,
    // 己 2nd, 戊 3rd (cut). 前 2 名 300、200 per area: 丁 300, 丙 200, 乙 300, 己 200; 甲 and
    // 戊 0. Paid 4 ranks, 300 + 200 + 300 + 200 = 1000.
    let pay = rank_pay(&amounts(&[Some("300"), Some("200")]), &s, &[], true).unwrap();
    assert_eq!(
        pay.due,
        [
            known("0"),
            known("300"),
            known("200"),
            known("300"),
            known("0"),
            known("200")
        ]
    );
    assert_eq!(pay.place, [3, 1, 2, 1, 3, 2]);
    assert_eq!(pay.paid, 4);
    assert_eq!(pay.sum, Some(d("1000")));
}

#[test]
fn an_unknown_order_value_or_a_tbd_amount_leaves_the_amount_unknown() {
    // 戊's 净增产值 is blank (field 3): it ranks after every known value and its amount is not
    // known; the others rank as before (乙 1, 丁 2, 丙 3, 甲 4, 己 5): 300, 200, 100.
    let c = zero_claims(6);
    let mut k = keys();
    k[8] = None;
    let how = Ranking {
        keys: &k,
        directions: &[true, true],
        quota: None,
        quota_per: None,
        areas: &[],
    };
    let s = ranked_by(None, &c, &how, Shortfall::RestToNext).unwrap();
    assert_eq!(s.ranks, [4, 1, 3, 2, 6, 5]);
    let mut why = vec![None; 6];
    why[4] = Some(Reason::Blank(3));
    let list = amounts(&[Some("300"), Some("200"), Some("100")]);
    let pay = rank_pay(&list, &s, &why, false).unwrap();
    assert_eq!(pay.due[4], Due::Unknown);
    assert_eq!(pay.why[4], Some(Reason::Blank(3)));
    assert!(!pay.rank_known[4] && pay.rank_known[1]);
    assert_eq!(pay.due[1], known("300"));
    assert_eq!(pay.sum, None);
    // The third amount `待定` (parameter 0): 丙, ranked 3rd, is unknown, the rest as before.
    let list = amounts(&[Some("300"), Some("200"), None]);
    let pay = rank_pay(&list, &s, &[], false).unwrap();
    assert_eq!(pay.due[2], Due::Unknown);
    assert_eq!(pay.why[2], Some(Reason::Tbd(Some(0))));
    // Its rank is known: only the amount of that rank is not.
    assert!(pay.rank_known[2]);
    assert_eq!(pay.paid, 3);
    assert_eq!(pay.sum, None);
}

// ------------------------------------------------------------------------------- end to end

const RECORDS: &str = "tests/cases/pools/quota.csv";
const POLICY: &str = "tests/cases/pools/rank-amounts.policy";
const AREA_POLICY: &str = "tests/cases/pools/rank-amounts-area.policy";
/// quota.csv with 戊's 净增产值 blank.
const OPEN: &str = "tests/cases/pools/rank-open.csv";

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code(), text(out.stdout), text(out.stderr))
}

fn ok(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, Some(0), "{args:?}: {err}");
    out
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&ok(&all)).unwrap()
}

/// Each record's (amount, allocated) of its one subsidy, in input order.
fn decided(doc: &Value) -> Vec<(Value, Value)> {
    doc["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let b = &r["benefits"][0];
            (b["amount"].clone(), b["allocated"].clone())
        })
        .collect()
}

fn both(s: &str) -> (Value, Value) {
    (Value::from(s), Value::from(s))
}

#[test]
fn the_fixture_gives_each_rank_its_amount_in_every_view() {
    // As in the first unit test, in yuan (前 3 名 300万元、200万元、第三名金额 = 100万元): 甲
    // 0, 乙 3,000,000, 丙 1,000,000, 丁 2,000,000, 戊 0, 己 0; the pool gives 6,000,000.
    let doc = json(&["eval", POLICY, RECORDS]);
    assert_eq!(
        decided(&doc),
        [
            both("0.00"),
            both("3000000.00"),
            both("1000000.00"),
            both("2000000.00"),
            both("0.00"),
            both("0.00"),
        ]
    );
    let pool = &doc["summary"]["pools"][0];
    assert_eq!(pool["allocated"], "6000000.00");
    assert_eq!(pool["rule"], "ranked");
    assert_eq!(
        pool["by_rank"],
        serde_json::json!({
            "amounts": ["3000000.00", "2000000.00", "1000000.00"],
            "ranks_paid": 3,
            "per": null
        })
    );
    assert_eq!(pool["provisional"], false);
    assert_eq!(doc["summary"]["paid_sum"], "6000000.00");
    // jsonl says the same per record.
    let lines = ok(&["eval", POLICY, RECORDS, "--format", "jsonl"]);
    let third: Value = serde_json::from_str(lines.lines().nth(2).unwrap()).unwrap();
    assert_eq!(third["benefits"][0]["amount"], "1000000.00");
    assert_eq!(third["benefits"][0]["allocated"], "1000000.00");
    // csv: 丙's amount and allocation.
    let csv = ok(&["eval", POLICY, RECORDS, "--format", "csv"]);
    let row = csv.lines().find(|l| l.starts_with("4,B3,")).unwrap();
    assert!(row.contains(",1000000.00,1000000.00,1000000.00,"), "{row}");
    // The table: the amounts, the pools' line with the list, the ranks paid and the sum.
    let table = ok(&["eval", POLICY, RECORDS]);
    assert!(
        table.contains("已定给予金额合计 6,000,000.00 元"),
        "{table}"
    );
    assert!(
        table.contains(
            "名次奖励资金：前 3 名分别给予 3,000,000.00、2,000,000.00、1,000,000.00；给予 3 个名次，合计 6,000,000.00 元"
        ),
        "{table}"
    );
    let en = ok(&["eval", POLICY, RECORDS, "--lang", "en"]);
    assert!(
        en.contains("the top 3 get 3,000,000.00, 2,000,000.00, 1,000,000.00; 3 ranks paid, 6,000,000.00 yuan in all"),
        "{en}"
    );
    // xlsx: the record sheet's amounts are the ranks', the summary's paid total their sum.
    let dir = std::env::temp_dir().join(format!("jiangbu-rank-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let book = dir.join("ranks.xlsx");
    ok(&[
        "eval",
        POLICY,
        RECORDS,
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
    let paid = summary
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("known amounts paid (yuan)"))
        .unwrap();
    assert_eq!(paid[1], "6000000.00");
}

#[test]
fn explain_gives_the_rank_the_list_and_why_this_amount() {
    // 丙 ranks 3rd (the tie with 甲 broken by 产值) and gets the third amount, 1,000,000.
    let out = ok(&["explain", POLICY, RECORDS, "--id", "B3"]);
    assert!(out.contains("按名次：由资金总额按名次给予"), "{out}");
    assert!(
        out.contains("排第 3 名；前 3 名分别给予 3,000,000.00元、2,000,000.00元、1,000,000.00元：第 3 名给予 1,000,000.00元"),
        "{out}"
    );
    // 甲 ranks 4th: outside the list, nothing.
    let out = ok(&["explain", POLICY, RECORDS, "--id", "B1", "--lang", "en"]);
    assert!(
        out.contains("rank 4; the top 3 get 3,000,000.00 yuan, 2,000,000.00 yuan, 1,000,000.00 yuan: ranked outside the top 3, it gets nothing: allocated 0.00 yuan"),
        "{out}"
    );
    let out = ok(&["explain", POLICY, RECORDS, "--id", "B1"]);
    assert!(out.contains("名次在前 3 名之外"), "{out}");
    // json: the note carries the rank and the list.
    let doc: Value = serde_json::from_str(&ok(&[
        "explain", POLICY, RECORDS, "--id", "B3", "--format", "json",
    ]))
    .unwrap();
    let note = &doc["pools"][0];
    assert_eq!(note["rank"], 3);
    assert_eq!(note["allocated"], "1000000.00");
    assert_eq!(note["rank_amounts"].as_array().map(Vec::len), Some(3));
}

#[test]
fn per_area_ranks_pay_each_areas_first_and_second() {
    // As in the per-area unit test, in yuan: 丁 and 乙 3,000,000 (first in 南关区 and 朝阳区),
    // 丙 and 己 2,000,000 (second); 甲 and 戊 (third in their areas) cut: 0. Sum 10,000,000.
    let doc = json(&["eval", AREA_POLICY, RECORDS]);
    assert_eq!(
        decided(&doc),
        [
            both("0.00"),
            both("3000000.00"),
            both("2000000.00"),
            both("3000000.00"),
            both("0.00"),
            both("2000000.00"),
        ]
    );
    let pool = &doc["summary"]["pools"][0];
    assert_eq!(pool["allocated"], "10000000.00");
    assert_eq!(pool["by_rank"]["ranks_paid"], 4);
    assert_eq!(pool["by_rank"]["per"], "所属地区");
    assert_eq!(pool["quota"]["cut"], 2);
    let out = ok(&["explain", AREA_POLICY, RECORDS, "--id", "B3"]);
    // The amounts go by the rank in the area: the rank among every claim (3rd) is not given.
    assert!(
        out.contains("第一条 名次奖励，在所属地区 南关区 中排第 2 名；前 2 名分别给予 3,000,000.00元、2,000,000.00元：第 2 名给予 2,000,000.00元"),
        "{out}"
    );
    assert!(!out.contains("排第 3 名"), "{out}");
}

#[test]
fn an_unknown_order_value_makes_the_paid_ranks_provisional() {
    // 戊's 净增产值 is blank: its rank, hence its amount, is not known (reason: blank), and it
    // could rank above anyone, so 乙, 丁 and 丙 (ranks 1–3, 3,000,000, 2,000,000, 1,000,000)
    // are provisional; 甲 and 己 (4th, 5th) can only move down: their 0 is final.
    let doc = json(&["eval", POLICY, OPEN]);
    let records = doc["records"].as_array().unwrap();
    let b = &records[4]["benefits"][0];
    assert_eq!(
        (&b["amount"], &b["allocated"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(b["reason_code"], "blank");
    assert_eq!(records[1]["benefits"][0]["allocated"], "3000000.00");
    let pool = &doc["summary"]["pools"][0];
    assert_eq!(pool["provisional"], true);
    assert_eq!(pool["allocated"], Value::Null);
    assert_eq!(pool["open_records"], 1);
    let table = ok(&["eval", POLICY, OPEN]);
    let marked = |key: &str| {
        table
            .lines()
            .find(|l| l.contains(&format!(" {key} ")))
            .unwrap()
            .contains("（暂定）")
    };
    assert!(
        marked("B2") && marked("B3") && marked("B4") && marked("B5"),
        "{table}"
    );
    assert!(!marked("B1") && !marked("B6"), "{table}");
    let out = ok(&["explain", POLICY, OPEN, "--id", "B5"]);
    assert!(out.contains("名次尚不能确定"), "{out}");
}

#[test]
fn a_tbd_amount_leaves_its_rank_unknown() {
    // `--set 第三名金额=待定`: 丙 (3rd) gets an unknown amount (reason tbd); 乙 and 丁 keep
    // 3,000,000 and 2,000,000; the pool's sum is unknown and it is provisional.
    let doc = json(&["eval", POLICY, RECORDS, "--set", "第三名金额=待定"]);
    let d = decided(&doc);
    assert_eq!(d[2], (Value::Null, Value::Null));
    assert_eq!(d[1], both("3000000.00"));
    assert_eq!(doc["records"][2]["benefits"][0]["reason_code"], "tbd");
    let pool = &doc["summary"]["pools"][0];
    assert_eq!(pool["allocated"], Value::Null);
    assert_eq!(pool["provisional"], true);
    assert_eq!(
        pool["by_rank"]["amounts"],
        serde_json::json!(["3000000.00", "2000000.00", null])
    );
    let out = ok(&[
        "explain",
        POLICY,
        RECORDS,
        "--id",
        "B3",
        "--set",
        "第三名金额=待定",
    ]);
    assert!(out.contains("第 3 名的金额待定"), "{out}");
}

// ------------------------------------------------------------------- the shipped example

const TOP3: &str = "policies/examples/top3.policy";
const TOP3_RECORDS: &str = "examples/top3.csv";

/// Each record's (key, amount, allocated) as jsonl gives them.
fn jsonl(policy: &str, extra: &[&str]) -> Vec<(String, Value, Value)> {
    let mut args = vec!["eval", policy, TOP3_RECORDS, "--format", "jsonl"];
    args.extend(extra);
    ok(&args)
        .lines()
        .map(|l| {
            let r: Value = serde_json::from_str(l).unwrap();
            let b = &r["benefits"][0];
            (
                r["id"].as_str().unwrap().to_string(),
                b["amount"].clone(),
                b["allocated"].clone(),
            )
        })
        .collect()
}

#[test]
fn the_top3_example_reads_the_same_in_english_and_diffs_by_rank() {
    // examples/top3.csv, by hand (as in the policy's comments): eligible 甲 (25%), 乙 (18%,
    // 120000万元), 丙 (18%, 260000万元), 丁 (12%); 戊 (年产值 under 10亿元) and 己 (8%) are not.
    // Ranks: 甲 1, 丙 2 (the tie with 乙 broken by the larger 年产值), 乙 3, 丁 4 → 11,000,000,
    // 8,000,000, 6,000,000 and 0 yuan.
    let zh = jsonl(TOP3, &[]);
    assert_eq!(zh[0].1, "11000000.00");
    assert_eq!(zh[1].1, "6000000.00");
    assert_eq!(zh[2].1, "8000000.00");
    assert_eq!(zh[3].1, "0.00");
    assert_eq!((&zh[4].1, &zh[5].1), (&Value::Null, &Value::Null));
    for (_, amount, allocated) in &zh[..4] {
        assert_eq!(amount, allocated);
    }
    // The same policy with English keywords decides the same.
    let dir = std::env::temp_dir().join(format!("jiangbu-top3-en-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let en = dir.join("top3.en.policy");
    ok(&["fmt", "--to", "en", TOP3, "-o", en.to_str().unwrap()]);
    let text = std::fs::read_to_string(&en).unwrap();
    assert!(text.contains("amount by rank"), "{text}");
    assert!(
        text.contains("top 3 get 1100万元, 800万元, 第三名奖励"),
        "{text}"
    );
    let english = jsonl(en.to_str().unwrap(), &[]);
    let test = ok(&["test", en.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(english, zh);
    assert!(test.contains("2 passed, 0 failed"), "{test}");
    // `diff` with a higher third amount: only 乙 (3rd) changes, 6,000,000 → 7,000,000.
    let out = ok(&[
        "diff",
        TOP3,
        TOP3,
        TOP3_RECORDS,
        "--set-new",
        "第三名奖励=700万元",
        "--lang",
        "en",
    ]);
    assert!(
        out.contains("6 records compared, 1 with a changed decision"),
        "{out}"
    );
    assert!(out.contains("7,000,000.00"), "{out}");
}

// ------------------------------------------------------------------------------ refusals

/// The codes `jiangbu check` reports for `source`, in English.
fn check_codes(source: &str) -> String {
    let policy = jiangbu::parse(source).unwrap();
    match jiangbu::check(&policy, source) {
        Ok(_) => String::new(),
        Err(errors) => jiangbu::diag::render_plain_in(
            errors,
            jiangbu::syntax::keywords::Lang::En,
            "t.policy",
            source,
        ),
    }
}

const FIELDS: &str = "记录 {\n  增速 比例\n}\n";

#[test]
fn a_subsidy_paid_by_rank_stays_out_of_groups_and_installments_and_unranked_pools() {
    let pool = "资金总额 名次资金 {\n  成员 第一条.名次奖励\n  按 增速 从高到低 择优\n  前 2 名分别给予 300万元、200万元\n}\n";
    // In a `不可兼得` group with another subsidy.
    let grouped = format!(
        "{FIELDS}条款 第一条 {{\n  奖补 名次奖励 {{\n    金额 按名次\n  }}\n  奖补 其他奖励 {{\n    金额 10万元\n  }}\n}}\n\
         不可兼得 一 {{\n  成员 第一条.名次奖励 第一条.其他奖励\n  就高\n}}\n{pool}"
    );
    let out = check_codes(&grouped);
    assert!(out.contains("jiangbu::check::rank_amount_outside"), "{out}");
    assert!(out.contains("is also in a group"), "{out}");
    // Paid in installments.
    let split = format!(
        "{FIELDS}条款 第一条 {{\n  奖补 名次奖励 {{\n    金额 按名次\n    分期 \"首期\" 50%，\"二期\" 50%\n  }}\n}}\n{pool}"
    );
    let out = check_codes(&split);
    assert!(out.contains("jiangbu::check::rank_amount_outside"), "{out}");
    assert!(out.contains("in installments"), "{out}");
    // Amounts by rank in a pool shared pro rata.
    let pro_rata = format!(
        "{FIELDS}条款 第一条 {{\n  奖补 名次奖励 {{\n    金额 按名次\n  }}\n}}\n\
         资金总额 名次资金 {{\n  成员 第一条\n  不超过 500万元\n  按比例核减\n  尾差 从大到小\n  前 2 名分别给予 300万元、200万元\n}}\n"
    );
    let out = check_codes(&pro_rata);
    assert!(out.contains("jiangbu::check::rank_amount_pool"), "{out}");
    assert!(out.contains("is not ranked"), "{out}");
    // The same subsidy and pool alone compile.
    let fine =
        format!("{FIELDS}条款 第一条 {{\n  奖补 名次奖励 {{\n    金额 按名次\n  }}\n}}\n{pool}");
    assert_eq!(check_codes(&fine), "");
}

/// Each record's `verdict` and `provisional` in jsonl and json, from the same decision: the
/// records ranked within the list are paid; those below it eligible with nothing allocated
/// (`unfunded`). With 戊's 净增产值 blank (rank-open.csv) 乙, 丁, 丙 (ranks 1–3) are paid but
/// provisional, 戊 is paid an amount not known yet and provisional, and 甲 and 己 (4th and 5th
/// of the others) stay unfunded for good: 戊, not yet ranked, can only push them down.
#[test]
fn each_record_says_its_verdict_and_whether_it_is_provisional() {
    let verdicts = |records: &str| -> Vec<(String, bool)> {
        let lines = ok(&["eval", POLICY, records, "--format", "jsonl"]);
        let from_jsonl: Vec<(String, bool)> = lines
            .lines()
            .map(|l| {
                let r: Value = serde_json::from_str(l).unwrap();
                (
                    r["verdict"].as_str().unwrap().to_string(),
                    r["provisional"].as_bool().unwrap(),
                )
            })
            .collect();
        let doc = json(&["eval", POLICY, records]);
        let from_json: Vec<(String, bool)> = doc["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["verdict"].as_str().unwrap().to_string(),
                    r["provisional"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(from_jsonl, from_json);
        from_jsonl
    };
    let v = |s: &str, p: bool| (s.to_string(), p);
    // By 净增产值, ties by 产值: 乙 1st (800), 丁 2nd (600), 丙 3rd and 甲 4th (500; 产值 3000 >
    // 2000), 己 5th and 戊 6th (300; 1200 > 900): 甲, 戊 and 己 are below the list of 3.
    assert_eq!(
        verdicts(RECORDS),
        [
            v("unfunded", false),
            v("paid", false),
            v("paid", false),
            v("paid", false),
            v("unfunded", false),
            v("unfunded", false),
        ]
    );
    assert_eq!(
        verdicts(OPEN),
        [
            v("unfunded", false),
            v("paid", true),
            v("paid", true),
            v("paid", true),
            v("paid", true),
            v("unfunded", false),
        ]
    );
}

/// A record paid near the decimal range (7 × 9,999,999,999,999,999,999,999,999,999 yuan) and
/// then given 10^28 yuan by rank: the sum, about 8.0 × 10^28, is past the range (about 7.92 ×
/// 10^28). That is an arithmetic-overflow error on the record (exit 3, the record still
/// written), never a quiet unknown.
#[test]
fn an_amount_by_rank_past_the_decimal_range_is_an_error_on_the_record() {
    let (code, out, _) = run(&[
        "eval",
        "tests/cases/pools/overflow_by_rank.policy",
        "tests/cases/pools/overflow_by_rank.csv",
        "--format",
        "jsonl",
    ]);
    assert_eq!(code, Some(3));
    let record: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(record["payable"], Value::Null);
    assert_eq!(record["errors"][0]["code"], "jiangbu::eval::overflow");
    assert!(
        record["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("名次奖励"),
        "{record}"
    );
}
