//! `doikhop inspect`: what doikhop understood of each sheet — header rows, data rows, numbering
//! row, footer, skipped rows with reasons, the column → field mapping and text encodings.

use std::fmt::Write;
use std::path::Path;

use serde_json::json;

use crate::error::Result;
use crate::ingest::{self, SheetGrid, layout};
use crate::rules::{KINDS, Rules};

pub struct SheetInspection {
    pub sheet: String,
    pub outcome: std::result::Result<layout::Table, (bool, String)>,
    pub encodings: Vec<Option<crate::text::Encoding>>,
    /// How the file's bytes were decoded (CSV only).
    pub file_encoding: Option<String>,
    /// Rows of the sheet (up to its last non-empty row).
    pub total_rows: usize,
    /// Error cells read as empty.
    pub warnings: Vec<ingest::CellWarning>,
    /// The units the list is about (titles, group rows, sheet and file names).
    pub context: Option<crate::fields::context::SheetContext>,
}

/// Encoding label of a column: the legacy encoding its text was in, else Unicode or ASCII.
fn encoding_label(e: Option<crate::text::Encoding>) -> &'static str {
    use crate::text::Encoding;
    match e {
        None | Some(Encoding::Ascii) => "ASCII",
        Some(Encoding::Unicode) => "Unicode",
        Some(Encoding::Tcvn3) => "TCVN3",
        Some(Encoding::Vni) => "VNI",
        Some(Encoding::Viscii) => "VISCII",
        Some(Encoding::Ambiguous) => "không rõ",
    }
}

pub struct InspectReport {
    pub file: String,
    pub kind: String,
    pub sheets: Vec<SheetInspection>,
}

/// The built-in kind whose synonyms map the most columns of the file.
pub fn best_kind(path: &Path) -> Result<Rules> {
    let grids = ingest::read_grids(path)?;
    let mut best: Option<(usize, Rules)> = None;
    for kind in KINDS {
        let rules = Rules::builtin(kind)?;
        let score: usize = grids
            .iter()
            .filter_map(|g| {
                let mut g = g.clone();
                g.decode_legacy_text();
                layout::find_table(&g, &rules).ok()
            })
            .map(|t| {
                t.columns.iter().filter(|c| c.field.is_some()).count() * 1000 + t.data_rows.len()
            })
            .sum();
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, rules));
        }
    }
    match best {
        Some((_, r)) => Ok(r),
        None => Rules::builtin("ho-ngheo"),
    }
}

pub fn inspect(path: &Path, rules: &Rules) -> Result<InspectReport> {
    let rules = &*ingest::rules_for(path, rules)?;
    let grids = ingest::read_grids(path)?;
    // the last table read, for a sheet that carries on its list without a header
    let mut prev: Option<(layout::Table, String)> = None;
    let sheets = grids
        .into_iter()
        .map(|mut g: SheetGrid| {
            let early = match g.skip.take() {
                Some(ingest::SheetSkip::NotAList(reason)) => Some((false, reason)),
                Some(ingest::SheetSkip::Unreadable(message)) => Some((true, message)),
                None if g.is_blank() => Some((false, "sheet trống".to_string())),
                None => None,
            };
            if let Some(outcome) = early {
                return SheetInspection {
                    sheet: g.name.clone(),
                    outcome: Err(outcome),
                    encodings: vec![],
                    file_encoding: g.file_encoding.clone(),
                    total_rows: 0,
                    warnings: vec![],
                    context: None,
                };
            }
            g.decode_legacy_text();
            let outcome = layout::find_table_filling_merges(&mut g, rules).map_err(|e| match e {
                layout::NoTable::NoPersonTable(m) => (false, m),
                layout::NoTable::NoData { reason, .. } => (false, reason),
                layout::NoTable::Unrecognised(m) => (true, m),
            });
            let outcome = match (outcome, &prev) {
                (Err((true, m)), Some((t, name))) => {
                    layout::continue_table(&g, t, name).ok_or((true, m))
                }
                (o, _) => o,
            };
            if let Ok(t) = &outcome {
                prev = Some((t.clone(), g.name.clone()));
            }
            let encodings = match &outcome {
                Ok(t) => table_encodings(&g, t),
                Err(_) => g.column_encodings.clone(),
            };
            let context = outcome.as_ref().ok().map(|t| {
                crate::fields::context::SheetContext::of_table(
                    &Default::default(),
                    t,
                    &g.name,
                    &ingest::file_name(path),
                )
            });
            SheetInspection {
                context,
                sheet: g.name.clone(),
                outcome,
                encodings,
                file_encoding: g.file_encoding.clone(),
                total_rows: g.rows.len(),
                warnings: std::mem::take(&mut g.warnings),
            }
        })
        .collect();
    Ok(InspectReport {
        file: ingest::file_name(path),
        kind: rules.kind.clone(),
        sheets,
    })
}

/// Encoding per column as the table shows it: the column's legacy encoding when its header or
/// data cells hold non-ASCII text, else none (ASCII: numbers, codes) — titles above the table
/// and the footer do not count.
fn table_encodings(g: &SheetGrid, t: &layout::Table) -> Vec<Option<crate::text::Encoding>> {
    let rows: Vec<usize> = t
        .header_rows
        .iter()
        .map(|r| *r as usize)
        .chain(t.data_rows.iter().map(|d| d.row as usize))
        .collect();
    (0..g.width())
        .map(|c| {
            let non_ascii = rows
                .iter()
                .any(|&r| matches!(g.cell(r, c), crate::model::Cell::Text(s) if !s.is_ascii()));
            if non_ascii {
                g.column_encodings.get(c).copied().flatten()
            } else {
                None
            }
        })
        .collect()
}

/// Spreadsheet column letter of a 0-based column (0 → A, 26 → AA).
pub use crate::rules::columns::letters as col_letter;

impl InspectReport {
    pub fn has_errors(&self) -> bool {
        self.sheets
            .iter()
            .any(|s| matches!(s.outcome, Err((true, _))))
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Tệp {} (quy tắc: {})", self.file, self.kind);
        for s in &self.sheets {
            let name = if s.sheet.is_empty() {
                "(CSV)".to_string()
            } else {
                format!("\"{}\"", s.sheet)
            };
            match &s.outcome {
                Err((true, m)) => {
                    let _ = writeln!(out, "  Sheet {name}: LỖI — {m}");
                }
                Err((false, m)) => {
                    let _ = writeln!(out, "  Sheet {name}: bỏ qua — {m}");
                }
                Ok(t) => {
                    let rows = |v: &[u32]| {
                        v.iter()
                            .map(|r| (r + 1).to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    let first = t.data_rows.first().map(|d| d.row + 1).unwrap_or(0);
                    let last = t.data_rows.last().map(|d| d.row + 1).unwrap_or(0);
                    let _ = writeln!(out, "  Sheet {name}:");
                    if let Some(e) = &s.file_encoding {
                        let _ = writeln!(out, "    mã hóa tệp: {e}");
                    }
                    match &t.continued_from {
                        Some(from) => {
                            let _ = writeln!(
                                out,
                                "    không có dòng tiêu đề cột: đọc tiếp danh sách của sheet \"{from}\" với các cột của sheet đó"
                            );
                        }
                        None => {
                            let _ = writeln!(out, "    dòng tiêu đề cột: {}", rows(&t.header_rows));
                        }
                    }
                    if let Some(n) = t.numbering_row {
                        let _ = writeln!(out, "    dòng đánh số cột: {}", n + 1);
                    }
                    let _ = writeln!(
                        out,
                        "    dữ liệu: {} dòng người, từ dòng {first} đến {last}",
                        t.data_rows.len()
                    );
                    if let Some(f) = t.footer_start {
                        let _ = writeln!(out, "    chân trang từ dòng {}", f + 1);
                    }
                    if let Some(ctx) = &s.context {
                        let lines = ctx.describe_lines_vi();
                        if lines.is_empty() {
                            let _ = writeln!(out, "    địa bàn của danh sách: không thấy");
                        } else {
                            let _ = writeln!(out, "    địa bàn của danh sách: {}", lines[0]);
                            for l in &lines[1..] {
                                let _ = writeln!(out, "      {l}");
                            }
                        }
                    }
                    let counts = t
                        .skipped_counts()
                        .into_iter()
                        .map(|(role, n)| format!("{} {n}", role_short_vi(role)))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let _ = writeln!(
                        out,
                        "    số dòng: {} dòng trong sheet, {} dòng người; bỏ qua: {}",
                        s.total_rows,
                        t.data_rows.len(),
                        if counts.is_empty() {
                            "không".to_string()
                        } else {
                            counts
                        }
                    );
                    let _ = writeln!(out, "    cột:");
                    for c in &t.columns {
                        let enc = format!(
                            " [mã {}]",
                            encoding_label(s.encodings.get(c.index).copied().flatten())
                        );
                        match (&c.field, &c.synonym) {
                            (Some(f), Some(syn)) => {
                                let _ = writeln!(
                                    out,
                                    "      {:>3} \"{}\" → {} (khớp \"{}\"){}",
                                    col_letter(c.index),
                                    c.label,
                                    f.label_vi(),
                                    syn,
                                    enc
                                );
                            }
                            _ => {
                                let _ = writeln!(
                                    out,
                                    "      {:>3} \"{}\" → (không dùng){}",
                                    col_letter(c.index),
                                    c.label,
                                    enc
                                );
                            }
                        }
                    }
                    let skipped: Vec<_> = t
                        .skipped
                        .iter()
                        .filter(|s| !matches!(s.role, layout::RowRole::Header))
                        .collect();
                    if !s.warnings.is_empty() {
                        let _ = writeln!(out, "    cảnh báo ô:");
                        for w in &s.warnings {
                            let _ = writeln!(
                                out,
                                "      ô {}{}: {}",
                                col_letter(w.col as usize),
                                w.row + 1,
                                w.message
                            );
                        }
                    }
                    if !skipped.is_empty() {
                        let _ = writeln!(out, "    dòng bỏ qua:");
                        for sk in skipped {
                            let _ = writeln!(
                                out,
                                "      dòng {:>4}: {} — {}",
                                sk.row + 1,
                                sk.role.reason_vi(),
                                truncate(&sk.text, 70)
                            );
                        }
                    }
                }
            }
        }
        out
    }

    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "file": self.file,
            "kind": self.kind,
            "sheets": self.sheets.iter().map(|s| match &s.outcome {
                Ok(t) => json!({
                    "sheet": s.sheet,
                    "status": "table",
                    "file_encoding": s.file_encoding,
                    "header_rows": t.header_rows.iter().map(|r| r + 1).collect::<Vec<_>>(),
                    "continued_from": t.continued_from,
                    "numbering_row": t.numbering_row.map(|r| r + 1),
                    "data_range": {
                        "first": t.data_rows.first().map(|d| d.row + 1),
                        "last": t.data_rows.last().map(|d| d.row + 1),
                    },
                    "data_rows": t.data_rows.iter().map(|d| d.row + 1).collect::<Vec<_>>(),
                    "footer_start": t.footer_start.map(|r| r + 1),
                    "context": s.context.as_ref().map(|c| c.to_json()),
                    "row_counts": {
                        "sheet": s.total_rows,
                        "data": t.data_rows.len(),
                        "skipped": t.skipped_counts(),
                    },
                    "columns": t.columns.iter().map(|c| json!({
                        "column": col_letter(c.index),
                        "label": c.label,
                        "field": c.field,
                        "synonym": c.synonym,
                        "encoding": encoding_label(s.encodings.get(c.index).copied().flatten()),
                    })).collect::<Vec<_>>(),
                    "skipped": t.skipped.iter().map(|k| json!({
                        "row": k.row + 1,
                        "role": k.role,
                        "reason": k.role.reason_vi(),
                        "text": k.text,
                    })).collect::<Vec<_>>(),
                    "warnings": s.warnings.iter().map(|w| json!({
                        "cell": format!("{}{}", col_letter(w.col as usize), w.row + 1),
                        "message": w.message,
                    })).collect::<Vec<_>>(),
                }),
                Err((is_error, m)) => json!({
                    "sheet": s.sheet,
                    "status": if *is_error { "error" } else { "skipped" },
                    "file_encoding": s.file_encoding,
                    "message": m,
                }),
            }).collect::<Vec<_>>(),
        })
    }
}

fn role_short_vi(role: layout::RowRole) -> &'static str {
    use layout::RowRole;
    match role {
        RowRole::Title => "tiêu đề",
        RowRole::Header => "tiêu đề cột",
        RowRole::Numbering => "đánh số cột",
        RowRole::Blank => "trống",
        RowRole::Subheader => "tiêu đề nhóm",
        RowRole::Total => "tổng cộng",
        RowRole::Footer => "chân trang",
        RowRole::NoPerson => "không có người",
        RowRole::RepeatedHeader => "tiêu đề cột lặp lại",
        RowRole::Note => "ghi chú",
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n).collect::<String>() + "…"
    }
}
