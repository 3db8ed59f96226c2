//! Field comparisons at graded levels, and their weights from the model (log2 likelihood ratios
//! m/u). Name weights are adjusted by how common the name is in the registry.

use serde::Serialize;

use crate::fields::address::{self, CommuneLevel};
use crate::fields::date::{self, DateLevel, Dob};
use crate::fields::id::{self, IdKind, IdLevel};
use crate::fields::sex::Sex;
use crate::normalise::{ListPerson, SexSource};
use crate::registry::index::family_given_key;
use crate::registry::{Registry, Resident};
use crate::text::name::{self, NameLevel, PersonName};

use super::model::{self, DobLevel, Model};

/// How a list row compares with one resident, field by field, with the weight of each.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub name: Option<NameLevel>,
    pub name_weight: f64,
    pub dob: Option<DateLevel>,
    pub dob_weight: f64,
    /// `Some(true)` when the listed sex agrees.
    pub sex: Option<bool>,
    pub sex_weight: f64,
    pub id: Option<IdLevel>,
    pub id_weight: f64,
    pub commune: CommuneLevel,
    pub commune_weight: f64,
    /// Sum of the weights.
    pub total: f64,
}

impl Comparison {
    /// The comparison with its name part set (from [`compare_name`]) and the total updated.
    pub fn with_name(mut self, (level, weight): (Option<NameLevel>, f64)) -> Comparison {
        self.name = level;
        self.name_weight = weight;
        // Summed in the same order as `compare_fields`, so the total is bit-identical.
        self.total = self.name_weight
            + self.dob_weight
            + self.sex_weight
            + self.id_weight
            + self.commune_weight;
        self
    }
}

/// What a comparison needs of a resident, borrowed from the registry (no allocation).
#[derive(Debug, Clone, Copy)]
pub struct ResidentFields<'a> {
    pub dob: Option<Dob>,
    pub sex: Option<Sex>,
    /// The 12-digit personal ID, "" when the extract has none.
    pub id: &'a str,
    pub cmnd: Option<&'a str>,
    pub commune_codes: &'a [String],
}

impl<'a> ResidentFields<'a> {
    pub fn of(res: &'a Resident) -> Self {
        ResidentFields {
            dob: res.dob,
            sex: res.sex,
            id: &res.id,
            cmnd: res.cmnd.as_deref(),
            commune_codes: &res.commune_codes,
        }
    }
}

pub fn compare(p: &ListPerson, res: &Resident, reg: &Registry, model: &Model) -> Comparison {
    let name = match &res.name {
        Some(r) => compare_name(p, r, reg, model),
        None => (None, 0.0),
    };
    compare_fields(p, name, &ResidentFields::of(res), model)
}

/// The name part of a comparison: its level and weight, term-frequency adjusted (agreeing on a
/// rare name is worth more). Depends only on the two names, so a row's candidates that share
/// one name text share it.
pub fn compare_name(
    p: &ListPerson,
    r: &PersonName,
    reg: &Registry,
    model: &Model,
) -> (Option<NameLevel>, f64) {
    match &p.name {
        Some(l) => {
            let level = name::compare_names(l, r);
            (
                Some(level),
                model.name_weight(level, name_rarity(level, r, reg)),
            )
        }
        None => (None, 0.0),
    }
}

/// The whole comparison from the name part and the resident's other fields.
pub fn compare_fields(
    p: &ListPerson,
    (name, name_weight): (Option<NameLevel>, f64),
    res: &ResidentFields,
    model: &Model,
) -> Comparison {
    // Date of birth, its level refined by the precision of both sides.
    let (dob, dob_weight) = match (p.dob.dob, res.dob) {
        (Some(l), Some(r)) => {
            let level = date::compare_dobs(&l, &r);
            let w = model.dob_weight(DobLevel::of(level, l.precision(), r.precision()));
            (Some(level), w)
        }
        _ => (None, 0.0),
    };

    // Sex: only a listed sex counts; a hint from Thị/Văn or an honorific never does.
    let (sex, sex_weight) = match (p.sex, res.sex) {
        (Some((s, SexSource::Listed)), Some(r)) => {
            let agree = s == r;
            (Some(agree), model.sex_weight(agree))
        }
        _ => (None, 0.0),
    };

    // ID: the 12-digit number, or the old CMND.
    let (id, id_weight) = compare_ids(p, res.id, res.cmnd, model);

    // Commune: evidence only, never a mismatch.
    let commune = if p.communes.is_empty() || res.commune_codes.is_empty() {
        CommuneLevel::Unknown
    } else {
        res.commune_codes
            .iter()
            .map(|code| address::compare_communes(&p.communes, code))
            .min()
            .unwrap_or(CommuneLevel::Unknown)
    };
    let commune_weight = model.commune_weight(commune);

    let total = name_weight + dob_weight + sex_weight + id_weight + commune_weight;
    Comparison {
        name,
        name_weight,
        dob,
        dob_weight,
        sex,
        sex_weight,
        id,
        id_weight,
        commune,
        commune_weight,
        total,
    }
}

/// log2(residents / residents carrying the name) for the frequency the level's u is scaled by:
/// the full name, or family + given name when the middle name is missing; 0 for `Different`.
pub fn name_rarity(level: NameLevel, r: &PersonName, reg: &Registry) -> f64 {
    if model::name_is_frequency_free(level) {
        return 0.0;
    }
    let n = reg.len().max(1) as f64;
    let freq = if model::name_uses_family_given_freq(level) {
        reg.family_given_freq(&family_given_key(r))
    } else {
        reg.full_name_freq(&r.folded())
    };
    (n / freq.max(1) as f64).log2()
}

fn compare_ids(
    p: &ListPerson,
    res_id: &str,
    res_cmnd: Option<&str>,
    model: &Model,
) -> (Option<IdLevel>, f64) {
    let mut best: Option<(IdLevel, f64)> = None;
    for listed in &p.ids.ids {
        let level = match listed.kind {
            IdKind::Personal12 if !res_id.is_empty() => {
                let l = id::compare_digits(&listed.digits, res_id);
                if l != IdLevel::Equal && res_cmnd == Some(listed.digits.as_str()) {
                    Some(IdLevel::OtherKindSamePerson)
                } else {
                    Some(l)
                }
            }
            IdKind::Cmnd9 => match res_cmnd {
                Some(c) if c == listed.digits => Some(IdLevel::OtherKindSamePerson),
                Some(c) => Some(id::compare_digits(&listed.digits, c)),
                None => None,
            },
            _ => None,
        };
        let Some(level) = level else { continue };
        let w = model.id_weight(level);
        if best.is_none_or(|(_, bw)| w > bw) {
            best = Some((level, w));
        }
    }
    match best {
        Some((l, w)) => (Some(l), w),
        None => (None, 0.0),
    }
}
