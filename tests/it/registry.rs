//! The resident registry on the fixture extract: every resident loaded and found by each key,
//! the index file round-trips to the same lookups, and a changed extract, changed rules or a
//! damaged file is refused with a clear message.

use std::path::Path;

use doikhop::registry::Registry;
use doikhop::registry::file;
use doikhop::rules::Rules;

use super::support::{fixtures, read_csv};

fn residents_rules() -> Rules {
    Rules::builtin("residents").unwrap()
}

fn load(path: &Path) -> Registry {
    Registry::load(path, &residents_rules(), 2026).unwrap()
}

#[test]
fn every_resident_is_loaded_and_found_by_each_key() {
    let csv = fixtures().join("residents.csv");
    let rows = read_csv(&csv);
    let reg = load(&csv);
    assert_eq!(reg.len(), rows.len());
    assert_eq!(reg.stats.rows, rows.len());
    let mut by_cmnd = 0;
    let mut by_day = 0;
    for (i, row) in rows.iter().enumerate() {
        let i = i as u32;
        let res = reg.get(i);
        assert_eq!(res.id, row["Số định danh cá nhân"]);
        assert_eq!(res.name_text, row["Họ, chữ đệm và tên"]);
        assert!(reg.by_id(&res.id).contains(&i), "{} by ID", res.id);
        if let Some(c) = &res.cmnd {
            assert_eq!(c, &row["Số CMND"]);
            assert!(reg.by_cmnd(c).contains(&i));
            by_cmnd += 1;
        }
        let name = res.name().unwrap();
        let dob = res.dob.unwrap();
        assert!(reg.by_name_year(&name.folded(), dob.year).contains(&i));
        assert!(
            reg.by_phonetic_year(&name.phonetic_key(), dob.year)
                .contains(&i)
        );
        if dob.day.is_some() {
            assert!(reg.by_given_dob(&name.folded_given(), dob).contains(&i));
            by_day += 1;
        }
        assert!(reg.full_name_freq(&name.folded()) >= 1);
        assert!(reg.surname_freq(&name.folded_family()) >= 1);
        assert!(reg.given_freq(&name.folded_given()) >= 1);
        assert!(reg.dob_freq(dob) >= 1);
        assert!(reg.by_household(&row["Mã hộ"]).contains(&i));
        assert_eq!(res.dead, row["Tình trạng"] == "Đã chết");
        assert!(
            !res.commune_codes.is_empty(),
            "{} resolves to a 2025 commune",
            res.commune_text
        );
    }
    assert!(by_cmnd > 100 && by_day > 2000, "{by_cmnd} {by_day}");
    // Frequencies weigh agreement: a common name is counted as often as it occurs.
    let nguyen = rows
        .iter()
        .filter(|r| r["Họ, chữ đệm và tên"].starts_with("Nguyễn "))
        .count();
    assert!(nguyen > 300, "realistic name concentration: {nguyen}");
    // The surname table counts parsed family names (compound ones such as Nguyễn Phước apart).
    let family_nguyen = (0..reg.len() as u32)
        .filter(|&i| {
            reg.get(i)
                .name()
                .is_some_and(|n| n.folded_family() == "nguyen")
        })
        .count();
    assert_eq!(reg.surname_freq("nguyen") as usize, family_nguyen);
    assert!(family_nguyen + 50 > nguyen);
}

#[test]
fn the_index_file_round_trips_to_the_same_registry() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("dan-cu.csv");
    std::fs::copy(fixtures().join("residents.csv"), &csv).unwrap();
    let reg = load(&csv);
    let idx = dir.path().join("dan-cu.dkidx");
    file::save(&reg, &csv, &residents_rules(), &idx).unwrap();
    assert!(file::is_index_file(&idx));
    assert!(!file::is_index_file(&csv));
    let mut back = load(&idx);
    // loading verified the file and kept its checksum for the run manifest
    assert_eq!(
        back.file_sha256.take(),
        Some(doikhop::util::sha256_file(&idx).unwrap())
    );
    assert!(back == reg, "loaded index differs from the built registry");
    let r = back.get(42);
    assert_eq!(back.by_id(&r.id), reg.by_id(&r.id));
    assert!(
        reg.bytes_per_resident() < 300.0,
        "{} bytes per resident",
        reg.bytes_per_resident()
    );
}

fn expect_refused(path: &Path, fragment: &str) {
    match Registry::load(path, &residents_rules(), 2026) {
        Ok(_) => panic!("{} should be refused", path.display()),
        Err(e) => {
            let m = e.to_string();
            assert!(
                m.contains(fragment) && m.contains(&path.display().to_string()),
                "{m}"
            );
            assert_eq!(e.exit_code(), 4);
        }
    }
}

#[test]
fn a_stale_or_damaged_index_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("dan-cu.csv");
    std::fs::copy(fixtures().join("residents.csv"), &csv).unwrap();
    let reg = load(&csv);
    let idx = dir.path().join("x.dkidx");
    file::save(&reg, &csv, &residents_rules(), &idx).unwrap();
    let good = std::fs::read(&idx).unwrap();

    // A flipped byte in the body.
    let mut bad = good.clone();
    let k = bad.len() / 2;
    bad[k] ^= 0x55;
    std::fs::write(&idx, &bad).unwrap();
    expect_refused(&idx, "bị hỏng");

    // Truncated.
    std::fs::write(&idx, &good[..good.len() - 100]).unwrap();
    expect_refused(&idx, "bị hỏng");

    // Built with other residents rules.
    std::fs::write(&idx, &good).unwrap();
    let mut other = residents_rules();
    other.dead_values.push("Không còn".into());
    match Registry::load(&idx, &other, 2026) {
        Err(e) => assert!(e.to_string().contains("quy tắc"), "{e}"),
        Ok(_) => panic!("rules change not detected"),
    }
    assert!(Registry::load(&idx, &residents_rules(), 2026).is_ok());

    // The extract changed after indexing.
    let mut text = std::fs::read_to_string(&csv).unwrap();
    text.push_str("001099000001,,Nguyễn Văn Mới,01/01/1999,Nam,,,,,,,,Còn sống,\n");
    std::fs::write(&csv, text).unwrap();
    expect_refused(&idx, "đã cũ");
}

#[test]
fn odd_extracts_are_counted_not_crashed() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("dan-cu.csv");
    std::fs::write(
        &csv,
        "Số định danh cá nhân;Họ, chữ đệm và tên;Ngày, tháng, năm sinh;Giới tính;Tình trạng;Ngày mất\n\
         001060012345;Nguyễn Văn An;12/03/1960;Nam;Còn sống;\n\
         001060012345;Nguyễn Văn An;12/03/1960;Nam;Còn sống;\n\
         ;Trần Thị Bình;00/00/1940;Nữ;;\n\
         079072001234;Lê Văn Cường;không rõ;Nam;Đã chết;01/02/2024\n\
         \"079072009999\";\"Phạm, Thị Dung\";\"1975\";\"nữ\";;\n",
    )
    .unwrap();
    let reg = load(&csv);
    assert_eq!(reg.len(), 5);
    assert_eq!(reg.stats.duplicate_ids, 1);
    assert_eq!(reg.stats.without_id, 1);
    assert_eq!(reg.stats.unparsed_dates, 1);
    assert_eq!(reg.stats.dead, 1);
    assert_eq!(
        reg.get(2).dob.map(|d| (d.year, d.month)),
        Some((1940, None))
    );
    assert_eq!(reg.get(4).name_text, "Phạm, Thị Dung");
}

#[test]
fn parquet_extracts_load_like_csv() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let csv = fixtures().join("residents.csv");
    let mut df = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .try_into_reader_with_file_path(Some(csv.clone()))
        .unwrap()
        .finish()
        .unwrap();
    let pq = dir.path().join("dan-cu.parquet");
    ParquetWriter::new(std::fs::File::create(&pq).unwrap())
        .finish(&mut df)
        .unwrap();
    let a = load(&csv);
    let b = load(&pq);
    assert_eq!(a.len(), b.len());
    assert!(a.store == b.store && a.idx == b.idx);
}
