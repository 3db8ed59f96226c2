//! The resident registry: the police's extract of the population database, loaded with polars,
//! normalised in parallel with the same text and field code the lists use, kept in compact
//! columns with sorted key indexes, and saved to / loaded from an index file.

pub mod file;
pub mod index;
pub mod keys;
pub mod load;
mod open;
pub mod store;

use crate::fields::date::Dob;
use crate::fields::sex::Sex;
use crate::text::name::PersonName;

pub use index::Registry;

/// One resident, materialised from the compact store when the matcher or a report needs it.
#[derive(Debug, Clone, Default)]
pub struct Resident {
    /// Position in the registry.
    pub index: u32,
    /// 12-digit personal ID (empty if the extract has none for this person).
    pub id: String,
    /// Old 9-digit CMND, if any.
    pub cmnd: Option<String>,
    /// Name as written in the extract.
    pub name_text: String,
    pub dob: Option<Dob>,
    pub sex: Option<Sex>,
    /// Commune (Xã/Phường) as written in the extract.
    pub commune_text: String,
    /// 2025 commune code(s) it resolves to.
    pub commune_codes: Vec<String>,
    pub address_text: String,
    pub household: String,
    pub father_text: String,
    pub mother_text: String,
    pub dead: bool,
    pub death_text: String,
}

impl Resident {
    /// The name parsed from the extract's text (on demand: reports only show the text).
    pub fn name(&self) -> Option<PersonName> {
        crate::text::name::parse_person_name(&self.name_text)
    }
}
