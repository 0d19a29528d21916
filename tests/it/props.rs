//! Properties of evaluation on generated records (proptest), and on small generated policies
//! where the property is about the language rather than notice 2021-7. Each property runs a
//! bounded number of cases so the whole file takes a few seconds.

use std::collections::HashMap;
use std::sync::OnceLock;

use jiangbu::data::read_csv;
use jiangbu::eval::amount::Amount;
use jiangbu::eval::plan::Plan;
use jiangbu::eval::value::{Cell, Date};
use jiangbu::eval::{Award, Outcome, Status};
use jiangbu::schema::FieldType;
use proptest::prelude::*;
use rust_decimal::Decimal;

const POLICY: &str = include_str!("../../policies/changchun-2021-7.policy");

/// The shipped policy, compiled once (a compile costs far more than an evaluation).
fn notice() -> Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| jiangbu::compile(POLICY).unwrap())
        .clone()
}

fn wan(n: i64) -> Decimal {
    Decimal::from(n) * Decimal::from(10_000)
}

// -------------------------------------------------------------------------- generated records

/// Money near the notice's thresholds (±1 fen) or anywhere up to 3亿, in fen.
fn money() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (
            prop::sample::select(vec![0i64, 1000, 2000, 5000, 30]),
            -1i64..=1
        )
            .prop_map(|(w, f)| wan(w) + Decimal::new(f, 2)),
        (0i64..30_000_000_000).prop_map(|fen| Decimal::new(fen, 2)),
    ]
}

/// A typed cell for a field of the given type: blank 1 in 8, malformed 1 in 16.
fn cell(ty: FieldType) -> BoxedStrategy<Cell> {
    let value: BoxedStrategy<Cell> = match ty {
        FieldType::Money | FieldType::Ratio => money().prop_map(Cell::Num).boxed(),
        FieldType::Count => prop_oneof![Just(0u32), Just(1000), Just(1001), 0u32..3000]
            .prop_map(|n| Cell::Num(Decimal::from(n)))
            .boxed(),
        FieldType::Bool => any::<bool>().prop_map(Cell::Bool).boxed(),
        FieldType::Date => (2018u32..2022, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| Cell::Date(Date::from_ymd(y, m, d).unwrap()))
            .boxed(),
        FieldType::Text => "[a-z0-9]{1,8}".prop_map(Cell::Text).boxed(),
        FieldType::Enum(words) => (0..words.len() as u16).prop_map(Cell::Word).boxed(),
    };
    prop_oneof![
        2 => Just(Cell::Blank),
        1 => Just(Cell::Malformed),
        13 => value,
    ]
    .boxed()
}

/// A record of notice 2021-7: one cell per field of the shipped policy's schema.
fn record() -> impl Strategy<Value = Vec<Cell>> {
    let plan = notice();
    plan.schema
        .fields
        .iter()
        .map(|f| cell(f.ty.clone()))
        .collect::<Vec<_>>()
}

/// Values for the six open parameters: 待定 or an amount in 万元 (small, so ties happen).
fn params() -> impl Strategy<Value = Vec<Option<i64>>> {
    prop::collection::vec(
        prop::option::of(prop::sample::select(vec![5i64, 10, 20, 30, 50])),
        6,
    )
}

fn with_params(values: &[Option<i64>]) -> Plan {
    let mut plan = notice();
    for ((name, _), value) in jiangbu::sample::PARAMETERS.iter().zip(values) {
        if let Some(w) = value {
            jiangbu::check::set_param(&mut plan, name, &format!("{w}万元")).unwrap();
        }
    }
    plan
}

fn clause_of(plan: &Plan, benefit: usize) -> &str {
    &plan.clauses[plan.benefits[benefit].clause].id
}

fn exclusive(plan: &Plan, o: &Outcome) -> (Award, bool, Vec<usize>) {
    let _ = plan;
    match o.award() {
        Some(view) => (
            view.award.clone(),
            view.provisional,
            view.set_aside.to_vec(),
        ),
        other => panic!("{other:?}"),
    }
}

fn known(o: &Outcome, b: usize) -> Option<Decimal> {
    o.benefits[b].amount.and_then(Amount::known)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The untraced evaluation (conditions in flat form) and the traced one (the tree an
    /// explanation follows) give the same outcome, reasons included, on any record.
    #[test]
    fn the_flat_and_the_traced_evaluation_agree(cells in record(), values in params()) {
        let plan = with_params(&values);
        let (traced, _) = jiangbu::eval::evaluate_traced(&plan, &cells);
        prop_assert_eq!(jiangbu::evaluate(&plan, &cells), traced);
    }

    /// Clause 3 pays 300元 a head and at most 30万元, whatever the record; so does the award
    /// when it goes to clause 3.
    #[test]
    fn clause_3_never_pays_more_than_its_cap(cells in record(), values in params()) {
        let plan = with_params(&values);
        let o = jiangbu::evaluate(&plan, &cells);
        let cap = Decimal::from(300_000);
        let heads = plan.schema.slot("省外户籍员工数").unwrap();
        for (i, b) in plan.benefits.iter().enumerate() {
            if clause_of(&plan, i) != "第三条" || b.amount.is_none() {
                continue;
            }
            if let Some(a) = known(&o, i) {
                prop_assert!(a <= cap, "clause 3 pays {}", a);
                // …and exactly min(300 × heads, cap).
                let Cell::Num(n) = &cells[heads] else { panic!("{:?}", cells[heads]) };
                prop_assert_eq!(a, (Decimal::from(300) * n).min(cap));
            }
        }
        if let (Award::Awarded(m), _, _) = exclusive(&plan, &o) {
            if clause_of(&plan, m) == "第三条" {
                prop_assert!(known(&o, m).is_none_or(|a| a <= cap));
            }
        }
    }

    /// An exclusive group pays one member or none: the award is an eligible member, every other
    /// eligible member is set aside, and a pending decision pays nobody yet.
    #[test]
    fn an_exclusive_group_awards_at_most_one_member(cells in record(), values in params()) {
        let plan = with_params(&values);
        let o = jiangbu::evaluate(&plan, &cells);
        let group = &plan.groups[plan.main_group().unwrap()];
        let eligible: Vec<usize> = group
            .members
            .iter()
            .copied()
            .filter(|&m| o.benefits[m].status == Status::Eligible)
            .collect();
        let (award, provisional, set_aside) = exclusive(&plan, &o);
        let paid: Vec<usize> = eligible
            .iter()
            .copied()
            .filter(|m| !set_aside.contains(m) && !matches!(&award, Award::Pending(_)))
            .collect();
        prop_assert!(paid.len() <= 1, "paid {:?}", paid);
        match &award {
            Award::None => prop_assert!(eligible.is_empty()),
            Award::Awarded(m) => prop_assert_eq!(&paid, &vec![*m]),
            Award::Pending(c) => {
                // Take-highest: only the members that could still win are offered; the others
                // are set aside, and together they are every eligible member.
                prop_assert!(c.len() >= 2);
                prop_assert_eq!(c, &could_win(&o, &eligible));
                let mut all: Vec<usize> = c.iter().chain(&set_aside).copied().collect();
                all.sort_unstable();
                prop_assert_eq!(&all, &eligible);
            }
        }
        prop_assert_eq!(
            provisional,
            group.members.iter().any(|&m| o.benefits[m].status == Status::Undetermined)
        );
    }

    /// With all six parameters set, every eligible amount is known unless a head count is
    /// missing; then the award is the largest of them, the earliest member on a tie.
    #[test]
    fn the_award_is_the_highest_known_eligible_amount(
        cells in record(),
        values in prop::collection::vec(prop::sample::select(vec![5i64, 10, 20, 30, 50]), 6),
    ) {
        let values: Vec<Option<i64>> = values.into_iter().map(Some).collect();
        let plan = with_params(&values);
        let o = jiangbu::evaluate(&plan, &cells);
        let group = &plan.groups[plan.main_group().unwrap()];
        let eligible: Vec<usize> = group
            .members
            .iter()
            .copied()
            .filter(|&m| o.benefits[m].status == Status::Eligible)
            .collect();
        let amounts: Option<Vec<Decimal>> = eligible.iter().map(|&m| known(&o, m)).collect();
        let (award, _, _) = exclusive(&plan, &o);
        match (eligible.len(), amounts) {
            (0, _) => prop_assert_eq!(award, Award::None),
            (1, _) => prop_assert_eq!(award, Award::Awarded(eligible[0])),
            (_, Some(amounts)) => {
                let max = amounts.iter().copied().max().unwrap();
                let first = eligible[amounts.iter().position(|a| *a == max).unwrap()];
                prop_assert_eq!(award, Award::Awarded(first));
            }
            (_, None) => prop_assert_eq!(award, Award::Pending(could_win(&o, &eligible))),
        }
    }
}

/// Under take-highest with some amount open, the eligible members that could still win: every
/// member whose amount is open, and the first member with the largest known amount (a lower
/// known amount, or an equal one after it, cannot win).
fn could_win(o: &Outcome, eligible: &[usize]) -> Vec<usize> {
    let best = eligible
        .iter()
        .filter_map(|&m| Some((m, known(o, m)?)))
        .fold(None, |best: Option<(usize, Decimal)>, (m, a)| match best {
            Some((_, top)) if a <= top => best,
            _ => Some((m, a)),
        });
    eligible
        .iter()
        .copied()
        .filter(|&m| known(o, m).is_none() || best.is_some_and(|(b, _)| b == m))
        .collect()
}

// ---------------------------------------------------------------------------- Kleene's tables

/// A condition over four yes/no fields.
#[derive(Clone, Debug)]
enum Cond {
    Field(usize),
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
}

const FIELDS: [&str; 4] = ["甲", "乙", "丙", "丁"];

fn cond() -> impl Strategy<Value = Cond> {
    let leaf = (0usize..4).prop_map(Cond::Field);
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|c| Cond::Not(Box::new(c))),
            prop::collection::vec(inner.clone(), 1..4).prop_map(Cond::And),
            prop::collection::vec(inner, 1..4).prop_map(Cond::Or),
        ]
    })
}

/// The condition as policy text, in one of the spellings: `且`/`&&` or a `全部 { … }` block,
/// `或`/`||` or `任一 { … }`, `非`/`!`.
fn write(c: &Cond, style: &mut impl Iterator<Item = bool>, out: &mut String) {
    match c {
        Cond::Field(i) => out.push_str(FIELDS[*i]),
        Cond::Not(inner) => {
            out.push_str(if style.next().unwrap_or(true) {
                "非 "
            } else {
                "!"
            });
            out.push('(');
            write(inner, style, out);
            out.push(')');
        }
        Cond::And(items) | Cond::Or(items) => {
            let and = matches!(c, Cond::And(_));
            if style.next().unwrap_or(true) {
                out.push_str(if and { "全部 { " } else { "任一 { " });
                for item in items {
                    write(item, style, out);
                    out.push(' ');
                }
                out.push('}');
            } else {
                let op = match (and, style.next().unwrap_or(true)) {
                    (true, true) => " 且 ",
                    (true, false) => " && ",
                    (false, true) => " 或 ",
                    (false, false) => " || ",
                };
                out.push('(');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(op);
                    }
                    write(item, style, out);
                }
                out.push(')');
            }
        }
    }
}

/// Kleene's strong three-valued logic, `None` = unknown: the reference.
fn kleene(c: &Cond, values: &[Option<bool>; 4]) -> Option<bool> {
    match c {
        Cond::Field(i) => values[*i],
        Cond::Not(inner) => kleene(inner, values).map(|v| !v),
        Cond::And(items) => {
            let vs: Vec<Option<bool>> = items.iter().map(|i| kleene(i, values)).collect();
            if vs.contains(&Some(false)) {
                Some(false)
            } else if vs.contains(&None) {
                None
            } else {
                Some(true)
            }
        }
        Cond::Or(items) => {
            let vs: Vec<Option<bool>> = items.iter().map(|i| kleene(i, values)).collect();
            if vs.contains(&Some(true)) {
                Some(true)
            } else if vs.contains(&None) {
                None
            } else {
                Some(false)
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Every generated condition gives, on all 81 assignments of yes / no / blank to its four
    /// fields, the status Kleene's tables give (eligible, ineligible, undetermined).
    #[test]
    fn conditions_follow_kleenes_tables(c in cond(), style in prop::collection::vec(any::<bool>(), 64)) {
        let mut text = String::new();
        write(&c, &mut style.into_iter(), &mut text);
        let src = format!(
            "记录 {{ 甲 是否  乙 是否  丙 是否  丁 是否 }}\n\
             条款 c {{ 服务 s {{ 条件 {text} 内容 \"x\" }} }}\n"
        );
        let plan = jiangbu::compile(&src).unwrap_or_else(|e| panic!("{src}\n{e:?}"));
        let choices = [Some(true), Some(false), None];
        for n in 0..81 {
            let values = [0, 1, 2, 3].map(|i| choices[n / 3usize.pow(i) % 3]);
            let cells: Vec<Cell> = values
                .iter()
                .map(|v| v.map_or(Cell::Blank, Cell::Bool))
                .collect();
            let expected = match kleene(&c, &values) {
                Some(true) => Status::Eligible,
                Some(false) => Status::Ineligible,
                None => Status::Undetermined,
            };
            let outcome = jiangbu::evaluate(&plan, &cells);
            prop_assert_eq!(outcome.benefits[0].status, expected, "{} with {:?}", text, values);
            // The traced evaluation walks the condition's tree, the untraced one its flat form;
            // they must agree on the status and on the reason.
            let (traced, _) = jiangbu::eval::evaluate_traced(&plan, &cells);
            prop_assert_eq!(&outcome, &traced, "{} with {:?}", text, values);
        }
    }
}

// ------------------------------------------------------------------------- 万元 columns

/// A policy over one money column, with or without `单位 万元`.
fn scaled_policy(unit: &str) -> String {
    format!(
        "记录 {{ 代码 文本 主键  产值 金额 {unit} }}\n\
         条款 c {{\n\
           奖补 s {{ 条件 产值 达到 100万元 以上  金额 3% × 产值，最高 30万元 }}\n\
           奖补 t {{ 金额 阶梯 产值 每 50万元 计 1万元 }}\n\
         }}\n"
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A column written in 万元 gives the same results as the same amounts written in yuan.
    #[test]
    fn a_wan_yuan_column_equals_the_amounts_in_yuan(
        // Amounts in 万元 with up to 6 decimals (to the fen).
        amounts in prop::collection::vec(0i64..2_000_000_000, 1..20),
    ) {
        static PLANS: OnceLock<(Plan, Plan)> = OnceLock::new();
        let (wan_plan, yuan_plan) = PLANS.get_or_init(|| {
            (
                jiangbu::compile(&scaled_policy("单位 万元")).unwrap(),
                jiangbu::compile(&scaled_policy("")).unwrap(),
            )
        });
        let mut in_wan = String::from("代码,产值\n");
        let mut in_yuan = String::from("代码,产值\n");
        for (i, &a) in amounts.iter().enumerate() {
            let w = Decimal::new(a, 6);
            in_wan.push_str(&format!("k{i},{w}\n"));
            in_yuan.push_str(&format!("k{i},{}\n", w * Decimal::from(10_000)));
        }
        let outcomes = |plan: &Plan, text: &str| -> Vec<Outcome> {
            read_csv(text.as_bytes(), "x.csv", &plan.schema)
                .unwrap()
                .map(|row| {
                    let row = row.unwrap();
                    assert!(row.errors.is_empty(), "{:?}", row.errors);
                    jiangbu::evaluate(plan, &row.cells)
                })
                .collect()
        };
        let (a, b) = (outcomes(wan_plan, &in_wan), outcomes(yuan_plan, &in_yuan));
        prop_assert_eq!(a.len(), amounts.len());
        prop_assert_eq!(a, b);
    }
}

// --------------------------------------------------------------------------- record order

/// A record of notice 2021-7 as CSV cells (text as a statistics export writes it).
fn csv_record() -> impl Strategy<Value = Vec<String>> {
    let plan = notice();
    plan.schema
        .fields
        .iter()
        .map(|f| {
            let value: BoxedStrategy<String> = match &f.ty {
                FieldType::Money | FieldType::Ratio => money().prop_map(|d| d.to_string()).boxed(),
                FieldType::Count => (0u32..3000).prop_map(|n| n.to_string()).boxed(),
                FieldType::Bool => prop::sample::select(vec!["是", "否", "Y", "N", "maybe"])
                    .prop_map(str::to_string)
                    .boxed(),
                FieldType::Date => {
                    prop::sample::select(vec!["2020-01-01", "2019-12-31", "2021-02-30"])
                        .prop_map(str::to_string)
                        .boxed()
                }
                FieldType::Text => "[a-z]{1,6}".boxed(),
                FieldType::Enum(words) => prop::sample::select(words.clone()).boxed(),
            };
            prop_oneof![1 => Just(String::new()), 7 => value].boxed()
        })
        .collect::<Vec<_>>()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Reading and evaluating records in a shuffled order gives each record the same outcome
    /// and the same data errors (row numbers aside).
    #[test]
    fn shuffling_the_records_changes_no_outcome(
        records in prop::collection::vec(csv_record(), 1..30),
        order in any::<u64>(),
    ) {
        let plan = notice();
        let key = plan.schema.key_slot().unwrap();
        // Unique keys, so that no duplicate-key error depends on the order.
        let records: Vec<Vec<String>> = records
            .into_iter()
            .enumerate()
            .map(|(i, mut r)| {
                r[key] = format!("K{i}");
                r
            })
            .collect();
        let mut shuffled = records.clone();
        let mut state = order | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let header: Vec<&str> = plan.schema.fields.iter().map(|f| f.name.as_str()).collect();
        let run = |records: &[Vec<String>]| -> HashMap<String, (Outcome, Vec<String>)> {
            let text = std::iter::once(header.join(","))
                .chain(records.iter().map(|r| r.join(",")))
                .collect::<Vec<_>>()
                .join("\n");
            read_csv(text.as_bytes(), "x.csv", &plan.schema)
                .unwrap()
                .map(|row| {
                    let row = row.unwrap();
                    let Cell::Text(k) = &row.cells[key] else { panic!("{:?}", row.cells[key]) };
                    let errors = row
                        .errors
                        .iter()
                        .map(|e| format!("{} {} {:?}", e.column, e.value, e.problem))
                        .collect();
                    (k.clone(), (jiangbu::evaluate(&plan, &row.cells), errors))
                })
                .collect()
        };
        let (a, b) = (run(&records), run(&shuffled));
        prop_assert_eq!(a.len(), records.len());
        prop_assert_eq!(a, b);
    }
}

/// The reference itself, on the three laws SPEC states: `false 且 unknown = false`,
/// `true 且 unknown = unknown`, `true 或 unknown = true`.
#[test]
fn the_reference_tables_are_kleenes() {
    let (a, b) = (Cond::Field(0), Cond::Field(1));
    let and = Cond::And(vec![a.clone(), b.clone()]);
    let or = Cond::Or(vec![a, b]);
    let v = |x| [x, None, None, None];
    assert_eq!(kleene(&and, &v(Some(false))), Some(false));
    assert_eq!(kleene(&and, &v(Some(true))), None);
    assert_eq!(kleene(&or, &v(Some(true))), Some(true));
    assert_eq!(kleene(&or, &v(Some(false))), None);
    assert_eq!(kleene(&Cond::Not(Box::new(Cond::Field(1))), &v(None)), None);
}
