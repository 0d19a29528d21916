//! The integration test binary: one binary, one module per concern.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod catalogue;
mod check_cases;
mod check_output;
mod cli;
mod cli_english;
mod common;
mod conventions;
mod decision;
mod diff;
mod diff_languages;
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
mod notice_2021_7;
mod pools;
mod props;
mod robust;
mod usage_lang;
mod views_agree;
