//! Reference tables the generator samples from, embedded at compile time and parsed once.

use std::sync::LazyLock;

use super::rng::Weighted;
use doikhop::fields::sex::Sex;

const SURNAMES_TSV: &str = include_str!("../../data/surnames_vn.tsv");
const MIDDLE_TSV: &str = include_str!("../../data/middle_names_vn.tsv");
const GIVEN_MALE_TXT: &str = include_str!("../../data/given_name_words_male_duyet.txt");
const GIVEN_FEMALE_TXT: &str = include_str!("../../data/given_name_words_female_duyet.txt");
const GIVEN_FREQ_TSV: &str = include_str!("../../data/given_names_freq_uit.tsv");
const PROVINCE_CODES_TSV: &str = include_str!("../../data/cccd_province_codes.tsv");
const WARD_MAPPING_TSV: &str = include_str!("../../data/ward_mapping_2025.tsv");

/// Old (63-province) province and district whose communes the synthetic residents live in.
const AREA_OLD_PROVINCE: &str = "70";
const AREA_OLD_DISTRICT: &str = "692";

const VIET_LETTERS: &str = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ\
ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ";

/// Letters of Vietnamese words only (rejects VNI/TCVN garbage that leaked into name samples).
pub fn is_viet_word(w: &str) -> bool {
    !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_alphabetic() || VIET_LETTERS.contains(c))
}

fn data_lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect::<Vec<&str>>())
}

fn leading_number(s: &str) -> Option<f64> {
    let t: String = s
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    t.parse().ok()
}

/// Title Case one word; eth (U+00D0, seen in a source list) becomes Đ.
fn title_word(w: &str) -> String {
    let w = w.trim().replace('Ð', "Đ").replace('ð', "đ");
    let mut out = String::new();
    for (i, c) in w.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// True when the word carries a new-style tone on an open oa/oe/uy rime ("Hoạ", "Thuý"): the
/// registry is written in the old style, so such spellings are kept out of the name pools.
pub fn is_new_style(w: &str) -> bool {
    let folded = doikhop::text::fold::strip_diacritics(w).to_lowercase();
    let open = folded.ends_with("oa") || folded.ends_with("oe") || folded.ends_with("uy");
    let after_q = folded.ends_with("quy") || folded.ends_with("qua") || folded.ends_with("que");
    if !open || after_q || folded == *w.to_lowercase() {
        return false;
    }
    doikhop::text::tone::new_style_tones(w) == w
}

pub struct Tables {
    pub surnames: Weighted<&'static str>,
    pub compound_male: Vec<&'static str>,
    pub compound_female: Vec<&'static str>,
    pub middle_male: Weighted<&'static str>,
    pub middle_female: Weighted<&'static str>,
    pub given_male: Weighted<String>,
    pub given_female: Weighted<String>,
    /// (prefix "070", province name "Bình Phước")
    pub provinces: Vec<(&'static str, &'static str)>,
    pub area: Area,
}

/// The synthetic district: new (2025) communes and the old communes merged into them.
pub struct Area {
    pub old_province: String,
    pub old_district: String,
    pub new_province: String,
    pub new_communes: Vec<NewCommune>,
    pub old_communes: Vec<OldCommune>,
}

pub struct NewCommune {
    /// "Xã Lộc Hưng"
    pub name: String,
    pub code: String,
    pub old: Vec<usize>,
}

pub struct OldCommune {
    /// "Xã Lộc Khánh"
    pub name: String,
    pub new_commune: usize,
    /// "Ấp", "Thôn" or "Khu phố"
    pub hamlet_word: &'static str,
    pub hamlets: u32,
}

impl NewCommune {
    /// "Lộc Hưng" (name without the unit word).
    pub fn short(&self) -> &str {
        strip_unit(&self.name)
    }
}

impl OldCommune {
    pub fn short(&self) -> &str {
        strip_unit(&self.name)
    }
    /// "xã Lộc Khánh" / "thị trấn Lộc Ninh" as written inside an address.
    pub fn lower_unit(&self) -> String {
        let short = self.short();
        let unit = self.name[..self.name.len() - short.len()].trim();
        format!("{} {}", unit.to_lowercase(), short)
    }
}

pub fn strip_unit(name: &str) -> &str {
    for unit in [
        "Thị trấn ",
        "Phường ",
        "Xã ",
        "Đặc khu ",
        "Thành phố ",
        "Tỉnh ",
        "Huyện ",
        "Thị xã ",
        "Quận ",
    ] {
        if let Some(rest) = name.strip_prefix(unit) {
            return rest;
        }
    }
    name
}

pub static TABLES: LazyLock<Tables> = LazyLock::new(build);

fn build() -> Tables {
    // Surnames: national % where known (combined pairs split evenly), else SG01-like weight,
    // else a small share of the UIT sample; garbage rows (legacy-encoded, typos) skipped.
    let mut surnames = Vec::new();
    for f in data_lines(SURNAMES_TSV) {
        if f.len() < 4 || f[0] == "rank_uit" {
            continue;
        }
        let name = f[1].trim();
        if !is_viet_word(name) || matches!(name, "Y" | "Văn" | "Hùynh" | "Hoà") {
            continue;
        }
        let national = f.get(4).and_then(|s| {
            let v = leading_number(s)?;
            Some(if s.contains("combined") { v / 2.0 } else { v })
        });
        let sg = f.get(5).and_then(|s| leading_number(s));
        let uit_count = f[2].trim().parse::<u32>().unwrap_or(0);
        let w = match (national, sg) {
            (Some(n), _) => n,
            (None, Some(s)) => s * 0.9,
            (None, None) if uit_count >= 5 => leading_number(f[3]).unwrap_or(0.0) * 0.5,
            _ => 0.0,
        };
        if w > 0.0 {
            surnames.push((name, w));
        }
    }

    let middle_counts: Vec<(&'static str, f64)> = data_lines(MIDDLE_TSV)
        .filter(|f| f.len() >= 2 && f[0] != "middle_token")
        .filter_map(|f| Some((f[0].trim(), f[1].trim().parse::<f64>().ok()?)))
        .collect();
    let male_ok = [
        "Minh",
        "Hoàng",
        "Thanh",
        "Quốc",
        "Đức",
        "Quang",
        "Anh",
        "Hữu",
        "Thành",
        "Xuân",
        "Duy",
        "Đình",
        "Trung",
        "Tuấn",
        "Tấn",
        "Công",
        "Trọng",
        "Thế",
        "Tiến",
        "Nhật",
        "Hải",
        "Mạnh",
        "Việt",
        "Đăng",
        "Bảo",
        "Gia",
        "Huy",
        "Chí",
        "Khánh",
        "Bá",
        "Viết",
        "Vĩnh",
        "Khắc",
        "Phúc",
        "Trí",
        "Thiện",
        "Ngọc",
        "Hồng",
        "Kim",
        "Nhựt",
        "Phước",
        "Trường",
        "Thái",
    ];
    let female_ok = [
        "Ngọc", "Thanh", "Minh", "Thu", "Thùy", "Thúy", "Bích", "Mỹ", "Kim", "Hồng", "Phương",
        "Bảo", "Gia", "Như", "Hoài", "Khánh", "Tuyết", "Yến", "Mai", "Xuân", "Kiều", "Hải", "Anh",
        "Thiên", "Huỳnh", "Diệu", "Quỳnh", "Cẩm", "Lan",
    ];
    let pick_middle = |ok: &[&'static str]| {
        let mut v: Vec<(&'static str, f64)> = Vec::new();
        for (m, c) in &middle_counts {
            if ok.contains(m) {
                v.push((m, *c));
            }
        }
        // curated tokens missing from the sample still get a small weight
        for m in ok {
            if !v.iter().any(|(x, _)| x == m) {
                v.push((m, 5.0));
            }
        }
        Weighted::new(v)
    };
    let middle_male = pick_middle(&male_ok);
    let middle_female = pick_middle(&female_ok);

    // Given names: the sex-specific word lists, weighted by the UIT frequencies.
    let mut freq: Vec<(String, String, f64)> = Vec::new();
    for f in data_lines(GIVEN_FREQ_TSV) {
        if f.len() >= 3
            && f[0] != "sex_hint"
            && let Ok(c) = f[2].trim().parse::<f64>()
        {
            freq.push((f[0].to_string(), title_word(f[1]), c));
        }
    }
    let given = |text: &'static str, hint: &str| {
        let mut seen: Vec<String> = Vec::new();
        let mut v = Vec::new();
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let w = title_word(line);
            if !is_viet_word(&w)
                || is_new_style(&w)
                || matches!(w.as_str(), "Văn" | "Thị" | "Nữ" | "Nguyễn")
                || seen.contains(&w)
            {
                continue;
            }
            let mut weight = 2.0;
            for (h, g, c) in &freq {
                if *g == w {
                    if h.starts_with(hint) {
                        weight += 3.0 * c;
                    } else if h == "unknown" {
                        weight += c / 2.0;
                    }
                }
            }
            seen.push(w.clone());
            v.push((w, weight));
        }
        Weighted::new(v)
    };
    let given_male = given(GIVEN_MALE_TXT, "male");
    let given_female = given(GIVEN_FEMALE_TXT, "female");

    let provinces: Vec<(&'static str, &'static str)> = data_lines(PROVINCE_CODES_TSV)
        .filter(|f| f.len() >= 2 && f[0].len() == 3 && f[0].bytes().all(|b| b.is_ascii_digit()))
        .map(|f| (f[0], f[1].trim()))
        .collect();

    Tables {
        surnames: Weighted::new(surnames),
        compound_male: vec!["Tôn Thất", "Âu Dương", "Nguyễn Phước", "Hoàng Phủ"],
        compound_female: vec!["Tôn Nữ", "Âu Dương", "Nguyễn Phước"],
        middle_male,
        middle_female,
        given_male,
        given_female,
        provinces,
        area: build_area(),
    }
}

fn build_area() -> Area {
    let mut area = Area {
        old_province: String::new(),
        old_district: String::new(),
        new_province: String::new(),
        new_communes: Vec::new(),
        old_communes: Vec::new(),
    };
    // (old name, new name, new code) in file order
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for f in data_lines(WARD_MAPPING_TSV) {
        if f.len() < 10 || f[0] != AREA_OLD_PROVINCE || f[2] != AREA_OLD_DISTRICT {
            continue;
        }
        area.old_province = f[1].to_string();
        area.old_district = f[3].to_string();
        area.new_province = f[7].to_string();
        if f[5].is_empty() || f[9].is_empty() {
            continue;
        }
        rows.push((f[5].to_string(), f[9].to_string(), f[8].to_string()));
    }
    // keep new communes formed from at least two old communes of the district
    let mut new_names: Vec<(String, String)> = Vec::new();
    for (_, n, c) in &rows {
        if !new_names.iter().any(|(x, _)| x == n) {
            new_names.push((n.clone(), c.clone()));
        }
    }
    for (n, code) in new_names {
        let olds: Vec<&String> = rows
            .iter()
            .filter(|(_, nn, _)| *nn == n)
            .map(|(o, _, _)| o)
            .collect();
        if olds.len() < 2 {
            continue;
        }
        let ni = area.new_communes.len();
        let mut old_idx = Vec::new();
        for o in olds {
            if area.old_communes.iter().any(|x| x.name == *o) {
                continue;
            }
            let k = area.old_communes.len();
            let hamlet_word = if o.starts_with("Thị trấn") || o.starts_with("Phường") {
                "Khu phố"
            } else if k % 3 == 1 {
                "Thôn"
            } else {
                "Ấp"
            };
            area.old_communes.push(OldCommune {
                name: o.clone(),
                new_commune: ni,
                hamlet_word,
                hamlets: 5 + (k as u32 * 7) % 6,
            });
            old_idx.push(k);
        }
        area.new_communes.push(NewCommune {
            name: n,
            code,
            old: old_idx,
        });
    }
    area
}

impl Tables {
    pub fn given(&self, sex: Sex) -> &Weighted<String> {
        match sex {
            Sex::Male => &self.given_male,
            Sex::Female => &self.given_female,
        }
    }
    pub fn middle(&self, sex: Sex) -> &Weighted<&'static str> {
        match sex {
            Sex::Male => &self.middle_male,
            Sex::Female => &self.middle_female,
        }
    }
    /// How common a name is (surname share x given-name share; small = rare).
    pub fn commonness(&self, sex: Sex, surname: &str, given: &str) -> f64 {
        let sw = self
            .surnames
            .items()
            .iter()
            .position(|s| *s == surname)
            .map_or(0.1, |i| self.surnames.weight(i));
        let gl = self.given(sex);
        let gw = gl
            .items()
            .iter()
            .position(|s| s == given)
            .map_or(1.0, |i| gl.weight(i));
        sw * gw
    }

    pub fn province_name(&self, prefix: &str) -> Option<&'static str> {
        self.provinces
            .iter()
            .find(|(p, _)| *p == prefix)
            .map(|(_, n)| *n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load() {
        let t = &*TABLES;
        assert!(t.surnames.items().contains(&"Nguyễn"));
        assert!(!t.surnames.items().iter().any(|s| s.contains('ø')));
        assert!(t.given_male.items().len() > 250);
        assert!(t.given_female.items().len() > 200);
        assert!(
            !t.given_female
                .items()
                .iter()
                .any(|s| s == "Hoạ" || s.contains('Ð'))
        );
        assert!(t.given_female.items().iter().any(|s| s == "Họa"));
        assert_eq!(t.province_name("070"), Some("Bình Phước"));
        let a = &t.area;
        assert!(
            (4..=6).contains(&a.new_communes.len()),
            "{}",
            a.new_communes.len()
        );
        assert!(a.old_communes.len() >= 8);
        assert_eq!(a.new_province, "Thành phố Đồng Nai");
        assert_eq!(a.old_district, "Huyện Lộc Ninh");
        assert!(
            a.old_communes
                .iter()
                .any(|o| o.lower_unit() == "xã Lộc Khánh")
        );
    }

    #[test]
    fn new_style_detection() {
        assert!(is_new_style("Hoạ"));
        assert!(is_new_style("Thuý"));
        assert!(!is_new_style("Họa"));
        assert!(!is_new_style("Quý"));
        assert!(!is_new_style("Hoàng"));
        assert!(!is_new_style("Hoa"));
    }
}
