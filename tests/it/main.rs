//! One integration-test crate (polars links once): end-to-end runs on the fixtures, the CLI's
//! behaviour on bad input, and the output workbooks read back.

mod apply;
mod cli;
mod e2e;
mod layouts;
mod matching;
mod privacy;
mod registry;
mod support;
mod workbooks;
