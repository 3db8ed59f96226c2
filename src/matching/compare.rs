//! Field comparisons at graded levels, and their weights (log2 likelihood ratios m/u).
//! Name weights are adjusted by how common the name is in the registry.

use serde::Serialize;

use crate::fields::address::{self, CommuneLevel};
use crate::fields::date::Dob;
use crate::fields::date::{self, DateLevel, Precision};
use crate::fields::id::{self, IdKind, IdLevel};
use crate::fields::sex::Sex;
use crate::normalise::{ListPerson, SexSource};
use crate::registry::index::family_given_key;
use crate::registry::{Registry, Resident};
use crate::text::name::{self, NameLevel, PersonName};

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

/// m-probability of a true match being recorded with full agreement.
const M_AGREE: f64 = 0.95;

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

pub fn compare(p: &ListPerson, res: &Resident, reg: &Registry) -> Comparison {
    let name = match &res.name {
        Some(r) => compare_name(p, r, reg),
        None => (None, 0.0),
    };
    compare_fields(p, name, &ResidentFields::of(res), reg)
}

/// The name part of a comparison: its level and weight, term-frequency adjusted (agreeing on a
/// rare name is worth more). Depends only on the two names, so a row's candidates that share
/// one name text share it.
pub fn compare_name(p: &ListPerson, r: &PersonName, reg: &Registry) -> (Option<NameLevel>, f64) {
    let n = reg.len().max(1) as f64;
    match &p.name {
        Some(l) => {
            let level = name::compare_names(l, r);
            let freq = reg.full_name_freq(&r.folded()).max(1) as f64;
            let full = (M_AGREE * n / freq).log2();
            let fg_freq = reg.family_given_freq(&family_given_key(r)).max(1) as f64;
            let fg = (M_AGREE * n / fg_freq).log2();
            let w = match level {
                NameLevel::Identical | NameLevel::Format | NameLevel::TonePlacement => full,
                NameLevel::MissingDiacritics => full - 0.5,
                NameLevel::Variant => full - 2.0,
                NameLevel::OneTone => full - 4.0,
                NameLevel::OneLetter => full - 4.5,
                NameLevel::MiddleMissing => fg - 3.0,
                NameLevel::Different => -8.0,
            };
            (Some(level), w)
        }
        None => (None, 0.0),
    }
}

/// The whole comparison from the name part and the resident's other fields.
pub fn compare_fields(
    p: &ListPerson,
    (name, name_weight): (Option<NameLevel>, f64),
    res: &ResidentFields,
    _reg: &Registry,
) -> Comparison {
    // Date of birth.
    let (dob, dob_weight) = match (p.dob.dob, res.dob) {
        (Some(l), Some(r)) => {
            let level = date::compare_dobs(&l, &r);
            let both_days = l.precision() == Precision::Day && r.precision() == Precision::Day;
            let w = match level {
                DateLevel::Equal => match l.precision() {
                    Precision::Day => 14.0,
                    Precision::Month => 9.5,
                    Precision::Year => 6.0,
                },
                DateLevel::PrecisionCompatible => {
                    if l.precision() == Precision::Month || r.precision() == Precision::Month {
                        9.0
                    } else {
                        6.0
                    }
                }
                DateLevel::ImpossibleNormalised => 12.0,
                DateLevel::DayMonthSwap => 8.0,
                DateLevel::OneDigit => 4.0,
                DateLevel::YearOff1 => {
                    if both_days {
                        7.0
                    } else {
                        0.0
                    }
                }
                DateLevel::Different => -8.0,
            };
            (Some(level), w)
        }
        _ => (None, 0.0),
    };

    // Sex: only a listed sex counts; a hint from Thị/Văn or an honorific never does.
    let (sex, sex_weight) = match (p.sex, res.sex) {
        (Some((s, SexSource::Listed)), Some(r)) => {
            if s == r {
                (Some(true), 0.9)
            } else {
                (Some(false), -4.5)
            }
        }
        _ => (None, 0.0),
    };

    // ID: the 12-digit number, or the old CMND.
    let (id, id_weight) = compare_ids(p, res.id, res.cmnd);

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
    let commune_weight = match commune {
        CommuneLevel::Same | CommuneLevel::MappedSame => 1.5,
        CommuneLevel::Different => -1.0,
        CommuneLevel::Unknown => 0.0,
    };

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

fn compare_ids(p: &ListPerson, res_id: &str, res_cmnd: Option<&str>) -> (Option<IdLevel>, f64) {
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
        let w = match level {
            IdLevel::Equal => 28.0,
            IdLevel::OtherKindSamePerson => 24.0,
            IdLevel::OneEdit => 3.0,
            IdLevel::Different => -5.0,
        };
        if best.is_none_or(|(_, bw)| w > bw) {
            best = Some((level, w));
        }
    }
    match best {
        Some((l, w)) => (Some(l), w),
        None => (None, 0.0),
    }
}
