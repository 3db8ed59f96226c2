//! `run.json`: what was read, with checksums, counts and every skipped sheet and row.

use std::path::Path;

use serde_json::json;

use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::results::{OutputOptions, RunReport, Status, Which};
use crate::stages::StageStats;

/// The manifest. `write_seconds` is the time spent writing the other outputs; `stages` are the
/// measured stages of the run, in order (wall, CPU seconds and peak RSS bytes; `null` where the
/// system does not tell).
pub fn render(
    report: &RunReport,
    reg: &Registry,
    options: OutputOptions,
    write_seconds: f64,
    stages: &[StageStats],
) -> serde_json::Value {
    let (y, m, d) = report.date;
    let counts: serde_json::Map<String, serde_json::Value> = Status::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), json!(report.count(*s))))
        .collect();
    let mut timings = serde_json::Map::new();
    for (stage, secs) in &report.timings {
        timings.insert(stage.clone(), json!(round_ms(*secs)));
    }
    timings.insert("write".into(), json!(round_ms(write_seconds)));
    json!({
        "doikhop_version": env!("CARGO_PKG_VERSION"),
        "date": format!("{y:04}-{m:02}-{d:02}"),
        "kind": report.rules.kind,
        "rules": {
            "kind": report.rules.kind,
            "title": report.rules.title,
            "sha256": crate::util::sha256_bytes(report.rules.fingerprint().as_bytes()),
        },
        "rules_sha256": crate::util::sha256_bytes(report.rules.fingerprint().as_bytes()),
        "model": model_section(report),
        "mask_ids": options.mask_ids,
        "timings_seconds": timings,
        "stages": stages.iter().map(|s| {
            let mut stage = json!({
                "stage": s.stage,
                "wall_seconds": round_ms(s.wall_seconds),
                "cpu_seconds": s.cpu_seconds.map(round_ms),
                "peak_rss_bytes": s.peak_rss_bytes,
            });
            // two stages that ran at the same time name each other
            if let Some(other) = &s.alongside {
                stage["alongside"] = json!(other);
            }
            stage
        }).collect::<Vec<_>>(),
        "residents": {
            "path": report.residents_path,
            "sha256": report.residents_sha256,
            "stats": reg.stats,
            "columns": reg.mapping.iter().map(|(h, f)| json!({"header": h, "field": f})).collect::<Vec<_>>(),
        },
        "inputs": inputs_section(report),
        "rows": report.rows.len(),
        "counts": counts,
        "sheets": report.sheets.iter().map(|s| json!({
            "file": s.file, "sheet": s.sheet, "rows": s.rows.len(),
            "columns": s.columns,
            "context": s.context.to_json(),
            "heading": super::document::Heading::of_sheet(&s.titles, &s.context.list).to_json(),
        })).collect::<Vec<_>>(),
        "cut": cut_section(report),
        "skipped_sheets": report.sheet_problems.iter().filter(|p| p.kind == "skipped").collect::<Vec<_>>(),
        "sheet_problems": report.sheet_problems,
        "cell_warnings": report.cell_warnings,
        "skipped_rows": report.skipped_rows,
    })
}

/// Each input: its path, its name in results.csv (`name`, with its folder when two inputs share a
/// file name), SHA-256 and error; `resolved_path` when it was given as a symbolic link; the
/// workbooks written for it (`outputs`).
fn inputs_section(report: &RunReport) -> Vec<serde_json::Value> {
    let outputs = super::list_output_names(report);
    report
        .inputs
        .iter()
        .zip(outputs)
        .map(|(input, outputs)| {
            let mut v = json!(input);
            let path = Path::new(&input.path);
            if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                v["resolved_path"] = json!(path.canonicalize().ok());
            }
            if let Some((clean, verify)) = outputs {
                v["outputs"] = json!({"clean": clean, "verify": verify});
            }
            v
        })
        .collect()
}

/// What the workbooks could not hold whole: a sheet wider than Excel (a CSV may have any number
/// of columns) keeps its first columns in `<stem>.sach.xlsx`; results.csv has every row.
fn cut_section(report: &RunReport) -> Vec<serde_json::Value> {
    let kept = super::EXCEL_MAX_COLS - super::lists::CLEAN_ADDED.len();
    let names = super::list_output_names(report);
    report
        .sheets
        .iter()
        .filter(|s| s.columns.len() > kept)
        .map(|s| {
            let workbook = names
                .get(s.file_index)
                .and_then(|n| n.as_ref())
                .map(|(clean, _)| clean.clone());
            json!({
                "file": s.file,
                "sheet": s.sheet,
                "workbook": workbook,
                "columns": s.columns.len(),
                "columns_kept": kept,
                "message": format!(
                    "sheet có {} cột; danh sách sạch giữ {kept} cột đầu (Excel chứa tối đa {} cột, {} cột do doikhop thêm); results.csv có đủ mọi dòng",
                    s.columns.len(),
                    super::EXCEL_MAX_COLS,
                    super::lists::CLEAN_ADDED.len()
                ),
            })
        })
        .collect()
}

/// The model the comparisons weighed with: where it came from, what EM did, its m and u.
fn model_section(report: &RunReport) -> serde_json::Value {
    let model = &report.rules.matching.model;
    let run = &report.model;
    json!({
        "source": model.source,
        "path": run.path,
        "made_for_kind": run.other_kind,
        "em": run.em,
        "estimated_by_em": model.em,
        "warnings": run.warnings,
        "m": model.table(Which::M),
        "u": model.table(Which::U),
    })
}

fn round_ms(secs: f64) -> f64 {
    (secs * 1000.0).round() / 1000.0
}

pub fn write(
    report: &RunReport,
    reg: &Registry,
    path: &Path,
    options: OutputOptions,
    write_seconds: f64,
    stages: &[StageStats],
) -> Result<()> {
    let text = serde_json::to_string_pretty(&render(report, reg, options, write_seconds, stages))
        .map_err(|e| Error::output(path, e))?;
    let tmp = crate::util::temp_path(path);
    std::fs::write(&tmp, text).map_err(|e| Error::output(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::output(path, e))
}
