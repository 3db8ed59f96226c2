//! Closing the loop: fill the verification workbooks the way people do (rows sorted, helper
//! columns deleted, values typed instead of picked, dates and row numbers retyped), run
//! `doikhop apply`, and check the final list, the removed rows and what is still unresolved.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use super::support::{copy_dir, fixture_run, read_csv, sheet_texts, write_filled};

type Key = (String, String, u32);

#[derive(Debug, PartialEq)]
enum Expect {
    /// In the final list with this name, date of birth and ID (None: not checked).
    Final {
        name: Option<String>,
        dob: Option<String>,
        id: Option<String>,
    },
    Removed,
    Unresolved,
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// The table of a sheet: (header, data rows) found by a header row starting with `first`.
fn table(rows: &[Vec<String>], first: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let h = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == first))
        .expect("header row");
    let data = rows[h + 1..]
        .iter()
        .filter(|r| r.first().is_some_and(|c| c.parse::<u32>().is_ok()))
        .cloned()
        .collect();
    (rows[h].clone(), data)
}

fn keys_of(rows: &[Vec<String>], header: &[String], f: &str, s: &str, r: &str) -> Vec<Key> {
    let (f, s, r) = (col(header, f), col(header, s), col(header, r));
    rows.iter()
        .map(|x| (x[f].clone(), x[s].clone(), x[r].parse().unwrap()))
        .collect()
}

#[test]
fn filled_verification_lists_give_the_final_list() {
    let kind = "bao-tro-xa-hoi";
    let run = fixture_run();
    let tmp = tempfile::tempdir().unwrap();
    let results_dir = tmp.path().join("ket-qua");
    copy_dir(&run.outs[kind], &results_dir);
    let results = read_csv(&results_dir.join("results.csv"));
    let by_key: BTreeMap<Key, &BTreeMap<String, String>> = results
        .iter()
        .map(|r| {
            (
                (
                    r["source_file"].clone(),
                    r["sheet"].clone(),
                    r["row"].parse().unwrap(),
                ),
                r,
            )
        })
        .collect();

    let filled_dir = tmp.path().join("da-xac-minh");
    std::fs::create_dir_all(&filled_dir).unwrap();
    let mut expect: BTreeMap<Key, Expect> = BTreeMap::new();
    let mut verified_args = Vec::new();
    let mut n_mismatch = 0;
    let mut n_not_found = 0;
    let mut sai_lech: Vec<_> = std::fs::read_dir(&results_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".sai-lech.xlsx"))
        .collect();
    sai_lech.sort();
    assert!(sai_lech.len() >= 2, "{sai_lech:?}");
    for (w, path) in sai_lech.iter().enumerate() {
        let sheets = sheet_texts(path);
        let (mut header, mut rows) = table(&sheets["Tất cả"], "STT");
        let keys = keys_of(&rows, &header, "Tệp", "Sheet", "Dòng");
        let (verdict, value) = (
            col(&header, "Kết quả xác minh"),
            col(&header, "Giá trị đúng"),
        );
        let (officer, date) = (
            col(&header, doikhop::report::lists::VERIFY_OFFICER),
            col(&header, "Ngày xác minh"),
        );
        let (l_name, r_name) = (
            col(&header, "Họ và tên (danh sách)"),
            col(&header, "Họ và tên (CSDLQG)"),
        );
        for (row, key) in rows.iter_mut().zip(&keys) {
            let line = by_key[key];
            let final_with =
                |name: Option<String>, dob: Option<&str>, id: Option<String>| Expect::Final {
                    name,
                    dob: dob.map(str::to_string),
                    id,
                };
            let listed = Some(row[l_name].clone());
            // (typed verdict, typed correct value, expected outcome)
            let (v, correct, e): (&str, String, Expect) = match line["status"].as_str() {
                "mismatch" => {
                    n_mismatch += 1;
                    match n_mismatch % 4 {
                        0 => ("", String::new(), Expect::Unresolved),
                        1 => (
                            "đúng theo csdlqg",
                            String::new(),
                            final_with(
                                Some(row[r_name].clone()),
                                None,
                                Some(line["resident_id"].clone()),
                            ),
                        ),
                        2 => (
                            "DUNG THEO DANH SACH",
                            String::new(),
                            final_with(listed, None, None),
                        ),
                        _ => (
                            "  Cả hai   sai ",
                            "Ngày sinh: 1/2/1950".into(),
                            final_with(listed, Some("01/02/1950"), None),
                        ),
                    }
                }
                "duplicate" | "deceased" => ("Đúng theo CSDLQG", String::new(), Expect::Removed),
                "not_found" => {
                    n_not_found += 1;
                    if n_not_found == 1 {
                        (
                            "Đúng theo danh sách",
                            String::new(),
                            final_with(listed, None, None),
                        )
                    } else {
                        ("ko xác minh được", String::new(), Expect::Unresolved)
                    }
                }
                "ambiguous" => {
                    let chosen = line["candidates"].split(';').next().unwrap().to_string();
                    (
                        "Đúng theo CSDLQG",
                        chosen.clone(),
                        final_with(None, None, Some(chosen)),
                    )
                }
                other => panic!("{other} in the verification list"),
            };
            if !v.is_empty() {
                row[verdict] = v.to_string();
                row[value] = correct;
                row[officer] = "Trần Văn Công".to_string();
                row[date] = "20/11/2026".to_string();
            }
            expect.insert(key.clone(), e);
        }
        // What people do: sort by name, delete helper columns (and, in one file, "Tệp").
        rows.sort_by(|a, b| b[l_name].cmp(&a[l_name]));
        let mut drop = vec!["STT", "Lý do", "Giải thích đối chiếu"];
        if w == 1 {
            drop.push("Tệp");
        }
        let keep: Vec<usize> = (0..header.len())
            .filter(|c| !drop.contains(&header[*c].as_str()))
            .collect();
        header = keep.iter().map(|c| header[*c].clone()).collect();
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| keep.iter().map(|c| r[*c].clone()).collect())
            .collect();
        let out = filled_dir.join(path.file_name().unwrap());
        write_filled(&out, "Tất cả", &header, &rows);
        verified_args.push(out);
    }
    assert!(n_mismatch >= 4, "the fixture has too few mismatches");
    assert!(expect.values().any(|e| *e == Expect::Removed));

    // Run the binary, as a user would.
    let out_dir = tmp.path().join("cuoi-cung");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_doikhop"));
    cmd.arg("apply");
    for v in &verified_args {
        cmd.arg("--verified").arg(v);
    }
    cmd.arg("--results")
        .arg(&results_dir)
        .arg("--out")
        .arg(&out_dir);
    let o = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(!stderr.contains("Cảnh báo"), "{stderr}");

    let final_wb = sheet_texts(&out_dir.join("danh-sach-cuoi-cung.xlsx"));
    let (fh, frows) = table(&final_wb["Danh sách cuối cùng"], "STT");
    let fkeys = keys_of(&frows, &fh, "Tệp gốc", "Sheet gốc", "Dòng gốc");
    let (rh, rrows) = table(&final_wb["Đã loại"], "STT");
    let rkeys = keys_of(&rrows, &rh, "Tệp gốc", "Sheet gốc", "Dòng gốc");
    let unresolved = sheet_texts(&out_dir.join("chua-xu-ly.xlsx"));
    let (uh, urows) = table(&unresolved["Chưa xử lý"], "STT");
    let ukeys = keys_of(&urows, &uh, "Tệp gốc", "Sheet gốc", "Dòng gốc");

    // Every row of results.csv is accounted for exactly once.
    let mut all: Vec<&Key> = fkeys.iter().chain(&rkeys).chain(&ukeys).collect();
    all.sort();
    let before = all.len();
    all.dedup();
    assert_eq!(before, all.len(), "a row appears twice");
    assert_eq!(
        all.into_iter().cloned().collect::<BTreeSet<_>>(),
        by_key.keys().cloned().collect::<BTreeSet<_>>()
    );

    let (name, dob, id) = (
        col(&fh, "Họ và tên"),
        col(&fh, "Ngày sinh"),
        col(&fh, "Số định danh cá nhân"),
    );
    let (officer, date) = (col(&fh, "Cán bộ xác minh"), col(&fh, "Ngày xác minh"));
    for (row, key) in frows.iter().zip(&fkeys) {
        let line = by_key[key];
        if line["status"] == "matched" {
            assert_eq!(row[id], line["resident_id"], "{key:?}");
            assert!(!row[name].is_empty());
            continue;
        }
        let Some(Expect::Final {
            name: n,
            dob: d,
            id: i,
        }) = expect.get(key)
        else {
            panic!(
                "{key:?} should not be in the final list: {:?}",
                expect.get(key)
            );
        };
        if let Some(n) = n {
            assert_eq!(&row[name], n, "{key:?}");
        }
        if let Some(d) = d {
            assert_eq!(&row[dob], d, "{key:?}");
        }
        if let Some(i) = i {
            assert_eq!(&row[id], i, "{key:?}");
        }
        assert_eq!(row[officer], "Trần Văn Công");
        assert_eq!(
            row[date], "20/11/2026",
            "a date cell reads back as dd/mm/yyyy"
        );
    }
    for (k, e) in &expect {
        match e {
            Expect::Removed => assert!(rkeys.contains(k), "{k:?} not removed"),
            Expect::Unresolved => assert!(ukeys.contains(k), "{k:?} not unresolved"),
            Expect::Final { .. } => assert!(fkeys.contains(k), "{k:?} not in final list"),
        }
    }
    let why = col(&uh, "Vì sao chưa xử lý");
    assert!(urows.iter().any(|r| r[why] == "Không xác minh được"));
    assert!(urows.iter().any(|r| r[why] == "Chưa có kết quả xác minh"));

    // The CSV copy holds the same rows.
    let csv_rows = read_csv(&out_dir.join("danh-sach-cuoi-cung.csv"));
    assert_eq!(csv_rows.len(), frows.len());
}

#[test]
fn apply_refuses_a_folder_without_results() {
    let tmp = tempfile::tempdir().unwrap();
    let fake = tmp.path().join("x.sai-lech.xlsx");
    write_filled(
        &fake,
        "Tất cả",
        &["Dòng".into(), "Kết quả xác minh".into()],
        &[],
    );
    let o = Command::new(env!("CARGO_BIN_EXE_doikhop"))
        .args(["apply", "--verified"])
        .arg(&fake)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("results.csv") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

/// A verification workbook of the layout before the printed one (issue 21): the columns in
/// their old order, the officer under "Cán bộ xác minh" — still read, every verdict applied.
#[test]
fn a_verification_list_of_the_earlier_layout_still_reads() {
    const OLD: [&str; 21] = [
        "STT",
        "Tệp",
        "Sheet",
        "Dòng",
        "Trạng thái",
        "Lý do",
        "Họ và tên (danh sách)",
        "Họ và tên (CSDLQG)",
        "Ngày sinh (danh sách)",
        "Ngày sinh (CSDLQG)",
        "Giới tính (danh sách)",
        "Giới tính (CSDLQG)",
        "Số định danh/CMND (danh sách)",
        "Số định danh (CSDLQG)",
        "Địa chỉ (danh sách)",
        "Nơi thường trú (CSDLQG)",
        "Giải thích đối chiếu",
        "Kết quả xác minh",
        "Giá trị đúng",
        "Cán bộ xác minh",
        "Ngày xác minh",
    ];
    let run = fixture_run();
    let tmp = tempfile::tempdir().unwrap();
    let results_dir = tmp.path().join("ket-qua");
    copy_dir(&run.outs["ho-ngheo"], &results_dir);
    let sheets = sheet_texts(&results_dir.join("ho-ngheo.sai-lech.xlsx"));
    let (header, rows) = table(&sheets["Tất cả"], "STT");
    let now = |old: &str| {
        col(
            &header,
            if old == "Cán bộ xác minh" {
                doikhop::report::lists::VERIFY_OFFICER
            } else {
                old
            },
        )
    };
    let old_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            OLD.iter()
                .map(|h| match *h {
                    "Kết quả xác minh" => "Đúng theo danh sách".to_string(),
                    "Cán bộ xác minh" => "Lê Văn Tâm".to_string(),
                    "Ngày xác minh" => "21/11/2026".to_string(),
                    h => r[now(h)].clone(),
                })
                .collect()
        })
        .collect();
    let old_header: Vec<String> = OLD.iter().map(|h| h.to_string()).collect();
    let filled = tmp.path().join("ho-ngheo.sai-lech.xlsx");
    write_filled(&filled, "Tất cả", &old_header, &old_rows);
    let o = doikhop::apply::run(&doikhop::apply::ApplyJob {
        verified: vec![filled],
        results: results_dir,
        out: tmp.path().join("cuoi-cung"),
    })
    .unwrap();
    assert!(o.warnings.is_empty(), "{:?}", o.warnings);
    let verified: Vec<_> = o
        .final_list
        .iter()
        .filter_map(|r| r.verification.as_ref())
        .collect();
    // Every row kept as listed (duplicates and deaths too: "đúng theo danh sách").
    assert_eq!(verified.len(), rows.len());
    assert!(
        verified
            .iter()
            .all(|f| f.officer == "Lê Văn Tâm" && f.date == "21/11/2026")
    );
}
