//! The Fellegi–Sunter model through the binary: `match --em --save-model` then `match --model`
//! gives the same results, run.json records the model, `--explain` shows the model's weights,
//! and a bad model file is a clear error.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// A generated extract and lists big enough for EM to learn from (once per test process).
fn generated() -> &'static (tempfile::TempDir, PathBuf) {
    static GEN: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    GEN.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let cfg = doikhop_synth::SynthConfig {
            seed: 31,
            residents: 15_000,
            rows_per_list: 500,
        };
        doikhop_synth::generate_fixtures(&cfg, &data).unwrap();
        (dir, data)
    })
}

fn doikhop(args: &[&str], paths: &[&Path]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_doikhop"));
    c.args(args);
    for p in paths {
        c.arg(p);
    }
    c.output().unwrap()
}

fn run_match(out: &Path, extra: &[&str]) -> Output {
    let (_, data) = generated();
    let mut args = vec!["match", "--kind", "ho-ngheo", "--out"];
    let out_s = out.to_str().unwrap();
    args.push(out_s);
    args.push("--residents");
    let res = data.join("residents.csv");
    let res_s = res.to_str().unwrap().to_string();
    args.push(&res_s);
    args.extend_from_slice(extra);
    doikhop(&args, &[&data.join("ho-ngheo.xlsx")])
}

fn ok(o: &Output) {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn em_then_saved_model_gives_identical_results() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("mo-hinh.json");
    let model_s = model.to_str().unwrap();
    let a = dir.path().join("a");
    let o = run_match(&a, &["--em", "--save-model", model_s]);
    ok(&o);
    let saved = json(&model);
    assert_eq!(saved["format"], "doikhop-model");
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["kind"], "ho-ngheo");
    assert_eq!(
        saved["source"],
        "em",
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(saved["em"]["training_pairs"].as_u64().unwrap() >= 100);
    assert!(saved["em"]["iterations"].as_u64().unwrap() >= 1);
    // EM moved the estimated m away from the defaults, and kept ID and date of birth
    let defaults: serde_json::Value =
        serde_json::from_str(&doikhop::matching::model::Model::defaults().to_json("ho-ngheo"))
            .unwrap();
    assert_ne!(saved["m"]["name"], defaults["m"]["name"]);
    assert_eq!(saved["m"]["id"], defaults["m"]["id"]);
    assert_eq!(saved["m"]["dob"], defaults["m"]["dob"]);
    assert_eq!(saved["u"], defaults["u"]);
    let run_a = json(&a.join("run.json"));
    assert_eq!(run_a["model"]["source"], "em");
    assert_eq!(run_a["model"]["em"]["used"], true);
    assert_eq!(run_a["model"]["m"], saved["m"]);

    let b = dir.path().join("b");
    ok(&run_match(&b, &["--model", model_s]));
    let run_b = json(&b.join("run.json"));
    assert_eq!(run_b["model"]["source"], "file");
    assert_eq!(run_b["model"]["path"], model_s);
    assert_eq!(
        run_b["model"]["estimated_by_em"]["training_pairs"],
        saved["em"]["training_pairs"]
    );
    let ra = std::fs::read(a.join("results.csv")).unwrap();
    let rb = std::fs::read(b.join("results.csv")).unwrap();
    assert!(ra.len() > 1000);
    assert!(
        ra == rb,
        "results.csv differ between --em and --model of its estimate"
    );

    // and --em is deterministic
    let c = dir.path().join("c");
    let model2 = dir.path().join("mo-hinh-2.json");
    ok(&run_match(
        &c,
        &["--em", "--save-model", model2.to_str().unwrap()],
    ));
    assert_eq!(
        std::fs::read(&model).unwrap(),
        std::fs::read(&model2).unwrap()
    );
    assert!(std::fs::read(c.join("results.csv")).unwrap() == ra);

    // without --em or --model: the defaults
    let d = dir.path().join("d");
    ok(&run_match(&d, &[]));
    assert_eq!(json(&d.join("run.json"))["model"]["source"], "defaults");
}

#[test]
fn explain_shows_the_weights_of_the_model_used() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    ok(&run_match(
        &dir.path().join("a"),
        &["--save-model", model.to_str().unwrap()],
    ));
    let mut m = json(&model);
    assert_eq!(m["source"], "defaults");
    // an ID that agrees now weighs log2(0.5 / 0.000000003) instead of 28
    m["m"]["id"]["equal"] = serde_json::json!(0.5);
    std::fs::write(&model, serde_json::to_string(&m).unwrap()).unwrap();
    let fx = super::support::fixtures();
    let o = doikhop(
        &[
            "match",
            "--kind",
            "ho-ngheo",
            "--model",
            model.to_str().unwrap(),
            "--explain",
            "ho-ngheo.xlsx:Hộ nghèo:17",
            "--residents",
        ],
        &[
            &fx.join("residents.csv"),
            Path::new("--out"),
            &dir.path().join("b"),
            &fx.join("ho-ngheo.xlsx"),
        ],
    );
    ok(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let best = &v["candidates"][0];
    assert_eq!(best["comparison"]["id"], "Equal");
    let w = best["comparison"]["id_weight"].as_f64().unwrap();
    assert!((w - (0.5f64 / 3e-9).log2()).abs() < 1e-9, "{w}");
}

#[test]
fn a_bad_model_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("hong.json");
    std::fs::write(&bad, "{ \"format\": \"doikhop-model\", ").unwrap();
    let o = run_match(&dir.path().join("a"), &["--model", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(doikhop::error::exit::RULES));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("hong.json") && err.contains("mô hình"),
        "{err}"
    );
    assert!(!dir.path().join("a").join("results.csv").exists());

    let missing = dir.path().join("khong-co.json");
    let o = run_match(
        &dir.path().join("b"),
        &["--model", missing.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(doikhop::error::exit::RULES));
    assert!(String::from_utf8_lossy(&o.stderr).contains("khong-co.json"));

    // a probability out of range names the key
    let good = doikhop::matching::model::Model::defaults().to_json("ho-ngheo");
    let out_of_range = dir.path().join("ngoai-khoang.json");
    std::fs::write(&out_of_range, good.replacen("0.65536", "0", 1)).unwrap();
    let o = run_match(
        &dir.path().join("c"),
        &["--model", out_of_range.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(doikhop::error::exit::RULES));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("ngoai-khoang.json") && err.contains("m.dob.equal_day"),
        "{err}"
    );
}

#[test]
fn a_model_of_another_kind_is_used_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    std::fs::write(
        &model,
        doikhop::matching::model::Model::defaults().to_json("dat-dai"),
    )
    .unwrap();
    let a = dir.path().join("a");
    let o = run_match(&a, &["--model", model.to_str().unwrap()]);
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stderr).contains("dat-dai"));
    let run = json(&a.join("run.json"));
    assert_eq!(run["model"]["made_for_kind"], "dat-dai");
    assert!(
        run["model"]["warnings"][0]
            .as_str()
            .unwrap()
            .contains("dat-dai")
    );
}

#[test]
fn a_rules_file_overriding_the_model_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let base =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/ho-ngheo.toml"))
            .unwrap();
    let fx = super::support::fixtures();
    let run = |rules: &Path, out: &str| {
        doikhop(
            &["match", "--rules", rules.to_str().unwrap(), "--residents"],
            &[
                &fx.join("residents.csv"),
                Path::new("--out"),
                &dir.path().join(out),
                &fx.join("ho-ngheo.xlsx"),
            ],
        )
    };
    let bad = dir.path().join("quy-tac.toml");
    std::fs::write(&bad, format!("{base}\n[matching.u.sex]\nagree = 1.5\n")).unwrap();
    let o = run(&bad, "a");
    assert_eq!(o.status.code(), Some(doikhop::error::exit::RULES));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("quy-tac.toml") && err.contains("matching.u.sex.agree"),
        "{err}"
    );

    // a valid override weighs the run (recorded in run.json)
    let good = dir.path().join("quy-tac-2.toml");
    std::fs::write(&good, format!("{base}\n[matching.m.sex]\nagree = 0.98\n")).unwrap();
    ok(&run(&good, "b"));
    let run_json = json(&dir.path().join("b").join("run.json"));
    assert_eq!(run_json["model"]["source"], "defaults");
    assert_eq!(run_json["model"]["m"]["sex"]["agree"], 0.98);
}
