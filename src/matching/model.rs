//! The Fellegi–Sunter model: for every field and comparison level an m-probability (the level
//! among true matches) and a u-probability (among different people); a level weighs
//! log2(m / u). Name u-probabilities are term-frequency adjusted by the registry at comparison
//! time. Defaults come from `rules/model.toml` (overridable per rules file); a model can be
//! re-estimated by EM (`em.rs`) and saved or loaded as JSON.
//!
//! Everything the comparison reads is a fixed array indexed by level: no map, no string.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::error::{Error, Result};
use crate::fields::address::CommuneLevel;
use crate::fields::date::{DateLevel, Precision};
use crate::fields::id::IdLevel;
use crate::text::name::NameLevel;

/// A compared field of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ModelField {
    Name,
    Dob,
    Sex,
    Id,
    Commune,
    /// Parents' names (civil-status lists).
    Parent,
    /// The listed household code against the resident's.
    Household,
    /// A listed co-holder ("Ông A và bà B") in the resident's household.
    CoHolder,
}

pub const FIELDS: [ModelField; 8] = [
    ModelField::Name,
    ModelField::Dob,
    ModelField::Sex,
    ModelField::Id,
    ModelField::Commune,
    ModelField::Parent,
    ModelField::Household,
    ModelField::CoHolder,
];

const NAME_LEVELS: [&str; 9] = [
    "identical",
    "format",
    "tone_placement",
    "missing_diacritics",
    "variant",
    "one_tone",
    "one_letter",
    "middle_missing",
    "different",
];
const DOB_LEVELS: [&str; 11] = [
    "equal_day",
    "equal_month",
    "equal_year",
    "compatible_month",
    "compatible_year",
    "impossible_normalised",
    "day_month_swap",
    "one_digit",
    "year_off1_day",
    "year_off1_coarse",
    "different",
];
const SEX_LEVELS: [&str; 2] = ["agree", "disagree"];
const ID_LEVELS: [&str; 4] = ["equal", "other_kind_same_person", "one_edit", "different"];
const COMMUNE_LEVELS: [&str; 3] = ["same", "mapped_same", "different"];
const PARENT_LEVELS: [&str; 2] = ["agree", "different"];
const HOUSEHOLD_LEVELS: [&str; 2] = ["equal", "different"];
const CO_HOLDER_LEVELS: [&str; 2] = ["found", "absent"];

/// The fields EM works with (a pair's levels are kept for these): every list has them.
pub const EM_FIELDS: [ModelField; 5] = [
    ModelField::Name,
    ModelField::Dob,
    ModelField::Sex,
    ModelField::Id,
    ModelField::Commune,
];

/// Levels of all fields, end to end.
pub const LEVELS: usize = 9 + 11 + 2 + 4 + 3 + 2 + 2 + 2;

impl ModelField {
    /// The key in rules files and model JSON.
    pub fn key(self) -> &'static str {
        match self {
            ModelField::Name => "name",
            ModelField::Dob => "dob",
            ModelField::Sex => "sex",
            ModelField::Id => "id",
            ModelField::Commune => "commune",
            ModelField::Parent => "parent",
            ModelField::Household => "household",
            ModelField::CoHolder => "co_holder",
        }
    }

    /// Level keys, in level order.
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            ModelField::Name => &NAME_LEVELS,
            ModelField::Dob => &DOB_LEVELS,
            ModelField::Sex => &SEX_LEVELS,
            ModelField::Id => &ID_LEVELS,
            ModelField::Commune => &COMMUNE_LEVELS,
            ModelField::Parent => &PARENT_LEVELS,
            ModelField::Household => &HOUSEHOLD_LEVELS,
            ModelField::CoHolder => &CO_HOLDER_LEVELS,
        }
    }

    /// Index of the field's first level in the model's arrays.
    pub fn offset(self) -> usize {
        match self {
            ModelField::Name => 0,
            ModelField::Dob => 9,
            ModelField::Sex => 20,
            ModelField::Id => 22,
            ModelField::Commune => 26,
            ModelField::Parent => 29,
            ModelField::Household => 31,
            ModelField::CoHolder => 33,
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.offset()..self.offset() + self.levels().len()
    }

    fn from_key(key: &str) -> Option<ModelField> {
        FIELDS.into_iter().find(|f| f.key() == key)
    }
}

/// The date-of-birth levels of the model: [`DateLevel`] refined by precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DobLevel {
    EqualDay,
    EqualMonth,
    EqualYear,
    CompatibleMonth,
    CompatibleYear,
    ImpossibleNormalised,
    DayMonthSwap,
    OneDigit,
    YearOff1Day,
    YearOff1Coarse,
    Different,
}

impl DobLevel {
    /// The model level of a date comparison, given the listed and the registry precision.
    pub fn of(level: DateLevel, listed: Precision, registry: Precision) -> DobLevel {
        match level {
            DateLevel::Equal => match listed {
                Precision::Day => DobLevel::EqualDay,
                Precision::Month => DobLevel::EqualMonth,
                Precision::Year => DobLevel::EqualYear,
            },
            DateLevel::PrecisionCompatible => {
                if listed == Precision::Month || registry == Precision::Month {
                    DobLevel::CompatibleMonth
                } else {
                    DobLevel::CompatibleYear
                }
            }
            DateLevel::ImpossibleNormalised => DobLevel::ImpossibleNormalised,
            DateLevel::DayMonthSwap => DobLevel::DayMonthSwap,
            DateLevel::OneDigit => DobLevel::OneDigit,
            DateLevel::YearOff1 => {
                if listed == Precision::Day && registry == Precision::Day {
                    DobLevel::YearOff1Day
                } else {
                    DobLevel::YearOff1Coarse
                }
            }
            DateLevel::Different => DobLevel::Different,
        }
    }

    fn index(self) -> usize {
        match self {
            DobLevel::EqualDay => 0,
            DobLevel::EqualMonth => 1,
            DobLevel::EqualYear => 2,
            DobLevel::CompatibleMonth => 3,
            DobLevel::CompatibleYear => 4,
            DobLevel::ImpossibleNormalised => 5,
            DobLevel::DayMonthSwap => 6,
            DobLevel::OneDigit => 7,
            DobLevel::YearOff1Day => 8,
            DobLevel::YearOff1Coarse => 9,
            DobLevel::Different => 10,
        }
    }
}

/// Index of a level within its field (what [`ModelField::levels`] names).
pub fn name_index(l: NameLevel) -> usize {
    match l {
        NameLevel::Identical => 0,
        NameLevel::Format => 1,
        NameLevel::TonePlacement => 2,
        NameLevel::MissingDiacritics => 3,
        NameLevel::Variant => 4,
        NameLevel::OneTone => 5,
        NameLevel::OneLetter => 6,
        NameLevel::MiddleMissing => 7,
        NameLevel::Different => 8,
    }
}

pub fn dob_index(l: DobLevel) -> usize {
    l.index()
}

pub fn sex_index(agree: bool) -> usize {
    if agree { 0 } else { 1 }
}

pub fn id_index(l: IdLevel) -> usize {
    match l {
        IdLevel::Equal => 0,
        IdLevel::OtherKindSamePerson => 1,
        IdLevel::OneEdit => 2,
        IdLevel::Different => 3,
    }
}

/// `None` for an unknown commune (no evidence either way).
pub fn commune_index(l: CommuneLevel) -> Option<usize> {
    match l {
        CommuneLevel::Same => Some(0),
        CommuneLevel::MappedSame => Some(1),
        CommuneLevel::Different => Some(2),
        CommuneLevel::Unknown => None,
    }
}

/// Name levels whose u is scaled by the family + given name frequency (the others but
/// `different` by the full name frequency).
pub fn name_uses_family_given_freq(l: NameLevel) -> bool {
    l == NameLevel::MiddleMissing
}

/// Name levels whose u is not frequency adjusted.
pub fn name_is_frequency_free(l: NameLevel) -> bool {
    l == NameLevel::Different
}

/// Where the model of a run came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelSource {
    /// The rules' defaults (`rules/model.toml` with the rules file's overrides).
    Defaults,
    /// Re-estimated by EM from the run.
    Em,
    /// Loaded with `--model FILE`.
    File,
}

/// How an EM estimate was obtained.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct EmSummary {
    pub training_pairs: usize,
    pub iterations: usize,
    pub converged: bool,
}

/// m/u tables by field key and level key (rules overrides, model JSON).
pub type Tables = BTreeMap<String, BTreeMap<String, f64>>;

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    m: [f64; LEVELS],
    u: [f64; LEVELS],
    /// log2(m / u), kept in step with m and u.
    w: [f64; LEVELS],
    pub source: ModelSource,
    /// For a model estimated by EM (here or in the run that saved it).
    pub em: Option<EmSummary>,
}

impl Default for Model {
    fn default() -> Self {
        Model::defaults().clone()
    }
}

const DEFAULTS_FILE: &str = "rules/model.toml";

impl Model {
    /// The compiled-in defaults of `rules/model.toml` (checked by a unit test).
    pub fn defaults() -> &'static Model {
        static DEFAULTS: OnceLock<Model> = OnceLock::new();
        DEFAULTS.get_or_init(|| {
            parse_defaults(include_str!("../../rules/model.toml"))
                .unwrap_or_else(|e| panic!("{DEFAULTS_FILE} (compiled in): {e}"))
        })
    }

    fn from_arrays(m: [f64; LEVELS], u: [f64; LEVELS], source: ModelSource) -> Model {
        let mut model = Model {
            m,
            u,
            w: [0.0; LEVELS],
            source,
            em: None,
        };
        model.refresh();
        model
    }

    fn refresh(&mut self) {
        for i in 0..LEVELS {
            self.w[i] = (self.m[i] / self.u[i]).log2();
        }
    }

    pub fn m(&self, f: ModelField, level: usize) -> f64 {
        self.m[f.offset() + level]
    }

    pub fn u(&self, f: ModelField, level: usize) -> f64 {
        self.u[f.offset() + level]
    }

    /// log2(m / u) of a level (for names, before the frequency adjustment).
    pub fn weight(&self, f: ModelField, level: usize) -> f64 {
        self.w[f.offset() + level]
    }

    /// Set the m-probabilities of one field (EM); `m` has one value per level.
    pub fn set_m(&mut self, f: ModelField, m: &[f64]) {
        for (i, &v) in f.range().zip(m) {
            self.m[i] = v;
        }
        self.refresh();
    }

    /// Name weight: `log2_rarity` is log2(residents / residents carrying the name), the
    /// frequency the level's u is scaled by (0 for the frequency-free `different`).
    #[inline]
    pub fn name_weight(&self, l: NameLevel, log2_rarity: f64) -> f64 {
        self.w[name_index(l)] + log2_rarity
    }

    #[inline]
    pub fn dob_weight(&self, l: DobLevel) -> f64 {
        self.w[ModelField::Dob.offset() + l.index()]
    }

    #[inline]
    pub fn sex_weight(&self, agree: bool) -> f64 {
        self.w[ModelField::Sex.offset() + sex_index(agree)]
    }

    #[inline]
    pub fn id_weight(&self, l: IdLevel) -> f64 {
        self.w[ModelField::Id.offset() + id_index(l)]
    }

    #[inline]
    pub fn commune_weight(&self, l: CommuneLevel) -> f64 {
        match commune_index(l) {
            Some(i) => self.w[ModelField::Commune.offset() + i],
            None => 0.0,
        }
    }

    /// Weight of the household, parents or co-holder evidence: its first level (agreement,
    /// before the frequency adjustment the comparison adds) or its second (disagreement).
    #[inline]
    pub fn family_weight(&self, f: ModelField, agree: bool) -> f64 {
        self.w[f.offset() + usize::from(!agree)]
    }

    /// This model with single entries replaced (`[matching.m.<field>]` / `[matching.u.<field>]`
    /// of a rules file). Errors name the key (`matching.m.name.identical`).
    pub fn with_overrides(&self, m: &Tables, u: &Tables) -> std::result::Result<Model, String> {
        let mut out = self.clone();
        apply_tables(&mut out.m, m, "matching.m", false)?;
        apply_tables(&mut out.u, u, "matching.u", false)?;
        out.refresh();
        Ok(out)
    }

    /// The m or u table as nested maps in field and level order (for JSON and run.json).
    pub fn table(&self, which: Which) -> TableView<'_> {
        TableView { model: self, which }
    }

    /// The model as JSON (`--save-model`): format version, kind, source, EM summary, m and u.
    pub fn to_json(&self, kind: &str) -> String {
        let doc = ModelDoc {
            format: FORMAT,
            version: VERSION,
            kind,
            source: &self.source,
            em: self.em.as_ref(),
            m: self.table(Which::M),
            u: self.table(Which::U),
        };
        // Only maps of strings and finite numbers: serialisation cannot fail.
        serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
    }

    /// Read a model written by [`Model::to_json`]. Returns the model (source `file`) and the
    /// kind it was made for. Errors name the file and what is wrong.
    pub fn from_json(text: &str, file: &str) -> Result<(Model, String)> {
        let err = |message: String| Error::Rules {
            file: file.to_string(),
            message,
        };
        let doc: LoadedDoc = serde_json::from_str(text)
            .map_err(|e| err(format!("không phải tệp mô hình JSON hợp lệ: {e}")))?;
        if doc.format != FORMAT {
            return Err(err(format!(
                "\"format\" phải là \"{FORMAT}\", nhận \"{}\"",
                doc.format
            )));
        }
        if doc.version != VERSION {
            return Err(err(format!(
                "phiên bản mô hình {} không được hỗ trợ (cần {VERSION})",
                doc.version
            )));
        }
        let mut m = [f64::NAN; LEVELS];
        let mut u = [f64::NAN; LEVELS];
        apply_tables(&mut m, &doc.m, "m", true).map_err(&err)?;
        apply_tables(&mut u, &doc.u, "u", true).map_err(&err)?;
        let mut model = Model::from_arrays(m, u, ModelSource::File);
        model.em = doc.em;
        Ok((model, doc.kind))
    }

    /// [`Model::from_json`] from a file.
    pub fn load(path: &Path) -> Result<(Model, String)> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Rules {
            file: path.display().to_string(),
            message: format!("không đọc được tệp mô hình: {e}"),
        })?;
        Model::from_json(&text, &path.display().to_string())
    }

    /// Write the model as JSON (atomically).
    pub fn save(&self, kind: &str, path: &Path) -> Result<()> {
        let tmp = crate::util::temp_path(path);
        std::fs::write(&tmp, self.to_json(kind)).map_err(|e| Error::output(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| Error::output(path, e))
    }
}

const FORMAT: &str = "doikhop-model";
/// 2: household, parent and co-holder fields.
const VERSION: u32 = 2;

#[derive(Serialize)]
struct ModelDoc<'a> {
    format: &'static str,
    version: u32,
    kind: &'a str,
    source: &'a ModelSource,
    em: Option<&'a EmSummary>,
    m: TableView<'a>,
    u: TableView<'a>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LoadedDoc {
    format: String,
    version: u32,
    kind: String,
    #[allow(dead_code)]
    source: serde_json::Value,
    #[serde(default)]
    em: Option<EmSummary>,
    m: Tables,
    u: Tables,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    M,
    U,
}

/// A model's m or u table, serialised as `{field: {level: p}}` in field and level order.
pub struct TableView<'a> {
    model: &'a Model,
    which: Which,
}

impl Serialize for TableView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(FIELDS.len()))?;
        for f in FIELDS {
            map.serialize_entry(
                f.key(),
                &LevelsView {
                    model: self.model,
                    which: self.which,
                    field: f,
                },
            )?;
        }
        map.end()
    }
}

struct LevelsView<'a> {
    model: &'a Model,
    which: Which,
    field: ModelField,
}

impl Serialize for LevelsView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let levels = self.field.levels();
        let mut map = s.serialize_map(Some(levels.len()))?;
        for (i, key) in levels.iter().enumerate() {
            let v = match self.which {
                Which::M => self.model.m(self.field, i),
                Which::U => self.model.u(self.field, i),
            };
            map.serialize_entry(key, &v)?;
        }
        map.end()
    }
}

/// Write `tables` into `out`, checking every key and value; `complete` requires every level of
/// every field (a whole model rather than overrides).
fn apply_tables(
    out: &mut [f64; LEVELS],
    tables: &Tables,
    prefix: &str,
    complete: bool,
) -> std::result::Result<(), String> {
    let field_keys = || {
        FIELDS
            .iter()
            .map(|f| f.key())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (fk, levels) in tables {
        let Some(field) = ModelField::from_key(fk) else {
            return Err(format!(
                "{prefix}.{fk}: không có trường này; các trường: {}",
                field_keys()
            ));
        };
        for (lk, &v) in levels {
            let Some(i) = field.levels().iter().position(|l| l == lk) else {
                return Err(format!(
                    "{prefix}.{fk}.{lk}: không có mức so sánh này; các mức của {fk}: {}",
                    field.levels().join(", ")
                ));
            };
            if !(v > 0.0 && v <= 1.0) {
                return Err(format!(
                    "{prefix}.{fk}.{lk} = {v}: xác suất phải lớn hơn 0 và không quá 1"
                ));
            }
            out[field.offset() + i] = v;
        }
    }
    if complete {
        for f in FIELDS {
            for (i, lk) in f.levels().iter().enumerate() {
                if out[f.offset() + i].is_nan() {
                    return Err(format!("{prefix}.{}.{lk}: thiếu giá trị", f.key()));
                }
            }
        }
    }
    Ok(())
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct DefaultsDoc {
    m: Tables,
    u: Tables,
}

fn parse_defaults(src: &str) -> std::result::Result<Model, String> {
    let doc: DefaultsDoc = toml::from_str(src).map_err(|e| e.to_string())?;
    let mut m = [f64::NAN; LEVELS];
    let mut u = [f64::NAN; LEVELS];
    apply_tables(&mut m, &doc.m, "m", true)?;
    apply_tables(&mut u, &doc.u, "u", true)?;
    Ok(Model::from_arrays(m, u, ModelSource::Defaults))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: [NameLevel; 9] = [
        NameLevel::Identical,
        NameLevel::Format,
        NameLevel::TonePlacement,
        NameLevel::MissingDiacritics,
        NameLevel::Variant,
        NameLevel::OneTone,
        NameLevel::OneLetter,
        NameLevel::MiddleMissing,
        NameLevel::Different,
    ];

    /// The weights doikhop used before the model (hard-coded in compare.rs), reproduced by the
    /// defaults. Name: relative to log2(0.95 · n / freq).
    #[test]
    fn defaults_reproduce_the_former_constants() {
        let d = Model::defaults();
        let agree = 0.95f64.log2();
        let name = [
            agree,
            agree,
            agree,
            agree - 0.5,
            agree - 2.0,
            agree - 4.0,
            agree - 4.5,
            agree - 3.0,
            -8.0,
        ];
        for (l, w) in NAME.iter().zip(name) {
            assert!((d.name_weight(*l, 0.0) - w).abs() < 1e-9, "{l:?}");
        }
        // with a name carried by 1 in 1024 residents
        assert!(
            (d.name_weight(NameLevel::Identical, 10.0) - (0.95f64 * 1024.0).log2()).abs() < 1e-9
        );
        let dob = [
            (DobLevel::EqualDay, 14.0),
            (DobLevel::EqualMonth, 9.5),
            (DobLevel::EqualYear, 6.0),
            (DobLevel::CompatibleMonth, 9.0),
            (DobLevel::CompatibleYear, 6.0),
            (DobLevel::ImpossibleNormalised, 12.0),
            (DobLevel::DayMonthSwap, 8.0),
            (DobLevel::OneDigit, 4.0),
            (DobLevel::YearOff1Day, 7.0),
            (DobLevel::YearOff1Coarse, 0.0),
            (DobLevel::Different, -8.0),
        ];
        for (l, w) in dob {
            assert!((d.dob_weight(l) - w).abs() < 1e-9, "{l:?}");
        }
        assert!((d.sex_weight(true) - 0.9).abs() < 1e-9);
        assert!((d.sex_weight(false) + 4.5).abs() < 1e-9);
        for (l, w) in [
            (IdLevel::Equal, 28.0),
            (IdLevel::OtherKindSamePerson, 24.0),
            (IdLevel::OneEdit, 3.0),
            (IdLevel::Different, -5.0),
        ] {
            assert!((d.id_weight(l) - w).abs() < 1e-9, "{l:?}");
        }
        // The commune's m were raised from 1.5 / 1.5 / −1 bits: a list of a commune names its
        // own residents far more often than the synthetic lists assumed (template evaluation).
        for (l, w) in [
            (CommuneLevel::Same, (0.62f64 / 0.16).log2()),
            (CommuneLevel::MappedSame, (0.30f64 / 0.05).log2()),
            (CommuneLevel::Different, (0.08f64 / 0.79).log2()),
            (CommuneLevel::Unknown, 0.0),
        ] {
            assert!((d.commune_weight(l) - w).abs() < 1e-9, "{l:?}");
        }
        assert_eq!(d.source, ModelSource::Defaults);
    }

    #[test]
    fn dob_levels_follow_precision() {
        use Precision::*;
        assert_eq!(
            DobLevel::of(DateLevel::Equal, Month, Month),
            DobLevel::EqualMonth
        );
        assert_eq!(
            DobLevel::of(DateLevel::PrecisionCompatible, Year, Month),
            DobLevel::CompatibleMonth
        );
        assert_eq!(
            DobLevel::of(DateLevel::PrecisionCompatible, Year, Day),
            DobLevel::CompatibleYear
        );
        assert_eq!(
            DobLevel::of(DateLevel::YearOff1, Day, Day),
            DobLevel::YearOff1Day
        );
        assert_eq!(
            DobLevel::of(DateLevel::YearOff1, Year, Day),
            DobLevel::YearOff1Coarse
        );
    }

    #[test]
    fn overrides_replace_single_entries_and_are_checked() {
        let d = Model::defaults();
        let mut m = Tables::new();
        m.entry("sex".into())
            .or_default()
            .insert("agree".into(), 0.52 * 2.0);
        let e = d.with_overrides(&m, &Tables::new()).unwrap_err();
        assert!(
            e.contains("matching.m.sex.agree") && e.contains("không quá 1"),
            "{e}"
        );

        m.get_mut("sex").unwrap().insert("agree".into(), 0.26);
        let o = d.with_overrides(&m, &Tables::new()).unwrap();
        assert!((o.sex_weight(true) + 1.0).abs() < 1e-12);
        assert_eq!(o.sex_weight(false), d.sex_weight(false));

        let mut bad = Tables::new();
        bad.entry("nam".into())
            .or_default()
            .insert("agree".into(), 0.5);
        let e = d.with_overrides(&Tables::new(), &bad).unwrap_err();
        assert!(e.contains("matching.u.nam") && e.contains("commune"), "{e}");
        let mut bad = Tables::new();
        bad.entry("dob".into())
            .or_default()
            .insert("equal".into(), 0.5);
        let e = d.with_overrides(&bad, &Tables::new()).unwrap_err();
        assert!(
            e.contains("matching.m.dob.equal") && e.contains("equal_day"),
            "{e}"
        );
        let mut zero = Tables::new();
        zero.entry("id".into())
            .or_default()
            .insert("different".into(), 0.0);
        assert!(d.with_overrides(&Tables::new(), &zero).is_err());
    }

    #[test]
    fn json_round_trip_is_exact() {
        let mut model = Model::defaults().clone();
        model.set_m(
            ModelField::Name,
            &[0.61, 0.1, 0.02, 0.11, 0.01, 0.03, 0.05, 0.06, 0.01 / 3.0],
        );
        model.source = ModelSource::Em;
        model.em = Some(EmSummary {
            training_pairs: 1234,
            iterations: 17,
            converged: true,
        });
        let json = model.to_json("ho-ngheo");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["format"], "doikhop-model");
        assert_eq!(v["version"], 2);
        assert_eq!(v["kind"], "ho-ngheo");
        assert_eq!(v["source"], "em");
        assert_eq!(v["em"]["training_pairs"], 1234);
        assert_eq!(v["m"]["dob"]["equal_day"], 0.65536);
        let (back, kind) = Model::from_json(&json, "m.json").unwrap();
        assert_eq!(kind, "ho-ngheo");
        assert_eq!(back.m, model.m);
        assert_eq!(back.u, model.u);
        assert_eq!(back.w, model.w);
        assert_eq!(back.em, model.em);
        assert_eq!(back.source, ModelSource::File);
        // written again, byte for byte the same tables
        let mut again = back.clone();
        again.source = ModelSource::Em;
        assert_eq!(again.to_json("ho-ngheo"), json);
    }

    #[test]
    fn family_fields_reproduce_the_former_constants() {
        let m = Model::defaults();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(m.family_weight(ModelField::Parent, false), -4.0));
        assert!(close(m.family_weight(ModelField::Household, false), -3.0));
        assert!(close(m.family_weight(ModelField::CoHolder, false), -1.5));
        // agreement: log2(m), the frequency scaling is added by the comparison
        assert!(close(
            m.family_weight(ModelField::Parent, true),
            0.9f64.log2()
        ));
        assert!(close(
            m.family_weight(ModelField::Household, true),
            0.95f64.log2()
        ));
        assert!(close(
            m.family_weight(ModelField::CoHolder, true),
            0.9f64.log2()
        ));
        // and a rules file can change them like any other field
        let mut over = Tables::new();
        over.entry("parent".into())
            .or_default()
            .insert("different".into(), 0.1);
        let changed = m.with_overrides(&over, &Tables::new()).unwrap();
        assert!(close(
            changed.family_weight(ModelField::Parent, false),
            -3.0
        ));
    }

    #[test]
    fn bad_json_is_a_clear_error() {
        let e = Model::from_json("{ not json", "mo-hinh.json").unwrap_err();
        assert!(e.to_string().contains("mo-hinh.json"), "{e}");
        let good = Model::defaults().to_json("ho-ngheo");
        let missing = good.replacen("\"equal_day\"", "\"equal_dy\"", 1);
        let e = Model::from_json(&missing, "x.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("m.dob.equal_dy"), "{e}");
        let out_of_range = good.replacen("0.65536", "1.5", 1);
        let e = Model::from_json(&out_of_range, "x.json")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("m.dob.equal_day") && e.contains("không quá 1"),
            "{e}"
        );
        let wrong_version = good.replacen("\"version\": 2", "\"version\": 9", 1);
        assert!(Model::from_json(&wrong_version, "x.json").is_err());
    }
}
