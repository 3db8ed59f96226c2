//! Normalise a list row into a person: name parts and keys, IDs, date of birth, sex, address —
//! all with the format fixes that were needed, so the report can say what was corrected.

use crate::fields::address::{self, AdminMap, CommuneRef};
use crate::fields::context::{ContextSource, SheetContext};
use crate::fields::date::{self, DateContext, Dob, ParsedDate};
use crate::fields::household;
use crate::fields::id::{self, IdKind, IdNumber, ParsedId};
use crate::fields::sex::{self, Sex};
use crate::ingest::{ListRecord, ListSheet};
use crate::model::Cell;
use crate::rules::{Field, Rules};
use crate::text::name::{self, PersonName};

/// Where the listed sex came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SexSource {
    /// A sex column, or the Nam/Nữ column a birth year was written in: comparable.
    Listed,
    /// Only a hint (honorific, Thị/Văn): never a discrepancy.
    Hint,
}

/// A list row, normalised.
#[derive(Debug, Clone, Default)]
pub struct ListPerson {
    /// The name as the list shows it (after legacy decoding).
    pub name_text: String,
    pub name: Option<PersonName>,
    pub co_holders: Vec<PersonName>,
    pub name_notes: Vec<String>,
    pub id_text: String,
    pub ids: ParsedId,
    pub dob_text: String,
    pub dob: ParsedDate,
    pub sex: Option<(Sex, SexSource)>,
    pub address_text: String,
    /// 2025 communes the listed address may refer to.
    pub communes: Vec<CommuneRef>,
    /// Where the commune above came from: the row's own address, the group row above it, or
    /// the list's context (title, sheet or file name, options). `None` when there is none.
    pub commune_source: Option<ContextSource>,
    /// The commune as written where it was found ("Xã Tân Phú").
    pub commune_text: Option<String>,
    /// The hamlet ("Thôn 3", "Ấp Phú Hòa") of the row, its group row or the list's context.
    pub hamlet: Option<String>,
    /// The hamlet in comparison form ([`crate::fields::address::hamlet_key`]), made once.
    pub hamlet_key: Option<String>,
    pub father: Option<PersonName>,
    pub mother: Option<PersonName>,
    /// The household code as the list writes it, and its canonical key
    /// ([`household::code_key`]) when it holds one.
    pub household_text: String,
    pub household: Option<String>,
    /// The household's size as listed ("Số nhân khẩu"), when the list gives one.
    pub household_size: Option<u32>,
    pub group: Option<String>,
}

impl ListPerson {
    pub fn primary_id(&self) -> Option<&IdNumber> {
        self.ids.ids.first()
    }

    pub fn personal_id(&self) -> Option<&IdNumber> {
        self.ids.ids.iter().find(|i| i.kind == IdKind::Personal12)
    }

    pub fn cmnd(&self) -> Option<&IdNumber> {
        self.ids.ids.iter().find(|i| i.kind == IdKind::Cmnd9)
    }

    pub fn birth_year(&self) -> Option<i32> {
        self.dob.dob.map(|d| d.year)
    }

    /// The row lists something compared with the resident's household or parents (household
    /// code, co-holders, father, mother): only then are those registry texts read.
    pub fn lists_family(&self) -> bool {
        self.household.is_some()
            || !self.co_holders.is_empty()
            || self.father.is_some()
            || self.mother.is_some()
    }
}

/// The date context for a list: the run's year and the kind's typical ages.
pub fn date_context(rules: &Rules, reference_year: i32) -> DateContext {
    DateContext {
        date1904: false,
        reference_year,
        typical_age: rules.dates.typical_age,
        id_birth_year: None,
        numbers_are_serials: false,
    }
}

fn text_of(sheet: &ListSheet, rec: &ListRecord, field: Field) -> String {
    sheet
        .cell(rec, field)
        .map(|c| c.to_text().trim().to_string())
        .unwrap_or_default()
}

pub fn normalise(
    sheet: &ListSheet,
    rec: &ListRecord,
    rules: &Rules,
    base: &DateContext,
) -> ListPerson {
    normalise_in(sheet, rec, rules, base, SheetContext::none())
}

/// [`normalise`] with the sheet's context: the units its title, group rows, names and the run's
/// options give, for the levels a row's own address leaves out.
pub fn normalise_in(
    sheet: &ListSheet,
    rec: &ListRecord,
    rules: &Rules,
    base: &DateContext,
    context: &SheetContext,
) -> ListPerson {
    let mut p = ListPerson {
        group: rec.group.clone(),
        ..Default::default()
    };

    // Name: one full-name column, or split columns.
    let full = text_of(sheet, rec, Field::FullName);
    p.name_text = if !full.is_empty() {
        full
    } else {
        [
            Field::FamilyMiddle,
            Field::Family,
            Field::Middle,
            Field::Given,
        ]
        .iter()
        .map(|f| text_of(sheet, rec, *f))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
    };
    let cell = name::parse_name_cell(&p.name_text);
    p.name = cell.primary;
    p.co_holders = cell.co_holders;
    p.name_notes = cell.notes;

    // IDs: an ID column and/or a CMND column.
    let mut id_texts = Vec::new();
    for f in [Field::Id, Field::Cmnd] {
        if let Some(c) = sheet.cell(rec, f) {
            if c.is_empty() {
                continue;
            }
            let parsed = id::parse_id_cell(c);
            id_texts.push(c.to_text().trim().to_string());
            p.ids.ids.extend(parsed.ids);
            p.ids.issues.extend(parsed.issues);
        }
    }
    p.id_text = id_texts.join(" ; ");

    // Sex from a column, or from the column a birth year sits in.
    let numeric = rules.numeric_sex;
    if let Some(c) = sheet.cell(rec, Field::Sex)
        && let Some(s) = sex::parse_sex(&c.to_text(), numeric)
    {
        p.sex = Some((s, SexSource::Listed));
    }
    if p.sex.is_none() {
        let male = sheet
            .cell(rec, Field::SexMale)
            .map(|c| sex::is_mark(&c.to_text()));
        let female = sheet
            .cell(rec, Field::SexFemale)
            .map(|c| sex::is_mark(&c.to_text()));
        match (male, female) {
            (Some(true), Some(false) | None) => p.sex = Some((Sex::Male, SexSource::Listed)),
            (Some(false) | None, Some(true)) => p.sex = Some((Sex::Female, SexSource::Listed)),
            _ => {}
        }
    }

    // Date of birth: one column, Nam/Nữ columns, or day/month/year columns.
    let mut ctx = *base;
    ctx.date1904 = sheet.date1904;
    ctx.id_birth_year = p.personal_id().and_then(|i| i.birth_year());
    let dob_cell = pick_dob_cell(sheet, rec, &mut p);
    if let Some(c) = dob_cell {
        p.dob_text = c.to_text().trim().to_string();
        p.dob = date::parse_date_cell(&c, &ctx);
    } else {
        let age = text_of(sheet, rec, Field::Age);
        if let Some(d) = date::from_age(&age, ctx.reference_year) {
            p.dob_text = format!("{age} tuổi");
            p.dob = d;
        }
    }

    // "Ông", "Bà", "Anh", "Chị", "Cụ ông", "Cụ bà" before the name say the person's sex as
    // plainly as a sex column (a clash with the registry is a discrepancy); Thị / Văn in the
    // middle name and the looser kinship words only hint at it.
    if p.sex.is_none()
        && let Some(n) = p.name.as_ref()
    {
        if let Some(s) = n.honorific.as_deref().and_then(sex::personal_honorific_sex) {
            p.sex = Some((s, SexSource::Listed));
        } else if let Some(h) = n.sex_hint {
            p.sex = Some((h, SexSource::Hint));
        }
    }

    // Address → 2025 commune(s).
    let address = text_of(sheet, rec, Field::Address);
    let commune = text_of(sheet, rec, Field::Commune);
    let district = text_of(sheet, rec, Field::District);
    let province = text_of(sheet, rec, Field::Province);
    let hamlet = text_of(sheet, rec, Field::Hamlet);
    p.address_text = [
        hamlet.as_str(),
        address.as_str(),
        commune.as_str(),
        district.as_str(),
        province.as_str(),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(", ");
    let fallback = context.fallback(rec.group.as_deref());
    let resolved = listed_communes(
        &p.address_text,
        [commune, district, province, hamlet],
        fallback,
    );
    p.communes = resolved.communes;
    p.commune_source = resolved.commune_source;
    p.commune_text = resolved.commune_text;
    p.hamlet = resolved.hamlet;
    p.hamlet_key = p.hamlet.as_deref().and_then(address::hamlet_key);

    let father = text_of(sheet, rec, Field::Father);
    p.father = name::parse_name_cell(&father).primary;
    let mother = text_of(sheet, rec, Field::Mother);
    p.mother = name::parse_name_cell(&mother).primary;

    p.household_text = text_of(sheet, rec, Field::Household);
    p.household = household::code_key(&p.household_text).map(|k| k.as_str().to_string());
    p.household_size = household::size_of(&text_of(sheet, rec, Field::HouseholdSize));
    p
}

/// A row's address resolved: its communes, and where its commune and hamlet came from.
#[derive(Debug, Clone, Default)]
struct Resolved {
    communes: Vec<CommuneRef>,
    commune_source: Option<ContextSource>,
    commune_text: Option<String>,
    hamlet: Option<String>,
}

/// The communes a row's address may mean (see [`AdminMap::resolve_commune`]), from the joined
/// address and the separate commune, district, province and hamlet columns; the levels the
/// row leaves out come from `fallback` (its group row, then the list's context). A row's own
/// commune is looked up inside the context's district and province when the row names none,
/// and without them when it is not there (a person from elsewhere).
fn listed_communes(
    address_text: &str,
    [commune, district, province, hamlet]: [String; 4],
    fallback: &crate::fields::context::Fallback,
) -> Resolved {
    // A list repeats its addresses (one hamlet, one commune for many rows) and parsing one
    // costs more than the rest of the row: each thread remembers the ones it has resolved.
    const CACHE_LIMIT: usize = 1 << 16;
    thread_local! {
        static RESOLVED: std::cell::RefCell<std::collections::HashMap<String, Resolved>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    let key = format!(
        "{address_text}\u{1}{commune}\u{1}{district}\u{1}{province}\u{1}{hamlet}\u{1}{}",
        fallback.key()
    );
    if let Some(hit) = RESOLVED.with(|c| c.borrow().get(&key).cloned()) {
        return hit;
    }
    // A hamlet column's value is a hamlet even without its type word ("Mỹ Lợi" under "Ấp"):
    // the address is parsed without it, so it is never taken for a commune of that name.
    let parse_text = if hamlet.is_empty() {
        address_text
    } else {
        address_text
            .strip_prefix(hamlet.as_str())
            .map(|rest| rest.trim_start_matches([',', ' ']))
            .unwrap_or(address_text)
    };
    let parsed = address::parse_address(parse_text);
    let own = |col: String, parsed: &Option<String>| {
        if col.is_empty() {
            parsed.clone()
        } else {
            Some(col)
        }
    };
    let row_commune = own(commune, &parsed.commune);
    let row_district = own(district, &parsed.district);
    let row_province = own(province, &parsed.province);
    let row_hamlet = own(hamlet, &parsed.hamlet);
    let map = AdminMap::get();
    let mut out = Resolved::default();
    match row_commune {
        Some(c) => {
            out.commune_source = Some(ContextSource::Row);
            out.hamlet = row_hamlet;
            // the row's own hints; the context's for the levels it does not name
            let (d, pr) = (row_district.clone(), row_province.clone());
            let with_ctx = (
                d.clone()
                    .or_else(|| fallback.district.clone().filter(|_| pr.is_none())),
                pr.clone().or_else(|| fallback.province.clone()),
            );
            let mut found = map.resolve_commune(&c, with_ctx.0.as_deref(), with_ctx.1.as_deref());
            if found.is_empty() && with_ctx != (d.clone(), pr.clone()) {
                found = map.resolve_commune(&c, d.as_deref(), pr.as_deref());
            }
            out.communes = found;
            out.commune_text = Some(c);
        }
        None => {
            if let Some((c, source)) = fallback.commune.clone() {
                let d = row_district.or_else(|| fallback.district.clone());
                let pr = row_province.or_else(|| fallback.province.clone());
                out.communes = map.resolve_commune(&c, d.as_deref(), pr.as_deref());
                if !out.communes.is_empty() {
                    out.commune_source = Some(source);
                    out.commune_text = Some(c);
                }
                out.hamlet = row_hamlet.or_else(|| fallback.hamlet.clone());
            } else {
                out.hamlet = row_hamlet;
            }
        }
    }
    RESOLVED.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert(key, out.clone());
    });
    out
}

fn pick_dob_cell(sheet: &ListSheet, rec: &ListRecord, p: &mut ListPerson) -> Option<Cell> {
    if let Some(c) = sheet.cell(rec, Field::Dob)
        && !c.is_empty()
    {
        return Some(c.clone());
    }
    let male = sheet.cell(rec, Field::DobMale).filter(|c| !c.is_empty());
    let female = sheet.cell(rec, Field::DobFemale).filter(|c| !c.is_empty());
    match (male, female) {
        (Some(m), None) => {
            if p.sex.is_none() {
                p.sex = Some((Sex::Male, SexSource::Listed));
            }
            return Some(m.clone());
        }
        (None, Some(f)) => {
            if p.sex.is_none() {
                p.sex = Some((Sex::Female, SexSource::Listed));
            }
            return Some(f.clone());
        }
        (Some(m), Some(_)) => return Some(m.clone()),
        (None, None) => {}
    }
    let part = |f| {
        sheet
            .cell(rec, f)
            .filter(|c| !c.is_empty())
            .map(|c| c.to_text().trim().to_string())
    };
    let year = part(Field::DobYear)?;
    let text = match (part(Field::DobDay), part(Field::DobMonth)) {
        (Some(d), Some(m)) => format!("{d}/{m}/{year}"),
        (None, Some(m)) => format!("{m}/{year}"),
        _ => year,
    };
    Some(Cell::Text(text))
}

/// Dates of the registry and the list are compared; helper for display.
pub fn dob_display(d: &Option<Dob>) -> String {
    d.map(|d| d.format_vi()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::fields::context::Fallback;

    fn names(v: &[super::CommuneRef]) -> Vec<&str> {
        v.iter().map(|c| c.name).collect()
    }

    fn listed_communes(
        address: &str,
        commune: String,
        district: String,
        province: String,
    ) -> Vec<super::CommuneRef> {
        super::listed_communes(
            address,
            [commune, district, province, String::new()],
            &Fallback::default(),
        )
        .communes
    }

    #[test]
    fn a_remembered_address_resolves_as_it_did_and_its_columns_count() {
        let address = "Số 5, P. Cống Vị, Q. Ba Đình, Hà Nội";
        let first = listed_communes(address, String::new(), String::new(), String::new());
        assert!(!first.is_empty(), "{address}");
        let again = listed_communes(address, String::new(), String::new(), String::new());
        assert_eq!(names(&first), names(&again));
        // the same joined text with a commune column of its own is another question
        let with_column = listed_communes(
            address,
            "phường Ngọc Hà".into(),
            String::new(),
            "TP Hà Nội".into(),
        );
        // (the district still comes from the address)
        let direct = crate::fields::address::AdminMap::get().resolve_commune(
            "phường Ngọc Hà",
            Some("Q. Ba Đình"),
            Some("TP Hà Nội"),
        );
        assert_eq!(names(&with_column), names(&direct));
        assert_ne!(names(&with_column), names(&first));
        // nothing to resolve
        assert!(listed_communes("", String::new(), String::new(), String::new()).is_empty());
    }
}
