//! The `match` job: read every input, normalise, match in parallel against the registry, and
//! write the outputs. Keeps every row: data rows go to results.csv, the others to the skipped
//! report with their reason.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ingest::{self, SheetOutcome, SkippedRow, layout::Column};
use crate::matching::{self, Decision, Status};
use crate::model::{Cell, RowRef};
use crate::normalise::{self, ListPerson};
use crate::registry::Registry;
use crate::report;
use crate::rules::Rules;

/// One data row with everything the reports need.
#[derive(Debug, Clone)]
pub struct RowResult {
    pub at: RowRef,
    pub cells: Vec<Cell>,
    pub person: ListPerson,
    pub decision: Decision,
}

/// A sheet that was read: its columns and the range of its rows in `RunReport::rows`.
#[derive(Debug, Clone)]
pub struct SheetReport {
    pub file_index: usize,
    pub file: String,
    pub sheet: String,
    pub columns: Vec<Column>,
    pub rows: std::ops::Range<usize>,
    /// Name-column encoding found (for the `name_encoding` correction).
    pub legacy_name_column: bool,
    /// Title rows above the table (unit, list title), as written.
    pub titles: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkippedRowReport {
    pub file: String,
    pub sheet: String,
    /// 1-based row.
    pub row: u32,
    pub role: ingest::RowRole,
    pub reason: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellWarningReport {
    pub file: String,
    pub sheet: String,
    /// 1-based row.
    pub row: u32,
    /// Column letter as the spreadsheet shows it.
    pub column: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetProblem {
    pub file: String,
    pub sheet: String,
    /// `skipped` (no person table) or `error` (not understood).
    pub kind: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct InputInfo {
    pub path: String,
    pub name: String,
    pub sha256: String,
    pub error: Option<String>,
}

/// Everything a run produced.
pub struct RunReport {
    pub rules: Rules,
    pub inputs: Vec<InputInfo>,
    pub residents_path: String,
    pub residents_sha256: String,
    pub rows: Vec<RowResult>,
    pub sheets: Vec<SheetReport>,
    pub skipped_rows: Vec<SkippedRowReport>,
    pub sheet_problems: Vec<SheetProblem>,
    /// Cells read as empty with a warning (error values such as #N/A, #REF!).
    pub cell_warnings: Vec<CellWarningReport>,
    pub date: (i32, u32, u32),
    /// Seconds spent per stage, in order (`load_registry`, `read_normalise`, `match`, `write`).
    pub timings: Vec<(String, f64)>,
}

impl RunReport {
    pub fn count(&self, status: Status) -> usize {
        self.rows
            .iter()
            .filter(|r| r.decision.status == status)
            .count()
    }

    /// Inputs or sheets that failed: the run must end with a non-zero exit.
    pub fn has_errors(&self) -> bool {
        self.inputs.iter().any(|i| i.error.is_some())
            || self.sheet_problems.iter().any(|p| p.kind == "error")
    }
}

pub struct MatchJob {
    pub inputs: Vec<PathBuf>,
    pub residents: PathBuf,
    pub rules: Rules,
    pub out: PathBuf,
}

/// Options of the written outputs (not of matching).
#[derive(Debug, Clone, Copy, Default)]
pub struct OutputOptions {
    /// Show only the last 4 digits of personal IDs in the workbooks meant for circulation.
    pub mask_ids: bool,
}

/// Run the whole pipeline and write every output into `job.out`.
pub fn run_match(job: &MatchJob) -> Result<RunReport> {
    run_match_with(job, OutputOptions::default())
}

/// [`run_match`] with output options (`--mask-ids`).
pub fn run_match_with(job: &MatchJob, options: OutputOptions) -> Result<RunReport> {
    let date = crate::util::today();
    let residents_rules = Rules::builtin("residents")?;
    let started = std::time::Instant::now();
    let registry = Registry::load(&job.residents, &residents_rules, date.0)?;
    let load = started.elapsed().as_secs_f64();
    let mut report = match_with_registry(job, &registry, date)?;
    report.timings.insert(0, ("load_registry".into(), load));
    report::write_all_with(&report, &registry, &job.out, options)?;
    Ok(report)
}

pub fn match_with_registry(
    job: &MatchJob,
    registry: &Registry,
    date: (i32, u32, u32),
) -> Result<RunReport> {
    let rules = &job.rules;
    let mut inputs = Vec::new();
    let mut sheets = Vec::new();
    let mut skipped_rows = Vec::new();
    let mut sheet_problems = Vec::new();
    let mut cell_warnings = Vec::new();
    let mut people: Vec<(RowRef, ListPerson)> = Vec::new();
    let mut cells: Vec<Vec<Cell>> = Vec::new();
    let base_ctx = normalise::date_context(rules, date.0);
    let started = std::time::Instant::now();

    for (file_index, path) in job.inputs.iter().enumerate() {
        let name = ingest::file_name(path);
        let sha256 = crate::util::sha256_file(path).unwrap_or_default();
        let file = match ingest::read_list(path, file_index, rules) {
            Ok(f) => f,
            Err(e) => {
                inputs.push(InputInfo {
                    path: path.display().to_string(),
                    name,
                    sha256,
                    error: Some(e.to_string()),
                });
                continue;
            }
        };
        inputs.push(InputInfo {
            path: path.display().to_string(),
            name: name.clone(),
            sha256,
            error: None,
        });
        for outcome in file.sheets {
            match outcome {
                SheetOutcome::Read(sheet) => {
                    for w in &sheet.warnings {
                        cell_warnings.push(CellWarningReport {
                            file: name.clone(),
                            sheet: sheet.name.clone(),
                            row: w.row + 1,
                            column: crate::inspect::col_letter(w.col as usize),
                            message: w.message.clone(),
                        });
                    }
                    for s in &sheet.table.skipped {
                        if matches!(s.role, ingest::RowRole::Title | ingest::RowRole::Header) {
                            continue;
                        }
                        skipped_rows.push(skipped_report(&name, &sheet.name, s));
                    }
                    let start = people.len();
                    let normalised: Vec<ListPerson> = sheet
                        .records
                        .par_iter()
                        .map(|rec| normalise::normalise(&sheet, rec, rules, &base_ctx))
                        .collect();
                    for (rec, person) in sheet.records.iter().zip(normalised) {
                        people.push((rec.at.clone(), person));
                        cells.push(rec.cells.clone());
                    }
                    let name_col = sheet
                        .table
                        .columns
                        .iter()
                        .find(|c| c.field.is_some_and(crate::rules::Field::is_name))
                        .map(|c| c.index);
                    let titles = sheet
                        .table
                        .skipped
                        .iter()
                        .filter(|s| s.role == ingest::RowRole::Title)
                        .map(|s| s.text.trim().to_string())
                        .filter(|t| !t.is_empty())
                        .collect();
                    sheets.push(SheetReport {
                        titles,
                        file_index,
                        file: name.clone(),
                        sheet: sheet.name.clone(),
                        columns: sheet.table.columns.clone(),
                        rows: start..people.len(),
                        legacy_name_column: name_col
                            .is_some_and(|c| sheet.legacy_columns.contains(&c)),
                    });
                }
                SheetOutcome::Skipped { sheet, reason } => sheet_problems.push(SheetProblem {
                    file: name.clone(),
                    sheet,
                    kind: "skipped",
                    message: reason,
                }),
                SheetOutcome::Failed { sheet, message } => sheet_problems.push(SheetProblem {
                    file: name.clone(),
                    sheet,
                    kind: "error",
                    message,
                }),
            }
        }
    }

    let read_normalise = started.elapsed().as_secs_f64();
    let started = std::time::Instant::now();
    let mut decisions = matching::match_all(&people, registry, rules);
    let matched = started.elapsed().as_secs_f64();
    for s in &sheets {
        if s.legacy_name_column {
            for d in &mut decisions[s.rows.clone()] {
                if d.resident.is_some() && !d.corrections.contains(&"name_encoding") {
                    d.corrections.insert(0, "name_encoding");
                }
            }
        }
    }
    let rows = people
        .into_iter()
        .zip(cells)
        .zip(decisions)
        .map(|(((at, person), cells), decision)| RowResult {
            at,
            cells,
            person,
            decision,
        })
        .collect();
    Ok(RunReport {
        rules: rules.clone(),
        inputs,
        residents_path: job.residents.display().to_string(),
        residents_sha256: crate::util::sha256_file(&job.residents).unwrap_or_default(),
        rows,
        sheets,
        skipped_rows,
        sheet_problems,
        cell_warnings,
        date,
        timings: vec![
            ("read_normalise".into(), read_normalise),
            ("match".into(), matched),
        ],
    })
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
