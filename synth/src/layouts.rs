//! The layout corpus (`fixtures/layouts/`): small workbooks and CSV files, one per layout a
//! government office sends — title blocks, 1–3 row merged headers, numbering rows, blank and
//! group rows inside the data, footers, legacy-encoded headers, split name / ID / date columns,
//! formulas and error cells, merged data cells, the 1904 date system, summary and empty sheets, an
//! unrecognisable header — and CSV files in every encoding. Each comes with its expected table
//! region and column mapping (`expected.json`), which `tests/it/layouts.rs` checks.
//!
//! Deterministic: the same code writes byte-identical files.

use std::path::Path;

use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, ExcelDateTime, Format, FormatBorder, Formula, Workbook,
};
use serde::Serialize;

use doikhop::fields::date::{Dob, date_to_serial};
use doikhop::rules::Field;
use doikhop::text::legacy::{encode_tcvn3, encode_vni};

/// A cell value of the corpus.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    Text(String),
    Num(f64),
    /// A date-formatted cell.
    Date(i32, u8, u8),
    /// A formula and the value Excel cached for it.
    Formula(String, String),
}

/// What a row is, for the expectations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Title,
    Header,
    Numbering,
    Data,
    /// Blank, group, total rows inside the table: skipped, not data.
    Inside,
    Footer,
    /// Empty rows outside the table.
    Outside,
}

/// Which text encoding the sheet's Vietnamese text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Legacy {
    None,
    Tcvn3,
    Vni,
}

/// One value check on a data row (1-based sheet row).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum Check {
    /// The cell reads back as this text (`to_text`, after legacy decoding and merge filling).
    Cell { cell: String, text: String },
    /// The normalised name.
    Name { row: u32, name: String },
    /// The normalised date of birth, `dd/mm/yyyy` (or `yyyy`).
    Dob { row: u32, dob: String },
    /// The normalised IDs (12-digit first, then 9-digit CMND).
    Ids { row: u32, ids: Vec<String> },
    /// The listed sex, "M" or "F".
    Sex { row: u32, sex: String },
    /// The group sub-header the row sits under.
    Group { row: u32, group: String },
}

/// Expected outcome of one sheet. Rows are 1-based, as the spreadsheet shows them.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SheetExpect {
    pub sheet: String,
    /// `table`, `skipped` (no person table) or `error` (header not understood).
    pub status: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub header_rows: Vec<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numbering_row: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data_rows: Vec<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footer_start: Option<u32>,
    /// Column letter → field, for every mapped column (all others unmapped).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub mapping: std::collections::BTreeMap<String, Field>,
    /// Cells read as empty with a warning (error values).
    #[serde(skip_serializing_if = "is_zero")]
    pub warnings: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// Texts the error message must contain (headers seen, fields needed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub message_contains: Vec<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Expected outcome of one file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FileExpect {
    pub file: String,
    pub kind: &'static str,
    pub about: &'static str,
    /// Other formats made from the .xlsx with LibreOffice that hold the same expectations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<&'static str>,
    /// CSV: how the bytes are encoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_encoding: Option<&'static str>,
    pub sheets: Vec<SheetExpect>,
}

/// A sheet being built.
struct Sb {
    name: String,
    rows: Vec<(Role, Vec<(u16, V)>)>,
    merges: Vec<(u32, u16, u32, u16)>,
    legacy: Legacy,
    /// Columns written with the "0" number format (IDs stored as numbers).
    number_cols: Vec<u16>,
    mapping: Vec<(u16, Field)>,
    status: &'static str,
    warnings: usize,
    checks: Vec<Check>,
    message_contains: Vec<String>,
    /// A chart sheet (a column chart of the "Tổng hợp" sheet) instead of a worksheet.
    chart: bool,
}

fn t(s: &str) -> V {
    V::Text(s.to_string())
}

pub fn col_letter(c: u16) -> String {
    doikhop::inspect::col_letter(c as usize)
}

impl Sb {
    fn new(name: &str) -> Sb {
        Sb {
            name: name.to_string(),
            rows: Vec::new(),
            merges: Vec::new(),
            legacy: Legacy::None,
            number_cols: Vec::new(),
            mapping: Vec::new(),
            status: "table",
            warnings: 0,
            checks: Vec::new(),
            message_contains: Vec::new(),
            chart: false,
        }
    }

    /// Next row (0-based).
    fn next(&self) -> u32 {
        self.rows.len() as u32
    }

    fn row(&mut self, role: Role, cells: Vec<(u16, V)>) -> u32 {
        let r = self.next();
        self.rows.push((role, cells));
        r
    }

    fn text_row(&mut self, role: Role, texts: &[(u16, &str)]) -> u32 {
        self.row(role, texts.iter().map(|(c, s)| (*c, t(s))).collect())
    }

    fn blank(&mut self, role: Role) -> u32 {
        self.row(role, vec![])
    }

    /// A title line merged over `width` columns.
    fn title(&mut self, text: &str, width: u16) -> u32 {
        let r = self.text_row(Role::Title, &[(0, text)]);
        if width > 1 {
            self.merges.push((r, 0, r, width - 1));
        }
        r
    }

    /// The usual block above a list: unit, national motto, title, decision reference.
    fn title_block(&mut self, unit: &str, title: &str, width: u16) {
        let half = (width / 2).max(1);
        let r = self.text_row(
            Role::Title,
            &[(0, unit), (half, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")],
        );
        if half > 1 {
            self.merges.push((r, 0, r, half - 1));
        }
        if width > half + 1 {
            self.merges.push((r, half, r, width - 1));
        }
        let r = self.text_row(Role::Title, &[(half, "Độc lập - Tự do - Hạnh phúc")]);
        if width > half + 1 {
            self.merges.push((r, half, r, width - 1));
        }
        self.blank(Role::Outside);
        self.title(title, width);
        self.title(
            "(Kèm theo Quyết định số 1234/QĐ-UBND ngày 15 tháng 10 năm 2025 của UBND xã)",
            width,
        );
        self.blank(Role::Outside);
    }

    /// Single-row header.
    fn header(&mut self, labels: &[&str]) -> u32 {
        let cells: Vec<(u16, &str)> = labels
            .iter()
            .enumerate()
            .map(|(i, s)| (i as u16, *s))
            .collect();
        self.text_row(Role::Header, &cells)
    }

    fn numbering(&mut self, n: u16, parenthesised: bool) -> u32 {
        let cells = (0..n)
            .map(|i| {
                let v = if parenthesised {
                    t(&format!("({})", i + 1))
                } else {
                    V::Num(f64::from(i + 1))
                };
                (i, v)
            })
            .collect();
        self.row(Role::Numbering, cells)
    }

    fn total(&mut self, text: &str, width: u16) -> u32 {
        let r = self.text_row(Role::Inside, &[(0, text)]);
        if width > 2 {
            self.merges.push((r, 0, r, 2));
        }
        r
    }

    /// Date line, signature titles, "(Ký, ghi rõ họ tên)", signer names.
    fn signature(&mut self, width: u16) -> u32 {
        let right = width.saturating_sub(2).max(1);
        let first = self.blank(Role::Outside) + 1;
        self.text_row(
            Role::Footer,
            &[(right, "Lộc Khánh, ngày 15 tháng 10 năm 2025")],
        );
        self.text_row(
            Role::Footer,
            &[(1, "NGƯỜI LẬP BIỂU"), (right, "TM. ỦY BAN NHÂN DÂN")],
        );
        self.text_row(
            Role::Footer,
            &[(1, "(Ký, ghi rõ họ tên)"), (right, "CHỦ TỊCH")],
        );
        self.blank(Role::Footer);
        self.text_row(
            Role::Footer,
            &[(1, "Phạm Thị Hoa"), (right, "Đỗ Văn Quang")],
        );
        first
    }

    fn map(&mut self, pairs: &[(u16, Field)]) {
        self.mapping = pairs.to_vec();
    }

    fn check(&mut self, c: Check) {
        self.checks.push(c);
    }

    fn expect(&self) -> SheetExpect {
        let rows = |role: Role| -> Vec<u32> {
            self.rows
                .iter()
                .enumerate()
                .filter(|(_, (r, _))| *r == role)
                .map(|(i, _)| i as u32 + 1)
                .collect()
        };
        if self.status != "table" {
            return SheetExpect {
                sheet: self.name.clone(),
                status: self.status,
                header_rows: vec![],
                numbering_row: None,
                data_rows: vec![],
                footer_start: None,
                mapping: Default::default(),
                warnings: 0,
                checks: vec![],
                message_contains: self.message_contains.clone(),
            };
        }
        SheetExpect {
            sheet: self.name.clone(),
            status: self.status,
            header_rows: rows(Role::Header),
            numbering_row: rows(Role::Numbering).first().copied(),
            data_rows: rows(Role::Data),
            footer_start: self
                .rows
                .iter()
                .position(|(r, c)| *r == Role::Footer && !c.is_empty())
                .map(|i| i as u32 + 1),
            mapping: self
                .mapping
                .iter()
                .map(|(c, f)| (col_letter(*c), *f))
                .collect(),
            warnings: self.warnings,
            checks: self.checks.clone(),
            message_contains: self.message_contains.clone(),
        }
    }

    /// Text as written to the file (legacy-encoded when the sheet is).
    fn encode(&self, s: &str) -> String {
        match self.legacy {
            Legacy::None => s.to_string(),
            Legacy::Tcvn3 => encode_tcvn3(s),
            Legacy::Vni => encode_vni(s),
        }
    }
}

/// A person of the corpus.
#[derive(Clone, Copy)]
struct P {
    family: &'static str,
    middle: &'static str,
    given: &'static str,
    dob: (i32, u8, u8),
    cccd: &'static str,
    cmnd: &'static str,
    male: bool,
    hamlet: &'static str,
}

impl P {
    fn name(&self) -> String {
        format!("{} {} {}", self.family, self.middle, self.given)
    }
    fn dob_text(&self) -> String {
        format!("{:02}/{:02}/{}", self.dob.2, self.dob.1, self.dob.0)
    }
    fn address(&self) -> String {
        format!("{}, xã Lộc Khánh", self.hamlet)
    }
}

const PEOPLE: [P; 12] = [
    P {
        family: "Nguyễn",
        middle: "Văn",
        given: "An",
        dob: (1960, 3, 12),
        cccd: "075060012345",
        cmnd: "271234567",
        male: true,
        hamlet: "Thôn 1",
    },
    P {
        family: "Trần",
        middle: "Thị",
        given: "Bình",
        dob: (1972, 7, 1),
        cccd: "075172001234",
        cmnd: "271345678",
        male: false,
        hamlet: "Thôn 1",
    },
    P {
        family: "Lê",
        middle: "Văn",
        given: "Cường",
        dob: (1955, 11, 30),
        cccd: "075055003456",
        cmnd: "270456789",
        male: true,
        hamlet: "Thôn 2",
    },
    P {
        family: "Phạm",
        middle: "Thị",
        given: "Dung",
        dob: (1948, 1, 5),
        cccd: "075148000789",
        cmnd: "270567890",
        male: false,
        hamlet: "Thôn 2",
    },
    P {
        family: "Hoàng",
        middle: "Minh",
        given: "Đức",
        dob: (1983, 9, 23),
        cccd: "075083004321",
        cmnd: "271678901",
        male: true,
        hamlet: "Thôn 3",
    },
    P {
        family: "Võ",
        middle: "Thị Thu",
        given: "Hà",
        dob: (1990, 12, 2),
        cccd: "075190006543",
        cmnd: "272789012",
        male: false,
        hamlet: "Thôn 3",
    },
    P {
        family: "Đặng",
        middle: "Quốc",
        given: "Hùng",
        dob: (1967, 4, 17),
        cccd: "075067008765",
        cmnd: "270890123",
        male: true,
        hamlet: "Ấp Bàu Sen",
    },
    P {
        family: "Bùi",
        middle: "Thị",
        given: "Lan",
        dob: (1975, 6, 9),
        cccd: "075175002468",
        cmnd: "271901234",
        male: false,
        hamlet: "Ấp Bàu Sen",
    },
    P {
        family: "Đỗ",
        middle: "Văn",
        given: "Mạnh",
        dob: (1952, 2, 28),
        cccd: "075052001357",
        cmnd: "270012345",
        male: true,
        hamlet: "Thôn 1",
    },
    P {
        family: "Ngô",
        middle: "Thị",
        given: "Nga",
        dob: (1979, 10, 10),
        cccd: "075179009876",
        cmnd: "271123456",
        male: false,
        hamlet: "Thôn 2",
    },
    P {
        family: "Dương",
        middle: "Văn",
        given: "Phúc",
        dob: (1944, 8, 15),
        cccd: "075044005555",
        cmnd: "270234567",
        male: true,
        hamlet: "Thôn 3",
    },
    P {
        family: "Lý",
        middle: "Thị",
        given: "Quyên",
        dob: (1988, 5, 31),
        cccd: "075188007777",
        cmnd: "272345678",
        male: false,
        hamlet: "Thôn 1",
    },
];

fn person(i: usize) -> P {
    PEOPLE[i % PEOPLE.len()]
}

/// The standard five columns: STT | Họ và tên | Ngày sinh | Số CCCD | Địa chỉ.
const STD: [&str; 5] = ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Địa chỉ"];

fn std_map(sb: &mut Sb) {
    sb.map(&[
        (0, Field::Stt),
        (1, Field::FullName),
        (2, Field::Dob),
        (3, Field::Id),
        (4, Field::Address),
    ]);
}

/// A data row of the standard columns; returns its 0-based row.
fn std_row(sb: &mut Sb, stt: usize, i: usize) -> u32 {
    let p = person(i);
    let name = sb.encode(&p.name());
    let address = sb.encode(&p.address());
    sb.row(
        Role::Data,
        vec![
            (0, V::Num(stt as f64)),
            (1, V::Text(name)),
            (2, t(&p.dob_text())),
            (3, t(p.cccd)),
            (4, V::Text(address)),
        ],
    )
}

fn std_rows(sb: &mut Sb, from: usize, n: usize) {
    for k in 0..n {
        std_row(sb, k + 1, from + k);
    }
}

struct Case {
    stem: &'static str,
    kind: &'static str,
    about: &'static str,
    copies: Vec<&'static str>,
    date1904: bool,
    sheets: Vec<Sb>,
}

fn case(stem: &'static str, kind: &'static str, about: &'static str, sheets: Vec<Sb>) -> Case {
    Case {
        stem,
        kind,
        about,
        copies: vec!["xls", "ods"],
        date1904: false,
        sheets,
    }
}

fn c01() -> Case {
    let mut s = Sb::new("Danh sách");
    s.header(&STD);
    std_rows(&mut s, 0, 6);
    std_map(&mut s);
    s.check(Check::Name {
        row: 2,
        name: "Nguyễn Văn An".into(),
    });
    case(
        "l01-mot-dong-tieu-de-cot",
        "ho-ngheo",
        "no title, a one-row header, plain data",
        vec![s],
    )
}

fn c02() -> Case {
    let mut s = Sb::new("DS hộ nghèo");
    s.title_block(
        "UBND XÃ LỘC KHÁNH",
        "DANH SÁCH HỘ NGHÈO TRÊN ĐỊA BÀN XÃ NĂM 2025",
        5,
    );
    s.title("Đơn vị tính: hộ", 5);
    s.header(&[
        "STT",
        "Họ và tên chủ hộ",
        "Ngày tháng năm sinh",
        "Số CCCD/CMND",
        "Nơi thường trú",
    ]);
    s.numbering(5, true);
    std_rows(&mut s, 1, 8);
    s.total("Tổng cộng: 8 hộ", 5);
    s.signature(5);
    std_map(&mut s);
    case(
        "l02-khoi-tieu-de-nhieu-dong",
        "ho-ngheo",
        "seven title rows (unit, motto, title, decision reference, unit of count), numbering (1)..(5), total and signature",
        vec![s],
    )
}

/// "Năm sinh" merged over "Nam" | "Nữ": the year sits in the column of the person's sex.
fn c03() -> Case {
    let mut s = Sb::new("Hộ nghèo");
    s.title("UBND XÃ LỘC KHÁNH", 6);
    s.title("DANH SÁCH HỘ NGHÈO NĂM 2025", 6);
    s.blank(Role::Outside);
    let h = s.text_row(
        Role::Header,
        &[
            (0, "STT"),
            (1, "Họ và tên chủ hộ"),
            (2, "Năm sinh"),
            (4, "Số CCCD"),
            (5, "Thôn/ấp"),
        ],
    );
    s.text_row(Role::Header, &[(2, "Nam"), (3, "Nữ")]);
    for c in [0u16, 1, 4, 5] {
        s.merges.push((h, c, h + 1, c));
    }
    s.merges.push((h, 2, h, 3));
    s.numbering(6, true);
    for k in 0..8 {
        let p = person(k + 2);
        let year_col = if p.male { 2 } else { 3 };
        s.row(
            Role::Data,
            vec![
                (0, V::Num(k as f64 + 1.0)),
                (1, V::Text(p.name())),
                (year_col, V::Num(f64::from(p.dob.0))),
                (4, t(p.cccd)),
                (5, t(p.hamlet)),
            ],
        );
    }
    s.total("Cộng", 6);
    s.signature(6);
    s.map(&[
        (0, Field::Stt),
        (1, Field::FullName),
        (2, Field::DobMale),
        (3, Field::DobFemale),
        (4, Field::Id),
        (5, Field::Hamlet),
    ]);
    let first = s.expect().data_rows[0];
    s.check(Check::Sex {
        row: first,
        sex: "M".into(),
    });
    s.check(Check::Dob {
        row: first,
        dob: "1955".into(),
    });
    s.check(Check::Sex {
        row: first + 1,
        sex: "F".into(),
    });
    case(
        "l03-nam-sinh-nam-nu",
        "ho-ngheo",
        "two-row merged header, \"Năm sinh\" over \"Nam\" | \"Nữ\"",
        vec![s],
    )
}

/// Three header rows: a group over the person's columns, and "Năm sinh" over Nam | Nữ below.
fn c04() -> Case {
    let mut s = Sb::new("Bảo trợ");
    s.title("DANH SÁCH ĐỐI TƯỢNG BẢO TRỢ XÃ HỘI", 6);
    s.blank(Role::Outside);
    let h = s.text_row(
        Role::Header,
        &[(0, "STT"), (1, "Thông tin đối tượng"), (5, "Địa chỉ")],
    );
    s.text_row(
        Role::Header,
        &[
            (1, "Họ và tên"),
            (2, "Năm sinh"),
            (4, "Số định danh cá nhân"),
        ],
    );
    s.text_row(Role::Header, &[(2, "Nam"), (3, "Nữ")]);
    s.merges.push((h, 0, h + 2, 0));
    s.merges.push((h, 1, h, 4));
    s.merges.push((h, 5, h + 2, 5));
    s.merges.push((h + 1, 1, h + 2, 1));
    s.merges.push((h + 1, 2, h + 1, 3));
    s.merges.push((h + 1, 4, h + 2, 4));
    s.numbering(6, true);
    for k in 0..6 {
        let p = person(k);
        let year_col = if p.male { 2 } else { 3 };
        s.row(
            Role::Data,
            vec![
                (0, V::Num(k as f64 + 1.0)),
                (1, V::Text(p.name())),
                (year_col, V::Num(f64::from(p.dob.0))),
                (4, t(p.cccd)),
                (5, V::Text(p.address())),
            ],
        );
    }
    s.map(&[
        (0, Field::Stt),
        (1, Field::FullName),
        (2, Field::DobMale),
        (3, Field::DobFemale),
        (4, Field::Id),
        (5, Field::Address),
    ]);
    case(
        "l04-tieu-de-cot-ba-dong",
        "bao-tro-xa-hoi",
        "three-row header: a group cell over the person's columns, \"Năm sinh\" over Nam | Nữ",
        vec![s],
    )
}

/// Land users: "Người sử dụng đất" over name | year | ID, "Thửa đất" over parcel columns.
fn c05() -> Case {
    let mut s = Sb::new("Sổ mục kê");
    s.title_block(
        "UBND XÃ LỘC KHÁNH",
        "DANH SÁCH NGƯỜI SỬ DỤNG ĐẤT ĐỀ NGHỊ CẤP GIẤY CHỨNG NHẬN",
        8,
    );
    let h = s.text_row(
        Role::Header,
        &[
            (0, "STT"),
            (1, "Người sử dụng đất"),
            (4, "Thửa đất"),
            (7, "Địa chỉ thửa đất"),
        ],
    );
    s.text_row(
        Role::Header,
        &[
            (1, "Họ và tên"),
            (2, "Năm sinh"),
            (3, "Số CMND/CCCD"),
            (4, "Tờ bản đồ số"),
            (5, "Thửa số"),
            (6, "Diện tích (m2)"),
        ],
    );
    s.merges.push((h, 0, h + 1, 0));
    s.merges.push((h, 1, h, 3));
    s.merges.push((h, 4, h, 6));
    s.merges.push((h, 7, h + 1, 7));
    s.numbering(8, false);
    for k in 0..7 {
        let p = person(k + 3);
        s.row(
            Role::Data,
            vec![
                (0, V::Num(k as f64 + 1.0)),
                (1, V::Text(p.name())),
                (2, V::Num(f64::from(p.dob.0))),
                (3, t(p.cccd)),
                (4, V::Num(12.0 + k as f64)),
                (5, V::Num(100.0 + 7.0 * k as f64)),
                (6, V::Num(250.5 + k as f64)),
                (7, t(p.hamlet)),
            ],
        );
    }
    s.signature(8);
    s.map(&[
        (0, Field::Stt),
        (1, Field::FullName),
        (2, Field::Dob),
        (3, Field::Id),
        (7, Field::Address),
    ]);
    case(
        "l05-nguoi-su-dung-dat",
        "dat-dai",
        "\"Người sử dụng đất\" over Họ và tên | Năm sinh | Số CMND/CCCD, \"Thửa đất\" over parcel columns, numbering 1 2 3",
        vec![s],
    )
}

fn c06() -> Case {
    let mut s = Sb::new("Sheet1");
    s.title("DANH SÁCH NGƯỜI CÓ CÔNG VỚI CÁCH MẠNG", 5);
    s.blank(Role::Outside);
    s.header(&STD);
    s.numbering(5, false);
    std_rows(&mut s, 4, 9);
    std_map(&mut s);
    case(
        "l06-dong-danh-so-1-2-3",
        "nguoi-co-cong",
        "numbering row of plain numbers 1 2 3 4 5",
        vec![s],
    )
}

fn c07() -> Case {
    let mut s = Sb::new("Danh sách");
    s.title("DANH SÁCH HỘ CẬN NGHÈO", 5);
    s.header(&STD);
    std_row(&mut s, 1, 0);
    std_row(&mut s, 2, 1);
    s.blank(Role::Inside);
    std_row(&mut s, 3, 2);
    s.blank(Role::Inside);
    s.blank(Role::Inside);
    std_row(&mut s, 4, 3);
    std_row(&mut s, 5, 4);
    s.blank(Role::Inside);
    std_row(&mut s, 6, 5);
    s.blank(Role::Outside);
    s.blank(Role::Outside);
    s.signature(5);
    std_map(&mut s);
    case(
        "l07-dong-trong-giua-bang",
        "ho-ngheo",
        "blank rows (single and double) between data rows",
        vec![s],
    )
}

fn c08() -> Case {
    let mut s = Sb::new("Hộ nghèo, cận nghèo");
    s.title("DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025", 5);
    s.blank(Role::Outside);
    s.header(&STD);
    s.numbering(5, true);
    let mut stt = 0;
    let mut i = 0;
    let mut groups = Vec::new();
    for (group, thons) in [
        ("I. HỘ NGHÈO", ["Thôn 1", "Thôn 2"]),
        ("II. HỘ CẬN NGHÈO", ["Thôn 3", "Ấp Bàu Sen"]),
    ] {
        let r = s.text_row(Role::Inside, &[(0, group)]);
        s.merges.push((r, 0, r, 4));
        for thon in thons {
            s.text_row(Role::Inside, &[(1, thon)]);
            for _ in 0..2 {
                stt += 1;
                let r = std_row(&mut s, stt, i);
                groups.push((r + 1, thon));
                i += 1;
            }
        }
    }
    s.total("Tổng cộng", 5);
    s.signature(5);
    std_map(&mut s);
    for (row, g) in [groups[0], groups[3]] {
        s.check(Check::Group {
            row,
            group: g.to_string(),
        });
    }
    case(
        "l08-dong-tieu-de-nhom",
        "ho-ngheo",
        "group rows inside the data: \"I. HỘ NGHÈO\" merged across, \"Thôn 1\" in the name column",
        vec![s],
    )
}

fn c09() -> Case {
    let mut s = Sb::new("Danh sách");
    s.title("DANH SÁCH HỘ NGHÈO", 5);
    s.header(&STD);
    std_rows(&mut s, 6, 5);
    s.total("Tổng số: 5 hộ, 17 nhân khẩu", 5);
    s.signature(5);
    s.blank(Role::Footer);
    s.text_row(
        Role::Footer,
        &[(
            0,
            "Ghi chú: danh sách đã được niêm yết công khai tại nhà văn hóa thôn.",
        )],
    );
    s.text_row(Role::Footer, &[(0, "Nơi nhận:")]);
    s.text_row(Role::Footer, &[(0, "- Phòng LĐ-TB&XH huyện;")]);
    s.text_row(
        Role::Footer,
        &[(0, "STT"), (1, "Họ và tên"), (2, "Chức vụ")],
    );
    s.row(
        Role::Footer,
        vec![
            (0, V::Num(1.0)),
            (1, t("Trần Văn Tổ")),
            (2, t("Trưởng thôn")),
        ],
    );
    std_map(&mut s);
    case(
        "l09-chan-trang-va-phia-duoi",
        "ho-ngheo",
        "total, date line, signature block, and notes and a small table below the footer",
        vec![s],
    )
}

fn legacy_case(stem: &'static str, legacy: Legacy, about: &'static str) -> Case {
    let mut s = Sb::new("DS");
    s.legacy = legacy;
    let title = s.encode("DANH SÁCH HỘ NGHÈO XÃ LỘC KHÁNH");
    s.title(&title, 5);
    s.blank(Role::Outside);
    let labels: Vec<String> = ["STT", "Họ và tên chủ hộ", "Ngày sinh", "Số CCCD", "Địa chỉ"]
        .iter()
        .map(|l| s.encode(l))
        .collect();
    let refs: Vec<&str> = labels.iter().map(|l| l.as_str()).collect();
    s.header(&refs);
    std_rows(&mut s, 2, 7);
    std_map(&mut s);
    let first = s.expect().data_rows[0];
    s.check(Check::Name {
        row: first,
        name: person(2).name(),
    });
    s.check(Check::Cell {
        cell: format!("B{first}"),
        text: person(2).name(),
    });
    case(stem, "ho-ngheo", about, vec![s])
}

fn c10() -> Case {
    legacy_case(
        "l10-tieu-de-tcvn3",
        Legacy::Tcvn3,
        "title, header cells and data in TCVN3 (.VnTime)",
    )
}

fn c11() -> Case {
    legacy_case(
        "l11-tieu-de-vni",
        Legacy::Vni,
        "title, header cells and data in VNI (VNI-Times)",
    )
}

fn c12() -> Case {
    let mut s = Sb::new("Danh sách");
    s.title("DANH SÁCH ĐỐI TƯỢNG HƯỞNG TRỢ CẤP", 6);
    s.header(&[
        "STT",
        "Họ và chữ đệm",
        "Tên",
        "Ngày sinh",
        "Số CCCD",
        "Thôn",
    ]);
    for k in 0..6 {
        let p = person(k + 4);
        s.row(
            Role::Data,
            vec![
                (0, V::Num(k as f64 + 1.0)),
                (1, V::Text(format!("{} {}", p.family, p.middle))),
                (2, t(p.given)),
                (3, t(&p.dob_text())),
                (4, t(p.cccd)),
                (5, t(p.hamlet)),
            ],
        );
    }
    s.map(&[
        (0, Field::Stt),
        (1, Field::FamilyMiddle),
        (2, Field::Given),
        (3, Field::Dob),
        (4, Field::Id),
        (5, Field::Hamlet),
    ]);
    let first = s.expect().data_rows[0];
    s.check(Check::Name {
        row: first + 1,
        name: person(5).name(),
    });
    case(
        "l12-ho-dem-va-ten-tach",
        "bao-tro-xa-hoi",
        "name split into \"Họ và chữ đệm\" + \"Tên\"",
        vec![s],
    )
}

fn c13() -> Case {
    let mut s = Sb::new("Danh sách");
    s.title("DANH SÁCH NGƯỜI CÓ CÔNG", 6);
    let h = s.text_row(
        Role::Header,
        &[
            (0, "STT"),
            (1, "Họ và tên"),
            (4, "Ngày sinh"),
            (5, "Số CCCD"),
        ],
    );
    s.text_row(Role::Header, &[(1, "Họ"), (2, "Tên đệm"), (3, "Tên")]);
    s.merges.push((h, 0, h + 1, 0));
    s.merges.push((h, 1, h, 3));
    s.merges.push((h, 4, h + 1, 4));
    s.merges.push((h, 5, h + 1, 5));
    for k in 0..6 {
        let p = person(k + 6);
        s.row(
            Role::Data,
            vec![
                (0, V::Num(k as f64 + 1.0)),
                (1, t(p.family)),
                (2, t(p.middle)),
                (3, t(p.given)),
                (4, t(&p.dob_text())),
                (5, t(p.cccd)),
            ],
        );
    }
    s.map(&[
        (0, Field::Stt),
        (1, Field::Family),
        (2, Field::Middle),
        (3, Field::Given),
        (4, Field::Dob),
        (5, Field::Id),
    ]);
    let first = s.expect().data_rows[0];
    s.check(Check::Name {
        row: first,
        name: person(6).name(),
    });
    case(
        "l13-ho-ten-dem-ten-tach",
        "nguoi-co-cong",
        "\"Họ và tên\" merged over \"Họ\" | \"Tên đệm\" | \"Tên\"",
        vec![s],
    )
}

fn c14() -> Case {
    let mut s = Sb::new("Danh sách");
    s.title("DANH SÁCH HỘ NGHÈO", 6);
    s.header(&[
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Số CCCD",
        "Số CMND",
        "Địa chỉ",
    ]);
    for k in 0..6 {
        let p = person(k);
        let mut cells = vec![
            (0, V::Num(k as f64 + 1.0)),
            (1, V::Text(p.name())),
            (2, t(&p.dob_text())),
        ];
        // Some rows have only the old CMND, some both, some only the CCCD.
        if k % 3 != 0 {
            cells.push((3, t(p.cccd)));
        }
        if k % 3 != 2 {
            cells.push((4, t(p.cmnd)));
        }
        cells.push((5, V::Text(p.address())));
        s.row(Role::Data, cells);
    }
    s.map(&[
        (0, Field::Stt),
        (1, Field::FullName),
        (2, Field::Dob),
        (3, Field::Id),
        (4, Field::Cmnd),
        (5, Field::Address),
    ]);
    let first = s.expect().data_rows[0];
    s.check(Check::Ids {
        row: first,
        ids: vec![person(0).cmnd.into()],
    });
    s.check(Check::Ids {
        row: first + 1,
        ids: vec![person(1).cccd.into(), person(1).cmnd.into()],
    });
    s.check(Check::Ids {
        row: first + 2,
        ids: vec![person(2).cccd.into()],
    });
    case(
        "l14-cccd-va-cmnd",
        "ho-ngheo",
        "both \"Số CCCD\" and \"Số CMND\" columns, filled in any combination",
        vec![s],
    )
}

fn c15() -> Case {
    let mut s = Sb::new("Danh sách");
    s.title("DANH SÁCH HỘ NGHÈO", 6);
    s.header(&[
        "STT",
        "Mã hộ",
        "Họ và tên chủ hộ",
        "Ngày sinh",
        "Số CCCD",
        "Địa chỉ",
    ]);
    s.number_cols = vec![1, 4];
    for k in 0..6 {
        let p = person(k + 1);
        let id: f64 = p.cccd.parse().unwrap_or(0.0);
        s.row(
            Role::Data,
            vec![
                (0, V::Num(k as f64 + 1.0)),
                (1, V::Num(752_025_000_100.0 + k as f64)),
                (2, V::Text(p.name())),
                (3, V::Date(p.dob.0, p.dob.1, p.dob.2)),
                (4, V::Num(id)),
                (5, V::Text(p.address())),
            ],
        );
    }
    s.map(&[
        (0, Field::Stt),
        (1, Field::Household),
        (2, Field::FullName),
        (3, Field::Dob),
        (4, Field::Id),
        (5, Field::Address),
    ]);
    let first = s.expect().data_rows[0];
    s.check(Check::Cell {
        cell: format!("B{first}"),
        text: "752025000100".into(),
    });
    s.check(Check::Cell {
        cell: format!("E{first}"),
        text: person(1).cccd.trim_start_matches('0').into(),
    });
    s.check(Check::Ids {
        row: first,
        ids: vec![person(1).cccd.into()],
    });
    s.check(Check::Dob {
        row: first,
        dob: person(1).dob_text(),
    });
    case(
        "l15-so-luu-dang-so",
        "ho-ngheo",
        "IDs and 12-digit household codes stored as numbers (floats), dates as date cells",
        vec![s],
    )
}

fn c16() -> Case {
    let mut s = Sb::new("Danh sách");
    s.title("DANH SÁCH TRẺ EM ĐĂNG KÝ KHAI SINH", 6);
    let h = s.text_row(
        Role::Header,
        &[
            (0, "STT"),
            (1, "Họ và tên"),
            (2, "Ngày tháng năm sinh"),
            (5, "Giới tính"),
        ],
    );
    s.text_row(Role::Header, &[(2, "Ngày"), (3, "Tháng"), (4, "Năm")]);
    s.merges.push((h, 0, h + 1, 0));
    s.merges.push((h, 1, h + 1, 1));
    s.merges.push((h, 2, h, 4));
    s.merges.push((h, 5, h + 1, 5));
    for k in 0..6 {
        let p = person(k);
        s.row(
            Role::Data,
            vec![
                (0, V::Num(k as f64 + 1.0)),
                (1, V::Text(p.name())),
                (2, V::Num(f64::from(p.dob.2))),
                (3, V::Num(f64::from(p.dob.1))),
                (4, V::Num(f64::from(p.dob.0))),
                (5, t(if p.male { "Nam" } else { "Nữ" })),
            ],
        );
    }
    s.map(&[
        (0, Field::Stt),
        (1, Field::FullName),
        (2, Field::DobDay),
        (3, Field::DobMonth),
        (4, Field::DobYear),
        (5, Field::Sex),
    ]);
    let first = s.expect().data_rows[0];
    s.check(Check::Dob {
        row: first + 2,
        dob: person(2).dob_text(),
    });
    case(
        "l16-ngay-thang-nam-tach-cot",
        "ho-tich",
        "date of birth split into \"Ngày\" | \"Tháng\" | \"Năm\" under \"Ngày tháng năm sinh\"",
        vec![s],
    )
}

fn c17() -> Case {
    let mut s = Sb::new("Danh sách");
    s.title("DANH SÁCH HỘ NGHÈO", 6);
    s.header(&[
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Số CCCD",
        "Địa chỉ",
        "Số nhân khẩu",
    ]);
    let first = s.next();
    for k in 0..6u32 {
        let p = person(k as usize);
        let r = first + k;
        let stt = if k == 0 {
            V::Num(1.0)
        } else {
            V::Formula(format!("=A{}+1", r), (k + 1).to_string())
        };
        let id = if k == 2 {
            V::Formula("=NA()".into(), "#N/A".into())
        } else {
            t(p.cccd)
        };
        let address = if k == 4 {
            V::Formula("=#REF!".into(), "#REF!".into())
        } else {
            V::Text(p.address())
        };
        s.row(
            Role::Data,
            vec![
                (0, stt),
                (1, V::Text(p.name())),
                (2, t(&p.dob_text())),
                (3, id),
                (4, address),
                (5, V::Formula(format!("=1+{}", k + 2), (k + 3).to_string())),
            ],
        );
    }
    s.warnings = 2;
    s.map(&[
        (0, Field::Stt),
        (1, Field::FullName),
        (2, Field::Dob),
        (3, Field::Id),
        (4, Field::Address),
        (5, Field::HouseholdSize),
    ]);
    let r1 = first + 1;
    for (cell, text) in [
        (format!("A{}", r1 + 3), "4".to_string()),
        (format!("F{}", r1), "3".to_string()),
        (format!("D{}", r1 + 2), String::new()),
        (format!("E{}", r1 + 4), String::new()),
    ] {
        s.check(Check::Cell { cell, text });
    }
    case(
        "l17-cong-thuc-va-o-loi",
        "ho-ngheo",
        "formulas (cached values used), #N/A and #REF! cells read as empty with a warning",
        vec![s],
    )
}

fn c18() -> Case {
    let mut s = Sb::new("Hộ gia đình");
    s.title("DANH SÁCH NHÂN KHẨU HỘ NGHÈO", 7);
    s.header(&[
        "STT",
        "Mã hộ",
        "Họ và tên",
        "Quan hệ với chủ hộ",
        "Ngày sinh",
        "Số CCCD",
        "Địa chỉ",
    ]);
    let mut i = 0;
    let mut stt = 0;
    let mut member_rows = Vec::new();
    for (h, size) in [(0usize, 3u32), (1, 2), (2, 3)] {
        let first = s.next();
        for m in 0..size {
            let p = person(i);
            i += 1;
            stt += 1;
            let mut cells = vec![
                (0, V::Num(stt as f64)),
                (2, V::Text(p.name())),
                (3, t(if m == 0 { "Chủ hộ" } else { "Con" })),
                (4, t(&p.dob_text())),
                (5, t(p.cccd)),
            ];
            if m == 0 {
                cells.push((1, t(&format!("HN-{:03}", h + 1))));
                cells.push((6, t(&format!("Thôn {}, xã Lộc Khánh", h + 1))));
            }
            let r = s.row(Role::Data, cells);
            if m > 0 {
                member_rows.push((r + 1, h));
            }
        }
        s.merges.push((first, 1, first + size - 1, 1));
        s.merges.push((first, 6, first + size - 1, 6));
    }
    s.map(&[
        (0, Field::Stt),
        (1, Field::Household),
        (2, Field::FullName),
        (3, Field::Relation),
        (4, Field::Dob),
        (5, Field::Id),
        (6, Field::Address),
    ]);
    for (row, h) in [member_rows[0], member_rows[1], member_rows[3]] {
        s.check(Check::Cell {
            cell: format!("B{row}"),
            text: format!("HN-{:03}", h + 1),
        });
        s.check(Check::Cell {
            cell: format!("G{row}"),
            text: format!("Thôn {}, xã Lộc Khánh", h + 1),
        });
    }
    case(
        "l18-o-gop-ho-gia-dinh",
        "ho-ngheo",
        "household code and address merged vertically over the member rows: the value belongs to every member",
        vec![s],
    )
}

fn c19() -> Case {
    let mut s = Sb::new("Thửa đất");
    s.title("DANH SÁCH CHỦ SỬ DỤNG ĐẤT", 6);
    s.header(&[
        "STT",
        "Họ tên người sử dụng đất",
        "Năm sinh",
        "Số CCCD",
        "Số tờ",
        "Số thửa",
    ]);
    let mut stt = 0;
    let mut later = Vec::new();
    for (owner, parcels) in [(3usize, 3u32), (4, 1), (5, 2)] {
        let p = person(owner);
        let first = s.next();
        for k in 0..parcels {
            stt += 1;
            let mut cells = vec![
                (0, V::Num(stt as f64)),
                (4, V::Num(8.0 + k as f64)),
                (5, V::Num(40.0 + stt as f64)),
            ];
            if k == 0 {
                cells.push((1, V::Text(p.name())));
                cells.push((2, V::Num(f64::from(p.dob.0))));
                cells.push((3, t(p.cccd)));
            }
            let r = s.row(Role::Data, cells);
            if k > 0 {
                later.push((r + 1, owner));
            }
        }
        if parcels > 1 {
            for c in 1..=3 {
                s.merges.push((first, c, first + parcels - 1, c));
            }
        }
    }
    s.map(&[
        (0, Field::Stt),
        (1, Field::FullName),
        (2, Field::Dob),
        (3, Field::Id),
    ]);
    for (row, owner) in later {
        s.check(Check::Name {
            row,
            name: person(owner).name(),
        });
        s.check(Check::Ids {
            row,
            ids: vec![person(owner).cccd.into()],
        });
    }
    case(
        "l19-chu-su-dung-gop-nhieu-thua",
        "dat-dai",
        "an owner's name, year and ID merged vertically over the owner's parcel rows",
        vec![s],
    )
}

fn c20() -> Case {
    let mut s = Sb::new("Ngày ô ngày");
    s.title("DANH SÁCH (hệ ngày 1904)", 5);
    s.header(&["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Địa chỉ"]);
    for k in 0..5 {
        let p = person(k);
        s.row(
            Role::Data,
            vec![
                (0, V::Num(k as f64 + 1.0)),
                (1, V::Text(p.name())),
                (2, V::Date(p.dob.0, p.dob.1, p.dob.2)),
                (3, t(p.cccd)),
                (4, V::Text(p.address())),
            ],
        );
    }
    std_map(&mut s);
    let first = s.expect().data_rows[0];
    s.check(Check::Cell {
        cell: format!("C{first}"),
        text: person(0).dob_text(),
    });
    s.check(Check::Dob {
        row: first + 1,
        dob: person(1).dob_text(),
    });

    // The same dates typed as bare serial numbers (no date format), counted from 1904.
    let mut n = Sb::new("Ngày dạng số");
    n.header(&["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Địa chỉ"]);
    for k in 0..5 {
        let p = person(k + 5);
        let serial = date_to_serial(&Dob::ymd(p.dob.0, p.dob.1, p.dob.2), true).unwrap_or(0);
        n.row(
            Role::Data,
            vec![
                (0, V::Num(k as f64 + 1.0)),
                (1, V::Text(p.name())),
                (2, V::Num(serial as f64)),
                (3, t(p.cccd)),
                (4, V::Text(p.address())),
            ],
        );
    }
    std_map(&mut n);
    for k in [0u32, 3] {
        n.check(Check::Dob {
            row: 2 + k,
            dob: person(5 + k as usize).dob_text(),
        });
    }
    let mut c = case(
        "l20-he-ngay-1904",
        "ho-ngheo",
        "workbook in the 1904 date system (workbookPr date1904): date cells and bare serials",
        vec![s, n],
    );
    c.date1904 = true;
    c.copies = vec![];
    c
}

fn c21() -> Case {
    let mut s = Sb::new("Danh sách");
    s.title("DANH SÁCH HỘ NGHÈO", 5);
    s.header(&STD);
    std_rows(&mut s, 3, 5);
    std_map(&mut s);

    let mut sum = Sb::new("Tổng hợp");
    sum.title("TỔNG HỢP SỐ HỘ NGHÈO THEO THÔN", 4);
    sum.text_row(
        Role::Outside,
        &[
            (0, "Thôn"),
            (1, "Số hộ nghèo"),
            (2, "Số hộ cận nghèo"),
            (3, "Tỷ lệ (%)"),
        ],
    );
    for (k, thon) in ["Thôn 1", "Thôn 2", "Thôn 3", "Ấp Bàu Sen"]
        .iter()
        .enumerate()
    {
        sum.row(
            Role::Outside,
            vec![
                (0, t(thon)),
                (1, V::Num(10.0 + k as f64)),
                (2, V::Num(4.0 + k as f64)),
                (3, V::Num(2.5 + k as f64)),
            ],
        );
    }
    sum.text_row(Role::Outside, &[(0, "Cộng"), (1, "46"), (2, "22")]);
    sum.status = "skipped";
    let mut empty = Sb::new("Sheet3");
    empty.status = "skipped";
    let mut chart = Sb::new("Biểu đồ");
    chart.status = "skipped";
    chart.chart = true;
    let mut c = case(
        "l21-sheet-tong-hop-va-trong",
        "ho-ngheo",
        "a list sheet, a summary sheet of counts, an empty sheet and a chart sheet: the last three are skipped",
        vec![s, sum, empty, chart],
    );
    // LibreOffice turns the chart sheet into a worksheet holding a chart (empty: skipped too).
    c.copies = vec!["xls", "ods"];
    c
}

fn c22() -> Case {
    let mut s = Sb::new("Danh sách");
    s.title("DANH SÁCH HỘ NGHÈO", 5);
    s.header(&STD);
    std_rows(&mut s, 0, 4);
    std_map(&mut s);

    let mut bad = Sb::new("Bổ sung");
    bad.title("DANH SÁCH BỔ SUNG", 5);
    bad.text_row(
        Role::Outside,
        &[
            (0, "No."),
            (1, "Full name"),
            (2, "Birth"),
            (3, "Document"),
            (4, "Home"),
        ],
    );
    for k in 0..4 {
        let p = person(k + 4);
        bad.row(
            Role::Outside,
            vec![
                (0, V::Num(k as f64 + 1.0)),
                (1, V::Text(p.name())),
                (2, t(&p.dob_text())),
                (3, t(p.cccd)),
                (4, V::Text(p.address())),
            ],
        );
    }
    bad.status = "error";
    bad.message_contains = vec![
        "\"Full name\"".into(),
        "\"Document\"".into(),
        "Họ và tên".into(),
        "Tên".into(),
    ];
    case(
        "l22-tieu-de-cot-khong-nhan-ra",
        "ho-ngheo",
        "a good sheet and a sheet whose header cannot be recognised (error naming the headers seen and the fields needed)",
        vec![s, bad],
    )
}

fn c23() -> Case {
    let mut s = Sb::new("DS");
    s.title("DANH SACH HO NGHEO", 5);
    s.header(&[
        "TT",
        "HO TEN CHU HO",
        "NGAY SINH",
        "SO CCCD",
        "DIA CHI THUONG TRU",
    ]);
    std_rows(&mut s, 1, 4);
    let mut b = Sb::new("DS2");
    b.header(&[
        "Số TT",
        "Họ, chữ đệm và tên",
        "Ngày, tháng, năm sinh",
        "Số định danh cá nhân",
        "Nơi ở hiện nay",
    ]);
    std_rows(&mut b, 5, 4);
    std_map(&mut s);
    std_map(&mut b);
    case(
        "l23-bien-the-tieu-de-cot",
        "ho-ngheo",
        "header variants: capitals without diacritics (\"HO TEN CHU HO\"), \"Họ, chữ đệm và tên\", \"Số định danh cá nhân\"",
        vec![s, b],
    )
}

fn c24() -> Case {
    let mut s = Sb::new("Danh sách");
    s.title("DANH SÁCH ĐỐI TƯỢNG BẢO TRỢ XÃ HỘI", 6);
    let h = s.text_row(
        Role::Header,
        &[
            (0, "STT"),
            (1, "Họ và tên"),
            (2, "Ngày sinh"),
            (3, "Giới tính"),
            (5, "Số CCCD"),
        ],
    );
    s.text_row(Role::Header, &[(3, "Nam"), (4, "Nữ")]);
    for c in [0u16, 1, 2, 5] {
        s.merges.push((h, c, h + 1, c));
    }
    s.merges.push((h, 3, h, 4));
    for k in 0..6 {
        let p = person(k + 2);
        s.row(
            Role::Data,
            vec![
                (0, V::Num(k as f64 + 1.0)),
                (1, V::Text(p.name())),
                (2, t(&p.dob_text())),
                (if p.male { 3 } else { 4 }, t("x")),
                (5, t(p.cccd)),
            ],
        );
    }
    s.map(&[
        (0, Field::Stt),
        (1, Field::FullName),
        (2, Field::Dob),
        (3, Field::SexMale),
        (4, Field::SexFemale),
        (5, Field::Id),
    ]);
    let first = s.expect().data_rows[0];
    s.check(Check::Sex {
        row: first,
        sex: "M".into(),
    });
    s.check(Check::Sex {
        row: first + 1,
        sex: "F".into(),
    });
    case(
        "l24-gioi-tinh-danh-dau-x",
        "bao-tro-xa-hoi",
        "\"Giới tính\" over \"Nam\" | \"Nữ\" with an x in the person's column",
        vec![s],
    )
}

fn c25() -> Case {
    let mut s = Sb::new("Danh sách");
    s.title("DANH SÁCH HỘ NGHÈO", 6);
    s.header(&[
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Số CCCD",
        "Địa chỉ",
        "Ghi chú",
    ]);
    let long_note: String =
        "Hộ có người khuyết tật nặng, đang hưởng trợ cấp hằng tháng; ".repeat(60);
    for k in 0..4 {
        let p = person(k + 8);
        s.row(
            Role::Data,
            vec![
                (0, V::Num(k as f64 + 1.0)),
                (1, V::Text(p.name())),
                (2, t(&p.dob_text())),
                (3, V::Text(format!("'{}", p.cccd))),
                (4, V::Text(p.address())),
                (
                    5,
                    V::Text(if k == 1 {
                        long_note.clone()
                    } else {
                        String::new()
                    }),
                ),
            ],
        );
    }
    s.map(&[
        (0, Field::Stt),
        (1, Field::FullName),
        (2, Field::Dob),
        (3, Field::Id),
        (4, Field::Address),
        (5, Field::Note),
    ]);
    let first = s.expect().data_rows[0];
    s.check(Check::Cell {
        cell: format!("D{first}"),
        text: person(8).cccd.into(),
    });
    s.check(Check::Cell {
        cell: format!("F{}", first + 1),
        text: long_note,
    });
    case(
        "l25-o-dai-va-dau-nhay",
        "ho-ngheo",
        "IDs typed with a leading apostrophe, a very long note cell (3,600 characters)",
        vec![s],
    )
}

fn cases() -> Vec<Case> {
    vec![
        c01(),
        c02(),
        c03(),
        c04(),
        c05(),
        c06(),
        c07(),
        c08(),
        c09(),
        c10(),
        c11(),
        c12(),
        c13(),
        c14(),
        c15(),
        c16(),
        c17(),
        c18(),
        c19(),
        c20(),
        c21(),
        c22(),
        c23(),
        c24(),
        c25(),
    ]
}

// ---------------------------------------------------------------------------------------------
// writers

fn io_err(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

fn write_xlsx(path: &Path, c: &Case) -> std::io::Result<()> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 10, 15).map_err(io_err)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(c.stem)
            .set_author("doikhop synth")
            .set_creation_datetime(&created),
    );
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    for sh in &c.sheets {
        if sh.chart {
            let mut chart = Chart::new(ChartType::Column);
            chart
                .add_series()
                .set_categories("='Tổng hợp'!$A$3:$A$6")
                .set_values("='Tổng hợp'!$B$3:$B$6");
            let cs = wb.add_chartsheet();
            cs.set_name(&sh.name).map_err(io_err)?;
            cs.insert_chart(0, 0, &chart).map_err(io_err)?;
            continue;
        }
        let font = match sh.legacy {
            Legacy::None => "Times New Roman",
            Legacy::Tcvn3 => ".VnTime",
            Legacy::Vni => "VNI-Times",
        };
        let plain = base.clone().set_font_name(font);
        let cell_fmt = plain.clone().set_border(FormatBorder::Thin);
        let date_fmt = cell_fmt.clone().set_num_format("dd/mm/yyyy");
        let number_fmt = cell_fmt.clone().set_num_format("0");
        let ws = wb.add_worksheet();
        ws.set_name(&sh.name).map_err(io_err)?;
        for (col, w) in [(0u16, 6.0), (1, 26.0), (2, 14.0), (3, 16.0), (4, 24.0)] {
            ws.set_column_width(col, w).map_err(io_err)?;
        }
        let mut merged: Vec<(u32, u16)> = Vec::new();
        for &(r0, c0, r1, c1) in &sh.merges {
            let text = sh
                .rows
                .get(r0 as usize)
                .and_then(|(_, cells)| cells.iter().find(|(c, _)| *c == c0))
                .map(|(_, v)| match v {
                    V::Text(s) => s.clone(),
                    V::Num(n) => doikhop::model::format_number(*n),
                    _ => String::new(),
                })
                .unwrap_or_default();
            let fmt = if r1 > r0 { &cell_fmt } else { &plain };
            ws.merge_range(r0, c0, r1, c1, &text, fmt).map_err(io_err)?;
            merged.push((r0, c0));
        }
        for (r, (role, cells)) in sh.rows.iter().enumerate() {
            let r = r as u32;
            let in_table = matches!(
                role,
                Role::Header | Role::Numbering | Role::Data | Role::Inside
            );
            let fmt = if in_table { &cell_fmt } else { &plain };
            for (col, v) in cells {
                if merged.contains(&(r, *col)) {
                    continue;
                }
                match v {
                    V::Text(s) if s.is_empty() => {}
                    V::Text(s) => {
                        ws.write_string_with_format(r, *col, s, fmt)
                            .map_err(io_err)?;
                    }
                    V::Num(n) => {
                        let f = if sh.number_cols.contains(col) {
                            &number_fmt
                        } else {
                            fmt
                        };
                        ws.write_number_with_format(r, *col, *n, f)
                            .map_err(io_err)?;
                    }
                    V::Date(y, m, d) => {
                        if c.date1904 {
                            let serial =
                                date_to_serial(&Dob::ymd(*y, *m, *d), true).unwrap_or(0) as f64;
                            ws.write_number_with_format(r, *col, serial, &date_fmt)
                                .map_err(io_err)?;
                        } else {
                            let y = u16::try_from(*y).map_err(io_err)?;
                            let dt = ExcelDateTime::from_ymd(y, *m, *d).map_err(io_err)?;
                            ws.write_datetime_with_format(r, *col, &dt, &date_fmt)
                                .map_err(io_err)?;
                        }
                    }
                    V::Formula(f, cached) => {
                        let formula = Formula::new(f).set_result(cached);
                        ws.write_formula_with_format(r, *col, formula, fmt)
                            .map_err(io_err)?;
                    }
                }
            }
        }
    }
    wb.save(path).map_err(io_err)?;
    if c.date1904 {
        set_date1904(path)?;
    }
    Ok(())
}

/// rust_xlsxwriter writes the 1900 date system only: switch `xl/workbook.xml` to 1904.
fn set_date1904(path: &Path) -> std::io::Result<()> {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path)?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(io_err)?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(io_err)?;
        let name = file.name().map_err(io_err)?.to_string();
        let mut content = Vec::new();
        file.read_to_end(&mut content)?;
        if name == "xl/workbook.xml" {
            let xml = String::from_utf8_lossy(&content).into_owned();
            let patched = if xml.contains("<workbookPr") {
                xml.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
            } else {
                xml.replacen("<bookViews>", "<workbookPr date1904=\"1\"/><bookViews>", 1)
            };
            content = patched.into_bytes();
        }
        out.start_file(name, options).map_err(io_err)?;
        out.write_all(&content)?;
    }
    let cursor = out.finish().map_err(io_err)?;
    std::fs::write(path, cursor.into_inner())
}

// ---------------------------------------------------------------------------------------------
// CSV corpus

struct CsvCase {
    file: &'static str,
    encoding: &'static str,
    delimiter: u8,
    about: &'static str,
}

const CSV_CASES: [CsvCase; 7] = [
    CsvCase {
        file: "c01-utf8-bom.csv",
        encoding: "UTF-8 (BOM)",
        delimiter: b',',
        about: "UTF-8 with BOM, comma (Excel \"CSV UTF-8\"), apostrophe-prefixed IDs, a #N/A cell",
    },
    CsvCase {
        file: "c02-utf8-champhay.csv",
        encoding: "UTF-8",
        delimiter: b';',
        about: "UTF-8 without BOM, semicolon",
    },
    CsvCase {
        file: "c03-utf16le-bom-tab.csv",
        encoding: "UTF-16LE (BOM)",
        delimiter: b'\t',
        about: "UTF-16LE with BOM, tab (Excel \"Unicode Text\")",
    },
    CsvCase {
        file: "c04-utf16le-khong-bom.csv",
        encoding: "UTF-16LE",
        delimiter: b',',
        about: "UTF-16LE without BOM, comma",
    },
    CsvCase {
        file: "c05-utf16be-bom.csv",
        encoding: "UTF-16BE (BOM)",
        delimiter: b';',
        about: "UTF-16BE with BOM, semicolon",
    },
    CsvCase {
        file: "c06-windows-1258.csv",
        encoding: "Windows-1258",
        delimiter: b';',
        about: "Windows-1258 bytes (tones as combining marks), semicolon",
    },
    CsvCase {
        file: "c07-windows-1252.csv",
        encoding: "Windows-1252",
        delimiter: b',',
        about: "Windows-1252 bytes, names without Vietnamese-only letters, comma",
    },
];

fn csv_sheet(case_index: usize) -> Sb {
    let latin_only = case_index == 6;
    let mut s = Sb::new("");
    s.title(
        if latin_only {
            "DANH SACH HO NGHEO"
        } else {
            "DANH SÁCH HỘ NGHÈO NĂM 2025"
        },
        1,
    );
    s.blank(Role::Outside);
    if latin_only {
        s.header(&["STT", "Ho va ten", "Ngay sinh", "So CCCD", "Ghi chú"]);
    } else {
        s.header(&STD);
    }
    s.numbering(5, true);
    for k in 0..5 {
        let p = person(k + case_index);
        let name = if latin_only {
            strip_marks(&p.name())
        } else {
            p.name()
        };
        let id = if case_index == 0 && k < 2 {
            format!("'{}", p.cccd)
        } else if case_index == 0 && k == 3 {
            "#N/A".to_string()
        } else {
            p.cccd.to_string()
        };
        let last = if latin_only {
            ["Có", "Không", "Ông Lê", "Bà Hà", "Có"][k].to_string()
        } else {
            p.address()
        };
        s.row(
            Role::Data,
            vec![
                (0, t(&(k + 1).to_string())),
                (1, V::Text(name)),
                (2, t(&p.dob_text())),
                (3, V::Text(id)),
                (4, V::Text(last)),
            ],
        );
    }
    s.blank(Role::Outside);
    s.text_row(
        Role::Footer,
        &[(
            1,
            if latin_only {
                "Nguoi lap bieu"
            } else {
                "Người lập biểu"
            },
        )],
    );
    if latin_only {
        s.map(&[
            (0, Field::Stt),
            (1, Field::FullName),
            (2, Field::Dob),
            (3, Field::Id),
            (4, Field::Note),
        ]);
    } else {
        std_map(&mut s);
    }
    let first = s.expect().data_rows[0];
    let p = person(case_index);
    s.check(Check::Name {
        row: first,
        name: if latin_only {
            strip_marks(&p.name())
        } else {
            p.name()
        },
    });
    if case_index == 0 {
        s.warnings = 1;
        s.check(Check::Cell {
            cell: format!("D{first}"),
            text: p.cccd.into(),
        });
    }
    if latin_only {
        s.check(Check::Cell {
            cell: format!("E{}", first + 2),
            text: "Ông Lê".into(),
        });
    }
    s
}

/// The name without diacritics, case kept ("Nguyễn Đức" → "Nguyen Duc").
fn strip_marks(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

fn csv_bytes(sheet: &Sb, c: &CsvCase) -> std::io::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(c.delimiter)
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    for (_, cells) in &sheet.rows {
        let width = cells
            .iter()
            .map(|(c, _)| *c as usize + 1)
            .max()
            .unwrap_or(0);
        let mut fields = vec![String::new(); width];
        for (col, v) in cells {
            fields[*col as usize] = match v {
                V::Text(s) => s.clone(),
                V::Num(n) => doikhop::model::format_number(*n),
                V::Date(y, m, d) => format!("{d:02}/{m:02}/{y}"),
                V::Formula(_, cached) => cached.clone(),
            };
        }
        w.write_record(&fields)?;
    }
    let text = String::from_utf8(w.into_inner().map_err(io_err)?).map_err(io_err)?;
    let utf16 = |big: bool| -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    };
    Ok(match c.encoding {
        "UTF-8 (BOM)" => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        "UTF-16LE (BOM)" => [b"\xFF\xFE".as_slice(), &utf16(false)].concat(),
        "UTF-16LE" => utf16(false),
        "UTF-16BE (BOM)" => [b"\xFE\xFF".as_slice(), &utf16(true)].concat(),
        "Windows-1258" => doikhop::ingest::csv::encode_windows_1258(&text),
        "Windows-1252" => text
            .chars()
            .map(|ch| u8::try_from(u32::from(ch)).unwrap_or(b'?'))
            .collect(),
        _ => text.into_bytes(),
    })
}

/// Write the whole corpus into `dir` (the .xlsx workbooks, the CSV files and `expected.json`)
/// and return the expectations. The .xls / .ods copies are made by `fixtures/layouts/regenerate.sh`.
pub fn write_corpus(dir: &Path) -> std::io::Result<Vec<FileExpect>> {
    std::fs::create_dir_all(dir)?;
    let mut expects = Vec::new();
    for c in cases() {
        let file = format!("{}.xlsx", c.stem);
        write_xlsx(&dir.join(&file), &c)?;
        expects.push(FileExpect {
            file,
            kind: c.kind,
            about: c.about,
            copies: c.copies.clone(),
            file_encoding: None,
            sheets: c.sheets.iter().map(Sb::expect).collect(),
        });
    }
    for (i, c) in CSV_CASES.iter().enumerate() {
        let sheet = csv_sheet(i);
        std::fs::write(dir.join(c.file), csv_bytes(&sheet, c)?)?;
        expects.push(FileExpect {
            file: c.file.to_string(),
            kind: "ho-ngheo",
            about: c.about,
            copies: vec![],
            file_encoding: Some(c.encoding),
            sheets: vec![sheet.expect()],
        });
    }
    let json = serde_json::to_string_pretty(&expects).map_err(io_err)?;
    std::fs::write(dir.join("expected.json"), json + "\n")?;
    Ok(expects)
}
