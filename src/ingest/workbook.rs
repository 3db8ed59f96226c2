//! Spreadsheet workbooks (.xlsx, .xlsm, .xls, .ods) through calamine: every sheet, with merges.
//!
//! The format is taken from the file's content, not its extension (a ".xlsx" that is really an
//! Excel 97-2003 file or a CSV is read as what it is). Before calamine sees a zip-based file the
//! zip directory is checked, so that a zip bomb is refused instead of filling memory; `.xlsx`
//! sheets are streamed cell by cell, so a stray cell at XFD1048576 costs nothing.

use std::path::Path;

use calamine::{Data, Ods, Range, Reader, SheetType, Sheets, Xls, Xlsb, Xlsx, open_workbook};

use super::grid::{CellWarning, Merge, SheetGrid, SheetSkip, error_value, error_warning};
use super::limits::{ReadLimits, SheetRead};
use super::sniff::{self, Kind};
use crate::error::{Error, Result};
use crate::model::Cell;

/// Read every sheet; the first sheet that cannot be read fails the whole file.
pub fn read_workbook(path: &Path) -> Result<Vec<SheetGrid>> {
    let file = super::file_name(path);
    read_workbook_with(path, &ReadLimits::default())?
        .into_iter()
        .map(|s| match s {
            SheetRead::Grid(g) => Ok(g),
            SheetRead::Failed { sheet, message } => Err(Error::Sheet {
                file: file.clone(),
                sheet,
                message,
            }),
        })
        .collect()
}

/// Read every sheet under `limits`; a sheet that cannot be read is reported on its own and does
/// not stop the others.
pub fn read_workbook_with(path: &Path, limits: &ReadLimits) -> Result<Vec<SheetRead>> {
    let file = super::file_name(path);
    guard_panics(&file, || read_workbook_inner(path, limits))
}

/// A bug in the spreadsheet library on a malformed file (calamine 0.38's .xls reader overflows
/// on a crafted MULRK record, found by fuzzing) must not take the run down: it becomes this
/// file's error and the other inputs go on.
fn guard_panics<T>(file: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(Error::Input {
            file: file.to_string(),
            message: "không mở được bảng tính: tệp hỏng (thư viện đọc bảng tính dừng lại trên nội dung không hợp lệ)".into(),
        })
    })
}

fn read_workbook_inner(path: &Path, limits: &ReadLimits) -> Result<Vec<SheetRead>> {
    let file = super::file_name(path);
    let input_err = |message: String| Error::Input {
        file: file.clone(),
        message,
    };
    let kind = sniff::sniff_file(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let mut wb: Sheets<std::io::BufReader<std::fs::File>> = match kind {
        Kind::Empty => return Err(input_err("tệp rỗng (0 byte), không có dữ liệu".into())),
        Kind::Text if sniff::looks_like_csv(path) => {
            // A CSV list saved with a spreadsheet extension: read it as CSV.
            return Ok(vec![SheetRead::Grid(super::csv::read_csv_grid_with(
                path, limits,
            )?)]);
        }
        Kind::Text => {
            return Err(input_err(
                "không mở được bảng tính: tệp là văn bản thường, không phải bảng tính hay CSV"
                    .into(),
            ));
        }
        Kind::Html => {
            return Err(input_err(
                "tệp thực chất là trang HTML (kiểu \"xuất ra Excel\" của phần mềm web), không phải bảng tính; hãy mở bằng Excel rồi lưu lại dưới dạng .xlsx".into(),
            ));
        }
        Kind::SpreadsheetXml => {
            return Err(input_err(
                "tệp là bảng tính XML 2003 (SpreadsheetML), định dạng không được hỗ trợ; hãy mở bằng Excel rồi lưu lại dưới dạng .xlsx".into(),
            ));
        }
        Kind::Encrypted => return Err(input_err(PASSWORD_MESSAGE.into())),
        Kind::Cfb => Sheets::Xls(open_workbook::<Xls<_>, _>(path).map_err(|e| {
            input_err(format!(
                "không mở được bảng tính: {}",
                describe(&calamine::Error::Xls(e))
            ))
        })?),
        Kind::Zip => {
            let zip_kind = sniff::check_zip(path, limits).map_err(input_err)?;
            let opened = match zip_kind {
                sniff::ZipKind::Xlsx => open_workbook::<Xlsx<_>, _>(path)
                    .map(Sheets::Xlsx)
                    .map_err(calamine::Error::Xlsx),
                sniff::ZipKind::Xlsb => open_workbook::<Xlsb<_>, _>(path)
                    .map(Sheets::Xlsb)
                    .map_err(calamine::Error::Xlsb),
                sniff::ZipKind::Ods => open_workbook::<Ods<_>, _>(path)
                    .map(Sheets::Ods)
                    .map_err(calamine::Error::Ods),
            };
            opened.map_err(|e| input_err(format!("không mở được bảng tính: {}", describe(&e))))?
        }
        Kind::Other => {
            return Err(input_err(
                "không mở được bảng tính: tệp hỏng hoặc không phải bảng tính (không nhận ra định dạng .xlsx, .xls, .ods hay CSV)".into(),
            ));
        }
    };
    let metadata = wb.sheets_metadata().to_vec();
    // Date cells carry their epoch already; plain serial numbers need the workbook's.
    let date1904 = match &wb {
        Sheets::Xlsx(x) => x.has_1904_epoch(),
        _ => false,
    };
    // calamine reads no merged cells from .ods: they come from the file's own XML.
    let mut ods = matches!(wb, Sheets::Ods(_)).then(|| super::ods_merges::ods_merges(path));
    let mut sheets = Vec::with_capacity(metadata.len());
    for meta in metadata {
        let name = meta.name;
        let not_a_list = match meta.typ {
            SheetType::WorkSheet => None,
            SheetType::ChartSheet => Some("sheet biểu đồ, không có dữ liệu dạng bảng"),
            SheetType::DialogSheet => Some("sheet hộp thoại, không có dữ liệu dạng bảng"),
            SheetType::MacroSheet | SheetType::Vba => {
                Some("sheet macro, không có dữ liệu dạng bảng")
            }
        };
        if let Some(reason) = not_a_list {
            sheets.push(SheetRead::Grid(SheetGrid {
                name,
                skip: Some(SheetSkip::NotAList(reason.to_string())),
                ..Default::default()
            }));
            continue;
        }
        let merges = match ods.as_mut() {
            Some(m) => m.remove(&name).unwrap_or_default(),
            None => merges_of(&mut wb, &name),
        };
        let read = match &mut wb {
            Sheets::Xlsx(x) => stream_xlsx_sheet(x, &name, merges, limits),
            other => match other.worksheet_range(&name) {
                Ok(range) => grid_from_range(name.clone(), &range, merges, limits),
                Err(e) => Err(format!("không đọc được sheet: {}", describe(&e))),
            },
        };
        sheets.push(match read {
            Ok(mut grid) => {
                grid.date1904 = date1904;
                SheetRead::Grid(grid)
            }
            Err(message) => SheetRead::Failed {
                sheet: name,
                message,
            },
        });
    }
    Ok(sheets)
}

const PASSWORD_MESSAGE: &str =
    "bảng tính có mật khẩu / đã mã hóa; hãy mở bằng Excel, bỏ mật khẩu, lưu lại rồi chạy lại";

fn describe(e: &calamine::Error) -> String {
    let s = e.to_string();
    let lower = s.to_ascii_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        PASSWORD_MESSAGE.into()
    } else {
        format!("tệp hỏng hoặc không phải bảng tính ({s})")
    }
}

fn merges_of<RS: std::io::Read + std::io::Seek>(wb: &mut Sheets<RS>, name: &str) -> Vec<Merge> {
    let dims = match wb {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).ok(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).ok(),
        _ => None,
    }
    .unwrap_or_default();
    dims.into_iter()
        .map(|d| Merge {
            first_row: d.start.0,
            first_col: d.start.1,
            last_row: d.end.0,
            last_col: d.end.1,
        })
        .collect()
}

/// Stream an .xlsx sheet cell by cell into a sparse grid, enforcing the limits as it goes.
fn stream_xlsx_sheet<RS: std::io::Read + std::io::Seek>(
    wb: &mut Xlsx<RS>,
    name: &str,
    merges: Vec<Merge>,
    limits: &ReadLimits,
) -> std::result::Result<SheetGrid, String> {
    let mut reader = wb.worksheet_cells_reader(name).map_err(|e| {
        format!(
            "không đọc được sheet: {}",
            describe(&calamine::Error::Xlsx(e))
        )
    })?;
    let mut builder = GridBuilder::new(limits);
    loop {
        let cell = match reader.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => {
                return Err(format!(
                    "không đọc được sheet: {}",
                    describe(&calamine::Error::Xlsx(e))
                ));
            }
        };
        let (r, c) = cell.get_position();
        let value = convert(&Data::from(cell.get_value().clone()));
        builder.put(r, c, value)?;
    }
    Ok(builder.finish(name.to_string(), merges))
}

fn grid_from_range(
    name: String,
    range: &Range<Data>,
    merges: Vec<Merge>,
    limits: &ReadLimits,
) -> std::result::Result<SheetGrid, String> {
    let mut builder = GridBuilder::new(limits);
    for (r, c, d) in range.used_cells() {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        builder.put(r0 + r as u32, c0 + c as u32, convert(d))?;
    }
    Ok(builder.finish(name, merges))
}

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

/// calamine cell → our cell. Date-formatted cells become calendar dates (both date systems).
pub fn convert(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => {
            // Excel's force-text apostrophe is not part of the value.
            let s = s.strip_prefix('\'').unwrap_or(s);
            if s.trim().is_empty() && !s.contains('\u{ad}') {
                Cell::Empty
            } else {
                Cell::Text(s.to_string())
            }
        }
        Data::Int(i) => Cell::Int(*i),
        Data::Float(f) => Cell::Float(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => {
            let v = dt.as_f64();
            // Only serials inside Excel's calendar (years 1900–9999) become dates.
            if dt.is_datetime() && (1.0..2_958_466.0).contains(&v) {
                let (y, m, day, ..) = dt.to_ymd_hms_milli();
                Cell::Date {
                    year: y as i32,
                    month: m,
                    day,
                }
            } else {
                Cell::Float(v)
            }
        }
        Data::DateTimeIso(s) => parse_iso(s).unwrap_or_else(|| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

fn parse_iso(s: &str) -> Option<Cell> {
    let date = s.split('T').next()?;
    let mut it = date.split('-');
    let year: i32 = it.next()?.parse().ok()?;
    if !(1..=9999).contains(&year) {
        return None;
    }
    let month: u8 = it.next()?.parse().ok()?;
    let day: u8 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(Cell::Date { year, month, day })
}

/// Read a workbook held in memory (any format calamine detects), for the fuzz target and tests.
/// Never panics on any bytes.
pub fn read_workbook_bytes(bytes: &[u8], limits: &ReadLimits) -> Result<Vec<SheetRead>> {
    guard_panics("(bytes)", || read_bytes_inner(bytes, limits))
}

fn read_bytes_inner(bytes: &[u8], limits: &ReadLimits) -> Result<Vec<SheetRead>> {
    let err = |message: String| Error::Input {
        file: "(bytes)".into(),
        message,
    };
    if sniff::sniff_bytes(bytes) == Kind::Zip {
        sniff::check_zip_reader(std::io::Cursor::new(bytes), limits).map_err(err)?;
    }
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| err(describe(&e)))?;
    let names = wb.sheet_names().to_vec();
    let mut sheets = Vec::new();
    for name in names {
        let merges = merges_of(&mut wb, &name);
        let read = match &mut wb {
            Sheets::Xlsx(x) => stream_xlsx_sheet(x, &name, merges, limits),
            other => match other.worksheet_range(&name) {
                Ok(range) => grid_from_range(name.clone(), &range, merges, limits),
                Err(e) => Err(describe(&e)),
            },
        };
        sheets.push(match read {
            Ok(g) => SheetRead::Grid(g),
            Err(message) => SheetRead::Failed {
                sheet: name,
                message,
            },
        });
    }
    Ok(sheets)
}
