//! Dates of birth as lists write them (DOMAIN.md §7): a date keeps its precision (year, month,
//! day); impossible dates are kept as written with a flag; nothing is invented.

use std::fmt;

use crate::model::Cell;

/// A date of birth with its precision. `day` implies `month`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Dob {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl Dob {
    pub fn year(year: i32) -> Dob {
        Dob {
            year,
            month: None,
            day: None,
        }
    }

    pub fn month(year: i32, month: u8) -> Dob {
        Dob {
            year,
            month: Some(month),
            day: None,
        }
    }

    pub fn ymd(year: i32, month: u8, day: u8) -> Dob {
        Dob {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// "12/03/1955", "03/1955", "1955".
    pub fn format_vi(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d:02}/{m:02}/{:04}", self.year),
            (Some(m), None) => format!("{m:02}/{:04}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// ISO-like form for machine output: "1955-03-12", "1955-03", "1955".
    pub fn format_iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// False for a day that the month does not have (31/04, 29/02 in a non-leap year).
    pub fn is_possible(&self) -> bool {
        match (self.month, self.day) {
            (Some(m), Some(d)) => {
                (1..=12).contains(&m) && d >= 1 && d <= days_in_month(self.year, m)
            }
            (Some(m), None) => (1..=12).contains(&m),
            (None, Some(_)) => false,
            (None, None) => true,
        }
    }

    /// The date an impossible day is re-registered as (DOMAIN §7: 29/02 -> 01/03, 30/02 ->
    /// 01/03 or 02/03, 31/04 -> 01/05 ...: the extra days roll into the next month). A possible
    /// date is returned unchanged.
    pub fn normalised(&self) -> Dob {
        match (self.month, self.day) {
            (Some(m), Some(d)) if (1..=12).contains(&m) && d > days_in_month(self.year, m) => {
                let extra = d - days_in_month(self.year, m);
                if m == 12 {
                    Dob::ymd(self.year + 1, 1, extra)
                } else {
                    Dob::ymd(self.year, m + 1, extra)
                }
            }
            _ => *self,
        }
    }
}

impl fmt::Display for Dob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_vi())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum DateIssue {
    /// 31/04, 29/02 non-leap: kept as written with this flag
    Impossible,
    TwoDigitYear,
    FromSerial,
    /// serial 60 of the 1900 system: the nonexistent 29/02/1900
    Serial1900LeapBug,
    /// 00/00/1955, ../../1955, x/x/1955: parts explicitly unknown
    ZeroedParts,
    Unparsed,
    Future,
    TooOld,
    /// month > 12 and day <= 12 ("03/25/1955"): read as month/day/year
    UsOrder,
    /// written as a lunar date ("âm lịch", "AL"): kept as written, not converted
    Lunar,
    /// the year of an age ("Tuổi" 83 in a list of 2025 → 1942): known to a year either way,
    /// never a date the person gave
    FromAge,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedDate {
    pub dob: Option<Dob>,
    pub issues: Vec<DateIssue>,
}

impl ParsedDate {
    fn push(&mut self, i: DateIssue) {
        if !self.issues.contains(&i) {
            self.issues.push(i);
        }
    }

    fn unparsed() -> ParsedDate {
        ParsedDate {
            dob: None,
            issues: vec![DateIssue::Unparsed],
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct DateContext {
    /// workbook date system (for numeric serials)
    pub date1904: bool,
    /// the run's year (2026): no birth after it
    pub reference_year: i32,
    /// expected age range of the list's people, e.g. (0, 110) or (60, 110) for elderly; used
    /// for two-digit years
    pub typical_age: (u32, u32),
    /// birth year implied by a CCCD on the same row, if any (wins for two-digit years)
    pub id_birth_year: Option<i32>,
    /// a bare number 1..=2958465 in a date column is an Excel serial (true) or, when
    /// 1800..=2100, a year
    pub numbers_are_serials: bool,
}

impl Default for DateContext {
    /// 1900 system, reference year 2026, ages 0–110, no ID year, bare 1800..=2100 numbers are
    /// years.
    fn default() -> Self {
        DateContext {
            date1904: false,
            reference_year: 2026,
            typical_age: (0, 110),
            id_birth_year: None,
            numbers_are_serials: false,
        }
    }
}

/// Ages above this are flagged `TooOld`.
const MAX_AGE: i32 = 120;

pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 (proleptic Gregorian).
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

/// Excel serial -> calendar date. Returns the date and whether it is the 1900 leap-year bug
/// day (serial 60, shown by Excel as 29/02/1900, kept as such).
pub fn serial_to_date(serial: i64, date1904: bool) -> Option<(Dob, bool)> {
    if date1904 {
        if !(0..=2_957_003).contains(&serial) {
            return None;
        }
        let (y, m, d) = civil_from_days(days_from_civil(1904, 1, 1) + serial);
        return Some((Dob::ymd(y, m, d), false));
    }
    match serial {
        60 => Some((Dob::ymd(1900, 2, 29), true)),
        1..=59 => {
            let (y, m, d) = civil_from_days(days_from_civil(1899, 12, 31) + serial);
            Some((Dob::ymd(y, m, d), false))
        }
        61..=2_958_465 => {
            let (y, m, d) = civil_from_days(days_from_civil(1899, 12, 30) + serial);
            Some((Dob::ymd(y, m, d), false))
        }
        _ => None,
    }
}

/// Calendar date -> Excel serial (inverse of [`serial_to_date`]; 1900 system from 1900-03-01).
pub fn date_to_serial(dob: &Dob, date1904: bool) -> Option<i64> {
    let (m, d) = (dob.month?, dob.day?);
    if !dob.is_possible() {
        return None;
    }
    let days = days_from_civil(dob.year, m, d);
    let s = if date1904 {
        days - days_from_civil(1904, 1, 1)
    } else if days >= days_from_civil(1900, 3, 1) {
        days - days_from_civil(1899, 12, 30)
    } else {
        days - days_from_civil(1899, 12, 31)
    };
    (s >= i64::from(!date1904)).then_some(s)
}

fn finish(mut p: ParsedDate, ctx: &DateContext) -> ParsedDate {
    if let Some(d) = p.dob {
        if d.year > ctx.reference_year {
            p.push(DateIssue::Future);
        } else if ctx.reference_year.saturating_sub(d.year) > MAX_AGE {
            p.push(DateIssue::TooOld);
        }
        if !d.is_possible() {
            p.push(DateIssue::Impossible);
        }
    }
    p
}

/// dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd, two-digit years, Excel date cells
/// (Cell::Date) and serial numbers (1900 leap-year bug: serial 60 flagged, 1904 system), year
/// only (Int/Float 1955 or "1955"), month/year ("06/1960", "T6/1960", "tháng 3/1955"),
/// "00/00/1955", "0/0/1955", "../../1955", "--/--/1955", "x/x/1955", "năm 1955",
/// "ngày 5 tháng 3 năm 1955", impossible dates kept with a flag, garbage -> dob None + Unparsed.
pub fn parse_date_cell(cell: &Cell, ctx: &DateContext) -> ParsedDate {
    match cell {
        Cell::Empty => ParsedDate::default(),
        // A serial number kept as text ("31770", a date column exported as text): read as the
        // number it is; no date is written as five bare digits.
        Cell::Text(s)
            if s.trim().len() == 5
                && s.trim().bytes().all(|b| b.is_ascii_digit())
                && s.trim()
                    .parse::<i64>()
                    .is_ok_and(|n| (10_000..=60_000).contains(&n)) =>
        {
            parse_number(s.trim().parse().unwrap_or(0), ctx)
        }
        Cell::Text(s) => parse_date_text(s, ctx),
        Cell::Date { year, month, day } => {
            if !(1..=12).contains(month) || *day == 0 || *day > 31 {
                return ParsedDate::unparsed();
            }
            finish(
                ParsedDate {
                    dob: Some(Dob::ymd(*year, *month, *day)),
                    issues: Vec::new(),
                },
                ctx,
            )
        }
        Cell::Int(n) => parse_number(*n, ctx),
        Cell::Float(f) => {
            if !f.is_finite() || *f < 0.0 || *f > 1e9 {
                ParsedDate::unparsed()
            } else {
                // fractions are times of day
                parse_number(f.floor() as i64, ctx)
            }
        }
        Cell::Bool(_) | Cell::Error(_) => ParsedDate::unparsed(),
    }
}

fn parse_number(n: i64, ctx: &DateContext) -> ParsedDate {
    if (10_000_000..=99_999_999).contains(&n) {
        // 12031955 typed without separators
        return parse_date_text(&n.to_string(), ctx);
    }
    if !ctx.numbers_are_serials && (1800..=2100).contains(&n) {
        return finish(
            ParsedDate {
                dob: Some(Dob::year(n as i32)),
                issues: Vec::new(),
            },
            ctx,
        );
    }
    from_serial(n, ctx)
}

fn from_serial(n: i64, ctx: &DateContext) -> ParsedDate {
    match serial_to_date(n, ctx.date1904) {
        Some((dob, bug)) => {
            let mut p = ParsedDate {
                dob: Some(dob),
                issues: vec![DateIssue::FromSerial],
            };
            if bug {
                p.push(DateIssue::Serial1900LeapBug);
                // the day does not exist: flag the bug, not a second "impossible"
                if ctx.reference_year.saturating_sub(dob.year) > MAX_AGE {
                    p.push(DateIssue::TooOld);
                }
                return p;
            }
            finish(p, ctx)
        }
        None => ParsedDate::unparsed(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    Day,
    Month,
    Year,
}

impl Slot {
    fn next(self) -> Option<Slot> {
        match self {
            Slot::Day => Some(Slot::Month),
            Slot::Month => Some(Slot::Year),
            Slot::Year => None,
        }
    }
    fn prev(self) -> Option<Slot> {
        match self {
            Slot::Day => None,
            Slot::Month => Some(Slot::Day),
            Slot::Year => Some(Slot::Month),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Val {
    Num(String),
    Unknown,
    MonthName(u8),
}

#[derive(Debug, Clone)]
struct Field {
    val: Val,
    label: Option<Slot>,
}

fn month_name(w: &str) -> Option<u8> {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if w.len() < 3 {
        return None;
    }
    let p = w.get(0..3)?;
    let i = NAMES.iter().position(|n| *n == p)?;
    // whole word must be an abbreviation or the English name
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (FULL[i].starts_with(w) || w == "sept").then_some(i as u8 + 1)
}

/// Replace placeholder runs ("..", "--", "x", "xx", "?", "**") standing where a date part
/// would be by '?'.
fn mark_placeholders(t: &str) -> String {
    let chars: Vec<char> = t.chars().collect();
    let mut out = String::with_capacity(t.len());
    let is_ph = |c: char| matches!(c, '.' | '-' | '_' | '?' | '*' | 'x');
    let is_delim = |c: Option<&char>| matches!(c, None | Some('/') | Some(' '));
    let mut i = 0;
    while i < chars.len() {
        if is_ph(chars[i]) {
            let start = i;
            while i < chars.len() && is_ph(chars[i]) {
                i += 1;
            }
            let run = &chars[start..i];
            let before = if start == 0 {
                None
            } else {
                chars.get(start - 1)
            };
            let after = chars.get(i);
            let delimited = is_delim(before) && is_delim(after);
            let all_x = run.iter().all(|c| *c == 'x');
            let single_sep = run.len() == 1 && matches!(run[0], '.' | '-' | '_');
            let placeholder_run = run.len() >= 2 || all_x || run[0] == '?' || run[0] == '*';
            if delimited && placeholder_run && (!single_sep || all_x) {
                out.push('?');
            } else {
                out.extend(run.iter());
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Parse the text of a date cell.
pub fn parse_date_text(s: &str, ctx: &DateContext) -> ParsedDate {
    let mut t = super::loose_words(s);
    if t.is_empty() {
        return ParsedDate::default();
    }
    let mut lunar = false;
    for w in ["(am lich)", "(al)", "am lich", "(a.l)", "a.l."] {
        if t.contains(w) {
            lunar = true;
            t = t.replace(w, " ");
        }
    }
    if t.ends_with(" al") {
        lunar = true;
        t.truncate(t.len() - 3);
    }
    for w in ["(duong lich)", "duong lich", "(dl)"] {
        t = t.replace(w, " ");
    }
    // ISO with a time: 1955-03-12t00:00:00
    if let Some(pos) = t.find('t')
        && pos >= 8
        && t[..pos].bytes().all(|b| b.is_ascii_digit() || b == b'-')
        && t[pos + 1..].contains(':')
    {
        t.truncate(pos);
    }
    // trailing time of day: "12/03/1955 00:00:00", "12/03/1955 0:00 am"
    let words: Vec<&str> = t.split(' ').collect();
    let mut kept: Vec<&str> = Vec::new();
    let mut after_time = false;
    for w in words {
        if w.contains(':')
            && w.bytes()
                .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
        {
            after_time = true;
            continue;
        }
        if after_time && matches!(w, "am" | "pm" | "sa" | "ch") {
            continue;
        }
        kept.push(w);
    }
    let t = kept.join(" ");
    let t = mark_placeholders(t.trim());

    let mut p = match fields_of(&t).and_then(|f| build(&f, ctx)) {
        Some(p) => p,
        None => return ParsedDate::unparsed(),
    };
    if lunar {
        p.push(DateIssue::Lunar);
    }
    finish(p, ctx)
}

/// Tokenise into fields (numbers, unknown parts, month names) with labels from Vietnamese
/// words. None for garbage.
fn fields_of(t: &str) -> Option<Vec<Field>> {
    let chars: Vec<char> = t.chars().collect();
    let mut fields: Vec<Field> = Vec::new();
    let mut label: Option<Slot> = None;
    // a '/' with no field since the previous '/' (or the start) stands for an empty part
    let mut field_since_slash = false;
    let mut seen_slash = false;
    let mut i = 0;
    let mut words_seen = 0usize;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            fields.push(Field {
                val: Val::Num(chars[start..i].iter().collect()),
                label: label.take(),
            });
            field_since_slash = true;
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            let w: String = chars[start..i].iter().collect();
            words_seen += 1;
            let next_is_digit = chars.get(i).is_some_and(|c| c.is_ascii_digit());
            match w.as_str() {
                "ngay" => label = Some(Slot::Day),
                "thang" | "th" | "thg" => label = Some(Slot::Month),
                "t" if next_is_digit => label = Some(Slot::Month),
                "nam" => label = Some(Slot::Year),
                "sinh" | "ns" | "khoang" | "vao" | "luc" | "nsinh" => {}
                _ => {
                    if let Some(m) = month_name(&w) {
                        fields.push(Field {
                            val: Val::MonthName(m),
                            label: label.take(),
                        });
                        field_since_slash = true;
                    } else {
                        return None;
                    }
                }
            }
        } else if c == '?' {
            fields.push(Field {
                val: Val::Unknown,
                label: label.take(),
            });
            field_since_slash = true;
            i += 1;
        } else if c == '/' || c == '\\' {
            if !field_since_slash {
                fields.push(Field {
                    val: Val::Unknown,
                    label: label.take(),
                });
            }
            seen_slash = true;
            field_since_slash = false;
            i += 1;
        } else if matches!(
            c,
            '-' | '.' | ',' | ' ' | '_' | '(' | ')' | ':' | '\'' | '"'
        ) {
            i += 1;
        } else {
            return None;
        }
    }
    if seen_slash && !field_since_slash {
        fields.push(Field {
            val: Val::Unknown,
            label: label.take(),
        });
    }
    if fields.is_empty() || fields.len() > 3 || (words_seen > 6) {
        return None;
    }
    Some(fields)
}

fn num(v: &Val) -> Option<&str> {
    match v {
        Val::Num(s) => Some(s.as_str()),
        _ => None,
    }
}

/// Assign fields to day/month/year and build the date.
fn build(fields: &[Field], ctx: &DateContext) -> Option<ParsedDate> {
    let mut slots: Vec<Option<Slot>> = fields.iter().map(|f| f.label).collect();
    if slots.iter().any(|s| s.is_some()) {
        // unlabeled fields continue from the previous one, or precede the next labeled one
        for i in 0..slots.len() {
            if slots[i].is_none() && i > 0 {
                slots[i] = slots[i - 1].and_then(Slot::next);
                slots[i]?;
            }
        }
        for i in (0..slots.len()).rev() {
            if slots[i].is_none() {
                slots[i] = slots.get(i + 1).copied().flatten().and_then(Slot::prev);
                slots[i]?;
            }
        }
    } else {
        let is_num_len = |f: &Field, n: usize| num(&f.val).is_some_and(|s| s.len() == n);
        match fields.len() {
            1 => return single(&fields[0].val, ctx),
            2 => {
                // month/year needs a 4-digit year: "12/03" is a day and a month
                if is_num_len(&fields[0], 4) && !is_num_len(&fields[1], 4) {
                    slots = vec![Some(Slot::Year), Some(Slot::Month)];
                } else if is_num_len(&fields[1], 4) {
                    slots = vec![Some(Slot::Month), Some(Slot::Year)];
                } else {
                    return None;
                }
            }
            3 => {
                if is_num_len(&fields[0], 4) {
                    slots = vec![Some(Slot::Year), Some(Slot::Month), Some(Slot::Day)];
                } else if matches!(fields[0].val, Val::MonthName(_)) {
                    slots = vec![Some(Slot::Month), Some(Slot::Day), Some(Slot::Year)];
                } else {
                    slots = vec![Some(Slot::Day), Some(Slot::Month), Some(Slot::Year)];
                }
            }
            _ => return None,
        }
    }
    let mut day: Option<&Val> = None;
    let mut month: Option<&Val> = None;
    let mut year: Option<&Val> = None;
    for (f, s) in fields.iter().zip(&slots) {
        let target = match (*s)? {
            Slot::Day => &mut day,
            Slot::Month => &mut month,
            Slot::Year => &mut year,
        };
        if target.is_some() {
            return None;
        }
        *target = Some(&f.val);
    }
    let mut p = ParsedDate::default();
    let ys = num(year?)?;
    let y = year_of(ys, ctx, &mut p)?;

    let part = |v: Option<&Val>| -> Option<Option<u32>> {
        // Some(None): absent or unknown; Some(Some(n)): a number; None: garbage
        match v {
            None | Some(Val::Unknown) => Some(None),
            Some(Val::MonthName(m)) => Some(Some(u32::from(*m))),
            Some(Val::Num(s)) if s.len() <= 2 => s.parse().ok().map(Some),
            Some(Val::Num(_)) => None,
        }
    };
    let mut m = part(month)?;
    let mut d = part(day)?;
    let written = |v: Option<&Val>| v.is_some();
    if (written(month) && m.is_none_or(|x| x == 0)) || (written(day) && d.is_none_or(|x| x == 0)) {
        p.push(DateIssue::ZeroedParts);
    }
    if m == Some(0) {
        m = None;
    }
    if d == Some(0) {
        d = None;
    }
    if let (Some(mm), Some(dd)) = (m, d)
        && mm > 12
        && dd <= 12
        && !matches!(month, Some(Val::MonthName(_)))
    {
        m = Some(dd);
        d = Some(mm);
        p.push(DateIssue::UsOrder);
    }
    if m.is_some_and(|x| x > 12) || d.is_some_and(|x| x > 31) {
        return None;
    }
    let dob = match (m, d) {
        (Some(m), Some(d)) => Dob::ymd(y, m as u8, d as u8),
        (Some(m), None) => Dob::month(y, m as u8),
        (None, Some(_)) => {
            // 05/00/1955: a day without its month says nothing
            p.push(DateIssue::ZeroedParts);
            Dob::year(y)
        }
        (None, None) => Dob::year(y),
    };
    p.dob = Some(dob);
    Some(p)
}

/// One field alone: a year, ddmmyyyy / yyyymmdd / ddmmyy, or (if declared) a serial.
fn single(v: &Val, ctx: &DateContext) -> Option<ParsedDate> {
    let s = num(v)?;
    let mut p = ParsedDate::default();
    match s.len() {
        1 | 2 | 4 => {
            let y = year_of(s, ctx, &mut p)?;
            p.dob = Some(Dob::year(y));
            Some(p)
        }
        8 | 6 => {
            let (a, b, c) = if s.len() == 8 && (s.starts_with("19") || s.starts_with("20")) && {
                let mm: u32 = s[4..6].parse().ok()?;
                let dd: u32 = s[6..8].parse().ok()?;
                (1..=12).contains(&mm) && (1..=31).contains(&dd)
            } {
                // yyyymmdd
                (&s[6..8], &s[4..6], &s[0..4])
            } else {
                (&s[0..2], &s[2..4], &s[4..])
            };
            build(
                &[
                    Field {
                        val: Val::Num(a.into()),
                        label: Some(Slot::Day),
                    },
                    Field {
                        val: Val::Num(b.into()),
                        label: Some(Slot::Month),
                    },
                    Field {
                        val: Val::Num(c.into()),
                        label: Some(Slot::Year),
                    },
                ],
                ctx,
            )
        }
        5 if ctx.numbers_are_serials => {
            let n: i64 = s.parse().ok()?;
            let p = from_serial(n, ctx);
            p.dob.map(|_| p)
        }
        _ => None,
    }
}

fn year_of(s: &str, ctx: &DateContext, p: &mut ParsedDate) -> Option<i32> {
    let n: i32 = s.parse().ok()?;
    match s.len() {
        4 if n >= 1000 => Some(n),
        1 | 2 => {
            p.push(DateIssue::TwoDigitYear);
            Some(resolve_two_digit_year(n, ctx))
        }
        _ => None,
    }
}

/// Choose the century of a two-digit year from the context (not Excel's 1930–2029 rule): the
/// CCCD birth year on the row wins; otherwise the latest year not after the reference year
/// whose age fits the list's typical ages.
pub fn resolve_two_digit_year(yy: i32, ctx: &DateContext) -> i32 {
    let yy = yy.rem_euclid(100);
    let candidates: Vec<i32> = (18..=21).map(|c| c * 100 + yy).collect();
    if let Some(iy) = ctx.id_birth_year {
        return candidates
            .iter()
            .copied()
            .min_by_key(|c| (c - iy).abs())
            .unwrap_or(1900 + yy);
    }
    let (lo, hi) = (ctx.typical_age.0 as i32, ctx.typical_age.1 as i32);
    let past: Vec<i32> = candidates
        .iter()
        .copied()
        .filter(|c| *c <= ctx.reference_year)
        .collect();
    let distance = |c: i32| {
        let age = ctx.reference_year - c;
        if age < lo {
            lo - age
        } else if age > hi {
            age - hi
        } else {
            0
        }
    };
    past.iter()
        .copied()
        .min_by_key(|c| (distance(*c), -*c))
        .unwrap_or(1900 + yy)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum DateLevel {
    /// same value, same precision
    Equal,
    /// 1955 vs 12/03/1955; 03/1955 vs 12/03/1955; 01/01/1955 vs 1955 (01/01 filler)
    PrecisionCompatible,
    /// 31/04 vs 01/05, 29/02 non-leap vs 01/03 (DOMAIN §7 tolerance)
    ImpossibleNormalised,
    /// 03/12/1955 vs 12/03/1955
    DayMonthSwap,
    /// one digit typo in day/month/year (e.g. 1955 vs 1965, 12/03 vs 13/03)
    OneDigit,
    /// years differ by one (precision-compatible otherwise); wins over OneDigit (1955/1956)
    YearOff1,
    Different,
}

/// `coarse` agrees with `full` on every part `coarse` has.
fn refines(full: &Dob, coarse: &Dob) -> bool {
    full.year == coarse.year
        && match (coarse.month, coarse.day) {
            (None, _) => true,
            (Some(m), None) => full.month == Some(m),
            (Some(m), Some(d)) => full.month == Some(m) && full.day == Some(d),
        }
}

/// The other date agrees with the DOMAIN §7 re-registration of an impossible one, or with its
/// last valid day (one-to-two-day tolerance).
fn impossible_match(imp: &Dob, other: &Dob) -> bool {
    if imp.is_possible() || other.precision() != Precision::Day {
        return false;
    }
    let n = imp.normalised();
    if n == *other {
        return true;
    }
    if let (Some(m), Some(_)) = (imp.month, imp.day)
        && (1..=12).contains(&m)
    {
        let last = Dob::ymd(imp.year, m, days_in_month(imp.year, m));
        return last == *other;
    }
    false
}

/// The date's digits on precision `p` as "ddmmyyyy" / "mmyyyy" / "yyyy", written on the stack
/// (this runs for every namesake of every row: no allocation).
fn digits_of(d: &Dob, p: Precision) -> DateDigits {
    use std::io::Write;
    let mut out = DateDigits {
        buf: [0; 24],
        len: 0,
    };
    let mut w = std::io::Cursor::new(&mut out.buf[..]);
    let (day, month) = (d.day.unwrap_or(0), d.month.unwrap_or(0));
    // a 24-byte buffer holds any i32 year with day and month
    let _ = match p {
        Precision::Year => write!(w, "{:04}", d.year),
        Precision::Month => write!(w, "{month:02}{:04}", d.year),
        Precision::Day => write!(w, "{day:02}{month:02}{:04}", d.year),
    };
    out.len = w.position() as usize;
    out
}

struct DateDigits {
    buf: [u8; 24],
    len: usize,
}

impl DateDigits {
    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Compare the list's date with the registry's.
pub fn compare_dobs(list: &Dob, registry: &Dob) -> DateLevel {
    if list == registry {
        return DateLevel::Equal;
    }
    if list.precision() != registry.precision()
        && (refines(list, registry) || refines(registry, list))
    {
        return DateLevel::PrecisionCompatible;
    }
    if impossible_match(list, registry) || impossible_match(registry, list) {
        return DateLevel::ImpossibleNormalised;
    }
    if list.year == registry.year
        && let (Some(lm), Some(ld), Some(rm), Some(rd)) =
            (list.month, list.day, registry.month, registry.day)
        && ld == rm
        && lm == rd
        && ld != lm
    {
        return DateLevel::DayMonthSwap;
    }
    // years one apart, everything else compatible
    if list.year.abs_diff(registry.year) == 1 {
        let moved = Dob {
            year: registry.year,
            ..*list
        };
        if moved == *registry || refines(&moved, registry) || refines(registry, &moved) {
            return DateLevel::YearOff1;
        }
    }
    // one digit differs on the common precision (the finer side's extra parts ignored)
    let p = list.precision().min(registry.precision());
    let (a, b) = (digits_of(list, p), digits_of(registry, p));
    let (a, b) = (a.bytes(), b.bytes());
    if a.len() == b.len() && a.iter().zip(b).filter(|(x, y)| x != y).count() == 1 {
        return DateLevel::OneDigit;
    }
    DateLevel::Different
}

/// The birth year an age implies in `reference_year` ("83", "83 tuổi"): 0 to 120 years.
pub fn from_age(text: &str, reference_year: i32) -> Option<ParsedDate> {
    let t = text.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = crate::text::fold::fold(t[digits.len()..].trim());
    if !(rest.is_empty() || rest == "tuoi") {
        return None;
    }
    let age: i32 = digits.parse().ok().filter(|a| (0..=120).contains(a))?;
    Some(ParsedDate {
        dob: Some(Dob::year(reference_year - age)),
        issues: vec![DateIssue::FromAge],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_serial_kept_as_text_is_a_date() {
        let ctx = DateContext {
            date1904: false,
            reference_year: 2026,
            typical_age: (0, 110),
            id_birth_year: None,
            numbers_are_serials: false,
        };
        let as_number = parse_date_cell(&Cell::Int(31770), &ctx);
        let as_text = parse_date_cell(&Cell::Text("31770".into()), &ctx);
        assert_eq!(as_text.dob, as_number.dob);
        assert!(as_text.dob.is_some());
    }

    #[test]
    fn an_age_gives_its_year() {
        let p = from_age("83", 2025).unwrap();
        assert_eq!(p.dob, Some(Dob::year(1942)));
        assert_eq!(p.issues, vec![DateIssue::FromAge]);
        assert_eq!(
            from_age("83 tuổi", 2025).unwrap().dob,
            Some(Dob::year(1942))
        );
        assert!(from_age("", 2025).is_none());
        assert!(from_age("200", 2025).is_none());
        assert!(from_age("12/03/1950", 2025).is_none());
    }

    fn ctx() -> DateContext {
        DateContext::default()
    }

    fn d(s: &str) -> ParsedDate {
        parse_date_text(s, &ctx())
    }

    #[test]
    fn full_forms() {
        for s in [
            "12/03/1955",
            "12-03-1955",
            "12.03.1955",
            "1955-03-12",
            "12 / 03 / 1955",
            "ngày 12 tháng 3 năm 1955",
            "Ngày 12 tháng 03 năm 1955",
            "12/3/1955",
            "12031955",
            "19550312",
            "12/03/1955 00:00:00",
            "1955-03-12T00:00:00",
            "12-Mar-1955",
            "12 thg 3 1955",
        ] {
            let p = d(s);
            assert_eq!(p.dob, Some(Dob::ymd(1955, 3, 12)), "{s}: {p:?}");
            assert!(p.issues.is_empty(), "{s}: {p:?}");
        }
        assert_eq!(d("5/6/1960").dob, Some(Dob::ymd(1960, 6, 5)));
    }

    #[test]
    fn partial_forms() {
        for s in ["1955", "năm 1955", "Năm 1955", "sinh năm 1955", " 1955 "] {
            let p = d(s);
            assert_eq!(p.dob, Some(Dob::year(1955)), "{s}");
            assert!(p.issues.is_empty(), "{s}: {p:?}");
        }
        for s in [
            "00/00/1955",
            "0/0/1955",
            "../../1955",
            "--/--/1955",
            "x/x/1955",
            "xx/xx/1955",
            "//1955",
            "?/?/1955",
        ] {
            let p = d(s);
            assert_eq!(p.dob, Some(Dob::year(1955)), "{s}: {p:?}");
            assert_eq!(p.issues, [DateIssue::ZeroedParts], "{s}");
        }
        for s in [
            "06/1960",
            "6/1960",
            "T6/1960",
            "t6/1960",
            "tháng 6/1960",
            "Tháng 6 năm 1960",
            "1960-06",
        ] {
            let p = d(s);
            assert_eq!(p.dob, Some(Dob::month(1960, 6)), "{s}: {p:?}");
            assert!(p.issues.is_empty(), "{s}: {p:?}");
        }
        let p = d("00/06/1960");
        assert_eq!(p.dob, Some(Dob::month(1960, 6)));
        assert_eq!(p.issues, [DateIssue::ZeroedParts]);
    }

    #[test]
    fn two_digit_years() {
        let p = d("15/08/60");
        assert_eq!(p.dob, Some(Dob::ymd(1960, 8, 15)));
        assert_eq!(p.issues, [DateIssue::TwoDigitYear]);
        assert_eq!(d("15/08/20").dob, Some(Dob::ymd(2020, 8, 15)));
        let elderly = DateContext {
            typical_age: (60, 110),
            ..ctx()
        };
        assert_eq!(
            parse_date_text("15/08/20", &elderly).dob,
            Some(Dob::ymd(1920, 8, 15))
        );
        let with_id = DateContext {
            id_birth_year: Some(1925),
            ..ctx()
        };
        assert_eq!(
            parse_date_text("01/01/25", &with_id).dob,
            Some(Dob::ymd(1925, 1, 1))
        );
        assert_eq!(
            parse_date_text("01/01/29", &elderly).dob.map(|d| d.year),
            Some(1929)
        );
        assert_eq!(d("01/01/30").dob.map(|d| d.year), Some(1930));
    }

    #[test]
    fn impossible_kept() {
        for (s, y, m, dd) in [
            ("31/04/1960", 1960, 4, 31),
            ("29/02/1955", 1955, 2, 29),
            ("30/02/1960", 1960, 2, 30),
        ] {
            let p = d(s);
            assert_eq!(p.dob, Some(Dob::ymd(y, m, dd)), "{s}");
            assert_eq!(p.issues, [DateIssue::Impossible], "{s}");
        }
        assert!(d("29/02/1956").issues.is_empty());
        let p = d("03/25/1955");
        assert_eq!(p.dob, Some(Dob::ymd(1955, 3, 25)));
        assert_eq!(p.issues, [DateIssue::UsOrder]);
    }

    #[test]
    fn garbage() {
        for s in [
            "abc",
            "#N/A",
            "Nguyễn Văn A",
            "32/13/1955",
            "12/03/195",
            "1/2/3/4",
            "không rõ",
            "x",
            "Nam",
            "12/03/19555",
        ] {
            let p = d(s);
            assert_eq!(p.dob, None, "{s}: {p:?}");
            assert_eq!(p.issues, [DateIssue::Unparsed], "{s}");
        }
        assert_eq!(d(""), ParsedDate::default());
        assert_eq!(d("   "), ParsedDate::default());
    }

    #[test]
    fn future_and_old() {
        assert_eq!(d("2030").issues, [DateIssue::Future]);
        assert_eq!(d("1890").issues, [DateIssue::TooOld]);
        assert_eq!(d("12/03/1955 (âm lịch)").issues, [DateIssue::Lunar]);
    }

    #[test]
    fn serials() {
        let c = ctx();
        assert_eq!(serial_to_date(1, false).unwrap().0, Dob::ymd(1900, 1, 1));
        assert_eq!(serial_to_date(59, false).unwrap().0, Dob::ymd(1900, 2, 28));
        assert_eq!(serial_to_date(61, false).unwrap().0, Dob::ymd(1900, 3, 1));
        assert_eq!(
            serial_to_date(2_958_465, false).unwrap().0,
            Dob::ymd(9999, 12, 31)
        );
        assert_eq!(serial_to_date(0, true).unwrap().0, Dob::ymd(1904, 1, 1));
        assert_eq!(
            serial_to_date(20160, false).unwrap().0,
            Dob::ymd(1955, 3, 12)
        );
        assert_eq!(
            serial_to_date(20160 - 1462, true).unwrap().0,
            Dob::ymd(1955, 3, 12)
        );
        let p = parse_date_cell(&Cell::Int(20160), &c);
        assert_eq!(p.dob, Some(Dob::ymd(1955, 3, 12)));
        assert_eq!(p.issues, [DateIssue::FromSerial]);
        let p = parse_date_cell(&Cell::Float(20160.75), &c);
        assert_eq!(p.dob, Some(Dob::ymd(1955, 3, 12)));
        let p = parse_date_cell(&Cell::Int(60), &c);
        assert_eq!(p.dob, Some(Dob::ymd(1900, 2, 29)));
        assert!(p.issues.contains(&DateIssue::Serial1900LeapBug));
        let p = parse_date_cell(&Cell::Int(1955), &c);
        assert_eq!(p.dob, Some(Dob::year(1955)));
        assert!(p.issues.is_empty());
        let serial = DateContext {
            numbers_are_serials: true,
            ..c
        };
        let p = parse_date_cell(&Cell::Int(1955), &serial);
        assert_eq!(p.dob.map(|d| d.year), Some(1905));
        let p = parse_date_cell(
            &Cell::Int(20160),
            &DateContext {
                date1904: true,
                ..c
            },
        );
        assert_eq!(p.dob, Some(Dob::ymd(1959, 3, 13)));
        for s in [1, 59, 61, 20160, 45000, 2_958_465] {
            let dob = serial_to_date(s, false).unwrap().0;
            assert_eq!(date_to_serial(&dob, false), Some(s));
            let s4 = (s - 1).min(2_957_003);
            let dob = serial_to_date(s4, true).unwrap().0;
            assert_eq!(date_to_serial(&dob, true), Some(s4));
        }
        let p = parse_date_cell(
            &Cell::Date {
                year: 1955,
                month: 3,
                day: 12,
            },
            &c,
        );
        assert_eq!(p.dob, Some(Dob::ymd(1955, 3, 12)));
        assert!(p.issues.is_empty());
        assert_eq!(
            parse_date_cell(&Cell::Bool(true), &c).issues,
            [DateIssue::Unparsed]
        );
        assert_eq!(parse_date_cell(&Cell::Empty, &c), ParsedDate::default());
    }

    #[test]
    fn format_and_precision() {
        assert_eq!(Dob::ymd(1955, 3, 12).format_vi(), "12/03/1955");
        assert_eq!(Dob::month(1955, 3).format_vi(), "03/1955");
        assert_eq!(Dob::year(1955).format_vi(), "1955");
        assert_eq!(Dob::year(1955).precision(), Precision::Year);
        assert_eq!(Dob::month(1955, 3).precision(), Precision::Month);
        assert_eq!(Dob::ymd(1955, 3, 12).precision(), Precision::Day);
    }

    #[test]
    fn comparisons() {
        use DateLevel::*;
        let full = Dob::ymd(1955, 3, 12);
        assert_eq!(compare_dobs(&full, &full), Equal);
        assert_eq!(compare_dobs(&Dob::year(1955), &full), PrecisionCompatible);
        assert_eq!(compare_dobs(&full, &Dob::year(1955)), PrecisionCompatible);
        assert_eq!(
            compare_dobs(&Dob::month(1955, 3), &full),
            PrecisionCompatible
        );
        assert_eq!(
            compare_dobs(&Dob::ymd(1955, 1, 1), &Dob::year(1955)),
            PrecisionCompatible
        );
        assert_eq!(compare_dobs(&Dob::month(1955, 4), &full), OneDigit);
        assert_eq!(
            compare_dobs(&Dob::ymd(1960, 4, 31), &Dob::ymd(1960, 5, 1)),
            ImpossibleNormalised
        );
        assert_eq!(
            compare_dobs(&Dob::ymd(1955, 2, 29), &Dob::ymd(1955, 3, 1)),
            ImpossibleNormalised
        );
        assert_eq!(
            compare_dobs(&Dob::ymd(1955, 2, 30), &Dob::ymd(1955, 3, 2)),
            ImpossibleNormalised
        );
        assert_eq!(
            compare_dobs(&Dob::ymd(1956, 2, 30), &Dob::ymd(1956, 3, 1)),
            ImpossibleNormalised
        );
        assert_eq!(
            compare_dobs(&Dob::ymd(1960, 5, 1), &Dob::ymd(1960, 4, 31)),
            ImpossibleNormalised
        );
        assert_eq!(
            compare_dobs(&Dob::ymd(1960, 4, 31), &Dob::ymd(1960, 4, 30)),
            ImpossibleNormalised
        );
        assert_eq!(compare_dobs(&Dob::ymd(1955, 12, 3), &full), DayMonthSwap);
        assert_eq!(compare_dobs(&Dob::ymd(1955, 3, 13), &full), OneDigit);
        assert_eq!(compare_dobs(&Dob::ymd(1965, 3, 12), &full), OneDigit);
        assert_eq!(compare_dobs(&Dob::year(1965), &Dob::year(1955)), OneDigit);
        assert_eq!(compare_dobs(&Dob::year(1956), &Dob::year(1955)), YearOff1);
        assert_eq!(
            compare_dobs(&Dob::year(1960), &Dob::ymd(1959, 6, 1)),
            YearOff1
        );
        assert_eq!(compare_dobs(&Dob::ymd(1956, 3, 12), &full), YearOff1);
        assert_eq!(compare_dobs(&Dob::ymd(1970, 7, 7), &full), Different);
        assert_eq!(compare_dobs(&Dob::ymd(1955, 1, 1), &full), Different);
        assert_eq!(compare_dobs(&Dob::year(1982), &full), Different);
    }
}
