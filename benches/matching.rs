//! Matching-engine benchmark on the evaluation set (a bench binary, not a timed test).
//!
//! `cargo bench --bench matching -- [--residents N] [--rows N] [--seed N]`
//!
//! Builds the seeded evaluation set (residents with a Vietnamese name concentration, lists of
//! every kind with known truth), loads the extract, normalises the rows, then measures:
//! candidates per row (exact keys, and the wider search), field comparisons per second, rows
//! matched per second (the whole decision, on all cores), and the quality on the truth.

use std::time::Instant;

use doikhop::matching::{self, candidates, compare, decide};
use doikhop::normalise::{ListPerson, date_context, normalise};
use doikhop::registry::Registry;
use doikhop::rules::Rules;
use doikhop_synth::eval::{self, EvalConfig};
use doikhop_synth::registry_csv::write_residents;

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A list ready to match: its rules, its normalised people, and the truth per row.
type PreparedList = (
    Rules,
    Vec<(doikhop::model::RowRef, ListPerson)>,
    Vec<String>,
);

fn main() {
    let cfg = EvalConfig {
        seed: arg("--seed", 7_2026) as u64,
        residents: arg("--residents", 50_000),
        rows_per_list: arg("--rows", 700),
        extra_rows: arg("--rows", 700) + 100,
    };
    let t = Instant::now();
    let set = eval::build(&cfg);
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("residents.csv");
    write_residents(&csv, &set.population).expect("write residents");
    let t_gen = t.elapsed();
    let t = Instant::now();
    let registry =
        Registry::load(&csv, &Rules::builtin("residents").expect("rules"), 2026).expect("load");
    let t_load = t.elapsed();

    let mut lists: Vec<PreparedList> = Vec::new();
    for (fi, list) in set.lists.iter().enumerate() {
        let rules = Rules::builtin(list.rules_kind).expect("rules");
        let sheet = eval::sheet_of(list, fi);
        let ctx = date_context(&rules, 2026);
        let people = sheet
            .records
            .iter()
            .map(|rec| (rec.at.clone(), normalise(&sheet, rec, &rules, &ctx)))
            .collect();
        let truth = list
            .rows
            .iter()
            .map(|r| r.truth.status.as_str().to_string())
            .collect();
        lists.push((rules, people, truth));
    }
    let rows: usize = lists.iter().map(|l| l.1.len()).sum();

    // Candidates per row (one thread): the exact keys as the engine runs them (a row whose ID,
    // name and date of birth agree stops at the ID), every key, and the wider search.
    let t = Instant::now();
    let (mut exact, mut every, mut wide, mut max_exact) = (0usize, 0usize, 0usize, 0usize);
    let mut per_row: Vec<(usize, usize, Vec<u32>)> = Vec::new();
    for (li, (_, people, _)) in lists.iter().enumerate() {
        for (pi, (_, p)) in people.iter().enumerate() {
            let c = candidates::candidates(p, &registry);
            exact += c.len();
            max_exact = max_exact.max(c.len());
            wide += candidates::wider(p, &registry).len();
            per_row.push((li, pi, c));
        }
    }
    let t_cand = t.elapsed();
    for (_, people, _) in &lists {
        for (_, p) in people {
            every += candidates::from_every_key(p, &registry).len();
        }
    }

    // Field comparisons (one thread), as the engine scores a row's candidates: names compared
    // once per distinct name text, other fields read from the registry's columns.
    let t = Instant::now();
    let mut checksum = 0.0;
    let mut pairs = 0usize;
    let mut distinct_names = 0usize;
    for (li, pi, c) in per_row {
        pairs += c.len();
        let mut texts: Vec<&str> = c.iter().map(|&r| registry.name_text_of(r)).collect();
        texts.sort_unstable();
        texts.dedup();
        distinct_names += texts.len();
        for s in decide::score(
            &lists[li].1[pi].1,
            &registry,
            &lists[li].0.matching.model,
            c,
        ) {
            checksum += s.comparison.total;
        }
    }
    let t_cmp = t.elapsed();

    // The same pairs through the materialised resident (what explanations and reports use).
    let t = Instant::now();
    let mut slow_pairs = 0usize;
    for (rules, people, _) in &lists {
        for (_, p) in people.iter().take(300) {
            for r in candidates::candidates(p, &registry) {
                slow_pairs += 1;
                checksum +=
                    compare::compare(p, &registry.get(r), &registry, &rules.matching.model).total;
            }
        }
    }
    let t_slow = t.elapsed();

    // Whole decisions, all cores.
    let t = Instant::now();
    let mut right = 0usize;
    for (rules, people, truth) in &lists {
        let d = matching::match_all(people, &registry, rules);
        right += d
            .iter()
            .zip(truth)
            .filter(|(d, t)| d.status.as_str() == t.as_str())
            .count();
    }
    let t_match = t.elapsed();

    let threads = rayon::current_num_threads();
    println!(
        "registry {} residents, {rows} list rows, {threads} threads",
        registry.len()
    );
    println!(
        "generate {:.2} s, load+index {:.2} s",
        t_gen.as_secs_f64(),
        t_load.as_secs_f64()
    );
    println!(
        "candidates per row: {:.1} exact (max {max_exact}), {:.1} wider search; {:.0} rows/s (1 thread)",
        exact as f64 / rows as f64,
        wide as f64 / rows as f64,
        rows as f64 / t_cand.as_secs_f64()
    );
    println!(
        "candidates per row from every key (no ID short cut): {:.1}",
        every as f64 / rows as f64
    );
    println!(
        "comparisons: {pairs} in {:.3} s = {:.0} per second (1 thread) [checksum {checksum:.1}]",
        t_cmp.as_secs_f64(),
        pairs as f64 / t_cmp.as_secs_f64()
    );
    println!(
        "distinct candidate names per row: {:.1}",
        distinct_names as f64 / rows as f64
    );
    println!(
        "comparisons of materialised residents: {:.0} per second (1 thread)",
        slow_pairs as f64 / t_slow.as_secs_f64()
    );
    println!(
        "match_all: {:.3} s = {:.0} rows/s; status accuracy {:.4}",
        t_match.as_secs_f64(),
        rows as f64 / t_match.as_secs_f64(),
        right as f64 / rows as f64
    );
}
