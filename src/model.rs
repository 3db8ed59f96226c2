//! Small types shared by every stage of the pipeline.

use std::fmt;

/// One spreadsheet cell, as read from xlsx/xls/ods/csv.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    /// A cell that carried a date format; already converted to a calendar date.
    Date {
        year: i32,
        month: u8,
        day: u8,
    },
    Bool(bool),
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty() && !s.contains('\u{ad}'),
            _ => false,
        }
    }

    /// The cell as the text a user sees (numbers without a spurious `.0`).
    pub fn to_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => format_number(*f),
            Cell::Date { year, month, day } => format!("{day:02}/{month:02}/{year:04}"),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// Format a float the way a spreadsheet shows an integer-valued number.
pub fn format_number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

/// Where a list row came from: file, sheet and the row number as the spreadsheet shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct RowRef {
    /// Index of the input file in the run (keeps the run's order).
    pub file_index: usize,
    /// Base name of the input file (shared by every row of the file).
    pub file: std::sync::Arc<str>,
    /// Sheet name; empty for CSV (shared by every row of the sheet).
    pub sheet: std::sync::Arc<str>,
    /// 1-based row number as the spreadsheet shows it.
    pub row: u32,
}

impl fmt::Display for RowRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sheet.is_empty() {
            write!(f, "{}, dòng {}", self.file, self.row)
        } else {
            write!(
                f,
                "{}, sheet \"{}\", dòng {}",
                self.file, self.sheet, self.row
            )
        }
    }
}
