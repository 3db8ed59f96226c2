//! Reading what people filled in: the verification workbooks, the clean lists and results.csv of
//! the original run. Columns are found by their header text (folded: case, diacritics and
//! punctuation do not matter), so sorted rows, moved or deleted helper columns still read.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use crate::error::{Error, Result};
use crate::results::Status;
use crate::text::fold::fold;

/// Where a list row came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowKey {
    pub file: String,
    pub sheet: String,
    pub row: u32,
}

/// One line of results.csv.
#[derive(Debug, Clone)]
pub struct ResultLine {
    pub key: RowKey,
    pub status: Status,
    pub resident_id: String,
    pub candidates: Vec<String>,
}

fn input_err(path: &Path, message: impl ToString) -> Error {
    Error::Input {
        file: path.display().to_string(),
        message: message.to_string(),
    }
}

/// Undo `csv_safe`: a leading apostrophe before a formula character.
fn csv_unescape(s: &str) -> String {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => s.to_string(),
    }
}

fn status_from(s: &str) -> Option<Status> {
    Status::ALL.iter().copied().find(|x| x.as_str() == s)
}

/// Read results.csv of the original run.
pub fn results_csv(path: &Path) -> Result<Vec<ResultLine>> {
    let mut r = csv::Reader::from_path(path).map_err(|e| input_err(path, e))?;
    let headers = r.headers().map_err(|e| input_err(path, e))?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(f), Some(s), Some(rw), Some(st), Some(id)) = (
        col("source_file"),
        col("sheet"),
        col("row"),
        col("status"),
        col("resident_id"),
    ) else {
        return Err(input_err(path, "không phải tệp results.csv của doikhop"));
    };
    let cands = col("candidates");
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| input_err(path, e))?;
        let get = |i: usize| rec.get(i).unwrap_or("").to_string();
        let (Ok(row), Some(status)) = (get(rw).parse::<u32>(), status_from(&get(st))) else {
            continue;
        };
        out.push(ResultLine {
            key: RowKey {
                file: csv_unescape(&get(f)),
                sheet: csv_unescape(&get(s)),
                row,
            },
            status,
            resident_id: get(id),
            candidates: cands
                .map(get)
                .unwrap_or_default()
                .split(';')
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect(),
        });
    }
    Ok(out)
}

/// A cell as the text a person sees: dates as dd/mm/yyyy, integral numbers without `.0`.
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => crate::model::format_number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => {
            match crate::fields::date::serial_to_date(dt.as_f64().floor() as i64, false) {
                Some((d, _)) => d.format_vi(),
                None => crate::model::format_number(dt.as_f64()),
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e:?}"),
    }
}

/// A sheet's table: the header row found by `required` headers, and its rows as column → text.
pub struct Table {
    /// 1-based row of the header in the sheet.
    pub header_row: u32,
    pub columns: BTreeMap<String, usize>,
    /// (1-based sheet row, cells)
    pub rows: Vec<(u32, Vec<String>)>,
}

impl Table {
    /// The value under the header `name` (folded), empty when the column is missing.
    pub fn get<'a>(&self, cells: &'a [String], name: &str) -> &'a str {
        self.columns
            .get(&fold(name))
            .and_then(|&c| cells.get(c))
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn has(&self, name: &str) -> bool {
        self.columns.contains_key(&fold(name))
    }
}

/// Every sheet of a workbook that has a header row holding all `required` headers.
pub fn tables(path: &Path, required: &[&str]) -> Result<Vec<(String, Table)>> {
    let mut wb = open_workbook_auto(path).map_err(|e| input_err(path, e))?;
    let required: Vec<String> = required.iter().map(|h| fold(h)).collect();
    let mut out = Vec::new();
    for name in wb.sheet_names().to_vec() {
        let Ok(range) = wb.worksheet_range(&name) else {
            continue;
        };
        let start_row = range.start().map(|(r, _)| r).unwrap_or(0);
        let start_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| {
                let mut v = vec![String::new(); start_col];
                v.extend(r.iter().map(cell_text));
                v
            })
            .collect();
        let Some(h) = rows.iter().take(40).position(|r| {
            let folded: Vec<String> = r.iter().map(|c| fold(c)).collect();
            required.iter().all(|q| folded.contains(q))
        }) else {
            continue;
        };
        let mut columns = BTreeMap::new();
        for (c, v) in rows[h].iter().enumerate() {
            let k = fold(v);
            if !k.is_empty() {
                columns.entry(k).or_insert(c);
            }
        }
        let data = rows
            .iter()
            .enumerate()
            .skip(h + 1)
            .map(|(i, r)| (start_row + i as u32 + 1, r.clone()))
            .collect();
        out.push((
            name,
            Table {
                header_row: start_row + h as u32 + 1,
                columns,
                rows: data,
            },
        ));
    }
    Ok(out)
}

/// A row number as typed: "57", 57, 57.0.
pub fn parse_row(s: &str) -> Option<u32> {
    let t = s.trim();
    if let Ok(n) = t.parse::<u32>() {
        return (n > 0).then_some(n);
    }
    let f: f64 = t.parse().ok()?;
    (f.fract() == 0.0 && f >= 1.0 && f < u32::MAX as f64).then_some(f as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_numbers_and_csv_escapes() {
        assert_eq!(parse_row("57"), Some(57));
        assert_eq!(parse_row(" 57.0 "), Some(57));
        assert_eq!(parse_row("0"), None);
        assert_eq!(parse_row("Tổng"), None);
        assert_eq!(csv_unescape("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(csv_unescape("'abc"), "'abc");
    }
}
