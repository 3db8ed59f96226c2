//! The result contract as types: what a run decided (one [`RowResult`] per data row), the
//! sheets and inputs it read, the rows it skipped and why, and the options of the written
//! outputs. `../shared/DESIGN.md` describes the contract (statuses and their precedence,
//! results.csv); these are its types.
//!
//! The matcher and the pipeline produce a [`RunReport`]; the writers (`report`), `apply` and
//! the CLI read it. The writers import nothing of the stages that made it: the types of a
//! decided row that are defined where they are produced (the decision and its statuses in
//! `matching`, the normalised person in `normalise`, the column mapping in `ingest`) are named
//! here, and the writers take them from here.

use serde::Serialize;

pub use crate::ingest::RowRole;
pub use crate::ingest::layout::Column;
pub use crate::matching::em::EmReport;
pub use crate::matching::model::{Model, Which};
pub use crate::matching::{Comparison, Decision, Discrepancy, Status};
pub use crate::model::{Cell, RowRef};
pub use crate::normalise::{ListPerson, SexSource};
use crate::rules::Rules;
use crate::stages::StageStats;

/// One data row with everything the reports need.
#[derive(Debug, Clone)]
pub struct RowResult {
    pub at: RowRef,
    pub cells: Vec<Cell>,
    pub person: ListPerson,
    pub decision: Decision,
    /// For a matched row whose household, parents or co-holders carry weight: whether that
    /// family evidence decided the match (without it the resident would not be likelier than
    /// the runner-up and nobody together). Worked out by the matcher for the rows the
    /// verification list explains (`matching::explain::decided_by_family`); false otherwise.
    pub decided_by_family: bool,
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
    /// The units the list is about (from the options, titles, sheet and file names), and the
    /// group rows that name units: the default address of rows that give none.
    pub context: crate::fields::context::SheetContext,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkippedRowReport {
    pub file: String,
    pub sheet: String,
    /// 1-based row.
    pub row: u32,
    pub role: RowRole,
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
    /// Which model weighed the comparisons (the model itself is `rules.matching.model`).
    pub model: ModelRun,
    /// The measured stages so far (wall, CPU, peak memory); the write stages are added to
    /// `run.json` as they finish.
    pub stages: Vec<StageStats>,
}

/// Where the run's model came from, and what EM did when asked.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ModelRun {
    /// `--model FILE`, when given.
    pub path: Option<String>,
    /// Kind the loaded model was made for, when it is not the run's.
    pub other_kind: Option<String>,
    pub em: Option<EmReport>,
    /// Warnings about the model (degenerate EM estimate, model of another kind).
    pub warnings: Vec<String>,
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

/// Options of the written outputs (not of matching).
#[derive(Debug, Clone, Copy, Default)]
pub struct OutputOptions {
    /// Show only the last 4 digits of personal IDs in the workbooks meant for circulation.
    pub mask_ids: bool,
}
