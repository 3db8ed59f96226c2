//! `results.csv`: the stable machine-readable contract, one line per data row of every sheet.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::results::{RunReport, Status};

pub const HEADER: [&str; 9] = [
    "source_file",
    "sheet",
    "row",
    "status",
    "resident_id",
    "score",
    "discrepancies",
    "corrections",
    "candidates",
];

/// A text value that a spreadsheet would take for a formula is prefixed with an apostrophe.
pub fn csv_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

pub fn render(report: &RunReport, reg: &Registry) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = w.write_record(HEADER);
    for r in &report.rows {
        let d = &r.decision;
        let resident_id = d
            .resident
            .map(|i| reg.id_digits(i).as_str().to_string())
            .unwrap_or_default();
        let score = if d.resident.is_some() {
            format!("{:.4}", d.score)
        } else {
            String::new()
        };
        let discrepancies: Vec<&str> = d.discrepancies.iter().map(|x| x.as_str()).collect();
        let candidates: Vec<String> = if d.status == Status::Ambiguous {
            let mut ids: Vec<String> = d
                .candidates
                .iter()
                .map(|(i, _)| reg.id_digits(*i).as_str().to_string())
                .collect();
            ids.sort();
            ids
        } else {
            Vec::new()
        };
        let _ = w.write_record([
            csv_safe(&r.at.file),
            csv_safe(&r.at.sheet),
            r.at.row.to_string(),
            d.status.as_str().to_string(),
            resident_id,
            score,
            discrepancies.join(";"),
            d.corrections.join(";"),
            candidates.join(";"),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

pub fn write(report: &RunReport, reg: &Registry, path: &Path) -> Result<()> {
    let bytes = render(report, reg);
    let tmp = crate::util::temp_path(path);
    let mut f = std::fs::File::create(&tmp).map_err(|e| Error::output(&tmp, e))?;
    f.write_all(&bytes).map_err(|e| Error::output(&tmp, e))?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(|e| Error::output(path, e))
}
