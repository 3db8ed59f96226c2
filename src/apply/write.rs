//! The files `apply` writes: `danh-sach-cuoi-cung.xlsx` (+ `.csv`) and `chua-xu-ly.xlsx`.
//! Every text cell is written as a string (never a formula); CSV cells that a spreadsheet would
//! take for a formula are escaped.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::ApplyOutcome;
use crate::error::{Error, Result};
use crate::report::results::csv_safe;
use crate::report::style;

pub const FINAL_XLSX: &str = "danh-sach-cuoi-cung.xlsx";
pub const FINAL_CSV: &str = "danh-sach-cuoi-cung.csv";
pub const UNRESOLVED_XLSX: &str = "chua-xu-ly.xlsx";

pub const FINAL_HEADERS: [&str; 14] = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số định danh cá nhân",
    "Nơi thường trú",
    "Nguồn",
    "Kết quả xác minh",
    "Giá trị đúng",
    "Cán bộ xác minh",
    "Ngày xác minh",
    "Tệp gốc",
    "Sheet gốc",
    "Dòng gốc",
];
const FINAL_WIDTHS: [f64; 14] = [
    6.0, 26.0, 12.0, 9.0, 16.0, 34.0, 30.0, 20.0, 22.0, 20.0, 12.0, 22.0, 14.0, 8.0,
];

pub const REMOVED_HEADERS: [&str; 12] = [
    "STT",
    "Họ và tên (danh sách)",
    "Ngày sinh (danh sách)",
    "Số định danh/CMND (danh sách)",
    "Lý do loại",
    "Kết quả xác minh",
    "Cán bộ xác minh",
    "Ngày xác minh",
    "Tệp gốc",
    "Sheet gốc",
    "Dòng gốc",
    "Đọc từ",
];

pub const UNRESOLVED_HEADERS: [&str; 10] = [
    "STT",
    "Tệp gốc",
    "Sheet gốc",
    "Dòng gốc",
    "Trạng thái",
    "Lý do cần xác minh",
    "Họ và tên (danh sách)",
    "Kết quả xác minh đã ghi",
    "Vì sao chưa xử lý",
    "Đọc từ",
];
const UNRESOLVED_WIDTHS: [f64; 10] = [6.0, 22.0, 14.0, 8.0, 16.0, 45.0, 26.0, 20.0, 40.0, 40.0];

fn xerr(path: &Path, e: XlsxError) -> Error {
    Error::output(path, e)
}

fn table(
    ws: &mut Worksheet,
    title: &str,
    headers: &[&str],
    widths: &[f64],
    rows: &[Vec<String>],
) -> std::result::Result<(), XlsxError> {
    let last = (headers.len() - 1) as u16;
    ws.merge_range(0, 0, 0, last, title, &style::title())?;
    let header = style::header();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &header)?;
        ws.set_column_width(c as u16, widths.get(c).copied().unwrap_or(16.0))?;
    }
    ws.set_row_height(2, 32)?;
    let cell = style::cell();
    for (r, values) in rows.iter().enumerate() {
        for (c, v) in values.iter().enumerate() {
            ws.write_string_with_format(
                3 + r as u32,
                c as u16,
                crate::report::excel_text(v),
                &cell,
            )?;
        }
        let lens: Vec<(usize, f64)> = values
            .iter()
            .zip(widths)
            .map(|(v, w)| (v.chars().count(), *w))
            .collect();
        ws.set_row_height(3 + r as u32, style::row_height_for(&lens))?;
    }
    ws.set_freeze_panes(3, 0)?;
    if !rows.is_empty() {
        ws.autofilter(2, 0, 2 + rows.len() as u32, last)?;
    }
    style::page_setup(ws, 2);
    Ok(())
}

pub fn final_rows(o: &ApplyOutcome) -> Vec<Vec<String>> {
    o.final_list
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let v = &r.values;
            let f = r.verification.clone().unwrap_or_default();
            vec![
                (n + 1).to_string(),
                v.name.clone(),
                v.dob.clone(),
                v.sex.clone(),
                v.id.clone(),
                v.address.clone(),
                r.source.clone(),
                f.verdict_text,
                f.correct_value,
                f.officer,
                f.date,
                r.key.file.clone(),
                r.key.sheet.clone(),
                r.key.row.to_string(),
            ]
        })
        .collect()
}

fn removed_rows(o: &ApplyOutcome) -> Vec<Vec<String>> {
    o.removed
        .iter()
        .enumerate()
        .map(|(n, r)| {
            vec![
                (n + 1).to_string(),
                r.values.name.clone(),
                r.values.dob.clone(),
                r.values.id.clone(),
                r.reason.clone(),
                r.verification.verdict_text.clone(),
                r.verification.officer.clone(),
                r.verification.date.clone(),
                r.key.file.clone(),
                r.key.sheet.clone(),
                r.key.row.to_string(),
                r.verification.seen_at.clone(),
            ]
        })
        .collect()
}

fn unresolved_rows(o: &ApplyOutcome) -> Vec<Vec<String>> {
    o.unresolved
        .iter()
        .enumerate()
        .map(|(n, u)| {
            vec![
                (n + 1).to_string(),
                u.key.file.clone(),
                u.key.sheet.clone(),
                u.key.row.to_string(),
                u.status.label_vi().to_string(),
                u.reason.clone(),
                u.listed_name.clone(),
                u.entered.clone(),
                u.why.clone(),
                u.seen_at.clone(),
            ]
        })
        .collect()
}

fn save(wb: &mut Workbook, path: &Path) -> Result<()> {
    crate::report::save_workbook(wb, path)
}

pub fn write_all(o: &ApplyOutcome, out: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out).map_err(|e| Error::output(out, e))?;
    let _lock = crate::report::outdir::lock(out)?;
    let mut written = Vec::new();
    let finals = final_rows(o);

    let path = out.join(FINAL_XLSX);
    let mut wb = Workbook::new();
    style::properties(&mut wb, "Danh sách cuối cùng");
    let ws = wb.add_worksheet();
    ws.set_name("Danh sách cuối cùng")
        .map_err(|e| xerr(&path, e))?;
    table(
        ws,
        "DANH SÁCH CUỐI CÙNG SAU ĐỐI CHIẾU VÀ XÁC MINH",
        &FINAL_HEADERS,
        &FINAL_WIDTHS,
        &finals,
    )
    .map_err(|e| xerr(&path, e))?;
    let ws = wb.add_worksheet();
    ws.set_name("Đã loại").map_err(|e| xerr(&path, e))?;
    table(
        ws,
        "CÁC DÒNG LOẠI KHỎI DANH SÁCH SAU XÁC MINH",
        &REMOVED_HEADERS,
        &[
            6.0, 26.0, 12.0, 16.0, 40.0, 20.0, 20.0, 12.0, 22.0, 14.0, 8.0, 40.0,
        ],
        &removed_rows(o),
    )
    .map_err(|e| xerr(&path, e))?;
    save(&mut wb, &path)?;
    written.push(path);

    let path = out.join(FINAL_CSV);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = w.write_record(FINAL_HEADERS);
    for r in &finals {
        let _ = w.write_record(r.iter().map(|v| csv_safe(v)));
    }
    let bytes = w.into_inner().unwrap_or_default();
    let tmp = crate::util::temp_path(&path);
    std::fs::write(&tmp, bytes).map_err(|e| Error::output(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::output(&path, e))?;
    written.push(path);

    let path = out.join(UNRESOLVED_XLSX);
    let mut wb = Workbook::new();
    style::properties(&mut wb, "Các dòng chưa xử lý");
    let ws = wb.add_worksheet();
    ws.set_name("Chưa xử lý").map_err(|e| xerr(&path, e))?;
    table(
        ws,
        "CÁC DÒNG CHƯA XỬ LÝ XONG SAU XÁC MINH",
        &UNRESOLVED_HEADERS,
        &UNRESOLVED_WIDTHS,
        &unresolved_rows(o),
    )
    .map_err(|e| xerr(&path, e))?;
    save(&mut wb, &path)?;
    written.push(path);
    Ok(written)
}
