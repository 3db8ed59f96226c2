//! Identity fields of a list row: ID numbers, dates of birth, sex and addresses.

pub mod address;
pub mod context;
pub mod date;
pub mod household;
pub mod id;
pub mod sex;

#[cfg(test)]
mod cases;

use unicode_normalization::UnicodeNormalization;

/// Lowercase, Vietnamese diacritics removed, đ->d; every other character is kept as it is
/// (punctuation matters to the date and ID parsers, so this is not `text::fold`).
pub(crate) fn loose(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            // non-breaking and other odd spaces become plain spaces
            '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{3000}' | '\t' | '\r' | '\n' => out.push(' '),
            // zero-width characters vanish
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => {}
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `loose` plus trimming and single spaces.
pub(crate) fn loose_words(s: &str) -> String {
    loose(s).split_whitespace().collect::<Vec<_>>().join(" ")
}
