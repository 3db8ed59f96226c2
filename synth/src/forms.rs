//! How each list looks on paper: the unit block, national motto, merged title, a merged
//! two-row header, the numbering row, grouped data with sub-headers and stray blank rows,
//! the total row, the date line and the signature block (DOMAIN.md §6).

use doikhop::fields::sex::Sex;
use doikhop::text::legacy::{encode_tcvn3, encode_tcvn3_upper_font, encode_vni};

use super::lists::{DobOut, Entry, IdOut, Kind, KindData, NameEnc};
use super::people::random_name;
use super::rng::Rng;
use super::sheet::{Role, Row, Sheet, Style, Val};
use super::tables::TABLES;

enum Col {
    Single(&'static str),
    Group(&'static str, Vec<&'static str>),
}

struct Template {
    sheet_name: String,
    unit1: String,
    unit2: String,
    title: String,
    subtitle: String,
    cols: Vec<Col>,
    widths: Vec<f64>,
    plain_numbering: bool,
    date_line: String,
    sign: [(&'static str, &'static str); 2],
}

impl Template {
    fn ncols(&self) -> u16 {
        self.cols
            .iter()
            .map(|c| match c {
                Col::Single(_) => 1,
                Col::Group(_, subs) => subs.len() as u16,
            })
            .sum()
    }
}

fn upper(s: &str) -> String {
    s.to_uppercase()
}

fn roman(n: usize) -> String {
    const R: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    R.get(n.saturating_sub(1))
        .map_or_else(|| n.to_string(), |s| (*s).to_string())
}

/// Title block, header and numbering rows.
fn top(t: &Template) -> Vec<Row> {
    let n = t.ncols();
    let left_last = (n / 2).saturating_sub(1).max(1);
    let right_first = left_last + 1;
    let last = n - 1;
    let mut rows = Vec::new();
    let mut r = Row::new(Role::Title);
    r.merged(0, left_last, 0, t.unit1.clone(), Style::UnitBold);
    r.merged(
        right_first,
        last,
        0,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        Style::UnitBold,
    );
    rows.push(r);
    let mut r = Row::new(Role::Title);
    r.merged(0, left_last, 0, t.unit2.clone(), Style::UnitBold);
    r.merged(
        right_first,
        last,
        0,
        "Độc lập - Tự do - Hạnh phúc",
        Style::Motto,
    );
    rows.push(r);
    rows.push(Row::new(Role::Blank));
    let mut r = Row::new(Role::Title);
    r.merged(0, last, 0, t.title.clone(), Style::Title);
    rows.push(r);
    let mut r = Row::new(Role::Title);
    r.merged(0, last, 0, t.subtitle.clone(), Style::Italic);
    rows.push(r);
    rows.push(Row::new(Role::Blank));
    // merged two-row header
    let mut h1 = Row::new(Role::Header);
    let mut h2 = Row::new(Role::Header);
    let mut c: u16 = 0;
    for col in &t.cols {
        match col {
            Col::Single(s) => {
                h1.merged(c, c, 1, *s, Style::Header);
                c += 1;
            }
            Col::Group(g, subs) => {
                let k = subs.len() as u16;
                h1.merged(c, c + k - 1, 0, *g, Style::Header);
                for (j, s) in subs.iter().enumerate() {
                    h2.text(c + j as u16, *s, Style::Header);
                }
                c += k;
            }
        }
    }
    rows.push(h1);
    rows.push(h2);
    let mut num = Row::new(Role::Numbering);
    for i in 0..n {
        if t.plain_numbering {
            num.put(i, Val::Num(f64::from(i + 1)), Style::DataCenter);
        } else {
            num.text(i, format!("({})", i + 1), Style::DataCenter);
        }
    }
    rows.push(num);
    rows
}

fn bottom(t: &Template, rng: &mut Rng) -> Vec<Row> {
    let n = t.ncols();
    let left_last = (n / 2).saturating_sub(1).max(1);
    let right_first = left_last + 1;
    let last = n - 1;
    let mut rows = vec![Row::new(Role::Blank)];
    let mut r = Row::new(Role::DateLine);
    r.merged(right_first, last, 0, t.date_line.clone(), Style::SignItalic);
    rows.push(r);
    let mut r = Row::new(Role::Signature);
    r.merged(0, left_last, 0, t.sign[0].0, Style::SignBold);
    r.merged(right_first, last, 0, t.sign[0].1, Style::SignBold);
    rows.push(r);
    let mut r = Row::new(Role::Signature);
    r.merged(0, left_last, 0, t.sign[1].0, Style::SignItalic);
    r.merged(right_first, last, 0, t.sign[1].1, Style::SignBold);
    rows.push(r);
    for _ in 0..3 {
        rows.push(Row::new(Role::Blank));
    }
    let a = random_name(rng, &TABLES, Sex::Female, 1985, None).full();
    let b = random_name(rng, &TABLES, Sex::Male, 1970, None).full();
    let mut r = Row::new(Role::Signature);
    r.merged(0, left_last, 0, a, Style::SignBold);
    r.merged(right_first, last, 0, b, Style::SignBold);
    rows.push(r);
    rows
}

fn dob_val(d: &DobOut) -> (Val, Style) {
    match d {
        DobOut::Text(s) => (Val::Text(s.clone()), Style::DataCenter),
        DobOut::Date(d) => (Val::Date(*d), Style::DataDate),
        DobOut::Year(y) => (Val::Num(f64::from(*y)), Style::DataCenter),
        DobOut::YearText(y) => (Val::Text(y.to_string()), Style::DataCenter),
    }
}

fn id_val(id: &IdOut) -> (Val, Style) {
    match id {
        IdOut::Text(s) => (Val::Text(s.clone()), Style::DataCenter),
        IdOut::Number(x) => (Val::Num(*x), Style::DataIdNumber),
        IdOut::Empty => (Val::Empty, Style::Data),
    }
}

/// Name cell of an entry; `tcvn3`: the sheet is typed in TCVN3.
/// Returns the value, its style and a scenario note.
fn name_val(e: &Entry, tcvn3: bool) -> (Val, Style, Option<&'static str>) {
    if tcvn3 {
        if e.caps {
            let s = encode_tcvn3_upper_font(&e.name);
            return (Val::Text(s), Style::Tcvn3Upper, Some("name_tcvn3_upper"));
        }
        let s = encode_tcvn3(&e.name);
        let note = (s != e.name).then_some("name_tcvn3");
        return (Val::Text(s), Style::Tcvn3, note);
    }
    match e.enc {
        NameEnc::Vni => (Val::Text(encode_vni(&e.name)), Style::Vni, None),
        NameEnc::Unicode => (Val::Text(e.name.clone()), Style::Data, None),
    }
}

fn template(kind: Kind, sheet: usize) -> Template {
    let area = &TABLES.area;
    match kind {
        Kind::HoNgheo => {
            let near_poor = sheet == 1;
            Template {
                sheet_name: if near_poor {
                    "Hộ cận nghèo"
                } else {
                    "Hộ nghèo"
                }
                .into(),
                unit1: String::new(),
                unit2: "BAN CHỈ ĐẠO GIẢM NGHÈO".into(),
                title: if near_poor {
                    "DANH SÁCH HỘ CẬN NGHÈO NĂM 2025"
                } else {
                    "DANH SÁCH HỘ NGHÈO NĂM 2025"
                }
                .into(),
                subtitle: String::new(),
                cols: vec![
                    Col::Single("STT"),
                    Col::Single(if near_poor {
                        "Họ tên chủ hộ"
                    } else {
                        "Họ và tên chủ hộ"
                    }),
                    Col::Group("Năm sinh", vec!["Nam", "Nữ"]),
                    Col::Single(if near_poor {
                        "Số định danh cá nhân"
                    } else {
                        "Số CCCD"
                    }),
                    Col::Single(if near_poor { "Ấp" } else { "Thôn/ấp" }),
                    Col::Single(if near_poor {
                        "Số khẩu"
                    } else {
                        "Số nhân khẩu"
                    }),
                    Col::Single(if near_poor {
                        "Phân loại hộ"
                    } else {
                        "Phân loại"
                    }),
                    Col::Single("Ghi chú"),
                ],
                widths: vec![6.0, 28.0, 8.0, 8.0, 16.0, 12.0, 10.0, 12.0, 20.0],
                plain_numbering: false,
                date_line: String::new(),
                sign: [
                    ("NGƯỜI LẬP BIỂU", "TM. ỦY BAN NHÂN DÂN"),
                    ("(Ký, ghi rõ họ tên)", "CHỦ TỊCH"),
                ],
            }
        }
        Kind::BaoTro | Kind::BaoTroCsv => Template {
            sheet_name: "DS chi trả T6-2025".into(),
            unit1: format!("UBND {}", upper(&area.old_district)),
            unit2: "PHÒNG LAO ĐỘNG - TB&XH".into(),
            title: "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI HÀNG THÁNG - THÁNG 6 NĂM 2025".into(),
            subtitle: format!(
                "(Kèm theo Quyết định số 1187/QĐ-UBND ngày 28/5/2025 của UBND {})",
                lower_first(&area.old_district)
            ),
            cols: vec![
                Col::Single("STT"),
                Col::Single("Họ và tên"),
                Col::Single("Ngày tháng năm sinh"),
                Col::Single("Giới tính"),
                Col::Single("Số CCCD/CMND"),
                Col::Single("Địa chỉ (thôn, xã)"),
                Col::Group(
                    "Chế độ trợ cấp",
                    vec!["Đối tượng (Điều 5 NĐ 20/2021/NĐ-CP)", "Mức hưởng (đồng)"],
                ),
                Col::Single("Ký nhận"),
            ],
            widths: vec![6.0, 26.0, 14.0, 8.0, 16.0, 26.0, 18.0, 14.0, 12.0],
            plain_numbering: false,
            date_line: format!("{}, ngày 10 tháng 6 năm 2025", short(&area.old_district)),
            sign: [
                ("NGƯỜI LẬP BIỂU", "KT. TRƯỞNG PHÒNG"),
                ("(Ký, ghi rõ họ tên)", "PHÓ TRƯỞNG PHÒNG"),
            ],
        },
        Kind::NguoiCoCong => Template {
            sheet_name: "NCC 2025".into(),
            unit1: format!("UBND {}", upper(&area.old_district)),
            unit2: "PHÒNG LAO ĐỘNG - TB&XH".into(),
            title: "DANH SÁCH NGƯỜI CÓ CÔNG VỚI CÁCH MẠNG HƯỞNG TRỢ CẤP ƯU ĐÃI HÀNG THÁNG NĂM 2025"
                .into(),
            subtitle: format!(
                "(Kèm theo Quyết định số 842/QĐ-UBND ngày 06/5/2025 của UBND {})",
                lower_first(&area.old_district)
            ),
            cols: vec![
                Col::Single("STT"),
                Col::Single("Họ và tên"),
                Col::Single("Năm sinh"),
                Col::Single("Giới tính"),
                Col::Single("Quê quán"),
                Col::Single("Số CCCD"),
                Col::Group(
                    "Chế độ ưu đãi",
                    vec!["Diện hưởng", "Số hồ sơ", "Mức trợ cấp (đồng)"],
                ),
            ],
            widths: vec![6.0, 26.0, 9.0, 8.0, 16.0, 16.0, 24.0, 14.0, 14.0],
            plain_numbering: false,
            date_line: format!("{}, ngày 20 tháng 5 năm 2025", short(&area.old_district)),
            sign: [
                ("NGƯỜI LẬP BIỂU", "TRƯỞNG PHÒNG"),
                ("(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"),
            ],
        },
        Kind::DatDai => Template {
            sheet_name: "Cấp GCN 2024".into(),
            unit1: format!("UBND {}", upper(&area.old_district)),
            unit2: format!(
                "CHI NHÁNH VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI {}",
                upper(&area.old_district).replacen("HUYỆN ", "", 1)
            ),
            title: "DANH SÁCH CẤP GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT NĂM 2024".into(),
            subtitle: format!(
                "(Kèm theo Quyết định số 356/QĐ-UBND ngày 18/11/2024 của UBND {})",
                lower_first(&area.old_district)
            ),
            cols: vec![
                Col::Single("STT"),
                Col::Group(
                    "Người sử dụng đất",
                    vec!["Họ và tên", "Năm sinh", "Số CMND/CCCD"],
                ),
                Col::Single("Địa chỉ thường trú"),
                Col::Group("Thửa đất", vec!["Số tờ", "Số thửa", "Diện tích (m²)"]),
                Col::Single("Mục đích sử dụng"),
                Col::Single("Số phát hành GCN"),
            ],
            widths: vec![6.0, 34.0, 9.0, 15.0, 34.0, 7.0, 8.0, 12.0, 11.0, 14.0],
            plain_numbering: false,
            date_line: format!("{}, ngày 25 tháng 11 năm 2024", short(&area.old_district)),
            sign: [
                ("NGƯỜI LẬP BIỂU", "GIÁM ĐỐC"),
                ("(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"),
            ],
        },
        Kind::HoTich => Template {
            sheet_name: "Khai sinh".into(),
            unit1: format!("UBND {}", upper(&area.old_district)),
            unit2: "PHÒNG TƯ PHÁP".into(),
            title: "DANH SÁCH ĐĂNG KÝ KHAI SINH ĐÃ SỐ HÓA (2010 - 2025)".into(),
            subtitle: format!(
                "(Kèm theo Kế hoạch số 87/KH-UBND ngày 03/3/2025 của UBND {})",
                lower_first(&area.old_district)
            ),
            cols: vec![
                Col::Single("STT"),
                Col::Single("Số đăng ký"),
                Col::Single("Ngày đăng ký"),
                Col::Group(
                    "Người được khai sinh",
                    vec![
                        "Họ, chữ đệm, tên",
                        "Ngày sinh",
                        "Giới tính",
                        "Nơi sinh",
                        "Dân tộc",
                    ],
                ),
                Col::Group("Cha, mẹ", vec!["Họ tên cha", "Họ tên mẹ"]),
                Col::Single("Số định danh cá nhân"),
            ],
            widths: vec![
                6.0, 10.0, 12.0, 26.0, 12.0, 8.0, 30.0, 8.0, 24.0, 24.0, 16.0,
            ],
            plain_numbering: true,
            date_line: format!("{}, ngày 30 tháng 9 năm 2025", short(&area.old_district)),
            sign: [
                ("NGƯỜI LẬP BIỂU", "TRƯỞNG PHÒNG"),
                ("(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"),
            ],
        },
    }
}

fn short(s: &str) -> &str {
    super::tables::strip_unit(s)
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Sub-header text of a group.
fn subheader(kind: Kind, group: u32, ordinal: usize, ncols: u16) -> Row {
    let mut r = Row::new(Role::SubHeader);
    let area = &TABLES.area;
    let last = ncols - 1;
    match kind {
        Kind::HoNgheo => {
            let name = area
                .old_communes
                .get(group as usize)
                .map_or(String::new(), |o| o.name.clone());
            r.text(0, roman(ordinal), Style::SubHeader);
            r.merged(
                1,
                last,
                0,
                format!("{} (CŨ)", upper(&name)),
                Style::SubHeader,
            );
        }
        Kind::BaoTro | Kind::BaoTroCsv => {
            let label = match group {
                0 => "NGƯỜI CAO TUỔI (Khoản 5 Điều 5)",
                1 => "NGƯỜI KHUYẾT TẬT (Khoản 6 Điều 5)",
                _ => "TRẺ EM CÓ HOÀN CẢNH ĐẶC BIỆT (Khoản 1 Điều 5)",
            };
            r.text(0, roman(ordinal), Style::SubHeader);
            r.merged(1, last, 0, label, Style::SubHeader);
        }
        Kind::NguoiCoCong => {
            let label = match group {
                0 => "THƯƠNG BINH",
                1 => "BỆNH BINH",
                2 => "THÂN NHÂN LIỆT SĨ",
                _ => "NGƯỜI HOẠT ĐỘNG KHÁNG CHIẾN BỊ NHIỄM CHẤT ĐỘC HÓA HỌC",
            };
            r.merged(
                0,
                last,
                0,
                format!("{}. {label}", roman(ordinal)),
                Style::SubHeader,
            );
        }
        Kind::DatDai => {
            let name = area
                .old_communes
                .get(group as usize)
                .map_or(String::new(), |o| o.name.clone());
            r.merged(0, last, 0, name, Style::SubHeader);
        }
        Kind::HoTich => {
            r.merged(0, last, 0, format!("Năm {group}"), Style::SubHeader);
        }
    }
    r
}

/// One person row. `notes` collects scenario notes decided here (legacy sheet encoding).
fn person_row(
    kind: Kind,
    e: &Entry,
    k: usize,
    stt: usize,
    tcvn3: bool,
    reg_no: &str,
    notes: &mut Vec<&'static str>,
) -> Row {
    let mut r = Row::new(Role::Person(k));
    r.put(0, Val::Num(stt as f64), Style::DataCenter);
    let (nv, ns, note) = name_val(e, tcvn3);
    if let Some(n) = note {
        notes.push(n);
    }
    let (dv, ds) = dob_val(&e.dob);
    let (iv, is) = id_val(&e.id);
    let sex = Val::Text(e.sex_text.clone());
    match (&e.data, kind) {
        (KindData::HoNgheo { size, note }, _) => {
            r.put(1, nv, ns);
            let col = if e.sex == Sex::Male { 2 } else { 3 };
            r.put(col, dv, ds);
            r.put(4, iv, is);
            let hamlet = e.subject.hamlet_label();
            if tcvn3 {
                r.text(5, encode_tcvn3(&hamlet), Style::Tcvn3);
            } else {
                r.text(5, hamlet, Style::Data);
            }
            r.put(6, Val::Num(*size as f64), Style::DataCenter);
            r.text(
                7,
                if e.sheet == 1 {
                    "Cận nghèo"
                } else {
                    "Nghèo"
                },
                Style::DataCenter,
            );
            r.text(8, *note, Style::Data);
        }
        (KindData::BaoTro { doi_tuong, amount }, _) => {
            r.put(1, nv, ns);
            r.put(2, dv, ds);
            r.put(3, sex, Style::DataCenter);
            r.put(4, iv, is);
            r.text(5, e.subject.old_address(), Style::Data);
            r.text(6, *doi_tuong, Style::Data);
            r.put(7, Val::Num(*amount), Style::DataMoney);
        }
        (
            KindData::Ncc {
                dien,
                ho_so,
                amount,
            },
            _,
        ) => {
            r.put(1, nv, ns);
            r.put(2, dv, ds);
            r.put(3, sex, Style::DataCenter);
            let que = match TABLES.province_name(e.subject.ppp) {
                Some(p) if e.subject.ppp == "070" => {
                    format!("{}, {}", short(&TABLES.area.old_district), p)
                }
                Some(p) => p.to_string(),
                None => String::new(),
            };
            r.text(4, que, Style::Data);
            r.put(5, iv, is);
            r.text(6, *dien, Style::Data);
            r.text(7, ho_so.clone(), Style::DataCenter);
            r.put(8, Val::Num(*amount), Style::DataMoney);
        }
        (
            KindData::DatDai {
                to,
                thua,
                area,
                purpose,
                gcn,
                address,
            },
            _,
        ) => {
            r.put(1, nv, ns);
            r.put(2, dv, ds);
            r.put(3, iv, is);
            r.text(4, address.clone(), Style::Data);
            r.put(5, Val::Num(f64::from(*to)), Style::DataCenter);
            r.put(6, Val::Num(f64::from(*thua)), Style::DataCenter);
            r.put(7, Val::Num(*area), Style::Data);
            r.text(8, *purpose, Style::DataCenter);
            r.text(9, gcn.clone(), Style::DataCenter);
        }
        (KindData::HoTich { reg, place, ethnic }, _) => {
            r.text(1, reg_no, Style::DataCenter);
            r.text(2, reg.ddmmyyyy(), Style::DataCenter);
            r.put(3, nv, ns);
            r.put(4, dv, ds);
            r.put(5, sex, Style::DataCenter);
            r.text(6, place.clone(), Style::Data);
            r.text(7, *ethnic, Style::DataCenter);
            let (f, m) = if e.caps {
                (
                    e.subject.father.to_uppercase(),
                    e.subject.mother.to_uppercase(),
                )
            } else {
                (e.subject.father.clone(), e.subject.mother.clone())
            };
            r.text(8, f, Style::Data);
            r.text(9, m, Style::Data);
            r.put(10, iv, is);
        }
    }
    r
}

fn total_row(kind: Kind, entries: &[&Entry], ncols: u16) -> Row {
    let n = entries.len();
    let mut r = Row::new(Role::Total);
    debug_assert!(ncols > 2);
    match kind {
        Kind::HoNgheo => {
            r.merged(0, 1, 0, format!("Tổng cộng: {n} hộ"), Style::Total);
            let sum: usize = entries
                .iter()
                .map(|e| match e.data {
                    KindData::HoNgheo { size, .. } => size,
                    _ => 0,
                })
                .sum();
            r.put(6, Val::Num(sum as f64), Style::Total);
        }
        Kind::BaoTro | Kind::BaoTroCsv => {
            r.text(1, "Cộng", Style::Total);
            r.text(2, format!("{n} người"), Style::Total);
            let sum: f64 = entries
                .iter()
                .map(|e| match e.data {
                    KindData::BaoTro { amount, .. } => amount,
                    _ => 0.0,
                })
                .sum();
            r.put(7, Val::Num(sum), Style::TotalMoney);
        }
        Kind::NguoiCoCong => {
            r.merged(0, 1, 0, "Tổng cộng", Style::Total);
            r.text(2, format!("{n} người"), Style::Total);
            let sum: f64 = entries
                .iter()
                .map(|e| match e.data {
                    KindData::Ncc { amount, .. } => amount,
                    _ => 0.0,
                })
                .sum();
            r.put(8, Val::Num(sum), Style::TotalMoney);
        }
        Kind::DatDai => {
            r.merged(0, 1, 0, format!("Tổng cộng: {n} thửa"), Style::Total);
            let sum: f64 = entries
                .iter()
                .map(|e| match e.data {
                    KindData::DatDai { area, .. } => area,
                    _ => 0.0,
                })
                .sum();
            r.put(7, Val::Num((sum * 10.0).round() / 10.0), Style::Total);
        }
        Kind::HoTich => {
            r.merged(0, 2, 0, format!("Tổng số: {n} trường hợp"), Style::Total);
        }
    }
    r
}

/// Person-row position of each entry: (sheet index, 1-based row).
pub type Positions = Vec<(usize, usize)>;

/// Lay the entries out as sheets. Returns the sheets, where each entry landed, and notes
/// (scenario tokens) per entry decided at layout time.
pub fn render(
    kind: Kind,
    entries: &[Entry],
    rng: &mut Rng,
) -> (Vec<Sheet>, Positions, Vec<Vec<&'static str>>) {
    let mut notes: Vec<Vec<&'static str>> = vec![Vec::new(); entries.len()];
    let mut pos: Positions = vec![(0, 0); entries.len()];
    if kind.is_csv() {
        let mut rows = Vec::new();
        let mut h = Row::new(Role::Header);
        for (c, s) in [
            "STT",
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Số CCCD",
            "Địa chỉ",
            "Đối tượng",
            "Mức hưởng",
        ]
        .iter()
        .enumerate()
        {
            h.text(c as u16, *s, Style::Header);
        }
        rows.push(h);
        for (k, e) in entries.iter().enumerate() {
            let row = person_row(kind, e, k, k + 1, false, "", &mut notes[k]);
            rows.push(row);
            pos[k] = (0, rows.len());
        }
        let sheet = Sheet {
            name: String::new(),
            rows,
            widths: Vec::new(),
        };
        return (vec![sheet], pos, notes);
    }

    let area = &TABLES.area;
    let sheets_n = if kind == Kind::HoNgheo { 2 } else { 1 };
    let mut sheets = Vec::new();
    for si in 0..sheets_n {
        let mut t = template(kind, si);
        if kind == Kind::HoNgheo {
            // the unit of the poor-household list is the commune of most of its people
            let mut counts = vec![0usize; area.new_communes.len()];
            for e in entries {
                if let Some(o) = area.old_communes.get(e.subject.old_commune) {
                    counts[o.new_commune] += 1;
                }
            }
            let best = (0..counts.len())
                .max_by_key(|&i| (counts[i], usize::MAX - i))
                .unwrap_or(0);
            if let Some(nc) = area.new_communes.get(best) {
                t.unit1 = format!("UBND {}", upper(&nc.name));
                t.subtitle = format!(
                    "(Kèm theo Quyết định số 245/QĐ-UBND ngày 12/10/2025 của UBND {})",
                    lower_first(&nc.name)
                );
                t.date_line = format!("{}, ngày 15 tháng 10 năm 2025", nc.short());
            }
        }
        let ncols = t.ncols();
        let tcvn3 = kind == Kind::HoNgheo && si == 1;
        let mut rows = top(&t);
        let idx: Vec<usize> = (0..entries.len())
            .filter(|&k| entries[k].sheet == si)
            .collect();
        let mut current: Option<u32> = None;
        let mut ordinal = 0;
        let mut stt = 0;
        let mut reg_counter: std::collections::BTreeMap<i32, u32> = Default::default();
        for (j, &k) in idx.iter().enumerate() {
            let e = &entries[k];
            if e.repeat_of.is_none() && current != Some(e.group) {
                if current.is_some() && rng.chance(0.35) {
                    rows.push(Row::new(Role::BlankInData));
                }
                current = Some(e.group);
                ordinal += 1;
                rows.push(subheader(kind, e.group, ordinal, ncols));
            } else if j > 0 && rng.chance(0.025) {
                rows.push(Row::new(Role::BlankInData));
            }
            stt += 1;
            let reg_no = match &e.data {
                KindData::HoTich { reg, .. } => {
                    let c = reg_counter.entry(reg.year).or_insert(0);
                    *c += 1;
                    if rng.chance(0.5) {
                        format!("{}/{}", c, reg.year)
                    } else {
                        format!("{c:03}")
                    }
                }
                _ => String::new(),
            };
            let row = person_row(kind, e, k, stt, tcvn3, &reg_no, &mut notes[k]);
            rows.push(row);
            pos[k] = (si, rows.len());
        }
        let in_sheet: Vec<&Entry> = idx.iter().map(|&k| &entries[k]).collect();
        rows.push(total_row(kind, &in_sheet, ncols));
        rows.extend(bottom(&t, rng));
        let mut widths = t.widths.clone();
        widths.truncate(ncols as usize);
        sheets.push(Sheet {
            name: t.sheet_name.clone(),
            rows,
            widths,
        });
    }
    (sheets, pos, notes)
}

/// Number of columns of the CSV export.
pub const CSV_COLS: u16 = 8;
