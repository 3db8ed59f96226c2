//! Spreadsheet workbooks (.xlsx, .xlsm, .xls, .ods) through calamine: every sheet, with merges.

use std::path::Path;

use calamine::{Data, Range, Reader, SheetType, Sheets, open_workbook_auto};

use super::grid::{CellWarning, Merge, SheetGrid, SheetSkip, error_value, error_warning};
use crate::error::{Error, Result};
use crate::model::Cell;

pub fn read_workbook(path: &Path) -> Result<Vec<SheetGrid>> {
    let file = super::file_name(path);
    let mut wb = open_workbook_auto(path).map_err(|e| Error::Input {
        file: file.clone(),
        message: format!("không mở được bảng tính: {}", describe(&e)),
    })?;
    let sheets = wb.sheets_metadata().to_vec();
    // Date cells carry their epoch already; plain serial numbers need the workbook's.
    let date1904 = match &wb {
        Sheets::Xlsx(x) => x.has_1904_epoch(),
        _ => false,
    };
    let mut ods = matches!(wb, Sheets::Ods(_)).then(|| super::ods_merges::ods_merges(path));
    let mut grids = Vec::with_capacity(sheets.len());
    for sheet in sheets {
        let name = sheet.name;
        let not_a_list = match sheet.typ {
            SheetType::WorkSheet => None,
            SheetType::ChartSheet => Some("sheet biểu đồ, không có dữ liệu dạng bảng"),
            SheetType::DialogSheet => Some("sheet hộp thoại, không có dữ liệu dạng bảng"),
            SheetType::MacroSheet | SheetType::Vba => {
                Some("sheet macro, không có dữ liệu dạng bảng")
            }
        };
        if let Some(reason) = not_a_list {
            grids.push(SheetGrid {
                name,
                skip: Some(SheetSkip::NotAList(reason.to_string())),
                ..Default::default()
            });
            continue;
        }
        let range = match wb.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => {
                // One damaged sheet is an error for that sheet; the others still run.
                grids.push(SheetGrid {
                    name,
                    skip: Some(SheetSkip::Unreadable(format!(
                        "không đọc được sheet: {}",
                        describe(&e)
                    ))),
                    ..Default::default()
                });
                continue;
            }
        };
        let merges = match ods.as_mut() {
            Some(m) => m.remove(&name).unwrap_or_default(),
            None => merges_of(&mut wb, &name),
        };
        let mut grid = to_grid(name, &range, merges);
        grid.date1904 = date1904;
        grids.push(grid);
    }
    Ok(grids)
}

fn describe(e: &calamine::Error) -> String {
    let s = e.to_string();
    if s.to_ascii_lowercase().contains("password") || s.to_ascii_lowercase().contains("encrypt") {
        "bảng tính có mật khẩu / đã mã hóa; hãy bỏ mật khẩu rồi chạy lại".into()
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

fn to_grid(name: String, range: &Range<Data>, merges: Vec<Merge>) -> SheetGrid {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); r0 as usize];
    let mut warnings: Vec<CellWarning> = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let r = r0 as usize + i;
        let mut cells = vec![Cell::Empty; c0 as usize];
        for (j, d) in row.iter().enumerate() {
            let cell = match convert(d) {
                Cell::Error(e) => {
                    warnings.push(error_warning(r, c0 as usize + j, &e));
                    Cell::Empty
                }
                Cell::Text(s) => match error_value(&s) {
                    Some(e) => {
                        warnings.push(error_warning(r, c0 as usize + j, e));
                        Cell::Empty
                    }
                    None => Cell::Text(s),
                },
                other => other,
            };
            cells.push(cell);
        }
        while matches!(cells.last(), Some(Cell::Empty)) {
            cells.pop();
        }
        rows.push(cells);
    }
    while rows.last().is_some_and(|r| r.is_empty()) {
        rows.pop();
    }
    SheetGrid {
        name,
        rows,
        merges,
        warnings,
        ..Default::default()
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
            if dt.is_datetime() && dt.as_f64() >= 1.0 {
                let (y, m, day, ..) = dt.to_ymd_hms_milli();
                Cell::Date {
                    year: y as i32,
                    month: m,
                    day,
                }
            } else {
                Cell::Float(dt.as_f64())
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
    let month: u8 = it.next()?.parse().ok()?;
    let day: u8 = it.next()?.parse().ok()?;
    Some(Cell::Date { year, month, day })
}
