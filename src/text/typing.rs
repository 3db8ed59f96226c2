//! Telex / VNI typing leftovers: words typed with the input method switched off
//! (`Nguyeenx`, `Hoangf`, `Vawn`, `Nguye6n`, `Va8n`). DOMAIN.md §2.4.

use super::chars::{self, Vowel};
use super::legacy::in_lexicon;
use super::tone::canonical_tones;

/// Reinterpret one ASCII word as Telex or VNI keystrokes. Returns the Vietnamese word (case
/// kept: Title or ALL CAPS) only when the word carries typing keys and the result is a syllable
/// of the shared lexicon; `None` otherwise (plain ASCII names are left alone).
pub fn fix_typing(word: &str) -> Option<String> {
    let n = word.len();
    if !(2..=12).contains(&n) || !word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    if !word.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let decoded = if lower.bytes().any(|b| b.is_ascii_digit()) {
        vni(&lower)?
    } else {
        telex(&lower)?
    };
    let decoded = canonical_tones(&decoded);
    if decoded == lower || !in_lexicon(&decoded) {
        return None;
    }
    let all_upper = word
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .all(|b| b.is_ascii_uppercase());
    let first_upper = word.as_bytes()[0].is_ascii_uppercase();
    Some(if all_upper && n > 1 {
        decoded.to_uppercase()
    } else if first_upper {
        let mut c = decoded.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        decoded
    })
}

fn base_of(c: char) -> Option<u8> {
    chars::vowel(c).map(|v| v.base)
}

/// Put `tone` on the first vowel of `letters` (canonical placement is applied afterwards).
fn with_tone(letters: &[char], tone: u8) -> Option<String> {
    let mut out = String::with_capacity(letters.len() + 4);
    let mut placed = tone == 0;
    for &c in letters {
        match (placed, chars::vowel(c)) {
            (false, Some(v)) => {
                out.push(chars::compose(Vowel { tone, ..v }));
                placed = true;
            }
            _ => out.push(c),
        }
    }
    if placed { Some(out) } else { None }
}

fn telex(w: &str) -> Option<String> {
    let mut letters: Vec<char> = Vec::with_capacity(w.len());
    let mut tone = 0u8;
    let mut keys = 0;
    let mut seen_vowel = false;
    for c in w.chars() {
        let prev = letters.last().copied();
        match c {
            // tone keys: never a Vietnamese final (f, j are no Vietnamese letters at all)
            's' | 'f' | 'r' | 'x' | 'j' if seen_vowel => {
                if tone != 0 {
                    return None;
                }
                tone = match c {
                    's' => 2,
                    'f' => 1,
                    'r' => 3,
                    'x' => 4,
                    _ => 5,
                };
                keys += 1;
            }
            'w' => {
                // ư / ơ / ă; "uow" -> ươ
                let p = prev?;
                let i = letters.len() - 1;
                match p {
                    'u' => letters[i] = 'ư',
                    'o' => {
                        letters[i] = 'ơ';
                        if i > 0 && letters[i - 1] == 'u' {
                            letters[i - 1] = 'ư';
                        }
                    }
                    'a' => letters[i] = 'ă',
                    _ => {
                        // delayed w after a final consonant: "Vanw" -> "Văn"
                        let j = letters
                            .iter()
                            .rposition(|&x| matches!(x, 'a' | 'o' | 'u'))?;
                        letters[j] = match letters[j] {
                            'a' => 'ă',
                            'o' => 'ơ',
                            _ => 'ư',
                        };
                        if letters[j] == 'ơ' && j > 0 && letters[j - 1] == 'u' {
                            letters[j - 1] = 'ư';
                        }
                    }
                }
                keys += 1;
            }
            'a' | 'e' | 'o' if prev == Some(c) => {
                let i = letters.len() - 1;
                letters[i] = match c {
                    'a' => 'â',
                    'e' => 'ê',
                    _ => 'ô',
                };
                keys += 1;
            }
            'd' if prev == Some('d') && letters.len() == 1 => {
                letters[0] = 'đ';
                keys += 1;
            }
            _ => {
                if base_of(c).is_some() {
                    seen_vowel = true;
                }
                letters.push(c);
            }
        }
    }
    if keys == 0 {
        return None;
    }
    with_tone(&letters, tone).or_else(|| (tone == 0).then(|| letters.iter().collect()))
}

fn vni(w: &str) -> Option<String> {
    let mut letters: Vec<char> = Vec::with_capacity(w.len());
    let mut tone = 0u8;
    for c in w.chars() {
        if let Some(d) = c.to_digit(10) {
            match d {
                1..=5 => {
                    if tone != 0 {
                        return None;
                    }
                    tone = [0, 2, 1, 3, 4, 5][d as usize];
                }
                6 => {
                    let j = letters
                        .iter()
                        .rposition(|&x| matches!(x, 'a' | 'e' | 'o'))?;
                    letters[j] = match letters[j] {
                        'a' => 'â',
                        'e' => 'ê',
                        _ => 'ô',
                    };
                }
                7 => {
                    let j = letters.iter().rposition(|&x| matches!(x, 'u' | 'o'))?;
                    letters[j] = if letters[j] == 'u' { 'ư' } else { 'ơ' };
                    if letters[j] == 'ơ' && j > 0 && letters[j - 1] == 'u' {
                        letters[j - 1] = 'ư';
                    } else if letters[j] == 'ư' && letters.get(j + 1) == Some(&'o') {
                        letters[j + 1] = 'ơ';
                    }
                }
                8 => {
                    let j = letters.iter().rposition(|&x| x == 'a')?;
                    letters[j] = 'ă';
                }
                9 => {
                    if letters.first() != Some(&'d') {
                        return None;
                    }
                    letters[0] = 'đ';
                }
                _ => return None,
            }
        } else {
            letters.push(c);
        }
    }
    with_tone(&letters, tone).or_else(|| (tone == 0).then(|| letters.iter().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        let cases = [
            ("Nguyeenx", Some("Nguyễn")),
            ("Hoangf", Some("Hoàng")),
            ("Vawn", Some("Văn")),
            ("Traafn", Some("Trần")),
            ("Nguye6n", Some("Nguyên")),
            ("Nguye64n", Some("Nguyễn")),
            ("Va8n", Some("Văn")),
            ("Ddinhf", Some("Đình")),
            ("Truwowngf", Some("Trường")),
            ("Thij", Some("Thị")),
            ("NGUYEENX", Some("NGUYỄN")),
            ("Nguyen", None),
            ("Thanh", None),
            ("Ksor", None),
            ("James", None),
            ("An", None),
            ("Chris", None),
        ];
        for (a, want) in cases {
            assert_eq!(fix_typing(a).as_deref(), want, "{a}");
        }
    }
}
