//! Fund pools (`资金总额`): the sharing arithmetic on hand-computed claims, its laws as a property
//! test, and the shipped pro rata example end to end (json, jsonl under `--jobs`, diff, a `待定`
//! total, standard input refused). Amounts in the comments are in yuan; `⌊x⌋` rounds down to
//! the fen.

use std::path::PathBuf;
use std::process::Command;
use std::str::FromStr;

use jiangbu::pool::{pro_rata, ranked, Claim};
use jiangbu::syntax::ast::{Remainder, Shortfall};
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

fn shares(total: &str, amounts: &[&str], remainder: Remainder) -> Vec<String> {
    let s = pro_rata(d(total), &claims(amounts), remainder).unwrap();
    s.shares.iter().map(|x| format!("{x:.2}")).collect()
}

#[test]
fn undersubscribed_pays_every_claim_in_full() {
    // 100 + 200 = 300 ≤ 1000: both in full, 700 unspent.
    let s = pro_rata(d("1000"), &claims(&["100", "200"]), Remainder::LargestFirst).unwrap();
    assert_eq!(s.shares, vec![d("100"), d("200")]);
    assert_eq!(
        (s.claimed, s.allocated, s.unspent),
        (d("300"), d("300"), d("700"))
    );
    assert_eq!(s.ratio, None);
}

#[test]
fn exact_fit_needs_no_rounding() {
    // Total 150 for claims 100 + 200 = 300: ratio 1/2 exactly, 50 and 100, nothing left.
    let s = pro_rata(d("150"), &claims(&["100", "200"]), Remainder::LargestFirst).unwrap();
    assert_eq!(s.shares, vec![d("50"), d("100")]);
    assert_eq!((s.allocated, s.unspent), (d("150"), d("0")));
    assert_eq!(s.ratio, Some(d("0.5")));
    // Claims that add up to the total exactly are paid in full.
    let s = pro_rata(d("300"), &claims(&["100", "200"]), Remainder::Unspent).unwrap();
    assert_eq!((s.allocated, s.unspent, s.ratio), (d("300"), d("0"), None));
}

#[test]
fn one_fen_of_remainder_goes_to_the_earlier_record_or_stays_unspent() {
    // Total 100 for three claims of 100 (300): each 100 × 100 ÷ 300 = 33.333… → ⌊33.33⌋, and
    // 100 − 3 × 33.33 = 0.01 is left. The remainders are equal (1/3 of a fen each) and so are
    // the claims: the earliest record gets the fen.
    let amounts = ["100", "100", "100"];
    assert_eq!(
        shares("100", &amounts, Remainder::LargestFirst),
        ["33.34", "33.33", "33.33"]
    );
    // `尾差 留存`: the fen stays in the pool.
    let s = pro_rata(d("100"), &claims(&amounts), Remainder::Unspent).unwrap();
    assert_eq!(s.shares, vec![d("33.33"); 3]);
    assert_eq!((s.allocated, s.unspent), (d("99.99"), d("0.01")));
}

#[test]
fn left_over_fens_go_to_the_largest_remainders() {
    // Total 1.00 for claims 1.00 + 2.00 = 3.00: 1.00 × 1/3 = 0.333… → 0.33 (remainder 1/3 fen),
    // 2.00 × 1/3 = 0.666… → 0.66 (remainder 2/3 fen); one fen left, to the larger remainder.
    assert_eq!(
        shares("1.00", &["1.00", "2.00"], Remainder::LargestFirst),
        ["0.33", "0.67"]
    );
}

#[test]
fn equal_remainders_go_to_the_larger_claim() {
    // Total 0.02 for claims 0.01 + 0.03 = 0.04: 0.01 × 1/2 = 0.005 → 0.00 (half a fen over),
    // 0.03 × 1/2 = 0.015 → 0.01 (half a fen over); one fen left, equal remainders: the larger
    // claim takes it, though it is the later record.
    assert_eq!(
        shares("0.02", &["0.01", "0.03"], Remainder::LargestFirst),
        ["0.00", "0.02"]
    );
}

#[test]
fn ties_at_the_cut_off_follow_record_order() {
    // Total 0.05 for four claims of 0.03 (0.12): each 0.0125 → 0.01 (a quarter fen over); 0.05 −
    // 4 × 0.01 = 0.01 left, all remainders and claims equal: record 0 takes it. Shuffled, the
    // fen stays with record 0 wherever its claim is listed.
    let mut c = claims(&["0.03", "0.03", "0.03", "0.03"]);
    let s = pro_rata(d("0.05"), &c, Remainder::LargestFirst).unwrap();
    assert_eq!(s.shares, vec![d("0.02"), d("0.01"), d("0.01"), d("0.01")]);
    c.reverse();
    let s = pro_rata(d("0.05"), &c, Remainder::LargestFirst).unwrap();
    assert_eq!(s.shares, vec![d("0.01"), d("0.01"), d("0.01"), d("0.02")]);
}

#[test]
fn a_zero_total_pays_nothing() {
    let s = pro_rata(d("0"), &claims(&["5", "7"]), Remainder::LargestFirst).unwrap();
    assert_eq!(s.shares, vec![d("0"), d("0")]);
    assert_eq!((s.allocated, s.unspent), (d("0"), d("0")));
}

proptest! {
    /// A pool never pays more than its total, pays every claim in full when undersubscribed,
    /// pays each claim within one fen of claim × total ÷ claims (never more than the claim), pays
    /// exactly its total when oversubscribed with `尾差 从大到小`, and gives each claim the same
    /// share whatever order the claims come in.
    #[test]
    fn pro_rata_laws(
        fens in proptest::collection::vec(1i64..5_000_000_000, 1..40),
        total in 0i64..100_000_000_000,
        unspent in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let remainder = if unspent { Remainder::Unspent } else { Remainder::LargestFirst };
        let c: Vec<Claim> = (0u64..)
            .zip(&fens)
            .map(|(record, f)| Claim { record, benefit: 0, amount: Decimal::new(*f, 2) })
            .collect();
        let t = Decimal::new(total, 2);
        let s = pro_rata(t, &c, remainder).unwrap();
        let claimed: Decimal = c.iter().map(|x| x.amount).sum();
        let paid: Decimal = s.shares.iter().sum();
        prop_assert_eq!(paid, s.allocated);
        prop_assert!(paid <= t);
        prop_assert_eq!(s.unspent, t - paid);
        if claimed <= t {
            prop_assert!(s.shares.iter().zip(&c).all(|(x, y)| *x == y.amount));
        } else {
            if remainder == Remainder::LargestFirst {
                prop_assert_eq!(paid, t);
            }
            let fen = Decimal::new(1, 2);
            for (x, y) in s.shares.iter().zip(&c) {
                // i128 arithmetic, independent of the allocator's.
                let exact_floor = i128::from(fens_of(y.amount)) * i128::from(total)
                    / i128::from(fens_of(claimed));
                let floor = Decimal::from_i128_with_scale(exact_floor, 2);
                prop_assert!(*x == floor || *x == floor + fen, "{x} vs {floor}");
                prop_assert!(*x <= y.amount);
            }
        }
        // Any order: the same share per claim.
        let mut order: Vec<usize> = (0..c.len()).collect();
        let mut state = seed | 1;
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let j = usize::try_from(state % (i as u64 + 1)).unwrap();
            order.swap(i, j);
        }
        let shuffled: Vec<Claim> = order.iter().map(|&i| c[i]).collect();
        let again = pro_rata(t, &shuffled, remainder).unwrap();
        for (k, &i) in order.iter().enumerate() {
            prop_assert_eq!(again.shares[k], s.shares[i]);
        }
    }
}

proptest! {
    /// A ranked pool never pays more than its total or any claim more than it claims, pays
    /// every claim in full when undersubscribed, and otherwise pays in full exactly the claims
    /// ranked before its cut-off (the one at the cut-off gets what is left or nothing, every
    /// later one nothing).
    #[test]
    fn ranked_laws(
        claims_and_keys in proptest::collection::vec((1i64..5_000_000_000, proptest::option::of(0i64..20)), 1..40),
        total in 0i64..100_000_000_000,
        nothing in any::<bool>(),
        highest_first in any::<bool>(),
    ) {
        let shortfall = if nothing { Shortfall::NoneIfShort } else { Shortfall::RestToNext };
        let c: Vec<Claim> = (0u64..)
            .zip(&claims_and_keys)
            .map(|(record, (f, _))| Claim { record, benefit: 0, amount: Decimal::new(*f, 2) })
            .collect();
        let keys: Vec<Option<Decimal>> =
            claims_and_keys.iter().map(|(_, k)| k.map(Decimal::from)).collect();
        let t = Decimal::new(total, 2);
        let s = ranked(t, &c, &keys, highest_first, shortfall).unwrap();
        let claimed: Decimal = c.iter().map(|x| x.amount).sum();
        let paid: Decimal = s.shares.iter().sum();
        prop_assert_eq!(paid, s.allocated);
        prop_assert!(paid <= t);
        prop_assert_eq!(s.unspent, t - paid);
        prop_assert!(s.shares.iter().zip(&c).all(|(x, y)| *x <= y.amount && *x >= Decimal::ZERO));
        if claimed <= t {
            prop_assert!(s.shares.iter().zip(&c).all(|(x, y)| *x == y.amount));
            prop_assert_eq!(s.cutoff, None);
        } else {
            let cut = s.cutoff.unwrap();
            let mut before = Decimal::ZERO;
            for (i, x) in s.shares.iter().enumerate() {
                let r = s.ranks[i];
                if r < cut {
                    prop_assert_eq!(*x, c[i].amount);
                    before += c[i].amount;
                } else if r > cut {
                    prop_assert_eq!(*x, Decimal::ZERO);
                }
            }
            let at = s.ranks.iter().position(|r| *r == cut).unwrap();
            // The claim at the cut-off did not fit in what the earlier ranks left.
            prop_assert!(c[at].amount > t - before);
            let expected = if nothing { Decimal::ZERO } else { t - before };
            prop_assert_eq!(s.shares[at], expected);
        }
        // Ranks follow the keys (known before unknown), record order breaking ties.
        let mut by_rank: Vec<usize> = (0..c.len()).collect();
        by_rank.sort_by_key(|&i| s.ranks[i]);
        for w in by_rank.windows(2) {
            let (a, b) = (w[0], w[1]);
            match (keys[a], keys[b]) {
                (Some(x), Some(y)) if x == y => prop_assert!(a < b),
                (Some(x), Some(y)) => {
                    let in_order = if highest_first { x > y } else { x < y };
                    prop_assert!(in_order);
                }
                (None, None) => prop_assert!(a < b),
                (Some(_), None) => {}
                (None, Some(_)) => prop_assert!(false, "an unknown value ranked first"),
            }
        }
    }
}

// ----------------------------------------------------------------------------- ranked (择优)

fn keys(values: &[&str]) -> Vec<Option<Decimal>> {
    values.iter().map(|v| Some(d(v))).collect()
}

/// Claims 40, 30, 50, 10 with 净增产值 500, 800, 500, 300 (highest first): ranks 乙 1 (800),
/// 甲 2 (500, the earlier record of the tie), 丙 3 (500), 丁 4 (300).
#[test]
fn ranked_pays_in_rank_order_and_breaks_ties_by_record_order() {
    let c = claims(&["40", "30", "50", "10"]);
    let k = keys(&["500", "800", "500", "300"]);
    // Total 100: 乙 30 (left 70), 甲 40 (left 30); 丙 claims 50 > 30: the cut-off is rank 3.
    // 余额给下一户: 丙 gets the 30 left, 丁 nothing; allocated 100, unspent 0.
    let s = ranked(d("100"), &c, &k, true, Shortfall::RestToNext).unwrap();
    assert_eq!(s.ranks, vec![2, 1, 3, 4]);
    assert_eq!(s.shares, vec![d("40"), d("30"), d("30"), d("0")]);
    assert_eq!(
        (s.allocated, s.unspent, s.cutoff),
        (d("100"), d("0"), Some(3))
    );
    // 不足则不予: 丙 gets nothing, nor 丁; allocated 30 + 40 = 70, unspent 100 − 70 = 30.
    let s = ranked(d("100"), &c, &k, true, Shortfall::NoneIfShort).unwrap();
    assert_eq!(s.shares, vec![d("40"), d("30"), d("0"), d("0")]);
    assert_eq!(
        (s.allocated, s.unspent, s.cutoff),
        (d("70"), d("30"), Some(3))
    );
    // Lowest first: 丁 1 (300), 甲 2 (500, earlier), 丙 3 (500), 乙 4 (800). Total 100:
    // 丁 10 (left 90), 甲 40 (left 50), 丙 50 (left 0), 乙 30 > 0: cut-off rank 4, gets 0.
    let s = ranked(d("100"), &c, &k, false, Shortfall::RestToNext).unwrap();
    assert_eq!(s.ranks, vec![2, 4, 3, 1]);
    assert_eq!(s.shares, vec![d("40"), d("0"), d("50"), d("10")]);
    assert_eq!(
        (s.allocated, s.unspent, s.cutoff),
        (d("100"), d("0"), Some(4))
    );
}

#[test]
fn ranked_exact_fit_pays_the_next_nothing_even_with_the_rest_to_next() {
    let c = claims(&["40", "30", "50", "10"]);
    let k = keys(&["500", "800", "500", "300"]);
    // Total 70: 乙 30 + 甲 40 = 70 exactly; 丙 (rank 3) finds 0 left: the cut-off, paid 0.
    let s = ranked(d("70"), &c, &k, true, Shortfall::RestToNext).unwrap();
    assert_eq!(s.shares, vec![d("40"), d("30"), d("0"), d("0")]);
    assert_eq!(
        (s.allocated, s.unspent, s.cutoff),
        (d("70"), d("0"), Some(3))
    );
    // Total 130 = 40 + 30 + 50 + 10: undersubscribed (not over), all in full, no cut-off.
    let s = ranked(d("130"), &c, &k, true, Shortfall::NoneIfShort).unwrap();
    assert_eq!(s.shares, vec![d("40"), d("30"), d("50"), d("10")]);
    assert_eq!((s.allocated, s.unspent, s.cutoff), (d("130"), d("0"), None));
}

#[test]
fn ranked_puts_an_unknown_value_last() {
    // 甲 unknown, 乙 1, 丙 2 (highest first): 丙 rank 1, 乙 rank 2, 甲 rank 3. Total 15:
    // 丙 10 (left 5); 乙 claims 10 > 5: cut-off rank 2, gets 5; 甲 nothing.
    let c = claims(&["10", "10", "10"]);
    let k = vec![None, Some(d("1")), Some(d("2"))];
    let s = ranked(d("15"), &c, &k, true, Shortfall::RestToNext).unwrap();
    assert_eq!(s.ranks, vec![3, 2, 1]);
    assert_eq!(s.shares, vec![d("0"), d("5"), d("10")]);
    assert_eq!(s.cutoff, Some(2));
}

const RANKED: &str = "tests/cases/pools/ranked.policy";
const RANKED_NONE: &str = "tests/cases/pools/ranked-none.policy";
const RANKED_RECORDS: &str = "tests/cases/pools/ranked.csv";

/// The fixture end to end: total 100万元; 甲 40万 (净增产值 500), 乙 30万 (800), 丙 50万 (500),
/// 丁 10万 (300). Claimed 40 + 30 + 50 + 10 = 130万. Ranks 乙 1, 甲 2, 丙 3, 丁 4.
#[test]
fn the_ranked_fixture_pays_the_rest_or_nothing_at_the_cut_off() {
    // 余额给下一户: 乙 300,000 + 甲 400,000 = 700,000; 丙 gets the 300,000 left; 丁 0.
    // 不足则不予: 丙 0; allocated 700,000, unspent 300,000.
    for (policy, third, allocated, unspent) in [
        (RANKED, "300000.00", "1000000.00", "0.00"),
        (RANKED_NONE, "0.00", "700000.00", "300000.00"),
    ] {
        let doc = json(&["eval", policy, RANKED_RECORDS, "--format", "json"]);
        let pool = &doc["summary"]["pools"][0];
        assert_eq!(money(&pool["claimed"]), d("1300000.00"), "{policy}");
        assert_eq!(money(&pool["allocated"]), d(allocated), "{policy}");
        assert_eq!(money(&pool["unspent"]), d(unspent), "{policy}");
        assert_eq!(pool["cutoff_rank"].as_u64(), Some(3), "{policy}");
        assert_eq!(pool["rule"], "ranked", "{policy}");
        let got: Vec<Decimal> = doc["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| money(&r["benefits"][0]["allocated"]))
            .collect();
        assert_eq!(
            got,
            vec![d("400000.00"), d("300000.00"), d(third), d("0.00")],
            "{policy}"
        );
    }
    // --jobs 2 does not change a ranked allocation.
    let (code, one, err) = run(&["eval", RANKED, RANKED_RECORDS, "--format", "jsonl"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, two, err) = run(&[
        "eval",
        RANKED,
        RANKED_RECORDS,
        "--format",
        "jsonl",
        "--jobs",
        "2",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(one, two);
}

#[test]
fn explain_gives_a_ranked_claim_its_rank_and_the_cut_off() {
    // 丙 (A3): rank 3, the cut-off; allocated the 300,000 left.
    let (code, out, err) = run(&["explain", RANKED, RANKED_RECORDS, "--id", "A3"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("排第 3 名"), "{out}");
    assert!(out.contains("额满于第 3 名"), "{out}");
    assert!(out.contains("核定 300,000.00元"), "{out}");
}

#[test]
fn the_summary_names_the_cut_off_rank() {
    let (code, out, err) = run(&["eval", RANKED_NONE, RANKED_RECORDS]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("额满于第 3 名"), "{out}");
}

#[test]
fn a_ranked_pool_must_say_what_the_next_claim_gets() {
    let dir = std::env::temp_dir().join(format!("jiangbu-ranked-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("p.policy");
    let source = std::fs::read_to_string(RANKED)
        .unwrap()
        .replace("  额满为止 余额给下一户\n", "");
    std::fs::write(&path, source).unwrap();
    let (code, _, err) = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("缺少 `额满为止`"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn fens_of(yuan: Decimal) -> i64 {
    i64::try_from((yuan * Decimal::ONE_HUNDRED).trunc().mantissa()).unwrap()
}

// ---------------------------------------------------------------------------- the shipped example

const POLICY: &str = "policies/examples/pro-rata.policy";
const RECORDS: &str = "examples/pro-rata.csv";

fn jiangbu() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jiangbu"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1");
    cmd
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = jiangbu().args(args).output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code(), text(out.stdout), text(out.stderr))
}

fn json(args: &[&str]) -> Value {
    let (code, out, err) = run(args);
    assert_eq!(code, Some(0), "{err}");
    serde_json::from_str(&out).unwrap()
}

fn money(v: &Value) -> Decimal {
    d(v.as_str().unwrap_or_else(|| panic!("not an amount: {v}")))
}

/// The shipped example: 7 of 8 enterprises claim 10% of their equipment investment, at most
/// 2,000,000 each; the claims add up to 8,462,335.50 against a total of 5,000,000.00.
#[test]
fn the_pro_rata_example_pays_its_total_to_the_fen() {
    let doc = json(&["eval", POLICY, RECORDS, "--format", "json"]);
    let pool = &doc["summary"]["pools"][0];
    // 2,000,000 × 2 + 1,234,567.80 + 800,000 + 999,990 + 777,777.70 + 650,000 = 8,462,335.50.
    assert_eq!(money(&pool["claimed"]), d("8462335.50"));
    assert_eq!(money(&pool["total"]), d("5000000.00"));
    assert_eq!(money(&pool["allocated"]), d("5000000.00"));
    assert_eq!(money(&pool["unspent"]), d("0.00"));
    assert_eq!(
        (pool["claimants"].as_u64(), pool["claims"].as_u64()),
        (Some(7), Some(7))
    );
    assert_eq!(pool["provisional"], Value::Bool(false));
    // Per record (claim × 5,000,000 ÷ 8,462,335.50, rounded down; the three fens left go to the
    // largest remainders — 丙, 丁 and 庚, whose exact shares end in .748…, .526… and .625…):
    //   甲 2,000,000.00 → 1,181,706.870… → 1,181,706.87
    //   乙 1,234,567.80 →   729,448.625… →   729,448.62
    //   丙   800,000.00 →   472,682.748… →   472,682.74 + 0.01
    //   丁   999,990.00 →   590,847.526… →   590,847.52 + 0.01
    //   戊 not eligible (400万元 of investment < 500万元): no claim
    //   己 2,000,000.00 → 1,181,706.870… → 1,181,706.87
    //   庚   777,777.70 →   459,552.625… →   459,552.62 + 0.01
    //   辛   650,000.00 →   384,054.732… →   384,054.73
    let expected = [
        ("2000000.00", Some("1181706.87")),
        ("1234567.80", Some("729448.62")),
        ("800000.00", Some("472682.75")),
        ("999990.00", Some("590847.53")),
        ("0", None),
        ("2000000.00", Some("1181706.87")),
        ("777777.70", Some("459552.63")),
        ("650000.00", Some("384054.73")),
    ];
    let records = doc["records"].as_array().unwrap();
    assert_eq!(records.len(), expected.len());
    let mut sum = Decimal::ZERO;
    for (r, (claim, allocated)) in records.iter().zip(expected) {
        let b = &r["benefits"][0];
        match allocated {
            Some(a) => {
                assert_eq!(money(&b["payable"]), d(claim), "{r}");
                assert_eq!(money(&b["allocated"]), d(a), "{r}");
                sum += d(a);
            }
            None => assert!(b.get("allocated").is_none(), "{r}"),
        }
    }
    assert_eq!(sum, d("5000000.00"));
}

/// The example's allocations recomputed from its json alone, in exact integer fens: each is
/// ⌊claim × total ÷ claims⌋ or one fen more, and the fens added are those with the largest
/// remainders (ties: the larger claim, then the earlier record).
#[test]
fn every_allocation_is_its_claim_times_the_ratio_under_the_documented_rounding() {
    let doc = json(&["eval", POLICY, RECORDS, "--format", "json"]);
    let total = fens_of(money(&doc["summary"]["pools"][0]["total"]));
    let mut rows: Vec<(i64, i64)> = Vec::new(); // (claim, allocated) in fens
    for r in doc["records"].as_array().unwrap() {
        let b = &r["benefits"][0];
        if let Some(a) = b.get("allocated") {
            rows.push((fens_of(money(&b["payable"])), fens_of(money(a))));
        }
    }
    let claimed: i64 = rows.iter().map(|r| r.0).sum();
    let exact: Vec<(i128, i128)> = rows
        .iter()
        .map(|&(c, _)| {
            let p = i128::from(c) * i128::from(total);
            (p / i128::from(claimed), p % i128::from(claimed))
        })
        .collect();
    let left = i128::from(total) - exact.iter().map(|e| e.0).sum::<i128>();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b].1, rows[b].0)
            .cmp(&(exact[a].1, rows[a].0))
            .then(a.cmp(&b))
    });
    let bumped: Vec<usize> = order[..usize::try_from(left).unwrap()].to_vec();
    for (i, &(_, allocated)) in rows.iter().enumerate() {
        let want = exact[i].0 + i128::from(bumped.contains(&i));
        assert_eq!(i128::from(allocated), want, "claim {i}");
    }
    assert_eq!(rows.iter().map(|r| r.1).sum::<i64>(), total);
}

/// A scratch directory of this test process.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jiangbu-pools-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// More records than one batch (`pipeline::BATCH`, 256), so the pass that renders finds each record's share by
/// its place across batches and threads: the same bytes with one thread and with three, and in
/// all exactly the total.
#[test]
fn allocations_do_not_depend_on_jobs() {
    let dir = scratch("jobs");
    let path = dir.join("many.csv");
    let mut csv = String::from("统一社会信用代码,企业名称,所属地区,设备投资额\n");
    for i in 0..2600u32 {
        // 500 to 2,999.97 万元 of investment: claims 500,000 to 2,000,000 (capped).
        let invest = 500 + (i * 7919) % 2500;
        let cents = (i * 31) % 100;
        csv.push_str(&format!(
            "K{i:05},企业{i},区{},{invest}.{cents:02}\n",
            i % 5
        ));
    }
    std::fs::write(&path, csv).unwrap();
    let path = path.to_str().unwrap();
    let one = run(&["eval", POLICY, path, "--format", "jsonl", "-j", "1"]);
    let three = run(&["eval", POLICY, path, "--format", "jsonl", "-j", "3"]);
    assert_eq!(one.0, Some(0), "{}", one.2);
    assert_eq!(one, three);
    let sum: Decimal = one
        .1
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|r| money(&r["benefits"][0]["allocated"]))
        .sum();
    assert_eq!(sum, d("5000000.00"));
    let _ = std::fs::remove_dir_all(dir);
}

/// A total still `待定`: the claims are known, no allocation is, and the pool is provisional.
#[test]
fn a_tbd_total_leaves_every_allocation_open() {
    let doc = json(&[
        "eval",
        POLICY,
        RECORDS,
        "--format",
        "json",
        "--set",
        "奖补资金总额=待定",
    ]);
    let pool = &doc["summary"]["pools"][0];
    assert_eq!(pool["total"], Value::Null);
    assert_eq!(pool["allocated"], Value::Null);
    assert_eq!(pool["provisional"], Value::Bool(true));
    assert_eq!(money(&pool["claimed"]), d("8462335.50"));
    let first = &doc["records"][0]["benefits"][0];
    assert_eq!(money(&first["payable"]), d("2000000.00"));
    assert_eq!(first["allocated"], Value::Null);
}

/// A record whose claim cannot be decided keeps the pool open, and the report names it.
#[test]
fn an_undetermined_record_makes_the_pool_provisional() {
    let dir = scratch("open");
    let path = dir.join("open.csv");
    std::fs::write(
        &path,
        "统一社会信用代码,企业名称,所属地区,设备投资额\nA1,甲,朝阳区,3000\nA2,乙,南关区,\nA3,丙,朝阳区,4000\n",
    )
    .unwrap();
    let path = path.to_str().unwrap();
    // A1 and A3 claim 2,000,000 each (capped): 4,000,000 against 5,000,000, paid in full.
    let (code, out, _) = run(&["eval", POLICY, path, "--format", "json"]);
    assert_eq!(code, Some(0));
    let doc: Value = serde_json::from_str(&out).unwrap();
    let pool = &doc["summary"]["pools"][0];
    assert_eq!(pool["provisional"], Value::Bool(true));
    assert_eq!(pool["open_records"].as_u64(), Some(1));
    assert_eq!(pool["open"][0]["id"], Value::from("A2"));
    assert_eq!(money(&pool["allocated"]), d("4000000.00"));
    assert_eq!(money(&pool["unspent"]), d("1000000.00"));
    // A1's and A3's allocations stand only while A2's claim is unknown (2,000,000 more would
    // oversubscribe the pool): they are provisional, as A2 itself is.
    let provisional: Vec<&Value> = doc["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["provisional"])
        .collect();
    assert_eq!(provisional, [&Value::Bool(true); 3]);
    let (_, table, _) = run(&["eval", POLICY, path]);
    for key in ["A1", "A3"] {
        let line = table.lines().find(|l| l.contains(key)).unwrap();
        assert!(line.contains("（暂定）"), "{line}");
    }
    let (_, table, _) = run(&["eval", POLICY, path, "--lang", "en"]);
    assert!(table.contains("1 record keeps it open"), "{table}");
    assert!(table.contains("A2"), "{table}");
    let _ = std::fs::remove_dir_all(dir);
}

/// `jiangbu diff` shows each record's allocation change when the pool's total changes.
#[test]
fn diff_shows_allocations_change_with_the_total() {
    let (code, out, err) = run(&[
        "diff",
        POLICY,
        POLICY,
        RECORDS,
        "--set-new",
        "奖补资金总额=600万元",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let changes = doc["changes"].as_array().unwrap();
    // Every claimant's allocation changes; 戊 claims nothing.
    assert_eq!(changes.len(), 7, "{doc}");
    let first = &changes[0]["benefits"][0];
    // 甲: 2,000,000 × 5,000,000 ÷ 8,462,335.50 = 1,181,706.87 before; × 6,000,000 ÷ … =
    // 1,418,048.244… after, plus a fen (its remainder ties 己's, the earlier record wins).
    assert_eq!(money(&first["old"]["allocated"]), d("1181706.87"));
    assert_eq!(money(&first["new"]["allocated"]), d("1418048.25"));
    assert_eq!(money(&first["new"]["amount"]), d("2000000.00"));
}

/// Records are read twice, so a pooled policy refuses standard input, in either language.
#[test]
fn standard_input_is_refused_for_a_pooled_policy() {
    for (lang, words) in [
        ("en", "reads its records twice"),
        ("zh", "需要读取两遍记录"),
    ] {
        let out = jiangbu()
            .args(["eval", POLICY, "-", "--lang", lang])
            .stdin(
                std::fs::File::open(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(RECORDS))
                    .unwrap(),
            )
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("jiangbu::cli::pools_need_files") && err.contains(words),
            "{err}"
        );
    }
}

/// The example written in English keywords evaluates to the same allocations.
#[test]
fn the_example_in_english_keywords_allocates_the_same() {
    let (code, english, err) = run(&["fmt", "--to", "en", "--stdout", POLICY]);
    assert_eq!(code, Some(0), "{err}");
    assert!(english.contains("pro rata") && english.contains("remainder largest first"));
    let dir = scratch("en");
    let path = dir.join("pro-rata.en.policy");
    std::fs::write(&path, english).unwrap();
    let en = run(&["eval", path.to_str().unwrap(), RECORDS, "--format", "jsonl"]);
    let zh = run(&["eval", POLICY, RECORDS, "--format", "jsonl"]);
    assert_eq!(en.1, zh.1);
    let _ = std::fs::remove_dir_all(dir);
}

/// `explain` of one record tells its pool's arithmetic; it reads every record of the files it
/// is given to share the pool out.
#[test]
fn explain_tells_the_arithmetic_of_one_allocation() {
    // 丙 claims 10% × 8,000,000 = 800,000.00; 800,000 × 5,000,000 ÷ 8,462,335.50 =
    // 472,682.748… → 472,682.74, and its remainder is among the three largest: + 0.01.
    let id = "91220100000000003C";
    let (code, text, err) = run(&["explain", POLICY, RECORDS, "--id", id, "--lang", "en"]);
    assert_eq!(code, Some(0), "{err}");
    for part in [
        "claims 800,000.00 yuan",
        "8,462,335.50 yuan (7 claims from 7 records), exceed the total 5,000,000.00 yuan",
        "800,000.00 × 5,000,000.00 ÷ 8,462,335.50, rounded down to the fen, is 472,682.74 yuan",
        "plus 0.01 yuan of the left-over fens",
        "allocated 472,682.75 yuan",
    ] {
        assert!(text.contains(part), "{part}\n{text}");
    }
    let (_, zh, _) = run(&["explain", POLICY, RECORDS, "--id", id]);
    assert!(
        zh.contains("按比例核减") && zh.contains("核定 472,682.75元"),
        "{zh}"
    );
    let doc = json(&["explain", POLICY, RECORDS, "--id", id, "--format", "json"]);
    assert_eq!(money(&doc["pools"][0]["allocated"]), d("472682.75"));
    assert_eq!(money(&doc["pools"][0]["claim"]), d("800000.00"));
    // 甲 (record 0) is paid 1,181,706.870… → 1,181,706.87: no fen added.
    let (_, text, _) = run(&[
        "explain",
        POLICY,
        RECORDS,
        "--id",
        "91220100000000001A",
        "--lang",
        "en",
    ]);
    assert!(
        text.contains("is 1,181,706.87 yuan; allocated 1,181,706.87 yuan"),
        "{text}"
    );
}

// ------------------------------------------------------------------------------ grammar and lowering

/// Whether the `pool` grammar rule accepts the whole of `input`.
fn pool_rule_accepts(input: &str) -> bool {
    use pest::Parser;
    jiangbu::syntax::PolicyParser::parse(jiangbu::syntax::Rule::pool, input)
        .is_ok_and(|mut p| p.next().is_some_and(|p| p.as_str() == input))
}

#[test]
fn the_pool_rule_accepts_its_parts_in_both_languages_and_rejects_near_misses() {
    for ok in [
        "资金总额 技改资金 {}",
        "资金总额 技改资金 { 成员 第一条 第二条.设备补助 不超过 3000万元 按比例核减 尾差 从大到小 }",
        "资金总额 技改资金 { 不超过 奖补资金总额 按比例核减 尾差 留存 原文 「……」 解释 \"…\" }",
        "pool 技改资金 { members 第一条 at most 3000万元 pro rata remainder largest first }",
        "pool 技改资金 { pro  rata remainder unspent }",
    ] {
        assert!(pool_rule_accepts(ok), "{ok}");
    }
    for bad in [
        "资金总额 {}",
        "资金总额 x { 尾差 }",
        "资金总额 x { 尾差 从小到大 }",
        "资金总额 x { 最高 100万元 }",
        "资金总额 x { 就高 }",
        "pool x { prorata }",
    ] {
        assert!(!pool_rule_accepts(bad), "{bad}");
    }
}

#[test]
fn a_pool_lowers_with_members_total_rule_and_remainder() {
    use jiangbu::syntax::ast::{PoolRule, Remainder};
    let policy = jiangbu::parse(
        "资金总额 甲 { 成员 第一条 第二条.设备补助 不超过 3000万元 按比例核减 尾差 留存 }\n\
         资金总额 乙 { 成员 第三条 }",
    )
    .unwrap();
    let p = &policy.pools;
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].name.node, "甲");
    assert_eq!(p[0].members.len(), 2);
    assert_eq!(
        p[0].members[1].benefit.as_ref().map(|b| b.node.as_str()),
        Some("设备补助")
    );
    assert!(p[0].total.is_some());
    assert_eq!(p[0].rule.as_ref().map(|r| r.node), Some(PoolRule::ProRata));
    assert_eq!(
        p[0].remainder.as_ref().map(|r| r.node),
        Some(Remainder::Unspent)
    );
    // Nothing is assumed: the checker asks for what is missing.
    assert_eq!((p[1].total.is_some(), p[1].rule.is_some()), (false, false));
    assert!(p[1].remainder.is_none());
    // Twice the same part is a syntax error.
    assert!(jiangbu::parse("资金总额 甲 { 按比例核减 按比例核减 }").is_err());
}

/// csv shows each pooled subsidy's claim and allocation side by side, and the record's totals.
#[test]
fn csv_shows_claim_and_allocation_side_by_side() {
    let (code, out, err) = run(&["eval", POLICY, RECORDS, "--format", "csv", "--no-bom"]);
    assert_eq!(code, Some(0), "{err}");
    let mut lines = out.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    // With a pool, the payable amounts are the claims (申报额, 申报合计), and 合计应付 is what the
    // record is paid once the pool is shared out.
    let (payable, allocated) = (
        col("第一条 设备补助 申报额"),
        col("第一条 设备补助 核定金额"),
    );
    assert_eq!(allocated, payable + 1);
    let (total, allocated_total) = (col("申报合计"), col("合计应付"));
    assert_eq!(allocated_total, total + 1);
    // 乙: claims 1,234,567.80, allocated 729,448.62 (see the json test above).
    let second: Vec<&str> = lines.next().map(|l| l.split(',').collect()).unwrap();
    let second: Vec<&str> = if second[1] == "91220100000000001A" {
        lines.next().unwrap().split(',').collect()
    } else {
        second
    };
    assert_eq!(second[payable], "1234567.80");
    assert_eq!(second[allocated], "729448.62");
    assert_eq!(second[total], "1234567.80");
    assert_eq!(second[allocated_total], "729448.62");
}
