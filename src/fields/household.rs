//! Household codes ("Mã hộ", "Số hộ khẩu"): one canonical key for the list and the registry, so
//! that "0700 1234 567", "07001234567" and the number 7001234567 (leading zero lost in Excel)
//! are the same household.

/// Longest key kept (real codes are 10–15 characters).
const MAX_KEY: usize = 40;

/// A canonical household code on the stack: ASCII letters upper-cased, digits, nothing else;
/// an all-digit code without its leading zeros.
#[derive(Debug, Clone, Copy)]
pub struct CodeKey {
    buf: [u8; MAX_KEY],
    len: usize,
}

impl CodeKey {
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl PartialEq for CodeKey {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

/// The canonical key of a household code cell, or `None` when the cell holds no code (empty,
/// "chưa có", fewer than three digits).
pub fn code_key(s: &str) -> Option<CodeKey> {
    let mut k = CodeKey {
        buf: [0; MAX_KEY],
        len: 0,
    };
    let mut digits = 0usize;
    let mut letters = false;
    for c in s.chars() {
        if !c.is_ascii_alphanumeric() {
            continue;
        }
        if c.is_ascii_digit() {
            digits += 1;
        } else {
            letters = true;
        }
        if k.len < MAX_KEY {
            k.buf[k.len] = c.to_ascii_uppercase() as u8;
            k.len += 1;
        }
    }
    if digits < 3 || is_scientific(k.as_str()) {
        return None;
    }
    if !letters {
        let zeros = k.buf[..k.len].iter().take_while(|&&b| b == b'0').count();
        if zeros == k.len {
            return None;
        }
        k.buf.copy_within(zeros..k.len, 0);
        k.len -= zeros;
    }
    Some(k)
}

/// A number Excel showed in scientific notation ("7,00123E+11" → "700123E11"): its digits
/// are lost, it is no code.
fn is_scientific(k: &str) -> bool {
    match k.split_once('E') {
        Some((m, e)) => {
            !m.is_empty()
                && !e.is_empty()
                && m.bytes().all(|b| b.is_ascii_digit())
                && e.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// A listed household size ("5", "5 người", "05"): 1 to 99 people, else `None`.
pub fn size_of(text: &str) -> Option<u32> {
    let t = text.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = t[digits.len()..].trim();
    let rest_ok = rest.is_empty()
        || crate::text::fold::fold(rest)
            .split_whitespace()
            .all(|w| matches!(w, "nguoi" | "khau" | "nhan"));
    match digits.parse::<u32>() {
        Ok(n) if (1..=99).contains(&n) && rest_ok => Some(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_household_size_is_a_small_number() {
        assert_eq!(size_of("5"), Some(5));
        assert_eq!(size_of(" 05 "), Some(5));
        assert_eq!(size_of("4 người"), Some(4));
        assert_eq!(size_of("3 khẩu"), Some(3));
        assert_eq!(size_of("0"), None);
        assert_eq!(size_of("Hộ nghèo"), None);
        assert_eq!(size_of("12345"), None);
        assert_eq!(size_of(""), None);
    }

    fn key(s: &str) -> Option<String> {
        code_key(s).map(|k| k.as_str().to_string())
    }

    #[test]
    fn spacing_punctuation_and_lost_zeros_give_one_key() {
        for s in [
            "07001234567",
            "0700 1234 567",
            "0700.1234.567",
            "7001234567",
            " 07001234567 ",
        ] {
            assert_eq!(key(s).as_deref(), Some("7001234567"), "{s}");
        }
        assert_eq!(key("hk-00123").as_deref(), Some("HK00123"));
        assert_eq!(code_key("HK 00123"), code_key("hk-00123"));
    }

    #[test]
    fn cells_without_a_code_have_no_key() {
        for s in [
            "",
            "  ",
            "chưa có",
            "12",
            "000000",
            "Không",
            "7,00123E+11",
            "7.5E+11",
        ] {
            assert_eq!(key(s), None, "{s}");
        }
    }

    #[test]
    fn very_long_cells_are_cut_not_refused() {
        let long = "1".repeat(100);
        assert_eq!(key(&long).map(|k| k.len()), Some(MAX_KEY));
    }
}
