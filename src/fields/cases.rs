//! Table-driven cases (tests/data/field_cases.tsv) and property tests for the field parsers.
//!
//! Case file columns: kind, cell, input, expected, issues, context.
//! - kind: id | date | sex | mark | address | commune | dcmp | idcmp
//! - cell: T text, I integer, F float, D date (yyyy-mm-dd), B bool, E error, _ empty
//! - input: `\n`, `\t`, `\s` (space) and `\\` escapes; `|` separates sub-fields where needed
//! - expected: `-` for nothing; id: digits separated by spaces; date: ISO-like `Dob::format_iso`;
//!   sex: Nam/Nữ; mark: 1/0; address: hamlet|commune|district|province; commune: `first:CODE`,
//!   `has:CODE` or `none`; dcmp/idcmp: the level's name
//! - issues: comma-separated Debug names (order ignored), `-` none, `*` not checked
//! - context: date: `elderly`, `serials`, `1904`, `id=YYYY`; sex: `10`, `12`, `f10`

use proptest::prelude::*;

use super::address::{AdminMap, parse_address};
use super::date::{
    DateContext, Dob, compare_dobs, date_to_serial, days_in_month, parse_date_cell, parse_date_text,
};
use super::id::{IdNumber, compare_digits, neighbours, parse_id_cell, parse_id_text};
use super::sex::{NumericSex, is_mark, parse_sex, parse_sex_cell};
use crate::model::Cell;

static CASES: &str = include_str!("../../tests/data/field_cases.tsv");

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('s') => out.push(' '),
                Some(o) => out.push(o),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn cell_of(kind: &str, input: &str) -> Cell {
    match kind {
        "I" => Cell::Int(input.parse().expect("int case")),
        "F" => Cell::Float(input.parse().expect("float case")),
        "D" => {
            let p: Vec<&str> = input.split('-').collect();
            Cell::Date {
                year: p[0].parse().expect("year"),
                month: p[1].parse().expect("month"),
                day: p[2].parse().expect("day"),
            }
        }
        "B" => Cell::Bool(input == "true"),
        "E" => Cell::Error(input.to_string()),
        "_" => Cell::Empty,
        _ => Cell::Text(input.to_string()),
    }
}

fn sorted(v: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = v.into_iter().collect();
    v.sort();
    v
}

fn expected_issues(s: &str) -> Option<Vec<String>> {
    match s {
        "*" => None,
        "-" | "" => Some(Vec::new()),
        _ => Some(sorted(s.split(',').map(|x| x.trim().to_string()))),
    }
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("-")
}

fn date_ctx(c: &str) -> DateContext {
    let mut ctx = DateContext::default();
    for part in c.split(',').filter(|p| !p.is_empty()) {
        match part {
            "elderly" => ctx.typical_age = (60, 110),
            "serials" => ctx.numbers_are_serials = true,
            "1904" => ctx.date1904 = true,
            p if p.starts_with("id=") => ctx.id_birth_year = p[3..].parse().ok(),
            _ => panic!("unknown context {part}"),
        }
    }
    ctx
}

fn parse_dob(s: &str) -> Dob {
    let p: Vec<i32> = s.split('-').map(|x| x.parse().expect("dob")).collect();
    Dob {
        year: p[0],
        month: p.get(1).map(|m| *m as u8),
        day: p.get(2).map(|d| *d as u8),
    }
}

/// Run one case; Err(description) when it fails.
fn run_case(f: &[&str]) -> Result<(), String> {
    let (kind, cell_kind) = (f[0], f[1]);
    let input = unescape(f[2]);
    let expected = f[3];
    let issues = expected_issues(f.get(4).copied().unwrap_or("*"));
    let context = f.get(5).copied().unwrap_or("");
    let (got, got_issues): (String, Vec<String>) = match kind {
        "id" => {
            let p = if cell_kind == "T" {
                parse_id_text(&input)
            } else {
                parse_id_cell(&cell_of(cell_kind, &input))
            };
            let ids: Vec<&str> = p.ids.iter().map(|i| i.digits.as_str()).collect();
            (
                if ids.is_empty() {
                    "-".into()
                } else {
                    ids.join(" ")
                },
                sorted(p.issues.iter().map(|i| format!("{i:?}"))),
            )
        }
        "date" => {
            let ctx = date_ctx(context);
            let p = parse_date_cell(&cell_of(cell_kind, &input), &ctx);
            (
                p.dob.map(|d| d.format_iso()).unwrap_or_else(|| "-".into()),
                sorted(p.issues.iter().map(|i| format!("{i:?}"))),
            )
        }
        "sex" => {
            let numeric = match context {
                "10" => Some(NumericSex::OneMaleZeroFemale),
                "12" => Some(NumericSex::OneMaleTwoFemale),
                "f10" => Some(NumericSex::OneFemaleZeroMale),
                _ => None,
            };
            let s = if cell_kind == "T" {
                parse_sex(&input, numeric)
            } else {
                parse_sex_cell(&cell_of(cell_kind, &input), numeric)
            };
            (s.map(|s| s.label_vi()).unwrap_or("-").into(), Vec::new())
        }
        "mark" => ((if is_mark(&input) { "1" } else { "0" }).into(), Vec::new()),
        "address" => {
            let a = parse_address(&input);
            (
                format!(
                    "{}|{}|{}|{}",
                    opt(&a.hamlet),
                    opt(&a.commune),
                    opt(&a.district),
                    opt(&a.province)
                ),
                Vec::new(),
            )
        }
        "commune" => {
            let p: Vec<&str> = input.split('|').collect();
            let d = p.get(1).filter(|s| !s.is_empty()).copied();
            let pr = p.get(2).filter(|s| !s.is_empty()).copied();
            let r = AdminMap::get().resolve_commune(p[0], d, pr);
            let codes: Vec<&str> = r.iter().map(|c| c.code).collect();
            let ok = if expected == "none" {
                codes.is_empty()
            } else if let Some(c) = expected.strip_prefix("first:") {
                codes.first() == Some(&c)
            } else if let Some(c) = expected.strip_prefix("has:") {
                codes.contains(&c)
            } else {
                false
            };
            let got = if ok {
                expected.to_string()
            } else {
                format!("{codes:?}")
            };
            (got, Vec::new())
        }
        "dcmp" => {
            let p: Vec<&str> = input.split('|').collect();
            (
                format!("{:?}", compare_dobs(&parse_dob(p[0]), &parse_dob(p[1]))),
                Vec::new(),
            )
        }
        "idcmp" => {
            let p: Vec<&str> = input.split('|').collect();
            (format!("{:?}", compare_digits(p[0], p[1])), Vec::new())
        }
        other => return Err(format!("unknown kind {other}")),
    };
    let mut errs = Vec::new();
    if got != expected {
        errs.push(format!("got {got:?}, expected {expected:?}"));
    }
    if let Some(want) = issues
        && matches!(kind, "id" | "date")
        && got_issues != want
    {
        errs.push(format!("issues {got_issues:?}, expected {want:?}"));
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("; "))
    }
}

#[test]
fn table_driven_cases() {
    let mut n = 0;
    let mut per_kind: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut failures = Vec::new();
    for (lineno, line) in CASES.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            failures.push(format!("line {}: too few columns", lineno + 1));
            continue;
        }
        n += 1;
        *per_kind.entry(f[0]).or_default() += 1;
        if let Err(e) = run_case(&f) {
            failures.push(format!("line {} {:?}: {e}", lineno + 1, f[2]));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(n >= 200, "only {n} cases: {per_kind:?}");
}

fn any_cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        Just(Cell::Empty),
        any::<String>().prop_map(Cell::Text),
        "[0-9 .,'/:Ee+-]{0,20}".prop_map(Cell::Text),
        any::<i64>().prop_map(Cell::Int),
        any::<f64>().prop_map(Cell::Float),
        (any::<i32>(), any::<u8>(), any::<u8>()).prop_map(|(year, month, day)| Cell::Date {
            year,
            month,
            day
        }),
        any::<bool>().prop_map(Cell::Bool),
        any::<String>().prop_map(Cell::Error),
    ]
}

fn any_ctx() -> impl Strategy<Value = DateContext> {
    (
        any::<bool>(),
        1900i32..2200,
        0u32..200,
        0u32..200,
        proptest::option::of(-5000i32..5000),
        any::<bool>(),
    )
        .prop_map(
            |(date1904, reference_year, a, b, id, serials)| DateContext {
                date1904,
                reference_year,
                typical_age: (a.min(b), a.max(b)),
                id_birth_year: id,
                numbers_are_serials: serials,
            },
        )
}

/// A valid 12-digit number with a known prefix; or a 9-digit CMND whose number form keeps at
/// least 8 digits. Numbers ending in five zeros are left out: a number cell with at most six
/// significant digits is read as a re-parsed "1,08712E+11" (digits lost).
fn valid_id() -> impl Strategy<Value = String> {
    let prefixes: Vec<&'static str> =
        super::id::data_lines(include_str!("../../data/cccd_province_codes.tsv"))
            .filter_map(|l| l.split('\t').next())
            .collect();
    prop_oneof![
        (proptest::sample::select(prefixes), "[0-9]{9}").prop_map(|(p, rest)| format!("{p}{rest}")),
        "0[1-9][0-9]{7}",
        "[1-9][0-9]{8}",
    ]
    .prop_filter("trailing zeros", |s| !s.ends_with("00000"))
}

fn valid_date() -> impl Strategy<Value = Dob> {
    (1906i32..=2026, 1u8..=12, 1u8..=31)
        .prop_map(|(y, m, d)| Dob::ymd(y, m, d.min(days_in_month(y, m))))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic(s in any::<String>(), cell in any_cell(), ctx in any_ctx()) {
        let _ = parse_id_text(&s);
        let _ = parse_id_cell(&cell);
        let _ = parse_date_text(&s, &ctx);
        let _ = parse_date_cell(&cell, &ctx);
        let _ = parse_sex(&s, Some(NumericSex::OneMaleTwoFemale));
        let _ = parse_sex_cell(&cell, None);
        let _ = is_mark(&s);
        let a = parse_address(&s);
        let _ = AdminMap::get().resolve_address(&a);
        let _ = AdminMap::get().resolve_commune(&s, Some(&s), Some(&s));
        let _ = neighbours(&s);
        let _ = compare_digits(&s, "001087123456");
    }

    #[test]
    fn date_like_text_never_panics(s in "[0-9x./ -]{0,14}|(ngày|tháng|năm|T)? ?[0-9]{0,4}[/ .-]?[0-9]{0,4}", ctx in any_ctx()) {
        let p = parse_date_text(&s, &ctx);
        if let Some(d) = p.dob {
            prop_assert!(d.day.is_none() || d.month.is_some());
        }
    }

    #[test]
    fn id_as_number_keeps_digits(id in valid_id()) {
        let n: i64 = id.parse().unwrap();
        for cell in [Cell::Int(n), Cell::Float(n as f64), Cell::Text(n.to_string()), Cell::Text(id.clone())] {
            let p = parse_id_cell(&cell);
            prop_assert_eq!(p.ids.len(), 1, "{:?}: {:?}", cell, p);
            prop_assert_eq!(&p.ids[0].digits, &id);
        }
    }

    #[test]
    fn neighbours_are_one_edit(id in "[0-9]{1,12}") {
        let n = neighbours(&id);
        for x in &n {
            prop_assert_eq!(compare_digits(&id, x), super::id::IdLevel::OneEdit);
        }
        let mut sorted = n.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(sorted.len(), n.len());
        prop_assert!(!n.contains(&id));
        if let Some(i) = IdNumber::from_digits(&id) {
            prop_assert_eq!(i.digits.len(), id.len());
        }
    }

    #[test]
    fn formatted_date_reads_back(d in valid_date(), pick in 0usize..9) {
        let (y, m, dd) = (d.year, d.month.unwrap(), d.day.unwrap());
        let ctx = DateContext::default();
        let text = match pick {
            0 => format!("{dd:02}/{m:02}/{y}"),
            1 => format!("{dd}/{m}/{y}"),
            2 => format!("{dd:02}-{m:02}-{y}"),
            3 => format!("{dd:02}.{m:02}.{y}"),
            4 => format!("{y}-{m:02}-{dd:02}"),
            5 => format!("ngày {dd} tháng {m} năm {y}"),
            6 => d.format_vi(),
            7 => format!("{dd:02}/{m:02}/{y} 00:00:00"),
            _ => format!("Ngày {dd:02} tháng {m:02} năm {y}"),
        };
        let p = parse_date_text(&text, &ctx);
        prop_assert_eq!(p.dob, Some(d), "{}", text);
        prop_assert!(p.issues.is_empty(), "{}: {:?}", text, p.issues);
        // as a date cell
        let p = parse_date_cell(&Cell::Date { year: y, month: m, day: dd }, &ctx);
        prop_assert_eq!(p.dob, Some(d));
        // as a serial in both date systems
        for date1904 in [false, true] {
            if let Some(s) = date_to_serial(&d, date1904) {
                let sctx = DateContext { date1904, numbers_are_serials: true, ..ctx };
                let p = parse_date_cell(&Cell::Int(s), &sctx);
                prop_assert_eq!(p.dob, Some(d));
                let p = parse_date_cell(&Cell::Float(s as f64 + 0.25), &sctx);
                prop_assert_eq!(p.dob, Some(d));
            }
        }
        // month and year precision
        let p = parse_date_text(&format!("{m:02}/{y}"), &ctx);
        prop_assert_eq!(p.dob, Some(Dob::month(y, m)));
        let p = parse_date_text(&format!("{y}"), &ctx);
        prop_assert_eq!(p.dob, Some(Dob::year(y)));
        prop_assert_eq!(compare_dobs(&d, &d), super::date::DateLevel::Equal);
        prop_assert_eq!(compare_dobs(&Dob::year(y), &d), super::date::DateLevel::PrecisionCompatible);
    }
}
