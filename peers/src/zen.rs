//! Notice 2021-7 in zen-expression (GoRules' expression language).
//!
//! The whole notice is one *assignment expression* (`name = expr; name = expr; …`), compiled
//! once to bytecode and run on a reused VM per record. Each assignment can read the ones before
//! it; the result is the object of all assigned names. zen has no user functions, so the
//! Kleene "all of" is spelled out per clause.
//!
//! Input, one object per record (see [`input`]):
//! - the fields of [`crate::record::FIELDS`] by English key: a number (zen numbers are exact
//!   decimals, the same `rust_decimal` jiangbu uses), `true`/`false`, a zen date (for
//!   `project_date`), or a word string;
//! - `null` for an unknown value (a required field left blank, or a malformed cell);
//! - `false` for an absent optional field (`project_date`, `project_output` left blank: no
//!   project). A missing key reads as `null` in zen, so absence needs its own mark;
//! - `params`: the six amounts `p1 … p8` (`null` would be `待定`).
//!
//! Three-valued truth is `true` / `false` / `null` (unknown).

use jiangbu::eval::value::Cell;
use rust_decimal::Decimal;
use zen_expression::expression::Standard;
use zen_expression::variable::VariableMap;
use zen_expression::vm::VM;
use zen_expression::{DateValue, Expression, Isolate, Scope, Variable};

use crate::decision::{Award, Decision, Status, BENEFITS};
use crate::record::{Field, Layout};

/// The notice, one assignment per line: `(name, expression)`.
pub const NOTICE: &[(&str, &str)] = &[
    // 定义 净增产值 = 一季度产值2021 - 一季度产值2019: unknown when either is.
    ("net", "(o2021 == null or o2019 == null) ? null : o2021 - o2019"),
    // 定义 增长率 = 净增产值 ÷ 一季度产值2019: unknown over a zero base.
    ("growth", "(net == null or o2019 == 0) ? null : net / o2019"),
    // The comparisons the clauses share: null when the value is unknown.
    ("net_2000", "net == null ? null : net >= 20000000"),
    ("net_1000", "net == null ? null : net >= 10000000"),
    ("growth_6", "growth == null ? null : growth >= 0.06"),
    ("output_5000", "o2021 == null ? null : o2021 >= 50000000"),
    // Optional fields: `false` (absent, no project) makes the comparison false.
    (
        "since_2020",
        "project_date == null ? null : (project_date == false ? false : project_date >= d('2020-01-01'))",
    ),
    (
        "project_1000",
        "project_output == null ? null : (project_output == false ? false : project_output >= 10000000)",
    ),
    // 保供类型 不属于 { 无 }
    ("supplier", "supply == null ? null : supply != '无'"),
    // 脱困方式 属于 { 升级改造 资产重组 债务重组 }
    (
        "recovered",
        "recovery == null ? null : recovery in ['升级改造', '资产重组', '债务重组']",
    ),
    // Clauses. "全部 { a b … }" (Kleene): false if one is false, else null if one is null,
    // else true.
    // 第一条 增产扩能奖补: 净增产值 达到 2000万元 以上, 增长率 达到 6% 以上
    (
        "c1",
        "(net_2000 == false or growth_6 == false) ? false : ((net_2000 == null or growth_6 == null) ? null : true)",
    ),
    // 第二条 连续生产奖补: 一季度产值2021 不低于 5000万元, 增长率 达到 6% 以上
    (
        "c2",
        "(output_5000 == false or growth_6 == false) ? false : ((output_5000 == null or growth_6 == null) ? null : true)",
    ),
    // 第三条 稳岗留工补贴: 春节连续生产, 一季度产值2021 不低于 5000万元, 增长率 达到 6% 以上
    (
        "c3",
        "(continuous == false or output_5000 == false or growth_6 == false) ? false : ((continuous == null or output_5000 == null or growth_6 == null) ? null : true)",
    ),
    // 第三条 职业培训补贴 (service): 组织职工培训
    ("c3_training", "training"),
    // 第四条 项目投产达效奖补: 项目竣工日期 不低于 2020-01-01, 项目一季度产值 达到 1000万元 以上
    (
        "c4",
        "(since_2020 == false or project_1000 == false) ? false : ((since_2020 == null or project_1000 == null) ? null : true)",
    ),
    // 第五条 银企对接 (service): 融资需求
    ("c5", "financing"),
    // 第六条 入规升级支持: 新升规
    ("c6", "newly"),
    // 第七条 要素保供支持: 保供类型 不属于 { 无 } 且 保供突出
    (
        "c7",
        "(supplier == false or supply_outstanding == false) ? false : ((supplier == null or supply_outstanding == null) ? null : true)",
    ),
    // 第七条 应急用煤优先 (service): 热电联产 且 用煤短缺
    (
        "c7_coal",
        "(chp == false or coal_short == false) ? false : ((chp == null or coal_short == null) ? null : true)",
    ),
    // 第八条 双停脱困支持: 停产半停产, 脱困方式 属于 {…}, 净增产值 达到 1000万元 以上
    (
        "c8",
        "(stopped == false or recovered == false or net_1000 == false) ? false : ((stopped == null or recovered == null or net_1000 == null) ? null : true)",
    ),
    // 第九条 包保服务 (service, unconditional) and 走访慰问 (service): 重点企业
    ("c9_service", "true"),
    ("c9_visit", "key_enterprise"),
    // Amounts of the eligible subsidies; null when not eligible or not computable.
    ("a1", "c1 == true ? params.p1 : null"),
    ("a2", "c2 == true ? params.p2 : null"),
    // 300元 × 省外户籍员工数，最高 30万元, rounded half-up to the fen.
    (
        "a3",
        "(c3 == true and people != null) ? round(min([300 * people, 300000]), 2) : null",
    ),
    ("a4", "c4 == true ? params.p4 : null"),
    ("a6", "c6 == true ? params.p6 : null"),
    ("a7", "c7 == true ? params.p7 : null"),
    ("a8", "c8 == true ? params.p8 : null"),
    // 不可兼得 奖补资金 { 成员 第一条 第二条 第三条 第四条 第六条 第七条 第八条  就高 }
    (
        "members",
        "[{clause: '第一条', truth: c1, amount: a1}, {clause: '第二条', truth: c2, amount: a2}, \
          {clause: '第三条', truth: c3, amount: a3}, {clause: '第四条', truth: c4, amount: a4}, \
          {clause: '第六条', truth: c6, amount: a6}, {clause: '第七条', truth: c7, amount: a7}, \
          {clause: '第八条', truth: c8, amount: a8}]",
    ),
    ("eligible", "filter(members, #.truth == true)"),
    // Provisional: some member is undetermined.
    ("provisional", "some(members, #.truth == null)"),
    ("known", "all(eligible, #.amount != null)"),
    // Take the highest when every eligible amount is known; ties go to the earlier member.
    (
        "top",
        "(len(eligible) > 1 and known) ? max(map(eligible, #.amount)) : null",
    ),
    (
        "winner",
        "len(eligible) == 1 ? eligible[0] : (top == null ? null : filter(eligible, #.amount == top)[0])",
    ),
    (
        "award",
        "len(eligible) == 0 ? 'none' : (winner == null ? 'pending' : winner.clause)",
    ),
    ("award_amount", "winner == null ? null : winner.amount"),
];

/// The notice as one zen source text.
pub fn source() -> String {
    NOTICE
        .iter()
        .map(|(name, expr)| format!("{name} = {expr}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The notice compiled once to zen bytecode.
pub fn compile() -> Expression<Standard> {
    let mut isolate = Isolate::new();
    isolate
        .compile_standard(&source())
        .unwrap_or_else(|e| panic!("the zen notice compiles: {e}"))
}

/// The shared `params` object.
pub fn params(values: &[(&'static str, Option<Decimal>)]) -> Variable {
    let mut map = VariableMap::new();
    for &(key, value) in values {
        map.insert_str(key, value.map_or(Variable::Null, Variable::Number));
    }
    Variable::from_object(map)
}

/// One record as zen's input object (built once, before timing).
pub fn input(layout: &Layout, cells: &[Cell], params: &Variable) -> Variable {
    let mut map = VariableMap::new();
    for (key, field) in layout.fields(cells) {
        let value = match field {
            Field::Unknown => Variable::Null,
            Field::Absent => Variable::Bool(false),
            Field::Num(d) => Variable::Number(d),
            Field::Bool(b) => Variable::Bool(b),
            Field::Date(d) => DateValue::from_text(&d.to_string())
                .unwrap_or_else(|| panic!("zen reads the date {d}")),
            Field::Word(w) => Variable::String(w.into()),
        };
        map.insert_str(key, value);
    }
    map.insert_str("params", params.clone());
    Variable::from_object(map)
}

/// Evaluate one record: what is timed.
pub fn evaluate(expression: &Expression<Standard>, vm: &mut VM, input: &Variable) -> Variable {
    expression
        .evaluate_with_scope(&Scope::new(input.clone()), vm)
        .unwrap_or_else(|e| panic!("zen evaluates the notice: {e}"))
}

fn get(result: &Variable, key: &str) -> Variable {
    match result {
        Variable::Object(map) => map.borrow().get_str(key).cloned().unwrap_or(Variable::Null),
        other => panic!("zen's result is an object, got {other}"),
    }
}

fn number(v: &Variable, what: &str) -> Option<Decimal> {
    match v {
        Variable::Null => None,
        Variable::Number(d) => Some(*d),
        other => panic!("{what} is a number or null, got {other}"),
    }
}

/// zen's result in the common shape.
pub fn decision(result: &Variable) -> Decision {
    let amount_keys: [Option<&str>; 12] = [
        Some("a1"),
        Some("a2"),
        Some("a3"),
        None,
        Some("a4"),
        None,
        Some("a6"),
        Some("a7"),
        None,
        Some("a8"),
        None,
        None,
    ];
    let benefits = BENEFITS
        .iter()
        .zip(amount_keys)
        .map(|(b, amount_key)| {
            let status = match get(result, b.key) {
                Variable::Bool(true) => Status::Eligible,
                Variable::Bool(false) => Status::Ineligible,
                Variable::Null => Status::Undetermined,
                other => panic!("{} is true, false or null, got {other}", b.key),
            };
            let amount = amount_key.and_then(|k| number(&get(result, k), k));
            (status, amount)
        })
        .collect();
    let award = match get(result, "award") {
        Variable::String(s) if s.as_str() == "none" => Award::None,
        Variable::String(s) if s.as_str() == "pending" => Award::Pending,
        Variable::String(clause) => Award::Awarded {
            clause: clause.as_str().to_string(),
            amount: number(&get(result, "award_amount"), "award_amount"),
        },
        other => panic!("award is a string, got {other}"),
    };
    let provisional = match get(result, "provisional") {
        Variable::Bool(b) => b,
        other => panic!("provisional is a boolean, got {other}"),
    };
    Decision {
        benefits,
        award,
        provisional,
    }
}
