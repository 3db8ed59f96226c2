//! The binary on bad input: a clear message naming the file (and sheet), a documented non-zero
//! exit code, never a panic.

use std::path::Path;
use std::process::Command;

use super::support::fixtures;

fn doikhop(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_doikhop"))
        .args(args)
        .output()
        .expect("run doikhop");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    (out.status.code().unwrap_or(-1), stderr)
}

fn residents() -> String {
    fixtures().join("residents.csv").display().to_string()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn missing_input_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, err) = doikhop(&[
        "match",
        "--residents",
        &residents(),
        "--kind",
        "ho-ngheo",
        "--out",
        s(&out),
        "khong-co.xlsx",
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("khong-co.xlsx") && err.contains("không tìm thấy"),
        "{err}"
    );
}

#[test]
fn not_a_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("danh-sach.xlsx");
    std::fs::write(&bad, "đây không phải bảng tính").unwrap();
    let out = dir.path().join("out");
    let (code, err) = doikhop(&[
        "match",
        "--residents",
        &residents(),
        "--kind",
        "ho-ngheo",
        "--out",
        s(&out),
        s(&bad),
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("danh-sach.xlsx") && err.contains("không mở được"),
        "{err}"
    );
}

#[test]
fn unrecognisable_header_names_file_sheet_and_headers_seen() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bang.csv");
    std::fs::write(&bad, "Cột A,Cột B,Cột C\n1,2,3\n4,5,6\n7,8,9\n").unwrap();
    let out = dir.path().join("out");
    let (code, err) = doikhop(&[
        "match",
        "--residents",
        &residents(),
        "--kind",
        "bao-tro-xa-hoi",
        "--out",
        s(&out),
        s(&bad),
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("bang.csv") && err.contains("\"Cột A\"") && err.contains("Họ và tên"),
        "{err}"
    );
    // The run still wrote its outputs for what it could read.
    assert!(out.join("results.csv").exists());
}

#[test]
fn residents_without_a_required_column() {
    let dir = tempfile::tempdir().unwrap();
    let res = dir.path().join("dan-cu.csv");
    std::fs::write(&res, "Họ và tên,Giới tính\nNguyễn Văn An,Nam\n").unwrap();
    let list = fixtures().join("bao-tro-xa-hoi.xlsx");
    let out = dir.path().join("out");
    let (code, err) = doikhop(&[
        "match",
        "--residents",
        s(&res),
        "--kind",
        "bao-tro-xa-hoi",
        "--out",
        s(&out),
        s(&list),
    ]);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("dan-cu.csv")
            && err.contains("thiếu cột bắt buộc")
            && err.contains("Ngày sinh"),
        "{err}"
    );
}

#[test]
fn unknown_kind() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = doikhop(&[
        "match",
        "--residents",
        &residents(),
        "--kind",
        "ho-giau",
        "--out",
        s(dir.path()),
        "x.xlsx",
    ]);
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("ho-giau"), "{err}");
}

#[test]
fn demo_runs_on_the_fixtures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let (code, err) = doikhop(&["demo", "--out", s(&out), "--fixtures", s(&fixtures())]);
    assert_eq!(code, 0, "{err}");
    for kind in doikhop::rules::KINDS {
        assert!(out.join(kind).join("results.csv").exists(), "{kind}: {err}");
        assert!(out.join(kind).join("tong-hop.xlsx").exists());
    }
    assert!(err.contains("matched"));
}

#[test]
fn inspect_shows_the_mapping() {
    let list = fixtures().join("ho-ngheo.xlsx");
    let out = Command::new(env!("CARGO_BIN_EXE_doikhop"))
        .args(["inspect", s(&list)])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("dòng tiêu đề cột") && text.contains("Họ và tên"),
        "{text}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_doikhop"))
        .args(["inspect", "--json", "--kind", "ho-ngheo", s(&list)])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v[0]["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["status"] == "table")
    );
}

#[test]
fn error_cells_are_reported_as_warnings_in_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("ds.csv");
    std::fs::write(
        &list,
        "STT,Họ và tên,Ngày sinh,Số CCCD\n1,Nguyễn Văn An,#N/A,001060012345\n2,Trần Thị Bình,05/06/1972,#REF!\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, err) = doikhop(&[
        "match",
        "--residents",
        &residents(),
        "--kind",
        "bao-tro-xa-hoi",
        "--out",
        s(&out),
        s(&list),
    ]);
    assert_eq!(code, 0, "{err}");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    let warnings = manifest["cell_warnings"].as_array().unwrap();
    let at: Vec<String> = warnings
        .iter()
        .map(|w| format!("{}{}", w["column"].as_str().unwrap(), w["row"]))
        .collect();
    assert_eq!(at, vec!["C2", "D3"], "{warnings:?}");
    assert!(
        warnings
            .iter()
            .all(|w| w["file"] == "ds.csv" && !w["message"].as_str().unwrap().is_empty())
    );
}
