//! The output workbooks read back with calamine, and opened by LibreOffice when it is installed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};

use super::support::{fixture_run, read_csv};

fn sheets(path: &Path) -> BTreeMap<String, Vec<Vec<Data>>> {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            (n, r.rows().map(|r| r.to_vec()).collect())
        })
        .collect()
}

fn outputs() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in fixture_run().outs.values() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|e| e == "xlsx") {
                v.push(p);
            }
        }
    }
    v.sort();
    v
}

#[test]
fn clean_and_verification_workbooks_hold_the_right_rows() {
    for dir in fixture_run().outs.values() {
        let results = read_csv(&dir.join("results.csv"));
        let mut per_file: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for r in &results {
            let e = per_file.entry(r["source_file"].clone()).or_default();
            if r["status"] == "matched" {
                e.0 += 1
            } else {
                e.1 += 1
            }
        }
        for (file, (matched, other)) in per_file {
            let stem = Path::new(&file)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .to_string();
            // Clean list: one data row per matched row, each with a 12-digit registry ID.
            let clean = sheets(&dir.join(format!("{stem}.sach.xlsx")));
            let mut clean_rows = 0;
            for rows in clean.values() {
                let header = &rows[3];
                let id_col = header
                    .iter()
                    .position(|c| c.to_string() == "Số định danh cá nhân (CSDLQG)")
                    .unwrap();
                for r in &rows[4..] {
                    let id = r[id_col].to_string();
                    assert!(
                        id.len() == 12 && id.chars().all(|c| c.is_ascii_digit()),
                        "{id}"
                    );
                    clean_rows += 1;
                }
            }
            assert_eq!(clean_rows, matched, "{file}");
            // Verification list: the "all" sheet holds every other row once; commune sheets too.
            let verify = sheets(&dir.join(format!("{stem}.sai-lech.xlsx")));
            let all = &verify["Tất cả"];
            assert_eq!(all[3][0].to_string(), "STT");
            let data: Vec<&Vec<Data>> = all[4..]
                .iter()
                .filter(|r| matches!(&r[0], Data::String(s) if s.parse::<u32>().is_ok()))
                .collect();
            assert_eq!(data.len(), other, "{file}");
            let in_communes: usize = verify
                .iter()
                .filter(|(n, _)| n.as_str() != "Tất cả")
                .map(|(_, rows)| {
                    rows[4..]
                        .iter()
                        .filter(|r| matches!(&r[0], Data::String(s) if s.parse::<u32>().is_ok()))
                        .count()
                })
                .sum();
            assert_eq!(in_communes, other, "{file}");
            for r in data {
                assert!(!r[5].to_string().is_empty(), "every row has a reason");
            }
        }
        let summary = sheets(&dir.join("tong-hop.xlsx"));
        assert!(summary.contains_key("Tổng hợp") && summary.contains_key("Dòng, sheet bỏ qua"));
    }
}

#[test]
fn libreoffice_opens_every_workbook() {
    let Ok(status) = std::process::Command::new("soffice")
        .arg("--version")
        .output()
    else {
        eprintln!("SKIPPED: LibreOffice (soffice) is not installed; .ci/run installs it");
        return;
    };
    assert!(status.status.success());
    let dir = tempfile::tempdir().unwrap();
    let files = outputs();
    let mut cmd = std::process::Command::new("soffice");
    cmd.args([
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
    ])
    .arg(dir.path());
    for f in &files {
        cmd.arg(f);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in &files {
        let pdf = dir
            .path()
            .join(Path::new(f).with_extension("pdf").file_name().unwrap());
        let len = std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0);
        assert!(len > 1000, "{} did not convert", f.display());
    }
}
