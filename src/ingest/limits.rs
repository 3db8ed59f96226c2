//! Resource limits for reading inputs: refuse with a clear message what cannot fit, instead of
//! filling memory.

use super::grid::SheetGrid;

/// Excel's own sheet size: no real sheet has a cell beyond it.
pub const EXCEL_MAX_ROWS: usize = 1_048_576;
pub const EXCEL_MAX_COLS: usize = 16_384;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// Rows holding any value, per sheet (`--max-rows`).
    pub max_rows: usize,
    /// Rows × columns of the part of a sheet that holds values.
    pub max_area: u64,
    /// Size of a text (CSV) input.
    pub max_text_bytes: u64,
    /// Total uncompressed size of a zip-based workbook.
    pub max_unzipped_bytes: u64,
    /// An entry this large (uncompressed) …
    pub bomb_entry_bytes: u64,
    /// … and compressed more than this ratio is treated as a zip bomb.
    pub bomb_ratio: u64,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_rows: EXCEL_MAX_ROWS,
            max_area: 64 * 1024 * 1024,
            max_text_bytes: 1 << 30,
            max_unzipped_bytes: 4 << 30,
            bomb_entry_bytes: 64 << 20,
            bomb_ratio: 200,
        }
    }
}

impl ReadLimits {
    pub fn with_max_rows(max_rows: usize) -> Self {
        ReadLimits {
            max_rows,
            ..ReadLimits::default()
        }
    }

    pub fn check_rows(&self, rows_with_data: usize) -> Result<(), String> {
        if rows_with_data > self.max_rows {
            return Err(format!(
                "sheet có hơn {} dòng có dữ liệu (giới hạn --max-rows {}); hãy tách danh sách hoặc chạy lại với --max-rows lớn hơn",
                self.max_rows, self.max_rows
            ));
        }
        Ok(())
    }

    /// `row` and `col` are 0-based positions of a cell about to be stored; `rows`/`width` the
    /// extent it would give the sheet.
    pub fn check_cell(
        &self,
        row: usize,
        col: usize,
        rows: usize,
        width: usize,
    ) -> Result<(), String> {
        if row >= EXCEL_MAX_ROWS || col >= EXCEL_MAX_COLS {
            return Err(format!(
                "ô ở dòng {}, cột {} nằm ngoài giới hạn của Excel ({} dòng × {} cột); tệp hỏng",
                row as u64 + 1,
                col as u64 + 1,
                EXCEL_MAX_ROWS,
                EXCEL_MAX_COLS
            ));
        }
        self.check_area(rows, width)
    }

    /// The extent a sheet would have: rows × columns within `max_area` (a text file has no
    /// grid limit of its own, only this one).
    pub fn check_area(&self, rows: usize, width: usize) -> Result<(), String> {
        if rows as u64 * width as u64 > self.max_area {
            return Err(format!(
                "vùng có dữ liệu quá lớn ({rows} dòng × {width} cột, quá {} ô); thường do một ô lạc ở rất xa bảng — hãy xóa các dòng, cột thừa rồi lưu lại",
                self.max_area
            ));
        }
        Ok(())
    }
}

/// One sheet of an input: read, or refused with the reason.
#[derive(Debug, Clone)]
pub enum SheetRead {
    Grid(SheetGrid),
    Failed { sheet: String, message: String },
}
