//! Map header labels to fields with the rules' synonyms, compared after folding case,
//! punctuation and spacing (diacritics first kept, then folded: "Nam" ≠ "Năm" when written).

use crate::rules::{Field, Rules};
use crate::text::fold::fold;
pub use crate::text::fold::label_key;

fn has_diacritics(s: &str) -> bool {
    !s.is_ascii()
}

/// One mapped (or unmapped) column.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Column {
    pub index: usize,
    /// Header text, group labels first: "Năm sinh / Nam".
    pub label: String,
    pub field: Option<Field>,
    /// The rules synonym that matched.
    pub synonym: Option<String>,
}

#[derive(Debug, Clone)]
struct Entry {
    field: Field,
    synonym: String,
    key: String,
    folded: String,
    words: usize,
    under: Vec<(String, String)>,
}

/// How a column matched.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldMatch {
    pub field: Field,
    /// The rules synonym that matched (as written in the rules file).
    pub synonym: String,
    /// 5 = sub-label under its group, 4 = exact with diacritics, 3 = exact folded, 2 = the
    /// synonym's words inside the label, 1 = its words in order with others between them; then
    /// whether the field's words come first (1) or after a qualifier (0); then the synonym's
    /// length in words.
    pub quality: (u8, u8, usize),
}

/// All synonyms of a rules file, prepared for matching.
#[derive(Debug, Clone)]
pub struct SynonymIndex {
    entries: Vec<Entry>,
}

impl SynonymIndex {
    pub fn new(rules: &Rules) -> Self {
        let mut entries = Vec::new();
        for (field, rule) in &rules.fields {
            for syn in &rule.synonyms {
                let key = label_key(syn);
                entries.push(Entry {
                    field: *field,
                    synonym: syn.clone(),
                    folded: fold(&key),
                    words: key.split(' ').count(),
                    key,
                    under: rule
                        .under
                        .iter()
                        .map(|u| {
                            let k = label_key(u);
                            let f = fold(&k);
                            (k, f)
                        })
                        .collect(),
                });
            }
        }
        SynonymIndex { entries }
    }

    /// Match a column: `label` is the lowest header cell of the column, `parents` the cells above it.
    ///
    /// A label matches by the field words it contains, so role, unit and format qualifiers around
    /// them do not hide it ("Họ và tên người được trợ cấp", "Tên chủ hộ (cá nhân)", "Ngày, tháng,
    /// năm sinh (dd/mm/yyyy)"); a field key of an import template is split first ("nksHoTen",
    /// "me_ho_ten"). A label naming another person (the mother, the father, the declarant, the
    /// signer, the spouse, a caregiver) only maps to that person's own field, if the rules have
    /// one: never to the listed person's name, ID or date.
    pub fn match_column(&self, label: &str, parents: &[&str]) -> Option<FieldMatch> {
        let (key, role) = match split_field_key(label) {
            Some((role, rest)) => (rest, role),
            None => {
                let key = label_key(label);
                let role = other_person(&key);
                (key, role)
            }
        };
        // A description row under a row of field keys: the key above says whose it is
        // ("nycQuanHe" over "Quan hệ với người được khai sinh").
        let role = match role {
            Role::Own => parents
                .iter()
                .filter_map(|p| split_field_key(p).map(|(r, _)| r))
                .find(|r| *r != Role::Own)
                .unwrap_or(Role::Own),
            r => r,
        };
        if key.is_empty() {
            return None;
        }
        let found = self.match_key(&key, parents);
        let found = match found {
            Some(m) => Some(m),
            // A sub-label under a group cell: "Số giấy tờ" under "Giấy tờ nhân thân".
            None if role == Role::Own => self.match_under_parent(&key, parents),
            None => None,
        };
        let m = found?;
        match role {
            Role::Own if m.field == Field::Id && is_not_the_id_number(&key) => None,
            Role::Own => Some(m),
            Role::Mother if m.field == Field::Mother => Some(m),
            Role::Father if m.field == Field::Father => Some(m),
            // The mother's or father's name written as a plain name key ("meHoTen").
            Role::Mother if m.field == Field::FullName && self.has_field(Field::Mother) => {
                Some(FieldMatch {
                    field: Field::Mother,
                    ..m
                })
            }
            Role::Father if m.field == Field::FullName && self.has_field(Field::Father) => {
                Some(FieldMatch {
                    field: Field::Father,
                    ..m
                })
            }
            _ => None,
        }
    }

    fn has_field(&self, field: Field) -> bool {
        self.entries.iter().any(|e| e.field == field)
    }

    /// The label together with its group cell, the label's words first: it must match from its
    /// first word ("Số giấy tờ" + "Giấy tờ nhân thân" is the ID number; "Nơi sinh" under
    /// "Người được khai sinh" is not the name).
    fn match_under_parent(&self, key: &str, parents: &[&str]) -> Option<FieldMatch> {
        let parent = parents
            .iter()
            .rev()
            .map(|p| label_key(p))
            .find(|p| !p.is_empty() && p != key && other_person(p) == Role::Own)?;
        let joined = format!("{key} {parent}");
        let folded = fold(&joined);
        let hay: Vec<&str> = folded.split(' ').collect();
        let label_words = key.split(' ').count();
        let mut best: Option<FieldMatch> = None;
        for e in self
            .entries
            .iter()
            .filter(|e| e.under.is_empty() && e.words >= 3)
        {
            let needle: Vec<&str> = e.folded.split(' ').collect();
            // From the first word, and using more than the label's own words.
            if needle.len() > label_words
                && subsequence_from_start(&hay, &needle)
                && best.as_ref().is_none_or(|b| (1, 0, e.words) > b.quality)
            {
                best = Some(FieldMatch {
                    field: e.field,
                    synonym: e.synonym.clone(),
                    quality: (1, 0, e.words),
                });
            }
        }
        best
    }

    fn match_key(&self, key: &str, parents: &[&str]) -> Option<FieldMatch> {
        let folded = fold(key);
        let written_with_marks = has_diacritics(key);
        let parent_keys: Vec<(String, String)> = parents
            .iter()
            .map(|p| {
                let k = label_key(p);
                let f = fold(&k);
                (k, f)
            })
            .filter(|(k, _)| !k.is_empty() && *k != key)
            .collect();
        // Words inside a longer label compare with their marks when the label has them
        // ("quản lý" is not "Quận"), folded otherwise.
        let hay: Vec<&str> = if written_with_marks {
            key.split(' ').collect()
        } else {
            folded.split(' ').collect()
        };
        let mut best: Option<FieldMatch> = None;
        for e in &self.entries {
            let quality = if !e.under.is_empty() {
                // Sub-column under a group header: the label must equal the synonym.
                let equal = if written_with_marks {
                    key == e.key
                } else {
                    folded == e.folded
                };
                let under_ok = parent_keys.iter().any(|(pk, pf)| {
                    e.under.iter().any(|(uk, uf)| {
                        pk == uk || pf == uf || contains_words(pf, uf) || contains_words(uf, pf)
                    })
                });
                if equal && under_ok {
                    Some((5, 1, e.words))
                } else {
                    None
                }
            } else if key == e.key {
                Some((4, 1, e.words))
            } else if folded == e.folded && (!written_with_marks || !marks_differ(key, &e.key)) {
                // Same letters, other marks or none ("HO TEN" = "Họ tên").
                Some((3, 1, e.words))
            } else if folded == e.folded {
                Some((3, 0, e.words))
            } else if e.words >= 2 || e.folded.len() >= 4 {
                // The field's words inside a longer label; the field named first is the one
                // qualified ("Năm sinh chủ hộ" is a birth year, not the head's name).
                let needle: Vec<&str> = if written_with_marks {
                    e.key.split(' ').collect()
                } else {
                    e.folded.split(' ').collect()
                };
                match position_of(&hay, &needle) {
                    Some(at) => Some((2, u8::from(at == 0), e.words)),
                    // The words in order with qualifiers between them: "Tên người sử dụng,
                    // quản lý đất".
                    None if e.words >= 3 && subsequence_from_start(&hay, &needle) => {
                        Some((1, 1, e.words))
                    }
                    None => None,
                }
            } else {
                None
            };
            if let Some(q) = quality
                && best.as_ref().is_none_or(|b| q > b.quality)
            {
                best = Some(FieldMatch {
                    field: e.field,
                    synonym: e.synonym.clone(),
                    quality: q,
                });
            }
        }
        best
    }
}

/// Written with marks, do the marks of two labels with the same letters differ? ("Nam" vs
/// "Năm" are other words.) Only a label written with marks can say.
fn marks_differ(key: &str, synonym_key: &str) -> bool {
    key != synonym_key && has_diacritics(synonym_key)
}

/// Whose value a column holds, by the words of its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The listed person (no other person named).
    Own,
    Mother,
    Father,
    /// The declarant, the signer, a spouse, a caregiver…: not the listed person.
    Other,
}

/// Phrases (folded) naming another person than the one listed.
const OTHER_PERSONS: [&str; 27] = [
    "nguoi di khai",
    "nguoi khai",
    "nguoi yeu cau",
    "nguoi ky",
    "nguoi thuc hien",
    "nguoi lap",
    "nguoi cham soc",
    "nguoi nuoi duong",
    "nguoi giam ho",
    "nguoi dai dien",
    "nguoi nhan thay",
    "nguoi duoc uy quyen",
    "nguoi uy quyen",
    "nguoi lam chung",
    "nguoi lien he",
    "nguoi than",
    "can bo",
    "nguoi nhan nuoi",
    "cha me nuoi",
    "nguoi giao",
    "ben giao",
    "ben nhan",
    // The martyr of a "thân nhân liệt sĩ" list: the beneficiary is the relative beside him.
    "liet si",
    // Who collects a certificate or signs for a payment, in a column of signatures.
    "nguoi nhan",
    "ky ghi ro",
    "ky nhan",
    "ky ten",
];

/// The role a header names: "Họ và tên mẹ" → the mother, "Họ tên người đi khai" → another
/// person. One-syllable words are compared with their marks when the header has them ("mẹ",
/// "vợ"), folded otherwise.
fn other_person(key: &str) -> Role {
    let folded = fold(key);
    let words: Vec<&str> = key.split(' ').collect();
    let marked = has_diacritics(key);
    let has_word = |with_marks: &str, without: &str| {
        if marked {
            words.contains(&with_marks)
        } else {
            folded.split(' ').any(|w| w == without)
        }
    };
    if OTHER_PERSONS.iter().any(|p| contains_words(&folded, p))
        || has_word("vợ", "vo")
        || has_word("chồng", "chong")
    {
        return Role::Other;
    }
    if has_word("mẹ", "me") {
        return Role::Mother;
    }
    if has_word("cha", "cha") || has_word("bố", "bo") {
        return Role::Father;
    }
    Role::Own
}

/// A header that names a document's type, issue date or place, not its number.
fn is_not_the_id_number(key: &str) -> bool {
    let folded = fold(key);
    [
        "loai",
        "ngay cap",
        "noi cap",
        "cap ngay",
        "co quan cap",
        "ngay het han",
    ]
    .iter()
    .any(|w| contains_words(&folded, w))
}

/// Prefixes of import-template keys and whose value they hold: nks = người được khai sinh (the
/// registered person), me = mẹ, cha = cha, nyc = người yêu cầu (the declarant).
const KEY_PREFIXES: [(&str, Role); 12] = [
    ("nks", Role::Own),
    ("ndk", Role::Own),
    ("nguoiduockhaisinh", Role::Own),
    ("me", Role::Mother),
    ("cha", Role::Father),
    ("bo", Role::Father),
    ("nyc", Role::Other),
    ("nguoiyeucau", Role::Other),
    ("ndkhai", Role::Other),
    ("nguoikhai", Role::Other),
    ("vo", Role::Other),
    ("chong", Role::Other),
];

/// A field key of an import template or a system export ("nksHoTen", "me_ho_ten",
/// "SO_DINH_DANH"): its role prefix and its words as a label key ("ho ten"). `None` for an
/// ordinary header.
fn split_field_key(label: &str) -> Option<(Role, String)> {
    let t = label.trim();
    if t.is_empty() || !t.is_ascii() || t.contains(char::is_whitespace) {
        return None;
    }
    if !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let has_underscore = t.contains('_');
    let humps = t
        .chars()
        .zip(t.chars().skip(1))
        .any(|(a, b)| a.is_ascii_lowercase() && b.is_ascii_uppercase());
    if !has_underscore && !humps {
        return None;
    }
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = t.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let boundary = c == '_'
            || (c.is_ascii_uppercase() && i > 0 && chars[i - 1].is_ascii_lowercase())
            || (c.is_ascii_digit() && i > 0 && !chars[i - 1].is_ascii_digit());
        if boundary && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        if c != '_' {
            cur.push(c.to_ascii_lowercase());
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    let mut role = Role::Own;
    if words.len() >= 2
        && let Some((_, r)) = KEY_PREFIXES.iter().find(|(p, _)| *p == words[0])
    {
        role = *r;
        words.remove(0);
    }
    Some((role, words.join(" ")))
}

/// Index of the first window of `hay` equal to `needle`.
fn position_of(hay: &[&str], needle: &[&str]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `needle`'s words appear in `hay` in order, the first one first.
fn subsequence_from_start(hay: &[&str], needle: &[&str]) -> bool {
    if needle.is_empty() || hay.first() != needle.first() {
        return false;
    }
    let mut it = hay.iter();
    needle.iter().all(|n| it.any(|h| h == n))
}

/// `hay` contains the words of `needle` contiguously.
fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let h: Vec<&str> = hay.split(' ').collect();
    let n: Vec<&str> = needle.split(' ').collect();
    n.len() <= h.len() && h.windows(n.len()).any(|w| w == n.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idx() -> SynonymIndex {
        SynonymIndex::new(&Rules::builtin("ho-ngheo").unwrap())
    }

    #[test]
    fn usual_name_headers() {
        let i = idx();
        for h in [
            "Họ và tên",
            "HỌ TÊN",
            "Họ, chữ đệm và tên",
            "Ho ten chu ho",
            "Họ và tên chủ hộ",
        ] {
            assert_eq!(
                i.match_column(h, &[]).map(|m| m.field),
                Some(Field::FullName),
                "{h}"
            );
        }
    }

    #[test]
    fn split_birth_year_columns_need_their_group_header() {
        let i = idx();
        assert_eq!(
            i.match_column("Nam", &["Năm sinh"]).map(|m| m.field),
            Some(Field::DobMale)
        );
        assert_eq!(
            i.match_column("Nữ", &["Năm sinh"]).map(|m| m.field),
            Some(Field::DobFemale)
        );
        assert_eq!(
            i.match_column("Nam", &["Giới tính"]).map(|m| m.field),
            Some(Field::SexMale)
        );
        assert_eq!(i.match_column("Nam", &[]).map(|m| m.field), None);
        assert_eq!(
            i.match_column("Năm", &["Ngày tháng năm sinh"])
                .map(|m| m.field),
            Some(Field::DobYear)
        );
    }

    #[test]
    fn ids_and_addresses() {
        let i = idx();
        assert_eq!(
            i.match_column("Số CCCD/CMND", &[]).map(|m| m.field),
            Some(Field::Id)
        );
        assert_eq!(
            i.match_column("Số CMND", &[]).map(|m| m.field),
            Some(Field::Id)
        );
        assert_eq!(
            i.match_column("Địa chỉ (thôn, xã)", &[]).map(|m| m.field),
            Some(Field::Address)
        );
        assert_eq!(
            i.match_column("Thôn/ấp", &[]).map(|m| m.field),
            Some(Field::Hamlet)
        );
        assert_eq!(
            i.match_column("Số nhân khẩu", &[]).map(|m| m.field),
            Some(Field::HouseholdSize)
        );
    }
}
