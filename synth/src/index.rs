//! Look-ups that keep the truth certain: "could this listed person be a resident other than
//! the intended one?" A resident is *near* a listed name when, within one year of the listed
//! birth year, its surname and given name agree with the listed ones up to one edit (in one
//! of them) after folding case and diacritics; middle names are ignored (conservative).
//! Three rules use it: [`NearIndex::other`] (rows showing name + year and no usable ID),
//! [`NearIndex::other_full`] (rows showing a full date and no usable ID) and
//! [`NearIndex::other_exact`] (rows anchored by a correct ID).

use doikhop::registry::keys::hash_str;
use doikhop::text::fold::strip_diacritics;

use super::people::{Dob, Name, Population};

/// Lowercase ASCII letters only: "Nguyễn" -> "nguyen".
pub fn fold_word(s: &str) -> String {
    strip_diacritics(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// Folded full name, single spaces: "Nguyễn  Văn AN" -> "nguyen van an".
pub fn fold_full(s: &str) -> String {
    s.split_whitespace()
        .map(fold_word)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn fnv(tag: u8, year: i32, f: &str, g: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    eat(tag);
    for b in year.to_le_bytes() {
        eat(b);
    }
    for b in f.bytes() {
        eat(b);
    }
    eat(0xff);
    for b in g.bytes() {
        eat(b);
    }
    h
}

fn deletions(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out: Vec<String> = (0..chars.len())
        .map(|i| {
            chars
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| *c)
                .collect()
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Optimal-string-alignment distance is at most 1.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let mut i = 0;
    while i < la.min(lb) && a[i] == b[i] {
        i += 1;
    }
    if la == lb {
        // substitution or transposition
        a[i + 1..] == b[i + 1..]
            || (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..])
    } else if la > lb {
        a[i + 1..] == b[i..]
    } else {
        a[i..] == b[i + 1..]
    }
}

/// The fold keys of a name: (first surname token, given name).
pub fn name_keys(n: &Name) -> (String, String) {
    (fold_word(n.surname()), fold_word(&n.given))
}

/// Same from a free-text listed name (first and last token).
pub fn text_keys(s: &str) -> (String, String) {
    let f = fold_full(s);
    let toks: Vec<&str> = f.split(' ').collect();
    (
        toks.first().copied().unwrap_or("").to_string(),
        toks.last().copied().unwrap_or("").to_string(),
    )
}

/// What a list row shows of the birth date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Year(i32),
    Full(Dob),
}

impl Shown {
    pub fn year(self) -> i32 {
        match self {
            Shown::Year(y) => y,
            Shown::Full(d) => d.year,
        }
    }
}

/// Could a registry date be confused with a listed full date? (within a year, and the same
/// day, the same month, day and month swapped, or the registry only has the year)
pub fn close_date(registry: &Dob, listed: &Dob) -> bool {
    (registry.year - listed.year).abs() <= 1
        && (!registry.is_full()
            || registry.day == listed.day
            || registry.month == listed.month
            || (registry.day == listed.month && registry.month == listed.day))
}

/// Residents indexed by (birth year, folded surname, folded given name), by the given
/// name's one-letter deletions (any position) and by its positional deletions, so that every
/// resident one edit away (substitution, insertion, deletion, adjacent transposition) in the
/// given name, or in the surname, is found without scanning false candidates.
pub struct NearIndex {
    keys: Vec<u64>,
    owners: Vec<u32>,
    /// folded (surname, given name) of every resident
    folded: Vec<(Box<str>, Box<str>)>,
    /// hash of every resident's folded full name (`other_exact` compares it instead of folding
    /// each candidate's name again: at 10M residents a common name's block is thousands)
    full_hashes: Vec<u64>,
    /// every folded surname of the registry with the other surnames one edit away
    surnames: Vec<(String, Vec<String>)>,
}

fn positional(tag: u8, pos: usize) -> u8 {
    tag.wrapping_add((pos as u8).wrapping_mul(4))
}

fn resident_keys(f: &str, g: &str, y: i32) -> Vec<u64> {
    let mut v = vec![fnv(0, y, f, g)];
    for d in deletions(g) {
        v.push(fnv(1, y, f, &d));
    }
    for (i, d) in positional_deletions(g) {
        v.push(fnv(positional(2, i), y, f, &d));
    }
    v.sort_unstable();
    v.dedup();
    v
}

fn positional_deletions(s: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = s.chars().collect();
    (0..chars.len())
        .map(|i| {
            let d: String = chars
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| *c)
                .collect();
            (i, d)
        })
        .collect()
}

fn transpositions(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    for i in 0..chars.len().saturating_sub(1) {
        if chars[i] != chars[i + 1] {
            let mut c = chars.clone();
            c.swap(i, i + 1);
            out.push(c.into_iter().collect());
        }
    }
    out
}

impl NearIndex {
    pub fn build(pop: &Population) -> NearIndex {
        let mut pairs: Vec<(u64, u32)> = Vec::with_capacity(pop.residents.len() * 9);
        let mut folded = Vec::with_capacity(pop.residents.len());
        let full_hashes = pop
            .residents
            .iter()
            .map(|r| hash_str(&fold_full(&r.name.full())))
            .collect();
        let mut surnames: Vec<String> = Vec::new();
        for (i, r) in pop.residents.iter().enumerate() {
            let (f, g) = name_keys(&r.name);
            for k in resident_keys(&f, &g, r.dob.year) {
                pairs.push((k, i as u32));
            }
            if !surnames.contains(&f) {
                surnames.push(f.clone());
            }
            folded.push((f.into_boxed_str(), g.into_boxed_str()));
        }
        pairs.sort_unstable();
        let (keys, owners) = pairs.into_iter().unzip();
        surnames.sort();
        let surnames = surnames
            .iter()
            .map(|s| {
                let near = surnames
                    .iter()
                    .filter(|o| *o != s && within_one_edit(o, s))
                    .cloned()
                    .collect();
                (s.clone(), near)
            })
            .collect();
        NearIndex {
            keys,
            owners,
            folded,
            full_hashes,
            surnames,
        }
    }

    /// Query keys, cheapest and likeliest hits first.
    fn query_keys(&self, f: &str, g: &str, y: i32) -> Vec<u64> {
        let near: Vec<&String> = match self.surnames.binary_search_by(|(s, _)| s.as_str().cmp(f)) {
            Ok(i) => self.surnames[i].1.iter().collect(),
            // a surname the registry does not have: compare with all of them
            Err(_) => self
                .surnames
                .iter()
                .map(|(s, _)| s)
                .filter(|s| within_one_edit(s, f))
                .collect(),
        };
        let dels = deletions(g);
        let pos = positional_deletions(g);
        let swaps = transpositions(g);
        let mut q = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for yy in [y, y - 1, y + 1] {
            let mut push = |k: u64| {
                if seen.insert(k) {
                    q.push(k);
                }
            };
            push(fnv(0, yy, f, g));
            for s in &near {
                push(fnv(0, yy, s, g));
            }
            // the listed given name has one letter too many
            for d in &dels {
                push(fnv(0, yy, f, d));
            }
            // ... one letter too few
            push(fnv(1, yy, f, g));
            // ... one letter substituted
            for (i, d) in &pos {
                push(fnv(positional(2, *i), yy, f, d));
            }
            // ... two letters swapped
            for t in &swaps {
                push(fnv(0, yy, f, t));
            }
        }
        q
    }

    /// Is there a resident, born within a year of `year`, whose surname and given name agree
    /// with (f, g) up to one edit in one of them (folded; middle names ignored) and that
    /// satisfies `pred`? Stops at the first.
    pub fn any_near(
        &self,
        f: &str,
        g: &str,
        year: i32,
        pop: &Population,
        pred: impl Fn(usize) -> bool,
    ) -> bool {
        for k in self.query_keys(f, g, year) {
            let lo = self.keys.partition_point(|&x| x < k);
            for (x, &i) in self.keys[lo..].iter().zip(&self.owners[lo..]) {
                if *x != k {
                    break;
                }
                let i = i as usize;
                let (Some(r), Some((rf, rg))) = (pop.residents.get(i), self.folded.get(i)) else {
                    continue;
                };
                let near = (r.dob.year - year).abs() <= 1
                    && ((&**rf == f && within_one_edit(rg, g))
                        || (&**rg == g && within_one_edit(rf, f)));
                if near && pred(i) {
                    return true;
                }
            }
        }
        false
    }

    /// All such residents (sorted).
    pub fn near(&self, f: &str, g: &str, year: i32, pop: &Population) -> Vec<usize> {
        let found = std::cell::RefCell::new(Vec::new());
        self.any_near(f, g, year, pop, |i| {
            found.borrow_mut().push(i);
            false
        });
        let mut v = found.into_inner();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Strict rule (a row showing a name and a birth year, no usable ID): could it be a
    /// resident other than `selves`?
    pub fn other(&self, f: &str, g: &str, year: i32, pop: &Population, selves: &[usize]) -> bool {
        self.any_near(f, g, year, pop, |i| !selves.contains(&i))
    }

    /// Rule for a row that shows a full birth date (no usable ID): is there a resident besides
    /// `selves` with a near name and a date that could be confused with it?
    pub fn other_full(
        &self,
        f: &str,
        g: &str,
        dob: &Dob,
        pop: &Population,
        selves: &[usize],
    ) -> bool {
        self.any_near(f, g, dob.year, pop, |i| {
            !selves.contains(&i) && close_date(&pop.residents[i].dob, dob)
        })
    }

    /// Rule for a row anchored by a correct ID: is there a resident besides `selves` whose
    /// full name (folded) and shown date equal the listed ones (whom the row describes better)?
    pub fn other_exact(
        &self,
        listed: &Name,
        shown: Shown,
        pop: &Population,
        selves: &[usize],
    ) -> bool {
        let (f, g) = name_keys(listed);
        let full = hash_str(&fold_full(&listed.full()));
        self.any_near(&f, &g, shown.year(), pop, |i| {
            let r = &pop.residents[i];
            let date_ok = match shown {
                Shown::Year(y) => r.dob.year == y,
                Shown::Full(d) => r.dob == d || (!r.dob.is_full() && r.dob.year == d.year),
            };
            self.full_hashes.get(i) == Some(&full) && date_ok && !selves.contains(&i)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::generate_population;

    #[test]
    fn folding() {
        assert_eq!(fold_word("Nguyễn"), "nguyen");
        assert_eq!(fold_word("Đức"), "duc");
        assert_eq!(fold_full(" NGUYỄN\u{a0} Văn  An "), "nguyen van an");
        assert_eq!(
            text_keys("Trần Thị Bích Ngọc"),
            ("tran".into(), "ngoc".into())
        );
    }

    #[test]
    fn edits() {
        assert!(within_one_edit("hung", "hung"));
        assert!(within_one_edit("hung", "tung"));
        assert!(within_one_edit("an", "anh"));
        assert!(within_one_edit("anh", "an"));
        assert!(within_one_edit("ahn", "anh"));
        assert!(!within_one_edit("hung", "tuan"));
        assert!(!within_one_edit("le", "nguyen"));
        assert!(within_one_edit("le", "la"));
    }

    #[test]
    fn near_index_finds_self_and_variants() {
        let p = generate_population(5, 2000, 10);
        let idx = NearIndex::build(&p);
        for i in (0..p.residents.len()).step_by(7) {
            let r = &p.residents[i];
            let (f, g) = name_keys(&r.name);
            assert!(idx.other(&f, &g, r.dob.year, &p, &[]));
            // one-letter variants of the given name still see the resident
            let mut variants = vec![format!("{g}x"), format!("x{g}")];
            if g.len() > 1 {
                variants.push(g[1..].to_string());
                variants.push(format!("q{}", &g[1..]));
                let mut c: Vec<char> = g.chars().collect();
                c.swap(0, 1);
                variants.push(c.into_iter().collect());
            }
            for v in &variants {
                assert!(idx.near(&f, v, r.dob.year + 1, &p).contains(&i), "{g} {v}");
            }
            // and excluding the resident itself removes its contribution
            let near = idx.near(&f, &g, r.dob.year, &p);
            let alone = near.iter().filter(|&&j| j != i).count();
            assert_eq!(idx.other(&f, &g, r.dob.year, &p, &[i]), alone > 0);
            let brute = p
                .residents
                .iter()
                .enumerate()
                .filter(|(j, o)| {
                    let (of, og) = name_keys(&o.name);
                    *j != i
                        && (o.dob.year - r.dob.year).abs() <= 1
                        && ((of == f && within_one_edit(&og, &g))
                            || (og == g && within_one_edit(&of, &f)))
                })
                .count();
            assert_eq!(alone, brute, "{}", r.name.full());
        }
    }
}
