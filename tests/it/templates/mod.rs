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

fn doikhop(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_doikhop"))
        .args(args)
        .output()
        .expect("run doikhop");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

fn residents() -> String {
    fixtures().join("residents.csv").display().to_string()
}

fn results_rows(out: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    super::support::read_csv(&out.join("results.csv"))
}

/// Issue 17 class 5: a header nobody's synonyms know is an error naming the sheet and the
/// `--columns` value to pass; passing it (or the `.columns.toml` beside the list) reads it.
#[test]
fn a_header_not_understood_says_what_to_pass_and_columns_read_it() {
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("t11-tieu-de-la.xlsx");
    std::fs::copy(templates_dir().join("t11-tieu-de-la.xlsx"), &list).unwrap();
    let list_s = list.display().to_string();
    let out1 = tmp.path().join("out1");
    let (code, _, err) = doikhop(&[
        "match",
        "--residents",
        &residents(),
        "--kind",
        "bao-tro-xa-hoi",
        "--out",
        out1.to_str().unwrap(),
        &list_s,
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("Danh sach"), "{err}");
    assert!(
        err.contains("--columns \"name=B,dob=C,id=D,address=E\""),
        "{err}"
    );
    // inspect proposes the same guess.
    let (code, text, _) = doikhop(&["inspect", "--kind", "bao-tro-xa-hoi", &list_s]);
    assert_eq!(code, 3);
    assert!(
        text.contains("--columns \"name=B,dob=C,id=D,address=E\""),
        "{text}"
    );

    let out2 = tmp.path().join("out2");
    let (code, _, err) = doikhop(&[
        "match",
        "--residents",
        &residents(),
        "--kind",
        "bao-tro-xa-hoi",
        "--out",
        out2.to_str().unwrap(),
        "--columns",
        "name=B,dob=Sinh,id=D,address=E",
        &list_s,
    ]);
    assert_eq!(code, 0, "{err}");
    let rows = results_rows(&out2);
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r["status"] == "matched"), "{rows:?}");
    let (code, text, _) = doikhop(&[
        "inspect",
        "--kind",
        "bao-tro-xa-hoi",
        "--columns",
        "Danh sach:name=B,dob=C,id=D",
        &list_s,
    ]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("→ Họ và tên (khớp \"--columns name=B\")"),
        "{text}"
    );

    // The same pairs in t11-tieu-de-la.columns.toml beside the list.
    std::fs::copy(
        templates_dir().join("t11-tieu-de-la.columns.toml"),
        tmp.path().join("t11-tieu-de-la.columns.toml"),
    )
    .unwrap();
    let out3 = tmp.path().join("out3");
    let (code, _, err) = doikhop(&[
        "match",
        "--residents",
        &residents(),
        "--kind",
        "bao-tro-xa-hoi",
        "--out",
        out3.to_str().unwrap(),
        &list_s,
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(results_rows(&out3), rows);
}

#[test]
fn wrong_columns_are_clear_vietnamese_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("t11-tieu-de-la.xlsx");
    std::fs::copy(templates_dir().join("t11-tieu-de-la.xlsx"), &list).unwrap();
    let list_s = list.display().to_string();
    let out = tmp.path().join("out");
    let run = |spec: &str| {
        doikhop(&[
            "match",
            "--residents",
            &residents(),
            "--kind",
            "bao-tro-xa-hoi",
            "--out",
            out.to_str().unwrap(),
            "--force",
            "--columns",
            spec,
            &list_s,
        ])
    };
    let (code, _, err) = run("ten=B");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("không có trường \"ten\"") && err.contains("name (họ tên)"),
        "{err}"
    );
    let (code, _, err) = run("name B");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("trường=cột"), "{err}");
    // A column the sheet lacks, a header it does not have.
    let (code, _, err) = run("name=Q");
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("không có cột Q (cột cuối là E)"), "{err}");
    let (code, _, err) = run("dob=Ngày đẻ");
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("không có cột tiêu đề \"Ngày đẻ\""), "{err}");
    // A broken column file is an error naming it.
    let bad = tmp.path().join("ds.xlsx");
    std::fs::copy(&list, &bad).unwrap();
    std::fs::write(tmp.path().join("ds.columns.toml"), "ten = \"B\"\n").unwrap();
    let (code, _, err) = doikhop(&[
        "match",
        "--residents",
        &residents(),
        "--kind",
        "bao-tro-xa-hoi",
        "--out",
        tmp.path().join("out2").to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("ds.columns.toml") && err.contains("không có trường \"ten\""),
        "{err}"
    );
}

/// Issue 18 class 10: a workbook with the list and summary sheets of counts reads the list and
/// reports each summary sheet as skipped with its reason (run.json, tong-hop.xlsx); a sheet not
/// understood in another file is an error for it alone (exit 3, the rest written).
#[test]
fn summary_sheets_are_skipped_and_the_list_is_matched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let list = templates_dir().join("t10-danh-sach-va-tong-hop.xlsx");
    let (code, _, err) = doikhop(&[
        "match",
        "--residents",
        &residents(),
        "--kind",
        "bao-tro-xa-hoi",
        "--out",
        out.to_str().unwrap(),
        list.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let rows = results_rows(&out);
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r["sheet"] == "Danh sách"));
    let run: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    let skipped = run["skipped_sheets"].as_array().unwrap();
    for name in ["Tổng hợp", "Sheet3"] {
        let s = skipped.iter().find(|s| s["sheet"] == name);
        assert!(
            s.is_some_and(|s| s["message"].as_str().unwrap().contains("tổng hợp")),
            "{skipped:?}"
        );
    }
    let summary = super::support::sheet_texts(&out.join("tong-hop.xlsx"));
    let all_text: String = summary
        .values()
        .flatten()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        all_text.contains("Tổng hợp") && all_text.contains("Sheet3"),
        "{all_text}"
    );

    // With a list that cannot be understood beside it: exit 3, the good list still written.
    let lone = tmp.path().join("lone");
    std::fs::create_dir(&lone).unwrap();
    let strange = lone.join("t11-tieu-de-la.xlsx");
    std::fs::copy(templates_dir().join("t11-tieu-de-la.xlsx"), &strange).unwrap();
    let out2 = tmp.path().join("out2");
    let (code, _, err) = doikhop(&[
        "match",
        "--residents",
        &residents(),
        "--kind",
        "bao-tro-xa-hoi",
        "--out",
        out2.to_str().unwrap(),
        list.to_str().unwrap(),
        strange.to_str().unwrap(),
    ]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(results_rows(&out2).len(), 5);
}

/// Issue 17's property over the whole corpus, end to end: every row of every sheet that holds
/// anything is either a person row of results.csv or a skipped row with its reason (never both,
/// never neither), and no row the form's expectation calls a header, numbering, section, total,
/// note or footer row is ever a person.
#[test]
fn every_template_row_is_a_person_or_skipped_with_a_reason() {
    use calamine::Reader as _;
    use std::collections::BTreeMap;
    let dir = templates_dir();
    let reg = doikhop::registry::Registry::load(
        &fixtures().join("residents.csv"),
        &Rules::builtin("residents").unwrap(),
        2026,
    )
    .unwrap();
    let mut failures = Vec::new();
    for exp in expected() {
        let file = exp["file"].as_str().unwrap();
        let path = dir.join(file);
        let out = tempfile::tempdir().unwrap();
        let job = doikhop::pipeline::MatchJob {
            inputs: vec![path.clone()],
            residents: fixtures().join("residents.csv"),
            rules: Rules::builtin(exp["kind"].as_str().unwrap()).unwrap(),
            out: out.path().to_path_buf(),
        };
        let report = doikhop::pipeline::match_with_registry(&job, &reg, (2026, 12, 1)).unwrap();
        let csv_bytes = doikhop::report::results::render(&report, &reg);
        let mut people: BTreeMap<(String, u32), usize> = BTreeMap::new();
        for rec in csv::Reader::from_reader(csv_bytes.as_slice()).records() {
            let rec = rec.unwrap();
            *people
                .entry((rec[1].to_string(), rec[2].parse().unwrap()))
                .or_default() += 1;
        }
        let mut skipped: BTreeMap<(String, u32), usize> = BTreeMap::new();
        for s in &report.skipped_rows {
            if s.reason.trim().is_empty() {
                failures.push(format!(
                    "{file}: {} row {} skipped without a reason",
                    s.sheet, s.row
                ));
            }
            *skipped.entry((s.sheet.clone(), s.row)).or_default() += 1;
        }
        // every row holding something, as the spreadsheet numbers it
        let mut filled: Vec<(String, u32)> = Vec::new();
        if file.ends_with(".csv") {
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, line) in text.lines().enumerate() {
                if line
                    .split([',', ';'])
                    .any(|c| !c.trim().trim_matches('"').is_empty())
                {
                    filled.push((String::new(), i as u32 + 1));
                }
            }
        } else {
            let mut wb = calamine::open_workbook_auto(&path).unwrap();
            for name in wb.sheet_names() {
                let range = wb.worksheet_range(&name).unwrap();
                let top = range.start().map(|(r, _)| r).unwrap_or(0);
                for (i, row) in range.rows().enumerate() {
                    if row.iter().any(|c| !c.to_string().trim().is_empty()) {
                        filled.push((name.clone(), top + i as u32 + 1));
                    }
                }
            }
        }
        // the list's frame (title and header rows) is reported per sheet, not as skipped rows;
        // a sheet skipped whole (a summary sheet) is reported with its reason
        let mut frame: std::collections::BTreeSet<(String, u32)> = Default::default();
        for es in exp["sheets"].as_array().unwrap() {
            let sheet = es["sheet"].as_str().unwrap().to_string();
            let sheet_key = if file.ends_with(".csv") {
                String::new()
            } else {
                sheet.clone()
            };
            for (row, role) in es["other_rows"].as_object().into_iter().flatten() {
                if role == "title" || role == "header" {
                    frame.insert((sheet_key.clone(), row.parse().unwrap()));
                }
            }
            for r in u32s(&es["header_rows"]) {
                frame.insert((sheet_key.clone(), r));
            }
        }
        let whole: std::collections::BTreeSet<String> = report
            .sheet_problems
            .iter()
            .map(|p| p.sheet.clone())
            .collect();
        for key in &filled {
            if frame.contains(key) || whole.contains(&key.0) {
                continue;
            }
            let (p, s) = (
                people.get(key).copied().unwrap_or(0),
                skipped.get(key).copied().unwrap_or(0),
            );
            if p + s != 1 {
                failures.push(format!(
                    "{file}: sheet {:?} row {}: {p} in results.csv, {s} skipped",
                    key.0, key.1
                ));
            }
        }
        for es in exp["sheets"].as_array().unwrap() {
            let sheet = es["sheet"].as_str().unwrap().to_string();
            for (row, role) in es["other_rows"].as_object().into_iter().flatten() {
                let key = (sheet.clone(), row.parse::<u32>().unwrap());
                if people.contains_key(&key) {
                    failures.push(format!(
                        "{file}: {sheet} row {}: a {role} row taken for a person",
                        key.1
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
