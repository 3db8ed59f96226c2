//! Property tests (proptest): legacy round trips, idempotence, and no panics on any input.

use proptest::prelude::*;

use super::fold::{canonical_lower, fold, phonetic, strip_diacritics};
use super::legacy::{self, Encoding};
use super::name::{NameLevel, compare_names, name_similarity, parse_name_cell, parse_person_name};
use super::tone::{canonical_tones, new_style_tones};
use super::unicode::clean;

const FAMILY: &[&str] = &[
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Trương",
    "Đoàn",
    "Đinh",
    "Trịnh",
    "Lương",
    "Lưu",
    "Ông",
    "Âu",
    "Ưng",
    "Ứng",
    "Tôn Nữ",
    "Tôn Thất",
    "Âu Dương",
    "Quách",
    "Giáp",
    "Khổng",
    "Ân",
    "Ấu",
];
const MIDDLE: &[&str] = &[
    "Văn", "Thị", "Minh", "Hoàng", "Thanh", "Ngọc", "Quốc", "Đức", "Quang", "Hữu", "Xuân", "Duy",
    "Đình", "Thế", "Hồng", "Thùy", "Thủy", "Thúy", "Bích", "Mỹ", "Khắc", "Ích", "Ánh", "Uyên", "Ý",
    "Ửng", "Quý", "Gia",
];
const GIVEN: &[&str] = &[
    "An", "Anh", "Ánh", "Ẩn", "Bình", "Cường", "Dũng", "Duyên", "Đạt", "Giang", "Hà", "Hải",
    "Hạnh", "Hòa", "Hoà", "Hương", "Hưởng", "Khoa", "Khỏe", "Lan", "Liên", "Loan", "Mai", "Nga",
    "Nghĩa", "Ngữ", "Nhung", "Oanh", "Phúc", "Quyên", "Quỳnh", "Sơn", "Thảo", "Thủy", "Thuỷ",
    "Thúy", "Tuấn", "Tuyết", "Uyển", "Ước", "Ửng", "Ý", "Yến", "Ỷ", "Ổn", "Ơn", "Ưu", "Việt", "Vy",
    "Xuân", "Ngọc", "Khánh", "Dương", "Huệ", "Quế", "Giàu", "Gấm", "Khuyến",
];

fn name_strategy() -> impl Strategy<Value = String> {
    (
        prop::sample::select(FAMILY),
        prop::collection::vec(prop::sample::select(MIDDLE), 0..3),
        prop::sample::select(GIVEN),
    )
        .prop_map(|(f, m, g)| {
            let mut parts = vec![f.to_string()];
            parts.extend(m.iter().map(|s| s.to_string()));
            parts.push(g.to_string());
            parts.join(" ")
        })
}

const INITIALS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];
const RIMES: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iu", "oa", "oe", "oi", "ôi", "ơi", "ua", "ui", "uy", "ưa", "ưi", "ưu",
    "iêu", "yêu", "oai", "oay", "uôi", "ươi", "ươu", "uya", "uyu", "an", "ăn", "ân", "anh", "ang",
    "ăng", "âng", "em", "ên", "ênh", "in", "inh", "iên", "iêng", "yên", "on", "ông", "ơn", "un",
    "ung", "ưng", "uân", "uyên", "uôn", "ương", "oan", "oang", "oanh", "uynh", "at", "ăc", "âp",
    "ach", "ich", "iêt", "uôc", "ươc", "oat", "uyêt", "op", "ut", "ưt",
];

/// A random Vietnamese-shaped syllable with a tone, placed canonically.
fn syllable_strategy() -> impl Strategy<Value = String> {
    (
        prop::sample::select(INITIALS),
        prop::sample::select(RIMES),
        0u8..6,
    )
        .prop_filter("qu/gi + a second u/i is not a syllable", |(i, r, _)| {
            let bad_qu = *i == "qu" && r.starts_with(['u', 'ư', 'o', 'ô', 'ơ']);
            let bad_gi = *i == "gi" && r.starts_with(['i', 'y']);
            !bad_qu && !bad_gi
        })
        .prop_map(|(i, r, t)| {
            let stop =
                r.ends_with('c') || r.ends_with('t') || r.ends_with('p') || r.ends_with("ch");
            let t = if stop {
                if t % 2 == 0 { 2 } else { 5 }
            } else {
                t
            };
            let s = format!("{i}{r}");
            // put the tone on the first vowel, then let canonical placement move it
            let mut out = String::new();
            let mut done = t == 0;
            for c in s.chars() {
                match (done, super::chars::vowel(c)) {
                    (false, Some(v)) => {
                        out.push(super::chars::compose(super::chars::Vowel { tone: t, ..v }));
                        done = true;
                    }
                    _ => out.push(c),
                }
            }
            canonical_tones(&out)
        })
}

fn title(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn syllables_name() -> impl Strategy<Value = String> {
    prop::collection::vec(syllable_strategy(), 2..5).prop_map(|v| title(&v.join(" ")))
}

/// Strings biased towards the characters this layer cares about.
fn nasty_string() -> impl Strategy<Value = String> {
    let chars = prop::sample::select(vec![
        'a',
        'A',
        'o',
        'u',
        'y',
        'g',
        'i',
        'q',
        'n',
        'h',
        ' ',
        ' ',
        '\'',
        '-',
        '(',
        ')',
        ',',
        '.',
        '1',
        'ă',
        'ơ',
        'ư',
        'đ',
        'Đ',
        'Ð',
        'ð',
        'ễ',
        'Ễ',
        'ỹ',
        'ò',
        'à',
        'µ',
        '¸',
        '¨',
        '\u{AD}',
        '§',
        'Ô',
        'ô',
        'Ö',
        'ö',
        'ø',
        'ù',
        'Ñ',
        'ñ',
        'Ù',
        'ï',
        'Þ',
        '€',
        '’',
        '–',
        '\u{80}',
        '\u{9F}',
        '\u{02}',
        '\u{0300}',
        '\u{0301}',
        '\u{0302}',
        '\u{0303}',
        '\u{0306}',
        '\u{0309}',
        '\u{031B}',
        '\u{0323}',
        '\u{00A0}',
        '\u{200B}',
        '\u{FEFF}',
        'а',
        'е',
        'Σ',
        'İ',
        'ß',
        '\u{1FEF}',
        '\u{1FFD}',
        '\n',
        '\t',
        'Ǆ',
        'ﬃ',
        '\u{10FFFF}',
        '😀',
    ]);
    prop::collection::vec(chars, 0..24).prop_map(|v| v.into_iter().collect())
}

fn any_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        nasty_string(),
        name_strategy(),
        syllables_name()
    ]
}

fn exercise_everything(s: &str) {
    let _ = legacy::detect(s);
    for enc in [
        Encoding::Ascii,
        Encoding::Unicode,
        Encoding::Tcvn3,
        Encoding::Vni,
        Encoding::Viscii,
        Encoding::Ambiguous,
    ] {
        let _ = legacy::decode_as(s, enc);
    }
    let _ = legacy::decode_tcvn3(s, true);
    let _ = legacy::decode_column(&[s, "Hoàng", s]);
    let _ = legacy::encode_tcvn3(s);
    let _ = legacy::encode_tcvn3_upper_font(s);
    let _ = legacy::encode_vni(s);
    let _ = clean(s);
    let _ = canonical_tones(s);
    let _ = new_style_tones(s);
    let f = fold(s);
    let _ = phonetic(&f);
    let _ = phonetic(s);
    let _ = canonical_lower(s);
    let _ = strip_diacritics(s);
    let cell = parse_name_cell(s);
    if let Some(p) = parse_person_name(s) {
        let _ = (
            p.family(),
            p.middle(),
            p.given(),
            p.folded(),
            p.folded_given(),
            p.folded_family(),
            p.phonetic_key(),
        );
        let _ = compare_names(&p, &p);
        if let Some(q) = &cell.primary {
            let _ = compare_names(&p, q);
            let _ = compare_names(q, &p);
            let _ = name_similarity(&p, q);
        }
    }
}

/// 512 cases per property unless DOIKHOP_PROPTEST_CASES says otherwise.
fn cases() -> u32 {
    std::env::var("DOIKHOP_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn tcvn3_round_trip_names(n in name_strategy()) {
        prop_assert_eq!(legacy::decode_as(&legacy::encode_tcvn3(&n), Encoding::Tcvn3), n.clone());
        prop_assert_eq!(legacy::decode_tcvn3(&legacy::encode_tcvn3_upper_font(&n), true), n.to_uppercase());
        // without the font name, capitals are recognisable only from >= 2 ASCII capitals
        if n.split(' ').any(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2) {
            prop_assert_eq!(legacy::decode_tcvn3(&legacy::encode_tcvn3_upper_font(&n), false), n.to_uppercase());
        }
        // lowercase is recognisable only from a lowercase word initial (else Title Case is assumed)
        let lower = n.to_lowercase();
        if lower.split(' ').any(|w| w.starts_with(|c: char| c.is_ascii_lowercase() || "ăâêôơưđ".contains(c))) {
            prop_assert_eq!(legacy::decode_as(&legacy::encode_tcvn3(&lower), Encoding::Tcvn3), lower);
        }
    }

    #[test]
    fn tcvn3_round_trip_syllables(n in syllables_name()) {
        prop_assert_eq!(legacy::decode_as(&legacy::encode_tcvn3(&n), Encoding::Tcvn3), n.clone());
        prop_assert_eq!(legacy::decode_tcvn3(&legacy::encode_tcvn3_upper_font(&n), true), n.to_uppercase());
    }

    #[test]
    fn vni_round_trip(n in prop_oneof![name_strategy(), syllables_name()]) {
        for v in [n.clone(), n.to_uppercase(), n.to_lowercase()] {
            prop_assert_eq!(legacy::decode_as(&legacy::encode_vni(&v), Encoding::Vni), v.clone());
        }
    }

    #[test]
    fn detection_of_encoded_names(n in name_strategy()) {
        let d = legacy::detect(&n);
        if n.is_ascii() {
            prop_assert_eq!(d, Encoding::Ascii);
        } else {
            // Latin-1-only Unicode ("Hoàng Giang") may also read as VNI ("Hồng Giang")
            prop_assert!(matches!(d, Encoding::Unicode | Encoding::Ambiguous), "{:?}", d);
        }
        let cells = [n.as_str(), "Nguyễn Văn Thắng"];
        prop_assert_eq!(&legacy::decode_column(&cells)[0].0, &n);
        let col: Vec<String> = vec![legacy::encode_tcvn3(&n), legacy::encode_tcvn3("Nguyễn Văn Thắng")];
        let cells: Vec<&str> = col.iter().map(String::as_str).collect();
        prop_assert_eq!(&legacy::decode_column(&cells)[0].0, &n);
        let col: Vec<String> = vec![legacy::encode_vni(&n), legacy::encode_vni("Nguyễn Văn Thắng")];
        let cells: Vec<&str> = col.iter().map(String::as_str).collect();
        prop_assert_eq!(&legacy::decode_column(&cells)[0].0, &n);
    }

    #[test]
    fn idempotent(s in any_string()) {
        let f = fold(&s);
        prop_assert_eq!(fold(&f), f.clone());
        let c = canonical_tones(&s);
        prop_assert_eq!(canonical_tones(&c), c.clone());
        let ns = new_style_tones(&s);
        prop_assert_eq!(new_style_tones(&ns), ns.clone());
        let cl = clean(&s);
        prop_assert_eq!(clean(&cl), cl.clone());
        let lo = canonical_lower(&s);
        prop_assert_eq!(canonical_lower(&lo), lo.clone());
        let st = strip_diacritics(&s);
        prop_assert_eq!(strip_diacritics(&st), st.clone());
    }

    #[test]
    fn tone_styles_agree(n in prop_oneof![name_strategy(), syllables_name()]) {
        prop_assert_eq!(canonical_tones(&new_style_tones(&n)), canonical_tones(&n));
        prop_assert_eq!(new_style_tones(&canonical_tones(&n)), new_style_tones(&n));
        prop_assert_eq!(fold(&canonical_tones(&n)), fold(&n));
        prop_assert_eq!(fold(&strip_diacritics(&n)), fold(&n));
    }

    #[test]
    fn name_levels_of_transformed_names(n in name_strategy()) {
        let p = parse_person_name(&n).unwrap();
        prop_assert_eq!(compare_names(&p, &p), NameLevel::Identical);
        let up = parse_person_name(&n.to_uppercase()).unwrap();
        prop_assert!(compare_names(&up, &p) <= NameLevel::Format);
        let ns = parse_person_name(&new_style_tones(&n)).unwrap();
        prop_assert!(compare_names(&ns, &p) <= NameLevel::TonePlacement);
        let bare = parse_person_name(&strip_diacritics(&n)).unwrap();
        let l = compare_names(&bare, &p);
        prop_assert!(l <= NameLevel::MissingDiacritics, "{:?}", l);
        prop_assert!(name_similarity(&bare, &p) > 0.999);
        prop_assert_eq!(bare.phonetic_key(), p.phonetic_key());
        let tcvn = legacy::decode_as(&legacy::encode_tcvn3(&n), Encoding::Tcvn3);
        prop_assert_eq!(compare_names(&parse_person_name(&tcvn).unwrap(), &p), NameLevel::Identical);
    }

    #[test]
    fn never_panics(s in any_string()) {
        exercise_everything(&s);
    }
}
