//! EM re-estimation of the model (`doikhop::matching::em`) on synthetic candidate pairs drawn
//! with the seeded generator's PRNG (moved from the library's unit tests: the library does not
//! depend on the generator).
use doikhop::matching::em::*;
use doikhop::matching::model::{Model, ModelField, ModelSource};
use doikhop_synth::rng::Rng;

/// Draw a level index from a distribution.
fn draw(rng: &mut Rng, p: &[f64]) -> u8 {
    let total: f64 = p.iter().sum();
    let mut x = rng.unit() * total;
    for (i, v) in p.iter().enumerate() {
        if x < *v {
            return i as u8;
        }
        x -= v;
    }
    (p.len() - 1) as u8
}

// The true m of the synthetic population (not the defaults).
const NAME_M: [f64; 9] = [0.70, 0.08, 0.01, 0.08, 0.01, 0.03, 0.04, 0.03, 0.02];
const SEX_M: [f64; 2] = [0.96, 0.04];
const COMMUNE_M: [f64; 3] = [0.75, 0.10, 0.15];
const ID_M: [f64; 4] = [0.85, 0.05, 0.05, 0.05];
// date levels of true matches, and of namesakes found by name + birth year
const DOB_M: [f64; 11] = [
    0.75, 0.01, 0.08, 0.01, 0.04, 0.005, 0.02, 0.04, 0.02, 0.005, 0.02,
];
// (one namesake born the same year in 365 shares the birthday)
const DOB_NAMESAKE: [f64; 11] = [
    0.003, 0.0, 0.02, 0.0, 0.02, 0.0, 0.02, 0.12, 0.08, 0.01, 0.727,
];

/// Synthetic candidate pairs with a strong name concentration: 30 % of the rows carry a
/// name shared by 1 resident in 40, and each brings 25 namesakes (same name, birth year
/// near) for its one true match. Blocks as `training_pairs` forms them (`naive`: all pairs).
fn population(seed: u64, rows: usize, naive: bool) -> Vec<TrainingPair> {
    let mut rng = Rng::new(seed);
    let mut pairs = Vec::new();
    let push = |levels: [Option<u8>; 5], rarity: f64, pairs: &mut Vec<TrainingPair>| {
        let block = if naive {
            Some(Block::All)
        } else if matches!(levels[3], Some(0..=2)) {
            Some(Block::Id)
        } else if levels[0].is_some_and(|n| n <= 5) && levels[1] == Some(0) {
            Some(Block::NameDob)
        } else {
            None
        };
        if let Some(block) = block {
            pairs.push(TrainingPair {
                levels,
                name_rarity: rarity,
                block,
            });
        }
    };
    for _ in 0..rows {
        let class = rng.unit();
        let (rarity, namesakes) = if class < 0.3 {
            (40f64.log2(), 25)
        } else if class < 0.7 {
            (10.0, 3)
        } else {
            (15.0, rng.index(2))
        };
        let has_id = rng.chance(0.6);
        let has_sex = rng.chance(0.8);
        let has_commune = rng.chance(0.9);
        if rng.chance(0.92) {
            let levels = [
                Some(draw(&mut rng, &NAME_M)),
                Some(draw(&mut rng, &DOB_M)),
                has_sex.then(|| draw(&mut rng, &SEX_M)),
                has_id.then(|| draw(&mut rng, &ID_M)),
                has_commune.then(|| draw(&mut rng, &COMMUNE_M)),
            ];
            push(levels, rarity, &mut pairs);
        }
        for _ in 0..namesakes {
            let levels = [
                Some(draw(&mut rng, &[0.8, 0.1, 0.0, 0.1])),
                Some(draw(&mut rng, &DOB_NAMESAKE)),
                has_sex.then(|| draw(&mut rng, &[0.92, 0.08])),
                has_id.then(|| if rng.chance(0.002) { 2 } else { 3 }),
                has_commune.then(|| draw(&mut rng, &[0.3, 0.05, 0.65])),
            ];
            push(levels, rarity, &mut pairs);
        }
        if has_id && rng.chance(0.03) {
            // someone whose ID is one digit away
            let levels = [
                Some(8),
                Some(10),
                has_sex.then(|| draw(&mut rng, &[0.5, 0.5])),
                Some(2),
                has_commune.then(|| draw(&mut rng, &[0.1, 0.02, 0.88])),
            ];
            push(levels, 0.0, &mut pairs);
        }
    }
    pairs
}

fn max_error(model: &Model, f: ModelField, truth: &[f64]) -> f64 {
    truth
        .iter()
        .enumerate()
        .map(|(i, t)| (model.m(f, i) - t).abs())
        .fold(0.0, f64::max)
}

#[test]
fn em_recovers_known_m_despite_name_concentration() {
    let pairs = population(7, 4000, false);
    let out = fit(&pairs, Model::defaults(), &EmOptions::default());
    let r = &out.report;
    assert!(r.used, "{:?}", r.warnings);
    assert!(r.converged && r.iterations < 200);
    assert_eq!(out.model.source, ModelSource::Em);
    let e = |f, t: &[f64]| max_error(&out.model, f, t);
    eprintln!(
        "name {:.4} sex {:.4} commune {:.4}; {:?}",
        e(ModelField::Name, &NAME_M),
        e(ModelField::Sex, &SEX_M),
        e(ModelField::Commune, &COMMUNE_M),
        r
    );
    assert!(e(ModelField::Name, &NAME_M) < 0.03);
    assert!(e(ModelField::Sex, &SEX_M) < 0.03);
    assert!(e(ModelField::Commune, &COMMUNE_M) < 0.05);
    // held: ID and date of birth keep the defaults
    for f in [ModelField::Id, ModelField::Dob] {
        for i in 0..f.levels().len() {
            assert_eq!(out.model.m(f, i), Model::defaults().m(f, i));
        }
    }
}

#[test]
fn naive_em_on_all_pairs_collapses_and_is_refused() {
    let pairs = population(7, 4000, true);
    let naive = EmOptions {
        naive: true,
        ..EmOptions::default()
    };
    let out = fit(&pairs, Model::defaults(), &naive);
    let est = &out.estimated;
    eprintln!(
        "{:?}\nname {:.4} sex {:.4} commune {:.4} dob {:?}",
        out.report,
        max_error(est, ModelField::Name, &NAME_M),
        max_error(est, ModelField::Sex, &SEX_M),
        max_error(est, ModelField::Commune, &COMMUNE_M),
        (0..11)
            .map(|i| est.m(ModelField::Dob, i))
            .collect::<Vec<_>>()
    );
    // about 1 pair in 10 is the same person; the collapsed mixture takes nearly all pairs
    // for matches, so a matching date of birth looks rare among matches
    assert!(out.report.lambda_id_block > 0.5);
    assert!(est.m(ModelField::Dob, 0) < 0.3);
    assert!(max_error(est, ModelField::Commune, &COMMUNE_M) > 0.2);
    // ... which is seen, and refused
    assert!(!out.report.used);
    assert!(!out.report.warnings.is_empty());
    assert_eq!(&out.model, Model::defaults());
}

#[test]
fn same_pairs_same_estimate() {
    let pairs = population(3, 1500, false);
    let a = fit(&pairs, Model::defaults(), &EmOptions::default());
    let b = fit(&pairs, Model::defaults(), &EmOptions::default());
    assert_eq!(a.model, b.model);
    assert_eq!(a.model.to_json("ho-ngheo"), b.model.to_json("ho-ngheo"));
}

#[test]
fn too_few_pairs_keep_the_defaults() {
    let pairs = population(5, 20, false);
    let out = fit(&pairs, Model::defaults(), &EmOptions::default());
    assert!(!out.report.used);
    assert!(
        out.report.warnings[0].contains("cặp huấn luyện"),
        "{:?}",
        out.report
    );
    assert_eq!(&out.model, Model::defaults());
}

#[test]
fn sex_disagreeing_among_id_matches_is_degenerate() {
    // a list whose sex column is inverted: sex "agree" ends with m < u
    let mut pairs = population(9, 2000, false);
    for p in &mut pairs {
        if let Some(s) = p.levels[2] {
            p.levels[2] = Some(1 - s);
        }
    }
    let out = fit(&pairs, Model::defaults(), &EmOptions::default());
    assert!(!out.report.used);
    assert!(
        out.report.warnings.iter().any(|w| w.contains("sex.agree")),
        "{:?}",
        out.report.warnings
    );
    assert_eq!(&out.model, Model::defaults());
}
