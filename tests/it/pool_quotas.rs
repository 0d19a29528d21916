//! Ranked fund pools with stated tie rules (`并列 按 …`) and quotas (`名额 N 户 [每 字段]`): the
//! ranking and quota arithmetic on hand-computed claims, a property test of the quota's laws,
//! and the fixtures in `tests/cases/pools/` end to end. Amounts in the comments are in 万元
//! unless they say yuan.

use std::process::Command;
use std::str::FromStr;

use jiangbu::pool::{ranked_by, Claim, Ranking};
use jiangbu::syntax::ast::Shortfall;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Claims of records 0, 1, 2 … (one subsidy each) of these amounts.
fn claims(amounts: &[&str]) -> Vec<Claim> {
    (0u64..)
        .zip(amounts)
        .map(|(record, a)| Claim {
            record,
            benefit: 0,
            amount: d(a),
        })
        .collect()
}

// The records of tests/cases/pools/quota.csv, in input order (records 0 … 5):
//
//   record  name  area    净增产值  产值   claim
//   0       甲    南关区  500       2000   40
//   1       乙    朝阳区  800       1000   30
//   2       丙    南关区  500       3000   50
//   3       丁    南关区  600       1500   20
//   4       戊    朝阳区  300        900   10
//   5       己    朝阳区  300       1200   25
//
// By 净增产值 highest first, ties by 产值 highest first: 乙 1 (800), 丁 2 (600), 丙 3 (500,
// 产值 3000), 甲 4 (500, 产值 2000), 己 5 (300, 产值 1200), 戊 6 (300, 产值 900). By record
// order alone the ties would go 甲 before 丙 and 戊 before 己.
const CLAIMS: [&str; 6] = ["40", "30", "50", "20", "10", "25"];

/// 净增产值 then 产值 per record, one after the other.
fn keys() -> Vec<Option<Decimal>> {
    [
        ("500", "2000"),
        ("800", "1000"),
        ("500", "3000"),
        ("600", "1500"),
        ("300", "900"),
        ("300", "1200"),
    ]
    .iter()
    .flat_map(|(a, b)| [Some(d(a)), Some(d(b))])
    .collect()
}

/// Areas: 南关区 0, 朝阳区 1.
const AREAS: [Option<u32>; 6] = [Some(0), Some(1), Some(0), Some(0), Some(1), Some(1)];

fn how<'a>(keys: &'a [Option<Decimal>], quota: Option<u64>, quota_per: Option<u64>) -> Ranking<'a> {
    Ranking {
        keys,
        directions: &[true, true],
        quota,
        quota_per,
        areas: &AREAS,
    }
}

#[test]
fn a_stated_tie_rule_decides_who_is_paid_at_the_cut_off() {
    let (c, k) = (claims(&CLAIMS), keys());
    // Total 100, 不足则不予: 乙 30 (70 left), 丁 20 (50 left), 丙 50 (0 left); 甲 claims
    // 40 > 0: the cut-off, rank 4, gets nothing; 己 and 戊 nothing. Allocated 100.
    let s = ranked_by(
        Some(d("100")),
        &c,
        &how(&k, None, None),
        Shortfall::NoneIfShort,
    )
    .unwrap();
    assert_eq!(s.ranks, vec![4, 1, 3, 2, 6, 5]);
    assert_eq!(
        s.shares,
        vec![d("0"), d("30"), d("50"), d("20"), d("0"), d("0")]
    );
    assert_eq!(
        (s.allocated, s.unspent, s.cutoff),
        (d("100"), d("0"), Some(4))
    );
    // Without the tie rule (one key, record order): 甲 is rank 3 and 丙 rank 4. 乙 30, 丁 20,
    // 甲 40 (10 left); 丙 claims 50 > 10: the cut-off, nothing. Allocated 90, unspent 10.
    let first: Vec<Option<Decimal>> = k.iter().step_by(2).copied().collect();
    let one = Ranking {
        keys: &first,
        directions: &[true],
        quota: None,
        quota_per: None,
        areas: &[],
    };
    let s = ranked_by(Some(d("100")), &c, &one, Shortfall::NoneIfShort).unwrap();
    assert_eq!(s.ranks, vec![3, 1, 4, 2, 5, 6]);
    assert_eq!(
        s.shares,
        vec![d("40"), d("30"), d("0"), d("20"), d("0"), d("0")]
    );
    assert_eq!((s.allocated, s.cutoff), (d("90"), Some(4)));
}

#[test]
fn a_quota_per_area_takes_records_in_rank_order_ties_included() {
    let (c, k) = (claims(&CLAIMS), keys());
    // 名额 2 per area, no total. In rank order: 乙 (朝阳区 1st, admitted), 丁 (南关区 1st),
    // 丙 (南关区 2nd: the tie rule put it before 甲), 甲 (南关区 3rd: quota reached, cut),
    // 己 (朝阳区 2nd), 戊 (朝阳区 3rd: cut). Paid in full: 30 + 20 + 50 + 25 = 125.
    let s = ranked_by(None, &c, &how(&k, None, Some(2)), Shortfall::RestToNext).unwrap();
    assert_eq!(
        s.shares,
        vec![d("0"), d("30"), d("50"), d("20"), d("0"), d("25")]
    );
    assert_eq!(s.quota_cut, vec![true, false, false, false, true, false]);
    assert_eq!(s.area_ranks, vec![3, 1, 2, 1, 3, 2]);
    assert_eq!(s.admitted_per_area, vec![2, 2]);
    assert_eq!((s.allocated, s.cutoff), (d("125"), None));
}

#[test]
fn a_quota_in_all_and_a_total_share_only_the_claims_within_the_quota() {
    let (c, k) = (claims(&CLAIMS), keys());
    // 名额 2 in all, total 100: 乙 and 丁 are admitted (ranks 1, 2); the other four are cut.
    // Their claims, 30 + 20 = 50, fit in 100: paid in full, no cut-off, 50 unspent.
    let s = ranked_by(
        Some(d("100")),
        &c,
        &how(&k, Some(2), None),
        Shortfall::NoneIfShort,
    )
    .unwrap();
    assert_eq!(
        s.shares,
        vec![d("0"), d("30"), d("0"), d("20"), d("0"), d("0")]
    );
    assert_eq!(s.quota_cut, vec![true, false, true, false, true, true]);
    assert_eq!((s.allocated, s.unspent, s.cutoff), (d("50"), d("50"), None));
    // 名额 3 in all, total 90, 余额给下一户: 乙 30 (60 left), 丁 20 (40 left), 丙 claims 50 >
    // 40: the cut-off (rank 3) gets the 40 left; 甲, 己, 戊 are cut by the quota.
    let s = ranked_by(
        Some(d("90")),
        &c,
        &how(&k, Some(3), None),
        Shortfall::RestToNext,
    )
    .unwrap();
    assert_eq!(
        s.shares,
        vec![d("0"), d("30"), d("40"), d("20"), d("0"), d("0")]
    );
    assert_eq!(
        (s.allocated, s.unspent, s.cutoff),
        (d("90"), d("0"), Some(3))
    );
    // Both quotas: 名额 3 in all and 1 per area, no total. 乙 (朝阳区 1st) and 丁 (南关区 1st)
    // are admitted; 丙 is 南关区's 2nd (cut), 甲 its 3rd (cut), 己 and 戊 朝阳区's 2nd and 3rd
    // (cut): 2 records paid, 30 + 20 = 50, though the quota in all had room for 3.
    let s = ranked_by(None, &c, &how(&k, Some(3), Some(1)), Shortfall::RestToNext).unwrap();
    assert_eq!(s.quota_cut, vec![true, false, true, false, true, true]);
    assert_eq!(s.allocated, d("50"));
}

#[test]
fn a_record_takes_one_place_for_all_its_claims() {
    // Record 0 claims twice (benefits 0 and 1), record 1 once; 名额 1: record 0 ranks first
    // (key 9) and takes the only place with both its claims, 10 + 5 = 15; record 1 is cut.
    let c = vec![
        Claim {
            record: 0,
            benefit: 0,
            amount: d("10"),
        },
        Claim {
            record: 0,
            benefit: 1,
            amount: d("5"),
        },
        Claim {
            record: 1,
            benefit: 0,
            amount: d("7"),
        },
    ];
    let k = vec![Some(d("9")), Some(d("9")), Some(d("8"))];
    let one = Ranking {
        keys: &k,
        directions: &[true],
        quota: Some(1),
        quota_per: None,
        areas: &[],
    };
    let s = ranked_by(None, &c, &one, Shortfall::RestToNext).unwrap();
    assert_eq!(s.shares, vec![d("10"), d("5"), d("0")]);
    assert_eq!(s.quota_cut, vec![false, false, true]);
}

proptest! {
    /// With quotas: no more records admitted than the quota in all or per area, a cut claim
    /// is paid nothing and is never the cut-off, the pool never pays more than its total, and
    /// a record is cut only when its quota was full of better-ranked records.
    #[test]
    fn quota_laws(
        rows in proptest::collection::vec((1i64..1_000_000, 0i64..5, 0u32..3), 1..30),
        total in proptest::option::of(0i64..5_000_000),
        quota in proptest::option::of(1u64..6),
        quota_per in proptest::option::of(1u64..4),
    ) {
        let c: Vec<Claim> = (0u64..)
            .zip(&rows)
            .map(|(record, (f, _, _))| Claim { record, benefit: 0, amount: Decimal::new(*f, 2) })
            .collect();
        let keys: Vec<Option<Decimal>> = rows.iter().map(|(_, k, _)| Some(Decimal::from(*k))).collect();
        let areas: Vec<Option<u32>> = rows.iter().map(|(_, _, a)| Some(*a)).collect();
        let how = Ranking { keys: &keys, directions: &[true], quota, quota_per, areas: &areas };
        let t = total.map(|x| Decimal::new(x, 2));
        let s = ranked_by(t, &c, &how, Shortfall::RestToNext).unwrap();
        let admitted: Vec<usize> = (0..c.len()).filter(|&i| !s.quota_cut.get(i).copied().unwrap_or(false)).collect();
        if let Some(q) = quota {
            prop_assert!(admitted.len() as u64 <= q);
        }
        if let Some(q) = quota_per {
            for a in 0..3u32 {
                let n = admitted.iter().filter(|&&i| areas[i] == Some(a)).count() as u64;
                prop_assert!(n <= q);
            }
        }
        for i in 0..c.len() {
            if s.quota_cut.get(i).copied().unwrap_or(false) {
                prop_assert_eq!(s.shares[i], Decimal::ZERO);
                prop_assert!(s.cutoff != Some(s.ranks[i]));
                // Cut: its quota in all, or its area's, is full of better-ranked records.
                let better = |j: &usize| s.ranks[*j] < s.ranks[i];
                let all_full = quota.is_some_and(|q| admitted.iter().filter(|j| better(j)).count() as u64 >= q);
                let area_full = quota_per.is_some_and(|q| {
                    admitted.iter().filter(|j| better(j) && areas[**j] == areas[i]).count() as u64 >= q
                });
                prop_assert!(all_full || area_full);
            }
        }
        let paid: Decimal = s.shares.iter().sum();
        prop_assert_eq!(paid, s.allocated);
        match t {
            Some(t) => prop_assert!(paid <= t),
            None => {
                let within: Decimal = admitted.iter().map(|&i| c[i].amount).sum();
                prop_assert_eq!(paid, within);
            }
        }
    }
}

// ------------------------------------------------------------------------------- end to end

const RECORDS: &str = "tests/cases/pools/quota.csv";

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

fn json(policy: &str) -> Value {
    let (code, out, err) = run(&["eval", policy, RECORDS, "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    serde_json::from_str(&out).unwrap()
}

/// Each record's allocation, in input order.
fn allocations(doc: &Value) -> Vec<String> {
    doc["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["benefits"][0]["allocated"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_ties_fixture_pays_the_record_the_tie_rule_ranks_first() {
    // As in the first test above, in yuan: 乙 300,000, 丁 200,000, 丙 500,000; 甲 (the
    // cut-off, rank 4), 戊 and 己 nothing. Allocated 1,000,000 of 1,750,000 claimed.
    let doc = json("tests/cases/pools/ties.policy");
    assert_eq!(
        allocations(&doc),
        [
            "0.00",
            "300000.00",
            "500000.00",
            "200000.00",
            "0.00",
            "0.00"
        ]
    );
    let pool = &doc["summary"]["pools"][0];
    assert_eq!(pool["cutoff_rank"], 4);
    assert_eq!(pool["allocated"], "1000000.00");
    assert_eq!(pool["claimed"], "1750000.00");
}

#[test]
fn the_quota_per_area_fixture_pays_two_records_per_area_in_full() {
    // As in the second test above, in yuan: 乙 300,000, 丙 500,000, 丁 200,000, 己 250,000 =
    // 1,250,000; 甲 and 戊 cut by the quota (2 claims). No total: `total` and `unspent` null.
    let doc = json("tests/cases/pools/quota-area.policy");
    assert_eq!(
        allocations(&doc),
        [
            "0.00",
            "300000.00",
            "500000.00",
            "200000.00",
            "0.00",
            "250000.00"
        ]
    );
    let pool = &doc["summary"]["pools"][0];
    assert_eq!(pool["allocated"], "1250000.00");
    assert_eq!(
        (&pool["total"], &pool["unspent"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(pool["capped"], false);
    assert_eq!(pool["provisional"], false);
    assert_eq!(pool["quota"]["cut"], 2);
    assert_eq!(pool["quota"]["per"]["field"], "所属地区");
    assert_eq!(pool["quota"]["per"]["records"], 2);
    assert_eq!(
        pool["quota"]["per"]["paid"],
        serde_json::json!([
            { "value": "南关区", "records": 2 },
            { "value": "朝阳区", "records": 2 }
        ])
    );
    // The table's pools section says it too.
    let (code, out, err) = run(&["eval", "tests/cases/pools/quota-area.policy", RECORDS]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("2 笔申报因名额已满未获支持"), "{out}");
    assert!(out.contains("南关区 2，朝阳区 2"), "{out}");
    // Explain gives 甲 its rank in its area and the reason it gets nothing.
    let (code, out, err) = run(&[
        "explain",
        "tests/cases/pools/quota-area.policy",
        RECORDS,
        "--id",
        "B1",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("排第 4 名"), "{out}");
    assert!(out.contains("在所属地区 南关区 中排第 3 名"), "{out}");
    assert!(out.contains("名额已满"), "{out}");
    assert!(out.contains("核定 0.00元"), "{out}");
}

#[test]
fn the_quota_and_total_fixture_shares_the_total_within_the_quota() {
    // As in the third test above, in yuan: 乙 300,000 and 丁 200,000 = 500,000 of the
    // 1,000,000 total; 500,000 unspent; 4 claims cut.
    let doc = json("tests/cases/pools/quota-total.policy");
    assert_eq!(
        allocations(&doc),
        ["0.00", "300000.00", "0.00", "200000.00", "0.00", "0.00"]
    );
    let pool = &doc["summary"]["pools"][0];
    assert_eq!(pool["allocated"], "500000.00");
    assert_eq!(pool["unspent"], "500000.00");
    assert_eq!(pool["quota"]["records"], 2);
    assert_eq!(pool["quota"]["cut"], 4);
    let (code, out, err) = run(&[
        "explain",
        "tests/cases/pools/quota-total.policy",
        RECORDS,
        "--id",
        "B3",
        "--lang",
        "en",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("the quota is reached before it"), "{out}");
    // With the total still `待定` the allocations are unknown, but the quota (which does not
    // depend on the money) still cuts the same 4 claims.
    let (code, out, err) = run(&[
        "eval",
        "tests/cases/pools/quota-total.policy",
        RECORDS,
        "--format",
        "json",
        "--set",
        "奖补资金总额=待定",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let pool = &doc["summary"]["pools"][0];
    assert_eq!(pool["allocated"], Value::Null);
    assert_eq!(pool["provisional"], true);
    assert_eq!(pool["quota"]["cut"], 4);
    // --jobs 2 changes nothing.
    let args = [
        "eval",
        "tests/cases/pools/quota-total.policy",
        RECORDS,
        "--format",
        "jsonl",
    ];
    let (_, one, _) = run(&args);
    let (_, two, _) = run(&[&args[..], &["--jobs", "2"]].concat());
    assert_eq!(one, two);
}

#[test]
fn an_unknown_area_keeps_a_quota_per_area_provisional() {
    let dir = std::env::temp_dir().join(format!("jiangbu-quota-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("r.csv");
    let text = std::fs::read_to_string(RECORDS)
        .unwrap()
        .replace("B5,戊,朝阳区", "B5,戊,");
    std::fs::write(&csv, text).unwrap();
    let (code, out, err) = run(&[
        "eval",
        "tests/cases/pools/quota-area.policy",
        csv.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, Some(0), "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let pool = &doc["summary"]["pools"][0];
    assert_eq!(pool["provisional"], true);
    assert_eq!(pool["open"][0]["id"], "B5");
}

// ------------------------------------------------------------------------- grammar and checks

fn pool_rule_accepts(input: &str) -> bool {
    use pest::Parser;
    jiangbu::syntax::PolicyParser::parse(jiangbu::syntax::Rule::pool, input)
        .is_ok_and(|mut p| p.next().is_some_and(|p| p.as_str() == input))
}

#[test]
fn the_pool_rule_accepts_ties_and_quotas_and_rejects_near_misses() {
    for ok in [
        "资金总额 x { 按 a 从高到低 择优 并列 按 b 从高到低 }",
        "资金总额 x { 按 a 从高到低 择优 并列 按 b 从高到低，按 c 从低到高 名额 10 户 }",
        "资金总额 x { 并列 按 b 从低到高 按 a 从高到低 择优 }",
        "资金总额 x { 名额 10户 名额 2 户 每 所属地区 }",
        "资金总额 x { 名额 10 }",
        "pool x { rank by a highest first on merit ties by b highest first, by c lowest first }",
        "pool x { quota 10 quota 2 per 所属地区 }",
    ] {
        assert!(pool_rule_accepts(ok), "{ok}");
    }
    for bad in [
        "资金总额 x { 并列 }",
        "资金总额 x { 并列 b 从高到低 }",
        "资金总额 x { 并列 按 b }",
        "资金总额 x { 名额 }",
        "资金总额 x { 名额 户 }",
        "资金总额 x { 名额 2 户 每 }",
        "pool x { quota per a }",
        "pool x { ties by b }",
    ] {
        assert!(!pool_rule_accepts(bad), "{bad}");
    }
}

/// `tests/cases/pools/quota-area.policy` with its pool replaced by `pool`, checked.
fn check_with_pool(pool: &str) -> (Option<i32>, String) {
    let source = std::fs::read_to_string("tests/cases/pools/quota-area.policy").unwrap();
    let at = source.find("资金总额 择优资金").unwrap();
    let dir = std::env::temp_dir().join(format!(
        "jiangbu-quota-check-{}-{}",
        std::process::id(),
        pool.len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("p.policy");
    std::fs::write(&path, format!("{}{pool}\n", &source[..at])).unwrap();
    let (code, _, err) = run(&["check", path.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    (code, err)
}

#[test]
fn the_checker_refuses_misplaced_or_malformed_quotas_and_ties() {
    for (pool, says) in [
        (
            "资金总额 p { 成员 第一条 不超过 100万元 按比例核减 尾差 留存 名额 2 户 }",
            "`名额` 只用于择优的资金总额",
        ),
        (
            "资金总额 p { 成员 第一条 不超过 100万元 按比例核减 尾差 留存 并列 按 产值 从高到低 }",
            "`并列` 只用于择优的资金总额",
        ),
        (
            "资金总额 p { 成员 第一条 按 净增产值 从高到低 择优 名额 2.5 户 }",
            "名额不是整数户数",
        ),
        (
            "资金总额 p { 成员 第一条 按 净增产值 从高到低 择优 名额 2万元 }",
            "名额不是整数户数",
        ),
        (
            "资金总额 p { 成员 第一条 按 净增产值 从高到低 择优 名额 2 户 名额 3 户 }",
            "重复写了名额",
        ),
        (
            "资金总额 p { 成员 第一条 按 净增产值 从高到低 择优 名额 2 户 每 产值 }",
            "不是记录的文本字段",
        ),
        (
            "资金总额 p { 成员 第一条 按 净增产值 从高到低 择优 并列 按 企业名称 从高到低 名额 2 户 }",
            "应为数值",
        ),
        (
            "资金总额 p { 成员 第一条 按 净增产值 从高到低 择优 }",
            "没有总额",
        ),
        (
            "资金总额 p { 成员 第一条 按 净增产值 从高到低 择优 名额 2 户 额满为止 不足则不予 }",
            "`额满为止` 需要总额",
        ),
    ] {
        let (code, err) = check_with_pool(pool);
        assert_eq!(code, Some(1), "{pool}: {err}");
        assert!(err.contains(says), "{pool}: {err}");
    }
    // A quota with no total and no `额满为止` is whole.
    let (code, err) =
        check_with_pool("资金总额 p { 成员 第一条 按 净增产值 从高到低 择优 名额 2 户 }");
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn fields_used_only_by_a_tie_rule_or_a_quota_are_not_unused() {
    // quota.csv's policies use 产值 only in `并列 按 产值 从高到低`, and 所属地区 only in
    // `名额 2 户 每 所属地区` (quota-area) or not at all but as the area mark.
    let source = std::fs::read_to_string("tests/cases/pools/quota-area.policy")
        .unwrap()
        .replace("所属地区         文本 地区", "所属地区         文本");
    let dir = std::env::temp_dir().join(format!("jiangbu-quota-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("p.policy");
    std::fs::write(&path, source).unwrap();
    let (code, _, err) = run(&["check", path.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("unused_field"), "{err}");
}
