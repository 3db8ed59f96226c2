//! Person rows of the department lists: who is listed, how the row is corrupted, and the
//! truth that follows (DESIGN.md results.csv contract).

use doikhop::fields::sex::Sex;
use doikhop::text::fold::strip_diacritics;
use doikhop::text::tone::new_style_tones;

use super::corrupt::{change_tone, consonant_typo, odd_spaces, spaced_id};
use super::index::{NearIndex, Shown, name_keys};
use super::people::{
    Dob, Name, Population, REF_YEAR, Resident, days_in_month, is_leap, random_date, random_name,
};
use super::rng::Rng;
use super::tables::TABLES;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    HoNgheo,
    BaoTro,
    NguoiCoCong,
    DatDai,
    HoTich,
    BaoTroCsv,
}

impl Kind {
    /// In generation order (the narrowest pools first).
    pub const ALL: [Kind; 6] = [
        Kind::HoNgheo,
        Kind::NguoiCoCong,
        Kind::HoTich,
        Kind::DatDai,
        Kind::BaoTro,
        Kind::BaoTroCsv,
    ];
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::HoNgheo => "ho-ngheo.xlsx",
            Kind::BaoTro => "bao-tro-xa-hoi.xlsx",
            Kind::NguoiCoCong => "nguoi-co-cong.xlsx",
            Kind::DatDai => "dat-dai.xlsx",
            Kind::HoTich => "ho-tich.xlsx",
            Kind::BaoTroCsv => "bao-tro-xa-hoi-bo-sung.csv",
        }
    }
    /// The dob column holds full dates (else a birth year).
    pub fn full_dates(self) -> bool {
        matches!(self, Kind::BaoTro | Kind::HoTich | Kind::BaoTroCsv)
    }
    pub fn has_sex(self) -> bool {
        !matches!(self, Kind::DatDai)
    }
    pub fn allow_cmnd(self) -> bool {
        !matches!(self, Kind::HoTich)
    }
    /// A repeated person is an error (`duplicate`) in this kind; in land books it is normal.
    pub fn repeats_are_duplicates(self) -> bool {
        !matches!(self, Kind::DatDai)
    }
    pub fn is_csv(self) -> bool {
        matches!(self, Kind::BaoTroCsv)
    }
}

/// The truth uses the statuses of the results.csv contract itself.
pub use doikhop::matching::Status;

#[derive(Debug, Clone)]
pub struct Truth {
    pub status: Status,
    pub resident_id: String,
    /// subset of name, dob, gender, id — kept in that order
    pub discrepancies: Vec<&'static str>,
    pub candidates: Vec<String>,
    pub scenario: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameEnc {
    Unicode,
    Vni,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DobOut {
    Text(String),
    Date(Dob),
    Year(i32),
    YearText(i32),
}

#[derive(Debug, Clone, PartialEq)]
pub enum IdOut {
    Text(String),
    Number(f64),
    Empty,
}

/// Who a row is about (a resident, or a person invented for not_found).
#[derive(Debug, Clone)]
pub struct Subject {
    pub resident: Option<usize>,
    pub name: Name,
    pub sex: Sex,
    pub dob: Dob,
    pub old_commune: usize,
    pub hamlet: u32,
    pub household_size: usize,
    pub father: String,
    pub mother: String,
    pub spouse: Option<(String, Sex)>,
    pub ppp: &'static str,
}

impl Subject {
    pub fn hamlet_label(&self) -> String {
        let word = TABLES
            .area
            .old_communes
            .get(self.old_commune)
            .map_or("Ấp", |o| o.hamlet_word);
        format!("{word} {}", self.hamlet)
    }
    /// "Ấp 2, xã Lộc Khánh" (pre-2025 commune).
    pub fn old_address(&self) -> String {
        match TABLES.area.old_communes.get(self.old_commune) {
            Some(o) => format!("{}, {}", self.hamlet_label(), o.lower_unit()),
            None => self.hamlet_label(),
        }
    }
    pub fn age(&self) -> i32 {
        REF_YEAR - self.dob.year
    }
}

/// Kind-specific values of a row.
#[derive(Debug, Clone)]
pub enum KindData {
    HoNgheo {
        size: usize,
        note: &'static str,
    },
    BaoTro {
        doi_tuong: &'static str,
        amount: f64,
    },
    Ncc {
        dien: &'static str,
        ho_so: String,
        amount: f64,
    },
    DatDai {
        to: u32,
        thua: u32,
        area: f64,
        purpose: &'static str,
        gcn: String,
        address: String,
    },
    HoTich {
        reg: Dob,
        place: String,
        ethnic: &'static str,
    },
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub serial: usize,
    pub subject: Subject,
    /// Listed name, Unicode (legacy encoding of a whole sheet is applied when writing).
    pub name: String,
    pub enc: NameEnc,
    /// The name was typed in capitals (in a TCVN3 sheet: with an H font).
    pub caps: bool,
    pub dob: DobOut,
    pub sex: Sex,
    pub sex_text: String,
    pub id: IdOut,
    pub truth: Truth,
    pub group: u32,
    pub sort_key: i64,
    pub sheet: usize,
    pub repeat_of: Option<usize>,
    pub data: KindData,
}

/// The listed values of a row (before the sheet's legacy encoding).
struct Listed {
    /// text, typed in capitals, encoding
    name: (String, bool, NameEnc),
    dob: DobOut,
    sex: Sex,
    sex_text: String,
    id: IdOut,
}

/// What the dob cell of a row without a usable ID must show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DobReq {
    Any,
    Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scn {
    Clean,
    IdMissing,
    Subst,
    Deceased,
    NotFound,
    Ambiguous,
    Repeat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sub {
    NameTypo,
    NameTone,
    MiddleDropped,
    DobSwap,
    DobYear,
    DobOther,
    Gender,
    IdDigit,
}

impl Sub {
    fn field(self) -> &'static str {
        match self {
            Sub::NameTypo | Sub::NameTone | Sub::MiddleDropped => "name",
            Sub::DobSwap | Sub::DobYear | Sub::DobOther => "dob",
            Sub::Gender => "gender",
            Sub::IdDigit => "id",
        }
    }
    fn token(self) -> &'static str {
        match self {
            Sub::NameTypo => "name_typo",
            Sub::NameTone => "name_tone",
            Sub::MiddleDropped => "middle_dropped",
            Sub::DobSwap => "dob_day_month_swap",
            Sub::DobYear => "dob_year_off",
            Sub::DobOther => "dob_other_date",
            Sub::Gender => "gender_swapped",
            Sub::IdDigit => "id_digit_changed",
        }
    }
}

/// Shared state across all lists of one run.
pub struct Ctx<'a> {
    pub pop: &'a Population,
    pub idx: &'a NearIndex,
    pub used: Vec<bool>,
    pub pair_used: Vec<bool>,
    /// new commune (index) whose poor-household list is produced
    pub ho_ngheo_commune: usize,
}

impl<'a> Ctx<'a> {
    pub fn new(pop: &'a Population, idx: &'a NearIndex) -> Ctx<'a> {
        // the Xã with the most households
        let area = &TABLES.area;
        let mut counts = vec![0usize; area.new_communes.len()];
        for h in &pop.households {
            if let Some(o) = area.old_communes.get(h.old_commune) {
                counts[o.new_commune] += 1;
            }
        }
        let best = (0..counts.len())
            .filter(|&i| area.new_communes[i].name.starts_with("Xã"))
            .max_by_key(|&i| (counts[i], usize::MAX - i))
            .unwrap_or(0);
        Ctx {
            pop,
            idx,
            used: vec![false; pop.residents.len()],
            pair_used: vec![false; pop.pairs.len()],
            ho_ngheo_commune: best,
        }
    }
}

pub struct Builder<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    rng: Rng,
    kind: Kind,
    alive: Vec<usize>,
    dead: Vec<usize>,
    serial: usize,
    /// new commune the list is restricted to (poor households of one commune)
    home: Option<usize>,
    /// namesake pairs to try for ambiguous rows, in order (own commune first)
    pair_order: Vec<usize>,
}

fn eligible(
    kind: Kind,
    r: &Resident,
    ctx_commune: Option<usize>,
    pop: &Population,
    i: usize,
) -> bool {
    let age = r.age();
    match kind {
        Kind::HoNgheo => {
            r.is_head && age >= 25 && ctx_commune.is_none_or(|c| pop.new_commune_of(i) == c)
        }
        Kind::BaoTro | Kind::BaoTroCsv => true,
        Kind::NguoiCoCong => r.dob.year <= 1960,
        Kind::DatDai => age >= 25 && (r.is_head || matches!(r.relation, "Vợ" | "Chồng")),
        Kind::HoTich => (2010..=REF_YEAR).contains(&r.dob.year) && r.dob.is_full(),
    }
}

impl<'c, 'a> Builder<'c, 'a> {
    pub fn new(ctx: &'c mut Ctx<'a>, seed: u64, kind: Kind, rows: usize) -> Builder<'c, 'a> {
        let mut rng = Rng::derive(seed, kind.file_name());
        let pop = ctx.pop;
        let p_young = (rows as f64 * 2.5 / pop.residents.len().max(1) as f64).clamp(0.12, 1.0);
        let build = |commune: Option<usize>, rng: &mut Rng| {
            let mut alive = Vec::new();
            let mut dead = Vec::new();
            for (i, r) in pop.residents.iter().enumerate() {
                if ctx.used[i] || r.namesake.is_some() || !eligible(kind, r, commune, pop, i) {
                    continue;
                }
                // welfare lists lean towards the elderly
                if matches!(kind, Kind::BaoTro | Kind::BaoTroCsv)
                    && r.age() < 75
                    && !rng.chance(p_young)
                {
                    continue;
                }
                if r.alive() {
                    alive.push(i);
                } else {
                    dead.push(i);
                }
            }
            (alive, dead)
        };
        let mut home = None;
        let (mut alive, mut dead) = if kind == Kind::HoNgheo {
            let local = build(Some(ctx.ho_ngheo_commune), &mut rng);
            if local.0.len() >= rows {
                home = Some(ctx.ho_ngheo_commune);
                local
            } else {
                build(None, &mut rng)
            }
        } else {
            build(None, &mut rng)
        };
        rng.shuffle(&mut alive);
        rng.shuffle(&mut dead);
        let mut pairs: Vec<usize> = (0..pop.pairs.len())
            .filter(|&p| !ctx.pair_used[p])
            .collect();
        rng.shuffle(&mut pairs);
        // the list's own commune first (stable), then the others
        let in_home =
            |p: &usize| home.is_none_or(|h| pop.new_commune_of(pop.pairs[*p].0 as usize) == h);
        let mut pair_order: Vec<usize> = pairs.iter().copied().filter(in_home).collect();
        pair_order.extend(pairs.iter().copied().filter(|p| !in_home(p)));
        pair_order.reverse();
        Builder {
            ctx,
            rng,
            kind,
            alive,
            dead,
            serial: 0,
            home,
            pair_order,
        }
    }

    /// Take an unused resident from the pool satisfying `pred` (scans a bounded window).
    fn take(
        &mut self,
        dead: bool,
        pred: impl Fn(&Population, &NearIndex, usize) -> bool,
    ) -> Option<usize> {
        let pool = if dead {
            &mut self.dead
        } else {
            &mut self.alive
        };
        let mut j = pool.len();
        let mut scanned = 0;
        while j > 0 && scanned < 60 {
            j -= 1;
            let cand = pool[j];
            if self.ctx.used[cand] {
                pool.swap_remove(j);
                continue;
            }
            scanned += 1;
            if pred(self.ctx.pop, self.ctx.idx, cand) {
                pool.swap_remove(j);
                self.ctx.used[cand] = true;
                return Some(cand);
            }
        }
        None
    }

    /// Can this resident be listed without a usable ID and still be found for certain?
    /// `Any`: by name + year; `Full`: only when the row shows the full birth date.
    fn findable(pop: &Population, idx: &NearIndex, i: usize, full_dates: bool) -> Option<DobReq> {
        let r = &pop.residents[i];
        let (f, g) = name_keys(&r.name);
        if !idx.other(&f, &g, r.dob.year, pop, &[i]) {
            return Some(DobReq::Any);
        }
        let full_ok = full_dates && r.dob.is_full() && !idx.other_full(&f, &g, &r.dob, pop, &[i]);
        full_ok.then_some(DobReq::Full)
    }

    fn subject_of(&self, i: usize) -> Subject {
        let pop = self.ctx.pop;
        let r = &pop.residents[i];
        let h = pop.household_of(i);
        Subject {
            resident: Some(i),
            name: r.name.clone(),
            sex: r.sex,
            dob: r.dob,
            old_commune: h.old_commune,
            hamlet: h.hamlet,
            household_size: h.members.len(),
            father: r.father.clone(),
            mother: r.mother.clone(),
            spouse: r
                .spouse
                .and_then(|s| pop.residents.get(s as usize))
                .map(|s| (s.name.full(), s.sex)),
            ppp: r.ppp,
        }
    }

    // ---------- formatting (format-only corruptions) ----------

    fn fmt_name_text(
        &mut self,
        base: &str,
        allow_strip: bool,
        scen: &mut Vec<String>,
    ) -> (String, bool) {
        let mut s = base.to_string();
        let stripped = allow_strip && self.rng.chance(0.12);
        if stripped {
            s = strip_diacritics(&s);
            scen.push("name_no_diacritics".into());
        } else {
            let t = new_style_tones(&s);
            if t != s && self.rng.chance(0.5) {
                s = t;
                scen.push("name_new_tones".into());
            }
        }
        let caps = self.rng.chance(0.22);
        if caps {
            s = s.to_uppercase();
            scen.push("name_caps".into());
        }
        if self.rng.chance(0.12) {
            s = odd_spaces(&mut self.rng, &s);
            scen.push("name_spaces".into());
        }
        (s, caps)
    }

    fn honorific(sex: Sex, cap_first: bool) -> &'static str {
        match (sex, cap_first) {
            (Sex::Male, true) => "Ông",
            (Sex::Male, false) => "ông",
            (Sex::Female, true) => "Bà",
            (Sex::Female, false) => "bà",
        }
    }

    /// The name cell: for land books, sometimes an honorific or a married couple.
    fn name_cell(
        &mut self,
        subj: &Subject,
        name: &Name,
        allow_strip: bool,
        scen: &mut Vec<String>,
    ) -> (String, bool, NameEnc) {
        let mut base = name.full();
        if self.kind == Kind::DatDai {
            let couple = subj.spouse.clone().filter(|_| self.rng.chance(0.2));
            if let Some((sp, sp_sex)) = couple {
                base = format!(
                    "{} {} và {} {}",
                    Self::honorific(subj.sex, true),
                    base,
                    Self::honorific(sp_sex, false),
                    sp
                );
                scen.push("couple".into());
            } else if self.rng.chance(0.12) {
                base = format!("{} {}", Self::honorific(subj.sex, true), base);
                scen.push("honorific".into());
            }
        }
        let (text, caps) = self.fmt_name_text(&base, allow_strip, scen);
        let enc = if self.kind == Kind::DatDai
            && self.rng.chance(0.2)
            && !scen.iter().any(|s| s == "name_no_diacritics")
        {
            scen.push("name_vni".into());
            NameEnc::Vni
        } else {
            NameEnc::Unicode
        };
        (text, caps, enc)
    }

    fn id_text_form(&mut self, id: &str, scen: &mut Vec<String>) -> IdOut {
        let r = self.rng.unit();
        // (a number ending in zeros looks like scientific-notation damage: keep it text)
        if r < 0.15 && !id.ends_with("000") {
            scen.push("id_number".into());
            let trimmed = id.trim_start_matches('0');
            if self.kind.is_csv() {
                IdOut::Text(trimmed.to_string())
            } else {
                IdOut::Number(trimmed.parse::<f64>().unwrap_or(0.0))
            }
        } else if r < 0.23 {
            scen.push("id_spaced".into());
            IdOut::Text(spaced_id(&mut self.rng, id))
        } else {
            IdOut::Text(id.to_string())
        }
    }

    fn fmt_id(&mut self, r: &Resident, allow_cmnd: bool, scen: &mut Vec<String>) -> IdOut {
        let p_cmnd = if self.kind == Kind::DatDai { 0.5 } else { 0.25 };
        if allow_cmnd
            && self.kind.allow_cmnd()
            && let Some(c) = &r.cmnd
            && self.rng.chance(p_cmnd)
        {
            scen.push("id_cmnd".into());
            let c = c.clone();
            return self.id_text_form(&c, scen);
        }
        let id = r.id.clone();
        self.id_text_form(&id, scen)
    }

    fn missing_id(&mut self, scen: &mut Vec<String>) -> IdOut {
        if self.rng.chance(0.35) {
            scen.push("id_chua_co".into());
            IdOut::Text(
                if self.rng.chance(0.5) {
                    "chưa có"
                } else {
                    "Chưa có"
                }
                .to_string(),
            )
        } else {
            scen.push("id_empty".into());
            IdOut::Empty
        }
    }

    fn year_out(&mut self, y: i32) -> DobOut {
        if self.rng.chance(0.75) {
            DobOut::Year(y)
        } else {
            DobOut::YearText(y)
        }
    }

    /// `force_full`: the row must show the full date (a dob discrepancy or an ID anchor);
    /// `force_year`: show the year only.
    fn fmt_dob(
        &mut self,
        d: Dob,
        force_full: bool,
        force_year: bool,
        scen: &mut Vec<String>,
    ) -> DobOut {
        if !self.kind.full_dates() {
            return self.year_out(d.year);
        }
        if force_year {
            if d.is_full() {
                scen.push("dob_year_only".into());
            }
            return self.year_out(d.year);
        }
        if !d.is_full() {
            return if self.rng.chance(0.5) {
                scen.push("dob_00_00".into());
                DobOut::Text(d.ddmmyyyy())
            } else {
                self.year_out(d.year)
            };
        }
        let r = self.rng.unit();
        let excel = !self.kind.is_csv();
        if r < 0.5 {
            DobOut::Text(d.ddmmyyyy())
        } else if r < 0.65 && (d.day < 10 || d.month < 10) {
            scen.push("dob_short".into());
            DobOut::Text(d.dmy_short())
        } else if r < 0.88 && excel {
            scen.push("dob_excel_date".into());
            DobOut::Date(d)
        } else if !force_full && self.kind != Kind::HoTich {
            scen.push("dob_year_only".into());
            self.year_out(d.year)
        } else {
            DobOut::Text(d.ddmmyyyy())
        }
    }

    fn sex_text(&mut self, sex: Sex, scen: &mut Vec<String>) -> String {
        if self.kind == Kind::NguoiCoCong && self.rng.chance(0.2) {
            scen.push("sex_variant".into());
            let opts: &[&str] = match sex {
                Sex::Male => &["nam", "NAM"],
                Sex::Female => &["nữ", "NỮ", "Nu"],
            };
            return (*self.rng.pick(opts).unwrap_or(&"Nữ")).to_string();
        }
        sex.label_vi().to_string()
    }

    // ---------- kind data ----------

    fn kind_data(&mut self, subj: &Subject) -> (KindData, u32, i64, usize) {
        let rng = &mut self.rng;
        match self.kind {
            Kind::HoNgheo => {
                let sheet = usize::from(!rng.chance(0.55));
                let notes = [
                    "Hộ mới phát sinh",
                    "Hộ có người khuyết tật",
                    "Hộ có người có công",
                    "Hộ nghèo không có khả năng lao động",
                ];
                let note = if rng.chance(0.12) {
                    *rng.pick(&notes).unwrap_or(&"")
                } else {
                    ""
                };
                (
                    KindData::HoNgheo {
                        size: subj.household_size,
                        note,
                    },
                    subj.old_commune as u32,
                    i64::from(subj.hamlet),
                    sheet,
                )
            }
            Kind::BaoTro | Kind::BaoTroCsv => {
                let age = subj.age();
                let (group, doi_tuong, amount) = if age >= 75 {
                    (
                        0,
                        "Khoản 5 Điều 5",
                        if age >= 80 { 750_000.0 } else { 500_000.0 },
                    )
                } else if age >= 16 {
                    (
                        1,
                        "Khoản 6 Điều 5",
                        if rng.chance(0.5) {
                            1_000_000.0
                        } else {
                            750_000.0
                        },
                    )
                } else {
                    (
                        2,
                        "Khoản 1 Điều 5",
                        if age < 4 { 1_250_000.0 } else { 1_000_000.0 },
                    )
                };
                (KindData::BaoTro { doi_tuong, amount }, group, 0, 0)
            }
            Kind::NguoiCoCong => {
                let r = rng.unit();
                let (group, dien, amount) = if r < 0.4 {
                    let d = *rng
                        .pick(&[
                            "Thương binh 4/4 (25%)",
                            "Thương binh 3/4 (45%)",
                            "Thương binh 2/4 (65%)",
                        ])
                        .unwrap_or(&"Thương binh 4/4 (25%)");
                    (0, d, 2_055_000.0 + 10_000.0 * rng.range(0, 150) as f64)
                } else if r < 0.6 {
                    let d = *rng
                        .pick(&["Bệnh binh 3/3 (41%)", "Bệnh binh 2/3 (61%)"])
                        .unwrap_or(&"Bệnh binh 2/3 (61%)");
                    (1, d, 2_789_000.0 + 10_000.0 * rng.range(0, 120) as f64)
                } else if r < 0.85 {
                    (2, "Thân nhân liệt sĩ", 2_789_000.0)
                } else {
                    (
                        3,
                        "Người HĐKC bị nhiễm CĐHH",
                        2_509_000.0 + 10_000.0 * rng.range(0, 80) as f64,
                    )
                };
                let prefix = ["TB", "BB", "LS", "HH"][group as usize];
                let ho_so = format!("{prefix}-BP/{:05}", rng.range(100, 39_999));
                (
                    KindData::Ncc {
                        dien,
                        ho_so,
                        amount,
                    },
                    group,
                    0,
                    0,
                )
            }
            Kind::DatDai => {
                let area = &TABLES.area;
                let old = area
                    .old_communes
                    .get(subj.old_commune)
                    .map_or(String::new(), |o| o.lower_unit());
                let address = match rng.below(3) {
                    0 => format!("{}, {}", subj.hamlet_label(), old),
                    1 => format!(
                        "{}, {}, {}",
                        subj.hamlet_label(),
                        old,
                        lower_first(&area.old_district)
                    ),
                    _ => format!(
                        "{}, {}, {}, {}",
                        subj.hamlet_label(),
                        old,
                        lower_first(&area.old_district),
                        lower_first(&area.old_province)
                    ),
                };
                let purposes = ["ONT", "CLN", "LUC", "ONT+CLN", "CLN", "HNK"];
                let gcn = match rng.below(3) {
                    0 => format!("CS {:05}", rng.range(1, 99_999)),
                    1 => format!("BĐ {:06}", rng.range(1, 999_999)),
                    _ => format!("AA {:08}", rng.range(1, 99_999_999)),
                };
                (
                    KindData::DatDai {
                        to: rng.range(1, 62) as u32,
                        thua: rng.range(1, 480) as u32,
                        area: (rng.range(800, 50_000) as f64) / 10.0,
                        purpose: rng.pick(&purposes).unwrap_or(&"ONT"),
                        gcn,
                        address,
                    },
                    subj.old_commune as u32,
                    0,
                    0,
                )
            }
            Kind::HoTich => {
                let reg = add_days(subj.dob, rng.range(3, 60) as u32);
                let area = &TABLES.area;
                let oc = area
                    .old_communes
                    .get(subj.old_commune)
                    .map_or(String::new(), |o| o.lower_unit());
                let district = lower_first(&area.old_district);
                let place = match rng.below(4) {
                    0 => format!(
                        "Trạm Y tế {oc}, {district}, {}",
                        lower_first(&area.old_province)
                    ),
                    1 => format!("Trung tâm Y tế {district}"),
                    2 => format!("Bệnh viện đa khoa {}", lower_first(&area.old_province)),
                    _ => format!("Trạm Y tế {oc}"),
                };
                let ethnic = if rng.chance(0.88) {
                    "Kinh"
                } else {
                    *rng.pick(&["Xtiêng", "Tày", "Nùng", "Khmer", "Hoa"])
                        .unwrap_or(&"Kinh")
                };
                let key =
                    i64::from(reg.year) * 10_000 + i64::from(reg.month) * 100 + i64::from(reg.day);
                (
                    KindData::HoTich { reg, place, ethnic },
                    reg.year as u32,
                    key,
                    0,
                )
            }
        }
    }

    fn entry(&mut self, subject: Subject, l: Listed, truth: Truth) -> Entry {
        let (data, group, sort_key, sheet) = self.kind_data(&subject);
        self.serial += 1;
        Entry {
            serial: self.serial,
            subject,
            name: l.name.0,
            caps: l.name.1,
            enc: l.name.2,
            dob: l.dob,
            sex: l.sex,
            sex_text: l.sex_text,
            id: l.id,
            truth,
            group,
            sort_key,
            sheet,
            repeat_of: None,
            data,
        }
    }

    // ---------- scenarios ----------

    /// A row about resident `i` with format-only corruptions; `id_missing`: no ID shown, and
    /// what the dob cell must show for the person to stay findable.
    fn resident_row(
        &mut self,
        i: usize,
        status: Status,
        mut scen: Vec<String>,
        id_missing: Option<DobReq>,
    ) -> Entry {
        let pop = self.ctx.pop;
        let r = &pop.residents[i];
        let subj = self.subject_of(i);
        let name = self.name_cell(&subj, &r.name, true, &mut scen);
        let force_full = id_missing == Some(DobReq::Full);
        let dob = self.fmt_dob(r.dob, force_full, false, &mut scen);
        let sex_text = self.sex_text(r.sex, &mut scen);
        let id = if id_missing.is_some() {
            self.missing_id(&mut scen)
        } else {
            self.fmt_id(r, true, &mut scen)
        };
        let truth = Truth {
            status,
            resident_id: r.id.clone(),
            discrepancies: Vec::new(),
            candidates: Vec::new(),
            scenario: scen,
        };
        self.entry(
            subj,
            Listed {
                name,
                dob,
                sex: r.sex,
                sex_text,
                id,
            },
            truth,
        )
    }

    fn clean(&mut self) -> Option<Entry> {
        let i = self.take(false, |_, _, _| true)?;
        Some(self.resident_row(i, Status::Matched, vec!["clean".into()], None))
    }

    fn id_missing(&mut self) -> Option<Entry> {
        let full = self.kind.full_dates();
        let i = self.take(false, move |p, x, i| {
            Self::findable(p, x, i, full).is_some()
        })?;
        let req = Self::findable(self.ctx.pop, self.ctx.idx, i, full);
        Some(self.resident_row(i, Status::Matched, vec!["id_missing".into()], req))
    }

    fn deceased(&mut self) -> Option<Entry> {
        let i = self.take(true, |_, _, _| true)?;
        let req = if self.rng.chance(0.15) {
            Self::findable(self.ctx.pop, self.ctx.idx, i, self.kind.full_dates())
        } else {
            None
        };
        Some(self.resident_row(i, Status::Deceased, vec!["deceased".into()], req))
    }

    fn fresh_years(&mut self) -> (i32, i32) {
        match self.kind {
            Kind::HoNgheo => (1935, 2000),
            Kind::NguoiCoCong => (1928, 1960),
            Kind::DatDai => (1940, 2000),
            Kind::HoTich => (2010, REF_YEAR),
            Kind::BaoTro | Kind::BaoTroCsv => match self.rng.below(3) {
                0 => (2010, 2021),
                1 => (1960, 2005),
                _ => (1926, 1950),
            },
        }
    }

    fn fresh_subject(&mut self) -> Option<Subject> {
        let area = &TABLES.area;
        for _ in 0..50 {
            let (lo, hi) = self.fresh_years();
            let year = self.rng.range(i64::from(lo), i64::from(hi)) as i32;
            let sex = if self.rng.chance(0.5) {
                Sex::Male
            } else {
                Sex::Female
            };
            let name = random_name(&mut self.rng, &TABLES, sex, year, None);
            let (f, g) = name_keys(&name);
            if self.ctx.idx.other(&f, &g, year, self.ctx.pop, &[]) {
                continue;
            }
            let dob = if year < 1950 && self.rng.chance(0.08) {
                Dob::year_only(year)
            } else {
                random_date(&mut self.rng, year)
            };
            let old_commune = match self.home.and_then(|h| area.new_communes.get(h)) {
                Some(nc) if !nc.old.is_empty() => nc.old[self.rng.index(nc.old.len())],
                _ => self.rng.index(area.old_communes.len().max(1)),
            };
            let hamlets = area.old_communes.get(old_commune).map_or(5, |o| o.hamlets);
            let hamlet = self.rng.range(1, i64::from(hamlets)) as u32;
            let fam = name.family.clone();
            let father =
                random_name(&mut self.rng, &TABLES, Sex::Male, year - 25, Some(&fam)).full();
            let mother = random_name(&mut self.rng, &TABLES, Sex::Female, year - 25, None).full();
            return Some(Subject {
                resident: None,
                name,
                sex,
                dob,
                old_commune,
                hamlet,
                household_size: self.rng.range(1, 6) as usize,
                father,
                mother,
                spouse: None,
                ppp: "070",
            });
        }
        None
    }

    /// A 12-digit ID consistent with the person that no resident has and that is not one
    /// digit away from any resident's ID.
    fn fresh_id(&mut self, subj: &Subject) -> Option<String> {
        let pop = self.ctx.pop;
        for _ in 0..50 {
            let ppp = *self
                .rng
                .pick(&["070", "075", "038", "040", "079"])
                .unwrap_or(&"070");
            let s = if subj.dob.year >= 2000 { 2 } else { 0 } + u32::from(subj.sex == Sex::Female);
            let id = format!(
                "{ppp}{s}{:02}{:06}",
                subj.dob.year.rem_euclid(100),
                self.rng.below(1_000_000)
            );
            if !pop.has_id(&id) && neighbours(&id).iter().all(|n| !pop.has_id(n)) {
                return Some(id);
            }
        }
        None
    }

    fn not_found(&mut self) -> Option<Entry> {
        let subj = self.fresh_subject()?;
        let mut scen = vec!["not_found".to_string()];
        let name = self.name_cell(&subj, &subj.name.clone(), true, &mut scen);
        let dob = self.fmt_dob(subj.dob, false, false, &mut scen);
        let sex_text = self.sex_text(subj.sex, &mut scen);
        let id = if self.rng.chance(0.4) {
            match self.fresh_id(&subj) {
                Some(id) => {
                    scen.push("id_unknown".into());
                    IdOut::Text(id)
                }
                None => self.missing_id(&mut scen),
            }
        } else {
            self.missing_id(&mut scen)
        };
        let truth = Truth {
            status: Status::NotFound,
            resident_id: String::new(),
            discrepancies: Vec::new(),
            candidates: Vec::new(),
            scenario: scen,
        };
        let sex = subj.sex;
        Some(self.entry(
            subj,
            Listed {
                name,
                dob,
                sex,
                sex_text,
                id,
            },
            truth,
        ))
    }

    fn ambiguous(&mut self) -> Option<Entry> {
        if self.kind == Kind::HoTich {
            return None;
        }
        let pop = self.ctx.pop;
        while let Some(p) = self.pair_order.pop() {
            if self.ctx.pair_used[p] {
                continue;
            }
            let (a, b) = (pop.pairs[p].0 as usize, pop.pairs[p].1 as usize);
            let (ra, rb) = (&pop.residents[a], &pop.residents[b]);
            if self.ctx.used[a] || self.ctx.used[b] || !ra.alive() || !rb.alive() {
                continue;
            }
            if !eligible(self.kind, ra, None, pop, a) || !eligible(self.kind, rb, None, pop, b) {
                continue;
            }
            let (f, g) = name_keys(&ra.name);
            if self.ctx.idx.other(&f, &g, ra.dob.year, pop, &[a, b]) {
                continue;
            }
            self.ctx.pair_used[p] = true;
            self.ctx.used[a] = true;
            self.ctx.used[b] = true;
            let mut scen = vec!["ambiguous_namesakes".to_string()];
            let subj = self.subject_of(a);
            let name = self.name_cell(
                &Subject {
                    spouse: None,
                    ..subj.clone()
                },
                &ra.name,
                true,
                &mut scen,
            );
            let dob = self.fmt_dob(ra.dob, false, true, &mut scen);
            let sex_text = self.sex_text(ra.sex, &mut scen);
            let id = self.missing_id(&mut scen);
            let mut candidates = vec![ra.id.clone(), rb.id.clone()];
            candidates.sort();
            let truth = Truth {
                status: Status::Ambiguous,
                resident_id: String::new(),
                discrepancies: Vec::new(),
                candidates,
                scenario: scen,
            };
            return Some(self.entry(
                subj,
                Listed {
                    name,
                    dob,
                    sex: ra.sex,
                    sex_text,
                    id,
                },
                truth,
            ));
        }
        None
    }

    fn pick_sub(&mut self) -> Sub {
        let full = self.kind.full_dates();
        let mut opts: Vec<(Sub, f64)> = vec![
            (Sub::NameTypo, 25.0),
            (Sub::NameTone, 15.0),
            (Sub::MiddleDropped, 15.0),
            (Sub::DobYear, if full { 10.0 } else { 25.0 }),
        ];
        if full {
            opts.push((Sub::DobSwap, 10.0));
            opts.push((Sub::DobOther, 5.0));
            opts.push((Sub::IdDigit, 12.0));
        }
        if self.kind.has_sex() {
            opts.push((Sub::Gender, 12.0));
        }
        let w = super::rng::Weighted::new(opts);
        *w.sample(&mut self.rng).unwrap_or(&Sub::NameTypo)
    }

    fn structural_ok(sub: Sub, r: &Resident) -> bool {
        match sub {
            Sub::MiddleDropped => !r.name.middle.is_empty(),
            Sub::DobSwap => r.dob.is_full() && r.dob.day <= 12 && r.dob.day != r.dob.month,
            // 01/01 may be read as a filler for "year only": no date discrepancy on it
            Sub::DobOther => r.dob.is_full() && !(r.dob.day == 1 && r.dob.month == 1),
            Sub::IdDigit => r.dob.is_full(),
            _ => true,
        }
    }

    fn substantive(&mut self) -> Option<Entry> {
        for _ in 0..12 {
            let first = self.pick_sub();
            let mut subs = vec![first];
            if first != Sub::IdDigit && self.rng.chance(0.1) {
                let second = self.pick_sub();
                if second != Sub::IdDigit && second.field() != first.field() {
                    subs.push(second);
                }
            }
            let subs2 = subs.clone();
            let i = self.take(false, move |p, _, i| {
                subs2
                    .iter()
                    .all(|s| Self::structural_ok(*s, &p.residents[i]))
            })?;
            if let Some(e) = self.apply_subs(i, &subs) {
                return Some(e);
            }
            // release (it stays out of this list's pool)
            self.ctx.used[i] = false;
        }
        None
    }

    fn apply_subs(&mut self, i: usize, subs: &[Sub]) -> Option<Entry> {
        let pop = self.ctx.pop;
        let r = &pop.residents[i];
        let mut name = r.name.clone();
        let mut dob = r.dob;
        let mut sex = r.sex;
        let mut id: Option<String> = None;
        let mut scen: Vec<String> = Vec::new();
        for s in subs {
            scen.push(s.token().to_string());
            match s {
                Sub::NameTypo | Sub::NameTone => {
                    // the given name (60%) or a middle token, among those that allow it
                    let mut toks: Vec<(Option<usize>, String)> = Vec::new();
                    for _ in 0..4 {
                        let tok = if !name.middle.is_empty() && self.rng.chance(0.4) {
                            let k = self.rng.index(name.middle.len());
                            (Some(k), name.middle[k].clone())
                        } else {
                            (None, name.given.clone())
                        };
                        toks.push(tok);
                    }
                    let mut done = false;
                    for (slot, tok) in toks {
                        let changed = if *s == Sub::NameTypo {
                            consonant_typo(&mut self.rng, &tok)
                        } else {
                            change_tone(&mut self.rng, &tok)
                        };
                        if let Some(c) = changed {
                            match slot {
                                Some(k) => name.middle[k] = c,
                                None => name.given = c,
                            }
                            done = true;
                            break;
                        }
                    }
                    if !done {
                        return None;
                    }
                }
                Sub::MiddleDropped => {
                    if name.middle.is_empty() {
                        return None;
                    }
                    let k = self.rng.index(name.middle.len());
                    name.middle.remove(k);
                }
                Sub::DobSwap => {
                    if !(dob.is_full() && dob.day <= 12 && dob.day != dob.month) {
                        return None;
                    }
                    dob = Dob::full(dob.year, dob.day, dob.month);
                }
                Sub::DobYear => {
                    let up = self.rng.chance(0.5) && dob.year < REF_YEAR - 1;
                    let y = if up { dob.year + 1 } else { dob.year - 1 };
                    let mut nd = Dob { year: y, ..dob };
                    if nd.month == 2 && nd.day == 29 && !is_leap(y) {
                        nd.day = 28;
                    }
                    dob = nd;
                }
                Sub::DobOther => {
                    if !dob.is_full() {
                        return None;
                    }
                    let mut nd = dob;
                    for _ in 0..20 {
                        nd = random_date(&mut self.rng, dob.year);
                        let swapped = nd.day == dob.month && nd.month == dob.day;
                        if nd != dob && !swapped {
                            break;
                        }
                    }
                    if nd == dob {
                        return None;
                    }
                    dob = nd;
                }
                Sub::Gender => sex = sex.other(),
                Sub::IdDigit => {
                    id = Some(self.changed_id(&r.id)?);
                }
            }
        }
        if subs.contains(&Sub::IdDigit) && !dob.is_full() {
            return None;
        }
        let needs_full = subs
            .iter()
            .any(|s| matches!(s, Sub::DobSwap | Sub::DobOther | Sub::IdDigit))
            || (subs.contains(&Sub::DobYear) && self.kind.full_dates() && dob.is_full());
        let mut dob_scen: Vec<String> = Vec::new();
        let dob_out = if needs_full && self.kind.full_dates() {
            // a full date, as text or a date cell
            if !self.kind.is_csv() && self.rng.chance(0.35) {
                dob_scen.push("dob_excel_date".into());
                DobOut::Date(dob)
            } else {
                DobOut::Text(dob.ddmmyyyy())
            }
        } else {
            self.fmt_dob(dob, false, false, &mut dob_scen)
        };
        let shown = match &dob_out {
            DobOut::Date(d) => Shown::Full(*d),
            DobOut::Text(_) if dob.is_full() => Shown::Full(dob),
            _ => Shown::Year(dob.year),
        };
        // nobody else fits the listed name and date better than the anchored resident
        if self.ctx.idx.other_exact(&name, shown, pop, &[i]) {
            return None;
        }
        // with a wrong ID, name + full date must find the resident for certain
        if subs.contains(&Sub::IdDigit) {
            let (f, g) = name_keys(&name);
            if self.ctx.idx.other_full(&f, &g, &dob, pop, &[i]) {
                return None;
            }
        }
        let subj = self.subject_of(i);
        let allow_strip = !subs.contains(&Sub::NameTone);
        let ncell = self.name_cell(&subj, &name, allow_strip, &mut scen);
        scen.extend(dob_scen);
        let sex_text = self.sex_text(sex, &mut scen);
        let id_out = match &id {
            Some(changed) => {
                if self.rng.chance(0.2) {
                    scen.push("id_spaced".into());
                    IdOut::Text(spaced_id(&mut self.rng, changed))
                } else {
                    IdOut::Text(changed.clone())
                }
            }
            None => self.fmt_id(r, false, &mut scen),
        };
        let mut disc: Vec<&'static str> = Vec::new();
        for field in ["name", "dob", "gender", "id"] {
            if subs.iter().any(|s| s.field() == field) {
                disc.push(field);
            }
        }
        let truth = Truth {
            status: Status::Mismatch,
            resident_id: r.id.clone(),
            discrepancies: disc,
            candidates: Vec::new(),
            scenario: scen,
        };
        Some(self.entry(
            subj,
            Listed {
                name: ncell,
                dob: dob_out,
                sex,
                sex_text,
                id: id_out,
            },
            truth,
        ))
    }

    /// One digit of the random part changed; the result is nobody's ID and is one digit away
    /// from this resident's ID only.
    fn changed_id(&mut self, id: &str) -> Option<String> {
        let pop = self.ctx.pop;
        let digits: Vec<char> = id.chars().collect();
        if digits.len() != 12 {
            return None;
        }
        for _ in 0..20 {
            let pos = self.rng.range(6, 11) as usize;
            let old = digits[pos].to_digit(10)?;
            let new = (old + 1 + self.rng.below(9) as u32) % 10;
            let mut d = digits.clone();
            d[pos] = char::from_digit(new, 10)?;
            let cand: String = d.into_iter().collect();
            if pop.has_id(&cand) {
                continue;
            }
            if neighbours(&cand).iter().all(|n| n == id || !pop.has_id(n)) {
                return Some(cand);
            }
        }
        None
    }

    /// A later row about the person of `orig` (formatted anew).
    fn repeat_of(&mut self, orig: &Entry) -> Option<Entry> {
        let i = orig.subject.resident?;
        let pop = self.ctx.pop;
        let r = &pop.residents[i];
        let dup = self.kind.repeats_are_duplicates();
        let status = if dup {
            Status::Duplicate
        } else if r.alive() {
            Status::Matched
        } else {
            Status::Deceased
        };
        let missing = if self.rng.chance(0.2) {
            Self::findable(pop, self.ctx.idx, i, self.kind.full_dates())
        } else {
            None
        };
        let token = if dup { "repeat" } else { "parcel_repeat" };
        let mut e = self.resident_row(i, status, vec![token.to_string()], missing);
        if missing.is_some() {
            e.truth.scenario.insert(1, "id_missing".into());
        }
        e.repeat_of = Some(orig.serial);
        if dup && self.kind != Kind::HoTich {
            // same household / benefit as on the first row
            e.data = orig.data.clone();
        }
        Some(e)
    }

    /// All person rows of this list, in sheet order.
    pub fn build(mut self, n: usize) -> Vec<Entry> {
        let mix: [(Scn, f64); 7] = [
            (Scn::Clean, 45.0),
            (Scn::IdMissing, 8.0),
            (Scn::Subst, 20.0),
            (Scn::Deceased, 4.0),
            (Scn::NotFound, 8.0),
            (
                Scn::Ambiguous,
                if self.kind == Kind::HoTich { 0.0 } else { 4.0 },
            ),
            (
                Scn::Repeat,
                if self.kind == Kind::DatDai { 10.0 } else { 5.0 },
            ),
        ];
        let mut plan: Vec<Scn> = Vec::with_capacity(n);
        for (s, w) in mix {
            if s != Scn::Clean {
                let k = (n as f64 * w / 100.0).round() as usize;
                plan.extend(std::iter::repeat_n(s, k));
            }
        }
        plan.truncate(n);
        while plan.len() < n {
            plan.push(Scn::Clean);
        }
        self.rng.shuffle(&mut plan);

        let mut entries: Vec<Entry> = Vec::with_capacity(n);
        let mut repeats = 0;
        for s in plan {
            let e = match s {
                Scn::Clean => self.clean(),
                Scn::IdMissing => self.id_missing(),
                Scn::Subst => self.substantive(),
                Scn::Deceased => self.deceased(),
                Scn::NotFound => self.not_found(),
                Scn::Ambiguous => self.ambiguous(),
                Scn::Repeat => {
                    repeats += 1;
                    continue;
                }
            };
            match e.or_else(|| self.clean()) {
                Some(e) => entries.push(e),
                None => continue,
            }
        }
        // group the rows as the office would (by commune, category, year...)
        entries.sort_by_key(|e| (e.sheet, e.group, e.sort_key));
        // then repeat some earlier people further down: each repeat goes right after a
        // row at or after its original (one merge pass, O(n))
        let originals: Vec<usize> = (0..entries.len())
            .filter(|&k| entries[k].subject.resident.is_some())
            .filter(|&k| {
                matches!(
                    entries[k].truth.status,
                    Status::Matched | Status::Mismatch | Status::Deceased
                )
            })
            .collect();
        let mut inserts: Vec<(usize, usize, Entry)> = Vec::new();
        let mut taken = vec![false; entries.len()];
        for seq in 0..repeats {
            // a person is repeated at most once in welfare lists
            let mut pick = None;
            for _ in 0..8 {
                let Some(&k) = self.rng.pick(&originals) else {
                    break;
                };
                if !self.kind.repeats_are_duplicates() || !taken[k] {
                    pick = Some(k);
                    break;
                }
            }
            let Some(k) = pick else {
                continue;
            };
            taken[k] = true;
            let orig = entries[k].clone();
            let Some(mut e) = self.repeat_of(&orig) else {
                continue;
            };
            let after = self.rng.range(k as i64, entries.len() as i64 - 1) as usize;
            let prev = &entries[after];
            e.sheet = prev.sheet;
            e.group = prev.group;
            e.sort_key = prev.sort_key;
            inserts.push((after, seq, e));
        }
        inserts.sort_by_key(|(after, seq, _)| (*after, *seq));
        let mut out = Vec::with_capacity(entries.len() + inserts.len());
        let mut ins = inserts.into_iter().peekable();
        for (k, e) in entries.into_iter().enumerate() {
            out.push(e);
            while ins.peek().is_some_and(|(after, _, _)| *after == k) {
                if let Some((_, _, r)) = ins.next() {
                    out.push(r);
                }
            }
        }
        out
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Every string one typing slip away from `id`: one digit changed, or two adjacent digits
/// swapped.
pub fn neighbours(id: &str) -> Vec<String> {
    let d: Vec<char> = id.chars().collect();
    let mut out = Vec::with_capacity(d.len() * 10);
    for i in 0..d.len() {
        for c in '0'..='9' {
            if c != d[i] {
                let mut x = d.clone();
                x[i] = c;
                out.push(x.into_iter().collect());
            }
        }
        if i + 1 < d.len() && d[i] != d[i + 1] {
            let mut x = d.clone();
            x.swap(i, i + 1);
            out.push(x.into_iter().collect());
        }
    }
    out
}

/// `d` plus `days` days (d must be a full date).
pub fn add_days(d: Dob, days: u32) -> Dob {
    let (mut y, mut m, mut day) = (d.year, d.month.max(1), u32::from(d.day.max(1)));
    day += days;
    loop {
        let dim = u32::from(days_in_month(y, m));
        if dim == 0 || day <= dim {
            break;
        }
        day -= dim;
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    let out = Dob::full(y, m, day as u8);
    let limit = Dob::full(REF_YEAR, super::people::REF_MONTH, super::people::REF_DAY);
    if out > limit { limit } else { out }
}
