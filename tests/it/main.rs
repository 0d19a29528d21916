//! The integration test binary: one binary, one module per concern.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod check_cases;
mod cli;
mod common;
mod conventions;
mod decision;
mod diff;
mod differential;
mod docs;
mod editors;
mod eval_cases;
mod examples;
mod examples_decision;
mod explain;
mod explain_compose;
mod explain_dates;
mod explain_units;
mod fmt;
mod formats;
mod grammar;
mod hostile_output;
mod hostile_policy;
mod hostile_records;
mod languages;
mod layering;
mod limits;
mod memory;
mod notice_2021_7;
mod props;
mod robust;
mod views_agree;
