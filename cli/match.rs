//! `doikhop match --residents <EXTRACT> (--kind <KIND> | --rules <FILE>) --out <DIR> <INPUT>...`
//!
//! Matches every person of the input lists (.xlsx, .xlsm, .xls, .ods, .csv) against the
//! resident extract (CSV, Parquet, xlsx or an index file made by `doikhop index`) and writes
//! results.csv, run.json and the workbooks into `--out`. Options: `--mask-ids`, `--explain
//! FILE:SHEET:ROW` (one row's comparison as JSON on stdout), `--strict`, `--force`, `--em`,
//! `--model FILE.json`, `--save-model FILE.json`, `--threads N`, `--max-rows N`.

use std::path::{Path, PathBuf};

use clap::Args;
use doikhop::error::{Error, Result, exit};
use doikhop::pipeline::MatchJob;
use doikhop::results::RunReport;
use doikhop::rules::Rules;

use crate::shared::{MaskArg, ResidentsArg, RulesArgs, ThreadsArg, print_counts, report_problems};

/// The arguments of `doikhop match`.
#[derive(Args, Debug)]
pub struct MatchArgs {
    #[command(flatten)]
    pub residents: ResidentsArg,
    #[command(flatten)]
    pub rules: RulesArgs,
    /// Output folder.
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub mask: MaskArg,
    /// Explain one row as JSON on stdout: `file:sheet:row` (`file:row` for CSV), with the
    /// per-field comparison levels and weights of every candidate considered.
    #[arg(long, value_name = "FILE:SHEET:ROW")]
    pub explain: Option<String>,
    /// Stop at the first input file or sheet that cannot be read (nothing is written);
    /// by default the others are still processed and the run exits with code 3.
    #[arg(long)]
    pub strict: bool,
    /// Write into an --out folder that already holds files (outputs of the same names are
    /// replaced; inputs never are).
    #[arg(long)]
    pub force: bool,
    /// Re-estimate the m-probabilities of name, sex and commune from this run by EM (on
    /// pairs whose ID or name and full date of birth agree); falls back to the starting
    /// model with a warning when the estimate looks degenerate.
    #[arg(long)]
    pub em: bool,
    /// Weigh with a model saved by --save-model instead of the rules' defaults.
    #[arg(long, value_name = "FILE.json")]
    pub model: Option<PathBuf>,
    /// Write the model this run weighed with (after EM with --em) as JSON.
    #[arg(long, value_name = "FILE.json")]
    pub save_model: Option<PathBuf>,
    #[command(flatten)]
    pub threads: ThreadsArg,
    /// Refuse a sheet with more rows holding data than this.
    #[arg(long, default_value_t = doikhop::ingest::limits::EXCEL_MAX_ROWS as u64, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_rows: u64,
    /// The commune every list is about ("Xã Tân Phú"), ahead of what titles and file names
    /// say; a row's own address still wins.
    #[arg(long)]
    pub commune: Option<String>,
    /// The (pre-2025) district the lists are about ("Huyện Đồng Phú").
    #[arg(long)]
    pub district: Option<String>,
    /// The province the lists are about ("Tỉnh Bình Phước", "Đồng Nai").
    #[arg(long)]
    pub province: Option<String>,
    /// Columns to use when a header is not understood: `name=C,dob=J,id=K,address=L`
    /// (column letters or header texts; `Sheet1:name=C,…` for one sheet; repeatable).
    /// `<list>.columns.toml` beside a list does the same for that list.
    #[arg(long, value_name = "TRƯỜNG=CỘT,…")]
    pub columns: Vec<String>,
    /// Input lists (.xlsx, .xlsm, .xls, .ods, .csv).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
}

/// Run `doikhop match`; the exit code.
pub fn run(a: MatchArgs) -> Result<i32> {
    a.threads.apply()?;
    let context = doikhop::fields::context::ListContext::from_options(
        a.commune.as_deref(),
        a.district.as_deref(),
        a.province.as_deref(),
    )
    .map_err(|message| Error::Usage { message })?;
    let opts = doikhop::pipeline::RunOptions {
        context,
        strict: a.strict,
        limits: doikhop::ingest::ReadLimits::with_max_rows(
            usize::try_from(a.max_rows).unwrap_or(usize::MAX),
        ),
        em: a.em,
        model: Default::default(),
    };
    let outputs = doikhop::results::OutputOptions {
        mask_ids: a.mask.mask_ids,
    };
    let models = ModelFiles {
        load: a.model,
        save: a.save_model,
    };
    let columns = doikhop::ingest::overrides::ColumnSpec::parse(&a.columns)
        .map_err(|message| Error::Usage { message })?;
    let mut rules = a.rules.load()?;
    rules.columns = columns;
    cmd_match(
        a.residents.residents,
        rules,
        a.out,
        a.inputs,
        a.force,
        opts,
        outputs,
        a.explain,
        models,
    )
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
    opts: &mut doikhop::pipeline::RunOptions,
) -> Result<()> {
    let (model, kind) = doikhop::matching::model::Model::load(path)?;
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
    rules: Rules,
    out: PathBuf,
    inputs: Vec<PathBuf>,
    force: bool,
    mut opts: doikhop::pipeline::RunOptions,
    outputs: doikhop::pipeline::OutputOptions,
    explain: Option<String>,
    models: ModelFiles,
) -> Result<i32> {
    let mut rules = rules;
    if let Some(path) = &models.load {
        load_model(&mut rules, path, &mut opts)?;
    }
    let opts = &opts;
    // Held until the run ends: a second run into this folder is refused meanwhile.
    let _lock = doikhop::pipeline::prepare_out_dir(&out, force)?;
    let wanted = match explain.as_deref() {
        None => None,
        Some(s) => match doikhop::matching::explain::parse_row_ref(s) {
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
    let (report, registry) = doikhop::pipeline::run_match_keep(
        &job,
        opts,
        outputs,
        doikhop::stages::Show::for_stderr(),
    )?;
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

/// Print the explanation of one row as JSON; false (with a message) if there is no such row.
fn print_explanation(
    report: &RunReport,
    registry: &doikhop::registry::Registry,
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
    let e = doikhop::matching::explain::explain(
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
