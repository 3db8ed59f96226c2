//! End-to-end pipeline benchmark on generated data (a bench binary, not a timed test).
//!
//! `cargo bench --bench pipeline -- [--residents N] [--rows N] [--seed N]`
//!
//! Generates a resident extract and one list of each kind with the seeded generator, then times:
//! loading + indexing the extract, reading + normalising + matching each kind's lists, and
//! writing the outputs. Prints wall time per stage and the peak RSS of the process.

use std::time::Instant;

use doikhop::pipeline::{MatchJob, match_with_registry};
use doikhop::registry::Registry;
use doikhop::rules::Rules;

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn peak_rss_mib() -> f64 {
    doikhop::stages::peak_rss_bytes().map_or(0.0, |b| b as f64 / (1024.0 * 1024.0))
}

fn main() {
    let residents = arg("--residents", 100_000);
    let rows = arg("--rows", 1_000);
    let seed = arg("--seed", 7) as u64;
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let t = Instant::now();
    let generated = doikhop_synth::generate_fixtures(
        &doikhop_synth::SynthConfig {
            seed,
            residents,
            rows_per_list: rows,
        },
        &data,
    )
    .expect("generate");
    let t_gen = t.elapsed();

    let t = Instant::now();
    let registry = Registry::load(
        &data.join("residents.csv"),
        &Rules::builtin("residents").unwrap(),
        2026,
    )
    .expect("load extract");
    let t_load = t.elapsed();

    let mut t_match = std::time::Duration::ZERO;
    let mut t_write = std::time::Duration::ZERO;
    let mut matched_rows = 0;
    for kind in doikhop::rules::KINDS {
        let inputs: Vec<_> = generated
            .files
            .iter()
            .filter(|p| doikhop::rules::kind_of(p) == Some(kind))
            .cloned()
            .collect();
        if inputs.is_empty() {
            continue;
        }
        let out = dir.path().join("out").join(kind);
        let job = MatchJob {
            inputs,
            residents: data.join("residents.csv"),
            rules: Rules::builtin(kind).unwrap(),
            out: out.clone(),
        };
        let t = Instant::now();
        let report = match_with_registry(&job, &registry, (2026, 11, 22)).expect("match");
        t_match += t.elapsed();
        matched_rows += report.rows.len();
        let t = Instant::now();
        doikhop::report::write_all(&report, &registry, &out).expect("write");
        t_write += t.elapsed();
    }
    println!(
        "doikhop pipeline bench: {residents} residents, {matched_rows} list rows, {} threads",
        rayon::current_num_threads()
    );
    println!("| stage | wall |");
    println!("|---|---|");
    println!(
        "| generate (not part of a run) | {:.2} s |",
        t_gen.as_secs_f64()
    );
    println!(
        "| load + normalise + index extract | {:.2} s |",
        t_load.as_secs_f64()
    );
    println!(
        "| read + normalise + match lists | {:.2} s |",
        t_match.as_secs_f64()
    );
    println!(
        "| write results.csv + workbooks | {:.2} s |",
        t_write.as_secs_f64()
    );
    println!("| peak RSS | {:.0} MiB |", peak_rss_mib());
}
