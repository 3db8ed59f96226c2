//! `tong-hop.xlsx`: counts per status per file and per commune, share matched, skipped sheets and
//! rows with their reasons, and the run facts.

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{Chart, ChartType, Format, Workbook};

use super::lists::commune_of;
use super::style;
use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::results::{OutputOptions, RunReport, Status};

pub fn write(
    report: &RunReport,
    reg: &Registry,
    path: &Path,
    options: OutputOptions,
) -> Result<()> {
    let mut wb = style::workbook();
    style::properties(&mut wb, "Tổng hợp đối chiếu");
    build(&mut wb, report, reg, options).map_err(|e| Error::output(path, e))?;
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
    ws.set_row_height(hr, 32)?;
    let mut row = hr + 1;
    let mut totals = [0usize; 6];
    for (key, counts) in groups {
        ws.write_string_with_format(row, 0, super::excel_text(key), &cell)?;
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

fn stage_vi(stage: &str) -> &str {
    match stage {
        "load_registry" => "đọc dữ liệu dân cư",
        "read_normalise" => "đọc và chuẩn hóa danh sách",
        "match" => "đối chiếu",
        other => other,
    }
}

fn status_index(s: Status) -> usize {
    Status::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// The summary sheet's name (the chart refers to it).
pub const SUMMARY_SHEET: &str = "Tổng hợp";

/// Reason kinds of the rows that need verification, most frequent first (ties by name).
pub fn top_reasons(report: &RunReport) -> Vec<(&'static str, usize)> {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for r in &report.rows {
        for k in super::reasons::reason_kinds(r) {
            *counts.entry(k).or_default() += 1;
        }
    }
    let mut v: Vec<(&'static str, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v
}

fn reasons_table(
    ws: &mut rust_xlsxwriter::Worksheet,
    first_row: u32,
    report: &RunReport,
) -> std::result::Result<u32, rust_xlsxwriter::XlsxError> {
    let header = style::header();
    let cell = style::cell();
    let num = style::cell().set_num_format("#,##0");
    let pct = style::cell().set_num_format("0.0%");
    ws.write_string_with_format(
        first_row,
        0,
        "Các lý do cần xác minh thường gặp nhất",
        &style::bold(),
    )?;
    let hr = first_row + 1;
    ws.write_string_with_format(hr, 0, "Lý do", &header)?;
    ws.write_string_with_format(hr, 1, "Số dòng", &header)?;
    ws.write_string_with_format(hr, 2, "Tỷ lệ trên số dòng cần xác minh", &header)?;
    ws.set_row_height(hr, 48)?;
    let need = report
        .rows
        .iter()
        .filter(|r| r.decision.status != Status::Matched)
        .count();
    let mut row = hr + 1;
    let reasons = top_reasons(report);
    if reasons.is_empty() {
        ws.write_string_with_format(row, 0, "Không có dòng nào cần xác minh", &cell)?;
        row += 1;
    }
    for (reason, n) in reasons.iter().take(10) {
        ws.write_string_with_format(row, 0, *reason, &cell)?;
        ws.write_number_with_format(row, 1, *n as f64, &num)?;
        let share = if need > 0 {
            *n as f64 / need as f64
        } else {
            0.0
        };
        ws.write_number_with_format(row, 2, share, &pct)?;
        row += 1;
    }
    Ok(row)
}

/// A stacked bar chart of statuses per commune, on its own sheet, from the commune table
/// (`header_row` is that table's header row on the summary sheet, `communes` its data rows).
fn commune_chart(
    wb: &mut Workbook,
    header_row: u32,
    communes: u32,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Biểu đồ")?;
    ws.write_string_with_format(
        0,
        0,
        "TRẠNG THÁI ĐỐI CHIẾU THEO XÃ/PHƯỜNG",
        &style::title().set_align(rust_xlsxwriter::FormatAlign::Left),
    )?;
    if communes == 0 {
        ws.write_string_with_format(1, 0, "Không có dòng dữ liệu nào.", &style::plain())?;
        return Ok(());
    }
    let first = header_row + 1;
    let last = header_row + communes;
    let mut chart = Chart::new(ChartType::BarStacked);
    for k in 0..Status::ALL.len() as u16 {
        chart
            .add_series()
            .set_name((SUMMARY_SHEET, header_row, 1 + k))
            .set_categories((SUMMARY_SHEET, first, 0, last, 0))
            .set_values((SUMMARY_SHEET, first, 1 + k, last, 1 + k));
    }
    chart
        .title()
        .set_name("Số dòng theo trạng thái, từng xã/phường");
    chart.x_axis().set_name("Số dòng");
    chart.y_axis().set_reverse();
    chart
        .legend()
        .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    let height = (communes * 28 + 160).clamp(360, 4000);
    chart.set_width(960).set_height(height);
    ws.insert_chart(2, 0, &chart)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 1);
    Ok(())
}

fn build(
    wb: &mut Workbook,
    report: &RunReport,
    reg: &Registry,
    options: OutputOptions,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let (y, m, d) = report.date;
    // Sheet 1: counts.
    let ws = wb.add_worksheet();
    ws.set_name(SUMMARY_SHEET)?;
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
        per_file.entry(r.at.file.to_string()).or_default()[k] += 1;
        per_commune.entry(commune_of(r, reg)).or_default()[k] += 1;
    }
    let next = count_table(ws, 3, "Theo tệp danh sách", "Tệp", &per_file)?;
    let commune_header = next + 2;
    let next = count_table(ws, next + 1, "Theo xã/phường", "Xã/phường", &per_commune)?;
    reasons_table(ws, next + 1, report)?;
    ws.set_column_width(0, 34)?;
    for c in 1..=8 {
        ws.set_column_width(c, 14)?;
    }
    style::page_setup(ws, 4);
    commune_chart(wb, commune_header, per_commune.len() as u32)?;

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
    for w in &report.cell_warnings {
        let at = format!("{}{}", w.column, w.row);
        let vals = [
            w.file.as_str(),
            w.sheet.as_str(),
            at.as_str(),
            "Cảnh báo ô",
            w.message.as_str(),
            "",
        ];
        for (c, v) in vals.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, super::excel_text(v), &cell)?;
        }
        row += 1;
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
        (
            "SHA-256 quy tắc".into(),
            crate::util::sha256_bytes(report.rules.fingerprint().as_bytes()),
        ),
        ("Tổng số dòng dữ liệu".into(), report.rows.len().to_string()),
        (
            "Che số định danh".into(),
            if options.mask_ids {
                "Có (chỉ hiện 4 chữ số cuối)".into()
            } else {
                "Không".into()
            },
        ),
    ];
    for (stage, secs) in &report.timings {
        facts.push((
            format!("Thời gian: {}", stage_vi(stage)),
            format!("{secs:.2} giây"),
        ));
    }
    for info in &report.inputs {
        facts.push((
            format!("Tệp {}", info.name),
            format!("SHA-256 {}", info.sha256),
        ));
    }
    for (r, (k, v)) in facts.iter().enumerate() {
        ws.write_string_with_format(r as u32, 0, super::excel_text(k), &label)?;
        ws.write_string_with_format(r as u32, 1, super::excel_text(v), &plain)?;
    }
    ws.set_column_width(0, 32)?;
    ws.set_column_width(1, 80)?;
    Ok(())
}
