//! Parsing: the pest grammar in `grammar/policy.pest` and its lowering to the AST.

pub mod ast;
mod errors;
pub mod keywords;
pub mod limits;
mod lower;
mod names;

pub use lower::{lower_literal, parse, parse_duration};
pub use names::rule_name;

/// The pest parser generated from `grammar/policy.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/policy.pest"]
pub struct PolicyParser;
