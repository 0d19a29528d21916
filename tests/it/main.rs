//! The integration test binary: one binary, one module per concern.

mod notice_2021_7;
