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
        /// Show only the last 4 digits of personal IDs in the workbooks meant for circulation.
        #[arg(long)]
        mask_ids: bool,
        /// Explain one row as JSON on stdout: `file:sheet:row` (`file:row` for CSV), with the
        /// per-field comparison levels and weights of every candidate considered.
        #[arg(long, value_name = "FILE:SHEET:ROW")]
        explain: Option<String>,
        /// Stop at the first input file or sheet that cannot be read (nothing is written);
        /// by default the others are still processed and the run exits with code 3.
        #[arg(long)]
        strict: bool,
        /// Write into an --out folder that already holds files (outputs of the same names are
        /// replaced; inputs never are).
        #[arg(long)]
        force: bool,
        /// Re-estimate the m-probabilities of name, sex and commune from this run by EM (on
        /// pairs whose ID or name and full date of birth agree); falls back to the starting
        /// model with a warning when the estimate looks degenerate.
        #[arg(long)]
        em: bool,
        /// Weigh with a model saved by --save-model instead of the rules' defaults.
        #[arg(long, value_name = "FILE.json")]
        model: Option<PathBuf>,
        /// Write the model this run weighed with (after EM with --em) as JSON.
        #[arg(long, value_name = "FILE.json")]
        save_model: Option<PathBuf>,
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
    /// Normalise and index a resident extract once, so that `match --residents FILE.dkidx` starts
    /// in seconds.
    Index {
        /// Resident extract: CSV, Parquet or xlsx.
        #[arg(long)]
        residents: PathBuf,
        /// Index file to write (conventionally `.dkidx`).
        #[arg(long)]
        out: PathBuf,
        /// Worker threads (default: one per core). The index does not depend on it.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        threads: Option<u16>,
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
        /// Show only the last 4 digits of personal IDs in the workbooks meant for circulation.
        #[arg(long)]
        mask_ids: bool,
        /// Worker threads (default: one per core). Results do not depend on it.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        threads: Option<u16>,
    },
    /// Read filled-in verification workbooks back and write the final corrected list and what is
    /// still unresolved.
    Apply {
        /// A filled-in `<stem>.sai-lech.xlsx` (repeat for several).
        #[arg(long, required = true)]
        verified: Vec<PathBuf>,
        /// Output folder of the original `match` run (results.csv, *.sach.xlsx); default: the
        /// folder of the first --verified workbook.
        #[arg(long)]
        results: Option<PathBuf>,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
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
            mask_ids,
            explain,
            strict,
            force,
            em,
            model,
            save_model,
            threads,
            max_rows,
            inputs,
        } => set_threads(threads).and_then(|()| {
            let opts = crate::pipeline::RunOptions {
                strict,
                limits: crate::ingest::ReadLimits::with_max_rows(
                    usize::try_from(max_rows).unwrap_or(usize::MAX),
                ),
                em,
                model: Default::default(),
            };
            let outputs = crate::pipeline::OutputOptions { mask_ids };
            let models = ModelFiles {
                load: model,
                save: save_model,
            };
            cmd_match(
                residents, kind, rules, out, inputs, force, opts, outputs, explain, models,
            )
        }),
        Command::Index {
            residents,
            out,
            threads,
        } => set_threads(threads).and_then(|()| cmd_index(residents, out)),
        Command::Inspect {
            kind,
            rules,
            json,
            inputs,
        } => cmd_inspect(kind, rules, json, inputs),
        Command::Demo {
            out,
            fixtures,
            mask_ids,
            threads,
        } => set_threads(threads).and_then(|()| cmd_demo(out, fixtures, mask_ids)),
        Command::Apply {
            verified,
            results,
            out,
        } => cmd_apply(verified, results, out),
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

/// `--model` and `--save-model`.
struct ModelFiles {
    load: Option<PathBuf>,
    save: Option<PathBuf>,
}

/// Replace the rules' model by the one in `path` (`--model`), noting where it came from.
fn load_model(
    rules: &mut Rules,
    path: &Path,
    opts: &mut crate::pipeline::RunOptions,
) -> Result<()> {
    let (model, kind) = crate::matching::model::Model::load(path)?;
    rules.matching.model = model;
    opts.model.path = Some(path.display().to_string());
    if kind != rules.kind {
        opts.model.warnings.push(format!(
            "mô hình {} được làm cho loại danh sách \"{kind}\", đang dùng cho \"{}\"",
            path.display(),
            rules.kind
        ));
        opts.model.other_kind = Some(kind);
    }
    Ok(())
}

/// Tell what model weighed the run, with its warnings.
fn print_model(report: &RunReport) {
    for w in &report.model.warnings {
        eprintln!("Cảnh báo (mô hình): {w}");
    }
    if let Some(em) = &report.model.em {
        if em.used {
            eprintln!(
                "Mô hình: ước lượng lại bằng EM từ {} cặp ({} vòng lặp)",
                em.training_pairs, em.iterations
            );
        } else {
            eprintln!("Mô hình: ước lượng EM không dùng được, giữ mô hình ban đầu");
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn cmd_match(
    residents: PathBuf,
    kind: Option<String>,
    rules: Option<PathBuf>,
    out: PathBuf,
    inputs: Vec<PathBuf>,
    force: bool,
    mut opts: crate::pipeline::RunOptions,
    outputs: crate::pipeline::OutputOptions,
    explain: Option<String>,
    models: ModelFiles,
) -> Result<i32> {
    let mut rules = load_rules(kind, rules)?;
    if let Some(path) = &models.load {
        load_model(&mut rules, path, &mut opts)?;
    }
    let opts = &opts;
    // Held until the run ends: a second run into this folder is refused meanwhile.
    let _lock = crate::pipeline::prepare_out_dir(&out, force)?;
    let wanted = match explain.as_deref() {
        None => None,
        Some(s) => match crate::matching::explain::parse_row_ref(s) {
            Some(r) => Some(r),
            None => {
                eprintln!(
                    "Lỗi: --explain cần dạng tệp:sheet:dòng (hoặc tệp:dòng với CSV), nhận \"{s}\""
                );
                return Ok(exit::USAGE);
            }
        },
    };
    let job = MatchJob {
        inputs,
        residents,
        rules,
        out: out.clone(),
    };
    let (report, registry) =
        crate::pipeline::run_match_keep(&job, opts, outputs, crate::stages::Show::for_stderr())?;
    if let Some(want) = &wanted
        && !print_explanation(&report, &registry, want)
    {
        return Ok(exit::USAGE);
    }
    if let Some(path) = &models.save {
        report.rules.matching.model.save(&report.rules.kind, path)?;
    }
    print_model(&report);
    let code = report_problems(&report);
    eprintln!("Kết quả trong {}:", out.display());
    print_counts(&report);
    // Every output is written and closed. Freeing a province-size run piece by piece (millions
    // of rows, gigabytes of registry) takes seconds the process is about to give back whole:
    // left to the operating system at exit.
    std::mem::forget(report);
    std::mem::forget(registry);
    Ok(code)
}

fn cmd_index(residents: PathBuf, out: PathBuf) -> Result<i32> {
    if crate::registry::file::is_index_file(&residents) {
        return Err(Error::Residents {
            file: residents.display().to_string(),
            message:
                "đây đã là một tệp chỉ mục; hãy đưa vào tệp trích xuất dân cư (CSV, Parquet, xlsx)"
                    .into(),
        });
    }
    let rules = Rules::builtin("residents")?;
    let start = std::time::Instant::now();
    let registry = Registry::load(&residents, &rules, crate::util::today().0)?;
    crate::registry::file::save(&registry, &residents, &rules, &out)?;
    let s = &registry.stats;
    eprintln!(
        "Đã tạo chỉ mục {} cho {} công dân trong {:.1} s",
        out.display(),
        registry.len(),
        start.elapsed().as_secs_f64()
    );
    eprintln!(
        "  không có số định danh: {}; số định danh trùng: {}; ngày sinh không đọc được: {}; họ tên không đọc được: {}; đã chết: {}",
        s.without_id, s.duplicate_ids, s.unparsed_dates, s.unparsed_names, s.dead
    );
    Ok(exit::OK)
}

/// Print the explanation of one row as JSON; false (with a message) if there is no such row.
fn print_explanation(
    report: &RunReport,
    registry: &crate::registry::Registry,
    (file, sheet, row): &(String, String, u32),
) -> bool {
    let found = report.rows.iter().find(|r| {
        r.at.row == *row
            && (*r.at.file == **file
                || Path::new(file)
                    .file_name()
                    .is_some_and(|f| f == &*r.at.file))
            && (*r.at.sheet == **sheet || (sheet.is_empty() && r.at.sheet.is_empty()))
    });
    let Some(r) = found else {
        eprintln!("Lỗi: không có dòng dữ liệu {file}:{sheet}:{row} trong các danh sách đã đọc");
        return false;
    };
    let e = crate::matching::explain::explain(
        &r.at,
        &r.person,
        &r.decision,
        registry,
        &report.rules.matching.model,
    );
    match serde_json::to_string_pretty(&e) {
        Ok(json) => {
            println!("{json}");
            true
        }
        Err(err) => {
            eprintln!("Lỗi: không ghi được giải thích: {err}");
            false
        }
    }
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

fn cmd_demo(out: PathBuf, fixtures: Option<PathBuf>, mask_ids: bool) -> Result<i32> {
    let options = crate::pipeline::OutputOptions { mask_ids };
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
    let started = std::time::Instant::now();
    let registry = Registry::load(&residents, &Rules::builtin("residents")?, date.0)?;
    let load_seconds = started.elapsed().as_secs_f64();
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
        let mut report = crate::pipeline::match_with_registry(&job, &registry, date)?;
        // The extract is read once for every kind; each run.json records that time.
        report
            .timings
            .insert(0, ("load_registry".into(), load_seconds));
        let written = crate::report::write_all_with(&report, &registry, &kind_out, options)?;
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
    crate::pipeline::check_out_dir(&out)?;
    let outcome = crate::apply::run(&crate::apply::ApplyJob {
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
