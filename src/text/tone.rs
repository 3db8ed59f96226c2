//! Tone-mark placement (DOMAIN.md §2.2).
//!
//! Both styles agree except for open syllables whose rime is `oa`, `oe` or `uy`: the old style
//! ("kiểu cũ", the canonical comparison form here) writes hòa / khỏe / thủy, the new style
//! (1989/QĐ-BGDĐT) writes hoà / khoẻ / thuỷ. `qu` and `gi` count as consonants. A tone typed on
//! the wrong vowel (`Hòang`, `qúy`) is moved to the right one; a toned `ie/ye/uye` rime that lost
//! its circumflex (`Nguỹen`) gets it back.

use super::chars::{self, Vowel};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Old,
    New,
}

/// Canonical ("old style") tone placement per syllable. Keeps case. Idempotent.
pub fn canonical_tones(s: &str) -> String {
    place_tones(s, Style::Old)
}

/// The opposite style ("new style", 1989/QĐ-BGDĐT): hòa -> hoà, thủy -> thuỷ, khỏe -> khoẻ. Keeps case.
pub fn new_style_tones(s: &str) -> String {
    place_tones(s, Style::New)
}

/// Lowercase + canonical tones of one word (no spaces), with a single allocation when the word
/// is made of letters only (the common case for name tokens).
pub(crate) fn canonical_lower_token(t: &str) -> String {
    let mut buf = ['\0'; 16];
    let mut n = 0;
    for c in t.chars() {
        let l = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else if let Some(v) = chars::vowel(c) {
            chars::compose(Vowel { upper: false, ..v })
        } else if c == 'Đ' {
            'đ'
        } else {
            let mut lc = c.to_lowercase();
            match (lc.next(), lc.next()) {
                (Some(l), None) => l,
                _ => return canonical_tones(&t.to_lowercase()),
            }
        };
        if n == buf.len() || !chars::is_letter(l) {
            return canonical_tones(&t.to_lowercase());
        }
        buf[n] = l;
        n += 1;
    }
    fix_syllable(&mut buf[..n], Style::Old);
    buf[..n].iter().collect()
}

/// Does `s` contain any tone mark that might need moving? (cheap pre-check)
fn needs_work(s: &str) -> bool {
    !s.is_ascii()
}

fn place_tones(s: &str, style: Style) -> String {
    if !needs_work(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 4);
    let mut word: Vec<char> = Vec::with_capacity(16);
    let mut word_ascii = true;
    for c in s.chars() {
        // combining marks stay with their word (a word carrying one is left alone)
        if chars::is_letter(c) || ('\u{0300}'..='\u{036F}').contains(&c) {
            word_ascii &= c.is_ascii();
            word.push(c);
        } else {
            flush_word(&mut out, &mut word, word_ascii, style);
            word_ascii = true;
            out.push(c);
        }
    }
    flush_word(&mut out, &mut word, word_ascii, style);
    out
}

fn flush_word(out: &mut String, word: &mut Vec<char>, ascii: bool, style: Style) {
    if word.is_empty() {
        return;
    }
    if !ascii {
        fix_syllable(word, style);
    }
    out.extend(word.iter());
    word.clear();
}

/// Re-place the tone of one syllable in place. Leaves anything that is not a single
/// Vietnamese-looking syllable unchanged.
fn fix_syllable(w: &mut [char], style: Style) {
    let n = w.len();
    if n > 12 {
        return;
    }
    if w.iter().any(|c| ('\u{0300}'..='\u{036F}').contains(c)) {
        return;
    }
    let mut vowels: [Option<Vowel>; 12] = [None; 12];
    let mut tone = 0u8;
    let mut tones_found = 0;
    for (i, &c) in w.iter().enumerate() {
        vowels[i] = chars::vowel(c);
        if let Some(v) = vowels[i]
            && v.tone != 0
        {
            if tone != 0 && v.tone != tone {
                return; // two different tones: not something we can fix safely
            }
            tone = v.tone;
            tones_found += 1;
        }
    }
    if tone == 0 {
        return;
    }
    let _ = tones_found;
    let lower = |i: usize| -> char { w[i].to_lowercase().next().unwrap_or(w[i]) };
    // cluster start
    let mut start = match (0..n).find(|&i| vowels[i].is_some()) {
        Some(i) => i,
        None => return,
    };
    if start == 1 && n > 2 {
        let c0 = lower(0);
        let v1 = vowels[1];
        if c0 == 'q' && v1.map(|v| v.base) == Some(9) && vowels[2].is_some() {
            start = 2; // qu + vowel
        } else if c0 == 'g' && v1.map(|v| v.base) == Some(5) && vowels[2].is_some() {
            start = 2; // gi + vowel
        }
    }
    let mut end = start;
    while end < n && vowels[end].is_some() {
        end += 1;
    }
    // the rest must be consonants only (single syllable)
    if (end..n).any(|i| vowels[i].is_some()) {
        return;
    }
    // the initial part must not contain a vowel other than the qu/gi glide
    let len = end - start;
    if len == 0 || len > 3 {
        return;
    }
    let has_final = end < n;
    let mut bases = [0u8; 3];
    for k in 0..len {
        bases[k] = vowels[start + k].map(|v| v.base).unwrap_or(0);
    }
    let shaped = (0..len).any(|k| chars::has_shape(bases[k]));
    // Nguỹen -> Nguyễn: a toned i/y + e rime (with a final, or iêu/yêu) needs the circumflex.
    if !shaped {
        let e_pos = match (len, has_final) {
            (2, true) if matches!(bases[0], 5 | 11) && bases[1] == 3 => Some(1),
            (3, true) if bases[0] == 9 && bases[1] == 11 && bases[2] == 3 => Some(2),
            (3, false) if matches!(bases[0], 5 | 11) && bases[1] == 3 && bases[2] == 9 => Some(1),
            _ => None,
        };
        if let Some(k) = e_pos {
            bases[k] = 4;
            if let Some(v) = vowels[start + k].as_mut() {
                v.base = 4;
            }
        }
    }
    let shaped = (0..len).any(|k| chars::has_shape(bases[k]));
    let target = if len == 1 {
        0
    } else if shaped {
        (0..len)
            .rev()
            .find(|&k| chars::has_shape(bases[k]))
            .unwrap_or(0)
    } else if has_final {
        len - 1
    } else if len == 3 {
        1
    } else {
        // len == 2, open syllable
        let pair = (bases[0], bases[1]);
        let new_style_pair = matches!(pair, (6, 0) | (6, 3) | (9, 11));
        if style == Style::New && new_style_pair {
            1
        } else {
            0
        }
    };
    // clear all tones (also outside the cluster, e.g. the u of qu / i of gi), then place
    for i in 0..n {
        if let Some(mut v) = vowels[i] {
            v.tone = 0;
            if i == start + target {
                v.tone = tone;
            }
            w[i] = chars::compose(v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        let cases = [
            ("hoà", "hòa"),
            ("thuý", "thúy"),
            ("khoẻ", "khỏe"),
            ("uỷ", "ủy"),
            ("Uỷ ban", "Ủy ban"),
            ("quý", "quý"),
            ("qúy", "quý"),
            ("già", "già"),
            ("gìa", "già"),
            ("Hòang", "Hoàng"),
            ("Nguỹen", "Nguyễn"),
            ("huỳnh", "huỳnh"),
            ("HOÀ", "HÒA"),
            ("Thừa Thiên Huế", "Thừa Thiên Huế"),
            ("người", "người"),
            ("khuỷu", "khuỷu"),
            ("ngoài", "ngoài"),
            ("Hòa", "Hòa"),
            ("giữ", "giữ"),
            ("gìn", "gìn"),
            ("Nguyễn", "Nguyễn"),
            ("rượu", "rượu"),
            ("thuở", "thuở"),
        ];
        for (a, b) in cases {
            assert_eq!(canonical_tones(a), b, "{a}");
        }
        let new = [
            ("hòa", "hoà"),
            ("thủy", "thuỷ"),
            ("khỏe", "khoẻ"),
            ("HÒA", "HOÀ"),
            ("quý", "quý"),
            ("bìa", "bìa"),
        ];
        for (a, b) in new {
            assert_eq!(new_style_tones(a), b, "{a}");
        }
    }
}
