//! Property test of table finding: random title blocks, header forms, numbering rows, blank and
//! group rows inside the data, totals and footers around a known table — the rows found as data
//! are exactly the person rows, none lost and none invented.

use proptest::collection::vec;
use proptest::prelude::*;

use super::grid::{Merge, SheetGrid};
use super::layout::find_table;
use crate::model::Cell;
use crate::rules::Rules;
use crate::text::legacy::{encode_tcvn3, encode_vni};

const TITLES: [&str; 8] = [
    "UBND XÃ LỘC KHÁNH",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "DANH SÁCH HỘ NGHÈO NĂM 2025",
    "(Kèm theo Quyết định số 1234/QĐ-UBND ngày 15/10/2025 của UBND xã)",
    "Đơn vị tính: hộ",
    "BIỂU SỐ 02",
    "Thôn 1, 2, 3 - xã Lộc Khánh",
];

/// Footer lines; the first line of a footer is always one of the first four.
const FOOTERS: [&str; 9] = [
    "Lộc Khánh, ngày 15 tháng 10 năm 2025",
    "NGƯỜI LẬP BIỂU",
    "TM. ỦY BAN NHÂN DÂN",
    "(Ký, ghi rõ họ tên)",
    "CHỦ TỊCH",
    "Phạm Thị Hoa",
    "Ghi chú: danh sách đã niêm yết công khai",
    "Nơi nhận:",
    "- Lưu VT.",
];

const NAMES: [&str; 10] = [
    "Nguyễn Văn An",
    "TRẦN THỊ BÌNH",
    "Lê Văn Cường",
    "Tô Thị Dung",
    "Lang Văn Đức",
    "Ban Thị Hà",
    "Võ Thị Thu Hằng",
    "Đỗ Văn Mạnh",
    "Ngo Thi Nga",
    "Bà Lý Thị Quyên",
];

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn put(row: &mut Vec<Cell>, c: usize, v: Cell) {
    if row.len() <= c {
        row.resize(c + 1, Cell::Empty);
    }
    row[c] = v;
}

#[derive(Debug, Clone)]
struct Body {
    /// 0 blank, 1 hamlet group, 2 merged section group, else a person.
    kind: u8,
    person: usize,
    id_as_number: bool,
    dob_form: u8,
    stt_form: u8,
}

fn body() -> impl Strategy<Value = Body> {
    (0u8..10, 0usize..10, any::<bool>(), 0u8..3, 0u8..3).prop_map(
        |(kind, person, id_as_number, dob_form, stt_form)| Body {
            kind,
            person,
            id_as_number,
            dob_form,
            stt_form,
        },
    )
}

struct Built {
    grid: SheetGrid,
    persons: Vec<u32>,
}

#[allow(clippy::too_many_arguments)]
fn build(
    titles: &[(usize, bool, bool)],
    header: usize,
    numbering: usize,
    rows: &[Body],
    total: bool,
    footer_first: usize,
    footer: &[usize],
    gap: usize,
) -> Built {
    let width = 6usize;
    let mut g: Vec<Vec<Cell>> = Vec::new();
    let mut merges = Vec::new();
    for &(i, right, blank_after) in titles {
        let r = g.len() as u32;
        let mut row = Vec::new();
        put(&mut row, if right { 3 } else { 0 }, t(TITLES[i]));
        g.push(row);
        if !right {
            merges.push(Merge {
                first_row: r,
                first_col: 0,
                last_row: r,
                last_col: width as u32 - 1,
            });
        }
        if blank_after {
            g.push(Vec::new());
        }
    }
    // Header forms; `dob_cols` = the columns a birth date/year goes to (male, female).
    let h = g.len() as u32;
    let merged = |fc, lc, fr, lr| Merge {
        first_row: fr,
        first_col: fc,
        last_row: lr,
        last_col: lc,
    };
    let (dob_male, dob_female) = match header {
        0 => {
            g.push(
                [
                    "STT",
                    "Họ và tên",
                    "Ngày sinh",
                    "Số CCCD",
                    "Địa chỉ",
                    "Ghi chú",
                ]
                .iter()
                .map(|s| t(s))
                .collect(),
            );
            (2, 2)
        }
        1 | 2 => {
            g.push(vec![
                t("STT"),
                t("Họ và tên chủ hộ"),
                t("Năm sinh"),
                Cell::Empty,
                t("Số CCCD"),
                t("Thôn/ấp"),
            ]);
            g.push(vec![Cell::Empty, Cell::Empty, t("Nam"), t("Nữ")]);
            if header == 1 {
                for c in [0, 1, 4, 5] {
                    merges.push(merged(c, c, h, h + 1));
                }
                merges.push(merged(2, 3, h, h));
            }
            (2, 3)
        }
        _ => {
            g.push(vec![
                t("STT"),
                t("Thông tin chủ hộ"),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                t("Ghi chú"),
            ]);
            g.push(vec![
                Cell::Empty,
                t("Họ và tên"),
                t("Năm sinh"),
                Cell::Empty,
                t("Số định danh cá nhân"),
            ]);
            g.push(vec![Cell::Empty, Cell::Empty, t("Nam"), t("Nữ")]);
            merges.push(merged(0, 0, h, h + 2));
            merges.push(merged(1, 4, h, h));
            merges.push(merged(5, 5, h, h + 2));
            merges.push(merged(1, 1, h + 1, h + 2));
            merges.push(merged(2, 3, h + 1, h + 1));
            merges.push(merged(4, 4, h + 1, h + 2));
            (2, 3)
        }
    };
    let id_col = if header == 0 { 3 } else { 4 };
    match numbering {
        1 => g.push((1..=width).map(|i| t(&format!("({i})"))).collect()),
        2 => g.push((1..=width).map(|i| Cell::Int(i as i64)).collect()),
        _ => {}
    }
    let mut persons = Vec::new();
    let mut stt = 0;
    let mut hamlet = 0;
    let mut section = 0;
    for b in rows {
        let r = g.len() as u32;
        match b.kind {
            0 => g.push(Vec::new()),
            1 => {
                hamlet += 1;
                let mut row = Vec::new();
                put(&mut row, 1, t(&format!("Thôn {hamlet}")));
                g.push(row);
            }
            2 => {
                section += 1;
                let roman = ["I", "II", "III", "IV", "V", "VI"][section % 6];
                g.push(vec![t(&format!("{roman}. HỘ NGHÈO"))]);
                merges.push(merged(0, width as u32 - 1, r, r));
            }
            _ => {
                stt += 1;
                let mut row = Vec::new();
                let stt_cell = match b.stt_form {
                    0 => Cell::Int(stt),
                    1 => Cell::Float(stt as f64),
                    _ => t(&format!("{stt}.")),
                };
                put(&mut row, 0, stt_cell);
                put(&mut row, 1, t(NAMES[b.person]));
                let female = b.person % 2 == 1;
                let dob_col = if female { dob_female } else { dob_male };
                let year = 1940 + (b.person as i64 * 7) % 60;
                let dob = match b.dob_form {
                    0 => Cell::Int(year),
                    1 => t(&format!(
                        "0{}/0{}/{year}",
                        1 + b.person % 9,
                        1 + b.person % 8
                    )),
                    _ => Cell::Date {
                        year: year as i32,
                        month: 3,
                        day: 12,
                    },
                };
                put(&mut row, dob_col, dob);
                let id = format!("0750{:02}{:06}", year % 100, 1000 + b.person * 37);
                let id_cell = if b.id_as_number {
                    Cell::Float(id.parse::<f64>().unwrap_or(0.0))
                } else {
                    t(&id)
                };
                put(&mut row, id_col, id_cell);
                g.push(row);
                persons.push(r);
            }
        }
    }
    if total {
        let r = g.len() as u32;
        g.push(vec![t(&format!("Tổng cộng: {stt} hộ"))]);
        merges.push(merged(0, 2, r, r));
    }
    for _ in 0..gap {
        g.push(Vec::new());
    }
    let mut first = Vec::new();
    put(&mut first, 3, t(FOOTERS[footer_first]));
    g.push(first);
    for &f in footer {
        let mut row = Vec::new();
        put(&mut row, 1 + f % 3, t(FOOTERS[f]));
        g.push(row);
    }
    Built {
        grid: SheetGrid {
            name: "DS".into(),
            rows: g,
            merges,
            ..Default::default()
        },
        persons,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_data_rows_found_are_exactly_the_person_rows(
        titles in vec((0usize..TITLES.len(), any::<bool>(), any::<bool>()), 0..7),
        header in 0usize..4,
        numbering in 0usize..3,
        rows in vec(body(), 1..30),
        total in any::<bool>(),
        footer_first in 0usize..3,
        footer in vec(0usize..FOOTERS.len(), 0..6),
        gap in 0usize..3,
        legacy in 0u8..3,
    ) {
        let mut built = build(&titles, header, numbering, &rows, total, footer_first, &footer, gap);
        prop_assume!(!built.persons.is_empty());
        // The same sheet typed in TCVN3 or VNI: decoded before the table is looked for.
        if legacy > 0 {
            for row in &mut built.grid.rows {
                for cell in row.iter_mut() {
                    if let Cell::Text(s) = cell {
                        *s = if legacy == 1 { encode_tcvn3(s) } else { encode_vni(s) };
                    }
                }
            }
        }
        built.grid.decode_legacy_text();
        let rules = Rules::builtin("ho-ngheo").unwrap();
        let table = find_table(&built.grid, &rules);
        prop_assert!(table.is_ok(), "no table: {:?}", table.err());
        let table = table.unwrap();
        let found: Vec<u32> = table.data_rows.iter().map(|d| d.row).collect();
        prop_assert_eq!(found, built.persons);
        // Every other non-empty row is accounted for with a role.
        for r in 0..built.grid.rows.len() {
            let is_data = table.data_rows.iter().any(|d| d.row as usize == r);
            let skipped = table.skipped.iter().any(|s| s.row as usize == r);
            prop_assert!(is_data || skipped || built.grid.row_is_blank(r), "row {} lost", r);
        }
    }
}
