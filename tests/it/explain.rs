//! `jiangbu explain`: snapshots of decision notes for chosen enterprises of the example data
//! (text and json, Chinese and English), and a check that explain and `eval` never disagree.
//!
//! Each snapshot's numbers were checked by hand against its row of `examples/enterprises.csv`;
//! the comment above each case says what to look for.

use std::collections::HashMap;
use std::process::Command;

use jiangbu::cli::{explain_output, Diagnostics, Exit, ExplainArgs, ExplainFormat, ExplainLang};
use jiangbu::eval::evaluate_traced;
use jiangbu::report::explain::explain_text;
use jiangbu::syntax::keywords::Lang;
use serde_json::Value;

const POLICY: &str = "policies/changchun-2021-7.policy";
const RECORDS: &str = "examples/enterprises.csv";

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.set_snapshot_path("../snapshots/explain");
    s
}

/// What `jiangbu explain` prints for the record `id`, and its exit status.
fn explain(
    id: &str,
    sets: &[&str],
    clause: Option<&str>,
    lang: Option<ExplainLang>,
    format: ExplainFormat,
) -> (String, Exit) {
    let args = ExplainArgs {
        policy: POLICY.into(),
        records: vec![RECORDS.into()],
        id: id.into(),
        clause: clause.map(String::from),
        format,
        lang,
        set: sets.iter().map(|s| s.to_string()).collect(),
        ..ExplainArgs::default()
    };
    match explain_output(&args, &Diagnostics::default()) {
        Ok(out) => out,
        Err(exit) => panic!("explain {id} failed with {exit:?}"),
    }
}

fn text(name: &str, id: &str, sets: &[&str], clause: Option<&str>, lang: Option<ExplainLang>) {
    let (out, exit) = explain(id, sets, clause, lang, ExplainFormat::Text);
    assert_eq!(exit, Exit::Ok, "{name}: unexpected exit");
    settings().bind(|| insta::assert_snapshot!(name, out));
}

// ----------------------------------------------------------------------------------- Chinese

/// Row 93: 66,000,000 vs 60,000,000 (+10%), 1,001 out-of-province staff: 300 × 1,001 = 300,300
/// capped at 300,000. With 第二条奖补 = 50万元, take-highest gives 第二条 500,000 > 第三条 300,000.
#[test]
fn capped_amount_and_take_highest() {
    text(
        "capped_take_highest_zh",
        "91220174MABTE3G8FJ",
        &["第二条奖补=50万元"],
        None,
        None,
    );
}

/// Row 93 with 第二条奖补 = 30万元: 第二条 300,000 = 第三条 300,000 (capped): the tie goes to
/// 第二条, listed first in the group.
#[test]
fn a_tie_goes_to_the_earlier_member() {
    text(
        "tie_zh",
        "91220174MABTE3G8FJ",
        &["第二条奖补=30万元"],
        Some("第三条"),
        None,
    );
}

/// Row 18: 80,000,000 vs 60,000,000: net exactly 20,000,000 (≥ 2000万), +33.33%; 1,000 staff:
/// 300 × 1,000 = 300,000, exactly the cap. 第一、二条 amounts 待定 → pending among three.
#[test]
fn pending_choice() {
    text("pending_zh", "91220171MAWF4T6YMD", &[], None, None);
}

/// Row 3: 53,000,000 vs 50,000,000: growth exactly 6.00% (达到…以上 includes it); net 3,000,000
/// < 2000万 so 第一条 fails; 第二条 holds (金额待定) and is the only eligible member.
#[test]
fn growth_exactly_six_percent() {
    text("growth_exactly_6_zh", "91220174MAW9BGNXWN", &[], None, None);
}

/// Row 95: 52,999,999 vs 50,000,000: growth 2,999,999 / 50,000,000 = 5.999998%, shown with
/// the decimals that tell it from 6.00%.
#[test]
fn growth_just_below_six_percent() {
    text(
        "growth_below_6_zh",
        "91220106MAL3BTLM5K",
        &[],
        Some("第三条"),
        None,
    );
}

/// Row 7: 一季度产值2019 blank: 第一条 undetermined (净增产值 and 增长率 unknown); 第二、三条
/// false because 30,000,000 < 5000万 (false 且 unknown = false); no award, provisional.
#[test]
fn blank_2019_output() {
    text("blank_2019_zh", "91220104MA82H8QEGP", &[], None, None);
}

/// Row 62: 一季度产值2019 = 0: 增长率 cannot be computed, 第一、二、三条 undetermined; 第八条
/// (停产半停产, 升级改造, net 60,000,000 ≥ 1000万) set to 8万元 is awarded, provisionally.
#[test]
fn zero_2019_output() {
    text(
        "zero_2019_zh",
        "91220174MA1EXGKKG7",
        &["第八条奖补=8万元"],
        None,
        None,
    );
}

/// Row 2: a completion date 2020-03-01 but a blank project output: the optional field is absent,
/// so 第四条 is not eligible ("no project"), not undetermined.
#[test]
fn absent_optional_project() {
    text(
        "absent_project_zh",
        "91220104MAXRUM85LQ",
        &[],
        Some("第四条"),
        None,
    );
}

/// Row 21: project completed 2020-01-01 with exactly 10,000,000 of output: both bounds
/// included, 第四条 eligible and the only eligible member.
#[test]
fn project_on_the_boundaries() {
    text(
        "project_boundaries_zh",
        "91220173MA1MN5UKTH",
        &[],
        Some("第四条"),
        None,
    );
}

/// Row 57: 省外户籍员工数 blank: 第三条 is eligible but its amount cannot be computed, which
/// counts like 待定: pending with 第二条.
#[test]
fn blank_head_count() {
    text(
        "blank_head_count_zh",
        "91220105MA31GPYBCU",
        &[],
        Some("第三条"),
        None,
    );
}

/// Row 84: 0 out-of-province staff: 第三条 eligible with 300 × 0 = 0.00.
#[test]
fn zero_head_count() {
    text(
        "zero_head_count_zh",
        "91220172MALTLX2TH1",
        &[],
        Some("第三条"),
        None,
    );
}

/// Row 35: a power supplier judged outstanding (第七条, 金额待定, the only eligible member),
/// combined heat and power short of coal (应急用煤优先 granted).
#[test]
fn utility_supplier_and_services() {
    text(
        "utility_supplier_zh",
        "91220103MAC52NNEUH",
        &[],
        Some("第七条"),
        None,
    );
}

/// Row 87: `abc` as 一季度产值2021: a data error; the field is unknown, 第一、二条 undetermined;
/// the record is still explained, and the command exits 3.
#[test]
fn malformed_cell() {
    let (out, exit) = explain("91220106MAKFF24GFW", &[], None, None, ExplainFormat::Text);
    assert_eq!(exit, Exit::DataErrors);
    settings().bind(|| insta::assert_snapshot!("malformed_zh", out));
}

/// Row 89: `2021-02-30` as 项目竣工日期: 第四条 undetermined; 第七条 (气, 保供突出) awarded,
/// provisionally.
#[test]
fn malformed_date() {
    let (out, exit) = explain("91220104MAC5R0PCB5", &[], None, None, ExplainFormat::Text);
    assert_eq!(exit, Exit::DataErrors);
    settings().bind(|| insta::assert_snapshot!("malformed_date_zh", out));
}

// ----------------------------------------------------------------------------------- English

#[test]
fn capped_amount_and_take_highest_in_english() {
    text(
        "capped_take_highest_en",
        "91220174MABTE3G8FJ",
        &["第二条奖补=50万元"],
        None,
        Some(ExplainLang::En),
    );
}

#[test]
fn zero_2019_output_in_english() {
    text(
        "zero_2019_en",
        "91220174MA1EXGKKG7",
        &["第八条奖补=8万元"],
        Some("第一条"),
        Some(ExplainLang::En),
    );
}

/// Row 27: `maybe` as 春节连续生产: 第三条 undetermined; 第二条 (90,000,000, +12.5%) awarded
/// with its amount open, provisionally.
#[test]
fn malformed_cell_in_english() {
    let (out, exit) = explain(
        "91220171MAJMKCL0TX",
        &[],
        Some("第三条"),
        Some(ExplainLang::En),
        ExplainFormat::Text,
    );
    assert_eq!(exit, Exit::DataErrors);
    settings().bind(|| insta::assert_snapshot!("malformed_en", out));
}

#[test]
fn absent_optional_project_in_english() {
    text(
        "absent_project_en",
        "91220104MAXRUM85LQ",
        &[],
        Some("第四条"),
        Some(ExplainLang::En),
    );
}

/// A small policy written with English keywords, with the amount forms notice 2021-7 does not
/// use: tiers with installments and two funds, progressive rates under a cap, steps with a floor,
/// `min`, a range.
const ENGLISH_POLICY: &str = r#"
policy "Growth awards (test)" { number "No. 7" }
record {
  code     text key
  name     text
  output   money
  base     money
  staff    count
  exporter yesno
  sector   one of { steel auto food }
}
let growth = output - base
let rate   = growth ÷ base
clause A1 "Tiered award" {
  responsible "Bureau of Industry"
  original 「Enterprises that grew by 5% or more get an award by output band.」
  subsidy tiered {
    when rate reaches 5% or more and sector in { steel auto }
    amount tiers {
      output reaches 1亿元 or more   : 50万元
      output reaches 5000万元 or more : 20万元
      otherwise                      : 5万元
    }
    installments "2021" 40%, "2022" 60%
    funded by first "Special fund", then "Employment fund"
  }
}
clause A2 "Marginal award" {
  subsidy marginal {
    when growth more than 0元
    amount progressive growth { to 1000万元 : 1%  to 5000万元 : 2%  rest : 3% }, capped at 40万元
  }
}
clause A3 "Stepped award" {
  subsidy stepped {
    when not exporter
    amount steps growth per 1000万元 pays 2万元, no less than 1万元
  }
}
clause A4 "Per head" {
  subsidy per_head {
    when staff at least 10
    amount min(200元 × staff, 5% × growth)
  }
}
clause A5 "Exporters and food" {
  subsidy ranged {
    when exporter or sector = food
    amount 20万元 to 50万元
  }
}
exclusive awards { members A1 A2 A3 A4 A5 pick highest }
"#;

/// The English policy on one record, explained in English because its keywords are (no
/// `--lang`). By hand: growth 120,000,000 − 100,000,000 = 20,000,000, rate 20%; A1: band 1
/// (≥ 1亿) 500,000, paid 200,000 + 300,000; A2: 1% × 10,000,000 + 2% × 10,000,000 = 300,000,
/// under the cap; A3: 2 whole steps × 20,000 = 40,000, above the floor; A4: min(200 × 50,
/// 5% × 20,000,000) = 10,000; A5: not an exporter, not food: ineligible. Highest: A1.
#[test]
fn an_english_policy_is_explained_in_english() {
    use jiangbu::data::Row;
    use jiangbu::eval::value::Cell;
    use rust_decimal::Decimal;
    let plan = jiangbu::compile(ENGLISH_POLICY).unwrap();
    assert_eq!(plan.lang, Lang::En);
    let row = Row {
        line: 2,
        cells: vec![
            Cell::Text("E1".into()),
            Cell::Text("Acme Axles".into()),
            Cell::Num(Decimal::from(120_000_000)),
            Cell::Num(Decimal::from(100_000_000)),
            Cell::Num(Decimal::from(50)),
            Cell::Bool(false),
            Cell::Word(1),
        ],
        errors: Vec::new(),
    };
    let (outcome, trace) = evaluate_traced(&plan, &row.cells);
    let out = explain_text(&plan, &row, &outcome, &trace, plan.lang, None, None);
    settings().bind(|| insta::assert_snapshot!("english_policy", out));
    let zh = explain_text(&plan, &row, &outcome, &trace, Lang::Zh, None, None);
    settings().bind(|| insta::assert_snapshot!("english_policy_in_chinese", zh));
}

// -------------------------------------------------------------------------------------- JSON

#[test]
fn json_take_highest() {
    let (out, _) = explain(
        "91220174MABTE3G8FJ",
        &["第二条奖补=50万元"],
        Some("第三条"),
        None,
        ExplainFormat::Json,
    );
    settings().bind(|| insta::assert_snapshot!("take_highest_json_zh", out));
}

#[test]
fn json_zero_2019_output_in_english() {
    let (out, _) = explain(
        "91220174MA1EXGKKG7",
        &[],
        Some("第一条"),
        Some(ExplainLang::En),
        ExplainFormat::Json,
    );
    settings().bind(|| insta::assert_snapshot!("zero_2019_json_en", out));
}

/// The JSON with every field named `text` (the prose) removed: what must not depend on `--lang`.
fn facts(mut v: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                // Prose follows --lang: `text`, and the `reason` / `message` beside their codes.
                map.remove("text");
                map.remove("reason");
                map.remove("message");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

fn json(id: &str, sets: &[&str], clause: Option<&str>, lang: ExplainLang) -> Value {
    let (out, _) = explain(id, sets, clause, Some(lang), ExplainFormat::Json);
    // Every object names each key once (a benefit once wrote `reason_code` twice).
    crate::common::parse_unique_keys(&out).unwrap()
}

/// The benefit named `name` in an explanation.
fn benefit<'v>(explained: &'v Value, name: &str) -> &'v Value {
    explained["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["benefits"].as_array().unwrap())
        .find(|b| b["name"] == name)
        .unwrap_or_else(|| panic!("no benefit {name}"))
}

/// Every record of the example data (blank, malformed and zero cells, absent optional fields,
/// open and set amounts), with no parameter set and with every one set: the JSON in Chinese and
/// in English is identical once the `text` fields are removed, and the `text` fields do differ
/// (so the comparison is not vacuous).
#[test]
fn json_facts_are_the_same_in_every_language() {
    for sets in [&[][..], ALL_SET] {
        for record in eval_jsonl(sets) {
            let id = record["id"].as_str().unwrap();
            let zh = json(id, sets, None, ExplainLang::Zh);
            let en = json(id, sets, None, ExplainLang::En);
            assert_ne!(zh, en, "{id}: the prose follows --lang");
            assert_eq!(facts(zh), facts(en), "{id}: facts depend on --lang");
        }
    }
}

/// The English policy (tiers, marginal bands, whole steps, a floor, `min`, a range): its facts
/// read the same in English and in Chinese.
#[test]
fn json_facts_of_an_english_policy_are_the_same_in_chinese() {
    use jiangbu::data::Row;
    use jiangbu::eval::value::Cell;
    use jiangbu::report::explain::explain_json;
    use rust_decimal::Decimal;
    let plan = jiangbu::compile(ENGLISH_POLICY).unwrap();
    for (exporter, staff) in [(false, 50), (true, 0)] {
        let row = Row {
            line: 2,
            cells: vec![
                Cell::Text("E1".into()),
                Cell::Text("Acme Axles".into()),
                Cell::Num(Decimal::from(120_000_000)),
                Cell::Num(Decimal::from(100_000_000)),
                Cell::Num(Decimal::from(staff)),
                Cell::Bool(exporter),
                Cell::Word(1),
            ],
            errors: Vec::new(),
        };
        let (outcome, trace) = evaluate_traced(&plan, &row.cells);
        let en = explain_json(&plan, &row, &outcome, &trace, Lang::En, None, None);
        let zh = explain_json(&plan, &row, &outcome, &trace, Lang::Zh, None, None);
        let (en, zh) = (
            serde_json::to_value(en).unwrap(),
            serde_json::to_value(zh).unwrap(),
        );
        assert_ne!(en, zh);
        assert_eq!(facts(en), facts(zh));
    }
}

/// Each reason as a code with its parameters, read from the example data by hand:
/// row 62 一季度产值2019 = 0 (增长率, line 47 of the policy, divides by it); row 7 一季度产值2019
/// blank; row 87 一季度产值2021 is `abc`; row 35 第七条 is eligible and its amount is the
/// parameter 第七条奖补, `待定` on line 40.
#[test]
fn json_reasons_are_codes_with_parameters() {
    let zero = json("91220174MA1EXGKKG7", &[], Some("第一条"), ExplainLang::Zh);
    let b = benefit(&zero, "增产扩能奖补");
    assert_eq!(b["status"], "undetermined");
    assert_eq!(b["reason_code"], "zero_divisor");
    assert_eq!(
        b["reason_params"],
        serde_json::json!({ "divisor": "一季度产值2019", "definition": "增长率", "line": 47 })
    );
    // 净增产值 ≥ 2000万: 60,000,000 − 0 = 60,000,000 ≥ 20,000,000 holds; 增长率 is unknown.
    let parts = b["condition"]["children"].as_array().unwrap();
    assert_eq!(b["condition"]["combine"], "all");
    assert_eq!(b["condition"]["truth"], "unknown");
    assert_eq!(
        parts[0]["checks"][0],
        serde_json::json!({
            "check": "compare",
            "left": { "name": "净增产值", "value": "60000000", "unit": "yuan" },
            "op": ">=",
            "right": { "value": "20000000", "unit": "yuan" },
        })
    );
    assert_eq!(parts[0]["truth"], "true");
    assert_eq!(
        parts[1]["checks"][0]["left"],
        serde_json::json!({ "name": "增长率", "value": null, "unit": "ratio",
                            "state": "unknown", "reason_code": "zero_divisor" })
    );
    assert_eq!(parts[1]["checks"][0]["right"]["value"], "0.06");

    let blank = json("91220104MA82H8QEGP", &[], Some("第一条"), ExplainLang::En);
    let b = benefit(&blank, "增产扩能奖补");
    assert_eq!(b["reason_code"], "blank");
    assert_eq!(
        b["reason_params"],
        serde_json::json!({ "field": "一季度产值2019", "value": "" })
    );

    let malformed = json("91220106MAKFF24GFW", &[], Some("第一条"), ExplainLang::En);
    let b = benefit(&malformed, "增产扩能奖补");
    assert_eq!(b["reason_code"], "malformed");
    assert_eq!(
        b["reason_params"],
        serde_json::json!({ "field": "一季度产值2021", "value": "abc" })
    );
    assert_eq!(malformed["errors"][0]["column"], "一季度产值2021");
    assert_eq!(malformed["errors"][0]["value"], "abc");

    let tbd = json("91220103MAC52NNEUH", &[], Some("第七条"), ExplainLang::En);
    let b = benefit(&tbd, "要素保供支持");
    assert_eq!(b["status"], "eligible");
    assert_eq!(b["amount"], Value::Null);
    assert_eq!(b["reason_code"], "tbd");
    assert_eq!(
        b["reason_params"],
        serde_json::json!({ "parameter": "第七条奖补", "line": 40 })
    );
}

/// Row 93 with 第二条奖补 = 50万元, by hand: 净增产值 = 66,000,000 − 60,000,000 = 6,000,000;
/// 增长率 = 6,000,000 ÷ 60,000,000 = 0.1; 第三条: 300 × 1,001 = 300,300, above the cap of
/// 300,000, so 300,000; take-highest sets it aside for 第二条's 500,000.
#[test]
fn json_steps_are_exact_decimals_with_units() {
    let e = json(
        "91220174MABTE3G8FJ",
        &["第二条奖补=50万元"],
        Some("第三条"),
        ExplainLang::En,
    );
    let b = benefit(&e, "稳岗留工补贴");
    let n = |v: &str, u: &str| serde_json::json!({ "value": v, "unit": u });
    assert_eq!(
        b["steps"],
        serde_json::json!([
            { "step": "arith", "op": "mul", "lhs": n("300", "yuan"), "rhs": n("1001", "count"),
              "result": n("300300", "yuan"), "line": 87 },
            { "step": "bound", "kind": "at_most", "limit": n("300000", "yuan"),
              "before": n("300300", "yuan"), "after": n("300000", "yuan") },
        ])
    );
    let defs = b["definitions"].as_array().unwrap();
    assert_eq!(defs[0]["name"], "净增产值");
    assert_eq!(defs[0]["steps"][0]["op"], "sub");
    assert_eq!(defs[0]["steps"][0]["lhs"], n("66000000", "yuan"));
    assert_eq!(defs[0]["steps"][0]["rhs"], n("60000000", "yuan"));
    assert_eq!(defs[0]["steps"][0]["result"], n("6000000", "yuan"));
    assert_eq!(defs[1]["name"], "增长率");
    assert_eq!(defs[1]["steps"][0]["op"], "div");
    assert_eq!(defs[1]["steps"][0]["result"], n("0.1", "ratio"));
    assert_eq!(defs[1]["value"], n("0.1", "ratio"));
    assert_eq!(b["amount"], "300000.00");
    assert_eq!(b["paid"], false);
    // Set aside by take-highest: eligible, not paid, so payable zero (docs/output.md).
    assert_eq!(b["payable"], "0.00");
    assert_eq!(
        b["groups"],
        serde_json::json!([{ "group": "奖补资金", "role": "set_aside" }])
    );
    assert_eq!(e["award"]["clause"], "第二条");
    assert_eq!(e["award"]["payable"], "500000.00");
    assert_eq!(e["groups"][0]["result"], e["award"]);
}

/// The reproduction of issue 12: 200万元 capped by the field 留成 = 109,313: the benefit's
/// amount is 2,000,000.00, payable 109,313.00 (min(2,000,000, 109,313)), capped by 留成上限.
#[test]
fn json_states_what_a_cumulative_cap_pays() {
    use jiangbu::data::Row;
    use jiangbu::eval::value::Cell;
    use jiangbu::report::explain::explain_json;
    use rust_decimal::Decimal;
    let plan = jiangbu::compile(
        "记录 {\n  信用代码 文本 主键\n  留成     金额\n}\n条款 第一条 {\n  奖补 甲 {\n    金额 200万元\n  }\n}\n累计上限 留成上限 {\n  成员 第一条\n  不超过 留成\n}\n",
    )
    .unwrap();
    let row = Row {
        line: 2,
        cells: vec![Cell::Text("X1".into()), Cell::Num(Decimal::from(109_313))],
        errors: Vec::new(),
    };
    let (outcome, trace) = evaluate_traced(&plan, &row.cells);
    let e = explain_json(&plan, &row, &outcome, &trace, Lang::En, None, None);
    let e = serde_json::to_value(e).unwrap();
    let b = benefit(&e, "甲");
    assert_eq!(b["amount"], "2000000.00");
    assert_eq!(b["payable"], "109313.00");
    assert_eq!(b["paid"], true);
    assert_eq!(b["capped_by"], "留成上限");
    assert_eq!(
        b["groups"],
        serde_json::json!([{ "group": "留成上限", "role": "capped" }])
    );
    assert_eq!(
        e["groups"][0]["result"],
        serde_json::json!({ "total": "2000000.00", "cap": "109313.00",
                            "payable": "109313.00", "provisional": false })
    );
}

/// A hostile record: 留成 = 10^20 yuan and 员工 = 10^20, so 留成 × 员工 = 10^40 exceeds the
/// decimal range (about 7.9 × 10^28). The amount is open with the code `overflow`, naming its
/// line (line 8 of the policy), and the record carries the overflow as an error.
#[test]
fn json_overflow_is_a_code_with_the_expression() {
    use jiangbu::data::Row;
    use jiangbu::eval::value::Cell;
    use jiangbu::report::explain::explain_json;
    use rust_decimal::Decimal;
    let plan = jiangbu::compile(
        "记录 {\n  信用代码 文本 主键\n  留成     金额\n  员工     人数\n}\n条款 第一条 {\n  奖补 甲 {\n    金额 留成 × 员工\n  }\n}\n",
    )
    .unwrap();
    let row = Row {
        line: 2,
        cells: vec![
            Cell::Text("X1".into()),
            Cell::Num(Decimal::from_i128_with_scale(10_i128.pow(20), 0)),
            Cell::Num(Decimal::from_i128_with_scale(10_i128.pow(20), 0)),
        ],
        errors: Vec::new(),
    };
    let (outcome, trace) = evaluate_traced(&plan, &row.cells);
    let zh = serde_json::to_value(explain_json(
        &plan,
        &row,
        &outcome,
        &trace,
        Lang::Zh,
        None,
        None,
    ))
    .unwrap();
    let en = serde_json::to_value(explain_json(
        &plan,
        &row,
        &outcome,
        &trace,
        Lang::En,
        None,
        None,
    ))
    .unwrap();
    let b = benefit(&zh, "甲");
    assert_eq!(b["reason_code"], "overflow");
    // The evaluator notes an operation by its right operand's text.
    assert_eq!(
        b["reason_params"],
        serde_json::json!({ "expression": "员工", "line": 8 })
    );
    assert_eq!(b["status"], "eligible");
    assert_eq!(b["amount"], Value::Null);
    assert_eq!(zh["errors"][0]["column"], Value::Null);
    assert_eq!(facts(zh), facts(en));
}

/// One code per reason, stable, and each in the table of docs/explain.md.
#[test]
fn every_reason_code_is_documented() {
    use jiangbu::eval::truth::Reason;
    use jiangbu::span::Span;
    let doc = std::fs::read_to_string("docs/explain.md").unwrap();
    let codes = [
        Reason::Blank(0),
        Reason::Malformed(0),
        Reason::DivZero {
            divisor: Span::default(),
            def: None,
        },
        Reason::Tbd(None),
        Reason::Tbd(Some(0)),
        Reason::Overflow(Span::default()),
    ]
    .map(Reason::code);
    assert_eq!(
        codes,
        [
            "blank",
            "malformed",
            "zero_divisor",
            "tbd",
            "tbd",
            "overflow"
        ]
    );
    for code in codes {
        assert!(
            doc.contains(&format!("| `{code}` |")),
            "{code} is not documented"
        );
    }
}

// ----------------------------------------------------------------------------------- errors

#[test]
fn an_unknown_key_or_clause_stops_the_command() {
    let base = ExplainArgs {
        policy: POLICY.into(),
        records: vec![RECORDS.into()],
        id: "91220174MABTE3G8JF".into(),
        clause: None,
        format: ExplainFormat::Text,
        lang: None,
        set: Vec::new(),
        ..ExplainArgs::default()
    };
    let diags = Diagnostics::default();
    assert_eq!(explain_output(&base, &diags).err(), Some(Exit::Failed));
    let clause = ExplainArgs {
        id: "91220174MABTE3G8FJ".into(),
        clause: Some("第十条".into()),
        ..base
    };
    // A clause the policy does not have is a wrong argument.
    assert_eq!(explain_output(&clause, &diags).err(), Some(Exit::Usage));
}

// --------------------------------------------------------------- explain and eval agree

/// The parameters set in the second agreement run: every open amount gets a distinct value, so
/// take-highest decides most records.
const ALL_SET: &[&str] = &[
    "第一条奖补=50万元",
    "第二条奖补=20万元",
    "第四条奖补=30万元",
    "第六条奖补=10万元",
    "第七条奖补=5万元",
    "第八条奖补=60万元",
];

/// `eval --format jsonl` for every record, by key.
fn eval_jsonl(sets: &[&str]) -> Vec<Value> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jiangbu"));
    cmd.args(["eval", POLICY, RECORDS, "--format", "jsonl"]);
    for s in sets {
        cmd.args(["--set", s]);
    }
    let out = cmd.env("NO_COLOR", "1").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "the example data has three data errors"
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn agree(sets: &[&str]) {
    let records = eval_jsonl(sets);
    assert_eq!(records.len(), 101);
    for record in records {
        let id = record["id"].as_str().unwrap();
        let (out, exit) = explain(id, sets, None, None, ExplainFormat::Json);
        let explained: Value = serde_json::from_str(&out).unwrap();
        let errors = record["errors"].as_array().unwrap();
        assert_eq!(
            exit == Exit::DataErrors,
            !errors.is_empty(),
            "{id}: exit status"
        );
        assert_eq!(explained["row"], record["row"], "{id}: row");
        // Every benefit, by clause and name: the contract's object, field for field (status,
        // amount, range, installments, reason, paid, payable).
        let mut said: HashMap<(String, String), Value> = HashMap::new();
        for clause in explained["clauses"].as_array().unwrap() {
            for b in clause["benefits"].as_array().unwrap() {
                let key = (b["clause"].to_string(), b["name"].to_string());
                said.insert(key, b.clone());
            }
        }
        let benefits = record["benefits"].as_array().unwrap();
        assert_eq!(said.len(), benefits.len(), "{id}: benefit count");
        for b in benefits {
            let key = (b["clause"].to_string(), b["name"].to_string());
            let explained = &said[&key];
            for (field, value) in b.as_object().unwrap() {
                assert_eq!(&explained[field], value, "{id} {key:?}: {field}");
            }
        }
        // The award: the same object as jsonl's.
        assert_eq!(explained["award"], record["award"], "{id}: award");
        // The one-line summary states the same decision.
        let summary = explained["text"]["summary"].as_str().unwrap();
        let word = match record["award"]["status"].as_str().unwrap() {
            "awarded" => "获奖：",
            "pending" => "待选：",
            _ => "",
        };
        if word.is_empty() {
            assert!(
                summary.starts_with("待查：") || summary.starts_with("不符合"),
                "{id}: {summary}"
            );
        } else {
            assert!(summary.starts_with(word), "{id}: {summary}");
        }
    }
}

#[test]
fn explain_and_eval_agree_on_every_record() {
    agree(&[]);
}

#[test]
fn explain_and_eval_agree_with_every_parameter_set() {
    agree(ALL_SET);
}

// ------------------------------------------------------------------------------ command line

#[derive(clap::Parser)]
struct Cli {
    #[command(flatten)]
    args: ExplainArgs,
}

#[test]
fn the_command_line_parses() {
    use clap::{CommandFactory, Parser};
    Cli::command().debug_assert();
    let cli = Cli::try_parse_from([
        "explain",
        POLICY,
        RECORDS,
        "--id",
        "91220174MABTE3G8FJ",
        "--clause",
        "第三条",
        "--format",
        "json",
        "--lang",
        "en",
        "--set",
        "第二条奖补=50万元",
        "--set",
        "第一条奖补=10万元",
    ])
    .unwrap();
    assert_eq!(cli.args.id, "91220174MABTE3G8FJ");
    assert_eq!(cli.args.clause.as_deref(), Some("第三条"));
    assert_eq!(cli.args.format, ExplainFormat::Json);
    assert_eq!(cli.args.lang, Some(ExplainLang::En));
    assert_eq!(cli.args.set.len(), 2);
    assert!(
        Cli::try_parse_from(["explain", POLICY, RECORDS]).is_err(),
        "--id is required"
    );
}

/// `explain --format json` for a pooled policy keeps the explanation's own key order (as a policy
/// without pools writes it) and adds `pools` last; it used to come out in alphabetical order.
#[test]
fn a_pooled_explanation_keeps_the_key_order_and_adds_pools_last() {
    let keys = |args: &[&str]| -> Vec<String> {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_jiangbu"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        // The top-level keys: the lines indented by exactly two spaces that open a key.
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("  \""))
            .filter_map(|l| l[3..].split('"').next().map(String::from))
            .collect()
    };
    let plain = keys(&[
        "explain",
        "policies/changchun-2021-7.policy",
        "examples/enterprises.csv",
        "--id",
        "91220174MABTE3G8FJ",
        "--format",
        "json",
    ]);
    let pooled = keys(&[
        "explain",
        "policies/examples/pro-rata.policy",
        "examples/pro-rata.csv",
        "--id",
        "91220100000000001A",
        "--format",
        "json",
    ]);
    assert_eq!(plain.first().map(String::as_str), Some("id"), "{plain:?}");
    let mut expected = plain.clone();
    expected.push("pools".into());
    assert_eq!(pooled, expected);
}
