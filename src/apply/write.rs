//! The files `apply` writes: `danh-sach-cuoi-cung.xlsx` (+ `.csv`) and `chua-xu-ly.xlsx`.
//! Every text cell is written as a string (never a formula); CSV cells that a spreadsheet would
//! take for a formula are escaped.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::ApplyOutcome;
use crate::error::{Error, Result};
use crate::report::document::{self, HEADER_ROW, Heading, Need, Page};
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
/// The final list prints the people and where each comes from; the verification and the origin
/// stay in the workbook, outside the print area.
const FINAL_PRINTED: usize = 7;

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

const REMOVED_PRINTED: usize = 6;

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
const UNRESOLVED_PRINTED: usize = 9;

fn xerr(path: &Path, e: XlsxError) -> Error {
    Error::output(path, e)
}

/// One printed table: its title and subtitle under the run's heading, its columns (the first
/// `printed` in the print area) and rows; the signature block below.
struct Table<'a> {
    title: &'a str,
    subtitle: &'a str,
    headers: &'a [&'a str],
    printed: usize,
    rows: &'a [Vec<String>],
}

fn table(
    ws: &mut Worksheet,
    heading: &Heading,
    date: (i32, u32, u32),
    t: &Table,
) -> std::result::Result<(), XlsxError> {
    let last = (t.headers.len() - 1) as u16;
    let mut needs: Vec<Need> = t.headers.iter().map(|h| Need::header(h, 11.0)).collect();
    for r in t.rows {
        for (need, v) in needs.iter_mut().zip(r) {
            need.cell(v);
        }
    }
    let sample: Vec<Vec<&str>> = document::sample_rows(t.rows.len())
        .map(|i| t.rows[i].iter().map(String::as_str).collect())
        .collect();
    // At full size: the final list is read and signed as it is.
    let (mut widths, landscape) = document::fit_page(&needs[..t.printed], &sample, 1.0);
    widths.extend(needs[t.printed..].iter().map(|n| n.wish.max(8.0)));
    let page = Page {
        heading,
        date,
        title: t.title,
        subtitle: t.subtitle,
        widths: &widths[..t.printed],
        landscape,
    };
    page.write_heading(ws)?;
    let header = style::header();
    for (c, h) in t.headers.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, *h, &header)?;
        ws.set_column_width(c as u16, widths[c])?;
    }
    ws.set_row_height(
        HEADER_ROW,
        document::row_height(
            t.headers
                .iter()
                .copied()
                .zip(widths.iter().copied())
                .take(t.printed),
            11.0,
            true,
            6,
        ),
    )?;
    let (cell, aside) = (style::cell(), style::cell_aside());
    for (r, values) in t.rows.iter().enumerate() {
        let row = HEADER_ROW + 1 + r as u32;
        for (c, v) in values.iter().enumerate() {
            let f = if c < t.printed { &cell } else { &aside };
            ws.write_string_with_format(row, c as u16, crate::report::excel_text(v), f)?;
        }
        ws.set_row_height(
            row,
            document::row_height(
                values
                    .iter()
                    .map(String::as_str)
                    .zip(widths.iter().copied())
                    .take(t.printed),
                11.0,
                false,
                12,
            ),
        )?;
    }
    let end = HEADER_ROW + 1 + t.rows.len() as u32;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    if !t.rows.is_empty() {
        ws.autofilter(HEADER_ROW, 0, end - 1, last)?;
    }
    let last_row = page.write_signatures(
        ws,
        end,
        ("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"),
        ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)"),
    )?;
    page.page_setup(ws, last_row)
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

/// Write the final list (xlsx and csv) and the unresolved rows into `out`, the workbooks under
/// the original run's `heading`, dated `date`.
pub fn write_all(
    o: &ApplyOutcome,
    heading: &Heading,
    date: (i32, u32, u32),
    out: &Path,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out).map_err(|e| Error::output(out, e))?;
    let _lock = crate::report::outdir::lock(out)?;
    let mut written = Vec::new();
    let finals = final_rows(o);
    let list = heading
        .list_title
        .as_deref()
        .map(|t| format!("{t}\n"))
        .unwrap_or_default();

    let path = out.join(FINAL_XLSX);
    let mut wb = style::workbook();
    style::properties(&mut wb, "Danh sách cuối cùng");
    let ws = wb.add_worksheet();
    ws.set_name("Danh sách cuối cùng")
        .map_err(|e| xerr(&path, e))?;
    let subtitle = format!(
        "{list}Gồm {} trường hợp khớp đúng với Cơ sở dữ liệu quốc gia về dân cư và {} trường hợp đã xác minh; {} trường hợp loại khỏi danh sách (sheet \"Đã loại\")",
        o.clean_rows, o.verified_rows, o.removed_rows
    );
    table(
        ws,
        heading,
        date,
        &Table {
            title: "DANH SÁCH CUỐI CÙNG SAU ĐỐI CHIẾU VÀ XÁC MINH",
            subtitle: &subtitle,
            headers: &FINAL_HEADERS,
            printed: FINAL_PRINTED,
            rows: &finals,
        },
    )
    .map_err(|e| xerr(&path, e))?;
    let ws = wb.add_worksheet();
    ws.set_name("Đã loại").map_err(|e| xerr(&path, e))?;
    let subtitle = format!(
        "{list}Các trường hợp trùng lặp hoặc đã chết được xác minh đúng theo Cơ sở dữ liệu quốc gia về dân cư: {}",
        o.removed_rows
    );
    table(
        ws,
        heading,
        date,
        &Table {
            title: "CÁC TRƯỜNG HỢP LOẠI KHỎI DANH SÁCH SAU XÁC MINH",
            subtitle: &subtitle,
            headers: &REMOVED_HEADERS,
            printed: REMOVED_PRINTED,
            rows: &removed_rows(o),
        },
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
    let mut wb = style::workbook();
    style::properties(&mut wb, "Các dòng chưa xử lý");
    let ws = wb.add_worksheet();
    ws.set_name("Chưa xử lý").map_err(|e| xerr(&path, e))?;
    let subtitle = format!(
        "{list}Các trường hợp cần xác minh chưa có kết quả dùng được: {}",
        o.unresolved_rows
    );
    table(
        ws,
        heading,
        date,
        &Table {
            title: "CÁC TRƯỜNG HỢP CHƯA XỬ LÝ XONG SAU XÁC MINH",
            subtitle: &subtitle,
            headers: &UNRESOLVED_HEADERS,
            printed: UNRESOLVED_PRINTED,
            rows: &unresolved_rows(o),
        },
    )
    .map_err(|e| xerr(&path, e))?;
    save(&mut wb, &path)?;
    written.push(path);
    Ok(written)
}
