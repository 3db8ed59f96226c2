//! Vietnamese text layer: legacy encodings, Unicode clean-up, tone placement, folded and
//! phonetic keys, person-name structure and name comparison.

pub(crate) mod chars;
pub mod fold;
pub mod legacy;
pub mod tone;
pub mod typing;
pub mod unicode;

pub use legacy::{Encoding, decode_as, decode_column, detect};
pub mod name;

pub use name::{NameCell, NameLevel, PersonName, compare_names, parse_name_cell};

#[cfg(test)]
mod conformance_tests;

#[cfg(test)]
mod prop_tests;
