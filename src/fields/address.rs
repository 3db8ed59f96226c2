//! Addresses: splitting an address into hamlet / commune / district / province, and mapping
//! old (pre-2025, 63 provinces, 3 levels) and new (2025, 34 provinces, 2 levels) units to the
//! 2025 commune codes (DOMAIN.md §4). A commune match is evidence for the matcher and an
//! "outside the area" flag for the report, never a mismatch on its own.

use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use super::id::data_lines;

static WARD_MAPPING_TSV: &str = include_str!("../../data/ward_mapping_2025.tsv");
static COMMUNES_TSV: &str = include_str!("../../data/communes_2025.tsv");
static PROVINCES_TSV: &str = include_str!("../../data/provinces_2025.tsv");
static PROVINCES_LEGACY_TSV: &str = include_str!("../../data/provinces_legacy_63.tsv");

/// An address split into its parts; each part is the text as written (type word included:
/// "xã Lộc Khánh", "H. Lộc Ninh").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    pub raw: String,
    /// "Thôn 3", "Ấp Bình An", "Tổ 5", "KP 3"
    pub hamlet: Option<String>,
    pub commune: Option<String>,
    pub district: Option<String>,
    pub province: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Keys

/// Comparison key of a unit name: folded (no case, no diacritics, so tone placement does not
/// matter), punctuation as spaces, numbers without leading zeros, y read as i, "P12"/"F12"/"Q1"
/// split into word + number.
pub(crate) fn key_tokens(s: &str) -> Vec<String> {
    let pre: String = s
        .nfc()
        .map(|c| {
            if c.is_alphanumeric()
                || c.is_whitespace()
                || unicode_normalization::char::is_combining_mark(c)
            {
                c
            } else {
                ' '
            }
        })
        .collect();
    let folded = crate::text::fold::fold(&pre);
    let mut out = Vec::new();
    for tok in folded.split(|c: char| !c.is_ascii_alphanumeric()) {
        if tok.is_empty() {
            continue;
        }
        // glued abbreviation + number: p12, f12, q1, kp3
        let split = tok.find(|c: char| c.is_ascii_digit());
        if let Some(pos) = split
            && pos > 0
            && matches!(&tok[..pos], "p" | "f" | "q" | "kp" | "x")
            && tok[pos..].bytes().all(|b| b.is_ascii_digit())
        {
            out.push(tok[..pos].to_string());
            out.push(number_token(&tok[pos..]));
            continue;
        }
        if tok.bytes().all(|b| b.is_ascii_digit()) {
            out.push(number_token(tok));
        } else {
            out.push(tok.replace('y', "i"));
        }
    }
    out
}

fn number_token(t: &str) -> String {
    let s = t.trim_start_matches('0');
    if s.is_empty() {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Level {
    Commune,
    District,
    Province,
}

const COMMUNE_PREFIXES: &[&[&str]] = &[
    &["thi", "tran"],
    &["dac", "khu"],
    &["xa"],
    &["phuong"],
    &["tt"],
    &["p"],
    &["x"],
    &["f"],
    &["ph"],
];
const DISTRICT_PREFIXES: &[&[&str]] = &[
    &["thi", "xa"],
    &["thanh", "pho"],
    &["huien"],
    &["quan"],
    &["tx"],
    &["tp"],
    &["h"],
    &["q"],
];
const PROVINCE_PREFIXES: &[&[&str]] = &[&["thanh", "pho"], &["tinh"], &["tp"], &["t"]];

fn prefixes(level: Level) -> &'static [&'static [&'static str]] {
    match level {
        Level::Commune => COMMUNE_PREFIXES,
        Level::District => DISTRICT_PREFIXES,
        Level::Province => PROVINCE_PREFIXES,
    }
}

/// The tokens without a leading unit word of `level`, if there is one and something remains.
fn strip_prefix(tokens: &[String], level: Level) -> Option<&[String]> {
    for p in prefixes(level) {
        if tokens.len() > p.len() && tokens.iter().zip(p.iter()).all(|(a, b)| a == b) {
            let rest = &tokens[p.len()..];
            // "F" is the slang for phường only before a number
            if *p == ["f"] && !rest[0].bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            return Some(rest);
        }
    }
    None
}

/// Keys to look a name up under: without its unit word (if any) first, then as written
/// (names such as "Phường Đúc" or "Thị Cầu" start with a unit word).
fn lookup_keys(s: &str, level: Level) -> Vec<String> {
    let toks = key_tokens(s);
    let mut keys = Vec::new();
    if let Some(rest) = strip_prefix(&toks, level) {
        keys.push(rest.join(" "));
    } else if level == Level::Commune
        && let Some(rest) = strip_prefix(&toks, Level::District)
    {
        // island districts without communes became "đặc khu": "Huyện Côn Đảo"
        keys.push(rest.join(" "));
    }
    if !toks.is_empty() {
        let full = toks.join(" ");
        if !keys.contains(&full) {
            keys.push(full);
        }
    }
    keys
}

/// Key of an official name ("Xã Lộc Khánh" -> "loc khanh").
fn official_key(name: &str, level: Level) -> String {
    let toks = key_tokens(name);
    match strip_prefix(&toks, level) {
        Some(rest) => rest.join(" "),
        None => toks.join(" "),
    }
}

// ---------------------------------------------------------------------------------------------
// The map

#[derive(Debug, Clone)]
struct Commune {
    code: &'static str,
    name: &'static str,
    province_code: &'static str,
    division: &'static str,
}

#[derive(Debug, Clone)]
struct OldCommune {
    province_code: &'static str,
    district_key: String,
    /// "xa", "phuong", "thi tran", "" for a district without communes
    kind: String,
    /// new codes, the library's default first
    targets: Vec<&'static str>,
}

#[derive(Debug, Clone, Default)]
struct ProvinceHint {
    old_codes: Vec<&'static str>,
    new_codes: Vec<&'static str>,
}

/// Old and new administrative units, built once from the embedded tables.
pub struct AdminMap {
    communes: Vec<Commune>,
    by_code: HashMap<&'static str, usize>,
    new_by_key: HashMap<String, Vec<usize>>,
    old: Vec<OldCommune>,
    old_by_key: HashMap<String, Vec<usize>>,
    provinces: HashMap<String, ProvinceHint>,
    province_names: HashMap<&'static str, &'static str>,
    districts: HashMap<String, Vec<&'static str>>,
}

static ADMIN_MAP: LazyLock<AdminMap> = LazyLock::new(AdminMap::build);

/// Province aliases written in lists (keys).
const PROVINCE_ALIASES: &[(&str, &str)] = &[
    ("hcm", "ho chi minh"),
    ("tphcm", "ho chi minh"),
    ("hcmc", "ho chi minh"),
    ("tp hcm", "ho chi minh"),
    ("sai gon", "ho chi minh"),
    ("sg", "ho chi minh"),
    ("hn", "ha noi"),
    ("hp", "hai phong"),
    ("brvt", "ba ria vung tau"),
    ("br vt", "ba ria vung tau"),
    ("thua thien hue", "hue"),
    ("tt hue", "hue"),
    ("tth", "hue"),
    ("daklak", "dak lak"),
    ("dac lac", "dak lak"),
    ("dak lac", "dak lak"),
    ("dac lak", "dak lak"),
    ("daknong", "dak nong"),
    ("dac nong", "dak nong"),
    ("kontum", "kon tum"),
    ("dong nai", "dong nai"),
];

impl AdminMap {
    pub fn get() -> &'static AdminMap {
        &ADMIN_MAP
    }

    fn build() -> AdminMap {
        let mut communes = Vec::new();
        let mut by_code = HashMap::new();
        let mut new_by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for line in data_lines(COMMUNES_TSV) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 5 {
                continue;
            }
            let i = communes.len();
            communes.push(Commune {
                code: f[2],
                name: f[3],
                province_code: f[0],
                division: f[4],
            });
            by_code.insert(f[2], i);
            new_by_key
                .entry(official_key(f[3], Level::Commune))
                .or_default()
                .push(i);
            // the other library's spelling of the same unit
            if let Some(alt) = f.get(5).filter(|s| !s.is_empty()) {
                let k = official_key(alt, Level::Commune);
                let v = new_by_key.entry(k).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }

        let mut old: Vec<OldCommune> = Vec::new();
        let mut old_by_key: HashMap<String, Vec<usize>> = HashMap::new();
        let mut old_index: HashMap<(&str, &str, &str), usize> = HashMap::new();
        let mut districts: HashMap<String, Vec<&'static str>> = HashMap::new();
        for line in data_lines(WARD_MAPPING_TSV) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 12 {
                continue;
            }
            let (old_prov, dist_code, dist, ward_code, ward, new_code, is_default) =
                (f[0], f[2], f[3], f[4], f[5], f[8], f[11] == "default");
            let id = (old_prov, dist_code, ward_code);
            let idx = match old_index.get(&id) {
                Some(i) => *i,
                None => {
                    let i = old.len();
                    let district_key = official_key(dist, Level::District);
                    let ds = districts.entry(district_key.clone()).or_default();
                    if !ds.contains(&old_prov) {
                        ds.push(old_prov);
                    }
                    let ward_toks = key_tokens(ward);
                    let kind = if ward.is_empty() {
                        String::new()
                    } else if ward_toks.len() > 1 && ward_toks[0] == "thi" {
                        "thi tran".to_string()
                    } else {
                        ward_toks.first().cloned().unwrap_or_default()
                    };
                    old.push(OldCommune {
                        province_code: old_prov,
                        district_key: district_key.clone(),
                        kind,
                        targets: Vec::new(),
                    });
                    old_index.insert(id, i);
                    // a district without communes (island districts) is looked up by its name
                    let key = if ward.is_empty() {
                        district_key
                    } else {
                        official_key(ward, Level::Commune)
                    };
                    old_by_key.entry(key).or_default().push(i);
                    i
                }
            };
            let t = &mut old[idx].targets;
            if !t.contains(&new_code) {
                if is_default {
                    t.insert(0, new_code);
                } else {
                    t.push(new_code);
                }
            }
        }

        let mut provinces: HashMap<String, ProvinceHint> = HashMap::new();
        let mut province_names = HashMap::new();
        for line in data_lines(PROVINCES_TSV) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 8 {
                continue;
            }
            province_names.insert(f[0], f[2]);
            for name in [f[1], f[2]] {
                let h = provinces
                    .entry(official_key(name, Level::Province))
                    .or_default();
                push_unique(&mut h.new_codes, f[0]);
                for oc in f[7].split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    push_unique(&mut h.old_codes, oc);
                }
            }
        }
        for line in data_lines(PROVINCES_LEGACY_TSV) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 5 {
                continue;
            }
            let h = provinces
                .entry(official_key(f[1], Level::Province))
                .or_default();
            push_unique(&mut h.old_codes, f[0]);
            push_unique(&mut h.new_codes, f[4]);
        }
        for (alias, target) in PROVINCE_ALIASES {
            if let Some(h) = provinces.get(*target).cloned() {
                let e = provinces.entry((*alias).to_string()).or_default();
                for c in h.old_codes {
                    push_unique(&mut e.old_codes, c);
                }
                for c in h.new_codes {
                    push_unique(&mut e.new_codes, c);
                }
            }
        }

        AdminMap {
            communes,
            by_code,
            new_by_key,
            old,
            old_by_key,
            provinces,
            province_names,
            districts,
        }
    }

    fn province_hint(&self, province: &str) -> Option<&ProvinceHint> {
        lookup_keys(province, Level::Province)
            .iter()
            .find_map(|k| self.provinces.get(k))
    }

    /// True when the text names a province (old or new; "TP.HCM", "tỉnh Bình Phước", "HN"...).
    pub fn is_province(&self, s: &str) -> bool {
        self.province_hint(s).is_some()
    }

    /// True when the text names a pre-2025 district ("huyện Lộc Ninh", "Q.1", "Gò Vấp").
    pub fn is_old_district(&self, s: &str) -> bool {
        lookup_keys(s, Level::District)
            .iter()
            .any(|k| self.districts.contains_key(k))
    }

    /// True when the text names a commune, old or new.
    pub fn is_commune(&self, s: &str) -> bool {
        lookup_keys(s, Level::Commune)
            .iter()
            .any(|k| self.new_by_key.contains_key(k) || self.old_by_key.contains_key(k))
    }

    /// Old (pre-2025) and new (2025) units: resolve a commune name (+ optional district /
    /// province hints, written the usual ways: with/without "xã"/"phường"/"thị trấn",
    /// abbreviations X./P./TT., tone-placement variants, no diacritics) to the 2025 commune(s).
    ///
    /// Order: with a district hint that finds the old commune, its 2025 targets come first
    /// (the split default first), then 2025 communes of that name; otherwise 2025 communes of
    /// that name first, then targets of old communes of that name. A recognised province
    /// restricts the search (old or new province, including what merged into it); an
    /// unrecognised one is ignored. Without a province a common name ("Phường 1") gives many.
    pub fn resolve_commune(
        &self,
        commune: &str,
        district: Option<&str>,
        province: Option<&str>,
    ) -> Vec<CommuneRef> {
        let keys = lookup_keys(commune, Level::Commune);
        if keys.is_empty() {
            return Vec::new();
        }
        let hint = province.and_then(|p| self.province_hint(p));
        let district_keys: Vec<String> = district
            .map(|d| lookup_keys(d, Level::District))
            .unwrap_or_default();
        // the unit type written before the name applies to the key without it (the first)
        let kind = commune_kind(commune);

        let mut olds: Vec<usize> = Vec::new();
        let mut news: Vec<usize> = Vec::new();
        for (ki, k) in keys.iter().enumerate() {
            let kind = if ki == 0 { kind.as_deref() } else { None };
            // old communes of that name in the (old) province; failing that, old communes of
            // that name now inside the (new) province
            let mut strict: Vec<usize> = Vec::new();
            let mut loose: Vec<usize> = Vec::new();
            for &i in self.old_by_key.get(k).into_iter().flatten() {
                let o = &self.old[i];
                match hint {
                    None => strict.push(i),
                    Some(h) if h.old_codes.contains(&o.province_code) => strict.push(i),
                    Some(h)
                        if o.targets.iter().any(|t| {
                            self.by_code.get(t).is_some_and(|&c| {
                                h.new_codes.contains(&self.communes[c].province_code)
                            })
                        }) =>
                    {
                        loose.push(i)
                    }
                    Some(_) => {}
                }
            }
            let found = if strict.is_empty() { loose } else { strict };
            for i in soft_filter(found, |i| kind.is_none_or(|kd| self.old[i].kind == kd)) {
                push_unique_idx(&mut olds, i);
            }
            // new communes of that name in the province
            let found: Vec<usize> = self
                .new_by_key
                .get(k)
                .into_iter()
                .flatten()
                .copied()
                .filter(|&i| {
                    hint.is_none_or(|h| h.new_codes.contains(&self.communes[i].province_code))
                })
                .collect();
            for i in soft_filter(found, |i| {
                kind.is_none_or(|kd| key_tokens(self.communes[i].division).join(" ") == kd)
            }) {
                push_unique_idx(&mut news, i);
            }
        }
        // soft district filter on old communes
        let mut district_hit = false;
        if !district_keys.is_empty() {
            let f: Vec<usize> = olds
                .iter()
                .copied()
                .filter(|&i| district_keys.contains(&self.old[i].district_key))
                .collect();
            if !f.is_empty() {
                olds = f;
                district_hit = true;
            }
        }

        let mut out: Vec<CommuneRef> = Vec::new();
        let push_old = |out: &mut Vec<CommuneRef>| {
            for &i in &olds {
                for t in &self.old[i].targets {
                    if let Some(&c) = self.by_code.get(t)
                        && !out.iter().any(|r| r.code == *t)
                    {
                        out.push(self.commune_ref(c, true));
                    }
                }
            }
        };
        let push_new = |out: &mut Vec<CommuneRef>| {
            for &i in &news {
                let code = self.communes[i].code;
                if let Some(r) = out.iter_mut().find(|r| r.code == code) {
                    r.via_old_name = false;
                } else {
                    out.push(self.commune_ref(i, false));
                }
            }
        };
        if district_hit {
            push_old(&mut out);
            push_new(&mut out);
        } else {
            push_new(&mut out);
            push_old(&mut out);
        }
        out
    }

    fn commune_ref(&self, i: usize, via_old_name: bool) -> CommuneRef {
        let c = &self.communes[i];
        CommuneRef {
            code: c.code,
            name: c.name,
            province_code: c.province_code,
            via_old_name,
        }
    }

    /// Resolve the commune of a parsed address (None when it has no commune).
    pub fn resolve_address(&self, a: &Address) -> Vec<CommuneRef> {
        match &a.commune {
            Some(c) => self.resolve_commune(c, a.district.as_deref(), a.province.as_deref()),
            None => Vec::new(),
        }
    }

    /// "Xã Lộc Ninh" for a 2025 ward code ("4" and "00004" both accepted).
    pub fn commune_name(&self, code: &str) -> Option<&str> {
        let c = normalise_code(code)?;
        self.by_code.get(c.as_str()).map(|&i| self.communes[i].name)
    }

    /// The 2-digit 2025 province code of a 2025 ward code.
    pub fn commune_province(&self, code: &str) -> Option<&str> {
        let c = normalise_code(code)?;
        self.by_code
            .get(c.as_str())
            .map(|&i| self.communes[i].province_code)
    }

    /// "Tỉnh Đồng Tháp" for a 2025 province code.
    pub fn province_name(&self, code: &str) -> Option<&str> {
        self.province_names.get(code).copied()
    }

    /// The 2025 province codes a province name points to (an old name gives the province it
    /// merged into; a new name gives itself).
    pub fn province_codes_2025(&self, province: &str) -> Vec<&'static str> {
        self.province_hint(province)
            .map(|h| h.new_codes.clone())
            .unwrap_or_default()
    }
}

/// Keep the items that pass, unless none does.
fn soft_filter(v: Vec<usize>, keep: impl Fn(usize) -> bool) -> Vec<usize> {
    if v.iter().any(|&i| keep(i)) {
        v.into_iter().filter(|&i| keep(i)).collect()
    } else {
        v
    }
}

fn push_unique_idx(v: &mut Vec<usize>, i: usize) {
    if !v.contains(&i) {
        v.push(i);
    }
}

fn push_unique(v: &mut Vec<&'static str>, s: &'static str) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// A ward code of up to 5 digits, zero-padded to 5, without allocating.
fn padded_code(code: &str) -> Option<[u8; 5]> {
    let t = code.trim().as_bytes();
    if t.is_empty() || t.len() > 5 || !t.iter().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut out = [b'0'; 5];
    out[5 - t.len()..].copy_from_slice(t);
    Some(out)
}

fn normalise_code(code: &str) -> Option<String> {
    let t = code.trim();
    if t.is_empty() || t.len() > 5 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{t:0>5}"))
}

/// The unit type written before a commune name, as a key: "xa", "phuong", "thi tran".
fn commune_kind(s: &str) -> Option<String> {
    let toks = key_tokens(s);
    if toks.len() < 2 {
        return None;
    }
    match (toks[0].as_str(), toks[1].as_str()) {
        ("xa" | "x", _) => Some("xa".into()),
        ("phuong" | "p" | "ph", _) => Some("phuong".into()),
        ("f", n) if n.bytes().all(|b| b.is_ascii_digit()) => Some("phuong".into()),
        ("thi", "tran") | ("tt", _) => Some("thi tran".into()),
        ("dac", "khu") => Some("dac khu".into()),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct CommuneRef {
    /// 5-digit 2025 ward code (the reference tables are compiled in: no copy per row)
    pub code: &'static str,
    /// "Xã Lộc Ninh"
    pub name: &'static str,
    /// 2-digit 2025 province code
    pub province_code: &'static str,
    /// reached through a pre-2025 commune name (ward_mapping_2025.tsv)
    pub via_old_name: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum CommuneLevel {
    /// the list's first commune is the registry's, by its 2025 name
    Same,
    /// one of the list's communes (through an old name, a split or an ambiguous name) is the
    /// registry's
    MappedSame,
    Different,
    /// the list has no resolvable commune, or the registry code is unknown
    Unknown,
}

/// [`compare_communes`] with the listed commune that agreed (the registry's), if one did.
pub fn compare_communes_at(
    list: &[CommuneRef],
    registry_code: &str,
) -> (CommuneLevel, Option<&'static str>) {
    let Some(padded) = padded_code(registry_code) else {
        return (CommuneLevel::Unknown, None);
    };
    let reg = std::str::from_utf8(&padded).unwrap_or("");
    let Some(first) = list.first() else {
        return (CommuneLevel::Unknown, None);
    };
    if first.code == reg && !first.via_old_name {
        (CommuneLevel::Same, Some(first.code))
    } else if let Some(r) = list.iter().find(|r| r.code == reg) {
        (CommuneLevel::MappedSame, Some(r.code))
    } else {
        (CommuneLevel::Different, None)
    }
}

/// Compare the list's resolved communes with the registry's 2025 ward code.
pub fn compare_communes(list: &[CommuneRef], registry_code: &str) -> CommuneLevel {
    // zero-padded on the stack: this runs for every candidate of every row
    let Some(padded) = padded_code(registry_code) else {
        return CommuneLevel::Unknown;
    };
    let reg = std::str::from_utf8(&padded).unwrap_or("");
    let Some(first) = list.first() else {
        return CommuneLevel::Unknown;
    };
    if first.code == reg && !first.via_old_name {
        CommuneLevel::Same
    } else if list.iter().any(|r| r.code == reg) {
        CommuneLevel::MappedSame
    } else {
        CommuneLevel::Different
    }
}

// ---------------------------------------------------------------------------------------------
// Address parsing

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Hamlet,
    Street,
    Commune,
    District,
    /// "TP. X": a province when X is one, else a district-level city
    City,
    Province,
}

/// Unit words as written (NFC lowercase, with diacritics; abbreviations end with '.').
const UNIT_WORDS: &[(&str, Part)] = &[
    ("thị trấn", Part::Commune),
    ("thị xã", Part::District),
    ("thành phố", Part::City),
    ("đặc khu", Part::Commune),
    ("xã", Part::Commune),
    ("phường", Part::Commune),
    ("huyện", Part::District),
    ("quận", Part::District),
    ("tỉnh", Part::Province),
    ("tt.", Part::Commune),
    ("tx.", Part::District),
    ("tp.", Part::City),
    ("tp", Part::City),
    ("x.", Part::Commune),
    ("p.", Part::Commune),
    ("h.", Part::District),
    ("q.", Part::District),
    ("t.", Part::Province),
];

/// Unit words of an address written without diacritics (folded).
const UNIT_WORDS_ASCII: &[(&str, Part)] = &[
    ("thi tran", Part::Commune),
    ("thi xa", Part::District),
    ("thanh pho", Part::City),
    ("xa", Part::Commune),
    ("phuong", Part::Commune),
    ("huyen", Part::District),
    ("quan", Part::District),
    ("tinh", Part::Province),
];

/// Words that open a below-commune part (as written, lowercase).
const HAMLET_WORDS: &[&str] = &[
    "thôn",
    "xóm",
    "làng",
    "ấp",
    "bản",
    "buôn",
    "bon",
    "plei",
    "plơi",
    "phum",
    "sóc",
    "khóm",
    "khu vực",
    "khu phố",
    "kp",
    "kp.",
    "tổ dân phố",
    "tdp",
    "tổ",
    "đội",
    "khu",
    "cụm",
    "khối",
];

/// A hamlet in comparison form: folded, its type word left out ("Thôn", "Ấp", "Tổ dân phố",
/// "KP", …) and numbers without leading zeros, so "Thôn 03" and "thôn 3", "Ấp Phú Hòa" and
/// "AP PHU HOA", "Tổ dân phố 5" and "TDP 5" are one hamlet. `None` when nothing is left.
pub fn hamlet_key(hamlet: &str) -> Option<String> {
    let folded = crate::text::fold::fold(hamlet);
    // "KP2", "TDP5", "Tổ5": a type word glued to its number
    let mut words: Vec<&str> = Vec::new();
    for w in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let cut = w.find(|c: char| c.is_ascii_digit()).unwrap_or(w.len());
        let (letters, digits) = w.split_at(cut);
        if cut > 0
            && !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && matches!(
                letters,
                "kp" | "tdp" | "to" | "ap" | "thon" | "xom" | "khom" | "khu" | "so"
            )
        {
            words.push(letters);
            words.push(digits);
        } else {
            words.push(w);
        }
    }
    let mut rest: &[&str] = &words;
    // the longest type word at the front ("to dan pho" before "to")
    static TYPE_WORDS: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    let types = TYPE_WORDS.get_or_init(|| {
        HAMLET_WORDS
            .iter()
            .map(|w| {
                crate::text::fold::fold(w)
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .collect()
    });
    let mut best = 0;
    for tw in types {
        if !tw.is_empty()
            && tw.len() > best
            && tw.len() < rest.len()
            && rest.iter().zip(tw).all(|(a, b)| *a == b)
        {
            best = tw.len();
        }
    }
    rest = &rest[best..];
    // "Tổ dân phố số 5": the word "số" before the number says nothing
    if rest.len() == 2 && rest[0] == "so" && rest[1].bytes().all(|b| b.is_ascii_digit()) {
        rest = &rest[1..];
    }
    // "Thôn Ba", "Thôn III": the number written in words or in Roman numerals
    if rest.len() == 1 {
        let lower: String = hamlet.to_lowercase();
        let last = lower
            .split(|c: char| !c.is_alphanumeric())
            .rfind(|w| !w.is_empty())
            .unwrap_or("");
        // Roman numerals only as written in capitals ("Thôn III"; "Thôn Vi" is a name)
        let written_upper = hamlet
            .split(|c: char| !c.is_alphanumeric())
            .rfind(|w| !w.is_empty())
            .is_some_and(|w| w.bytes().all(|b| matches!(b, b'I' | b'V' | b'X')));
        let numeral = if written_upper { roman(rest[0]) } else { None };
        if let Some(n) = number_word(last).or(numeral) {
            return Some(n.to_string());
        }
    }
    let key: Vec<String> = rest
        .iter()
        .map(|w| {
            if w.bytes().all(|b| b.is_ascii_digit()) {
                let t = w.trim_start_matches('0');
                if t.is_empty() {
                    "0".to_string()
                } else {
                    t.to_string()
                }
            } else {
                (*w).to_string()
            }
        })
        .collect();
    if key.is_empty() {
        None
    } else {
        Some(key.join(" "))
    }
}

/// A hamlet's number written as a word, with its marks ("năm" is five, "nam" is south).
fn number_word(w: &str) -> Option<u32> {
    let n = match w {
        "một" => 1,
        "hai" => 2,
        "ba" => 3,
        "bốn" | "tư" => 4,
        "năm" => 5,
        "sáu" => 6,
        "bảy" => 7,
        "tám" => 8,
        "chín" => 9,
        "mười" => 10,
        _ => return None,
    };
    Some(n)
}

/// A Roman numeral from I to XXX (folded, lowercase), as hamlets are numbered in some provinces.
fn roman(w: &str) -> Option<u32> {
    if w.is_empty() || w.len() > 6 || !w.bytes().all(|b| matches!(b, b'i' | b'v' | b'x')) {
        return None;
    }
    let val = |b: u8| match b {
        b'i' => 1,
        b'v' => 5,
        _ => 10,
    };
    let b = w.as_bytes();
    let mut total = 0i32;
    for k in 0..b.len() {
        let v = val(b[k]);
        if b.get(k + 1).is_some_and(|&n| val(n) > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    (1..=30).contains(&total).then_some(total as u32)
}

/// Words that open a street-level part (as written, lowercase).
const STREET_WORDS: &[&str] = &[
    "số nhà",
    "số",
    "sn",
    "ngõ",
    "ngách",
    "hẻm",
    "kiệt",
    "đường",
    "phố",
    "lô",
    "nhà",
];

/// The part starts with `w` (a whole word or words); without diacritics when `ascii`.
fn starts_with_words(lower: &str, folded: &str, w: &str, ascii: bool) -> bool {
    let hit = |text: &str, word: &str| {
        text == word
            || text.strip_prefix(word).is_some_and(|r| {
                r.starts_with(' ')
                    || word.ends_with('.')
                    || r.starts_with(|c: char| c.is_ascii_digit())
            })
    };
    hit(lower, w) || (ascii && hit(folded, &crate::text::fold::fold(w)))
}

fn lower_nfc(s: &str) -> String {
    s.nfc().collect::<String>().to_lowercase()
}

/// Split "Thôn 3 xã Lộc Khánh huyện Lộc Ninh" before each unit word (not at the start).
fn split_on_unit_words(part: &str, ascii: bool) -> Vec<String> {
    let words: Vec<&str> = part.split_whitespace().collect();
    let lw: Vec<String> = words.iter().map(|w| lower_nfc(w)).collect();
    let fw: Vec<String> = words.iter().map(|w| crate::text::fold::fold(w)).collect();
    let mut cuts = Vec::new();
    let mut i = 1;
    while i < words.len() {
        let mut hit = 0;
        for (w, _) in UNIT_WORDS {
            let n = w.split(' ').count();
            if i + n <= words.len() && lw[i..i + n].join(" ") == *w && i + n < words.len() {
                hit = n;
                break;
            }
        }
        if hit == 0 && ascii {
            for (w, _) in UNIT_WORDS_ASCII {
                let n = w.split(' ').count();
                if i + n <= words.len() && fw[i..i + n].join(" ") == *w && i + n < words.len() {
                    hit = n;
                    break;
                }
            }
        }
        if hit > 0 {
            // "thị xã": do not cut again before its "xã"
            cuts.push(i);
            i += hit;
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    for c in cuts {
        out.push(words[start..c].join(" "));
        start = c;
    }
    out.push(words[start..].join(" "));
    // a lone unit word ("Phường" of "Phường Phường Đúc") joins the next piece
    let mut merged: Vec<String> = Vec::new();
    let mut carry = String::new();
    for p in out {
        let lp = lower_nfc(p.trim_end_matches('.'));
        let lone = UNIT_WORDS
            .iter()
            .any(|(w, _)| w.trim_end_matches('.') == lp);
        if lone {
            carry = if carry.is_empty() {
                p
            } else {
                format!("{carry} {p}")
            };
        } else if !carry.is_empty() {
            merged.push(format!("{carry} {p}"));
            carry.clear();
        } else {
            merged.push(p);
        }
    }
    if !carry.is_empty() {
        merged.push(carry);
    }
    merged
}

/// The part's unit type from its first word(s).
fn classify_part(p: &str, ascii: bool) -> Option<Part> {
    let l = lower_nfc(p);
    if AdminMap::get().is_province(p) && !l.starts_with("tỉnh") && !l.starts_with("thành phố")
    {
        return None;
    }
    for (w, kind) in UNIT_WORDS {
        if let Some(rest) = l.strip_prefix(w)
            && (w.ends_with('.') || rest.starts_with(' ') || rest.is_empty())
            && !rest.trim().is_empty()
        {
            return Some(*kind);
        }
    }
    let toks = key_tokens(p);
    let f = toks.join(" ");
    if ascii {
        for (w, kind) in UNIT_WORDS_ASCII {
            if f.starts_with(&format!("{w} ")) {
                return Some(*kind);
            }
        }
    }
    // glued: P12, F12, Q1, P.12
    if toks.len() == 2 && toks[1].bytes().all(|b| b.is_ascii_digit()) {
        match toks[0].as_str() {
            "p" | "f" | "ph" => return Some(Part::Commune),
            "q" => return Some(Part::District),
            _ => {}
        }
    }
    let lower = l.split_whitespace().collect::<Vec<_>>().join(" ");
    let folded = crate::text::fold::fold(p);
    if HAMLET_WORDS
        .iter()
        .any(|w| starts_with_words(&lower, &folded, w, ascii))
    {
        return Some(Part::Hamlet);
    }
    if STREET_WORDS
        .iter()
        .any(|w| starts_with_words(&lower, &folded, w, ascii))
    {
        return Some(Part::Street);
    }
    if toks
        .first()
        .is_some_and(|t| t.bytes().all(|b| b.is_ascii_digit()))
    {
        return Some(Part::Street);
    }
    None
}

/// "Thôn 3, xã Lộc Khánh, huyện Lộc Ninh, tỉnh Bình Phước", "Ấp 2, X. Lộc Khánh, H. Lộc Ninh",
/// "KP 3, P.12, Q. Gò Vấp, TP.HCM", ... into parts (text as written, unit word included).
/// Unlabelled parts are placed by position and by the names the map knows.
pub fn parse_address(s: &str) -> Address {
    let mut a = Address {
        raw: s.to_string(),
        ..Default::default()
    };
    let nfc: String = s.nfc().collect();
    let ascii = nfc.is_ascii();
    // "T.P" -> "TP"; a space after abbreviation dots: "X.Lộc" -> "X. Lộc", "P.12" -> "P. 12"
    let mut t = String::with_capacity(nfc.len() + 8);
    let chars: Vec<char> = nfc.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c == 't' || c == 'T')
            && chars.get(i + 1) == Some(&'.')
            && matches!(chars.get(i + 2), Some('p' | 'P'))
            && !chars.get(i + 3).is_some_and(|c| c.is_alphabetic())
            && (i == 0 || !chars[i - 1].is_alphanumeric())
        {
            t.push_str("TP");
            i += 3;
            continue;
        }
        t.push(c);
        if c == '.' && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()) {
            t.push(' ');
        }
        i += 1;
    }
    let map = AdminMap::get();
    let mut parts: Vec<String> = Vec::new();
    for piece in t.split([',', ';', '\n', '|']) {
        // " - " separates parts too, except inside a province name ("Bà Rịa - Vũng Tàu")
        let sub: Vec<&str> = if piece.contains(" - ") && !map.is_province(piece) {
            piece.split(" - ").collect()
        } else {
            vec![piece]
        };
        for p in sub {
            for q in split_on_unit_words(p.trim(), ascii) {
                let q = q.trim().trim_matches(['.', '-', ':']).trim();
                if !q.is_empty() {
                    parts.push(q.to_string());
                }
            }
        }
    }
    let mut kinds: Vec<Option<Part>> = parts.iter().map(|p| classify_part(p, ascii)).collect();
    // right to left; `floor` is the lowest level placed so far (parts are written from the
    // smallest unit to the largest)
    let rank = |k: Part| match k {
        Part::Province | Part::City => 3,
        Part::District => 2,
        Part::Commune => 1,
        Part::Hamlet | Part::Street => 0,
    };
    let mut floor = 4;
    for idx in (0..parts.len()).rev() {
        let p = &parts[idx];
        let kind = match kinds[idx] {
            Some(Part::Street) => continue,
            // "TP. X": the province when X names one and none was seen to the right, else a
            // district-level city ("TP. Sóc Trăng, tỉnh Sóc Trăng")
            Some(Part::City) => Some(if a.province.is_none() && floor > 3 && map.is_province(p) {
                Part::Province
            } else {
                Part::District
            }),
            Some(k) => Some(k),
            None => {
                let commune_left =
                    (0..idx).any(|j| kinds[j].is_none() || kinds[j] == Some(Part::Commune));
                if floor > 3 && a.province.is_none() && map.is_province(p) {
                    Some(Part::Province)
                } else if floor > 2
                    && a.district.is_none()
                    && commune_left
                    && map.is_old_district(p)
                {
                    Some(Part::District)
                } else if floor > 1 && a.commune.is_none() {
                    Some(Part::Commune)
                } else if floor > 0 && a.hamlet.is_none() {
                    Some(Part::Hamlet)
                } else {
                    None
                }
            }
        };
        let Some(kind) = kind else { continue };
        kinds[idx] = Some(kind);
        let slot = match kind {
            Part::Hamlet => &mut a.hamlet,
            Part::Commune => &mut a.commune,
            Part::District => &mut a.district,
            Part::Province | Part::City => &mut a.province,
            Part::Street => continue,
        };
        if slot.is_none() {
            *slot = Some(p.clone());
        }
        floor = floor.min(rank(kind));
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hamlet_keys_ignore_the_type_word_case_marks_and_leading_zeros() {
        assert_eq!(hamlet_key("Thôn 03").as_deref(), Some("3"));
        assert_eq!(hamlet_key("thôn 3"), hamlet_key("Thôn 03"));
        assert_eq!(hamlet_key("Ấp Phú Hòa"), hamlet_key("AP PHU HOA"));
        assert_eq!(hamlet_key("Tổ dân phố 5"), hamlet_key("TDP 5"));
        assert_eq!(hamlet_key("Khu phố 2"), hamlet_key("KP 2"));
        assert_ne!(hamlet_key("Thôn 3"), hamlet_key("Thôn 4"));
        assert_eq!(hamlet_key("Thôn").as_deref(), Some("thon"));
        assert_eq!(hamlet_key("Tổ dân phố Số 1"), hamlet_key("Tổ dân phố 1"));
        assert_eq!(hamlet_key("Thôn Ba"), hamlet_key("Thôn 3"));
        assert_eq!(hamlet_key("Ấp III"), hamlet_key("Ấp 3"));
        assert_eq!(hamlet_key("Thôn Năm"), hamlet_key("Thôn 5"));
        assert_ne!(hamlet_key("Thôn Nam"), hamlet_key("Thôn 5"));
        assert_eq!(hamlet_key("Thôn Đông").as_deref(), Some("dong"));
        assert_eq!(hamlet_key("Thôn Vi").as_deref(), Some("vi"));
        assert_eq!(hamlet_key("KP2"), hamlet_key("Khu phố 2"));
        assert_eq!(hamlet_key("TDP05"), hamlet_key("Tổ dân phố 5"));
        assert_eq!(hamlet_key(""), None);
    }

    fn codes(v: &[CommuneRef]) -> Vec<&str> {
        v.iter().map(|r| r.code).collect()
    }

    #[test]
    fn keys() {
        assert_eq!(key_tokens("Phường 01"), ["phuong", "1"]);
        assert_eq!(key_tokens("P.12"), ["p", "12"]);
        assert_eq!(key_tokens("F12"), ["f", "12"]);
        assert_eq!(key_tokens("Xã Hoà Bình"), key_tokens("xa hòa binh"));
        assert_eq!(key_tokens("Mỹ Đức"), key_tokens("Mĩ Đức"));
        assert_eq!(
            official_key("Thị trấn Lộc Ninh", Level::Commune),
            "loc ninh"
        );
        assert_eq!(
            lookup_keys("Phường Đúc", Level::Commune),
            ["duc", "phuong duc"]
        );
    }

    #[test]
    fn map_builds() {
        let m = AdminMap::get();
        assert_eq!(m.communes.len(), 3321);
        assert_eq!(m.old.len(), 10_040);
        assert_eq!(m.commune_name("00004"), Some("Phường Ba Đình"));
        assert_eq!(m.commune_name("4"), Some("Phường Ba Đình"));
        assert_eq!(m.commune_name("x"), None);
        assert_eq!(m.commune_province("00004"), Some("01"));
        assert!(m.is_province("TP.HCM"));
        assert!(m.is_province("tphcm"));
        assert!(m.is_province("Tỉnh Bình Phước"));
        assert!(m.is_province("Bà Rịa - Vũng Tàu"));
        assert!(m.is_province("Thừa Thiên Huế"));
        assert!(!m.is_province("Lộc Ninh"));
        assert_eq!(m.province_codes_2025("Bình Phước"), ["75"]);
    }

    #[test]
    fn resolve_old_and_new() {
        let m = AdminMap::get();
        // old Phường Cống Vị (split: default Ngọc Hà 00008, also Giảng Võ 00025)
        let r = m.resolve_commune("P. Cống Vị", Some("Q. Ba Đình"), Some("Hà Nội"));
        assert_eq!(codes(&r), ["00008", "00025"]);
        assert!(r.iter().all(|x| x.via_old_name));
        assert_eq!(compare_communes(&r, "00008"), CommuneLevel::MappedSame);
        assert_eq!(compare_communes(&r, "00025"), CommuneLevel::MappedSame);
        assert_eq!(compare_communes(&r, "00004"), CommuneLevel::Different);
        assert_eq!(compare_communes(&[], "00004"), CommuneLevel::Unknown);
        // new name
        let r = m.resolve_commune("phường Ngọc Hà", None, Some("TP Hà Nội"));
        assert_eq!(r[0].code, "00008");
        assert!(!r[0].via_old_name);
        assert_eq!(compare_communes(&r, "00008"), CommuneLevel::Same);
        // island district without communes
        let r = m.resolve_commune("Côn Đảo", None, Some("Bà Rịa - Vũng Tàu"));
        assert_eq!(codes(&r), ["26732"]);
        // garbage
        assert!(m.resolve_commune("", None, None).is_empty());
        assert!(m.resolve_commune("!!!", None, None).is_empty());
        assert!(
            m.resolve_commune("Không có xã này", None, Some("Hà Nội"))
                .is_empty()
        );
    }

    #[test]
    fn parse_addresses() {
        let a = parse_address("Thôn 3, xã Lộc Khánh, huyện Lộc Ninh, tỉnh Bình Phước");
        assert_eq!(a.hamlet.as_deref(), Some("Thôn 3"));
        assert_eq!(a.commune.as_deref(), Some("xã Lộc Khánh"));
        assert_eq!(a.district.as_deref(), Some("huyện Lộc Ninh"));
        assert_eq!(a.province.as_deref(), Some("tỉnh Bình Phước"));
        let a = parse_address("Ấp 2, X. Lộc Khánh, H. Lộc Ninh");
        assert_eq!(a.hamlet.as_deref(), Some("Ấp 2"));
        assert_eq!(a.commune.as_deref(), Some("X. Lộc Khánh"));
        assert_eq!(a.district.as_deref(), Some("H. Lộc Ninh"));
        assert_eq!(a.province, None);
        let a = parse_address("KP 3, P.12, Q. Gò Vấp, TP.HCM");
        assert_eq!(a.hamlet.as_deref(), Some("KP 3"));
        assert_eq!(a.commune.as_deref(), Some("P. 12"));
        assert_eq!(a.district.as_deref(), Some("Q. Gò Vấp"));
        assert_eq!(a.province.as_deref(), Some("TP. HCM"));
        let a = parse_address("Thôn 3 xã Lộc Khánh huyện Lộc Ninh tỉnh Bình Phước");
        assert_eq!(a.commune.as_deref(), Some("xã Lộc Khánh"));
        assert_eq!(a.district.as_deref(), Some("huyện Lộc Ninh"));
        let a = parse_address("Thôn 3, Lộc Khánh, Lộc Ninh, Bình Phước");
        assert_eq!(a.hamlet.as_deref(), Some("Thôn 3"));
        assert_eq!(a.commune.as_deref(), Some("Lộc Khánh"));
        assert_eq!(a.district.as_deref(), Some("Lộc Ninh"));
        assert_eq!(a.province.as_deref(), Some("Bình Phước"));
        let a = parse_address("Ấp Bình An, Lộc Ninh, Đồng Nai");
        assert_eq!(a.hamlet.as_deref(), Some("Ấp Bình An"));
        assert_eq!(a.commune.as_deref(), Some("Lộc Ninh"));
        assert_eq!(a.province.as_deref(), Some("Đồng Nai"));
        let a = parse_address("Tổ 5, phường Phúc Xá, quận Ba Đình, Hà Nội");
        assert_eq!(a.commune.as_deref(), Some("phường Phúc Xá"));
        assert_eq!(a.province.as_deref(), Some("Hà Nội"));
        let a = parse_address("thon 3 xa loc khanh huyen loc ninh tinh binh phuoc");
        assert_eq!(a.commune.as_deref(), Some("xa loc khanh"));
        assert_eq!(a.district.as_deref(), Some("huyen loc ninh"));
        let a = parse_address("123 Lê Lợi, P. Bến Thành, Q.1, TP. Hồ Chí Minh");
        assert_eq!(a.commune.as_deref(), Some("P. Bến Thành"));
        assert_eq!(a.district.as_deref(), Some("Q. 1"));
        assert_eq!(a.province.as_deref(), Some("TP. Hồ Chí Minh"));
        let a = parse_address("Xóm 2, xã Phúc Xá, TP. Biên Hòa, Bà Rịa - Vũng Tàu");
        assert_eq!(a.district.as_deref(), Some("TP. Biên Hòa"));
        assert_eq!(a.province.as_deref(), Some("Bà Rịa - Vũng Tàu"));
        for s in ["", "   ", ",,,", "#N/A", "x"] {
            let _ = parse_address(s);
        }
        let r = AdminMap::get().resolve_address(&parse_address(
            "Thôn 3, xã Lộc Khánh, huyện Lộc Ninh, tỉnh Bình Phước",
        ));
        assert!(!r.is_empty());
        assert!(r.iter().all(|c| c.province_code == "75"));
    }

    /// Tone placement moved between the old and new styles (hoà/hòa, thuỷ/thủy).
    fn swap_tone_style(s: &str) -> String {
        const PAIRS: &[(&str, &str)] = &[
            ("òa", "oà"),
            ("óa", "oá"),
            ("ỏa", "oả"),
            ("õa", "oã"),
            ("ọa", "oạ"),
            ("òe", "oè"),
            ("óe", "oé"),
            ("ỏe", "oẻ"),
            ("õe", "oẽ"),
            ("ọe", "oẹ"),
            ("ùy", "uỳ"),
            ("úy", "uý"),
            ("ủy", "uỷ"),
            ("ũy", "uỹ"),
            ("ụy", "uỵ"),
        ];
        let mut t: String = s.nfc().collect();
        for (a, b) in PAIRS {
            if t.contains(a) {
                t = t.replace(a, b);
            } else if t.contains(b) {
                t = t.replace(b, a);
            }
        }
        t
    }

    fn strip_marks(s: &str) -> String {
        s.nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .map(|c| match c {
                'đ' => 'd',
                'Đ' => 'D',
                c => c,
            })
            .collect()
    }

    /// Every old commune of ward_mapping_2025.tsv, written the usual ways, resolves to its
    /// 2025 commune(s); with district + province given in full, the split default comes first.
    #[test]
    fn every_old_commune_resolves() {
        let m = AdminMap::get();
        // group rows by old commune
        let mut groups: Vec<(Vec<&str>, Vec<&str>)> = Vec::new(); // (fields, targets)
        let mut index: HashMap<(&str, &str, &str), usize> = HashMap::new();
        let mut same_name_in_district: HashMap<(&str, &str, String), usize> = HashMap::new();
        for line in data_lines(WARD_MAPPING_TSV) {
            let f: Vec<&str> = line.split('\t').collect();
            let id = (f[0], f[2], f[4]);
            let i = *index.entry(id).or_insert_with(|| {
                groups.push((f.clone(), Vec::new()));
                *same_name_in_district
                    .entry((f[0], f[2], official_key(f[5], Level::Commune)))
                    .or_default() += 1;
                groups.len() - 1
            });
            if f[11] == "default" {
                groups[i].1.insert(0, f[8]);
            } else {
                groups[i].1.push(f[8]);
            }
        }
        assert_eq!(groups.len(), 10_040);
        let mut checked = 0usize;
        for (f, targets) in &groups {
            let (province, district, ward) = (f[1], f[3], f[5]);
            let name = if ward.is_empty() { district } else { ward };
            let toks: Vec<&str> = name.split(' ').collect();
            let (type_word, bare) = if ward.is_empty() {
                (String::new(), toks[1..].join(" "))
            } else if toks[0] == "Thị" {
                ("Thị trấn".to_string(), toks[2..].join(" "))
            } else {
                (toks[0].to_string(), toks[1..].join(" "))
            };
            let abbr = match type_word.as_str() {
                "Xã" => "X.",
                "Phường" => "P.",
                "Thị trấn" => "TT.",
                _ => "",
            };
            let mut forms = vec![
                name.to_string(),
                bare.clone(),
                name.to_lowercase(),
                name.to_uppercase(),
                strip_marks(name),
                strip_marks(&bare).to_lowercase(),
                swap_tone_style(name),
                swap_tone_style(&bare),
                name.nfd().collect::<String>(),
            ];
            if !abbr.is_empty() {
                forms.push(format!("{abbr} {bare}"));
                forms.push(format!("{abbr}{bare}"));
            }
            if bare.bytes().all(|b| b.is_ascii_digit()) && type_word == "Phường" {
                forms.push(format!("P{bare}"));
                forms.push(format!("F{bare}"));
                forms.push(format!("Phường {bare:0>2}"));
            }
            let dist_toks: Vec<&str> = district.split(' ').collect();
            let dist_abbr = match dist_toks[0] {
                "Huyện" => format!("H. {}", dist_toks[1..].join(" ")),
                "Quận" => format!("Q.{}", dist_toks[1..].join(" ")),
                "Thị" => format!("TX. {}", dist_toks[2..].join(" ")),
                _ => format!("TP. {}", dist_toks[2..].join(" ")),
            };
            let hint_sets: [(Option<&str>, Option<&str>); 4] = [
                (Some(district), Some(province)),
                (Some(&dist_abbr), Some(province)),
                (None, Some(province)),
                (None, None),
            ];
            let unique_in_district = same_name_in_district
                .get(&(f[0], f[2], official_key(f[5], Level::Commune)))
                .copied()
                == Some(1);
            for form in &forms {
                for (hi, (d, p)) in hint_sets.iter().enumerate() {
                    // the bare name without any hint is too ambiguous to check cheaply
                    if hi == 3 && form != name {
                        continue;
                    }
                    let r = m.resolve_commune(form, *d, *p);
                    let got = codes(&r);
                    for t in targets {
                        assert!(
                            got.contains(t),
                            "{form:?} / {d:?} / {p:?}: expected {t} in {got:?}"
                        );
                    }
                    if hi < 2 && unique_in_district {
                        assert_eq!(
                            got.first(),
                            targets.first(),
                            "{form:?} / {d:?} / {p:?}: default first"
                        );
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 100_000, "{checked}");
    }
}
