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
    let grids = ingest::read_grids(path)?;
    let sheets = grids
        .into_iter()
        .map(|mut g: SheetGrid| {
            if g.is_blank() {
                return SheetInspection {
                    sheet: g.name.clone(),
                    outcome: Err((false, "sheet trống".into())),
                    encodings: vec![],
                };
            }
            g.decode_legacy_text();
            let outcome = layout::find_table(&g, rules).map_err(|e| match e {
                layout::NoTable::NoPersonTable(m) => (false, m),
                layout::NoTable::Unrecognised(m) => (true, m),
            });
            SheetInspection {
                sheet: g.name.clone(),
                outcome,
                encodings: g.column_encodings.clone(),
            }
        })
        .collect();
    Ok(InspectReport {
        file: ingest::file_name(path),
        kind: rules.kind.clone(),
        sheets,
    })
}

fn col_letter(mut c: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (c % 26) as u8) as char);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s
}

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
                    let _ = writeln!(out, "    dòng tiêu đề cột: {}", rows(&t.header_rows));
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
                    let _ = writeln!(out, "    cột:");
                    for c in &t.columns {
                        let enc = s
                            .encodings
                            .get(c.index)
                            .copied()
                            .flatten()
                            .map(|e| format!(" [mã {e:?}]"))
                            .unwrap_or_default();
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
                    "header_rows": t.header_rows.iter().map(|r| r + 1).collect::<Vec<_>>(),
                    "numbering_row": t.numbering_row.map(|r| r + 1),
                    "data_rows": t.data_rows.iter().map(|d| d.row + 1).collect::<Vec<_>>(),
                    "footer_start": t.footer_start.map(|r| r + 1),
                    "columns": t.columns.iter().map(|c| json!({
                        "column": col_letter(c.index),
                        "label": c.label,
                        "field": c.field,
                        "synonym": c.synonym,
                        "encoding": s.encodings.get(c.index).copied().flatten(),
                    })).collect::<Vec<_>>(),
                    "skipped": t.skipped.iter().map(|k| json!({"row": k.row + 1, "role": k.role, "text": k.text})).collect::<Vec<_>>(),
                }),
                Err((is_error, m)) => json!({
                    "sheet": s.sheet,
                    "status": if *is_error { "error" } else { "skipped" },
                    "message": m,
                }),
            }).collect::<Vec<_>>(),
        })
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n).collect::<String>() + "…"
    }
}
