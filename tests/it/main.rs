//! The integration test binary: one binary, one module per concern.

mod cli;
mod notice_2021_7;
