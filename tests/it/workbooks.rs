//! The output workbooks read back with calamine, and opened by LibreOffice when it is installed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};

use super::support::{fixture_run, read_csv};

/// The table's header row (0-based): the document's heading is above it.
const H: usize = doikhop::report::lists::HEADER_ROW as usize;

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
                let header = &rows[H];
                let id_col = header
                    .iter()
                    .position(|c| *c == "Số định danh cá nhân (CSDLQG)")
                    .unwrap();
                for r in rows[H + 1..].iter().filter(|r| r[id_col] != Data::Empty) {
                    assert!(
                        matches!(r[id_col], Data::String(_)),
                        "the ID is text, not a number"
                    );
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
            assert_eq!(all[H][0].to_string(), "STT");
            let reason = all[H].iter().position(|c| *c == "Lý do").unwrap();
            let data: Vec<&Vec<Data>> = all[H + 1..]
                .iter()
                .filter(|r| matches!(&r[0], Data::String(s) if s.parse::<u32>().is_ok()))
                .collect();
            assert_eq!(data.len(), other, "{file}");
            let in_communes: usize = verify
                .iter()
                .filter(|(n, _)| n.as_str() != "Tất cả")
                .map(|(_, rows)| {
                    rows[H + 1..]
                        .iter()
                        .filter(|r| matches!(&r[0], Data::String(s) if s.parse::<u32>().is_ok()))
                        .count()
                })
                .sum();
            assert_eq!(in_communes, other, "{file}");
            for r in data {
                assert!(!r[reason].to_string().is_empty(), "every row has a reason");
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
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: LibreOffice (soffice) must be installed to open the workbooks"
        );
        eprintln!("SKIPPED: LibreOffice (soffice) is not installed; .ci/run installs it");
        return;
    };
    assert!(status.status.success());
    let dir = tempfile::tempdir().unwrap();
    let mut files = outputs();
    // The workbooks `apply` writes, from an unfilled verification list.
    let results = &fixture_run().outs["ho-ngheo"];
    let applied = dir.path().join("apply");
    let o = doikhop::apply::run(&doikhop::apply::ApplyJob {
        verified: vec![results.join("ho-ngheo.sai-lech.xlsx")],
        results: results.clone(),
        out: applied,
    })
    .unwrap();
    files.extend(
        o.written
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "xlsx")),
    );
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

/// Key of a results.csv line.
fn key(r: &BTreeMap<String, String>) -> (String, String, String) {
    (
        r["source_file"].clone(),
        r["sheet"].clone(),
        r["row"].clone(),
    )
}

#[test]
fn every_row_needing_verification_appears_once_with_its_reason() {
    use super::support::sheet_texts;
    let mut seen_reasons = std::collections::BTreeSet::new();
    for dir in fixture_run().outs.values() {
        let results = read_csv(&dir.join("results.csv"));
        let mut files: Vec<String> = results.iter().map(|r| r["source_file"].clone()).collect();
        files.dedup();
        for file in files {
            let stem = Path::new(&file)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .to_string();
            let need: Vec<_> = results
                .iter()
                .filter(|r| r["source_file"] == file && r["status"] != "matched")
                .collect();
            let wb = sheet_texts(&dir.join(format!("{stem}.sai-lech.xlsx")));
            // Sheets: "Tất cả" first, then one per commune.
            assert_eq!(wb.keys().filter(|k| k.as_str() == "Tất cả").count(), 1);
            for (name, rows) in &wb {
                assert!(name.chars().count() <= 31);
                let h = H;
                let header = &rows[h];
                let at = |n: &str| header.iter().position(|c| c == n).unwrap();
                let (f, s, r, reason) = (at("Tệp"), at("Sheet"), at("Dòng"), at("Lý do"));
                let mut keys: Vec<(String, String, String)> = rows[h + 1..]
                    .iter()
                    .filter(|x| x[0].parse::<u32>().is_ok())
                    .map(|x| {
                        let why = &x[reason];
                        for pat in [
                            "Sai ngày sinh: danh sách ",
                            "Sai họ tên: danh sách ",
                            "Không tìm thấy trong CSDLQG",
                            "Nhiều người trùng khớp: ",
                            "Trùng với dòng ",
                            "Đã chết",
                        ] {
                            if why.starts_with(pat) || why.contains(&format!("; {pat}")) {
                                seen_reasons.insert(pat);
                            }
                        }
                        (x[f].clone(), x[s].clone(), x[r].clone())
                    })
                    .collect();
                let before = keys.len();
                keys.sort();
                keys.dedup();
                assert_eq!(before, keys.len(), "{name}: a row appears twice");
                if name == "Tất cả" {
                    let expected: Vec<_> = {
                        let mut v: Vec<_> = need.iter().map(|r| key(r)).collect();
                        v.sort();
                        v
                    };
                    assert_eq!(keys, expected, "{file}");
                }
            }
            // Ambiguous rows name their candidates with ID and date of birth.
            for r in need.iter().filter(|r| r["status"] == "ambiguous") {
                let first = r["candidates"].split(';').next().unwrap();
                let all = &wb["Tất cả"];
                let at = |n: &str| all[H].iter().position(|c| c == n).unwrap();
                let (sheet, line, reason) = (at("Sheet"), at("Dòng"), at("Lý do"));
                let row = all
                    .iter()
                    .find(|x| x.get(line) == Some(&r["row"]) && x.get(sheet) == Some(&r["sheet"]))
                    .unwrap();
                assert!(row[reason].contains(first), "{}", row[reason]);
                // The printed list names the candidates too (ID and date of birth).
                let printed = at("Thông tin theo CSDLQG");
                assert!(row[printed].contains(first), "{}", row[printed]);
            }
        }
    }
    for pat in [
        "Sai ngày sinh: danh sách ",
        "Không tìm thấy trong CSDLQG",
        "Nhiều người trùng khớp: ",
        "Trùng với dòng ",
        "Đã chết",
    ] {
        assert!(
            seen_reasons.contains(pat),
            "no reason like {pat:?} in the fixtures"
        );
    }
}

#[test]
fn verification_sheets_have_dropdowns_print_setup_and_title() {
    use super::support::{sheet_texts, xml_parts};
    for dir in fixture_run().outs.values() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if !name.ends_with(".sai-lech.xlsx") && !name.ends_with(".sach.xlsx") {
                continue;
            }
            let sheets = xml_parts(&p, "xl/worksheets/sheet");
            assert!(!sheets.is_empty());
            for (part, xml) in &sheets {
                // The verification list is landscape; the clean list as its columns fit.
                if name.ends_with(".sai-lech.xlsx") {
                    assert!(xml.contains(r#"orientation="landscape""#), "{name} {part}");
                }
                assert!(xml.contains(r#"paperSize="9""#), "{name} {part}: A4");
                assert!(
                    xml.contains(r#"state="frozen""#),
                    "{name} {part}: frozen header"
                );
                if name.ends_with(".sai-lech.xlsx") {
                    assert!(
                        xml.contains(r#"<dataValidation type="list""#)
                            && xml.contains(
                                "Đúng theo danh sách,Đúng theo CSDLQG,Cả hai sai,Không xác minh được"
                            ),
                        "{name} {part}: verification drop-down"
                    );
                    assert!(xml.contains(r#"<dataValidation type="date""#));
                }
            }
            // The header row repeats on every printed page.
            let wbxml = &xml_parts(&p, "xl/workbook.xml")["xl/workbook.xml"];
            assert_eq!(
                wbxml.matches("_xlnm.Print_Titles").count(),
                sheets.len(),
                "{name}"
            );
            let header_row = format!("${0}:${0}", H + 1);
            assert!(
                wbxml.contains(&header_row),
                "{name}: row {} is the header",
                H + 1
            );
            // Every sheet prints only its first columns: the verification list's 11.
            assert_eq!(
                wbxml.matches("_xlnm.Print_Area").count(),
                sheets.len(),
                "{name}"
            );
            if name.ends_with(".sai-lech.xlsx") {
                assert!(wbxml.contains("!$A$1:$K$"), "{name}: A–K printed");
            }
            // The heading (issuing body | national name and motto), the title, the signature
            // block.
            for (sheet, rows) in sheet_texts(&p) {
                assert!(!rows[0][0].is_empty(), "{name}/{sheet}: issuing body");
                let flat: Vec<&String> = rows.iter().flatten().collect();
                for text in [
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    "Độc lập - Tự do - Hạnh phúc",
                    "NGƯỜI LẬP BIỂU",
                    "THỦ TRƯỞNG ĐƠN VỊ",
                    "(Ký, ghi rõ họ tên)",
                ] {
                    assert!(
                        flat.iter().any(|c| c.as_str() == text),
                        "{name}/{sheet}: {text}"
                    );
                }
                assert!(
                    flat.iter()
                        .any(|c| c.contains(", ngày ") && c.contains(" tháng ")),
                    "{name}/{sheet}: place and date"
                );
                assert!(rows[5][0].contains("DANH SÁCH") || rows[5][0].starts_with("SỔ"));
            }
        }
    }
}

#[test]
fn clean_list_adds_registry_values_and_fixes() {
    use super::support::sheet_texts;
    let mut fixes = 0;
    for dir in fixture_run().outs.values() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if !p.to_string_lossy().ends_with(".sach.xlsx") {
                continue;
            }
            for (sheet, rows) in sheet_texts(&p) {
                if rows.len() <= H {
                    continue;
                }
                let header = &rows[H];
                let at = |n: &str| header.iter().position(|c| c == n);
                for added in doikhop::report::lists::CLEAN_ADDED {
                    assert!(at(added).is_some(), "{sheet}: {added}");
                }
                let dob = at("Ngày sinh (CSDLQG)").unwrap();
                let sex = at("Giới tính (CSDLQG)").unwrap();
                let fix = at("Chuẩn hóa đã áp dụng").unwrap();
                for r in rows[H + 1..]
                    .iter()
                    .filter(|r| r.len() > dob && !r[dob].is_empty())
                {
                    assert!(r[dob].len() == 10 || r[dob].len() == 4, "{}", r[dob]);
                    assert!(["Nam", "Nữ", ""].contains(&r[sex].as_str()));
                    if !r[fix].is_empty() {
                        fixes += 1;
                    }
                }
            }
            // The registry ID is stored as text (a shared string), never a number.
            for (_, xml) in super::support::xml_parts(&p, "xl/worksheets/sheet") {
                assert!(!xml.contains("<f>"));
            }
        }
    }
    assert!(fixes > 0, "format fixes are listed");
}

#[test]
fn summary_has_shares_reasons_chart_and_run_facts() {
    use super::support::{sheet_texts, xml_parts};
    for (kind, dir) in &fixture_run().outs {
        let p = dir.join("tong-hop.xlsx");
        let wb = sheet_texts(&p);
        let names: Vec<&String> = wb.keys().collect();
        for s in [
            "Tổng hợp",
            "Biểu đồ",
            "Dòng, sheet bỏ qua",
            "Thông tin lần chạy",
        ] {
            assert!(wb.contains_key(s), "{kind}: {s} in {names:?}");
        }
        let flat: Vec<&String> = wb["Tổng hợp"].iter().flatten().collect();
        assert!(flat.iter().any(|c| c.as_str() == "Tỷ lệ khớp đúng"));
        assert!(
            flat.iter()
                .any(|c| c.as_str() == "Các lý do cần xác minh thường gặp nhất")
        );
        let facts: BTreeMap<&str, &str> = wb["Thông tin lần chạy"]
            .iter()
            .filter(|r| r.len() >= 2)
            .map(|r| (r[0].as_str(), r[1].as_str()))
            .collect();
        assert_eq!(facts["Phiên bản doikhop"], env!("CARGO_PKG_VERSION"));
        assert_eq!(facts["SHA-256 dữ liệu dân cư"].len(), 64);
        assert_eq!(facts["SHA-256 quy tắc"].len(), 64);
        assert_eq!(facts["Ngày đối chiếu"], "22/11/2026");
        assert!(facts.keys().any(|k| k.starts_with("Tệp ")));
        let charts = xml_parts(&p, "xl/charts/chart");
        assert_eq!(charts.len(), 1, "{kind}: one chart");
        let chart = charts.values().next().unwrap();
        assert!(chart.contains("<c:barChart>") && chart.contains("stacked"));
        assert_eq!(chart.matches("<c:ser>").count(), 6, "one series per status");

        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
        assert_eq!(manifest["doikhop_version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(manifest["rules"]["kind"], *kind);
        assert_eq!(manifest["rules"]["sha256"].as_str().unwrap().len(), 64);
        assert_eq!(manifest["residents"]["sha256"].as_str().unwrap().len(), 64);
        for i in manifest["inputs"].as_array().unwrap() {
            assert_eq!(i["sha256"].as_str().unwrap().len(), 64);
        }
        for stage in ["read_normalise", "match", "write"] {
            assert!(manifest["timings_seconds"][stage].is_number(), "{stage}");
        }
        assert!(manifest["skipped_rows"].is_array() && manifest["skipped_sheets"].is_array());
    }
}
