//! The printed page of a list as a document of the Vietnamese administration (Nghị định
//! 30/2020/NĐ-CP, Phụ lục I): the heading in two columns — the issuing body on the left
//! ("UBND XÃ …" over the unit, in capitals, the unit in bold with a short rule under it), the
//! national name and motto on the right ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" over "Độc lập - Tự
//! do - Hạnh phúc", bold, the motto underlined) — the place-and-date line, the title in bold
//! capitals, the signature block; Times New Roman, A4, the decree's margins (top and bottom
//! 20 mm, left 30 mm, right 15 mm), page numbers in the footer, the table's header row on every
//! page, and column widths that fit the page width at the size the cells are written in.
//!
//! The issuing body is only ever what the list says (its title rows) or what the run knows of
//! the list's unit (`--commune`, the title's commune); when nothing says it, the line is left
//! dotted, to be written by hand.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, FormatUnderline, Worksheet, XlsxError};

use super::style::{self, FONT};
use crate::fields::context::{ContextSource, ListContext, units_in_text};
use crate::text::fold::fold;

/// The row of the table's header: rows 0–7 hold the heading, the title and its subtitle.
pub const HEADER_ROW: u32 = 8;

/// The national name and the motto (Quốc hiệu và Tiêu ngữ).
pub const NATIONAL: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// A line left to be written by hand.
pub const DOTS: &str = "……………………………";

/// What the heading of one document says of its issuer and place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Heading {
    /// The issuing body in capitals: its superior body, then the body itself (the last line is
    /// the body and is printed bold). Empty when nothing says it.
    pub issuer: Vec<String>,
    /// Whether the last line of `issuer` is the issuing body itself. False when only the
    /// superior is known (derived from the list's commune): the body's line is then left dotted.
    pub issuer_complete: bool,
    /// The place of the place-and-date line ("Lộc Hưng"), when known.
    pub place: Option<String>,
    /// The original list's own title ("DANH SÁCH HỘ NGHÈO NĂM 2025"), when its title rows have one.
    pub list_title: Option<String>,
}

/// Words an issuing body's name starts with (lowercase, with its diacritics: "sở " is a
/// department, "sổ " a register; "bộ " a ministry, "bổ sung" an addition).
const BODY_WORDS: &[&str] = &[
    "ubnd",
    "ủy ban nhân dân",
    "uỷ ban nhân dân",
    "hđnd",
    "hội đồng nhân dân",
    "ban ",
    "phòng ",
    "công an",
    "sở ",
    "chi nhánh",
    "văn phòng",
    "trung tâm",
    "bộ ",
    "cục ",
    "chi cục",
    "tổng cục",
    "bhxh",
    "bảo hiểm xã hội",
    "kho bạc",
    "trạm y tế",
    "trường ",
    "mặt trận",
    "hội ",
    "đoàn ",
    "đảng ủy",
    "đảng uỷ",
    "bch ",
];

fn is_national(folded: &str) -> bool {
    folded.contains("cong hoa xa hoi chu nghia")
        || folded.contains("doc lap tu do hanh phuc")
        || folded.contains("doc lap - tu do - hanh phuc")
}

fn is_body(text: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    let lower: String = text.nfc().collect::<String>().to_lowercase();
    text.chars().count() <= 90 && BODY_WORDS.iter().any(|w| lower.starts_with(w))
}

/// Mostly capitals: a title line ("DANH SÁCH …", "SỔ ĐỊA CHÍNH").
fn is_capitals(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4
        && letters.iter().filter(|c| c.is_uppercase()).count() * 10 >= letters.len() * 8
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Xã Lộc Hưng" → "Lộc Hưng": a unit's name without its unit word.
fn bare_name(unit: &str) -> String {
    let words: Vec<&str> = unit.split_whitespace().collect();
    let lead = match words.first().map(|w| fold(w)).as_deref() {
        Some("thi" | "thanh" | "to" | "khu" | "dac") => 2,
        Some("xa" | "phuong" | "huyen" | "quan" | "tinh" | "thon" | "ap" | "xom") => 1,
        _ => 0,
    };
    words[lead.min(words.len())..].join(" ")
}

impl Heading {
    /// The heading of one sheet: the issuer from its title rows (the left cells above the list's
    /// title: "UBND XÃ LỘC HƯNG" over "BAN CHỈ ĐẠO GIẢM NGHÈO"), else the superior body of the
    /// unit the run knows the list is about (`--commune`/`--district`, or the title's commune:
    /// "UBND XÃ LỘC QUANG", the body's own line then left to be written); the place from the
    /// issuer's unit, else the list's.
    pub fn of_sheet(titles: &[String], ctx: &ListContext) -> Heading {
        let mut issuer: Vec<String> = Vec::new();
        let mut list_title = None;
        for row in titles {
            for (k, part) in row.split(" | ").enumerate() {
                let part = one_line(part);
                let f = fold(&part);
                if f.is_empty() || is_national(&f) {
                    continue;
                }
                if is_body(&part) {
                    // Only the left cell of a heading row above the list's title.
                    if k == 0 && list_title.is_none() && issuer.len() < 2 {
                        issuer.push(part.to_uppercase());
                    }
                    continue;
                }
                if list_title.is_none() && !part.starts_with('(') && is_capitals(&part) {
                    list_title = Some(part);
                }
            }
        }
        let known = |u: &Option<crate::fields::context::ContextUnit>| {
            u.as_ref()
                .filter(|u| matches!(u.source, ContextSource::Option | ContextSource::Title))
                .map(|u| u.text.clone())
        };
        let ctx_unit = known(&ctx.commune).or_else(|| known(&ctx.district));
        let issuer_complete = !issuer.is_empty();
        if issuer.is_empty()
            && let Some(unit) = &ctx_unit
        {
            issuer.push(format!("UBND {}", unit.to_uppercase()));
        }
        // The place: the lowest unit the issuer names, else the list's.
        let place = issuer
            .iter()
            .rev()
            .find_map(|line| {
                let u = units_in_text(line);
                u.commune.or(u.district).or(u.province)
            })
            .or(ctx_unit)
            .map(|u| bare_name(&u))
            .filter(|p| !p.is_empty());
        Heading {
            issuer,
            issuer_complete,
            place,
            list_title,
        }
    }

    /// What several sheets' headings agree on (one document for them all): a part they differ
    /// on is left to be written by hand.
    pub fn common<'a>(all: impl IntoIterator<Item = &'a Heading>) -> Heading {
        let mut it = all.into_iter();
        let Some(first) = it.next() else {
            return Heading::default();
        };
        let mut h = first.clone();
        for other in it {
            if other.issuer != h.issuer || other.issuer_complete != h.issuer_complete {
                h.issuer.clear();
                h.issuer_complete = false;
            }
            if other.place != h.place {
                h.place = None;
            }
            if other.list_title != h.list_title {
                h.list_title = None;
            }
        }
        h
    }

    /// For run.json: what the printed heading was made from.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "issuer": self.issuer,
            "issuer_complete": self.issuer_complete,
            "place": self.place,
            "list_title": self.list_title,
        })
    }

    /// Back from run.json (`apply` prints the final list under the same heading).
    pub fn from_json(v: &serde_json::Value) -> Option<Heading> {
        let issuer = v["issuer"]
            .as_array()?
            .iter()
            .filter_map(|l| l.as_str().map(str::to_string))
            .collect();
        Some(Heading {
            issuer,
            issuer_complete: v["issuer_complete"].as_bool().unwrap_or(false),
            place: v["place"].as_str().map(str::to_string),
            list_title: v["list_title"].as_str().map(str::to_string),
        })
    }
}

/// "Lộc Hưng, ngày 08 tháng 12 năm 2026": the decree writes a day below 10 and the months 1 and
/// 2 with a leading zero. An unknown place is left dotted.
pub fn place_and_date(place: Option<&str>, (y, m, d): (i32, u32, u32)) -> String {
    let month = if m <= 2 {
        format!("{m:02}")
    } else {
        m.to_string()
    };
    format!(
        "{}, ngày {d:02} tháng {month} năm {y}",
        place.unwrap_or("……………")
    )
}

// ---------------------------------------------------------------------------------------------
// Measures: the page, and text in Times New Roman.

/// Paper: A4, 210 × 297 mm; the decree's margins (mm).
const MARGIN_LEFT_MM: f64 = 30.0;
const MARGIN_RIGHT_MM: f64 = 15.0;
const MARGIN_TOP_MM: f64 = 20.0;
const MARGIN_BOTTOM_MM: f64 = 20.0;

/// The printable width (mm) of an A4 page.
fn printable_mm(landscape: bool) -> f64 {
    (if landscape { 297.0 } else { 210.0 }) - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
}

/// Pixels (at 96 dpi) of a column `w` characters wide, as Excel lays it out: 7 per character
/// (the workbook's default font) and 5 of padding.
fn column_px(w: f64) -> f64 {
    (w * 7.0 + 5.0).floor()
}

/// How many characters of column width `n` columns may take in all to print at full size on an
/// A4 page. Excel counts 7 pixels a character (Times New Roman 11's digit); LibreOffice counts
/// the digit's exact width, 7.33: the budget is LibreOffice's, the stricter, less 3 %.
pub fn width_budget(n: usize, landscape: bool) -> f64 {
    let px = printable_mm(landscape) / 25.4 * 96.0 * 0.97;
    ((px - 5.0 * n as f64) / LO_DIGIT_PX).max(n as f64)
}

/// The width of a character of column width in LibreOffice (pixels at 96 dpi): Times New
/// Roman's digit at 11 pt.
const LO_DIGIT_PX: f64 = 7.34;

/// Width of a character of Times New Roman in em (regular; bold is a little wider).
fn char_em(c: char) -> f64 {
    match c {
        ' ' => 0.25,
        'i' | 'j' | 'l' | 't' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.28,
        'f' | 'r' | 'I' | '(' | ')' | '-' | '[' | ']' | '/' => 0.333,
        's' | 'J' => 0.389,
        'a' | 'c' | 'e' | 'z' => 0.444,
        '0'..='9' | '*' | '_' => 0.5,
        'm' => 0.778,
        'w' => 0.722,
        'M' | 'W' | '%' | '@' => 0.9,
        '—' | '…' => 1.0,
        '–' => 0.5,
        c if c.is_uppercase() => 0.7,
        c if c.is_alphabetic() => 0.5,
        _ => 0.55,
    }
}

/// Width (pixels at 96 dpi) of `text` in Times New Roman at `pt` points.
pub fn text_px(text: &str, pt: f64, bold: bool) -> f64 {
    let em: f64 = text.chars().map(char_em).sum();
    em * pt * 96.0 / 72.0 * if bold { 1.06 } else { 1.0 }
}

/// The narrowest column width (characters) that holds `word` on one line.
pub fn width_for_word(word: &str, pt: f64, bold: bool) -> f64 {
    ((text_px(word, pt, bold) + 6.0 - 5.0) / 7.0).max(1.0)
}

/// A text measured once for wrapping at several widths: its paragraphs' word widths (pixels).
pub struct Measured {
    paras: Vec<Vec<f64>>,
    space: f64,
    empty: bool,
}

impl Measured {
    pub fn new(text: &str, pt: f64, bold: bool) -> Measured {
        Measured {
            paras: text
                .split('\n')
                .map(|p| p.split_whitespace().map(|w| text_px(w, pt, bold)).collect())
                .collect(),
            space: text_px(" ", pt, bold),
            empty: text.trim().is_empty(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.empty
    }

    /// Lines taken in a column (or merged range) `width` characters wide.
    pub fn lines(&self, width: f64) -> usize {
        let avail = (column_px(width) - 6.0).max(1.0);
        let lines: usize = self
            .paras
            .iter()
            .map(|para| paragraph_lines(para.iter().copied(), self.space, avail))
            .sum();
        lines.max(1)
    }
}

/// Lines `text` takes when wrapped at word boundaries in a column (or merged range) of
/// `width` characters, at `pt` points. Line breaks in the text count; a word longer than the
/// line is broken.
pub fn lines_in(text: &str, width: f64, pt: f64, bold: bool) -> usize {
    // The rows of a big list are measured here, one by one: no allocation.
    let avail = (column_px(width) - 6.0).max(1.0);
    let space = text_px(" ", pt, bold);
    let lines: usize = text
        .split('\n')
        .map(|para| {
            let widths = para.split_whitespace().map(|word| text_px(word, pt, bold));
            paragraph_lines(widths, space, avail)
        })
        .sum();
    lines.max(1)
}

/// Lines one paragraph of words of these widths takes, wrapped at word boundaries in `avail`
/// pixels with `space` between words (at least one; a word wider than the line is broken).
fn paragraph_lines(widths: impl Iterator<Item = f64>, space: f64, avail: f64) -> usize {
    let mut used = 0.0;
    let mut n = 1;
    for w in widths {
        if used > 0.0 && used + space + w <= avail {
            used += space + w;
        } else if used == 0.0 && w <= avail {
            used = w;
        } else {
            if used > 0.0 {
                n += 1;
            }
            // A word wider than the line runs over several.
            let whole = (w / avail).floor();
            n += whole as usize;
            used = w - whole * avail;
            if used == 0.0 && whole > 0.0 {
                n -= 1;
                used = avail;
            }
        }
    }
    n
}

/// Height (points) of a row of `lines` lines at `pt` points: line spacing of Times New Roman
/// and a little padding; at least one line.
pub fn height_for_lines(lines: usize, pt: f64) -> f64 {
    let h = lines.max(1) as f64 * pt * 1.2 + 3.0;
    (h * 4.0).ceil() / 4.0
}

/// Height (points) of a row whose cells hold these texts in columns of these widths
/// (characters), at `pt` points; at most `max_lines` lines are made room for.
pub fn row_height<'a>(
    cells: impl IntoIterator<Item = (&'a str, f64)>,
    pt: f64,
    bold: bool,
    max_lines: usize,
) -> f64 {
    let lines = cells
        .into_iter()
        .filter(|(t, _)| !t.is_empty())
        .map(|(t, w)| lines_in(t, w, pt, bold))
        .max()
        .unwrap_or(1)
        .min(max_lines);
    height_for_lines(lines, pt)
}

/// What a column asks for: the width its longest cell wants (characters, at most 45), and the
/// narrowest it can be (its longest word; a header word of more than 10 may break).
#[derive(Debug, Clone, Copy, Default)]
pub struct Need {
    pub wish: f64,
    pub floor: f64,
}

impl Need {
    /// A column under this header (bold, at `pt` points); a header may wrap over two or three
    /// lines.
    pub fn header(label: &str, pt: f64) -> Need {
        let words = label
            .split_whitespace()
            .map(|w| width_for_word(w, pt, true).min(10.0))
            .fold(4.0, f64::max);
        Need {
            wish: words.max(width_for_word(label, pt, true) / 2.5),
            floor: words,
        }
    }

    /// Take a cell's text (at 11 pt) into account.
    pub fn cell(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        // One pass: the whole text's width (em) and its longest word's.
        let (mut whole, mut word, mut longest) = (0.0, 0.0, 0.0f64);
        for c in text.chars() {
            let em = char_em(c);
            whole += em;
            if c.is_whitespace() {
                longest = longest.max(word);
                word = 0.0;
            } else {
                word += em;
            }
        }
        longest = longest.max(word);
        let chars = |em: f64| ((em * 11.0 * 96.0 / 72.0 + 1.0) / 7.0).max(1.0);
        // A little over the text's own width: it must not wrap by a rounding.
        self.wish = self.wish.max((chars(whole) + 0.75).min(45.0));
        self.floor = self.floor.max(chars(longest).min(16.0));
    }
}

/// At most this many rows are looked at to share the width out ([`fit_to_text`]).
pub const SAMPLE_ROWS: usize = 200;

/// Up to [`SAMPLE_ROWS`] indexes of `n` rows, spread evenly.
pub fn sample_rows(n: usize) -> impl Iterator<Item = usize> {
    let step = n.div_ceil(SAMPLE_ROWS).max(1);
    (0..n).step_by(step)
}

/// Column widths that fit `budget` and make the rows as short as they can be: every column
/// starts at its floor and the width left is given, step by step, to the column that saves the
/// most lines for the width it takes, in the sample `rows` (each a row's printed texts, by
/// column) — a row is as tall as its tallest cell, so widening a column only helps where it is
/// the tallest; each step widens a column just enough for one of its cells to lose a line. No
/// column gets more than its wish; when all fit, each gets its wish. When even the floors do
/// not fit, the floors (the printer's fit-to-width then shrinks the page).
pub fn fit_to_text(needs: &[Need], rows: &[Vec<&str>], budget: f64) -> Vec<f64> {
    let wish: Vec<f64> = needs.iter().map(|n| n.wish.max(n.floor)).collect();
    if wish.iter().sum::<f64>() <= budget {
        return wish;
    }
    let mut widths: Vec<f64> = needs.iter().map(|n| n.floor).collect();
    let mut left = budget - widths.iter().sum::<f64>();
    if left <= 0.0 {
        return widths;
    }
    let n = widths.len();
    // Each sample cell measured once.
    let cells: Vec<Vec<Measured>> = rows
        .iter()
        .map(|r| {
            (0..n)
                .map(|c| Measured::new(r.get(c).copied().unwrap_or(""), 11.0, false))
                .collect()
        })
        .collect();
    let count = |m: &Measured, w: f64| if m.is_empty() { 1 } else { m.lines(w) };
    // The narrowest width above `w` (up to `limit`) at which a cell takes a line less.
    let next_break = |m: &Measured, w: f64, limit: f64| -> Option<f64> {
        let now = count(m, w);
        if now == 1 || limit <= w || count(m, limit) >= now {
            return None;
        }
        let (mut lo, mut hi) = (w, limit);
        while hi - lo > 0.25 {
            let mid = (lo + hi) / 2.0;
            if count(m, mid) < now {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(hi)
    };
    let mut lines: Vec<Vec<usize>> = cells
        .iter()
        .map(|r| (0..n).map(|c| count(&r[c], widths[c])).collect())
        .collect();
    // Each cell's next break at its column's width (up to the wish), kept until it changes.
    let mut breaks: Vec<Vec<Option<f64>>> = cells
        .iter()
        .map(|r| {
            (0..n)
                .map(|c| next_break(&r[c], widths[c], wish[c]))
                .collect()
        })
        .collect();
    // Per row: its tallest cell's lines, how many cells are that tall, the next tallest.
    let top = |l: &[usize]| {
        let max = l.iter().copied().max().unwrap_or(1);
        let ties = l.iter().filter(|&&x| x == max).count();
        let next = l.iter().copied().filter(|&x| x < max).max().unwrap_or(1);
        (max, ties, next)
    };
    let mut tallest: Vec<(usize, usize, usize)> = lines.iter().map(|l| top(l)).collect();
    loop {
        // Per column: the next width where a cell loses a line, and what that saves there.
        let mut best: Option<(usize, f64, (f64, f64))> = None;
        for c in 0..n {
            let limit = wish[c].min(widths[c] + left);
            let Some(to) = breaks
                .iter()
                .filter_map(|b| b[c])
                .filter(|to| *to <= limit)
                .min_by(f64::total_cmp)
            else {
                continue;
            };
            let (mut rows_saved, mut own_saved) = (0usize, 0usize);
            for ((r, l), t) in cells.iter().zip(&lines).zip(&tallest) {
                let now = count(&r[c], to);
                own_saved += l[c] - now;
                // The row's tallest cell but this one.
                let others = if l[c] == t.0 && t.1 == 1 { t.2 } else { t.0 };
                rows_saved += t.0 - now.max(others);
            }
            let cost = to - widths[c];
            let rate = (rows_saved as f64 / cost, own_saved as f64 / cost);
            if best.is_none_or(|(_, _, b)| rate > b) {
                best = Some((c, to, rate));
            }
        }
        let Some((c, to, _)) = best else { break };
        left -= to - widths[c];
        widths[c] = to;
        for (((r, l), b), t) in cells
            .iter()
            .zip(lines.iter_mut())
            .zip(breaks.iter_mut())
            .zip(tallest.iter_mut())
        {
            l[c] = count(&r[c], widths[c]);
            b[c] = next_break(&r[c], widths[c], wish[c]);
            *t = top(l);
        }
    }
    // Nothing more saves a line: the rest goes to the columns short of their wish, in
    // proportion to what they lack.
    let short: f64 = (0..n).map(|c| wish[c] - widths[c]).sum();
    if left > 0.0 && short > 0.0 {
        let share = (left / short).min(1.0);
        for c in 0..n {
            widths[c] += (wish[c] - widths[c]) * share;
        }
    }
    widths
}

// ---------------------------------------------------------------------------------------------
// Writing the frame.

/// One printed document on a sheet: its heading, title and the widths of its printed columns
/// (columns 0..widths.len(); the sheet may hold more, outside the print area).
pub struct Page<'a> {
    pub heading: &'a Heading,
    pub date: (i32, u32, u32),
    /// In capitals; a line break splits it.
    pub title: &'a str,
    /// Italic lines under the title (the original list, the file, the date of the run).
    pub subtitle: &'a str,
    pub widths: &'a [f64],
    pub landscape: bool,
}

fn base(pt: f64) -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(pt)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

impl Page<'_> {
    fn last_col(&self) -> u16 {
        (self.widths.len().max(1) - 1) as u16
    }

    /// The columns of the left block (issuing body, first signature): about 40 % of the width,
    /// leaving the right block room for the national name on one line.
    fn split(&self) -> usize {
        let n = self.widths.len();
        if n < 2 {
            return 0;
        }
        let total: f64 = self.widths.iter().sum();
        let national = text_px(NATIONAL, 12.0, true) + 8.0;
        let all_px: f64 = self.widths.iter().map(|w| column_px(*w)).sum();
        let (mut acc, mut left_px) = (0.0, 0.0);
        let mut best: Option<(usize, f64)> = None;
        for (k, w) in self.widths.iter().enumerate().take(n - 1) {
            acc += w;
            left_px += column_px(*w);
            // The right block's width as a merged range (its columns and their padding).
            let right_px = all_px - left_px - 6.0;
            let off = (acc / total - 0.4).abs() + if right_px < national { 10.0 } else { 0.0 };
            if best.is_none_or(|(_, b)| off < b) {
                best = Some((k + 1, off));
            }
        }
        best.map_or(1, |(k, _)| k)
    }

    fn block_width(&self, from: usize, to: usize) -> f64 {
        // A merged range is as wide as its columns and their padding.
        let px: f64 = self.widths[from.min(to)..to]
            .iter()
            .map(|w| column_px(*w))
            .sum();
        ((px - 5.0) / 7.0).max(1.0)
    }

    /// Write `text` across columns `from..to` of `row` (merged when wider than one column).
    fn put(
        &self,
        ws: &mut Worksheet,
        row: u32,
        (from, to): (usize, usize),
        text: &str,
        fmt: &Format,
    ) -> Result<(), XlsxError> {
        if to <= from {
            return Ok(());
        }
        let text = super::excel_text(text);
        if to - from == 1 {
            ws.write_string_with_format(row, from as u16, text, fmt)?;
        } else {
            ws.merge_range(row, from as u16, row, (to - 1) as u16, &text, fmt)?;
        }
        Ok(())
    }

    /// The heading, title and subtitle on rows 0..[`HEADER_ROW`] (the table's header follows).
    /// Row by row: a constant-memory sheet cannot go back.
    pub fn write_heading(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        let n = self.widths.len();
        let k = self.split();
        let (left, right) = ((0, k), (k, n));
        let (lw, rw) = (self.block_width(0, k), self.block_width(k, n));
        let h = self.heading;
        let (national, motto) = (NATIONAL, MOTTO);
        let superior = base(12.0);
        let body = base(12.0).set_bold();
        let nat = base(12.0).set_bold();
        let motto_fmt = base(13.0).set_bold().set_underline(FormatUnderline::Single);
        let hint = base(11.0).set_italic();
        // Left: (text, format) on rows 0 and 1, and where the short rule goes.
        let (l0, l1, rule_row): (String, (String, &Format), Option<u32>) =
            match (h.issuer.as_slice(), h.issuer_complete) {
                ([one], true) => (one.clone(), (String::new(), &body), Some(1)),
                ([sup, unit, ..], true) => (sup.clone(), (unit.clone(), &body), Some(2)),
                ([sup, ..], false) => (sup.clone(), (DOTS.to_string(), &body), None),
                _ => (
                    DOTS.to_string(),
                    ("(Tên cơ quan, đơn vị)".to_string(), &hint),
                    None,
                ),
            };
        let l0_fmt = if h.issuer.len() == 1 && h.issuer_complete {
            &body
        } else {
            &superior
        };
        // Row 0: the body (or its superior) | the national name.
        self.put(ws, 0, left, &l0, l0_fmt)?;
        self.put(ws, 0, right, national, &nat)?;
        ws.set_row_height(
            0,
            row_height([(l0.as_str(), lw), (national, rw)], 12.0, true, 4),
        )?;
        // Row 1: the body | the motto, underlined.
        if !l1.0.is_empty() {
            self.put(ws, 1, left, &l1.0, l1.1)?;
        }
        if rule_row == Some(1) {
            self.rule(ws, 1, k)?;
        }
        self.put(ws, 1, right, motto, &motto_fmt)?;
        ws.set_row_height(
            1,
            row_height([(l1.0.as_str(), lw), (motto, rw)], 13.0, true, 4),
        )?;
        // Row 2: the rule under a two-line issuer.
        if rule_row == Some(2) {
            self.rule(ws, 2, k)?;
        }
        ws.set_row_height(2, 6.0)?;
        // Row 3: the place and date, under the motto.
        let date = place_and_date(h.place.as_deref(), self.date);
        self.put(ws, 3, right, &date, &base(12.0).set_italic())?;
        ws.set_row_height(3, row_height([(date.as_str(), rw)], 12.0, false, 3))?;
        ws.set_row_height(4, 8.0)?;
        // Rows 5–6: the title and what it is about.
        let all = (0, n);
        let aw = self.block_width(0, n);
        self.put(ws, 5, all, self.title, &base(14.0).set_bold())?;
        ws.set_row_height(5, row_height([(self.title, aw)], 14.0, true, 6))?;
        self.put(ws, 6, all, self.subtitle, &base(12.0).set_italic())?;
        ws.set_row_height(6, row_height([(self.subtitle, aw)], 12.0, false, 6))?;
        ws.set_row_height(7, 8.0)?;
        Ok(())
    }

    /// The short rule under the issuing body: a top border on a run of the left block's columns
    /// 20–60 % of its width and centred under the name (the decree's line 1/3 to 1/2 as long as
    /// the name); none when no run of whole columns is centred enough.
    fn rule(&self, ws: &mut Worksheet, row: u32, k: usize) -> Result<(), XlsxError> {
        if k == 0 {
            return Ok(());
        }
        // A block of more columns than a page holds has no name to rule under.
        if k > 40 {
            return Ok(());
        }
        let widths = &self.widths[..k];
        let total: f64 = widths.iter().sum();
        // The centred run of columns closest to 40 % of the block.
        let mut best: Option<(usize, usize, f64)> = None;
        let mut left = 0.0;
        for a in 0..k {
            if a > 0 {
                left += widths[a - 1];
            }
            let mut acc = 0.0;
            for (b, w) in widths.iter().enumerate().skip(a) {
                acc += w;
                let share = acc / total;
                let centre = (left + acc / 2.0) / total;
                let off = (share - 0.4).abs() + (centre - 0.5).abs();
                if (0.2..=0.6).contains(&share)
                    && (centre - 0.5).abs() <= 0.08
                    && best.is_none_or(|x| off < x.2)
                {
                    best = Some((a, b, off));
                }
            }
        }
        if let Some((a, b, _)) = best {
            let line = Format::new().set_border_top(FormatBorder::Thin);
            for c in a..=b {
                ws.write_blank(row, c as u16, &line)?;
            }
        }
        Ok(())
    }

    /// The signature block from `row` (a blank row first): the maker of the list on the left,
    /// the head of the unit on the right, each with what to write, and room to sign. Returns the
    /// last row it takes (the end of the print area).
    pub fn write_signatures(
        &self,
        ws: &mut Worksheet,
        row: u32,
        left: (&str, &str),
        right: (&str, &str),
    ) -> Result<u32, XlsxError> {
        let n = self.widths.len();
        let k = self.split();
        let (lb, rb) = ((0, k), (k, n));
        let bold = base(12.0).set_bold();
        let italic = base(12.0).set_italic();
        let r = row + 1;
        self.put(ws, r, lb, left.0, &bold)?;
        self.put(ws, r, rb, right.0, &bold)?;
        ws.set_row_height(r, 18.0)?;
        self.put(ws, r + 1, lb, left.1, &italic)?;
        self.put(ws, r + 1, rb, right.1, &italic)?;
        ws.set_row_height(r + 1, 18.0)?;
        // Room to sign (and stamp), then the end of the print area.
        let last = r + 6;
        ws.write_blank(last, 0, &style::plain())?;
        Ok(last)
    }

    /// A4 in the page's orientation, the decree's margins, the table's header row on every
    /// page, fitted to the page width, page numbers in the footer ("Trang 2 / 5"), centred; the
    /// print area is the printed columns down to `last_row`.
    pub fn page_setup(&self, ws: &mut Worksheet, last_row: u32) -> Result<(), XlsxError> {
        ws.set_paper_size(9);
        if self.landscape {
            ws.set_landscape();
        } else {
            ws.set_portrait();
        }
        let inch = |mm: f64| mm / 25.4;
        ws.set_margins(
            inch(MARGIN_LEFT_MM),
            inch(MARGIN_RIGHT_MM),
            inch(MARGIN_TOP_MM),
            inch(MARGIN_BOTTOM_MM),
            inch(8.0),
            inch(8.0),
        );
        ws.set_print_fit_to_pages(1, 0);
        ws.set_print_center_horizontally(true);
        ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
        ws.set_print_area(0, 0, last_row.max(HEADER_ROW), self.last_col())?;
        ws.set_footer(format!("&C&\"{FONT},Regular\"&11Trang &P / &N"));
        Ok(())
    }
}

/// Portrait when the printed columns fit a portrait page at full size, else landscape.
pub fn landscape_for(wish: &[f64]) -> bool {
    wish.iter().sum::<f64>() > width_budget(wish.len(), false)
}

/// How tall (lines, with a little for each row's padding) the sample rows are in columns of
/// these widths.
fn sample_height(rows: &[Vec<&str>], widths: &[f64]) -> f64 {
    rows.iter()
        .map(|r| {
            let lines = r
                .iter()
                .zip(widths)
                .filter(|(t, _)| !t.is_empty())
                .map(|(t, w)| lines_in(t, *w, 11.0, false))
                .max()
                .unwrap_or(1);
            lines as f64 + 0.25
        })
        .sum()
}

/// The printed columns on an A4 page: (widths, landscape). Portrait when they fit it at full
/// size, else landscape; the width shared out where it saves the most lines ([`fit_to_text`]);
/// columns narrower than the page widened to span it. A crowded table (a register of fifteen
/// columns) may be planned a little wider than the page, for the printer's fit-to-width to
/// shrink, down to `min_scale`: of 100, 95, 90 and 85 % (not below `min_scale`), the largest
/// size whose rows take at most a quarter more paper than the least any of them takes.
pub fn fit_page(needs: &[Need], rows: &[Vec<&str>], min_scale: f64) -> (Vec<f64>, bool) {
    let wish: Vec<f64> = needs.iter().map(|n| n.wish.max(n.floor)).collect();
    let landscape = landscape_for(&wish);
    let budget = width_budget(needs.len(), landscape);
    // A table that fits at full size is planned at full size.
    let fits = wish.iter().sum::<f64>() <= budget;
    let mut plans: Vec<(f64, Vec<f64>)> = [1.0, 0.95, 0.9, 0.85]
        .into_iter()
        .filter(|s| *s >= min_scale && (*s == 1.0 || !fits))
        .map(|s| (s, fit_to_text(needs, rows, budget / s)))
        .collect();
    // The same plan at every size (the floors do not fit even the smallest): that one.
    plans.dedup_by(|b, a| a.1 == b.1);
    // Paper taken: the rows' height at that size (a wider plan than the page prints smaller).
    let pick = if plans.len() < 2 {
        0
    } else {
        let paper: Vec<f64> = plans
            .iter()
            .map(|(_, w)| sample_height(rows, w) * (budget / w.iter().sum::<f64>()).min(1.0))
            .collect();
        let least = paper.iter().copied().fold(f64::MAX, f64::min);
        paper
            .iter()
            .position(|p| *p <= least * 1.25 + 1e-9)
            .unwrap_or(0)
    };
    let mut widths = plans[pick].1.clone();
    // A table narrower than the page spans it.
    let total: f64 = widths.iter().sum();
    if total > 0.0 && total < budget {
        let k = budget / total;
        for w in &mut widths {
            *w *= k;
        }
    }
    (widths, landscape)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(rows: &[&str]) -> Vec<String> {
        rows.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_issuer_comes_from_the_left_cells_above_the_title() {
        let h = Heading::of_sheet(
            &titles(&[
                "UBND XÃ LỘC HƯNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "BAN CHỈ ĐẠO GIẢM NGHÈO | Độc lập - Tự do - Hạnh phúc",
                "DANH SÁCH HỘ NGHÈO NĂM 2025",
                "(Kèm theo Quyết định số 245/QĐ-UBND ngày 12/10/2025 của UBND xã Lộc Hưng)",
            ]),
            &ListContext::default(),
        );
        assert_eq!(h.issuer, ["UBND XÃ LỘC HƯNG", "BAN CHỈ ĐẠO GIẢM NGHÈO"]);
        assert!(h.issuer_complete);
        assert_eq!(h.place.as_deref(), Some("Lộc Hưng"));
        assert_eq!(h.list_title.as_deref(), Some("DANH SÁCH HỘ NGHÈO NĂM 2025"));
        let h = Heading::of_sheet(
            &titles(&["UBND HUYỆN LỘC NINH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]),
            &ListContext::default(),
        );
        assert_eq!(h.issuer, ["UBND HUYỆN LỘC NINH"]);
        assert_eq!(h.place.as_deref(), Some("Lộc Ninh"));
    }

    #[test]
    fn no_unit_is_invented() {
        // A title that names no body: nothing, the line is left to be written.
        for t in [
            vec![
                "SỔ ĐỊA CHÍNH",
                "Xã Lộc Thạnh, Thành phố Đồng Nai — Quyển số 03",
            ],
            vec![
                "SỔ ĐĂNG KÝ KHAI SINH",
                "Quyển số: 01/2025 — UBND xã Lộc Quang",
            ],
            vec![],
        ] {
            let h = Heading::of_sheet(&titles(&t), &ListContext::default());
            assert!(h.issuer.is_empty(), "{t:?}: {h:?}");
            assert!(!h.issuer_complete);
        }
        // The list's commune known from its title: its People's Committee, the unit left open.
        let ctx = ListContext::of_sheet(
            &ListContext::default(),
            &titles(&["DANH SÁCH HỘ CẬN NGHÈO NĂM 2025 — XÃ LỘC QUANG"]),
            "DS",
            "ds.xlsx",
        );
        let h = Heading::of_sheet(
            &titles(&["DANH SÁCH HỘ CẬN NGHÈO NĂM 2025 — XÃ LỘC QUANG"]),
            &ctx,
        );
        assert_eq!(h.issuer, ["UBND XÃ LỘC QUANG"]);
        assert!(!h.issuer_complete);
        assert_eq!(h.place.as_deref(), Some("Lộc Quang"));
        // Sheets that disagree: left open.
        let a = Heading {
            issuer: vec!["UBND XÃ A".into()],
            issuer_complete: true,
            place: Some("A".into()),
            list_title: None,
        };
        let b = Heading {
            issuer: vec!["UBND XÃ B".into()],
            ..a.clone()
        };
        assert_eq!(Heading::common([&a, &a]), a);
        let c = Heading::common([&a, &b]);
        assert!(c.issuer.is_empty() && c.place.as_deref() == Some("A"));
    }

    #[test]
    fn dates_as_the_decree_writes_them() {
        assert_eq!(
            place_and_date(Some("Lộc Hưng"), (2026, 12, 8)),
            "Lộc Hưng, ngày 08 tháng 12 năm 2026"
        );
        assert_eq!(
            place_and_date(None, (2026, 2, 15)),
            "……………, ngày 15 tháng 02 năm 2026"
        );
        assert_eq!(
            place_and_date(Some("Lộc Ninh"), (2025, 3, 1)),
            "Lộc Ninh, ngày 01 tháng 3 năm 2025"
        );
    }

    #[test]
    fn width_goes_where_it_saves_lines() {
        let needs = [
            Need {
                wish: 5.0,
                floor: 5.0,
            },
            Need {
                wish: 36.0,
                floor: 8.0,
            },
            Need {
                wish: 30.0,
                floor: 8.0,
            },
        ];
        let rows = vec![
            vec![
                "1",
                "Thôn 1, xã Lộc Thuận, huyện Lộc Ninh, tỉnh Bình Phước",
                "CLN",
            ],
            vec!["2", "Thôn 6, xã Lộc Thuận", "HNK"],
        ];
        let w = fit_to_text(&needs, &rows, 40.0);
        assert!(w.iter().sum::<f64>() <= 40.0, "{w:?}");
        assert!(
            w[1] > 20.0 && w[2] <= 10.0,
            "the address gets the width: {w:?}"
        );
        // All fit: each its wish.
        assert_eq!(fit_to_text(&needs, &rows, 100.0), [5.0, 36.0, 30.0]);
    }

    #[test]
    fn text_wraps_at_words() {
        assert_eq!(lines_in("", 10.0, 11.0, false), 1);
        assert_eq!(lines_in("Nguyễn Văn An", 20.0, 11.0, false), 1);
        assert_eq!(lines_in("Nguyễn Văn An", 8.0, 11.0, false), 2);
        assert_eq!(lines_in("a\nb\nc", 20.0, 11.0, false), 3);
        assert!(lines_in(&"x".repeat(200), 10.0, 11.0, false) >= 10);
        assert!(height_for_lines(2, 11.0) > height_for_lines(1, 11.0));
    }
}
