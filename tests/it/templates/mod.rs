//! The template corpus (fixtures/templates/): every list built from a published form reads with
//! the right mapping, its numbering and repeated header rows, sections, totals and notes are
//! skipped with their role, and a summary sheet is skipped while the list beside it is read.

pub mod forms;

use std::path::{Path, PathBuf};

use doikhop::ingest::{self, SheetOutcome};
use doikhop::rules::Rules;
use serde_json::Value;

use super::support::fixtures;

pub fn templates_dir() -> PathBuf {
    fixtures().join("templates")
}

pub fn expected() -> Vec<Value> {
    let text = std::fs::read_to_string(templates_dir().join("expected.json")).unwrap();
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The corpus in the repository is what the generator writes (DOIKHOP_WRITE_TEMPLATES=1
/// rewrites it).
#[test]
fn template_corpus_is_up_to_date() {
    let residents = fixtures().join("residents.csv");
    if std::env::var_os("DOIKHOP_WRITE_TEMPLATES").is_some() {
        forms::write_corpus(&templates_dir(), &residents);
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let names = forms::write_corpus(tmp.path(), &residents);
    assert!(names.len() >= 12, "{names:?}");
    for name in names {
        let fresh = std::fs::read(tmp.path().join(&name)).unwrap();
        let shipped = std::fs::read(templates_dir().join(&name)).unwrap_or_else(|_| {
            panic!("fixtures/templates/{name} missing: DOIKHOP_WRITE_TEMPLATES=1 cargo test --test it template_corpus")
        });
        assert!(
            fresh == shipped,
            "fixtures/templates/{name} differs from tests/it/templates/gen.rs: DOIKHOP_WRITE_TEMPLATES=1 cargo test --test it template_corpus"
        );
    }
}

fn u32s(v: &Value) -> Vec<u32> {
    v.as_array()
        .map(|a| a.iter().map(|x| x.as_u64().unwrap() as u32).collect())
        .unwrap_or_default()
}

fn col_letter(c: usize) -> String {
    doikhop::inspect::col_letter(c)
}

/// Check one file of the corpus against its expectation; returns the failures.
pub fn check_file(path: &Path, exp: &Value) -> Vec<String> {
    let rules = Rules::builtin(exp["kind"].as_str().unwrap()).unwrap();
    let file = match ingest::read_list(path, 0, &rules) {
        Ok(f) => f,
        Err(e) => return vec![format!("cannot read: {e}")],
    };
    let mut errors = Vec::new();
    let sheets = exp["sheets"].as_array().unwrap();
    if file.sheets.len() != sheets.len() {
        errors.push(format!(
            "{} sheets, {} expected",
            file.sheets.len(),
            sheets.len()
        ));
    }
    for (outcome, es) in file.sheets.iter().zip(sheets) {
        let name = es["sheet"].as_str().unwrap();
        let mut err = |m: String| errors.push(format!("sheet \"{name}\": {m}"));
        match (outcome, es["status"].as_str().unwrap()) {
            (SheetOutcome::Skipped { sheet, reason, .. }, "skipped") => {
                let want = es["reason_contains"].as_str().unwrap_or("");
                if sheet != name || !reason.contains(want) {
                    err(format!("skipped as {sheet:?} with {reason:?}"));
                }
            }
            (SheetOutcome::Read(sheet), "read") => {
                let t = &sheet.table;
                let header: Vec<u32> = t.header_rows.iter().map(|r| r + 1).collect();
                if header != u32s(&es["header_rows"]) {
                    err(format!("header rows {header:?}"));
                }
                let numbering = t.numbering_row.map(|r| r + 1);
                if numbering != es["numbering_row"].as_u64().map(|n| n as u32) {
                    err(format!("numbering row {numbering:?}"));
                }
                for (letter, want) in es["columns"].as_object().unwrap() {
                    let got = t
                        .columns
                        .iter()
                        .find(|c| col_letter(c.index) == *letter)
                        .and_then(|c| c.field)
                        .map(|f| serde_json::to_value(f).unwrap())
                        .unwrap_or(Value::Null);
                    if got != *want {
                        let label = t
                            .columns
                            .iter()
                            .find(|c| col_letter(c.index) == *letter)
                            .map(|c| c.label.clone())
                            .unwrap_or_default();
                        err(format!(
                            "column {letter} \"{label}\": {got}, expected {want}"
                        ));
                    }
                }
                let data: Vec<u32> = sheet.records.iter().map(|r| r.at.row).collect();
                let want = u32s(&es["person_rows"]);
                if data != want {
                    err(format!("person rows {data:?}, expected {want:?}"));
                }
                for (row, role) in es["other_rows"].as_object().unwrap() {
                    let row: u32 = row.parse().unwrap();
                    let got = t
                        .skipped
                        .iter()
                        .find(|s| s.row + 1 == row)
                        .map(|s| serde_json::to_value(s.role).unwrap());
                    if got.as_ref() != Some(role) {
                        err(format!("row {row}: {got:?}, expected {role}"));
                    }
                }
                for (row, group) in es["groups"].as_object().unwrap() {
                    let row: u32 = row.parse().unwrap();
                    let rec = sheet.records.iter().find(|r| r.at.row == row);
                    let got = rec.and_then(|r| r.group.clone()).unwrap_or_default();
                    if !got.contains(group.as_str().unwrap()) {
                        err(format!("row {row}: group {got:?}, expected {group}"));
                    }
                }
            }
            (o, status) => err(format!("read as {o:?}, expected {status}")),
        }
    }
    errors
}

#[test]
fn every_template_reads_with_the_right_mapping() {
    let dir = templates_dir();
    let mut failures = Vec::new();
    let all = expected();
    assert!(all.len() >= 11);
    for exp in &all {
        let file = exp["file"].as_str().unwrap();
        for e in check_file(&dir.join(file), exp) {
            failures.push(format!("{file}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
