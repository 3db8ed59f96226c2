//! The bodies of the fuzz targets (`fuzz/`), here so that the crashing inputs kept in
//! `tests/data/fuzz-regressions/<target>/` run in the normal test suite through the same code.
//! Each function must return normally on any bytes: a panic is a bug.

use crate::fields::date::{self, DateContext};
use crate::fields::{address, id};
use crate::ingest::{ReadLimits, SheetGrid, SheetRead, layout, workbook};
use crate::model::Cell;
use crate::rules::{KINDS, Rules};
use crate::text::{legacy, name};

/// A target's body.
pub type Target = fn(&[u8]);

/// The targets, by the name of their folder of regression inputs.
pub const TARGETS: [(&str, Target); 7] = [
    ("legacy_text", legacy_text),
    ("name", person_name),
    ("id", id_number),
    ("date", date_of_birth),
    ("address", address_text),
    ("layout", layout_grid),
    ("workbook", workbook_bytes),
];

/// Legacy text (TCVN3, VNI, VISCII): detection and decoding, alone and as a column.
pub fn legacy_text(data: &[u8]) {
    let text = crate::ingest::csv::decode_bytes(data);
    let _ = legacy::detect_detail(&text);
    let enc = legacy::detect(&text);
    let _ = legacy::decode_as(&text, enc);
    let _ = legacy::decode_tcvn3(&text, true);
    let _ = legacy::decode_vni(&text);
    let _ = legacy::decode_viscii(&text);
    let cells: Vec<&str> = text.split('\n').collect();
    let _ = legacy::decode_column(&cells);
    let _ = crate::text::unicode::clean(&text);
}

/// Person names: the cell parser and the comparison of two names ("a|b").
pub fn person_name(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_at(text.find('|').unwrap_or(text.len()));
    let _ = name::parse_name_cell(a);
    if let (Some(x), Some(y)) = (name::parse_person_name(a), name::parse_person_name(b)) {
        let _ = name::compare_names(&x, &y);
        let _ = name::name_similarity(&x, &y);
    }
}

fn first8(data: &[u8]) -> Option<[u8; 8]> {
    data.get(..8).and_then(|b| b.try_into().ok())
}

/// ID numbers: text and typed cells, neighbours, comparison, province prefix.
pub fn id_number(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = id::parse_id_text(&text);
    let _ = id::parse_id_cell(&Cell::Text(text.to_string()));
    if let Some(b) = first8(data) {
        let _ = id::parse_id_cell(&Cell::Float(f64::from_le_bytes(b)));
        let _ = id::parse_id_cell(&Cell::Int(i64::from_le_bytes(b)));
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let _ = id::neighbours(&digits);
    let (a, b) = digits.split_at(digits.len() / 2);
    let _ = id::compare_digits(a, b);
    let _ = id::cccd_province(&digits);
}

/// Dates of birth: text and typed cells under contexts chosen by the first byte.
pub fn date_of_birth(data: &[u8]) {
    let (flags, rest) = data
        .split_first()
        .map(|(f, r)| (*f, r))
        .unwrap_or((0, data));
    let ctx = DateContext {
        date1904: flags & 1 != 0,
        numbers_are_serials: flags & 2 != 0,
        typical_age: if flags & 4 != 0 { (60, 110) } else { (0, 110) },
        id_birth_year: (flags & 8 != 0).then_some(1900 + i32::from(flags)),
        ..DateContext::default()
    };
    let text = String::from_utf8_lossy(rest);
    let _ = date::parse_date_text(&text, &ctx);
    let _ = date::parse_date_cell(&Cell::Text(text.to_string()), &ctx);
    if let Some(b) = first8(rest) {
        let _ = date::parse_date_cell(&Cell::Float(f64::from_le_bytes(b)), &ctx);
        let _ = date::parse_date_cell(&Cell::Int(i64::from_le_bytes(b)), &ctx);
        if let Some((dob, _)) = date::serial_to_date(i64::from_le_bytes(b), ctx.date1904) {
            let _ = date::date_to_serial(&dob, ctx.date1904);
        }
        let year = i32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let cell = Cell::Date {
            year,
            month: b[4],
            day: b[5],
        };
        let _ = date::parse_date_cell(&cell, &ctx);
    }
}

/// Addresses: parsing and mapping to the 2025 communes.
pub fn address_text(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = address::parse_address(&text);
}

fn grid_cell(s: &str) -> Cell {
    let mut chars = s.chars();
    match chars.next() {
        None => Cell::Empty,
        Some('#') => Cell::Float(chars.as_str().parse().unwrap_or(f64::NAN)),
        Some('%') => Cell::Int(chars.as_str().parse().unwrap_or(i64::MIN)),
        Some('@') => Cell::Date {
            year: chars.as_str().len() as i32 * 37 + 1900,
            month: (s.len() % 14) as u8,
            day: (s.len() % 33) as u8,
        },
        Some('!') => Cell::Error("#REF!".into()),
        _ => Cell::Text(s.to_string()),
    }
}

/// Header and table detection on a grid: lines are rows, tabs separate cells, a leading `#`, `%`,
/// `@`, `!` makes a number, integer, date or error cell; the first byte picks the list kind.
pub fn layout_grid(data: &[u8]) {
    let (kind, rest) = data
        .split_first()
        .map(|(f, r)| (*f, r))
        .unwrap_or((0, data));
    let text = String::from_utf8_lossy(rest);
    let rows: Vec<Vec<Cell>> = text
        .split('\n')
        .take(300)
        .map(|line| line.split('\t').take(60).map(grid_cell).collect())
        .collect();
    let mut grid = SheetGrid {
        name: "fuzz".into(),
        rows,
        ..SheetGrid::default()
    };
    grid.decode_legacy_text();
    let Ok(rules) = Rules::builtin(KINDS[usize::from(kind) % KINDS.len()]) else {
        return;
    };
    if let Ok(table) = layout::find_table(&grid, &rules) {
        for dr in &table.data_rows {
            assert!(
                (dr.row as usize) < grid.rows.len(),
                "data row outside the grid"
            );
        }
    }
}

/// A workbook from bytes (format detection, zip checks, streaming reader), then table detection.
pub fn workbook_bytes(data: &[u8]) {
    let limits = ReadLimits {
        max_area: 1 << 20,
        ..ReadLimits::default()
    };
    // libFuzzer aborts on any panic, even one caught: fuzz/run-all.sh sets DOIKHOP_FUZZ_SKIP_XLS to
    // skip the compound-file (.xls) reader,
    // whose known overflow (tests/data/calamine-panics/) would stop every run at once; doikhop
    // itself contains it (`guard_panics`), tested in tests/it/fuzz_regressions.rs.
    if std::env::var_os("DOIKHOP_FUZZ_SKIP_XLS").is_some()
        && crate::ingest::sniff::sniff_bytes(data) == crate::ingest::sniff::Kind::Cfb
    {
        return;
    }
    let Ok(sheets) = workbook::read_workbook_bytes(data, &limits) else {
        return;
    };
    let Ok(rules) = Rules::builtin("ho-ngheo") else {
        return;
    };
    for s in sheets {
        if let SheetRead::Grid(mut grid) = s {
            grid.decode_legacy_text();
            let _ = layout::find_table(&grid, &rules);
        }
    }
}
