//! Evaluation of records against a compiled policy.

pub mod amount;
pub mod dates;
pub mod decision;
mod describe;
pub mod expr;
pub mod flat;
mod flat_eval;
pub mod node;
pub mod outcome;
pub mod plan;
pub mod record;
pub mod trace;
pub mod truth;
pub mod value;

pub use outcome::{
    Award, AwardView, BenefitOutcome, Decision, Due, GroupOutcome, Outcome, Pay, PeriodPay, Status,
    Verdict,
};
pub use record::{evaluate, evaluate_into, evaluate_traced};
