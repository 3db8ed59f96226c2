//! Workbooks that circulate: no formula can be injected through a listed value, and with
//! `--mask-ids` no personal ID is readable in them.

use std::path::{Path, PathBuf};

use doikhop::pipeline::{MatchJob, OutputOptions, match_with_registry};
use doikhop::registry::Registry;
use doikhop::rules::Rules;

use super::support::{fixtures, read_csv, sheet_texts, write_filled, xml_parts};

const EVIL_NAME: &str = "=HYPERLINK(\"http://example.invalid\",\"Bấm vào đây\")";

/// A small list made here: one person of the registry (matched), one with a wrong date of
/// birth, and rows whose values look like formulas. Its file name starts with "=".
fn evil_list(dir: &Path) -> PathBuf {
    let path = dir.join("=bao-tro-xa-hoi-thu.csv");
    let text = format!(
        "STT,Họ và tên,Ngày sinh,Giới tính,Số CCCD,Địa chỉ\n\
         1,Nguyễn Yến Thiện,22/01/1999,Nữ,070199977446,\"Ấp 1, xã Lộc Thạnh\"\n\
         2,Nguyễn Quang Hậu,25/11/2000,Nam,042200769410,\"Ấp 1, xã Lộc Quang\"\n\
         3,\"{}\",01/01/1960,Nam,,\"=1+1\"\n\
         4,@SUM(A1:A9),02/02/1961,Nữ,,\"+84 912\"\n\
         5,-Lê Văn Tám,03/03/1962,Nam,,\"-1\"\n",
        EVIL_NAME.replace('"', "\"\"")
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn run(dir: &Path, mask_ids: bool) -> PathBuf {
    let date = (2026, 11, 22);
    let residents = fixtures().join("residents.csv");
    let registry =
        Registry::load(&residents, &Rules::builtin("residents").unwrap(), date.0).unwrap();
    let out = dir.join(if mask_ids { "masked" } else { "plain" });
    let job = MatchJob {
        inputs: vec![evil_list(dir)],
        residents,
        rules: Rules::builtin("bao-tro-xa-hoi").unwrap(),
        out: out.clone(),
    };
    let report = match_with_registry(&job, &registry, date).unwrap();
    doikhop::report::write_all_with(&report, &registry, &out, OutputOptions { mask_ids }).unwrap();
    out
}

fn workbooks(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    v.sort();
    v
}

#[test]
fn formula_like_values_stay_text() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), false);
    let files = workbooks(&out);
    assert_eq!(files.len(), 3, "{files:?}");
    for wb in &files {
        for (part, xml) in xml_parts(wb, "xl/worksheets/sheet") {
            assert!(
                !xml.contains("<f>") && !xml.contains("<f "),
                "{}: {part} has a formula",
                wb.display()
            );
        }
    }
    let verify = out.join("=bao-tro-xa-hoi-thu.sai-lech.xlsx");
    let all = &sheet_texts(&verify)["Tất cả"];
    let cells: Vec<&String> = all.iter().flatten().collect();
    assert!(
        cells.iter().any(|c| c.as_str() == EVIL_NAME),
        "the name is kept as text"
    );
    assert!(cells.iter().any(|c| c.as_str() == "@SUM(A1:A9)"));
    // results.csv escapes the file name that starts with "=".
    let results = read_csv(&out.join("results.csv"));
    assert_eq!(results.len(), 5);
    assert!(
        results
            .iter()
            .all(|r| r["source_file"] == "'=bao-tro-xa-hoi-thu.csv")
    );

    // Confirm every listed row as it is, apply, and look at the final CSV.
    let (header, rows) = {
        let h = all.iter().position(|r| r[0] == "STT").unwrap();
        let rows: Vec<Vec<String>> = all[h + 1..]
            .iter()
            .filter(|r| r[0].parse::<u32>().is_ok())
            .cloned()
            .collect();
        (all[h].clone(), rows)
    };
    let verdict = header.iter().position(|h| h == "Kết quả xác minh").unwrap();
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|mut r| {
            r[verdict] = "Đúng theo danh sách".into();
            r
        })
        .collect();
    let filled = tmp.path().join("filled.xlsx");
    write_filled(&filled, "Tất cả", &header, &rows);
    let final_dir = tmp.path().join("final");
    doikhop::apply::run(&doikhop::apply::ApplyJob {
        verified: vec![filled],
        results: out.clone(),
        out: final_dir.clone(),
    })
    .unwrap();
    let csv_text = std::fs::read_to_string(final_dir.join("danh-sach-cuoi-cung.csv")).unwrap();
    for line in csv_text.lines().skip(1) {
        for field in line.split(',') {
            let f = field.trim_start_matches('"');
            assert!(
                !f.starts_with(['=', '+', '-', '@']),
                "unescaped CSV cell {field} in {line}"
            );
        }
    }
    assert!(csv_text.contains("'=HYPERLINK("), "{csv_text}");
    for wb in workbooks(&final_dir) {
        for (part, xml) in xml_parts(&wb, "xl/worksheets/sheet") {
            assert!(!xml.contains("<f>"), "{}: {part}", wb.display());
        }
    }
}

/// Runs of 5 or more digits in a text.
fn long_digit_runs(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|r| r.len() >= 5)
        .map(str::to_string)
        .collect()
}

#[test]
fn masked_workbooks_show_only_the_last_four_digits() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), true);
    let clean = out.join("=bao-tro-xa-hoi-thu.sach.xlsx");
    let verify = out.join("=bao-tro-xa-hoi-thu.sai-lech.xlsx");
    let mut seen_masked = 0;
    for wb in [&clean, &verify] {
        for (sheet, rows) in sheet_texts(wb) {
            for cell in rows.iter().flatten() {
                assert!(
                    long_digit_runs(cell).is_empty(),
                    "{} / {sheet}: {cell}",
                    wb.display()
                );
                if cell.contains("********") {
                    seen_masked += 1;
                }
            }
        }
    }
    assert!(seen_masked > 0, "masked IDs are shown");
    // The machine-readable results keep the whole ID; run.json records the option.
    let results = read_csv(&out.join("results.csv"));
    assert!(results.iter().any(|r| r["resident_id"] == "070199977446"));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(manifest["mask_ids"], true);
}

#[test]
fn match_mask_ids_flag_and_apply_restore_whole_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let list = evil_list(tmp.path());
    let out = tmp.path().join("out");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_doikhop"))
        .args([
            "match",
            "--kind",
            "bao-tro-xa-hoi",
            "--mask-ids",
            "--residents",
        ])
        .arg(fixtures().join("residents.csv"))
        .arg("--out")
        .arg(&out)
        .arg(&list)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(manifest["mask_ids"], true);
    assert!(manifest["timings_seconds"]["load_registry"].is_number());

    // Confirm every row as listed: the final list has whole IDs where the person was matched.
    let verify = out.join("=bao-tro-xa-hoi-thu.sai-lech.xlsx");
    let all = &sheet_texts(&verify)["Tất cả"];
    let h = all.iter().position(|r| r[0] == "STT").unwrap();
    let header = all[h].clone();
    let verdict = header.iter().position(|c| c == "Kết quả xác minh").unwrap();
    let rows: Vec<Vec<String>> = all[h + 1..]
        .iter()
        .filter(|r| r[0].parse::<u32>().is_ok())
        .map(|r| {
            let mut r = r.clone();
            r[verdict] = "Đúng theo danh sách".into();
            r
        })
        .collect();
    let filled = tmp.path().join("=bao-tro-xa-hoi-thu.sai-lech.xlsx");
    write_filled(&filled, "Tất cả", &header, &rows);
    let outcome = doikhop::apply::run(&doikhop::apply::ApplyJob {
        verified: vec![filled],
        results: out.clone(),
        out: tmp.path().join("final"),
    })
    .unwrap();
    assert!(outcome.final_rows >= 2);
    for r in &outcome.final_list {
        assert!(!r.values.id.contains('*'), "{:?}", r.values);
    }
    assert!(
        outcome
            .final_list
            .iter()
            .any(|r| r.values.id == "070199977446")
    );
}
