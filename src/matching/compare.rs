//! Field comparisons at graded levels, and their weights from the model (log2 likelihood ratios
//! m/u). Name weights are adjusted by how common the name is in the registry.

use serde::Serialize;

use crate::fields::address::{self, CommuneLevel};
use crate::fields::date::{self, DateLevel, Dob};
use crate::fields::household;
use crate::fields::id::{self, IdKind, IdLevel};
use crate::fields::sex::Sex;
use crate::normalise::{ListPerson, SexSource};
use crate::registry::index::family_given_key;
use crate::registry::{Registry, Resident};
use crate::text::name::{self, NameLevel, PersonName};

use super::model::{self, DobLevel, Model, ModelField};

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
    /// Within an agreeing commune, `Some(true)` when the row's hamlet (its own, its group
    /// row's or the list's) is the one in the resident's address; `None` when either has none.
    pub hamlet: Option<bool>,
    pub hamlet_weight: f64,
    /// Civil-status lists: the listed father's / mother's name against the registry's.
    pub father: Option<NameLevel>,
    pub father_weight: f64,
    pub mother: Option<NameLevel>,
    pub mother_weight: f64,
    /// Household-code lists: `Some(true)` when the listed code is the resident's household.
    pub household: Option<bool>,
    pub household_weight: f64,
    /// Rows naming co-holders ("Ông A và bà B"): the best level of a listed co-holder against
    /// the other members of the resident's household (`Different`: none of them is close).
    pub co_holder: Option<NameLevel>,
    pub co_holder_weight: f64,
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
            + self.commune_weight
            + self.hamlet_weight
            + self.family_weight();
        self
    }

    /// The household, parents and co-holder weights together (0 when the row lists none).
    pub fn family_weight(&self) -> f64 {
        self.father_weight + self.mother_weight + self.household_weight + self.co_holder_weight
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
    /// Position in the registry (to leave the resident out of its own household's members).
    pub index: u32,
    /// Household code and parents' names as the extract wrote them ("" when none; read only
    /// for rows that list them, see [`ListPerson::lists_family`]).
    pub household: &'a str,
    pub father: &'a str,
    pub mother: &'a str,
}

impl<'a> ResidentFields<'a> {
    pub fn of(res: &'a Resident) -> Self {
        ResidentFields {
            dob: res.dob,
            sex: res.sex,
            id: &res.id,
            cmnd: res.cmnd.as_deref(),
            commune_codes: &res.commune_codes,
            index: res.index,
            household: &res.household,
            father: &res.father_text,
            mother: &res.mother_text,
        }
    }
}

pub fn compare(p: &ListPerson, res: &Resident, reg: &Registry, model: &Model) -> Comparison {
    let name = match &res.name() {
        Some(r) => compare_name(p, r, reg, model),
        None => (None, 0.0),
    };
    compare_fields(p, name, &ResidentFields::of(res), reg, model)
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
    reg: &Registry,
    model: &Model,
) -> Comparison {
    // Date of birth, its level refined by the precision of both sides.
    let (dob, dob_weight) = match (p.dob.dob, res.dob) {
        (Some(l), Some(r)) => {
            // the year of an age ("Tuổi") is known to a year either way
            let l = if p.dob.issues.contains(&date::DateIssue::FromAge)
                && (l.year - r.year).abs() <= 1
            {
                Dob::year(r.year)
            } else {
                l
            };
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
    let (commune, commune_weight) = compare_commune(p, res.commune_codes, reg, model);

    // Hamlet: within the commune, which thôn/ấp/tổ dân phố (evidence only).
    let (hamlet, hamlet_weight) = compare_hamlet(p, commune, res.index, reg);

    let total = name_weight + dob_weight + sex_weight + id_weight + commune_weight + hamlet_weight;
    let mut c = Comparison {
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
        hamlet,
        hamlet_weight,
        father: None,
        father_weight: 0.0,
        mother: None,
        mother_weight: 0.0,
        household: None,
        household_weight: 0.0,
        co_holder: None,
        co_holder_weight: 0.0,
        total,
    };
    if p.lists_family() {
        compare_family(p, res, reg, model, &mut c);
        c.total += c.family_weight();
    }
    c
}

/// Agreement on a commune is worth at most this many bits (a hamlet-sized commune of a big
/// registry would otherwise outweigh a date of birth).
const COMMUNE_AGREE_MAX: f64 = 6.0;

/// The commune level of a row against a resident, and its weight. Agreement is weighed by how
/// small the commune is in the registry (u = its share of the residents, as names are by their
/// frequency): agreeing on a small rural commune says more than on a city ward. Never less
/// than the model's constant weight, at most [`COMMUNE_AGREE_MAX`].
pub fn compare_commune(
    p: &ListPerson,
    codes: &[String],
    reg: &Registry,
    model: &Model,
) -> (CommuneLevel, f64) {
    if p.communes.is_empty() || codes.is_empty() {
        return (CommuneLevel::Unknown, 0.0);
    }
    let mut best = (CommuneLevel::Unknown, None);
    for code in codes {
        let at = address::compare_communes_at(&p.communes, code);
        if at.0 < best.0 {
            best = at;
        }
    }
    let (level, code) = best;
    let base = model.commune_weight(level);
    let Some(code) = code else {
        return (level, base);
    };
    let size = reg.commune_sizes.of_code(code);
    let Some(i) = super::model::commune_index(level) else {
        return (level, base);
    };
    if size == 0 {
        return (level, base);
    }
    let share = f64::from(size) / reg.len().max(1) as f64;
    let m = model.m(ModelField::Commune, i);
    let w = (m / share).log2().clamp(base, COMMUNE_AGREE_MAX.max(base));
    (level, w)
}

/// Weight of the same hamlet within an agreeing commune: log2(m / u) with m = 0.85 (a listed
/// resident is in the hamlet the list names, unless moved inside the commune or the hamlets
/// were renumbered) and u = 0.15 (a commune has some 5–15 hamlets; a namesake in the same
/// commune lives in the listed one about that often).
const HAMLET_SAME: f64 = 2.502_500_340_529_181_6; // log2(0.85 / 0.15)
/// Weight of another hamlet of the same commune: log2(0.15 / 0.85).
const HAMLET_DIFFERENT: f64 = -2.502_500_340_529_181_6;

/// Resident addresses already reduced to their hamlet key, per thread (a registry's addresses
/// repeat: a hamlet's residents share one text).
const HAMLET_MEMO_MAX: usize = 1 << 18;
thread_local! {
    static HAMLET_MEMO: std::cell::RefCell<std::collections::HashMap<String, Option<String>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// Whether the hamlet of the resident's address (the extract's text) is `listed`; `None` when
/// the address names no hamlet. Memoised per thread, without allocating on a hit.
fn resident_hamlet_is(address: &str, listed: &str) -> Option<bool> {
    HAMLET_MEMO.with(|memo| {
        if let Some(k) = memo.borrow().get(address) {
            return k.as_deref().map(|k| k == listed);
        }
        let key = address::parse_address(address)
            .hamlet
            .as_deref()
            .and_then(address::hamlet_key);
        let same = key.as_deref().map(|k| k == listed);
        let mut m = memo.borrow_mut();
        if m.len() >= HAMLET_MEMO_MAX {
            m.clear();
        }
        m.insert(address.to_string(), key);
        same
    })
}

/// The hamlet level of a row against a resident: compared only when the commune agrees (the
/// same hamlet name in another commune says nothing) and both sides name a hamlet.
pub fn compare_hamlet(
    p: &ListPerson,
    commune: CommuneLevel,
    index: u32,
    reg: &Registry,
) -> (Option<bool>, f64) {
    if !matches!(commune, CommuneLevel::Same | CommuneLevel::MappedSame) {
        return (None, 0.0);
    }
    let Some(listed) = p.hamlet_key.as_deref() else {
        return (None, 0.0);
    };
    let texts = reg.store.texts(index as usize);
    match resident_hamlet_is(texts[crate::registry::store::T_ADDRESS], listed) {
        Some(true) => (Some(true), HAMLET_SAME),
        Some(false) => (Some(false), HAMLET_DIFFERENT),
        None => (None, 0.0),
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

pub fn compare_ids(
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

// ---------------------------------------------------------------------------------------------
// Household, parents and co-holders: weights (log2 m/u), kept apart from the fields above.

// The m/u of these fields are in the model (`rules/model.toml`: parent, household, co_holder);
// the bounds below keep the frequency-scaled agreement weights in a sensible range.

/// Agreement on a parent's name is worth between these (the child's own name already implies
/// the father's family name, so u is the parent name's share among its family name).
const PARENT_AGREE_MIN: f64 = 1.0;
const PARENT_AGREE_MAX: f64 = 8.0;
/// Agreement on the household code is worth up to this (u = household size / registry size).
const HOUSEHOLD_AGREE_MAX: f64 = 10.0;
const HOUSEHOLD_AGREE_MIN: f64 = 2.0;
const CO_HOLDER_AGREE_MIN: f64 = 1.0;
const CO_HOLDER_AGREE_MAX: f64 = 10.0;
/// Household members looked at, co-holders compared: bounded work for every candidate.
pub(crate) const MAX_MEMBERS: usize = 16;
pub(crate) const MAX_CO_HOLDERS: usize = 2;

/// How much less a name agreement is worth at each level than an exact one (parents,
/// co-holders); `None` for `Different`.
fn family_level_penalty(level: NameLevel) -> Option<f64> {
    match level {
        NameLevel::Identical | NameLevel::Format | NameLevel::TonePlacement => Some(0.0),
        NameLevel::MissingDiacritics => Some(0.5),
        NameLevel::Variant => Some(1.5),
        NameLevel::OneTone => Some(2.5),
        NameLevel::OneLetter | NameLevel::MiddleMissing => Some(3.0),
        NameLevel::Different => None,
    }
}

/// Fill the household, parents and co-holder parts of a comparison (evidence on both sides
/// only: a field missing on either side weighs nothing).
fn compare_family(
    p: &ListPerson,
    res: &ResidentFields,
    reg: &Registry,
    model: &Model,
    c: &mut Comparison,
) {
    let n = reg.len().max(1) as f64;
    (c.father, c.father_weight) = compare_parent(p.father.as_ref(), res.father, reg, model);
    (c.mother, c.mother_weight) = compare_parent(p.mother.as_ref(), res.mother, reg, model);

    // A listed code the registry does not know (another numbering, such as an old household
    // book number, or a damaged cell) says nothing about this resident.
    if let Some(listed) = &p.household
        && let Some(theirs) = household::code_key(res.household)
    {
        let size = reg.by_household(listed).len();
        if size > 0 {
            if listed.as_str() == theirs.as_str() {
                let w = (model.family_weight(ModelField::Household, true)
                    + (n / size as f64).log2())
                .clamp(HOUSEHOLD_AGREE_MIN, HOUSEHOLD_AGREE_MAX);
                (c.household, c.household_weight) = (Some(true), w);
            } else {
                (c.household, c.household_weight) = (
                    Some(false),
                    model.family_weight(ModelField::Household, false),
                );
            }
        }
    }

    if !p.co_holders.is_empty() {
        let members = reg.by_household(res.household);
        if !members.is_empty() {
            let size = members.len() as f64;
            let mut best: Option<(NameLevel, f64)> = None;
            let folded: Vec<String> = p
                .co_holders
                .iter()
                .take(MAX_CO_HOLDERS)
                .map(|c| c.folded())
                .collect();
            for &m in members
                .iter()
                .filter(|&&m| m != res.index)
                .take(MAX_MEMBERS)
            {
                // a co-holder of the other sex (by the honorific) is not this member
                let sex = reg.sex_of(m);
                let fits = |co: &PersonName| {
                    co.sex_hint
                        .is_none_or(|s| sex.is_none_or(|member_sex| member_sex == s))
                };
                let text = reg.name_text_of(m);
                let any = p
                    .co_holders
                    .iter()
                    .zip(&folded)
                    .any(|(co, f)| fits(co) && may_be_close(f, text));
                if !any {
                    continue;
                }
                let Some(member) = name::parse_person_name(text) else {
                    continue;
                };
                for co in p.co_holders.iter().take(MAX_CO_HOLDERS).filter(|c| fits(c)) {
                    let level = name::compare_names(co, &member);
                    let Some(penalty) = family_level_penalty(level) else {
                        continue;
                    };
                    let freq = reg.full_name_freq(&member.folded()).max(1) as f64;
                    let w = ((model.family_weight(ModelField::CoHolder, true)
                        + (n / (size * freq)).log2())
                    .clamp(CO_HOLDER_AGREE_MIN, CO_HOLDER_AGREE_MAX)
                        - penalty)
                        .max(CO_HOLDER_AGREE_MIN);
                    if best.is_none_or(|(bl, bw)| w > bw || (w == bw && level < bl)) {
                        best = Some((level, w));
                    }
                }
            }
            (c.co_holder, c.co_holder_weight) = match best {
                Some((l, w)) => (Some(l), w),
                None => (
                    Some(NameLevel::Different),
                    model.family_weight(ModelField::CoHolder, false),
                ),
            };
        }
    }
}

/// One parent: the level of the listed name against the registry's, and its weight.
fn compare_parent(
    listed: Option<&PersonName>,
    theirs: &str,
    reg: &Registry,
    model: &Model,
) -> (Option<NameLevel>, f64) {
    let different = model.family_weight(ModelField::Parent, false);
    let Some(listed) = listed else {
        return (None, 0.0);
    };
    if !theirs.chars().any(char::is_alphabetic) {
        return (None, 0.0);
    }
    // most candidates' parents are other people: told without parsing their names
    if !may_be_close(&listed.folded(), theirs) {
        return (Some(NameLevel::Different), different);
    }
    let Some(theirs) = name::parse_person_name(theirs) else {
        return (None, 0.0);
    };
    let level = name::compare_names(listed, &theirs);
    let Some(penalty) = family_level_penalty(level) else {
        return (Some(level), different);
    };
    let freq = reg.full_name_freq(&theirs.folded()).max(1) as f64;
    let family = reg
        .surname_freq(&theirs.folded_family())
        .max(1)
        .max(freq as u32) as f64;
    let w = ((model.family_weight(ModelField::Parent, true) + (family / freq).log2())
        .clamp(PARENT_AGREE_MIN, PARENT_AGREE_MAX)
        - penalty)
        .max(PARENT_AGREE_MIN);
    (Some(level), w)
}

/// Could a name compare better than `Different` with the registry's `text`? Its first and last
/// folded words must each be at most one edit from `folded`'s (every other level needs that), so
/// most household members are ruled out with one fold instead of a full parse.
pub fn may_be_close(folded: &str, text: &str) -> bool {
    let other = crate::text::fold::fold(text);
    fn ends(s: &str) -> (&str, &str) {
        let mut words = s.split(' ').filter(|w| !w.is_empty());
        let first = words.next().unwrap_or("");
        (first, words.next_back().unwrap_or(first))
    }
    let ((a1, a2), (b1, b2)) = (ends(folded), ends(&other));
    let near = |x: &str, y: &str| x == y || strsim::damerau_levenshtein(x, y) <= 1;
    !a1.is_empty() && near(a1, b1) && near(a2, b2)
}
