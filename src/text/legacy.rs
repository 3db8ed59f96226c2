//! Legacy Vietnamese encodings as they arrive from a spreadsheet reader (DOMAIN.md §1).
//!
//! TCVN3 (ABC, `.VnTime` / `.VnTimeH` fonts), VNI-Windows and VISCII text reaches us as
//! Latin-1-looking characters (`NguyÔn V¨n An`, `Nguyeãn Vaên An`). Conversion is character to
//! character; tables are built once from the shared TSVs (Unikey data, GPL-2.0-or-later facts).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::chars;
use super::tone::canonical_tones;

const TCVN3_TSV: &str = include_str!("../../data/tcvn3_to_unicode.tsv");
const VNI_TSV: &str = include_str!("../../data/vni_win_to_unicode.tsv");
const VISCII_TSV: &str = include_str!("../../data/viscii_to_unicode.tsv");
const LEXICON_TXT: &str = include_str!("../../data/syllables_lexicon.txt");

/// Encoding of one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Encoding {
    Ascii,
    Unicode,
    Tcvn3,
    Vni,
    Viscii,
    Ambiguous,
}

// ---------------------------------------------------------------------------------------------
// tables

fn parse_cp(s: &str) -> Option<char> {
    let hex = s.trim().strip_prefix("U+")?;
    char::from_u32(u32::from_str_radix(hex, 16).ok()?)
}

fn data_rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
}

struct Tcvn3Table {
    /// index: xlsx char - 0xA0; value: (unicode char, case_shared)
    dec: [Option<(char, bool)>; 96],
    enc: HashMap<char, char>,
}

static TCVN3: LazyLock<Tcvn3Table> = LazyLock::new(|| {
    let mut dec = [None; 96];
    let mut enc = HashMap::new();
    for row in data_rows(TCVN3_TSV) {
        if row.len() < 7 {
            continue;
        }
        let shared = match row[6] {
            "yes" => true,
            "no" => false,
            _ => continue, // VN1-only rows are not TCVN3/ABC
        };
        let (Some(x), Some(u)) = (parse_cp(row[2]), parse_cp(row[4])) else {
            continue;
        };
        let idx = (x as u32).wrapping_sub(0xA0) as usize;
        if idx < 96 {
            dec[idx] = Some((u, shared));
        }
        enc.insert(u, x);
        if shared && let Some(up) = u.to_uppercase().next() {
            enc.insert(up, x);
        }
    }
    Tcvn3Table { dec, enc }
});

#[inline]
fn tcvn3_dec(c: char) -> Option<(char, bool)> {
    let idx = (c as u32).wrapping_sub(0xA0) as usize;
    if idx < 96 { TCVN3.dec[idx] } else { None }
}

struct VniTable {
    /// (lowercase base, lowercase mark) -> lowercase letter
    pairs: HashMap<(char, char), char>,
    singles: HashMap<char, char>,
    enc: HashMap<char, String>,
}

static VNI: LazyLock<VniTable> = LazyLock::new(|| {
    let mut pairs = HashMap::new();
    let mut singles = HashMap::new();
    let mut enc = HashMap::new();
    for row in data_rows(VNI_TSV) {
        if row.len() < 5 {
            continue;
        }
        let seq = row[0];
        let Some(u) = parse_cp(row[4]) else { continue };
        let cs: Vec<char> = seq.chars().collect();
        match cs.len() {
            1 => {
                singles.insert(cs[0], u);
            }
            2 => {
                let lb = latin1_lower(cs[0]);
                let lm = latin1_lower(cs[1]);
                let lu = u.to_lowercase().next().unwrap_or(u);
                pairs.insert((lb, lm), lu);
            }
            _ => continue,
        }
        enc.insert(u, seq.to_string());
    }
    VniTable {
        pairs,
        singles,
        enc,
    }
});

#[inline]
fn latin1_lower(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{C0}'..='\u{DE}' if c != '\u{D7}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        _ => c,
    }
}

#[inline]
fn latin1_is_upper(c: char) -> bool {
    c.is_ascii_uppercase() || (('\u{C0}'..='\u{DE}').contains(&c) && c != '\u{D7}')
}

struct VisciiTable {
    dec: HashMap<char, char>,
}

static VISCII: LazyLock<VisciiTable> = LazyLock::new(|| {
    let mut dec = HashMap::new();
    for row in data_rows(VISCII_TSV) {
        if row.len() < 5 {
            continue;
        }
        let (Some(x), Some(u)) = (parse_cp(row[2]), parse_cp(row[4])) else {
            continue;
        };
        dec.insert(x, u);
        // raw C1 character (a reader that decoded the byte as Latin-1 instead of Windows-1252)
        if let Some(b) = row[0]
            .strip_prefix("0x")
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            && (0x80..0xA0).contains(&b)
            && let Some(raw) = char::from_u32(b)
        {
            dec.insert(raw, u);
        }
    }
    VisciiTable { dec }
});

static LEXICON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    LEXICON_TXT
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Is this (lowercase, NFC, old-style tones) syllable in the shared lexicon?
pub fn in_lexicon(syllable: &str) -> bool {
    LEXICON.contains(syllable)
}

// ---------------------------------------------------------------------------------------------
// decoding

/// Decode a string assumed to be in `enc` (Ascii/Unicode/Ambiguous: returned unchanged).
/// TCVN3: restores case per word (no font information; see [`decode_tcvn3`]). VNI: tolerant
/// (either mark case, case taken from the base letter).
pub fn decode_as(s: &str, enc: Encoding) -> String {
    match enc {
        Encoding::Tcvn3 => decode_tcvn3(s, false),
        Encoding::Vni => decode_vni(s),
        Encoding::Viscii => decode_viscii(s),
        Encoding::Ascii | Encoding::Unicode | Encoding::Ambiguous => s.to_string(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    AsciiUpper,
    AsciiLower,
    /// decoded from a case-shared TCVN3 code (lowercase for now)
    Shared,
    ExplUpper,
    ExplLower,
    Other,
}

impl Kind {
    fn is_letter(self) -> bool {
        self != Kind::Other
    }
}

/// Decode TCVN3. `upper_font`: the cell's font is an all-capitals one (`.VnTimeH`, name
/// ending in `H`): the result is upper-cased. Without font information the case is restored
/// per DOMAIN.md §1.2: a cell (or a word) whose ASCII letters (at least 2) are all capitals is
/// upper-cased; in a Title Case cell a shared-case letter starting a word is upper-cased.
/// Tolerates the non-standard capital form "base letter + toned lowercase" (`Aµ` for `À`).
pub fn decode_tcvn3(s: &str, upper_font: bool) -> String {
    if s.is_ascii() {
        return if upper_font {
            s.to_uppercase()
        } else {
            s.to_string()
        };
    }
    let mut v: Vec<(char, Kind)> = Vec::with_capacity(s.len());
    for c in s.chars() {
        let item = if c.is_ascii_uppercase() {
            (c, Kind::AsciiUpper)
        } else if c.is_ascii_lowercase() {
            (c, Kind::AsciiLower)
        } else if let Some((u, shared)) = tcvn3_dec(c) {
            if shared {
                (u, Kind::Shared)
            } else if u.is_uppercase() {
                (u, Kind::ExplUpper)
            } else {
                (u, Kind::ExplLower)
            }
        } else {
            (c, Kind::Other)
        };
        // capital vowel + toned lowercase of the same vowel -> one capital letter
        if item.1 == Kind::Shared
            && let Some(&(prev, pk)) = v.last()
            && matches!(pk, Kind::AsciiUpper | Kind::ExplUpper)
            && let (Some(pv), Some(cv)) = (chars::vowel(prev), chars::vowel(item.0))
            && chars::unshaped(pv.base) == chars::unshaped(cv.base)
            && pv.tone == 0
        {
            let merged = chars::compose(chars::Vowel { upper: true, ..cv });
            v.pop();
            v.push((merged, Kind::ExplUpper));
            continue;
        }
        v.push(item);
    }
    let upper_all = upper_font || {
        // all ASCII letters are capitals, and at least one word has two of them ("THÞ"): in
        // "Hå Mü ý" (Hồ Mỹ Ý) every capital is just a word initial
        let low = v.iter().filter(|x| x.1 == Kind::AsciiLower).count();
        let mut run = 0usize;
        let mut word_caps = false;
        for x in &v {
            if x.0.is_whitespace() {
                run = 0;
            } else if x.1 == Kind::AsciiUpper {
                run += 1;
                word_caps |= run >= 2;
            }
        }
        low == 0 && word_caps
    };
    let mut up_flags = vec![false; v.len()];
    if upper_all {
        up_flags.iter_mut().for_each(|f| *f = true);
    } else {
        // words
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut start = None;
        for (i, &(c, _)) in v.iter().enumerate() {
            if c.is_whitespace() {
                if let Some(st) = start.take() {
                    words.push((st, i));
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(st) = start {
            words.push((st, v.len()));
        }
        let mut title = true;
        for &(a, b) in &words {
            if let Some(first) = v[a..b].iter().find(|x| x.1.is_letter())
                && matches!(first.1, Kind::AsciiLower | Kind::ExplLower)
            {
                title = false;
            }
        }
        for &(a, b) in &words {
            let up = v[a..b].iter().filter(|x| x.1 == Kind::AsciiUpper).count();
            let low = v[a..b].iter().filter(|x| x.1 == Kind::AsciiLower).count();
            if up >= 2 && low == 0 {
                up_flags[a..b].iter_mut().for_each(|f| *f = true);
            } else if title
                && let Some(k) = (a..b).find(|&k| v[k].1.is_letter())
                && v[k].1 == Kind::Shared
            {
                up_flags[k] = true;
            }
        }
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &(c, k)) in v.iter().enumerate() {
        if up_flags[i] && matches!(k, Kind::Shared | Kind::ExplLower | Kind::AsciiLower) {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Decode VNI-Windows (greedy, tolerant: either mark case, case from the base letter).
pub fn decode_vni(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let t = &*VNI;
    let cs: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if i + 1 < cs.len() {
            let key = (latin1_lower(c), latin1_lower(cs[i + 1]));
            if let Some(&u) = t.pairs.get(&key) {
                if latin1_is_upper(c) {
                    out.extend(u.to_uppercase());
                } else {
                    out.push(u);
                }
                i += 2;
                continue;
            }
        }
        match t.singles.get(&c) {
            Some(&u) => out.push(u),
            None => out.push(c),
        }
        i += 1;
    }
    out
}

/// Decode VISCII as read through Windows-1252 (C1 bytes arrive as `€ ‚ ƒ …`, or raw U+0080–009F).
pub fn decode_viscii(s: &str) -> String {
    if s.is_ascii()
        && !s
            .bytes()
            .any(|b| matches!(b, 0x02 | 0x05 | 0x06 | 0x14 | 0x19 | 0x1E))
    {
        return s.to_string();
    }
    let t = &*VISCII;
    s.chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                *t.dec.get(&c).unwrap_or(&c)
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// encoders

/// Unicode -> TCVN3 as a normal `.VnTime` font stores it (capital toned letters use the shared
/// lowercase codes, as TCVN3 has no others). Characters without a TCVN3 code pass through.
pub fn encode_tcvn3(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let t = &*TCVN3;
    s.nfc().map(|c| *t.enc.get(&c).unwrap_or(&c)).collect()
}

/// Unicode -> TCVN3 as typed in an all-capitals font (`.VnTimeH`): upper-cased first.
pub fn encode_tcvn3_upper_font(s: &str) -> String {
    encode_tcvn3(&s.to_uppercase())
}

/// Unicode -> VNI-Windows (Unikey pairing: capital marks with capital bases).
pub fn encode_vni(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let t = &*VNI;
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.nfc() {
        match t.enc.get(&c) {
            Some(seq) => out.push_str(seq),
            None => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// detection

/// Latin-1 letters that Unicode Vietnamese text uses.
fn is_vn_latin1(c: char) -> bool {
    matches!(
        c,
        'À' | 'Á'
            | 'Â'
            | 'Ã'
            | 'È'
            | 'É'
            | 'Ê'
            | 'Ì'
            | 'Í'
            | 'Ò'
            | 'Ó'
            | 'Ô'
            | 'Õ'
            | 'Ù'
            | 'Ú'
            | 'Ý'
            | 'à'
            | 'á'
            | 'â'
            | 'ã'
            | 'è'
            | 'é'
            | 'ê'
            | 'ì'
            | 'í'
            | 'ò'
            | 'ó'
            | 'ô'
            | 'õ'
            | 'ù'
            | 'ú'
            | 'ý'
    )
}

fn is_tcvn3_strong(c: char) -> bool {
    matches!(
        c,
        '¡' | '¢'
            | '£'
            | '¤'
            | '¥'
            | '¦'
            | '§'
            | '¨'
            | '©'
            | 'ª'
            | '«'
            | '¬'
            | '\u{AD}'
            | '®'
            | 'µ'
            | '¶'
            | '·'
            | '¸'
            | '¹'
            | '»'
            | '¼'
            | '½'
            | '¾'
            | 'Ç'
            | 'Ð'
            | '×'
            | 'Þ'
            | 'ß'
            | 'ç'
            | '÷'
            | 'þ'
    )
}

/// VNI-only characters (TCVN3 uses these bytes only in VN1).
fn is_vni_strong(c: char) -> bool {
    matches!(c, 'Ä' | 'Å' | 'Û')
}

/// Windows-1252 renderings of the C1 bytes (and raw C1 / VISCII C0 letters).
fn is_viscii_c1(c: char) -> bool {
    matches!(
        c,
        '\u{80}'
            ..='\u{9F}'
                | '€'
                | '‚'
                | 'ƒ'
                | '„'
                | '…'
                | '†'
                | '‡'
                | 'ˆ'
                | '‰'
                | 'Š'
                | '‹'
                | 'Œ'
                | 'Ž'
                | '‘'
                | '’'
                | '“'
                | '”'
                | '•'
                | '–'
                | '—'
                | '˜'
                | '™'
                | 'š'
                | '›'
                | 'œ'
                | 'ž'
                | 'Ÿ'
                | '\u{02}'
                | '\u{05}'
                | '\u{06}'
                | '\u{14}'
                | '\u{19}'
                | '\u{1E}'
    )
}

#[derive(Default)]
struct Evidence {
    vn_unicode: bool,
    tcvn3_strong: bool,
    vni_strong: bool,
    /// Ñ / ñ: đ in VNI, but also ẹ / ủ in TCVN3 ("Thuñ" = Thủ)
    vni_d: bool,
    viscii: bool,
    unicode_possible: bool,
}

fn evidence(s: &str) -> Evidence {
    let mut e = Evidence {
        unicode_possible: true,
        ..Default::default()
    };
    let mut prev_alpha = false;
    let mut pending_viscii = false;
    for c in s.chars() {
        let u = c as u32;
        if u >= 0x100 && (chars::is_vn_letter(c) || chars::is_vn_combining(c)) {
            e.vn_unicode = true;
        }
        if is_tcvn3_strong(c) {
            e.tcvn3_strong = true;
        }
        if is_vni_strong(c) {
            e.vni_strong = true;
        }
        if c == 'Ñ' || c == 'ñ' {
            e.vni_d = true;
        }
        if (0xC0..=0xFF).contains(&u) && c != '×' && c != '÷' && !is_vn_latin1(c) {
            e.unicode_possible = false;
        }
        // a C1 character inside a word (next to a letter) is VISCII evidence; standalone
        // dashes and quotes are ordinary Unicode punctuation.
        let c1 = is_viscii_c1(c);
        let alpha = !c1 && (c.is_alphabetic() || (0xA0..=0xFF).contains(&u));
        if c1 {
            if prev_alpha || u < 0xA0 {
                e.viscii = true;
            } else {
                pending_viscii = true;
            }
        } else {
            if pending_viscii && alpha {
                e.viscii = true;
            }
            pending_viscii = false;
        }
        prev_alpha = alpha;
    }
    e
}

/// Plausibility of one decoded token (lowercase): 1.0 lexicon syllable, 0.5 well-formed
/// Vietnamese syllable, 0.0 otherwise.
fn syllable_score(tok: &str) -> f32 {
    if LEXICON.contains(tok) {
        return 1.0;
    }
    if is_wellformed_syllable(tok) {
        0.5
    } else {
        0.0
    }
}

const NUCLEI: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "yêu", "oai", "oay", "oao", "oeo",
    "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "uai", "uao", "uau", "uay", "uêu", "uia",
];
const INITIALS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];
const FINALS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

fn is_wellformed_syllable(tok: &str) -> bool {
    if tok.is_empty() || tok.chars().count() > 8 {
        return false;
    }
    let mut tone = 0u8;
    let mut plain = String::with_capacity(tok.len());
    for c in tok.chars() {
        if let Some(v) = chars::vowel(c) {
            if v.tone != 0 {
                if tone != 0 {
                    return false;
                }
                tone = v.tone;
            }
            plain.push(chars::compose(chars::Vowel {
                tone: 0,
                upper: false,
                ..v
            }));
        } else if c.is_ascii_lowercase() || c == 'đ' {
            plain.push(c);
        } else {
            return false;
        }
    }
    for ini in INITIALS {
        let Some(rest) = plain.strip_prefix(ini) else {
            continue;
        };
        for fin in FINALS {
            let Some(nuc) = rest.strip_suffix(fin) else {
                continue;
            };
            if nuc.is_empty() {
                continue;
            }
            if NUCLEI.contains(&nuc) {
                let stop = matches!(*fin, "c" | "ch" | "p" | "t");
                if stop && !matches!(tone, 2 | 5) {
                    continue;
                }
                return true;
            }
        }
    }
    false
}

/// Mean plausibility of the tokens of `orig` that contain non-ASCII characters, decoded by `dec`.
fn hypothesis_score(orig: &str, dec: fn(&str) -> String) -> Option<f32> {
    let mut total = 0.0f32;
    let mut n = 0usize;
    for tok in orig.split_whitespace() {
        if tok.is_ascii() {
            continue;
        }
        let d = dec(tok).to_lowercase();
        let d = canonical_tones(&d);
        for sub in d.split(|c: char| !c.is_alphabetic()) {
            if sub.is_empty() {
                continue;
            }
            total += syllable_score(sub);
            n += 1;
        }
    }
    if n == 0 { None } else { Some(total / n as f32) }
}

type Decoder = fn(&str) -> String;

fn ident(s: &str) -> String {
    s.to_string()
}
fn dec_tcvn3_raw(s: &str) -> String {
    s.chars()
        .map(|c| tcvn3_dec(c).map(|x| x.0).unwrap_or(c))
        .collect()
}

/// Per-cell detection with the DOMAIN.md §1.4 heuristic (lexicon scoring for ambiguous cells).
pub fn detect(s: &str) -> Encoding {
    detect_detail(s).encoding
}

/// The outcome of [`detect_detail`].
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// The cell's own decision (may be `Ambiguous`).
    pub encoding: Encoding,
    /// Decided by decisive characters (ASCII, Vietnamese Unicode letters, TCVN3/VNI-only
    /// characters), not by lexicon scoring.
    pub strong: bool,
    /// Hypotheses that remain plausible for this cell (decoding changes something and yields at
    /// least some Vietnamese-looking syllables); a column majority among them wins over a
    /// weak per-cell decision.
    pub viable: Vec<Encoding>,
    /// The viable hypotheses that score within the decision margin of the best one. A Unicode
    /// column majority only wins among these: a legacy cell pasted into a Unicode column
    /// ("Laâm Thò Minh Linh") keeps its own clearly better reading, while a column in one
    /// legacy encoding still decides between two legacy readings ("Phan öng Giang").
    pub competitive: Vec<Encoding>,
}

impl Detection {
    fn strong(encoding: Encoding) -> Self {
        Detection {
            encoding,
            strong: true,
            viable: vec![encoding],
            competitive: vec![encoding],
        }
    }
}

/// [`detect`] with the strength of the evidence and the plausible alternatives.
pub fn detect_detail(s: &str) -> Detection {
    if s.is_ascii() {
        if s.bytes()
            .any(|b| matches!(b, 0x02 | 0x05 | 0x06 | 0x14 | 0x19 | 0x1E))
        {
            return Detection::strong(Encoding::Viscii);
        }
        return Detection::strong(Encoding::Ascii);
    }
    let e = evidence(s);
    if e.vn_unicode {
        return Detection::strong(Encoding::Unicode);
    }
    if e.tcvn3_strong || e.vni_strong {
        let strong = if e.tcvn3_strong && e.vni_strong {
            let t = hypothesis_score(s, dec_tcvn3_raw).unwrap_or(0.0);
            let v = hypothesis_score(s, decode_vni).unwrap_or(0.0);
            if v > t {
                Encoding::Vni
            } else {
                Encoding::Tcvn3
            }
        } else if e.tcvn3_strong {
            Encoding::Tcvn3
        } else {
            Encoding::Vni
        };
        // VISCII shares most of these characters: let it win only on clear lexicon evidence
        let dec_strong: Decoder = if strong == Encoding::Tcvn3 {
            dec_tcvn3_raw
        } else {
            decode_vni
        };
        let s1 = hypothesis_score(s, dec_strong).unwrap_or(0.0);
        // (a reading that is already almost all lexicon syllables cannot lose by 0.15)
        if s1 < 0.85 && hypothesis_score(s, decode_viscii).unwrap_or(0.0) >= s1 + 0.15 {
            return Detection::strong(Encoding::Viscii);
        }
        return Detection::strong(strong);
    }
    if e.vni_d {
        // Ñ/ñ: VNI đ unless TCVN3 (ẹ/ủ) reads clearly better
        let v = hypothesis_score(s, decode_vni).unwrap_or(0.0);
        let t = hypothesis_score(s, dec_tcvn3_raw).unwrap_or(0.0);
        if t >= v + 0.15 {
            return Detection::strong(Encoding::Tcvn3);
        }
        if v >= t + 0.15 {
            return Detection::strong(Encoding::Vni);
        }
        let viable: Vec<Encoding> = [(Encoding::Vni, v), (Encoding::Tcvn3, t)]
            .iter()
            .filter(|x| x.1 > 0.0)
            .map(|x| x.0)
            .collect();
        return Detection {
            encoding: Encoding::Vni,
            strong: false,
            competitive: viable.clone(),
            viable,
        };
    }
    // ambiguous characters only: score each hypothesis
    let mut cands: Vec<(Encoding, f32)> = Vec::with_capacity(4);
    if e.unicode_possible {
        cands.push((Encoding::Unicode, hypothesis_score(s, ident).unwrap_or(0.0)));
    }
    let legacy: [(Encoding, Decoder, bool); 3] = [
        (Encoding::Tcvn3, dec_tcvn3_raw, true),
        (Encoding::Vni, decode_vni, true),
        (Encoding::Viscii, decode_viscii, e.viscii),
    ];
    for (enc, dec, enabled) in legacy {
        // "changes nothing" includes TCVN3 case restoration ("Phan ý Giang" -> "Phan Ý Giang")
        if !enabled || (dec(s) == s && decode_as(s, enc) == s) {
            continue;
        }
        cands.push((enc, hypothesis_score(s, dec).unwrap_or(0.0)));
    }
    match cands.len() {
        0 => {
            return Detection {
                encoding: Encoding::Ambiguous,
                strong: false,
                viable: Vec::new(),
                competitive: Vec::new(),
            };
        }
        1 => return Detection::strong(cands[0].0),
        _ => {}
    }
    cands.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal));
    // Only readings within the decision margin of the best stay open to the column majority:
    // "Laâm Thò Minh Linh" reads as VNI even in a column of Unicode names.
    let viable: Vec<Encoding> = cands.iter().filter(|c| c.1 > 0.0).map(|c| c.0).collect();
    let competitive: Vec<Encoding> = cands
        .iter()
        .filter(|c| c.1 > 0.0 && c.1 + 0.15 > cands[0].1)
        .map(|c| c.0)
        .collect();
    let weak = |encoding: Encoding| Detection {
        encoding,
        strong: false,
        viable: viable.clone(),
        competitive: competitive.clone(),
    };
    if cands[0].1 >= cands[1].1 + 0.15 {
        return weak(cands[0].0);
    }
    let tied: Vec<Encoding> = cands
        .iter()
        .filter(|c| c.1 + 0.15 > cands[0].1)
        .map(|c| c.0)
        .collect();
    if tied
        .iter()
        .all(|&t| matches!(t, Encoding::Unicode | Encoding::Viscii))
        && tied.contains(&Encoding::Unicode)
    {
        return weak(Encoding::Unicode);
    }
    weak(Encoding::Ambiguous)
}

/// The majority encoding among cells that carry evidence (Unicode, TCVN3, VNI, VISCII);
/// `None` when no cell does. Ties prefer Unicode, then TCVN3, VNI, VISCII.
pub fn majority(encodings: &[Encoding]) -> Option<Encoding> {
    let order = [
        Encoding::Unicode,
        Encoding::Tcvn3,
        Encoding::Vni,
        Encoding::Viscii,
    ];
    let mut best: Option<(Encoding, usize)> = None;
    for enc in order {
        let n = encodings.iter().filter(|&&e| e == enc).count();
        if n > 0 && best.is_none_or(|(_, m)| n > m) {
            best = Some((enc, n));
        }
    }
    best.map(|b| b.0)
}

/// Decode a whole column: detect each cell, decide Ambiguous cells by the column majority
/// (falling back to Unicode when the column gives no evidence). Returns per cell the decoded
/// text and the encoding used. Never strips U+00AD before detection.
///
/// The majority is taken over the strongly detected cells (else over all decided cells); a
/// cell decided only by lexicon scoring also follows the majority when that encoding is
/// plausible for it (`Phan öng Giang` is "Phan Ửng Giang" in a TCVN3 column, "Phan ưng Giang"
/// in a VNI one).
pub fn decode_column(cells: &[&str]) -> Vec<(String, Encoding)> {
    decode_column_with(cells, Encoding::Unicode)
}

/// [`decode_column`] with the fallback used when the column itself gives no evidence (e.g. the
/// file's majority, or the encoding implied by the cell font, see [`encoding_from_font`]).
pub fn decode_column_with(cells: &[&str], fallback: Encoding) -> Vec<(String, Encoding)> {
    let detected: Vec<Detection> = cells.iter().map(|c| detect_detail(c)).collect();
    let maj = column_majority(&detected).unwrap_or(fallback);
    cells
        .iter()
        .zip(detected)
        .map(|(c, d)| {
            let enc = resolve(&d, maj);
            (decode_as(c, enc), enc)
        })
        .collect()
}

/// The column's majority encoding from per-cell detections (strong cells first).
pub fn column_majority(detected: &[Detection]) -> Option<Encoding> {
    let strong: Vec<Encoding> = detected
        .iter()
        .filter(|d| d.strong && d.encoding != Encoding::Ascii)
        .map(|d| d.encoding)
        .collect();
    majority(&strong).or_else(|| majority(&detected.iter().map(|d| d.encoding).collect::<Vec<_>>()))
}

/// The encoding to use for one cell given the column (or file) majority.
pub fn resolve(d: &Detection, majority: Encoding) -> Encoding {
    if d.strong {
        return d.encoding;
    }
    if d.encoding == Encoding::Ambiguous {
        if d.viable.is_empty() || d.viable.contains(&majority) || majority == Encoding::Unicode {
            return majority;
        }
        return d.viable[0];
    }
    let open = if matches!(majority, Encoding::Unicode | Encoding::Ascii) {
        &d.competitive
    } else {
        &d.viable
    };
    if open.contains(&majority) {
        majority
    } else {
        d.encoding
    }
}

/// Encoding implied by a cell's font name (`xl/styles.xml` `<font><name>`), and whether it is
/// an all-capitals TCVN3 font (`.VnTimeH`, `.VnArialH`, ...).
pub fn encoding_from_font(font: &str) -> Option<(Encoding, bool)> {
    let f = font.trim();
    if f.len() >= 3 && f.get(..3).is_some_and(|p| p.eq_ignore_ascii_case(".vn")) {
        return Some((Encoding::Tcvn3, f.ends_with('H')));
    }
    if f.len() >= 4 && f.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("vni-")) {
        return Some((Encoding::Vni, false));
    }
    let l = f.to_ascii_lowercase();
    if l.starts_with("vn") && (l.contains("viscii") || l.starts_with("vni ")) {
        return Some((Encoding::Viscii, false));
    }
    if l.contains("viscii") {
        return Some((Encoding::Viscii, false));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTORS: &str = include_str!("../../data/legacy_encoding_test_vectors.tsv");

    fn unescape(s: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(p) = rest.find("\\u") {
            out.push_str(&rest[..p]);
            let hex = rest.get(p + 2..p + 6).unwrap_or("");
            match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                Some(c) => {
                    out.push(c);
                    rest = &rest[p + 6..];
                }
                None => {
                    out.push_str("\\u");
                    rest = &rest[p + 2..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn vectors() -> Vec<Vec<String>> {
        data_rows(VECTORS)
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn tables_loaded() {
        assert!(TCVN3.enc.len() >= 74);
        assert_eq!(TCVN3.dec.iter().filter(|x| x.is_some()).count(), 74);
        assert_eq!(VNI.pairs.len(), 58);
        assert_eq!(VNI.singles.len(), 18);
        assert!(VISCII.dec.len() >= 134);
        assert!(LEXICON.len() > 2000);
    }

    #[test]
    fn every_vector_decodes() {
        let rows = vectors();
        assert_eq!(rows.len(), 20);
        for r in &rows {
            let nfc = &r[0];
            let upper = nfc.to_uppercase();
            // explicit encodings
            assert_eq!(&decode_as(&r[1], Encoding::Tcvn3), nfc, "tcvn3 {}", r[1]);
            assert_eq!(decode_tcvn3(&r[2], false), upper, "tcvn3 caps {}", r[2]);
            assert_eq!(decode_tcvn3(&r[2], true), upper, "tcvn3 H font {}", r[2]);
            assert_eq!(&decode_as(&r[3], Encoding::Vni), nfc, "vni {}", r[3]);
            assert_eq!(
                &super::super::unicode::clean(&unescape(&r[4])),
                nfc,
                "tohop {}",
                r[4]
            );
            assert_eq!(
                &super::super::unicode::clean(&unescape(&r[5])),
                nfc,
                "nfd {}",
                r[5]
            );
            // detection
            assert_eq!(detect(nfc), Encoding::Unicode, "{nfc}");
            assert_eq!(detect(&r[1]), Encoding::Tcvn3, "{}", r[1]);
            assert_eq!(detect(&r[2]), Encoding::Tcvn3, "{}", r[2]);
            assert_eq!(detect(&r[3]), Encoding::Vni, "{}", r[3]);
            assert_eq!(detect(&unescape(&r[4])), Encoding::Unicode);
            assert_eq!(detect(&unescape(&r[5])), Encoding::Unicode);
            // encoders reproduce the vectors
            assert_eq!(&encode_tcvn3(nfc), &r[1], "enc tcvn3 {nfc}");
            assert_eq!(&encode_tcvn3_upper_font(nfc), &r[2], "enc tcvn3 H {nfc}");
            assert_eq!(&encode_vni(nfc), &r[3], "enc vni {nfc}");
        }
        // whole columns
        for col in 1..=3 {
            let cells: Vec<&str> = rows.iter().map(|r| r[col].as_str()).collect();
            let out = decode_column(&cells);
            for (r, (d, _)) in rows.iter().zip(&out) {
                let want = if col == 2 {
                    r[0].to_uppercase()
                } else {
                    r[0].clone()
                };
                assert_eq!(d, &want);
            }
        }
    }

    #[test]
    fn soft_hyphen_is_tcvn3_u_horn() {
        assert_eq!(detect("H\u{AD}¬ng"), Encoding::Tcvn3);
        assert_eq!(decode_as("H\u{AD}¬ng", Encoding::Tcvn3), "Hương");
    }

    #[test]
    fn ambiguous_cells_follow_column() {
        // "Hoàng" is valid Unicode and valid VNI ("Hồng")
        assert_eq!(detect("Hoàng"), Encoding::Ambiguous);
        let col = ["Nguyeãn Vaên An", "Hoàng", "Leâ Thò Lan"];
        let out = decode_column(&col);
        assert_eq!(out[1], ("Hồng".to_string(), Encoding::Vni));
        let col = ["Nguyễn Văn An", "Hoàng"];
        assert_eq!(
            decode_column(&col)[1],
            ("Hoàng".to_string(), Encoding::Unicode)
        );
        let col = ["Hoàng"];
        assert_eq!(
            decode_column(&col)[0],
            ("Hoàng".to_string(), Encoding::Unicode)
        );
    }

    #[test]
    fn viscii() {
        let s = "Nguy\u{AD}n V\u{E5}n \u{80}n"; // Nguyễn Văn Ạn in VISCII
        assert_eq!(decode_viscii(s), "Nguyễn Văn Ạn");
        assert_eq!(detect(s), Encoding::Viscii);
        assert_eq!(detect("Cư M’gar"), Encoding::Unicode);
        assert_eq!(detect("Le – An"), Encoding::Unicode);
    }

    #[test]
    fn fonts() {
        assert_eq!(
            encoding_from_font(".VnTimeH"),
            Some((Encoding::Tcvn3, true))
        );
        assert_eq!(
            encoding_from_font(".VnTime"),
            Some((Encoding::Tcvn3, false))
        );
        assert_eq!(
            encoding_from_font("VNI-Times"),
            Some((Encoding::Vni, false))
        );
        assert_eq!(encoding_from_font("Times New Roman"), None);
    }
}
