//! The one grid builder: sparse cells (from calamine or a CSV reader) collected into a
//! [`SheetGrid`], refusing sheets beyond the limits with a clear message, error values (#N/A,
//! #REF!) read as empty with a warning.

use super::grid::{CellWarning, Merge, SheetGrid, error_value, error_warning};
use super::limits::ReadLimits;
use crate::model::Cell;

/// Collects sparse cells into rows, refusing sheets beyond the limits with a clear message.
pub(crate) struct GridBuilder<'a> {
    limits: &'a ReadLimits,
    rows: Vec<Vec<Cell>>,
    rows_with_data: usize,
    width: usize,
    /// Error values (#N/A, #REF!) read as empty, with where they were.
    warnings: Vec<CellWarning>,
    /// Cells beyond Excel's grid are a broken workbook (not so in a text file).
    excel_grid: bool,
}

impl<'a> GridBuilder<'a> {
    pub(crate) fn new(limits: &'a ReadLimits) -> Self {
        GridBuilder {
            limits,
            rows: Vec::new(),
            rows_with_data: 0,
            width: 0,
            warnings: Vec::new(),
            excel_grid: true,
        }
    }

    /// A builder for a text file (CSV): no Excel grid limit (a CSV may be wider than 16,384
    /// columns; only what is written to a workbook is bounded), the area limit still holds.
    pub(crate) fn for_text(limits: &'a ReadLimits) -> Self {
        GridBuilder {
            excel_grid: false,
            ..GridBuilder::new(limits)
        }
    }

    pub(crate) fn put(&mut self, r: u32, c: u32, value: Cell) -> std::result::Result<(), String> {
        if value.is_empty() {
            return Ok(());
        }
        // An error cell (#N/A, #REF!, or the same text in an export) reads as empty, with a warning.
        let error = match &value {
            Cell::Error(e) => Some(e.as_str()),
            Cell::Text(s) => error_value(s),
            _ => None,
        };
        if let Some(e) = error {
            self.warnings.push(error_warning(r as usize, c as usize, e));
            return Ok(());
        }
        let (r, c) = (r as usize, c as usize);
        let rows = self.rows.len().max(r + 1);
        let width = self.width.max(c + 1);
        if self.excel_grid {
            self.limits.check_cell(r, c, rows, width)?;
        } else {
            self.limits.check_area(rows, width)?;
        }
        if r >= self.rows.len() {
            self.rows.resize_with(r + 1, Vec::new);
        }
        self.width = width;
        let row = &mut self.rows[r];
        if row.is_empty() {
            self.rows_with_data += 1;
            self.limits.check_rows(self.rows_with_data)?;
        }
        if c >= row.len() {
            row.resize(c + 1, Cell::Empty);
        }
        row[c] = value;
        Ok(())
    }

    pub(crate) fn finish(mut self, name: String, merges: Vec<Merge>) -> SheetGrid {
        for row in &mut self.rows {
            while matches!(row.last(), Some(Cell::Empty)) {
                row.pop();
            }
        }
        while self.rows.last().is_some_and(|r| r.is_empty()) {
            self.rows.pop();
        }
        SheetGrid {
            name,
            rows: self.rows,
            merges,
            warnings: self.warnings,
            ..Default::default()
        }
    }
}
