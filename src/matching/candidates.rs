//! Candidate residents for a list row, from independent keys so that one corrupted field never
//! hides the right person: exact ID and old CMND, IDs one edit away, folded name + birth year
//! (±1), phonetic family + given name + birth year (±1), given name + full date of birth.
//! When those find nobody convincing, [`wider`] searches for a name one letter away (a typo in
//! the given name) and a date one year away, the corruptions that hide a person from every
//! exact key at once. Rows with a household code or co-holders also take candidates from the
//! registry's households ([`push_family`]).

use super::compare::{MAX_CO_HOLDERS, MAX_MEMBERS, may_be_close};
use crate::fields::date::{DateLevel, Precision};
use crate::fields::id::{self, IdKind};
use crate::normalise::ListPerson;
use crate::registry::Registry;
use crate::text::name::{NameLevel, PersonName, compare_names, parse_person_name};

/// Candidates from one name/date block are capped; the block is ranked by the other fields first
/// (the date of birth, then the commune). At 10M residents a common name born in one year is
/// several hundred people, all alike for a row that gives only the name and the year.
const MAX_PER_BLOCK: usize = 64;

pub fn candidates(p: &ListPerson, reg: &Registry) -> Vec<u32> {
    match confirmed_by_id(p, reg) {
        Some(i) => vec![i],
        None => from_every_key(p, reg),
    }
}

/// Candidates from every key, even when the ID alone settles the row (for checks and
/// explanations; [`candidates`] stops at a confirmed ID).
pub fn from_every_key(p: &ListPerson, reg: &Registry) -> Vec<u32> {
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
        // one slip away: ~120 numbers, looked up side by side
        let neighbours = id::neighbour_numbers(&listed.digits);
        match (listed.kind, listed.digits.len()) {
            (IdKind::Personal12, 12) => reg.by_id_numbers(&neighbours, &mut out),
            (IdKind::Cmnd9, 9) => reg.by_cmnd_numbers(&neighbours, &mut out),
            _ => {}
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
            push_block(
                &mut out,
                reg.by_given_dob(&name.folded_given(), dob),
                p,
                reg,
            );
            // A day–month swap keeps the given name: look there too.
            if let (Some(d), Some(m)) = (dob.day, dob.month)
                && d <= 12
                && d != m
            {
                let swapped = crate::fields::date::Dob {
                    year: dob.year,
                    month: Some(d),
                    day: Some(m),
                };
                push_block(
                    &mut out,
                    reg.by_given_dob(&name.folded_given(), swapped),
                    p,
                    reg,
                );
            }
        }
    }
    push_family(&mut out, p, reg);
    out.sort_unstable();
    out.dedup();
    out
}

/// Years either side of the main holder's birth year searched for a co-holder (a spouse).
const CO_HOLDER_YEARS: i32 = 12;
/// Residents taken as a co-holder's likely self: those of the listed commune first, then those
/// of the very name (before the phonetic key's namesakes), then the nearest birth years;
/// gathered from at most twice as many.
const MAX_CO_HOLDER_RESIDENTS: usize = 24;
/// A household member born this many years from the listed year is not the main holder.
const MEMBER_YEARS: i32 = 2;
/// … nor, by a listed household code, the listed person (the code is strong evidence: a
/// wider window lets it find someone whose listed year is a slip).
const HOUSEHOLD_YEARS: i32 = 5;

/// Candidates from the household: the members of a listed household whose name is close (born
/// within [`HOUSEHOLD_YEARS`] of the listed year), and
/// for a row naming co-holders ("Ông A và bà B"), the members of the households of the
/// co-holders' likely residents (name and phonetic keys around the main holder's birth year,
/// of the co-holder's sex where the row says it) born near the listed year. This finds a main
/// holder whose own name is corrupted beyond the name keys. Bounded: at most
/// [`MAX_CO_HOLDER_RESIDENTS`] households of [`MAX_MEMBERS`] members per co-holder, and only
/// the members born near the listed year have their name compared.
fn push_family(out: &mut Vec<u32>, p: &ListPerson, reg: &Registry) {
    let Some(name) = &p.name else {
        return;
    };
    if let Some(code) = &p.household {
        let window = p.birth_year().map(|y| (y, HOUSEHOLD_YEARS));
        push_close_members(out, reg.by_household(code), name, reg, None, window);
    }
    let Some(year) = p.birth_year() else {
        return;
    };
    for co in p.co_holders.iter().take(MAX_CO_HOLDERS) {
        let (folded, phon) = (co.folded(), co.phonetic_key());
        // (outside the listed commune, found by the phonetic key only, years away, resident):
        // the folded name first over every year, then the phonetic key (middle names dropped,
        // a far wider block) if room is left
        let mut found: Vec<(bool, bool, i32, u32)> = Vec::new();
        'keys: for (phonetic, key) in [(false, &folded), (true, &phon)] {
            for k in 0..=2 * CO_HOLDER_YEARS {
                // 0, -1, +1, -2, +2, …
                let y = if k % 2 == 0 {
                    year + k / 2
                } else {
                    year - (k + 1) / 2
                };
                let block = if phonetic {
                    reg.by_phonetic_year(key, y)
                } else {
                    reg.by_name_year(key, y)
                };
                for &j in block {
                    if co
                        .sex_hint
                        .is_some_and(|s| reg.sex_of(j).is_some_and(|r| r != s))
                        || found.iter().any(|f| f.3 == j)
                    {
                        continue;
                    }
                    let away = !p.communes.is_empty()
                        && !reg.commune_codes_of(j).is_empty()
                        && !in_listed_commune(p, reg, j);
                    found.push((away, phonetic, (y - year).abs(), j));
                    if found.len() >= 2 * MAX_CO_HOLDER_RESIDENTS {
                        break 'keys;
                    }
                }
            }
        }
        found.sort_unstable();
        for &(_, _, _, j) in found.iter().take(MAX_CO_HOLDER_RESIDENTS) {
            let members = reg.by_household(reg.household_text_of(j));
            push_close_members(out, members, name, reg, Some(j), Some((year, MEMBER_YEARS)));
        }
    }
}

/// The members (at most [`MAX_MEMBERS`], `except` and those already found left out, born
/// within `born`'s window of its year when given) whose name is close to the listed one: any
/// level but `Different`.
fn push_close_members(
    out: &mut Vec<u32>,
    members: &[u32],
    listed: &PersonName,
    reg: &Registry,
    except: Option<u32>,
    born: Option<(i32, i32)>,
) {
    let folded = listed.folded();
    let folded = folded.as_str();
    for &m in members
        .iter()
        .filter(|&&m| Some(m) != except)
        .take(MAX_MEMBERS)
    {
        if let (Some((y, window)), Some(d)) = (born, reg.dob_of(m))
            && (d.year - y).abs() > window
        {
            continue;
        }
        if out.contains(&m) {
            continue;
        }
        let text = reg.name_text_of(m);
        let close = may_be_close(folded, text)
            && parse_person_name(text)
                .is_some_and(|r| compare_names(listed, &r) != NameLevel::Different);
        if close {
            out.push(m);
        }
    }
}

/// The one resident whose 12-digit personal ID the row carries, when the name agrees too (to its
/// folded letters, or but for a slip when the row gives a date) and the date of birth does not
/// contradict it (the same date, the same
/// year or month for a row that gives only those, or no date on the row). Nobody else can then
/// compete — a namesake born the same year without the ID stays some 2^28 times less likely —
/// so the name and date blocks are not searched: most rows of a maintained list end here,
/// including the many lists that give only a birth year.
fn confirmed_by_id(p: &ListPerson, reg: &Registry) -> Option<u32> {
    let listed = p.personal_id()?;
    let &[i] = reg.by_id(&listed.digits) else {
        return None;
    };
    if let Some(dob) = p.dob.dob {
        let theirs = reg.dob_of(i)?;
        if !matches!(
            crate::fields::date::compare_dobs(&dob, &theirs),
            DateLevel::Equal | DateLevel::PrecisionCompatible
        ) {
            return None;
        }
    }
    let name = p.name.as_ref()?;
    let res = crate::text::name::parse_person_name(reg.name_text_of(i))?;
    if res.folded() == name.folded() {
        return Some(i);
    }
    // A slip in the name (a typo, a tone, a missing middle name) with the ID and the date
    // agreeing still leaves the ID's resident over 2^20 times likelier than any namesake
    // without the ID: decided among that resident alone (the row becomes a `mismatch` naming
    // the name). A name that differs outright is not settled here (the ID may be another
    // person's).
    let dated = p.dob.dob.is_some();
    let level = compare_names(name, &res);
    (dated && level != NameLevel::Different).then_some(i)
}

/// Does resident `i` live in one of the communes the row's address may mean?
fn in_listed_commune(p: &ListPerson, reg: &Registry, i: u32) -> bool {
    let codes = reg.commune_codes_of(i);
    p.communes.iter().any(|c| codes.iter().any(|x| x == c.code))
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
    // birth and the commune, so the true candidate is not lost. (Their dates and communes are
    // fetched side by side first: see `Store::warm`.)
    std::hint::black_box(reg.store.warm_dates_communes(block));
    let mut ranked: Vec<(i32, u32)> = block
        .iter()
        .map(|&i| {
            let mut score = 0;
            if let (Some(a), Some(b)) = (p.dob.dob, reg.dob_of(i)) {
                if a == b {
                    score += 4;
                } else if a.month == b.month {
                    score += 1;
                }
            }
            if in_listed_commune(p, reg, i) {
                score += 2;
            }
            (-score, i)
        })
        .collect();
    ranked.sort_unstable();
    out.extend(ranked.into_iter().take(MAX_PER_BLOCK).map(|(_, i)| i));
}

/// Wider search for a row whose exact keys found nobody convincing: the given name one edit
/// away (typo) with the full date of birth or the birth year ±1, and the given name with the
/// date of birth a year off or day and month swapped. Sorted, without duplicates.
pub fn wider(p: &ListPerson, reg: &Registry) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    let Some(name) = &p.name else {
        return out;
    };
    let Some(dob) = p.dob.dob else {
        return out;
    };
    let given = name.folded_given();
    if given.is_empty() {
        return out;
    }
    let folded = name.folded();
    let prefix = folded.strip_suffix(given.as_str()).unwrap_or("");
    // Only variants that are somebody's given name in the registry can find anybody: one
    // frequency look-up each (a small, cache-resident table) instead of six block look-ups.
    let mut variants = one_edit_variants(&given);
    variants.retain(|v| reg.given_freq(v) > 0);
    let full_day = dob.precision() == Precision::Day;
    for year in dob.year - 1..=dob.year + 1 {
        let shifted = crate::fields::date::Dob { year, ..dob };
        if full_day {
            if year != dob.year {
                push_block(&mut out, reg.by_given_dob(&given, shifted), p, reg);
            }
            if let (Some(d), Some(m)) = (dob.day, dob.month)
                && d <= 12
                && d != m
                && year != dob.year
            {
                let swapped = crate::fields::date::Dob {
                    year,
                    month: Some(d),
                    day: Some(m),
                };
                push_block(&mut out, reg.by_given_dob(&given, swapped), p, reg);
            }
        }
        for v in &variants {
            if full_day {
                push_block(&mut out, reg.by_given_dob(v, shifted), p, reg);
            }
            if !prefix.is_empty() {
                let key = format!("{prefix}{v}");
                push_block(&mut out, reg.by_name_year(&key, year), p, reg);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Every string one edit away from a folded (ASCII) token: a letter deleted, replaced or
/// inserted, or two neighbours swapped.
fn one_edit_variants(token: &str) -> Vec<String> {
    let chars: Vec<char> = token.chars().collect();
    let mut out: Vec<String> = Vec::with_capacity(chars.len() * 54 + 26);
    let letters = 'a'..='z';
    for i in 0..chars.len() {
        let mut d = chars.clone();
        d.remove(i);
        out.push(d.iter().collect());
        for c in letters.clone() {
            if c != chars[i] {
                let mut s = chars.clone();
                s[i] = c;
                out.push(s.iter().collect());
            }
        }
        if i + 1 < chars.len() && chars[i] != chars[i + 1] {
            let mut t = chars.clone();
            t.swap(i, i + 1);
            out.push(t.iter().collect());
        }
    }
    for i in 0..=chars.len() {
        for c in letters.clone() {
            let mut s = chars.clone();
            s.insert(i, c);
            out.push(s.iter().collect());
        }
    }
    out.retain(|v| !v.is_empty() && v != token);
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_cover_every_single_edit() {
        let v = one_edit_variants("hung");
        for s in ["hun", "tung", "hnug", "hungx", "khung", "hug"] {
            assert!(v.contains(&s.to_string()), "{s}");
        }
        assert!(!v.contains(&"hung".to_string()));
        assert!(!v.contains(&"tuan".to_string()));
    }
}
