//! Criterion benchmark of the text layer: normalising 1,000,000 names of mixed encodings
//! (Unicode, TCVN3, VNI, no diacritics, capitals) the way a list column is normalised —
//! column decoding, name parsing, folded and phonetic keys — on one and on two threads.
//!
//! `cargo bench --bench text`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;

use doikhop::fields::sex::Sex;
use doikhop::text::{fold, legacy, name};
use doikhop_synth::people::random_name;
use doikhop_synth::rng::Rng;
use doikhop_synth::tables::TABLES;

const N: usize = 1_000_000;
/// Names are decoded by column, as in a sheet; a column holds this many cells.
const COLUMN: usize = 1_000;

fn names() -> Vec<String> {
    let mut rng = Rng::new(2026);
    (0..N)
        .map(|i| {
            let sex = if rng.chance(0.5) {
                Sex::Male
            } else {
                Sex::Female
            };
            let year = 1930 + rng.below(90) as i32;
            let full = random_name(&mut rng, &TABLES, sex, year, None).full();
            // Whole columns share an encoding, as in real files.
            match (i / COLUMN) % 10 {
                0 => legacy::encode_tcvn3(&full),
                1 => legacy::encode_vni(&full),
                2 => fold::strip_diacritics(&full),
                3 => full.to_uppercase(),
                _ => full,
            }
        })
        .collect()
}

fn normalise_column(cells: &[String]) -> usize {
    let refs: Vec<&str> = cells.iter().map(|s| s.as_str()).collect();
    let mut keys = 0;
    for (text, _) in legacy::decode_column(&refs) {
        if let Some(n) = name::parse_name_cell(&text).primary {
            keys += n.folded().len() + n.phonetic_key().len();
        }
    }
    keys
}

fn bench(c: &mut Criterion) {
    let names = names();
    let mut g = c.benchmark_group("normalise 1M names (mixed encodings)");
    g.sample_size(10);
    g.throughput(Throughput::Elements(N as u64));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        g.bench_function(format!("{threads} thread(s)"), |b| {
            b.iter(|| {
                pool.install(|| {
                    names
                        .par_chunks(COLUMN)
                        .map(normalise_column)
                        .sum::<usize>()
                })
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
