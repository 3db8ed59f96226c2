//! `doikhop generate --out DIR [--seed N] [--residents N] [--rows N]`
//!
//! Writes a seeded synthetic resident extract, one messy list of each kind and their truth
//! (the `doikhop-synth` crate). The same seed gives the same files.

use std::path::PathBuf;

use clap::Args;
use doikhop::error::{Error, Result, exit};

/// The arguments of `doikhop generate`.
#[derive(Args, Debug)]
pub struct GenerateArgs {
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    #[arg(long, default_value_t = 3000)]
    pub residents: usize,
    /// Person rows per list.
    #[arg(long, default_value_t = 80)]
    pub rows: usize,
    #[arg(long)]
    pub out: PathBuf,
}

/// Run `doikhop generate`; the exit code.
pub fn run(a: GenerateArgs) -> Result<i32> {
    cmd_generate(a.seed, a.residents, a.rows, a.out)
}

fn cmd_generate(seed: u64, residents: usize, rows: usize, out: PathBuf) -> Result<i32> {
    let cfg = doikhop_synth::SynthConfig {
        seed,
        residents,
        rows_per_list: rows,
    };
    let result = doikhop_synth::generate_fixtures(&cfg, &out).map_err(|e| Error::Output {
        path: out.clone(),
        message: e.to_string(),
    })?;
    for f in &result.files {
        eprintln!("  → {}", f.display());
    }
    eprintln!("{} dòng người trong các danh sách", result.person_rows);
    Ok(exit::OK)
}
