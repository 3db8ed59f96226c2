//! Decide a row's status from its candidates: posterior probability of each candidate (with a
//! "not in the registry" alternative), thresholds from the rules, discrepancies and corrections.

use serde::Serialize;

use super::candidates::{candidates, wider};
use std::collections::HashMap;

use super::compare::{Comparison, ResidentFields, compare_fields, compare_ids, compare_name};
use super::model::Model;
use crate::fields::date::{DateIssue, DateLevel};
use crate::fields::id::{IdIssue, IdLevel};
use crate::model::RowRef;
use crate::normalise::ListPerson;
use crate::registry::Registry;
use crate::rules::Rules;
use crate::text::name::NameLevel;

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
    decide_in_two_rounds(p, exact, reg, rules, true)
}

/// Decide among the exact-key candidates; when nobody convincing is among them, look one
/// letter and one year further (the wider search) and decide again.
fn decide_in_two_rounds(
    p: &ListPerson,
    exact: Vec<u32>,
    reg: &Registry,
    rules: &Rules,
    allow_prune: bool,
) -> Decision {
    let model = &rules.matching.model;
    let first = decide_among(
        p,
        reg,
        rules,
        score_with(p, reg, model, exact.clone(), allow_prune),
        false,
    );
    if first.status != Status::NotFound {
        return first;
    }
    let mut cands = exact;
    cands.extend(wider(p, reg));
    cands.sort_unstable();
    cands.dedup();
    decide_among(
        p,
        reg,
        rules,
        score_with(p, reg, model, cands, allow_prune),
        true,
    )
}

/// As [`decide`], with one resident ruled out (given to another row of the list).
pub fn decide_without(p: &ListPerson, reg: &Registry, rules: &Rules, taken: u32) -> Decision {
    let mut cands = candidates(p, reg);
    cands.extend(wider(p, reg));
    cands.sort_unstable();
    cands.dedup();
    cands.retain(|&c| c != taken);
    decide_among(
        p,
        reg,
        rules,
        score(p, reg, &rules.matching.model, cands),
        true,
    )
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
    score_with(p, reg, model, cands, true)
}

/// As [`decide`] without any short cut: candidates from every key, none dropped before the
/// name comparison. The reference the fast path is checked against.
pub fn decide_exhaustive(p: &ListPerson, reg: &Registry, rules: &Rules) -> Decision {
    let exact = super::candidates::from_every_key(p, reg);
    decide_in_two_rounds(p, exact, reg, rules, false)
}

/// [`score`], with or without dropping contradicted namesakes before the name comparison.
pub fn score_with(
    p: &ListPerson,
    reg: &Registry,
    model: &Model,
    cands: Vec<u32>,
    allow_prune: bool,
) -> Vec<Scored> {
    let prior = prior_log_odds(reg);
    let family = p.lists_family();
    // Every field but the name, straight from the registry's columns (no allocation).
    let fields_of = |i: u32| {
        let (id, cmnd) = (reg.id_digits(i), reg.cmnd_digits(i));
        // household and parents are read only for rows that list them
        let texts = if family {
            reg.store.texts(i as usize)
        } else {
            [""; crate::registry::store::TEXT_FIELDS]
        };
        let fields = ResidentFields {
            dob: reg.dob_of(i),
            sex: reg.sex_of(i),
            id: id.as_str(),
            cmnd: cmnd.as_ref().map(|c| c.as_str()),
            commune_codes: reg.commune_codes_of(i),
            index: i,
            household: texts[crate::registry::store::T_HOUSEHOLD],
            father: texts[crate::registry::store::T_FATHER],
            mother: texts[crate::registry::store::T_MOTHER],
        };
        (i, compare_fields(p, (None, 0.0), &fields, reg, model))
    };
    // A namesake whose date of birth contradicts the row's (beyond every recognised slip) and
    // whose ID does not agree stays some 2^20 times less likely than a candidate with the same
    // name and the right date. When the others already hold a clear winner, such candidates
    // are left out before the costly comparisons (in a big city most of a common name's block
    // is of this kind); otherwise every candidate is weighed. Told from the date and the ID
    // alone, which are read first.
    if cands.len() > 1 {
        std::hint::black_box(reg.store.warm(&cands));
    }
    let (rest, kept): (Vec<u32>, Vec<u32>) = cands.into_iter().partition(|&i| {
        allow_prune
            && reg.dob_of(i).zip(p.dob.dob).is_some_and(|(r, l)| {
                crate::fields::date::compare_dobs(&l, &r) == DateLevel::Different
            })
            && {
                let (id, cmnd) = (reg.id_digits(i), reg.cmnd_digits(i));
                let (level, _) =
                    compare_ids(p, id.as_str(), cmnd.as_ref().map(|c| c.as_str()), model);
                !matches!(
                    level,
                    Some(IdLevel::Equal | IdLevel::OtherKindSamePerson | IdLevel::OneEdit)
                )
            }
    });
    let kept: Vec<(u32, Comparison)> = kept.into_iter().map(fields_of).collect();
    let mut names: HashMap<&str, (Option<NameLevel>, f64)> = HashMap::new();
    let mut scored = weigh(p, reg, model, prior, kept, &mut names);
    if !rest.is_empty() {
        let clear = !scored.is_empty() && posterior(&mut scored) >= CLEAR_WINNER;
        if !clear {
            let rest = rest.into_iter().map(fields_of).collect();
            scored.extend(weigh(p, reg, model, prior, rest, &mut names));
        }
    }
    posterior(&mut scored);
    scored.sort_by(|a, b| {
        b.probability
            .total_cmp(&a.probability)
            .then(a.resident.cmp(&b.resident))
    });
    scored
}

/// Posterior of the best candidate without the contradicted namesakes above which they are
/// left out.
const CLEAR_WINNER: f64 = 0.99;

/// Complete partial comparisons with the name part. Candidates of one row often share a name
/// text (a block of namesakes): each name is compared once.
fn weigh<'r>(
    p: &ListPerson,
    reg: &'r Registry,
    model: &Model,
    prior: f64,
    partial: Vec<(u32, Comparison)>,
    names: &mut HashMap<&'r str, (Option<NameLevel>, f64)>,
) -> Vec<Scored> {
    partial
        .into_iter()
        .map(|(i, partial)| {
            let text = reg.name_text_of(i);
            let name = *names.entry(text).or_insert_with(|| {
                match crate::text::name::parse_person_name(text) {
                    Some(r) => compare_name(p, &r, reg, model),
                    None => (None, 0.0),
                }
            });
            let comparison = partial.with_name(name);
            let log_odds = comparison.total + prior;
            Scored {
                resident: i,
                comparison,
                log_odds,
                probability: 0.0,
            }
        })
        .collect()
}

/// Set every candidate's posterior, P(i) = 2^L_i / (1 + Σ 2^L_j) (computed stably, with the
/// "not in the registry" alternative); returns the largest.
fn posterior(scored: &mut [Scored]) -> f64 {
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
    let mut best = 0.0f64;
    for s in scored.iter_mut() {
        s.probability = (s.log_odds - max_l).exp2() / denom;
        best = best.max(s.probability);
    }
    best
}

/// `lone_mismatch`: whether a lone candidate short of `accept` through a contradicted field may
/// be taken as a mismatch (only once the wider search has been done: a closer resident found
/// there must have its chance).
fn decide_among(
    p: &ListPerson,
    reg: &Registry,
    rules: &Rules,
    scored: Vec<Scored>,
    lone_mismatch: bool,
) -> Decision {
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
    // One candidate alone holds most of the posterior, short of `accept` only because the
    // row's sex contradicts it: the row names that resident with an error, which is what the
    // verification list must say ("mismatch" with the resident and the field), not "not in
    // the registry".
    // Only a contradicted sex: a date or a name a slip away, short of `accept`, is as often a
    // namesake who is not in the registry (a child born a year apart, a cousin).
    if lone_mismatch && plausible.len() == 1 && best_p >= rules.matching.ambiguous {
        let d = matched(p, reg, best, top.comparison.clone(), best_p);
        if d.discrepancies == [super::Discrepancy::Gender] {
            let mut d = d;
            d.runner_up = probs.get(1).copied();
            return d;
        }
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
                let registry = reg.dob_of(best).map(|d| d.precision());
                if listed < registry {
                    corrections.push("dob_completed");
                }
            }
            DateLevel::ImpossibleNormalised => corrections.push("dob_normalised"),
            // an age says too little to call the registry's date wrong
            _ if p.dob.issues.contains(&DateIssue::FromAge) => {}
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
    let status = if reg.is_dead(best) {
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
