//! List context (issue 18): the commune a list is about is often written only in its title, its
//! group rows, its sheet or file name; rows that give no address default to it, a row's own
//! address still wins, and namesakes elsewhere no longer make the row ambiguous.

use std::path::{Path, PathBuf};

use doikhop::fields::context::ListContext;
use doikhop::pipeline::{MatchJob, OutputOptions, RunOptions, run_match_with};
use doikhop::rules::Rules;

use super::support::read_csv;

const FAMILIES: &[&str] = &["Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ"];
const GIVEN: &[&str] = &[
    "Hùng", "Dũng", "Tuấn", "Minh", "Quang", "Hải", "Sơn", "Long", "Phúc", "Tâm", "Hiếu", "Khoa",
    "Thắng", "Nghĩa", "Trung", "Toàn",
];

/// A registry with two namesakes born the same year (one in Lộc Hưng, one in Lộc Thạnh) and a
/// few hundred other residents spread over the communes.
fn write_residents(dir: &Path) -> PathBuf {
    let mut s = String::from(
        "Số định danh cá nhân,Họ và tên,Ngày sinh,Giới tính,Xã/Phường,Tỉnh/Thành phố\n",
    );
    s.push_str("075080000001,Nguyễn Văn Bình,12/03/1980,Nam,Xã Lộc Hưng,Thành phố Đồng Nai\n");
    s.push_str("075080000002,Nguyễn Văn Bình,02/11/1980,Nam,Xã Lộc Thạnh,Thành phố Đồng Nai\n");
    s.push_str("075070000003,Nguyễn Thị Hoa,05/05/1970,Nữ,Xã Lộc Hưng,Thành phố Đồng Nai\n");
    s.push_str("075070000004,Nguyễn Thị Hoa,07/08/1970,Nữ,Xã Lộc Thạnh,Thành phố Đồng Nai\n");
    // the rest of the registry spread over communes of the whole country, as an extract is
    let table = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/communes_2025.tsv"),
    )
    .unwrap();
    let communes: Vec<(String, String)> = table
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f.len() >= 5 && f[2].bytes().all(|b| b.is_ascii_digit()))
        .map(|f| (f[3].to_string(), f[1].to_string()))
        .step_by(7)
        .take(400)
        .collect();
    let mut k = 10;
    for (ci, (c, province)) in communes.iter().enumerate() {
        for j in 0..3 {
            k += 1;
            let f = FAMILIES[(ci + j) % FAMILIES.len()];
            let g = GIVEN[(ci * 3 + j) % GIVEN.len()];
            let year = 1950 + (ci * 7 + j * 3) % 50;
            s.push_str(&format!(
                "0750{:02}{:06},{f} Văn {g},01/01/{year},Nam,{c},{province}\n",
                year % 100,
                k
            ));
        }
    }
    let path = dir.join("residents.csv");
    std::fs::write(&path, s).unwrap();
    path
}

fn run(dir: &Path, list: &str, file: &str, context: ListContext) -> Vec<(String, String)> {
    let residents = write_residents(dir);
    let input = dir.join(file);
    std::fs::write(&input, list).unwrap();
    let out = dir.join("out");
    let job = MatchJob {
        inputs: vec![input],
        residents,
        rules: Rules::builtin("ho-ngheo").unwrap(),
        out: out.clone(),
    };
    let opts = RunOptions {
        context,
        ..Default::default()
    };
    run_match_with(&job, &opts, OutputOptions::default()).unwrap();
    read_csv(&out.join("results.csv"))
        .into_iter()
        .map(|r| (r["status"].clone(), r["resident_id"].clone()))
        .collect()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("doikhop-context-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const ROWS: &str =
    "STT,Họ và tên,Năm sinh,Giới tính\n1,Nguyễn Văn Bình,1980,Nam\n2,Nguyễn Thị Hoa,1970,Nữ\n";

#[test]
fn without_any_context_namesakes_stay_ambiguous() {
    let got = run(&tmp("none"), ROWS, "danh-sach.csv", ListContext::default());
    assert_eq!(got[0].0, "ambiguous", "{got:?}");
    assert_eq!(got[1].0, "ambiguous", "{got:?}");
}

#[test]
fn the_commune_in_the_title_decides_between_namesakes() {
    let list = format!("UBND XÃ LỘC HƯNG\nDANH SÁCH HỘ NGHÈO NĂM 2025\n{ROWS}");
    let got = run(
        &tmp("title"),
        &list,
        "danh-sach.csv",
        ListContext::default(),
    );
    assert_eq!(got[0], ("matched".into(), "075080000001".into()), "{got:?}");
    assert_eq!(got[1], ("matched".into(), "075070000003".into()), "{got:?}");
}

#[test]
fn an_old_commune_in_the_title_is_read_through_the_2025_mapping() {
    // Lộc Khánh (huyện Lộc Ninh, Bình Phước) became part of xã Lộc Hưng in 2025
    let list = format!("UBND HUYỆN LỘC NINH\nDANH SÁCH HỘ NGHÈO XÃ LỘC KHÁNH NĂM 2025\n{ROWS}");
    let got = run(&tmp("old"), &list, "danh-sach.csv", ListContext::default());
    assert_eq!(got[0], ("matched".into(), "075080000001".into()), "{got:?}");
}

#[test]
fn the_file_name_gives_the_commune_and_a_row_address_wins() {
    let list = "STT,Họ và tên,Năm sinh,Giới tính,Địa chỉ\n1,Nguyễn Văn Bình,1980,Nam,\n2,Nguyễn Thị Hoa,1970,Nữ,\"Ấp 2, xã Lộc Thạnh\"\n";
    let got = run(
        &tmp("file"),
        list,
        "ho-ngheo-xa-loc-hung-2025.csv",
        ListContext::default(),
    );
    assert_eq!(got[0], ("matched".into(), "075080000001".into()), "{got:?}");
    // the row's own commune, not the file's
    assert_eq!(got[1], ("matched".into(), "075070000004".into()), "{got:?}");
}

#[test]
fn group_rows_name_the_commune_of_the_rows_below() {
    let list = "STT,Họ và tên,Năm sinh,Giới tính\nXã Lộc Thạnh,,,\n1,Nguyễn Văn Bình,1980,Nam\nXã Lộc Hưng,,,\n2,Nguyễn Thị Hoa,1970,Nữ\n";
    let dir = tmp("group");
    let got = run(&dir, list, "danh-sach.csv", ListContext::default());
    assert_eq!(got[0], ("matched".into(), "075080000002".into()), "{got:?}");
    assert_eq!(got[1], ("matched".into(), "075070000003".into()), "{got:?}");
}

#[test]
fn the_option_overrides_the_title_and_is_recorded_in_run_json() {
    let list = format!("UBND XÃ LỘC HƯNG\n{ROWS}");
    let dir = tmp("option");
    let ctx = ListContext::from_options(Some("Xã Lộc Thạnh"), None, Some("Đồng Nai")).unwrap();
    let got = run(&dir, &list, "danh-sach.csv", ctx);
    assert_eq!(got[0], ("matched".into(), "075080000002".into()), "{got:?}");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/run.json")).unwrap()).unwrap();
    let c = &manifest["sheets"][0]["context"];
    assert_eq!(c["commune"]["text"], "Xã Lộc Thạnh", "{c}");
    assert_eq!(c["commune"]["source"], "option", "{c}");
    assert_eq!(c["province"]["source"], "option", "{c}");
}

#[test]
fn title_context_is_recorded_in_run_json() {
    let list = format!("UBND XÃ LỘC HƯNG\n{ROWS}");
    let dir = tmp("manifest");
    run(&dir, &list, "danh-sach.csv", ListContext::default());
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/run.json")).unwrap()).unwrap();
    let c = &manifest["sheets"][0]["context"];
    assert_eq!(c["commune"]["text"], "Xã Lộc Hưng", "{c}");
    assert_eq!(c["commune"]["source"], "title", "{c}");
}

fn run_full(dir: &Path, list: &str, file: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let residents = write_residents(dir);
    let input = dir.join(file);
    std::fs::write(&input, list).unwrap();
    let out = dir.join("out");
    let job = MatchJob {
        inputs: vec![input],
        residents,
        rules: Rules::builtin("ho-ngheo").unwrap(),
        out: out.clone(),
    };
    run_match_with(&job, &RunOptions::default(), OutputOptions::default()).unwrap();
    read_csv(&out.join("results.csv"))
}

#[test]
fn an_honorific_is_the_persons_sex() {
    // "Bà" before a man's name, "Ông" before his own: the first is a gender discrepancy
    let list = "UBND XÃ LỘC HƯNG\nSTT,Họ và tên,Năm sinh\n1,Bà Nguyễn Văn Bình,1980\n2,Ông Nguyễn Văn Bình,1980\n3,Cụ bà Nguyễn Thị Hoa,1970\n";
    let got = run_full(&tmp("honorific"), list, "ds.csv");
    assert_eq!(got[0]["status"], "mismatch", "{got:?}");
    assert_eq!(got[0]["discrepancies"], "gender", "{got:?}");
    assert_eq!(got[0]["resident_id"], "075080000001", "{got:?}");
    // the same man again: a repeat of the welfare list, not a sex clash
    assert_eq!(got[1]["status"], "duplicate", "{got:?}");
    assert_eq!(got[1]["discrepancies"], "", "{got:?}");
    assert_eq!(got[2]["status"], "matched", "{got:?}");
}

#[test]
fn an_honorific_column_is_the_persons_sex() {
    let list = "UBND XÃ LỘC HƯNG\nSTT,Ông/Bà,Họ và tên,Năm sinh\n1,Bà,Nguyễn Văn Bình,1980\n2,Chị,Nguyễn Thị Hoa,1970\n";
    let got = run_full(&tmp("honorific-col"), list, "ds.csv");
    assert_eq!(got[0]["status"], "mismatch", "{got:?}");
    assert_eq!(got[0]["discrepancies"], "gender", "{got:?}");
    assert_eq!(got[1]["status"], "matched", "{got:?}");
}

#[test]
fn a_unit_that_does_not_exist_is_a_usage_error() {
    let dir = tmp("cli");
    let residents = write_residents(&dir);
    let input = dir.join("ds.csv");
    std::fs::write(&input, ROWS).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_doikhop"))
        .args(["match", "--kind", "ho-ngheo", "--residents"])
        .arg(&residents)
        .arg("--out")
        .arg(dir.join("out"))
        .args(["--commune", "Xã Không Có Thật", "--province", "Đồng Nai"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--commune") && err.contains("Xã Không Có Thật"),
        "{err}"
    );
    assert!(!dir.join("out/results.csv").exists());
}

#[test]
fn the_why_column_names_the_commune_and_where_it_was_read() {
    let list = format!("UBND XÃ LỘC HƯNG\n{ROWS}");
    let dir = tmp("why");
    let residents = write_residents(&dir);
    let input = dir.join("ds.csv");
    std::fs::write(&input, list).unwrap();
    let job = MatchJob {
        inputs: vec![input],
        residents,
        rules: Rules::builtin("ho-ngheo").unwrap(),
        out: dir.join("out"),
    };
    let report = run_match_with(&job, &RunOptions::default(), OutputOptions::default()).unwrap();
    let why = doikhop::report::reasons::explanation(&report.rows[0]);
    assert!(
        why.contains("cùng địa bàn (Xã Lộc Hưng, theo tiêu đề danh sách)"),
        "{why}"
    );
}

/// Two namesakes of one commune, told apart only by their hamlets (Ấp 2 and Ấp 5), and the
/// registry of [`write_residents`] beside them.
fn write_hamlet_residents(dir: &Path) -> PathBuf {
    let base = std::fs::read_to_string(write_residents(dir)).unwrap();
    let mut s = String::from(
        "Số định danh cá nhân,Họ và tên,Ngày sinh,Giới tính,Nơi thường trú,Xã/Phường,Tỉnh/Thành phố\n",
    );
    s.push_str("075066000001,Lê Văn Tám,01/02/1966,Nam,\"Ấp 2, Xã Lộc Hưng, Thành phố Đồng Nai\",Xã Lộc Hưng,Thành phố Đồng Nai\n");
    s.push_str("075066000002,Lê Văn Tám,09/10/1966,Nam,\"Ấp 5, Xã Lộc Hưng, Thành phố Đồng Nai\",Xã Lộc Hưng,Thành phố Đồng Nai\n");
    for line in base.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        s.push_str(&format!(
            "{},{},{},{},,{},{}\n",
            f[0], f[1], f[2], f[3], f[4], f[5]
        ));
    }
    let path = dir.join("residents-hamlets.csv");
    std::fs::write(&path, s).unwrap();
    path
}

#[test]
fn the_hamlet_decides_between_namesakes_of_one_commune() {
    let dir = tmp("hamlet");
    let residents = write_hamlet_residents(&dir);
    // a payment list by hamlet: the hamlet only in the group rows, the commune in the title;
    // a third row with no hamlet at all stays ambiguous
    let list = "UBND XÃ LỘC HƯNG\nSTT,Họ và tên,Năm sinh,Số tiền\nẤp 05,,,\n1,Lê Văn Tám,1966,500000\nẤp 2,,,\n2,LE VAN TAM,1966,500000\n";
    let input = dir.join("chi-tra.csv");
    std::fs::write(&input, list).unwrap();
    let other = dir.join("khong-thon.csv");
    std::fs::write(
        &other,
        "UBND XÃ LỘC HƯNG\nSTT,Họ và tên,Năm sinh\n1,Lê Văn Tám,1966\n",
    )
    .unwrap();
    let out = dir.join("out");
    let job = MatchJob {
        inputs: vec![input, other],
        residents,
        rules: Rules::builtin("bao-tro-xa-hoi").unwrap(),
        out: out.clone(),
    };
    run_match_with(&job, &RunOptions::default(), OutputOptions::default()).unwrap();
    let got = read_csv(&out.join("results.csv"));
    let row = |file: &str| {
        got.iter()
            .filter(|r| r["source_file"] == file)
            .map(|r| (r["status"].clone(), r["resident_id"].clone()))
            .collect::<Vec<_>>()
    };
    let chi_tra = row("chi-tra.csv");
    assert_eq!(
        chi_tra[0],
        ("matched".into(), "075066000002".into()),
        "{got:?}"
    );
    assert_eq!(
        chi_tra[1],
        ("matched".into(), "075066000001".into()),
        "{got:?}"
    );
    assert_eq!(row("khong-thon.csv")[0].0, "ambiguous", "{got:?}");
}

#[test]
fn a_listed_household_size_that_differs_is_noted_not_a_discrepancy() {
    let dir = tmp("household-size");
    let residents = dir.join("residents.csv");
    std::fs::write(
        &residents,
        "Số định danh cá nhân,Họ và tên,Ngày sinh,Giới tính,Xã/Phường,Tỉnh/Thành phố,Mã hộ\n\
         075060000001,Phan Văn Lực,01/01/1960,Nam,Xã Lộc Hưng,Thành phố Đồng Nai,HN-001\n\
         075062000002,Võ Thị Sen,02/02/1962,Nữ,Xã Lộc Hưng,Thành phố Đồng Nai,HN-001\n\
         075090000003,Phan Văn Tài,03/03/1990,Nam,Xã Lộc Hưng,Thành phố Đồng Nai,HN-001\n\
         075071000004,Đỗ Văn Nhân,04/04/1971,Nam,Xã Lộc Hưng,Thành phố Đồng Nai,HN-002\n",
    )
    .unwrap();
    // the list says 4 people in Lực's household (the registry has 3), 1 in Nhân's (it has 1)
    let input = dir.join("ho-ngheo.csv");
    std::fs::write(
        &input,
        "UBND XÃ LỘC HƯNG\nSTT,Họ và tên chủ hộ,Năm sinh,Số nhân khẩu\n1,Phan Văn Lực,1960,4\n2,Đỗ Văn Nhân,1971,1\n",
    )
    .unwrap();
    let rules = Rules::builtin("ho-ngheo").unwrap();
    let out = dir.join("out");
    let job = MatchJob {
        inputs: vec![input],
        residents: residents.clone(),
        rules: rules.clone(),
        out,
    };
    let report = run_match_with(&job, &RunOptions::default(), OutputOptions::default()).unwrap();
    let reg =
        doikhop::registry::Registry::load(&residents, &Rules::builtin("residents").unwrap(), 2026)
            .unwrap();
    let rows = &report.rows;
    assert_eq!(rows[0].person.household_size, Some(4));
    assert_eq!(rows[0].decision.status.as_str(), "matched");
    assert!(rows[0].decision.discrepancies.is_empty());
    let why = doikhop::report::reasons::reason(&rows[0], &reg, false);
    assert!(
        why.contains("số nhân khẩu khác (danh sách ghi 4, CSDLQG có 3 người cùng mã hộ)"),
        "{why}"
    );
    let why = doikhop::report::reasons::reason(&rows[1], &reg, false);
    assert!(!why.contains("nhân khẩu"), "{why}");
}
