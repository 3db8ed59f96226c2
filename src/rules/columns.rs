//! Columns the user names when a header is not understood: `match --columns "name=C,dob=J"`
//! (column letters or header texts, per sheet with a `Sheet:` prefix) and `<stem>.columns.toml`
//! beside a list with the same pairs. Parsed here, as part of a run's rules; `ingest::overrides`
//! puts them on a sheet's columns.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::Field;
use crate::ingest::limits::EXCEL_MAX_COLS;
use crate::text::fold::{fold, label_key};

/// Where a named field is: a column letter ("C", "AB") or a header text ("Ngày sinh").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnRef {
    Letter(usize),
    Header(String),
}

impl std::fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ColumnRef::Letter(c) => write!(f, "{}", letters(*c)),
            ColumnRef::Header(h) => write!(f, "{h}"),
        }
    }
}

/// The columns named for every sheet and for single sheets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnSpec {
    pub all: Vec<(Field, ColumnRef)>,
    pub sheets: BTreeMap<String, Vec<(Field, ColumnRef)>>,
}

/// Names accepted for each field, the short ones first.
const FIELD_NAMES: [(&str, Field); 38] = [
    ("name", Field::FullName),
    ("full_name", Field::FullName),
    ("ho_ten", Field::FullName),
    ("family_middle", Field::FamilyMiddle),
    ("family", Field::Family),
    ("middle", Field::Middle),
    ("given", Field::Given),
    ("id", Field::Id),
    ("cccd", Field::Id),
    ("cmnd", Field::Cmnd),
    ("dob", Field::Dob),
    ("ngay_sinh", Field::Dob),
    ("birth_year", Field::Dob),
    ("dob_male", Field::DobMale),
    ("dob_female", Field::DobFemale),
    ("dob_day", Field::DobDay),
    ("dob_month", Field::DobMonth),
    ("dob_year", Field::DobYear),
    ("age", Field::Age),
    ("sex", Field::Sex),
    ("gender", Field::Sex),
    ("sex_male", Field::SexMale),
    ("sex_female", Field::SexFemale),
    ("household_size", Field::HouseholdSize),
    ("address", Field::Address),
    ("dia_chi", Field::Address),
    ("hamlet", Field::Hamlet),
    ("commune", Field::Commune),
    ("district", Field::District),
    ("province", Field::Province),
    ("household", Field::Household),
    ("relation", Field::Relation),
    ("father", Field::Father),
    ("mother", Field::Mother),
    ("stt", Field::Stt),
    ("status", Field::Status),
    ("death_date", Field::DeathDate),
    ("note", Field::Note),
];

fn field_by_name(name: &str) -> Result<Field, String> {
    let key = name.trim().to_ascii_lowercase().replace('-', "_");
    FIELD_NAMES
        .iter()
        .find(|(n, _)| *n == key)
        .map(|(_, f)| *f)
        .ok_or_else(|| {
            format!(
                "không có trường \"{}\"; các trường dùng được: name (họ tên), dob (ngày/năm sinh), id (số định danh/CCCD), sex (giới tính), address (địa chỉ), hamlet (thôn), commune (xã/phường), household (mã hộ), father, mother, cmnd, given, family_middle, dob_male, dob_female, stt, note",
                name.trim()
            )
        })
}

/// Short name of a field for a `--columns` value ("name", "dob").
pub fn field_name(field: Field) -> &'static str {
    FIELD_NAMES
        .iter()
        .find(|(_, f)| *f == field)
        .map(|(n, _)| *n)
        .unwrap_or("?")
}

/// Spreadsheet letters of a 0-based column.
pub fn letters(mut c: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (c % 26) as u8) as char);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s
}

fn parse_ref(value: &str) -> Result<ColumnRef, String> {
    let v = value.trim();
    let quoted = v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')));
    let v = if quoted { &v[1..v.len() - 1] } else { v };
    if v.is_empty() {
        return Err("thiếu cột sau dấu \"=\"".into());
    }
    if !quoted && v.len() <= 3 && v.chars().all(|c| c.is_ascii_alphabetic()) {
        let n = v
            .to_ascii_uppercase()
            .bytes()
            .fold(0usize, |n, b| n * 26 + (b - b'A' + 1) as usize);
        if n > EXCEL_MAX_COLS {
            return Err(format!("cột {v} vượt quá cột cuối cùng của Excel (XFD)"));
        }
        return Ok(ColumnRef::Letter(n - 1));
    }
    Ok(ColumnRef::Header(v.to_string()))
}

fn parse_pairs(text: &str) -> Result<Vec<(Field, ColumnRef)>, String> {
    let mut pairs: Vec<(Field, ColumnRef)> = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((name, value)) = part.split_once('=') else {
            return Err(format!(
                "\"{part}\" cần dạng trường=cột, ví dụ name=C hoặc dob=\"Ngày sinh\""
            ));
        };
        let field = field_by_name(name)?;
        let col = parse_ref(value)?;
        if pairs.iter().any(|(f, _)| *f == field) {
            return Err(format!("trường \"{}\" được chỉ hai lần", name.trim()));
        }
        pairs.push((field, col));
    }
    if pairs.is_empty() {
        return Err("không có cặp trường=cột nào".into());
    }
    Ok(pairs)
}

impl ColumnSpec {
    pub fn is_empty(&self) -> bool {
        self.all.is_empty() && self.sheets.is_empty()
    }

    /// Parse `--columns` values: `name=C,dob=J,id=K` for every sheet, `Sheet1:name=C,…` for one.
    pub fn parse(values: &[String]) -> Result<ColumnSpec, String> {
        let mut spec = ColumnSpec::default();
        for v in values {
            let (sheet, pairs) = match v.split_once(':') {
                Some((sheet, rest)) if !sheet.contains('=') => (Some(sheet.trim()), rest),
                _ => (None, v.as_str()),
            };
            let pairs = parse_pairs(pairs).map_err(|e| format!("--columns \"{v}\": {e}"))?;
            match sheet {
                Some(s) => spec.sheets.entry(s.to_string()).or_default().extend(pairs),
                None => spec.all.extend(pairs),
            }
        }
        Ok(spec)
    }

    /// Are columns named for this sheet by its name?
    pub fn names_sheet(&self, sheet: &str) -> bool {
        self.sheets
            .keys()
            .any(|s| s.as_str() == sheet || fold(&label_key(s)) == fold(&label_key(sheet)))
    }

    /// The pairs for one sheet: the sheet's own over those for every sheet.
    pub fn for_sheet(&self, sheet: &str) -> Vec<(Field, ColumnRef)> {
        let own = self
            .sheets
            .iter()
            .find(|(s, _)| s.as_str() == sheet || fold(&label_key(s)) == fold(&label_key(sheet)));
        let mut out: Vec<(Field, ColumnRef)> = own.map(|(_, p)| p.clone()).unwrap_or_default();
        for (f, c) in &self.all {
            if !out.iter().any(|(g, _)| g == f) {
                out.push((*f, c.clone()));
            }
        }
        out
    }

    /// `self` with `over`'s pairs replacing those of the same field.
    pub fn overlaid(&self, over: &ColumnSpec) -> ColumnSpec {
        let mut out = self.clone();
        let merge = |base: &mut Vec<(Field, ColumnRef)>, top: &[(Field, ColumnRef)]| {
            base.retain(|(f, _)| !top.iter().any(|(g, _)| g == f));
            base.extend(top.iter().cloned());
        };
        merge(&mut out.all, &over.all);
        for (s, p) in &over.sheets {
            merge(out.sheets.entry(s.clone()).or_default(), p);
        }
        out
    }
}

/// The column file of a list: `<stem>.columns.toml` beside it.
pub fn sidecar_path(list: &Path) -> PathBuf {
    let stem = list
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    list.with_file_name(format!("{stem}.columns.toml"))
}

/// Read `<stem>.columns.toml` beside `list`, if there is one: `name = "C"` pairs for every
/// sheet, and `[sheet."Tên sheet"]` tables for one sheet.
pub fn load_sidecar(list: &Path) -> Result<Option<ColumnSpec>, String> {
    let path = sidecar_path(list);
    if !path.is_file() {
        return Ok(None);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = std::fs::read_to_string(&path).map_err(|e| format!("không đọc được {name}: {e}"))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| format!("{name} không đúng dạng TOML: {}", e.message()))?;
    let mut spec = ColumnSpec::default();
    let pair = |k: &str, v: &toml::Value| -> Result<(Field, ColumnRef), String> {
        let field = field_by_name(k).map_err(|e| format!("{name}: {e}"))?;
        let v = v.as_str().ok_or_else(|| {
            format!("{name}: \"{k}\" cần một chuỗi (chữ cái cột hoặc tiêu đề cột)")
        })?;
        let col = parse_ref(v).map_err(|e| format!("{name}: {k}: {e}"))?;
        Ok((field, col))
    };
    for (k, v) in &table {
        if k == "sheet" {
            let sheets = v
                .as_table()
                .ok_or_else(|| format!("{name}: [sheet.\"Tên sheet\"] phải là bảng"))?;
            for (sheet, pairs) in sheets {
                let pairs = pairs
                    .as_table()
                    .ok_or_else(|| format!("{name}: [sheet.\"{sheet}\"] phải là bảng"))?;
                let mut out = Vec::new();
                for (k, v) in pairs {
                    out.push(pair(k, v)?);
                }
                spec.sheets.insert(sheet.clone(), out);
            }
        } else {
            spec.all.push(pair(k, v)?);
        }
    }
    Ok(Some(spec))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_letters_headers_and_sheets() {
        let spec = ColumnSpec::parse(&[
            "name=C, dob=\"Ngày sinh\",id=k".to_string(),
            "DS xã A:address=L".to_string(),
        ])
        .unwrap();
        assert_eq!(
            spec.all,
            vec![
                (Field::FullName, ColumnRef::Letter(2)),
                (Field::Dob, ColumnRef::Header("Ngày sinh".into())),
                (Field::Id, ColumnRef::Letter(10)),
            ]
        );
        assert_eq!(spec.for_sheet("DS xã A").len(), 4);
        assert_eq!(spec.for_sheet("Khác").len(), 3);
        assert_eq!(
            ColumnSpec::parse(&["dob=Sinh".into()]).unwrap().all[0].1,
            ColumnRef::Header("Sinh".into())
        );
    }

    #[test]
    fn wrong_field_or_form_is_a_vietnamese_error() {
        let e = ColumnSpec::parse(&["ten=C".into()]).unwrap_err();
        assert!(
            e.contains("không có trường \"ten\"") && e.contains("name"),
            "{e}"
        );
        let e = ColumnSpec::parse(&["name C".into()]).unwrap_err();
        assert!(e.contains("trường=cột"), "{e}");
        let e = ColumnSpec::parse(&["name=C,name=D".into()]).unwrap_err();
        assert!(e.contains("hai lần"), "{e}");
    }
}
