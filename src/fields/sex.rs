//! Sex of a person: parsing the forms lists use.

use unicode_normalization::UnicodeNormalization;

use crate::model::Cell;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// "Nam" / "Nữ".
    pub fn label_vi(self) -> &'static str {
        match self {
            Sex::Male => "Nam",
            Sex::Female => "Nữ",
        }
    }

    pub fn other(self) -> Sex {
        match self {
            Sex::Male => Sex::Female,
            Sex::Female => Sex::Male,
        }
    }
}

/// How digits in a sex column map to a sex, when a rules file declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub enum NumericSex {
    OneMaleZeroFemale,
    OneMaleTwoFemale,
    OneFemaleZeroMale,
}

impl NumericSex {
    fn map(self, n: i64) -> Option<Sex> {
        match (self, n) {
            (NumericSex::OneMaleZeroFemale, 1) => Some(Sex::Male),
            (NumericSex::OneMaleZeroFemale, 0) => Some(Sex::Female),
            (NumericSex::OneMaleTwoFemale, 1) => Some(Sex::Male),
            (NumericSex::OneMaleTwoFemale, 2) => Some(Sex::Female),
            (NumericSex::OneFemaleZeroMale, 1) => Some(Sex::Female),
            (NumericSex::OneFemaleZeroMale, 0) => Some(Sex::Male),
            _ => None,
        }
    }
}

/// Parse a sex cell's text: "Nam", "nữ", "NU", "nu", "Nư", "M", "F", "male", "female", "trai",
/// "gái", "giới tính: nam", ... `numeric` says how 1/0 (or 1/2) map when a rules file declares
/// it (None: digits are not sex). A lone "x" says nothing about which sex: None.
pub fn parse_sex(s: &str, numeric: Option<NumericSex>) -> Option<Sex> {
    let t = super::loose_words(s);
    let t = t.trim_matches(|c: char| c.is_whitespace() || ".,;:()[]\"'".contains(c));
    // "giới tính: nam", "gt nam"
    let t = t
        .strip_prefix("gioi tinh")
        .or_else(|| t.strip_prefix("gt"))
        .map(|r| r.trim_start_matches([' ', ':', '-', '.']))
        .unwrap_or(t);
    // "năm" (year) folds to "nam": a breve or circumflex means it is not the word Nam
    if t == "nam" && s.nfd().any(|c| c == '\u{306}' || c == '\u{302}') {
        return None;
    }
    match t {
        "nam" | "m" | "male" | "man" | "trai" | "con trai" | "nam gioi" | "ong" | "dan ong"
        | "boy" | "cu ong" | "anh" | "o" => return Some(Sex::Male),
        "nu" | "f" | "female" | "woman" | "gai" | "con gai" | "nu gioi" | "ba" | "dan ba"
        | "girl" | "w" | "cu ba" | "chi" | "b" => return Some(Sex::Female),
        _ => {}
    }
    let numeric = numeric?;
    let n: i64 = match t {
        "0" | "0.0" => 0,
        "1" | "1.0" => 1,
        "2" | "2.0" => 2,
        _ => return None,
    };
    numeric.map(n)
}

/// Same as [`parse_sex`] for a whole cell (numbers only count with `numeric`).
pub fn parse_sex_cell(cell: &Cell, numeric: Option<NumericSex>) -> Option<Sex> {
    match cell {
        Cell::Text(s) => parse_sex(s, numeric),
        Cell::Int(n) => numeric?.map(*n),
        Cell::Float(f) if f.fract() == 0.0 && f.abs() < 10.0 => numeric?.map(*f as i64),
        Cell::Bool(_) | Cell::Float(_) | Cell::Empty | Cell::Date { .. } | Cell::Error(_) => None,
    }
}

/// A mark in a "Nam"/"Nữ" column counts when the cell is non-empty and not "0"/"-"/"không".
pub fn is_mark(cell_text: &str) -> bool {
    let t = super::loose_words(cell_text);
    let t = t.trim();
    !matches!(
        t,
        "" | "0" | "0.0" | "-" | "--" | "---" | "." | "khong" | "ko" | "k" | "no" | "false" | "n/a"
    )
}

/// [`is_mark`] for a whole cell: a number other than 0, TRUE, a date (a year typed into the
/// column of the sex) or any non-blank text mark.
pub fn is_mark_cell(cell: &Cell) -> bool {
    match cell {
        Cell::Empty | Cell::Error(_) => false,
        Cell::Text(s) => is_mark(s),
        Cell::Int(n) => *n != 0,
        Cell::Float(f) => *f != 0.0 && !f.is_nan(),
        Cell::Bool(b) => *b,
        Cell::Date { .. } => true,
    }
}

/// The sex implied by an honorific or kinship word written before a name ("ông", "bà", "cụ ông",
/// "anh", "chị", "bé trai"...). A hint only: never a discrepancy on its own.
pub fn honorific_sex(word: &str) -> Option<Sex> {
    match super::loose_words(word).trim_end_matches('.') {
        "ong" | "cu ong" | "anh" | "chau trai" | "be trai" | "em trai" | "chu" | "bac trai"
        | "cau" | "thay" => Some(Sex::Male),
        "ba" | "cu ba" | "chi" | "co" | "chau gai" | "be gai" | "em gai" | "di" | "mu" | "thim"
        | "mo" | "bac gai" => Some(Sex::Female),
        _ => None,
    }
}

/// The sex an honorific of the person themself states ("ông", "bà", "anh", "chị", "cụ ông",
/// "cụ bà", "hộ ông", "bà mẹ Việt Nam anh hùng"): as good as a sex column. Kinship and
/// courtesy words that are also used loosely ("cô", "chú", "bác", "cụ") are not.
pub fn personal_honorific_sex(full: &str) -> Option<Sex> {
    match super::loose_words(full).trim_end_matches('.') {
        "ong" | "cu ong" | "ho ong" | "anh" => Some(Sex::Male),
        "ba" | "cu ba" | "ho ba" | "chi" | "ba me" | "ba me viet nam anh hung" => Some(Sex::Female),
        _ => None,
    }
}

/// The sex hinted at by a middle name: Thị (female) / Văn (male). A hint only.
pub fn middle_name_sex(word: &str) -> Option<Sex> {
    match super::loose_words(word).as_str() {
        "thi" => Some(Sex::Female),
        "van" => Some(Sex::Male),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        for s in [
            "Nam",
            "NAM",
            "nam",
            " nam ",
            "M",
            "m",
            "Male",
            "trai",
            "Giới tính: Nam",
        ] {
            assert_eq!(parse_sex(s, None), Some(Sex::Male), "{s}");
        }
        for s in [
            "Nữ",
            "nữ",
            "NỮ",
            "NU",
            "nu",
            "Nư",
            "F",
            "female",
            "gái",
            "Nữ.",
            "Nu\u{303}",
        ] {
            assert_eq!(parse_sex(s, None), Some(Sex::Female), "{s}");
        }
        for s in ["", "x", "X", "?", "Nam Định", "1", "0", "2", "năm", "#N/A"] {
            assert_eq!(parse_sex(s, None), None, "{s}");
        }
    }

    #[test]
    fn numeric() {
        use NumericSex::*;
        assert_eq!(parse_sex("1", Some(OneMaleZeroFemale)), Some(Sex::Male));
        assert_eq!(parse_sex("0", Some(OneMaleZeroFemale)), Some(Sex::Female));
        assert_eq!(parse_sex("2", Some(OneMaleZeroFemale)), None);
        assert_eq!(parse_sex("2", Some(OneMaleTwoFemale)), Some(Sex::Female));
        assert_eq!(parse_sex("0", Some(OneMaleTwoFemale)), None);
        assert_eq!(parse_sex("1", Some(OneFemaleZeroMale)), Some(Sex::Female));
        assert_eq!(parse_sex("0", Some(OneFemaleZeroMale)), Some(Sex::Male));
        assert_eq!(parse_sex("Nữ", Some(OneFemaleZeroMale)), Some(Sex::Female));
        assert_eq!(
            parse_sex_cell(&Cell::Int(1), Some(OneMaleTwoFemale)),
            Some(Sex::Male)
        );
        assert_eq!(
            parse_sex_cell(&Cell::Float(2.0), Some(OneMaleTwoFemale)),
            Some(Sex::Female)
        );
        assert_eq!(parse_sex_cell(&Cell::Int(1), None), None);
    }

    #[test]
    fn marks() {
        for s in ["x", "X", "1", "v", "✓", "1955", "có"] {
            assert!(is_mark(s), "{s}");
        }
        for s in ["", "  ", "0", "-", "không", "Không", "KHÔNG"] {
            assert!(!is_mark(s), "{s}");
        }
        assert!(is_mark_cell(&Cell::Int(1960)));
        assert!(!is_mark_cell(&Cell::Int(0)));
        assert!(!is_mark_cell(&Cell::Empty));
    }

    #[test]
    fn hints() {
        assert_eq!(honorific_sex("Ông"), Some(Sex::Male));
        assert_eq!(honorific_sex("bà"), Some(Sex::Female));
        assert_eq!(personal_honorific_sex("cụ ông"), Some(Sex::Male));
        assert_eq!(personal_honorific_sex("chị"), Some(Sex::Female));
        assert_eq!(personal_honorific_sex("cô"), None);
        // an honorific column ("Ông/Bà", "Danh xưng") holds the sex
        assert_eq!(parse_sex("Cụ bà", None), Some(Sex::Female));
        assert_eq!(parse_sex("Anh", None), Some(Sex::Male));
        assert_eq!(parse_sex("Chị", None), Some(Sex::Female));
        assert_eq!(honorific_sex("Cụ"), None);
        assert_eq!(middle_name_sex("Thị"), Some(Sex::Female));
        assert_eq!(middle_name_sex("Văn"), Some(Sex::Male));
        assert_eq!(Sex::Female.label_vi(), "Nữ");
    }
}
