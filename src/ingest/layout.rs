//! Find the person table in a sheet: title rows, a 1–3 row header (merged cells), an optional
//! numbering row, data rows with blank and group sub-header rows, and the footer (totals,
//! signature block) after which nothing is data.

use serde::Serialize;

pub use super::columns::Column;
use super::columns::{FieldMatch, SynonymIndex, label_key};
use super::grid::SheetGrid;
use super::shapes::{is_date_text, longest_digit_run};
use crate::model::Cell;
use crate::rules::{Field, Rules};
use crate::text::fold::fold;

/// How many rows from the top are searched for the header.
const HEADER_SEARCH_ROWS: usize = 60;

/// Why a non-data row was not treated as a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowRole {
    Title,
    Header,
    Numbering,
    Blank,
    Subheader,
    Total,
    Footer,
    /// Content without a name or an ID, outside any pattern.
    NoPerson,
    /// The header block (or its numbering row) printed again further down: a list exported page
    /// by page.
    RepeatedHeader,
    /// A note inside or under the table: "Sổ này có … trường hợp", "(Số tiền bằng chữ: …)",
    /// "Danh sách này có … đối tượng".
    Note,
}

impl RowRole {
    pub fn reason_vi(self) -> &'static str {
        match self {
            RowRole::Title => "Dòng tiêu đề phía trên bảng",
            RowRole::Header => "Dòng tiêu đề cột",
            RowRole::Numbering => "Dòng đánh số cột",
            RowRole::Blank => "Dòng trống trong bảng",
            RowRole::Subheader => "Dòng tiêu đề nhóm (thôn, mục)",
            RowRole::Total => "Dòng tổng cộng",
            RowRole::Footer => "Chân trang (nơi ký, ngày tháng, người lập biểu)",
            RowRole::NoPerson => "Dòng không có họ tên hay số định danh",
            RowRole::RepeatedHeader => "Dòng tiêu đề cột lặp lại (sang trang)",
            RowRole::Note => "Dòng ghi chú (số trường hợp, số tiền bằng chữ…)",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SkippedRow {
    /// 0-based sheet row.
    pub row: u32,
    pub role: RowRole,
    /// The row's text, for the report.
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DataRow {
    /// 0-based sheet row.
    pub row: u32,
    /// Group sub-header above the row.
    pub group: Option<String>,
}

/// The table found in a sheet.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// 0-based rows of the header block.
    pub header_rows: Vec<u32>,
    pub numbering_row: Option<u32>,
    pub columns: Vec<Column>,
    pub data_rows: Vec<DataRow>,
    /// Every non-empty row that is not a data row (titles, header, blanks inside the data,
    /// sub-headers, totals, footer), with its role.
    pub skipped: Vec<SkippedRow>,
    /// First footer row (0-based), if any.
    pub footer_start: Option<u32>,
    /// The sheet whose header this one's rows are read with, when it repeats none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continued_from: Option<String>,
}

impl Table {
    /// First column mapped to `field`.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|c| c.field == Some(field))
            .map(|c| c.index)
    }

    pub fn has(&self, field: Field) -> bool {
        self.column_of(field).is_some()
    }

    /// First row (0-based) below the header block and numbering row.
    pub fn data_start(&self) -> u32 {
        let header_end = self.header_rows.last().map_or(0, |r| r + 1);
        self.numbering_row
            .map_or(header_end, |n| n + 1)
            .max(header_end)
    }

    /// Rows that are neither header nor data, counted per role.
    pub fn skipped_counts(&self) -> std::collections::BTreeMap<RowRole, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for s in &self.skipped {
            *counts.entry(s.role).or_insert(0) += 1;
        }
        counts
    }
}

/// Why no table was found.
#[derive(Debug, Clone)]
pub enum NoTable {
    /// The sheet holds no list of people (summary, notes): skip it.
    NoPersonTable(String),
    /// A header was found but no person row under it; the rows under it are reported as
    /// skipped (nothing is silently dropped).
    NoData {
        reason: String,
        skipped: Vec<SkippedRow>,
    },
    /// It looks like a table, but its header is not understood: an error for this sheet.
    Unrecognised(String),
}

/// Find the table, then give every row covered by a vertical merge inside the data the merged
/// value (see [`SheetGrid::fill_vertical_merges`]) and classify the rows again with it.
pub fn find_table_filling_merges(grid: &mut SheetGrid, rules: &Rules) -> Result<Table, NoTable> {
    let table = find_table(grid, rules)?;
    if grid.fill_vertical_merges(table.data_start() as usize) {
        // The header stays where it was found: a header block repeated further down, its
        // merges now filled, must not be taken for a better one.
        let first = table.header_rows.first().copied().unwrap_or(0) as usize;
        let last = table.header_rows.last().copied().unwrap_or(0) as usize;
        find_table_in(grid, rules, Some(first..=last))
    } else {
        Ok(table)
    }
}

pub fn find_table(grid: &SheetGrid, rules: &Rules) -> Result<Table, NoTable> {
    find_table_in(grid, rules, None)
}

/// [`find_table`], the header searched in `rows` only when given.
fn find_table_in(
    grid: &SheetGrid,
    rules: &Rules,
    rows: Option<std::ops::RangeInclusive<usize>>,
) -> Result<Table, NoTable> {
    let index = SynonymIndex::new(rules);
    let width = grid.width();
    let search = grid.rows.len().min(HEADER_SEARCH_ROWS);
    let overrides = rules.columns.for_sheet(&grid.name);
    let candidates = rows.unwrap_or(0..=search.saturating_sub(1));

    // 1. The row matching the most distinct fields, including a required one.
    let mut best: Option<(usize, usize)> = None; // (row, score)
    for r in candidates.clone() {
        if r >= grid.rows.len() {
            break;
        }
        // A numbering row ("(1) (2)…", "A B C…") is never the header, although its cells can
        // borrow a field from the labels above them.
        if looks_like_data_row(grid, r) || is_numbering_row(grid.row(r)) {
            continue;
        }
        let matches = row_matches(grid, &index, r, width);
        let fields: std::collections::BTreeSet<Field> =
            matches.iter().flatten().map(|m| m.field).collect();
        if !rules.required_any.iter().any(|f| fields.contains(f)) {
            continue;
        }
        if fields.len() >= 2 && best.is_none_or(|(_, s)| fields.len() > s) {
            best = Some((r, fields.len()));
        }
    }
    if best.is_none() && !overrides.is_empty() && !rules.columns.names_sheet(&grid.name) {
        // Columns named for every sheet do not turn a summary or notes sheet into a list.
        if let NoTable::NoPersonTable(reason) = no_header(grid, rules, search) {
            return Err(NoTable::NoPersonTable(reason));
        }
    }
    if best.is_none() && !overrides.is_empty() {
        // Not understood, but the user said which columns hold what: the header is the row
        // holding the named headers, or text in the lettered columns.
        let row = super::overrides::header_row(grid, &overrides, candidates.clone())
            .map_err(NoTable::Unrecognised)?;
        best = Some((row, 0));
    }
    let Some((h, _)) = best else {
        return Err(no_header(grid, rules, search));
    };

    // 2. Extend the header block up and down (merged two- and three-row headers).
    let mut first = h;
    while first > 0 && h - first < 2 && is_header_continuation(grid, &index, first - 1, width, true)
    {
        first -= 1;
    }
    let mut last = h;
    while last + 1 < grid.rows.len()
        && last - first < 2
        && is_header_continuation(grid, &index, last + 1, width, false)
    {
        last += 1;
    }

    // 3. Compose column labels from the header rows and map them.
    let mut columns = Vec::with_capacity(width);
    for c in 0..width {
        let labels = column_labels(grid, first, last, c);
        let (label, parents) = match labels.split_last() {
            Some((l, p)) => (l.clone(), p.to_vec()),
            None => (String::new(), vec![]),
        };
        let parent_refs: Vec<&str> = parents.iter().map(|s| s.as_str()).collect();
        let m = index.match_column(&label, &parent_refs);
        columns.push(Column {
            index: c,
            label: labels.join(" / "),
            field: m.as_ref().map(|m| m.field),
            synonym: m.map(|m| m.synonym),
        });
    }
    resolve_conflicts(&mut columns);
    if !overrides.is_empty() {
        super::overrides::apply(&mut columns, &overrides).map_err(NoTable::Unrecognised)?;
    }
    if !columns
        .iter()
        .any(|c| c.field.is_some_and(|f| rules.required_any.contains(&f)))
    {
        return Err(no_header(grid, rules, search));
    }

    let mut skipped = Vec::new();
    for r in 0..first {
        if !grid.row_is_blank(r) {
            skipped.push(skip(grid, r, RowRole::Title));
        }
    }
    for r in first..=last {
        skipped.push(skip(grid, r, RowRole::Header));
    }

    // 4. Numbering row "(1) (2) (3)" or "1 2 3" right under the header.
    let mut start = last + 1;
    let mut numbering_row = None;
    while start < grid.rows.len() && grid.row_is_blank(start) {
        start += 1;
    }
    if start < grid.rows.len() && is_numbering_row(grid.row(start)) {
        numbering_row = Some(start as u32);
        skipped.push(skip(grid, start, RowRole::Numbering));
        start += 1;
    }

    // 5. Classify the rows below.
    let header_keys: Vec<Vec<String>> = (0..width)
        .map(|c| {
            (first..=last)
                .map(|r| label_key(&grid.shown(r, c).to_text()))
                .filter(|k| !k.is_empty())
                .collect()
        })
        .collect();
    let (data_rows, footer_start) = classify_rows(grid, &columns, header_keys, start, &mut skipped);
    skipped.sort_by_key(|s| s.row);

    if data_rows.is_empty() {
        return Err(NoTable::NoData {
            reason: format!("bảng ở dòng {} không có dòng dữ liệu nào", h + 1),
            skipped,
        });
    }
    Ok(Table {
        header_rows: (first as u32..=last as u32).collect(),
        numbering_row,
        columns,
        data_rows,
        skipped,
        footer_start,
        continued_from: None,
    })
}

/// Classify the rows of `grid` from `start` down: person rows (with the group row above them),
/// and the others with their role, into `skipped`; the first footer row.
fn classify_rows(
    grid: &SheetGrid,
    columns: &[Column],
    header_keys: Vec<Vec<String>>,
    start: usize,
    skipped: &mut Vec<SkippedRow>,
) -> (Vec<DataRow>, Option<u32>) {
    let name_cols: Vec<usize> = columns
        .iter()
        .filter(|c| c.field.is_some_and(Field::is_name))
        .map(|c| c.index)
        .collect();
    let id_cols: Vec<usize> = columns
        .iter()
        .filter(|c| matches!(c.field, Some(Field::Id | Field::Cmnd)))
        .map(|c| c.index)
        .collect();
    let stt_col = columns
        .iter()
        .find(|c| c.field == Some(Field::Stt))
        .map(|c| c.index);
    let ctx = RowContext {
        name_cols,
        id_cols,
        stt_col,
        header_keys,
    };

    let mut data_rows = Vec::new();
    let mut pending_blanks = Vec::new();
    let mut group: Option<String> = None;
    let mut footer_start = None;
    for r in start..grid.rows.len() {
        if grid.row_is_blank(r) {
            pending_blanks.push(r);
            continue;
        }
        let role = classify(grid, r, &ctx);
        if role == Some(RowRole::Footer) {
            footer_start = Some(r as u32);
            for rr in r..grid.rows.len() {
                if !grid.row_is_blank(rr) {
                    skipped.push(skip(grid, rr, RowRole::Footer));
                }
            }
            break;
        }
        // Blank rows between two table rows belong to the data region.
        for b in pending_blanks.drain(..) {
            skipped.push(SkippedRow {
                row: b as u32,
                role: RowRole::Blank,
                text: String::new(),
            });
        }
        match role {
            Some(RowRole::Subheader) => {
                group = Some(section_text(grid, r));
                skipped.push(skip(grid, r, RowRole::Subheader));
            }
            Some(other) => skipped.push(skip(grid, r, other)),
            None => data_rows.push(DataRow {
                row: r as u32,
                group: group.clone(),
            }),
        }
    }
    (data_rows, footer_start)
}

/// A sheet that carries on the list of the sheet before it without repeating its header (a
/// long list split over "Trang 1", "Trang 2"): read with `prev`'s columns from its first row,
/// when that row is a person row as the previous sheet's columns read it.
pub fn continue_table(grid: &SheetGrid, prev: &Table, prev_sheet: &str) -> Option<Table> {
    let first = (0..grid.rows.len()).find(|&r| !grid.row_is_blank(r))?;
    if grid.width() > prev.columns.len() + 2 {
        return None;
    }
    let name_col = prev
        .columns
        .iter()
        .find(|c| c.field.is_some_and(Field::is_name))?
        .index;
    let name_like =
        matches!(grid.cell(first, name_col), Cell::Text(t) if t.chars().any(char::is_alphabetic));
    if !name_like || !looks_like_data_row(grid, first) && !has_number_at(grid, first, prev) {
        return None;
    }
    let columns = prev.columns.clone();
    let header_keys: Vec<Vec<String>> = (0..grid.width().max(columns.len()))
        .map(|c| {
            columns
                .get(c)
                .map(|col| {
                    col.label
                        .split(" / ")
                        .map(label_key)
                        .filter(|k| !k.is_empty())
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let mut skipped = Vec::new();
    let (data_rows, footer_start) = classify_rows(grid, &columns, header_keys, first, &mut skipped);
    skipped.sort_by_key(|s| s.row);
    if data_rows.is_empty() {
        return None;
    }
    Some(Table {
        header_rows: Vec::new(),
        numbering_row: None,
        columns,
        data_rows,
        skipped,
        footer_start,
        continued_from: Some(prev_sheet.to_string()),
    })
}

/// The row has a number in the previous sheet's STT column.
fn has_number_at(grid: &SheetGrid, r: usize, prev: &Table) -> bool {
    prev.columns
        .iter()
        .find(|c| c.field == Some(Field::Stt))
        .is_some_and(|c| match grid.cell(r, c.index) {
            Cell::Int(_) | Cell::Float(_) => true,
            Cell::Text(t) => !t.trim().is_empty() && t.trim().chars().all(|ch| ch.is_ascii_digit()),
            _ => false,
        })
}

fn no_header(grid: &SheetGrid, rules: &Rules, search: usize) -> NoTable {
    // The row with the most text cells is what the user would call the header.
    let mut seen: Vec<String> = Vec::new();
    let mut seen_row = 0;
    for r in 0..search {
        let texts: Vec<String> = grid
            .row(r)
            .iter()
            .filter_map(|c| match c {
                Cell::Text(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                _ => None,
            })
            .collect();
        if texts.len() > seen.len() {
            seen = texts;
            seen_row = r;
        }
    }
    let needed: Vec<&str> = rules.required_any.iter().map(|f| f.label_vi()).collect();
    let tabular_rows = grid
        .rows
        .iter()
        .filter(|r| r.iter().filter(|c| !c.is_empty()).count() >= 3)
        .count();
    if !has_person_rows(grid) && looks_like_summary(grid) {
        return NoTable::NoPersonTable(
            "sheet tổng hợp số liệu, không có danh sách người (không có cột họ tên)".into(),
        );
    }
    if seen.len() < 3 || tabular_rows < 3 {
        return NoTable::NoPersonTable(
            "không có bảng danh sách người (không thấy dòng tiêu đề cột có họ tên)".into(),
        );
    }
    let guess = super::overrides::guess_columns(grid, seen_row);
    let what_to_pass = if guess.iter().any(|(f, _)| f.is_name()) {
        format!(
            "đoán các cột là {}: nếu đúng, chạy lại với --columns \"{}\" (hoặc ghi các cặp đó \
             vào tệp <tên danh sách>.columns.toml đặt cạnh danh sách)",
            guess
                .iter()
                .map(|(f, c)| format!("{} ở cột {}", f.label_vi(), super::overrides::letters(*c)))
                .collect::<Vec<_>>()
                .join(", "),
            super::overrides::spec_text(&guess)
        )
    } else {
        "hãy chỉ rõ các cột với --columns \"name=<cột họ tên>,dob=<cột ngày sinh>,id=<cột số \
         định danh>\" (chữ cái cột hoặc tiêu đề cột)"
            .to_string()
    };
    NoTable::Unrecognised(format!(
        "không nhận ra dòng tiêu đề cột: cần một cột {} (và ít nhất một cột khác như ngày sinh, \
         số định danh); các tiêu đề thấy được: {}; {what_to_pass}",
        needed.join(" hoặc "),
        seen.iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// Do at least three rows carry what a person row carries: a name-like text (two or more
/// words of letters), an ID-like number or a date? A summary of counts per hamlet does not.
fn has_person_rows(grid: &SheetGrid) -> bool {
    // Names of units ("Xã Lộc Thạnh", "Thôn 2", "Tổng cộng") are what a summary lists.
    const UNIT_WORDS: [&str; 24] = [
        "xã",
        "phường",
        "thị",
        "thôn",
        "ấp",
        "tổ",
        "khu",
        "huyện",
        "quận",
        "tỉnh",
        "thành",
        "đội",
        "bản",
        "buôn",
        "xóm",
        "tổng",
        "cộng",
        "đơn",
        "phòng",
        "sở",
        "ubnd",
        "làng",
        "khóm",
        "khối",
    ];
    let name_like = |s: &str| {
        let words: Vec<&str> = s.split_whitespace().collect();
        let first = words
            .first()
            .map(|w| crate::text::fold::canonical_lower(w))
            .unwrap_or_default();
        !UNIT_WORDS.contains(&first.as_str())
            && (2..=7).contains(&words.len())
            && words
                .iter()
                .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '.'))
    };
    let person_rows = (0..grid.rows.len())
        .filter(|&r| {
            let row = grid.row(r);
            let named = row
                .iter()
                .filter(|c| matches!(c, Cell::Text(s) if name_like(s)))
                .count();
            let person_values = row.iter().any(|c| match c {
                Cell::Date { .. } => true,
                Cell::Text(s) => longest_digit_run(s) >= 8 || is_date_text(s),
                other => id_like(other),
            });
            named >= 1 && person_values
        })
        .count();
    person_rows >= 3
}

/// A summary of counts: a title saying so ("Tổng hợp", "Thống kê", "Báo cáo"), or rows made of a
/// label followed only by numbers ("Thôn 1 | 12 | 4 | 2,5").
fn looks_like_summary(grid: &SheetGrid) -> bool {
    let folded_name = fold(&label_key(&grid.name));
    let titled = ["tong hop", "thong ke", "bao cao"].iter().any(|w| {
        contains_phrase(&folded_name, w)
            || (0..grid.rows.len().min(6))
                .any(|r| contains_phrase(&fold(&label_key(&row_text(grid, r))), w))
    });
    let is_number = |c: &Cell| match c {
        Cell::Int(_) | Cell::Float(_) => true,
        Cell::Text(s) => {
            let t = s.trim().trim_end_matches('%');
            !t.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
        }
        _ => false,
    };
    let label_and_counts = (0..grid.rows.len())
        .filter(|&r| {
            let cells: Vec<&Cell> = grid.row(r).iter().filter(|c| !c.is_empty()).collect();
            cells.len() >= 2
                && matches!(cells[0], Cell::Text(_))
                && !is_number(cells[0])
                && cells[1..].iter().all(|c| is_number(c))
        })
        .count();
    titled || label_and_counts >= 2
}

fn row_matches(
    grid: &SheetGrid,
    index: &SynonymIndex,
    r: usize,
    width: usize,
) -> Vec<Option<FieldMatch>> {
    (0..width)
        .map(|c| {
            let Cell::Text(label) = grid.cell(r, c) else {
                return None;
            };
            let parents: Vec<String> = (r.saturating_sub(2)..r)
                .map(|pr| grid.shown(pr, c).to_text())
                .collect();
            let refs: Vec<&str> = parents.iter().map(|s| s.as_str()).collect();
            index.match_column(label, &refs)
        })
        .collect()
}

fn is_header_continuation(
    grid: &SheetGrid,
    index: &SynonymIndex,
    r: usize,
    width: usize,
    above: bool,
) -> bool {
    if grid.row_is_blank(r) || is_numbering_row(grid.row(r)) || looks_like_data_row(grid, r) {
        return false;
    }
    let non_empty = distinct_cells(grid, r);
    let matched = row_matches(grid, index, r, width)
        .iter()
        .filter(|m| m.is_some())
        .count();
    if above {
        // A group header above: several cells, at least one a known label, no title banner.
        non_empty >= 2 && matched >= 1
    } else {
        // Sub-labels below: all text, and either a known label or under a merged group cell
        // of the row above ("Chế độ" over "Đối tượng" | "Mức hưởng").
        let all_text = (0..width).all(|c| matches!(grid.cell(r, c), Cell::Empty | Cell::Text(_)));
        // A number written as text ("1" in the STT column, "1955" in Năm sinh) is data, never a
        // sub-label: without this a first person row with "Nam"/"Nữ" in it was taken for the
        // Nam/Nữ half of a split birth-year header and lost (found by the nothing-lost test).
        let has_number = (0..width).any(|c| match grid.cell(r, c) {
            Cell::Text(s) => {
                let t = s.trim();
                !t.is_empty() && t.len() <= 6 && t.chars().all(|ch| ch.is_ascii_digit())
            }
            _ => false,
        });
        if has_number {
            return false;
        }
        let under_group = (0..width).any(|c| {
            !grid.cell(r, c).is_empty()
                && r > 0
                && grid
                    .merge_at(r as u32 - 1, c as u32)
                    .is_some_and(|m| m.last_col > m.first_col && m.last_row < r as u32)
        });
        // One lone label under a one-row header is a group row ("Thôn 1"), not a sub-label.
        all_text && ((matched >= 1 && non_empty >= 2) || under_group)
    }
}

/// Number of visually distinct non-empty cells (a merged region counts once).
fn distinct_cells(grid: &SheetGrid, r: usize) -> usize {
    grid.row(r)
        .iter()
        .enumerate()
        .filter(|(c, cell)| {
            !cell.is_empty()
                && grid
                    .merge_at(r as u32, *c as u32)
                    .is_none_or(|m| m.first_col as usize == *c)
        })
        .count()
}

/// Labels of column `c` over header rows `first..=last`, top to bottom, without repeats.
fn column_labels(grid: &SheetGrid, first: usize, last: usize, c: usize) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for r in first..=last {
        let mut text = grid.shown(r, c).to_text().trim().to_string();
        if text.is_empty() && r < last && grid.merge_at(r as u32, c as u32).is_none() && c > 0 {
            // No merge information (CSV, ODS): a group label spans to the right while the
            // row below has sub-labels under each of its columns.
            let mut k = c;
            while k > 0 && !grid.shown(r + 1, k).is_empty() {
                k -= 1;
                let left = grid.shown(r, k).to_text();
                if !left.trim().is_empty() {
                    if !grid.shown(r + 1, k).is_empty() {
                        text = left.trim().to_string();
                    }
                    break;
                }
            }
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() && labels.last() != Some(&text) {
            labels.push(text);
        }
    }
    labels
}

/// Two columns mapped to one field: keep the better one; "Tên" next to "Họ và chữ đệm" is the
/// given name.
fn resolve_conflicts(columns: &mut [Column]) {
    // A member list names the household head on every row ("Họ và tên chủ hộ") beside the
    // member's own name ("Họ và tên thành viên", or "Họ và chữ đệm" | "Tên"): the row's person
    // is the member. A list of heads alone keeps the head's column as the name.
    let about_head = |c: &Column| fold(&label_key(&c.label)).contains("chu ho");
    let has_own_name = columns
        .iter()
        .any(|c| c.field.is_some_and(Field::is_name) && !about_head(c));
    if has_own_name {
        for c in columns.iter_mut() {
            if c.field == Some(Field::FullName) && about_head(c) {
                c.field = None;
                c.synonym = None;
            }
        }
    }
    let has_family_middle = columns.iter().any(|c| c.field == Some(Field::FamilyMiddle));
    if has_family_middle {
        for c in columns.iter_mut() {
            if c.field == Some(Field::FullName) && label_key(last_label(&c.label)) == "tên" {
                c.field = Some(Field::Given);
            }
        }
    }
    // "Số CCCD" and "Số CMND" side by side: the second ID column holds the old CMND.
    let id_cols: Vec<usize> = (0..columns.len())
        .filter(|&i| columns[i].field == Some(Field::Id))
        .collect();
    if id_cols.len() >= 2 {
        for &i in &id_cols {
            let key = fold(&label_key(last_label(&columns[i].label)));
            let cmnd_only = (key.contains("cmnd") || key.contains("chung minh"))
                && !key.contains("cccd")
                && !key.contains("can cuoc")
                && !key.contains("dinh danh");
            if cmnd_only {
                columns[i].field = Some(Field::Cmnd);
            }
        }
    }
    // Keep the first column of each single-valued field; later ones stay unmapped.
    let mut seen = std::collections::HashSet::new();
    for c in columns.iter_mut() {
        if let Some(f) = c.field
            && !seen.insert(f)
        {
            c.field = None;
            c.synonym = None;
        }
    }
}

fn last_label(label: &str) -> &str {
    label.rsplit(" / ").next().unwrap_or(label)
}

fn is_numbering_row(row: &[Cell]) -> bool {
    let mut values = Vec::new();
    for cell in row {
        let text = match cell {
            Cell::Empty => continue,
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
            Cell::Text(s) => s.trim().to_string(),
            _ => return false,
        };
        let inner = text
            .trim_start_matches('(')
            .trim_end_matches(')')
            .trim()
            .to_string();
        let ok = (inner.len() <= 2 && inner.chars().all(|c| c.is_ascii_digit()))
            || (inner.len() == 1 && inner.chars().all(|c| c.is_ascii_alphabetic()))
            || (inner.len() <= 12
                && inner.chars().any(|c| c.is_ascii_digit())
                && inner
                    .chars()
                    .all(|c| c.is_ascii_digit() || "=+-*x/ ".contains(c)));
        if !ok {
            return false;
        }
        values.push(inner);
    }
    if values.len() < 3 {
        return false;
    }
    // Plain numbers must increase: "1 2 3", not a data row of small counts.
    let nums: Vec<u32> = values.iter().filter_map(|v| v.parse().ok()).collect();
    nums.windows(2).all(|w| w[0] < w[1])
}

struct RowContext {
    name_cols: Vec<usize>,
    id_cols: Vec<usize>,
    stt_col: Option<usize>,
    /// Label keys of the header cells of each column (to know the header block printed again).
    header_keys: Vec<Vec<String>>,
}

fn row_text(grid: &SheetGrid, r: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (c, cell) in grid.row(r).iter().enumerate() {
        if cell.is_empty() {
            continue;
        }
        if grid
            .merge_at(r as u32, c as u32)
            .is_some_and(|m| m.first_col as usize != c)
        {
            continue;
        }
        parts.push(cell.to_text().trim().to_string());
    }
    parts.join(" | ")
}

fn skip(grid: &SheetGrid, r: usize, role: RowRole) -> SkippedRow {
    SkippedRow {
        row: r as u32,
        role,
        text: row_text(grid, r),
    }
}

fn has_stt_number(grid: &SheetGrid, r: usize, ctx: &RowContext) -> bool {
    let col = ctx.stt_col.unwrap_or(0);
    match grid.cell(r, col) {
        Cell::Int(_) => true,
        Cell::Float(f) => f.fract() == 0.0 && *f > 0.0,
        Cell::Text(s) => {
            let t = s.trim().trim_end_matches('.');
            !t.is_empty() && t.len() <= 6 && t.chars().all(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

/// A cell that holds something like an ID number (8 or more digits).
fn id_like(cell: &Cell) -> bool {
    match cell {
        Cell::Int(i) => *i >= 10_000_000,
        Cell::Float(f) => *f >= 1e7,
        Cell::Text(s) => longest_digit_run(s) >= 8,
        _ => false,
    }
}

/// Does the row carry values typical of a person row (long numbers, dates)?
fn looks_like_data_row(grid: &SheetGrid, r: usize) -> bool {
    grid.row(r).iter().any(|c| match c {
        Cell::Date { .. } => true,
        Cell::Int(i) => *i >= 1000,
        Cell::Float(f) => *f >= 1000.0,
        Cell::Text(s) => longest_digit_run(s) >= 8 || is_date_text(s),
        _ => false,
    })
}

const FOOTER_WORDS: [&str; 17] = [
    "nguoi lap",
    "ky ghi ro",
    "ky va ghi ro",
    "ky ten",
    "xac nhan cua",
    "tm uy ban",
    "tm ubnd",
    "chu tich",
    "thu truong",
    "giam doc",
    "truong phong",
    "truong ban",
    "ke toan",
    "lanh dao",
    "nguoi duyet",
    "can bo lap",
    "noi nhan",
];

fn is_footer_text(folded: &str) -> bool {
    if FOOTER_WORDS.iter().any(|w| contains_phrase(folded, w)) {
        return true;
    }
    // "Lộc Ninh, ngày 15 tháng 10 năm 2025"
    let words: Vec<&str> = folded.split(' ').collect();
    if let Some(i) = words.iter().position(|w| *w == "ngay")
        && let Some(j) = words[i..].iter().position(|w| *w == "thang")
    {
        return words[i + j..].contains(&"nam");
    }
    false
}

fn contains_phrase(hay: &str, phrase: &str) -> bool {
    let h: Vec<&str> = hay.split(' ').collect();
    let p: Vec<&str> = phrase.split(' ').collect();
    h.windows(p.len()).any(|w| w == p.as_slice())
}

fn is_total_text(text: &str) -> bool {
    let key = label_key(text);
    let folded = fold(&key);
    key.starts_with("tổng")
        || key == "cộng"
        || key.starts_with("cộng ")
        || (text.is_ascii() && (folded.starts_with("tong cong") || folded.starts_with("tong so")))
}

fn is_group_text(text: &str) -> bool {
    let t = text.trim();
    let key = label_key(t);
    let folded = fold(&key);
    let first = folded.split(' ').next().unwrap_or("");
    // "Xã Tân Phú" / "Phường 3" above the rows of a district's list name their commune
    const GROUP_WORDS: [&str; 16] = [
        "thon", "ap", "xom", "ban", "to", "khu", "kp", "buon", "lang", "khom", "doi", "phum",
        "soc", "tdp", "xa", "phuong",
    ];
    if GROUP_WORDS.contains(&first) && folded.split(' ').count() <= 5 {
        return true;
    }
    // Roman numeral or letter heading: "I. HỘ NGHÈO", "II/ HỘ CẬN NGHÈO", "A. ..."
    let head: String = t
        .chars()
        .take_while(|c| !matches!(c, '.' | ')' | '/' | ' '))
        .collect();
    let after = t[head.len()..].chars().next();
    (!head.is_empty()
        && head.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
        && matches!(after, Some('.' | ')' | '/')))
        || (head.len() == 1
            && head.chars().all(|c| c.is_ascii_uppercase())
            && matches!(after, Some('.' | ')')))
}

/// A section number standing alone in a cell: a Roman numeral ("I", "II", "IV."), or one capital
/// letter ("A", "B.").
fn is_section_number(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ')', '/', ':']).trim();
    if t.is_empty() || t.len() > 5 {
        return false;
    }
    t.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
        || (t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase()))
}

/// The text a section row gives the rows under it: "I. HỘ NGHÈO" for a number and a title in
/// two cells, the row's text otherwise.
fn section_text(grid: &SheetGrid, r: usize) -> String {
    let parts: Vec<String> = row_text(grid, r)
        .split(" | ")
        .map(|p| p.to_string())
        .collect();
    match parts.as_slice() {
        [num, title] if is_section_number(num) => {
            format!(
                "{}. {}",
                num.trim().trim_end_matches(['.', ')', '/', ':']),
                title
            )
        }
        _ => parts.join(" | "),
    }
}

/// The header block, or its numbering row, printed again (a list exported page by page): most
/// of the row's cells are the header's own labels in their columns.
fn is_repeated_header(grid: &SheetGrid, r: usize, ctx: &RowContext) -> bool {
    if is_numbering_row(grid.row(r)) {
        return true;
    }
    let mut non_empty = 0;
    let mut same = 0;
    for (c, cell) in grid.row(r).iter().enumerate() {
        if cell.is_empty()
            || grid
                .merge_at(r as u32, c as u32)
                .is_some_and(|m| m.first_col as usize != c || m.first_row as usize != r)
        {
            continue;
        }
        non_empty += 1;
        let Cell::Text(s) = cell else { continue };
        let key = label_key(s);
        if !key.is_empty() && ctx.header_keys.get(c).is_some_and(|k| k.contains(&key)) {
            same += 1;
        }
    }
    same >= 2 && same * 3 >= non_empty * 2
}

/// A note under or inside the table: how many entries the book or list holds, the amount in
/// words.
fn is_note_text(folded: &str) -> bool {
    const NOTES: [&str; 9] = [
        "so nay co",
        "danh sach nay co",
        "bieu nay co",
        "so tien bang chu",
        "tong so tien bang chu",
        "bang chu",
        "viet bang chu",
        "ghi chu",
        "luu y",
    ];
    let words: Vec<&str> = folded.split(' ').take(6).collect();
    let head = words.join(" ");
    NOTES.iter().any(|n| contains_phrase(&head, n))
}

fn classify(grid: &SheetGrid, r: usize, ctx: &RowContext) -> Option<RowRole> {
    let stt = has_stt_number(grid, r, ctx);
    // An ID column that holds an ID-looking value (a signature block may spill into it).
    let id_present = ctx.id_cols.iter().any(|&c| id_like(grid.cell(r, c)));
    let name_present = ctx.name_cols.iter().any(|&c| !grid.cell(r, c).is_empty());
    let text = row_text(grid, r);
    let folded = fold(&label_key(&text));
    if !id_present && is_repeated_header(grid, r, ctx) {
        return Some(RowRole::RepeatedHeader);
    }
    if !stt && !id_present && is_note_text(&folded) {
        return Some(RowRole::Note);
    }
    if !stt && !id_present && is_footer_text(&folded) {
        return Some(RowRole::Footer);
    }
    let first_text = grid
        .row(r)
        .iter()
        .find(|c| !c.is_empty())
        .map(|c| c.to_text())
        .unwrap_or_default();
    if !stt && !id_present && is_total_text(&first_text) {
        return Some(RowRole::Total);
    }
    let cells = distinct_cells(grid, r);
    if !stt
        && !id_present
        && cells <= 3
        && is_section_number(&first_text)
        && !looks_like_data_row(grid, r)
    {
        // "I | HỘ NGHÈO", "A. Thôn 1", "II/ HỘ CẬN NGHÈO" across the STT and name columns.
        return Some(RowRole::Subheader);
    }
    if !stt && !id_present && cells <= 2 && !looks_like_data_row(grid, r) {
        let wide_merge = grid.row(r).iter().enumerate().any(|(c, cell)| {
            !cell.is_empty()
                && grid
                    .merge_at(r as u32, c as u32)
                    .is_some_and(|m| m.last_col - m.first_col >= 2)
        });
        if wide_merge || is_group_text(&first_text) {
            return Some(RowRole::Subheader);
        }
    }
    let any_id_cell = ctx.id_cols.iter().any(|&c| !grid.cell(r, c).is_empty());
    if name_present || any_id_cell || stt {
        None
    } else {
        Some(RowRole::NoPerson)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::grid::Merge;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    /// A typical poor-household sheet: title block, merged 2-row header with Nam/Nữ birth
    /// years, numbering row, sub-header, blank, total and signature.
    fn sample() -> SheetGrid {
        let e = Cell::Empty;
        let rows = vec![
            vec![
                t("UBND XÃ LỘC KHÁNH"),
                e.clone(),
                e.clone(),
                e.clone(),
                t("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            ],
            vec![
                e.clone(),
                e.clone(),
                e.clone(),
                e.clone(),
                t("Độc lập - Tự do - Hạnh phúc"),
            ],
            vec![t("DANH SÁCH HỘ NGHÈO NĂM 2025")],
            vec![],
            vec![
                t("STT"),
                t("Họ và tên chủ hộ"),
                t("Năm sinh"),
                e.clone(),
                t("Số CCCD"),
                t("Thôn/ấp"),
            ],
            vec![e.clone(), e.clone(), t("Nam"), t("Nữ")],
            vec![t("(1)"), t("(2)"), t("(3)"), t("(4)"), t("(5)"), t("(6)")],
            vec![t("Thôn 1")],
            vec![
                Cell::Int(1),
                t("Nguyễn Văn An"),
                Cell::Int(1960),
                e.clone(),
                t("001060012345"),
                t("Thôn 1"),
            ],
            vec![],
            vec![
                Cell::Int(2),
                t("Trần Thị Bình"),
                e.clone(),
                Cell::Int(1972),
                Cell::Float(1072001234.0),
                t("Thôn 1"),
            ],
            vec![t("Tổng cộng: 2 hộ")],
            vec![],
            vec![e.clone(), t("Lộc Khánh, ngày 15 tháng 10 năm 2025")],
            vec![
                e.clone(),
                t("NGƯỜI LẬP BIỂU"),
                e.clone(),
                e.clone(),
                t("TM. ỦY BAN NHÂN DÂN"),
            ],
            vec![e.clone(), t("(Ký, ghi rõ họ tên)")],
        ];
        SheetGrid {
            name: "Hộ nghèo".into(),
            rows,
            merges: vec![
                Merge {
                    first_row: 2,
                    first_col: 0,
                    last_row: 2,
                    last_col: 5,
                },
                Merge {
                    first_row: 4,
                    first_col: 0,
                    last_row: 5,
                    last_col: 0,
                },
                Merge {
                    first_row: 4,
                    first_col: 1,
                    last_row: 5,
                    last_col: 1,
                },
                Merge {
                    first_row: 4,
                    first_col: 2,
                    last_row: 4,
                    last_col: 3,
                },
            ],
            ..Default::default()
        }
    }

    #[test]
    fn finds_merged_header_numbering_data_and_footer() {
        let rules = Rules::builtin("ho-ngheo").unwrap();
        let table = find_table(&sample(), &rules).unwrap();
        assert_eq!(table.header_rows, vec![4, 5]);
        assert_eq!(table.numbering_row, Some(6));
        let rows: Vec<u32> = table.data_rows.iter().map(|d| d.row).collect();
        assert_eq!(rows, vec![8, 10]);
        assert_eq!(table.data_rows[0].group.as_deref(), Some("Thôn 1"));
        assert_eq!(table.column_of(Field::FullName), Some(1));
        assert_eq!(table.column_of(Field::DobMale), Some(2));
        assert_eq!(table.column_of(Field::DobFemale), Some(3));
        assert_eq!(table.column_of(Field::Id), Some(4));
        assert_eq!(table.column_of(Field::Hamlet), Some(5));
        assert_eq!(table.footer_start, Some(13));
        let role = |r: u32| table.skipped.iter().find(|s| s.row == r).map(|s| s.role);
        assert_eq!(role(7), Some(RowRole::Subheader));
        assert_eq!(role(9), Some(RowRole::Blank));
        assert_eq!(role(11), Some(RowRole::Total));
        assert_eq!(role(14), Some(RowRole::Footer));
        assert_eq!(role(0), Some(RowRole::Title));
    }

    #[test]
    fn unrecognised_header_names_what_it_saw() {
        let rules = Rules::builtin("ho-ngheo").unwrap();
        let rows = vec![
            vec![t("Cột A"), t("Cột B"), t("Cột C")],
            vec![t("Nguyễn Văn An"), t("12/03/1955"), t("075055003456")],
            vec![t("Trần Thị Bình"), t("01/07/1972"), t("075172001234")],
            vec![t("Lê Văn Cường"), t("30/11/1955"), t("075055003457")],
        ];
        let grid = SheetGrid {
            name: "S".into(),
            rows,
            ..Default::default()
        };
        match find_table(&grid, &rules) {
            Err(NoTable::Unrecognised(m)) => {
                assert!(m.contains("\"Cột A\"") && m.contains("Họ và tên"), "{m}")
            }
            other => panic!("{other:?}"),
        }
    }
}
