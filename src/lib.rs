//! doikhop — đối khớp: clean Vietnamese departmental lists and match every person in them
//! against the national population database extract.
//!
//! Pipeline: [`ingest`] → normalise ([`text`], [`fields`], [`normalise`]) → [`registry`] →
//! [`matching`] → [`report`].

pub mod apply;
pub mod error;
pub mod fields;
pub mod fuzzing;
pub mod ingest;
pub mod inspect;
pub mod matching;
pub mod model;
pub mod normalise;
pub mod pages;
pub mod pipeline;
pub mod registry;
pub mod report;
pub mod results;
pub mod rules;
pub mod stages;
pub mod text;
pub mod util;
