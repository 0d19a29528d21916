//! Target (c): evaluate notice 2021-7 on arbitrary typed records, with any of its six open
//! parameters set to an arbitrary amount. No record may panic, and the outcome must keep the
//! group rules: the award is an eligible member, the highest when every eligible amount is known,
//! pending only among several eligible members; clause 3 pays at most 30万元.
#![no_main]

use std::sync::OnceLock;

use arbitrary::{Result, Unstructured};
use jiangbu::eval::plan::Plan;
use jiangbu::eval::value::{Cell, Date};
use jiangbu::eval::outcome::AwardView;
use jiangbu::eval::{Award, Status};
use jiangbu::schema::FieldType;
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

const POLICY: &str = include_str!("../../policies/changchun-2021-7.policy");
const PARAMS: [&str; 6] = [
    "第一条奖补",
    "第二条奖补",
    "第四条奖补",
    "第六条奖补",
    "第七条奖补",
    "第八条奖补",
];

fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| jiangbu::compile(POLICY).expect("the shipped policy compiles"))
}

/// A number: often one of the notice's thresholds (±1 fen), else any decimal.
fn decimal(u: &mut Unstructured<'_>) -> Result<Decimal> {
    const SPECIAL: [i64; 8] = [0, 1, 10_000_000, 20_000_000, 50_000_000, 300_000, 1000, -1];
    Ok(match u.int_in_range(0..=3)? {
        0 => {
            let base = Decimal::from(*u.choose(&SPECIAL)?);
            base + Decimal::new(i64::from(u.int_in_range(-1..=1)?), 2)
        }
        1 => *u.choose(&[
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(1, 28),
            Decimal::ZERO,
        ])?,
        2 => Decimal::new(u.arbitrary::<i64>()?, u.int_in_range(0..=4)?),
        _ => {
            let mantissa = u.int_in_range(-(1i128 << 96) + 1..=(1i128 << 96) - 1)?;
            Decimal::try_from_i128_with_scale(mantissa, u.int_in_range(0..=28)?)
                .unwrap_or(Decimal::ZERO)
        }
    })
}

/// A cell for a field of type `ty`: blank, malformed, a value of the type, or rarely a value of
/// another type (the evaluator must not trust the reader blindly).
fn cell(u: &mut Unstructured<'_>, ty: &FieldType) -> Result<Cell> {
    let kind = u.int_in_range(0..=15)?;
    if kind == 0 {
        return Ok(Cell::Blank);
    }
    if kind == 1 {
        return Ok(Cell::Malformed);
    }
    let ty = if kind == 2 {
        u.choose(&[
            FieldType::Money,
            FieldType::Bool,
            FieldType::Date,
            FieldType::Text,
        ])?
        .clone()
    } else {
        ty.clone()
    };
    Ok(match ty {
        FieldType::Money | FieldType::Ratio => Cell::Num(decimal(u)?),
        FieldType::Count => Cell::Num(Decimal::from(u.int_in_range(0..=2000u32)?)),
        FieldType::Bool => Cell::Bool(u.arbitrary()?),
        FieldType::Date => Cell::Date(
            Date::from_ymd(
                u.int_in_range(2018..=2022)?,
                u.int_in_range(1..=12)?,
                u.int_in_range(1..=28)?,
            )
            .unwrap_or_else(|| unreachable!()),
        ),
        FieldType::Text => Cell::Text(u.arbitrary::<String>()?),
        // A word index within the set, as the reader produces.
        FieldType::Enum(words) => Cell::Word(u.choose_index(words.len())? as u16),
    })
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let base = plan();
    let mut owned: Option<Plan> = None;
    for name in PARAMS {
        if u.ratio(1, 3)? {
            let value = decimal(&mut u)?;
            let plan = owned.get_or_insert_with(|| base.clone());
            // A negative or out-of-range value may be refused: that is fine.
            let _ = jiangbu::check::set_param(plan, name, &value.to_string());
        }
    }
    let plan = owned.as_ref().unwrap_or(base);
    let cells = plan
        .schema
        .fields
        .iter()
        .map(|f| cell(&mut u, &f.ty))
        .collect::<Result<Vec<Cell>>>()?;
    let outcome = jiangbu::evaluate(plan, &cells);
    check(plan, &outcome);
    Ok(())
}

fn check(plan: &Plan, outcome: &jiangbu::eval::Outcome) {
    assert_eq!(outcome.benefits.len(), plan.benefits.len());
    for (b, o) in plan.benefits.iter().zip(&outcome.benefits) {
        if o.status != Status::Eligible {
            assert!(o.amount.is_none(), "{o:?}");
        }
        let clause = &plan.clauses[b.clause].id;
        if clause == "第三条" {
            if let Some(a) = o.amount.and_then(|a| a.known()) {
                assert!(a <= Decimal::from(300_000), "clause 3 pays {a}");
            }
        }
    }
    let group = &plan.groups[plan.main_group().expect("the notice has a group")];
    let Some(AwardView {
        award,
        provisional,
        set_aside,
    }) = outcome.award()
    else {
        panic!("no exclusive outcome")
    };
    let status = |m: usize| outcome.benefits[m].status;
    let eligible: Vec<usize> = group
        .members
        .iter()
        .copied()
        .filter(|&m| status(m) == Status::Eligible)
        .collect();
    assert_eq!(
        provisional,
        group
            .members
            .iter()
            .any(|&m| status(m) == Status::Undetermined)
    );
    let known_of = |m: usize| outcome.benefits[m].amount.and_then(|a| a.known());
    let known: Option<Vec<Decimal>> = eligible.iter().map(|&m| known_of(m)).collect();
    match award {
        Award::None => {
            assert!(eligible.is_empty());
            assert!(set_aside.is_empty());
        }
        Award::Awarded(m) => {
            let m = *m;
            assert!(eligible.contains(&m), "awarded {m}, eligible {eligible:?}");
            let mut rest = eligible.clone();
            rest.retain(|&e| e != m);
            assert_eq!(set_aside, rest.as_slice());
            if eligible.len() > 1 {
                let amounts = known.expect("several eligible: awarded only when all are known");
                assert_eq!(known_of(m), amounts.iter().copied().max());
            }
        }
        Award::Pending(candidates) => {
            // Take-highest offers only the members that could still win: the candidates and
            // the members set aside are the eligible ones, without overlap, and each member
            // set aside has a known amount no larger than some candidate's known amount.
            assert!(candidates.len() > 1, "{candidates:?}");
            assert!(known.is_none(), "pending although every amount is known");
            let mut all: Vec<usize> = candidates.iter().chain(set_aside).copied().collect();
            all.sort_unstable();
            let mut sorted = eligible.clone();
            sorted.sort_unstable();
            assert_eq!(all, sorted, "candidates {candidates:?} set aside {set_aside:?}");
            for &s in set_aside {
                let a = known_of(s).expect("a member set aside has a known amount");
                assert!(
                    candidates
                        .iter()
                        .any(|&c| known_of(c).is_some_and(|k| k >= a)),
                    "{s} set aside at {a} without a known candidate at least as large"
                );
            }
        }
    }
}
