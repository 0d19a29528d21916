//! What every engine must decide for one record, in one shape, so the engines can be compared.
//!
//! Per benefit (the policy's twelve, in policy order): the status and, for an eligible subsidy,
//! the amount when it is known. For the group `不可兼得 奖补资金 … 就高`: the award (a clause and
//! its amount, pending, or none) and whether it is provisional. Reasons and set-aside lists are
//! not compared.

use std::fmt;

use jiangbu::eval::amount::Amount;
use jiangbu::eval::plan::Plan;
use jiangbu::eval::{Award as JAward, AwardView, Outcome, Status as JStatus};
use rust_decimal::Decimal;

/// One benefit of the notice: its clause, its name (as in the policy) and the key the peers
/// use for it (zen's variable name, the order of Rego's `benefits` array).
pub struct Benefit {
    pub clause: &'static str,
    pub name: &'static str,
    pub key: &'static str,
}

/// The twelve benefits of notice 2021-7, in policy order.
#[rustfmt::skip]
pub const BENEFITS: [Benefit; 12] = [
    Benefit { clause: "第一条", name: "增产扩能奖补", key: "c1" },
    Benefit { clause: "第二条", name: "连续生产奖补", key: "c2" },
    Benefit { clause: "第三条", name: "稳岗留工补贴", key: "c3" },
    Benefit { clause: "第三条", name: "职业培训补贴", key: "c3_training" },
    Benefit { clause: "第四条", name: "项目投产达效奖补", key: "c4" },
    Benefit { clause: "第五条", name: "银企对接", key: "c5" },
    Benefit { clause: "第六条", name: "入规升级支持", key: "c6" },
    Benefit { clause: "第七条", name: "要素保供支持", key: "c7" },
    Benefit { clause: "第七条", name: "应急用煤优先", key: "c7_coal" },
    Benefit { clause: "第八条", name: "双停脱困支持", key: "c8" },
    Benefit { clause: "第九条", name: "包保服务", key: "c9_service" },
    Benefit { clause: "第九条", name: "走访慰问", key: "c9_visit" },
];

/// Panic unless the compiled policy has exactly these benefits in this order.
pub fn check_benefits(plan: &Plan) {
    let actual: Vec<(&str, &str)> = plan
        .benefits
        .iter()
        .map(|b| (plan.clauses[b.clause].id.as_str(), b.name.as_str()))
        .collect();
    let expected: Vec<(&str, &str)> = BENEFITS.iter().map(|b| (b.clause, b.name)).collect();
    assert_eq!(
        actual, expected,
        "the policy's benefits changed: update BENEFITS"
    );
}

/// A benefit's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Eligible,
    Ineligible,
    Undetermined,
}

/// The group's decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Award {
    None,
    /// This clause is paid; its amount, when known.
    Awarded {
        clause: String,
        amount: Option<Decimal>,
    },
    /// The officer chooses among several eligible members.
    Pending,
}

/// Everything compared for one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Status and known amount per benefit, in [`BENEFITS`] order.
    pub benefits: Vec<(Status, Option<Decimal>)>,
    pub award: Award,
    pub provisional: bool,
}

impl Decision {
    /// jiangbu's outcome in the common shape.
    pub fn of_jiangbu(plan: &Plan, outcome: &Outcome) -> Decision {
        let benefits = outcome
            .benefits
            .iter()
            .map(|b| {
                let status = match b.status {
                    JStatus::Eligible => Status::Eligible,
                    JStatus::Ineligible => Status::Ineligible,
                    JStatus::Undetermined => Status::Undetermined,
                };
                let amount = match b.amount {
                    Some(Amount::Known(d)) => Some(d),
                    _ => None,
                };
                (status, amount)
            })
            .collect::<Vec<_>>();
        let (award, provisional) = match outcome.award() {
            Some(AwardView {
                award, provisional, ..
            }) => {
                let award = match award {
                    JAward::None => Award::None,
                    JAward::Pending(_) => Award::Pending,
                    JAward::Awarded(b) => Award::Awarded {
                        clause: plan.clauses[plan.benefits[*b].clause].id.clone(),
                        amount: benefits[*b].1,
                    },
                };
                (award, provisional)
            }
            other => panic!("notice 2021-7 has one exclusive group, got {other:?}"),
        };
        Decision {
            benefits,
            award,
            provisional,
        }
    }
}

fn amount_text(a: Option<Decimal>) -> String {
    match a {
        Some(d) => d.normalize().to_string(),
        None => "-".to_string(),
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (b, (status, amount)) in BENEFITS.iter().zip(&self.benefits) {
            write!(f, "{}{}:{status:?}", b.clause, b.name)?;
            if amount.is_some() {
                write!(f, "={}", amount_text(*amount))?;
            }
            write!(f, " ")?;
        }
        match &self.award {
            Award::None => write!(f, "| award none")?,
            Award::Pending => write!(f, "| award pending")?,
            Award::Awarded { clause, amount } => {
                write!(f, "| award {clause} {}", amount_text(*amount))?
            }
        }
        write!(f, " provisional={}", self.provisional)
    }
}

/// The fields of two decisions that differ, one per line.
pub fn differences(expected: &Decision, actual: &Decision) -> Vec<String> {
    let mut out = Vec::new();
    for (b, (e, a)) in BENEFITS
        .iter()
        .zip(expected.benefits.iter().zip(&actual.benefits))
    {
        if e != a {
            out.push(format!(
                "    {} {}: jiangbu {:?} {}, peer {:?} {}",
                b.clause,
                b.name,
                e.0,
                amount_text(e.1),
                a.0,
                amount_text(a.1)
            ));
        }
    }
    if expected.award != actual.award {
        out.push(format!(
            "    award: jiangbu {:?}, peer {:?}",
            expected.award, actual.award
        ));
    }
    if expected.provisional != actual.provisional {
        out.push(format!(
            "    provisional: jiangbu {}, peer {}",
            expected.provisional, actual.provisional
        ));
    }
    out
}
