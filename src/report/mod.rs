//! Outputs: `results.csv`, per input `<stem>.sach.xlsx` and `<stem>.sai-lech.xlsx`, the run
//! summary `tong-hop.xlsx` and the manifest `run.json`. Every file is written under a temporary
//! name and renamed when complete.

pub mod check;
pub mod document;
pub mod lists;
pub mod manifest;
pub mod names;
pub mod outdir;
pub mod reasons;
pub mod rendered;
pub mod results;
pub mod style;
pub mod summary;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::results::{OutputOptions, RunReport};
use crate::stages::Stages;

/// Write every output of a run into `out`. Returns the files written.
///
/// Nothing is half-written: every file is first written into a hidden staging folder inside
/// `out`; only when all of them are complete are they moved into place (a rename each). A failure
/// removes the staging folder, so `out` holds either the previous run's files or the whole new
/// set. No output may replace one of the run's inputs.
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
    let mut stages = Stages::new(crate::stages::Show::Silent);
    for s in &report.stages {
        stages.push(s.clone());
    }
    write_all_staged(report, reg, out, options, &mut stages)
}

/// [`write_all_with`], measuring the stages `write_results_csv` and `write_workbooks` (the
/// per-input workbooks and tong-hop.xlsx; run.json, written last, holds every stage in
/// `stages` and is itself in no figure).
pub fn write_all_staged(
    report: &RunReport,
    reg: &Registry,
    out: &Path,
    options: OutputOptions,
    stages: &mut Stages,
) -> Result<Vec<PathBuf>> {
    let started = std::time::Instant::now();
    std::fs::create_dir_all(out).map_err(|e| Error::output(out, e))?;
    // No other run writes here meanwhile (the CLI has locked the folder already: then no-op).
    let _lock = outdir::lock(out)?;
    let names = planned_names(report);
    refuse_clobbering(report, out, &names)?;
    let staging = out.join(outdir::staging_name());
    std::fs::create_dir_all(&staging).map_err(|e| Error::output(&staging, e))?;
    let result = write_into(report, reg, &staging, options, started, stages).and_then(|()| {
        let mut written = Vec::with_capacity(names.len());
        for name in &names {
            let target = out.join(name);
            std::fs::rename(staging.join(name), &target).map_err(|e| Error::output(&target, e))?;
            written.push(target);
        }
        Ok(written)
    });
    let _ = std::fs::remove_dir_all(&staging);
    result
}

/// The workbook names of each input (None for an input that failed): see
/// [`names::output_stems`] (safe, within the file-name limit, unique in the folder).
pub fn list_output_names(report: &RunReport) -> Vec<Option<(String, String)>> {
    let inputs: Vec<Option<&str>> = report
        .inputs
        .iter()
        .map(|i| i.error.is_none().then_some(i.name.as_str()))
        .collect();
    names::output_stems(&inputs)
        .into_iter()
        .map(|s| s.map(|base| (format!("{base}.sach.xlsx"), format!("{base}.sai-lech.xlsx"))))
        .collect()
}

/// The file names a run writes, in the order they are written.
fn planned_names(report: &RunReport) -> Vec<String> {
    let mut names = vec!["results.csv".to_string()];
    for (clean, verify) in list_output_names(report).into_iter().flatten() {
        names.push(clean);
        names.push(verify);
    }
    names.push("tong-hop.xlsx".into());
    names.push("run.json".into());
    names
}

/// Refuse, before anything is written, an output that would replace an input or a folder.
fn refuse_clobbering(report: &RunReport, out: &Path, names: &[String]) -> Result<()> {
    let inputs: Vec<PathBuf> = report
        .inputs
        .iter()
        .filter_map(|i| Path::new(&i.path).canonicalize().ok())
        .chain(Path::new(&report.residents_path).canonicalize().ok())
        .collect();
    for name in names {
        let target = out.join(name);
        if target.is_dir() {
            return Err(Error::output(
                &target,
                "đã có một thư mục trùng tên tệp kết quả; không ghi được",
            ));
        }
        if let Ok(canonical) = target.canonicalize()
            && inputs.contains(&canonical)
        {
            return Err(Error::output(
                &target,
                "tệp kết quả trùng với một tệp đầu vào; không bao giờ ghi đè tệp đầu vào — hãy chọn thư mục --out khác",
            ));
        }
    }
    Ok(())
}

fn write_into(
    report: &RunReport,
    reg: &Registry,
    dir: &Path,
    options: OutputOptions,
    started: std::time::Instant,
    stages: &mut Stages,
) -> Result<()> {
    stages.run("write_results_csv", || {
        results::write(report, reg, &dir.join("results.csv"))
    })?;
    stages.run("write_workbooks", || -> Result<()> {
        // The workbooks are independent files: written side by side, one per thread.
        enum Book {
            Clean(usize, PathBuf),
            Verify(usize, PathBuf),
            Summary(PathBuf),
        }
        let mut books = Vec::new();
        for (index, names) in list_output_names(report).into_iter().enumerate() {
            if let Some((clean, verify)) = names {
                books.push(Book::Clean(index, dir.join(clean)));
                books.push(Book::Verify(index, dir.join(verify)));
            }
        }
        books.push(Book::Summary(dir.join("tong-hop.xlsx")));
        use rayon::prelude::*;
        books
            .par_iter()
            .map(|book| match book {
                Book::Clean(i, path) => lists::write_clean(report, reg, *i, path, options.mask_ids),
                Book::Verify(i, path) => {
                    lists::write_verification(report, reg, *i, path, options.mask_ids)
                }
                Book::Summary(path) => summary::write(report, reg, path, options),
            })
            .collect::<Result<Vec<()>>>()
            .map(|_| ())
    })?;
    let write_seconds = started.elapsed().as_secs_f64();
    manifest::write(
        report,
        reg,
        &dir.join("run.json"),
        options,
        write_seconds,
        stages.all(),
    )
}

/// Columns of an Excel sheet.
pub const EXCEL_MAX_COLS: usize = 16_384;
/// Characters of an Excel cell.
pub const EXCEL_MAX_CHARS: usize = 32_767;

/// Text as a cell can hold it: longer text (a 1 MB cell of a broken list) is cut, with a mark;
/// characters XML cannot carry (U+FFFE, U+FFFF) are removed (control characters are written
/// escaped, `_x0001_`, by rust_xlsxwriter).
pub fn excel_text(s: &str) -> std::borrow::Cow<'_, str> {
    // U+FFFE and U+FFFF are the only characters of a Rust string that XML refuses and
    // rust_xlsxwriter does not escape; both start with byte 0xEF in UTF-8.
    if s.as_bytes().contains(&0xEF) {
        let kept = names::xml_text(s);
        if let std::borrow::Cow::Owned(kept) = kept {
            return std::borrow::Cow::Owned(excel_text(&kept).into_owned());
        }
    }
    // Excel counts UTF-16 units; a char is at most two.
    if s.len() <= EXCEL_MAX_CHARS || s.encode_utf16().count() <= EXCEL_MAX_CHARS {
        return std::borrow::Cow::Borrowed(s);
    }
    const MARK: &str = " …[đã cắt bớt]";
    let budget = EXCEL_MAX_CHARS - MARK.encode_utf16().count();
    let mut units = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > budget {
            break;
        }
        end = i + c.len_utf8();
    }
    std::borrow::Cow::Owned(format!("{}{MARK}", &s[..end]))
}

/// Save a workbook atomically and checked ([`check::check_workbook`]); a failed save or check
/// leaves no temporary file behind.
pub fn save_workbook(wb: &mut rust_xlsxwriter::Workbook, path: &Path) -> Result<()> {
    let tmp = crate::util::temp_path(path);
    if let Err(e) = wb.save(&tmp) {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::output(path, e));
    }
    // Checked before it is handed over: a workbook that would not open is an error, not a file.
    if let Err(e) = check::check_workbook(&tmp) {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::output(
            path,
            format!("bảng tính vừa ghi không đạt kiểm tra, không được giao: {e}"),
        ));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::output(path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_what_a_cell_holds() {
        assert_eq!(excel_text("Nguyễn Văn An"), "Nguyễn Văn An");
        let long = "Trần Thị ".repeat(10_000);
        let cut = excel_text(&long);
        assert!(cut.encode_utf16().count() <= EXCEL_MAX_CHARS);
        assert!(cut.ends_with("[đã cắt bớt]") && long.starts_with(cut.split(" …").next().unwrap()));
    }

    #[test]
    fn a_failed_save_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // The folder does not exist: the save fails.
        let path = dir.path().join("khong-co").join("x.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet();
        assert!(save_workbook(&mut wb, &path).is_err());
        // A folder where the workbook should go: the rename fails, the temp file is removed.
        let path = dir.path().join("y.xlsx");
        std::fs::create_dir(&path).unwrap();
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet();
        assert!(save_workbook(&mut wb, &path).is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("y.xlsx")]);
    }
}
