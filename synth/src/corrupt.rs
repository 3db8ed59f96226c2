//! Text-level corruptions: format-only ones (spacing, capitals, tone style, missing
//! diacritics, ID damage) and substantive ones (a one-letter typo, another tone mark).

use unicode_normalization::UnicodeNormalization;

use super::rng::Rng;

const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
const SHAPE_MARKS: [char; 3] = ['\u{302}', '\u{306}', '\u{31b}'];
const CONSONANTS: &[u8] = b"bcdghklmnpstvx";

fn is_vowel_base(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Replace one ASCII consonant of `token` with another consonant, keeping its case.
/// Returns None when the token has no ASCII consonant.
pub fn consonant_typo(rng: &mut Rng, token: &str) -> Option<String> {
    let chars: Vec<char> = token.chars().collect();
    let positions: Vec<usize> = chars
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_ascii_alphabetic() && !is_vowel_base(**c))
        .map(|(i, _)| i)
        .collect();
    let &pos = rng.pick(&positions)?;
    let old = chars[pos].to_ascii_lowercase();
    let choices: Vec<u8> = CONSONANTS
        .iter()
        .copied()
        .filter(|&b| b as char != old)
        .collect();
    let &new = rng.pick(&choices)?;
    let mut new = new as char;
    if chars[pos].is_uppercase() {
        new = new.to_ascii_uppercase();
    }
    let mut out = chars;
    out[pos] = new;
    Some(out.into_iter().collect())
}

/// Give a syllable that carries a tone mark another tone mark: "Hùng" -> "Húng", "Thảo" ->
/// "Thạo". Syllables without a tone (Lan, Minh) are left alone (None): adding or removing a
/// mark cannot be told apart from diacritics missing on one side, which is format, not
/// substance. Vowel marks (Hùng/Hưng) are not changed.
pub fn change_tone(rng: &mut Rng, token: &str) -> Option<String> {
    let d: Vec<char> = token.nfd().collect();
    let current = d.iter().position(|c| TONE_MARKS.contains(c));
    current?;
    let letters: Vec<char> = d
        .iter()
        .copied()
        .filter(|c| !TONE_MARKS.contains(c))
        .collect();
    // vowel positions in `letters` (base letters only)
    let lower: Vec<char> = letters.iter().map(|c| c.to_ascii_lowercase()).collect();
    let mut vowels: Vec<usize> = Vec::new();
    for (i, c) in lower.iter().enumerate() {
        if !is_vowel_base(*c) {
            continue;
        }
        // qu / gi: the u / i belongs to the consonant when another vowel follows
        let next_vowel = lower[i + 1..]
            .iter()
            .find(|x| !('\u{300}'..='\u{36f}').contains(*x))
            .is_some_and(|x| is_vowel_base(*x));
        if i > 0
            && next_vowel
            && ((*c == 'u' && lower[i - 1] == 'q') || (*c == 'i' && lower[i - 1] == 'g'))
        {
            continue;
        }
        vowels.push(i);
    }
    if vowels.is_empty() {
        return None;
    }
    // the vowel that carries the tone
    let carrier = match current {
        Some(p) => {
            // base letter right before the tone (skipping shape marks)
            let before = d[..p].iter().filter(|c| !TONE_MARKS.contains(c)).count();
            let mut k = before.saturating_sub(1);
            while k > 0 && ('\u{300}'..='\u{36f}').contains(&letters[k]) {
                k -= 1;
            }
            k
        }
        None => {
            let shaped: Vec<usize> = vowels
                .iter()
                .copied()
                .filter(|&v| letters.get(v + 1).is_some_and(|m| SHAPE_MARKS.contains(m)))
                .collect();
            if let Some(&s) = shaped.last() {
                s
            } else {
                let last_letter = lower
                    .iter()
                    .rposition(|c| !('\u{300}'..='\u{36f}').contains(c))
                    .unwrap_or(0);
                let ends_with_vowel = vowels.last() == Some(&last_letter);
                if ends_with_vowel && vowels.len() >= 2 {
                    vowels[vowels.len() - 2]
                } else {
                    vowels[vowels.len() - 1]
                }
            }
        }
    };
    let cur_mark = current.map(|p| d[p]);
    let options: Vec<Option<char>> = TONE_MARKS
        .iter()
        .copied()
        .map(Some)
        .filter(|m| *m != cur_mark)
        .collect();
    let &mark = rng.pick(&options)?;
    let mut out: Vec<char> = Vec::with_capacity(letters.len() + 1);
    for (i, c) in letters.iter().enumerate() {
        out.push(*c);
        if i == carrier {
            // shape marks right after the vowel stay attached before the tone
            continue;
        }
    }
    // insert the tone after the carrier and its shape marks
    if let Some(m) = mark {
        let mut at = carrier + 1;
        while at < out.len() && SHAPE_MARKS.contains(&out[at]) {
            at += 1;
        }
        out.insert(at, m);
    }
    let s: String = out.into_iter().nfc().collect();
    (s != token).then_some(s)
}

/// Odd spacing: a doubled space, a non-breaking space, or leading/trailing blanks.
pub fn odd_spaces(rng: &mut Rng, s: &str) -> String {
    let spaces: Vec<usize> = s
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| i)
        .collect();
    match rng.below(4) {
        0 if !spaces.is_empty() => {
            let &i = rng.pick(&spaces).unwrap_or(&0);
            format!("{}  {}", &s[..i], &s[i + 1..])
        }
        1 if !spaces.is_empty() => {
            let &i = rng.pick(&spaces).unwrap_or(&0);
            format!("{}\u{a0}{}", &s[..i], &s[i + 1..])
        }
        2 => format!("{s} "),
        _ => format!(" {s}"),
    }
}

/// "001087123456" -> "001 087 123 456" or "001.087.123.456".
pub fn spaced_id(rng: &mut Rng, id: &str) -> String {
    let sep = if rng.chance(0.6) { ' ' } else { '.' };
    let chars: Vec<char> = id.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if i > 0 && (chars.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(*c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::fold_word;

    #[test]
    fn typo_changes_one_consonant() {
        let mut r = Rng::new(1);
        for w in ["Hùng", "Thị", "Nguyễn", "Lan", "Phương"] {
            for _ in 0..20 {
                let t = consonant_typo(&mut r, w).unwrap();
                assert_ne!(fold_word(&t), fold_word(w));
                assert_eq!(t.chars().count(), w.chars().count());
                assert!(t.chars().next().unwrap().is_uppercase());
            }
        }
        assert_eq!(consonant_typo(&mut r, "Ý"), None);
    }

    #[test]
    fn tone_changes_only_tone() {
        let mut r = Rng::new(2);
        for w in [
            "Lán", "Hùng", "Thị", "Hòa", "Quý", "Giạng", "Nguyễn", "Hường", "Tuấn", "Khỏa",
        ] {
            for _ in 0..20 {
                let t = change_tone(&mut r, w).unwrap();
                assert_ne!(t, w);
                assert_eq!(fold_word(&t), fold_word(w), "{w} -> {t}");
                assert_eq!(t.nfc().collect::<String>(), t);
                // still carries a tone mark
                assert!(t.nfd().any(|c| TONE_MARKS.contains(&c)), "{t}");
            }
        }
        for w in ["Lan", "Minh", "Văn", "Anh"] {
            assert_eq!(change_tone(&mut r, w), None);
        }
    }

    #[test]
    fn spacing_and_ids() {
        let mut r = Rng::new(3);
        for _ in 0..20 {
            let s = odd_spaces(&mut r, "Nguyễn Văn An");
            assert_ne!(s, "Nguyễn Văn An");
        }
        let s = spaced_id(&mut r, "001087123456");
        assert!(s == "001 087 123 456" || s == "001.087.123.456");
        assert_eq!(spaced_id(&mut Rng::new(9), "285123456").len(), 11);
    }
}
