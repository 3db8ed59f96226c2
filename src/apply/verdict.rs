//! What a verifier wrote: the verdict (picked from the list or typed in any spelling) and the
//! "Giá trị đúng" (correct value) split into the fields it corrects.

use crate::text::fold::fold;

/// The four choices of "Kết quả xác minh".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// "Đúng theo danh sách": the listed values are right.
    Listed,
    /// "Đúng theo CSDLQG": the registry's values are right.
    Registry,
    /// "Cả hai sai": neither; the right value is in "Giá trị đúng".
    BothWrong,
    /// "Không xác minh được".
    Unverifiable,
}

impl Verdict {
    pub fn label_vi(self) -> &'static str {
        match self {
            Verdict::Listed => "Đúng theo danh sách",
            Verdict::Registry => "Đúng theo CSDLQG",
            Verdict::BothWrong => "Cả hai sai",
            Verdict::Unverifiable => "Không xác minh được",
        }
    }
}

/// Parse a verdict as picked or typed: case, diacritics, abbreviations ("ds", "csdl", "ko")
/// do not matter. `None` for text that is none of the four.
pub fn parse_verdict(s: &str) -> Option<Verdict> {
    let f = fold(s);
    let words: Vec<&str> = f.split(' ').collect();
    let has = |w: &str| words.contains(&w);
    if f.is_empty() {
        return None;
    }
    if f.contains("khong") || has("ko") || has("k") || f.contains("chua xac minh") {
        return Some(Verdict::Unverifiable);
    }
    if f.contains("ca hai") || f.contains("hai sai") || f.contains("deu sai") {
        return Some(Verdict::BothWrong);
    }
    if f.contains("csdl") || f.contains("co so du lieu") || f.contains("dan cu") {
        return Some(Verdict::Registry);
    }
    if f.contains("danh sach") || has("ds") || has("dsach") {
        return Some(Verdict::Listed);
    }
    None
}

/// A person's values in the final list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    pub name: String,
    pub dob: String,
    pub sex: String,
    pub id: String,
    pub address: String,
}

/// Which field a labelled part of "Giá trị đúng" sets ("Ngày sinh: 05/06/1950").
fn field_of_label(label: &str) -> Option<usize> {
    let l = fold(label);
    if l.contains("ngay sinh") || l == "ns" || l.contains("nam sinh") {
        Some(1)
    } else if l.contains("gioi tinh") {
        Some(2)
    } else if l.contains("dinh danh") || l.contains("cccd") || l.contains("cmnd") || l == "so" {
        Some(3)
    } else if l.contains("dia chi") || l.contains("thuong tru") || l.contains("noi o") {
        Some(4)
    } else if l.contains("ten") {
        Some(0)
    } else {
        None
    }
}

/// A typed ID: digits only; a number that lost its leading zero (10–11 digits) is padded to 12.
pub fn normalise_id(s: &str) -> Option<String> {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        12 | 9 => Some(digits),
        10 | 11 => Some(format!("{digits:0>12}")),
        _ => None,
    }
}

/// A typed date as dd/mm/yyyy (or yyyy alone).
pub fn normalise_date(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.trim().split(['/', '-', '.']).map(str::trim).collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    let nums = nums?;
    match nums.as_slice() {
        [y] if (1880..=2100).contains(y) => Some(y.to_string()),
        [m, y] if (1..=12).contains(m) && (1880..=2100).contains(y) => Some(format!("{m:02}/{y}")),
        [d, m, y] if (1..=31).contains(d) && (1..=12).contains(m) && (1880..=2100).contains(y) => {
            Some(format!("{d:02}/{m:02}/{y}"))
        }
        _ => None,
    }
}

fn normalise_sex(s: &str) -> Option<&'static str> {
    match fold(s).as_str() {
        "nam" => Some("Nam"),
        "nu" => Some("Nữ"),
        _ => None,
    }
}

/// Apply "Giá trị đúng" to `base`. Parts are separated by ";" or new lines; a part is either
/// labelled ("Ngày sinh: 05/06/1950") or recognised by its form (an ID, a date, Nam/Nữ), and
/// anything else is a name. Returns the fields changed (Vietnamese labels).
pub fn apply_correction(base: &mut Values, text: &str) -> Vec<&'static str> {
    const LABELS: [&str; 5] = [
        "họ tên",
        "ngày sinh",
        "giới tính",
        "số định danh",
        "địa chỉ",
    ];
    let mut changed = Vec::new();
    for part in text
        .split([';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (field, value) = match part.split_once(':') {
            Some((label, value)) if field_of_label(label).is_some() => {
                (field_of_label(label), value.trim())
            }
            _ => (None, part),
        };
        let field = field.unwrap_or_else(|| {
            if normalise_id(value).is_some() {
                3
            } else if normalise_date(value).is_some() {
                1
            } else if normalise_sex(value).is_some() {
                2
            } else {
                0
            }
        });
        let slot = match field {
            0 => &mut base.name,
            1 => &mut base.dob,
            2 => &mut base.sex,
            3 => &mut base.id,
            _ => &mut base.address,
        };
        *slot = match field {
            1 => normalise_date(value).unwrap_or_else(|| value.to_string()),
            2 => normalise_sex(value)
                .map(str::to_string)
                .unwrap_or_else(|| value.to_string()),
            3 => normalise_id(value).unwrap_or_else(|| value.to_string()),
            _ => value.split_whitespace().collect::<Vec<_>>().join(" "),
        };
        if !changed.contains(&LABELS[field]) {
            changed.push(LABELS[field]);
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_picked_or_typed() {
        assert_eq!(parse_verdict("Đúng theo danh sách"), Some(Verdict::Listed));
        assert_eq!(parse_verdict("dung theo DANH SACH"), Some(Verdict::Listed));
        assert_eq!(parse_verdict("đúng ds"), Some(Verdict::Listed));
        assert_eq!(parse_verdict("Đúng theo CSDLQG"), Some(Verdict::Registry));
        assert_eq!(parse_verdict("csdlqg"), Some(Verdict::Registry));
        assert_eq!(parse_verdict("cả hai sai"), Some(Verdict::BothWrong));
        assert_eq!(parse_verdict("CA HAI SAI"), Some(Verdict::BothWrong));
        assert_eq!(
            parse_verdict("Không xác minh được"),
            Some(Verdict::Unverifiable)
        );
        assert_eq!(parse_verdict("ko xác minh dc"), Some(Verdict::Unverifiable));
        assert_eq!(parse_verdict(""), None);
        assert_eq!(parse_verdict("đã đến nhà"), None);
    }

    #[test]
    fn corrections_by_label_or_form() {
        let mut v = Values {
            name: "Nguyễn Văn A".into(),
            dob: "03/12/1955".into(),
            ..Values::default()
        };
        let changed = apply_correction(&mut v, "Ngày sinh: 5/6/1950; 1085012345");
        assert_eq!(v.dob, "05/06/1950");
        assert_eq!(v.id, "001085012345");
        assert_eq!(changed, vec!["ngày sinh", "số định danh"]);
        apply_correction(&mut v, "  Nguyễn   Văn An ");
        assert_eq!(v.name, "Nguyễn Văn An");
        apply_correction(&mut v, "nữ");
        assert_eq!(v.sex, "Nữ");
        apply_correction(&mut v, "Địa chỉ: Thôn 3, xã Yên Bình");
        assert_eq!(v.address, "Thôn 3, xã Yên Bình");
    }
}
