//! Nothing half-written, inputs never touched, no overwriting without `--force`, and the same
//! results whatever the number of threads.

use std::path::Path;

use calamine::{Reader, open_workbook_auto};

use super::bad_inputs::{assert_no_leftovers, run};
use super::support::fixtures;

fn p(path: &Path) -> String {
    path.display().to_string()
}

fn match_args(
    residents: &Path,
    kind: &str,
    out: &Path,
    extra: &[&str],
    inputs: &[&Path],
) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "match".into(),
        "--residents".into(),
        p(residents),
        "--kind".into(),
        kind.into(),
        "--out".into(),
        p(out),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(inputs.iter().map(|i| p(i)));
    args
}

#[test]
fn a_non_empty_output_folder_needs_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("ghi-chu.txt"), "của người dùng").unwrap();
    let list = fixtures().join("ho-ngheo.xlsx");
    let residents = fixtures().join("residents.csv");
    let (code, err) = run(&match_args(&residents, "ho-ngheo", &out, &[], &[&list]));
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("--force") && err.contains(&p(&out)), "{err}");
    assert!(!out.join("results.csv").exists());
    let (code, err) = run(&match_args(
        &residents,
        "ho-ngheo",
        &out,
        &["--force"],
        &[&list],
    ));
    assert_eq!(code, 0, "{err}");
    assert!(out.join("results.csv").exists() && out.join("ho-ngheo.sach.xlsx").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("ghi-chu.txt")).unwrap(),
        "của người dùng"
    );
    // A second run over its own outputs also needs --force, and then replaces them.
    let (code, _) = run(&match_args(&residents, "ho-ngheo", &out, &[], &[&list]));
    assert_eq!(code, 6);
    let (code, err) = run(&match_args(
        &residents,
        "ho-ngheo",
        &out,
        &["--force"],
        &[&list],
    ));
    assert_eq!(code, 0, "{err}");
    assert_no_leftovers(&out);
}

#[test]
fn inputs_are_never_modified_even_when_out_is_their_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path();
    let list = folder.join("ho-ngheo.xlsx");
    let csv = folder.join("bao-tro-xa-hoi-bo-sung.csv");
    let residents = folder.join("residents.csv");
    for (from, to) in [
        ("ho-ngheo.xlsx", &list),
        ("bao-tro-xa-hoi-bo-sung.csv", &csv),
        ("residents.csv", &residents),
    ] {
        std::fs::copy(fixtures().join(from), to).unwrap();
    }
    let before: Vec<Vec<u8>> = [&list, &csv, &residents]
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect();
    let (code, err) = run(&match_args(
        &residents,
        "ho-ngheo",
        folder,
        &["--force"],
        &[&list, &csv],
    ));
    assert!(code == 0 || code == 3, "{err}");
    assert!(folder.join("results.csv").exists());
    let after: Vec<Vec<u8>> = [&list, &csv, &residents]
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect();
    assert!(before == after, "an input was modified");
    assert_no_leftovers(folder);
}

#[test]
fn an_output_that_would_replace_an_input_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path();
    // A list called like the run summary: its outputs would include tong-hop.xlsx itself.
    let list = folder.join("tong-hop.xlsx");
    std::fs::copy(fixtures().join("ho-ngheo.xlsx"), &list).unwrap();
    let before = std::fs::read(&list).unwrap();
    let residents = fixtures().join("residents.csv");
    let (code, err) = run(&match_args(
        &residents,
        "ho-ngheo",
        folder,
        &["--force"],
        &[&list],
    ));
    assert_eq!(code, 6, "{err}");
    assert!(
        err.contains("tong-hop.xlsx") && err.contains("đầu vào"),
        "{err}"
    );
    assert_eq!(std::fs::read(&list).unwrap(), before);
    assert!(!folder.join("results.csv").exists());
    assert!(!folder.join("tong-hop.sach.xlsx").exists());
    assert_no_leftovers(folder);
}

#[test]
fn a_failing_run_leaves_no_partial_output() {
    let dir = tempfile::tempdir().unwrap();
    let list = fixtures().join("ho-ngheo.xlsx");
    let residents = fixtures().join("residents.csv");

    // Writing fails half-way: a folder stands where the summary workbook goes. The earlier
    // outputs of the run must not appear either.
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("tong-hop.xlsx")).unwrap();
    let (code, err) = run(&match_args(
        &residents,
        "ho-ngheo",
        &out,
        &["--force"],
        &[&list],
    ));
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("tong-hop.xlsx"), "{err}");
    for name in [
        "results.csv",
        "ho-ngheo.sach.xlsx",
        "ho-ngheo.sai-lech.xlsx",
        "run.json",
    ] {
        assert!(!out.join(name).exists(), "{name} written by a failed run");
    }
    assert_no_leftovers(&out);

    // The extract cannot be read: nothing at all is written.
    let out = dir.path().join("out2");
    let bad_residents = fixtures().join("bad").join("dan-cu-thieu-cot.csv");
    let (code, err) = run(&match_args(&bad_residents, "ho-ngheo", &out, &[], &[&list]));
    assert_eq!(code, 4, "{err}");
    let written: Vec<_> = std::fs::read_dir(&out)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(written.is_empty(), "{written:?}");
}

/// Every sheet of a workbook as text cells.
fn workbook_cells(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb = open_workbook_auto(path).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            // The run facts say how long each stage took ("Thời gian: …"): not content.
            let rows = range
                .rows()
                .filter(|r| {
                    !r.first()
                        .is_some_and(|c| c.to_string().starts_with("Thời gian"))
                })
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (n, rows)
        })
        .collect()
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let residents = fixtures().join("residents.csv");
    let lists = [
        fixtures().join("ho-ngheo.xlsx"),
        fixtures().join("bao-tro-xa-hoi.xlsx"),
        fixtures().join("bao-tro-xa-hoi-bo-sung.csv"),
    ];
    let inputs: Vec<&Path> = lists.iter().map(|l| l.as_path()).collect();
    let mut outs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(format!("t{threads}"));
        let (code, err) = run(&match_args(
            &residents,
            "bao-tro-xa-hoi",
            &out,
            &["--threads", threads],
            &inputs,
        ));
        assert!(code == 0 || code == 3, "{err}");
        outs.push(out);
    }
    let read = |o: &Path, n: &str| std::fs::read(o.join(n)).unwrap();
    assert_eq!(
        read(&outs[0], "results.csv"),
        read(&outs[1], "results.csv"),
        "results.csv differs between 1 and 2 threads"
    );
    assert!(read(&outs[0], "results.csv").len() > 500);
    // run.json records how long each stage took; everything else must be identical.
    let manifest = |o: &Path| {
        let mut v: serde_json::Value = serde_json::from_slice(&read(o, "run.json")).unwrap();
        v.as_object_mut().unwrap().remove("timings_seconds");
        v.as_object_mut().unwrap().remove("stages");
        v
    };
    assert_eq!(manifest(&outs[0]), manifest(&outs[1]));
    let mut workbooks = 0;
    for entry in std::fs::read_dir(&outs[0]).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".xlsx") {
            workbooks += 1;
            assert_eq!(
                workbook_cells(&outs[0].join(&name)),
                workbook_cells(&outs[1].join(&name)),
                "{name} differs between 1 and 2 threads"
            );
        }
    }
    assert!(workbooks >= 7, "{workbooks} workbooks");
}

#[test]
fn demo_accepts_threads_and_rewrites_its_own_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    for _ in 0..2 {
        let (code, err) = run(&[
            "demo".into(),
            "--threads".into(),
            "2".into(),
            "--out".into(),
            p(&out),
            "--fixtures".into(),
            p(&fixtures()),
        ]);
        assert_eq!(code, 0, "{err}");
    }
    assert!(out.join("ho-ngheo").join("results.csv").exists());
}
