//! `doikhop inspect [--kind <KIND> | --rules <FILE>] [--json] <INPUT>...`
//!
//! Shows, per sheet, what doikhop understands of each input: the text encoding (CSV), header
//! rows, data rows, footer, the column mapping and the rows it would skip. Without `--kind`,
//! each file is read with the kind that maps most of its columns. `--json`: machine-readable.

use std::path::PathBuf;

use clap::Args;
use doikhop::error::{Result, exit};

use crate::shared::RulesArgs;

/// The arguments of `doikhop inspect`.
#[derive(Args, Debug)]
pub struct InspectArgs {
    #[command(flatten)]
    pub rules: RulesArgs,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
    /// Columns to use when a header is not understood: `name=C,dob=J,id=K,address=L`
    /// (column letters or header texts; `Sheet1:name=C,…` for one sheet; repeatable).
    /// `<list>.columns.toml` beside a list does the same for that list.
    #[arg(long, value_name = "TRƯỜNG=CỘT,…")]
    pub columns: Vec<String>,
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
}

/// Run `doikhop inspect`; the exit code.
pub fn run(a: InspectArgs) -> Result<i32> {
    let columns = doikhop::ingest::overrides::ColumnSpec::parse(&a.columns)
        .map_err(|message| doikhop::error::Error::Usage { message })?;
    let (json, inputs) = (a.json, a.inputs);
    let explicit = if a.rules.given() {
        Some(a.rules.load()?)
    } else {
        None
    };
    let mut code = exit::OK;
    let mut all = Vec::new();
    for path in &inputs {
        let mut rules = match &explicit {
            Some(r) => r.clone(),
            None => doikhop::inspect::best_kind(path)?,
        };
        rules.columns = columns.clone();
        match doikhop::inspect::inspect(path, &rules) {
            Ok(report) => {
                if report.has_errors() {
                    code = exit::INPUT;
                }
                if json {
                    all.push(report.to_json());
                } else {
                    print!("{}", report.to_text());
                }
            }
            Err(e) => {
                eprintln!("Lỗi: {e}");
                code = e.exit_code();
            }
        }
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
    }
    Ok(code)
}
