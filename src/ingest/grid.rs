//! A sheet as a grid of cells with its merged regions, independent of the file format.

use crate::model::Cell;
use crate::text::legacy;

/// A merged region (0-based, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

/// Something the reader noticed in a cell and replaced (an error value read as empty).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CellWarning {
    /// 0-based sheet row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
    /// Vietnamese text for the report.
    pub message: String,
}

/// A sheet: `rows[i]` is sheet row `i` (0-based), `rows[i][j]` column `j`.
#[derive(Debug, Clone, Default)]
pub struct SheetGrid {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    pub merges: Vec<Merge>,
    /// Encoding found per column (after `decode_legacy_text`).
    pub column_encodings: Vec<Option<legacy::Encoding>>,
    /// The workbook counts dates from 1904 (old Mac Excel): plain serial numbers are 1904-based.
    pub date1904: bool,
    /// Cells the reader replaced (error values such as `#N/A`, `#REF!` read as empty).
    pub warnings: Vec<CellWarning>,
    /// How the file's bytes were decoded (CSV): "UTF-8", "UTF-8 (BOM)", "UTF-16LE", ….
    pub file_encoding: Option<String>,
}

/// Spreadsheet error values, as shown in a cell or written into a CSV export.
pub const ERROR_VALUES: [&str; 8] = [
    "#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#DATA!",
];

/// The error value a text cell holds ("#N/A"), if it is one.
pub fn error_value(text: &str) -> Option<&'static str> {
    let t = text.trim();
    ERROR_VALUES
        .iter()
        .copied()
        .find(|e| t.eq_ignore_ascii_case(e))
}

pub fn error_warning(row: usize, col: usize, error: &str) -> CellWarning {
    CellWarning {
        row: row as u32,
        col: col as u32,
        message: format!("ô lỗi {error} (công thức hỏng hoặc thiếu dữ liệu) được đọc là ô trống"),
    }
}

const EMPTY_ROW: &[Cell] = &[];

impl SheetGrid {
    pub fn row(&self, r: usize) -> &[Cell] {
        self.rows.get(r).map(|v| v.as_slice()).unwrap_or(EMPTY_ROW)
    }

    pub fn cell(&self, r: usize, c: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&EMPTY)
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(|r| r.len()).max().unwrap_or(0)
    }

    pub fn is_blank(&self) -> bool {
        self.rows.iter().all(|r| r.iter().all(Cell::is_empty))
    }

    pub fn row_is_blank(&self, r: usize) -> bool {
        self.row(r).iter().all(Cell::is_empty)
    }

    /// The merged region that contains (r, c), if any.
    pub fn merge_at(&self, r: u32, c: u32) -> Option<&Merge> {
        self.merges
            .iter()
            .find(|m| m.first_row <= r && r <= m.last_row && m.first_col <= c && c <= m.last_col)
    }

    /// Text shown at (r, c): a cell inside a merged region shows the region's top-left value.
    pub fn shown(&self, r: usize, c: usize) -> &Cell {
        if let Some(m) = self.merge_at(r as u32, c as u32) {
            return self.cell(m.first_row as usize, m.first_col as usize);
        }
        self.cell(r, c)
    }

    /// Vertical merges that start at or below `from_row` (inside the data): the value of the
    /// top-left cell belongs to every row the region covers (a household code or address over
    /// the member rows, an owner over the parcel rows), so it is copied into each of them.
    /// Returns whether anything was filled.
    pub fn fill_vertical_merges(&mut self, from_row: usize) -> bool {
        let mut filled = false;
        let merges: Vec<Merge> = self
            .merges
            .iter()
            .filter(|m| m.last_row > m.first_row && m.first_row as usize >= from_row)
            .copied()
            .collect();
        for m in merges {
            let value = self
                .cell(m.first_row as usize, m.first_col as usize)
                .clone();
            if value.is_empty() {
                continue;
            }
            for r in m.first_row + 1..=m.last_row {
                let r = r as usize;
                let c = m.first_col as usize;
                if r >= self.rows.len() {
                    break;
                }
                let row = &mut self.rows[r];
                if row.len() <= c {
                    row.resize(c + 1, Cell::Empty);
                }
                if row[c].is_empty() {
                    row[c] = value.clone();
                    filled = true;
                }
            }
        }
        filled
    }

    /// Decode legacy-encoded text (TCVN3, VNI, VISCII) column by column, so that ambiguous cells
    /// are decided by the column's majority.
    pub fn decode_legacy_text(&mut self) {
        let width = self.width();
        self.column_encodings = vec![None; width];
        for c in 0..width {
            let mut positions = Vec::new();
            let mut texts: Vec<&str> = Vec::new();
            for (r, row) in self.rows.iter().enumerate() {
                if let Some(Cell::Text(s)) = row.get(c)
                    && !s.is_ascii()
                {
                    positions.push(r);
                    texts.push(s.as_str());
                }
            }
            if texts.is_empty() {
                continue;
            }
            let decoded = legacy::decode_column(&texts);
            let mut majority: std::collections::HashMap<legacy::Encoding, usize> =
                Default::default();
            let mut new_values = Vec::with_capacity(decoded.len());
            for (text, enc) in decoded {
                *majority.entry(enc).or_default() += 1;
                new_values.push(text);
            }
            for (r, text) in positions.into_iter().zip(new_values) {
                self.rows[r][c] = Cell::Text(text);
            }
            self.column_encodings[c] = majority
                .into_iter()
                .max_by_key(|(enc, n)| (*n, *enc as u8))
                .map(|(enc, _)| enc);
        }
    }
}
