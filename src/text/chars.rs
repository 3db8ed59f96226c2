//! Vietnamese letter tables shared by the text layer: decomposition of a precomposed vowel into
//! (shaped base vowel, tone, case), and the reverse.

use std::sync::LazyLock;

// Shaped base vowels, index order used everywhere in this module: a ă â e ê i o ô ơ u ư y
/// ASCII letter of each base vowel (for folding).
pub(crate) const BASE_ASCII: [u8; 12] = *b"aaaeeiooouuy";

/// Tones: 0 none (ngang), 1 grave (huyền), 2 acute (sắc), 3 hook (hỏi), 4 tilde (ngã), 5 dot (nặng).
const LOWER: [&str; 12] = [
    "aàáảãạ",
    "ăằắẳẵặ",
    "âầấẩẫậ",
    "eèéẻẽẹ",
    "êềếểễệ",
    "iìíỉĩị",
    "oòóỏõọ",
    "ôồốổỗộ",
    "ơờớởỡợ",
    "uùúủũụ",
    "ưừứửữự",
    "yỳýỷỹỵ",
];
const UPPER: [&str; 12] = [
    "AÀÁẢÃẠ",
    "ĂẰẮẲẴẶ",
    "ÂẦẤẨẪẬ",
    "EÈÉẺẼẸ",
    "ÊỀẾỂỄỆ",
    "IÌÍỈĨỊ",
    "OÒÓỎÕỌ",
    "ÔỒỐỔỖỘ",
    "ƠỜỚỞỠỢ",
    "UÙÚỦŨỤ",
    "ƯỪỨỬỮỰ",
    "YỲÝỶỸỴ",
];

const DENSE_START: u32 = 0xC0;
const DENSE_END: u32 = 0x1EF9;

/// A decomposed Vietnamese vowel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Vowel {
    pub base: u8,
    pub tone: u8,
    pub upper: bool,
}

struct Tables {
    /// packed: 0 = not a vowel; else ((base+1) << 4) | (tone << 1) | upper
    dense: Vec<u16>,
    compose: [[[char; 2]; 6]; 12],
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut dense = vec![0u16; (DENSE_END - DENSE_START + 1) as usize];
    let mut compose = [[['\0'; 2]; 6]; 12];
    for b in 0..12 {
        for (t, c) in LOWER[b].chars().enumerate() {
            compose[b][t][0] = c;
            if (c as u32) >= DENSE_START {
                dense[(c as u32 - DENSE_START) as usize] = (((b + 1) << 4) | (t << 1)) as u16;
            }
        }
        for (t, c) in UPPER[b].chars().enumerate() {
            compose[b][t][1] = c;
            if (c as u32) >= DENSE_START {
                dense[(c as u32 - DENSE_START) as usize] = (((b + 1) << 4) | (t << 1) | 1) as u16;
            }
        }
    }
    Tables { dense, compose }
});

/// Decompose a Vietnamese vowel letter (precomposed NFC form or plain ASCII vowel).
#[inline]
pub(crate) fn vowel(c: char) -> Option<Vowel> {
    let u = c as u32;
    if u < 0x80 {
        let (base, upper) = match c {
            'a' => (0, false),
            'e' => (3, false),
            'i' => (5, false),
            'o' => (6, false),
            'u' => (9, false),
            'y' => (11, false),
            'A' => (0, true),
            'E' => (3, true),
            'I' => (5, true),
            'O' => (6, true),
            'U' => (9, true),
            'Y' => (11, true),
            _ => return None,
        };
        return Some(Vowel {
            base,
            tone: 0,
            upper,
        });
    }
    if !(DENSE_START..=DENSE_END).contains(&u) {
        return None;
    }
    let p = TABLES.dense[(u - DENSE_START) as usize];
    if p == 0 {
        return None;
    }
    Some(Vowel {
        base: ((p >> 4) - 1) as u8,
        tone: ((p >> 1) & 7) as u8,
        upper: p & 1 == 1,
    })
}

/// Compose a vowel back into its NFC character.
#[inline]
pub(crate) fn compose(v: Vowel) -> char {
    TABLES.compose[(v.base as usize).min(11)][(v.tone as usize).min(5)][v.upper as usize]
}

/// Does the base vowel carry a shape mark (ă â ê ô ơ ư)?
#[inline]
pub(crate) fn has_shape(base: u8) -> bool {
    matches!(base, 1 | 2 | 4 | 7 | 8 | 10)
}

/// Base vowel without its shape mark (ă/â -> a, ê -> e, ô/ơ -> o, ư -> u).
#[inline]
pub(crate) fn unshaped(base: u8) -> u8 {
    match base {
        1 | 2 => 0,
        4 => 3,
        7 | 8 => 6,
        10 => 9,
        b => b,
    }
}

/// Vietnamese-specific letter (outside ASCII): a precomposed vowel or đ/Đ.
#[inline]
pub(crate) fn is_vn_letter(c: char) -> bool {
    c == 'đ' || c == 'Đ' || (!c.is_ascii() && vowel(c).is_some())
}

/// `c.is_alphabetic()` with fast paths for ASCII and Vietnamese letters.
#[inline]
pub(crate) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        is_vn_letter(c) || c.is_alphabetic()
    }
}

/// Combining diacritics used in Vietnamese (NFD / tổ hợp / Windows-1258).
#[inline]
pub(crate) fn is_vn_combining(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'
            | '\u{0301}'
            | '\u{0303}'
            | '\u{0309}'
            | '\u{0323}'
            | '\u{0302}'
            | '\u{0306}'
            | '\u{031B}'
    )
}

/// ASCII fold of a single letter: Vietnamese vowels -> base ASCII, đ -> d, case kept.
#[inline]
pub(crate) fn strip_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    if let Some(v) = vowel(c) {
        let a = BASE_ASCII[v.base as usize] as char;
        return Some(if v.upper { a.to_ascii_uppercase() } else { a });
    }
    match c {
        'đ' | 'ð' | 'ɖ' => Some('d'),
        'Đ' | 'Ð' | 'Ɖ' => Some('D'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_all_vowels() {
        for b in 0..12u8 {
            for t in 0..6u8 {
                for upper in [false, true] {
                    let v = Vowel {
                        base: b,
                        tone: t,
                        upper,
                    };
                    let c = compose(v);
                    assert_eq!(vowel(c), Some(v), "{c}");
                }
            }
        }
        assert_eq!(vowel('b'), None);
        assert_eq!(vowel('đ'), None);
        assert_eq!(vowel('ñ'), None);
        assert_eq!(strip_char('Ễ'), Some('E'));
        assert_eq!(strip_char('đ'), Some('d'));
    }
}
