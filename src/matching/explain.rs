//! The "why" of one row as JSON (`doikhop match --explain <file:sheet:row>`): what the row
//! lists, every candidate considered with its per-field comparison levels and weights, the
//! log-odds and posterior, and the decision taken.

use serde::Serialize;

use super::candidates::{candidates, wider};
use super::decide::{Decision, Scored, prior_log_odds, score};
use super::model::Model;
use crate::model::RowRef;
use crate::normalise::{ListPerson, dob_display};
use crate::registry::Registry;

/// Candidates shown, most likely first.
const MAX_SHOWN: usize = 20;

#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub file: String,
    pub sheet: String,
    pub row: u32,
    pub listed: Listed,
    pub status: &'static str,
    pub resident_id: String,
    pub score: f64,
    pub discrepancies: Vec<&'static str>,
    pub corrections: Vec<&'static str>,
    /// log2 prior odds of one given resident against anybody else or nobody.
    pub prior_log_odds: f64,
    /// How many candidates the keys produced (exact keys, and the wider search).
    pub candidates_exact: usize,
    pub candidates_wider: usize,
    pub candidates: Vec<CandidateExplanation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub name: String,
    pub name_normalised: String,
    pub id: String,
    pub ids_parsed: Vec<String>,
    pub dob: String,
    pub dob_parsed: String,
    pub sex: String,
    pub address: String,
    pub communes: Vec<String>,
    /// Where the commune came from: `row`, `group`, `option`, `title`, `sheet`, `file` ("" when
    /// the row has none), and the commune and hamlet as written there.
    pub commune_source: String,
    pub commune_text: String,
    pub hamlet: String,
    /// The household code as listed, and its canonical key (compared with the registry's).
    pub household: String,
    pub household_key: String,
    /// Other people named in the name cell ("… và bà …"), normalised.
    pub co_holders: Vec<String>,
    pub father: String,
    pub mother: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CandidateExplanation {
    pub resident_id: String,
    pub name: String,
    pub dob: String,
    pub sex: String,
    pub commune: String,
    pub dead: bool,
    /// Found only by the wider search (name one letter away, date a year off).
    pub from_wider_search: bool,
    #[serde(flatten)]
    pub scored: Scored,
}

pub fn explain(
    at: &RowRef,
    p: &ListPerson,
    d: &Decision,
    reg: &Registry,
    model: &Model,
) -> Explanation {
    let exact = candidates(p, reg);
    let mut all = exact.clone();
    let extra: Vec<u32> = wider(p, reg)
        .into_iter()
        .filter(|i| exact.binary_search(i).is_err())
        .collect();
    all.extend(&extra);
    all.sort_unstable();
    let shown: Vec<CandidateExplanation> = score(p, reg, model, all)
        .into_iter()
        .take(MAX_SHOWN)
        .map(|s| {
            let r = reg.get(s.resident);
            CandidateExplanation {
                resident_id: r.id.clone(),
                name: r.name_text.clone(),
                dob: dob_display(&r.dob),
                sex: r.sex.map(|x| x.label_vi().to_string()).unwrap_or_default(),
                commune: r.commune_text.clone(),
                dead: r.dead,
                from_wider_search: extra.binary_search(&s.resident).is_ok(),
                scored: s,
            }
        })
        .collect();
    Explanation {
        file: at.file.to_string(),
        sheet: at.sheet.to_string(),
        row: at.row,
        listed: Listed {
            name: p.name_text.clone(),
            name_normalised: p
                .name
                .as_ref()
                .map(|n| n.display.clone())
                .unwrap_or_default(),
            id: p.id_text.clone(),
            ids_parsed: p.ids.ids.iter().map(|i| i.digits.clone()).collect(),
            dob: p.dob_text.clone(),
            dob_parsed: dob_display(&p.dob.dob),
            sex: p
                .sex
                .map(|(s, _)| s.label_vi().to_string())
                .unwrap_or_default(),
            address: p.address_text.clone(),
            communes: p
                .communes
                .iter()
                .map(|c| format!("{} ({})", c.name, c.code))
                .collect(),
            commune_source: p
                .commune_source
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            commune_text: p.commune_text.clone().unwrap_or_default(),
            hamlet: p.hamlet.clone().unwrap_or_default(),
            household: p.household_text.clone(),
            household_key: p.household.clone().unwrap_or_default(),
            co_holders: p.co_holders.iter().map(|n| n.display.clone()).collect(),
            father: p
                .father
                .as_ref()
                .map(|n| n.display.clone())
                .unwrap_or_default(),
            mother: p
                .mother
                .as_ref()
                .map(|n| n.display.clone())
                .unwrap_or_default(),
        },
        status: d.status.as_str(),
        resident_id: d.resident.map(|r| reg.get(r).id).unwrap_or_default(),
        score: d.score,
        discrepancies: d.discrepancies.iter().map(|x| x.as_str()).collect(),
        corrections: d.corrections.clone(),
        prior_log_odds: prior_log_odds(reg),
        candidates_exact: exact.len(),
        candidates_wider: extra.len(),
        candidates: shown,
    }
}

/// A row reference as given on the command line: `file:sheet:row`, or `file:row` (CSV).
/// Excel sheet names cannot contain ':', so the first ':' ends the file name unless only
/// one is given.
pub fn parse_row_ref(s: &str) -> Option<(String, String, u32)> {
    let (left, row) = s.rsplit_once(':')?;
    let row: u32 = row.trim().parse().ok()?;
    let (file, sheet) = match left.split_once(':') {
        Some((f, sh)) => (f, sh),
        None => (left, ""),
    };
    if file.is_empty() {
        return None;
    }
    Some((file.to_string(), sheet.to_string(), row))
}

/// For a matched row whose household, parents or co-holders carry weight: did that family
/// evidence decide the match? Without the family weights (its own and the runner-up's), the
/// resident would be no likelier than the runner-up and nobody together. The verification list
/// says so in words ("Xác định được nhờ …"); the writers read the answer, they do not compare.
pub fn decided_by_family(p: &ListPerson, d: &Decision, reg: &Registry, model: &Model) -> bool {
    let (Some(c), Some(_)) = (d.comparison.as_ref(), d.resident) else {
        return false;
    };
    if !d.status.is_match() {
        return false;
    }
    let family = c.family_weight();
    family > 0.0 && {
        let prior = prior_log_odds(reg);
        let own = (c.total - family + prior).exp2();
        let other = match d.runner_up {
            Some((j, _)) => {
                let cj = super::compare::compare(p, &reg.get(j), reg, model);
                (cj.total - cj.family_weight() + prior).exp2()
            }
            None => 0.0,
        };
        own / (1.0 + own + other) < 0.5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_refs() {
        assert_eq!(
            parse_row_ref("ho-ngheo.xlsx:Hộ nghèo:12"),
            Some(("ho-ngheo.xlsx".into(), "Hộ nghèo".into(), 12))
        );
        assert_eq!(
            parse_row_ref("bo-sung.csv:7"),
            Some(("bo-sung.csv".into(), String::new(), 7))
        );
        assert_eq!(
            parse_row_ref("bo-sung.csv::7"),
            Some(("bo-sung.csv".into(), String::new(), 7))
        );
        assert_eq!(parse_row_ref("x.xlsx:Sheet1:abc"), None);
        assert_eq!(parse_row_ref(":3"), None);
    }
}
