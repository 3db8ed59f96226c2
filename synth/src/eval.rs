//! Evaluation sets for the matching engine: a realistic population (tens of thousands of
//! residents, Vietnamese name concentration) and lists of every kind with known truth, held
//! in memory as cells (no workbook rendering), so that link precision, recall and status
//! accuracy can be measured at scale.
//!
//! The rows come from the list builder the fixtures use (clean rows, format-only and
//! substantive corruptions, dead people, namesakes, people not in the registry, repeats) and
//! from [`extra`] rows for what real lists also contain: an ID that belongs to another
//! resident, IDs damaged by scientific notation, two-digit years, impossible dates, month and
//! year only, a middle name added, several corruptions in one row, near-namesakes who are not
//! in the registry. Deterministic: the same config gives the same set.

// The rows of the set (named here too: `eval::EvalRow` is what the tests and benches use).
pub use super::eval_row::{EvalList, EvalRow};
use super::extra;
use super::family;
use super::index::NearIndex;
use super::lists::{Builder, Ctx, DobOut, Entry, IdOut, Kind, NameEnc};
use super::people::{Population, generate_population};
use super::rng::Rng;
use doikhop::ingest::layout::{Column, Table};
use doikhop::ingest::{ListRecord, ListSheet};
use doikhop::model::{Cell, RowRef};
use doikhop::rules::Field;
use doikhop::text::legacy;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalConfig {
    pub seed: u64,
    pub residents: usize,
    /// Rows per list (six lists, plus the extra rows).
    pub rows_per_list: usize,
    /// Extra rows (see [`extra`]).
    pub extra_rows: usize,
}

impl Default for EvalConfig {
    fn default() -> Self {
        EvalConfig {
            seed: 7_2026,
            residents: 50_000,
            rows_per_list: 700,
            extra_rows: 800,
        }
    }
}

/// How the name column of a list is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListEncoding {
    Unicode,
    Tcvn3,
}

pub struct EvalSet {
    pub population: Population,
    pub lists: Vec<EvalList>,
}

fn rules_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::HoNgheo => "ho-ngheo",
        Kind::BaoTro | Kind::BaoTroCsv => "bao-tro-xa-hoi",
        Kind::NguoiCoCong => "nguoi-co-cong",
        Kind::DatDai => "dat-dai",
        Kind::HoTich => "ho-tich",
    }
}

/// Build the population and every list.
pub fn build(cfg: &EvalConfig) -> EvalSet {
    let wanted = (cfg.rows_per_list as f64 * 5.0 * 0.04 * 1.6).ceil() as usize;
    let pairs = (cfg.residents / 200).max(wanted).min(cfg.residents / 10);
    let pop = generate_population(cfg.seed, cfg.residents, pairs);
    let idx = NearIndex::build(&pop);
    let mut lists = Vec::new();
    {
        let mut ctx = Ctx::new(&pop, &idx);
        for kind in Kind::ALL {
            let entries =
                Builder::new(&mut ctx, cfg.seed, kind, cfg.rows_per_list).build(cfg.rows_per_list);
            // Old offices type in TCVN3: the people-with-merit list is.
            let enc = if kind == Kind::NguoiCoCong {
                ListEncoding::Tcvn3
            } else {
                ListEncoding::Unicode
            };
            // household codes and parents come from their own stream: the builder's rows,
            // and so the fixtures, stay as they were
            let mut fam = Rng::derive(cfg.seed, &format!("eval family {}", kind.file_name()));
            let rows = entries
                .iter()
                .map(|e| {
                    let mut row = row_of(e, enc);
                    family::decorate(&mut row, e, kind, &pop, &mut fam);
                    row
                })
                .collect();
            lists.push(EvalList {
                name: kind.file_name().to_string(),
                rules_kind: rules_kind(kind),
                rows,
            });
        }
        let mut rng = Rng::derive(cfg.seed, "eval extra");
        lists.push(EvalList {
            name: "extra".to_string(),
            rules_kind: "bao-tro-xa-hoi",
            rows: extra::rows(&mut rng, &pop, &idx, &ctx.used, cfg.extra_rows),
        });
        let mut rng = Rng::derive(cfg.seed, "eval family lists");
        lists.extend(family::lists(
            &mut rng,
            &pop,
            &idx,
            &ctx.used,
            cfg.extra_rows / 4,
        ));
    }
    EvalSet {
        population: pop,
        lists,
    }
}

fn row_of(e: &Entry, enc: ListEncoding) -> EvalRow {
    let name = match (enc, e.enc) {
        (ListEncoding::Tcvn3, _) => legacy::encode_tcvn3(&e.name),
        (ListEncoding::Unicode, NameEnc::Vni) => legacy::encode_vni(&e.name),
        (ListEncoding::Unicode, NameEnc::Unicode) => e.name.clone(),
    };
    let dob = match &e.dob {
        DobOut::Text(s) => Cell::Text(s.clone()),
        DobOut::Date(d) if d.is_full() => Cell::Date {
            year: d.year,
            month: d.month,
            day: d.day,
        },
        DobOut::Date(d) => Cell::Int(i64::from(d.year)),
        DobOut::Year(y) => Cell::Int(i64::from(*y)),
        DobOut::YearText(y) => Cell::Text(y.to_string()),
    };
    let id = match &e.id {
        IdOut::Text(s) => Cell::Text(s.clone()),
        IdOut::Number(x) => Cell::Float(*x),
        IdOut::Empty => Cell::Empty,
    };
    EvalRow {
        name,
        id,
        dob,
        sex: e.sex_text.clone(),
        address: e.subject.old_address(),
        father: String::new(),
        mother: String::new(),
        household: String::new(),
        truth: e.truth.clone(),
    }
}

/// Columns of every evaluation sheet.
const COLUMNS: [(Field, &str); 8] = [
    (Field::FullName, "Họ và tên"),
    (Field::Id, "Số CCCD/CMND"),
    (Field::Dob, "Ngày sinh"),
    (Field::Sex, "Giới tính"),
    (Field::Address, "Địa chỉ"),
    (Field::Household, "Mã hộ"),
    (Field::Father, "Họ tên cha"),
    (Field::Mother, "Họ tên mẹ"),
];

/// The list as the ingest layer would hand it over: a mapped table, legacy text decoded
/// column by column.
pub fn sheet_of(list: &EvalList, file_index: usize) -> ListSheet {
    let names: Vec<&str> = list.rows.iter().map(|r| r.name.as_str()).collect();
    let decoded = legacy::decode_column(&names);
    let legacy_columns = if decoded.iter().any(|(_, e)| *e != legacy::Encoding::Unicode) {
        vec![0]
    } else {
        Vec::new()
    };
    let records = list
        .rows
        .iter()
        .zip(decoded)
        .enumerate()
        .map(|(k, (r, (name, _)))| ListRecord {
            at: RowRef {
                file_index,
                file: list.name.as_str().into(),
                sheet: "".into(),
                row: (k + 2) as u32,
            },
            cells: vec![
                Cell::Text(name),
                r.id.clone(),
                r.dob.clone(),
                Cell::Text(r.sex.clone()),
                Cell::Text(r.address.clone()),
                Cell::Text(r.household.clone()),
                Cell::Text(r.father.clone()),
                Cell::Text(r.mother.clone()),
            ],
            group: None,
        })
        .collect();
    ListSheet {
        name: list.name.clone(),
        table: Table {
            header_rows: vec![0],
            numbering_row: None,
            columns: COLUMNS
                .iter()
                .enumerate()
                .map(|(index, (field, label))| Column {
                    index,
                    label: (*label).to_string(),
                    field: Some(*field),
                    synonym: None,
                })
                .collect(),
            data_rows: Vec::new(),
            skipped: Vec::new(),
            footer_start: None,
            continued_from: None,
        },
        records,
        legacy_columns,
        date1904: false,
        warnings: Vec::new(),
    }
}
