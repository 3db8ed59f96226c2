//! One integration-test crate (polars links once): end-to-end runs on the fixtures, the CLI's
//! behaviour on bad input, and the output workbooks read back.

mod apply;
mod bad_fixtures;
mod bad_inputs;
mod circles;
mod cli;
mod context;
mod e2e;
mod em;
mod eval_templates;
mod family;
mod fuzz_regressions;
mod hostile;
mod layouts;
mod matching;
mod model;
mod nothing_lost;
mod printout;
mod privacy;
mod registry;
mod safety;
mod stages;
mod streaming;
mod support;
mod templates;
mod workbooks;
