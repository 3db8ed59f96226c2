//! `run.json`: what was read, with checksums, counts and every skipped sheet and row.

use std::path::Path;

use serde_json::json;

use crate::error::{Error, Result};
use crate::matching::Status;
use crate::pipeline::RunReport;
use crate::registry::Registry;

pub fn render(report: &RunReport, reg: &Registry) -> serde_json::Value {
    let (y, m, d) = report.date;
    let counts: serde_json::Map<String, serde_json::Value> = Status::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), json!(report.count(*s))))
        .collect();
    json!({
        "doikhop_version": env!("CARGO_PKG_VERSION"),
        "date": format!("{y:04}-{m:02}-{d:02}"),
        "kind": report.rules.kind,
        "rules_sha256": crate::util::sha256_bytes(report.rules.fingerprint().as_bytes()),
        "residents": {
            "path": report.residents_path,
            "sha256": report.residents_sha256,
            "stats": reg.stats,
            "columns": reg.mapping.iter().map(|(h, f)| json!({"header": h, "field": f})).collect::<Vec<_>>(),
        },
        "inputs": report.inputs,
        "rows": report.rows.len(),
        "counts": counts,
        "sheets": report.sheets.iter().map(|s| json!({
            "file": s.file, "sheet": s.sheet, "rows": s.rows.len(),
            "columns": s.columns,
        })).collect::<Vec<_>>(),
        "sheet_problems": report.sheet_problems,
        "skipped_rows": report.skipped_rows,
    })
}

pub fn write(report: &RunReport, reg: &Registry, path: &Path) -> Result<()> {
    let text =
        serde_json::to_string_pretty(&render(report, reg)).map_err(|e| Error::output(path, e))?;
    let tmp = crate::util::temp_path(path);
    std::fs::write(&tmp, text).map_err(|e| Error::output(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::output(path, e))
}
