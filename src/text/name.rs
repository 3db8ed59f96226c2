//! Person names: structure (family / middle / given), honorifics, several people in one cell,
//! and the graded name comparison used by matching (DOMAIN.md §5, §2.2–2.4).

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use super::fold::{fold, phonetic};
use super::unicode::clean_cow;
use crate::fields::sex::Sex;

/// One person's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    /// Cleaned NFC, canonical tones, Title Case per word: "Nguyễn Văn An".
    pub display: String,
    /// `canonical_lower` tokens: ["nguyễn","văn","an"].
    pub tokens: Vec<String>,
    /// Leading tokens that form the family name (2 for Tôn Nữ, Tôn Thất, Âu Dương, Nguyễn Phước,
    /// Hoàng Phủ; 4 for Công Tằng Tôn Nữ); 0 only if there are no tokens.
    pub family_len: usize,
    /// Honorific / title found before the name, in its full lowercase form ("ông", "bà", "hộ ông", …).
    pub honorific: Option<String>,
    /// From the honorific, else Thị (F) / Văn (M) as a middle token.
    pub sex_hint: Option<Sex>,
    /// False when the written name carried no Vietnamese diacritics at all.
    pub has_diacritics: bool,
    /// The tokens as written (after Unicode clean-up only: case and tone placement kept).
    pub written: Vec<String>,
    /// The input needed no Unicode/whitespace clean-up (used to tell Identical from Format).
    pub verbatim: bool,
}

impl PersonName {
    pub fn family(&self) -> &[String] {
        &self.tokens[..self.family_len.min(self.tokens.len())]
    }

    pub fn middle(&self) -> &[String] {
        let n = self.tokens.len();
        if n > self.family_len + 1 {
            &self.tokens[self.family_len..n - 1]
        } else {
            &[]
        }
    }

    /// The given name (last token); `None` for a one-token name.
    pub fn given(&self) -> Option<&str> {
        if self.tokens.len() > self.family_len {
            self.tokens.last().map(String::as_str)
        } else {
            None
        }
    }

    /// Fold of the tokens joined by ' '.
    pub fn folded(&self) -> String {
        fold(&self.tokens.join(" "))
    }

    pub fn folded_given(&self) -> String {
        self.given().map(fold).unwrap_or_default()
    }

    pub fn folded_family(&self) -> String {
        fold(&self.family().join(" "))
    }

    /// Phonetic key of family + given (middle dropped): the candidate-search key.
    pub fn phonetic_key(&self) -> String {
        let fam = self.folded_family();
        let giv = self.folded_given();
        if giv.is_empty() {
            phonetic(&fam)
        } else {
            phonetic(&format!("{fam} {giv}"))
        }
    }
}

/// A name cell: the primary person, co-holders and parenthesised notes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameCell {
    pub primary: Option<PersonName>,
    /// "Ông A và bà B", "A - B", "A, B (vợ chồng)", …
    pub co_holders: Vec<PersonName>,
    /// Parenthesised notes kept aside ("đã chết", "tên gọi khác: …"), and pieces that are not names.
    pub notes: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// word lists

/// Folded surnames (for telling the honorific "Ông" from the surname Ông, etc.).
static SURNAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
        "ho", "ngo", "duong", "ly", "truong", "doan", "dinh", "trinh", "cao", "dao", "mai",
        "luong", "luu", "lam", "ha", "thai", "phung", "ta", "to", "vuong", "chau", "chu", "tu",
        "quach", "ton", "tong", "dong", "la", "hua", "tang", "dau", "diep", "dam", "kieu", "trieu",
        "lai", "thach", "y", "chung", "lu", "nong", "du", "bach", "hong", "trang", "au", "giang",
        "nhan", "than", "banh", "cap", "danh", "vy", "pho", "ma", "han", "quang", "nghiem", "nhu",
        "tra", "cu", "khuong", "ong", "ung", "hoa", "mac", "sam", "tuong", "vi", "lo", "lang",
        "cam", "mua", "giang", "sung", "thao", "hau", "lau", "quang", "kim", "son", "chau", "ksor",
        "siu", "nay", "rmah", "kpa", "dieu", "khong", "khuat", "lac", "luc", "mong", "nghiem",
        "ninh", "ong", "phi", "phuong", "quan", "sai", "tat", "thieu", "thuy", "tieu", "tiet",
        "uong", "vien", "yen", "an", "bien", "chiem", "cong", "dieu", "doan", "giap", "kha",
        "khong", "lieu", "lo", "mach", "man", "ong", "phu", "tham", "thang", "thiem", "ung",
        "vuong", "hy", "hua", "bac", "ca", "cat",
    ]
    .into_iter()
    .collect()
});

/// Compound family names, folded, longest first.
const COMPOUND_FAMILIES: &[&[&str]] = &[
    &["cong", "tang", "ton", "nu"],
    &["ton", "nu"],
    &["ton", "that"],
    &["au", "duong"],
    &["nguyen", "phuoc"],
    &["hoang", "phu"],
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Strictness {
    /// always an honorific when followed by a name
    Always,
    /// only when the next token is a known surname (also a surname / a given name itself)
    BeforeSurname,
}

struct Honorific {
    words: &'static [&'static str],
    full: &'static str,
    sex: Option<Sex>,
    strict: Strictness,
}

const fn h(
    words: &'static [&'static str],
    full: &'static str,
    sex: Option<Sex>,
    strict: Strictness,
) -> Honorific {
    Honorific {
        words,
        full,
        sex,
        strict,
    }
}

const M: Option<Sex> = Some(Sex::Male);
const F: Option<Sex> = Some(Sex::Female);
use Strictness::{Always, BeforeSurname};

/// Longest first. Words are matched after lowercasing (with diacritics; a diacritic-free
/// spelling such as "ong", "ba" only counts before a known surname).
static HONORIFICS: &[Honorific] = &[
    h(&["hộ", "gia", "đình", "ông"], "hộ ông", M, Always),
    h(&["hộ", "gia", "đình", "bà"], "hộ bà", F, Always),
    h(&["hộ", "gia", "đình"], "hộ", None, Always),
    h(
        &["bà", "mẹ", "việt", "nam", "anh", "hùng"],
        "bà mẹ việt nam anh hùng",
        F,
        Always,
    ),
    h(&["hộ", "ông"], "hộ ông", M, Always),
    h(&["hộ", "bà"], "hộ bà", F, Always),
    h(&["chủ", "hộ"], "chủ hộ", None, Always),
    h(&["cụ", "ông"], "cụ ông", M, Always),
    h(&["cụ", "bà"], "cụ bà", F, Always),
    h(&["ông", "bà"], "ông bà", None, Always),
    h(&["đồng", "chí"], "đồng chí", None, Always),
    h(&["liệt", "sĩ"], "liệt sĩ", None, Always),
    h(&["liệt", "sỹ"], "liệt sĩ", None, Always),
    h(&["bà", "mẹ"], "bà mẹ", F, Always),
    h(&["ông"], "ông", M, BeforeSurname),
    h(&["ô."], "ông", M, Always),
    h(&["bà"], "bà", F, Always),
    h(&["b."], "bà", F, BeforeSurname),
    h(&["anh"], "anh", M, BeforeSurname),
    h(&["chị"], "chị", F, Always),
    h(&["cụ"], "cụ", None, Always),
    h(&["cô"], "cô", F, Always),
    h(&["chú"], "chú", M, Always),
    h(&["bác"], "bác", None, Always),
    h(&["em"], "em", None, BeforeSurname),
    h(&["cháu"], "cháu", None, Always),
    h(&["bé"], "bé", None, BeforeSurname),
    h(&["thầy"], "thầy", M, Always),
    h(&["vợ"], "vợ", F, Always),
    h(&["chồng"], "chồng", M, Always),
    h(&["mẹ"], "mẹ", F, Always),
    h(&["hộ"], "hộ", None, Always),
    h(&["đ/c"], "đồng chí", None, Always),
    h(&["đc"], "đồng chí", None, BeforeSurname),
    h(&["ls"], "liệt sĩ", None, BeforeSurname),
];

// ---------------------------------------------------------------------------------------------
// parsing

/// Parse one registry name (clean Unicode, exactly one person). Honorifics are still stripped.
/// Returns `None` when no name token remains.
pub fn parse_person_name(s: &str) -> Option<PersonName> {
    let c = clean_cow(s);
    let verbatim = matches!(c, Cow::Borrowed(_));
    parse_cleaned(&c, verbatim)
}

fn is_name_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '\'' || c == '-'
    } else {
        super::chars::is_vn_letter(c) || c.is_alphanumeric()
    }
}

fn lower_word(w: &str) -> Cow<'_, str> {
    if w.chars().any(char::is_uppercase) {
        Cow::Owned(w.to_lowercase())
    } else {
        Cow::Borrowed(w)
    }
}

/// Lowercase first words of the honorifics.
static HONORIFIC_FIRST: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    HONORIFICS
        .iter()
        .filter_map(|h| h.words.first().copied())
        .collect()
});

/// Diacritic-free first words accepted for the loose (unaccented) honorifics.
static HONORIFIC_FIRST_LOOSE: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| ["ong", "ba", "chi", "cu", "ho"].into_iter().collect());

/// Quick reject without allocating: can `first` (any case) start an honorific, exactly or
/// diacritic-free?
fn may_start_honorific(first: &str) -> bool {
    let mut buf = [0u8; 32];
    let mut len = 0;
    for c in first.chars() {
        let l = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else if let Some(v) = super::chars::vowel(c) {
            super::chars::compose(super::chars::Vowel { upper: false, ..v })
        } else if c == 'Đ' {
            'đ'
        } else {
            c
        };
        if len + l.len_utf8() > buf.len() {
            return false;
        }
        len += l.encode_utf8(&mut buf[len..]).len();
    }
    let l0 = std::str::from_utf8(&buf[..len]).unwrap_or("");
    HONORIFIC_FIRST.contains(l0) || (l0.is_ascii() && HONORIFIC_FIRST_LOOSE.contains(l0))
}

/// Find a leading honorific among `words`; returns (entry, number of words consumed).
fn find_honorific(words: &[&str]) -> Option<(&'static Honorific, usize)> {
    let first = words.first()?;
    if first.chars().count() > 6 {
        return None;
    }
    if !may_start_honorific(first) {
        return None;
    }
    let lw: Vec<Cow<'_, str>> = words.iter().take(6).map(|w| lower_word(w)).collect();
    for hon in HONORIFICS {
        let n = hon.words.len();
        if n >= words.len() {
            continue; // a name must follow
        }
        let mut exact = true;
        let mut loose = true;
        for (k, hw) in hon.words.iter().enumerate() {
            let w = lw[k].as_ref();
            if w != *hw {
                exact = false;
            }
            // diacritic-free spelling ("ong", "ba", "ho ong")
            if !(w.is_ascii() && fold(w) == fold(hw)) {
                loose = false;
            }
        }
        if !exact && !loose {
            continue;
        }
        let next_is_surname = words
            .get(n)
            .map(|w| SURNAMES.contains(fold(w).as_str()))
            .unwrap_or(false);
        let ok = if exact {
            match hon.strict {
                Always => true,
                BeforeSurname => next_is_surname,
            }
        } else {
            // diacritic-free spellings only for the unmistakable ones ("ong", "ba", "chi", ...):
            // "ho" may be the surname Hồ, "cu" Cù, "co" Cổ; and only before a surname
            // "cu" is "cụ" when a whole name of three words or more follows it
            // ("Cu Luu Van Tien"); "Cu Van An" stays the surname Cù
            let loose_ok = matches!(
                hon.full,
                "ông" | "bà" | "chị" | "cụ ông" | "cụ bà" | "hộ ông" | "hộ bà" | "ông bà"
            ) || (hon.full == "cụ" && words.len() - n >= 3);
            loose_ok && hon.words.iter().all(|w| !w.contains('.')) && next_is_surname
        };
        if ok {
            return Some((hon, n));
        }
    }
    None
}

/// The words are exactly one honorific phrase ("Ông", "Hộ bà"): no name at all.
fn is_only_honorific(words: &[&str]) -> bool {
    if words.is_empty() || words.len() > 6 || !may_start_honorific(words[0]) {
        return false;
    }
    let lw: Vec<Cow<'_, str>> = words.iter().map(|w| lower_word(w)).collect();
    HONORIFICS.iter().any(|h| {
        h.words.len() == lw.len() && h.words.iter().zip(&lw).all(|(a, b)| *a == b.as_ref())
    })
}

fn title_case(tok: &str) -> String {
    let mut out = String::with_capacity(tok.len());
    let mut it = tok.chars();
    if let Some(f) = it.next() {
        if f.is_ascii() {
            out.push(f.to_ascii_uppercase());
        } else if let Some(v) = super::chars::vowel(f) {
            out.push(super::chars::compose(super::chars::Vowel {
                upper: true,
                ..v
            }));
        } else if f == 'đ' {
            out.push('Đ');
        } else {
            out.extend(f.to_uppercase());
        }
    }
    out.push_str(it.as_str());
    out
}

fn parse_cleaned(c: &str, verbatim: bool) -> Option<PersonName> {
    let words: Vec<&str> = c.split(' ').filter(|w| !w.is_empty()).collect();
    if is_only_honorific(&words) {
        return None;
    }
    let (honorific, hon_sex, skip) = match find_honorific(&words) {
        Some((hn, n)) => (Some(hn.full.to_string()), hn.sex, n),
        None => (None, None, 0),
    };
    // name tokens: split further on punctuation (keep letters, digits, ' and - inside words)
    let mut written: Vec<String> = Vec::with_capacity(words.len());
    for w in &words[skip..] {
        if w.chars().all(is_name_char) {
            let t = w.trim_matches(|ch| ch == '\'' || ch == '-');
            if !t.is_empty() {
                written.push(t.to_string());
            }
        } else {
            for part in w.split(|ch: char| !is_name_char(ch)) {
                let t = part.trim_matches(|ch| ch == '\'' || ch == '-');
                if !t.is_empty() {
                    written.push(t.to_string());
                }
            }
        }
    }
    if written.is_empty() {
        return None;
    }
    // Telex / VNI leftovers in a name typed without diacritics ("Nguyeenx Vawn An")
    let mut verbatim = verbatim;
    if written.iter().all(|t| t.is_ascii()) {
        for t in written.iter_mut() {
            if has_typing_keys(t)
                && let Some(fixed) = super::typing::fix_typing(t)
            {
                *t = fixed;
                verbatim = false;
            }
        }
    }
    let has_diacritics = written.iter().any(|t| !t.is_ascii());
    let tokens: Vec<String> = written
        .iter()
        .map(|t| {
            if t.is_ascii() {
                t.to_ascii_lowercase()
            } else {
                super::tone::canonical_lower_token(t)
            }
        })
        .collect();
    let family_len = family_len(&tokens);
    let mut display = String::with_capacity(c.len());
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            display.push(' ');
        }
        display.push_str(&title_case(t));
    }
    let sex_hint = hon_sex.or_else(|| {
        let n = tokens.len();
        if n > family_len + 1 {
            let mid = &tokens[family_len..n - 1];
            if mid.iter().any(|t| t == "thị") {
                return Some(Sex::Female);
            }
            if mid.iter().any(|t| t == "văn") {
                return Some(Sex::Male);
            }
        }
        None
    });
    Some(PersonName {
        display,
        tokens,
        family_len,
        honorific,
        sex_hint,
        has_diacritics,
        written,
        verbatim,
    })
}

/// Cheap pre-check for [`fix_typing`](super::typing::fix_typing): VNI digits, Telex w/f/j,
/// doubled aa/ee/oo/dd, or s/r/x after a vowel.
fn has_typing_keys(t: &str) -> bool {
    let b = t.as_bytes();
    let mut seen_vowel = false;
    for (i, &c) in b.iter().enumerate() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_digit() || matches!(c, b'w' | b'f' | b'j') {
            return true;
        }
        if i > 0 && matches!(c, b'a' | b'e' | b'o' | b'd') && b[i - 1].to_ascii_lowercase() == c {
            return true;
        }
        if seen_vowel && matches!(c, b's' | b'r' | b'x') {
            return true;
        }
        seen_vowel |= matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    }
    false
}

fn family_len(tokens: &[String]) -> usize {
    if tokens.is_empty() {
        return 0;
    }
    if tokens.len() < 3 {
        return 1;
    }
    if !COMPOUND_FAMILIES.iter().any(|c| fold_eq(&tokens[0], c[0])) {
        return 1;
    }
    for comp in COMPOUND_FAMILIES {
        let k = comp.len();
        // a compound family name needs a given name after it
        if tokens.len() > k && comp.iter().zip(tokens).all(|(c, t)| fold_eq(t, c)) {
            // a diacritic-free spelling must still fold to the compound; with diacritics it
            // must be the real one (Tôn, not Tốn)
            let exact = tokens[..k].iter().all(|t| t.is_ascii())
                || tokens[..k].iter().all(|t| is_compound_word(t));
            if exact {
                return k;
            }
        }
    }
    1
}

/// `fold(token) == ascii` for a lowercase token, without allocating.
fn fold_eq(token: &str, ascii: &str) -> bool {
    let mut a = ascii.bytes();
    for c in token.chars() {
        match super::chars::strip_char(c) {
            Some(x) if x.is_ascii() && a.next() == Some(x.to_ascii_lowercase() as u8) => {}
            _ => return false,
        }
    }
    a.next().is_none()
}

fn is_compound_word(t: &str) -> bool {
    matches!(
        t,
        "công"
            | "tằng"
            | "tôn"
            | "nữ"
            | "thất"
            | "âu"
            | "dương"
            | "nguyễn"
            | "phước"
            | "hoàng"
            | "phủ"
    )
}

/// Separators between people in one cell.
fn is_person_separator_word(w: &str) -> bool {
    matches!(
        w,
        "và" | "Và" | "VÀ" | "va" | "Va" | "VA" | "&" | "+" | "-" | "với" | "Với" | "VỚI"
    )
}

/// Parse a name cell (text already legacy-decoded; [`clean`](super::unicode::clean) runs inside).
/// The nicknames clerks add after a dash: birth-order names and the usual pet names.
const NICKNAMES: &[&str] = &[
    "út", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười", "cả", "bé", "tí", "tý",
    "cu", "bi", "bống", "tèo", "tẹo", "nhỏ", "lớn", "đen", "trắng", "mập", "còi",
];

/// `text` without a trailing "-Út" / " - Năm" nickname (pushed to `notes`); a dash between
/// two names ("A - B", two people) is left alone.
fn split_dash_nickname(text: &str, notes: &mut Vec<String>) -> String {
    let t = text.trim_end();
    let Some(i) = t.rfind(['-', '–']) else {
        return text.to_string();
    };
    let after = t[i..].trim_start_matches(['-', '–']).trim();
    let before = t[..i].trim_end();
    let one_word = !after.is_empty() && !after.contains(char::is_whitespace);
    if one_word
        && before.split_whitespace().count() >= 2
        && NICKNAMES.contains(&after.to_lowercase().as_str())
    {
        push_note(notes, after);
        before.to_string()
    } else {
        text.to_string()
    }
}

/// Splits several people ("Ông A và bà B", "A - B", "A, B (vợ chồng)", one per line), strips
/// honorifics (kept as a sex hint) and keeps parenthesised notes aside.
pub fn parse_name_cell(s: &str) -> NameCell {
    let mut cell = NameCell::default();
    let mut pieces: Vec<String> = Vec::new();
    let mut all_clean = true;
    for line in s.split(['\n', '\r']) {
        let c = clean_cow(line);
        let verbatim_line = matches!(c, Cow::Borrowed(_));
        // notes in parentheses / brackets
        let mut rest = String::with_capacity(c.len());
        let mut depth = 0usize;
        let mut note = String::new();
        for ch in c.chars() {
            match ch {
                '(' | '[' | '{' => {
                    if depth > 0 {
                        note.push(ch);
                    }
                    depth += 1;
                    rest.push(' ');
                }
                ')' | ']' | '}' if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        push_note(&mut cell.notes, &note);
                        note.clear();
                    } else {
                        note.push(ch);
                    }
                }
                _ if depth > 0 => note.push(ch),
                _ => rest.push(ch),
            }
        }
        if depth > 0 {
            push_note(&mut cell.notes, &note);
        }
        // a nickname after a dash ("Nguyễn Văn Hùng-Út", "Trần Thị Lan - Năm") is a note
        let rest = split_dash_nickname(&rest, &mut cell.notes);
        // split people
        let mut cur = String::new();
        for w in rest.split(' ').filter(|w| !w.is_empty()) {
            if is_person_separator_word(w) {
                pieces.push(std::mem::take(&mut cur));
                continue;
            }
            let (word, sep_after) = match w.strip_suffix([',', ';']) {
                Some(x) => (x, true),
                None => (w, false),
            };
            let mut parts = word.split([',', ';']).peekable();
            while let Some(p) = parts.next() {
                if !p.is_empty() {
                    if !cur.is_empty() {
                        cur.push(' ');
                    }
                    cur.push_str(p);
                }
                if parts.peek().is_some() {
                    pieces.push(std::mem::take(&mut cur));
                }
            }
            if sep_after {
                pieces.push(std::mem::take(&mut cur));
            }
        }
        pieces.push(cur);
        all_clean &= verbatim_line;
    }
    let single = pieces.iter().filter(|p| !p.trim().is_empty()).count() == 1;
    for p in pieces {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        let parsed = parse_cleaned(p, false);
        let is_person = match &parsed {
            Some(pn) => {
                !pn.tokens
                    .iter()
                    .any(|t| t.chars().any(|c| c.is_ascii_digit()))
                    && (pn.tokens.len() >= 2 || pn.honorific.is_some() || single)
            }
            None => false,
        };
        match parsed {
            Some(mut pn) if is_person => {
                // verbatim: the cell's text needed no Unicode/space clean-up
                pn.verbatim = all_clean && !s.contains(['\n', '\r']);
                if cell.primary.is_none() {
                    cell.primary = Some(pn);
                } else {
                    cell.co_holders.push(pn);
                }
            }
            _ => push_note(&mut cell.notes, p),
        }
    }
    cell
}

fn push_note(notes: &mut Vec<String>, n: &str) {
    let t = n
        .trim()
        .trim_matches(|c: char| c == ',' || c == ';' || c == ':' || c == '-' || c == ' ');
    if !t.is_empty() {
        notes.push(t.to_string());
    }
}

// ---------------------------------------------------------------------------------------------
// comparison

/// How two names compare, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum NameLevel {
    /// same tokens as written
    Identical,
    /// same after case/space/Unicode-form folding (and legacy decoding upstream)
    Format,
    /// same letters, tone on another vowel (hoà/hòa)
    TonePlacement,
    /// one side written without diacritics (all or some words), folded-equal
    MissingDiacritics,
    /// i/y variant (Mỹ/Mĩ, Lý/Lí) — never uy/ui, ay/ai, Thúy/Thúi
    Variant,
    /// folded-equal but a tone/vowel mark differs where both sides have marks (Hùng/Hưng, Lan/Lân)
    OneTone,
    /// folded forms differ by one edit in one word
    OneLetter,
    /// family and given agree, middle names missing/added/different
    MiddleMissing,
    Different,
}

impl NameLevel {
    /// Variant and worse.
    pub fn is_substantive(self) -> bool {
        self >= NameLevel::Variant
    }

    /// The results.csv `corrections` token for the format levels.
    pub fn correction(self) -> Option<&'static str> {
        match self {
            NameLevel::Format => Some("name_format"),
            NameLevel::TonePlacement => Some("name_tone_placement"),
            NameLevel::MissingDiacritics => Some("name_diacritics"),
            _ => None,
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            NameLevel::Identical => "Trùng khớp hoàn toàn",
            NameLevel::Format => "Khác định dạng (chữ hoa, khoảng trắng, mã Unicode)",
            NameLevel::TonePlacement => "Khác vị trí đặt dấu thanh",
            NameLevel::MissingDiacritics => "Thiếu dấu tiếng Việt",
            NameLevel::Variant => "Biến thể chính tả i/y",
            NameLevel::OneTone => "Khác dấu thanh",
            NameLevel::OneLetter => "Sai một ký tự",
            NameLevel::MiddleMissing => "Thiếu hoặc khác tên đệm",
            NameLevel::Different => "Khác tên",
        }
    }
}

/// `consonant(s) + y|i` as the whole rime (qu counts as a consonant): returns the token with
/// the y replaced by i (tone kept), or `None`.
fn iy_normal(tok: &str) -> Option<String> {
    let last = tok.chars().last()?;
    let v = super::chars::vowel(last)?;
    if v.base != 5 && v.base != 11 {
        return None;
    }
    let head = &tok[..tok.len() - last.len_utf8()];
    if head.is_empty() {
        return None;
    }
    let head_ok = head
        .chars()
        .all(|c| c.is_alphabetic() && super::chars::vowel(c).is_none())
        || (head.ends_with("qu")
            && head[..head.len() - 2]
                .chars()
                .all(|c| super::chars::vowel(c).is_none()));
    if !head_ok {
        return None;
    }
    let mut s = head.to_string();
    s.push(super::chars::compose(super::chars::Vowel { base: 5, ..v }));
    Some(s)
}

fn token_level(a: &PersonName, ia: usize, b: &PersonName, ib: usize, is_given: bool) -> NameLevel {
    let (aw, bw) = (&a.written[ia], &b.written[ib]);
    let (ac, bc) = (&a.tokens[ia], &b.tokens[ib]);
    if aw == bw {
        return NameLevel::Identical;
    }
    if aw.to_lowercase() == bw.to_lowercase() {
        return NameLevel::Format;
    }
    if ac == bc {
        return NameLevel::TonePlacement;
    }
    let (fa, fb) = (fold(ac), fold(bc));
    // a word written without any diacritics counts as "missing diacritics" when the whole name
    // was written without them, or for family/middle words; a bare given name next to a marked
    // one in an otherwise marked name is a real difference (Lan / Lân).
    let plain_ok = |tok: &str, pn: &PersonName| tok.is_ascii() && (!pn.has_diacritics || !is_given);
    if fa == fb {
        if plain_ok(ac, a) || plain_ok(bc, b) {
            return NameLevel::MissingDiacritics;
        }
        return NameLevel::OneTone;
    }
    if let (Some(na), Some(nb)) = (iy_normal(ac), iy_normal(bc)) {
        if na == nb {
            return NameLevel::Variant;
        }
        if fold(&na) == fold(&nb) && (plain_ok(ac, a) || plain_ok(bc, b)) {
            return NameLevel::Variant;
        }
    }
    if strsim::damerau_levenshtein(&fa, &fb) == 1 {
        return NameLevel::OneLetter;
    }
    NameLevel::Different
}

/// Compare the list's name with the registry's name.
pub fn compare_names(list: &PersonName, registry: &PersonName) -> NameLevel {
    let (a, b) = (list, registry);
    let (na, nb) = (a.tokens.len(), b.tokens.len());
    if na == 0 || nb == 0 {
        return NameLevel::Different;
    }
    if na == nb {
        let n = na;
        let levels: Vec<NameLevel> = (0..n)
            .map(|i| token_level(a, i, b, i, i == n - 1 && n > 1))
            .collect();
        let worst = levels.iter().copied().max().unwrap_or(NameLevel::Identical);
        if worst <= NameLevel::Variant {
            if worst == NameLevel::Identical && !(a.verbatim && b.verbatim) {
                return NameLevel::Format;
            }
            return worst;
        }
        let subst: Vec<usize> = (0..n).filter(|&i| levels[i] > NameLevel::Variant).collect();
        let fam = a.family_len.max(b.family_len).max(1);
        let is_middle = |i: usize| i >= fam && i + 1 < n;
        if subst.len() == 1 {
            let k = subst[0];
            let l = levels[k];
            if l == NameLevel::OneTone || l == NameLevel::OneLetter {
                return l;
            }
            return if is_middle(k) {
                NameLevel::MiddleMissing
            } else {
                NameLevel::Different
            };
        }
        if subst.iter().all(|&i| is_middle(i)) {
            return NameLevel::MiddleMissing;
        }
        return NameLevel::Different;
    }
    // different token counts: family (first token(s)) and given (last) must agree
    let fam = a.family_len.min(b.family_len).max(1);
    if na <= fam || nb <= fam {
        return NameLevel::Different;
    }
    for i in 0..fam {
        if token_level(a, i, b, i, false) > NameLevel::Variant {
            return NameLevel::Different;
        }
    }
    if token_level(a, na - 1, b, nb - 1, true) > NameLevel::Variant {
        return NameLevel::Different;
    }
    NameLevel::MiddleMissing
}

/// Jaro–Winkler (strsim) similarity of the folded full names, 0..1.
pub fn name_similarity(a: &PersonName, b: &PersonName) -> f64 {
    strsim::jaro_winkler(&a.folded(), &b.folded())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PersonName {
        parse_person_name(s).unwrap()
    }

    #[test]
    fn structure() {
        let n = p("Nguyễn Văn An");
        assert_eq!(n.display, "Nguyễn Văn An");
        assert_eq!(n.tokens, ["nguyễn", "văn", "an"]);
        assert_eq!(n.family(), ["nguyễn"]);
        assert_eq!(n.middle(), ["văn"]);
        assert_eq!(n.given(), Some("an"));
        assert_eq!(n.sex_hint, Some(Sex::Male));
        assert!(n.has_diacritics);
        assert_eq!(n.folded(), "nguyen van an");
        let n = p("TÔN NỮ THỊ THUỶ");
        assert_eq!(n.display, "Tôn Nữ Thị Thủy");
        assert_eq!(n.family_len, 2);
        assert_eq!(n.sex_hint, Some(Sex::Female));
        let n = p("Ông Nguyễn Văn Ba");
        assert_eq!(n.honorific.as_deref(), Some("ông"));
        assert_eq!(n.tokens.len(), 3);
        let n = p("Cu Luu Van Tien");
        assert_eq!(n.display, "Luu Van Tien");
        let n = p("Cu Van An");
        assert_eq!(n.display, "Cu Van An");
        let n = p("Ông Văn Tùng");
        assert_eq!(n.honorific, None);
        assert_eq!(n.family(), ["ông"]);
        assert!(parse_person_name("  ").is_none());
    }

    #[test]
    fn cells() {
        let c = parse_name_cell("Ông Nguyễn Văn An và bà Trần Thị Bình (đã chết)");
        assert_eq!(c.primary.as_ref().unwrap().display, "Nguyễn Văn An");
        assert_eq!(c.co_holders.len(), 1);
        assert_eq!(c.co_holders[0].sex_hint, Some(Sex::Female));
        assert_eq!(c.notes, ["đã chết"]);
        let c = parse_name_cell("Nguyễn Văn Hùng-Út");
        assert_eq!(c.primary.as_ref().unwrap().display, "Nguyễn Văn Hùng");
        let c = parse_name_cell("Trần Thị Lan - Năm");
        assert_eq!(c.primary.as_ref().unwrap().display, "Trần Thị Lan");
        let c = parse_name_cell("Nguyễn Văn An - Trần Thị Bình");
        assert!(
            c.primary
                .as_ref()
                .unwrap()
                .display
                .starts_with("Nguyễn Văn An")
        );
        let c = parse_name_cell("Nguyễn Văn An (đã chết)");
        let reg = parse_person_name("Nguyễn Văn An").unwrap();
        assert_eq!(
            compare_names(c.primary.as_ref().unwrap(), &reg),
            NameLevel::Identical
        );
        let c = parse_name_cell("Nguyễn  Văn An");
        assert_eq!(
            compare_names(c.primary.as_ref().unwrap(), &reg),
            NameLevel::Format
        );
        let c = parse_name_cell("Nguyễn Văn An, Trần Thị Bình (vợ chồng)");
        assert_eq!(c.co_holders.len(), 1);
        assert_eq!(c.notes, ["vợ chồng"]);
    }

    #[test]
    fn levels() {
        use NameLevel::*;
        let cases = [
            ("Nguyễn Văn An", "Nguyễn Văn An", Identical),
            ("NGUYỄN VĂN AN", "Nguyễn Văn An", Format),
            ("Nguyễn Thị Hoà", "Nguyễn Thị Hòa", TonePlacement),
            ("Nguyen Thi Hoa", "Nguyễn Thị Hòa", MissingDiacritics),
            ("Lê Thị Mỹ", "Lê Thị Mĩ", Variant),
            ("Lý Văn Nam", "Lí Văn Nam", Variant),
            ("Trần Văn Huy", "Trần Văn Hui", OneLetter),
            ("Lê Thị Thúy", "Lê Thị Thúi", OneLetter),
            ("Nguyễn Văn Hùng", "Nguyễn Văn Hưng", OneTone),
            ("Nguyễn Thị Lan", "Nguyễn Thị Lân", OneTone),
            ("Nguyễn Văn Hùng", "Nguyễn Văn Hừng", OneTone),
            ("Nguyễn Văn Hùng", "Nguyễn Văn Hung", OneTone),
            ("Nguyễn Văn Thanh", "Nguyễn Văn Thành", OneTone),
            ("Nguyễn Văn Thanh", "Nguyễn Văn Than", OneLetter),
            ("Nguyễn An", "Nguyễn Văn An", MiddleMissing),
            ("Nguyễn Minh An", "Nguyễn Văn An", MiddleMissing),
            ("Nguyễn Văn An", "Nguyễn Văn Bình", Different),
        ];
        for (a, b, want) in cases {
            assert_eq!(compare_names(&p(a), &p(b)), want, "{a} / {b}");
        }
    }
}
