//! Personal ID numbers: 12-digit số định danh / CCCD / 12-digit CMND and the old 9-digit CMND
//! (DOMAIN.md §3). Parsing whatever a spreadsheet cell holds, cross-checks and near neighbours.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use super::sex::Sex;
use crate::model::Cell;

static CCCD_PROVINCES_TSV: &str = include_str!("../../data/cccd_province_codes.tsv");
static CMND9_PREFIXES_TSV: &str = include_str!("../../data/cmnd9_prefixes.tsv");

/// One row of `cccd_province_codes.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CccdProvince {
    /// "001"
    pub prefix: &'static str,
    /// province where the birth was registered (63-province era): "Hà Nội"
    pub province_at_issue: &'static str,
    /// 2-digit code of the 2025 province it now belongs to: "01"
    pub province_2025_code: &'static str,
    /// "Thành phố Hà Nội"
    pub province_2025: &'static str,
}

static CCCD_PROVINCES: LazyLock<HashMap<&'static str, CccdProvince>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for line in data_lines(CCCD_PROVINCES_TSV) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() >= 5 && f[0].len() == 3 && f[0].bytes().all(|b| b.is_ascii_digit()) {
            m.insert(
                f[0],
                CccdProvince {
                    prefix: f[0],
                    province_at_issue: f[1],
                    province_2025_code: f[3],
                    province_2025: f[4],
                },
            );
        }
    }
    m
});

/// prefix (2 or 3 digits) -> provinces of the police that issued a 9-digit CMND.
static CMND9_PREFIXES: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for line in data_lines(CMND9_PREFIXES_TSV) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 2 {
            continue;
        }
        let key = f[0];
        if let Some((a, b)) = key.split_once('-') {
            if let (Ok(lo), Ok(hi)) = (a.parse::<u32>(), b.parse::<u32>()) {
                for p in lo..=hi {
                    m.insert(format!("{:0width$}", p, width = a.len()), f[1]);
                }
            }
        } else if key.bytes().all(|b| b.is_ascii_digit()) && !key.is_empty() {
            m.insert(key.to_string(), f[1]);
        }
    }
    m
});

/// Non-comment, non-header lines of an embedded TSV.
pub(crate) fn data_lines(tsv: &'static str) -> impl Iterator<Item = &'static str> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
}

/// The row of `cccd_province_codes.tsv` for a 3-digit prefix ("001").
pub fn cccd_province(prefix: &str) -> Option<&'static CccdProvince> {
    CCCD_PROVINCES.get(prefix)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum IdKind {
    /// CCCD / số định danh / 12-digit CMND (same structure)
    Personal12,
    Cmnd9,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdNumber {
    /// ASCII digits only, 12 for `Personal12`, 9 for `Cmnd9`.
    pub digits: String,
    pub kind: IdKind,
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.digits)
    }
}

impl IdNumber {
    /// A clean digit string of length 12 or 9 (no repair, no issues); None otherwise.
    pub fn from_digits(digits: &str) -> Option<IdNumber> {
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let kind = match digits.len() {
            12 => IdKind::Personal12,
            9 => IdKind::Cmnd9,
            _ => return None,
        };
        Some(IdNumber {
            digits: digits.to_string(),
            kind,
        })
    }

    fn digit(&self, i: usize) -> Option<u32> {
        self.digits.as_bytes().get(i).and_then(|b| {
            if b.is_ascii_digit() {
                Some(u32::from(b - b'0'))
            } else {
                None
            }
        })
    }

    fn is_personal(&self) -> bool {
        self.kind == IdKind::Personal12
            && self.digits.len() == 12
            && self.digits.bytes().all(|b| b.is_ascii_digit())
    }

    /// "001".. for a `Personal12` whose prefix is in the table (birth-registration province).
    pub fn province_code(&self) -> Option<&str> {
        if !self.is_personal() {
            return None;
        }
        let p = self.digits.get(0..3)?;
        CCCD_PROVINCES.contains_key(p).then_some(p)
    }

    /// "Hà Nội" (63-era province where the birth was registered) for a `Personal12`.
    pub fn province_name(&self) -> Option<&'static str> {
        Some(cccd_province(self.province_code()?)?.province_at_issue)
    }

    /// The 2025 province ("01", "Thành phố Hà Nội") the birth-registration province is now in.
    pub fn province_2025(&self) -> Option<(&'static str, &'static str)> {
        let p = cccd_province(self.province_code()?)?;
        Some((p.province_2025_code, p.province_2025))
    }

    /// For a 9-digit CMND: the province(s) whose police issued it (`cmnd9_prefixes.tsv`;
    /// several rows there are marked "from memory": informative only).
    pub fn cmnd9_issuer(&self) -> Option<&'static str> {
        if self.kind != IdKind::Cmnd9 {
            return None;
        }
        let p3 = self.digits.get(0..3)?;
        let p2 = self.digits.get(0..2)?;
        CMND9_PREFIXES
            .get(p3)
            .or_else(|| CMND9_PREFIXES.get(p2))
            .copied()
    }

    /// Century digit + YY: `1900 + 100 * (S / 2) + YY` for a `Personal12`.
    pub fn birth_year(&self) -> Option<i32> {
        if !self.is_personal() {
            return None;
        }
        let s = self.digit(3)?;
        let yy = self.digit(4)? * 10 + self.digit(5)?;
        Some(1900 + 100 * (s / 2) as i32 + yy as i32)
    }

    /// Parity of the century digit: even = male, odd = female (`Personal12` only).
    pub fn sex(&self) -> Option<Sex> {
        if !self.is_personal() {
            return None;
        }
        Some(if self.digit(3)? % 2 == 0 {
            Sex::Male
        } else {
            Sex::Female
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum IdIssue {
    /// 11 (or 10) -> 12 digits (only if the padded prefix is a valid 0PP), 8 -> 9
    LeadingZeroRestored,
    /// cell was a number (float/int) — informational
    FromNumber,
    /// "1,08712E+11": digits lost; NEVER repaired; no IdNumber produced
    Scientific,
    /// "chưa có", "không", "x", "-", "0" ...: explicitly no ID
    Placeholder,
    /// 12 digits but prefix not in the table (warning)
    UnknownProvince,
    /// digits that are not 8/9/10/11/12 long (or could not be repaired)
    WrongLength(usize),
    /// letters / a name / an error value in the ID column
    NotAnId,
    /// several numbers in the cell (all kept, first is primary)
    Multiple,
    /// letters O/o, I/l/| read as digits inside a digit run ("O01087I23456")
    LettersAsDigits,
    SexContradicts,
    BirthYearContradicts,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedId {
    pub ids: Vec<IdNumber>,
    pub issues: Vec<IdIssue>,
}

impl ParsedId {
    pub fn primary(&self) -> Option<&IdNumber> {
        self.ids.first()
    }

    fn push_issue(&mut self, issue: IdIssue) {
        if !self.issues.contains(&issue) {
            self.issues.push(issue);
        }
    }

    fn one(issue: IdIssue) -> ParsedId {
        ParsedId {
            ids: Vec::new(),
            issues: vec![issue],
        }
    }
}

/// Parse a cell: Text (spaces, dots, dashes, leading apostrophe, "CCCD:", "Số:", "CMND số", 0/O
/// and 1/l/I confusions inside digit runs), Int, Float (exact integer -> digits; 12-digit floats
/// come back exactly), Empty, Error.
pub fn parse_id_cell(cell: &Cell) -> ParsedId {
    match cell {
        Cell::Empty => ParsedId::default(),
        Cell::Text(s) => parse_id_text(s),
        Cell::Int(n) => parse_number(*n as i128),
        Cell::Float(f) => {
            if !f.is_finite() || *f < 0.0 || f.fract() != 0.0 {
                ParsedId::one(IdIssue::NotAnId)
            } else if *f >= 1e15 {
                // beyond Excel's 15 significant digits: not an ID, and digits may be lost
                ParsedId::one(IdIssue::WrongLength(format!("{f:.0}").len()))
            } else {
                parse_number(*f as i128)
            }
        }
        Cell::Date { .. } | Cell::Bool(_) | Cell::Error(_) => ParsedId::one(IdIssue::NotAnId),
    }
}

fn parse_number(n: i128) -> ParsedId {
    if n == 0 {
        return ParsedId::one(IdIssue::Placeholder);
    }
    if n < 0 {
        return ParsedId::one(IdIssue::NotAnId);
    }
    let digits = n.to_string();
    let mut out = ParsedId::default();
    out.push_issue(IdIssue::FromNumber);
    // A number re-read from scientific text (1.08712E+11 -> 108712000000) has at most 6
    // significant digits followed by zeros: the trailing digits are lost, not zeros. (A real
    // ID ends in five zeros about once in 100,000.)
    let significant = digits.trim_end_matches('0').len();
    if digits.len() >= 10 && significant <= 6 && digits.len() - significant >= 5 {
        out.push_issue(IdIssue::Scientific);
        return out;
    }
    classify(&digits, &mut out);
    out
}

const PLACEHOLDERS: &[&str] = &[
    "x",
    "xx",
    "xxx",
    "-",
    "--",
    "---",
    ".",
    "..",
    "...",
    "0",
    "00",
    "000",
    "khong",
    "khong co",
    "ko",
    "k",
    "kc",
    "chua co",
    "chua",
    "chua cap",
    "chua lam",
    "chua co cccd",
    "chua co cmnd",
    "chua lam cccd",
    "chua cap cccd",
    "dang lam",
    "dang lam cccd",
    "cho cap",
    "mat",
    "da mat",
    "khong nho",
    "na",
    "n/a",
    "none",
    "null",
    "nil",
    "?",
    "??",
    "/",
    "//",
    "khong xac dinh",
    "kxd",
    "chua xac dinh",
    "tre em",
    "tre so sinh",
    "chua du tuoi",
    "con nho",
];

/// Words that may stand before a number: "CCCD:", "Số:", "CMND số", "Mã định danh".
fn strip_labels(s: &str) -> String {
    let mut t = s.to_string();
    for w in [
        "so dinh danh ca nhan",
        "so dinh danh",
        "ma dinh danh",
        "dinh danh",
        "can cuoc cong dan",
        "can cuoc",
        "chung minh nhan dan",
        "cccd",
        "cmnd",
        "cmt",
        "ddcn",
        "mddcn",
        "so",
        "id",
    ] {
        t = t.replace(w, " ");
    }
    t
}

fn is_scientific(tok: &str) -> bool {
    // mantissa digits [.,] digits, 'e', optional sign, exponent digits
    let Some(epos) = tok.find('e') else {
        return false;
    };
    let (mant, exp) = (&tok[..epos], &tok[epos + 1..]);
    let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
    if exp.is_empty() || !exp.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut parts = mant.splitn(2, ['.', ',']);
    let a = parts.next().unwrap_or("");
    let b = parts.next().unwrap_or("");
    !a.is_empty() && a.bytes().all(|c| c.is_ascii_digit()) && b.bytes().all(|c| c.is_ascii_digit())
}

/// Parse the text of an ID cell.
pub fn parse_id_text(s: &str) -> ParsedId {
    let mut out = ParsedId::default();
    let l = super::loose_words(s);
    let l = l.trim_start_matches(['\'', '`', '‘', '’', '"', '“']).trim();
    let l = l.trim_end_matches(['\'', '"', '”', '’']).trim();
    if l.is_empty() {
        return out;
    }
    if let Some(rest) = l.strip_prefix('#') {
        // #N/A, #VALUE!, #REF!, #NAME? ...
        if rest.bytes().any(|b| b.is_ascii_alphabetic())
            && !rest.bytes().any(|b| b.is_ascii_digit())
        {
            out.push_issue(IdIssue::NotAnId);
            return out;
        }
    }
    let stripped =
        l.trim_matches(|c: char| c == ':' || c == '.' || c == ' ' || c == '(' || c == ')');
    if PLACEHOLDERS.contains(&stripped) || PLACEHOLDERS.contains(&l) {
        out.push_issue(IdIssue::Placeholder);
        return out;
    }

    // scientific-notation tokens: flagged, removed, never repaired
    let mut kept = String::with_capacity(l.len());
    for tok in l.split(' ') {
        let core = tok.trim_matches(|c: char| ":;()[]".contains(c));
        let core_no_label = core.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == ':');
        if is_scientific(core_no_label) && core_no_label.starts_with(|c: char| c.is_ascii_digit()) {
            out.push_issue(IdIssue::Scientific);
            kept.push_str(" ; ");
        } else {
            kept.push_str(tok);
            kept.push(' ');
        }
    }

    let text = strip_labels(&kept);
    let chars: Vec<char> = substitute_confusables(&text, &mut out);
    let groups = digit_groups(&chars);

    let mut short_max = 0usize;
    for g in &groups {
        let total: usize = g.iter().map(|c| c.len()).sum();
        if total < 6 {
            short_max = short_max.max(total);
            continue;
        }
        let joined: String = g.concat();
        if matches!(total, 8..=12) {
            classify(&joined, &mut out);
        } else if let Some(parts) = partition(g) {
            for p in parts {
                classify(&p, &mut out);
            }
        } else {
            classify(&joined, &mut out);
        }
    }

    // dedupe identical numbers written twice
    let mut seen = Vec::new();
    out.ids.retain(|id| {
        if seen.contains(&id.digits) {
            false
        } else {
            seen.push(id.digits.clone());
            true
        }
    });
    if out.ids.len() > 1 {
        out.push_issue(IdIssue::Multiple);
    }
    if out.ids.is_empty() && out.issues.iter().all(|i| *i == IdIssue::LettersAsDigits) {
        out.issues.clear();
        if short_max > 0 {
            out.push_issue(IdIssue::WrongLength(short_max));
        } else {
            out.push_issue(IdIssue::NotAnId);
        }
    }
    out
}

/// O/o -> 0 and I/l/| -> 1 inside words that are otherwise digits ("O01087I23456").
fn substitute_confusables(text: &str, out: &mut ParsedId) -> Vec<char> {
    let mut chars: Vec<char> = text.chars().collect();
    let is_word = |c: char| c.is_alphanumeric() || c == '|';
    let mut i = 0;
    while i < chars.len() {
        if !is_word(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_word(chars[i]) {
            i += 1;
        }
        let word = &chars[start..i];
        let digits = word.iter().filter(|c| c.is_ascii_digit()).count();
        let conf = word
            .iter()
            .filter(|c| matches!(c, 'o' | 'i' | 'l' | '|'))
            .count();
        if digits >= 3 && conf > 0 && conf <= 2 && digits + conf == word.len() {
            for c in &mut chars[start..i] {
                *c = match *c {
                    'o' => '0',
                    'i' | 'l' | '|' => '1',
                    other => other,
                };
            }
            out.push_issue(IdIssue::LettersAsDigits);
        }
    }
    chars
}

/// Runs of digits joined by single spaces, dots, dashes or underscores ("001 087.123-456");
/// other characters end a group. Groups shaped like a date ("12.03.2010") are dropped.
fn digit_groups(chars: &[char]) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut seps: Vec<char> = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    let mut i = 0;
    let flush = |cur: &mut Vec<String>, seps: &mut Vec<char>, groups: &mut Vec<Vec<String>>| {
        if !cur.is_empty() {
            let lens: Vec<usize> = cur.iter().map(|c| c.len()).collect();
            let date_like = cur.len() == 3
                && seps.len() == 2
                && seps[0] == seps[1]
                && seps[0] != ' '
                && ((lens[0] <= 2 && lens[1] <= 2 && lens[2] == 4)
                    || (lens[0] == 4 && lens[1] <= 2 && lens[2] <= 2));
            if !date_like {
                groups.push(std::mem::take(cur));
            }
            cur.clear();
            seps.clear();
        }
    };
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            cur.push(chars[start..i].iter().collect());
            // a single separator followed by a digit continues the group
            if i + 1 < chars.len()
                && matches!(chars[i], ' ' | '.' | '-' | '_' | '\u{2013}')
                && chars[i + 1].is_ascii_digit()
            {
                seps.push(chars[i]);
                i += 1;
                continue;
            }
            flush(&mut cur, &mut seps, &mut groups);
        } else {
            i += 1;
        }
    }
    flush(&mut cur, &mut seps, &mut groups);
    groups
}

/// Split a long group at chunk boundaries into parts of 12 or 9 digits (fewest parts).
fn partition(chunks: &[String]) -> Option<Vec<String>> {
    let n = chunks.len();
    // best[i]: fewest parts covering chunks[..i]
    let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1]; // (parts, prev index)
    best[0] = Some((0, 0));
    for end in 1..=n {
        for start in 0..end {
            let Some((parts, _)) = best[start] else {
                continue;
            };
            let len: usize = chunks[start..end].iter().map(|c| c.len()).sum();
            if (len == 12 || len == 9) && best[end].is_none_or(|(p, _)| parts + 1 < p) {
                best[end] = Some((parts + 1, start));
            }
        }
    }
    best[n]?;
    let mut out = Vec::new();
    let mut end = n;
    while end > 0 {
        let (_, start) = best[end]?;
        out.push(chunks[start..end].concat());
        end = start;
    }
    out.reverse();
    (out.len() > 1).then_some(out)
}

fn valid_prefix(p: &str) -> bool {
    CCCD_PROVINCES.contains_key(p)
}

/// Turn one run of digits into an ID (with repairs) or an issue.
fn classify(digits: &str, out: &mut ParsedId) {
    let n = digits.len();
    let first_nonzero = !digits.starts_with('0');
    match n {
        12 => {
            if !valid_prefix(&digits[0..3]) {
                out.push_issue(IdIssue::UnknownProvince);
            }
            out.ids.push(IdNumber {
                digits: digits.to_string(),
                kind: IdKind::Personal12,
            });
        }
        11 | 10 if first_nonzero => {
            let padded = format!("{}{digits}", "0".repeat(12 - n));
            if valid_prefix(&padded[0..3]) {
                out.push_issue(IdIssue::LeadingZeroRestored);
                out.ids.push(IdNumber {
                    digits: padded,
                    kind: IdKind::Personal12,
                });
            } else {
                out.push_issue(IdIssue::WrongLength(n));
            }
        }
        9 => out.ids.push(IdNumber {
            digits: digits.to_string(),
            kind: IdKind::Cmnd9,
        }),
        8 if first_nonzero => {
            out.push_issue(IdIssue::LeadingZeroRestored);
            out.ids.push(IdNumber {
                digits: format!("0{digits}"),
                kind: IdKind::Cmnd9,
            });
        }
        _ => out.push_issue(IdIssue::WrongLength(n)),
    }
}

/// Issues when the ID's century/sex/year digits contradict the listed sex / birth year.
/// Strong evidence of a wrong ID, not proof (numbers are re-issued after corrections).
pub fn cross_check(id: &IdNumber, sex: Option<Sex>, birth_year: Option<i32>) -> Vec<IdIssue> {
    let mut v = Vec::new();
    if let (Some(a), Some(b)) = (id.sex(), sex)
        && a != b
    {
        v.push(IdIssue::SexContradicts);
    }
    if let (Some(a), Some(b)) = (id.birth_year(), birth_year)
        && a != b
    {
        v.push(IdIssue::BirthYearContradicts);
    }
    v
}

/// All digit strings one substitution or one adjacent transposition away (same length), for
/// candidate search. 12 digits -> 12*9 + 11 strings (minus duplicates: equal adjacent digits).
/// Non-digit input gives an empty list.
pub fn neighbours(digits: &str) -> Vec<String> {
    let width = digits.len();
    neighbour_numbers(digits)
        .into_iter()
        .map(|n| format!("{n:0width$}"))
        .collect()
}

/// [`neighbours`] as numbers (the same order), without a string each: the candidate search
/// looks every one of them up. Empty for more than 19 digits (no ID is that long).
pub fn neighbour_numbers(digits: &str) -> Vec<u64> {
    if digits.is_empty() || digits.len() > 19 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let b = digits.as_bytes();
    let number = |buf: &[u8]| buf.iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
    let mut out = Vec::with_capacity(b.len() * 10);
    let mut buf = b.to_vec();
    for i in 0..b.len() {
        for d in b'0'..=b'9' {
            if d != b[i] {
                buf[i] = d;
                out.push(number(&buf));
            }
        }
        buf[i] = b[i];
    }
    for i in 0..b.len().saturating_sub(1) {
        if b[i] != b[i + 1] {
            buf.swap(i, i + 1);
            out.push(number(&buf));
            buf.swap(i, i + 1);
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum IdLevel {
    Equal,
    /// set by the matcher (9-digit CMND vs 12-digit number of the same person); never by
    /// `compare_digits`
    OtherKindSamePerson,
    OneEdit,
    Different,
}

/// Compare two digit strings of the same kind: Equal / OneEdit (one substitution or adjacent
/// transposition) / Different.
pub fn compare_digits(a: &str, b: &str) -> IdLevel {
    if a == b {
        return IdLevel::Equal;
    }
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.len() != y.len() {
        return IdLevel::Different;
    }
    // the first two differing positions and how many differ (no allocation: this runs for
    // every candidate whose ID is not the row's)
    let mut first = [usize::MAX; 2];
    let mut count = 0;
    for i in (0..x.len()).filter(|&i| x[i] != y[i]) {
        if count < 2 {
            first[count] = i;
        }
        count += 1;
        if count > 2 {
            break;
        }
    }
    match (count, first) {
        (1, _) => IdLevel::OneEdit,
        (2, [i, j]) if j == i + 1 && x[i] == y[j] && x[j] == y[i] => IdLevel::OneEdit,
        _ => IdLevel::Different,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(p: &ParsedId) -> Vec<&str> {
        p.ids.iter().map(|i| i.digits.as_str()).collect()
    }

    #[test]
    fn neighbour_numbers_are_every_digit_changed_then_every_adjacent_swap() {
        let n = neighbour_numbers("123");
        // 3 positions × 9 other digits, then 2 swaps of differing neighbours
        assert_eq!(n.len(), 3 * 9 + 2);
        assert_eq!(n[0], 23, "a leading zero is kept as the number's width");
        assert_eq!(&n[n.len() - 2..], [213, 132]);
        assert!(!n.contains(&123));
        assert_eq!(neighbour_numbers("11").len(), 2 * 9);
        assert!(neighbour_numbers("12a").is_empty());
        assert!(neighbour_numbers("").is_empty());
        assert!(neighbour_numbers(&"1".repeat(20)).is_empty());
    }

    #[test]
    fn tables_load() {
        assert_eq!(CCCD_PROVINCES.len(), 63);
        assert_eq!(
            cccd_province("079").map(|p| p.province_at_issue),
            Some("Hồ Chí Minh")
        );
        assert!(CMND9_PREFIXES.contains_key("091"));
        assert!(CMND9_PREFIXES.contains_key("231"));
    }

    #[test]
    fn structure() {
        let id = IdNumber::from_digits("001087123456").unwrap();
        assert_eq!(id.province_code(), Some("001"));
        assert_eq!(id.province_name(), Some("Hà Nội"));
        assert_eq!(id.birth_year(), Some(1987));
        assert_eq!(id.sex(), Some(Sex::Male));
        let id = IdNumber::from_digits("079305123456").unwrap();
        assert_eq!(id.birth_year(), Some(2005));
        assert_eq!(id.sex(), Some(Sex::Female));
        assert_eq!(id.province_2025(), Some(("79", "Thành phố Hồ Chí Minh")));
        let c = IdNumber::from_digits("285123456").unwrap();
        assert_eq!(c.kind, IdKind::Cmnd9);
        assert_eq!(c.birth_year(), None);
        assert_eq!(c.province_code(), None);
        assert_eq!(c.cmnd9_issuer(), Some("Bình Phước"));
    }

    #[test]
    fn text_forms() {
        for s in [
            "001087123456",
            "'001087123456",
            " 001 087 123 456 ",
            "001.087.123.456",
            "001-087-123-456",
            "CCCD: 001087123456",
            "Số: 001087123456",
            "CCCD số 001087123456",
            "Số CCCD:001087123456",
            "O01087123456",
        ] {
            let p = parse_id_text(s);
            assert_eq!(ids(&p), ["001087123456"], "{s}: {p:?}");
            assert!(!p.issues.contains(&IdIssue::UnknownProvince), "{s}");
        }
        let p = parse_id_text("CMND số 123456789");
        assert_eq!(ids(&p), ["123456789"]);
        assert!(p.issues.is_empty());
    }

    #[test]
    fn repairs() {
        let p = parse_id_text("1087123456");
        assert_eq!(ids(&p), ["001087123456"]);
        assert_eq!(p.issues, [IdIssue::LeadingZeroRestored]);
        let p = parse_id_text("79087123456");
        assert_eq!(ids(&p), ["079087123456"]);
        let p = parse_id_text("99087123456");
        assert!(p.ids.is_empty());
        assert_eq!(p.issues, [IdIssue::WrongLength(11)]);
        let p = parse_id_text("12345678");
        assert_eq!(ids(&p), ["012345678"]);
        let p = parse_id_text("0912345678");
        assert_eq!(p.issues, [IdIssue::WrongLength(10)]);
    }

    #[test]
    fn numbers() {
        let p = parse_id_cell(&Cell::Float(1087123456.0));
        assert_eq!(ids(&p), ["001087123456"]);
        assert!(p.issues.contains(&IdIssue::FromNumber));
        let p = parse_id_cell(&Cell::Float(79087123456.0));
        assert_eq!(ids(&p), ["079087123456"]);
        let p = parse_id_cell(&Cell::Int(285123456));
        assert_eq!(ids(&p), ["285123456"]);
        let p = parse_id_cell(&Cell::Float(108712000000.0));
        assert!(p.ids.is_empty());
        assert!(p.issues.contains(&IdIssue::Scientific));
        assert_eq!(parse_id_cell(&Cell::Int(0)).issues, [IdIssue::Placeholder]);
        assert_eq!(parse_id_cell(&Cell::Empty), ParsedId::default());
        assert_eq!(
            parse_id_cell(&Cell::Error("#N/A".into())).issues,
            [IdIssue::NotAnId]
        );
    }

    #[test]
    fn scientific_and_placeholders() {
        for s in [
            "1,08712E+11",
            "1.08712E+11",
            "7,00123E+11",
            "1.08712e+011",
            "CCCD: 1,08712E+11",
        ] {
            let p = parse_id_text(s);
            assert!(p.ids.is_empty(), "{s}");
            assert_eq!(p.issues, [IdIssue::Scientific], "{s}");
        }
        for s in [
            "chưa có",
            "Không",
            "x",
            "X",
            "-",
            "0",
            "Chưa có CCCD",
            "không có",
            "N/A",
        ] {
            assert_eq!(parse_id_text(s).issues, [IdIssue::Placeholder], "{s}");
        }
        for s in ["Nguyễn Văn An", "#N/A", "#VALUE!", "Lê Thị Lợi"] {
            assert_eq!(parse_id_text(s).issues, [IdIssue::NotAnId], "{s}");
        }
        assert_eq!(parse_id_text("").issues, []);
        assert_eq!(parse_id_text("   ").issues, []);
    }

    #[test]
    fn multiple() {
        let p = parse_id_text("001087123456; 285123456");
        assert_eq!(ids(&p), ["001087123456", "285123456"]);
        assert!(p.issues.contains(&IdIssue::Multiple));
        let p = parse_id_text("001087123456 079305123456");
        assert_eq!(ids(&p), ["001087123456", "079305123456"]);
        let p = parse_id_text("001087123456\n(CMND cũ: 285123456)");
        assert_eq!(ids(&p), ["001087123456", "285123456"]);
        let p = parse_id_text("001087123456 cấp ngày 12.03.2021");
        assert_eq!(ids(&p), ["001087123456"]);
        assert_eq!(p.issues, []);
    }

    #[test]
    fn unknown_province() {
        let p = parse_id_text("003087123456");
        assert_eq!(ids(&p), ["003087123456"]);
        assert_eq!(p.issues, [IdIssue::UnknownProvince]);
        assert_eq!(p.ids[0].province_code(), None);
        assert_eq!(p.ids[0].birth_year(), Some(1987));
    }

    #[test]
    fn cross_checks() {
        let id = IdNumber::from_digits("001187123456").unwrap(); // female, 1987
        assert_eq!(cross_check(&id, Some(Sex::Female), Some(1987)), []);
        assert_eq!(
            cross_check(&id, Some(Sex::Male), Some(1988)),
            [IdIssue::SexContradicts, IdIssue::BirthYearContradicts]
        );
        assert_eq!(cross_check(&id, None, None), []);
        let c = IdNumber::from_digits("285123456").unwrap();
        assert_eq!(cross_check(&c, Some(Sex::Male), Some(1950)), []);
    }

    #[test]
    fn neighbours_and_compare() {
        let n = neighbours("001087123456");
        // 12*9 substitutions + 11 transpositions - 1 (the "00" pair)
        assert_eq!(n.len(), 12 * 9 + 11 - 1);
        let set: std::collections::HashSet<_> = n.iter().collect();
        assert_eq!(set.len(), n.len());
        assert!(!set.contains(&"001087123456".to_string()));
        for x in &n {
            assert_eq!(compare_digits("001087123456", x), IdLevel::OneEdit, "{x}");
        }
        assert!(neighbours("12a").is_empty());
        assert_eq!(compare_digits("123", "123"), IdLevel::Equal);
        assert_eq!(compare_digits("123", "132"), IdLevel::OneEdit);
        assert_eq!(compare_digits("123", "321"), IdLevel::Different);
        assert_eq!(compare_digits("123", "1234"), IdLevel::Different);
        assert_eq!(compare_digits("1234", "1243"), IdLevel::OneEdit);
        assert_eq!(compare_digits("1234", "2143"), IdLevel::Different);
    }
}
