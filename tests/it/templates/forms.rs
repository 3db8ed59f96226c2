//! The template corpus (fixtures/templates/): lists laid out as offices publish them — the land
//! register book, the poor-household review annexes, social-allowance decisions and payment
//! lists, the civil-status book and its digitisation import template — each with the variations
//! clerks make. The generator knows what every row is, and writes that truth beside the files
//! (`expected.json`): header rows, numbering row, the field of every column, the person rows and
//! the role of every other row.

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};
use serde_json::{Value, json};

/// One resident of fixtures/residents.csv.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub dob: String,
    pub sex: String,
    pub address: String,
    pub father: String,
    pub mother: String,
}

impl Person {
    pub fn year(&self) -> String {
        self.dob.rsplit('/').next().unwrap_or("").to_string()
    }
    fn female(&self) -> bool {
        self.sex == "Nữ"
    }
}

pub fn people(residents_csv: &Path) -> Vec<Person> {
    let mut r = csv::Reader::from_path(residents_csv).unwrap();
    r.records()
        .map(|rec| rec.unwrap())
        // Living people with both parents known (the civil-status books carry them).
        .filter(|rec| &rec[12] == "Còn sống" && !rec[10].is_empty() && !rec[11].is_empty())
        .take(400)
        .map(|rec| Person {
            id: rec[0].to_string(),
            name: rec[2].to_string(),
            dob: rec[3].to_string(),
            sex: rec[4].to_string(),
            address: rec[5].to_string(),
            father: rec[10].to_string(),
            mother: rec[11].to_string(),
        })
        .collect()
}

#[derive(Debug, Clone)]
pub enum V {
    S(String),
    N(f64),
    E,
}

fn s(x: impl Into<String>) -> V {
    V::S(x.into())
}

fn n(x: f64) -> V {
    V::N(x)
}

const E: V = V::E;

impl V {
    fn text(&self) -> String {
        match self {
            V::S(s) => s.clone(),
            V::N(f) => format!("{f}"),
            V::E => String::new(),
        }
    }
}

/// One sheet under construction: its rows, merges and the truth about every row.
pub struct SheetB {
    name: String,
    rows: Vec<Vec<V>>,
    merges: Vec<(u32, u16, u32, u16)>,
    roles: BTreeMap<u32, &'static str>,
    header_rows: Vec<u32>,
    numbering_row: Option<u32>,
    columns: Vec<(String, Option<&'static str>)>,
    groups: BTreeMap<u32, String>,
    /// Set for a sheet that is skipped as a whole (a summary sheet).
    skipped_reason: Option<&'static str>,
    widths: Vec<f64>,
}

fn col_letter(c: usize) -> String {
    doikhop::rules::columns::letters(c)
}

impl SheetB {
    fn new(name: &str) -> Self {
        SheetB {
            name: name.into(),
            rows: Vec::new(),
            merges: Vec::new(),
            roles: BTreeMap::new(),
            header_rows: Vec::new(),
            numbering_row: None,
            columns: Vec::new(),
            groups: BTreeMap::new(),
            skipped_reason: None,
            widths: Vec::new(),
        }
    }

    fn push(&mut self, cells: Vec<V>, role: &'static str) -> u32 {
        let r = self.rows.len() as u32;
        if role != "blank" {
            self.roles.insert(r, role);
        }
        self.rows.push(cells);
        r
    }

    /// A title line merged over `width` columns.
    fn title(&mut self, text: &str, width: u16) -> u32 {
        let r = self.push(vec![s(text)], "title");
        if width > 1 {
            self.merges.push((r, 0, r, width - 1));
        }
        r
    }

    /// Two title blocks side by side: the unit on the left, the national motto on the right.
    fn unit_and_motto(&mut self, unit: &str, width: u16) {
        let half = width / 2;
        let mut a = vec![s(unit)];
        a.resize(half as usize, E);
        a.push(s("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
        let r = self.push(a, "title");
        self.merges.push((r, 0, r, half - 1));
        self.merges.push((r, half, r, width - 1));
        let mut b = vec![E; half as usize];
        b.push(s("Độc lập - Tự do - Hạnh phúc"));
        let r = self.push(b, "title");
        self.merges.push((r, half, r, width - 1));
    }

    fn blank(&mut self) -> u32 {
        self.push(vec![], "blank")
    }

    fn header(&mut self, cells: Vec<V>) -> u32 {
        let r = self.push(cells, "header");
        self.header_rows.push(r);
        r
    }

    fn numbering(&mut self, cells: Vec<V>) -> u32 {
        let r = self.push(cells, "numbering");
        self.numbering_row = Some(r);
        r
    }

    fn merge(&mut self, r1: u32, c1: u16, r2: u32, c2: u16) {
        self.merges.push((r1, c1, r2, c2));
    }

    fn person(&mut self, cells: Vec<V>, group: Option<&str>) -> u32 {
        let r = self.push(cells, "person");
        if let Some(g) = group {
            self.groups.insert(r, g.to_string());
        }
        r
    }

    fn columns(&mut self, cols: &[Option<&'static str>]) {
        self.columns = cols
            .iter()
            .enumerate()
            .map(|(i, f)| (col_letter(i), *f))
            .collect();
    }

    fn expected(&self) -> Value {
        if let Some(reason) = self.skipped_reason {
            return json!({"sheet": self.name, "status": "skipped", "reason_contains": reason});
        }
        let persons: Vec<u32> = self
            .roles
            .iter()
            .filter(|(_, r)| **r == "person")
            .map(|(row, _)| row + 1)
            .collect();
        let others: BTreeMap<String, &str> = self
            .roles
            .iter()
            .filter(|(_, r)| **r != "person")
            .map(|(row, r)| ((row + 1).to_string(), *r))
            .collect();
        let columns: serde_json::Map<String, Value> = self
            .columns
            .iter()
            .map(|(l, f)| (l.clone(), f.map_or(Value::Null, |f| json!(f))))
            .collect();
        let groups: BTreeMap<String, &String> = self
            .groups
            .iter()
            .map(|(r, g)| ((r + 1).to_string(), g))
            .collect();
        json!({
            "sheet": self.name,
            "status": "read",
            "header_rows": self.header_rows.iter().map(|r| r + 1).collect::<Vec<_>>(),
            "numbering_row": self.numbering_row.map(|r| r + 1),
            "columns": columns,
            "person_rows": persons,
            "other_rows": others,
            "groups": groups,
        })
    }
}

pub struct Template {
    pub file: &'static str,
    pub kind: &'static str,
    /// What the file copies, for the README.
    pub copies: &'static str,
    sheets: Vec<SheetB>,
    /// A `<stem>.columns.toml` written beside the file.
    columns_toml: Option<&'static str>,
}

impl Template {
    pub fn expected(&self) -> Value {
        json!({
            "file": self.file,
            "kind": self.kind,
            "copies": self.copies,
            "sheets": self.sheets.iter().map(SheetB::expected).collect::<Vec<_>>(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The templates

fn footer_signatures(b: &mut SheetB, place: &str, width: u16) {
    b.blank();
    let mut row = vec![E; (width as usize).saturating_sub(3)];
    row.push(s(format!("{place}, ngày 20 tháng 11 năm 2025")));
    b.push(row, "footer");
    b.push(
        vec![E, s("NGƯỜI LẬP BIỂU"), E, E, E, s("TM. ỦY BAN NHÂN DÂN")],
        "footer",
    );
    b.push(
        vec![E, s("(Ký, ghi rõ họ tên)"), E, E, E, s("CHỦ TỊCH")],
        "footer",
    );
}

/// Sổ địa chính (Thông tư 10/2024/TT-BTNMT, phần người sử dụng đất), numbered "(1)".."(10)",
/// two-level header with merged groups; a clerk added a "Số điện thoại" column.
fn so_dia_chinh(p: &[Person]) -> Template {
    let mut b = SheetB::new("So dia chinh");
    b.title("SỔ ĐỊA CHÍNH", 11);
    b.title("Xã Lộc Thạnh, Thành phố Đồng Nai — Quyển số 03", 11);
    b.blank();
    let h1 = b.header(vec![
        s("Số thứ tự"),
        s("Tên người sử dụng, quản lý đất"),
        s("Năm sinh"),
        s("Giấy tờ nhân thân"),
        E,
        s("Địa chỉ thường trú"),
        s("Thửa đất"),
        E,
        E,
        s("Mục đích sử dụng"),
        s("Số điện thoại"),
    ]);
    let h2 = b.header(vec![
        E,
        E,
        E,
        s("Loại giấy tờ"),
        s("Số giấy tờ"),
        E,
        s("Tờ bản đồ số"),
        s("Thửa đất số"),
        s("Diện tích (m²)"),
        E,
        E,
    ]);
    for c in [0u16, 1, 2, 5, 9, 10] {
        b.merge(h1, c, h2, c);
    }
    b.merge(h1, 3, h1, 4);
    b.merge(h1, 6, h1, 8);
    b.numbering((1..=11).map(|i| s(format!("({i})"))).collect());
    for (i, x) in p.iter().take(6).enumerate() {
        b.person(
            vec![
                n((i + 1) as f64),
                s(if x.female() {
                    format!("Bà {}", x.name)
                } else {
                    format!("Ông {}", x.name)
                }),
                s(x.year()),
                s("CCCD"),
                s(&x.id),
                s(&x.address),
                n((12 + i) as f64),
                n((140 + 7 * i) as f64),
                n(250.5 + i as f64),
                s("ONT+CLN"),
                s(format!("09{:08}", 12345 + i)),
            ],
            None,
        );
    }
    b.blank();
    b.push(
        vec![s("Sổ này có 6 trang, đánh số từ trang 01 đến trang 06")],
        "note",
    );
    footer_signatures(&mut b, "Lộc Thạnh", 11);
    b.columns(&[
        Some("stt"),
        Some("full_name"),
        Some("dob"),
        None,
        Some("id"),
        Some("address"),
        None,
        None,
        None,
        None,
        None,
    ]);
    b.widths = vec![6.0, 28.0, 8.0, 10.0, 16.0, 30.0, 8.0, 8.0, 10.0, 12.0, 14.0];
    Template {
        file: "t01-so-dia-chinh.xlsx",
        kind: "dat-dai",
        copies: "Sổ địa chính (Thông tư 10/2024/TT-BTNMT), phần người sử dụng đất: \"Tên người sử dụng, quản lý đất\", năm sinh, giấy tờ nhân thân (loại, số) gộp hai dòng, địa chỉ thường trú, thửa đất (tờ bản đồ, số thửa, diện tích), mục đích; dòng đánh số (1)…(11); cán bộ thêm cột số điện thoại; ghi chú \"Sổ này có … trang\" và chữ ký.",
        sheets: vec![b],
        columns_toml: None,
    }
}

/// Danh sách hộ nghèo, hộ cận nghèo (phụ lục Thông tư 07/2021/TT-BLĐTBXH): numbering row
/// "A B C 1 2 …", sections "I HỘ NGHÈO" / "II HỘ CẬN NGHÈO" with "Cộng I", hamlet rows.
fn ho_ngheo_phu_luc(p: &[Person]) -> Template {
    let mut b = SheetB::new("Phu luc");
    b.unit_and_motto("UBND XÃ LỘC QUANG", 10);
    b.title(
        "DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO TRÊN ĐỊA BÀN XÃ NĂM 2025",
        10,
    );
    b.title(
        "(Kèm theo Quyết định số 125/QĐ-UBND ngày 15/12/2025 của UBND xã)",
        10,
    );
    let h1 = b.header(vec![
        s("STT"),
        s("Họ và tên chủ hộ"),
        s("Mã số hộ"),
        s("Năm sinh"),
        E,
        s("Số CCCD/CMND"),
        s("Thôn/ấp"),
        s("Số nhân khẩu"),
        s("Phân loại hộ"),
        s("Ghi chú"),
    ]);
    let h2 = b.header(vec![E, E, E, s("Nam"), s("Nữ"), E, E, E, E, E]);
    for c in [0u16, 1, 2, 5, 6, 7, 8, 9] {
        b.merge(h1, c, h2, c);
    }
    b.merge(h1, 3, h1, 4);
    b.numbering(vec![
        s("A"),
        s("B"),
        s("C"),
        s("1"),
        s("2"),
        s("3"),
        s("4"),
        s("5"),
        s("6"),
        s("7"),
    ]);
    let mut k = 0;
    let mut stt = 0;
    let sections = [
        ("I", "HỘ NGHÈO", "Nghèo", 3),
        ("II", "HỘ CẬN NGHÈO", "Cận nghèo", 3),
    ];
    for (num, title, class, count) in sections {
        b.push(vec![s(num), s(title)], "subheader");
        for _ in 0..count {
            let x = &p[k];
            k += 1;
            stt += 1;
            let (m, f) = if x.female() {
                (E, s(x.year()))
            } else {
                (s(x.year()), E)
            };
            b.person(
                vec![
                    n(stt as f64),
                    s(x.name.to_uppercase()),
                    s(format!("7501{stt:04}")),
                    m,
                    f,
                    s(&x.id),
                    s("Ấp 1"),
                    n(4.0),
                    s(class),
                    E,
                ],
                Some(title),
            );
        }
        b.push(
            vec![s(format!("Cộng {num}")), E, E, E, E, E, E, n(12.0), E, E],
            "total",
        );
    }
    b.push(
        vec![s("Tổng cộng (I+II)"), E, E, E, E, E, E, n(24.0), E, E],
        "total",
    );
    footer_signatures(&mut b, "Lộc Quang", 10);
    b.columns(&[
        Some("stt"),
        Some("full_name"),
        Some("household"),
        Some("dob_male"),
        Some("dob_female"),
        Some("id"),
        Some("hamlet"),
        Some("household_size"),
        None,
        Some("note"),
    ]);
    b.widths = vec![6.0, 26.0, 12.0, 8.0, 8.0, 16.0, 10.0, 8.0, 12.0, 12.0];
    Template {
        file: "t02-ho-ngheo-phu-luc.xlsx",
        kind: "ho-ngheo",
        copies: "Danh sách hộ nghèo, hộ cận nghèo theo phụ lục Thông tư 07/2021/TT-BLĐTBXH: khối tên đơn vị và quốc hiệu, tiêu đề kèm số quyết định, tiêu đề cột hai dòng (năm sinh Nam | Nữ), dòng đánh số \"A B C 1 2 …\", mục \"I HỘ NGHÈO\" / \"II HỘ CẬN NGHÈO\" (số La Mã ở cột STT, tên mục ở cột họ tên), \"Cộng I\", \"Cộng II\", \"Tổng cộng (I+II)\", chữ ký.",
        sheets: vec![b],
        columns_toml: None,
    }
}

/// Danh sách đối tượng được hưởng trợ cấp xã hội hằng tháng (Nghị định 20/2021/NĐ-CP):
/// qualified headers, a caregiver's name column that is not the person.
fn tro_cap_nd20(p: &[Person]) -> Template {
    let mut b = SheetB::new("DS huong tro cap");
    b.unit_and_motto("UBND XÃ LỘC THẠNH", 11);
    b.title(
        "DANH SÁCH ĐỐI TƯỢNG ĐƯỢC HƯỞNG TRỢ CẤP XÃ HỘI HẰNG THÁNG",
        11,
    );
    b.title(
        "(Kèm theo Quyết định số 45/QĐ-UBND ngày 01/10/2025 của Chủ tịch UBND xã)",
        11,
    );
    b.header(vec![
        s("TT"),
        s("Họ và tên người được trợ cấp"),
        s("Ngày, tháng, năm sinh\n(dd/mm/yyyy)"),
        s("Giới tính"),
        s("Số CCCD/CMND/ĐDCN"),
        s("Nơi cư trú\n(thôn, xã)"),
        s("Đối tượng\n(khoản, Điều 5 NĐ 20/2021)"),
        s("Hệ số"),
        s("Mức trợ cấp\n(đồng/tháng)"),
        s("Họ và tên người chăm sóc, nuôi dưỡng"),
        s("Thời điểm hưởng"),
    ]);
    b.numbering((1..=11).map(|i| s(i.to_string())).collect());
    for (i, x) in p.iter().skip(10).take(6).enumerate() {
        b.person(
            vec![
                n((i + 1) as f64),
                s(&x.name),
                s(&x.dob),
                s(&x.sex),
                s(&x.id),
                s(&x.address),
                s("Khoản 5 Điều 5"),
                n(1.5),
                n(750000.0),
                s(if i % 2 == 0 { &x.mother } else { "" }),
                s("01/10/2025"),
            ],
            None,
        );
    }
    b.push(vec![s("Danh sách này có 06 đối tượng./.")], "note");
    footer_signatures(&mut b, "Lộc Thạnh", 11);
    b.columns(&[
        Some("stt"),
        Some("full_name"),
        Some("dob"),
        Some("sex"),
        Some("id"),
        Some("address"),
        None,
        None,
        None,
        None,
        None,
    ]);
    b.widths = vec![
        5.0, 26.0, 12.0, 8.0, 16.0, 30.0, 16.0, 6.0, 12.0, 24.0, 12.0,
    ];
    Template {
        file: "t03-tro-cap-nd20.xlsx",
        kind: "bao-tro-xa-hoi",
        copies: "Danh sách đối tượng hưởng trợ cấp xã hội hằng tháng kèm quyết định (Nghị định 20/2021/NĐ-CP): \"Họ và tên người được trợ cấp\", \"Ngày, tháng, năm sinh (dd/mm/yyyy)\" xuống dòng, \"Số CCCD/CMND/ĐDCN\", \"Nơi cư trú (thôn, xã)\", đối tượng (khoản, Điều 5), hệ số, mức trợ cấp, \"Họ và tên người chăm sóc, nuôi dưỡng\" (người khác, không được lấy làm họ tên), dòng đánh số 1…11, \"Danh sách này có 06 đối tượng./.\".",
        sheets: vec![b],
        columns_toml: None,
    }
}

/// Poor-household review list as a commune retypes it: "Tên chủ hộ\n(cá nhân)",
/// "Họ, chữ đệm, tên" split into two columns, hamlet sections, a spouse column.
fn chu_ho_ca_nhan(p: &[Person]) -> Template {
    let mut b = SheetB::new("Ra soat");
    b.title("KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025", 8);
    b.blank();
    b.header(vec![
        s("Số TT"),
        s("Tên chủ hộ\n(cá nhân)"),
        s("Năm sinh chủ hộ"),
        s("Giới tính (Nam/Nữ)"),
        s("Số CCCD của chủ hộ"),
        s("Họ tên vợ/chồng"),
        s("Thuộc diện"),
        s("Ghi chú"),
    ]);
    b.numbering((1..=8).map(|i| s(format!("({i})"))).collect());
    let mut k = 20;
    for hamlet in ["Ấp Bình Hòa", "Ấp Tân Lập"] {
        b.push(vec![s(hamlet)], "subheader");
        for i in 0..3 {
            let x = &p[k];
            k += 1;
            b.person(
                vec![
                    n((k - 20) as f64),
                    s(&x.name),
                    s(x.year()),
                    s(&x.sex),
                    s(&x.id),
                    s(if i == 1 { "" } else { &p[k + 100].name }),
                    s(if i == 0 {
                        "Hộ nghèo"
                    } else {
                        "Hộ cận nghèo"
                    }),
                    E,
                ],
                Some(hamlet),
            );
        }
    }
    b.push(vec![s("Tổng cộng: 6 hộ")], "total");
    b.columns(&[
        Some("stt"),
        Some("full_name"),
        Some("dob"),
        Some("sex"),
        Some("id"),
        None,
        None,
        Some("note"),
    ]);
    Template {
        file: "t04-chu-ho-ca-nhan.xlsx",
        kind: "ho-ngheo",
        copies: "Kết quả rà soát hộ nghèo do xã tự lập: \"Tên chủ hộ (cá nhân)\" xuống dòng, \"Năm sinh chủ hộ\", \"Giới tính (Nam/Nữ)\", \"Số CCCD của chủ hộ\", cột \"Họ tên vợ/chồng\" (người khác), mục theo ấp, dòng \"Tổng cộng: 6 hộ\".",
        sheets: vec![b],
        columns_toml: None,
    }
}

const IMPORT_KEYS: [&str; 16] = [
    "stt",
    "soDangKy",
    "ngayDangKy",
    "nksHoTen",
    "nksGioiTinh",
    "nksNgaySinh",
    "nksNoiSinh",
    "nksDanToc",
    "nksSoDinhDanh",
    "meHoTen",
    "meNamSinh",
    "meSoDinhDanh",
    "chaHoTen",
    "chaNamSinh",
    "nycHoTen",
    "nycQuanHe",
];

const IMPORT_FIELDS: [Option<&str>; 16] = [
    Some("stt"),
    None,
    None,
    Some("full_name"),
    Some("sex"),
    Some("dob"),
    None,
    None,
    Some("id"),
    Some("mother"),
    None,
    None,
    Some("father"),
    None,
    None,
    None,
];

fn import_row(i: usize, x: &Person) -> Vec<V> {
    vec![
        n((i + 1) as f64),
        s(format!("{}/2025", 100 + i)),
        s("05/11/2025"),
        s(&x.name),
        s(&x.sex),
        s(&x.dob),
        s("Trạm y tế xã Lộc Thạnh"),
        s("Kinh"),
        s(&x.id),
        s(&x.mother),
        s("1975"),
        s("070175000123"),
        s(&x.father),
        s("1972"),
        s(&x.father),
        s("Cha"),
    ]
}

/// The civil-status digitisation import template (one row of field keys, sometimes a row of
/// Vietnamese descriptions under it).
fn so_hoa_khai_sinh(p: &[Person]) -> Template {
    let mut b = SheetB::new("KhaiSinh");
    b.header(IMPORT_KEYS.iter().map(|k| s(*k)).collect());
    b.header(vec![
        s("Số thứ tự"),
        s("Số đăng ký"),
        s("Ngày đăng ký"),
        s("Họ, chữ đệm, tên người được khai sinh"),
        s("Giới tính"),
        s("Ngày, tháng, năm sinh"),
        s("Nơi sinh"),
        s("Dân tộc"),
        s("Số định danh cá nhân"),
        s("Họ, chữ đệm, tên mẹ"),
        s("Năm sinh của mẹ"),
        s("Số định danh của mẹ"),
        s("Họ, chữ đệm, tên cha"),
        s("Năm sinh của cha"),
        s("Họ tên người yêu cầu"),
        s("Quan hệ với người được khai sinh"),
    ]);
    for (i, x) in p.iter().skip(40).take(6).enumerate() {
        b.person(import_row(i, x), None);
    }
    b.columns(&IMPORT_FIELDS);
    Template {
        file: "t05-so-hoa-khai-sinh.xlsx",
        kind: "ho-tich",
        copies: "Mẫu tệp nhập dữ liệu số hóa sổ hộ tịch (khai sinh): dòng khóa trường kiểu camelCase (stt, soDangKy, nksHoTen, nksGioiTinh, nksNgaySinh, nksSoDinhDanh, meHoTen, meSoDinhDanh, chaHoTen, nycHoTen, …) và dòng diễn giải tiếng Việt bên dưới; nks = người được khai sinh, me = mẹ, cha = cha, nyc = người yêu cầu (người đi khai, không phải người được đối khớp).",
        sheets: vec![b],
        columns_toml: None,
    }
}

/// The same template exported by another system as CSV with snake_case keys, keys only.
fn so_hoa_khai_sinh_csv(p: &[Person]) -> Template {
    let mut b = SheetB::new("");
    let snake = |k: &str| {
        let mut out = String::new();
        for ch in k.chars() {
            if ch.is_ascii_uppercase() {
                out.push('_');
                out.push(ch.to_ascii_lowercase());
            } else {
                out.push(ch);
            }
        }
        out
    };
    b.header(IMPORT_KEYS.iter().map(|k| s(snake(k))).collect());
    for (i, x) in p.iter().skip(50).take(5).enumerate() {
        b.person(import_row(i, x), None);
    }
    b.columns(&IMPORT_FIELDS);
    Template {
        file: "t06-so-hoa-khai-sinh.csv",
        kind: "ho-tich",
        copies: "Cùng mẫu nhập số hóa khai sinh, xuất ra CSV với khóa snake_case (nks_ho_ten, nks_ngay_sinh, me_ho_ten, cha_ho_ten, nyc_ho_ten, …), không có dòng diễn giải.",
        sheets: vec![b],
        columns_toml: None,
    }
}

/// Sổ đăng ký khai sinh (Thông tư 04/2020/TT-BTP, sổ giấy): numbered columns, printed page by
/// page with the header repeated, "Sổ này có … trường hợp" at the end.
fn so_dang_ky_khai_sinh(p: &[Person]) -> Template {
    let mut b = SheetB::new("So khai sinh");
    b.title("SỔ ĐĂNG KÝ KHAI SINH", 12);
    b.title("Quyển số: 01/2025 — UBND xã Lộc Quang", 12);
    let header = vec![
        s("Số thứ tự"),
        s("Ngày, tháng, năm đăng ký"),
        s("Họ, chữ đệm, tên người được khai sinh"),
        s("Ngày, tháng, năm sinh"),
        s("Giới tính"),
        s("Nơi sinh"),
        s("Dân tộc"),
        s("Số định danh cá nhân"),
        s("Họ, chữ đệm, tên mẹ"),
        s("Họ, chữ đệm, tên cha"),
        s("Họ, chữ đệm, tên người đi khai sinh"),
        s("Người thực hiện (ký, ghi rõ họ tên)"),
    ];
    let numbering: Vec<V> = (1..=12).map(|i| s(format!("({i})"))).collect();
    b.header(header.clone());
    b.numbering(numbering.clone());
    let row = |i: usize, x: &Person| {
        vec![
            n((i + 1) as f64),
            s("10/11/2025"),
            s(&x.name),
            s(&x.dob),
            s(&x.sex),
            s("Bệnh viện đa khoa Đồng Nai"),
            s("Kinh"),
            s(&x.id),
            s(&x.mother),
            s(&x.father),
            s(&x.mother),
            s("Trần Thị Hoa"),
        ]
    };
    for (i, x) in p.iter().skip(60).take(3).enumerate() {
        b.person(row(i, x), None);
    }
    // Page 2: the header block printed again with its numbering row.
    b.push(header.clone(), "repeated_header");
    b.push(numbering.clone(), "repeated_header");
    for (i, x) in p.iter().skip(63).take(3).enumerate() {
        b.person(row(i + 3, x), None);
    }
    // Page 3: the numbering row alone.
    b.push(numbering, "repeated_header");
    for (i, x) in p.iter().skip(66).take(2).enumerate() {
        b.person(row(i + 6, x), None);
    }
    b.push(
        vec![s(
            "Sổ này có 08 trường hợp đăng ký khai sinh, từ số 01 đến số 08.",
        )],
        "note",
    );
    let r = b.push(
        vec![
            E,
            E,
            E,
            E,
            E,
            E,
            E,
            E,
            s("Lộc Quang, ngày 31 tháng 12 năm 2025"),
        ],
        "footer",
    );
    b.merge(r, 8, r, 11);
    b.push(vec![E, E, E, E, E, E, E, E, s("CHỦ TỊCH")], "footer");
    b.columns(&[
        Some("stt"),
        None,
        Some("full_name"),
        Some("dob"),
        Some("sex"),
        None,
        None,
        Some("id"),
        Some("mother"),
        Some("father"),
        None,
        None,
    ]);
    Template {
        file: "t07-so-dang-ky-khai-sinh.xlsx",
        kind: "ho-tich",
        copies: "Sổ đăng ký khai sinh (Thông tư 04/2020/TT-BTP): cột đánh số (1)…(12), \"Họ, chữ đệm, tên người được khai sinh\", mẹ, cha, \"người đi khai sinh\" và \"Người thực hiện (ký, ghi rõ họ tên)\" (người khác), in theo trang nên tiêu đề cột và dòng đánh số lặp lại (có trang chỉ lặp dòng đánh số), cuối sổ \"Sổ này có 08 trường hợp đăng ký khai sinh…\".",
        sheets: vec![b],
        columns_toml: None,
    }
}

/// Danh sách chi trả trợ cấp (payment list): hamlet sections with "Cộng thôn", "Tổng cộng",
/// the amount in words, signatures of the three who sign.
fn chi_tra(p: &[Person]) -> Template {
    let mut b = SheetB::new("Chi tra T11");
    b.unit_and_motto("UBND XÃ LỘC THẠNH", 9);
    b.title("DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG 11 NĂM 2025", 9);
    let h1 = b.header(vec![
        s("STT"),
        s("Họ và tên"),
        s("Năm sinh"),
        s("Số CCCD"),
        s("Địa chỉ"),
        s("Số tiền được hưởng"),
        E,
        E,
        s("Ký nhận"),
    ]);
    let h2 = b.header(vec![
        E,
        E,
        E,
        E,
        E,
        s("Mức trợ cấp"),
        s("Số tháng"),
        s("Thành tiền"),
        E,
    ]);
    for c in [0u16, 1, 2, 3, 4, 8] {
        b.merge(h1, c, h2, c);
    }
    b.merge(h1, 5, h1, 7);
    b.numbering(vec![
        s("A"),
        s("B"),
        s("1"),
        s("2"),
        s("3"),
        s("4"),
        s("5"),
        s("6=4x5"),
        s("7"),
    ]);
    let mut k = 80;
    let mut stt = 0;
    for hamlet in ["Thôn Bình An", "Thôn Tân Phú"] {
        let r = b.push(vec![s(hamlet)], "subheader");
        b.merge(r, 0, r, 8);
        for _ in 0..3 {
            let x = &p[k];
            k += 1;
            stt += 1;
            b.person(
                vec![
                    n(stt as f64),
                    s(&x.name),
                    s(x.year()),
                    s(&x.id),
                    s(&x.address),
                    n(500000.0),
                    n(1.0),
                    n(500000.0),
                    E,
                ],
                Some(hamlet),
            );
        }
        b.push(
            vec![
                s(format!("Cộng {hamlet}")),
                E,
                E,
                E,
                E,
                E,
                E,
                n(1_500_000.0),
                E,
            ],
            "total",
        );
    }
    b.push(
        vec![s("Tổng cộng"), E, E, E, E, E, E, n(3_000_000.0), E],
        "total",
    );
    let r = b.push(vec![s("(Số tiền bằng chữ: Ba triệu đồng chẵn./.)")], "note");
    b.merge(r, 0, r, 8);
    footer_signatures(&mut b, "Lộc Thạnh", 9);
    b.push(
        vec![E, s("Nguyễn Thị Mai"), E, E, E, s("Trần Văn Bình")],
        "footer",
    );
    b.columns(&[
        Some("stt"),
        Some("full_name"),
        Some("dob"),
        Some("id"),
        Some("address"),
        None,
        None,
        None,
        None,
    ]);
    Template {
        file: "t08-chi-tra-tro-cap.xlsx",
        kind: "bao-tro-xa-hoi",
        copies: "Danh sách chi trả trợ cấp xã hội hằng tháng: tiêu đề hai dòng (\"Số tiền được hưởng\" gộp trên mức trợ cấp | số tháng | thành tiền), dòng đánh số \"A B 1 2 … 6=4x5 7\", mục theo thôn (ô gộp cả dòng) với \"Cộng Thôn …\", \"Tổng cộng\", \"(Số tiền bằng chữ: …)\", chữ ký người lập biểu, kế toán, chủ tịch và tên người ký.",
        sheets: vec![b],
        columns_toml: None,
    }
}

/// A list exported page by page: the merged two-level numbered header repeated after every
/// page, once without its numbering row and once with other merges.
fn tieu_de_lap_lai(p: &[Person]) -> Template {
    let mut b = SheetB::new("DS");
    b.title("DANH SÁCH HỘ CẬN NGHÈO NĂM 2025 — XÃ LỘC QUANG", 7);
    let top = vec![
        s("STT"),
        s("Họ và tên chủ hộ"),
        s("Năm sinh"),
        E,
        s("Số CCCD"),
        s("Thôn/ấp"),
        s("Ghi chú"),
    ];
    let low = vec![E, E, s("Nam"), s("Nữ"), E, E, E];
    let numbering: Vec<V> = (1..=7).map(|i| s(i.to_string())).collect();
    let header = |b: &mut SheetB, role: Option<&'static str>, merged: bool| {
        let (r1, r2) = match role {
            None => (b.header(top.clone()), b.header(low.clone())),
            Some(role) => (b.push(top.clone(), role), b.push(low.clone(), role)),
        };
        if merged {
            for c in [0u16, 1, 4, 5, 6] {
                b.merge(r1, c, r2, c);
            }
            b.merge(r1, 2, r1, 3);
        }
    };
    header(&mut b, None, true);
    b.numbering(numbering.clone());
    let mut k = 120;
    let mut stt = 0;
    let mut page = |b: &mut SheetB, rows: usize| {
        for _ in 0..rows {
            let x = &p[k];
            k += 1;
            stt += 1;
            let (m, f) = if x.female() {
                (E, s(x.year()))
            } else {
                (s(x.year()), E)
            };
            b.person(
                vec![n(stt as f64), s(&x.name), m, f, s(&x.id), s("Ấp 2"), E],
                None,
            );
        }
    };
    page(&mut b, 3);
    header(&mut b, Some("repeated_header"), true);
    b.push(numbering.clone(), "repeated_header");
    page(&mut b, 3);
    // Without the numbering row, and without merges (retyped).
    header(&mut b, Some("repeated_header"), false);
    page(&mut b, 3);
    b.push(vec![s("Tổng cộng: 9 hộ")], "total");
    b.columns(&[
        Some("stt"),
        Some("full_name"),
        Some("dob_male"),
        Some("dob_female"),
        Some("id"),
        Some("hamlet"),
        Some("note"),
    ]);
    Template {
        file: "t09-tieu-de-lap-lai.xlsx",
        kind: "ho-ngheo",
        copies: "Danh sách xuất theo trang: khối tiêu đề cột hai dòng gộp ô (năm sinh Nam | Nữ) và dòng đánh số 1…7 lặp lại sau mỗi trang — lần thứ hai có dòng đánh số, lần thứ ba không có và không gộp ô (gõ lại).",
        sheets: vec![b],
        columns_toml: None,
    }
}

/// A workbook with the list and a summary sheet of counts by commune.
fn danh_sach_va_tong_hop(p: &[Person]) -> Template {
    let mut a = SheetB::new("Danh sách");
    a.title("DANH SÁCH NGƯỜI CAO TUỔI HƯỞNG TRỢ CẤP XÃ HỘI", 6);
    a.header(vec![
        s("STT"),
        s("Họ và tên"),
        s("Ngày sinh"),
        s("Giới tính"),
        s("Số định danh cá nhân"),
        s("Xã/phường"),
    ]);
    for (i, x) in p.iter().skip(140).take(5).enumerate() {
        a.person(
            vec![
                n((i + 1) as f64),
                s(&x.name),
                s(&x.dob),
                s(&x.sex),
                s(&x.id),
                s("Xã Lộc Thạnh"),
            ],
            None,
        );
    }
    a.columns(&[
        Some("stt"),
        Some("full_name"),
        Some("dob"),
        Some("sex"),
        Some("id"),
        Some("commune"),
    ]);
    let mut t = SheetB::new("Tổng hợp");
    t.title("BIỂU TỔNG HỢP SỐ ĐỐI TƯỢNG THEO XÃ, PHƯỜNG", 7);
    t.push(
        vec![
            s("STT"),
            s("Tên xã, phường"),
            s("Người cao tuổi"),
            s("Người khuyết tật"),
            s("Tổng số"),
            s("Kinh phí (đồng)"),
            s("Ngày tổng hợp"),
        ],
        "header",
    );
    for (i, x) in ["Xã Lộc Thạnh", "Xã Lộc Quang", "Phường Bình Long"]
        .iter()
        .enumerate()
    {
        t.push(
            vec![
                n((i + 1) as f64),
                s(*x),
                n(12.0 + i as f64),
                n(3.0),
                n(15.0 + i as f64),
                n(112_500_000.0 + 7_500_000.0 * i as f64),
                s("30/11/2025"),
            ],
            "row",
        );
    }
    t.push(
        vec![
            E,
            s("Tổng cộng"),
            n(39.0),
            n(9.0),
            n(48.0),
            n(360_000_000.0),
            E,
        ],
        "total",
    );
    t.push(vec![E, s("Người lập biểu")], "footer");
    t.skipped_reason = Some("tổng hợp");
    let mut u = SheetB::new("Sheet3");
    u.title("BIỂU TỔNG HỢP KẾT QUẢ RÀ SOÁT", 4);
    u.push(
        vec![s("TT"), s("Đơn vị"), s("Số người"), s("Tỷ lệ (%)")],
        "header",
    );
    u.push(vec![n(1.0), s("Thôn 1"), n(25.0), n(52.1)], "row");
    u.push(vec![n(2.0), s("Thôn 2"), n(23.0), n(47.9)], "row");
    u.skipped_reason = Some("tổng hợp");
    Template {
        file: "t10-danh-sach-va-tong-hop.xlsx",
        kind: "bao-tro-xa-hoi",
        copies: "Sổ làm việc có danh sách và sheet \"Tổng hợp\" (số đối tượng theo xã, phường: \"Tên xã, phường\", các cột số lượng, \"Tổng cộng\", \"Người lập biểu\") cùng sheet \"Sheet3\" tên mặc định chứa \"BIỂU TỔNG HỢP KẾT QUẢ RÀ SOÁT\" theo thôn: hai sheet tổng hợp được bỏ qua có lý do, danh sách vẫn được đối khớp.",
        sheets: vec![a, t, u],
        columns_toml: None,
    }
}

/// Headers nobody's synonyms know: read with `<stem>.columns.toml` beside the file.
fn tieu_de_la(p: &[Person]) -> Template {
    let mut b = SheetB::new("Danh sach");
    b.title("DANH SÁCH ĐỀ NGHỊ CẤP THẺ BẢO HIỂM Y TẾ", 5);
    b.header(vec![
        s("Thứ tự"),
        s("Người thụ hưởng"),
        s("Sinh"),
        s("Mã số công dân"),
        s("Nơi ở"),
    ]);
    for (i, x) in p.iter().skip(160).take(5).enumerate() {
        b.person(
            vec![
                n((i + 1) as f64),
                s(&x.name),
                s(&x.dob),
                s(&x.id),
                s(&x.address),
            ],
            None,
        );
    }
    b.columns(&[
        None,
        Some("full_name"),
        Some("dob"),
        Some("id"),
        Some("address"),
    ]);
    Template {
        file: "t11-tieu-de-la.xlsx",
        kind: "bao-tro-xa-hoi",
        copies: "Danh sách với tiêu đề cột lạ (\"Người thụ hưởng\", \"Sinh\", \"Mã số công dân\", \"Nơi ở\"): không nhận ra được, người dùng chỉ rõ cột trong t11-tieu-de-la.columns.toml đặt cạnh tệp (cột theo chữ cái và theo tiêu đề).",
        sheets: vec![b],
        columns_toml: Some(
            "# Cột của danh sách t11-tieu-de-la.xlsx (xem README: --columns)\nname = \"B\"\ndob = \"Sinh\"\nid = \"D\"\naddress = \"E\"\n",
        ),
    }
}

pub fn templates(p: &[Person]) -> Vec<Template> {
    vec![
        so_dia_chinh(p),
        ho_ngheo_phu_luc(p),
        tro_cap_nd20(p),
        chu_ho_ca_nhan(p),
        so_hoa_khai_sinh(p),
        so_hoa_khai_sinh_csv(p),
        so_dang_ky_khai_sinh(p),
        chi_tra(p),
        tieu_de_lap_lai(p),
        danh_sach_va_tong_hop(p),
        tieu_de_la(p),
    ]
}

// ---------------------------------------------------------------------------------------------
// writing

fn write_xlsx(path: &Path, t: &Template) {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 11, 20).unwrap();
    wb.set_properties(
        &DocProperties::new()
            .set_title(t.file)
            .set_author("doikhop tests/it/templates")
            .set_creation_datetime(&created),
    );
    let fmt = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    for sh in &t.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sh.name).unwrap();
        for (c, w) in sh.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w).unwrap();
        }
        let covered = |r: u32, c: u16| {
            sh.merges
                .iter()
                .find(|m| r >= m.0 && r <= m.2 && c >= m.1 && c <= m.3)
        };
        for (r, row) in sh.rows.iter().enumerate() {
            let r = r as u32;
            for (c, v) in row.iter().enumerate() {
                let c = c as u16;
                if let Some(m) = covered(r, c) {
                    if (m.0, m.1) == (r, c) {
                        ws.merge_range(m.0, m.1, m.2, m.3, &v.text(), &fmt).unwrap();
                        if let V::N(f) = v {
                            ws.write_number_with_format(r, c, *f, &fmt).unwrap();
                        }
                    }
                    continue;
                }
                match v {
                    V::S(x) => {
                        ws.write_string_with_format(r, c, x, &fmt).unwrap();
                    }
                    V::N(f) => {
                        ws.write_number_with_format(r, c, *f, &fmt).unwrap();
                    }
                    V::E => {}
                }
            }
        }
        // A merge whose top-left cell lies beyond the row's cells (a blank merged area).
        for m in &sh.merges {
            let row_len = sh.rows.get(m.0 as usize).map_or(0, |r| r.len());
            if m.1 as usize >= row_len {
                ws.merge_range(m.0, m.1, m.2, m.3, "", &fmt).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

fn write_csv(path: &Path, t: &Template) {
    let mut w = csv::Writer::from_path(path).unwrap();
    for row in &t.sheets[0].rows {
        w.write_record(row.iter().map(V::text)).unwrap();
    }
    w.flush().unwrap();
}

/// Write every template and `expected.json` into `dir`; returns the file names written.
pub fn write_corpus(dir: &Path, residents_csv: &Path) -> Vec<String> {
    std::fs::create_dir_all(dir).unwrap();
    let p = people(residents_csv);
    let all = templates(&p);
    let mut names = Vec::new();
    for t in &all {
        let path = dir.join(t.file);
        if t.file.ends_with(".csv") {
            write_csv(&path, t);
        } else {
            write_xlsx(&path, t);
        }
        names.push(t.file.to_string());
        if let Some(toml) = t.columns_toml {
            let stem = t.file.rsplit_once('.').unwrap().0;
            let name = format!("{stem}.columns.toml");
            std::fs::write(dir.join(&name), toml).unwrap();
            names.push(name);
        }
    }
    let expected: Vec<Value> = all.iter().map(Template::expected).collect();
    let text = serde_json::to_string_pretty(&expected).unwrap() + "\n";
    std::fs::write(dir.join("expected.json"), text).unwrap();
    names.push("expected.json".into());
    names
}
