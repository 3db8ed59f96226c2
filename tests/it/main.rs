//! One integration-test crate (polars links once): end-to-end runs on the fixtures, the CLI's
//! behaviour on bad input, and the output workbooks read back.

mod bad_fixtures;
mod bad_inputs;
mod cli;
mod e2e;
mod fuzz_regressions;
mod nothing_lost;
mod safety;
mod support;
mod workbooks;
