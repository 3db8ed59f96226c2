//! List context: the administrative units a list is about, read from where the clerk wrote them
//! once instead of on every row — the title rows ("UBND XÃ TÂN PHÚ", "DANH SÁCH HỘ NGHÈO XÃ
//! LỘC KHÁNH NĂM 2025"), the group rows above the people ("Thôn 3", "Xã Tân Phú"), the sheet
//! name, the file name and the options of the run. A row's own address always wins; the context
//! fills in the levels it leaves out.

use serde::Serialize;

use super::address::{AdminMap, key_tokens};

/// Where a unit of a row's address came from (most specific first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContextSource {
    /// The row's own address columns.
    Row,
    /// The group row above it ("Thôn 3", "Xã Tân Phú").
    Group,
    /// `--commune` / `--district` / `--province` of the run.
    Option,
    /// The sheet's title rows and signature block.
    Title,
    /// The sheet's name.
    Sheet,
    /// The file's name.
    File,
}

impl ContextSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ContextSource::Row => "row",
            ContextSource::Group => "group",
            ContextSource::Option => "option",
            ContextSource::Title => "title",
            ContextSource::Sheet => "sheet",
            ContextSource::File => "file",
        }
    }

    /// "tiêu đề danh sách", for the "why" column.
    pub fn label_vi(self) -> &'static str {
        match self {
            ContextSource::Row => "địa chỉ của dòng",
            ContextSource::Group => "dòng nhóm phía trên",
            ContextSource::Option => "tùy chọn dòng lệnh",
            ContextSource::Title => "tiêu đề danh sách",
            ContextSource::Sheet => "tên sheet",
            ContextSource::File => "tên tệp",
        }
    }
}

/// One unit as written ("Xã Tân Phú", "Huyện Đồng Phú"), with where it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContextUnit {
    pub text: String,
    pub source: ContextSource,
}

/// The units found in one text, each as written with its unit word.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Units {
    pub hamlet: Option<String>,
    pub commune: Option<String>,
    pub district: Option<String>,
    pub province: Option<String>,
}

impl Units {
    pub fn is_empty(&self) -> bool {
        self.hamlet.is_none()
            && self.commune.is_none()
            && self.district.is_none()
            && self.province.is_none()
    }
}

/// What a sheet's rows default to when they do not say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListContext {
    pub province: Option<ContextUnit>,
    pub district: Option<ContextUnit>,
    pub commune: Option<ContextUnit>,
    pub hamlet: Option<ContextUnit>,
}

impl ListContext {
    pub fn is_empty(&self) -> bool {
        self.province.is_none()
            && self.district.is_none()
            && self.commune.is_none()
            && self.hamlet.is_none()
    }

    /// Fill the levels still empty from `units`, found at `source`.
    pub fn fill(&mut self, units: &Units, source: ContextSource) {
        let put = |slot: &mut Option<ContextUnit>, v: &Option<String>| {
            if slot.is_none()
                && let Some(t) = v
            {
                *slot = Some(ContextUnit {
                    text: t.clone(),
                    source,
                });
            }
        };
        put(&mut self.province, &units.province);
        put(&mut self.district, &units.district);
        put(&mut self.commune, &units.commune);
        put(&mut self.hamlet, &units.hamlet);
    }

    /// The context of a sheet: the run's options first, then its title rows, its name and the
    /// file's name. A lower unit found in a less specific place is only taken when it does not
    /// contradict what was found before it (a file named after a commune of another district).
    pub fn of_sheet(
        options: &ListContext,
        titles: &[String],
        sheet: &str,
        file: &str,
    ) -> ListContext {
        let mut ctx = options.clone();
        let mut from_titles = Units::default();
        for t in titles {
            let u = units_in_text(t);
            merge_missing(&mut from_titles, &u);
        }
        ctx.fill(&from_titles, ContextSource::Title);
        let sheet_units = units_in_name(sheet, &ctx);
        ctx.fill(&sheet_units, ContextSource::Sheet);
        let file_units = units_in_name(&file_stem(file), &ctx);
        ctx.fill(&file_units, ContextSource::File);
        ctx
    }

    /// The context the user gave (`--commune`, `--district`, `--province`), checked against
    /// the map: a unit that does not exist (or not inside the district or province given with
    /// it) is an error in Vietnamese.
    pub fn from_options(
        commune: Option<&str>,
        district: Option<&str>,
        province: Option<&str>,
    ) -> Result<ListContext, String> {
        let map = AdminMap::get();
        fn clean(s: Option<&str>) -> Option<&str> {
            s.map(str::trim).filter(|s| !s.is_empty())
        }
        let (commune, district, province) = (clean(commune), clean(district), clean(province));
        if let Some(p) = province
            && !map.is_province(p)
        {
            return Err(format!(
                "--province \"{p}\": không có tỉnh/thành phố này (tên trước hoặc sau sáp nhập 2025)"
            ));
        }
        if let Some(d) = district
            && !map.is_old_district(d)
            && !map.is_old_district(&format!("Huyện {d}"))
        {
            return Err(format!(
                "--district \"{d}\": không có quận/huyện/thị xã/thành phố thuộc tỉnh này (tên trước năm 2025)"
            ));
        }
        if let Some(c) = commune {
            let found = map.resolve_commune(c, district, province);
            if found.is_empty() {
                let inside = match (district, province) {
                    (Some(d), Some(p)) => format!(" thuộc {d}, {p}"),
                    (Some(d), None) => format!(" thuộc {d}"),
                    (None, Some(p)) => format!(" thuộc {p}"),
                    (None, None) => String::new(),
                };
                return Err(format!(
                    "--commune \"{c}\": không có xã/phường/thị trấn này{inside} (tên trước hoặc sau sáp nhập 2025)"
                ));
            }
        }
        let mut ctx = ListContext::default();
        ctx.fill(
            &Units {
                hamlet: None,
                commune: commune.map(str::to_string),
                district: district.map(str::to_string),
                province: province.map(str::to_string),
            },
            ContextSource::Option,
        );
        Ok(ctx)
    }

    /// "xã Tân Phú (tiêu đề danh sách), huyện Đồng Phú (tên tệp)" for reports.
    pub fn describe_vi(&self) -> String {
        [&self.hamlet, &self.commune, &self.district, &self.province]
            .iter()
            .filter_map(|u| u.as_ref())
            .map(|u| format!("{} ({})", u.text, u.source.label_vi()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What a row falls back on for the levels its own address leaves out: its group row's units
/// first, then the list's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fallback {
    /// The commune as written, and where it came from.
    pub commune: Option<(String, ContextSource)>,
    pub district: Option<String>,
    pub province: Option<String>,
    pub hamlet: Option<String>,
    key: String,
}

impl Fallback {
    fn of(list: &ListContext, group: Option<&Units>) -> Fallback {
        let text = |u: &Option<ContextUnit>| u.as_ref().map(|u| u.text.clone());
        let g = |f: fn(&Units) -> &Option<String>| group.and_then(|u| f(u).clone());
        let commune = g(|u| &u.commune)
            .map(|c| (c, ContextSource::Group))
            .or_else(|| list.commune.as_ref().map(|u| (u.text.clone(), u.source)));
        let mut f = Fallback {
            commune,
            district: g(|u| &u.district).or_else(|| text(&list.district)),
            province: g(|u| &u.province).or_else(|| text(&list.province)),
            // a hamlet of the list only belongs to the list's own commune
            hamlet: g(|u| &u.hamlet).or_else(|| {
                if group.is_some_and(|u| u.commune.is_some()) {
                    None
                } else {
                    text(&list.hamlet)
                }
            }),
            key: String::new(),
        };
        f.key = format!(
            "{:?}\u{1}{:?}\u{1}{:?}\u{1}{:?}",
            f.commune, f.district, f.province, f.hamlet
        );
        f
    }

    /// One text naming everything (for a cache key).
    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn is_empty(&self) -> bool {
        self.commune.is_none()
            && self.district.is_none()
            && self.province.is_none()
            && self.hamlet.is_none()
    }
}

/// A sheet's context with the units of each of its group rows, worked out once per sheet.
#[derive(Debug, Clone, Default)]
pub struct SheetContext {
    pub list: ListContext,
    base: Fallback,
    groups: std::collections::HashMap<String, Fallback>,
    /// Group rows that name units ("Thôn 3" → hamlet), for the report.
    pub group_units: Vec<(String, Units)>,
}

static NO_CONTEXT: std::sync::LazyLock<SheetContext> =
    std::sync::LazyLock::new(SheetContext::default);

impl SheetContext {
    /// No context at all: rows stand on their own addresses.
    pub fn none() -> &'static SheetContext {
        &NO_CONTEXT
    }

    pub fn new<'a>(list: ListContext, groups: impl IntoIterator<Item = &'a str>) -> SheetContext {
        let base = Fallback::of(&list, None);
        let mut map = std::collections::HashMap::new();
        let mut group_units = Vec::new();
        for g in groups {
            if map.contains_key(g) {
                continue;
            }
            let u = units_in_text(g);
            let f = if u.is_empty() {
                base.clone()
            } else {
                group_units.push((g.to_string(), u.clone()));
                Fallback::of(&list, Some(&u))
            };
            map.insert(g.to_string(), f);
        }
        SheetContext {
            list,
            base,
            groups: map,
            group_units,
        }
    }

    /// The context of a table found in a sheet: its title rows and signature block (footer),
    /// its group rows, the sheet's and the file's names, after the run's `options`.
    pub fn of_table(
        options: &ListContext,
        table: &crate::ingest::Table,
        sheet: &str,
        file: &str,
    ) -> SheetContext {
        use crate::ingest::RowRole;
        let heading: Vec<String> = table
            .skipped
            .iter()
            .filter(|s| s.role == RowRole::Title)
            .chain(table.skipped.iter().filter(|s| s.role == RowRole::Footer))
            .map(|s| s.text.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        SheetContext::new(
            ListContext::of_sheet(options, &heading, sheet, file),
            table.data_rows.iter().filter_map(|r| r.group.as_deref()),
        )
    }

    /// "Ngữ cảnh địa bàn: …" lines for `inspect`.
    pub fn describe_lines_vi(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.list.is_empty() {
            out.push(self.list.describe_vi());
        }
        for (g, u) in &self.group_units {
            let parts: Vec<&str> = [&u.hamlet, &u.commune, &u.district, &u.province]
                .iter()
                .filter_map(|x| x.as_deref())
                .collect();
            out.push(format!("dòng nhóm \"{g}\": {}", parts.join(", ")));
        }
        out
    }

    /// The context for `run.json` and `inspect`: each unit with its source, and the group rows
    /// that name units.
    pub fn to_json(&self) -> serde_json::Value {
        let unit = |u: &Option<ContextUnit>| {
            u.as_ref()
                .map(|u| serde_json::json!({"text": u.text, "source": u.source}))
        };
        serde_json::json!({
            "province": unit(&self.list.province),
            "district": unit(&self.list.district),
            "commune": unit(&self.list.commune),
            "hamlet": unit(&self.list.hamlet),
            "groups": self.group_units.iter().map(|(g, u)| serde_json::json!({
                "text": g, "units": u,
            })).collect::<Vec<_>>(),
        })
    }

    /// What a row under `group` falls back on.
    pub fn fallback(&self, group: Option<&str>) -> &Fallback {
        group.and_then(|g| self.groups.get(g)).unwrap_or(&self.base)
    }
}

fn merge_missing(into: &mut Units, from: &Units) {
    if into.hamlet.is_none() {
        into.hamlet = from.hamlet.clone();
    }
    if into.commune.is_none() {
        into.commune = from.commune.clone();
    }
    if into.district.is_none() {
        into.district = from.district.clone();
    }
    if into.province.is_none() {
        into.province = from.province.clone();
    }
}

fn file_stem(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    match base.rfind('.') {
        Some(i) if i > 0 => base[..i].to_string(),
        _ => base.to_string(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Hamlet,
    Commune,
    District,
    /// "thành phố": a province when the name is one, else a district-level city
    City,
    Province,
}

/// Unit words (folded, space-separated), longest first.
const WORDS: &[(&str, Kind)] = &[
    ("to dan pho", Kind::Hamlet),
    ("khu pho", Kind::Hamlet),
    ("khu vuc", Kind::Hamlet),
    ("thi tran", Kind::Commune),
    ("dac khu", Kind::Commune),
    ("thi xa", Kind::District),
    ("thanh pho", Kind::City),
    ("thon", Kind::Hamlet),
    ("xom", Kind::Hamlet),
    ("ap", Kind::Hamlet),
    ("ban", Kind::Hamlet),
    ("buon", Kind::Hamlet),
    ("khom", Kind::Hamlet),
    ("lang", Kind::Hamlet),
    ("tdp", Kind::Hamlet),
    ("kp", Kind::Hamlet),
    ("xa", Kind::Commune),
    ("phuong", Kind::Commune),
    ("tt", Kind::Commune),
    ("huien", Kind::District),
    ("quan", Kind::District),
    ("tx", Kind::District),
    ("tp", Kind::City),
    ("tinh", Kind::Province),
];

/// Words after which a unit name has ended, as written (lowercase): "… XÃ TÂN PHÚ NĂM 2025".
const STOP: &[&str] = &[
    "năm", "giai", "đoạn", "đợt", "quý", "tháng", "ngày", "đang", "thuộc", "được", "theo", "về",
    "và", "danh", "sách", "có", "kèm", "gồm", "tại", "ubnd", "hđnd",
];

/// A word of a text: as written, and its comparison key (folded, y read as i).
struct Word {
    text: String,
    key: String,
    /// a comma, dash, parenthesis or colon follows: a unit name does not run past it
    ends: bool,
    /// the whole text is written without diacritics (a file name): stop words are matched
    /// folded
    loose: bool,
}

fn words_of(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<Word>, ends: bool| {
        if !cur.is_empty() {
            let key = key_tokens(cur).join(" ");
            if !key.is_empty() {
                out.push(Word {
                    text: std::mem::take(cur),
                    key,
                    ends,
                    loose: false,
                });
            } else {
                cur.clear();
            }
        } else if ends && let Some(last) = out.last_mut() {
            last.ends = true;
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) {
            cur.push(c);
        } else if c == '.' {
            // "X." "TT." "TP.": an abbreviation ends the word, not the name
            flush(&mut cur, &mut out, false);
        } else if c.is_whitespace() {
            flush(&mut cur, &mut out, false);
        } else {
            flush(&mut cur, &mut out, true);
        }
    }
    flush(&mut cur, &mut out, true);
    // "TP.HCM" wrote one key as two words; a key with spaces (glued "P12") splits in two
    let mut split = Vec::with_capacity(out.len());
    for w in out {
        if w.key.contains(' ') {
            let n = w.key.split(' ').count();
            for (i, k) in w.key.split(' ').enumerate() {
                split.push(Word {
                    text: if i == 0 {
                        w.text
                            .trim_end_matches(|c: char| c.is_ascii_digit())
                            .to_string()
                    } else {
                        k.to_string()
                    },
                    key: k.to_string(),
                    ends: w.ends && i + 1 == n,
                    loose: false,
                });
            }
        } else {
            split.push(w);
        }
    }
    let loose = text.is_ascii();
    for w in &mut split {
        w.loose = loose;
    }
    split
}

/// The unit word starting at `i`: its kind and length in words.
fn unit_word_at(words: &[Word], i: usize) -> Option<(Kind, usize)> {
    if numbered_hamlet_at(words, i) {
        return Some((Kind::Hamlet, 1));
    }
    for (w, kind) in WORDS {
        let parts: Vec<&str> = w.split(' ').collect();
        if i + parts.len() <= words.len()
            && parts
                .iter()
                .enumerate()
                .all(|(j, p)| words[i + j].key == *p)
            && (j_ends_ok(words, i, parts.len()))
        {
            // "xã hội" (social), "cộng hòa xã hội": not a commune
            if *w == "xa" && words.get(i + 1).is_some_and(|n| n.key == "hoi") {
                return None;
            }
            // "ban" / "lang" without diacritics are other words ("Ủy ban"): only "Bản", "Làng"
            if matches!(*w, "ban" | "lang") && words[i].text.is_ascii() {
                return None;
            }
            return Some((*kind, parts.len()));
        }
    }
    None
}

/// "Tổ 5", "Khu 3", "Đội 2", "Cụm 1", "Khối 4": hamlets only before a number.
fn numbered_hamlet_at(words: &[Word], i: usize) -> bool {
    matches!(words[i].key.as_str(), "to" | "khu" | "doi" | "cum" | "khoi")
        && !words[i].ends
        && words
            .get(i + 1)
            .is_some_and(|n| n.key.bytes().all(|b| b.is_ascii_digit()))
}

/// A unit word is followed by at least one word of the same phrase.
fn j_ends_ok(words: &[Word], i: usize, n: usize) -> bool {
    i + n < words.len() && !words[i + n - 1].ends
}

/// A four-digit number: the year of a list ("NĂM 2025").
fn is_year(w: &Word) -> bool {
    w.key.len() == 4 && w.key.bytes().all(|b| b.is_ascii_digit())
}

fn is_stop(w: &Word) -> bool {
    if is_year(w) {
        return true;
    }
    let lower = w.text.to_lowercase();
    if STOP.contains(&lower.as_str()) {
        return true;
    }
    // without diacritics (file names): "nam" is also a name ("Tân Nam"), left to the map; in a
    // text with diacritics an unaccented word is a name ("Sơn Qui" is not "quý")
    w.loose
        && w.key != "nam"
        && STOP
            .iter()
            .any(|s| crate::text::fold::fold(s).replace('y', "i") == w.key)
}

/// The longest run of up to `max` words from `start` (within the phrase, before a stop word or
/// another unit word) for which `known(text)` holds; the text is written with `unit` first.
fn longest_known(
    words: &[Word],
    start: usize,
    max: usize,
    unit: &str,
    known: impl Fn(&str) -> bool,
) -> Option<(String, usize)> {
    let mut end = start;
    while end < words.len() && end - start < max {
        // A stop word may be part of a unit's name ("Xã Lê Quý Đôn": "quý" is also a quarter):
        // the map decides, longest first. A year or another unit word always ends the name.
        if end > start && (unit_word_at(words, end).is_some() || is_year(&words[end])) {
            break;
        }
        end += 1;
        if words[end - 1].ends {
            break;
        }
    }
    for n in (1..=end - start).rev() {
        let name = words[start..start + n]
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let text = format!("{unit} {name}");
        if known(&text) {
            return Some((text, n));
        }
    }
    None
}

/// A hamlet's name after its unit word: a number ("Thôn 3", "Tổ dân phố 05"), or up to three
/// words before a stop word, another unit word or punctuation.
fn hamlet_name(words: &[Word], start: usize) -> Option<(String, usize)> {
    let first = words.get(start)?;
    if first.key.bytes().all(|b| b.is_ascii_digit()) {
        return Some((first.text.clone(), 1));
    }
    let mut n = 0;
    while start + n < words.len() && n < 3 {
        let w = &words[start + n];
        if unit_word_at(words, start + n).is_some() || is_stop(w) {
            break;
        }
        n += 1;
        if w.ends {
            break;
        }
    }
    (n > 0).then(|| {
        let name = words[start..start + n]
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        (name, n)
    })
}

/// The unit word as written, normalised to its usual form ("XÃ" -> "Xã", "H." -> "Huyện").
fn unit_label(words: &[Word], i: usize, n: usize, kind: Kind) -> String {
    let key = words[i..i + n]
        .iter()
        .map(|w| w.key.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let s = match key.as_str() {
        "to dan pho" | "tdp" => "Tổ dân phố",
        "khu pho" | "kp" => "Khu phố",
        "khu vuc" => "Khu vực",
        "thi tran" | "tt" => "Thị trấn",
        "dac khu" => "Đặc khu",
        "thi xa" | "tx" => "Thị xã",
        "thanh pho" | "tp" => "Thành phố",
        "thon" => "Thôn",
        "xom" => "Xóm",
        "ap" => "Ấp",
        "ban" => "Bản",
        "buon" => "Buôn",
        "khom" => "Khóm",
        "lang" => "Làng",
        "xa" => "Xã",
        "phuong" => "Phường",
        "huien" => "Huyện",
        "quan" => "Quận",
        "tinh" => "Tỉnh",
        "to" => "Tổ",
        "khu" => "Khu",
        "doi" => "Đội",
        "cum" => "Cụm",
        "khoi" => "Khối",
        _ => match kind {
            Kind::Hamlet => "Thôn",
            Kind::Commune => "Xã",
            Kind::District => "Huyện",
            Kind::City => "Thành phố",
            Kind::Province => "Tỉnh",
        },
    };
    s.to_string()
}

/// Title case of a name written in capitals ("TÂN PHÚ" -> "Tân Phú"); other text is kept.
fn tidy_name(s: &str) -> String {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    let all_upper = !letters.is_empty() && letters.iter().all(|c| !c.is_lowercase());
    let all_lower = !letters.is_empty() && letters.iter().all(|c| !c.is_uppercase());
    if !all_upper && !all_lower {
        return s.to_string();
    }
    s.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// The units a text names with their unit words: "UBND XÃ TÂN PHÚ", "DANH SÁCH HỘ NGHÈO XÃ LỘC
/// KHÁNH NĂM 2025", "Thôn 3 - xã Lộc Khánh - huyện Lộc Ninh", "ho-ngheo-xa-loc-khanh". A commune,
/// district or province counts only when the map knows the name; the first of each level wins.
pub fn units_in_text(text: &str) -> Units {
    let map = AdminMap::get();
    let words = words_of(text);
    let mut u = Units::default();
    let mut i = 0;
    while i < words.len() {
        let Some((kind, n)) = unit_word_at(&words, i) else {
            i += 1;
            continue;
        };
        let label = unit_label(&words, i, n, kind);
        let start = i + n;
        // "Khu vực" names a hamlet-level unit only with its number ("Khu vực 5" of a ward);
        // "Chi nhánh … khu vực Na Ngoi", "Công an khu vực …" name an office's region.
        let region = label == "Khu vực"
            && words
                .get(start)
                .is_none_or(|w| !w.key.bytes().all(|b| b.is_ascii_digit()));
        let found = match kind {
            Kind::Hamlet if region => None,
            Kind::Hamlet => hamlet_name(&words, start).map(|(t, k)| (Kind::Hamlet, t, k)),
            Kind::Commune => longest_known(&words, start, 4, &label, |t| map.is_commune(t))
                .map(|(t, k)| (Kind::Commune, t, k)),
            Kind::District => longest_known(&words, start, 4, &label, |t| map.is_old_district(t))
                .map(|(t, k)| (Kind::District, t, k)),
            Kind::Province => longest_known(&words, start, 4, &label, |t| map.is_province(t))
                .map(|(t, k)| (Kind::Province, t, k)),
            Kind::City => longest_known(&words, start, 4, &label, |t| map.is_province(t))
                .map(|(t, k)| (Kind::Province, t, k))
                .or_else(|| {
                    longest_known(&words, start, 4, &label, |t| map.is_old_district(t))
                        .map(|(t, k)| (Kind::District, t, k))
                }),
        };
        match found {
            Some((kind, text, k)) => {
                let text = match kind {
                    Kind::Hamlet => format!("{label} {}", tidy_name(&text)),
                    _ => {
                        let name = text[label.len()..].trim();
                        format!("{label} {}", tidy_name(name))
                    }
                };
                let slot = match kind {
                    Kind::Hamlet => &mut u.hamlet,
                    Kind::Commune => &mut u.commune,
                    Kind::District | Kind::City => &mut u.district,
                    Kind::Province => &mut u.province,
                };
                if slot.is_none() {
                    *slot = Some(text);
                }
                i = start + k;
            }
            None => i += n,
        }
    }
    u
}

/// The units a sheet or file name gives: those it names with unit words, or, for a bare name
/// ("Tân Phú", "Loc Khanh"), the commune of that name when it is one inside what the context
/// already knows (its district or province) — a bare name is never looked up across the
/// country.
fn units_in_name(name: &str, ctx: &ListContext) -> Units {
    // "ho-ngheo_xa-loc-khanh": dashes and underscores separate words in names
    let spaced = name.replace(['-', '_'], " ");
    let mut u = units_in_text(&spaced);
    if ctx.commune.is_some() {
        // the title named the commune: a name only adds what it does not contradict
        u.commune = None;
        u.hamlet = None;
    }
    if u.is_empty() && ctx.commune.is_none() && (ctx.district.is_some() || ctx.province.is_some()) {
        let bare = name.replace(['-', '_', '.'], " ");
        let bare = bare.split_whitespace().collect::<Vec<_>>().join(" ");
        let key_words = key_tokens(&bare);
        if !bare.is_empty()
            && key_words.len() <= 4
            && !key_words
                .iter()
                .any(|w| w.bytes().all(|b| b.is_ascii_digit()))
        {
            let found = AdminMap::get().resolve_commune(
                &bare,
                ctx.district.as_ref().map(|d| d.text.as_str()),
                ctx.province.as_ref().map(|p| p.text.as_str()),
            );
            if !found.is_empty() && ctx.province.is_some() {
                u.commune = Some(tidy_name(&bare));
            }
        }
    }
    u
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stop_word_inside_a_communes_name_is_part_of_it() {
        let u = units_in_text("UBND XÃ LÊ QUÝ ĐÔN");
        assert_eq!(u.commune.as_deref(), Some("Xã Lê Quý Đôn"), "{u:?}");
    }

    #[test]
    fn an_offices_region_is_not_a_hamlet() {
        let u = units_in_text("VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI - CHI NHÁNH KHU VỰC NA NGOI");
        assert_eq!(u.hamlet, None, "{u:?}");
        let u = units_in_text("DANH SÁCH HỘ NGHÈO KHU VỰC 5");
        assert_eq!(u.hamlet.as_deref(), Some("Khu vực 5"), "{u:?}");
    }

    fn t(s: &str) -> Units {
        units_in_text(s)
    }

    #[test]
    fn title_rows_name_their_units() {
        let u = t("UBND XÃ LỘC KHÁNH");
        assert_eq!(u.commune.as_deref(), Some("Xã Lộc Khánh"));
        let u = t("DANH SÁCH HỘ NGHÈO XÃ LỘC KHÁNH NĂM 2025");
        assert_eq!(u.commune.as_deref(), Some("Xã Lộc Khánh"));
        assert_eq!(u.hamlet, None);
        let u = t("UBND HUYỆN LỘC NINH");
        assert_eq!(u.district.as_deref(), Some("Huyện Lộc Ninh"));
        let u = t("Thôn 3 - xã Lộc Khánh - huyện Lộc Ninh - tỉnh Bình Phước");
        assert_eq!(u.hamlet.as_deref(), Some("Thôn 3"));
        assert_eq!(u.commune.as_deref(), Some("Xã Lộc Khánh"));
        assert_eq!(u.district.as_deref(), Some("Huyện Lộc Ninh"));
        assert_eq!(u.province.as_deref(), Some("Tỉnh Bình Phước"));
    }

    #[test]
    fn words_that_are_not_units_are_left_alone() {
        // the national motto and "bảo trợ xã hội" carry "xã" without naming a commune
        assert!(t("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").is_empty());
        assert!(t("Độc lập - Tự do - Hạnh phúc").is_empty());
        assert!(t("DANH SÁCH ĐỐI TƯỢNG BẢO TRỢ XÃ HỘI").is_empty());
        // a commune word before a name the map does not know
        assert_eq!(t("Xã Không Có Thật Nào").commune, None);
    }

    #[test]
    fn file_and_sheet_names_in_ascii() {
        let u = units_in_name("ho-ngheo-xa-loc-khanh-2025", &ListContext::default());
        assert_eq!(u.commune.as_deref(), Some("Xã Loc Khanh"));
        let ctx = ListContext::of_sheet(
            &ListContext::default(),
            &["UBND HUYỆN LỘC NINH".into(), "TỈNH BÌNH PHƯỚC".into()],
            "Lộc Khánh",
            "ds.xlsx",
        );
        assert_eq!(ctx.commune.as_ref().unwrap().text, "Lộc Khánh");
        assert_eq!(ctx.commune.as_ref().unwrap().source, ContextSource::Sheet);
        assert_eq!(ctx.district.as_ref().unwrap().source, ContextSource::Title);
    }

    #[test]
    fn the_title_wins_over_the_names_and_options_over_all() {
        let ctx = ListContext::of_sheet(
            &ListContext::default(),
            &["UBND XÃ LỘC KHÁNH".into()],
            "Sheet1",
            "ho-ngheo-xa-loc-thanh.xlsx",
        );
        assert_eq!(ctx.commune.as_ref().unwrap().text, "Xã Lộc Khánh");
        let mut opt = ListContext::default();
        opt.fill(
            &Units {
                commune: Some("Xã Lộc Thạnh".into()),
                ..Default::default()
            },
            ContextSource::Option,
        );
        let ctx = ListContext::of_sheet(&opt, &["UBND XÃ LỘC KHÁNH".into()], "Sheet1", "x.xlsx");
        assert_eq!(ctx.commune.as_ref().unwrap().text, "Xã Lộc Thạnh");
        assert_eq!(ctx.commune.as_ref().unwrap().source, ContextSource::Option);
        assert!(ctx.describe_vi().contains("tùy chọn dòng lệnh"));
    }

    #[test]
    fn options_are_checked_against_the_map() {
        let ctx =
            ListContext::from_options(Some("Xã Lộc Khánh"), None, Some("Bình Phước")).unwrap();
        assert_eq!(ctx.commune.as_ref().unwrap().source, ContextSource::Option);
        assert_eq!(ctx.province.as_ref().unwrap().text, "Bình Phước");
        let e = ListContext::from_options(Some("Xã Không Có Thật"), None, None).unwrap_err();
        assert!(e.contains("--commune") && e.contains("không có xã"), "{e}");
        let e = ListContext::from_options(None, None, Some("Tỉnh Atlantis")).unwrap_err();
        assert!(e.contains("--province"), "{e}");
        let e = ListContext::from_options(None, Some("Huyện Không Có"), None).unwrap_err();
        assert!(e.contains("--district"), "{e}");
        // a commune that exists, but not in the province given with it
        let e =
            ListContext::from_options(Some("Xã Lộc Khánh"), None, Some("Tỉnh Cà Mau")).unwrap_err();
        assert!(e.contains("thuộc Tỉnh Cà Mau"), "{e}");
    }

    #[test]
    fn an_unaccented_name_in_an_accented_text_is_not_a_stop_word() {
        // "Qui" folds like "quý" (a quarter), but the sheet name has diacritics
        let u = units_in_text("Phường Sơn Qui");
        assert_eq!(u.commune.as_deref(), Some("Phường Sơn Qui"));
        // a file name without diacritics still stops at its words
        let u = units_in_text("danh sach xa loc khanh quy 3");
        assert_eq!(u.commune.as_deref(), Some("Xã Loc Khanh"));
    }

    #[test]
    fn hamlet_group_rows() {
        assert_eq!(t("Thôn 3").hamlet.as_deref(), Some("Thôn 3"));
        assert_eq!(t("Ấp Phú Hòa").hamlet.as_deref(), Some("Ấp Phú Hòa"));
        assert_eq!(t("TỔ DÂN PHỐ 5").hamlet.as_deref(), Some("Tổ dân phố 5"));
        assert_eq!(t("Khu phố 2").hamlet.as_deref(), Some("Khu phố 2"));
        assert_eq!(t("Xã Lộc Khánh").commune.as_deref(), Some("Xã Lộc Khánh"));
    }
}
