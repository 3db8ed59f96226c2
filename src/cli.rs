//! Command-line interface: argument parsing and the subcommands. The library does the work.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::error::{Error, Result, exit};
use crate::matching::Status;
use crate::pipeline::{MatchJob, RunReport};
use crate::registry::Registry;
use crate::rules::{KINDS, Rules};

#[derive(Parser, Debug)]
#[command(
    name = "doikhop",
    version,
    about = "Đối khớp danh sách với CSDLQG về dân cư — clean Vietnamese lists and match them against the population database extract"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Match lists against a resident extract and write results.csv and the workbooks.
    Match {
        /// Resident extract: CSV, Parquet or xlsx.
        #[arg(long)]
        residents: PathBuf,
        /// List kind: ho-ngheo, bao-tro-xa-hoi, nguoi-co-cong, dat-dai, ho-tich.
        #[arg(long, conflicts_with = "rules")]
        kind: Option<String>,
        /// A rules file instead of a built-in kind.
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Stop at the first input file or sheet that cannot be read (nothing is written);
        /// by default the others are still processed and the run exits with code 3.
        #[arg(long)]
        strict: bool,
        /// Write into an --out folder that already holds files (outputs of the same names are
        /// replaced; inputs never are).
        #[arg(long)]
        force: bool,
        /// Worker threads (default: one per core). Results do not depend on it.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        threads: Option<u16>,
        /// Refuse a sheet with more rows holding data than this.
        #[arg(long, default_value_t = crate::ingest::limits::EXCEL_MAX_ROWS as u64, value_parser = clap::value_parser!(u64).range(1..))]
        max_rows: u64,
        /// Input lists (.xlsx, .xlsm, .xls, .ods, .csv).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Show what doikhop understands of each sheet: header rows, data rows, footer, column mapping.
    Inspect {
        /// List kind whose header synonyms to use (default: the one that maps most columns).
        #[arg(long, conflicts_with = "rules")]
        kind: Option<String>,
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Run the whole pipeline on the shipped fixtures.
    Demo {
        /// Output folder.
        #[arg(long, default_value = "demo-out")]
        out: PathBuf,
        /// Folder holding residents.csv and the fixture lists.
        #[arg(long)]
        fixtures: Option<PathBuf>,
        /// Worker threads (default: one per core). Results do not depend on it.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        threads: Option<u16>,
    },
    /// Write a synthetic resident extract, one messy list of each kind and their truth (seeded).
    Generate {
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        #[arg(long, default_value_t = 3000)]
        residents: usize,
        /// Person rows per list.
        #[arg(long, default_value_t = 80)]
        rows: usize,
        #[arg(long)]
        out: PathBuf,
    },
}

/// Run the CLI; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Match {
            residents,
            kind,
            rules,
            out,
            strict,
            force,
            threads,
            max_rows,
            inputs,
        } => set_threads(threads).and_then(|()| {
            let opts = crate::pipeline::RunOptions {
                strict,
                limits: crate::ingest::ReadLimits::with_max_rows(
                    usize::try_from(max_rows).unwrap_or(usize::MAX),
                ),
            };
            cmd_match(residents, kind, rules, out, inputs, force, &opts)
        }),
        Command::Inspect {
            kind,
            rules,
            json,
            inputs,
        } => cmd_inspect(kind, rules, json, inputs),
        Command::Demo {
            out,
            fixtures,
            threads,
        } => set_threads(threads).and_then(|()| cmd_demo(out, fixtures)),
        Command::Generate {
            seed,
            residents,
            rows,
            out,
        } => cmd_generate(seed, residents, rows, out),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Lỗi: {e}");
            e.exit_code()
        }
    }
}

/// Size rayon's global pool (before any parallel work).
fn set_threads(threads: Option<u16>) -> Result<()> {
    let Some(n) = threads else {
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

fn print_counts(report: &RunReport) {
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

fn report_problems(report: &RunReport) -> i32 {
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

fn cmd_match(
    residents: PathBuf,
    kind: Option<String>,
    rules: Option<PathBuf>,
    out: PathBuf,
    inputs: Vec<PathBuf>,
    force: bool,
    opts: &crate::pipeline::RunOptions,
) -> Result<i32> {
    let rules = load_rules(kind, rules)?;
    crate::pipeline::prepare_out_dir(&out, force)?;
    let job = MatchJob {
        inputs,
        residents,
        rules,
        out: out.clone(),
    };
    let report = crate::pipeline::run_match_with(&job, opts)?;
    let code = report_problems(&report);
    eprintln!("Kết quả trong {}:", out.display());
    print_counts(&report);
    Ok(code)
}

fn cmd_inspect(
    kind: Option<String>,
    rules: Option<PathBuf>,
    json: bool,
    inputs: Vec<PathBuf>,
) -> Result<i32> {
    let explicit = match (&kind, &rules) {
        (None, None) => None,
        _ => Some(load_rules(kind, rules)?),
    };
    let mut code = exit::OK;
    let mut all = Vec::new();
    for path in &inputs {
        let rules = match &explicit {
            Some(r) => r.clone(),
            None => crate::inspect::best_kind(path)?,
        };
        match crate::inspect::inspect(path, &rules) {
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

/// Kind of a fixture list from its file name ("bao-tro-xa-hoi-bo-sung.csv" → bao-tro-xa-hoi).
pub fn kind_of(path: &Path) -> Option<&'static str> {
    let stem = path.file_stem()?.to_string_lossy().to_string();
    KINDS
        .iter()
        .filter(|k| {
            stem == **k || stem.starts_with(&format!("{k}-")) || stem.starts_with(&format!("{k}."))
        })
        .max_by_key(|k| k.len())
        .copied()
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

fn cmd_demo(out: PathBuf, fixtures: Option<PathBuf>) -> Result<i32> {
    let dir = find_fixtures(fixtures)?;
    let residents = dir.join("residents.csv");
    let mut lists: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| Error::Io {
            path: dir.clone(),
            source: e,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && kind_of(p).is_some())
        .collect();
    lists.sort();
    let date = crate::util::today();
    eprintln!("Đọc dữ liệu dân cư {} …", residents.display());
    let registry = Registry::load(&residents, &Rules::builtin("residents")?, date.0)?;
    eprintln!("  {} công dân", registry.len());
    let mut code = exit::OK;
    for kind in KINDS {
        let inputs: Vec<PathBuf> = lists
            .iter()
            .filter(|p| kind_of(p) == Some(kind))
            .cloned()
            .collect();
        if inputs.is_empty() {
            continue;
        }
        let kind_out = out.join(kind);
        crate::pipeline::check_out_dir(&kind_out)?;
        let job = MatchJob {
            inputs: inputs.clone(),
            residents: residents.clone(),
            rules: Rules::builtin(kind)?,
            out: kind_out.clone(),
        };
        let report = crate::pipeline::match_with_registry(&job, &registry, date)?;
        let written = crate::report::write_all(&report, &registry, &kind_out)?;
        code = code.max(report_problems(&report));
        eprintln!();
        eprintln!(
            "== {kind}: {}",
            inputs
                .iter()
                .map(|p| crate::ingest::file_name(p))
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

fn cmd_generate(seed: u64, residents: usize, rows: usize, out: PathBuf) -> Result<i32> {
    let cfg = crate::synth::SynthConfig {
        seed,
        residents,
        rows_per_list: rows,
    };
    let result = crate::synth::generate_fixtures(&cfg, &out).map_err(|e| Error::Output {
        path: out.clone(),
        message: e.to_string(),
    })?;
    for f in &result.files {
        eprintln!("  → {}", f.display());
    }
    eprintln!("{} dòng người trong các danh sách", result.person_rows);
    Ok(exit::OK)
}
