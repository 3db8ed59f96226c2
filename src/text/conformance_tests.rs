//! Table-driven conformance cases for the text layer: tests/data/text_cases.tsv.

use super::fold::{canonical_lower, fold, phonetic, strip_diacritics};
use super::legacy::{self, Encoding};
use super::name::{NameLevel, PersonName, compare_names, parse_name_cell, parse_person_name};
use super::tone::{canonical_tones, new_style_tones};
use super::unicode::clean;
use crate::fields::sex::Sex;

const CASES: &str = include_str!("../../tests/data/text_cases.tsv");

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.peek() {
            Some('\\') => {
                it.next();
                out.push('\\');
            }
            Some('u') => {
                it.next();
                let hex: String = (0..4).filter_map(|_| it.next()).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => panic!("bad escape \\u{hex}"),
                }
            }
            _ => out.push('\\'),
        }
    }
    out
}

fn encoding(name: &str) -> Encoding {
    match name {
        "Ascii" => Encoding::Ascii,
        "Unicode" => Encoding::Unicode,
        "Tcvn3" => Encoding::Tcvn3,
        "Vni" => Encoding::Vni,
        "Viscii" => Encoding::Viscii,
        "Ambiguous" => Encoding::Ambiguous,
        other => panic!("unknown encoding {other}"),
    }
}

fn level(name: &str) -> NameLevel {
    use NameLevel::*;
    match name {
        "Identical" => Identical,
        "Format" => Format,
        "TonePlacement" => TonePlacement,
        "MissingDiacritics" => MissingDiacritics,
        "Variant" => Variant,
        "OneTone" => OneTone,
        "OneLetter" => OneLetter,
        "MiddleMissing" => MiddleMissing,
        "Different" => Different,
        other => panic!("unknown level {other}"),
    }
}

fn dash(s: String) -> String {
    if s.is_empty() { "-".to_string() } else { s }
}

fn describe_name(p: &PersonName) -> String {
    format!(
        "{} | {} | {} | {} | {} | {}",
        p.display,
        dash(p.family().join(" ")),
        dash(p.middle().join(" ")),
        dash(p.given().unwrap_or("").to_string()),
        dash(p.honorific.clone().unwrap_or_default()),
        match p.sex_hint {
            Some(Sex::Male) => "M",
            Some(Sex::Female) => "F",
            None => "-",
        }
    )
}

fn run_case(kind: &str, a: &str, b: &str, want: &str) -> Result<(), String> {
    let got: String = match kind {
        "decode_tcvn3" => legacy::decode_as(a, Encoding::Tcvn3),
        "decode_tcvn3_h" => legacy::decode_tcvn3(a, true),
        "decode_vni" => legacy::decode_as(a, Encoding::Vni),
        "decode_viscii" => legacy::decode_as(a, Encoding::Viscii),
        "detect" => {
            let got = legacy::detect(a);
            return if got == encoding(want) {
                Ok(())
            } else {
                Err(format!("{got:?}"))
            };
        }
        "encode_tcvn3" => legacy::encode_tcvn3(a),
        "encode_tcvn3_h" => legacy::encode_tcvn3_upper_font(a),
        "encode_vni" => legacy::encode_vni(a),
        "column" => {
            let cells: Vec<&str> = a.split(" | ").collect();
            legacy::decode_column(&cells)
                .into_iter()
                .map(|x| x.0)
                .collect::<Vec<_>>()
                .join(" | ")
        }
        "clean" => clean(a),
        "canonical_tones" => canonical_tones(a),
        "new_style" => new_style_tones(a),
        "fold" => fold(a),
        "canonical_lower" => canonical_lower(a),
        "strip" => strip_diacritics(a),
        "phonetic_eq" | "phonetic_ne" => {
            let (pa, pb) = (phonetic(&fold(a)), phonetic(&fold(b)));
            let eq = pa == pb;
            return if eq == (kind == "phonetic_eq") {
                Ok(())
            } else {
                Err(format!("{pa:?} vs {pb:?}"))
            };
        }
        "typing" => super::typing::fix_typing(a).unwrap_or_else(|| "-".to_string()),
        "name" => match parse_person_name(a) {
            Some(p) => describe_name(&p),
            None => "None".to_string(),
        },
        "name_none" => match parse_person_name(a) {
            Some(p) => describe_name(&p),
            None => String::new(),
        },
        "cell" => {
            let c = parse_name_cell(a);
            format!(
                "P={}; C={}; N={}",
                c.primary.as_ref().map(|p| p.display.as_str()).unwrap_or(""),
                c.co_holders
                    .iter()
                    .map(|p| p.display.as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
                c.notes.join(" + ")
            )
        }
        "compare" => {
            let (Some(pa), Some(pb)) = (parse_person_name(a), parse_person_name(b)) else {
                return Err("unparsable name".to_string());
            };
            let got = compare_names(&pa, &pb);
            return if got == level(want) {
                Ok(())
            } else {
                Err(format!("{got:?}"))
            };
        }
        other => return Err(format!("unknown kind {other}")),
    };
    if got == want {
        Ok(())
    } else {
        Err(format!("{got:?}"))
    }
}

#[test]
fn conformance_cases() {
    let mut n = 0;
    let mut failures = Vec::new();
    for (lineno, line) in CASES.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("kind\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "line {}: {line:?}", lineno + 1);
        let (kind, a, b, want) = (
            cols[0],
            unescape(cols[1]),
            unescape(cols[2]),
            unescape(cols[3]),
        );
        n += 1;
        if let Err(got) = run_case(kind, &a, &b, &want) {
            failures.push(format!(
                "line {} {kind} {a:?} {b:?}: want {want:?}, got {got}",
                lineno + 1
            ));
        }
    }
    assert!(n >= 300, "only {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
