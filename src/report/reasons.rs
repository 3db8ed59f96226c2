//! Plain-Vietnamese reasons and explanations for the people who verify a row.

use crate::fields::date::DateLevel;
use crate::fields::id::IdLevel;
use crate::registry::{Registry, Resident};
use crate::results::{Discrepancy, RowResult, SexSource, Status};
use crate::text::name::NameLevel;

pub fn listed_name(r: &RowResult) -> String {
    r.person.name_text.clone()
}

pub fn listed_dob(r: &RowResult) -> String {
    match r.person.dob.dob {
        Some(d) => d.format_vi(),
        None => r.person.dob_text.clone(),
    }
}

pub fn listed_sex(r: &RowResult) -> String {
    match r.person.sex {
        Some((s, SexSource::Listed)) => s.label_vi().to_string(),
        _ => String::new(),
    }
}

/// The listed personal ID(s); masked to the last 4 digits when `mask`.
pub fn listed_id(r: &RowResult, mask: bool) -> String {
    if r.person.ids.ids.is_empty() {
        if mask {
            mask_id(&r.person.id_text)
        } else {
            r.person.id_text.clone()
        }
    } else {
        r.person
            .ids
            .ids
            .iter()
            .map(|i| id_shown(&i.digits, mask))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// An ID as shown: whole, or masked when `mask`.
pub fn id_shown(id: &str, mask: bool) -> String {
    if mask { mask_id(id) } else { id.to_string() }
}

/// Only the last 4 digits of every run of 5 or more digits stay readable:
/// `"001085012345"` → `"********2345"`. Other text is kept.
pub fn mask_id(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let run = i - start;
            if run >= 5 {
                out.extend(std::iter::repeat_n('*', run - 4));
                out.extend(&chars[i - 4..i]);
            } else {
                out.extend(&chars[start..i]);
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

pub fn resident_dob(res: &Resident) -> String {
    res.dob.map(|d| d.format_vi()).unwrap_or_default()
}

pub fn resident_sex(res: &Resident) -> String {
    res.sex
        .map(|s| s.label_vi().to_string())
        .unwrap_or_default()
}

fn name_level_vi(l: NameLevel) -> &'static str {
    match l {
        NameLevel::Identical => "trùng khớp",
        NameLevel::Format => "khác cách viết hoa/khoảng trắng",
        NameLevel::TonePlacement => "khác vị trí dấu thanh",
        NameLevel::MissingDiacritics => "thiếu dấu",
        NameLevel::Variant => "khác cách viết i/y",
        NameLevel::OneTone => "khác dấu",
        NameLevel::OneLetter => "sai một chữ cái",
        NameLevel::MiddleMissing => "khác/thiếu tên đệm",
        NameLevel::Different => "khác tên",
    }
}

fn date_level_vi(l: DateLevel) -> &'static str {
    match l {
        DateLevel::Equal => "trùng khớp",
        DateLevel::PrecisionCompatible => "phù hợp (danh sách chỉ ghi năm/tháng)",
        DateLevel::ImpossibleNormalised => "ngày không có thật, đã chuẩn hóa",
        DateLevel::DayMonthSwap => "nhầm ngày và tháng",
        DateLevel::OneDigit => "sai một chữ số",
        DateLevel::YearOff1 => "lệch một năm",
        DateLevel::Different => "khác",
    }
}

fn id_level_vi(l: IdLevel) -> &'static str {
    match l {
        IdLevel::Equal => "trùng khớp",
        IdLevel::OtherKindSamePerson => "ghi số CMND cũ của cùng người",
        IdLevel::OneEdit => "sai một chữ số",
        IdLevel::Different => "khác",
    }
}

/// Short kinds of reasons a row needs a look, for the summary's top reasons.
pub fn reason_kinds(r: &RowResult) -> Vec<&'static str> {
    let d = &r.decision;
    match d.status {
        Status::Matched => Vec::new(),
        Status::NotFound => vec!["Không tìm thấy trong CSDLQG"],
        Status::Ambiguous => vec!["Nhiều người trùng khớp"],
        Status::Duplicate => vec!["Trùng lặp trong danh sách"],
        Status::Deceased => vec!["Đã chết (theo CSDLQG)"],
        Status::Mismatch => d
            .discrepancies
            .iter()
            .map(|x| match x {
                Discrepancy::Name => "Sai họ tên",
                Discrepancy::Dob => "Sai ngày sinh",
                Discrepancy::Gender => "Sai giới tính",
                Discrepancy::Id => "Sai số định danh",
            })
            .collect(),
    }
}

/// The reason a row needs a person to look at it. With `mask`, personal IDs show only their
/// last 4 digits and registry persons that were not matched (near misses) are not named.
pub fn reason(r: &RowResult, reg: &Registry, mask: bool) -> String {
    let mut s = status_reason(r, reg, mask);
    let family = family_notes(r, reg);
    if !family.is_empty() {
        s.push_str("; ");
        s.push_str(&family);
    }
    s
}

fn status_reason(r: &RowResult, reg: &Registry, mask: bool) -> String {
    let d = &r.decision;
    match d.status {
        Status::Matched => "Khớp đúng với CSDLQG".to_string(),
        Status::NotFound => {
            let mut s = if r.person.name.is_none() && r.person.ids.ids.is_empty() {
                "Không tìm thấy trong CSDLQG: dòng thiếu họ tên và số định danh".to_string()
            } else {
                "Không tìm thấy trong CSDLQG".to_string()
            };
            if !d.candidates.is_empty() && !mask {
                s.push_str("; gần giống: ");
                s.push_str(&candidate_list(&d.candidates, reg, mask));
            }
            s
        }
        Status::Ambiguous => format!(
            "Nhiều người trùng khớp: {}",
            candidate_list(&d.candidates, reg, mask)
        ),
        Status::Duplicate => match &d.duplicate_of {
            Some(at) if at.file == r.at.file && at.sheet == r.at.sheet => {
                format!("Trùng với dòng {}", at.row)
            }
            Some(at) => format!("Trùng với {at}"),
            None => "Trùng lặp".to_string(),
        },
        Status::Deceased => {
            let res = d.resident.map(|i| reg.get(i));
            let mut s = match res {
                Some(res) if !res.death_text.is_empty() => {
                    format!("Đã chết ngày {}", res.death_text)
                }
                _ => "Đã chết (theo CSDLQG)".to_string(),
            };
            let diffs = discrepancy_text(r, reg, mask);
            if !diffs.is_empty() {
                s.push_str("; ");
                s.push_str(&diffs);
            }
            s
        }
        Status::Mismatch => discrepancy_text(r, reg, mask),
    }
}

/// What a row needs checked, in a few words, for the printed verification list ("Sai ngày sinh
/// (lệch một năm)", "Không tìm thấy trong CSDLQG", "Trùng với dòng 57"); the registry's values
/// are in [`registry_differs`], the whole reason in [`reason`].
pub fn short_reason(r: &RowResult, reg: &Registry) -> String {
    let d = &r.decision;
    let diffs = || {
        let cmp = d.comparison.as_ref();
        d.discrepancies
            .iter()
            .map(|x| match x {
                Discrepancy::Name => format!(
                    "Sai họ tên ({})",
                    cmp.and_then(|c| c.name)
                        .map(name_level_vi)
                        .unwrap_or("khác")
                ),
                Discrepancy::Dob => format!(
                    "Sai ngày sinh ({})",
                    cmp.and_then(|c| c.dob).map(date_level_vi).unwrap_or("khác")
                ),
                Discrepancy::Gender => "Sai giới tính".to_string(),
                Discrepancy::Id => format!(
                    "Sai số định danh ({})",
                    cmp.and_then(|c| c.id).map(id_level_vi).unwrap_or("khác")
                ),
            })
            .collect::<Vec<_>>()
    };
    match d.status {
        Status::Matched => String::new(),
        Status::Mismatch => diffs().join("\n"),
        Status::Deceased => {
            let mut parts = vec![match d.resident.map(|i| reg.get(i)) {
                Some(res) if !res.death_text.is_empty() => {
                    format!("Đã chết ngày {}", res.death_text)
                }
                _ => "Đã chết (theo CSDLQG)".to_string(),
            }];
            parts.extend(diffs());
            parts.join("\n")
        }
        Status::NotFound if r.person.name.is_none() && r.person.ids.ids.is_empty() => {
            "Không tìm thấy trong CSDLQG (dòng thiếu họ tên và số định danh)".to_string()
        }
        Status::NotFound => "Không tìm thấy trong CSDLQG".to_string(),
        Status::Ambiguous => format!(
            "Nhiều người trùng khớp ({} người)",
            d.candidates.len().max(2)
        ),
        Status::Duplicate => status_reason(r, reg, true),
    }
}

/// The registry's values where the row differs, one a line ("Ngày sinh: 08/06/1957"); for an
/// ambiguous row its candidates ("Phạm Văn Quỳnh, 070053172960, 05/11/1953"). IDs masked when
/// `mask`; a row not found names nobody.
pub fn registry_differs(r: &RowResult, reg: &Registry, mask: bool) -> String {
    let d = &r.decision;
    if d.status == Status::Ambiguous {
        return d
            .candidates
            .iter()
            .map(|(i, _)| {
                let res = reg.get(*i);
                format!(
                    "{}, {}, {}",
                    res.name_text,
                    id_shown(&res.id, mask),
                    resident_dob(&res)
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
    }
    let Some(res) = d.resident.map(|i| reg.get(i)) else {
        return String::new();
    };
    if !matches!(d.status, Status::Mismatch | Status::Deceased) {
        return String::new();
    }
    d.discrepancies
        .iter()
        .map(|x| match x {
            Discrepancy::Name => format!("Họ tên: {}", res.name_text),
            Discrepancy::Dob => format!("Ngày sinh: {}", resident_dob(&res)),
            Discrepancy::Gender => format!("Giới tính: {}", resident_sex(&res)),
            Discrepancy::Id => format!("Số định danh: {}", id_shown(&res.id, mask)),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn candidate_list(cands: &[(u32, f64)], reg: &Registry, mask: bool) -> String {
    cands
        .iter()
        .map(|(i, _)| {
            let res = reg.get(*i);
            format!(
                "{} (số định danh {}, sinh {})",
                res.name_text,
                id_shown(&res.id, mask),
                resident_dob(&res)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// "Sai ngày sinh: danh sách 03/12/1955, CSDLQG 12/03/1955 (nhầm ngày và tháng)"
pub fn discrepancy_text(r: &RowResult, reg: &Registry, mask: bool) -> String {
    let d = &r.decision;
    let Some(res) = d.resident.map(|i| reg.get(i)) else {
        return String::new();
    };
    let cmp = d.comparison.as_ref();
    let mut parts = Vec::new();
    for disc in &d.discrepancies {
        parts.push(match disc {
            Discrepancy::Name => format!(
                "Sai họ tên: danh sách {}, CSDLQG {} ({})",
                listed_name(r),
                res.name_text,
                cmp.and_then(|c| c.name)
                    .map(name_level_vi)
                    .unwrap_or("khác")
            ),
            Discrepancy::Dob => format!(
                "Sai ngày sinh: danh sách {}, CSDLQG {} ({})",
                listed_dob(r),
                resident_dob(&res),
                cmp.and_then(|c| c.dob).map(date_level_vi).unwrap_or("khác")
            ),
            Discrepancy::Gender => format!(
                "Sai giới tính: danh sách {}, CSDLQG {}",
                listed_sex(r),
                resident_sex(&res)
            ),
            Discrepancy::Id => format!(
                "Sai số định danh: danh sách {}, CSDLQG {} ({})",
                listed_id(r, mask),
                id_shown(&res.id, mask),
                cmp.and_then(|c| c.id).map(id_level_vi).unwrap_or("khác")
            ),
        });
    }
    parts.join("; ")
}

/// What the household, parents and co-holders say about a row given a resident, in words:
/// the evidence that decided the match (without it the resident would not be more likely than
/// not), and parents or a household that differ (information, never a discrepancy: DESIGN.md).
/// Only the matched resident's own values are shown.
pub fn family_notes(r: &RowResult, reg: &Registry) -> String {
    let d = &r.decision;
    let (Some(c), Some(i)) = (d.comparison.as_ref(), d.resident) else {
        return String::new();
    };
    if !d.status.is_match() {
        return String::new();
    }
    let mut notes = Vec::new();
    // Decided: without the household, parents and co-holder weights the resident would be no
    // likelier than the runner-up and nobody together (worked out by the matcher).
    let decided = r.decided_by_family;
    if decided {
        let mut by = Vec::new();
        if c.father_weight > 0.0 || c.mother_weight > 0.0 {
            by.push("họ tên cha, mẹ");
        }
        if c.household == Some(true) {
            by.push("mã hộ");
        }
        if c.co_holder_weight > 0.0 {
            by.push("người cùng đứng tên có trong hộ");
        }
        if !by.is_empty() {
            notes.push(format!("Xác định được nhờ {}", by.join(", ")));
        }
    }
    let res = reg.get(i);
    if c.father == Some(NameLevel::Different) {
        notes.push(parent_note(
            "cha",
            r.person.father.as_ref(),
            &res.father_text,
        ));
    }
    if c.mother == Some(NameLevel::Different) {
        notes.push(parent_note(
            "mẹ",
            r.person.mother.as_ref(),
            &res.mother_text,
        ));
    }
    if c.household == Some(false) {
        notes.push(format!(
            "Lưu ý: mã hộ khác (danh sách {}, CSDLQG {})",
            r.person.household_text, res.household
        ));
    }
    if c.co_holder == Some(NameLevel::Different) {
        notes.push("Lưu ý: người cùng đứng tên không có trong hộ của người này".to_string());
    }
    if let Some(note) = household_size_note(r.person.household_size, i, reg) {
        notes.push(note);
    }
    notes.join("; ")
}

/// A listed household size against the members of the resident's registry household (those
/// sharing its code): a note when they differ — information for the field check, never a
/// discrepancy of the person.
fn household_size_note(listed: Option<u32>, i: u32, reg: &Registry) -> Option<String> {
    let listed = listed?;
    let code = reg.household_text_of(i);
    let key = crate::fields::household::code_key(code)?;
    let members = reg
        .by_household(code)
        .iter()
        .filter(|&&m| {
            crate::fields::household::code_key(reg.household_text_of(m)).as_ref() == Some(&key)
        })
        .count();
    (members != listed as usize).then(|| {
        format!("Lưu ý: số nhân khẩu khác (danh sách ghi {listed}, CSDLQG có {members} người cùng mã hộ)")
    })
}

fn parent_note(who: &str, listed: Option<&crate::text::name::PersonName>, theirs: &str) -> String {
    format!(
        "Lưu ý: họ tên {who} khác (danh sách {}, CSDLQG {})",
        listed.map(|n| n.display.as_str()).unwrap_or(""),
        theirs
    )
}

/// Per-field explanation with weights: what a police officer reads to see why.
pub fn explanation(r: &RowResult) -> String {
    let Some(c) = r.decision.comparison.as_ref() else {
        return String::new();
    };
    let mut parts = Vec::new();
    if let Some(l) = c.name {
        parts.push(format!(
            "Họ tên: {} ({:+.1})",
            name_level_vi(l),
            c.name_weight
        ));
    }
    if let Some(l) = c.dob {
        parts.push(format!(
            "Ngày sinh: {} ({:+.1})",
            date_level_vi(l),
            c.dob_weight
        ));
    }
    if let Some(s) = c.sex {
        parts.push(format!(
            "Giới tính: {} ({:+.1})",
            if s { "trùng khớp" } else { "khác" },
            c.sex_weight
        ));
    }
    if let Some(l) = c.id {
        parts.push(format!(
            "Số định danh: {} ({:+.1})",
            id_level_vi(l),
            c.id_weight
        ));
    }
    use crate::fields::address::CommuneLevel;
    // the commune the row was taken to mean, and where it was read when not on the row
    let place = match (&r.person.commune_text, r.person.commune_source) {
        (Some(t), Some(s)) if s != crate::fields::context::ContextSource::Row => {
            format!(" ({t}, theo {})", s.label_vi())
        }
        _ => String::new(),
    };
    match c.commune {
        CommuneLevel::Same => parts.push(format!(
            "Xã/phường: cùng địa bàn{place} ({:+.1})",
            c.commune_weight
        )),
        CommuneLevel::MappedSame => parts.push(format!(
            "Xã/phường: cùng địa bàn sau sắp xếp đơn vị hành chính 2025{place} ({:+.1})",
            c.commune_weight
        )),
        CommuneLevel::Different => parts.push(format!(
            "Xã/phường: ngoài địa bàn{place}, có thể đã chuyển đi ({:+.1})",
            c.commune_weight
        )),
        CommuneLevel::Unknown => {}
    }
    if let Some(same) = c.hamlet {
        let listed = r.person.hamlet.as_deref().unwrap_or_default();
        parts.push(format!(
            "Thôn/ấp/tổ dân phố: {} ({listed}) ({:+.1})",
            if same { "trùng khớp" } else { "khác" },
            c.hamlet_weight
        ));
    }
    if let Some(l) = c.father {
        parts.push(format!(
            "Họ tên cha: {} ({:+.1})",
            name_level_vi(l),
            c.father_weight
        ));
    }
    if let Some(l) = c.mother {
        parts.push(format!(
            "Họ tên mẹ: {} ({:+.1})",
            name_level_vi(l),
            c.mother_weight
        ));
    }
    if let Some(same) = c.household {
        parts.push(format!(
            "Mã hộ: {} ({:+.1})",
            if same { "trùng khớp" } else { "khác" },
            c.household_weight
        ));
    }
    if let Some(l) = c.co_holder {
        parts.push(match l {
            NameLevel::Different => format!(
                "Người cùng đứng tên: không có trong hộ ({:+.1})",
                c.co_holder_weight
            ),
            _ => format!(
                "Người cùng đứng tên: có trong hộ, họ tên {} ({:+.1})",
                name_level_vi(l),
                c.co_holder_weight
            ),
        });
    }
    format!(
        "{}. Độ tin cậy {:.1}%",
        parts.join("; "),
        r.decision.score * 100.0
    )
}

#[cfg(test)]
mod tests {
    use super::mask_id;

    #[test]
    fn masks_all_but_the_last_four_digits() {
        assert_eq!(mask_id("001085012345"), "********2345");
        assert_eq!(mask_id("123456789"), "*****6789");
        assert_eq!(
            mask_id("001085012345; 024123456"),
            "********2345; *****3456"
        );
        assert_eq!(mask_id("Số 1234"), "Số 1234");
        assert_eq!(mask_id(""), "");
    }
}
