//! Per-input workbooks: `<stem>.sach.xlsx` (rows matched, with the registry's canonical values
//! beside the listed ones) and `<stem>.sai-lech.xlsx` (every row that needs a person to look at
//! it, with the reason in Vietnamese and empty verification columns).

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{DataValidation, Format, Workbook, Worksheet};

use rayon::prelude::*;

use super::document::{self, Heading, Need, Page};
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

/// The row of the table's header (the document's heading, title and subtitle are above it).
pub const HEADER_ROW: u32 = document::HEADER_ROW;

/// The heading of each sheet of an input (issuer, place, the list's own title).
fn sheet_headings(report: &RunReport, input: usize) -> Vec<Heading> {
    report
        .sheets
        .iter()
        .filter(|s| s.file_index == input)
        .map(|s| Heading::of_sheet(&s.titles, &s.context.list))
        .collect()
}

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
    let mut wb = style::workbook();
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

/// How many of [`CLEAN_ADDED`] are printed: the registry's name, ID and date of birth (what a
/// matched row is corrected to); its sex (a matched row's agrees), its address (the list has
/// its own), the fixes applied and the original sheet and row stay in the workbook, outside the
/// print area.
const CLEAN_PRINTED_ADDED: usize = 3;

/// Body text of the lists (points).
const PT: f64 = 11.0;

fn write_clean_sheet(
    ws: &mut Worksheet,
    report: &RunReport,
    reg: &Registry,
    sheet: &SheetReport,
    file: &str,
    date: (i32, u32, u32),
    mask: bool,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let added = CLEAN_ADDED;
    // Excel holds 16,384 columns: a sheet as wide keeps its first ones (results.csv has every row).
    let ncols = sheet.columns.len().min(super::EXCEL_MAX_COLS - added.len());
    let last_col = (ncols + added.len() - 1) as u16;
    let printed = ncols + CLEAN_PRINTED_ADDED;
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
    let labels: Vec<String> = sheet
        .columns
        .iter()
        .take(ncols)
        .enumerate()
        .map(|(c, col)| header_label(&col.label, c))
        .chain(added.iter().map(|l| l.to_string()))
        .collect();
    let mut needs: Vec<Need> = labels.iter().map(|l| Need::header(l, PT)).collect();
    for (r, values) in &matched {
        for (c, need) in needs.iter_mut().enumerate().take(ncols) {
            let cell = shown_cell(r, c, id_cols.contains(&c), mask);
            match &*cell {
                Cell::Text(s) | Cell::Error(s) => need.cell(s),
                Cell::Empty => {}
                other => need.cell(&other.to_text()),
            }
        }
        for (k, v) in values.iter().enumerate() {
            needs[ncols + k].cell(v);
        }
    }
    // The printed columns fit the page (portrait when they can, else landscape), the width
    // shared out where it saves the most lines; the others keep the width their text asks for.
    let sample: Vec<Vec<String>> = document::sample_rows(matched.len())
        .map(|i| {
            let (r, values) = &matched[i];
            (0..ncols)
                .map(|c| shown_cell(r, c, id_cols.contains(&c), mask).to_text())
                .chain(values.iter().take(CLEAN_PRINTED_ADDED).map(str::to_string))
                .collect()
        })
        .collect();
    let sample: Vec<Vec<&str>> = sample
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let (mut col_widths, landscape) = document::fit_page(&needs[..printed], &sample, 0.85);
    col_widths.extend(needs[printed..].iter().map(|n| n.wish.max(8.0)));
    let heading = Heading::of_sheet(&sheet.titles, &sheet.context.list);
    let title = heading
        .list_title
        .clone()
        .unwrap_or_else(|| report.rules.title.to_uppercase());
    let (y, m, d) = date;
    let subtitle = format!(
        "Các trường hợp đã đối chiếu khớp đúng với Cơ sở dữ liệu quốc gia về dân cư ngày {d:02}/{m:02}/{y}\nTệp gốc: {file}{}; {} người",
        if sheet.sheet.is_empty() {
            String::new()
        } else {
            format!(", sheet \"{}\"", sheet.sheet)
        },
        matched.len()
    );
    let page = Page {
        heading: &heading,
        date,
        title: &title,
        subtitle: &subtitle,
        widths: &col_widths[..printed],
        landscape,
    };
    page.write_heading(ws)?;
    for (c, w) in col_widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for (c, label) in labels.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, super::excel_text(label), &header)?;
    }
    ws.set_row_height(
        HEADER_ROW,
        document::row_height(
            labels
                .iter()
                .map(String::as_str)
                .zip(col_widths.iter().copied())
                .take(printed),
            PT,
            true,
            6,
        ),
    )?;
    // Each row's height, from its printed cells (in parallel), then pass 2: the rows, in order.
    let heights: Vec<f64> = matched
        .par_iter()
        .map(|(r, values)| {
            let listed: Vec<String> = (0..ncols)
                .map(|c| shown_cell(r, c, id_cols.contains(&c), mask).to_text())
                .collect();
            let texts = listed
                .iter()
                .map(String::as_str)
                .chain(values.iter().take(CLEAN_PRINTED_ADDED));
            document::row_height(texts.zip(col_widths.iter().copied()), PT, false, 12)
        })
        .collect();
    let fmt = style::cell();
    let reg_fmt = style::registry_value();
    let aside = style::cell_aside();
    let mut row = HEADER_ROW + 1;
    for ((r, values), height) in matched.iter().zip(&heights) {
        for c in 0..ncols {
            let is_id = id_cols.contains(&c);
            let cell = shown_cell(r, c, is_id, mask);
            write_cell(ws, row, c as u16, &cell, is_id, &fmt)?;
        }
        for (k, v) in values.iter().enumerate() {
            let f = if k < CLEAN_PRINTED_ADDED {
                &reg_fmt
            } else {
                &aside
            };
            ws.write_string_with_format(row, (ncols + k) as u16, super::excel_text(v), f)?;
        }
        ws.set_row_height(row, *height)?;
        row += 1;
    }
    let last = page.write_signatures(
        ws,
        row,
        ("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"),
        ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)"),
    )?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    if row > HEADER_ROW + 1 {
        ws.autofilter(HEADER_ROW, 0, row - 1, last_col)?;
    }
    page.page_setup(ws, last)
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

/// The verification list's columns: the printed ones first (what an officer needs in the
/// field, and room to write), then, outside the print area, the rest for the office and for
/// `doikhop apply` (which finds every column by its header).
pub const VERIFY_HEADERS: [&str; 23] = [
    "STT",
    "Họ và tên (danh sách)",
    "Ngày sinh (danh sách)",
    "Giới tính (danh sách)",
    "Số định danh/CMND (danh sách)",
    "Địa chỉ (danh sách)",
    "Nội dung cần xác minh",
    "Thông tin theo CSDLQG",
    "Kết quả xác minh",
    "Giá trị đúng",
    VERIFY_OFFICER,
    // not printed
    "Ngày xác minh",
    "Tệp",
    "Sheet",
    "Dòng",
    "Trạng thái",
    "Lý do",
    "Họ và tên (CSDLQG)",
    "Ngày sinh (CSDLQG)",
    "Giới tính (CSDLQG)",
    "Số định danh (CSDLQG)",
    "Nơi thường trú (CSDLQG)",
    "Giải thích đối chiếu",
];
/// The column the verifying officer signs (or types their name in, read as "Cán bộ xác minh").
pub const VERIFY_OFFICER: &str = "Cán bộ xác minh (ký, ghi rõ họ tên)";
/// How many of [`VERIFY_HEADERS`] are printed.
pub const VERIFY_PRINTED: usize = 11;
/// Where the verifier writes: the verdict (drop-down) and the date (a date).
const VERDICT_COL: u16 = 8;
const DATE_COL: u16 = 11;
/// Widths (characters) the printed columns ask for, and the narrowest each can be; fitted into
/// an A4 landscape page at 11 pt, the width left given where it saves the most lines. The
/// columns written by hand (verdict, correct value, officer) have room to write in.
const VERIFY_WISH: [f64; VERIFY_PRINTED] = [
    4.5, 20.0, 10.0, 5.75, 13.0, 16.0, 22.0, 20.0, 10.5, 11.0, 10.0,
];
const VERIFY_FLOOR: [f64; VERIFY_PRINTED] = [
    4.5, 12.0, 10.0, 5.75, 13.0, 9.0, 12.0, 12.0, 10.5, 11.0, 10.0,
];
/// Widths of the columns outside the print area.
const ASIDE_WIDTHS: [f64; 12] = [
    12.0, 14.0, 12.0, 6.0, 14.0, 40.0, 22.0, 11.0, 9.0, 14.0, 30.0, 40.0,
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
    let mut rendered: Vec<VerifyRow> = rows.par_iter().map(|r| verify_row(r, reg, mask)).collect();
    let (y, m, d) = report.date;
    let heading = Heading::common(&sheet_headings(report, input));
    let list = heading
        .list_title
        .clone()
        .unwrap_or_else(|| report.rules.title.to_uppercase());
    let subtitle = format!(
        "Danh sách gốc: {list} (tệp {})\nĐối chiếu với Cơ sở dữ liệu quốc gia về dân cư ngày {d:02}/{m:02}/{y}; {} trường hợp cần xác minh",
        info.name,
        rows.len()
    );
    let needs: Vec<Need> = VERIFY_WISH
        .iter()
        .zip(VERIFY_FLOOR)
        .map(|(&wish, floor)| Need { wish, floor })
        .collect();
    let sample: Vec<Vec<&str>> = document::sample_rows(rendered.len())
        .map(|i| {
            std::iter::once("")
                .chain(rendered[i].printed.iter())
                .collect()
        })
        .collect();
    let widths = document::fit_to_text(
        &needs,
        &sample,
        document::width_budget(VERIFY_PRINTED, true),
    );
    // Each row's height (the printed cells'; those aside stay on one line), once for both sheets.
    rendered.par_iter_mut().for_each(|v| {
        v.height = document::row_height(
            v.printed.iter().zip(widths[1..].iter().copied()),
            PT,
            false,
            12,
        );
    });
    let mut by_commune: BTreeMap<String, Vec<&VerifyRow>> = BTreeMap::new();
    for (r, v) in rows.iter().zip(&rendered) {
        by_commune.entry(commune_of(r, reg)).or_default().push(v);
    }
    let all: Vec<&VerifyRow> = rendered.iter().collect();
    let head = SheetHead {
        heading: &heading,
        date: report.date,
        subtitle: &subtitle,
        widths: &widths,
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
            format!("Xã/phường: {full}\n{subtitle}")
        } else {
            format!("Xã/phường: {full} (sheet \"{name}\")\n{subtitle}")
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
    heading: &'a Heading,
    date: (i32, u32, u32),
    subtitle: &'a str,
    /// Widths of the printed columns.
    widths: &'a [f64],
}

/// A row of the verification list as shown (all but its number, which depends on the sheet),
/// in the order of [`VERIFY_HEADERS`] after "STT", the empty verification columns left out.
struct VerifyRow {
    /// The printed texts: the listed values, what to check, the registry's values that differ.
    printed: Texts<7>,
    /// File, sheet, row, status, reason, the registry's values, the explanation.
    aside: Texts<11>,
    /// The listed values that differ from the registry's (shown highlighted), by
    /// [`Discrepancy`] bit.
    differs: u8,
    /// The row's height (points), once the widths are known.
    height: f64,
}

fn disc_bit(x: Discrepancy) -> u8 {
    1 << (x as u8)
}

fn verify_row(r: &RowResult, reg: &Registry, mask: bool) -> VerifyRow {
    let res = r.decision.resident.map(|i| reg.get(i));
    let printed = Texts::new([
        reasons::listed_name(r),
        reasons::listed_dob(r),
        reasons::listed_sex(r),
        reasons::listed_id(r, mask),
        r.person.address_text.clone(),
        reasons::short_reason(r, reg),
        reasons::registry_differs(r, reg, mask),
    ]);
    let aside = Texts::new([
        r.at.file.to_string(),
        r.at.sheet.to_string(),
        r.at.row.to_string(),
        r.decision.status.label_vi().to_string(),
        reasons::reason(r, reg, mask),
        res.as_ref()
            .map(|x| x.name_text.clone())
            .unwrap_or_default(),
        res.as_ref().map(reasons::resident_dob).unwrap_or_default(),
        res.as_ref().map(reasons::resident_sex).unwrap_or_default(),
        res.as_ref()
            .map(|x| reasons::id_shown(&x.id, mask))
            .unwrap_or_default(),
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
    VerifyRow {
        printed,
        aside,
        differs,
        height: 0.0,
    }
}

fn write_verify_sheet(
    ws: &mut Worksheet,
    rows: &[&VerifyRow],
    head: &SheetHead,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let last_col = (VERIFY_HEADERS.len() - 1) as u16;
    let page = Page {
        heading: head.heading,
        date: head.date,
        title: "DANH SÁCH CẦN XÁC MINH",
        subtitle: head.subtitle,
        widths: head.widths,
        landscape: true,
    };
    page.write_heading(ws)?;
    let widths: Vec<f64> = head.widths.iter().chain(&ASIDE_WIDTHS).copied().collect();
    let header = style::header();
    for (c, h) in VERIFY_HEADERS.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, *h, &header)?;
        ws.set_column_width(c as u16, widths[c])?;
    }
    ws.set_row_height(
        HEADER_ROW,
        document::row_height(
            VERIFY_HEADERS
                .iter()
                .copied()
                .zip(widths.iter().copied())
                .take(VERIFY_PRINTED),
            PT,
            true,
            6,
        ),
    )?;
    let fmt = style::cell();
    let diff = style::differs();
    let reg_fmt = style::registry_value();
    let aside = style::cell_aside();
    // Listed values that differ are highlighted.
    let listed = |k: usize| match k {
        0 => Some(Discrepancy::Name),
        1 => Some(Discrepancy::Dob),
        2 => Some(Discrepancy::Gender),
        3 => Some(Discrepancy::Id),
        _ => None,
    };
    let mut row = HEADER_ROW + 1;
    for (n, v) in rows.iter().enumerate() {
        let number = (n + 1).to_string();
        ws.write_string_with_format(row, 0, &number, &fmt)?;
        for (k, text) in v.printed.iter().enumerate() {
            let f = match listed(k) {
                Some(x) if v.differs & disc_bit(x) != 0 => &diff,
                _ if k == 6 => &reg_fmt,
                _ => &fmt,
            };
            ws.write_string_with_format(row, (k + 1) as u16, super::excel_text(text), f)?;
        }
        for c in (VERDICT_COL as usize)..VERIFY_PRINTED {
            ws.write_blank(row, c as u16, &fmt)?;
        }
        ws.write_blank(row, DATE_COL, &aside)?;
        for (k, text) in v.aside.iter().enumerate() {
            ws.write_string_with_format(
                row,
                DATE_COL + 1 + k as u16,
                super::excel_text(text),
                &aside,
            )?;
        }
        ws.set_row_height(row, v.height)?;
        row += 1;
    }
    let last_row = row.saturating_sub(1).max(HEADER_ROW + 1);
    let validation = DataValidation::new()
        .allow_list_strings(&VERIFY_CHOICES)?
        .set_error_message("Chọn một giá trị trong danh sách")?;
    ws.add_data_validation(
        HEADER_ROW + 1,
        VERDICT_COL,
        last_row.max(HEADER_ROW + 200),
        VERDICT_COL,
        &validation,
    )?;
    let date_validation = DataValidation::new()
        .allow_date(rust_xlsxwriter::DataValidationRule::GreaterThan(
            rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?,
        ))
        .set_error_message("Nhập ngày dạng dd/mm/yyyy")?;
    ws.add_data_validation(
        HEADER_ROW + 1,
        DATE_COL,
        last_row.max(HEADER_ROW + 200),
        DATE_COL,
        &date_validation,
    )?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    if row > HEADER_ROW + 1 {
        ws.autofilter(HEADER_ROW, 0, row - 1, last_col)?;
    }
    let last = page.write_signatures(
        ws,
        row,
        ("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"),
        ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)"),
    )?;
    page.page_setup(ws, last)
}
