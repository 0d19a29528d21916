//! Evaluation of records against a compiled policy.

pub mod amount;
pub mod decision;
pub mod example;
pub mod expr;
pub mod flat;
pub mod plan;
pub mod record;
pub mod trace;
pub mod truth;
pub mod value;

pub use decision::{Pay, Verdict};
pub use record::{
    evaluate, evaluate_into, evaluate_traced, Award, AwardView, BenefitOutcome, Decision, Due,
    GroupOutcome, Outcome, PeriodPay, Status,
};
