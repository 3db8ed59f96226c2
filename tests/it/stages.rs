//! A `match` run measures its stages: run.json lists them in order with wall time, CPU time and
//! peak memory, and stderr (not a terminal here) has one line per stage.

use std::process::Command;

use super::support::fixtures;

const STAGES: [&str; 8] = [
    "load_registry",
    "read",
    "normalise",
    "candidates",
    "decide",
    "checksum_residents",
    "write_results_csv",
    "write_workbooks",
];

#[test]
fn match_records_every_stage_in_run_json_and_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_doikhop"))
        .args(["match", "--kind", "ho-ngheo", "--residents"])
        .arg(fixtures().join("residents.csv"))
        .arg("--out")
        .arg(&out)
        .arg(fixtures().join("ho-ngheo.xlsx"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    let stages = manifest["stages"].as_array().expect("stages array");
    let names: Vec<&str> = stages.iter().filter_map(|s| s["stage"].as_str()).collect();
    assert_eq!(names, STAGES);
    for s in stages {
        let wall = s["wall_seconds"].as_f64().expect("wall seconds");
        assert!(wall >= 0.0, "{s}");
        if cfg!(target_os = "linux") {
            assert!(
                s["cpu_seconds"].as_f64().expect("cpu seconds") >= 0.0,
                "{s}"
            );
            assert!(s["peak_rss_bytes"].as_u64().expect("peak RSS") > 0, "{s}");
        }
    }
    // The older summary of timings is still there.
    assert!(manifest["timings_seconds"]["match"].as_f64().is_some());
    // One line per stage on stderr, in Vietnamese.
    for label in [
        "Nạp dữ liệu dân cư:",
        "Đọc danh sách:",
        "Chuẩn hóa:",
        "Tìm ứng viên:",
        "So sánh và kết luận:",
        "Ghi results.csv:",
        "Ghi các sổ Excel và run.json:",
    ] {
        assert_eq!(
            stderr.lines().filter(|l| l.starts_with(label)).count(),
            1,
            "{label} in {stderr}"
        );
    }
}

#[test]
fn library_runs_keep_their_stages_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let job = doikhop::pipeline::MatchJob {
        inputs: vec![fixtures().join("dat-dai.xlsx")],
        residents: fixtures().join("residents.csv"),
        rules: doikhop::rules::Rules::builtin("dat-dai").unwrap(),
        out: dir.path().join("out"),
    };
    let report = doikhop::pipeline::run_match(&job).unwrap();
    let names: Vec<&str> = report.stages.iter().map(|s| s.stage.as_str()).collect();
    assert_eq!(names, STAGES[..6]);
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out").join("run.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(manifest["stages"].as_array().unwrap().len(), STAGES.len());
}

/// From an index file, the registry loads while the lists are read: both stages are recorded,
/// each naming the other, and the results are those of a run from the CSV extract.
#[test]
fn an_index_loads_while_the_lists_are_read_with_the_same_results() {
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("residents.dkidx");
    let built = Command::new(env!("CARGO_BIN_EXE_doikhop"))
        .arg("index")
        .arg("--residents")
        .arg(fixtures().join("residents.csv"))
        .arg("--out")
        .arg(&idx)
        .output()
        .unwrap();
    assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let run = |residents: &std::path::Path, out: &std::path::Path| {
        let run = Command::new(env!("CARGO_BIN_EXE_doikhop"))
            .args(["match", "--kind", "ho-ngheo", "--residents"])
            .arg(residents)
            .arg("--out")
            .arg(out)
            .arg(fixtures().join("ho-ngheo.xlsx"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
        assert_eq!(run.status.code(), Some(0), "{stderr}");
        stderr
    };
    let (from_index, from_csv) = (dir.path().join("a"), dir.path().join("b"));
    let stderr = run(&idx, &from_index);
    run(&fixtures().join("residents.csv"), &from_csv);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(from_index.join("run.json")).unwrap())
            .unwrap();
    let stages = manifest["stages"].as_array().expect("stages array");
    let pairs: Vec<(&str, Option<&str>)> = stages
        .iter()
        .map(|s| (s["stage"].as_str().unwrap(), s["alongside"].as_str()))
        .collect();
    assert_eq!(
        pairs[..3],
        [
            ("load_registry", Some("read")),
            ("read", Some("load_registry")),
            ("normalise", None)
        ]
    );
    assert!(
        stderr.contains("song song với bước Đọc danh sách"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(from_index.join("results.csv")).unwrap(),
        std::fs::read_to_string(from_csv.join("results.csv")).unwrap()
    );
}
