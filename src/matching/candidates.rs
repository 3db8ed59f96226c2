//! Candidate residents for a list row, from independent keys so that one corrupted field never
//! hides the right person: exact ID and old CMND, IDs one edit away, folded name + birth year
//! (±1), phonetic family + given name + birth year (±1), given name + full date of birth.

use crate::fields::date::Precision;
use crate::fields::id::{self, IdKind};
use crate::normalise::ListPerson;
use crate::registry::Registry;

/// Candidates from one name/date block are capped; the block is ranked by the other fields first.
const MAX_PER_BLOCK: usize = 200;

pub fn candidates(p: &ListPerson, reg: &Registry) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    for listed in &p.ids.ids {
        let lookup = |digits: &str| -> &[u32] {
            match listed.kind {
                IdKind::Personal12 => reg.by_id(digits),
                IdKind::Cmnd9 => reg.by_cmnd(digits),
            }
        };
        out.extend_from_slice(lookup(&listed.digits));
        if listed.kind == IdKind::Personal12 {
            // A 12-digit CMND (2012–2016) is kept as the person's number; a list may also
            // carry it where the extract has it in the CMND column.
            out.extend_from_slice(reg.by_cmnd(&listed.digits));
        }
        for nb in id::neighbours(&listed.digits) {
            out.extend_from_slice(lookup(&nb));
        }
    }
    if let (Some(name), Some(dob)) = (&p.name, p.dob.dob) {
        let folded = name.folded();
        let phon = name.phonetic_key();
        for year in dob.year - 1..=dob.year + 1 {
            push_block(&mut out, reg.by_name_year(&folded, year), p, reg);
            push_block(&mut out, reg.by_phonetic_year(&phon, year), p, reg);
        }
        if dob.precision() == Precision::Day {
            push_block(&mut out, reg.by_given_dob(&name.folded_given(), dob), p, reg);
            // A day–month swap keeps the given name: look there too.
            if let (Some(d), Some(m)) = (dob.day, dob.month) {
                if d <= 12 && d != m {
                    let swapped = crate::fields::date::Dob {
                        year: dob.year,
                        month: Some(d),
                        day: Some(m),
                    };
                    push_block(&mut out, reg.by_given_dob(&name.folded_given(), swapped), p, reg);
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn push_block(out: &mut Vec<u32>, block: &[u32], p: &ListPerson, reg: &Registry) {
    if block.is_empty() {
        return;
    }
    if block.len() <= MAX_PER_BLOCK {
        out.extend_from_slice(block);
        return;
    }
    // Oversized block (a very common name): keep the residents that agree best on the date of
    // birth and the commune, so the true candidate is not lost.
    let mut ranked: Vec<(i32, u32)> = block
        .iter()
        .map(|&i| {
            let r = reg.get(i);
            let mut score = 0;
            if let (Some(a), Some(b)) = (p.dob.dob, r.dob) {
                if a == b {
                    score += 4;
                } else if a.month == b.month {
                    score += 1;
                }
            }
            if p.communes.iter().any(|c| r.commune_codes.contains(&c.code)) {
                score += 2;
            }
            (-score, i)
        })
        .collect();
    ranked.sort_unstable();
    out.extend(ranked.into_iter().take(MAX_PER_BLOCK).map(|(_, i)| i));
}
