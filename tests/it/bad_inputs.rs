//! Every broken input of `fixtures/bad/` through the binary: the documented exit code, a clear
//! message naming the file (and sheet, row where the manifest asks), never a panic, no partial
//! output; then all of them in one run (the good rows are still written) and with `--strict`.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::support::{fixtures, read_csv};

pub struct Entry {
    pub file: String,
    pub role: String,
    pub kind: String,
    pub args: Vec<String>,
    pub exit: i32,
    pub fragments: Vec<String>,
}

pub fn bad_dir() -> PathBuf {
    fixtures().join("bad")
}

pub fn manifest() -> Vec<Entry> {
    let text = std::fs::read_to_string(bad_dir().join("manifest.tsv")).expect("manifest.tsv");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 6, "manifest line: {l}");
            Entry {
                file: f[0].to_string(),
                role: f[1].to_string(),
                kind: f[2].to_string(),
                args: if f[3] == "-" {
                    Vec::new()
                } else {
                    f[3].split(' ').map(str::to_string).collect()
                },
                exit: f[4].parse().expect("exit code"),
                fragments: f[5].split(" | ").map(str::to_string).collect(),
            }
        })
        .collect()
}

pub fn run(args: &[String]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_doikhop"))
        .args(args)
        .output()
        .expect("run doikhop");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "panic: {stderr}"
    );
    (out.status.code().unwrap_or(-1), stderr)
}

fn p(path: &Path) -> String {
    path.display().to_string()
}

/// No temporary or staging file may be left behind in an output folder.
pub fn assert_no_leftovers(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(
            !name.contains("tmp-doikhop") && !name.starts_with(".doikhop-staging"),
            "left behind in {}: {name}",
            out.display()
        );
    }
}

#[test]
fn the_corpus_has_at_least_30_files_all_in_the_manifest() {
    let entries = manifest();
    let mut files: Vec<String> = std::fs::read_dir(bad_dir())
        .expect("fixtures/bad")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "manifest.tsv" && n != "README.md")
        .collect();
    files.sort();
    assert!(files.len() >= 30, "only {} bad files", files.len());
    for f in &files {
        assert!(
            entries.iter().any(|e| &e.file == f),
            "{f} is not in manifest.tsv"
        );
    }
}

#[test]
fn every_bad_input_gives_its_documented_exit_code_and_a_clear_message() {
    let mut failures = Vec::new();
    for e in manifest() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out");
        let bad = bad_dir().join(&e.file);
        let (residents, input) = match e.role.as_str() {
            "residents" => (bad.clone(), fixtures().join("ho-ngheo.xlsx")),
            _ => (fixtures().join("residents.csv"), bad.clone()),
        };
        let mut args: Vec<String> = vec![
            "match".into(),
            "--residents".into(),
            p(&residents),
            "--kind".into(),
            e.kind.clone(),
            "--out".into(),
            p(&out),
        ];
        args.extend(e.args.iter().cloned());
        args.push(p(&input));
        let before = std::fs::read(&bad).expect("read bad file");
        let (code, err) = run(&args);
        let mut problems = Vec::new();
        if code != e.exit {
            problems.push(format!("exit {code}, expected {}", e.exit));
        }
        if e.exit != 0 && !err.contains(&e.file) {
            problems.push("message does not name the file".into());
        }
        for frag in &e.fragments {
            if !err.contains(frag.as_str()) {
                problems.push(format!("message lacks \"{frag}\""));
            }
        }
        if std::fs::read(&bad).expect("read bad file") != before {
            problems.push("the input was modified".into());
        }
        assert_no_leftovers(&out);
        if !problems.is_empty() {
            failures.push(format!(
                "{} {:?}: {}\n{err}",
                e.file,
                e.args,
                problems.join("; ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The list fixtures that a default run takes (no extra arguments), good and bad.
fn list_entries() -> Vec<Entry> {
    manifest()
        .into_iter()
        .filter(|e| e.role == "list" && e.kind == "ho-ngheo" && e.args.is_empty())
        .collect()
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let entries = list_entries();
    let mut args: Vec<String> = vec![
        "match".into(),
        "--residents".into(),
        p(&fixtures().join("residents.csv")),
        "--kind".into(),
        "ho-ngheo".into(),
        "--out".into(),
        p(&out),
    ];
    args.extend(entries.iter().map(|e| p(&bad_dir().join(&e.file))));
    let (code, err) = run(&args);
    assert_eq!(code, 3, "{err}");
    for e in entries.iter().filter(|e| e.exit == 3) {
        assert!(err.contains(&e.file), "{} not reported:\n{err}", e.file);
    }
    let rows = read_csv(&out.join("results.csv"));
    for e in entries
        .iter()
        .filter(|e| e.fragments.iter().any(|f| f == "matched"))
    {
        assert!(
            rows.iter().any(|r| r["source_file"] == e.file),
            "{} was readable alone but has no row in the combined run",
            e.file
        );
    }
    assert_no_leftovers(&out);
}

#[test]
fn strict_stops_at_the_first_bad_file_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let args: Vec<String> = vec![
        "match".into(),
        "--residents".into(),
        p(&fixtures().join("residents.csv")),
        "--kind".into(),
        "ho-ngheo".into(),
        "--out".into(),
        p(&out),
        "--strict".into(),
        p(&fixtures().join("ho-ngheo.xlsx")),
        p(&bad_dir().join("cat-cut.xlsx")),
        p(&bad_dir().join("that-ra-la-csv.xlsx")),
    ];
    let (code, err) = run(&args);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("cat-cut.xlsx") && err.contains("bị cắt cụt"),
        "{err}"
    );
    assert!(!out.join("results.csv").exists());
    assert!(!out.join("ho-ngheo.sach.xlsx").exists());
    assert_no_leftovers(&out);

    // A bad sheet is enough under --strict, and names the sheet.
    let args: Vec<String> = vec![
        "match".into(),
        "--residents".into(),
        p(&fixtures().join("residents.csv")),
        "--kind".into(),
        "ho-ngheo".into(),
        "--out".into(),
        p(&out),
        "--strict".into(),
        p(&bad_dir().join("mot-sheet-hong.xlsx")),
    ];
    let (code, err) = run(&args);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("mot-sheet-hong.xlsx") && err.contains("\"Hỏng\""),
        "{err}"
    );
    assert!(!out.join("results.csv").exists());
}
