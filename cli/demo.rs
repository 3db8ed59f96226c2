//! `doikhop demo [--out DIR] [--fixtures DIR] [--mask-ids] [--threads N]`
//!
//! Runs the whole pipeline on the shipped fixtures (fixtures/residents.csv and one list or
//! more of each kind, told by the file name): the extract is read once, each kind's outputs
//! go to `<out>/<kind>/` (default `demo-out`).

use std::path::PathBuf;

use clap::Args;
use doikhop::error::{Error, Result, exit};
use doikhop::pipeline::MatchJob;
use doikhop::registry::Registry;
use doikhop::rules::{KINDS, Rules};

use crate::shared::{MaskArg, ThreadsArg, print_counts, report_problems};

/// The arguments of `doikhop demo`.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Output folder.
    #[arg(long, default_value = "demo-out")]
    pub out: PathBuf,
    /// Folder holding residents.csv and the fixture lists.
    #[arg(long)]
    pub fixtures: Option<PathBuf>,
    #[command(flatten)]
    pub mask: MaskArg,
    #[command(flatten)]
    pub threads: ThreadsArg,
}

/// Run `doikhop demo`; the exit code.
pub fn run(a: DemoArgs) -> Result<i32> {
    a.threads.apply()?;
    cmd_demo(a.out, a.fixtures, a.mask.mask_ids)
}

fn find_fixtures(given: Option<PathBuf>) -> Result<PathBuf> {
    let candidates = match given {
        Some(p) => vec![p],
        None => vec![
            PathBuf::from("fixtures"),
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        ],
    };
    candidates
        .into_iter()
        .find(|p| p.join("residents.csv").is_file())
        .ok_or_else(|| Error::Input {
            file: "fixtures/residents.csv".into(),
            message: "không tìm thấy thư mục fixtures (chạy lệnh trong thư mục mã nguồn, hoặc dùng --fixtures DIR)".into(),
        })
}

fn cmd_demo(out: PathBuf, fixtures: Option<PathBuf>, mask_ids: bool) -> Result<i32> {
    let options = doikhop::results::OutputOptions { mask_ids };
    let dir = find_fixtures(fixtures)?;
    let residents = dir.join("residents.csv");
    let mut lists: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| Error::Io {
            path: dir.clone(),
            source: e,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && doikhop::rules::kind_of(p).is_some())
        .collect();
    lists.sort();
    let date = doikhop::util::today();
    eprintln!("Đọc dữ liệu dân cư {} …", residents.display());
    let started = std::time::Instant::now();
    let registry = Registry::load(&residents, &Rules::builtin("residents")?, date.0)?;
    let load_seconds = started.elapsed().as_secs_f64();
    eprintln!("  {} công dân", registry.len());
    let mut code = exit::OK;
    for kind in KINDS {
        let inputs: Vec<PathBuf> = lists
            .iter()
            .filter(|p| doikhop::rules::kind_of(p) == Some(kind))
            .cloned()
            .collect();
        if inputs.is_empty() {
            continue;
        }
        let kind_out = out.join(kind);
        doikhop::pipeline::check_out_dir(&kind_out)?;
        let job = MatchJob {
            inputs: inputs.clone(),
            residents: residents.clone(),
            rules: Rules::builtin(kind)?,
            out: kind_out.clone(),
        };
        let mut report = doikhop::pipeline::match_with_registry(&job, &registry, date)?;
        // The extract is read once for every kind; each run.json records that time.
        report
            .timings
            .insert(0, ("load_registry".into(), load_seconds));
        let written = doikhop::report::write_all_with(&report, &registry, &kind_out, options)?;
        code = code.max(report_problems(&report));
        eprintln!();
        eprintln!(
            "== {kind}: {}",
            inputs
                .iter()
                .map(|p| doikhop::ingest::file_name(p))
                .collect::<Vec<_>>()
                .join(", ")
        );
        print_counts(&report);
        for w in written {
            eprintln!("  → {}", w.display());
        }
    }
    Ok(code)
}
