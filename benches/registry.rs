//! Registry benchmark (a bench binary, not a timed test): build the index of a generated
//! extract and load it back, each phase in its own process so that its peak RSS is its own.
//!
//! `cargo bench --bench registry -- [--residents N] [--dir DIR]`
//!
//! Prints a Markdown table: generate (not part of a run), `index` (CSV → normalised registry →
//! .dkidx), loading the index (what `match --residents X.dkidx` pays at start-up), and the
//! memory held per resident.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use doikhop::registry::{Registry, file};
use doikhop::rules::Rules;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn peak_rss_mib() -> f64 {
    doikhop::stages::peak_rss_bytes().map_or(0.0, |b| b as f64 / (1024.0 * 1024.0))
}

fn cpu_secs() -> f64 {
    doikhop::stages::process_cpu_seconds().unwrap_or(0.0)
}

/// Run one phase in a child process; it prints "wall cpu rss extra" on its last line.
fn child(phase: &str, csv: &Path, idx: &Path, n: usize) -> Vec<f64> {
    let out = Command::new(std::env::current_exe().expect("self"))
        .args(["--phase", phase, "--csv"])
        .arg(csv)
        .arg("--index")
        .arg(idx)
        .args(["--residents", &n.to_string()])
        .output()
        .expect("run phase");
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        panic!(
            "phase {phase} failed: {}\n{text}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    text.lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect()
}

fn main() {
    let n: usize = arg("--residents")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let rules = Rules::builtin("residents").unwrap();
    if let Some(phase) = arg("--phase") {
        let csv = PathBuf::from(arg("--csv").unwrap());
        let idx = PathBuf::from(arg("--index").unwrap());
        let t = Instant::now();
        let extra = match phase.as_str() {
            "gen" => {
                doikhop_synth::generate_residents(2026, n, &csv).expect("generate");
                0.0
            }
            "index" => {
                let reg = Registry::load(&csv, &rules, 2026).expect("load extract");
                file::save(&reg, &csv, &rules, &idx).expect("save index");
                reg.bytes_per_resident()
            }
            "load" => {
                let reg = Registry::load(&idx, &rules, 2026).expect("load index");
                assert_eq!(reg.len(), n);
                reg.bytes_per_resident()
            }
            _ => panic!("unknown phase"),
        };
        println!(
            "{:.2} {:.2} {:.0} {:.1}",
            t.elapsed().as_secs_f64(),
            cpu_secs(),
            peak_rss_mib(),
            extra
        );
        return;
    }
    let dir = arg("--dir")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("doikhop-bench"));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join(format!("residents-{n}.csv"));
    let idx = dir.join(format!("residents-{n}.dkidx"));
    let generated = if csv.exists() {
        None
    } else {
        Some(child("gen", &csv, &idx, n))
    };
    let index = child("index", &csv, &idx, n);
    let load = child("load", &csv, &idx, n);
    let size = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| m.len() as f64 / 1048576.0)
            .unwrap_or(0.0)
    };
    println!(
        "registry bench: {n} residents, {} threads; extract {:.0} MiB, index {:.0} MiB",
        rayon::current_num_threads(),
        size(&csv),
        size(&idx)
    );
    println!("| phase | wall | CPU | peak RSS | bytes/resident held |");
    println!("|---|---|---|---|---|");
    if let Some(g) = generated {
        println!(
            "| generate extract (not part of a run) | {:.1} s | {:.1} s | {:.0} MiB | |",
            g[0], g[1], g[2]
        );
    }
    println!(
        "| `index`: load CSV, normalise, index, write .dkidx | {:.1} s | {:.1} s | {:.0} MiB | {:.0} |",
        index[0], index[1], index[2], index[3]
    );
    println!(
        "| load .dkidx (match start-up) | {:.1} s | {:.1} s | {:.0} MiB | {:.0} |",
        load[0], load[1], load[2], load[3]
    );
}
