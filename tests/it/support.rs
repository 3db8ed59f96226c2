//! Shared helpers: run the fixtures once per test binary and read CSV files back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use doikhop::pipeline::{MatchJob, match_with_registry};
use doikhop::registry::Registry;
use doikhop::rules::{KINDS, Rules};

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The fixture lists of each kind.
pub fn fixture_lists() -> BTreeMap<&'static str, Vec<PathBuf>> {
    let mut map: BTreeMap<&'static str, Vec<PathBuf>> = BTreeMap::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    for f in files {
        if let Some(k) = doikhop::rules::kind_of(&f) {
            map.entry(k).or_default().push(f);
        }
    }
    map
}

pub struct FixtureRun {
    pub _dir: tempfile::TempDir,
    /// Output folder per kind.
    pub outs: BTreeMap<&'static str, PathBuf>,
}

/// Match every fixture list (once per test process) and keep the outputs.
pub fn fixture_run() -> &'static FixtureRun {
    static RUN: OnceLock<FixtureRun> = OnceLock::new();
    RUN.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let date = (2026, 11, 22);
        let registry = Registry::load(
            &fixtures().join("residents.csv"),
            &Rules::builtin("residents").unwrap(),
            date.0,
        )
        .unwrap();
        let mut outs = BTreeMap::new();
        for (kind, inputs) in fixture_lists() {
            assert!(KINDS.contains(&kind));
            let out = dir.path().join(kind);
            let job = MatchJob {
                inputs,
                residents: fixtures().join("residents.csv"),
                rules: Rules::builtin(kind).unwrap(),
                out: out.clone(),
            };
            let report = match_with_registry(&job, &registry, date).unwrap();
            doikhop::report::write_all(&report, &registry, &out).unwrap();
            outs.insert(kind, out);
        }
        FixtureRun { _dir: dir, outs }
    })
}

/// Read a CSV with a header into maps of column → value.
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Every sheet of a workbook as rows of display text (dates as dd/mm/yyyy).
pub fn sheet_texts(path: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            let rows = r
                .rows()
                .map(|r| r.iter().map(doikhop::apply::read::cell_text).collect())
                .collect();
            (n, rows)
        })
        .collect()
}

/// The XML parts of an xlsx file whose name starts with `prefix`, by name.
pub fn xml_parts(path: &Path, prefix: &str) -> BTreeMap<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name.starts_with(prefix) {
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            out.insert(name, s);
        }
    }
    out
}

/// Copy the output folder of a run (so a test can add files to it).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

/// A filled-in verification workbook as a person would save it: a title row, the header and the
/// rows in the given order; "Dòng" typed as a number, "Ngày xác minh" as a real date when it
/// reads as dd/mm/yyyy, everything else as text.
pub fn write_filled(path: &Path, sheet: &str, header: &[String], rows: &[Vec<String>]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    ws.write_string(0, 0, "DANH SÁCH CẦN XÁC MINH (đã điền)")
        .unwrap();
    let date_fmt = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16, h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = 3 + r as u32;
        for (c, v) in row.iter().enumerate() {
            let c16 = c as u16;
            let parts: Vec<u16> = v.split('/').filter_map(|p| p.parse().ok()).collect();
            if header[c] == "Dòng" && v.parse::<f64>().is_ok() {
                ws.write_number(r, c16, v.parse::<f64>().unwrap()).unwrap();
            } else if header[c] == "Ngày xác minh" && parts.len() == 3 {
                let d = rust_xlsxwriter::ExcelDateTime::from_ymd(
                    parts[2],
                    parts[1] as u8,
                    parts[0] as u8,
                )
                .unwrap();
                ws.write_datetime_with_format(r, c16, &d, &date_fmt)
                    .unwrap();
            } else if !v.is_empty() {
                ws.write_string(r, c16, v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}
