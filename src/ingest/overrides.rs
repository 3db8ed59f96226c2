//! Columns the user names when a header is not understood (`match --columns`,
//! `<stem>.columns.toml`; parsed in `rules::columns`): finding the header row from them and
//! putting the fields on a sheet's columns, and the guess to propose when nothing was named.

use std::collections::BTreeMap;

use super::columns::{Column, label_key};
use super::grid::SheetGrid;
use crate::rules::Field;
pub use crate::rules::columns::{ColumnRef, ColumnSpec, field_name, letters, load_sidecar};
use crate::text::fold::fold;

/// The header row when the header was not understood: the row (of `rows`) that holds the named
/// header texts, or the most text in the lettered columns.
pub fn header_row(
    grid: &SheetGrid,
    pairs: &[(Field, ColumnRef)],
    rows: std::ops::RangeInclusive<usize>,
) -> Result<usize, String> {
    for (field, col) in pairs {
        if let ColumnRef::Letter(c) = col
            && *c >= grid.width()
        {
            return Err(format!(
                "--columns {}={}: sheet không có cột {} (cột cuối là {})",
                field_name(*field),
                col,
                letters(*c),
                letters(grid.width().saturating_sub(1))
            ));
        }
    }
    for (field, col) in pairs {
        if let ColumnRef::Header(h) = col {
            let want = fold(&label_key(h));
            let anywhere = rows.clone().any(|r| {
                (0..grid.width()).any(|c| fold(&label_key(&grid.shown(r, c).to_text())) == want)
            });
            if !anywhere {
                return Err(format!(
                    "--columns {}={col}: sheet không có cột tiêu đề \"{h}\"",
                    field_name(*field)
                ));
            }
        }
    }
    let mut best: Option<(usize, usize)> = None;
    for r in rows {
        if r >= grid.rows.len() {
            break;
        }
        let mut score = 0;
        for (_, col) in pairs {
            let hit = match col {
                ColumnRef::Letter(c) => matches!(grid.cell(r, *c), crate::model::Cell::Text(s)
                    if !s.trim().is_empty() && !s.chars().any(|c| c.is_ascii_digit())),
                ColumnRef::Header(h) => {
                    let want = fold(&label_key(h));
                    (0..grid.width()).any(|c| fold(&label_key(&grid.shown(r, c).to_text())) == want)
                }
            };
            if hit {
                score += 1;
            }
        }
        if score > 0 && best.is_none_or(|(_, s)| score > s) {
            best = Some((r, score));
        }
    }
    let Some((row, _)) = best else {
        return Err(format!(
            "không thấy dòng tiêu đề nào có các cột đã chỉ bằng --columns ({})",
            pairs
                .iter()
                .map(|(f, c)| format!("{}={c}", field_name(*f)))
                .collect::<Vec<_>>()
                .join(",")
        ));
    };
    Ok(row)
}

/// Put the named fields on their columns (the field leaves any other column it was on).
pub fn apply(columns: &mut [Column], pairs: &[(Field, ColumnRef)]) -> Result<(), String> {
    for (field, col) in pairs {
        let index = match col {
            ColumnRef::Letter(c) => {
                if *c >= columns.len() {
                    return Err(format!(
                        "--columns {}={}: sheet không có cột {} (cột cuối là {})",
                        field_name(*field),
                        col,
                        letters(*c),
                        letters(columns.len().saturating_sub(1))
                    ));
                }
                *c
            }
            ColumnRef::Header(h) => {
                let want = fold(&label_key(h));
                let exact = columns
                    .iter()
                    .position(|c| c.label.split(" / ").any(|l| fold(&label_key(l)) == want));
                let within = || {
                    columns
                        .iter()
                        .position(|c| fold(&label_key(&c.label)).contains(&want))
                };
                match exact.or_else(within) {
                    Some(i) => i,
                    None => {
                        return Err(format!(
                            "--columns {}={}: sheet không có cột tiêu đề \"{h}\"; các tiêu đề: {}",
                            field_name(*field),
                            col,
                            columns
                                .iter()
                                .filter(|c| !c.label.is_empty())
                                .map(|c| format!("{} \"{}\"", letters(c.index), c.label))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                }
            }
        };
        for c in columns.iter_mut() {
            if c.field == Some(*field) {
                c.field = None;
                c.synonym = None;
            }
        }
        columns[index].field = Some(*field);
        columns[index].synonym = Some(format!("--columns {}={}", field_name(*field), col));
    }
    Ok(())
}

/// A `--columns` value for these pairs: `name=B,dob=C`.
pub fn spec_text(pairs: &[(Field, usize)]) -> String {
    pairs
        .iter()
        .map(|(f, c)| format!("{}={}", field_name(*f), letters(*c)))
        .collect::<Vec<_>>()
        .join(",")
}

/// What the values under `header_row` look like, column by column: the first column whose
/// cells are mostly names, dates or years, sexes, ID numbers, addresses. The best guess a
/// user confirms with `--columns` when the header is not understood.
pub fn guess_columns(grid: &SheetGrid, header_row: usize) -> Vec<(Field, usize)> {
    use super::shapes::{is_date_text, longest_digit_run};
    use crate::model::Cell;
    const UNITS: [&str; 10] = [
        "xã",
        "phường",
        "thôn",
        "ấp",
        "tổ",
        "huyện",
        "tỉnh",
        "khu",
        "xóm",
        "thị",
    ];
    let kind = |cell: &Cell| -> Option<Field> {
        match cell {
            Cell::Date { .. } => Some(Field::Dob),
            Cell::Int(i) if (1900..=2030).contains(i) => Some(Field::Dob),
            Cell::Float(f) if f.fract() == 0.0 && (1900.0..=2030.0).contains(f) => Some(Field::Dob),
            Cell::Int(i) if (100_000_000..=999_999_999_999).contains(i) => Some(Field::Id),
            Cell::Float(f) if f.fract() == 0.0 && (1e8..1e12).contains(f) => Some(Field::Id),
            Cell::Text(s) => {
                let t = s.trim();
                let lower = crate::text::fold::canonical_lower(t);
                let digits = longest_digit_run(t);
                let only_digits = t.chars().all(|c| c.is_ascii_digit() || " .-".contains(c));
                if only_digits && (digits == 9 || digits == 12) {
                    Some(Field::Id)
                } else if is_date_text(t)
                    || (t.len() == 4 && t.parse::<u32>().is_ok_and(|y| (1900..=2030).contains(&y)))
                {
                    Some(Field::Dob)
                } else if matches!(lower.as_str(), "nam" | "nữ" | "nu") {
                    Some(Field::Sex)
                } else {
                    let words: Vec<&str> = lower.split_whitespace().collect();
                    let unit = words.iter().any(|w| UNITS.contains(&w.trim_matches(',')));
                    let letters_only = t.chars().all(|c| c.is_alphabetic() || c == ' ');
                    let capitalised = t
                        .split_whitespace()
                        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
                    if unit || (t.contains(',') && words.len() >= 3) {
                        Some(Field::Address)
                    } else if letters_only && capitalised && (2..=6).contains(&words.len()) {
                        Some(Field::FullName)
                    } else {
                        None
                    }
                }
            }
            _ => None,
        }
    };
    let mut found: Vec<(Field, usize)> = Vec::new();
    for c in 0..grid.width() {
        let mut counts: BTreeMap<Field, usize> = BTreeMap::new();
        let mut filled = 0;
        for r in header_row + 1..grid.rows.len().min(header_row + 200) {
            let cell = grid.cell(r, c);
            if cell.is_empty() {
                continue;
            }
            filled += 1;
            if let Some(f) = kind(cell) {
                *counts.entry(f).or_default() += 1;
            }
        }
        if let Some((f, n)) = counts.into_iter().max_by_key(|(_, n)| *n)
            && filled >= 2
            && n * 5 >= filled * 3
            && !found.iter().any(|(g, _)| *g == f)
        {
            found.push((f, c));
        }
    }
    let order = [
        Field::FullName,
        Field::Dob,
        Field::Sex,
        Field::Id,
        Field::Address,
    ];
    found.sort_by_key(|(f, _)| order.iter().position(|o| o == f));
    found
}
