//! `doikhop apply --verified <DIR>/<stem>.sai-lech.xlsx [--verified ...] [--results <DIR>] --out <OUT>`
//!
//! Reads filled-in verification workbooks back, with the `match` run's results.csv and clean
//! lists (`--results`, default: the folder of the first workbook), and writes the final
//! corrected list and what is still unresolved into `--out`.

use std::path::{Path, PathBuf};

use clap::Args;
use doikhop::error::{Result, exit};

/// The arguments of `doikhop apply`.
#[derive(Args, Debug)]
pub struct ApplyArgs {
    /// A filled-in `<stem>.sai-lech.xlsx` (repeat for several).
    #[arg(long, required = true)]
    pub verified: Vec<PathBuf>,
    /// Output folder of the original `match` run (results.csv, *.sach.xlsx); default: the
    /// folder of the first --verified workbook.
    #[arg(long)]
    pub results: Option<PathBuf>,
    /// Output folder.
    #[arg(long)]
    pub out: PathBuf,
}

/// Run `doikhop apply`; the exit code.
pub fn run(a: ApplyArgs) -> Result<i32> {
    cmd_apply(a.verified, a.results, a.out)
}

fn cmd_apply(verified: Vec<PathBuf>, results: Option<PathBuf>, out: PathBuf) -> Result<i32> {
    let results = match results {
        Some(r) => r,
        None => verified
            .first()
            .and_then(|v| v.parent())
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from(".")),
    };
    doikhop::pipeline::check_out_dir(&out)?;
    let outcome = doikhop::apply::run(&doikhop::apply::ApplyJob {
        verified,
        results,
        out: out.clone(),
    })?;
    for w in &outcome.warnings {
        eprintln!("Cảnh báo: {w}");
    }
    eprintln!("Kết quả trong {}:", out.display());
    eprintln!(
        "  {:>6}  dòng trong danh sách cuối cùng ({} khớp đúng, {} đã xác minh)",
        outcome.final_rows, outcome.clean_rows, outcome.verified_rows
    );
    eprintln!(
        "  {:>6}  dòng loại khỏi danh sách sau xác minh",
        outcome.removed_rows
    );
    eprintln!("  {:>6}  dòng chưa xử lý xong", outcome.unresolved_rows);
    for w in &outcome.written {
        eprintln!("  → {}", w.display());
    }
    Ok(exit::OK)
}
