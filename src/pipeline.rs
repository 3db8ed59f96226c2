//! The `match` job: read every input, normalise, match in parallel against the registry, and
//! write the outputs. Keeps every row: data rows go to results.csv, the others to the skipped
//! report with their reason.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::ingest::{self, SheetOutcome, SkippedRow};
use crate::matching::em;
use crate::matching::{self, Decision, Status};
use crate::model::{Cell, RowRef};
use crate::normalise::{self, ListPerson};
use crate::registry::Registry;
use crate::report;
use crate::rules::Rules;
use crate::stages::{Show, StageStats, Stages};

// The run's result types live in `results` (the contract the writers read); named here too so
// that code written against `pipeline::RowResult` and the like keeps building.
pub use crate::results::{
    CellWarningReport, InputInfo, ModelRun, OutputOptions, RowResult, RunReport, SheetProblem,
    SheetReport, SkippedRowReport,
};

pub struct MatchJob {
    pub inputs: Vec<PathBuf>,
    pub residents: PathBuf,
    pub rules: Rules,
    pub out: PathBuf,
}

/// How strictly a run treats bad input, and the limits it reads under.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Stop at the first input file or sheet that cannot be read or understood (nothing is
    /// written); by default the others are still processed and the run exits with code 3.
    pub strict: bool,
    pub limits: ingest::ReadLimits,
    /// Re-estimate the model's m-probabilities from the run by EM before deciding (`--em`).
    pub em: bool,
    /// Where the rules' model came from when it was replaced (`--model FILE`).
    pub model: ModelRun,
    /// `--commune` / `--district` / `--province`: the units every list is about, ahead of
    /// what its titles and names say (a row's own address still wins).
    pub context: crate::fields::context::ListContext,
}

/// Run the whole pipeline and write every output into `job.out`.
pub fn run_match(job: &MatchJob) -> Result<RunReport> {
    run_match_with(job, &RunOptions::default(), OutputOptions::default())
}

/// [`run_match`] with run options (`--strict`, limits) and output options (`--mask-ids`).
pub fn run_match_with(
    job: &MatchJob,
    opts: &RunOptions,
    options: OutputOptions,
) -> Result<RunReport> {
    run_match_keep(job, opts, options, Show::Silent).map(|(report, _)| report)
}

/// [`run_match_with`], showing each stage on stderr as `show` says, and keeping the registry
/// (to explain a row afterwards). Every stage (registry loading included) is measured and
/// recorded in `run.json`.
pub fn run_match_keep(
    job: &MatchJob,
    opts: &RunOptions,
    options: OutputOptions,
    show: Show,
) -> Result<(RunReport, Registry)> {
    let date = crate::util::today();
    let residents_rules = Rules::builtin("residents")?;
    let mut stages = Stages::new(show);
    let load = || Registry::load(&job.residents, &residents_rules, date.0);
    let (mut report, registry) = if crate::registry::file::is_index_file(&job.residents) {
        // An index loads on one thread, mostly waiting for the disk and the memory: the lists
        // are read meanwhile. (A CSV/Parquet extract is normalised on every core: first.)
        let (registry, read) =
            stages.run_side_by_side(("load_registry", load), ("read", || read_inputs(job, opts)));
        let registry = registry?;
        let report = match_read(job, read?, &registry, date, opts, &mut stages)?;
        (report, registry)
    } else {
        let registry = stages.run("load_registry", load)?;
        let report = match_staged(job, &registry, date, opts, &mut stages)?;
        (report, registry)
    };
    let load = report
        .stages
        .first()
        .map_or(0.0, |s: &StageStats| s.wall_seconds);
    report.timings.insert(0, ("load_registry".into(), load));
    report::write_all_staged(&report, &registry, &job.out, options, &mut stages)?;
    Ok((report, registry))
}

pub fn match_with_registry(
    job: &MatchJob,
    registry: &Registry,
    date: (i32, u32, u32),
) -> Result<RunReport> {
    match_with_options(job, registry, date, &RunOptions::default())
}

pub fn match_with_options(
    job: &MatchJob,
    registry: &Registry,
    date: (i32, u32, u32),
    opts: &RunOptions,
) -> Result<RunReport> {
    match_staged(job, registry, date, opts, &mut Stages::default())
}

/// One input file as read: its facts for `run.json`, and its sheets unless it failed.
pub struct ReadInput {
    pub info: InputInfo,
    pub file: Option<ingest::ListFile>,
}

/// Stage `read`: read every input (checksum, grids, table layout). With `strict`, the first
/// file or sheet that cannot be read or understood is an error.
pub fn read_inputs(job: &MatchJob, opts: &RunOptions) -> Result<Vec<ReadInput>> {
    let mut out = Vec::with_capacity(job.inputs.len());
    // Two inputs of one file name are named by their folders (report/names.rs).
    let names = crate::report::names::input_names(&job.inputs);
    for (file_index, path) in job.inputs.iter().enumerate() {
        let name = names[file_index].clone();
        // Only a regular file is opened (a FIFO or a device would hang the checksum).
        let checked = ingest::open::check_regular(path);
        let sha256 = match &checked {
            Ok(_) => crate::util::sha256_file(path).unwrap_or_default(),
            Err(_) => String::new(),
        };
        let info = |error| InputInfo {
            path: path.display().to_string(),
            name: name.clone(),
            sha256: sha256.clone(),
            error,
        };
        let read = checked
            .and_then(|_| ingest::read_list_as(path, &name, file_index, &job.rules, &opts.limits))
            .and_then(|file| match file.not_a_list() {
                // A file with no list in it is an error for that file, not a silent success.
                Some(message) => Err(Error::Input {
                    file: name.clone(),
                    message,
                }),
                None => Ok(file),
            });
        match read {
            Ok(file) => {
                if opts.strict
                    && let Some((sheet, message)) = file.sheets.iter().find_map(|o| match o {
                        SheetOutcome::Failed { sheet, message } => Some((sheet, message)),
                        _ => None,
                    })
                {
                    return Err(Error::Sheet {
                        file: name.clone(),
                        sheet: sheet.clone(),
                        message: message.clone(),
                    });
                }
                out.push(ReadInput {
                    info: info(None),
                    file: Some(file),
                });
            }
            Err(e) if opts.strict => return Err(e),
            Err(e) => out.push(ReadInput {
                info: info(Some(e.to_string())),
                file: None,
            }),
        }
    }
    Ok(out)
}

/// What the `normalise` stage hands on: the people in run order with their original cells,
/// and everything the reports say about the sheets.
pub struct Normalised {
    pub inputs: Vec<InputInfo>,
    pub people: Vec<(RowRef, ListPerson)>,
    pub cells: Vec<Vec<Cell>>,
    pub sheets: Vec<SheetReport>,
    pub skipped_rows: Vec<SkippedRowReport>,
    pub sheet_problems: Vec<SheetProblem>,
    pub cell_warnings: Vec<CellWarningReport>,
}

/// What a [`RunReport`] holds besides the normalised lists and their decisions.
pub struct RunFacts {
    pub rules: Rules,
    pub model: ModelRun,
    pub residents_path: String,
    pub residents_sha256: String,
    pub date: (i32, u32, u32),
    pub timings: Vec<(String, f64)>,
    pub stages: Vec<StageStats>,
}

impl Normalised {
    /// The run's report: each row with its cells, person and decision (`decisions` in row
    /// order, one per person). `decided_by_family` is left false: [`match_read`] sets it from
    /// [`decided_by_family`].
    pub fn into_report(self, decisions: Vec<matching::Decision>, facts: RunFacts) -> RunReport {
        let rows = self
            .people
            .into_iter()
            .zip(self.cells)
            .zip(decisions)
            .map(|(((at, person), cells), decision)| RowResult {
                at,
                cells,
                person,
                decision,
                decided_by_family: false,
            })
            .collect();
        RunReport {
            rules: facts.rules,
            model: facts.model,
            inputs: self.inputs,
            residents_path: facts.residents_path,
            residents_sha256: facts.residents_sha256,
            rows,
            sheets: self.sheets,
            skipped_rows: self.skipped_rows,
            sheet_problems: self.sheet_problems,
            cell_warnings: self.cell_warnings,
            date: facts.date,
            timings: facts.timings,
            stages: facts.stages,
        }
    }
}

/// Stage `normalise`: every data row of every read sheet becomes a [`ListPerson`] (in
/// parallel), in run order; the rows' cells are moved, not copied.
pub fn normalise_inputs(read: Vec<ReadInput>, rules: &Rules, date: (i32, u32, u32)) -> Normalised {
    normalise_inputs_in(read, rules, date, &Default::default())
}

/// [`normalise_inputs`] with the run's own context (`--commune`, `--district`, `--province`).
pub fn normalise_inputs_in(
    read: Vec<ReadInput>,
    rules: &Rules,
    date: (i32, u32, u32),
    options: &crate::fields::context::ListContext,
) -> Normalised {
    let base_ctx = normalise::date_context(rules, date.0);
    let mut n = Normalised {
        inputs: Vec::with_capacity(read.len()),
        people: Vec::new(),
        cells: Vec::new(),
        sheets: Vec::new(),
        skipped_rows: Vec::new(),
        sheet_problems: Vec::new(),
        cell_warnings: Vec::new(),
    };
    for ReadInput { info, file } in read {
        let name = info.name.clone();
        n.inputs.push(info);
        let Some(file) = file else {
            continue;
        };
        let file_index = file.file_index;
        for outcome in file.sheets {
            match outcome {
                SheetOutcome::Read(mut sheet) => {
                    for w in &sheet.warnings {
                        n.cell_warnings.push(CellWarningReport {
                            file: name.clone(),
                            sheet: sheet.name.clone(),
                            row: w.row + 1,
                            column: crate::inspect::col_letter(w.col as usize),
                            message: w.message.clone(),
                        });
                    }
                    push_skipped(
                        &mut n.skipped_rows,
                        &name,
                        &sheet.name,
                        &sheet.table.skipped,
                    );
                    let start = n.people.len();
                    let titles: Vec<String> = sheet
                        .table
                        .skipped
                        .iter()
                        .filter(|s| s.role == ingest::RowRole::Title)
                        .map(|s| s.text.trim().to_string())
                        .filter(|t| !t.is_empty())
                        .collect();
                    let context = crate::fields::context::SheetContext::of_table(
                        options,
                        &sheet.table,
                        &sheet.name,
                        &name,
                    );
                    let normalised: Vec<ListPerson> = sheet
                        .records
                        .par_iter()
                        .map(|rec| normalise::normalise_in(&sheet, rec, rules, &base_ctx, &context))
                        .collect();
                    let records = std::mem::take(&mut sheet.records);
                    n.people.reserve(records.len());
                    n.cells.reserve(records.len());
                    for (rec, person) in records.into_iter().zip(normalised) {
                        n.people.push((rec.at, person));
                        n.cells.push(rec.cells);
                    }
                    let name_col = sheet
                        .table
                        .columns
                        .iter()
                        .find(|c| c.field.is_some_and(crate::rules::Field::is_name))
                        .map(|c| c.index);
                    n.sheets.push(SheetReport {
                        titles,
                        context,
                        file_index,
                        file: name.clone(),
                        sheet: sheet.name.clone(),
                        columns: sheet.table.columns.clone(),
                        rows: start..n.people.len(),
                        legacy_name_column: name_col
                            .is_some_and(|c| sheet.legacy_columns.contains(&c)),
                    });
                }
                SheetOutcome::Skipped {
                    sheet,
                    reason,
                    rows,
                } => {
                    push_skipped(&mut n.skipped_rows, &name, &sheet, &rows);
                    n.sheet_problems.push(SheetProblem {
                        file: name.clone(),
                        sheet,
                        kind: "skipped",
                        message: reason,
                    });
                }
                SheetOutcome::Failed { sheet, message } => n.sheet_problems.push(SheetProblem {
                    file: name.clone(),
                    sheet,
                    kind: "error",
                    message,
                }),
            }
        }
    }
    n
}

/// Read, normalise and match, measuring each stage into `stages` (which also ends up in the
/// report, for `run.json`).
pub fn match_staged(
    job: &MatchJob,
    registry: &Registry,
    date: (i32, u32, u32),
    opts: &RunOptions,
    stages: &mut Stages,
) -> Result<RunReport> {
    let read = stages.run("read", || read_inputs(job, opts))?;
    match_read(job, read, registry, date, opts, stages)
}

/// [`match_staged`] after the stage `read`.
pub fn match_read(
    job: &MatchJob,
    read: Vec<ReadInput>,
    registry: &Registry,
    date: (i32, u32, u32),
    opts: &RunOptions,
    stages: &mut Stages,
) -> Result<RunReport> {
    let mut rules = job.rules.clone();
    let n = stages.run("normalise", || {
        normalise_inputs_in(read, &rules, date, &opts.context)
    });
    let cands = stages.run("candidates", || matching::gather_all(&n.people, registry));
    let mut model_run = opts.model.clone();
    if opts.em {
        let outcome = stages.run("em", || {
            em::estimate(
                &n.people,
                &cands,
                registry,
                &rules.matching.model,
                &em::EmOptions::default(),
            )
        });
        model_run
            .warnings
            .extend(outcome.report.warnings.iter().cloned());
        model_run.em = Some(outcome.report);
        rules.matching.model = outcome.model;
    }
    let (mut decisions, decided_by_family) = stages.run("decide", || {
        let decisions = matching::decide_all(&n.people, cands, registry, &rules);
        let by_family = decided_by_family(&n.people, &decisions, registry, &rules);
        (decisions, by_family)
    });
    for s in &n.sheets {
        if s.legacy_name_column {
            for d in &mut decisions[s.rows.clone()] {
                if d.resident.is_some() && !d.corrections.contains(&"name_encoding") {
                    d.corrections.insert(0, "name_encoding");
                }
            }
        }
    }
    // Hashing a multi-gigabyte extract takes seconds: a stage of its own (an index file was
    // hashed while it was loaded and verified).
    let residents_sha256 = match &registry.file_sha256 {
        Some(sha) => sha.clone(),
        None => stages.run("checksum_residents", || {
            crate::util::sha256_file(&job.residents).unwrap_or_default()
        }),
    };
    let mut timings = vec![
        (
            "read_normalise".into(),
            stages.wall_of(&["read", "normalise"]),
        ),
        (
            "match".into(),
            stages.wall_of(&["candidates", "em", "decide"]),
        ),
    ];
    if opts.em {
        // part of `match`
        timings.push(("em".into(), stages.wall_of(&["em"])));
    }
    let mut report = n.into_report(
        decisions,
        RunFacts {
            rules,
            model: model_run,
            residents_path: job.residents.display().to_string(),
            residents_sha256,
            date,
            timings,
            stages: stages.all().to_vec(),
        },
    );
    for (r, by_family) in report.rows.iter_mut().zip(decided_by_family) {
        r.decided_by_family = by_family;
    }
    Ok(report)
}

/// Which rows the verification list explains (a match other than `matched`) were decided by
/// their family evidence ([`matching::explain::decided_by_family`]), in row order.
pub fn decided_by_family(
    people: &[(RowRef, ListPerson)],
    decisions: &[Decision],
    registry: &Registry,
    rules: &Rules,
) -> Vec<bool> {
    people
        .par_iter()
        .zip(decisions)
        .map(|((_, p), d)| {
            d.status != Status::Matched
                && matching::explain::decided_by_family(p, d, registry, &rules.matching.model)
        })
        .collect()
}

/// The skipped rows of a sheet for the report. A run of blank rows is one entry naming its extent
/// (a stray cell at row 1,048,576 must not make a million-line report).
fn push_skipped(out: &mut Vec<SkippedRowReport>, file: &str, sheet: &str, rows: &[SkippedRow]) {
    let mut i = 0;
    while i < rows.len() {
        let s = &rows[i];
        i += 1;
        if matches!(s.role, ingest::RowRole::Title | ingest::RowRole::Header) {
            continue;
        }
        let mut entry = skipped_report(file, sheet, s);
        if s.role == ingest::RowRole::Blank {
            let mut last = s.row;
            while i < rows.len()
                && rows[i].role == ingest::RowRole::Blank
                && rows[i].row == last + 1
            {
                last = rows[i].row;
                i += 1;
            }
            if last > s.row {
                entry.text = format!(
                    "{} dòng trống liên tiếp: dòng {}–{}",
                    last - s.row + 1,
                    s.row + 1,
                    last + 1
                );
            }
        }
        out.push(entry);
    }
}

fn skipped_report(file: &str, sheet: &str, s: &SkippedRow) -> SkippedRowReport {
    SkippedRowReport {
        file: file.to_string(),
        sheet: sheet.to_string(),
        row: s.row + 1,
        role: s.role,
        reason: s.role.reason_vi().to_string(),
        text: s.text.clone(),
    }
}

/// Prepare the `--out` folder: it must not be a file, and an existing folder that already holds
/// files is only written into with `force` (the outputs of the same names are then replaced;
/// inputs never are, see `report::write_all`).
///
/// The folder is locked for the run (report/outdir.rs): hold the returned lock until the
/// outputs are written. What an interrupted run left there is removed and never counts as files.
pub fn prepare_out_dir(out: &Path, force: bool) -> Result<crate::report::outdir::OutLock> {
    if out.is_file() {
        return Err(Error::output(
            out,
            "đường dẫn --out là một tệp, cần một thư mục",
        ));
    }
    let lock = crate::report::outdir::lock(out)?;
    if !force && crate::report::outdir::holds_files(out)? {
        return Err(Error::output(
            out,
            "thư mục kết quả đã có tệp; dùng --force để ghi vào đó (các tệp kết quả cùng tên sẽ bị thay thế, tệp đầu vào không bao giờ bị ghi đè) hoặc chọn thư mục khác",
        ));
    }
    Ok(lock)
}

/// Refuse an output folder that is one of the inputs' files.
pub fn check_out_dir(out: &Path) -> Result<()> {
    if out.is_file() {
        return Err(Error::output(
            out,
            "đường dẫn --out là một tệp, cần một thư mục",
        ));
    }
    std::fs::create_dir_all(out).map_err(|e| Error::output(out, e))
}
