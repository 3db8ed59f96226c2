//! Scale benchmark (issue 9): a whole province's list against its resident extract, end to end,
//! per stage, with the read + write floor.
//!
//! `cargo bench --bench scale -- --preset NAME [--seed N] [--threads 1,2]`
//!
//! Presets (list rows × residents): `smoke` 2,000 × 50,000 (a check, seconds), `20k-2m`
//! 20,000 × 2,000,000, `100k-1m` 100,000 × 1,000,000, `1m-10m` 1,000,000 × 10,000,000.
//!
//! 1. Generates with the seeded generator (`synth::scale::generate_scale`): `residents.csv` and
//!    `ho-ngheo.xlsx`, a two-sheet messy list (second sheet in TCVN3) written in constant-memory
//!    mode. Cached in `target/scale-data/<preset>-<seed>/`: a re-run skips generation.
//! 2. For each thread count, runs the release `doikhop` binary as separate processes (each with
//!    its own peak RSS, taken from `wait4`): `doikhop index`, then `doikhop match --residents
//!    X.dkidx`, whose per-stage table (wall, CPU, peak RSS) is read from its `run.json`.
//! 3. Measures the floor in a child process of this bench (`--floor-child`, library calls):
//!    reading the list workbook exactly as `match` does, then writing results.csv and the output
//!    workbooks with the real writers, for the same rows split between the clean and the
//!    verification workbook as the real run did — but with no matching at all.
//! 4. Prints the per-stage table for every thread count, the speed-up, the end-to-end time from
//!    a prebuilt index, and that time as a multiple of the floor.

use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use doikhop::matching::Decision;
use doikhop::pipeline::{self, MatchJob, OutputOptions, RunFacts, RunOptions};
use doikhop::registry::Registry;
use doikhop::rules::Rules;
use doikhop::stages::{Show, Stages};

struct Preset {
    name: &'static str,
    rows: usize,
    residents: usize,
}

const PRESETS: [Preset; 4] = [
    Preset {
        name: "smoke",
        rows: 2_000,
        residents: 50_000,
    },
    Preset {
        name: "20k-2m",
        rows: 20_000,
        residents: 2_000_000,
    },
    Preset {
        name: "100k-1m",
        rows: 100_000,
        residents: 1_000_000,
    },
    Preset {
        name: "1m-10m",
        rows: 1_000_000,
        residents: 10_000_000,
    },
];

const KIND: &str = "ho-ngheo";

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--floor-child") {
        floor_child(&args[2..]);
        return;
    }
    if args.get(1).map(String::as_str) == Some("--wait4") {
        wait4_child(&args[2..]);
        return;
    }
    let preset_name = arg(&args, "--preset").unwrap_or_else(|| "smoke".into());
    let Some(preset) = PRESETS.iter().find(|p| p.name == preset_name) else {
        let names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
        eprintln!("unknown preset {preset_name}; one of {}", names.join(", "));
        std::process::exit(2);
    };
    let seed: u64 = arg(&args, "--seed")
        .and_then(|s| s.parse().ok())
        .unwrap_or(2026);
    let threads: Vec<u16> = arg(&args, "--threads")
        .unwrap_or_else(|| "1,2".into())
        .split(',')
        .filter_map(|t| t.trim().parse().ok())
        .filter(|&t| t > 0)
        .collect();

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = root
        .join("target")
        .join("scale-data")
        .join(format!("{}-{seed}", preset.name));
    let inputs = ensure_inputs(preset, seed, &data);
    let runs = data.join("runs");
    let _ = std::fs::remove_dir_all(&runs);
    std::fs::create_dir_all(&runs).expect("runs folder");

    let mut results = Vec::new();
    for &t in &threads {
        let index = runs.join(format!("residents-t{t}.dkidx"));
        eprintln!("== doikhop index, {t} thread(s)");
        let idx = measure(
            Command::new(doikhop_bin())
                .arg("index")
                .arg("--residents")
                .arg(&inputs.residents)
                .arg("--out")
                .arg(&index)
                .arg("--threads")
                .arg(t.to_string()),
        );
        assert_eq!(idx.code, 0, "doikhop index failed");
        eprintln!("== doikhop match, {t} thread(s)");
        let out = runs.join(format!("match-t{t}"));
        let run = measure(
            Command::new(doikhop_bin())
                .args(["match", "--kind", KIND, "--force", "--residents"])
                .arg(&index)
                .arg("--out")
                .arg(&out)
                .arg("--threads")
                .arg(t.to_string())
                .arg(&inputs.list),
        );
        assert!(run.code == 0 || run.code == 3, "doikhop match failed");
        let manifest = read_json(&out.join("run.json"));
        results.push((t, idx, run, manifest));
    }

    let Some((_, _, _, last)) = results.last() else {
        eprintln!("no thread count given");
        std::process::exit(2);
    };
    let rows = last["rows"].as_u64().unwrap_or(0).max(1);
    let matched = last["counts"]["matched"].as_u64().unwrap_or(0);
    eprintln!("== floor: read the list and write the outputs, no matching");
    let floor_out = runs.join("floor");
    let floor = measure(
        Command::new(std::env::current_exe().expect("bench path"))
            .arg("--floor-child")
            .arg(&inputs.list)
            .arg(&inputs.residents)
            .arg(&floor_out)
            .arg(format!("{}", matched as f64 / rows as f64)),
    );
    assert_eq!(floor.code, 0, "floor run failed");
    let floor_manifest = read_json(&floor_out.join("run.json"));

    print_report(
        preset,
        seed,
        &inputs,
        &results,
        &floor,
        &floor_manifest,
        rows,
        &data.join("last-report.md"),
    );
}

/// The generated inputs of a preset, generated once.
struct Inputs {
    residents: PathBuf,
    list: PathBuf,
    generated_seconds: Option<f64>,
}

fn ensure_inputs(preset: &Preset, seed: u64, dir: &Path) -> Inputs {
    let done = dir.join("GENERATED");
    let residents = dir.join("residents.csv");
    let list = dir.join(format!("{KIND}.xlsx"));
    if done.is_file() && residents.is_file() && list.is_file() {
        eprintln!("inputs cached in {}", dir.display());
        return Inputs {
            residents,
            list,
            generated_seconds: None,
        };
    }
    eprintln!(
        "generating {} list rows × {} residents into {} …",
        preset.rows,
        preset.residents,
        dir.display()
    );
    let t = Instant::now();
    let out = doikhop_synth::scale::generate_scale(seed, preset.residents, preset.rows, dir)
        .expect("generate inputs");
    let secs = t.elapsed().as_secs_f64();
    std::fs::write(
        &done,
        format!(
            "seed {seed}\nresidents {}\nperson_rows {}\nseconds {secs:.1}\n",
            preset.residents, out.person_rows
        ),
    )
    .expect("marker");
    Inputs {
        residents: out.residents,
        list: out.list,
        generated_seconds: Some(secs),
    }
}

fn doikhop_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_doikhop"))
}

fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A finished child process: wall time, CPU time (user + system) and peak RSS from `wait4`.
struct ChildStats {
    wall: f64,
    cpu: f64,
    max_rss_bytes: u64,
    code: i32,
}

/// Run `cmd` and measure it. The peak RSS a process inherits from its parent is the parent's own
/// at the `exec` (Linux keeps the higher-water mark across it, and std spawns with vfork): the
/// command is therefore started by a fresh, small copy of this bench (`--wait4`), which reports
/// the figures of its child.
fn measure(cmd: &Command) -> ChildStats {
    let mut outer = Command::new(std::env::current_exe().expect("bench path"));
    outer
        .arg("--wait4")
        .arg(cmd.get_program())
        .args(cmd.get_args());
    let out = outer
        .stderr(std::process::Stdio::inherit())
        .output()
        .expect("start the measuring process");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().last().unwrap_or("");
    let f: Vec<&str> = line.split_whitespace().collect();
    let parse = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok());
    match (parse(0), parse(1), parse(2), parse(3)) {
        (Some(wall), Some(cpu), Some(rss), Some(code)) => ChildStats {
            wall,
            cpu,
            max_rss_bytes: rss as u64,
            code: code as i32,
        },
        _ => panic!("measuring process said {line:?}"),
    }
}

/// `--wait4 PROGRAM ARGS…`: run the program, print "wall cpu max_rss_bytes exit_code".
fn wait4_child(args: &[String]) {
    let Some((program, rest)) = args.split_first() else {
        eprintln!("--wait4 PROGRAM ARGS…");
        std::process::exit(2);
    };
    let started = Instant::now();
    // The program's own output goes to stderr: stdout carries the figures.
    let child = Command::new(program)
        .args(rest)
        .stdout(std::process::Stdio::from(
            std::io::stderr()
                .as_fd()
                .try_clone_to_owned()
                .expect("stderr"),
        ))
        .spawn()
        .expect("start child process");
    let pid = child.id() as libc::pid_t;
    // Reaped by wait4 below (std's wait would not give the resource usage).
    std::mem::forget(child);
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data; wait4 fills it and the status for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed().as_secs_f64();
    assert_eq!(r, pid, "wait4 failed: {}", std::io::Error::last_os_error());
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    // Linux reports ru_maxrss in KiB.
    let rss = (usage.ru_maxrss.max(0) as u64) * 1024;
    println!(
        "{wall} {} {rss} {code}",
        secs(usage.ru_utime) + secs(usage.ru_stime)
    );
}

fn mib(bytes: u64) -> String {
    format!("{:.0} MiB", bytes as f64 / (1u64 << 20) as f64)
}

fn stage_figures(stage: &serde_json::Value) -> (f64, Option<f64>, Option<u64>) {
    (
        stage["wall_seconds"].as_f64().unwrap_or(0.0),
        stage["cpu_seconds"].as_f64(),
        stage["peak_rss_bytes"].as_u64(),
    )
}

fn stage_wall(manifest: &serde_json::Value, names: &[&str]) -> f64 {
    manifest["stages"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|s| names.contains(&s["stage"].as_str().unwrap_or("")))
                .map(|s| stage_figures(s).0)
                .sum()
        })
        .unwrap_or(0.0)
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| doikhop::stages::parse_status_kib(&m, "MemTotal"))
        .map_or_else(
            || "unknown".into(),
            |k| format!("{:.1} GiB", k as f64 / 1048576.0),
        );
    format!("{cpus} CPUs ({model}), {mem} RAM")
}

fn commit() -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let hash = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".into());
    let dirty =
        git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    if dirty {
        format!("{hash} (with uncommitted changes)")
    } else {
        hash
    }
}

#[allow(clippy::too_many_arguments)]
fn print_report(
    preset: &Preset,
    seed: u64,
    inputs: &Inputs,
    results: &[(u16, ChildStats, ChildStats, serde_json::Value)],
    floor: &ChildStats,
    floor_manifest: &serde_json::Value,
    rows: u64,
    save: &Path,
) {
    let mut o = String::new();
    macro_rules! p {
        ($($t:tt)*) => {{
            use std::fmt::Write as _;
            let _ = writeln!(o, $($t)*);
        }};
    }
    p!();
    p!(
        "Scale benchmark, preset {} ({} list rows × {} residents, seed {seed}); {} data rows read",
        preset.name,
        preset.rows,
        preset.residents,
        rows
    );
    p!("machine: {}; commit {}", machine(), commit());
    match inputs.generated_seconds {
        Some(s) => p!("inputs generated in {s:.1} s"),
        None => p!("inputs from the cache"),
    }
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    p!(
        "residents.csv {}, {KIND}.xlsx {}",
        mib(size(&inputs.residents)),
        mib(size(&inputs.list))
    );
    p!();
    p!("| index build | wall | CPU | peak RSS |");
    p!("|---|---:|---:|---:|");
    for (t, idx, _, _) in results {
        p!(
            "| {t} thread(s) | {:.2} s | {:.2} s | {} |",
            idx.wall,
            idx.cpu,
            mib(idx.max_rss_bytes)
        );
    }
    p!();
    let mut header = String::from("| match stage |");
    let mut rule = String::from("|---|");
    for (t, ..) in results {
        header.push_str(&format!(" wall {t}T | CPU {t}T | peak RSS {t}T |"));
        rule.push_str("---:|---:|---:|");
    }
    if results.len() >= 2 {
        header.push_str(" speed-up |");
        rule.push_str("---:|");
    }
    p!("{header}");
    p!("{rule}");
    let stage_names: Vec<(String, Option<String>)> = results
        .last()
        .and_then(|(_, _, _, m)| m["stages"].as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| {
                    let name = s["stage"].as_str()?;
                    Some((name.to_string(), s["alongside"].as_str().map(String::from)))
                })
                .collect()
        })
        .unwrap_or_default();
    for (name, alongside) in &stage_names {
        // stages that ran at the same time say so (their CPU is split by thread, their peak shared)
        let mut line = match alongside {
            Some(other) => format!("| {name} (alongside {other}) |"),
            None => format!("| {name} |"),
        };
        let mut walls = Vec::new();
        for (_, _, _, m) in results {
            let stage = m["stages"]
                .as_array()
                .and_then(|a| a.iter().find(|s| s["stage"] == name.as_str()));
            match stage.map(stage_figures) {
                Some((wall, cpu, rss)) => {
                    walls.push(wall);
                    line.push_str(&format!(
                        " {wall:.2} s | {} | {} |",
                        cpu.map_or_else(|| "unknown".into(), |c| format!("{c:.2} s")),
                        rss.map_or_else(|| "unknown".into(), mib)
                    ));
                }
                None => line.push_str(" – | – | – |"),
            }
        }
        if results.len() >= 2 {
            line.push_str(&speedup(&walls));
        }
        p!("{line}");
    }
    let mut line = String::from("| **whole process** |");
    let mut walls = Vec::new();
    for (_, _, run, _) in results {
        walls.push(run.wall);
        line.push_str(&format!(
            " {:.2} s | {:.2} s | {} |",
            run.wall,
            run.cpu,
            mib(run.max_rss_bytes)
        ));
    }
    if results.len() >= 2 {
        line.push_str(&speedup(&walls));
    }
    p!("{line}");
    p!();
    let read = stage_wall(floor_manifest, &["read"]);
    let write = stage_wall(floor_manifest, &["write_results_csv", "write_workbooks"]);
    let floor_total = read + write;
    p!(
        "floor (read the list + write results.csv and workbooks, no matching): read {read:.2} s + write {write:.2} s = {floor_total:.2} s; process {:.2} s wall, {:.2} s CPU, peak RSS {}",
        floor.wall,
        floor.cpu,
        mib(floor.max_rss_bytes)
    );
    for (t, _, run, _) in results {
        p!(
            "end to end from a prebuilt index, {t} thread(s): {:.2} s = {:.2} × the floor",
            run.wall,
            run.wall / floor_total.max(1e-9)
        );
    }
    print!("{o}");
    if let Err(e) = std::fs::write(save, &o) {
        eprintln!("{}: {e}", save.display());
    } else {
        eprintln!("(also written to {})", save.display());
    }
}

fn speedup(walls: &[f64]) -> String {
    match (walls.first(), walls.last()) {
        (Some(a), Some(b)) if *b > 0.0 => format!(" {:.2}× |", a / b),
        _ => " – |".into(),
    }
}

/// The floor, in its own process: `--floor-child LIST RESIDENTS_CSV OUT MATCHED_SHARE`.
///
/// Measured stages: `read` (the very function `match` uses) and the write stages (the real
/// writers). Not measured, in between: the rows are put in the report's shape (normalised, so
/// the sheets and columns are the real ones) and given made-up decisions — a `matched_share` of
/// them matched to one resident (so the clean workbook gets as many rows as in the real run),
/// the rest not found (the verification workbook) — from a one-resident extract.
fn floor_child(args: &[String]) {
    let [list, residents, out, share] = args else {
        eprintln!("--floor-child LIST RESIDENTS_CSV OUT MATCHED_SHARE");
        std::process::exit(2);
    };
    let share: f64 = share.parse().unwrap_or(0.5);
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).expect("floor folder");
    let date = doikhop::util::today();
    let rules = Rules::builtin(KIND).expect("rules");
    // A one-resident extract: the header and first line of the real one.
    let one = out.join("one-resident.csv");
    let text = std::fs::read_to_string(residents).expect("residents.csv");
    let head: Vec<&str> = text.lines().take(2).collect();
    std::fs::write(&one, head.join("\n") + "\n").expect("one-resident.csv");
    drop(text);
    let registry = Registry::load(&one, &Rules::builtin("residents").expect("rules"), date.0)
        .expect("one-resident registry");
    let job = MatchJob {
        inputs: vec![PathBuf::from(list)],
        residents: one.clone(),
        rules: rules.clone(),
        out: out.clone(),
    };
    let mut stages = Stages::new(Show::Lines);
    let read = stages
        .run("read", || {
            pipeline::read_inputs(&job, &RunOptions::default())
        })
        .expect("read the list");
    let n = pipeline::normalise_inputs(read, &rules, date);
    // made-up decisions: the clean / verification split of the real run
    let decisions: Vec<Decision> = (0..n.people.len())
        .map(|i| {
            let mut decision = Decision::not_found();
            if ((i + 1) as f64 * share).floor() > (i as f64 * share).floor() {
                decision.status = doikhop::matching::Status::Matched;
                decision.resident = Some(0);
                decision.score = 1.0;
            }
            decision
        })
        .collect();
    let report = n.into_report(
        decisions,
        RunFacts {
            rules,
            model: Default::default(),
            residents_path: one.display().to_string(),
            residents_sha256: String::new(),
            date,
            timings: Vec::new(),
            stages: stages.all().to_vec(),
        },
    );
    doikhop::report::write_all_staged(
        &report,
        &registry,
        &out,
        OutputOptions::default(),
        &mut stages,
    )
    .expect("write the outputs");
}
