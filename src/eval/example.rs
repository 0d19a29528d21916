//! Running a worked example: evaluate its record and compare with what it expects.

use rust_decimal::Decimal;

use super::amount::{to_fen, Amount};
use super::plan::{ExamplePlan, ExpectKind, ExpectedAward, Plan};
use super::record::{evaluate, Award, Outcome, Status};
use crate::syntax::keywords::Lang;

/// An expectation the actual result does not meet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// The expectation as written in the policy.
    pub expectation: String,
    /// What it expects, in words.
    pub expected: String,
    /// What the evaluation gave, in words.
    pub actual: String,
}

/// The result of one example.
#[derive(Clone, Debug)]
pub struct ExampleRun {
    /// The evaluation of the example's record (with its parameter values).
    pub outcome: Outcome,
    /// The plan it was evaluated with (parameters set), for explaining the outcome.
    pub plan: Plan,
    /// Every expectation not met; empty when the example passes.
    pub mismatches: Vec<Mismatch>,
}

/// Evaluate an example with its parameter values and compare every expectation.
pub fn run_example(plan: &Plan, example: &ExamplePlan) -> ExampleRun {
    let mut plan = plan.clone();
    for (index, value) in &example.sets {
        if let Some(p) = plan.params.get_mut(*index) {
            p.value = value.clone();
        }
    }
    let outcome = evaluate(&plan, &example.cells);
    let words = Words::new(plan.lang);
    let mut mismatches = Vec::new();
    for x in &example.expects {
        let (expected, actual) = match &x.kind {
            ExpectKind::Benefit {
                benefit,
                status,
                amount,
                payable,
            } => {
                let Some(got) = outcome.benefits.get(*benefit) else {
                    continue;
                };
                let mut expected = words.benefit(*status, amount.map(|a| a.map(Amount::Known)));
                let shown_amount =
                    amount.map(|_| got.amount.filter(|_| got.status == Status::Eligible));
                let mut actual = words.benefit(got.status, shown_amount);
                if let Some(p) = payable {
                    // What the decision pays: a known amount after every group (zero for a subsidy set
                    // aside), or nothing known.
                    expected.push_str(&words.payable(p.map(Amount::Known)));
                    actual.push_str(&words.payable(got.pay.payable().map(Amount::Known)));
                }
                (expected, actual)
            }
            ExpectKind::Award { award, provisional } => {
                let expected = words.expected_award(&plan, award, *provisional);
                let actual = match outcome.award() {
                    Some(got) => words.award(&plan, &outcome, got.award, got.provisional, award),
                    None => words.none.to_string(),
                };
                (expected, actual)
            }
        };
        if expected != actual {
            mismatches.push(Mismatch {
                expectation: x.text.clone(),
                expected,
                actual,
            });
        }
    }
    ExampleRun {
        outcome,
        plan,
        mismatches,
    }
}

/// The words results are described with, in the policy's language. Expected and actual are
/// described by the same functions, so comparing their descriptions compares the results.
struct Words {
    eligible: &'static str,
    ineligible: &'static str,
    undetermined: &'static str,
    tbd: &'static str,
    award: &'static str,
    none: &'static str,
    pending: &'static str,
    provisional: &'static str,
    payable: &'static str,
    currency: &'static str,
}

impl Words {
    fn new(lang: Lang) -> Self {
        match lang {
            Lang::Zh => Words {
                eligible: "符合",
                ineligible: "不符合",
                undetermined: "待查",
                tbd: "待定",
                award: "获奖",
                none: "无奖补",
                pending: "待选",
                provisional: "暂定",
                payable: "可给予",
                currency: "元",
            },
            Lang::En => Words {
                eligible: "eligible",
                ineligible: "ineligible",
                undetermined: "undetermined",
                tbd: "tbd",
                award: "award",
                none: "no award",
                pending: "pending",
                provisional: "provisional",
                payable: "payable",
                currency: "元",
            },
        }
    }

    fn money(&self, amount: Option<Amount>) -> String {
        match amount {
            Some(Amount::Known(d)) => format!("{}{}", yuan(d), self.currency),
            Some(Amount::Range(lo, hi)) => {
                format!(
                    "{}{} – {}{}",
                    yuan(lo),
                    self.currency,
                    yuan(hi),
                    self.currency
                )
            }
            Some(Amount::Open(_)) | None => self.tbd.to_string(),
        }
    }

    /// `符合 300000.00元`; the amount only when one is expected (`Some`).
    fn benefit(&self, status: Status, amount: Option<Option<Amount>>) -> String {
        let word = match status {
            Status::Eligible => self.eligible,
            Status::Ineligible => self.ineligible,
            Status::Undetermined => self.undetermined,
        };
        match amount {
            Some(a) => format!("{word} {}", self.money(a)),
            None => word.to_string(),
        }
    }

    /// ` 可给予 109313.00元`: what the decision pays.
    fn payable(&self, amount: Option<Amount>) -> String {
        format!(" {} {}", self.payable, self.money(amount))
    }

    fn clause(plan: &Plan, b: usize) -> String {
        plan.benefits
            .get(b)
            .map(|p| {
                let clause = plan.clauses.get(p.clause).map_or("", |c| c.id.as_str());
                format!("{clause}.{}", p.name)
            })
            .unwrap_or_default()
    }

    fn mark(&self, provisional: bool) -> String {
        if provisional {
            format!(" {}", self.provisional)
        } else {
            String::new()
        }
    }

    fn expected_award(&self, plan: &Plan, award: &ExpectedAward, provisional: bool) -> String {
        let body = match award {
            ExpectedAward::Awarded(b, amount) => match amount {
                Some(a) => format!(
                    "{} {} {}",
                    self.award,
                    Self::clause(plan, *b),
                    self.money(a.map(Amount::Known))
                ),
                None => format!("{} {}", self.award, Self::clause(plan, *b)),
            },
            ExpectedAward::None => self.none.to_string(),
            ExpectedAward::Pending(list) => self.pending_list(plan, list),
        };
        format!("{body}{}", self.mark(provisional))
    }

    fn pending_list(&self, plan: &Plan, list: &[usize]) -> String {
        let mut list = list.to_vec();
        list.sort_unstable();
        let names: Vec<String> = list.iter().map(|&b| Self::clause(plan, b)).collect();
        format!("{} {{ {} }}", self.pending, names.join(" "))
    }

    /// The actual award, described with as much detail as the expectation asks for (an amount
    /// only when the expected award states one).
    fn award(
        &self,
        plan: &Plan,
        outcome: &Outcome,
        got: &Award,
        provisional: bool,
        expected: &ExpectedAward,
    ) -> String {
        let body = match got {
            Award::Awarded(b) => {
                let with_amount = matches!(expected, ExpectedAward::Awarded(_, Some(_)));
                // What is paid (after every cap), or the amount when it is not paid.
                let amount = outcome
                    .benefits
                    .get(*b)
                    .and_then(|o| o.pay.paid().or(o.amount));
                if with_amount {
                    format!(
                        "{} {} {}",
                        self.award,
                        Self::clause(plan, *b),
                        self.money(amount)
                    )
                } else {
                    format!("{} {}", self.award, Self::clause(plan, *b))
                }
            }
            Award::None => self.none.to_string(),
            Award::Pending(list) => self.pending_list(plan, list),
        };
        format!("{body}{}", self.mark(provisional))
    }
}

fn yuan(d: Decimal) -> String {
    format!("{:.2}", to_fen(d))
}
