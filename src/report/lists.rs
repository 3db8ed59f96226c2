//! Per-input workbooks: `<stem>.sach.xlsx` (rows matched, with the registry's canonical values
//! beside the listed ones) and `<stem>.sai-lech.xlsx` (every row that needs a person to look at
//! it, with the reason in Vietnamese and empty verification columns).

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{DataValidation, Format, Workbook, Worksheet};

use rayon::prelude::*;

use super::reasons;
use super::rendered::Texts;
use super::style;
use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::results::{Cell, Discrepancy, RowResult, RunReport, SheetReport, Status};
use crate::rules::Field;

fn xerr(path: &Path, e: rust_xlsxwriter::XlsxError) -> Error {
    Error::output(path, e)
}

/// Vietnamese description of a `corrections` token.
pub fn correction_vi(token: &str) -> &'static str {
    match token {
        "name_format" => "Chuẩn hóa chữ hoa/khoảng trắng của họ tên",
        "name_tone_placement" => "Chuẩn hóa vị trí dấu thanh",
        "name_diacritics" => "Bổ sung dấu tiếng Việt cho họ tên",
        "name_encoding" => "Chuyển phông chữ cũ (TCVN3/VNI) sang Unicode",
        "id_leading_zero" => "Bổ sung số 0 đầu bị mất của số định danh",
        "id_from_cmnd" => "Thay số CMND cũ bằng số định danh cá nhân",
        "id_format" => "Bỏ dấu cách/dấu chấm trong số định danh",
        "dob_completed" => "Bổ sung ngày, tháng sinh đầy đủ",
        "dob_serial" => "Chuyển số ngày Excel thành ngày tháng",
        "dob_normalised" => "Chuẩn hóa ngày sinh không có thật",
        "dob_century" => "Xác định thế kỷ của năm sinh ghi 2 chữ số",
        _ => "Chuẩn hóa định dạng",
    }
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    as_text: bool,
    fmt: &Format,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    match cell {
        Cell::Int(i) if !as_text => ws
            .write_number_with_format(row, col, *i as f64, fmt)
            .map(|_| ()),
        Cell::Float(f) if !as_text => ws.write_number_with_format(row, col, *f, fmt).map(|_| ()),
        Cell::Empty => ws.write_blank(row, col, fmt).map(|_| ()),
        other => ws
            .write_string_with_format(row, col, super::excel_text(&other.to_text()), fmt)
            .map(|_| ()),
    }
}

/// Unit line (the original list's title rows), title and subtitle on rows 0–2; the table header
/// is on row 3.
fn title_block(
    ws: &mut Worksheet,
    last_col: u16,
    unit: &str,
    title: &str,
    subtitle: &str,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let unit_fmt = style::bold();
    let (unit, title, subtitle) = (
        &*super::excel_text(unit),
        &*super::excel_text(title),
        &*super::excel_text(subtitle),
    );
    // Row by row (constant-memory sheets cannot go back): row 1's height before row 2.
    if last_col > 0 {
        ws.merge_range(0, 0, 0, last_col, unit, &unit_fmt)?;
        ws.merge_range(1, 0, 1, last_col, title, &style::title())?;
        ws.set_row_height(1, 22)?;
        ws.merge_range(2, 0, 2, last_col, subtitle, &style::subtitle())?;
    } else {
        ws.write_string_with_format(0, 0, unit, &unit_fmt)?;
        ws.write_string_with_format(1, 0, title, &style::title())?;
        ws.set_row_height(1, 22)?;
        ws.write_string_with_format(2, 0, subtitle, &style::subtitle())?;
    }
    Ok(())
}

/// The unit line: the title rows of the original sheet (unit, list name), else the list kind.
pub fn unit_line(titles: &[String], report: &RunReport) -> String {
    let joined = titles
        .iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .take(3)
        .collect::<Vec<_>>()
        .join(" — ");
    if joined.is_empty() {
        format!("Danh sách: {}", report.rules.title)
    } else {
        joined
    }
}

pub const HEADER_ROW: u32 = 3;

/// Most sheets of one workbook written in constant-memory mode.
///
/// Every list sheet is written in rust_xlsxwriter's constant-memory mode: each row goes to a
/// temporary file as soon as the next one starts, so a 1,000,000-row list costs a few MiB instead
/// of gigabytes, and the writing is faster too (no shared-string table; see STACK.md). It is used
/// always, not above a size, so that the tests check the very code path the big runs take. The
/// price is that rows must be written in order (heights and formats of a row before the next
/// one) and that each such sheet holds a temporary file open until the workbook is saved: with
/// hundreds of communes the verification workbook would hold hundreds of files, so only its
/// largest sheets (up to this many) stream; the smaller rest stay in memory, which is then small.
pub const MAX_CONSTANT_MEMORY_SHEETS: usize = 200;

/// A workbook whose constant-memory sheets keep their temporary files beside `path` (in the run's
/// staging folder, on the output's disk, rather than in a /tmp that may be held in memory).
const ZIP_LEVEL: u8 = 3;

fn streaming_workbook(path: &Path) -> Workbook {
    let mut wb = Workbook::new();
    // Compressing the sheets' XML is a large part of writing a big list; level 3 (what Excel
    // itself uses) takes ~30 % less time than the default 6 for files ~5 % larger.
    wb.set_zip_compression_level(ZIP_LEVEL);
    if let Some(dir) = path.parent().filter(|d| d.is_dir()) {
        // Not writable there: the system's temporary folder is used (the save then says why).
        let _ = wb.set_tempdir(dir);
    }
    wb
}

/// A new sheet, streamed to disk when `constant_memory` (else kept in memory).
fn new_sheet<'a>(
    wb: &'a mut Workbook,
    constant_memory: bool,
    path: &Path,
) -> Result<&'a mut Worksheet> {
    if constant_memory {
        wb.add_worksheet_with_constant_memory()
            .map_err(|e| xerr(path, e))
    } else {
        Ok(wb.add_worksheet())
    }
}

/// Columns the clean list adds after the original ones. The first five come from the registry.
pub const CLEAN_ADDED: [&str; 8] = [
    "Họ và tên (CSDLQG)",
    "Số định danh cá nhân (CSDLQG)",
    "Ngày sinh (CSDLQG)",
    "Giới tính (CSDLQG)",
    "Nơi thường trú (CSDLQG)",
    "Chuẩn hóa đã áp dụng",
    "Sheet trong tệp gốc",
    "Dòng trong tệp gốc",
];

/// `<stem>.sach.xlsx`: the matched rows of every sheet of the input, original columns first.
pub fn write_clean(
    report: &RunReport,
    reg: &Registry,
    input: usize,
    path: &Path,
    mask: bool,
) -> Result<()> {
    let mut wb = streaming_workbook(path);
    style::properties(&mut wb, "Danh sách sạch");
    let info = &report.inputs[input];
    let mut used = super::names::SheetNames::new();
    let (y, m, d) = report.date;
    let sheets: Vec<&SheetReport> = report
        .sheets
        .iter()
        .filter(|s| s.file_index == input)
        .collect();
    for (k, sheet) in sheets.iter().enumerate() {
        let ws = new_sheet(&mut wb, k < MAX_CONSTANT_MEMORY_SHEETS, path)?;
        let shown = if sheet.sheet.is_empty() {
            stem(&info.name)
        } else {
            sheet.sheet.clone()
        };
        ws.set_name(used.add(&shown)).map_err(|e| xerr(path, e))?;
        write_clean_sheet(ws, report, reg, sheet, &info.name, (y, m, d), mask)
            .map_err(|e| xerr(path, e))?;
    }
    if sheets.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name("Danh sách").map_err(|e| xerr(path, e))?;
        ws.write_string_with_format(
            0,
            0,
            "Không có bảng danh sách nào đọc được trong tệp này.",
            &style::bold(),
        )
        .map_err(|e| xerr(path, e))?;
    }
    super::save_workbook(&mut wb, path)
}

fn stem(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string())
}

fn write_clean_sheet(
    ws: &mut Worksheet,
    report: &RunReport,
    reg: &Registry,
    sheet: &SheetReport,
    file: &str,
    (y, m, d): (i32, u32, u32),
    mask: bool,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let added = CLEAN_ADDED;
    // Excel holds 16,384 columns: a sheet as wide keeps its first ones (results.csv has every row).
    let ncols = sheet.columns.len().min(super::EXCEL_MAX_COLS - added.len());
    let last_col = (ncols + added.len() - 1) as u16;
    title_block(
        ws,
        last_col,
        &unit_line(&sheet.titles, report),
        &format!(
            "{} — DANH SÁCH ĐÃ ĐỐI CHIẾU KHỚP ĐÚNG VỚI CSDLQG VỀ DÂN CƯ",
            report.rules.title.to_uppercase()
        ),
        &format!(
            "Tệp gốc: {file}{} — đối chiếu ngày {d:02}/{m:02}/{y}",
            if sheet.sheet.is_empty() {
                String::new()
            } else {
                format!(", sheet \"{}\"", sheet.sheet)
            }
        ),
    )?;
    let header = style::header();
    let id_cols: Vec<usize> = sheet
        .columns
        .iter()
        .filter(|c| matches!(c.field, Some(Field::Id | Field::Cmnd)))
        .map(|c| c.index)
        .collect();
    // The registry's values of every matched row, rendered once (in parallel) for both passes.
    let matched: Vec<(&RowResult, Texts<8>)> = report.rows[sheet.rows.clone()]
        .par_iter()
        .filter(|r| r.decision.status == Status::Matched)
        .filter_map(|r| {
            let res = reg.get(r.decision.resident?);
            Some((r, Texts::new(clean_values(r, &res, mask))))
        })
        .collect();
    // Pass 1: the column widths (the rows are written in order afterwards, each with its height).
    let mut widths = vec![6usize; ncols + added.len()];
    for (c, col) in sheet.columns.iter().take(ncols).enumerate() {
        widths[c] = widths[c].max(header_label(&col.label, c).chars().count().min(24));
    }
    for (k, label) in added.iter().enumerate() {
        widths[ncols + k] = widths[ncols + k].max(label.chars().count().min(24));
    }
    for (r, values) in &matched {
        for (c, width) in widths.iter_mut().enumerate().take(ncols) {
            let cell = shown_cell(r, c, id_cols.contains(&c), mask);
            *width = (*width).max(shown_len(&cell).min(40));
        }
        for (k, v) in values.iter().enumerate() {
            widths[ncols + k] = widths[ncols + k].max(v.chars().count().min(40));
        }
    }
    let col_widths: Vec<f64> = widths.iter().map(|w| style::width_for(*w)).collect();
    for (c, w) in col_widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for (c, col) in sheet.columns.iter().take(ncols).enumerate() {
        let label = header_label(&col.label, c);
        ws.write_string_with_format(HEADER_ROW, c as u16, super::excel_text(&label), &header)?;
    }
    for (k, label) in added.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, (ncols + k) as u16, *label, &header)?;
    }
    ws.set_row_height(HEADER_ROW, 48)?;
    // Pass 2: the rows, in order.
    let fmt = style::cell();
    let reg_fmt = style::registry_value();
    let mut row = HEADER_ROW + 1;
    let mut lens: Vec<(usize, f64)> = Vec::with_capacity(ncols + added.len());
    for (r, values) in &matched {
        lens.clear();
        for (c, width) in col_widths.iter().enumerate().take(ncols) {
            let is_id = id_cols.contains(&c);
            let cell = shown_cell(r, c, is_id, mask);
            write_cell(ws, row, c as u16, &cell, is_id, &fmt)?;
            lens.push((shown_len(&cell), *width));
        }
        for (k, v) in values.iter().enumerate() {
            ws.write_string_with_format(
                row,
                (ncols + k) as u16,
                super::excel_text(v),
                if k < 5 { &reg_fmt } else { &fmt },
            )?;
            lens.push((v.chars().count(), col_widths[ncols + k]));
        }
        ws.set_row_height(row, style::row_height_for(&lens))?;
        row += 1;
    }
    // rust_xlsxwriter 0.102 writes the last row of a constant-memory sheet twice when it has a
    // height of its own (Excel then repairs the file): end on a row without one, an invisible
    // blank cell below the table.
    ws.write_blank(row, 0, &style::plain())?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    if row > HEADER_ROW + 1 {
        ws.autofilter(HEADER_ROW, 0, row - 1, last_col)?;
    }
    style::page_setup(ws, HEADER_ROW);
    Ok(())
}

/// A column's header as shown (an unnamed column gets its number).
fn header_label(label: &str, c: usize) -> String {
    if label.is_empty() {
        format!("Cột {}", c + 1)
    } else {
        label.to_string()
    }
}

/// Original cell `c` of a row as the clean list shows it (an ID masked when asked).
fn shown_cell(r: &RowResult, c: usize, is_id: bool, mask: bool) -> std::borrow::Cow<'_, Cell> {
    let cell = r.cells.get(c).unwrap_or(&Cell::Empty);
    if is_id && mask && !cell.is_empty() {
        std::borrow::Cow::Owned(Cell::Text(reasons::mask_id(&cell.to_text())))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// How many characters a cell shows (without copying its text).
fn shown_len(cell: &Cell) -> usize {
    match cell {
        Cell::Empty => 0,
        Cell::Text(s) | Cell::Error(s) => s.chars().count(),
        other => other.to_text().chars().count(),
    }
}

/// The values of the columns the clean list adds ([`CLEAN_ADDED`]).
fn clean_values(r: &RowResult, res: &crate::registry::Resident, mask: bool) -> [String; 8] {
    [
        res.name_text.clone(),
        reasons::id_shown(&res.id, mask),
        reasons::resident_dob(res),
        reasons::resident_sex(res),
        res.address_text.clone(),
        r.decision
            .corrections
            .iter()
            .map(|t| correction_vi(t))
            .collect::<Vec<_>>()
            .join("; "),
        r.at.sheet.to_string(),
        r.at.row.to_string(),
    ]
}

const VERIFY_HEADERS: [&str; 21] = [
    "STT",
    "Tệp",
    "Sheet",
    "Dòng",
    "Trạng thái",
    "Lý do",
    "Họ và tên (danh sách)",
    "Họ và tên (CSDLQG)",
    "Ngày sinh (danh sách)",
    "Ngày sinh (CSDLQG)",
    "Giới tính (danh sách)",
    "Giới tính (CSDLQG)",
    "Số định danh/CMND (danh sách)",
    "Số định danh (CSDLQG)",
    "Địa chỉ (danh sách)",
    "Nơi thường trú (CSDLQG)",
    "Giải thích đối chiếu",
    "Kết quả xác minh",
    "Giá trị đúng",
    "Cán bộ xác minh",
    "Ngày xác minh",
];
/// Widths that fit Vietnamese text and keep the sheet printable on A4 landscape at ~50 %.
const WIDTHS: [f64; 21] = [
    5.0, 13.0, 10.0, 6.0, 12.0, 36.0, 20.0, 20.0, 11.0, 11.0, 9.0, 9.0, 14.0, 14.0, 22.0, 22.0,
    32.0, 17.0, 16.0, 15.0, 11.0,
];

/// The verification choices (data validation list).
pub const VERIFY_CHOICES: [&str; 4] = [
    "Đúng theo danh sách",
    "Đúng theo CSDLQG",
    "Cả hai sai",
    "Không xác minh được",
];

/// Commune a row is verified in: the registry's commune, else the listed address's, else unknown.
pub fn commune_of(r: &RowResult, reg: &Registry) -> String {
    if let Some(text) = r.decision.resident.map(|i| reg.commune_text_of(i))
        && !text.is_empty()
    {
        return text.to_string();
    }
    if let Some(c) = r.person.communes.first() {
        return c.name.to_string();
    }
    "Không xác định".to_string()
}

/// `<stem>.sai-lech.xlsx`: every row of the input that is not a clean match, on an "all" sheet and
/// on one sheet per commune, for field verification.
pub fn write_verification(
    report: &RunReport,
    reg: &Registry,
    input: usize,
    path: &Path,
    mask: bool,
) -> Result<()> {
    let mut wb = streaming_workbook(path);
    style::properties(&mut wb, "Danh sách cần xác minh");
    let info = &report.inputs[input];
    let rows: Vec<&RowResult> = report
        .rows
        .iter()
        .filter(|r| r.at.file_index == input && r.decision.status != Status::Matched)
        .collect();
    let mut used = super::names::SheetNames::new();
    // Each row is shown on "Tất cả" and on its commune's sheet: rendered once, in parallel.
    let rendered: Vec<VerifyRow> = rows.par_iter().map(|r| verify_row(r, reg, mask)).collect();
    let mut by_commune: BTreeMap<String, Vec<&VerifyRow>> = BTreeMap::new();
    for (r, v) in rows.iter().zip(&rendered) {
        by_commune.entry(commune_of(r, reg)).or_default().push(v);
    }
    let all: Vec<&VerifyRow> = rendered.iter().collect();
    let (y, m, d) = report.date;
    let subtitle = format!(
        "Tệp: {} — đối chiếu với CSDLQG về dân cư ngày {d:02}/{m:02}/{y}; {} dòng cần xác minh",
        info.name,
        rows.len()
    );
    let title = format!(
        "DANH SÁCH CẦN XÁC MINH — {}",
        report.rules.title.to_uppercase()
    );
    let titles: Vec<String> = report
        .sheets
        .iter()
        .find(|s| s.file_index == input)
        .map(|s| s.titles.clone())
        .unwrap_or_default();
    let unit = unit_line(&titles, report);
    let head = SheetHead {
        unit: &unit,
        title: &title,
        subtitle: &subtitle,
    };
    // The largest commune sheets stream (see MAX_CONSTANT_MEMORY_SHEETS; "Tất cả" is one).
    let mut sizes: Vec<(usize, &String)> = by_commune.iter().map(|(c, l)| (l.len(), c)).collect();
    sizes.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let streamed: std::collections::HashSet<&String> = sizes
        .iter()
        .take(MAX_CONSTANT_MEMORY_SHEETS - 1)
        .map(|(_, c)| *c)
        .collect();
    {
        let ws = new_sheet(&mut wb, true, path)?;
        ws.set_name(used.add("Tất cả")).map_err(|e| xerr(path, e))?;
        write_verify_sheet(ws, &all, &head).map_err(|e| xerr(path, e))?;
    }
    for (commune, list) in &by_commune {
        let ws = new_sheet(&mut wb, streamed.contains(commune), path)?;
        let name = used.add(commune);
        ws.set_name(&name).map_err(|e| xerr(path, e))?;
        // The sheet's name may be a cleaned or shortened commune name: the full name is on the
        // sheet itself.
        let full = super::names::one_line(commune);
        let sub = if name == full {
            format!("{full} — {subtitle}")
        } else {
            format!("Xã/phường: {full} (sheet \"{name}\") — {subtitle}")
        };
        let head = SheetHead {
            subtitle: &sub,
            ..head
        };
        write_verify_sheet(ws, list, &head).map_err(|e| xerr(path, e))?;
    }
    super::save_workbook(&mut wb, path)
}

#[derive(Clone, Copy)]
struct SheetHead<'a> {
    unit: &'a str,
    title: &'a str,
    subtitle: &'a str,
}

/// A row of the verification list as shown (all but its number, which depends on the sheet).
struct VerifyRow {
    texts: Texts<16>,
    /// The listed values that differ from the registry's (shown highlighted), by
    /// [`Discrepancy`] bit.
    differs: u8,
}

fn disc_bit(x: Discrepancy) -> u8 {
    1 << (x as u8)
}

fn verify_row(r: &RowResult, reg: &Registry, mask: bool) -> VerifyRow {
    let res = r.decision.resident.map(|i| reg.get(i));
    let texts = Texts::new([
        r.at.file.to_string(),
        r.at.sheet.to_string(),
        r.at.row.to_string(),
        r.decision.status.label_vi().to_string(),
        reasons::reason(r, reg, mask),
        reasons::listed_name(r),
        res.as_ref()
            .map(|x| x.name_text.clone())
            .unwrap_or_default(),
        reasons::listed_dob(r),
        res.as_ref().map(reasons::resident_dob).unwrap_or_default(),
        reasons::listed_sex(r),
        res.as_ref().map(reasons::resident_sex).unwrap_or_default(),
        reasons::listed_id(r, mask),
        res.as_ref()
            .map(|x| reasons::id_shown(&x.id, mask))
            .unwrap_or_default(),
        r.person.address_text.clone(),
        res.as_ref()
            .map(|x| x.address_text.clone())
            .unwrap_or_default(),
        reasons::explanation(r),
    ]);
    let differs = r
        .decision
        .discrepancies
        .iter()
        .fold(0, |acc, &x| acc | disc_bit(x));
    VerifyRow { texts, differs }
}

fn write_verify_sheet(
    ws: &mut Worksheet,
    rows: &[&VerifyRow],
    head: &SheetHead,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let last_col = (VERIFY_HEADERS.len() - 1) as u16;
    title_block(ws, last_col, head.unit, head.title, head.subtitle)?;
    let header = style::header();
    for (c, h) in VERIFY_HEADERS.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, *h, &header)?;
        ws.set_column_width(c as u16, WIDTHS[c])?;
    }
    ws.set_row_height(HEADER_ROW, 48)?;
    let fmt = style::cell();
    let diff = style::differs();
    let reg_fmt = style::registry_value();
    // The format of each shown column after the number: listed values that differ are
    // highlighted, the registry's values have their own style.
    let listed = |c: usize| match c {
        6 => Some(Discrepancy::Name),
        8 => Some(Discrepancy::Dob),
        10 => Some(Discrepancy::Gender),
        12 => Some(Discrepancy::Id),
        _ => None,
    };
    let mut row = HEADER_ROW + 1;
    let mut lens: Vec<(usize, f64)> = Vec::with_capacity(17);
    for (n, v) in rows.iter().enumerate() {
        let number = (n + 1).to_string();
        lens.clear();
        for (c, text) in std::iter::once(number.as_str())
            .chain(v.texts.iter())
            .enumerate()
        {
            let f = match listed(c) {
                Some(x) if v.differs & disc_bit(x) != 0 => &diff,
                _ if matches!(c, 7 | 9 | 11 | 13 | 15) => &reg_fmt,
                _ => &fmt,
            };
            ws.write_string_with_format(row, c as u16, super::excel_text(text), f)?;
            lens.push((text.chars().count(), WIDTHS[c]));
        }
        ws.set_row_height(row, style::row_height_for(&lens))?;
        for c in 17..VERIFY_HEADERS.len() {
            ws.write_blank(row, c as u16, &fmt)?;
        }
        row += 1;
    }
    let last_row = row.saturating_sub(1).max(HEADER_ROW + 1);
    let validation = DataValidation::new()
        .allow_list_strings(&VERIFY_CHOICES)?
        .set_error_message("Chọn một giá trị trong danh sách")?;
    ws.add_data_validation(
        HEADER_ROW + 1,
        17,
        last_row.max(HEADER_ROW + 200),
        17,
        &validation,
    )?;
    let date_validation = DataValidation::new()
        .allow_date(rust_xlsxwriter::DataValidationRule::GreaterThan(
            rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?,
        ))
        .set_error_message("Nhập ngày dạng dd/mm/yyyy")?;
    ws.add_data_validation(
        HEADER_ROW + 1,
        20,
        last_row.max(HEADER_ROW + 200),
        20,
        &date_validation,
    )?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    if row > HEADER_ROW + 1 {
        ws.autofilter(HEADER_ROW, 0, row - 1, last_col)?;
    }
    // Signature block.
    let sig = row + 2;
    ws.write_string_with_format(sig, 1, "CÁN BỘ XÁC MINH", &style::bold())?;
    ws.write_string_with_format(sig, 14, "THỦ TRƯỞNG ĐƠN VỊ", &style::bold())?;
    ws.write_string_with_format(
        sig + 1,
        1,
        "(Ký, ghi rõ họ tên)",
        &style::plain().set_italic(),
    )?;
    ws.write_string_with_format(
        sig + 1,
        14,
        "(Ký, ghi rõ họ tên, đóng dấu)",
        &style::plain().set_italic(),
    )?;
    style::page_setup(ws, HEADER_ROW);
    Ok(())
}
