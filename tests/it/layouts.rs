//! The layout corpus (fixtures/layouts/): every workbook — and its .xls / .ods copies made by
//! LibreOffice — and every CSV encoding reads as `expected.json` says: header rows, numbering row,
//! the exact data rows, footer start, the column mapping, warnings and cell values.

use std::path::{Path, PathBuf};
use std::process::Command;

use doikhop::ingest::{self, ListFile, SheetOutcome};
use doikhop::normalise;
use doikhop::rules::{Field, Rules};
use serde_json::Value;

fn layouts_dir() -> PathBuf {
    super::support::fixtures().join("layouts")
}

fn expected() -> Vec<Value> {
    let text = std::fs::read_to_string(layouts_dir().join("expected.json")).unwrap();
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The corpus in the repository is what the generator writes (set DOIKHOP_WRITE_LAYOUTS=1 to
/// rewrite it; `fixtures/layouts/regenerate.sh` does that and makes the .xls/.ods copies).
#[test]
fn corpus_is_up_to_date() {
    if std::env::var_os("DOIKHOP_WRITE_LAYOUTS").is_some() {
        doikhop_synth::layouts::write_corpus(&layouts_dir()).unwrap();
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let written = doikhop_synth::layouts::write_corpus(tmp.path()).unwrap();
    assert!(written.len() >= 27, "{} files", written.len());
    let mut names: Vec<String> = written.iter().map(|f| f.file.clone()).collect();
    names.push("expected.json".into());
    for name in names {
        let fresh = std::fs::read(tmp.path().join(&name)).unwrap();
        let shipped = std::fs::read(layouts_dir().join(&name))
            .unwrap_or_else(|_| panic!("fixtures/layouts/{name} missing: run regenerate.sh"));
        assert!(
            fresh == shipped,
            "fixtures/layouts/{name} differs from the generator: run fixtures/layouts/regenerate.sh"
        );
    }
}

fn col_index(letters: &str) -> usize {
    letters
        .bytes()
        .fold(0usize, |n, b| n * 26 + (b - b'A' + 1) as usize)
        - 1
}

fn split_cell(cell: &str) -> (usize, u32) {
    let letters: String = cell
        .chars()
        .take_while(|c| c.is_ascii_uppercase())
        .collect();
    let row: u32 = cell[letters.len()..].parse().unwrap();
    (col_index(&letters), row)
}

fn rows(v: &Value) -> Vec<u32> {
    v.as_array()
        .map(|a| a.iter().map(|x| x.as_u64().unwrap() as u32).collect())
        .unwrap_or_default()
}

/// Check one read file against its expectation; returns the failures (empty = fine).
fn check_file(path: &Path, exp: &Value) -> Vec<String> {
    let kind = exp["kind"].as_str().unwrap();
    let rules = Rules::builtin(kind).unwrap();
    let file: ListFile = match ingest::read_list(path, 0, &rules) {
        Ok(f) => f,
        Err(e) => return vec![format!("cannot read: {e}")],
    };
    let mut errors = Vec::new();
    let sheets = exp["sheets"].as_array().unwrap();
    if file.sheets.len() != sheets.len() {
        errors.push(format!(
            "{} sheets read, {} expected",
            file.sheets.len(),
            sheets.len()
        ));
    }
    let ctx = normalise::date_context(&rules, 2026);
    for (outcome, es) in file.sheets.iter().zip(sheets) {
        let name = es["sheet"].as_str().unwrap();
        let status = es["status"].as_str().unwrap();
        let mut err = |m: String| errors.push(format!("sheet \"{name}\": {m}"));
        match (outcome, status) {
            (SheetOutcome::Skipped { sheet, .. }, "skipped") if sheet == name => {}
            (SheetOutcome::Failed { sheet, message }, "error") if sheet == name => {
                for needle in es["message_contains"].as_array().into_iter().flatten() {
                    let needle = needle.as_str().unwrap();
                    if !message.contains(needle) {
                        err(format!("message lacks {needle}: {message}"));
                    }
                }
            }
            (SheetOutcome::Read(sheet), "table") => {
                if !sheet.name.is_empty() && sheet.name != name {
                    err(format!("read sheet {}", sheet.name));
                }
                let t = &sheet.table;
                let header: Vec<u32> = t.header_rows.iter().map(|r| r + 1).collect();
                if header != rows(&es["header_rows"]) {
                    err(format!("header rows {header:?}"));
                }
                let numbering = t.numbering_row.map(|r| r + 1);
                if numbering != es["numbering_row"].as_u64().map(|n| n as u32) {
                    err(format!("numbering row {numbering:?}"));
                }
                let data: Vec<u32> = sheet.records.iter().map(|r| r.at.row).collect();
                if data != rows(&es["data_rows"]) {
                    err(format!(
                        "data rows {data:?}, expected {:?}",
                        rows(&es["data_rows"])
                    ));
                }
                let footer = t.footer_start.map(|r| r + 1);
                if footer != es["footer_start"].as_u64().map(|n| n as u32) {
                    err(format!("footer start {footer:?}"));
                }
                let mut mapping = serde_json::Map::new();
                for c in &t.columns {
                    if let Some(f) = c.field {
                        mapping.insert(
                            doikhop_synth::layouts::col_letter(c.index as u16),
                            serde_json::to_value(f).unwrap(),
                        );
                    }
                }
                let want = es["mapping"].as_object().cloned().unwrap_or_default();
                if mapping != want {
                    err(format!("mapping {mapping:?}, expected {want:?}"));
                }
                let warnings = es["warnings"].as_u64().unwrap_or(0) as usize;
                if sheet.warnings.len() != warnings {
                    err(format!("warnings {:?}", sheet.warnings));
                }
                for check in es["checks"].as_array().into_iter().flatten() {
                    let row_of = |r: u32| sheet.records.iter().find(|rec| rec.at.row == r);
                    match check["check"].as_str().unwrap() {
                        "cell" => {
                            let (c, r) = split_cell(check["cell"].as_str().unwrap());
                            let got = row_of(r)
                                .and_then(|rec| rec.cells.get(c))
                                .map(|c| c.to_text())
                                .unwrap_or_default();
                            if got != check["text"].as_str().unwrap() {
                                err(format!("{}: {got:?}", check["cell"]));
                            }
                        }
                        other => {
                            let r = check["row"].as_u64().unwrap() as u32;
                            let Some(rec) = row_of(r) else {
                                err(format!("row {r} not a data row"));
                                continue;
                            };
                            let p = normalise::normalise(sheet, rec, &rules, &ctx);
                            let (got, want) = match other {
                                "name" => (
                                    p.name.map(|n| n.display).unwrap_or_default(),
                                    check["name"].as_str().unwrap().to_string(),
                                ),
                                "dob" => (
                                    normalise::dob_display(&p.dob.dob),
                                    check["dob"].as_str().unwrap().to_string(),
                                ),
                                "ids" => (
                                    p.ids
                                        .ids
                                        .iter()
                                        .map(|i| i.digits.clone())
                                        .collect::<Vec<_>>()
                                        .join(","),
                                    rows_str(&check["ids"]),
                                ),
                                "sex" => (
                                    p.sex
                                        .map(|(s, _)| format!("{s:?}"))
                                        .unwrap_or_default()
                                        .chars()
                                        .take(1)
                                        .collect(),
                                    check["sex"].as_str().unwrap().to_string(),
                                ),
                                "group" => (
                                    rec.group.clone().unwrap_or_default(),
                                    check["group"].as_str().unwrap().to_string(),
                                ),
                                _ => (String::new(), format!("unknown check {other}")),
                            };
                            if got != want {
                                err(format!("row {r} {other}: {got:?}, expected {want:?}"));
                            }
                        }
                    }
                }
            }
            _ => err(format!("outcome {outcome:?}, expected {status}")),
        }
    }
    errors
}

fn rows_str(v: &Value) -> String {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn every_layout_reads_as_expected() {
    let dir = layouts_dir();
    let mut failures = Vec::new();
    let mut checked = 0;
    for exp in expected() {
        let file = exp["file"].as_str().unwrap();
        let mut paths = vec![dir.join(file)];
        for ext in exp["copies"].as_array().into_iter().flatten() {
            paths.push(dir.join(file).with_extension(ext.as_str().unwrap()));
        }
        for p in paths {
            checked += 1;
            for e in check_file(&p, &exp) {
                failures.push(format!("{}: {e}", p.file_name().unwrap().to_string_lossy()));
            }
        }
    }
    assert!(checked >= 60, "only {checked} files checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn corpus_covers_every_format_and_case() {
    let exps = expected();
    let workbooks = exps
        .iter()
        .filter(|e| e["file"].as_str().unwrap().ends_with(".xlsx"))
        .count();
    assert!(workbooks >= 20);
    for ext in ["xls", "ods"] {
        let n = exps
            .iter()
            .filter(|e| {
                e["copies"]
                    .as_array()
                    .is_some_and(|c| c.iter().any(|x| x == ext))
            })
            .count();
        assert!(n >= 15, "{n} .{ext} copies");
    }
    let encodings: Vec<&str> = exps
        .iter()
        .filter_map(|e| e["file_encoding"].as_str())
        .collect();
    for enc in [
        "UTF-8 (BOM)",
        "UTF-8",
        "UTF-16LE (BOM)",
        "UTF-16LE",
        "UTF-16BE (BOM)",
        "Windows-1258",
        "Windows-1252",
    ] {
        assert!(encodings.contains(&enc), "{enc}");
    }
    let statuses: Vec<&str> = exps
        .iter()
        .flat_map(|e| e["sheets"].as_array().unwrap().iter())
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert!(statuses.contains(&"skipped") && statuses.contains(&"error"));
    let fields: Vec<Field> = exps
        .iter()
        .flat_map(|e| e["sheets"].as_array().unwrap().iter())
        .filter_map(|s| s["mapping"].as_object())
        .flat_map(|m| m.values())
        .map(|v| serde_json::from_value(v.clone()).unwrap())
        .collect();
    for f in [
        Field::DobMale,
        Field::DobFemale,
        Field::FamilyMiddle,
        Field::Family,
        Field::Middle,
        Field::Given,
        Field::Cmnd,
        Field::DobDay,
        Field::DobMonth,
        Field::DobYear,
        Field::SexMale,
        Field::Household,
    ] {
        assert!(fields.contains(&f), "{f:?} not covered");
    }
}

fn doikhop(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_doikhop"))
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

#[test]
fn inspect_json_has_the_documented_shape() {
    let dir = layouts_dir();
    let f1 = dir.join("l02-khoi-tieu-de-nhieu-dong.xlsx");
    let f2 = dir.join("l17-cong-thuc-va-o-loi.xlsx");
    let f3 = dir.join("c06-windows-1258.csv");
    let f4 = dir.join("l21-sheet-tong-hop-va-trong.xlsx");
    let (code, out, err) = doikhop(&[
        "inspect",
        "--kind",
        "ho-ngheo",
        "--json",
        f1.to_str().unwrap(),
        f2.to_str().unwrap(),
        f3.to_str().unwrap(),
        f4.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let files = v.as_array().unwrap();
    assert_eq!(files.len(), 4);
    let s = &files[0]["sheets"][0];
    assert_eq!(files[0]["file"], "l02-khoi-tieu-de-nhieu-dong.xlsx");
    assert_eq!(files[0]["kind"], "ho-ngheo");
    assert_eq!(s["status"], "table");
    assert_eq!(s["header_rows"], serde_json::json!([8]));
    assert_eq!(s["numbering_row"], 9);
    assert_eq!(s["data_range"]["first"], 10);
    assert_eq!(s["data_range"]["last"], 17);
    assert_eq!(s["data_rows"].as_array().unwrap().len(), 8);
    assert_eq!(s["footer_start"], 20);
    assert_eq!(s["row_counts"]["data"], 8);
    assert_eq!(s["row_counts"]["skipped"]["total"], 1);
    assert!(s["row_counts"]["sheet"].as_u64().unwrap() >= 24);
    let col_b = &s["columns"][1];
    assert_eq!(col_b["column"], "B");
    assert_eq!(col_b["label"], "Họ và tên chủ hộ");
    assert_eq!(col_b["field"], "full_name");
    assert_eq!(col_b["synonym"], "Họ và tên chủ hộ");
    assert_eq!(col_b["encoding"], "Unicode");
    let total = s["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["role"] == "total")
        .unwrap();
    assert_eq!(total["row"], 18);
    assert_eq!(total["reason"], "Dòng tổng cộng");
    // Error cells: listed as warnings with the cell reference.
    let w = files[1]["sheets"][0]["warnings"].as_array().unwrap();
    assert_eq!(w.len(), 2);
    assert!(w[0]["cell"].as_str().unwrap().starts_with('D'));
    assert!(w[0]["message"].as_str().unwrap().contains("#N/A"));
    assert_eq!(files[2]["sheets"][0]["file_encoding"], "Windows-1258");
    let sheets = files[3]["sheets"].as_array().unwrap();
    assert_eq!(sheets[1]["status"], "skipped");
    assert!(sheets[1]["message"].as_str().unwrap().len() > 10);
    assert!(sheets[1]["message"].as_str().unwrap().contains("tổng hợp"));
    assert_eq!(sheets[2]["status"], "skipped");
    assert_eq!(sheets[3]["sheet"], "Biểu đồ");
    assert_eq!(sheets[3]["status"], "skipped");
    assert!(sheets[3]["message"].as_str().unwrap().contains("biểu đồ"));
}

#[test]
fn inspect_text_shows_what_was_understood() {
    let f = layouts_dir().join("l10-tieu-de-tcvn3.xlsx");
    let (code, out, err) = doikhop(&["inspect", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    for needle in [
        "dòng tiêu đề cột: 3",
        "từ dòng 4 đến 10",
        "số dòng:",
        "→ Họ và tên (khớp \"Họ và tên chủ hộ\") [mã TCVN3]",
        "dòng bỏ qua:",
        "Dòng tiêu đề phía trên bảng",
    ] {
        assert!(out.contains(needle), "{needle} missing in:\n{out}");
    }
}

/// A sheet whose header is not understood is an error naming the file, the sheet, the headers
/// seen and the fields needed; the other sheet and the other file still run.
#[test]
fn unrecognised_header_is_a_clear_error_and_the_rest_still_runs() {
    let dir = layouts_dir();
    let bad = dir.join("l22-tieu-de-cot-khong-nhan-ra.xlsx");
    let good = dir.join("l01-mot-dong-tieu-de-cot.xlsx");
    let out = tempfile::tempdir().unwrap();
    let residents = super::support::fixtures().join("residents.csv");
    let (code, _, err) = doikhop(&[
        "match",
        "--residents",
        residents.to_str().unwrap(),
        "--kind",
        "ho-ngheo",
        "--out",
        out.path().to_str().unwrap(),
        bad.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("tệp l22-tieu-de-cot-khong-nhan-ra.xlsx, sheet \"Bổ sung\""),
        "{err}"
    );
    assert!(
        err.contains("\"Full name\"") && err.contains("Họ và tên"),
        "{err}"
    );
    let results = super::support::read_csv(&out.path().join("results.csv"));
    let from = |f: &str| results.iter().filter(|r| r["source_file"] == f).count();
    assert_eq!(from("l22-tieu-de-cot-khong-nhan-ra.xlsx"), 4);
    assert_eq!(from("l01-mot-dong-tieu-de-cot.xlsx"), 6);
}
