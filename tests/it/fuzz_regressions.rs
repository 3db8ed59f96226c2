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

mod random_bytes {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        /// A short in-suite fuzz of the text targets with random bytes and random Vietnamese-ish
        /// text (the long runs are in `fuzz/`, see docs/FUZZING.md).
        #[test]
        fn text_targets_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200), text in "[ -~àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ|\t\n0-9/.-]{0,80}") {
            for (name, body) in doikhop::fuzzing::TARGETS {
                if name == "workbook" {
                    continue;
                }
                body(&bytes);
                body(text.as_bytes());
            }
        }
    }
}

/// calamine 0.38 panics (overflow) on a crafted .xls found by the workbook fuzz target: the file
/// is reported as broken, the run goes on.
#[test]
fn a_panic_inside_the_spreadsheet_library_is_contained() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/calamine-panics");
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        let limits = doikhop::ingest::ReadLimits::default();
        let outcome = doikhop::ingest::workbook::read_workbook_bytes(&bytes, &limits);
        let err = outcome.expect_err("the crafted file is refused");
        assert!(err.to_string().contains("không mở được"), "{err}");
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("hong.xls");
        std::fs::write(&path, &bytes).unwrap();
        let read = doikhop::ingest::workbook::read_workbook_with(&path, &limits);
        let err = read.expect_err("the crafted file is refused");
        assert!(err.to_string().contains("hong.xls"), "{err}");
    }
}
