//! Ingest: read every sheet of an input list, find the table (title rows, 1–3 header rows,
//! numbering row, data, footer), map its columns to fields, and keep provenance.

pub mod builder;
pub mod columns;
pub mod csv;
pub mod decode;
pub mod grid;
pub mod layout;
#[cfg(test)]
mod layout_props;
pub mod limits;
mod ods_merges;
pub mod open;
pub mod overrides;
pub mod shapes;
pub mod sniff;
pub mod workbook;

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::{Cell, RowRef};
use crate::rules::{Field, Rules};
use crate::text::Encoding;

pub use grid::{CellWarning, Merge, SheetGrid, SheetSkip};
pub use layout::{RowRole, SkippedRow, Table};
pub use limits::{ReadLimits, SheetRead};

/// One data row of a list: provenance, every cell in the original column order, and the cells
/// mapped to fields (legacy-encoded text already decoded).
#[derive(Debug, Clone)]
pub struct ListRecord {
    pub at: RowRef,
    /// All cells of the row (decoded text), original column order.
    pub cells: Vec<Cell>,
    /// The group sub-header above this row ("Thôn 1", "I. HỘ NGHÈO"), if any.
    pub group: Option<String>,
}

/// A sheet read and understood.
#[derive(Debug, Clone)]
pub struct ListSheet {
    pub name: String,
    pub table: Table,
    pub records: Vec<ListRecord>,
    /// Columns whose text was in a legacy encoding (TCVN3, VNI, VISCII) and was decoded.
    pub legacy_columns: Vec<usize>,
    /// The workbook counts dates from 1904: bare serial numbers are 1904-based.
    pub date1904: bool,
    /// Cells read as empty because they held an error value (`#N/A`, `#REF!`).
    pub warnings: Vec<CellWarning>,
}

impl ListSheet {
    /// The cell of `field` in a record (first mapped column), if mapped.
    pub fn cell<'a>(&self, record: &'a ListRecord, field: Field) -> Option<&'a Cell> {
        let col = self.table.column_of(field)?;
        record.cells.get(col)
    }
}

/// What happened to one sheet of an input.
#[derive(Debug, Clone)]
pub enum SheetOutcome {
    Read(ListSheet),
    /// The sheet holds no person table (empty, summary...): not an error.
    Skipped {
        sheet: String,
        reason: String,
        /// Rows of a table without person rows (sub-headers, totals…), reported as skipped.
        rows: Vec<SkippedRow>,
    },
    /// The sheet looks like a table but could not be understood.
    Failed {
        sheet: String,
        message: String,
    },
}

/// A whole input file.
#[derive(Debug, Clone)]
pub struct ListFile {
    pub file_index: usize,
    /// Base name of the file, as written in results.csv.
    pub name: String,
    pub sheets: Vec<SheetOutcome>,
    /// Some sheet holds a list: a header was found (or a table was seen and not understood).
    pub has_list: bool,
}

impl ListFile {
    /// Why the file is no list at all (no sheet has a list's header: `/etc/passwd` saved as
    /// `list.csv`, a report, a blank file), or None when it is one.
    pub fn not_a_list(&self) -> Option<String> {
        if self.has_list {
            return None;
        }
        let reasons: Vec<String> = self
            .sheets
            .iter()
            .filter_map(|s| match s {
                SheetOutcome::Skipped { sheet, reason, .. } if sheet.is_empty() => {
                    Some(reason.clone())
                }
                SheetOutcome::Skipped { sheet, reason, .. } => {
                    Some(format!("sheet \"{sheet}\": {reason}"))
                }
                _ => None,
            })
            .collect();
        Some(format!(
            "tệp không chứa danh sách nào (không có dòng tiêu đề cột của danh sách người){}",
            if reasons.is_empty() {
                String::new()
            } else {
                format!(" — {}", reasons.join("; "))
            }
        ))
    }
}

/// Read the grids of an input file (any supported format); the first sheet that cannot be read
/// fails the whole file.
pub fn read_grids(path: &Path) -> Result<Vec<SheetGrid>> {
    let name = file_name(path);
    read_grids_with(path, &ReadLimits::default())?
        .into_iter()
        .map(|s| match s {
            SheetRead::Grid(g) => Ok(g),
            SheetRead::Failed { sheet, message } => Err(Error::Sheet {
                file: name.clone(),
                sheet,
                message,
            }),
        })
        .collect()
}

/// Read the sheets of an input file under `limits`, each on its own.
pub fn read_grids_with(path: &Path, limits: &ReadLimits) -> Result<Vec<SheetRead>> {
    let name = file_name(path);
    open::check_regular(path)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => Ok(vec![SheetRead::Grid(csv::read_csv_grid_with(
            path, limits,
        )?)]),
        "xlsx" | "xlsm" | "xls" | "xla" | "xlsb" | "ods" => {
            workbook::read_workbook_with(path, limits)
        }
        _ => Err(Error::Input {
            file: name,
            message: format!(
                "định dạng \".{ext}\" không được hỗ trợ (chỉ nhận .xlsx, .xlsm, .xls, .ods, .csv)"
            ),
        }),
    }
}

/// Read an input list and find its table(s) with `rules`.
pub fn read_list(path: &Path, file_index: usize, rules: &Rules) -> Result<ListFile> {
    read_list_with(path, file_index, rules, &ReadLimits::default())
}

/// Read an input list under `limits`; a sheet that cannot be read becomes a failed sheet.
pub fn read_list_with(
    path: &Path,
    file_index: usize,
    rules: &Rules,
    limits: &ReadLimits,
) -> Result<ListFile> {
    read_list_as(path, &file_name(path), file_index, rules, limits)
}

/// [`read_list_with`], the file named `name` in its rows (results.csv `source_file`).
pub fn read_list_as(
    path: &Path,
    name: &str,
    file_index: usize,
    rules: &Rules,
    limits: &ReadLimits,
) -> Result<ListFile> {
    let name = name.to_string();
    let rules = &rules_for(path, rules)?;
    let reads = read_grids_with(path, limits)?;
    // Each sheet's decoding and table finding is its own work: sheets side by side, in order.
    use rayon::prelude::*;
    let outcomes: Vec<(SheetOutcome, bool, Option<SheetGrid>)> = reads
        .into_par_iter()
        .map(|read| match read {
            SheetRead::Grid(grid) => read_sheet(&name, file_index, grid, rules),
            SheetRead::Failed { sheet, message } => {
                (SheetOutcome::Failed { sheet, message }, true, None)
            }
        })
        .collect();
    // A sheet whose header was not understood may carry on the list of the sheet before it
    // ("Trang 2" without the header): read it with that sheet's columns when its rows fit.
    let mut sheets = Vec::with_capacity(outcomes.len());
    let mut found = false;
    for (outcome, has_list, grid) in outcomes {
        let outcome = match (outcome, grid, sheets.last()) {
            (failed @ SheetOutcome::Failed { .. }, Some(grid), Some(SheetOutcome::Read(prev))) => {
                let prev: &ListSheet = prev;
                match layout::continue_table(&grid, &prev.table, &prev.name) {
                    Some(table) => sheet_read(&name, file_index, grid, table),
                    None => failed,
                }
            }
            (outcome, _, _) => outcome,
        };
        found |= has_list;
        sheets.push(outcome);
    }
    Ok(ListFile {
        file_index,
        name,
        sheets,
        has_list: found,
    })
}

/// A sheet read with `table`: its person rows as records.
fn sheet_read(
    file: &str,
    file_index: usize,
    mut grid: SheetGrid,
    table: layout::Table,
) -> SheetOutcome {
    // One copy of the file and sheet names, shared by every row.
    let file: std::sync::Arc<str> = file.into();
    let sheet: std::sync::Arc<str> = grid.name.as_str().into();
    let records = table
        .data_rows
        .iter()
        .map(|dr| ListRecord {
            at: RowRef {
                file_index,
                file: file.clone(),
                sheet: sheet.clone(),
                row: dr.row + 1,
            },
            cells: grid.row(dr.row as usize).to_vec(),
            group: dr.group.clone(),
        })
        .collect();
    let legacy_columns = grid
        .column_encodings
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e, Some(Encoding::Tcvn3 | Encoding::Vni | Encoding::Viscii)))
        .map(|(c, _)| c)
        .collect();
    SheetOutcome::Read(ListSheet {
        name: grid.name.clone(),
        table,
        records,
        legacy_columns,
        date1904: grid.date1904,
        warnings: std::mem::take(&mut grid.warnings),
    })
}

/// The rules for one list: with the columns named in `<stem>.columns.toml` beside it, when
/// there is one (they take the place of `--columns` pairs of the same field).
pub fn rules_for<'a>(path: &Path, rules: &'a Rules) -> Result<std::borrow::Cow<'a, Rules>> {
    match overrides::load_sidecar(path) {
        Ok(None) => Ok(std::borrow::Cow::Borrowed(rules)),
        Ok(Some(spec)) => {
            let mut r = rules.clone();
            r.columns = r.columns.overlaid(&spec);
            Ok(std::borrow::Cow::Owned(r))
        }
        Err(message) => Err(Error::Input {
            file: file_name(path),
            message,
        }),
    }
}

/// One sheet's outcome, and whether it holds a list (a header was found, even without data
/// rows, or a table was seen and not understood).
fn read_sheet(
    file: &str,
    file_index: usize,
    mut grid: SheetGrid,
    rules: &Rules,
) -> (SheetOutcome, bool, Option<SheetGrid>) {
    match grid.skip.take() {
        Some(SheetSkip::NotAList(reason)) => {
            let skipped = SheetOutcome::Skipped {
                sheet: grid.name,
                reason,
                rows: Vec::new(),
            };
            return (skipped, false, None);
        }
        Some(SheetSkip::Unreadable(message)) => {
            return (
                SheetOutcome::Failed {
                    sheet: grid.name,
                    message,
                },
                true,
                None,
            );
        }
        None => {}
    }
    if grid.is_blank() {
        let skipped = SheetOutcome::Skipped {
            sheet: grid.name.clone(),
            reason: "sheet trống".into(),
            rows: Vec::new(),
        };
        return (skipped, false, None);
    }
    grid.decode_legacy_text();
    match layout::find_table_filling_merges(&mut grid, rules) {
        Ok(table) => (sheet_read(file, file_index, grid, table), true, None),
        Err(layout::NoTable::NoPersonTable(reason)) => (
            SheetOutcome::Skipped {
                sheet: grid.name.clone(),
                reason,
                rows: Vec::new(),
            },
            false,
            None,
        ),
        Err(layout::NoTable::NoData { reason, skipped }) => (
            SheetOutcome::Skipped {
                sheet: grid.name.clone(),
                reason,
                rows: skipped,
            },
            true,
            None,
        ),
        Err(layout::NoTable::Unrecognised(message)) => (
            SheetOutcome::Failed {
                sheet: grid.name.clone(),
                message,
            },
            true,
            Some(grid),
        ),
    }
}

/// A path's file name as shown (the whole path when it has none).
pub use crate::util::file_name;
