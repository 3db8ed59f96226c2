//! Outputs: `results.csv`, per input `<stem>.sach.xlsx` and `<stem>.sai-lech.xlsx`, the run
//! summary `tong-hop.xlsx` and the manifest `run.json`. Every file is written under a temporary
//! name and renamed when complete.

pub mod lists;
pub mod manifest;
pub mod reasons;
pub mod results;
pub mod style;
pub mod summary;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::pipeline::{OutputOptions, RunReport};
use crate::registry::Registry;

/// Names of the files written for one input.
pub fn output_names(input_name: &str) -> (String, String) {
    let stem = Path::new(input_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| input_name.to_string());
    (format!("{stem}.sach.xlsx"), format!("{stem}.sai-lech.xlsx"))
}

/// Write every output of a run into `out`. Returns the files written.
pub fn write_all(report: &RunReport, reg: &Registry, out: &Path) -> Result<Vec<PathBuf>> {
    write_all_with(report, reg, out, OutputOptions::default())
}

/// [`write_all`] with output options; the time spent writing goes into `run.json`.
pub fn write_all_with(
    report: &RunReport,
    reg: &Registry,
    out: &Path,
    options: OutputOptions,
) -> Result<Vec<PathBuf>> {
    let started = std::time::Instant::now();
    let mask = options.mask_ids;
    std::fs::create_dir_all(out).map_err(|e| Error::output(out, e))?;
    let mut written = Vec::new();
    let results = out.join("results.csv");
    results::write(report, reg, &results)?;
    written.push(results);
    for (index, input) in report.inputs.iter().enumerate() {
        if input.error.is_some() {
            continue;
        }
        let (clean, verify) = output_names(&input.name);
        let clean = out.join(clean);
        lists::write_clean(report, reg, index, &clean, mask)?;
        written.push(clean);
        let verify = out.join(verify);
        lists::write_verification(report, reg, index, &verify, mask)?;
        written.push(verify);
    }
    let summary = out.join("tong-hop.xlsx");
    summary::write(report, reg, &summary, options)?;
    written.push(summary);
    let manifest = out.join("run.json");
    let write_seconds = started.elapsed().as_secs_f64();
    manifest::write(report, reg, &manifest, options, write_seconds)?;
    written.push(manifest);
    Ok(written)
}

/// Save a workbook atomically.
pub fn save_workbook(wb: &mut rust_xlsxwriter::Workbook, path: &Path) -> Result<()> {
    let tmp = crate::util::temp_path(path);
    wb.save(&tmp).map_err(|e| Error::output(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::output(path, e))
}
