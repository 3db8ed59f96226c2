//! A small sheet model (cells, merges, row roles) and its two writers: xlsx (rust_xlsxwriter)
//! and CSV. The row roles feed truth.csv (person rows) and layout.csv (everything else).

use std::path::Path;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};

use super::people::Dob;

#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Empty,
    Text(String),
    Num(f64),
    /// A real Excel date cell (serial number with a date format).
    Date(Dob),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Center,
    UnitBold,
    Motto,
    Title,
    Italic,
    Header,
    Data,
    DataCenter,
    DataDate,
    DataMoney,
    DataIdNumber,
    Tcvn3,
    Tcvn3Upper,
    Vni,
    SubHeader,
    Total,
    TotalMoney,
    SignBold,
    SignItalic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A person row; the index is into the file's truth rows.
    Person(usize),
    Title,
    Header,
    Numbering,
    BlankInData,
    SubHeader,
    Total,
    DateLine,
    Signature,
    /// An empty row outside the data region (not reported).
    Blank,
}

impl Role {
    pub fn label(self) -> Option<&'static str> {
        Some(match self {
            Role::Person(_) | Role::Blank => return None,
            Role::Title => "title",
            Role::Header => "header",
            Role::Numbering => "numbering",
            Role::BlankInData => "blank_in_data",
            Role::SubHeader => "subheader",
            Role::Total => "total",
            Role::DateLine => "date_line",
            Role::Signature => "signature",
        })
    }
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub col: u16,
    pub val: Val,
    pub style: Style,
    /// Merge this cell over `(extra_rows, last_col)`.
    pub merge: Option<(u32, u16)>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub role: Role,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn new(role: Role) -> Row {
        Row {
            role,
            cells: Vec::new(),
        }
    }
    pub fn put(&mut self, col: u16, val: Val, style: Style) -> &mut Row {
        if val != Val::Empty {
            self.cells.push(Cell {
                col,
                val,
                style,
                merge: None,
            });
        }
        self
    }
    pub fn text(&mut self, col: u16, s: impl Into<String>, style: Style) -> &mut Row {
        let s = s.into();
        if s.is_empty() {
            return self;
        }
        self.put(col, Val::Text(s), style)
    }
    pub fn merged(
        &mut self,
        col: u16,
        last_col: u16,
        extra_rows: u32,
        s: impl Into<String>,
        style: Style,
    ) -> &mut Row {
        self.cells.push(Cell {
            col,
            val: Val::Text(s.into()),
            style,
            merge: Some((extra_rows, last_col)),
        });
        self
    }
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
    pub widths: Vec<f64>,
}

fn base() -> Format {
    Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12)
}

struct Formats {
    plain: Format,
    center: Format,
    unit_bold: Format,
    motto: Format,
    title: Format,
    italic: Format,
    header: Format,
    data: Format,
    data_center: Format,
    data_date: Format,
    data_money: Format,
    data_id_number: Format,
    tcvn3: Format,
    tcvn3_upper: Format,
    vni: Format,
    sub_header: Format,
    total: Format,
    total_money: Format,
    sign_bold: Format,
    sign_italic: Format,
}

impl Formats {
    fn new() -> Formats {
        let bordered = || base().set_border(FormatBorder::Thin).set_text_wrap();
        Formats {
            plain: base(),
            center: base().set_align(FormatAlign::Center),
            unit_bold: base().set_bold().set_align(FormatAlign::Center),
            motto: base()
                .set_bold()
                .set_underline(rust_xlsxwriter::FormatUnderline::Single)
                .set_align(FormatAlign::Center),
            title: base()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center),
            italic: base().set_italic().set_align(FormatAlign::Center),
            header: bordered()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            data: bordered(),
            data_center: bordered().set_align(FormatAlign::Center),
            data_date: bordered()
                .set_num_format("dd/mm/yyyy")
                .set_align(FormatAlign::Center),
            data_money: bordered().set_num_format("#,##0"),
            data_id_number: bordered().set_num_format("0"),
            tcvn3: bordered().set_font_name(".VnTime"),
            tcvn3_upper: bordered().set_font_name(".VnTimeH"),
            vni: bordered().set_font_name("VNI-Times"),
            sub_header: bordered().set_bold(),
            total: bordered().set_bold().set_align(FormatAlign::Center),
            total_money: bordered().set_bold().set_num_format("#,##0"),
            sign_bold: base().set_bold().set_align(FormatAlign::Center),
            sign_italic: base().set_italic().set_align(FormatAlign::Center),
        }
    }
    fn get(&self, s: Style) -> &Format {
        match s {
            Style::Plain => &self.plain,
            Style::Center => &self.center,
            Style::UnitBold => &self.unit_bold,
            Style::Motto => &self.motto,
            Style::Title => &self.title,
            Style::Italic => &self.italic,
            Style::Header => &self.header,
            Style::Data => &self.data,
            Style::DataCenter => &self.data_center,
            Style::DataDate => &self.data_date,
            Style::DataMoney => &self.data_money,
            Style::DataIdNumber => &self.data_id_number,
            Style::Tcvn3 => &self.tcvn3,
            Style::Tcvn3Upper => &self.tcvn3_upper,
            Style::Vni => &self.vni,
            Style::SubHeader => &self.sub_header,
            Style::Total => &self.total,
            Style::TotalMoney => &self.total_money,
            Style::SignBold => &self.sign_bold,
            Style::SignItalic => &self.sign_italic,
        }
    }
}

fn io_err(e: XlsxError) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

fn excel_date(d: &Dob) -> Option<ExcelDateTime> {
    let y = u16::try_from(d.year).ok()?;
    ExcelDateTime::from_ymd(y, d.month, d.day).ok()
}

/// Write the sheets as one workbook with a fixed creation date (byte-stable output).
pub fn write_xlsx(path: &Path, sheets: &[Sheet], title: &str) -> std::io::Result<()> {
    write_xlsx_with(path, sheets, title, false)
}

/// [`write_xlsx`], optionally in constant-memory mode (rows streamed to a temporary file beside
/// `path`), for lists of a million rows. The rows of a [`Sheet`] are in order and a merge only
/// reaches down, which is what that mode needs.
pub fn write_xlsx_with(
    path: &Path,
    sheets: &[Sheet],
    title: &str,
    constant_memory: bool,
) -> std::io::Result<()> {
    let mut wb = Workbook::new();
    if constant_memory && let Some(dir) = path.parent().filter(|d| d.is_dir()) {
        wb.set_tempdir(dir).map_err(io_err)?;
    }
    let created = ExcelDateTime::from_ymd(2025, 10, 15).map_err(io_err)?;
    let props = DocProperties::new()
        .set_title(title)
        .set_author("doikhop synth")
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    let f = Formats::new();
    for sh in sheets {
        let ws = if constant_memory {
            wb.add_worksheet_with_constant_memory().map_err(io_err)?
        } else {
            wb.add_worksheet()
        };
        ws.set_name(&sh.name).map_err(io_err)?;
        for (c, w) in sh.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w).map_err(io_err)?;
        }
        for (r, row) in sh.rows.iter().enumerate() {
            let r = r as u32;
            for cell in &row.cells {
                let fmt = f.get(cell.style);
                if let Some((extra, last_col)) = cell.merge {
                    let text = match &cell.val {
                        Val::Text(s) => s.as_str(),
                        _ => "",
                    };
                    ws.merge_range(r, cell.col, r + extra, last_col, text, fmt)
                        .map_err(io_err)?;
                    continue;
                }
                match &cell.val {
                    Val::Empty => {}
                    Val::Text(s) => {
                        ws.write_string_with_format(r, cell.col, s, fmt)
                            .map_err(io_err)?;
                    }
                    Val::Num(x) => {
                        ws.write_number_with_format(r, cell.col, *x, fmt)
                            .map_err(io_err)?;
                    }
                    Val::Date(d) => match excel_date(d) {
                        Some(dt) => {
                            ws.write_datetime_with_format(r, cell.col, &dt, f.get(Style::DataDate))
                                .map_err(io_err)?;
                        }
                        None => {
                            ws.write_string_with_format(r, cell.col, d.ddmmyyyy(), fmt)
                                .map_err(io_err)?;
                        }
                    },
                }
            }
        }
    }
    wb.save(path).map_err(io_err)
}

/// Plain text of a cell as a CSV export would show it.
pub fn csv_text(v: &Val) -> String {
    match v {
        Val::Empty => String::new(),
        Val::Text(s) => s.clone(),
        Val::Num(x) => {
            if x.fract() == 0.0 && x.abs() < 1e15 {
                format!("{}", *x as i64)
            } else {
                format!("{x}")
            }
        }
        Val::Date(d) => d.ddmmyyyy(),
    }
}

/// Write one sheet as CSV: UTF-8 with BOM, comma separated, one line per row.
pub fn write_csv(path: &Path, sheet: &Sheet, ncols: u16) -> std::io::Result<()> {
    use std::io::Write;
    let file = std::fs::File::create(path)?;
    let mut buf = std::io::BufWriter::new(file);
    buf.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::WriterBuilder::new().from_writer(buf);
    for row in &sheet.rows {
        let mut fields = vec![String::new(); ncols as usize];
        for c in &row.cells {
            if let Some(slot) = fields.get_mut(c.col as usize) {
                *slot = csv_text(&c.val);
            }
        }
        w.write_record(&fields)?;
    }
    w.flush()?;
    Ok(())
}
