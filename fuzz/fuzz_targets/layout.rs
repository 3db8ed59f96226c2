//! Header and table detection on a cell grid built from the input: lines are rows, tabs separate
//! cells, and a leading byte picks the cell type (number, date, error, text).
#![no_main]
use doikhop::ingest::{SheetGrid, layout};
use doikhop::model::Cell;
use libfuzzer_sys::fuzz_target;

fn cell(s: &str) -> Cell {
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

fuzz_target!(|data: &[u8]| {
    let (kind, rest) = data.split_first().map(|(f, r)| (*f, r)).unwrap_or((0, data));
    let text = String::from_utf8_lossy(rest);
    let rows: Vec<Vec<Cell>> = text
        .split('\n')
        .take(300)
        .map(|line| line.split('\t').take(60).map(cell).collect())
        .collect();
    let mut grid = SheetGrid {
        name: "fuzz".into(),
        rows,
        ..SheetGrid::default()
    };
    grid.decode_legacy_text();
    let kinds = doikhop::rules::KINDS;
    let Ok(rules) = doikhop::rules::Rules::builtin(kinds[usize::from(kind) % kinds.len()]) else {
        return;
    };
    if let Ok(table) = layout::find_table(&grid, &rules) {
        for dr in &table.data_rows {
            assert!((dr.row as usize) < grid.rows.len());
        }
    }
});
