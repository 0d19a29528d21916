//! Running a worked example: evaluate its record and compare with what it expects.

use rust_decimal::Decimal;

use super::amount::{to_fen, Amount};
use super::decision::Pay;
use super::plan::{ExamplePlan, ExpectKind, ExpectedAward, Plan};
use super::record::{evaluate, Award, Outcome, Status};
use crate::diag::Word;
use crate::syntax::keywords::Lang;

/// An expectation the actual result does not meet.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
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

/// Evaluate an example with its parameter values and compare every expectation, describing
/// both in `lang`.
pub fn run_example(plan: &Plan, example: &ExamplePlan, lang: Lang) -> ExampleRun {
    let mut plan = plan.clone();
    for (index, value) in &example.sets {
        if let Some(p) = plan.params.get_mut(*index) {
            p.value = value.clone();
        }
    }
    let outcome = evaluate(&plan, &example.cells);
    let words = Words::new(lang);
    let mut mismatches = Vec::new();
    for x in &example.expects {
        let (expected, actual) = match &x.kind {
            ExpectKind::Benefit {
                benefit,
                status,
                amount,
                payable,
                set_aside,
                installments,
            } => {
                let Some(got) = outcome.benefits.get(*benefit) else {
                    continue;
                };
                let mut expected = words.benefit(*status, *amount);
                let shown_amount =
                    amount.map(|_| got.amount.filter(|_| got.status == Status::Eligible));
                let mut actual = words.benefit(got.status, shown_amount);
                if let Some(p) = payable {
                    // What the decision pays: a known amount or a range after every group, or
                    // nothing known.
                    expected.push_str(&words.payable(*p));
                    // A subsidy set aside is payable zero.
                    let paid = match got.pay {
                        Pay::SetAside(_) => Some(Amount::Known(Decimal::ZERO)),
                        other => other.paid(),
                    };
                    actual.push_str(&words.payable(paid));
                }
                if *set_aside {
                    expected.push_str(&words.pay(Pay::SetAside(0)));
                    actual.push_str(&words.pay(got.pay));
                }
                if !installments.is_empty() {
                    let labels = plan
                        .benefits
                        .get(*benefit)
                        .map_or(&[][..], |b| b.installments.as_slice());
                    let label = |i: usize| labels.get(i).map_or("", |(l, _)| l.as_str());
                    let stated: Vec<(&str, Option<Decimal>)> = installments
                        .iter()
                        .map(|(i, a)| (label(*i), Some(*a)))
                        .collect();
                    let got: Vec<(&str, Option<Decimal>)> = installments
                        .iter()
                        .map(|(i, _)| (label(*i), got.installments.get(*i).copied().flatten()))
                        .collect();
                    expected.push_str(&words.installments(&stated));
                    actual.push_str(&words.installments(&got));
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

/// The words results are described with, in the run's language. Expected and actual are
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
    set_aside: &'static str,
    not_paid: &'static str,
    installments: &'static str,
    list: &'static str,
    currency: &'static str,
}

impl Words {
    fn new(lang: Lang) -> Self {
        let w = |word: Word| word.get(lang);
        Words {
            eligible: w(Word::Eligible),
            ineligible: w(Word::Ineligible),
            undetermined: w(Word::Undetermined),
            tbd: w(Word::Tbd),
            award: w(Word::ExampleAward),
            none: w(Word::ExampleNoAward),
            pending: w(Word::Pending),
            provisional: w(Word::ProvisionalCol),
            payable: w(Word::ExamplePayable),
            set_aside: w(Word::SetAside),
            not_paid: w(Word::ExampleNotPaid),
            installments: w(Word::ExampleInstallments),
            list: w(Word::ListSep),
            currency: w(Word::Currency),
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

    /// ` 不予兼得`, ` 可给予 …`, ` 待选`, ` 不予给予`: what the decision does with a benefit.
    fn pay(&self, pay: Pay) -> String {
        match pay {
            Pay::SetAside(_) => format!(" {}", self.set_aside),
            Pay::Paid(a) => self.payable(Some(a)),
            Pay::Pending(_) => format!(" {}", self.pending),
            Pay::Not => format!(" {}", self.not_paid),
        }
    }

    /// ` 分期 2021年 60000.00元、2022年 40000.00元` (`待定` where no installment is known).
    fn installments(&self, parts: &[(&str, Option<Decimal>)]) -> String {
        let parts: Vec<String> = parts
            .iter()
            .map(|(label, a)| format!("{label} {}", self.money(a.map(Amount::Known))))
            .collect();
        format!(" {} {}", self.installments, parts.join(self.list))
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
