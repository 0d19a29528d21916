//! Units through the working (issue 13): every intermediate value of an explanation is shown with
//! the unit the checker gives it — a literal as written (`2万元`, `1,000万元`), money ÷ a measure
//! the policy fixes as how many times (`14.67`), the whole part of a ratio as a count (`14`),
//! a share of a quantity of the record as a percent — and every band of a tier shows what its
//! condition saw, a compound condition part by part. Text in Chinese and English, and the JSON.

use insta::Settings;
use jiangbu::data::Row;
use jiangbu::eval::evaluate_traced;
use jiangbu::eval::value::Cell;
use jiangbu::report::explain::{explain_json, explain_text};
use jiangbu::syntax::keywords::Lang;
use rust_decimal::Decimal;
use serde_json::Value;

fn settings() -> Settings {
    let mut s = Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.set_snapshot_path("../snapshots/explain");
    s
}

const POLICY: &str = r#"
政策 "按新增产值计奖（测试）" { 文号 "测试〔2026〕13号" }
记录 {
  统一社会信用代码 文本 主键
  企业名称         文本
  新增产值         金额
  新建企业         是否
  主营业务收入     金额
  新增就业人数     人数
}
定义 倍数   = 新增产值 ÷ 1000万元
定义 产值比 = 新增产值 ÷ 主营业务收入
条款 第一条 "按新增产值计奖" {
  奖补 产值奖 {
    金额 2万元 × 向下取整(新增产值 ÷ 1000万元)
  }
}
条款 第二条 "新建企业分档" {
  奖补 分档奖 {
    金额 分档 {
      新建企业 且 主营业务收入 超过 5000万元 : 50万元
      主营业务收入 超过 1亿元                : 30万元
      其他                                   : 5万元
    }
  }
}
条款 第三条 "按倍数计奖" {
  奖补 倍数奖 {
    条件 倍数 达到 1 以上 且 产值比 达到 50% 以上
    金额 5万元 × 四舍五入(倍数)
  }
}
条款 第四条 "阶梯计奖" {
  奖补 阶梯奖 {
    金额 阶梯 新增产值 每 1000万元 计 2万元
  }
}
条款 第五条 "按人计奖" {
  奖补 就业奖 {
    金额 300元 × 新增就业人数
  }
}
"#;

/// A record: 新增产值, 新建企业, 主营业务收入, 新增就业人数.
fn row(output: i64, new: bool, revenue: i64, hires: i64) -> Row {
    Row {
        line: 2,
        cells: vec![
            Cell::Text("A1".into()),
            Cell::Text("甲公司".into()),
            Cell::Num(Decimal::from(output)),
            Cell::Bool(new),
            Cell::Num(Decimal::from(revenue)),
            Cell::Num(Decimal::from(hires)),
        ],
        errors: Vec::new(),
    }
}

fn text(row: &Row, lang: Lang) -> String {
    let plan = jiangbu::compile(POLICY).unwrap();
    let (outcome, trace) = evaluate_traced(&plan, &row.cells);
    explain_text(&plan, row, &outcome, &trace, lang, None, None)
}

fn json(row: &Row, lang: Lang) -> Value {
    let plan = jiangbu::compile(POLICY).unwrap();
    let (outcome, trace) = evaluate_traced(&plan, &row.cells);
    serde_json::to_value(explain_json(&plan, row, &outcome, &trace, lang, None, None)).unwrap()
}

/// 新增产值 146,700,000, a new enterprise with exactly 50,000,000 of revenue, 25 hires. By hand:
/// - 第一条: 146,700,000 ÷ 10,000,000 = 14.67 (a plain ratio, not yuan); floor → 14 (a count,
///   not a percent); 20,000 × 14 = 280,000.
/// - 第二条: band 1 fails on its second part only (新建企业 是, but 超过 excludes 50,000,000
///   itself); band 2: 50,000,000 ≤ 100,000,000 fails; 其他: 50,000.
/// - 第三条: 倍数 14.67 ≥ 1; 产值比 146,700,000 ÷ 50,000,000 = 2.934 = 293.40% ≥ 50% (a share of
///   the record's revenue, compared with a percent: shown as one); round(14.67) = 15 → 750,000.
/// - 第四条: 14 whole steps of 1000万元 × 2万元 = 280,000 (the same as 第一条, by steps).
/// - 第五条: 300 × 25 = 7,500.
#[test]
fn the_working_carries_units() {
    let r = row(146_700_000, true, 50_000_000, 25);
    let zh = text(&r, Lang::Zh);
    assert!(
        zh.contains(
            "2万元 × 向下取整(146,700,000.00元 ÷ 1,000万元 = 14.67) = 2万元 × 14 = 280,000.00元"
        ),
        "{zh}"
    );
    settings().bind(|| insta::assert_snapshot!("units_zh", zh));
    let en = text(&r, Lang::En);
    assert!(
        en.contains(
            "2万元 × floor(146,700,000.00 yuan ÷ 1,000万元 = 14.67) = 2万元 × 14 = 280,000.00 yuan"
        ),
        "{en}"
    );
    settings().bind(|| insta::assert_snapshot!("units_en", en));
}

/// Just under one measure and just over the band: 新增产值 9,999,999: 9,999,999 ÷ 10,000,000 =
/// 0.9999999, shown with every decimal (two would read 1.00 and floor(1.00) = 0 would look
/// wrong); floor → 0, 20,000 × 0 = 0. Band 1 holds: 新建企业 and 50,000,001 > 50,000,000 →
/// 500,000. 第三条 fails: 倍数 0.9999999 < 1, and 产值比 9,999,999 ÷ 50,000,001 = 0.199999976…
/// = 19.99999760…%, shown 19.999998% (two decimals would read 20.00%) < 50%.
#[test]
fn a_ratio_just_below_a_whole_keeps_its_decimals() {
    let r = row(9_999_999, true, 50_000_001, 0);
    let zh = text(&r, Lang::Zh);
    assert!(
        zh.contains(
            "2万元 × 向下取整(9,999,999.00元 ÷ 1,000万元 = 0.9999999) = 2万元 × 0 = 0.00元"
        ),
        "{zh}"
    );
    settings().bind(|| insta::assert_snapshot!("units_below_one_zh", zh));
}

/// The JSON carries each value's unit: 新增产值 ÷ 1000万元 is a `ratio` (14.67), its floor a
/// `count` (14), the literal 2万元 `yuan` (20000); the facts do not depend on the language.
#[test]
fn json_values_carry_their_units() {
    let r = row(146_700_000, true, 50_000_000, 25);
    let zh = json(&r, Lang::Zh);
    let steps = &zh["clauses"][0]["benefits"][0]["steps"];
    let units: Vec<(&str, &str)> = steps
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["result"]["value"].as_str().unwrap(),
                s["result"]["unit"].as_str().unwrap(),
            )
        })
        .collect();
    // 146,700,000 ÷ 10,000,000 = 14.67; floor 14; 20,000 × 14 = 280,000.
    assert_eq!(
        units,
        [("14.67", "ratio"), ("14", "count"), ("280000", "yuan")]
    );
    assert_eq!(steps[2]["lhs"]["value"], "20000");
    assert_eq!(steps[2]["lhs"]["unit"], "yuan");
    assert_eq!(steps[1]["step"], "call");
    assert_eq!(steps[1]["func"], "floor");
    let en = json(&r, Lang::En);
    assert_eq!(strip_text(zh.clone()), strip_text(en));
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap();
    let (first, tiers) = (pretty(&zh["clauses"][0]), pretty(&zh["clauses"][1]));
    settings().bind(|| insta::assert_snapshot!("units_json_zh", first));
    settings().bind(|| insta::assert_snapshot!("units_tiers_json_zh", tiers));
}

fn strip_text(mut v: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("text");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

/// The checker's rule behind the count: the whole part of a ratio is a count, so it compares
/// with a count (`10个`) and no longer with a percent.
#[test]
fn the_whole_part_of_a_ratio_is_a_count() {
    let policy = |condition: &str| {
        format!(
            "记录 {{ 编号 文本 主键  新增产值 金额 }}\n条款 c {{ 服务 s {{ 条件 {condition} 内容 \"x\" }} }}\n"
        )
    };
    assert!(jiangbu::compile(&policy("向下取整(新增产值 ÷ 1000万元) 不低于 10个")).is_ok());
    assert!(jiangbu::compile(&policy("向下取整(新增产值 ÷ 1000万元) 不低于 10%")).is_err());
    // With decimals it stays a ratio.
    assert!(jiangbu::compile(&policy("四舍五入(新增产值 ÷ 1000万元, 2) 不低于 10%")).is_ok());
}
