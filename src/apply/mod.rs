//! `doikhop apply`: close the loop. Reads the filled-in `<stem>.sai-lech.xlsx` workbooks back and
//! writes the final corrected list (clean rows + verified corrections) and the rows still
//! unresolved, each traceable to the original file, sheet and row.
//!
//! Sources, all from the output folder of the original `match` run (`--results`, by default the
//! folder of the first verified workbook):
//! - `results.csv`: every data row with its status and the matched registry ID (always whole,
//!   also after `--mask-ids`), so the final list's IDs are complete and every row that needed
//!   verification is accounted for even when a verifier deleted it;
//! - `<stem>.sach.xlsx`: the matched rows with the registry's canonical values;
//! - the verified workbooks: every sheet with a "Dòng" and a "Kết quả xác minh" header ("Tất cả"
//!   and the commune sheets; the same row filled on several sheets must agree).

pub mod read;
pub mod verdict;
mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::results::Status;
use read::{ResultLine, RowKey, Table};
use verdict::{Values, Verdict};

pub struct ApplyJob {
    pub verified: Vec<PathBuf>,
    /// Output folder of the original run.
    pub results: PathBuf,
    pub out: PathBuf,
}

/// A row of the final list.
#[derive(Debug, Clone)]
pub struct FinalRow {
    pub key: RowKey,
    pub values: Values,
    /// "Khớp đúng với CSDLQG" or how it was verified.
    pub source: String,
    pub verification: Option<Filled>,
}

/// A row taken out of the list by verification (confirmed duplicate or deceased).
#[derive(Debug, Clone)]
pub struct RemovedRow {
    pub key: RowKey,
    pub values: Values,
    pub reason: String,
    pub verification: Filled,
}

/// A row that still needs work, and why.
#[derive(Debug, Clone)]
pub struct Unresolved {
    pub key: RowKey,
    pub status: Status,
    pub listed_name: String,
    pub reason: String,
    pub entered: String,
    pub why: String,
    /// Where it was read: "<workbook>, sheet "<sheet>", dòng N".
    pub seen_at: String,
}

/// What a verifier wrote on one row, with the row's listed and registry values.
#[derive(Debug, Clone, Default)]
pub struct Filled {
    pub verdict_text: String,
    pub correct_value: String,
    pub officer: String,
    pub date: String,
    pub status_text: String,
    pub reason: String,
    pub listed: Values,
    pub registry: Values,
    pub seen_at: String,
}

impl Filled {
    fn same_answer(&self, other: &Filled) -> bool {
        verdict::parse_verdict(&self.verdict_text) == verdict::parse_verdict(&other.verdict_text)
            && crate::text::fold::fold(&self.correct_value)
                == crate::text::fold::fold(&other.correct_value)
    }
}

pub struct ApplyOutcome {
    pub final_list: Vec<FinalRow>,
    pub removed: Vec<RemovedRow>,
    pub unresolved: Vec<Unresolved>,
    pub warnings: Vec<String>,
    pub written: Vec<PathBuf>,
    pub final_rows: usize,
    pub clean_rows: usize,
    pub verified_rows: usize,
    pub removed_rows: usize,
    pub unresolved_rows: usize,
}

/// The workbooks the original run wrote for each input (`run.json` → `inputs[].outputs`), by the
/// input's name in results.csv; an older run.json, or none, gives `<stem>.sach.xlsx`.
fn run_outputs(dir: &Path) -> BTreeMap<String, (String, String)> {
    let Ok(text) = std::fs::read_to_string(dir.join("run.json")) else {
        return BTreeMap::new();
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return BTreeMap::new();
    };
    json["inputs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| {
            let name = i["name"].as_str()?;
            let clean = i["outputs"]["clean"].as_str()?;
            let verify = i["outputs"]["verify"].as_str()?;
            Some((name.to_string(), (clean.to_string(), verify.to_string())))
        })
        .collect()
}

/// The heading the original run printed its lists under (`run.json` → `sheets[].heading`),
/// where all its sheets agree; an older run.json, or none, leaves it to be written by hand.
fn run_heading(dir: &Path) -> crate::report::document::Heading {
    use crate::report::document::Heading;
    let json = std::fs::read_to_string(dir.join("run.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
    let headings: Vec<Heading> = json
        .as_ref()
        .and_then(|j| j["sheets"].as_array())
        .into_iter()
        .flatten()
        .filter_map(|s| Heading::from_json(&s["heading"]))
        .collect();
    Heading::common(&headings)
}

fn stem(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string())
}

/// Run `apply`: read, decide, write.
pub fn run(job: &ApplyJob) -> Result<ApplyOutcome> {
    let results_path = job.results.join("results.csv");
    if !results_path.is_file() {
        return Err(Error::Input {
            file: results_path.display().to_string(),
            message: "không có results.csv của lần đối chiếu gốc; dùng --results THƯ_MỤC".into(),
        });
    }
    let results = read::results_csv(&results_path)?;
    let mut warnings = Vec::new();
    let clean = read_clean(&job.results, &results, &mut warnings)?;
    let mut filled: BTreeMap<RowKey, Vec<Filled>> = BTreeMap::new();
    for path in &job.verified {
        read_verified(path, &results, &mut filled, &mut warnings)?;
    }
    let mut outcome = decide(&results, clean, filled, &mut warnings);
    outcome.warnings = warnings;
    let heading = run_heading(&job.results);
    outcome.written = write::write_all(&outcome, &heading, crate::util::today(), &job.out)?;
    Ok(outcome)
}

const CLEAN_REQUIRED: [&str; 2] = ["Số định danh cá nhân (CSDLQG)", "Dòng trong tệp gốc"];

/// The matched rows' registry values from every `<stem>.sach.xlsx`, keyed by origin.
fn read_clean(
    dir: &Path,
    results: &[ResultLine],
    warnings: &mut Vec<String>,
) -> Result<BTreeMap<RowKey, Values>> {
    let files: BTreeSet<&str> = results.iter().map(|r| r.key.file.as_str()).collect();
    let ids: BTreeMap<&RowKey, &str> = results
        .iter()
        .map(|r| (&r.key, r.resident_id.as_str()))
        .collect();
    let mut out = BTreeMap::new();
    let outputs = run_outputs(dir);
    for file in files {
        let path = match outputs.get(file) {
            Some((clean, _)) => dir.join(clean),
            None => dir.join(format!("{}.sach.xlsx", stem(file))),
        };
        if !path.is_file() {
            if results
                .iter()
                .any(|r| r.key.file == file && r.status == Status::Matched)
            {
                warnings.push(format!(
                    "không có {}: các dòng khớp đúng của {file} không vào danh sách cuối cùng",
                    path.display()
                ));
            }
            continue;
        }
        for (_, t) in read::tables(&path, &CLEAN_REQUIRED)? {
            for (_, cells) in &t.rows {
                let Some(row) = read::parse_row(t.get(cells, "Dòng trong tệp gốc")) else {
                    continue;
                };
                let key = RowKey {
                    file: file.to_string(),
                    sheet: t.get(cells, "Sheet trong tệp gốc").to_string(),
                    row,
                };
                // The registry ID from results.csv: whole even when the workbook is masked.
                let id = ids
                    .get(&key)
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| t.get(cells, "Số định danh cá nhân (CSDLQG)").into());
                out.insert(
                    key,
                    Values {
                        name: t.get(cells, "Họ và tên (CSDLQG)").to_string(),
                        dob: t.get(cells, "Ngày sinh (CSDLQG)").to_string(),
                        sex: t.get(cells, "Giới tính (CSDLQG)").to_string(),
                        id,
                        address: t.get(cells, "Nơi thường trú (CSDLQG)").to_string(),
                    },
                );
            }
        }
    }
    Ok(out)
}

const VERIFY_REQUIRED: [&str; 2] = ["Dòng", "Kết quả xác minh"];

fn values(t: &Table, cells: &[String], which: &str) -> Values {
    let get = |label: &str| t.get(cells, &format!("{label} ({which})")).to_string();
    Values {
        name: get("Họ và tên"),
        dob: get("Ngày sinh"),
        sex: get("Giới tính"),
        id: if which == "danh sách" {
            get("Số định danh/CMND")
        } else {
            get("Số định danh")
        },
        address: if which == "danh sách" {
            get("Địa chỉ")
        } else {
            get("Nơi thường trú")
        },
    }
}

/// Every filled row of one verified workbook, keyed by origin.
fn read_verified(
    path: &Path,
    results: &[ResultLine],
    filled: &mut BTreeMap<RowKey, Vec<Filled>>,
    warnings: &mut Vec<String>,
) -> Result<()> {
    let wb_name = crate::ingest::file_name(path);
    // The file this workbook verifies, for a workbook whose "Tệp" column was deleted.
    let wb_stem = wb_name
        .strip_suffix(".sai-lech.xlsx")
        .map(str::to_string)
        .unwrap_or_else(|| stem(&wb_name));
    let outputs = path.parent().map(run_outputs).unwrap_or_default();
    let inferred_file = outputs
        .iter()
        .find(|(_, (_, verify))| *verify == wb_name)
        .map(|(file, _)| file.clone())
        .or_else(|| {
            results
                .iter()
                .map(|r| r.key.file.as_str())
                .find(|f| stem(f) == wb_stem)
                .map(str::to_string)
        });
    let tables = read::tables(path, &VERIFY_REQUIRED)?;
    if tables.is_empty() {
        return Err(Error::Input {
            file: path.display().to_string(),
            message: "không tìm thấy sheet nào có cột \"Dòng\" và \"Kết quả xác minh\"".into(),
        });
    }
    let known: BTreeSet<&RowKey> = results.iter().map(|r| &r.key).collect();
    for (sheet_name, t) in &tables {
        for (sheet_row, cells) in &t.rows {
            let Some(row) = read::parse_row(t.get(cells, "Dòng")) else {
                continue;
            };
            let file = if t.has("Tệp") {
                t.get(cells, "Tệp").to_string()
            } else {
                match &inferred_file {
                    Some(f) => f.clone(),
                    None => {
                        warnings.push(format!(
                            "{wb_name}, sheet \"{sheet_name}\", dòng {sheet_row}: không biết tệp gốc (cột \"Tệp\" đã bị xóa)"
                        ));
                        continue;
                    }
                }
            };
            let sheet = if t.has("Sheet") {
                t.get(cells, "Sheet").to_string()
            } else {
                // Only when the row number names one sheet of that file.
                let sheets: Vec<&str> = results
                    .iter()
                    .filter(|r| r.key.file == file && r.key.row == row)
                    .map(|r| r.key.sheet.as_str())
                    .collect();
                match sheets.as_slice() {
                    [one] => one.to_string(),
                    _ => {
                        warnings.push(format!(
                            "{wb_name}, sheet \"{sheet_name}\", dòng {sheet_row}: không biết sheet gốc (cột \"Sheet\" đã bị xóa)"
                        ));
                        continue;
                    }
                }
            };
            let key = RowKey { file, sheet, row };
            if !known.contains(&key) {
                warnings.push(format!(
                    "{wb_name}, sheet \"{sheet_name}\", dòng {sheet_row}: không có dòng {} trong results.csv",
                    key.row
                ));
                continue;
            }
            filled.entry(key).or_default().push(Filled {
                verdict_text: t.get(cells, "Kết quả xác minh").to_string(),
                correct_value: t.get(cells, "Giá trị đúng").to_string(),
                // The printed list's column is signed in ("Cán bộ xác minh (ký, ghi rõ họ tên)").
                officer: [
                    t.get(cells, "Cán bộ xác minh"),
                    t.get(cells, crate::report::lists::VERIFY_OFFICER),
                ]
                .into_iter()
                .find(|v| !v.is_empty())
                .unwrap_or("")
                .to_string(),
                date: t.get(cells, "Ngày xác minh").to_string(),
                status_text: t.get(cells, "Trạng thái").to_string(),
                reason: t.get(cells, "Lý do").to_string(),
                listed: values(t, cells, "danh sách"),
                registry: values(t, cells, "CSDLQG"),
                seen_at: format!("{wb_name}, sheet \"{sheet_name}\", dòng {sheet_row}"),
            });
        }
    }
    Ok(())
}

/// A listed ID read from a workbook written with `--mask-ids` ("********2345"): the matched
/// registry ID when it ends with the same visible digits, else nothing (the note says so).
fn unmask_id(values: &mut Values, resident_id: &str) -> Option<&'static str> {
    if !values.id.contains('*') {
        return None;
    }
    let visible: String = values.id.chars().filter(|c| c.is_ascii_digit()).collect();
    let star_count = values.id.chars().filter(|c| *c == '*').count();
    if !resident_id.is_empty()
        && resident_id.len() == star_count + visible.len()
        && resident_id.ends_with(&visible)
    {
        values.id = resident_id.to_string();
        None
    } else {
        values.id.clear();
        Some(" (số định danh trong danh sách đã bị che, cần bổ sung)")
    }
}

/// The answer of one row: agreed, or why it cannot be used (with the copy to report).
enum Picked {
    Answer(Filled),
    NoAnswer(Filled, String),
}

/// Pick the answer for one row among its copies (the "all" sheet and a commune sheet).
fn pick(copies: Vec<Filled>) -> Picked {
    let answered: Vec<&Filled> = copies
        .iter()
        .filter(|f| !f.verdict_text.trim().is_empty())
        .collect();
    match answered.as_slice() {
        [] => Picked::NoAnswer(
            copies.into_iter().next().unwrap_or_default(),
            "Chưa có kết quả xác minh".into(),
        ),
        [first, rest @ ..] => {
            if let Some(other) = rest.iter().find(|o| !first.same_answer(o)) {
                let why = format!(
                    "Kết quả xác minh khác nhau: \"{}\" ({}) và \"{}\" ({})",
                    first.verdict_text, first.seen_at, other.verdict_text, other.seen_at
                );
                Picked::NoAnswer((*first).clone(), why)
            } else {
                Picked::Answer((*first).clone())
            }
        }
    }
}

fn decide(
    results: &[ResultLine],
    mut clean: BTreeMap<RowKey, Values>,
    mut filled: BTreeMap<RowKey, Vec<Filled>>,
    warnings: &mut Vec<String>,
) -> ApplyOutcome {
    let mut final_list = Vec::new();
    let mut removed = Vec::new();
    let mut unresolved = Vec::new();
    let (mut clean_rows, mut verified_rows) = (0, 0);
    for line in results {
        let key = line.key.clone();
        if line.status == Status::Matched {
            match clean.remove(&key) {
                Some(values) => {
                    clean_rows += 1;
                    final_list.push(FinalRow {
                        key,
                        values,
                        source: "Khớp đúng với CSDLQG".into(),
                        verification: None,
                    });
                }
                None => warnings.push(format!(
                    "{}: dòng khớp đúng {} không có trong danh sách sạch",
                    key.file, key.row
                )),
            }
            continue;
        }
        let unresolved_row = |f: &Filled, why: String| Unresolved {
            key: key.clone(),
            status: line.status,
            listed_name: f.listed.name.clone(),
            reason: f.reason.clone(),
            entered: f.verdict_text.clone(),
            why,
            seen_at: f.seen_at.clone(),
        };
        let Some(copies) = filled.remove(&key) else {
            unresolved.push(unresolved_row(
                &Filled::default(),
                "Không có trong các tệp xác minh đã nộp".into(),
            ));
            continue;
        };
        let f = match pick(copies) {
            Picked::Answer(f) => f,
            Picked::NoAnswer(f, why) => {
                unresolved.push(unresolved_row(&f, why));
                continue;
            }
        };
        let Some(v) = verdict::parse_verdict(&f.verdict_text) else {
            unresolved.push(unresolved_row(
                &f,
                format!("Không hiểu kết quả xác minh \"{}\"", f.verdict_text),
            ));
            continue;
        };
        let verified = |values: Values, source: String, f: &Filled| FinalRow {
            key: key.clone(),
            values,
            source,
            verification: Some(f.clone()),
        };
        match (v, line.status) {
            (Verdict::Unverifiable, _) => {
                unresolved.push(unresolved_row(&f, "Không xác minh được".into()));
            }
            (Verdict::Registry, Status::Duplicate | Status::Deceased) => {
                let reason = if line.status == Status::Duplicate {
                    format!("Xác nhận trùng lặp: {}", f.reason)
                } else {
                    format!("Xác nhận {}", f.reason.to_lowercase())
                };
                removed.push(RemovedRow {
                    key: key.clone(),
                    values: f.listed.clone(),
                    reason,
                    verification: f,
                });
            }
            (Verdict::Registry, Status::NotFound) => unresolved.push(unresolved_row(
                &f,
                "Không tìm thấy trong CSDLQG nên không có giá trị CSDLQG để áp dụng".into(),
            )),
            (Verdict::Registry, Status::Ambiguous) => {
                let chosen = verdict::normalise_id(&f.correct_value)
                    .filter(|id| line.candidates.contains(id));
                match chosen {
                    Some(id) => {
                        verified_rows += 1;
                        let values = Values {
                            id,
                            ..f.listed.clone()
                        };
                        let row = verified(
                            values,
                            "Xác minh: đúng theo CSDLQG (người được chọn trong các người trùng khớp)"
                                .into(),
                            &f,
                        );
                        final_list.push(row);
                    }
                    None => unresolved.push(unresolved_row(
                        &f,
                        "Nhiều người trùng khớp: cần ghi số định danh của đúng người vào cột \"Giá trị đúng\""
                            .into(),
                    )),
                }
            }
            (Verdict::Registry, _) => {
                verified_rows += 1;
                let mut values = f.registry.clone();
                if !line.resident_id.is_empty() {
                    values.id = line.resident_id.clone();
                }
                if values.name.is_empty() {
                    values.name = f.listed.name.clone();
                }
                final_list.push(verified(values, "Xác minh: đúng theo CSDLQG".into(), &f));
            }
            (Verdict::Listed, _) => {
                verified_rows += 1;
                let mut values = f.listed.clone();
                let mut source = "Xác minh: đúng theo danh sách".to_string();
                if let Some(note) = unmask_id(&mut values, &line.resident_id) {
                    source.push_str(note);
                }
                final_list.push(verified(values, source, &f));
            }
            (Verdict::BothWrong, _) => {
                if f.correct_value.trim().is_empty() {
                    unresolved.push(unresolved_row(
                        &f,
                        "Cả hai sai nhưng chưa ghi \"Giá trị đúng\"".into(),
                    ));
                    continue;
                }
                verified_rows += 1;
                let mut values = f.listed.clone();
                let changed = verdict::apply_correction(&mut values, &f.correct_value);
                let mut source = format!("Xác minh: cả hai sai, đã sửa {}", changed.join(", "));
                if let Some(note) = unmask_id(&mut values, &line.resident_id) {
                    source.push_str(note);
                }
                final_list.push(verified(values, source, &f));
            }
        }
    }
    for (key, copies) in filled {
        if let Some(f) = copies.first() {
            warnings.push(format!(
                "{}: dòng {} đã khớp đúng, kết quả xác minh bị bỏ qua",
                f.seen_at, key.row
            ));
        }
    }
    final_list.sort_by(|a, b| a.key.cmp(&b.key));
    ApplyOutcome {
        final_rows: final_list.len(),
        clean_rows,
        verified_rows,
        removed_rows: removed.len(),
        unresolved_rows: unresolved.len(),
        final_list,
        removed,
        unresolved,
        warnings: Vec::new(),
        written: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(verdict: &str, at: &str) -> Filled {
        Filled {
            verdict_text: verdict.into(),
            seen_at: at.into(),
            ..Filled::default()
        }
    }

    #[test]
    fn masked_listed_ids_come_back_from_the_registry_id() {
        let mut v = Values {
            id: "********2345".into(),
            ..Values::default()
        };
        assert_eq!(unmask_id(&mut v, "001085012345"), None);
        assert_eq!(v.id, "001085012345");
        let mut v = Values {
            id: "********9999".into(),
            ..Values::default()
        };
        assert!(unmask_id(&mut v, "001085012345").is_some());
        assert_eq!(v.id, "");
        let mut v = Values {
            id: "001085012345".into(),
            ..Values::default()
        };
        assert_eq!(unmask_id(&mut v, ""), None);
        assert_eq!(v.id, "001085012345");
    }

    #[test]
    fn copies_of_a_row_must_agree() {
        let one = pick(vec![filled("", "a"), filled("Đúng theo CSDLQG", "b")]);
        assert!(matches!(one, Picked::Answer(f) if f.seen_at == "b"));
        let same = pick(vec![
            filled("dung theo csdlqg", "a"),
            filled("Đúng theo CSDLQG", "b"),
        ]);
        assert!(matches!(same, Picked::Answer(_)));
        match pick(vec![
            filled("Đúng theo danh sách", "a"),
            filled("Đúng theo CSDLQG", "b"),
        ]) {
            Picked::NoAnswer(_, why) => assert!(why.contains("khác nhau"), "{why}"),
            Picked::Answer(_) => panic!("conflicting answers accepted"),
        }
        assert!(matches!(pick(vec![filled("", "a")]), Picked::NoAnswer(..)));
        assert!(matches!(pick(Vec::new()), Picked::NoAnswer(..)));
    }
}
