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
        if let Some(k) = doikhop::cli::kind_of(&f) {
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
