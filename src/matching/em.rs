//! Re-estimating the model's m-probabilities from the run itself by EM (`match --em`).
//!
//! EM on all candidate pairs collapses on Vietnamese lists: "Nguyễn Thị Lan" blocks hold dozens
//! of namesakes for each true match, and the mixture then separates "same name" from "other
//! name" instead of "same person" from "other person". So EM trains only on pairs from blocks
//! where true matches are a sizeable share:
//!
//! - **ID block**: the listed ID (12-digit or CMND) agrees with the candidate's, exactly or one
//!   edit away. Name, sex and commune are free in this block, so their m are learnt here.
//! - **name + date block**: the folded full name agrees and both give the same full date of
//!   birth (rows without an agreeing ID). Name is what the block was formed on, so only sex and
//!   commune are learnt from it.
//!
//! The fields a block was formed on are left out of its E-step (they agree by construction).
//! ID and date-of-birth m-probabilities are held at the defaults (they define the blocks and
//! anchor the classes), and every u is held (name u comes from the registry's frequencies).
//! The learnt m have a Dirichlet prior of a few pseudo-pairs toward the defaults. Estimates
//! that look degenerate (too few pairs, an agreement level with m < u, a class that vanished,
//! no convergence) are reported and the run falls back to the model it started from.
//!
//! Deterministic: pairs are taken in row order and candidate order, sums run sequentially.

use rayon::prelude::*;
use serde::Serialize;

use super::compare::{self, Comparison};
use super::model::{
    self, DobLevel, EM_FIELDS, EmSummary, Model, ModelField, ModelSource, commune_index, id_index,
    name_index, sex_index,
};
use crate::fields::date::{DateLevel, Precision};
use crate::fields::id::IdLevel;
use crate::model::RowRef;
use crate::normalise::ListPerson;
use crate::registry::Registry;
use crate::text::name::NameLevel;

/// Where a training pair comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// The IDs agree exactly or one edit away.
    Id,
    /// Folded full name and full date of birth agree.
    NameDob,
    /// Any candidate pair (only for showing what naive EM does).
    All,
}

/// One (row, candidate) pair as EM sees it: the level of every field (its index within the
/// field, `None` when not compared) and the name's log2 rarity its u is scaled by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainingPair {
    pub levels: [Option<u8>; 5],
    pub name_rarity: f64,
    pub block: Block,
}

#[derive(Debug, Clone)]
pub struct EmOptions {
    pub max_iterations: usize,
    /// Converged when no estimated probability moves more than this in an iteration.
    pub tolerance: f64,
    /// Strength of the prior toward the starting m, in pseudo-pairs per field.
    pub prior_pairs: f64,
    /// Fewer training pairs than this: no estimate.
    pub min_pairs: usize,
    /// Which fields EM learns in which block (see [`learns`]); `naive` learns every m and u
    /// from every pair (for comparison only: it collapses on name concentration).
    pub naive: bool,
}

impl Default for EmOptions {
    fn default() -> Self {
        EmOptions {
            max_iterations: 200,
            tolerance: 1e-6,
            prior_pairs: 20.0,
            min_pairs: 100,
            naive: false,
        }
    }
}

/// What EM did, for the run's manifest and the saved model.
#[derive(Debug, Clone, Serialize)]
pub struct EmReport {
    pub training_pairs: usize,
    pub id_block_pairs: usize,
    pub name_dob_block_pairs: usize,
    pub iterations: usize,
    pub converged: bool,
    /// Share of true matches among the pairs of each block, as estimated.
    pub lambda_id_block: f64,
    pub lambda_name_dob_block: f64,
    /// The estimate was used (no degenerate sign).
    pub used: bool,
    /// Why the estimate looks degenerate (Vietnamese, for users).
    pub warnings: Vec<String>,
}

/// The result of [`estimate`]: the model to use (the estimate, or the starting model when the
/// estimate was degenerate) and what happened.
#[derive(Debug, Clone)]
pub struct EmOutcome {
    pub model: Model,
    pub report: EmReport,
    /// What EM estimated, used or not.
    pub estimated: Model,
}

/// Does the E-step weigh `field` in pairs of `block`? Not the fields the block was formed on:
/// they agree by construction there (a list row carrying another resident's ID is in the ID
/// block with an "equal" ID, and would otherwise be taken for a match and teach EM that true
/// matches often have different names).
pub fn weighs(block: Block, field: ModelField) -> bool {
    match block {
        Block::Id => field != ModelField::Id,
        Block::NameDob => !matches!(field, ModelField::Name | ModelField::Dob),
        Block::All => true,
    }
}

/// Does EM learn `field`'s m from pairs of `block`?
pub fn learns(block: Block, field: ModelField) -> bool {
    match field {
        ModelField::Name => block == Block::Id,
        ModelField::Sex | ModelField::Commune => true,
        ModelField::Dob | ModelField::Id => false,
        // household, parents and co-holders are too rare in a run to learn from
        ModelField::Parent | ModelField::Household | ModelField::CoHolder => false,
    }
}

/// Re-estimate `base` from the run: the training pairs of every row's exact-key candidates,
/// then EM. Falls back to `base` (with warnings) when the estimate looks degenerate.
pub fn estimate(
    people: &[(RowRef, ListPerson)],
    cands: &[Vec<u32>],
    reg: &Registry,
    base: &Model,
    opts: &EmOptions,
) -> EmOutcome {
    let pairs = training_pairs(people, cands, reg, base);
    fit(&pairs, base, opts)
}

/// The pairs EM trains on, in row and candidate order.
pub fn training_pairs(
    people: &[(RowRef, ListPerson)],
    cands: &[Vec<u32>],
    reg: &Registry,
    base: &Model,
) -> Vec<TrainingPair> {
    people
        .par_iter()
        .zip(cands.par_iter())
        .map(|((_, p), c)| {
            c.iter()
                .filter_map(|&i| {
                    let res = reg.get(i);
                    let cmp = compare::compare(p, &res, reg, base);
                    let block = block_of(&cmp, p, &res)?;
                    let rarity = match (cmp.name, &res.name()) {
                        (Some(l), Some(n)) => compare::name_rarity(l, n, reg),
                        _ => 0.0,
                    };
                    Some(pair_of(&cmp, p, &res, rarity, block))
                })
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

fn block_of(cmp: &Comparison, p: &ListPerson, res: &crate::registry::Resident) -> Option<Block> {
    if matches!(
        cmp.id,
        Some(IdLevel::Equal | IdLevel::OtherKindSamePerson | IdLevel::OneEdit)
    ) {
        return Some(Block::Id);
    }
    let folded_name = cmp.name.is_some_and(|l| l <= NameLevel::OneTone);
    let full_dates = p.dob.dob.is_some_and(|d| d.precision() == Precision::Day)
        && res.dob.is_some_and(|d| d.precision() == Precision::Day);
    (folded_name && full_dates && cmp.dob == Some(DateLevel::Equal)).then_some(Block::NameDob)
}

fn pair_of(
    cmp: &Comparison,
    p: &ListPerson,
    res: &crate::registry::Resident,
    name_rarity: f64,
    block: Block,
) -> TrainingPair {
    let dob = match (cmp.dob, p.dob.dob, res.dob) {
        (Some(l), Some(a), Some(b)) => Some(model::dob_index(DobLevel::of(
            l,
            a.precision(),
            b.precision(),
        ))),
        _ => None,
    };
    let lv = |i: usize| Some(i as u8);
    TrainingPair {
        levels: [
            cmp.name.map(name_index).and_then(lv),
            dob.and_then(lv),
            cmp.sex.map(sex_index).and_then(lv),
            cmp.id.map(id_index).and_then(lv),
            commune_index(cmp.commune).and_then(lv),
        ],
        name_rarity,
        block,
    }
}

/// Expected counts per level of every field, for one class.
type Counts = [Vec<f64>; 5];

fn zero_counts() -> Counts {
    EM_FIELDS.map(|f| vec![0.0; f.levels().len()])
}

/// EM on the given pairs, starting from (and holding the priors toward) `base`.
pub fn fit(pairs: &[TrainingPair], base: &Model, opts: &EmOptions) -> EmOutcome {
    let id_pairs = pairs.iter().filter(|p| p.block == Block::Id).count();
    let nd_pairs = pairs.iter().filter(|p| p.block == Block::NameDob).count();
    let mut report = EmReport {
        training_pairs: pairs.len(),
        id_block_pairs: id_pairs,
        name_dob_block_pairs: nd_pairs,
        iterations: 0,
        converged: false,
        lambda_id_block: 0.0,
        lambda_name_dob_block: 0.0,
        used: false,
        warnings: Vec::new(),
    };
    if pairs.len() < opts.min_pairs {
        report.warnings.push(format!(
            "chỉ có {} cặp huấn luyện (cần ít nhất {}): giữ mô hình mặc định",
            pairs.len(),
            opts.min_pairs
        ));
        return EmOutcome {
            model: base.clone(),
            report,
            estimated: base.clone(),
        };
    }

    let blocks = [Block::Id, Block::NameDob, Block::All];
    let block_ix = |b: Block| blocks.iter().position(|&x| x == b).unwrap_or(0);
    let mut lambda = [0.5f64; 3];
    let mut m = base.clone();
    let mut u_est: Option<Counts> = opts
        .naive
        .then(|| EM_FIELDS.map(|f| (0..f.levels().len()).map(|i| base.u(f, i)).collect()));
    let learns_here = |b: Block, f: ModelField| opts.naive || learns(b, f);

    for it in 1..=opts.max_iterations {
        let mut cm = zero_counts();
        let mut cu = zero_counts();
        let mut match_mass = [0.0f64; 3];
        let mut block_n = [0.0f64; 3];
        for p in pairs {
            let b = block_ix(p.block);
            let (mut lm, mut lu) = (0.0f64, 0.0f64);
            for (k, f) in EM_FIELDS.into_iter().enumerate() {
                let Some(l) = p.levels[k] else { continue };
                if !weighs(p.block, f) {
                    continue;
                }
                let l = l as usize;
                lm += m.m(f, l).log2();
                lu += match &u_est {
                    Some(u) if f != ModelField::Name => u[k][l].log2(),
                    _ => m.u(f, l).log2(),
                };
                if f == ModelField::Name && l != name_index(NameLevel::Different) {
                    lu -= p.name_rarity;
                }
            }
            let prior = lambda[b].clamp(1e-12, 1.0 - 1e-12);
            // posterior of "same person", computed on the log2 scale
            let odds = (prior / (1.0 - prior)).log2() + lm - lu;
            let g = 1.0 / (1.0 + (-odds.clamp(-1000.0, 1000.0)).exp2());
            match_mass[b] += g;
            block_n[b] += 1.0;
            for (k, f) in EM_FIELDS.into_iter().enumerate() {
                let Some(l) = p.levels[k] else { continue };
                if learns_here(p.block, f) {
                    cm[k][l as usize] += g;
                    cu[k][l as usize] += 1.0 - g;
                }
            }
        }
        let mut moved = 0.0f64;
        for b in 0..3 {
            if block_n[b] > 0.0 {
                let new = match_mass[b] / block_n[b];
                moved = moved.max((new - lambda[b]).abs());
                lambda[b] = new;
            }
        }
        let mut next = m.clone();
        for (k, f) in EM_FIELDS.into_iter().enumerate() {
            let learnt = [Block::Id, Block::NameDob, Block::All]
                .iter()
                .any(|&b| learns_here(b, f));
            if !learnt {
                continue;
            }
            let est = dirichlet(
                &cm[k],
                base,
                f,
                if opts.naive { 0.0 } else { opts.prior_pairs },
            );
            for (i, v) in est.iter().enumerate() {
                moved = moved.max((v - m.m(f, i)).abs());
            }
            next.set_m(f, &est);
            if let Some(u) = &mut u_est
                && f != ModelField::Name
            {
                let total: f64 = cu[k].iter().sum();
                if total > 0.0 {
                    for (i, c) in cu[k].iter().enumerate() {
                        u[k][i] = (c / total).max(1e-12);
                    }
                }
            }
        }
        m = next;
        report.iterations = it;
        if moved < opts.tolerance {
            report.converged = true;
            break;
        }
    }
    report.lambda_id_block = if id_pairs > 0 { lambda[0] } else { 0.0 };
    report.lambda_name_dob_block = if nd_pairs > 0 { lambda[1] } else { 0.0 };
    if opts.naive {
        report.lambda_id_block = lambda[2];
    }

    report.warnings = degenerate_signs(&m, &report, &lambda, pairs.len(), opts);
    if !report.warnings.is_empty() {
        return EmOutcome {
            model: base.clone(),
            report,
            estimated: m,
        };
    }
    report.used = true;
    m.source = ModelSource::Em;
    m.em = Some(EmSummary {
        training_pairs: pairs.len(),
        iterations: report.iterations,
        converged: report.converged,
    });
    EmOutcome {
        estimated: m.clone(),
        model: m,
        report,
    }
}

/// The m of one field from expected counts, with `strength` pseudo-pairs spread like the
/// starting model's m (normalised). Never 0: every level keeps some probability.
fn dirichlet(counts: &[f64], base: &Model, f: ModelField, strength: f64) -> Vec<f64> {
    let n = counts.len();
    let base_sum: f64 = (0..n).map(|i| base.m(f, i)).sum();
    let total: f64 = counts.iter().sum::<f64>() + strength;
    if total <= 0.0 {
        return (0..n).map(|i| base.m(f, i)).collect();
    }
    (0..n)
        .map(|i| {
            let prior = strength * base.m(f, i) / base_sum;
            ((counts[i] + prior) / total).clamp(1e-9, 1.0)
        })
        .collect()
}

/// Signs that an estimate is not to be trusted (Vietnamese messages; empty when it looks fine).
fn degenerate_signs(
    m: &Model,
    report: &EmReport,
    lambda: &[f64; 3],
    n: usize,
    opts: &EmOptions,
) -> Vec<String> {
    let mut w = Vec::new();
    if !report.converged {
        w.push(format!(
            "EM không hội tụ sau {} vòng lặp",
            report.iterations
        ));
    }
    let blocks: &[(usize, usize, &str)] = if opts.naive {
        &[(2, n, "mọi cặp ứng viên")]
    } else {
        &[
            (0, report.id_block_pairs, "khối trùng số định danh"),
            (
                1,
                report.name_dob_block_pairs,
                "khối trùng họ tên và ngày sinh",
            ),
        ]
    };
    for &(b, count, label) in blocks {
        if count == 0 {
            continue;
        }
        let l = lambda[b];
        // A match class that vanished is a collapse. In the training blocks most pairs are the
        // same person, so λ close to 1 is expected there (an ID block without any neighbour ID
        // has no non-match at all); over all candidate pairs it means every pair was taken for
        // the same person.
        if l < 0.05 {
            w.push(format!(
                "tỷ lệ cặp trùng người ước lượng trong {label} gần 0 ({l:.4})"
            ));
        } else if opts.naive && l > 0.95 {
            w.push(format!(
                "tỷ lệ cặp trùng người ước lượng trong {label} gần 1 ({l:.4})"
            ));
        }
    }
    let matches = report.lambda_id_block * report.id_block_pairs as f64
        + report.lambda_name_dob_block * report.name_dob_block_pairs as f64;
    if !opts.naive && matches < opts.min_pairs as f64 / 2.0 {
        w.push(format!(
            "chỉ khoảng {matches:.0} cặp trùng người để học: quá ít"
        ));
    }
    // Agreement must be likelier among matches than among non-matches, disagreement less.
    let checks: [(ModelField, &str, bool); 5] = [
        (ModelField::Sex, "agree", true),
        (ModelField::Sex, "disagree", false),
        (ModelField::Commune, "same", true),
        (ModelField::Commune, "different", false),
        (ModelField::Name, "different", false),
    ];
    for (f, level, agreement) in checks {
        let Some(i) = f.levels().iter().position(|l| *l == level) else {
            continue;
        };
        let (mi, ui) = (m.m(f, i), m.u(f, i));
        if agreement && mi < ui {
            w.push(format!(
                "{}.{level}: m = {mi:.4} nhỏ hơn u = {ui:.4} (trùng khớp lại ít gặp ở cặp cùng người)",
                f.key()
            ));
        }
        if !agreement && mi > ui {
            w.push(format!(
                "{}.{level}: m = {mi:.4} lớn hơn u = {ui:.4} (khác biệt lại hay gặp ở cặp cùng người)",
                f.key()
            ));
        }
    }
    let name_agree: f64 = (0..4).map(|i| m.m(ModelField::Name, i)).sum();
    let name_diff = m.m(ModelField::Name, name_index(NameLevel::Different));
    if name_agree < name_diff {
        w.push(format!(
            "name: họ tên trùng (m = {name_agree:.4}) ít gặp hơn họ tên khác hẳn (m = {name_diff:.4}) ở cặp cùng người"
        ));
    }
    w
}
