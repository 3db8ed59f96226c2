//! Evaluation rows about households, parents and co-holders: the birth register lists the
//! parents' names (with the usual corruptions), the poor-household list carries household
//! codes (leading zero lost, spaced), and two extra lists hold what only these fields can
//! decide: namesakes of one name and birth year told apart by their parents, and land
//! couples ("Ông A và bà B") whose main name is mistyped into another family name, beyond
//! every name key, so that only the spouse's household finds them.

use std::collections::HashSet;

use super::corrupt::consonant_typo;
use super::eval_row::{EvalList, EvalRow, truth};
use super::index::{NearIndex, name_keys};
use super::lists::{Entry, Kind, Status};
use super::people::{Name, Population};
use super::rng::Rng;
use super::tables::TABLES;
use doikhop::fields::sex::Sex;
use doikhop::model::Cell;
use doikhop::text::fold::{fold, strip_diacritics};
use doikhop::text::name::parse_person_name;

/// Family names one letter apart that are both family names (a typing slip that gives
/// another real family name, so the honorific before it is still recognised).
const FAMILY_SLIPS: [(&str, &str); 12] = [
    ("Phạm", "Phan"),
    ("Phan", "Phạm"),
    ("Lê", "Lý"),
    ("Lý", "Lê"),
    ("Hồ", "Hà"),
    ("Hà", "Hồ"),
    ("Dương", "Lương"),
    ("Lương", "Dương"),
    ("Đào", "Đàm"),
    ("Đàm", "Đào"),
    ("Tạ", "Tô"),
    ("Tô", "Tạ"),
];

/// A parent's name as a birth register shows it: mostly as registered, sometimes without
/// diacritics, in capitals or with a one-letter slip in the given name; rarely left blank.
fn parent_text(rng: &mut Rng, name: &str, may_blank: bool) -> String {
    if name.is_empty() || (may_blank && rng.chance(0.05)) {
        return String::new();
    }
    let r = rng.unit();
    let mut s = if r < 0.12 {
        strip_diacritics(name)
    } else if r < 0.2 {
        name.to_uppercase()
    } else {
        name.to_string()
    };
    if rng.chance(0.04)
        && let Some((head, given)) = s.rsplit_once(' ')
        && let Some(slip) = consonant_typo(rng, given)
    {
        s = format!("{head} {slip}");
    }
    s
}

/// A household code as a list shows it: as issued, without its leading zero (typed into a
/// number cell), spaced, or after an apostrophe.
fn code_text(rng: &mut Rng, code: &str) -> String {
    let r = rng.unit();
    if r < 0.6 {
        code.to_string()
    } else if r < 0.8 {
        code.trim_start_matches('0').to_string()
    } else if r < 0.92 && code.len() > 5 && code.is_ascii() {
        format!("{} {}", &code[..5], &code[5..])
    } else {
        format!("'{code}")
    }
}

/// Add the household and parents columns to a row of the builder's lists: parents on the
/// birth register, household codes on the poor-household list (half of its ambiguous
/// namesakes get theirs, which then tells them apart), and old household-book numbers the
/// registry does not know on some rows of the social-protection list.
pub fn decorate(row: &mut EvalRow, e: &Entry, kind: Kind, pop: &Population, rng: &mut Rng) {
    match kind {
        Kind::HoTich => {
            row.father = parent_text(rng, &e.subject.father, true);
            row.mother = parent_text(rng, &e.subject.mother, true);
        }
        Kind::HoNgheo => {
            let Some(i) = e.subject.resident else {
                return;
            };
            let h = pop.household_of(i);
            if e.truth.status == Status::Ambiguous {
                let r = &pop.residents[i];
                let namesake_at_home = h
                    .members
                    .iter()
                    .any(|&m| m as usize != i && pop.residents[m as usize].name == r.name);
                if namesake_at_home || !rng.chance(0.5) {
                    return;
                }
                row.truth.status = Status::Matched;
                row.truth.resident_id = r.id.clone();
                row.truth.candidates.clear();
                row.truth.scenario.push("namesake_told_by_household".into());
            } else if !rng.chance(0.85) {
                return;
            }
            row.household = code_text(rng, &h.code);
            row.truth.scenario.push("household_code".into());
        }
        // an old household-book number (sổ hộ khẩu), which the registry does not know: it
        // must weigh nothing
        Kind::BaoTro if rng.chance(0.4) => {
            row.household = format!("{:06}", rng.below(1_000_000));
            row.truth.scenario.push("household_book_number".into());
        }
        _ => {}
    }
}

/// The two extra lists: `n` rows each at most.
pub fn lists(
    rng: &mut Rng,
    pop: &Population,
    idx: &NearIndex,
    used: &[bool],
    n: usize,
) -> Vec<EvalList> {
    let mut g = Gen {
        rng,
        pop,
        idx,
        used,
        taken: HashSet::new(),
    };
    let births = g.births(n);
    let couples = g.couples(n);
    vec![
        EvalList {
            name: "ho-tich-bo-sung".to_string(),
            rules_kind: "ho-tich",
            rows: births,
        },
        EvalList {
            name: "dat-dai-bo-sung".to_string(),
            rules_kind: "dat-dai",
            rows: couples,
        },
    ]
}

struct Gen<'a> {
    rng: &'a mut Rng,
    pop: &'a Population,
    idx: &'a NearIndex,
    used: &'a [bool],
    taken: HashSet<usize>,
}

impl Gen<'_> {
    fn free(&self, i: usize) -> bool {
        !self.used[i] && self.unlisted(i)
    }

    /// Alive and not yet on these lists (possibly on one of the builder's: lists are matched
    /// one by one, so a person on two lists is no repeat).
    fn unlisted(&self, i: usize) -> bool {
        !self.taken.contains(&i) && self.pop.residents[i].alive()
    }

    fn address(&self, i: usize) -> String {
        let h = self.pop.household_of(i);
        match TABLES.area.old_communes.get(h.old_commune) {
            Some(o) => format!("{}, {}", self.pop.hamlet_label(h), o.lower_unit()),
            None => self.pop.hamlet_label(h),
        }
    }

    fn row(&self, i: usize, name: String, dob: Cell, sex: &str) -> EvalRow {
        EvalRow {
            name,
            id: Cell::Empty,
            dob,
            sex: sex.to_string(),
            address: self.address(i),
            father: String::new(),
            mother: String::new(),
            household: String::new(),
            truth: truth(Status::Matched, "", Vec::new(), ""),
        }
    }

    /// Birth-register rows: namesakes (one name, one birth year, the register digitised with
    /// the year only) told apart by their parents; and people whose registered father is
    /// another man than the list's (parents differing is information, not a discrepancy).
    fn births(&mut self, n: usize) -> Vec<EvalRow> {
        let pop = self.pop;
        let mut out = Vec::new();
        let mut pairs: Vec<usize> = (0..pop.pairs.len()).collect();
        self.rng.shuffle(&mut pairs);
        for k in pairs {
            if out.len() * 2 >= n {
                break;
            }
            let (a, b) = pop.pairs[k];
            let (a, b) = if self.rng.chance(0.5) { (a, b) } else { (b, a) };
            let (a, b) = (a as usize, b as usize);
            let (ra, rb) = (&pop.residents[a], &pop.residents[b]);
            // namesakes without a third near namesake are rare: the builder's ambiguous
            // rows take most of them, and they are taken again here
            if !self.unlisted(a) || !self.unlisted(b) || ra.dob.year != rb.dob.year {
                continue;
            }
            let differ = |x: &str, y: &str| !x.is_empty() && !y.is_empty() && fold(x) != fold(y);
            if !differ(&ra.father, &rb.father) || !differ(&ra.mother, &rb.mother) {
                continue;
            }
            let (f, g) = name_keys(&ra.name);
            if self.idx.other(&f, &g, ra.dob.year, pop, &[a, b]) {
                continue;
            }
            self.taken.insert(a);
            self.taken.insert(b);
            let mut row = self.row(
                a,
                ra.name.full(),
                Cell::Int(i64::from(ra.dob.year)),
                ra.sex.label_vi(),
            );
            row.father = parent_text(self.rng, &ra.father, false);
            row.mother = parent_text(self.rng, &ra.mother, false);
            row.truth = truth(Status::Matched, &ra.id, vec![], "namesake_told_by_parents");
            out.push(row);
        }
        let mut tries = 0;
        while out.len() < n && tries < n * 40 {
            tries += 1;
            let i = self.rng.index(pop.residents.len());
            let r = &pop.residents[i];
            if !self.free(i) || !r.dob.is_full() || r.father.is_empty() || r.mother.is_empty() {
                continue;
            }
            let (f, g) = name_keys(&r.name);
            if self.idx.other_full(&f, &g, &r.dob, pop, &[i]) {
                continue;
            }
            // the list names another father (a stepfather, a later acknowledgement)
            let other = super::people::random_name(
                self.rng,
                &TABLES,
                Sex::Male,
                r.dob.year - 25,
                Some(&r.name.family),
            )
            .full();
            if fold(&other) == fold(&r.father) {
                continue;
            }
            self.taken.insert(i);
            let mut row = self.row(
                i,
                r.name.full(),
                Cell::Text(r.dob.ddmmyyyy()),
                r.sex.label_vi(),
            );
            row.father = other;
            row.mother = parent_text(self.rng, &r.mother, false);
            row.truth = truth(Status::Matched, &r.id, vec![], "father_differs");
            out.push(row);
        }
        out
    }

    /// Land-book couples: "Ông A và bà B" with A's family name mistyped into another family
    /// name (no name key finds A), the birth year only and no ID; three rows in four. The
    /// others are couples written right.
    fn couples(&mut self, n: usize) -> Vec<EvalRow> {
        let pop = self.pop;
        let mut out = Vec::new();
        let mut tries = 0;
        while out.len() < n && tries < n * 60 {
            tries += 1;
            let i = self.rng.index(pop.residents.len());
            let r = &pop.residents[i];
            let Some(s) = r.spouse.map(|s| s as usize) else {
                continue;
            };
            let sp = &pop.residents[s];
            if !self.free(i) || r.age() < 25 || !sp.alive() || sp.household != r.household {
                continue;
            }
            let slip = self.rng.chance(0.75);
            let mut listed = r.name.clone();
            if slip {
                let Some(&(_, to)) = FAMILY_SLIPS.iter().find(|(from, _)| *from == r.name.family)
                else {
                    continue;
                };
                listed.family = to.to_string();
                if !beyond_name_keys(&r.name, &listed) {
                    continue;
                }
            }
            // nobody else could be meant by the listed name or the true one
            let (f, g) = name_keys(&r.name);
            let (lf, lg) = name_keys(&listed);
            if self.idx.other(&f, &g, r.dob.year, pop, &[i])
                || self.idx.other(&lf, &lg, r.dob.year, pop, &[i])
            {
                continue;
            }
            self.taken.insert(i);
            let text = format!(
                "{} {} và {} {}",
                honorific(r.sex, true),
                listed.full(),
                honorific(sp.sex, false),
                sp.name.full()
            );
            let mut row = self.row(i, text, Cell::Int(i64::from(r.dob.year)), "");
            row.truth = if slip {
                truth(
                    Status::Mismatch,
                    &r.id,
                    vec!["name"],
                    "couple_main_name_beyond_keys",
                )
            } else {
                truth(Status::Matched, &r.id, vec![], "couple")
            };
            out.push(row);
        }
        out
    }
}

fn honorific(sex: Sex, cap: bool) -> &'static str {
    match (sex, cap) {
        (Sex::Male, true) => "Ông",
        (Sex::Male, false) => "ông",
        (Sex::Female, true) => "Bà",
        (Sex::Female, false) => "bà",
    }
}

/// The engine's name keys (folded name, phonetic family + given) all differ.
fn beyond_name_keys(true_name: &Name, listed: &Name) -> bool {
    match (
        parse_person_name(&true_name.full()),
        parse_person_name(&listed.full()),
    ) {
        (Some(a), Some(b)) => a.folded() != b.folded() && a.phonetic_key() != b.phonetic_key(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_give_another_family_name_beyond_the_keys() {
        for (from, to) in FAMILY_SLIPS {
            let a = Name {
                family: from.to_string(),
                middle: vec!["Văn".into()],
                given: "Hùng".into(),
            };
            let b = Name {
                family: to.to_string(),
                ..a.clone()
            };
            assert!(beyond_name_keys(&a, &b), "{from} -> {to}");
            let level = doikhop::text::name::compare_names(
                &parse_person_name(&b.full()).unwrap(),
                &parse_person_name(&a.full()).unwrap(),
            );
            assert_eq!(level, doikhop::text::name::NameLevel::OneLetter, "{from}");
        }
    }

    #[test]
    fn household_codes_are_shown_in_the_forms_lists_use() {
        let mut rng = Rng::new(3);
        let code = "0790000123";
        let mut seen = HashSet::new();
        for _ in 0..200 {
            let t = code_text(&mut rng, code);
            let key = doikhop::fields::household::code_key(&t).map(|k| k.as_str().to_string());
            assert_eq!(key.as_deref(), Some("790000123"), "{t}");
            seen.insert(t);
        }
        assert!(seen.len() >= 4, "{seen:?}");
    }
}
