//! Normalise residents in parallel and build the lookups the matcher needs: by personal ID, by
//! old CMND, by folded name + birth year, by phonetic key + birth year, by given name + date of
//! birth, and the name frequency tables that weigh agreement.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use super::Resident;
use super::load::{RawExtract, load_raw};
use crate::error::Result;
use crate::fields::address::AdminMap;
use crate::fields::date::{self, DateContext, Dob};
use crate::fields::id::{self, IdKind};
use crate::fields::sex;
use crate::rules::{Field, Rules};
use crate::text::fold::fold;
use crate::text::name;

/// Counts of what the extract held, for the run manifest.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RegistryStats {
    pub rows: usize,
    pub without_id: usize,
    pub duplicate_ids: usize,
    pub unparsed_dates: usize,
    pub unparsed_names: usize,
    pub dead: usize,
}

/// The indexed registry.
pub struct Registry {
    pub residents: Vec<Resident>,
    pub by_id: HashMap<String, u32>,
    pub by_cmnd: HashMap<String, u32>,
    /// (folded full name, birth year) → residents.
    pub by_name_year: HashMap<(String, i32), Vec<u32>>,
    /// (phonetic key of family + given, birth year) → residents.
    pub by_phonetic_year: HashMap<(String, i32), Vec<u32>>,
    /// (folded given name, full date of birth) → residents.
    pub by_given_dob: HashMap<(String, Dob), Vec<u32>>,
    /// How many residents carry each folded full name.
    pub full_name_freq: HashMap<String, u32>,
    /// How many residents carry each folded "family given" pair (middle names dropped).
    pub family_given_freq: HashMap<String, u32>,
    pub stats: RegistryStats,
    /// Header → field mapping of the extract.
    pub mapping: Vec<(String, Option<Field>)>,
}

impl Registry {
    /// Load an extract file (CSV, Parquet, xlsx) and index it.
    pub fn load(path: &Path, rules: &Rules, reference_year: i32) -> Result<Registry> {
        let raw = load_raw(path, rules)?;
        Ok(Registry::build(raw, rules, reference_year))
    }

    pub fn build(raw: RawExtract, rules: &Rules, reference_year: i32) -> Registry {
        let dead_values: Vec<String> = rules.dead_values.iter().map(|v| fold(v)).collect();
        let ctx = DateContext {
            date1904: false,
            reference_year,
            typical_age: (0, 120),
            id_birth_year: None,
            numbers_are_serials: false,
        };
        let residents: Vec<Resident> = (0..raw.rows)
            .into_par_iter()
            .map(|r| normalise_resident(&raw, r, &dead_values, &ctx))
            .collect();
        let mut reg = Registry {
            by_id: HashMap::with_capacity(residents.len()),
            by_cmnd: HashMap::new(),
            by_name_year: HashMap::with_capacity(residents.len()),
            by_phonetic_year: HashMap::with_capacity(residents.len()),
            by_given_dob: HashMap::with_capacity(residents.len()),
            full_name_freq: HashMap::new(),
            family_given_freq: HashMap::new(),
            stats: RegistryStats {
                rows: residents.len(),
                ..Default::default()
            },
            mapping: raw.mapping,
            residents: Vec::new(),
        };
        for (i, res) in residents.iter().enumerate() {
            let i = i as u32;
            if res.id.is_empty() {
                reg.stats.without_id += 1;
            } else if reg.by_id.insert(res.id.clone(), i).is_some() {
                reg.stats.duplicate_ids += 1;
            }
            if let Some(c) = &res.cmnd {
                reg.by_cmnd.entry(c.clone()).or_insert(i);
            }
            if res.dead {
                reg.stats.dead += 1;
            }
            if res.dob.is_none() {
                reg.stats.unparsed_dates += 1;
            }
            let Some(n) = &res.name else {
                reg.stats.unparsed_names += 1;
                continue;
            };
            let folded = n.folded();
            *reg.full_name_freq.entry(folded.clone()).or_default() += 1;
            *reg.family_given_freq
                .entry(family_given_key(n))
                .or_default() += 1;
            if let Some(d) = res.dob {
                reg.by_name_year
                    .entry((folded, d.year))
                    .or_default()
                    .push(i);
                reg.by_phonetic_year
                    .entry((n.phonetic_key(), d.year))
                    .or_default()
                    .push(i);
                if d.day.is_some() {
                    reg.by_given_dob
                        .entry((n.folded_given(), d))
                        .or_default()
                        .push(i);
                }
            }
        }
        reg.residents = residents;
        reg
    }

    pub fn get(&self, i: u32) -> &Resident {
        &self.residents[i as usize]
    }

    pub fn len(&self) -> usize {
        self.residents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.residents.is_empty()
    }
}

fn normalise_resident(
    raw: &RawExtract,
    r: usize,
    dead_values: &[String],
    ctx: &DateContext,
) -> Resident {
    let text = |f| raw.get(f, r).unwrap_or("").to_string();
    let mut res = Resident {
        name_text: text(Field::FullName),
        dob_text: text(Field::Dob),
        commune_text: text(Field::Commune),
        address_text: text(Field::Address),
        household: text(Field::Household),
        father_text: text(Field::Father),
        mother_text: text(Field::Mother),
        death_text: text(Field::DeathDate),
        ..Default::default()
    };
    if let Some(v) = raw.get(Field::Id, r) {
        if let Some(idn) = id::parse_id_text(v)
            .ids
            .into_iter()
            .find(|i| i.kind == IdKind::Personal12)
        {
            res.id = idn.digits;
        }
    }
    if let Some(v) = raw.get(Field::Cmnd, r) {
        if let Some(idn) = id::parse_id_text(v).ids.into_iter().next() {
            res.cmnd = Some(idn.digits);
        }
    }
    res.name = name::parse_person_name(&res.name_text);
    res.dob = date::parse_date_text(&res.dob_text, ctx).dob;
    res.sex = raw.get(Field::Sex, r).and_then(|s| sex::parse_sex(s, None));
    let status = raw.get(Field::Status, r).map(fold).unwrap_or_default();
    res.dead = (!status.is_empty() && dead_values.iter().any(|d| *d == status))
        || raw.get(Field::DeathDate, r).is_some();
    if !res.commune_text.is_empty() {
        let province = raw.get(Field::Province, r);
        res.commune_codes = AdminMap::get()
            .resolve_commune(&res.commune_text, None, province)
            .into_iter()
            .map(|c| c.code)
            .collect();
    }
    res
}

/// Folded family name + given name, middle names dropped.
pub fn family_given_key(n: &crate::text::name::PersonName) -> String {
    format!("{} {}", n.folded_family(), n.folded_given())
}
