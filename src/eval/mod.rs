//! Evaluation of records against a compiled policy.

pub mod amount;
pub mod example;
pub mod expr;
pub mod plan;
pub mod record;
pub mod truth;
pub mod value;

pub use record::{evaluate, Award, BenefitOutcome, GroupOutcome, Outcome, Status};
