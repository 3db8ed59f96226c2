//! The inputs that once crashed a fuzz target (and a seed per target), run through the same
//! bodies as `fuzz/` (`doikhop::fuzzing`): each must now return normally.

use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz-regressions")
}

#[test]
fn every_kept_fuzz_input_runs_without_a_panic() {
    let mut ran = 0;
    for (target, body) in doikhop::fuzzing::TARGETS {
        let Ok(entries) = std::fs::read_dir(dir().join(target)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            let outcome = std::panic::catch_unwind(|| body(&bytes));
            assert!(outcome.is_ok(), "{target}: {} panics", f.display());
            ran += 1;
        }
    }
    assert!(ran > 0, "no fuzz regression inputs in {}", dir().display());
}

#[test]
fn the_bad_corpus_goes_through_the_workbook_target() {
    let bad = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad");
    for e in std::fs::read_dir(bad).unwrap().flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        doikhop::fuzzing::workbook_bytes(&bytes);
    }
}
