//! Decide a row's status from its candidates: posterior probability of each candidate (with a
//! "not in the registry" alternative), thresholds from the rules, discrepancies and corrections.

use serde::Serialize;

use super::candidates::{candidates, wider};
use super::compare::{Comparison, compare};
use super::model::Model;
use crate::fields::date::{DateIssue, DateLevel};
use crate::fields::id::{IdIssue, IdLevel};
use crate::model::RowRef;
use crate::normalise::ListPerson;
use crate::registry::Registry;
use crate::rules::Rules;

/// Statuses of the results.csv contract, in order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Duplicate,
    Deceased,
    Mismatch,
    Matched,
    NotFound,
    Ambiguous,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Matched,
        Status::Mismatch,
        Status::Deceased,
        Status::Duplicate,
        Status::NotFound,
        Status::Ambiguous,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Duplicate => "duplicate",
            Status::Deceased => "deceased",
            Status::Mismatch => "mismatch",
            Status::Matched => "matched",
            Status::NotFound => "not_found",
            Status::Ambiguous => "ambiguous",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Status::Duplicate => "Trùng lặp",
            Status::Deceased => "Đã chết",
            Status::Mismatch => "Sai lệch thông tin",
            Status::Matched => "Khớp đúng",
            Status::NotFound => "Không tìm thấy",
            Status::Ambiguous => "Nghi vấn (nhiều người)",
        }
    }

    /// A resident was found for the row.
    pub fn is_match(self) -> bool {
        matches!(self, Status::Matched | Status::Mismatch | Status::Deceased)
    }
}

/// A field whose listed value differs in substance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Discrepancy {
    Name,
    Dob,
    Gender,
    Id,
}

impl Discrepancy {
    pub fn as_str(self) -> &'static str {
        match self {
            Discrepancy::Name => "name",
            Discrepancy::Dob => "dob",
            Discrepancy::Gender => "gender",
            Discrepancy::Id => "id",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub status: Status,
    pub resident: Option<u32>,
    /// Posterior probability of the chosen resident (0–1).
    pub score: f64,
    pub comparison: Option<Comparison>,
    pub discrepancies: Vec<Discrepancy>,
    pub corrections: Vec<&'static str>,
    /// For ambiguous rows: the competing residents, most likely first.
    pub candidates: Vec<(u32, f64)>,
    /// For duplicates: the row that matched the person first.
    pub duplicate_of: Option<RowRef>,
    /// For matched rows: the next most likely resident and its probability.
    pub runner_up: Option<(u32, f64)>,
}

impl Decision {
    pub fn not_found() -> Decision {
        Decision::without_resident(Status::NotFound)
    }

    fn without_resident(status: Status) -> Decision {
        Decision {
            status,
            resident: None,
            score: 0.0,
            comparison: None,
            discrepancies: Vec::new(),
            corrections: Vec::new(),
            candidates: Vec::new(),
            duplicate_of: None,
            runner_up: None,
        }
    }
}

/// Prior probability that a listed person is in the extract at all.
const PRIOR_IN_REGISTRY: f64 = 0.9;

pub fn decide(p: &ListPerson, reg: &Registry, rules: &Rules) -> Decision {
    decide_with(p, candidates(p, reg), reg, rules)
}

/// As [`decide`], with the exact-key candidates already gathered.
pub fn decide_with(p: &ListPerson, exact: Vec<u32>, reg: &Registry, rules: &Rules) -> Decision {
    let first = decide_among(
        p,
        reg,
        rules,
        score(p, reg, &rules.matching.model, exact.clone()),
    );
    if first.status != Status::NotFound {
        return first;
    }
    // Nobody convincing on the exact keys: look one letter and one year further.
    let mut cands = exact;
    cands.extend(wider(p, reg));
    cands.sort_unstable();
    cands.dedup();
    decide_among(p, reg, rules, score(p, reg, &rules.matching.model, cands))
}

/// As [`decide`], with one resident ruled out (given to another row of the list).
pub fn decide_without(p: &ListPerson, reg: &Registry, rules: &Rules, taken: u32) -> Decision {
    let mut cands = candidates(p, reg);
    cands.extend(wider(p, reg));
    cands.sort_unstable();
    cands.dedup();
    cands.retain(|&c| c != taken);
    decide_among(p, reg, rules, score(p, reg, &rules.matching.model, cands))
}

/// One candidate weighed: its comparison, log-odds (log2) against "someone else or nobody",
/// and posterior probability.
#[derive(Debug, Clone, Serialize)]
pub struct Scored {
    pub resident: u32,
    pub comparison: Comparison,
    pub log_odds: f64,
    pub probability: f64,
}

/// Log2 prior odds that the row is one given resident rather than anybody else or nobody.
pub fn prior_log_odds(reg: &Registry) -> f64 {
    (PRIOR_IN_REGISTRY / (1.0 - PRIOR_IN_REGISTRY)).log2() - (reg.len().max(1) as f64).log2()
}

/// Compare every candidate and turn the weights into posterior probabilities (with a "not
/// in the registry" alternative). Most likely first; ties by registry order.
pub fn score(p: &ListPerson, reg: &Registry, model: &Model, cands: Vec<u32>) -> Vec<Scored> {
    let prior = prior_log_odds(reg);
    let mut scored: Vec<Scored> = cands
        .into_iter()
        .map(|i| {
            let comparison = compare(p, &reg.get(i), reg, model);
            let log_odds = comparison.total + prior;
            Scored {
                resident: i,
                comparison,
                log_odds,
                probability: 0.0,
            }
        })
        .collect();
    // Posterior: P(i) = 2^L_i / (1 + Σ 2^L_j), computed stably.
    let max_l = scored
        .iter()
        .map(|s| s.log_odds)
        .fold(f64::MIN, f64::max)
        .max(0.0);
    let denom: f64 = (-max_l).exp2()
        + scored
            .iter()
            .map(|s| (s.log_odds - max_l).exp2())
            .sum::<f64>();
    for s in &mut scored {
        s.probability = (s.log_odds - max_l).exp2() / denom;
    }
    scored.sort_by(|a, b| {
        b.probability
            .total_cmp(&a.probability)
            .then(a.resident.cmp(&b.resident))
    });
    scored
}

fn decide_among(p: &ListPerson, reg: &Registry, rules: &Rules, scored: Vec<Scored>) -> Decision {
    let Some(top) = scored.first() else {
        return Decision::without_resident(Status::NotFound);
    };
    let probs: Vec<(u32, f64)> = scored.iter().map(|s| (s.resident, s.probability)).collect();
    let (best, best_p) = (top.resident, top.probability);
    if best_p >= rules.matching.accept {
        let mut d = matched(p, reg, best, top.comparison.clone(), best_p);
        d.runner_up = probs.get(1).copied();
        return d;
    }
    let plausible: Vec<(u32, f64)> = probs.iter().filter(|(_, pr)| *pr >= 0.1).copied().collect();
    let together: f64 = plausible.iter().map(|(_, pr)| pr).sum();
    if plausible.len() >= 2 && together >= rules.matching.ambiguous {
        let mut d = Decision::without_resident(Status::Ambiguous);
        d.score = best_p;
        d.candidates = plausible;
        return d;
    }
    let mut d = Decision::without_resident(Status::NotFound);
    d.score = best_p;
    d.candidates = plausible;
    d
}

pub(crate) fn matched(
    p: &ListPerson,
    reg: &Registry,
    best: u32,
    cmp: Comparison,
    prob: f64,
) -> Decision {
    let res = &reg.get(best);
    let mut discrepancies = Vec::new();
    let mut corrections: Vec<&'static str> = Vec::new();

    if let Some(level) = cmp.name {
        if level.is_substantive() {
            discrepancies.push(super::Discrepancy::Name);
        } else if let Some(c) = level.correction() {
            corrections.push(c);
        }
    }
    if let Some(level) = cmp.dob {
        match level {
            DateLevel::Equal => {}
            DateLevel::PrecisionCompatible => {
                let listed = p.dob.dob.map(|d| d.precision());
                let registry = res.dob.map(|d| d.precision());
                if listed < registry {
                    corrections.push("dob_completed");
                }
            }
            DateLevel::ImpossibleNormalised => corrections.push("dob_normalised"),
            _ => discrepancies.push(super::Discrepancy::Dob),
        }
        if p.dob.issues.contains(&DateIssue::FromSerial) {
            corrections.push("dob_serial");
        }
        if p.dob.issues.contains(&DateIssue::TwoDigitYear) {
            corrections.push("dob_century");
        }
    }
    if cmp.sex == Some(false) {
        discrepancies.push(super::Discrepancy::Gender);
    }
    match cmp.id {
        Some(IdLevel::Equal) => {}
        Some(IdLevel::OtherKindSamePerson) => corrections.push("id_from_cmnd"),
        Some(IdLevel::OneEdit | IdLevel::Different) => discrepancies.push(super::Discrepancy::Id),
        None => {}
    }
    if cmp.id.is_some() {
        if p.ids.issues.contains(&IdIssue::LeadingZeroRestored) {
            corrections.push("id_leading_zero");
        }
        let digits: String = p.id_text.chars().filter(|c| c.is_ascii_digit()).collect();
        if !p.id_text.is_empty() && digits != p.id_text && !p.id_text.contains(';') {
            corrections.push("id_format");
        }
    }
    discrepancies.sort();
    discrepancies.dedup();
    corrections.dedup();
    let status = if res.dead {
        Status::Deceased
    } else if discrepancies.is_empty() {
        Status::Matched
    } else {
        Status::Mismatch
    };
    Decision {
        status,
        resident: Some(best),
        score: prob,
        comparison: Some(cmp),
        discrepancies,
        corrections,
        candidates: Vec::new(),
        duplicate_of: None,
        runner_up: None,
    }
}
