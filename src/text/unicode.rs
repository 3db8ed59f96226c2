//! Unicode clean-up applied after legacy decoding (DOMAIN.md §2).

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// NFC; Unikey tổ hợp / NFD composed; confusables (Ð U+00D0 / ð U+00F0 / Ɖ U+0189 -> Đ/đ,
/// Cyrillic and Greek look-alikes -> Latin when the word also has Latin letters); zero-width
/// characters and U+00AD removed; U+00A0 and other spaces/controls -> ' '; whitespace collapsed
/// and trimmed; U+2010–2015, U+2212 -> '-'; U+2018, U+2019, U+02BC, U+00B4, U+2032, '`' -> '\''.
/// Combining marks typed tone-before-shape (`e` U+0303 U+0302) are reordered so they compose.
pub fn clean(s: &str) -> String {
    clean_cow(s).into_owned()
}

/// [`clean`] without allocating when the input is already clean.
pub fn clean_cow(s: &str) -> Cow<'_, str> {
    if is_clean_fast(s) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(clean_slow(s))
}

/// Already clean? (ASCII or NFC, single inner spaces, no special characters)
fn is_clean_fast(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    let mut ascii = true;
    for &b in bytes {
        match b {
            b' ' => {
                if prev_space {
                    return false;
                }
                prev_space = true;
                continue;
            }
            0..=0x1F | 0x7F | b'`' => return false,
            0x80.. => ascii = false,
            _ => {}
        }
        prev_space = false;
    }
    if ascii {
        return true;
    }
    // precomposed Vietnamese letters only (the common case): NFC by construction
    let mut only_vn = true;
    for c in s.chars() {
        if c.is_ascii() {
            continue;
        }
        if super::chars::is_vn_letter(c) {
            continue;
        }
        only_vn = false;
        if map_char(c) != Mapped::Keep || is_lookalike(c) || is_tone_mark(c) || is_shape_mark(c) {
            return false;
        }
    }
    only_vn || matches!(is_nfc_quick(s.chars()), IsNormalized::Yes)
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Mapped {
    Keep,
    Drop,
    Space,
    To(char),
}

fn map_char(c: char) -> Mapped {
    match c {
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}' => Mapped::Drop,
        '\u{00A0}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}'
        | '\u{2028}'
        | '\u{2029}' => Mapped::Space,
        '\u{0000}'..='\u{001F}' | '\u{007F}'..='\u{009F}' => Mapped::Space,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
            Mapped::To('-')
        }
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{00B4}' | '\u{2032}' | '`' | '\u{FF07}' => {
            Mapped::To('\'')
        }
        '\u{00D0}' | '\u{0189}' => Mapped::To('Đ'),
        '\u{00F0}' | '\u{0256}' => Mapped::To('đ'),
        c if c.is_whitespace() => Mapped::Space,
        _ => Mapped::Keep,
    }
}

/// Cyrillic / Greek letter that looks like a Latin one, with its Latin replacement (case kept).
pub(crate) fn lookalike(c: char) -> Option<char> {
    Some(match c {
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'Е' | 'Ε' => 'E',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Н' | 'Η' => 'H',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'С' => 'C',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'У' | 'Υ' => 'Y',
        'І' | 'Ι' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        'Ν' => 'N',
        'Ζ' => 'Z',
        'ο' => 'o',
        _ => return None,
    })
}

fn is_lookalike(c: char) -> bool {
    ('\u{0370}'..='\u{052F}').contains(&c) && lookalike(c).is_some()
}

fn is_tone_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'
    )
}

fn is_shape_mark(c: char) -> bool {
    matches!(c, '\u{0302}' | '\u{0306}' | '\u{031B}')
}

fn clean_slow(s: &str) -> String {
    clean_pass(s, 0)
}

fn clean_pass(s: &str, depth: u8) -> String {
    let mut buf = String::with_capacity(s.len() + 4);
    let mut pending_space = false;
    let mut marks: Vec<char> = Vec::new();
    let mut any_lookalike = false;
    let flush_marks = |buf: &mut String, marks: &mut Vec<char>| {
        if marks.len() > 1 {
            // shape marks before tone marks (stable), so NFC composes ê + ~ etc.
            marks.sort_by_key(|&m| {
                if is_shape_mark(m) {
                    0
                } else if is_tone_mark(m) {
                    1
                } else {
                    2
                }
            });
        }
        buf.extend(marks.drain(..));
    };
    for c in s.chars() {
        let m = map_char(c);
        let c2 = match m {
            Mapped::Drop => continue,
            Mapped::Space => {
                flush_marks(&mut buf, &mut marks);
                pending_space = true;
                continue;
            }
            Mapped::To(x) => x,
            Mapped::Keep => c,
        };
        if is_tone_mark(c2) || is_shape_mark(c2) {
            if pending_space {
                // a stray mark after a space attaches to nothing: drop the space handling as usual
                if !buf.is_empty() {
                    buf.push(' ');
                }
                pending_space = false;
            }
            marks.push(c2);
            continue;
        }
        flush_marks(&mut buf, &mut marks);
        if pending_space && !buf.is_empty() {
            buf.push(' ');
        }
        pending_space = false;
        if is_lookalike(c2) {
            any_lookalike = true;
        }
        buf.push(c2);
    }
    flush_marks(&mut buf, &mut marks);
    if any_lookalike {
        buf = fix_lookalikes(&buf);
    }
    let out: String = if matches!(is_nfc_quick(buf.chars()), IsNormalized::Yes) {
        buf
    } else {
        buf.nfc().collect()
    };
    // a Vietnamese mark still loose after NFC could not attach (a second tone typed on a toned
    // vowel, a mark after a consonant): garbage, dropped
    let out = if !out.is_ascii() && out.chars().any(|c| is_tone_mark(c) || is_shape_mark(c)) {
        drop_loose_marks(&out)
    } else {
        out
    };
    // NFC can produce characters that the mapping changes (U+1FEF -> '`', U+1FFD -> U+00B4):
    // one more pass keeps clean() idempotent.
    if depth < 2 && out.chars().any(|c| map_char(c) != Mapped::Keep) {
        return clean_pass(&out, depth + 1);
    }
    out
}

fn drop_loose_marks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<char> = None;
    for c in s.chars() {
        let loose = is_tone_mark(c) || is_shape_mark(c);
        // keep a mark at the very start or after a space/non-letter (nothing to attach to
        // anyway, and dropping it there would not change folding); drop it after a letter
        if loose && prev.is_some_and(|p| p.is_alphabetic()) {
            continue;
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic() && ((c as u32) < 0x250 || ('\u{1E00}'..='\u{1EFF}').contains(&c))
}

/// Replace look-alike letters in words that also contain Latin letters.
fn fix_lookalikes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, word) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let has_latin = word.chars().any(is_latin_letter);
        if has_latin {
            out.extend(word.chars().map(|c| {
                if is_lookalike(c) {
                    lookalike(c).unwrap_or(c)
                } else {
                    c
                }
            }));
        } else {
            out.push_str(word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOHOP: &str = include_str!("../../data/unicode_tohop_unikey.tsv");

    #[test]
    fn tohop_and_nfd_table_compose() {
        let mut n = 0;
        for line in TOHOP.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 5 {
                continue;
            }
            let nfd: String = cols[4]
                .split(' ')
                .filter_map(|c| c.strip_prefix("U+"))
                .filter_map(|h| u32::from_str_radix(h, 16).ok())
                .filter_map(char::from_u32)
                .collect();
            assert_eq!(clean(cols[0]), cols[2], "tohop {}", cols[1]);
            assert_eq!(clean(&nfd), cols[2], "nfd {}", cols[4]);
            n += 1;
        }
        assert_eq!(n, 134);
    }

    #[test]
    fn examples() {
        assert_eq!(clean("  Nguyễn\u{00A0}\u{00A0}Văn   An "), "Nguyễn Văn An");
        assert_eq!(clean("Nguye\u{0302}\u{0303}n"), "Nguyễn");
        assert_eq!(clean("Nguy\u{00EA}\u{0303}n"), "Nguyễn");
        assert_eq!(clean("Nguye\u{0303}\u{0302}n"), "Nguyễn");
        assert_eq!(clean("\u{00D0}ức"), "Đức");
        assert_eq!(clean("Chân Mây – Lăng Cô"), "Chân Mây - Lăng Cô");
        assert_eq!(clean("Cư M’gar"), "Cư M'gar");
        assert_eq!(clean("Ng\u{200B}uyễn"), "Nguyễn");
        assert_eq!(clean("Nguy\u{0435}n"), "Nguyen");
        assert_eq!(clean("Вова"), "Вова");
        assert_eq!(clean("a\tb\nc"), "a b c");
        assert_eq!(clean(""), "");
        assert_eq!(clean(" \u{0301}a"), "\u{0301}a");
    }
}
