//! CSV lists: UTF-8 (with or without BOM), UTF-16 (BOM) and legacy Windows code pages; the
//! delimiter (comma, semicolon, tab) is sniffed.

use std::path::Path;

use super::decode::decode_bytes_detect;
// Named here too: code that decoded through `ingest::csv` keeps building.
use super::builder::GridBuilder;
pub use super::decode::{TextEncoding, decode_bytes, encode_windows_1258, repair_double_utf8};
use super::grid::{SheetGrid, error_value, error_warning};
use super::limits::ReadLimits;
use crate::error::{Error, Result};
use crate::model::Cell;

pub fn read_csv_grid(path: &Path) -> Result<SheetGrid> {
    read_csv_grid_with(path, &ReadLimits::default())
}

/// A quoted field spanning more line breaks than this is an unclosed quote, not an address.
const MAX_LINES_IN_FIELD: usize = 10;

pub fn read_csv_grid_with(path: &Path, limits: &ReadLimits) -> Result<SheetGrid> {
    let file = super::file_name(path);
    let input_err = |message: String| Error::Input {
        file: file.clone(),
        message,
    };
    // A bounded read: a file that does not report its size (or grows) is never read without end.
    let too_big = || {
        input_err(format!(
            "tệp văn bản quá giới hạn {} MB; hãy tách thành nhiều tệp",
            limits.max_text_bytes >> 20
        ))
    };
    let size = std::fs::metadata(path)
        .map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?
        .len();
    if size > limits.max_text_bytes {
        return Err(input_err(format!(
            "tệp văn bản {} MB, quá giới hạn {} MB; hãy tách thành nhiều tệp",
            size >> 20,
            limits.max_text_bytes >> 20
        )));
    }
    let bytes = super::open::read_bounded(path, limits.max_text_bytes)
        .map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?
        .ok_or_else(too_big)?;
    if bytes.is_empty() {
        return Err(input_err("tệp rỗng (0 byte), không có dữ liệu".into()));
    }
    let (text, encoding) = decode_bytes_detect(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.contains('\0') {
        return Err(input_err(
            "tệp không phải CSV văn bản (chứa byte nhị phân)".into(),
        ));
    }
    let delimiter = sniff_delimiter(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut builder = GridBuilder::for_text(limits);
    let mut warnings = Vec::new();
    let mut blank_rows = 0usize;
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| input_err(format!("dòng {}: CSV không hợp lệ ({e})", i + 1)))?;
        // The reader reports a record after blank lines at the first blank line: step over
        // them. Each blank line is a row of its own, as a spreadsheet shows the file.
        let (line, blank) = rec
            .position()
            .map(|p| {
                let from = usize::try_from(p.byte()).unwrap_or(usize::MAX);
                let breaks = text
                    .get(from..)
                    .map(|rest| {
                        rest.bytes()
                            .take_while(|b| matches!(b, b'\r' | b'\n'))
                            .filter(|&b| b == b'\n')
                            .count()
                    })
                    .unwrap_or(0);
                // the position may be the end of the record before (its own line break is
                // then the first of the run) or the start of a line
                let at_line_start = from == 0
                    || text
                        .as_bytes()
                        .get(from.wrapping_sub(1))
                        .is_some_and(|&b| b == b'\n');
                let blank = if at_line_start {
                    breaks
                } else {
                    breaks.saturating_sub(1)
                };
                let line_of_pos = p.line() + u64::from(!at_line_start && breaks > 0);
                (line_of_pos + blank as u64, blank)
            })
            .unwrap_or((i as u64 + 1, 0));
        blank_rows += blank;
        // The row as a spreadsheet numbers it: records and blank lines (a quoted cell over two
        // lines is one row).
        let row_index = i + blank_rows;
        if rec
            .iter()
            .any(|v| v.matches('\n').count() > MAX_LINES_IN_FIELD)
        {
            return Err(input_err(format!(
                "dòng {line}: dấu ngoặc kép (\") mở mà không đóng, các dòng sau bị gộp vào một ô; hãy sửa dấu ngoặc kép ở dòng này"
            )));
        }
        for (c, v) in rec.iter().enumerate() {
            // A spreadsheet's force-text apostrophe ("'001060012345") is not part of the value.
            let v = v.strip_prefix('\'').unwrap_or(v);
            if v.trim().is_empty() {
                continue;
            }
            if let Some(e) = error_value(v) {
                warnings.push(error_warning(row_index, c, e));
                continue;
            }
            let row = u32::try_from(row_index).unwrap_or(u32::MAX);
            let col = u32::try_from(c).unwrap_or(u32::MAX);
            builder
                .put(row, col, Cell::Text(v.to_string()))
                .map_err(|m| input_err(format!("dòng {line}: {m}")))?;
        }
    }
    let mut grid = builder.finish(String::new(), Vec::new());
    grid.warnings = warnings;
    grid.file_encoding = Some(encoding.label().to_string());
    Ok(grid)
}

fn sniff_delimiter(text: &str) -> u8 {
    let sample: Vec<&str> = text.lines().take(30).collect();
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t'] {
        let count: usize = sample
            .iter()
            .map(|l| l.bytes().filter(|&b| b == d).count())
            .sum();
        if count > best.1 {
            best = (d, count);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_the_files_lines_across_blank_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ds.csv");
        std::fs::write(
            &path,
            "TITLE\r\n\r\nSTT;Họ và tên\r\n1;Nguyễn Văn An\r\n\r\n\r\n2;Lê Thị Bình\r\n3;\"Trần\nVăn Cư\"\r\n4;Đỗ Thị Dung\r\n",
        )
        .unwrap();
        let g = read_csv_grid(&path).unwrap();
        // 0-based rows: the header on row 3, the people on rows 4 and 7 (blank lines are rows)
        assert_eq!(g.cell(2, 1).to_text(), "Họ và tên");
        assert_eq!(g.cell(3, 1).to_text(), "Nguyễn Văn An");
        assert_eq!(g.cell(6, 1).to_text(), "Lê Thị Bình");
        // a quoted cell over two lines is one row, as a spreadsheet shows it
        assert_eq!(g.cell(7, 1).to_text(), "Trần\nVăn Cư");
        assert_eq!(g.cell(8, 1).to_text(), "Đỗ Thị Dung");
        // the same with Unix line breaks
        std::fs::write(
            &path,
            "TITLE\n\nSTT;Họ và tên\n1;Nguyễn Văn An\n\n\n2;Lê Thị Bình\n",
        )
        .unwrap();
        let g = read_csv_grid(&path).unwrap();
        assert_eq!(g.cell(2, 1).to_text(), "Họ và tên");
        assert_eq!(g.cell(3, 1).to_text(), "Nguyễn Văn An");
        assert_eq!(g.cell(6, 1).to_text(), "Lê Thị Bình");
    }

    #[test]
    fn sniffs_semicolons() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3\n"), b';');
        assert_eq!(sniff_delimiter("a,b\n1,2\n"), b',');
    }
}
