//! Shared workbook formats: Times New Roman throughout (the workbooks' default font too),
//! wrapped headers; the summary's page setup (the lists are printed as documents:
//! `document.rs`).

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

pub const FONT: &str = "Times New Roman";

pub fn title() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(14)
        .set_bold()
        .set_align(FormatAlign::Center)
}

pub fn subtitle() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_italic()
        .set_align(FormatAlign::Center)
}

pub fn header() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
}

pub fn cell() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
}

/// A cell outside the print area: on one line (its row is as tall as the printed cells need).
pub fn cell_aside() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
}

/// A listed value that differs from the registry.
pub fn differs() -> Format {
    cell().set_background_color(Color::RGB(0xFFE699)).set_bold()
}

/// A value added from the registry.
pub fn registry_value() -> Format {
    cell().set_background_color(Color::RGB(0xE2EFDA))
}

pub fn plain() -> Format {
    Format::new().set_font_name(FONT).set_font_size(11)
}

pub fn bold() -> Format {
    plain().set_bold()
}

/// The summary's page: A4 landscape, fit to page width, header rows repeated on every page.
pub fn page_setup(ws: &mut Worksheet, header_row: u32) {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    let _ = ws.set_repeat_rows(header_row, header_row);
    ws.set_footer("&CTrang &P/&N");
}

/// A new workbook whose default font (Excel's "Normal" style) is Times New Roman 11: column
/// widths are counted in its digits, in Excel and in LibreOffice alike (with Calibri, which
/// LibreOffice often has to replace by a wider font, a page planned to fit printed at 77 %).
/// Times New Roman 11 has Calibri 11's metrics in Excel: 7-pixel digits, 64-pixel columns,
/// 20-pixel rows.
pub fn workbook() -> Workbook {
    let mut wb = Workbook::new();
    let normal = Format::new().set_font_name(FONT).set_font_size(11);
    // 64 is a supported default width: this cannot fail on a workbook without sheets.
    let _ = wb.set_default_format(&normal, 20, 64);
    wb
}

/// Fixed document properties so the same run gives the same workbook bytes.
pub fn properties(wb: &mut Workbook, title: &str) {
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 1, 1).unwrap_or_else(|_| {
        rust_xlsxwriter::ExcelDateTime::from_serial_datetime(45658.0).unwrap_or_default()
    });
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title(title)
        .set_author("doikhop")
        .set_creation_datetime(&created);
    wb.set_properties(&props);
}
