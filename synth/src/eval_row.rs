//! The bottom of the evaluation set: one list row as the list shows it with its truth, and a
//! list of them. `eval` builds the set; `extra` (hard cases) and `family` (households, parents,
//! co-holders) add rows to it; all three build on these types and know nothing of each other's
//! rows.

use super::lists::{Status, Truth};
use doikhop::model::Cell;

/// One row as the list shows it, with its truth.
#[derive(Debug, Clone)]
pub struct EvalRow {
    pub name: String,
    pub id: Cell,
    pub dob: Cell,
    pub sex: String,
    pub address: String,
    /// Parents' names (birth register) and household code (poor households); "" if none.
    pub father: String,
    pub mother: String,
    pub household: String,
    pub truth: Truth,
}

#[derive(Debug, Clone)]
pub struct EvalList {
    /// Name of the list (for messages).
    pub name: String,
    /// Rules kind (`rules/<kind>.toml`).
    pub rules_kind: &'static str,
    pub rows: Vec<EvalRow>,
}

/// Truth helpers for the extra rows.
pub(crate) fn truth(
    status: Status,
    resident_id: &str,
    discrepancies: Vec<&'static str>,
    scenario: &str,
) -> Truth {
    Truth {
        status,
        resident_id: resident_id.to_string(),
        discrepancies,
        candidates: Vec::new(),
        scenario: vec![scenario.to_string()],
    }
}
