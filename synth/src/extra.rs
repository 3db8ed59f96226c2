//! Extra evaluation rows for what the list builder does not make but real lists contain: an
//! ID that belongs to another resident (a household member's), IDs damaged by scientific
//! notation, IDs with two digits swapped, two-digit years, impossible dates, month and year
//! only, Excel serial numbers, a middle name added, several corruptions in one row, namesakes
//! told apart by the date, and people not in the registry who share a resident's name.
//!
//! Every row's truth is checked against the whole population with [`NearIndex`]: a row
//! without a usable ID is only given a resident when no other resident could be meant.

use std::collections::HashSet;

use super::corrupt::{change_tone, consonant_typo};
use super::eval_row::{EvalRow, truth};
use super::index::{NearIndex, name_keys};
use super::lists::{Status, neighbours};
use super::people::{Dob, Name, Population, REF_YEAR, days_in_month, random_date, random_name};
use super::rng::Rng;
use super::tables::TABLES;
use doikhop::fields::sex::Sex;
use doikhop::model::Cell;
use doikhop::text::fold::strip_diacritics;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extra {
    WrongIdOfOther,
    IdScientific,
    IdTransposed,
    IdDigitPlainName,
    TwoDigitYear,
    Impossible,
    MonthYear,
    Serial,
    MiddleAdded,
    TypoAndYear,
    ToneAndSwap,
    CmndNoDiacritics,
    WrongSexNoId,
    NamesakeByDate,
    NearNamesakeNotFound,
    InventedNotFound,
    DeadWithTypo,
    SameNameYearNotFound,
    NoDobWithId,
    TypoYearNoId,
    DeadYearOnly,
    WrongIdAndTypo,
    MiddleMissingYearOnly,
    NamesakePairBoth,
}

const MIX: [(Extra, usize); 24] = [
    (Extra::WrongIdOfOther, 8),
    (Extra::IdScientific, 6),
    (Extra::IdTransposed, 6),
    (Extra::IdDigitPlainName, 5),
    (Extra::TwoDigitYear, 6),
    (Extra::Impossible, 4),
    (Extra::MonthYear, 5),
    (Extra::Serial, 5),
    (Extra::MiddleAdded, 6),
    (Extra::TypoAndYear, 6),
    (Extra::ToneAndSwap, 5),
    (Extra::CmndNoDiacritics, 5),
    (Extra::WrongSexNoId, 5),
    (Extra::NamesakeByDate, 6),
    (Extra::NearNamesakeNotFound, 10),
    (Extra::InventedNotFound, 8),
    (Extra::DeadWithTypo, 4),
    (Extra::SameNameYearNotFound, 8),
    (Extra::NoDobWithId, 4),
    (Extra::TypoYearNoId, 5),
    (Extra::DeadYearOnly, 3),
    (Extra::WrongIdAndTypo, 4),
    (Extra::MiddleMissingYearOnly, 4),
    (Extra::NamesakePairBoth, 4),
];

struct Gen<'a> {
    rng: &'a mut Rng,
    pop: &'a Population,
    idx: &'a NearIndex,
    taken: HashSet<usize>,
    used: &'a [bool],
    /// A second row made with the last one (both namesakes of a pair).
    pending: Option<EvalRow>,
}

/// `n` extra rows, shuffled, each a different resident.
pub fn rows(
    rng: &mut Rng,
    pop: &Population,
    idx: &NearIndex,
    used: &[bool],
    n: usize,
) -> Vec<EvalRow> {
    let total: usize = MIX.iter().map(|(_, w)| w).sum();
    let mut plan = Vec::with_capacity(n);
    for (e, w) in MIX {
        plan.extend(std::iter::repeat_n(e, n * w / total));
    }
    rng.shuffle(&mut plan);
    let mut g = Gen {
        rng,
        pop,
        idx,
        taken: HashSet::new(),
        used,
        pending: None,
    };
    let mut out = Vec::with_capacity(plan.len());
    for e in plan {
        for _ in 0..40 {
            if let Some(r) = g.row(e) {
                out.push(r);
                out.extend(g.pending.take());
                break;
            }
        }
    }
    out
}

/// Excel's 1900-system serial of a date.
fn excel_serial(d: &Dob) -> i64 {
    let mut days: i64 = 0;
    for y in 1900..d.year {
        days += if super::people::is_leap(y) { 366 } else { 365 };
    }
    for m in 1..d.month {
        days += i64::from(days_in_month(d.year, m));
    }
    // serial 1 = 1900-01-01, plus Excel's nonexistent 29/02/1900
    days + i64::from(d.day) + 1
}

fn sex_text(s: Sex) -> String {
    s.label_vi().to_string()
}

impl Gen<'_> {
    fn address(&self, i: usize) -> String {
        let h = self.pop.household_of(i);
        match TABLES.area.old_communes.get(h.old_commune) {
            Some(o) => format!("{}, {}", self.pop.hamlet_label(h), o.lower_unit()),
            None => self.pop.hamlet_label(h),
        }
    }

    /// An unused adult with a full date of birth; alive unless `dead`.
    fn pick(&mut self, dead: bool) -> Option<usize> {
        for _ in 0..200 {
            let i = self.rng.index(self.pop.residents.len());
            let r = &self.pop.residents[i];
            if self.used[i] || self.taken.contains(&i) || !r.dob.is_full() {
                continue;
            }
            if r.alive() == dead || r.age() < 18 || r.id.is_empty() {
                continue;
            }
            return Some(i);
        }
        None
    }

    /// Nobody else has a near name and a date that could be confused with this one.
    fn alone(&self, i: usize, listed: &Name, dob: &Dob) -> bool {
        let r = &self.pop.residents[i];
        let (f, g) = name_keys(&r.name);
        let (lf, lg) = name_keys(listed);
        !self.idx.other_full(&f, &g, &r.dob, self.pop, &[i])
            && !self.idx.other_full(&lf, &lg, dob, self.pop, &[i])
            && !self.idx.other_full(&f, &g, dob, self.pop, &[i])
    }

    /// Nobody else has a near name born within a year (the row shows little else).
    fn alone_by_year(&self, i: usize, listed: &Name, year: i32) -> bool {
        let r = &self.pop.residents[i];
        let (f, g) = name_keys(&r.name);
        let (lf, lg) = name_keys(listed);
        !self.idx.other(&f, &g, r.dob.year, self.pop, &[i])
            && !self.idx.other(&lf, &lg, year, self.pop, &[i])
    }

    fn base(&self, i: usize, name: String, id: Cell, dob: Cell) -> EvalRow {
        let r = &self.pop.residents[i];
        EvalRow {
            name,
            id,
            dob,
            sex: sex_text(r.sex),
            address: self.address(i),
            father: String::new(),
            mother: String::new(),
            household: String::new(),
            truth: truth(Status::Matched, "", Vec::new(), ""),
        }
    }

    fn done(
        &mut self,
        i: usize,
        mut row: EvalRow,
        status: Status,
        disc: Vec<&'static str>,
        scen: &str,
    ) -> Option<EvalRow> {
        self.taken.insert(i);
        row.truth = truth(status, &self.pop.residents[i].id, disc, scen);
        Some(row)
    }

    fn date_text(d: &Dob) -> Cell {
        Cell::Text(d.ddmmyyyy())
    }

    /// A name with one token changed by `f`, the given name preferred.
    fn corrupt_name(
        &mut self,
        name: &Name,
        f: fn(&mut Rng, &str) -> Option<String>,
    ) -> Option<Name> {
        let mut n = name.clone();
        if self.rng.chance(0.7) {
            n.given = f(self.rng, &n.given)?;
        } else {
            let k = self.rng.index(n.middle.len().max(1));
            let m = n.middle.get(k)?.clone();
            n.middle[k] = f(self.rng, &m)?;
        }
        (n != *name).then_some(n)
    }

    fn row(&mut self, e: Extra) -> Option<EvalRow> {
        let pop = self.pop;
        match e {
            Extra::WrongIdOfOther => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                // the ID of another member of the household, typed on the wrong line
                let (fi, gi) = name_keys(&r.name);
                let h = pop.household_of(i);
                let j = h.members.iter().map(|&m| m as usize).find(|&j| {
                    let (fj, gj) = name_keys(&pop.residents[j].name);
                    j != i && !pop.residents[j].id.is_empty() && (fj != fi || gj != gi)
                })?;
                if !self.alone(i, &r.name, &r.dob) {
                    return None;
                }
                let row = self.base(
                    i,
                    r.name.full(),
                    Cell::Text(pop.residents[j].id.clone()),
                    Self::date_text(&r.dob),
                );
                self.done(i, row, Status::Mismatch, vec!["id"], "id_of_other_resident")
            }
            Extra::IdScientific => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                if !self.alone(i, &r.name, &r.dob) {
                    return None;
                }
                let v: f64 = r.id.parse().ok()?;
                let exp = (v.log10().floor()) as i32;
                let mant = v / 10f64.powi(exp);
                let text = format!("{mant:.5}E+{exp}").replace('.', ",");
                let row = self.base(i, r.name.full(), Cell::Text(text), Self::date_text(&r.dob));
                self.done(i, row, Status::Matched, vec![], "id_scientific")
            }
            Extra::IdTransposed => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                let d: Vec<char> = r.id.chars().collect();
                let k = self.rng.range(4, d.len() as i64 - 2) as usize;
                if d[k] == d[k + 1] {
                    return None;
                }
                let mut x = d.clone();
                x.swap(k, k + 1);
                let id: String = x.into_iter().collect();
                if pop.has_id(&id) || !self.alone(i, &r.name, &r.dob) {
                    return None;
                }
                let row = self.base(i, r.name.full(), Cell::Text(id), Self::date_text(&r.dob));
                self.done(i, row, Status::Mismatch, vec!["id"], "id_transposed")
            }
            Extra::IdDigitPlainName => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                let mut d: Vec<char> = r.id.chars().collect();
                let k = self.rng.range(6, d.len() as i64 - 1) as usize;
                let c = char::from(b'0' + self.rng.below(10) as u8);
                if d[k] == c {
                    return None;
                }
                d[k] = c;
                let id: String = d.into_iter().collect();
                if pop.has_id(&id) || !self.alone(i, &r.name, &r.dob) {
                    return None;
                }
                let name = strip_diacritics(&r.name.full()).to_uppercase();
                let row = self.base(i, name, Cell::Text(id), Self::date_text(&r.dob));
                self.done(i, row, Status::Mismatch, vec!["id"], "id_digit_plain_name")
            }
            Extra::TwoDigitYear => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                if !(1935..=1999).contains(&r.dob.year) || !self.alone(i, &r.name, &r.dob) {
                    return None;
                }
                let text = format!(
                    "{:02}/{:02}/{:02}",
                    r.dob.day,
                    r.dob.month,
                    r.dob.year % 100
                );
                let row = self.base(i, r.name.full(), Cell::Empty, Cell::Text(text));
                self.done(i, row, Status::Matched, vec![], "dob_two_digit_year")
            }
            Extra::Impossible => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                let dim = days_in_month(r.dob.year, r.dob.month);
                if r.dob.day != dim || dim == 31 || !self.alone(i, &r.name, &r.dob) {
                    return None;
                }
                let day = if r.dob.month == 2 { dim + 1 } else { 31 };
                let text = format!("{day:02}/{:02}/{}", r.dob.month, r.dob.year);
                let id = Cell::Text(r.id.clone());
                let row = self.base(i, r.name.full(), id, Cell::Text(text));
                self.done(i, row, Status::Matched, vec![], "dob_impossible")
            }
            Extra::MonthYear => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                if !self.alone_by_year(i, &r.name, r.dob.year) {
                    return None;
                }
                let text = format!("{:02}/{}", r.dob.month, r.dob.year);
                let row = self.base(i, r.name.full(), Cell::Empty, Cell::Text(text));
                self.done(i, row, Status::Matched, vec![], "dob_month_year")
            }
            Extra::Serial => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                if r.dob.year < 1901 || !self.alone(i, &r.name, &r.dob) {
                    return None;
                }
                let dob = Cell::Float(excel_serial(&r.dob) as f64);
                let row = self.base(i, r.name.full(), Cell::Empty, dob);
                self.done(i, row, Status::Matched, vec![], "dob_excel_serial")
            }
            Extra::MiddleAdded => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                let mut n = r.name.clone();
                let tok = match r.sex {
                    Sex::Male if !n.middle.iter().any(|m| m == "Văn") => "Văn",
                    Sex::Female if !n.middle.iter().any(|m| m == "Thị") => "Thị",
                    _ => return None,
                };
                n.middle.insert(0, tok.to_string());
                if !self.alone(i, &n, &r.dob) {
                    return None;
                }
                let id = if self.rng.chance(0.5) {
                    Cell::Text(r.id.clone())
                } else {
                    Cell::Empty
                };
                let row = self.base(i, n.full(), id, Self::date_text(&r.dob));
                self.done(i, row, Status::Mismatch, vec!["name"], "middle_added")
            }
            Extra::TypoAndYear => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                let n = self.corrupt_name(&r.name, consonant_typo)?;
                let mut dob = r.dob;
                dob.year += if self.rng.chance(0.5) { 1 } else { -1 };
                if dob.year > REF_YEAR - 1 || days_in_month(dob.year, dob.month) < dob.day {
                    return None;
                }
                let row = self.base(i, n.full(), Cell::Text(r.id.clone()), Self::date_text(&dob));
                self.done(
                    i,
                    row,
                    Status::Mismatch,
                    vec!["name", "dob"],
                    "typo_and_year",
                )
            }
            Extra::ToneAndSwap => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                if r.dob.day > 12 || r.dob.day == r.dob.month {
                    return None;
                }
                let n = self.corrupt_name(&r.name, change_tone)?;
                let dob = Dob::full(r.dob.year, r.dob.day, r.dob.month);
                if !self.alone(i, &n, &dob) {
                    return None;
                }
                let row = self.base(i, n.full(), Cell::Empty, Self::date_text(&dob));
                self.done(
                    i,
                    row,
                    Status::Mismatch,
                    vec!["name", "dob"],
                    "tone_and_swap",
                )
            }
            Extra::CmndNoDiacritics => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                let cmnd = r.cmnd.clone()?;
                let row = self.base(
                    i,
                    strip_diacritics(&r.name.full()),
                    Cell::Text(cmnd),
                    Cell::Int(i64::from(r.dob.year)),
                );
                self.done(i, row, Status::Matched, vec![], "cmnd_no_diacritics")
            }
            Extra::WrongSexNoId => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                if !self.alone(i, &r.name, &r.dob) {
                    return None;
                }
                let mut row = self.base(i, r.name.full(), Cell::Empty, Self::date_text(&r.dob));
                row.sex = sex_text(match r.sex {
                    Sex::Male => Sex::Female,
                    Sex::Female => Sex::Male,
                });
                self.done(i, row, Status::Mismatch, vec!["gender"], "gender_no_id")
            }
            Extra::NamesakeByDate => {
                let k = self.rng.index(pop.pairs.len().max(1));
                let &(a, b) = pop.pairs.get(k)?;
                let (i, j) = if self.rng.chance(0.5) { (a, b) } else { (b, a) };
                let (i, j) = (i as usize, j as usize);
                let (r, o) = (&pop.residents[i], &pop.residents[j]);
                if self.used[i] || self.taken.contains(&i) || !r.alive() || !r.dob.is_full() {
                    return None;
                }
                // the other namesake's date cannot be confused with this one
                if super::index::close_date(&o.dob, &r.dob) {
                    return None;
                }
                let (f, g) = name_keys(&r.name);
                if self.idx.other_full(&f, &g, &r.dob, pop, &[i]) {
                    return None;
                }
                let row = self.base(i, r.name.full(), Cell::Empty, Self::date_text(&r.dob));
                self.done(i, row, Status::Matched, vec![], "namesake_told_by_date")
            }
            Extra::NearNamesakeNotFound => {
                // a resident's name, born years apart: someone else, not in the registry
                let i = self.rng.index(pop.residents.len());
                let r = &pop.residents[i];
                let shift = self.rng.range(3, 9) as i32;
                let year = if self.rng.chance(0.5) && r.dob.year - shift > 1925 {
                    r.dob.year - shift
                } else {
                    r.dob.year + shift
                };
                if year > REF_YEAR - 18 {
                    return None;
                }
                let (f, g) = name_keys(&r.name);
                if self.idx.other(&f, &g, year, pop, &[]) {
                    return None;
                }
                let dob = random_date(self.rng, year);
                let cell = if self.rng.chance(0.5) {
                    Self::date_text(&dob)
                } else {
                    Cell::Int(i64::from(year))
                };
                let row = EvalRow {
                    name: r.name.full(),
                    id: Cell::Empty,
                    dob: cell,
                    sex: sex_text(r.sex),
                    address: self.address(i),
                    father: String::new(),
                    mother: String::new(),
                    household: String::new(),
                    truth: truth(
                        Status::NotFound,
                        "",
                        vec![],
                        "near_namesake_not_in_registry",
                    ),
                };
                Some(row)
            }
            Extra::InventedNotFound => {
                let sex = if self.rng.chance(0.5) {
                    Sex::Male
                } else {
                    Sex::Female
                };
                let year = self.rng.range(1940, i64::from(REF_YEAR - 18)) as i32;
                let name = random_name(self.rng, &TABLES, sex, year, None);
                let (f, g) = name_keys(&name);
                if self.idx.other(&f, &g, year, pop, &[]) {
                    return None;
                }
                let dob = random_date(self.rng, year);
                // sometimes with an ID that belongs to nobody (and is no typing slip of one)
                let id = if self.rng.chance(0.4) {
                    let j = self.rng.index(pop.residents.len());
                    let mut d: Vec<char> = pop.residents[j].id.chars().collect();
                    if d.len() != 12 {
                        return None;
                    }
                    for c in d.iter_mut().skip(6) {
                        *c = char::from(b'0' + self.rng.below(10) as u8);
                    }
                    let id: String = d.into_iter().collect();
                    if pop.has_id(&id) || neighbours(&id).iter().any(|n| pop.has_id(n)) {
                        return None;
                    }
                    Cell::Text(id)
                } else {
                    Cell::Empty
                };
                let i = self.rng.index(pop.residents.len());
                Some(EvalRow {
                    name: name.full(),
                    id,
                    dob: Self::date_text(&dob),
                    sex: sex_text(sex),
                    address: self.address(i),
                    father: String::new(),
                    mother: String::new(),
                    household: String::new(),
                    truth: truth(Status::NotFound, "", vec![], "invented_not_in_registry"),
                })
            }
            Extra::SameNameYearNotFound => {
                // a common name born the same year as a resident, on another day: someone
                // else (from another province), not in the registry
                let i = self.rng.index(pop.residents.len());
                let r = &pop.residents[i];
                if !r.dob.is_full() || r.age() < 18 {
                    return None;
                }
                let dob = random_date(self.rng, r.dob.year);
                let (f, g) = name_keys(&r.name);
                if self.idx.other_full(&f, &g, &dob, pop, &[]) {
                    return None;
                }
                Some(EvalRow {
                    name: r.name.full(),
                    id: Cell::Empty,
                    dob: Self::date_text(&dob),
                    sex: sex_text(r.sex),
                    address: self.address(i),
                    father: String::new(),
                    mother: String::new(),
                    household: String::new(),
                    truth: truth(
                        Status::NotFound,
                        "",
                        vec![],
                        "same_name_year_not_in_registry",
                    ),
                })
            }
            Extra::NoDobWithId => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                let name = if self.rng.chance(0.5) {
                    strip_diacritics(&r.name.full())
                } else {
                    r.name.full()
                };
                let row = self.base(i, name, Cell::Text(r.id.clone()), Cell::Empty);
                self.done(i, row, Status::Matched, vec![], "no_dob_with_id")
            }
            Extra::TypoYearNoId => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                let n = self.corrupt_name(&r.name, consonant_typo)?;
                let mut dob = r.dob;
                dob.year += if self.rng.chance(0.5) { 1 } else { -1 };
                if dob.year > REF_YEAR - 1
                    || days_in_month(dob.year, dob.month) < dob.day
                    || !self.alone(i, &n, &dob)
                {
                    return None;
                }
                let row = self.base(i, n.full(), Cell::Empty, Self::date_text(&dob));
                self.done(
                    i,
                    row,
                    Status::Mismatch,
                    vec!["name", "dob"],
                    "typo_and_year_no_id",
                )
            }
            Extra::DeadYearOnly => {
                let i = self.pick(true)?;
                let r = &pop.residents[i];
                if !self.alone_by_year(i, &r.name, r.dob.year) {
                    return None;
                }
                let row = self.base(
                    i,
                    r.name.full(),
                    Cell::Empty,
                    Cell::Int(i64::from(r.dob.year)),
                );
                self.done(i, row, Status::Deceased, vec![], "dead_year_only")
            }
            Extra::WrongIdAndTypo => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                let (fi, gi) = name_keys(&r.name);
                let h = pop.household_of(i);
                let j = h.members.iter().map(|&m| m as usize).find(|&j| {
                    let (fj, gj) = name_keys(&pop.residents[j].name);
                    j != i && !pop.residents[j].id.is_empty() && (fj != fi || gj != gi)
                })?;
                let n = self.corrupt_name(&r.name, consonant_typo)?;
                if !self.alone(i, &n, &r.dob) {
                    return None;
                }
                let row = self.base(
                    i,
                    n.full(),
                    Cell::Text(pop.residents[j].id.clone()),
                    Self::date_text(&r.dob),
                );
                self.done(
                    i,
                    row,
                    Status::Mismatch,
                    vec!["name", "id"],
                    "typo_and_id_of_other",
                )
            }
            Extra::MiddleMissingYearOnly => {
                let i = self.pick(false)?;
                let r = &pop.residents[i];
                if r.name.middle.is_empty() {
                    return None;
                }
                let mut n = r.name.clone();
                n.middle.clear();
                if !self.alone_by_year(i, &n, r.dob.year) {
                    return None;
                }
                let row = self.base(i, n.full(), Cell::Empty, Cell::Int(i64::from(r.dob.year)));
                self.done(
                    i,
                    row,
                    Status::Mismatch,
                    vec!["name"],
                    "middle_missing_year_only",
                )
            }
            Extra::NamesakePairBoth => {
                // both namesakes of a pair on one list, each with a date that tells them apart
                let k = self.rng.index(pop.pairs.len().max(1));
                let &(a, b) = pop.pairs.get(k)?;
                let (a, b) = (a as usize, b as usize);
                let (ra, rb) = (&pop.residents[a], &pop.residents[b]);
                let free = |x: usize| !self.used[x] && !self.taken.contains(&x);
                if !free(a) || !free(b) || !ra.alive() || !rb.alive() {
                    return None;
                }
                if !ra.dob.is_full()
                    || !rb.dob.is_full()
                    || super::index::close_date(&ra.dob, &rb.dob)
                {
                    return None;
                }
                for (x, y) in [(a, b), (b, a)] {
                    let r = &pop.residents[x];
                    let (f, g) = name_keys(&r.name);
                    if self.idx.other_full(&f, &g, &r.dob, pop, &[x]) {
                        return None;
                    }
                    let _ = y;
                }
                let first = self.base(a, ra.name.full(), Cell::Empty, Self::date_text(&ra.dob));
                let second = self.base(b, rb.name.full(), Cell::Empty, Self::date_text(&rb.dob));
                let second = self.done(b, second, Status::Matched, vec![], "namesake_pair_both")?;
                self.pending = Some(second);
                self.done(a, first, Status::Matched, vec![], "namesake_pair_both")
            }
            Extra::DeadWithTypo => {
                let i = self.pick(true)?;
                let r = &pop.residents[i];
                let n = self.corrupt_name(&r.name, consonant_typo)?;
                let row = self.base(
                    i,
                    n.full(),
                    Cell::Text(r.id.clone()),
                    Self::date_text(&r.dob),
                );
                self.done(i, row, Status::Deceased, vec!["name"], "dead_with_typo")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_match_excel() {
        assert_eq!(excel_serial(&Dob::full(1900, 3, 1)), 61);
        assert_eq!(excel_serial(&Dob::full(1962, 5, 12)), 22778);
        assert_eq!(excel_serial(&Dob::full(2000, 1, 1)), 36526);
    }
}
