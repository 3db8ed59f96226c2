//! Plain-Vietnamese reasons and explanations for the people who verify a row.

use crate::fields::date::DateLevel;
use crate::fields::id::IdLevel;
use crate::matching::{Discrepancy, Status};
use crate::pipeline::RowResult;
use crate::registry::{Registry, Resident};
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
        Some((s, crate::normalise::SexSource::Listed)) => s.label_vi().to_string(),
        _ => String::new(),
    }
}

pub fn listed_id(r: &RowResult) -> String {
    if r.person.ids.ids.is_empty() {
        r.person.id_text.clone()
    } else {
        r.person
            .ids
            .ids
            .iter()
            .map(|i| i.digits.clone())
            .collect::<Vec<_>>()
            .join("; ")
    }
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

/// The reason a row needs a person to look at it.
pub fn reason(r: &RowResult, reg: &Registry) -> String {
    let d = &r.decision;
    match d.status {
        Status::Matched => "Khớp đúng với CSDLQG".to_string(),
        Status::NotFound => {
            let mut s = if r.person.name.is_none() && r.person.ids.ids.is_empty() {
                "Không tìm thấy trong CSDLQG: dòng thiếu họ tên và số định danh".to_string()
            } else {
                "Không tìm thấy trong CSDLQG".to_string()
            };
            if !d.candidates.is_empty() {
                s.push_str("; gần giống: ");
                s.push_str(&candidate_list(&d.candidates, reg));
            }
            s
        }
        Status::Ambiguous => format!(
            "Nhiều người trùng khớp: {}",
            candidate_list(&d.candidates, reg)
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
            let diffs = discrepancy_text(r, reg);
            if !diffs.is_empty() {
                s.push_str("; ");
                s.push_str(&diffs);
            }
            s
        }
        Status::Mismatch => discrepancy_text(r, reg),
    }
}

fn candidate_list(cands: &[(u32, f64)], reg: &Registry) -> String {
    cands
        .iter()
        .map(|(i, _)| {
            let res = reg.get(*i);
            format!("{} ({}, {})", res.name_text, res.id, resident_dob(&res))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// "Sai ngày sinh: danh sách 03/12/1955, CSDLQG 12/03/1955 (nhầm ngày và tháng)"
pub fn discrepancy_text(r: &RowResult, reg: &Registry) -> String {
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
                listed_id(r),
                res.id,
                cmp.and_then(|c| c.id).map(id_level_vi).unwrap_or("khác")
            ),
        });
    }
    parts.join("; ")
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
    match c.commune {
        CommuneLevel::Same | CommuneLevel::MappedSame => parts.push(format!(
            "Xã/phường: cùng địa bàn ({:+.1})",
            c.commune_weight
        )),
        CommuneLevel::Different => parts.push(format!(
            "Xã/phường: ngoài địa bàn ({:+.1})",
            c.commune_weight
        )),
        CommuneLevel::Unknown => {}
    }
    format!(
        "{}. Độ tin cậy {:.1}%",
        parts.join("; "),
        r.decision.score * 100.0
    )
}
