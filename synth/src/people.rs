//! The synthetic population: households of 1–7 people with plausible ages, family naming,
//! personal IDs (PPP S YY RRRRRR), old 9-digit CMNDs, a few deaths and deliberate namesakes.

use std::collections::HashSet;

use super::rng::Rng;
use super::tables::{TABLES, Tables};
use doikhop::fields::sex::Sex;

/// Latest date of the extract: nobody is born or dies after it.
pub const REF_YEAR: i32 = 2025;
pub const REF_MONTH: u8 = 9;
pub const REF_DAY: u8 = 30;

/// A birth (or death) date; `month == 0 && day == 0` means only the year is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dob {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Dob {
    pub fn full(year: i32, month: u8, day: u8) -> Dob {
        Dob { year, month, day }
    }
    pub fn year_only(year: i32) -> Dob {
        Dob {
            year,
            month: 0,
            day: 0,
        }
    }
    pub fn is_full(&self) -> bool {
        self.month != 0 && self.day != 0
    }
    /// "dd/mm/yyyy", "00/00/yyyy" when only the year is known.
    pub fn ddmmyyyy(&self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
    /// "d/m/yyyy" (falls back to dd/mm/yyyy form for year-only dates).
    pub fn dmy_short(&self) -> String {
        format!("{}/{}/{:04}", self.day, self.month, self.year)
    }
}

pub use doikhop::fields::date::{days_in_month, is_leap};

/// A valid random date in `year`, never after the reference date.
pub fn random_date(rng: &mut Rng, year: i32) -> Dob {
    let max_month = if year >= REF_YEAR { REF_MONTH } else { 12 };
    let month = rng.range(1, i64::from(max_month)) as u8;
    let mut max_day = days_in_month(year, month);
    if year >= REF_YEAR && month == REF_MONTH {
        max_day = max_day.min(REF_DAY);
    }
    let day = rng.range(1, i64::from(max_day)) as u8;
    Dob::full(year, month, day)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// One token, or two for compound family names ("Tôn Nữ").
    pub family: String,
    pub middle: Vec<String>,
    pub given: String,
}

impl Name {
    pub fn full(&self) -> String {
        let mut s = self.family.clone();
        for m in &self.middle {
            s.push(' ');
            s.push_str(m);
        }
        s.push(' ');
        s.push_str(&self.given);
        s
    }
    pub fn tokens(&self) -> Vec<String> {
        let mut v: Vec<String> = self.family.split(' ').map(str::to_string).collect();
        v.extend(self.middle.iter().cloned());
        v.push(self.given.clone());
        v
    }
    /// First token of the family name.
    pub fn surname(&self) -> &str {
        self.family.split(' ').next().unwrap_or("")
    }
}

#[derive(Debug, Clone)]
pub struct Resident {
    pub id: String,
    pub cmnd: Option<String>,
    pub name: Name,
    pub sex: Sex,
    pub dob: Dob,
    pub household: u32,
    pub relation: &'static str,
    pub father: String,
    pub mother: String,
    pub death: Option<Dob>,
    /// Prefix of the ID (birth-registration province).
    pub ppp: &'static str,
    pub spouse: Option<u32>,
    /// The other resident of a deliberate namesake pair.
    pub namesake: Option<u32>,
    /// "Chủ hộ" of a household whose members were generated together.
    pub is_head: bool,
}

impl Resident {
    pub fn alive(&self) -> bool {
        self.death.is_none()
    }
    pub fn age(&self) -> i32 {
        REF_YEAR - self.dob.year
    }
}

#[derive(Debug, Clone)]
pub struct Household {
    pub code: String,
    pub old_commune: usize,
    pub hamlet: u32,
    pub members: Vec<u32>,
}

#[derive(Debug, Default)]
pub struct Population {
    pub residents: Vec<Resident>,
    pub households: Vec<Household>,
    pub pairs: Vec<(u32, u32)>,
    pub ids: HashSet<u64>,
    pub cmnds: HashSet<u64>,
}

impl Population {
    pub fn household_of(&self, r: usize) -> &Household {
        &self.households[self.residents[r].household as usize]
    }
    pub fn hamlet_label(&self, h: &Household) -> String {
        let oc = &TABLES.area.old_communes[h.old_commune];
        format!("{} {}", oc.hamlet_word, h.hamlet)
    }
    pub fn new_commune_of(&self, r: usize) -> usize {
        TABLES.area.old_communes[self.household_of(r).old_commune].new_commune
    }
    pub fn has_id(&self, id: &str) -> bool {
        id.parse::<u64>().is_ok_and(|v| self.ids.contains(&v))
    }
}

struct Gen<'a> {
    rng: Rng,
    t: &'a Tables,
    pop: Population,
    migrant_ppp: super::rng::Weighted<&'static str>,
    /// heads that can be cloned into a namesake, per new commune
    heads_by_commune: Vec<Vec<u32>>,
    p_clone: f64,
}

/// Build about `n` residents (exactly `n` unless `n` is 0).
pub fn generate_population(seed: u64, n: usize, target_pairs: usize) -> Population {
    let t = &*TABLES;
    let migrant: Vec<(&'static str, f64)> = [
        ("070", 50.0),
        ("038", 8.0),
        ("040", 8.0),
        ("042", 5.0),
        ("036", 4.0),
        ("034", 4.0),
        ("001", 6.0),
        ("030", 2.0),
        ("035", 2.0),
        ("037", 2.0),
        ("033", 2.0),
        ("031", 2.0),
        ("044", 2.0),
        ("075", 5.0),
        ("074", 3.0),
        ("079", 5.0),
    ]
    .into_iter()
    .filter_map(|(p, w)| t.province_name(p).map(|_| (static_prefix(t, p), w)))
    .collect();
    let expected_heads = (n as f64 / 3.3).max(1.0);
    let mut g = Gen {
        rng: Rng::derive(seed, "population"),
        t,
        pop: Population::default(),
        migrant_ppp: super::rng::Weighted::new(migrant),
        heads_by_commune: vec![Vec::new(); t.area.new_communes.len()],
        p_clone: (target_pairs as f64 / expected_heads).clamp(0.0, 0.3),
    };
    while g.pop.residents.len() < n {
        g.household(n);
    }
    g.mark_deaths();
    g.pop
}

fn static_prefix(t: &Tables, p: &str) -> &'static str {
    t.provinces
        .iter()
        .find(|(x, _)| *x == p)
        .map(|(x, _)| *x)
        .unwrap_or("070")
}

/// One member before it becomes a Resident.
struct Draft {
    name: Name,
    sex: Sex,
    dob: Dob,
    relation: &'static str,
    local_birth: bool,
    father: Option<usize>,
    mother: Option<usize>,
    spouse: Option<usize>,
    clone_of: Option<u32>,
}

fn middle_tokens(
    rng: &mut Rng,
    t: &Tables,
    sex: Sex,
    year: i32,
    given: &str,
    family: &str,
) -> Vec<String> {
    let (p_van, p_thi) = match year {
        ..1960 => (0.75, 0.85),
        1960..1980 => (0.6, 0.7),
        1980..1995 => (0.4, 0.5),
        1995..2005 => (0.2, 0.3),
        _ => (0.08, 0.12),
    };
    let r = rng.unit();
    let count = if r < 0.80 {
        1
    } else if r < 0.98 {
        2
    } else {
        3
    };
    let mut out: Vec<String> = Vec::new();
    let traditional = match sex {
        Sex::Male => rng.chance(p_van).then_some("Văn"),
        Sex::Female => rng.chance(p_thi).then_some("Thị"),
    };
    if let Some(tk) = traditional {
        out.push(tk.to_string());
    }
    let mut guard = 0;
    while out.len() < count && guard < 20 {
        guard += 1;
        let tok: String = if !out.is_empty() && rng.chance(0.2) {
            // mother's family name as a middle token
            t.surnames.sample(rng).copied().unwrap_or("Lê").to_string()
        } else {
            t.middle(sex)
                .sample(rng)
                .copied()
                .unwrap_or("Minh")
                .to_string()
        };
        if tok != given && !out.contains(&tok) && !family.split(' ').any(|f| f == tok) {
            out.push(tok);
        }
    }
    if out.is_empty() {
        out.push(match sex {
            Sex::Male => "Văn".to_string(),
            Sex::Female => "Thị".to_string(),
        });
    }
    out
}

pub fn random_surname(rng: &mut Rng, t: &Tables, sex: Sex) -> String {
    if rng.chance(0.004) {
        let list = match sex {
            Sex::Male => &t.compound_male,
            Sex::Female => &t.compound_female,
        };
        if let Some(s) = rng.pick(list) {
            return (*s).to_string();
        }
    }
    t.surnames
        .sample(rng)
        .copied()
        .unwrap_or("Nguyễn")
        .to_string()
}

pub fn random_name(rng: &mut Rng, t: &Tables, sex: Sex, year: i32, family: Option<&str>) -> Name {
    let family = match family {
        Some(f) => f.to_string(),
        None => random_surname(rng, t, sex),
    };
    let given = t
        .given(sex)
        .sample(rng)
        .cloned()
        .unwrap_or_else(|| "An".to_string());
    let middle = middle_tokens(rng, t, sex, year, &given, &family);
    Name {
        family,
        middle,
        given,
    }
}

impl Gen<'_> {
    fn pick_head_age(&mut self) -> i32 {
        let r = self.rng.unit();
        if r < 0.30 {
            self.rng.range(25, 39) as i32
        } else if r < 0.70 {
            self.rng.range(40, 59) as i32
        } else if r < 0.94 {
            self.rng.range(60, 79) as i32
        } else {
            self.rng.range(80, 95) as i32
        }
    }

    fn name(&mut self, sex: Sex, year: i32, family: Option<&str>) -> Name {
        random_name(&mut self.rng, self.t, sex, year, family)
    }

    fn dob(&mut self, year: i32) -> Dob {
        if year < 1950 && self.rng.chance(0.08) {
            Dob::year_only(year)
        } else {
            random_date(&mut self.rng, year)
        }
    }

    fn draft(
        &mut self,
        sex: Sex,
        year: i32,
        family: Option<&str>,
        relation: &'static str,
    ) -> Draft {
        let name = self.name(sex, year, family);
        let dob = self.dob(year);
        Draft {
            name,
            sex,
            dob,
            relation,
            local_birth: false,
            father: None,
            mother: None,
            spouse: None,
            clone_of: None,
        }
    }

    fn children(
        &mut self,
        ds: &mut Vec<Draft>,
        father: Option<usize>,
        mother: Option<usize>,
        count: usize,
        relation: &'static str,
    ) {
        let Some(parent) = mother.or(father) else {
            return;
        };
        let base = ds[parent].dob.year;
        let family = match father {
            Some(f) => ds[f].name.family.clone(),
            None => ds[parent].name.family.clone(),
        };
        let mut used_given: Vec<String> = Vec::new();
        for _ in 0..count {
            let year = base + self.rng.range(19, 40) as i32;
            if year > REF_YEAR {
                continue;
            }
            let sex = if self.rng.chance(0.51) {
                Sex::Male
            } else {
                Sex::Female
            };
            let mut d = self.draft(sex, year, Some(&family), relation);
            if used_given.contains(&d.name.given) {
                continue;
            }
            used_given.push(d.name.given.clone());
            if d.dob.year >= 1997 || self.rng.chance(0.3) {
                d.local_birth = true;
            }
            d.father = father;
            d.mother = mother;
            ds.push(d);
        }
    }

    fn household(&mut self, n: usize) {
        let area = &self.t.area;
        if area.old_communes.is_empty() {
            // nothing to place people in: make a single dummy household so the loop ends
            self.pop.residents.truncate(n);
            while self.pop.residents.len() < n {
                let d = self.draft(Sex::Male, 1970, None, "Chủ hộ");
                self.push_household(vec![d], 0, 1, n);
            }
            return;
        }
        let mut oc = self.rng.index(area.old_communes.len());
        let nc = area.old_communes[oc].new_commune;
        let mut hamlet = self.rng.range(1, i64::from(area.old_communes[oc].hamlets)) as u32;

        let mut ds: Vec<Draft> = Vec::new();
        // head (maybe a namesake of an earlier head of the same commune)
        let mut head = None;
        if self.rng.chance(self.p_clone) && !self.heads_by_commune[nc].is_empty() {
            // among a few earlier heads, the one with the rarest name (so that the pair
            // stays a pair in a large population)
            let mut best: Option<(f64, u32)> = None;
            for _ in 0..6 {
                let Some(&cand) = self.rng.pick(&self.heads_by_commune[nc]) else {
                    break;
                };
                let o = &self.pop.residents[cand as usize];
                if o.namesake.is_some() || o.age() < 25 {
                    continue;
                }
                let c = self.t.commonness(o.sex, o.name.surname(), &o.name.given);
                if best.is_none_or(|(b, _)| c < b) {
                    best = Some((c, cand));
                }
            }
            if let Some((_, orig)) = best {
                let o = &self.pop.residents[orig as usize];
                let (name, sex, odob, o_household) = (o.name.clone(), o.sex, o.dob, o.household);
                let mut dob = random_date(&mut self.rng, odob.year);
                while odob.is_full() && dob.month == odob.month && dob.day == odob.day {
                    dob = random_date(&mut self.rng, odob.year);
                }
                head = Some(Draft {
                    name,
                    sex,
                    dob,
                    relation: "Chủ hộ",
                    local_birth: false,
                    father: None,
                    mother: None,
                    spouse: None,
                    clone_of: Some(orig),
                });
                // same hamlet as the original: the address cannot tell them apart
                let oh = &self.pop.households[o_household as usize];
                oc = oh.old_commune;
                hamlet = oh.hamlet;
            }
        }
        let head = match head {
            Some(h) => h,
            None => {
                let sex = if self.rng.chance(0.78) {
                    Sex::Male
                } else {
                    Sex::Female
                };
                let year = REF_YEAR - self.pick_head_age();
                self.draft(sex, year, None, "Chủ hộ")
            }
        };
        let age = REF_YEAR - head.dob.year;
        let head_sex = head.sex;
        ds.push(head);

        // household type by the head's age
        let r = self.rng.unit();
        let (spouse, kids, three_gen, parents) = if age >= 70 {
            if r < 0.25 {
                (false, 0, false, false)
            } else if r < 0.55 {
                (true, 0, false, false)
            } else {
                (self.rng.chance(0.7), 1, true, false)
            }
        } else if age >= 55 {
            if r < 0.05 {
                (false, 0, false, false)
            } else if r < 0.30 {
                (true, 0, false, false)
            } else if r < 0.70 {
                (true, self.rng.range(1, 3) as usize, false, false)
            } else {
                (true, self.rng.range(0, 2) as usize, true, false)
            }
        } else if r < 0.05 {
            (false, 0, false, false)
        } else if r < 0.15 {
            (true, 0, false, false)
        } else if r < 0.80 {
            (true, self.kid_count(), false, false)
        } else if r < 0.95 {
            (true, self.kid_count(), false, true)
        } else {
            (false, self.kid_count(), false, false)
        };
        let spouse = spouse && !(head_sex == Sex::Female && self.rng.chance(0.4));

        let (mut father, mut mother) = match head_sex {
            Sex::Male => (Some(0), None),
            Sex::Female => (None, Some(0)),
        };
        if spouse {
            let head_year = ds[0].dob.year;
            let (sex, year, rel) = match head_sex {
                Sex::Male => (
                    Sex::Female,
                    (head_year + self.rng.range(0, 8) as i32).min(REF_YEAR - 18),
                    "Vợ",
                ),
                Sex::Female => (Sex::Male, head_year - self.rng.range(0, 6) as i32, "Chồng"),
            };
            let mut d = self.draft(sex, year, None, rel);
            d.spouse = Some(0);
            ds.push(d);
            ds[0].spouse = Some(1);
            match head_sex {
                Sex::Male => mother = Some(1),
                Sex::Female => father = Some(1),
            }
        }
        if three_gen {
            // a married son living with his parents, his wife and their children
            let before = ds.len();
            self.children(&mut ds, father, mother, 1, "Con");
            if ds.len() > before {
                let son = before;
                ds[son].sex = Sex::Male;
                let year = ds[son].dob.year;
                // regenerate the son's given/middle as a male name
                let fam = ds[son].name.family.clone();
                ds[son].name = self.name(Sex::Male, year, Some(&fam));
                if year <= REF_YEAR - 20 {
                    let wy = (year + self.rng.range(0, 6) as i32).min(REF_YEAR - 18);
                    let mut w = self.draft(Sex::Female, wy, None, "Con dâu");
                    w.spouse = Some(son);
                    ds.push(w);
                    let wife = ds.len() - 1;
                    ds[son].spouse = Some(wife);
                    let k = self.rng.range(1, 3) as usize;
                    self.children(&mut ds, Some(son), Some(wife), k, "Cháu");
                }
            }
        }
        if kids > 0 {
            self.children(&mut ds, father, mother, kids, "Con");
        }
        if parents {
            let head_year = ds[0].dob.year;
            let head_family = ds[0].name.family.clone();
            let fy = head_year - self.rng.range(22, 35) as i32;
            let my = fy + self.rng.range(0, 6) as i32;
            let mut fidx = None;
            if fy >= 1925 && self.rng.chance(0.6) {
                let fam = if head_sex == Sex::Male {
                    Some(head_family.as_str())
                } else {
                    None
                };
                ds.push(self.draft(Sex::Male, fy, fam, "Bố"));
                fidx = Some(ds.len() - 1);
            }
            if my >= 1925 {
                let mut d = self.draft(Sex::Female, my, None, "Mẹ");
                d.spouse = fidx;
                ds.push(d);
                let m = ds.len() - 1;
                if let Some(f) = fidx {
                    ds[f].spouse = Some(m);
                }
                ds[0].mother = Some(m);
            }
            if fidx.is_some() {
                ds[0].father = fidx;
            }
        }
        ds.truncate(7);
        self.push_household(ds, oc, hamlet, n);
    }

    fn kid_count(&mut self) -> usize {
        let r = self.rng.unit();
        if r < 0.25 {
            1
        } else if r < 0.65 {
            2
        } else if r < 0.90 {
            3
        } else {
            4
        }
    }

    fn ppp(&mut self, local: bool) -> &'static str {
        if local {
            let r = self.rng.unit();
            if r < 0.85 {
                return static_prefix(self.t, "070");
            } else if r < 0.92 {
                return static_prefix(self.t, "075");
            }
        }
        self.migrant_ppp
            .sample(&mut self.rng)
            .copied()
            .unwrap_or("070")
    }

    fn new_id(&mut self, ppp: &str, sex: Sex, year: i32) -> String {
        let century = if year >= 2000 { 2 } else { 0 };
        let s = century + u32::from(sex == Sex::Female);
        loop {
            let r = self.rng.below(1_000_000);
            let id = format!("{ppp}{s}{:02}{r:06}", year.rem_euclid(100));
            if let Ok(v) = id.parse::<u64>()
                && self.pop.ids.insert(v)
            {
                return id;
            }
        }
    }

    fn new_cmnd(&mut self, ppp: &str) -> String {
        let prefix = match ppp {
            "001" => "01",
            "079" => "02",
            "031" => "03",
            "042" => "18",
            _ => "285",
        };
        // A 3-digit prefix holds only 1,000,000 numbers: a province-size population fills it.
        // When 64 draws in a row collide, the prefix is (nearly) full: draw from its wider
        // 2-digit range instead ("285" → "28…"). Small populations never get there, so their
        // output is unchanged.
        let mut attempt = 0u32;
        loop {
            let prefix = if attempt < 64 { prefix } else { &prefix[..2] };
            attempt = attempt.saturating_add(1);
            let digits = 9 - prefix.len() as u32;
            let r = self.rng.below(10u64.pow(digits));
            let c = format!("{prefix}{r:0width$}", width = digits as usize);
            if let Ok(v) = c.parse::<u64>()
                && self.pop.cmnds.insert(v)
            {
                return c;
            }
        }
    }

    fn parent_name(&mut self, sex: Sex, child_year: i32, family: Option<&str>) -> String {
        if child_year < 1950 && self.rng.chance(0.5) {
            return String::new();
        }
        let year = child_year - 25;
        self.name(sex, year, family).full()
    }

    fn push_household(&mut self, ds: Vec<Draft>, oc: usize, hamlet: u32, n: usize) {
        let h = self.pop.households.len() as u32;
        let base = self.pop.residents.len() as u32;
        let take = ds.len().min(n.saturating_sub(self.pop.residents.len()));
        let area = &self.t.area;
        let commune_code = area
            .new_communes
            .get(area.old_communes.get(oc).map_or(0, |o| o.new_commune))
            .map_or("00000", |c| c.code.as_str());
        let code = format!("{commune_code}{:07}", h + 1);
        let mut members = Vec::new();
        for (i, d) in ds.iter().enumerate().take(take) {
            let ppp = self.ppp(d.local_birth);
            let id = self.new_id(ppp, d.sex, d.dob.year);
            let cmnd = if d.dob.year < 1990 && REF_YEAR - d.dob.year >= 18 && self.rng.chance(0.4) {
                Some(self.new_cmnd(ppp))
            } else {
                None
            };
            let father = match d.father.and_then(|f| ds.get(f)) {
                Some(f) => f.name.full(),
                None => {
                    let fam = d.name.family.clone();
                    self.parent_name(Sex::Male, d.dob.year, Some(&fam))
                }
            };
            let mother = match d.mother.and_then(|m| ds.get(m)) {
                Some(m) => m.name.full(),
                None => self.parent_name(Sex::Female, d.dob.year, None),
            };
            let spouse = d.spouse.filter(|&s| s < take).map(|s| base + s as u32);
            let idx = base + i as u32;
            let namesake = d.clone_of;
            if let Some(o) = d.clone_of {
                self.pop.residents[o as usize].namesake = Some(idx);
                self.pop.pairs.push((o, idx));
            }
            self.pop.residents.push(Resident {
                id,
                cmnd,
                name: d.name.clone(),
                sex: d.sex,
                dob: d.dob,
                household: h,
                relation: d.relation,
                father,
                mother,
                death: None,
                ppp,
                spouse,
                namesake,
                is_head: i == 0,
            });
            members.push(idx);
        }
        if let (Some(&head), Some(oc_ref)) = (members.first(), area.old_communes.get(oc)) {
            self.heads_by_commune[oc_ref.new_commune].push(head);
        }
        self.pop.households.push(Household {
            code,
            old_commune: oc,
            hamlet,
            members,
        });
    }

    fn mark_deaths(&mut self) {
        for i in 0..self.pop.residents.len() {
            let r = &self.pop.residents[i];
            if r.namesake.is_some() {
                continue;
            }
            let age = r.age();
            let p = match age {
                80.. => 0.34,
                65..80 => 0.10,
                40..65 => 0.018,
                _ => 0.005,
            };
            if !self.rng.chance(p) {
                continue;
            }
            let lo = (r.dob.year + 1).max(2008);
            if lo > REF_YEAR {
                continue;
            }
            let year = self.rng.range(i64::from(lo), i64::from(REF_YEAR)) as i32;
            let d = random_date(&mut self.rng, year);
            self.pop.residents[i].death = Some(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn population_shape() {
        let p = generate_population(11, 3000, 20);
        assert_eq!(p.residents.len(), 3000);
        let dead = p.residents.iter().filter(|r| !r.alive()).count();
        assert!((40..=150).contains(&dead), "dead {dead}");
        assert!(p.pairs.len() >= 10, "pairs {}", p.pairs.len());
        for &(a, b) in &p.pairs {
            let (a, b) = (&p.residents[a as usize], &p.residents[b as usize]);
            assert_eq!(a.name, b.name);
            assert_eq!(a.dob.year, b.dob.year);
            assert_eq!(a.sex, b.sex);
            assert_ne!((a.dob.month, a.dob.day), (b.dob.month, b.dob.day));
            let (ha, hb) = (
                &p.households[a.household as usize],
                &p.households[b.household as usize],
            );
            assert_eq!((ha.old_commune, ha.hamlet), (hb.old_commune, hb.hamlet));
        }
        for h in &p.households {
            assert!((1..=7).contains(&h.members.len()));
        }
        let cmnd = p.residents.iter().filter(|r| r.cmnd.is_some()).count();
        assert!(cmnd > 300, "{cmnd}");
        use unicode_normalization::UnicodeNormalization;
        for r in &p.residents {
            assert_eq!(r.id.len(), 12);
            assert!(r.dob.year >= 1920 && r.dob.year <= REF_YEAR);
            let full = r.name.full();
            assert_eq!(full.nfc().collect::<String>(), full, "not NFC: {full}");
            for tok in full.split(' ') {
                let mut cs = tok.chars();
                let first = cs.next().expect("empty token");
                assert!(first.is_uppercase(), "{full}");
                assert!(cs.all(|c| c.is_lowercase()), "{full}");
                assert!(super::super::tables::is_viet_word(tok), "{full}");
                assert!(
                    !super::super::tables::is_new_style(tok),
                    "new-style tone: {full}"
                );
            }
        }
        let young = p.residents.iter().filter(|r| r.dob.year >= 2010).count();
        let old = p.residents.iter().filter(|r| r.dob.year <= 1960).count();
        assert!(young > 300 && old > 200, "young {young} old {old}");
    }

    #[test]
    fn tiny_populations() {
        for n in [0, 1, 2, 5] {
            assert_eq!(generate_population(1, n, 3).residents.len(), n);
        }
    }
}
