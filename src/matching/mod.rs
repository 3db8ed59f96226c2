//! Matching: for every list row, gather candidates from several independent keys, compare each
//! field at graded levels, weigh the evidence, and decide the status with its explanation.

pub mod candidates;
pub mod compare;
pub mod decide;
pub mod explain;

use rayon::prelude::*;

use crate::model::RowRef;
use crate::normalise::ListPerson;
use crate::registry::Registry;
use crate::rules::Rules;

pub use compare::Comparison;
pub use decide::{Decision, Discrepancy, Status};

/// Match every person (in run order) and then mark repeats as duplicates where the kind says a
/// repeat is an error. Deterministic whatever the thread count.
pub fn match_all(
    people: &[(RowRef, ListPerson)],
    registry: &Registry,
    rules: &Rules,
) -> Vec<Decision> {
    let mut decisions: Vec<Decision> = people
        .par_iter()
        .map(|(_, p)| decide::decide(p, registry, rules))
        .collect();
    if rules.repeats_are_duplicates {
        mark_duplicates(people, &mut decisions);
    }
    decisions
}

/// The first row that matched a resident keeps its status; later rows become `duplicate`.
pub fn mark_duplicates(people: &[(RowRef, ListPerson)], decisions: &mut [Decision]) {
    let mut first: std::collections::HashMap<u32, usize> = Default::default();
    for i in 0..decisions.len() {
        let Some(r) = decisions[i].resident else {
            continue;
        };
        if !decisions[i].status.is_match() {
            continue;
        }
        match first.get(&r) {
            Some(&j) => {
                decisions[i].status = Status::Duplicate;
                decisions[i].duplicate_of = Some(people[j].0.clone());
            }
            None => {
                first.insert(r, i);
            }
        }
    }
}
