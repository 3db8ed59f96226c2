//! End to end on the fixtures: every data row the generator wrote appears exactly once in
//! results.csv (no footer or sub-header counted as a person), and statuses, residents and
//! discrepancies agree with the generator's truth.

use std::collections::{BTreeMap, BTreeSet};

use super::support::{fixture_run, fixtures, read_csv};

type Key = (String, String, String);

fn key(row: &BTreeMap<String, String>) -> Key {
    (
        row["source_file"].clone(),
        row["sheet"].clone(),
        row["row"].clone(),
    )
}

fn all_results() -> BTreeMap<Key, BTreeMap<String, String>> {
    let run = fixture_run();
    let mut out = BTreeMap::new();
    for dir in run.outs.values() {
        for row in read_csv(&dir.join("results.csv")) {
            assert!(out.insert(key(&row), row).is_none(), "row listed twice");
        }
    }
    out
}

#[test]
fn results_csv_has_exactly_the_header_of_the_contract() {
    let run = fixture_run();
    for dir in run.outs.values() {
        let text = std::fs::read_to_string(dir.join("results.csv")).unwrap();
        assert_eq!(
            text.lines().next().unwrap(),
            "source_file,sheet,row,status,resident_id,score,discrepancies,corrections,candidates"
        );
    }
}

#[test]
fn every_person_row_appears_once_and_nothing_else() {
    let results = all_results();
    let truth = read_csv(&fixtures().join("truth.csv"));
    let expected: BTreeSet<Key> = truth.iter().map(key).collect();
    assert_eq!(expected.len(), truth.len(), "truth has repeated rows");
    let got: BTreeSet<Key> = results.keys().cloned().collect();
    let missing: Vec<_> = expected.difference(&got).collect();
    let extra: Vec<_> = got.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}\nextra {extra:?}"
    );
}

#[test]
fn statuses_residents_and_discrepancies_agree_with_the_truth() {
    let results = all_results();
    let truth = read_csv(&fixtures().join("truth.csv"));
    let mut status_ok = 0;
    let mut detail_ok = 0;
    let mut confusion: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut wrong = Vec::new();
    for t in &truth {
        let Some(r) = results.get(&key(t)) else {
            continue;
        };
        *confusion
            .entry((t["status"].clone(), r["status"].clone()))
            .or_default() += 1;
        if t["status"] == r["status"] {
            status_ok += 1;
            if t["resident_id"] == r["resident_id"] && t["discrepancies"] == r["discrepancies"] {
                detail_ok += 1;
            } else {
                wrong.push(format!(
                    "{:?}: truth {} {} [{}], got {} [{}] ({})",
                    key(t),
                    t["status"],
                    t["resident_id"],
                    t["discrepancies"],
                    r["resident_id"],
                    r["discrepancies"],
                    t["scenario"]
                ));
            }
        } else {
            wrong.push(format!(
                "{:?}: truth {} {} [{}], got {} {} [{}] ({})",
                key(t),
                t["status"],
                t["resident_id"],
                t["discrepancies"],
                r["status"],
                r["resident_id"],
                r["discrepancies"],
                t["scenario"]
            ));
        }
    }
    let n = truth.len() as f64;
    let status_acc = status_ok as f64 / n;
    let detail_acc = detail_ok as f64 / n;
    let table: Vec<String> = confusion
        .iter()
        .map(|((a, b), c)| format!("{a} → {b}: {c}"))
        .collect();
    eprintln!(
        "status accuracy {:.2}%, full agreement {:.2}%\n{}",
        status_acc * 100.0,
        detail_acc * 100.0,
        table.join("\n")
    );
    for w in wrong.iter().take(40) {
        eprintln!("{w}");
    }
    assert!(
        status_acc >= 0.95,
        "status accuracy {status_acc:.4} below 95%"
    );
    assert!(
        detail_acc >= 0.95,
        "resident + discrepancies agreement {detail_acc:.4} below 95%"
    );
}

#[test]
fn skipped_rows_are_reported_with_reasons() {
    let run = fixture_run();
    let layout = read_csv(&fixtures().join("layout.csv"));
    let mut reported: BTreeSet<Key> = BTreeSet::new();
    for dir in run.outs.values() {
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
        for s in manifest["skipped_rows"].as_array().unwrap() {
            assert!(!s["reason"].as_str().unwrap().is_empty());
            reported.insert((
                s["file"].as_str().unwrap().to_string(),
                s["sheet"].as_str().unwrap().to_string(),
                s["row"].to_string(),
            ));
        }
    }
    for l in layout {
        if matches!(
            l["role"].as_str(),
            "total" | "subheader" | "signature" | "date_line" | "blank_in_data"
        ) {
            if l["role"] == "blank_in_data" {
                continue; // blank rows carry no text; counted but not required here
            }
            assert!(
                reported.contains(&key(&l)),
                "{:?} ({}) not reported as skipped",
                key(&l),
                l["role"]
            );
        }
    }
}
