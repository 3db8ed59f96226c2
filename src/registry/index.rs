//! Build the registry: normalise every resident in parallel with the text and field layers,
//! store them compactly, and index them by personal ID, old CMND, folded name + birth year,
//! phonetic key + birth year, and given name + date of birth; plus the name frequency tables
//! that weigh agreement (a match on "Nguyễn Văn Hùng" is worth less than on a rare name).

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::Resident;
use super::keys::{CountIndex, KeyIndex, hash_str, hash_with};
use super::load::{RawExtract, load_raw};
use super::store::{self, Commune, Store};
use crate::error::Result;
use crate::fields::address::AdminMap;
use crate::fields::date::{self, DateContext, Dob};
use crate::fields::household;
use crate::fields::id::{self, IdKind};
use crate::fields::sex::{self, Sex};
use crate::rules::{Field, Rules};
use crate::text::fold::fold;
use crate::text::name::{self, PersonName};

/// Counts of what the extract held, for the run manifest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegistryStats {
    pub rows: usize,
    pub without_id: usize,
    pub duplicate_ids: usize,
    pub unparsed_dates: usize,
    pub unparsed_names: usize,
    pub dead: usize,
}

/// The lookups of the registry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Indexes {
    pub by_id: KeyIndex,
    pub by_cmnd: KeyIndex,
    pub by_name_year: KeyIndex,
    pub by_phonetic_year: KeyIndex,
    pub by_given_dob: KeyIndex,
    pub by_household: KeyIndex,
    pub full_name_freq: CountIndex,
    pub family_given_freq: CountIndex,
    pub surname_freq: CountIndex,
    pub given_freq: CountIndex,
    pub dob_freq: CountIndex,
}

/// The indexed registry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Registry {
    pub store: Store,
    pub idx: Indexes,
    pub stats: RegistryStats,
    /// Header → field mapping of the extract.
    pub mapping: Vec<(String, Option<Field>)>,
    /// SHA-256 of the file the registry was loaded from, when loading computed it anyway (an
    /// index file is verified as it is read).
    pub file_sha256: Option<String>,
}

/// Folded family name + given name, middle names dropped.
pub fn family_given_key(n: &PersonName) -> String {
    format!("{} {}", n.folded_family(), n.folded_given())
}

/// Key of a folded name and a birth year.
pub fn name_year_key(folded: &str, year: i32) -> u64 {
    hash_with(folded, year as u32)
}

/// Key of a folded given name and a full date of birth.
pub fn given_dob_key(given: &str, dob: Dob) -> u64 {
    hash_with(given, store::pack_dob(Some(dob)))
}

/// A digit string as a number (IDs are stored numerically; the kind fixes the width).
fn digits_u64(d: &str) -> u64 {
    d.parse().unwrap_or(0)
}

impl Registry {
    /// Load an extract file (CSV, Parquet, xlsx) or an index file (`.dkidx`).
    pub fn load(path: &Path, rules: &Rules, reference_year: i32) -> Result<Registry> {
        // A device or a FIFO given as the extract would never end or never open.
        if let Err(e) = crate::ingest::open::check_regular(path) {
            return Err(crate::error::Error::Residents {
                file: path.display().to_string(),
                message: match e {
                    crate::error::Error::Input { message, .. } => message,
                    other => other.to_string(),
                },
            });
        }
        if super::file::is_index_file(path) {
            return super::file::load(path, rules);
        }
        let raw = load_raw(path, rules)?;
        Ok(Registry::build(&raw, rules, reference_year))
    }

    pub fn build(raw: &RawExtract, rules: &Rules, reference_year: i32) -> Registry {
        let progress = crate::util::Progress::new("Chuẩn hóa dữ liệu dân cư", raw.rows as u64);
        let dead_values: Vec<String> = rules.dead_values.iter().map(|v| fold(v)).collect();
        let ctx = DateContext {
            date1904: false,
            reference_year,
            typical_age: (0, 120),
            id_birth_year: None,
            numbers_are_serials: false,
        };

        // Communes are few: intern them and resolve each to the 2025 units once.
        let mut commune_ids: HashMap<&str, u32> = HashMap::new();
        let mut commune_table: Vec<Commune> = Vec::new();
        let mut communes = vec![store::NO_COMMUNE; raw.rows];
        if raw.has(Field::Commune) {
            for (r, slot) in communes.iter_mut().enumerate() {
                if let Some(c) = raw.get(Field::Commune, r) {
                    let id = *commune_ids.entry(c).or_insert_with(|| {
                        let province = raw.get(Field::Province, r);
                        let codes = AdminMap::get()
                            .resolve_commune(c, None, province)
                            .into_iter()
                            .map(|x| x.code.to_string())
                            .collect();
                        commune_table.push(Commune {
                            text: c.to_string(),
                            codes,
                        });
                        (commune_table.len() - 1) as u32
                    });
                    *slot = id;
                }
            }
        }

        const CHUNK: usize = 16_384;
        let chunks: Vec<Chunk> = (0..raw.rows.div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                let start = c * CHUNK;
                let end = (start + CHUNK).min(raw.rows);
                let chunk = build_chunk(raw, start, end, &dead_values, &ctx);
                progress.inc((end - start) as u64);
                chunk
            })
            .collect();
        progress.finish();

        let n = raw.rows;
        let mut st = Store {
            ids: Vec::with_capacity(n),
            cmnds: Vec::with_capacity(n),
            dobs: Vec::with_capacity(n),
            flags: Vec::with_capacity(n),
            communes,
            text_starts: Vec::with_capacity(n + 1),
            arena: Vec::with_capacity(chunks.iter().map(|c| c.arena.len()).sum()),
            commune_table,
        };
        let mut stats = RegistryStats {
            rows: n,
            ..Default::default()
        };
        let mut pairs_id = Vec::with_capacity(n);
        let mut pairs_cmnd = Vec::new();
        let mut pairs_ny = Vec::with_capacity(n);
        let mut pairs_py = Vec::with_capacity(n);
        let mut pairs_gd = Vec::with_capacity(n);
        let mut pairs_hh = Vec::with_capacity(n);
        let mut names = Vec::with_capacity(n);
        let mut fgs = Vec::with_capacity(n);
        let mut surnames = Vec::with_capacity(n);
        let mut givens = Vec::with_capacity(n);
        let mut dob_keys = Vec::with_capacity(n);
        for ch in chunks {
            let base = st.arena.len() as u64;
            st.text_starts
                .extend(ch.text_starts.iter().map(|s| s + base));
            st.arena.extend_from_slice(&ch.arena);
            st.ids.extend_from_slice(&ch.ids);
            st.cmnds.extend_from_slice(&ch.cmnds);
            st.dobs.extend_from_slice(&ch.dobs);
            st.flags.extend_from_slice(&ch.flags);
            pairs_id.extend(ch.pairs_id);
            pairs_cmnd.extend(ch.pairs_cmnd);
            pairs_ny.extend(ch.pairs_ny);
            pairs_py.extend(ch.pairs_py);
            pairs_gd.extend(ch.pairs_gd);
            pairs_hh.extend(ch.pairs_hh);
            names.extend(ch.names);
            fgs.extend(ch.fgs);
            surnames.extend(ch.surnames);
            givens.extend(ch.givens);
            dob_keys.extend(ch.dob_keys);
            stats.without_id += ch.without_id;
            stats.unparsed_dates += ch.unparsed_dates;
            stats.unparsed_names += ch.unparsed_names;
            stats.dead += ch.dead;
        }
        st.text_starts.push(st.arena.len() as u64);
        let idx = Indexes {
            by_id: KeyIndex::from_pairs(pairs_id),
            by_cmnd: KeyIndex::from_pairs(pairs_cmnd),
            by_name_year: KeyIndex::from_pairs(pairs_ny),
            by_phonetic_year: KeyIndex::from_pairs(pairs_py),
            by_given_dob: KeyIndex::from_pairs(pairs_gd),
            by_household: KeyIndex::from_pairs(pairs_hh),
            full_name_freq: CountIndex::from_keys(names),
            family_given_freq: CountIndex::from_keys(fgs),
            surname_freq: CountIndex::from_keys(surnames),
            given_freq: CountIndex::from_keys(givens),
            dob_freq: CountIndex::from_keys(dob_keys),
        };
        stats.duplicate_ids = idx.by_id.repeated();
        Registry {
            store: st,
            idx,
            stats,
            mapping: raw.mapping.clone(),
            file_sha256: None,
        }
    }

    pub fn len(&self) -> usize {
        self.store.len()
    }

    pub fn is_empty(&self) -> bool {
        self.store.is_empty()
    }

    /// The resident at `i`, materialised (its name is parsed on demand, [`Resident::name`]).
    pub fn get(&self, i: u32) -> Resident {
        let k = i as usize;
        let st = &self.store;
        let t = st.texts(k);
        let flags = st.flags.get(k).copied().unwrap_or(0);
        let commune = st
            .communes
            .get(k)
            .and_then(|&c| st.commune_table.get(c as usize));
        let id = st.ids.get(k).copied().unwrap_or(0);
        let cmnd = st.cmnds.get(k).copied().unwrap_or(0);
        Resident {
            index: i,
            id: if id == 0 {
                String::new()
            } else {
                format!("{id:012}")
            },
            cmnd: (cmnd != 0).then(|| format!("{cmnd:09}")),
            name_text: t[store::T_NAME].to_string(),
            dob: store::unpack_dob(st.dobs.get(k).copied().unwrap_or(0)),
            sex: store::sex_of(flags),
            commune_text: commune.map(|c| c.text.clone()).unwrap_or_default(),
            commune_codes: commune.map(|c| c.codes.clone()).unwrap_or_default(),
            address_text: t[store::T_ADDRESS].to_string(),
            household: t[store::T_HOUSEHOLD].to_string(),
            father_text: t[store::T_FATHER].to_string(),
            mother_text: t[store::T_MOTHER].to_string(),
            dead: flags & store::FLAG_DEAD != 0,
            death_text: t[store::T_DEATH].to_string(),
        }
    }

    /// The date of birth of resident `i`, without materialising the resident (for ranking
    /// oversized candidate blocks).
    pub fn dob_of(&self, i: u32) -> Option<Dob> {
        store::unpack_dob(self.store.dobs.get(i as usize).copied().unwrap_or(0))
    }

    /// The 12-digit personal ID of resident `i` (empty when none), without allocating.
    pub fn id_digits(&self, i: u32) -> Digits {
        Digits::new(self.store.ids.get(i as usize).copied().unwrap_or(0), 12)
    }

    /// The 9-digit CMND of resident `i`, if any, without allocating.
    pub fn cmnd_digits(&self, i: u32) -> Option<Digits> {
        let n = self.store.cmnds.get(i as usize).copied().unwrap_or(0);
        (n != 0).then(|| Digits::new(n, 9))
    }

    /// The sex of resident `i`, without materialising the resident.
    pub fn sex_of(&self, i: u32) -> Option<Sex> {
        store::sex_of(self.store.flags.get(i as usize).copied().unwrap_or(0))
    }

    /// Is resident `i` recorded as dead? (without materialising the resident)
    pub fn is_dead(&self, i: u32) -> bool {
        self.store.flags.get(i as usize).copied().unwrap_or(0) & store::FLAG_DEAD != 0
    }

    /// The name of resident `i` as the extract wrote it, without materialising the resident.
    pub fn name_text_of(&self, i: u32) -> &str {
        self.store.name_text(i as usize)
    }

    /// The commune of resident `i` as the extract wrote it ("" when none), without
    /// materialising the resident.
    pub fn commune_text_of(&self, i: u32) -> &str {
        let st = &self.store;
        st.communes
            .get(i as usize)
            .and_then(|&c| st.commune_table.get(c as usize))
            .map_or("", |c| c.text.as_str())
    }

    /// The 2025 commune codes of resident `i`, without materialising the resident.
    pub fn commune_codes_of(&self, i: u32) -> &[String] {
        let st = &self.store;
        st.communes
            .get(i as usize)
            .and_then(|&c| st.commune_table.get(c as usize))
            .map_or(&[], |c| c.codes.as_slice())
    }

    /// Residents with this 12-digit personal ID.
    pub fn by_id(&self, digits: &str) -> &[u32] {
        if digits.len() != 12 {
            return &[];
        }
        self.idx.by_id.get(digits_u64(digits))
    }

    /// Residents with this 9-digit CMND.
    pub fn by_cmnd(&self, digits: &str) -> &[u32] {
        if digits.len() != 9 {
            return &[];
        }
        self.idx.by_cmnd.get(digits_u64(digits))
    }

    /// The residents of each 12-digit personal ID number in `numbers`, appended to `out`
    /// (looked up side by side: see [`KeyIndex::get_many`]).
    pub fn by_id_numbers(&self, numbers: &[u64], out: &mut Vec<u32>) {
        self.idx.by_id.get_many(numbers, out);
    }

    /// [`Registry::by_id_numbers`] for 9-digit CMND numbers.
    pub fn by_cmnd_numbers(&self, numbers: &[u64], out: &mut Vec<u32>) {
        self.idx.by_cmnd.get_many(numbers, out);
    }

    pub fn by_name_year(&self, folded: &str, year: i32) -> &[u32] {
        self.idx.by_name_year.get(name_year_key(folded, year))
    }

    pub fn by_phonetic_year(&self, phonetic: &str, year: i32) -> &[u32] {
        self.idx.by_phonetic_year.get(name_year_key(phonetic, year))
    }

    pub fn by_given_dob(&self, folded_given: &str, dob: Dob) -> &[u32] {
        self.idx.by_given_dob.get(given_dob_key(folded_given, dob))
    }

    /// Members of a household, by its code as a list or the extract writes it (spacing,
    /// punctuation, case and lost leading zeros do not matter: see [`household::code_key`]).
    pub fn by_household(&self, code: &str) -> &[u32] {
        match household::code_key(code) {
            Some(k) => self.idx.by_household.get(hash_str(k.as_str())),
            None => &[],
        }
    }

    /// The household code of resident `i` as the extract wrote it ("" when none), borrowed.
    pub fn household_text_of(&self, i: u32) -> &str {
        self.store.texts(i as usize)[store::T_HOUSEHOLD]
    }

    /// The father's and mother's names of resident `i` as the extract wrote them, borrowed.
    pub fn parents_text_of(&self, i: u32) -> (&str, &str) {
        let t = self.store.texts(i as usize);
        (t[store::T_FATHER], t[store::T_MOTHER])
    }

    /// How many residents carry this folded family name.
    pub fn surname_freq(&self, folded: &str) -> u32 {
        self.idx.surname_freq.get(hash_str(folded))
    }

    /// How many residents carry this folded given name.
    pub fn given_freq(&self, folded: &str) -> u32 {
        self.idx.given_freq.get(hash_str(folded))
    }

    /// How many residents were born on this date (at its precision).
    pub fn dob_freq(&self, dob: Dob) -> u32 {
        self.idx.dob_freq.get(store::pack_dob(Some(dob)) as u64)
    }

    /// How many residents carry this folded full name.
    pub fn full_name_freq(&self, folded: &str) -> u32 {
        self.idx.full_name_freq.get(hash_str(folded))
    }

    /// How many residents carry this folded "family given" pair.
    pub fn family_given_freq(&self, key: &str) -> u32 {
        self.idx.family_given_freq.get(hash_str(key))
    }

    /// Approximate bytes held per resident (store and indexes).
    pub fn bytes_per_resident(&self) -> f64 {
        let idx = &self.idx;
        let kb = |k: &KeyIndex| k.heap_bytes();
        let cb = |c: &CountIndex| c.keys.capacity() * 8 + c.counts.capacity() * 4;
        let total = self.store.heap_bytes()
            + kb(&idx.by_id)
            + kb(&idx.by_cmnd)
            + kb(&idx.by_name_year)
            + kb(&idx.by_phonetic_year)
            + kb(&idx.by_given_dob)
            + kb(&idx.by_household)
            + cb(&idx.full_name_freq)
            + cb(&idx.family_given_freq)
            + cb(&idx.surname_freq)
            + cb(&idx.given_freq)
            + cb(&idx.dob_freq);
        total as f64 / self.len().max(1) as f64
    }
}

/// A stored ID number written out as its zero-padded digits on the stack ("" for 0).
#[derive(Debug, Clone, Copy)]
pub struct Digits {
    buf: [u8; 20],
    len: usize,
}

impl Digits {
    pub fn new(mut n: u64, width: usize) -> Digits {
        let mut d = Digits {
            buf: [b'0'; 20],
            len: 0,
        };
        if n == 0 {
            return d;
        }
        let mut k = 20;
        while n > 0 {
            k -= 1;
            d.buf[k] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        d.len = (20 - k).max(width.min(20));
        d
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[20 - self.len..]).unwrap_or("")
    }
}

#[derive(Default)]
struct Chunk {
    ids: Vec<u64>,
    cmnds: Vec<u64>,
    dobs: Vec<u32>,
    flags: Vec<u8>,
    text_starts: Vec<u64>,
    arena: Vec<u8>,
    pairs_id: Vec<(u64, u32)>,
    pairs_cmnd: Vec<(u64, u32)>,
    pairs_ny: Vec<(u64, u32)>,
    pairs_py: Vec<(u64, u32)>,
    pairs_gd: Vec<(u64, u32)>,
    pairs_hh: Vec<(u64, u32)>,
    names: Vec<u64>,
    fgs: Vec<u64>,
    surnames: Vec<u64>,
    givens: Vec<u64>,
    dob_keys: Vec<u64>,
    without_id: usize,
    unparsed_dates: usize,
    unparsed_names: usize,
    dead: usize,
}

fn build_chunk(
    raw: &RawExtract,
    start: usize,
    end: usize,
    dead_values: &[String],
    ctx: &DateContext,
) -> Chunk {
    let mut ch = Chunk::default();
    for r in start..end {
        let i = r as u32;
        // IDs: the personal-ID column may also hold a 9-digit CMND.
        let mut pid = 0u64;
        let mut cmnd = 0u64;
        for f in [Field::Id, Field::Cmnd] {
            if let Some(v) = raw.get(f, r) {
                for idn in id::parse_id_text(v).ids {
                    match idn.kind {
                        IdKind::Personal12 if pid == 0 => pid = digits_u64(&idn.digits),
                        IdKind::Cmnd9 if cmnd == 0 => cmnd = digits_u64(&idn.digits),
                        _ => {}
                    }
                }
            }
        }
        if pid == 0 {
            ch.without_id += 1;
        } else {
            ch.pairs_id.push((pid, i));
        }
        if cmnd != 0 {
            ch.pairs_cmnd.push((cmnd, i));
        }
        ch.ids.push(pid);
        ch.cmnds.push(cmnd);

        let dob = raw
            .get(Field::Dob, r)
            .and_then(|v| date::parse_date_text(v, ctx).dob);
        if dob.is_none() {
            ch.unparsed_dates += 1;
        }
        ch.dobs.push(store::pack_dob(dob));
        if dob.is_some() {
            ch.dob_keys.push(store::pack_dob(dob) as u64);
        }

        let mut flags = match raw.get(Field::Sex, r).and_then(|s| sex::parse_sex(s, None)) {
            Some(Sex::Male) => store::FLAG_MALE,
            Some(Sex::Female) => store::FLAG_FEMALE,
            None => 0,
        };
        let status = raw.get(Field::Status, r).map(fold).unwrap_or_default();
        let dead = (!status.is_empty() && dead_values.contains(&status))
            || raw.get(Field::DeathDate, r).is_some();
        if dead {
            flags |= store::FLAG_DEAD;
            ch.dead += 1;
        }
        ch.flags.push(flags);

        let name_text = raw.get(Field::FullName, r).unwrap_or("");
        match name::parse_person_name(name_text) {
            Some(n) => {
                let folded = n.folded();
                ch.names.push(hash_str(&folded));
                ch.fgs.push(hash_str(&family_given_key(&n)));
                ch.surnames.push(hash_str(&n.folded_family()));
                ch.givens.push(hash_str(&n.folded_given()));
                if let Some(d) = dob {
                    ch.pairs_ny.push((name_year_key(&folded, d.year), i));
                    ch.pairs_py
                        .push((name_year_key(&n.phonetic_key(), d.year), i));
                    if d.day.is_some() {
                        ch.pairs_gd.push((given_dob_key(&n.folded_given(), d), i));
                    }
                }
            }
            None => ch.unparsed_names += 1,
        }

        if let Some(k) = raw.get(Field::Household, r).and_then(household::code_key) {
            ch.pairs_hh.push((hash_str(k.as_str()), i));
        }
        ch.text_starts.push(ch.arena.len() as u64);
        let texts = [
            name_text,
            raw.get(Field::Address, r).unwrap_or(""),
            raw.get(Field::Household, r).unwrap_or(""),
            raw.get(Field::Father, r).unwrap_or(""),
            raw.get(Field::Mother, r).unwrap_or(""),
            raw.get(Field::DeathDate, r).unwrap_or(""),
        ];
        for (k, t) in texts.iter().enumerate() {
            if k > 0 {
                ch.arena.push(store::SEP);
            }
            // The separator never occurs in real text; drop it if a cell carries it.
            ch.arena.extend(t.bytes().filter(|&b| b != store::SEP));
        }
    }
    ch
}

#[cfg(test)]
mod tests {
    use super::Digits;

    #[test]
    fn digits_are_zero_padded_like_format() {
        for (n, w) in [
            (79_085_001_234u64, 12usize),
            (1, 12),
            (12_345_678, 9),
            (999_999_999_999, 12),
        ] {
            assert_eq!(Digits::new(n, w).as_str(), format!("{n:0w$}"));
        }
        assert_eq!(Digits::new(0, 12).as_str(), "");
        assert_eq!(Digits::new(u64::MAX, 12).as_str(), u64::MAX.to_string());
    }
}
