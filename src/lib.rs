//! jiangbu: a policy language and interpreter for government subsidy notices (奖补政策).
//!
//! A policy file states a notice's clauses — conditions, amounts, caps, "not cumulative" groups —
//! and jiangbu evaluates enterprise records against it. The pipeline, one module per stage:
//! [`syntax`] (text → AST), [`check`](mod@check) (AST → [`eval::plan::Plan`]), [`data`] (CSV → typed rows),
//! [`eval`] (row → [`eval::Outcome`]), [`report`] (outcomes → table / json / jsonl / csv), written
//! through [`output`] (a file replaced only when the run succeeds, never an input).
//!
//! ```
//! use jiangbu::eval::value::Cell;
//! use rust_decimal::Decimal;
//!
//! let policy = r#"
//!   记录 { 员工数 人数  连续生产 是否 }
//!   条款 第一条 {
//!     奖补 稳岗补贴 {
//!       条件 连续生产
//!       金额 300元 × 员工数，最高 30万元
//!     }
//!   }
//! "#;
//! let plan = jiangbu::compile(policy).expect("a valid policy");
//! // 1200 people × 300元 = 36万元, capped at 30万元.
//! let cells = [Cell::Num(Decimal::from(1200)), Cell::Bool(true)];
//! let outcome = jiangbu::evaluate(&plan, &cells);
//! assert_eq!(outcome.benefits[0].amount.and_then(|a| a.known()), Some(Decimal::from(300_000)));
//! ```

pub mod check;
pub mod cli;
pub mod data;
pub mod diag;
pub mod eval;
pub mod example;
pub mod fmt;
pub mod output;
pub mod pipeline;
pub mod pool;
pub mod report;
pub mod sample;
pub mod schema;
pub mod serve;
pub mod span;
pub mod syntax;

pub use check::check;
pub use eval::evaluate;
pub use syntax::parse;

/// Why a policy did not compile.
#[derive(Debug)]
pub enum PolicyErrors {
    /// It does not follow the grammar.
    Syntax(Vec<diag::SyntaxError>),
    /// It parses but does not make sense.
    Check(Vec<diag::CheckError>),
}

/// Parse and check a policy's text into a plan ready to evaluate records.
pub fn compile(source: &str) -> Result<eval::plan::Plan, PolicyErrors> {
    let ast = parse(source).map_err(PolicyErrors::Syntax)?;
    check(&ast, source).map_err(PolicyErrors::Check)
}
