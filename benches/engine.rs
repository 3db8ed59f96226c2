//! Criterion benchmark of the matching engine's two halves on the seeded evaluation set
//! (50,000 residents with a Vietnamese name concentration, ~5,000 list rows of every kind and
//! corruption, one thread): candidate gathering per row, scoring a row's candidates (field
//! comparisons and posterior), and single field comparisons of materialised residents.
//!
//! `cargo bench --bench engine` (the end-to-end numbers come from `--bench matching` and
//! `--bench scale`).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use doikhop::matching::{candidates, compare, decide};
use doikhop::model::RowRef;
use doikhop::normalise::{ListPerson, date_context, normalise};
use doikhop::registry::Registry;
use doikhop::rules::Rules;
use doikhop_synth::eval::{self, EvalConfig};
use doikhop_synth::registry_csv::write_residents;

fn prepared() -> (Registry, Vec<(RowRef, ListPerson)>) {
    let set = eval::build(&EvalConfig::default());
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("residents.csv");
    write_residents(&csv, &set.population).expect("write residents");
    let registry =
        Registry::load(&csv, &Rules::builtin("residents").expect("rules"), 2026).expect("load");
    let mut people = Vec::new();
    for (fi, list) in set.lists.iter().enumerate() {
        let rules = Rules::builtin(list.rules_kind).expect("rules");
        let sheet = eval::sheet_of(list, fi);
        let ctx = date_context(&rules, 2026);
        people.extend(
            sheet
                .records
                .iter()
                .map(|rec| (rec.at.clone(), normalise(&sheet, rec, &rules, &ctx))),
        );
    }
    (registry, people)
}

fn bench(c: &mut Criterion) {
    let (reg, people) = prepared();
    let cands: Vec<Vec<u32>> = people
        .iter()
        .map(|(_, p)| candidates::candidates(p, &reg))
        .collect();
    let pairs: usize = cands.iter().map(Vec::len).sum();
    let model = doikhop::matching::model::Model::defaults();

    let mut g = c.benchmark_group("matching engine (eval set, 1 thread)");
    g.sample_size(10);
    g.throughput(Throughput::Elements(people.len() as u64));
    g.bench_function("candidates per row", |b| {
        b.iter(|| {
            people
                .iter()
                .map(|(_, p)| candidates::candidates(p, &reg).len())
                .sum::<usize>()
        })
    });
    g.bench_function("wider search per row", |b| {
        b.iter(|| {
            people
                .iter()
                .map(|(_, p)| candidates::wider(p, &reg).len())
                .sum::<usize>()
        })
    });
    g.throughput(Throughput::Elements(pairs as u64));
    g.bench_function("scored comparisons (per candidate pair)", |b| {
        b.iter(|| {
            people
                .iter()
                .zip(&cands)
                .map(|((_, p), c)| decide::score(p, &reg, model, c.clone()).len())
                .sum::<usize>()
        })
    });
    g.bench_function("comparisons of materialised residents (per pair)", |b| {
        b.iter(|| {
            let mut total = 0.0;
            for ((_, p), c) in people.iter().zip(&cands) {
                for &r in c {
                    total += compare::compare(p, &reg.get(r), &reg, model).total;
                }
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
