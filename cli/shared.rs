//! What several subcommands share: the argument groups (residents, rules, threads, masking)
//! defined once and flattened into each command, and the few lines every command prints.

use std::path::PathBuf;

use clap::Args;
use doikhop::error::{Error, Result, exit};
use doikhop::results::{RunReport, Status};
use doikhop::rules::{KINDS, Rules};

/// `--residents`: the population extract.
#[derive(Args, Debug)]
pub struct ResidentsArg {
    /// Resident extract: CSV, Parquet or xlsx.
    #[arg(long)]
    pub residents: PathBuf,
}

/// `--kind` or `--rules`: which rules read and match the lists.
#[derive(Args, Debug)]
pub struct RulesArgs {
    /// List kind: ho-ngheo, bao-tro-xa-hoi, nguoi-co-cong, dat-dai, ho-tich.
    #[arg(long, conflicts_with = "rules")]
    pub kind: Option<String>,
    /// A rules file instead of a built-in kind.
    #[arg(long)]
    pub rules: Option<PathBuf>,
}

/// `--threads`.
#[derive(Args, Debug)]
pub struct ThreadsArg {
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

/// `--mask-ids`: an option of the written workbooks.
#[derive(Args, Debug)]
pub struct MaskArg {
    /// Show only the last 4 digits of personal IDs in the workbooks meant for circulation.
    #[arg(long)]
    pub mask_ids: bool,
}

impl RulesArgs {
    /// The rules asked for; an error naming both options when neither is given.
    pub fn load(self) -> Result<Rules> {
        load_rules(self.kind, self.rules)
    }

    pub fn given(&self) -> bool {
        self.kind.is_some() || self.rules.is_some()
    }
}

impl ThreadsArg {
    /// Size rayon's global pool (before any parallel work).
    pub fn apply(&self) -> Result<()> {
        let Some(n) = self.threads else {
            return Ok(());
        };
        rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global()
            .map_err(|e| Error::Input {
                file: "--threads".into(),
                message: e.to_string(),
            })
    }
}

fn load_rules(kind: Option<String>, rules: Option<PathBuf>) -> Result<Rules> {
    match (kind, rules) {
        (_, Some(path)) => Rules::from_file(&path),
        (Some(kind), None) => Rules::builtin(&kind),
        (None, None) => Err(Error::Rules {
            file: "--kind".into(),
            message: format!("cần --kind ({}) hoặc --rules FILE", KINDS.join(", ")),
        }),
    }
}

pub fn print_counts(report: &RunReport) {
    for s in Status::ALL {
        eprintln!(
            "  {:<10} {:>6}  {}",
            s.as_str(),
            report.count(s),
            s.label_vi()
        );
    }
    eprintln!("  {:<10} {:>6}", "total", report.rows.len());
}

/// Print the inputs' and sheets' problems; the exit code they call for.
pub fn report_problems(report: &RunReport) -> i32 {
    for i in &report.inputs {
        if let Some(e) = &i.error {
            eprintln!("Lỗi: {e}");
        }
    }
    for p in &report.sheet_problems {
        if p.kind == "error" {
            eprintln!("Lỗi: tệp {}, sheet \"{}\": {}", p.file, p.sheet, p.message);
        } else {
            eprintln!(
                "Bỏ qua: tệp {}, sheet \"{}\": {}",
                p.file, p.sheet, p.message
            );
        }
    }
    if report.has_errors() {
        exit::INPUT
    } else {
        exit::OK
    }
}
