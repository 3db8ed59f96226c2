//! Compact column storage of the residents: numbers for IDs and dates, interned communes, and
//! one text arena for names, addresses and parents. About 150–200 bytes a resident.

use crate::fields::date::Dob;
use crate::fields::sex::Sex;

/// Separator between the text fields of one resident in the arena.
pub const SEP: u8 = 0x1f;

/// The text fields stored per resident, in arena order.
pub const TEXT_FIELDS: usize = 6;
pub const T_NAME: usize = 0;
pub const T_ADDRESS: usize = 1;
pub const T_HOUSEHOLD: usize = 2;
pub const T_FATHER: usize = 3;
pub const T_MOTHER: usize = 4;
pub const T_DEATH: usize = 5;

pub const FLAG_MALE: u8 = 1;
pub const FLAG_FEMALE: u8 = 2;
pub const FLAG_DEAD: u8 = 4;
pub const NO_COMMUNE: u32 = u32::MAX;

/// year << 9 | month << 5 | day; 0 = no date.
pub fn pack_dob(d: Option<Dob>) -> u32 {
    match d {
        Some(d) if d.year > 0 && d.year < (1 << 22) => {
            ((d.year as u32) << 9)
                | ((d.month.unwrap_or(0) as u32 & 0xf) << 5)
                | (d.day.unwrap_or(0) as u32 & 0x1f)
        }
        _ => 0,
    }
}

pub fn unpack_dob(p: u32) -> Option<Dob> {
    if p == 0 {
        return None;
    }
    let year = (p >> 9) as i32;
    let month = ((p >> 5) & 0xf) as u8;
    let day = (p & 0x1f) as u8;
    Some(Dob {
        year,
        month: (month > 0).then_some(month),
        day: (month > 0 && day > 0).then_some(day),
    })
}

pub fn sex_of(flags: u8) -> Option<Sex> {
    if flags & FLAG_MALE != 0 {
        Some(Sex::Male)
    } else if flags & FLAG_FEMALE != 0 {
        Some(Sex::Female)
    } else {
        None
    }
}

/// A commune as written in the extract, with the 2025 codes it resolves to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Commune {
    pub text: String,
    pub codes: Vec<String>,
}

/// Residents per 2025 commune, indexed by the ward code as a number (at most 5 digits): the
/// u-probability of agreeing on a commune is its share of the registry. A resident whose
/// commune resolves to several codes counts in each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommuneSizes {
    by_code: Vec<u32>,
}

impl CommuneSizes {
    pub fn of(store: &Store) -> CommuneSizes {
        let mut per_entry = vec![0u32; store.commune_table.len()];
        for &c in &store.communes {
            if let Some(n) = per_entry.get_mut(c as usize) {
                *n += 1;
            }
        }
        let mut by_code = vec![0u32; 100_000];
        for (entry, n) in store.commune_table.iter().zip(per_entry) {
            for code in &entry.codes {
                if let Some(k) = code_number(code) {
                    by_code[k] += n;
                }
            }
        }
        CommuneSizes { by_code }
    }

    /// Residents living in the commune of this 2025 ward code (0 when unknown).
    #[inline]
    pub fn of_code(&self, code: &str) -> u32 {
        code_number(code)
            .and_then(|k| self.by_code.get(k).copied())
            .unwrap_or(0)
    }
}

/// A ward code of up to 5 digits as a number, without allocating.
#[inline]
pub fn code_number(code: &str) -> Option<usize> {
    let b = code.as_bytes();
    if b.is_empty() || b.len() > 5 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0usize, |n, d| n * 10 + usize::from(d - b'0')))
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Store {
    /// 12-digit personal ID as a number; 0 = none.
    pub ids: Vec<u64>,
    /// 9-digit CMND as a number; 0 = none.
    pub cmnds: Vec<u64>,
    pub dobs: Vec<u32>,
    pub flags: Vec<u8>,
    pub communes: Vec<u32>,
    /// `text_starts[i]..text_starts[i + 1]` is resident `i`'s text in `arena`.
    pub text_starts: Vec<u64>,
    pub arena: Vec<u8>,
    pub commune_table: Vec<Commune>,
}

impl Store {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The text fields of resident `i`.
    /// The name text of resident `i` alone (the first of its texts), decoding only that part.
    pub fn name_text(&self, i: usize) -> &str {
        debug_assert_eq!(T_NAME, 0);
        let (Some(&a), Some(&b)) = (self.text_starts.get(i), self.text_starts.get(i + 1)) else {
            return "";
        };
        let bytes = self.arena.get(a as usize..b as usize).unwrap_or(&[]);
        let end = bytes.iter().position(|&c| c == SEP).unwrap_or(bytes.len());
        std::str::from_utf8(&bytes[..end]).unwrap_or("")
    }

    pub fn texts(&self, i: usize) -> [&str; TEXT_FIELDS] {
        let mut out = [""; TEXT_FIELDS];
        let (Some(&a), Some(&b)) = (self.text_starts.get(i), self.text_starts.get(i + 1)) else {
            return out;
        };
        let bytes = self.arena.get(a as usize..b as usize).unwrap_or(&[]);
        let text = std::str::from_utf8(bytes).unwrap_or("");
        for (k, part) in text.split(SEP as char).take(TEXT_FIELDS).enumerate() {
            out[k] = part;
        }
        out
    }

    /// Read every column entry and the name text of the given residents once, in a loop whose
    /// reads do not depend on each other, so that the processor fetches them from memory side
    /// by side (a row's candidates are scattered over the whole extract: compared one after the
    /// other, each would wait for its own cache misses). Returns a value only to keep the
    /// reads from being optimised away.
    pub fn warm(&self, residents: &[u32]) -> u64 {
        let mut acc = 0u64;
        for &i in residents {
            let k = i as usize;
            acc = acc
                .wrapping_add(self.ids.get(k).copied().unwrap_or(0))
                .wrapping_add(self.cmnds.get(k).copied().unwrap_or(0))
                .wrapping_add(u64::from(self.dobs.get(k).copied().unwrap_or(0)))
                .wrapping_add(u64::from(self.flags.get(k).copied().unwrap_or(0)))
                .wrapping_add(u64::from(self.communes.get(k).copied().unwrap_or(0)))
                .wrapping_add(self.text_starts.get(k).copied().unwrap_or(0));
        }
        for &i in residents {
            if let Some(&start) = self.text_starts.get(i as usize) {
                acc = acc.wrapping_add(u64::from(
                    self.arena.get(start as usize).copied().unwrap_or(0),
                ));
            }
        }
        acc
    }

    /// [`Store::warm`] for the date of birth and the commune alone (what ranks an oversized
    /// block of namesakes).
    pub fn warm_dates_communes(&self, residents: &[u32]) -> u64 {
        residents.iter().fold(0u64, |acc, &i| {
            let k = i as usize;
            acc.wrapping_add(u64::from(self.dobs.get(k).copied().unwrap_or(0)))
                .wrapping_add(u64::from(self.communes.get(k).copied().unwrap_or(0)))
        })
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.ids.capacity() * 8
            + self.cmnds.capacity() * 8
            + self.dobs.capacity() * 4
            + self.flags.capacity()
            + self.communes.capacity() * 4
            + self.text_starts.capacity() * 8
            + self.arena.capacity()
            + self
                .commune_table
                .iter()
                .map(|c| c.text.len() + c.codes.iter().map(|x| x.len() + 24).sum::<usize>() + 48)
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_pack_and_unpack_with_their_precision() {
        for d in [
            Dob {
                year: 1955,
                month: Some(3),
                day: Some(12),
            },
            Dob {
                year: 1940,
                month: None,
                day: None,
            },
            Dob {
                year: 2001,
                month: Some(12),
                day: None,
            },
        ] {
            assert_eq!(unpack_dob(pack_dob(Some(d))), Some(d));
        }
        assert_eq!(unpack_dob(pack_dob(None)), None);
    }

    #[test]
    fn warming_reads_the_listed_residents_and_ignores_positions_beyond_the_store() {
        let store = Store {
            ids: vec![1, 2],
            cmnds: vec![10, 0],
            dobs: vec![100, 200],
            flags: vec![1, 0],
            communes: vec![3, 4],
            text_starts: vec![0, 1, 2],
            arena: b"AB".to_vec(),
            commune_table: Vec::new(),
        };
        // resident 1: 2 + 0 + 200 + 0 + 4 + 1, then its text's first byte b'B'
        assert_eq!(store.warm(&[1]), 207 + u64::from(b'B'));
        assert_eq!(store.warm(&[1, 7]), store.warm(&[1]));
        assert_eq!(store.warm(&[]), 0);
        assert_eq!(store.warm_dates_communes(&[0, 1, 99]), 100 + 3 + 200 + 4);
    }
}
