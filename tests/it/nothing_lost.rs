//! Nothing lost: for random layouts (title rows, header wording and order, numbering row,
//! sub-headers, totals, footer, CSV or several xlsx sheets) and random corruptions of the person
//! rows (blank or garbage names, error cells, missing IDs, 5,000-character cells, formulas-looking
//! text), every person row written appears exactly once: in results.csv or in the skipped-rows
//! report with a reason, never in both, never twice, and never swallowed as a header or title.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use doikhop::pipeline::{MatchJob, match_with_registry};
use doikhop::registry::Registry;
use doikhop::rules::Rules;
use proptest::prelude::*;

use super::support::fixtures;

const DATE: (i32, u32, u32) = (2026, 11, 22);

fn registry() -> &'static Registry {
    static REG: OnceLock<Registry> = OnceLock::new();
    REG.get_or_init(|| {
        Registry::load(
            &fixtures().join("residents.csv"),
            &Rules::builtin("residents").unwrap(),
            DATE.0,
        )
        .unwrap()
    })
}

/// (id, name, dob, sex) of the first residents of the extract.
fn residents() -> &'static Vec<[String; 4]> {
    static RES: OnceLock<Vec<[String; 4]>> = OnceLock::new();
    RES.get_or_init(|| {
        let mut r = csv::Reader::from_path(fixtures().join("residents.csv")).unwrap();
        r.records()
            .take(200)
            .map(|rec| {
                let rec = rec.unwrap();
                [
                    rec[0].to_string(),
                    rec[2].to_string(),
                    rec[3].to_string(),
                    rec[4].to_string(),
                ]
            })
            .collect()
    })
}

#[derive(Debug, Clone)]
enum Corruption {
    None,
    BlankName,
    GarbageName,
    ErrorCells,
    NoId,
    LongCell,
    FormulaText,
    OnlyNumber,
    Upper,
}

#[derive(Debug, Clone)]
enum Extra {
    Subheader,
    Blank,
    Total,
}

#[derive(Debug, Clone)]
struct Sheet {
    titles: usize,
    header_variant: usize,
    order: Vec<usize>,
    numbering: bool,
    /// (resident, corruption, extra row before it)
    rows: Vec<(usize, Corruption, Option<Extra>)>,
    footer: bool,
}

#[derive(Debug, Clone)]
struct Case {
    csv: bool,
    sheets: Vec<Sheet>,
}

fn corruption() -> impl Strategy<Value = Corruption> {
    prop_oneof![
        6 => Just(Corruption::None),
        1 => Just(Corruption::BlankName),
        1 => Just(Corruption::GarbageName),
        1 => Just(Corruption::ErrorCells),
        1 => Just(Corruption::NoId),
        1 => Just(Corruption::LongCell),
        1 => Just(Corruption::FormulaText),
        1 => Just(Corruption::OnlyNumber),
        1 => Just(Corruption::Upper),
    ]
}

fn extra() -> impl Strategy<Value = Option<Extra>> {
    prop_oneof![
        8 => Just(None),
        1 => Just(Some(Extra::Subheader)),
        1 => Just(Some(Extra::Blank)),
        1 => Just(Some(Extra::Total)),
    ]
}

fn sheet() -> impl Strategy<Value = Sheet> {
    (
        0usize..4,
        0usize..3,
        Just(vec![0usize, 1, 2, 3, 4]).prop_shuffle(),
        any::<bool>(),
        prop::collection::vec((0usize..200, corruption(), extra()), 1..25),
        any::<bool>(),
    )
        .prop_map(
            |(titles, header_variant, order, numbering, rows, footer)| Sheet {
                titles,
                header_variant,
                order,
                numbering,
                rows,
                footer,
            },
        )
}

fn case() -> impl Strategy<Value = Case> {
    (any::<bool>(), prop::collection::vec(sheet(), 1..3)).prop_map(|(csv, mut sheets)| {
        if csv {
            sheets.truncate(1);
        }
        Case { csv, sheets }
    })
}

const HEADERS: [[&str; 5]; 3] = [
    ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD"],
    [
        "TT",
        "Họ tên chủ hộ",
        "Ngày, tháng, năm sinh",
        "Giới tính",
        "Số định danh cá nhân",
    ],
    ["Số TT", "HỌ VÀ TÊN", "Năm sinh", "Giới tính", "CCCD/CMND"],
];

/// The rows of a sheet as text, and the 1-based rows that hold a person.
fn layout(s: &Sheet) -> (Vec<Vec<String>>, Vec<u32>) {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for t in 0..s.titles {
        rows.push(vec![
            [
                "ỦY BAN NHÂN DÂN XÃ",
                "DANH SÁCH HỘ NGHÈO",
                "(Kèm theo Quyết định số 12/QĐ-UBND)",
            ][t % 3]
                .to_string(),
        ]);
    }
    let header = &HEADERS[s.header_variant];
    rows.push(s.order.iter().map(|&c| header[c].to_string()).collect());
    if s.numbering {
        rows.push((1..=5).map(|i| format!("({i})")).collect());
    }
    let mut person_rows = Vec::new();
    for (n, (who, corr, extra)) in s.rows.iter().enumerate() {
        match extra {
            Some(Extra::Subheader) => rows.push(vec![String::new(), format!("Thôn {}", n + 1)]),
            Some(Extra::Blank) => rows.push(Vec::new()),
            Some(Extra::Total) => rows.push(vec![String::new(), "Cộng".into(), format!("{n}")]),
            None => {}
        }
        let r = &residents()[*who];
        let mut v = [
            (n + 1).to_string(),
            r[1].clone(),
            r[2].clone(),
            r[3].clone(),
            r[0].clone(),
        ];
        match corr {
            Corruption::None => {}
            Corruption::BlankName => v[1].clear(),
            Corruption::GarbageName => v[1] = "@@@ ??? ###".into(),
            Corruption::ErrorCells => {
                v[2] = "#N/A".into();
                v[4] = "#REF!".into();
            }
            Corruption::NoId => v[4].clear(),
            Corruption::LongCell => v[1] = "Nguyễn Văn ".repeat(500),
            Corruption::FormulaText => v[1] = format!("={}", v[1]),
            Corruption::OnlyNumber => {
                v[1].clear();
                v[2].clear();
                v[3].clear();
                v[4].clear();
            }
            Corruption::Upper => v[1] = v[1].to_uppercase(),
        }
        rows.push(s.order.iter().map(|&c| v[c].clone()).collect());
        person_rows.push(rows.len() as u32);
    }
    if s.footer {
        rows.push(Vec::new());
        rows.push(vec![String::new(), String::new(), "Người lập biểu".into()]);
        rows.push(vec![
            String::new(),
            String::new(),
            "(Ký, ghi rõ họ tên)".into(),
        ]);
    }
    (rows, person_rows)
}

/// Write the case; returns the file and, per sheet name, the person rows.
fn write_case(dir: &Path, case: &Case) -> (PathBuf, BTreeMap<String, Vec<u32>>) {
    let mut expected = BTreeMap::new();
    if case.csv {
        let (rows, persons) = layout(&case.sheets[0]);
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_path(dir.join("ds.csv"))
            .unwrap();
        for r in &rows {
            if r.is_empty() {
                w.write_record([""]).unwrap();
            } else {
                w.write_record(r).unwrap();
            }
        }
        w.flush().unwrap();
        expected.insert(String::new(), persons);
        return (dir.join("ds.csv"), expected);
    }
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (i, s) in case.sheets.iter().enumerate() {
        let name = format!("Xã {}", i + 1);
        let ws = wb.add_worksheet();
        ws.set_name(&name).unwrap();
        let (rows, persons) = layout(s);
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(r as u32, c as u16, v).unwrap();
                }
            }
        }
        expected.insert(name, persons);
    }
    let path = dir.join("ds.xlsx");
    wb.save(&path).unwrap();
    (path, expected)
}

/// Every person row of the case is in results.csv or reported as skipped, exactly once.
fn check_case(case: &Case) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let (path, expected) = write_case(dir.path(), case);
    let job = MatchJob {
        inputs: vec![path.clone()],
        residents: fixtures().join("residents.csv"),
        rules: Rules::builtin("ho-ngheo").unwrap(),
        out: dir.path().join("out"),
    };
    let reg = registry();
    let report = match_with_registry(&job, reg, DATE).unwrap();
    prop_assert!(
        report.inputs.iter().all(|i| i.error.is_none()),
        "{:?}",
        report.inputs
    );
    let csv_bytes = doikhop::report::results::render(&report, reg);
    let mut results: BTreeMap<(String, u32), usize> = BTreeMap::new();
    let mut reader = csv::Reader::from_reader(csv_bytes.as_slice());
    for rec in reader.records() {
        let rec = rec.unwrap();
        let sheet = rec[1].to_string();
        let row: u32 = rec[2].parse().unwrap();
        *results.entry((sheet, row)).or_default() += 1;
    }
    let mut skipped: BTreeMap<(String, u32), usize> = BTreeMap::new();
    for s in &report.skipped_rows {
        prop_assert!(!s.reason.is_empty());
        *skipped.entry((s.sheet.clone(), s.row)).or_default() += 1;
    }
    for (sheet, rows) in &expected {
        for &row in rows {
            let key = (sheet.clone(), row);
            let in_results = results.get(&key).copied().unwrap_or(0);
            let in_skipped = skipped.get(&key).copied().unwrap_or(0);
            prop_assert_eq!(
                in_results + in_skipped,
                1,
                "sheet {:?} row {}: {} in results.csv, {} skipped; problems {:?}",
                sheet,
                row,
                in_results,
                in_skipped,
                report.sheet_problems
            );
        }
    }
    for (key, n) in &results {
        prop_assert_eq!(*n, 1, "{:?} listed {} times", key, n);
    }
    Ok(())
}

/// Found by the property test: a table whose only row under the header is a sub-header and a
/// row holding only a number has no person row; its rows are still reported as skipped.
#[test]
fn a_table_without_person_rows_still_reports_its_rows() {
    let case = Case {
        csv: false,
        sheets: vec![Sheet {
            titles: 0,
            header_variant: 0,
            order: vec![1, 0, 3, 2, 4],
            numbering: false,
            rows: vec![(0, Corruption::OnlyNumber, Some(Extra::Subheader))],
            footer: false,
        }],
    };
    check_case(&case).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_person_row_is_in_results_or_skipped_exactly_once(case in case()) {
        check_case(&case)?;
    }
}

/// Every list a fixture folder ships (fixtures/, the layout corpus fixtures/layouts/, the
/// published-form corpus fixtures/templates/), with the kind it is read with.
fn every_fixture() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        let list = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("xlsx" | "xls" | "csv")
        );
        if let (true, Some(kind)) = (list, doikhop::rules::kind_of(&path)) {
            out.push((path, kind.to_string()));
        }
    }
    let layouts = fixtures().join("layouts");
    let text = std::fs::read_to_string(layouts.join("expected.json")).unwrap();
    for exp in serde_json::from_str::<Vec<serde_json::Value>>(&text).unwrap() {
        let file = layouts.join(exp["file"].as_str().unwrap());
        let kind = exp["kind"].as_str().unwrap().to_string();
        for ext in exp["copies"].as_array().into_iter().flatten() {
            out.push((file.with_extension(ext.as_str().unwrap()), kind.clone()));
        }
        out.push((file, kind));
    }
    for exp in super::templates::expected() {
        let file = super::templates::templates_dir().join(exp["file"].as_str().unwrap());
        out.push((file, exp["kind"].as_str().unwrap().to_string()));
    }
    out.sort();
    out
}

/// For every fixture: every non-blank row of a sheet that is read is the table's title or
/// header, a person row in results.csv, or a skipped row with a reason in the run's report —
/// exactly one of them; a sheet that is not read is reported with its reason. In the template
/// corpus, no section, total, note, repeated header or signature row is ever a person row.
#[test]
fn every_fixture_row_is_a_person_or_skipped_with_a_reason() {
    use doikhop::ingest::{RowRole, SheetOutcome};
    let templates: BTreeMap<String, serde_json::Value> = super::templates::expected()
        .into_iter()
        .map(|e| (e["file"].as_str().unwrap().to_string(), e))
        .collect();
    let reg = registry();
    let mut failures = Vec::new();
    let all = every_fixture();
    assert!(all.len() >= 80, "{} fixtures", all.len());
    for (path, kind) in &all {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let rules = Rules::builtin(kind).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let job = MatchJob {
            inputs: vec![path.clone()],
            residents: fixtures().join("residents.csv"),
            rules: rules.clone(),
            out: dir.path().join("out"),
        };
        let report = match_with_registry(&job, reg, DATE).unwrap();
        let csv_bytes = doikhop::report::results::render(&report, reg);
        let mut results: BTreeMap<(String, u32), usize> = BTreeMap::new();
        for rec in csv::Reader::from_reader(csv_bytes.as_slice()).records() {
            let rec = rec.unwrap();
            *results
                .entry((rec[1].to_string(), rec[2].parse().unwrap()))
                .or_default() += 1;
        }
        let mut skipped: BTreeMap<(String, u32), usize> = BTreeMap::new();
        for s in &report.skipped_rows {
            if s.reason.trim().is_empty() {
                failures.push(format!("{name}: row {} skipped without a reason", s.row));
            }
            // A run of blank rows is one entry naming its extent.
            *skipped.entry((s.sheet.clone(), s.row)).or_default() += 1;
        }
        let file = doikhop::ingest::read_list(path, 0, &rules).unwrap();
        let grids = doikhop::ingest::read_grids(path).unwrap();
        for (outcome, grid) in file.sheets.iter().zip(&grids) {
            let SheetOutcome::Read(sheet) = outcome else {
                let sheet = match outcome {
                    SheetOutcome::Skipped { sheet, .. } | SheetOutcome::Failed { sheet, .. } => {
                        sheet
                    }
                    SheetOutcome::Read(_) => unreachable!(),
                };
                if !report
                    .sheet_problems
                    .iter()
                    .any(|p| &p.sheet == sheet && !p.message.is_empty())
                {
                    failures.push(format!("{name}: sheet {sheet} not read and not reported"));
                }
                continue;
            };
            let table_rows: Vec<u32> = sheet
                .table
                .skipped
                .iter()
                .filter(|s| matches!(s.role, RowRole::Title | RowRole::Header))
                .map(|s| s.row + 1)
                .collect();
            for r in 0..grid.rows.len() {
                if grid.row_is_blank(r) {
                    continue;
                }
                let row = r as u32 + 1;
                let key = (sheet.name.clone(), row);
                let as_person = results.get(&key).copied().unwrap_or(0);
                let as_skipped = skipped.get(&key).copied().unwrap_or(0);
                let as_table = usize::from(table_rows.contains(&row));
                if as_person + as_skipped + as_table != 1 {
                    failures.push(format!(
                        "{name} sheet {:?} row {row}: {as_person} in results.csv, {as_skipped} skipped, {as_table} title/header",
                        sheet.name
                    ));
                }
            }
            if let Some(exp) = templates.get(&name) {
                let es = exp["sheets"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|s| s["sheet"] == sheet.name.as_str());
                for (row, role) in es
                    .and_then(|s| s["other_rows"].as_object())
                    .into_iter()
                    .flatten()
                {
                    let row: u32 = row.parse().unwrap();
                    if results.contains_key(&(sheet.name.clone(), row)) {
                        failures.push(format!("{name} row {row} ({role}) is a person row"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
