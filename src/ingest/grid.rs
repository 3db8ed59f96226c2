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

/// Why a sheet has no grid to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetSkip {
    /// A chart, dialog or macro sheet: skipped, with the reason.
    NotAList(String),
    /// The sheet could not be read: an error for this sheet only.
    Unreadable(String),
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
    /// Set when the sheet is not a worksheet or could not be read (then `rows` is empty).
    pub skip: Option<SheetSkip>,
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
        use legacy::{Detection, Encoding};
        let width = self.width();
        self.column_encodings = vec![None; width];
        // Per column: the non-ASCII text cells and their detections.
        let mut columns: Vec<(Vec<usize>, Vec<Detection>)> = Vec::with_capacity(width);
        for c in 0..width {
            let mut positions = Vec::new();
            let mut detected = Vec::new();
            for (r, row) in self.rows.iter().enumerate() {
                if let Some(Cell::Text(s)) = row.get(c)
                    && !s.is_ascii()
                {
                    positions.push(r);
                    detected.push(legacy::detect_detail(s));
                }
            }
            columns.push((positions, detected));
        }
        // The sheet's legacy encoding, from the cells that decide it: it also decides a column
        // whose only non-ASCII cell is its header ("Sè CCCD" over ASCII numbers in TCVN3).
        let strong: Vec<Encoding> = columns
            .iter()
            .flat_map(|(_, d)| d.iter())
            .filter(|d| {
                d.strong
                    && matches!(
                        d.encoding,
                        Encoding::Tcvn3 | Encoding::Vni | Encoding::Viscii
                    )
            })
            .map(|d| d.encoding)
            .collect();
        let sheet_legacy = [Encoding::Tcvn3, Encoding::Vni, Encoding::Viscii]
            .into_iter()
            .map(|e| (strong.iter().filter(|x| **x == e).count(), e))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, e)| (*n, *e as u8))
            .map(|(_, e)| e);
        for (c, (positions, detected)) in columns.into_iter().enumerate() {
            if positions.is_empty() {
                continue;
            }
            let column_has_strong = detected
                .iter()
                .any(|d| d.strong && d.encoding != Encoding::Ascii);
            let maj = match (column_has_strong, sheet_legacy) {
                (false, Some(e)) => e,
                _ => legacy::column_majority(&detected).unwrap_or(Encoding::Unicode),
            };
            let mut counts: std::collections::HashMap<Encoding, usize> = Default::default();
            for (r, d) in positions.into_iter().zip(detected) {
                let enc = legacy::resolve(&d, maj);
                *counts.entry(enc).or_default() += 1;
                if let Some(Cell::Text(s)) = self.rows[r].get(c) {
                    let text = legacy::decode_as(s, enc);
                    self.rows[r][c] = Cell::Text(text);
                }
            }
            self.column_encodings[c] = counts
                .into_iter()
                .max_by_key(|(enc, n)| (*n, *enc as u8))
                .map(|(enc, _)| enc);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::legacy::{Encoding, encode_tcvn3};

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    /// A header cell in TCVN3 over a column of ASCII numbers is decided by the sheet's encoding.
    #[test]
    fn header_only_legacy_column_follows_the_sheet() {
        let mut g = SheetGrid {
            rows: vec![
                vec![t(&encode_tcvn3("Họ và tên")), t(&encode_tcvn3("Số CCCD"))],
                vec![t(&encode_tcvn3("Nguyễn Thị Hương")), t("075172001234")],
                vec![t(&encode_tcvn3("Trần Văn Đức")), t("075060012345")],
            ],
            ..Default::default()
        };
        g.decode_legacy_text();
        assert_eq!(g.cell(0, 1).to_text().to_lowercase(), "số cccd");
        assert_eq!(g.cell(1, 0).to_text(), "Nguyễn Thị Hương");
        assert_eq!(g.column_encodings[1], Some(Encoding::Tcvn3));
    }

    #[test]
    fn vertical_merges_in_the_data_fill_every_covered_row() {
        let mut g = SheetGrid {
            rows: vec![
                vec![t("Mã hộ"), t("Họ và tên")],
                vec![t("HN-001"), t("A")],
                vec![Cell::Empty, t("B")],
                vec![Cell::Empty, t("C")],
            ],
            merges: vec![
                Merge {
                    first_row: 1,
                    first_col: 0,
                    last_row: 2,
                    last_col: 0,
                },
                // A merge reaching past the last row is clipped, not a panic.
                Merge {
                    first_row: 3,
                    first_col: 1,
                    last_row: 9,
                    last_col: 1,
                },
            ],
            ..Default::default()
        };
        assert!(g.fill_vertical_merges(1));
        assert_eq!(g.cell(2, 0), &t("HN-001"));
        assert_eq!(g.cell(3, 0), &Cell::Empty);
        assert!(!g.fill_vertical_merges(1));
    }

    #[test]
    fn error_values_are_recognised() {
        assert_eq!(error_value(" #N/A "), Some("#N/A"));
        assert_eq!(error_value("#ref!"), Some("#REF!"));
        assert_eq!(error_value("N/A"), None);
    }
}
