//! `tong-hop.xlsx`: counts per status per file and per commune, share matched, skipped sheets and
//! rows with their reasons, and the run facts.

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use super::lists::commune_of;
use super::style;
use crate::error::{Error, Result};
use crate::matching::Status;
use crate::pipeline::RunReport;
use crate::registry::Registry;

pub fn write(report: &RunReport, reg: &Registry, path: &Path) -> Result<()> {
    let mut wb = Workbook::new();
    style::properties(&mut wb, "Tổng hợp đối chiếu");
    build(&mut wb, report, reg).map_err(|e| Error::output(path, e))?;
    super::save_workbook(&mut wb, path)
}

fn count_table(
    ws: &mut rust_xlsxwriter::Worksheet,
    first_row: u32,
    title: &str,
    key_label: &str,
    groups: &BTreeMap<String, [usize; 6]>,
) -> std::result::Result<u32, rust_xlsxwriter::XlsxError> {
    let header = style::header();
    let cell = style::cell();
    let num = style::cell().set_num_format("#,##0");
    let pct = style::cell().set_num_format("0.0%");
    ws.write_string_with_format(first_row, 0, title, &style::bold())?;
    let hr = first_row + 1;
    ws.write_string_with_format(hr, 0, key_label, &header)?;
    for (k, s) in Status::ALL.iter().enumerate() {
        ws.write_string_with_format(hr, 1 + k as u16, s.label_vi(), &header)?;
    }
    ws.write_string_with_format(hr, 7, "Tổng số dòng", &header)?;
    ws.write_string_with_format(hr, 8, "Tỷ lệ khớp đúng", &header)?;
    let mut row = hr + 1;
    let mut totals = [0usize; 6];
    for (key, counts) in groups {
        ws.write_string_with_format(row, 0, key, &cell)?;
        let total: usize = counts.iter().sum();
        for (k, n) in counts.iter().enumerate() {
            ws.write_number_with_format(row, 1 + k as u16, *n as f64, &num)?;
            totals[k] += n;
        }
        ws.write_number_with_format(row, 7, total as f64, &num)?;
        let share = if total > 0 {
            counts[0] as f64 / total as f64
        } else {
            0.0
        };
        ws.write_number_with_format(row, 8, share, &pct)?;
        row += 1;
    }
    let bold_num = num.clone().set_bold();
    ws.write_string_with_format(row, 0, "Tổng cộng", &cell.clone().set_bold())?;
    let total: usize = totals.iter().sum();
    for (k, n) in totals.iter().enumerate() {
        ws.write_number_with_format(row, 1 + k as u16, *n as f64, &bold_num)?;
    }
    ws.write_number_with_format(row, 7, total as f64, &bold_num)?;
    let share = if total > 0 {
        totals[0] as f64 / total as f64
    } else {
        0.0
    };
    ws.write_number_with_format(row, 8, share, &pct.clone().set_bold())?;
    Ok(row + 1)
}

fn status_index(s: Status) -> usize {
    Status::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

fn build(
    wb: &mut Workbook,
    report: &RunReport,
    reg: &Registry,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let (y, m, d) = report.date;
    // Sheet 1: counts.
    let ws = wb.add_worksheet();
    ws.set_name("Tổng hợp")?;
    ws.merge_range(
        0,
        0,
        0,
        8,
        &format!(
            "TỔNG HỢP KẾT QUẢ ĐỐI CHIẾU — {}",
            report.rules.title.to_uppercase()
        ),
        &style::title(),
    )?;
    ws.merge_range(
        1,
        0,
        1,
        8,
        &format!("Đối chiếu với CSDLQG về dân cư ngày {d:02}/{m:02}/{y}"),
        &style::subtitle(),
    )?;
    let mut per_file: BTreeMap<String, [usize; 6]> = BTreeMap::new();
    let mut per_commune: BTreeMap<String, [usize; 6]> = BTreeMap::new();
    for info in &report.inputs {
        per_file.entry(info.name.clone()).or_default();
    }
    for r in &report.rows {
        let k = status_index(r.decision.status);
        per_file.entry(r.at.file.clone()).or_default()[k] += 1;
        per_commune.entry(commune_of(r, reg)).or_default()[k] += 1;
    }
    let next = count_table(ws, 3, "Theo tệp danh sách", "Tệp", &per_file)?;
    count_table(ws, next + 1, "Theo xã/phường", "Xã/phường", &per_commune)?;
    ws.set_column_width(0, 34)?;
    for c in 1..=8 {
        ws.set_column_width(c, 14)?;
    }
    style::page_setup(ws, 4);

    // Sheet 2: skipped sheets and rows, and files that could not be read.
    let ws = wb.add_worksheet();
    ws.set_name("Dòng, sheet bỏ qua")?;
    let header = style::header();
    let cell = style::cell();
    let heads = ["Tệp", "Sheet", "Dòng", "Loại", "Lý do", "Nội dung"];
    ws.write_string_with_format(
        0,
        0,
        "CÁC DÒNG, SHEET VÀ TỆP KHÔNG PHẢI DÒNG DỮ LIỆU NGƯỜI",
        &style::bold(),
    )?;
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &header)?;
    }
    let mut row = 3;
    for info in &report.inputs {
        if let Some(e) = &info.error {
            let vals = [info.name.as_str(), "", "", "Lỗi tệp", e.as_str(), ""];
            for (c, v) in vals.iter().enumerate() {
                ws.write_string_with_format(row, c as u16, super::excel_text(v), &cell)?;
            }
            row += 1;
        }
    }
    for p in &report.sheet_problems {
        let kind = if p.kind == "error" {
            "Lỗi sheet"
        } else {
            "Sheet bỏ qua"
        };
        let vals = [
            p.file.as_str(),
            p.sheet.as_str(),
            "",
            kind,
            p.message.as_str(),
            "",
        ];
        for (c, v) in vals.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, super::excel_text(v), &cell)?;
        }
        row += 1;
    }
    for s in &report.skipped_rows {
        let r = s.row.to_string();
        let vals = [
            s.file.as_str(),
            s.sheet.as_str(),
            r.as_str(),
            "Dòng bỏ qua",
            s.reason.as_str(),
            s.text.as_str(),
        ];
        for (c, v) in vals.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, super::excel_text(v), &cell)?;
        }
        row += 1;
    }
    for (c, w) in [22.0, 16.0, 7.0, 14.0, 40.0, 60.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(3, 0)?;
    style::page_setup(ws, 2);

    // Sheet 3: run facts.
    let ws = wb.add_worksheet();
    ws.set_name("Thông tin lần chạy")?;
    let label: Format = style::bold();
    let plain = style::plain();
    let mut facts: Vec<(String, String)> = vec![
        ("Ngày đối chiếu".into(), format!("{d:02}/{m:02}/{y}")),
        ("Phiên bản doikhop".into(), env!("CARGO_PKG_VERSION").into()),
        (
            "Loại danh sách (quy tắc)".into(),
            format!("{} — {}", report.rules.kind, report.rules.title),
        ),
        ("Dữ liệu dân cư".into(), report.residents_path.clone()),
        (
            "SHA-256 dữ liệu dân cư".into(),
            report.residents_sha256.clone(),
        ),
        ("Số công dân trong dữ liệu".into(), reg.len().to_string()),
        ("Tổng số dòng dữ liệu".into(), report.rows.len().to_string()),
    ];
    for info in &report.inputs {
        facts.push((
            format!("Tệp {}", info.name),
            format!("SHA-256 {}", info.sha256),
        ));
    }
    for (r, (k, v)) in facts.iter().enumerate() {
        ws.write_string_with_format(r as u32, 0, k, &label)?;
        ws.write_string_with_format(r as u32, 1, v, &plain)?;
    }
    ws.set_column_width(0, 32)?;
    ws.set_column_width(1, 80)?;
    Ok(())
}
