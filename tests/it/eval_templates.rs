//! The independent evaluation on template-shaped lists (issues 17 and 18): lists whose layouts
//! copy published forms, a 120,000-resident extract and a truth written by a generator that shares
//! no code with doikhop (`tests/eval/generate.py`, data in `tests/data/eval-templates/`).
//!
//! Runs doikhop on every list with its kind (all lists of a kind in one run), reads `results.csv`
//! and `run.json` back, and scores per list kind and per failure class: files read, rows lost,
//! non-person rows taken for people, link precision and recall, status accuracy and discrepancy
//! F1 over (row, field) pairs. The table is printed (`cargo test --test it eval_templates --
//! --nocapture`) and written to `target/<set>-report.md`; the second set (`eval-templates-2`) is scored the same way.
//!
//! The issues' targets are printed with the gap. The assertions are a ratchet: today's measured
//! values rounded down by 0.005 (raise them when doikhop gets better), plus "no row lost".

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use super::support::read_csv;

/// What the issues ask for, on every kind.
const TARGET_PRECISION: f64 = 0.998;
const TARGET_RECALL: f64 = 0.995;
const TARGET_STATUS: f64 = 0.98;
const TARGET_DISC_F1: f64 = 0.97;

/// Today's floors per kind: (precision, recall, status accuracy, discrepancy F1, files read).
/// Measured values rounded down by 0.005; raise them as doikhop improves, never lower them.
const FLOORS: &[(&str, f64, f64, f64, f64, usize)] = &[
    ("bao-tro-xa-hoi", 0.995, 0.995, 0.993, 0.987, 2),
    ("dat-dai", 0.995, 0.993, 0.990, 0.983, 2),
    ("ho-ngheo", 0.995, 0.995, 0.995, 0.995, 2),
    ("ho-tich", 0.995, 0.995, 0.993, 0.984, 2),
    ("nguoi-co-cong", 0.995, 0.993, 0.993, 0.988, 2),
];

/// The second set (`tests/data/eval-templates-2/`, `generate.py --set 2`): other provinces,
/// other layouts (split name and date columns, x marks, member lists naming the head, ages,
/// .ods and .xls, a district-wide list, Windows-1258 and UTF-16 CSV, moved people). Built
/// after doikhop was tuned on the first set: its first score was status 0.88.
const FLOORS_2: &[(&str, f64, f64, f64, f64, usize)] = &[
    ("bao-tro-xa-hoi", 0.993, 0.995, 0.993, 0.987, 2),
    ("dat-dai", 0.995, 0.993, 0.993, 0.995, 2),
    ("ho-ngheo", 0.995, 0.993, 0.993, 0.987, 2),
    ("ho-tich", 0.995, 0.995, 0.995, 0.995, 3),
    ("nguoi-co-cong", 0.995, 0.995, 0.995, 0.995, 2),
];

/// The third set (`tests/data/eval-templates-3/`, `generate.py --set 3`): precision traps
/// (namesakes not in the registry, twins), a big urban ward, a messier extract (old units, no
/// address), a list continued on a sheet without its header, a form-like record (one person
/// per block of rows: reported, not read), a CSV with blank lines and cells over two lines,
/// serial dates kept as text, nicknames after a dash, glued hamlets ('KP2'). First score:
/// status 0.80, recall 0.75, precision 0.87.
const FLOORS_3: &[(&str, f64, f64, f64, f64, usize)] = &[
    ("bao-tro-xa-hoi", 0.995, 0.995, 0.995, 0.995, 2),
    ("dat-dai", 0.995, 0.995, 0.99, 0.97, 2),
    ("ho-ngheo", 0.985, 0.99, 0.98, 0.96, 1),
    ("ho-tich", 0.99, 0.995, 0.99, 0.965, 2),
    ("nguoi-co-cong", 0.995, 0.6, 0.6, 0.6, 1),
];

fn data_dir(set: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(set)
}

// ---- the calls into doikhop (kept here only: the crate's pipeline API is being restructured)

/// The run date (fixed: the truth's ages and deaths do not move with the calendar).
const RUN_DATE: (i32, u32, u32) = (2026, 12, 1);

/// Load the extract once for all kinds (in a debug build loading is most of a run's time).
fn load_registry(residents: &Path) -> doikhop::registry::Registry {
    let rules = doikhop::rules::Rules::builtin("residents").unwrap();
    doikhop::registry::Registry::load(residents, &rules, RUN_DATE.0).unwrap()
}

/// Match `inputs` as `kind` and write every output (results.csv, run.json, workbooks) in `out`.
fn run_doikhop(
    kind: &str,
    inputs: Vec<PathBuf>,
    residents: &Path,
    registry: &doikhop::registry::Registry,
    out: &Path,
) -> Result<(), String> {
    let job = doikhop::pipeline::MatchJob {
        inputs,
        residents: residents.to_path_buf(),
        rules: doikhop::rules::Rules::builtin(kind).map_err(|e| e.to_string())?,
        out: out.to_path_buf(),
    };
    let report = doikhop::pipeline::match_with_registry(&job, registry, RUN_DATE)
        .map_err(|e| e.to_string())?;
    doikhop::report::write_all(&report, registry, out).map_err(|e| e.to_string())?;
    Ok(())
}

/// The extract is committed zipped (it is most of the data's size).
fn unzip_residents(zip_path: &Path, dir: &Path) -> PathBuf {
    let file = std::fs::File::open(zip_path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut entry = zip.by_name("residents.csv").unwrap();
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes).unwrap();
    let path = dir.join("residents.csv");
    std::fs::write(&path, bytes).unwrap();
    path
}

type Key = (String, String, u32);

struct Truth {
    kind: String,
    person: bool,
    status: String,
    resident: String,
    disc: BTreeSet<String>,
    classes: Vec<String>,
    skip_class: String,
    listed: String,
    registry: String,
}

struct Got {
    status: String,
    resident: String,
    disc: BTreeSet<String>,
}

#[derive(Default, Clone)]
struct Tally {
    files: usize,
    files_read: usize,
    person_rows: usize,
    unread_rows: usize,
    lost_rows: usize,
    persons_skipped: usize,
    non_person_rows: usize,
    non_person_as_person: usize,
    non_person_linked: usize,
    linked: usize,
    linked_right: usize,
    linkable: usize,
    linkable_right: usize,
    status_right: usize,
    disc_tp: usize,
    disc_fp: usize,
    disc_fn: usize,
}

impl Tally {
    fn precision(&self) -> f64 {
        ratio(self.linked_right, self.linked)
    }
    fn recall(&self) -> f64 {
        ratio(self.linkable_right, self.linkable)
    }
    fn status(&self) -> f64 {
        ratio(self.status_right, self.person_rows)
    }
    fn disc_f1(&self) -> f64 {
        let denom = 2 * self.disc_tp + self.disc_fp + self.disc_fn;
        if denom == 0 {
            1.0
        } else {
            2.0 * self.disc_tp as f64 / denom as f64
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn set_of(s: &str) -> BTreeSet<String> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

fn read_truth(path: &Path) -> BTreeMap<Key, Truth> {
    read_csv(path)
        .into_iter()
        .map(|r| {
            let key = (
                r["source_file"].clone(),
                r["sheet"].clone(),
                r["row"].parse().unwrap(),
            );
            let t = Truth {
                kind: r["kind"].clone(),
                person: r["row_type"] == "person",
                status: r["expected_status"].clone(),
                resident: r["expected_resident_id"].clone(),
                disc: set_of(&r["expected_discrepancies"]),
                classes: set_of(&r["classes"]).into_iter().collect(),
                skip_class: r["skip_class"].clone(),
                listed: r["listed_name"].clone(),
                registry: format!("{} {}", r["registry_name"], r["registry_dob"]),
            };
            (key, t)
        })
        .collect()
}

struct RunOutput {
    got: BTreeMap<Key, Got>,
    skipped: BTreeSet<Key>,
    /// Files whose reading failed, and sheets not understood, with the message.
    problems: Vec<String>,
    failed_files: BTreeSet<String>,
}

fn read_run(out: &Path) -> RunOutput {
    let mut got = BTreeMap::new();
    let results = out.join("results.csv");
    if results.exists() {
        for r in read_csv(&results) {
            let key = (
                r["source_file"].clone(),
                r["sheet"].clone(),
                r["row"].parse().unwrap(),
            );
            got.insert(
                key,
                Got {
                    status: r["status"].clone(),
                    resident: r["resident_id"].clone(),
                    disc: set_of(&r["discrepancies"]),
                },
            );
        }
    }
    let mut skipped = BTreeSet::new();
    let mut problems = Vec::new();
    let mut failed_files = BTreeSet::new();
    if let Ok(text) = std::fs::read_to_string(out.join("run.json")) {
        let m: serde_json::Value = serde_json::from_str(&text).unwrap();
        for s in m["skipped_rows"].as_array().into_iter().flatten() {
            skipped.insert((
                s["file"].as_str().unwrap_or_default().to_string(),
                s["sheet"].as_str().unwrap_or_default().to_string(),
                s["row"].as_u64().unwrap_or_default() as u32,
            ));
        }
        for i in m["inputs"].as_array().into_iter().flatten() {
            if let Some(e) = i["error"].as_str() {
                let name = i["name"].as_str().unwrap_or_default().to_string();
                problems.push(format!("{name}: {e}"));
                failed_files.insert(name);
            }
        }
        for p in m["sheet_problems"].as_array().into_iter().flatten() {
            problems.push(format!(
                "{} / {} ({}): {}",
                p["file"].as_str().unwrap_or_default(),
                p["sheet"].as_str().unwrap_or_default(),
                p["kind"].as_str().unwrap_or_default(),
                p["message"].as_str().unwrap_or_default()
            ));
        }
    }
    RunOutput {
        got,
        skipped,
        problems,
        failed_files,
    }
}

/// Score one row into a tally; returns whether the row was wrong in any way (for examples).
fn score(t: &Truth, key: &Key, run: &RunOutput, sheet_read: bool, tally: &mut Tally) -> bool {
    let got = run.got.get(key);
    if !t.person {
        tally.non_person_rows += 1;
        if let Some(g) = got {
            tally.non_person_as_person += 1;
            if !g.resident.is_empty() {
                tally.non_person_linked += 1;
            }
            return true;
        }
        return false;
    }
    tally.person_rows += 1;
    let mut wrong = false;
    if got.is_none() {
        if !sheet_read {
            tally.unread_rows += 1;
        } else if run.skipped.contains(key) {
            tally.persons_skipped += 1;
        } else {
            tally.lost_rows += 1;
        }
        wrong = true;
    }
    let (status, resident, disc) = match got {
        Some(g) => (g.status.as_str(), g.resident.as_str(), g.disc.clone()),
        None => ("", "", BTreeSet::new()),
    };
    if !resident.is_empty() {
        tally.linked += 1;
        if resident == t.resident {
            tally.linked_right += 1;
        } else {
            wrong = true;
        }
    }
    if !t.resident.is_empty() {
        tally.linkable += 1;
        if resident == t.resident {
            tally.linkable_right += 1;
        } else {
            wrong = true;
        }
    }
    if status == t.status {
        tally.status_right += 1;
    } else {
        wrong = true;
    }
    tally.disc_tp += disc.intersection(&t.disc).count();
    tally.disc_fp += disc.difference(&t.disc).count();
    tally.disc_fn += t.disc.difference(&disc).count();
    wrong || disc != t.disc
}

struct Evaluation {
    by_kind: BTreeMap<String, Tally>,
    by_class: BTreeMap<String, Tally>,
    total: Tally,
    examples: BTreeMap<String, Vec<String>>,
    problems: Vec<String>,
    seconds: f64,
}

fn evaluate(set: &str) -> Evaluation {
    let started = std::time::Instant::now();
    let data = data_dir(set);
    let truth = read_truth(&data.join("truth.csv"));
    let tmp = tempfile::tempdir().unwrap();
    let residents = unzip_residents(&data.join("residents.csv.zip"), tmp.path());
    let load_started = std::time::Instant::now();
    let registry = load_registry(&residents);
    eprintln!(
        "eval_templates: extract loaded in {:.1} s",
        load_started.elapsed().as_secs_f64()
    );

    let mut files_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for ((file, _, _), t) in &truth {
        files_of
            .entry(t.kind.clone())
            .or_default()
            .insert(file.clone());
    }
    let mut ev = Evaluation {
        by_kind: BTreeMap::new(),
        by_class: BTreeMap::new(),
        total: Tally::default(),
        examples: BTreeMap::new(),
        problems: Vec::new(),
        seconds: 0.0,
    };
    for (kind, files) in &files_of {
        let out = tmp.path().join(kind);
        let inputs: Vec<PathBuf> = files.iter().map(|f| data.join(f)).collect();
        let run_started = std::time::Instant::now();
        let result = run_doikhop(kind, inputs, &residents, &registry, &out);
        eprintln!(
            "eval_templates: {kind} ran in {:.1} s",
            run_started.elapsed().as_secs_f64()
        );
        let mut run = match result {
            Ok(()) => read_run(&out),
            Err(e) => RunOutput {
                got: BTreeMap::new(),
                skipped: BTreeSet::new(),
                problems: vec![format!("{kind}: the run failed: {e}")],
                failed_files: files.clone(),
            },
        };
        ev.problems.append(&mut run.problems);
        // a sheet is read when doikhop gave at least one of its rows a result
        let read_sheets: BTreeSet<(String, String)> = run
            .got
            .keys()
            .map(|(f, s, _)| (f.clone(), s.clone()))
            .collect();
        let tally = ev.by_kind.entry(kind.clone()).or_default();
        for f in files {
            tally.files += 1;
            let person_sheets: BTreeSet<&String> = truth
                .iter()
                .filter(|((tf, _, _), t)| tf == f && t.person)
                .map(|((_, s, _), _)| s)
                .collect();
            let all_read = !run.failed_files.contains(f)
                && person_sheets
                    .iter()
                    .all(|s| read_sheets.contains(&(f.clone(), (*s).clone())));
            if all_read {
                tally.files_read += 1;
            }
        }
        for (key, t) in truth.iter().filter(|(_, t)| &t.kind == kind) {
            let sheet_read = read_sheets.contains(&(key.0.clone(), key.1.clone()));
            let tally = ev.by_kind.get_mut(kind).unwrap();
            let wrong = score(t, key, &run, sheet_read, tally);
            score(t, key, &run, sheet_read, &mut ev.total);
            let classes: Vec<String> = if t.person {
                t.classes.clone()
            } else {
                vec![format!("non-person:{}", t.skip_class)]
            };
            for c in classes {
                score(
                    t,
                    key,
                    &run,
                    sheet_read,
                    ev.by_class.entry(c.clone()).or_default(),
                );
                if wrong {
                    let ex = ev.examples.entry(c).or_default();
                    if ex.len() < 3 {
                        let g = run.got.get(key);
                        ex.push(format!(
                            "`{}` {}!{}: listed “{}”; truth {} {} [{}] ({}); doikhop {} {} [{}]",
                            key.0,
                            key.1,
                            key.2,
                            t.listed,
                            if t.person {
                                t.status.as_str()
                            } else {
                                "non-person"
                            },
                            t.resident,
                            t.disc.iter().cloned().collect::<Vec<_>>().join(";"),
                            t.registry.trim(),
                            g.map_or("(no row)", |g| g.status.as_str()),
                            g.map_or("", |g| g.resident.as_str()),
                            g.map(|g| g.disc.iter().cloned().collect::<Vec<_>>().join(";"))
                                .unwrap_or_default(),
                        ));
                    }
                }
            }
        }
        ev.total.files += files.len();
        ev.total.files_read += ev.by_kind[kind].files_read;
    }
    ev.seconds = started.elapsed().as_secs_f64();
    ev
}

fn row(name: &str, t: &Tally) -> String {
    let metric = |v: f64, n: usize| {
        if n == 0 {
            "–".to_string()
        } else {
            format!("{v:.4}")
        }
    };
    let files = if t.files == 0 {
        "–".to_string()
    } else {
        format!("{}/{}", t.files_read, t.files)
    };
    let non_person = if t.non_person_rows == 0 {
        "–".to_string()
    } else {
        format!("{}/{}", t.non_person_as_person, t.non_person_rows)
    };
    format!(
        "| {name} | {files} | {} | {} | {} | {} | {non_person} | {} | {} | {} | {} | {} |",
        t.person_rows,
        t.lost_rows,
        t.unread_rows,
        t.persons_skipped,
        t.non_person_linked,
        metric(t.precision(), t.linked),
        metric(t.recall(), t.linkable),
        metric(t.status(), t.person_rows),
        metric(t.disc_f1(), t.person_rows)
    )
}

fn report(ev: &Evaluation) -> String {
    let mut s = String::new();
    let head = "| | files read | person rows | lost | in unread sheets | skipped as non-person | non-person rows as people | … linked | precision | recall | status acc. | disc. F1 |\n|---|---|---|---|---|---|---|---|---|---|---|---|";
    writeln!(
        s,
        "# Evaluation on template-shaped lists (tests/data/eval-templates)\n"
    )
    .unwrap();
    writeln!(
        s,
        "Targets (issues 17/18, every kind): precision {TARGET_PRECISION}, recall {TARGET_RECALL}, status accuracy {TARGET_STATUS}, discrepancy F1 {TARGET_DISC_F1}; every file read, no row lost, no non-person row taken for a person.\n"
    )
    .unwrap();
    writeln!(s, "## Per kind\n\n{head}").unwrap();
    for (k, t) in &ev.by_kind {
        writeln!(s, "{}", row(k, t)).unwrap();
    }
    writeln!(s, "{}", row("**all**", &ev.total)).unwrap();
    writeln!(
        s,
        "\n## Gap to the targets\n\n| kind | files read | non-person rows as people | precision | recall | status acc. | disc. F1 |\n|---|---|---|---|---|---|---|"
    )
    .unwrap();
    for (k, t) in &ev.by_kind {
        let gap = |v: f64, target: f64| {
            if v >= target {
                "met".to_string()
            } else {
                format!("{:+.4}", v - target)
            }
        };
        let unread = t.files - t.files_read;
        writeln!(
            s,
            "| {k} | {} | {} | {} | {} | {} | {} |",
            if unread == 0 {
                "met".to_string()
            } else {
                format!("{unread} not read")
            },
            if t.non_person_as_person == 0 {
                "met".to_string()
            } else {
                format!("{}", t.non_person_as_person)
            },
            gap(t.precision(), TARGET_PRECISION),
            gap(t.recall(), TARGET_RECALL),
            gap(t.status(), TARGET_STATUS),
            gap(t.disc_f1(), TARGET_DISC_F1)
        )
        .unwrap();
    }
    writeln!(
        s,
        "\n## Per failure class (a row counts in each of its classes)\n\n{head}"
    )
    .unwrap();
    let mut classes: Vec<(&String, &Tally)> = ev.by_class.iter().collect();
    classes.sort_by(|a, b| {
        let key = |t: &Tally| t.status() + t.recall();
        key(a.1).partial_cmp(&key(b.1)).unwrap().then(a.0.cmp(b.0))
    });
    for (c, t) in classes {
        writeln!(s, "{}", row(&format!("`{c}`"), t)).unwrap();
    }
    if !ev.problems.is_empty() {
        writeln!(s, "\n## Files and sheets doikhop reported\n").unwrap();
        for p in &ev.problems {
            writeln!(s, "- {}", p.replace('\n', " ")).unwrap();
        }
    }
    writeln!(s, "\n## Examples of wrong rows per class (up to 3)\n").unwrap();
    for (c, ex) in &ev.examples {
        writeln!(s, "- `{c}`").unwrap();
        for e in ex {
            writeln!(s, "  - {e}").unwrap();
        }
    }
    writeln!(s, "\n(evaluation took {:.1} s)", ev.seconds).unwrap();
    s
}

#[test]
fn eval_templates() {
    check_set("eval-templates", FLOORS);
}

#[test]
fn eval_templates_2() {
    check_set("eval-templates-2", FLOORS_2);
}

#[test]
fn eval_templates_3() {
    check_set("eval-templates-3", FLOORS_3);
}

fn check_set(set: &str, floors: &[(&str, f64, f64, f64, f64, usize)]) {
    let ev = evaluate(set);
    let text = report(&ev);
    println!("{text}");
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    let _ = std::fs::create_dir_all(&target);
    let _ = std::fs::write(target.join(format!("{set}-report.md")), &text);

    assert_eq!(
        ev.total.lost_rows, 0,
        "rows lost (neither a result nor a skipped row)"
    );
    for &(kind, precision, recall, status, disc_f1, files_read) in floors {
        let t = &ev.by_kind[kind];
        assert!(
            t.precision() >= precision,
            "{kind}: precision {:.4} < floor {precision}",
            t.precision()
        );
        assert!(
            t.recall() >= recall,
            "{kind}: recall {:.4} < floor {recall}",
            t.recall()
        );
        assert!(
            t.status() >= status,
            "{kind}: status accuracy {:.4} < floor {status}",
            t.status()
        );
        assert!(
            t.disc_f1() >= disc_f1,
            "{kind}: discrepancy F1 {:.4} < floor {disc_f1}",
            t.disc_f1()
        );
        assert!(
            t.files_read >= files_read,
            "{kind}: {} files read < floor {files_read}",
            t.files_read
        );
    }
    assert_eq!(
        ev.total.non_person_as_person, 0,
        "non-person rows taken for people (the issue asks for none)"
    );
}
