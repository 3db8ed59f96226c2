//! Matching: for every list row, gather candidates from several independent keys, compare each
//! field at graded levels, weigh the evidence, and decide the status with its explanation.

pub mod candidates;
pub mod compare;
pub mod decide;
pub mod em;
pub mod explain;
pub mod model;

use rayon::prelude::*;

use crate::fields::date::{self, DateLevel, Precision};
use crate::fields::id::{self, IdLevel};
use crate::model::RowRef;
use crate::normalise::ListPerson;
use crate::registry::Registry;
use crate::rules::Rules;
use crate::text::name::{self, NameLevel};

pub use compare::Comparison;
pub use decide::{Decision, Discrepancy, Status};

/// Match every person (in run order), then settle rows that were given the same resident:
/// the same person listed again is a `duplicate` where the kind says a repeat is an error;
/// two different people never share one resident. Deterministic whatever the thread count
/// (the settling pass runs in row order after the parallel one).
pub fn match_all(
    people: &[(RowRef, ListPerson)],
    registry: &Registry,
    rules: &Rules,
) -> Vec<Decision> {
    let cands = gather_all(people, registry);
    decide_all(people, cands, registry, rules)
}

/// Stage one of [`match_all`]: the candidates of every person from the exact keys (in parallel).
pub fn gather_all(people: &[(RowRef, ListPerson)], registry: &Registry) -> Vec<Vec<u32>> {
    people
        .par_iter()
        .map(|(_, p)| candidates::candidates(p, registry))
        .collect()
}

/// Stage two of [`match_all`]: compare and decide every person among its candidates (in
/// parallel; the wider search runs here for rows the exact keys leave unfound), then settle
/// rows that were given the same resident.
pub fn decide_all(
    people: &[(RowRef, ListPerson)],
    cands: Vec<Vec<u32>>,
    registry: &Registry,
    rules: &Rules,
) -> Vec<Decision> {
    let mut decisions: Vec<Decision> = people
        .par_iter()
        .zip(cands.into_par_iter())
        .map(|((_, p), c)| decide::decide_with(p, c, registry, rules))
        .collect();
    settle_shared_residents(people, &mut decisions, registry, rules);
    decisions
}

/// Do two rows contradict each other so clearly that they cannot be the same person? (IDs of
/// the same kind more than one slip apart, full dates of birth that differ beyond every
/// recognised slip, or family and given names that differ.)
pub fn different_people(a: &ListPerson, b: &ListPerson) -> bool {
    let same_id = a
        .ids
        .ids
        .iter()
        .any(|x| b.ids.ids.iter().any(|y| x.digits == y.digits));
    if same_id {
        return false;
    }
    let ids_differ = a.ids.ids.iter().any(|x| {
        b.ids.ids.iter().any(|y| {
            x.kind == y.kind && id::compare_digits(&x.digits, &y.digits) == IdLevel::Different
        })
    });
    let dates_differ = match (a.dob.dob, b.dob.dob) {
        (Some(x), Some(y)) => {
            x.precision() == Precision::Day
                && y.precision() == Precision::Day
                && date::compare_dobs(&x, &y) == DateLevel::Different
        }
        _ => false,
    };
    let names_differ = match (&a.name, &b.name) {
        (Some(x), Some(y)) => name::compare_names(x, y) == NameLevel::Different,
        _ => false,
    };
    ids_differ || dates_differ || names_differ
}

/// One resident, several rows: a repeat of the same person becomes `duplicate` (where the kind
/// says so). When the rows are clearly different people, the likelier row keeps the resident
/// and the other is decided again without it; if that finds nobody free, the rows are treated
/// as a repeat (one of them carries an error), as before.
pub fn settle_shared_residents(
    people: &[(RowRef, ListPerson)],
    decisions: &mut [Decision],
    registry: &Registry,
    rules: &Rules,
) {
    let mut holder: std::collections::HashMap<u32, usize> = Default::default();
    for i in 0..decisions.len() {
        if !decisions[i].status.is_match() {
            continue;
        }
        let Some(r) = decisions[i].resident else {
            continue;
        };
        let Some(&j) = holder.get(&r) else {
            holder.insert(r, i);
            continue;
        };
        if different_people(&people[i].1, &people[j].1) {
            let (loser, winner) = if decisions[i].score > decisions[j].score {
                (j, i)
            } else {
                (i, j)
            };
            let again = decide::decide_without(&people[loser].1, registry, rules, r);
            if let Some(r2) = again.resident.filter(|_| again.status.is_match())
                && !holder.contains_key(&r2)
            {
                holder.insert(r, winner);
                holder.insert(r2, loser);
                decisions[loser] = again;
                continue;
            }
        }
        if rules.repeats_are_duplicates {
            decisions[i].status = Status::Duplicate;
            decisions[i].duplicate_of = Some(people[j].0.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::date::{DateContext, parse_date_cell};
    use crate::fields::id::parse_id_cell;
    use crate::model::Cell;
    use crate::text::name::parse_name_cell;

    fn person(name: &str, id: &str, dob: &str) -> ListPerson {
        let ctx = DateContext {
            date1904: false,
            reference_year: 2026,
            typical_age: (0, 120),
            id_birth_year: None,
            numbers_are_serials: false,
        };
        ListPerson {
            name: parse_name_cell(name).primary,
            ids: parse_id_cell(&Cell::Text(id.to_string())),
            dob: parse_date_cell(&Cell::Text(dob.to_string()), &ctx),
            ..Default::default()
        }
    }

    #[test]
    fn repeats_with_one_slip_are_the_same_person() {
        let a = person("Nguyễn Văn Hùng", "070085001234", "12/03/1985");
        // the same ID settles it, whatever else differs
        assert!(!different_people(
            &a,
            &person("Nguyễn Văn Hùng", "070085001234", "01/01/1990")
        ));
        // an ID slip, a day–month swap, a typo, a missing date: still one person
        assert!(!different_people(
            &a,
            &person("Nguyễn Văn Hùng", "070085001243", "")
        ));
        assert!(!different_people(
            &a,
            &person("Nguyen Van Hung", "", "03/12/1985")
        ));
        assert!(!different_people(
            &a,
            &person("Nguyễn Văn Hừng", "", "1985")
        ));
    }

    #[test]
    fn clear_contradictions_are_different_people() {
        let a = person("Nguyễn Văn Hùng", "070085001234", "12/03/1985");
        assert!(different_people(
            &a,
            &person("Nguyễn Văn Hùng", "079190456789", "")
        ));
        assert!(different_people(
            &a,
            &person("Nguyễn Văn Hùng", "", "25/08/1985")
        ));
        assert!(different_people(&a, &person("Trần Thị Mai", "", "1985")));
    }
}
