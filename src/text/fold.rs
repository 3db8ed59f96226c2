//! Folded keys: ASCII fold, comparison form, diacritic stripping and the Vietnamese phonetic key.

use super::chars;
use super::tone::canonical_tones;
use super::unicode::clean;

/// Lowercase, no diacritics, `đ -> d`, single spaces, only `[a-z0-9 '-]`:
/// `"Nguyễn  Văn AN"` -> `"nguyen van an"`. Any other character becomes a space (combining
/// marks are dropped). Idempotent.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let push = |out: &mut String, c: char, pending_space: &mut bool| {
        if c == ' ' {
            *pending_space = true;
        } else {
            if *pending_space && !out.is_empty() {
                out.push(' ');
            }
            *pending_space = false;
            out.push(c);
        }
    };
    if s.is_ascii() {
        for b in s.bytes() {
            let c = match b {
                b'a'..=b'z' | b'0'..=b'9' | b'\'' | b'-' => b as char,
                b'A'..=b'Z' => (b + 32) as char,
                b'`' => '\'',
                _ => ' ',
            };
            push(&mut out, c, &mut pending_space);
        }
        return out;
    }
    for c in s.chars() {
        let f = fold_char(c);
        match f {
            Folded::Char(c) => push(&mut out, c, &mut pending_space),
            Folded::Space => push(&mut out, ' ', &mut pending_space),
            Folded::Drop => {}
        }
    }
    out
}

enum Folded {
    Char(char),
    Space,
    Drop,
}

fn fold_char(c: char) -> Folded {
    if c.is_ascii() {
        return match c {
            'a'..='z' | '0'..='9' | '\'' | '-' => Folded::Char(c),
            'A'..='Z' => Folded::Char(c.to_ascii_lowercase()),
            '`' => Folded::Char('\''),
            _ => Folded::Space,
        };
    }
    if let Some(a) = chars::strip_char(c) {
        return Folded::Char(a.to_ascii_lowercase());
    }
    match c {
        '\u{0300}'..='\u{036F}'
        | '\u{00AD}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2060}'
        | '\u{FEFF}' => Folded::Drop,
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '\u{2032}' => Folded::Char('\''),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Folded::Char('-'),
        _ => {
            // other Latin letters with diacritics (ç, ñ, ö, ...): first char of the NFD form.
            match nfd_first(c) {
                Some(base) if base.is_ascii_alphanumeric() => {
                    Folded::Char(base.to_ascii_lowercase())
                }
                _ => super::unicode::lookalike(c)
                    .map(|l| Folded::Char(l.to_ascii_lowercase()))
                    .unwrap_or(Folded::Space),
            }
        }
    }
}

/// First char of the canonical decomposition of `c`.
fn nfd_first(c: char) -> Option<char> {
    let mut first = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if first.is_none() {
            first = Some(d);
        }
    });
    first
}

/// Lowercase + canonical tones, diacritics kept ("comparison form"):
/// `"NGUYỄN VĂN HOÀ"` -> `"nguyễn văn hòa"`. Runs [`clean`] first. Idempotent.
pub fn canonical_lower(s: &str) -> String {
    let c = clean(s);
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let lower = c.to_lowercase();
    // lowercasing may leave a string that clean() would still change (e.g. İ -> i + U+0307)
    canonical_tones(&super::unicode::clean_cow(&lower))
}

/// Remove Vietnamese diacritics but keep case and spacing: `"Nguyễn Đức"` -> `"Nguyen Duc"`.
/// Combining marks (NFD / tổ hợp input) are removed too; other characters are kept as they are.
pub fn strip_diacritics(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if chars::is_vn_combining(c) {
            continue;
        }
        match chars::strip_char(c) {
            Some(a) => out.push(a),
            None => out.push(c),
        }
    }
    out
}

/// Vietnamese phonetic key of a folded string (per word, space joined). Input should be the
/// output of [`fold`]; anything else is folded first.
///
/// Merges: initials d/gi/r/v/z (southern d~v~gi~r), tr/ch, s/x, c/k/q, ph/f, g/gh, ng/ngh;
/// finals n/ng/nh and c/t/ch; y -> i (except after a and in uy); doubled letters collapsed;
/// apostrophes and hyphens dropped. English phonetic codes are not used.
pub fn phonetic(folded: &str) -> String {
    let owned;
    let src: &str = if is_folded(folded) {
        folded
    } else {
        owned = fold(folded);
        &owned
    };
    let mut out = String::with_capacity(src.len());
    let mut buf = [0u8; 24];
    for word in src.split(' ') {
        if word.is_empty() {
            continue;
        }
        // keep letters/digits, collapse doubles
        let mut n = 0usize;
        let mut overflow = Vec::new();
        for &b in word.as_bytes() {
            if !b.is_ascii_alphanumeric() {
                continue;
            }
            if n > 0 && buf[n - 1] == b && b.is_ascii_alphabetic() {
                continue;
            }
            if n < buf.len() {
                buf[n] = b;
                n += 1;
            } else {
                overflow.push(b);
            }
        }
        if n == 0 {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        if !overflow.is_empty() {
            // absurdly long token: no syllable structure, keep as is
            out.push_str(std::str::from_utf8(&buf[..n]).unwrap_or(""));
            out.push_str(std::str::from_utf8(&overflow).unwrap_or(""));
            continue;
        }
        phonetic_syllable(&buf[..n], &mut out);
    }
    out
}

fn is_folded(s: &str) -> bool {
    s.bytes()
        .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b' ' | b'\'' | b'-'))
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

fn phonetic_syllable(w: &[u8], out: &mut String) {
    if w.iter().any(|b| b.is_ascii_digit()) {
        out.push_str(std::str::from_utf8(w).unwrap_or(""));
        return;
    }
    // initial consonant cluster
    let v0 = w.iter().position(|&b| is_vowel(b)).unwrap_or(w.len());
    let (init, mut rest): (&[u8], &[u8]) = (&w[..v0], &w[v0..]);
    let code: &str = match init {
        b"" => "",
        b"gi" | b"d" | b"r" | b"v" | b"z" | b"j" => "z",
        b"g" if rest.first() == Some(&b'i') && rest.len() > 1 && is_vowel(rest[1]) => {
            // "gi" + vowel: the i belongs to the initial
            rest = &rest[1..];
            "z"
        }
        b"g" | b"gh" => "g",
        b"tr" | b"ch" => "c",
        b"c" | b"k" | b"q" => "k",
        b"s" | b"x" => "s",
        b"ph" | b"f" | b"p" => "f",
        b"ng" | b"ngh" => "ng",
        b"nh" => "nh",
        b"kh" => "kh",
        b"th" => "th",
        b"b" => "b",
        b"h" => "h",
        b"l" => "l",
        b"m" => "m",
        b"n" => "n",
        b"t" => "t",
        b"w" => "u",
        other => {
            // not a Vietnamese initial: keep the letters
            for &b in other {
                out.push(b as char);
            }
            ""
        }
    };
    out.push_str(code);
    // "gi" with only i as vowel ("gi", "gin"): the i is the vowel; "qu": u is a glide (kept)
    // rime: vowel cluster + final
    let ve = rest
        .iter()
        .position(|&b| !is_vowel(b))
        .unwrap_or(rest.len());
    let (vowels, fin) = rest.split_at(ve);
    let nv = vowels.len();
    for (k, &b) in vowels.iter().enumerate() {
        let c = if b == b'y' {
            let prev = if k > 0 { vowels[k - 1] } else { 0 };
            if prev == b'a' || prev == b'u' {
                'y'
            } else {
                'i'
            }
        } else {
            b as char
        };
        let _ = nv;
        out.push(c);
    }
    let f: &str = match fin {
        b"" => "",
        b"n" | b"ng" | b"nh" => "n",
        b"c" | b"t" | b"ch" | b"k" => "t",
        b"m" => "m",
        b"p" => "p",
        other => {
            for &b in other {
                out.push(b as char);
            }
            ""
        }
    };
    out.push_str(f);
}

/// A header label in comparison form: lowercase, canonical tones, punctuation → space.
pub fn label_key(s: &str) -> String {
    let lower = canonical_lower(s);
    let spaced: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_examples() {
        assert_eq!(fold("Nguyễn  Văn AN"), "nguyen van an");
        assert_eq!(fold("  Đặng Thị Ð "), "dang thi d");
        assert_eq!(fold("Nguye\u{0302}\u{0303}n"), "nguyen");
        assert_eq!(fold("Cư M’gar"), "cu m'gar");
        assert_eq!(fold("Ng. (A)"), "ng a");
        assert_eq!(fold(&fold("Hồ  Chí Minh!")), fold("Hồ  Chí Minh!"));
    }

    #[test]
    fn canonical_lower_examples() {
        assert_eq!(canonical_lower("NGUYỄN VĂN HOÀ"), "nguyễn văn hòa");
        assert_eq!(canonical_lower("Nguyễn  Văn\u{00A0}An"), "nguyễn văn an");
    }

    #[test]
    fn strip_examples() {
        assert_eq!(strip_diacritics("Nguyễn Đức"), "Nguyen Duc");
        assert_eq!(strip_diacritics("NGUYỄN  THỊ"), "NGUYEN  THI");
    }

    #[test]
    fn phonetic_examples() {
        let same = [
            ("dung", "rung"),
            ("dung", "giung"),
            ("gia", "da"),
            ("trang", "chang"),
            ("sang", "xang"),
            ("lan", "lang"),
            ("thanh", "than"),
            ("phuc", "phut"),
            ("my", "mi"),
            ("nguyenn", "nguyen"),
            ("khanh", "khan"),
            ("cuong", "kuong"),
            ("phuong", "fuong"),
            ("nghia", "ngia"),
            ("ghi", "gi"),
        ];
        for (a, b) in same {
            assert_eq!(phonetic(a), phonetic(b), "{a} vs {b}");
        }
        let diff = [
            ("huy", "hui"),
            ("tay", "tai"),
            ("lan", "nan"),
            ("an", "anh dao"),
        ];
        for (a, b) in diff {
            assert_ne!(phonetic(a), phonetic(b), "{a} vs {b}");
        }
        assert_eq!(
            phonetic("nguyen van an"),
            "ngun zan an".replace("ngun", &phonetic("nguyen"))
        );
    }
}
