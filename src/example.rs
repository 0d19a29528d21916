//! Running a worked example: evaluate its records — several records together, through the fund
//! pools' two passes as `jiangbu eval` runs them ([`crate::pool::FirstPass`],
//! [`crate::pool::Allocations::apply`]) — and compare with what it expects.

use rust_decimal::Decimal;

use crate::diag::{Localize, Word};
use crate::eval::amount::Amount;
use crate::eval::decision::Pay;
use crate::eval::outcome::Due;
use crate::eval::plan::{ExamplePlan, ExpectKind, ExpectedAward, Plan};
use crate::eval::record::{evaluate, Award, Outcome, Status};
use crate::pool::{Allocations, FirstPass, PoolTooLarge};
// Money as the table, the summaries and explain print it, with thousands separators.
use crate::report::yuan_grouped as yuan;
use crate::syntax::keywords::Lang;

/// An expectation the actual result does not meet.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Mismatch {
    /// The expectation as written in the policy.
    pub expectation: String,
    /// The record it is about, by its label, in an example of several records.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// What it expects, in words.
    pub expected: String,
    /// What the evaluation gave, in words.
    pub actual: String,
}

/// The result of one example.
#[derive(Clone, Debug)]
pub struct ExampleRun {
    /// The decision of each of the example's records (with its parameter values), in order,
    /// with what the fund pools allocate it.
    pub outcomes: Vec<Outcome>,
    /// The fund pools shared out over the example's records (`None`: the policy has none, or a
    /// pool's claims overflowed).
    pub pools: Option<Allocations>,
    /// The plan it was evaluated with (parameters set), for explaining the outcome.
    pub plan: Plan,
    /// Every expectation not met; empty when the example passes.
    pub mismatches: Vec<Mismatch>,
}

impl ExampleRun {
    /// The decision of the example's first record (its only one, unless a batch).
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcomes.first()
    }
}

/// The decisions of `example`'s records under `plan`, and what the fund pools allocate them:
/// the records are decided once for the pools' claims (first pass), shared out, then decided
/// again and given their allocations (second pass), as `jiangbu eval` does.
fn decide(
    plan: &Plan,
    example: &ExamplePlan,
) -> (Vec<Outcome>, Option<Allocations>, Option<PoolTooLarge>) {
    let pools = FirstPass::new(plan).map(|mut pass| {
        for (i, r) in example.records.iter().enumerate() {
            pass.add(
                plan,
                u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1),
                &r.cells,
            );
        }
        pass.finish(plan)
    });
    let (allocations, overflow) = match pools {
        Some(Ok(a)) => (Some(a), None),
        Some(Err(e)) => (None, Some(e)),
        None => (None, None),
    };
    let outcomes = example
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut outcome = evaluate(plan, &r.cells);
            if let Some(a) = &allocations {
                a.apply(u64::try_from(i).unwrap_or(u64::MAX), &mut outcome);
            }
            outcome
        })
        .collect();
    (outcomes, allocations, overflow)
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
    let (outcomes, pools, overflow) = decide(&plan, example);
    let words = Words::new(lang);
    let mut mismatches = Vec::new();
    if let Some(e) = overflow {
        mismatches.push(Mismatch {
            expectation: e.texts().message.get(lang).to_string(),
            record: None,
            expected: String::new(),
            actual: e.texts().help.get(lang).to_string(),
        });
    }
    let batch = example.records.len() > 1;
    for x in &example.expects {
        let Some(outcome) = outcomes.get(x.record.unwrap_or(0)) else {
            continue;
        };
        let (expected, actual) = match &x.kind {
            ExpectKind::Benefit {
                benefit,
                status,
                amount,
                payable,
                set_aside,
                installments,
                allocated,
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
                if let Some(a) = allocated {
                    expected.push_str(&words.allocated(*a));
                    // Nothing allocated (not paid, or no claim): zero.
                    let got = match got.allocated {
                        Due::Known(d) => Some(d),
                        Due::None => Some(Decimal::ZERO),
                        Due::Unknown => None,
                    };
                    actual.push_str(&words.allocated(got));
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
                    Some(got) => words.award(&plan, outcome, got.award, got.provisional, award),
                    None => words.none.to_string(),
                };
                (expected, actual)
            }
            ExpectKind::Pool {
                pool,
                allocated,
                unspent,
                cutoff,
            } => {
                let got = pools.as_ref().and_then(|a| a.pools.get(*pool));
                let name = plan.pools.get(*pool).map_or("", |p| p.name.as_str());
                let (mut expected, mut actual) = (name.to_string(), name.to_string());
                if let Some(a) = allocated {
                    expected.push_str(&words.allocated(*a));
                    actual.push_str(&words.allocated(got.and_then(|g| g.allocated)));
                }
                if let Some(u) = unspent {
                    expected.push_str(&words.unspent(*u));
                    actual.push_str(&words.unspent(got.and_then(|g| g.unspent)));
                }
                if let Some(c) = cutoff {
                    expected.push_str(&words.cutoff(Some(*c)));
                    actual.push_str(&words.cutoff(got.and_then(|g| g.cutoff)));
                }
                (expected, actual)
            }
        };
        if expected != actual {
            let record = x
                .record
                .filter(|_| batch)
                .and_then(|r| example.records.get(r))
                .map(|r| r.label.clone());
            mismatches.push(Mismatch {
                expectation: x.text.clone(),
                record,
                expected,
                actual,
            });
        }
    }
    ExampleRun {
        outcomes,
        pools,
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
    allocated: &'static str,
    unspent: &'static str,
    cutoff: &'static str,
    no_cutoff: &'static str,
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
            allocated: w(Word::ExampleAllocated),
            unspent: w(Word::ExampleUnspent),
            cutoff: w(Word::ExampleCutoff),
            no_cutoff: w(Word::ExampleNoCutoff),
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

    /// ` 核定 1181700.00元`: what a fund pool allocates (`待定` while not known).
    fn allocated(&self, amount: Option<Decimal>) -> String {
        format!(
            " {} {}",
            self.allocated,
            self.money(amount.map(Amount::Known))
        )
    }

    /// ` 留存 0.00元`: what a fund pool leaves unspent.
    fn unspent(&self, amount: Option<Decimal>) -> String {
        format!(
            " {} {}",
            self.unspent,
            self.money(amount.map(Amount::Known))
        )
    }

    /// ` 截止名次 3`, or ` 无截止名次` when every claim is paid in full.
    fn cutoff(&self, rank: Option<u64>) -> String {
        match rank {
            Some(r) => format!(" {} {r}", self.cutoff),
            None => format!(" {}", self.no_cutoff),
        }
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
