//! Rules files (`rules/<kind>.toml`): header synonyms per field, duplicates policy, thresholds and
//! labels. The five list kinds and `residents.toml` are compiled into the binary; `--rules FILE`
//! overrides them.

pub mod columns;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fields::sex::NumericSex;
use crate::matching::model::{Model, Tables};

/// A field a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Row number ("STT").
    Stt,
    FullName,
    /// "Họ và chữ đệm" (family + middle) beside a separate "Tên" column.
    FamilyMiddle,
    Family,
    Middle,
    Given,
    /// Any personal ID column (CCCD / số định danh / CMND, whichever the cell holds).
    Id,
    /// A column that explicitly holds the old CMND.
    Cmnd,
    Dob,
    /// Birth date or year written in the column of the person's sex ("Năm sinh" over "Nam" | "Nữ").
    DobMale,
    DobFemale,
    DobDay,
    DobMonth,
    DobYear,
    /// An age in years ("Tuổi") where the list gives no birth date: the year it implies.
    Age,
    Sex,
    /// A mark ("x") in a "Nam" column under "Giới tính".
    SexMale,
    SexFemale,
    Address,
    Hamlet,
    Commune,
    District,
    Province,
    Household,
    /// The number of people in the household ("Số nhân khẩu"): evidence, never a discrepancy.
    HouseholdSize,
    Relation,
    Father,
    Mother,
    Status,
    DeathDate,
    Note,
}

impl Field {
    pub fn is_name(self) -> bool {
        matches!(
            self,
            Field::FullName | Field::FamilyMiddle | Field::Family | Field::Middle | Field::Given
        )
    }

    /// Vietnamese label used in outputs and messages.
    pub fn label_vi(self) -> &'static str {
        match self {
            Field::Stt => "STT",
            Field::FullName => "Họ và tên",
            Field::FamilyMiddle => "Họ và chữ đệm",
            Field::Family => "Họ",
            Field::Middle => "Chữ đệm",
            Field::Given => "Tên",
            Field::Id => "Số định danh/CCCD/CMND",
            Field::Cmnd => "Số CMND",
            Field::Dob => "Ngày sinh",
            Field::DobMale => "Năm sinh (Nam)",
            Field::DobFemale => "Năm sinh (Nữ)",
            Field::DobDay => "Ngày sinh (ngày)",
            Field::DobMonth => "Ngày sinh (tháng)",
            Field::DobYear => "Ngày sinh (năm)",
            Field::Age => "Tuổi",
            Field::Sex => "Giới tính",
            Field::SexMale => "Giới tính (Nam)",
            Field::SexFemale => "Giới tính (Nữ)",
            Field::Address => "Địa chỉ",
            Field::Hamlet => "Thôn/ấp",
            Field::Commune => "Xã/phường",
            Field::District => "Huyện/quận",
            Field::Province => "Tỉnh/thành phố",
            Field::Household => "Mã hộ",
            Field::HouseholdSize => "Số nhân khẩu",
            Field::Relation => "Quan hệ với chủ hộ",
            Field::Father => "Họ tên cha",
            Field::Mother => "Họ tên mẹ",
            Field::Status => "Tình trạng",
            Field::DeathDate => "Ngày mất",
            Field::Note => "Ghi chú",
        }
    }
}

/// How a column header is recognised as a field.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FieldRule {
    /// Header texts (compared after folding case, diacritics, punctuation and spacing).
    pub synonyms: Vec<String>,
    /// When set, the column's own label must equal a synonym AND a header cell above it (a merged
    /// group header) must match one of these: "Nam" under "Năm sinh".
    #[serde(default)]
    pub under: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DateRules {
    /// Expected age range of the people on the list (for two-digit years).
    pub typical_age: (u32, u32),
}

impl Default for DateRules {
    fn default() -> Self {
        DateRules {
            typical_age: (0, 110),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MatchRules {
    /// Posterior probability the best candidate needs to be taken as the person.
    pub accept: f64,
    /// Below `accept`, when the plausible candidates together reach this, the row is ambiguous.
    pub ambiguous: f64,
    /// Overrides of the default m-probabilities (`rules/model.toml`), by field and level.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub m: Tables,
    /// Overrides of the default u-probabilities.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub u: Tables,
    /// The model the comparisons weigh with: the defaults with the overrides above, or one
    /// loaded (`--model`) or estimated (`--em`) for the run.
    #[serde(skip)]
    pub model: Model,
}

impl Default for MatchRules {
    fn default() -> Self {
        MatchRules {
            accept: 0.9,
            ambiguous: 0.6,
            m: Tables::new(),
            u: Tables::new(),
            model: Model::default(),
        }
    }
}

/// Rules for one list kind (or for the resident extract).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub kind: String,
    /// Vietnamese title of the list kind, used in workbooks.
    pub title: String,
    /// What one row is: "người", "chủ hộ", "người sử dụng đất", ...
    #[serde(default = "default_person_label")]
    pub person_label: String,
    /// A person listed twice is an error (welfare lists), not normal (land books).
    #[serde(default)]
    pub repeats_are_duplicates: bool,
    /// How digits in a sex column map to a sex, when the list uses codes.
    #[serde(default)]
    pub numeric_sex: Option<NumericSex>,
    #[serde(default)]
    pub dates: DateRules,
    #[serde(default)]
    pub matching: MatchRules,
    /// Values of the status column that mean "dead" (resident extract).
    #[serde(default)]
    pub dead_values: Vec<String>,
    /// At least one of these fields must be found for a header row to be accepted.
    pub required_any: Vec<Field>,
    pub fields: BTreeMap<Field, FieldRule>,
    /// Columns named by the user (`match --columns`, `<stem>.columns.toml`): not part of a rules
    /// file.
    #[serde(skip)]
    pub columns: columns::ColumnSpec,
}

fn default_person_label() -> String {
    "người".to_string()
}

/// The list kinds shipped with doikhop.
pub const KINDS: [&str; 5] = [
    "ho-ngheo",
    "bao-tro-xa-hoi",
    "nguoi-co-cong",
    "dat-dai",
    "ho-tich",
];

fn builtin_source(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "ho-ngheo" => include_str!("../../rules/ho-ngheo.toml"),
        "bao-tro-xa-hoi" => include_str!("../../rules/bao-tro-xa-hoi.toml"),
        "nguoi-co-cong" => include_str!("../../rules/nguoi-co-cong.toml"),
        "dat-dai" => include_str!("../../rules/dat-dai.toml"),
        "ho-tich" => include_str!("../../rules/ho-tich.toml"),
        "residents" => include_str!("../../rules/residents.toml"),
        _ => return None,
    })
}

impl Rules {
    /// The built-in rules of a kind (`ho-ngheo`, …, or `residents`).
    pub fn builtin(kind: &str) -> Result<Rules> {
        let src = builtin_source(kind).ok_or_else(|| Error::Rules {
            file: format!("rules/{kind}.toml"),
            message: format!(
                "không có loại danh sách \"{kind}\"; các loại có sẵn: {}",
                KINDS.join(", ")
            ),
        })?;
        Rules::parse(src, &format!("rules/{kind}.toml"))
    }

    /// Read a rules file from disk.
    pub fn from_file(path: &Path) -> Result<Rules> {
        let src = std::fs::read_to_string(path).map_err(|e| Error::Rules {
            file: path.display().to_string(),
            message: format!("không đọc được: {e}"),
        })?;
        Rules::parse(&src, &path.display().to_string())
    }

    pub fn parse(src: &str, name: &str) -> Result<Rules> {
        let mut rules: Rules = toml::from_str(src).map_err(|e| Error::Rules {
            file: name.to_string(),
            message: e.to_string(),
        })?;
        rules.matching.model = Model::defaults()
            .with_overrides(&rules.matching.m, &rules.matching.u)
            .map_err(|message| Error::Rules {
                file: name.to_string(),
                message,
            })?;
        if rules.required_any.is_empty() {
            return Err(Error::Rules {
                file: name.to_string(),
                message: "required_any không được để trống".into(),
            });
        }
        for f in &rules.required_any {
            if !rules.fields.contains_key(f) {
                return Err(Error::Rules {
                    file: name.to_string(),
                    message: format!("trường bắt buộc {f:?} không có từ đồng nghĩa trong [fields]"),
                });
            }
        }
        Ok(rules)
    }

    /// Canonical text of the rules (for checksums in manifests and indexes).
    pub fn fingerprint(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }
}

/// Kind of a fixture list from its file name ("bao-tro-xa-hoi-bo-sung.csv" → bao-tro-xa-hoi).
pub fn kind_of(path: &Path) -> Option<&'static str> {
    let stem = path.file_stem()?.to_string_lossy().to_string();
    KINDS
        .iter()
        .filter(|k| {
            stem == **k || stem.starts_with(&format!("{k}-")) || stem.starts_with(&format!("{k}."))
        })
        .max_by_key(|k| k.len())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_kind_parses() {
        for kind in KINDS.iter().chain(["residents"].iter()) {
            let r = Rules::builtin(kind).unwrap();
            assert_eq!(&r.kind, kind);
            assert!(r.fields.contains_key(&Field::FullName));
        }
    }

    #[test]
    fn welfare_kinds_treat_repeats_as_duplicates_land_does_not() {
        assert!(Rules::builtin("ho-ngheo").unwrap().repeats_are_duplicates);
        assert!(
            Rules::builtin("bao-tro-xa-hoi")
                .unwrap()
                .repeats_are_duplicates
        );
        assert!(
            Rules::builtin("nguoi-co-cong")
                .unwrap()
                .repeats_are_duplicates
        );
        assert!(Rules::builtin("ho-tich").unwrap().repeats_are_duplicates);
        assert!(!Rules::builtin("dat-dai").unwrap().repeats_are_duplicates);
    }

    #[test]
    fn model_overrides_in_a_rules_file() {
        let base = builtin_source("ho-ngheo").unwrap();
        let with = format!("{base}\n[matching.m.sex]\nagree = 0.26\n");
        let r = Rules::parse(&with, "tuy-chinh.toml").unwrap();
        assert!((r.matching.model.sex_weight(true) + 1.0).abs() < 1e-12);
        assert!(r.fingerprint().contains("agree"));
        let bad = format!("{base}\n[matching.u.commune]\nsame = 0\n");
        let e = Rules::parse(&bad, "tuy-chinh.toml")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("tuy-chinh.toml") && e.contains("matching.u.commune.same"),
            "{e}"
        );
        // the built-in kinds weigh with the defaults
        for kind in KINDS {
            assert_eq!(
                Rules::builtin(kind).unwrap().matching.model,
                *Model::defaults()
            );
        }
    }

    #[test]
    fn unknown_kind_is_a_clear_error() {
        let e = Rules::builtin("ho-giau").unwrap_err().to_string();
        assert!(e.contains("ho-giau") && e.contains("ho-ngheo"), "{e}");
    }
}
