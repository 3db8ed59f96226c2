//! Map header labels to fields with the rules' synonyms, compared after folding case,
//! punctuation and spacing (diacritics first kept, then folded: "Nam" ≠ "Năm" when written).

use crate::rules::{Field, Rules};
use crate::text::fold::{canonical_lower, fold};

/// A header label in comparison form: lowercase, canonical tones, punctuation → space.
pub fn label_key(s: &str) -> String {
    let lower = canonical_lower(s);
    let spaced: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_diacritics(s: &str) -> bool {
    !s.is_ascii()
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
    /// 4 = exact with diacritics, 3 = exact folded, 2 = contained, plus synonym length.
    pub quality: (u8, usize),
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
    pub fn match_column(&self, label: &str, parents: &[&str]) -> Option<FieldMatch> {
        let key = label_key(label);
        if key.is_empty() {
            return None;
        }
        let folded = fold(&key);
        let written_with_marks = has_diacritics(&key);
        let parent_keys: Vec<(String, String)> = parents
            .iter()
            .map(|p| {
                let k = label_key(p);
                let f = fold(&k);
                (k, f)
            })
            .filter(|(k, _)| !k.is_empty() && *k != key)
            .collect();
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
                    Some((5, e.words))
                } else {
                    None
                }
            } else if key == e.key {
                Some((4, e.words))
            } else if folded == e.folded {
                // Same letters, other marks or none ("HO TEN" = "Họ tên").
                Some((3, e.words))
            } else if (e.words >= 2 || e.folded.len() >= 4) && contains_words(&folded, &e.folded) {
                Some((2, e.words))
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
        assert_eq!(i.match_column("Số nhân khẩu", &[]).map(|m| m.field), None);
    }
}
