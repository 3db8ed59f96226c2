//! Seeded synthetic data: a resident extract (residents.csv), messy department lists that
//! look like the real ones (five workbooks and one CSV export), and the truth for every
//! person row (truth.csv) and every other row (layout.csv).
//!
//! Deterministic: the same [`SynthConfig`] gives byte-identical files. No `rand` crate: the
//! PRNG is in [`rng`].

pub mod corrupt;
pub mod eval;
pub mod eval_row;
pub mod extra;
pub mod family;
pub mod forms;
pub mod index;
pub mod layouts;
pub mod lists;
pub mod people;
pub mod registry_csv;
pub mod rng;
pub mod scale;
pub mod sheet;
pub mod tables;
pub mod truth;

use std::path::{Path, PathBuf};

use lists::{Builder, Ctx, Kind};
use truth::{LayoutRow, TruthRow};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthConfig {
    pub seed: u64,
    pub residents: usize,
    pub rows_per_list: usize,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            seed: 2026,
            residents: 3000,
            rows_per_list: 80,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SynthOutput {
    pub files: Vec<PathBuf>,
    /// Person rows over all lists (= data lines of truth.csv).
    pub person_rows: usize,
}

/// One list, built and laid out.
pub(crate) struct ListOut {
    pub kind: Kind,
    pub entries: Vec<lists::Entry>,
    pub sheets: Vec<sheet::Sheet>,
    pub pos: forms::Positions,
    pub notes: Vec<Vec<&'static str>>,
}

/// Build and lay out one list.
fn build_list(ctx: &mut Ctx<'_>, cfg: &SynthConfig, kind: Kind) -> ListOut {
    let entries = Builder::new(ctx, cfg.seed, kind, cfg.rows_per_list).build(cfg.rows_per_list);
    let mut rng = rng::Rng::derive(cfg.seed, &format!("render {}", kind.file_name()));
    let (sheets, pos, notes) = forms::render(kind, &entries, &mut rng);
    ListOut {
        kind,
        entries,
        sheets,
        pos,
        notes,
    }
}

fn population(cfg: &SynthConfig) -> people::Population {
    // namesake pairs: ~1% of people, and enough for the ambiguous rows
    let wanted = (cfg.rows_per_list as f64 * 5.0 * 0.04 * 1.6).ceil() as usize;
    let target_pairs = (cfg.residents / 200).max(wanted).min(cfg.residents / 10);
    people::generate_population(cfg.seed, cfg.residents, target_pairs)
}

/// The population and every list, in memory (for tests).
#[cfg(test)]
pub(crate) fn build_all(cfg: &SynthConfig) -> (people::Population, Vec<ListOut>) {
    let pop = population(cfg);
    let idx = index::NearIndex::build(&pop);
    let mut out = Vec::new();
    {
        let mut ctx = Ctx::new(&pop, &idx);
        for kind in Kind::ALL {
            out.push(build_list(&mut ctx, cfg, kind));
        }
    }
    (pop, out)
}

/// Truth rows of one list, in sheet and row order.
fn truth_rows(l: &ListOut) -> Vec<TruthRow> {
    let kind = l.kind;
    let sheet_name = |si: usize| -> String {
        if kind.is_csv() {
            String::new()
        } else {
            l.sheets.get(si).map_or(String::new(), |s| s.name.clone())
        }
    };
    let by_serial: std::collections::HashMap<usize, usize> = l
        .entries
        .iter()
        .enumerate()
        .map(|(k, e)| (e.serial, k))
        .collect();
    let mut rows: Vec<(usize, TruthRow)> = Vec::with_capacity(l.entries.len());
    for (k, e) in l.entries.iter().enumerate() {
        let mut t = e.truth.clone();
        for n in &l.notes[k] {
            if *n == "name_tcvn3_upper" {
                t.scenario.retain(|s| s != "name_caps");
            }
            t.scenario.push((*n).to_string());
        }
        if let Some(&o) = e.repeat_of.as_ref().and_then(|orig| by_serial.get(orig)) {
            let (osi, orow) = l.pos[o];
            let tok = if osi == l.pos[k].0 {
                format!("of_row_{orow}")
            } else {
                format!("of_{}_row_{orow}", sheet_name(osi))
            };
            t.scenario.insert(1, tok);
        }
        rows.push((
            l.pos[k].0,
            TruthRow {
                source_file: kind.file_name().to_string(),
                sheet: sheet_name(l.pos[k].0),
                row: l.pos[k].1,
                truth: t,
            },
        ));
    }
    rows.sort_by_key(|(si, r)| (*si, r.row));
    rows.into_iter().map(|(_, r)| r).collect()
}

fn layout_rows(l: &ListOut) -> Vec<LayoutRow> {
    let mut out = Vec::new();
    for (si, sh) in l.sheets.iter().enumerate() {
        for (ri, row) in sh.rows.iter().enumerate() {
            if let Some(role) = row.role.label() {
                out.push(LayoutRow {
                    source_file: l.kind.file_name().to_string(),
                    sheet: if l.kind.is_csv() {
                        String::new()
                    } else {
                        l.sheets.get(si).map_or(String::new(), |s| s.name.clone())
                    },
                    row: ri + 1,
                    role,
                });
            }
        }
    }
    out
}

/// Writes into `out_dir`: residents.csv, the lists, truth.csv, layout.csv.
/// Deterministic: the same config gives byte-identical files. Lists are built, written and
/// dropped one at a time; truth.csv and layout.csv are streamed.
pub fn generate_fixtures(cfg: &SynthConfig, out_dir: &Path) -> std::io::Result<SynthOutput> {
    std::fs::create_dir_all(out_dir)?;
    let pop = population(cfg);
    let mut files = Vec::new();
    let path = out_dir.join("residents.csv");
    registry_csv::write_residents(&path, &pop)?;
    files.push(path);
    let idx = index::NearIndex::build(&pop);
    let mut ctx = Ctx::new(&pop, &idx);

    let truth_path = out_dir.join("truth.csv");
    let layout_path = out_dir.join("layout.csv");
    let mut truth_w = truth::TruthWriter::create(&truth_path)?;
    let mut layout_w = truth::LayoutWriter::create(&layout_path)?;
    let mut list_files: Vec<PathBuf> = Vec::new();
    let mut person_rows = 0;
    for kind in Kind::ALL {
        let l = build_list(&mut ctx, cfg, kind);
        let path = out_dir.join(kind.file_name());
        if kind.is_csv() {
            if let Some(sh) = l.sheets.first() {
                sheet::write_csv(&path, sh, forms::CSV_COLS)?;
            }
        } else {
            sheet::write_xlsx(&path, &l.sheets, kind.file_name())?;
        }
        list_files.push(path);
        for r in truth_rows(&l) {
            truth_w.write(&r)?;
            person_rows += 1;
        }
        for r in layout_rows(&l) {
            layout_w.write(&r)?;
        }
    }
    truth_w.finish()?;
    layout_w.finish()?;
    list_files.sort();
    files.extend(list_files);
    files.push(truth_path);
    files.push(layout_path);
    Ok(SynthOutput { files, person_rows })
}

/// Only the resident extract (`residents.csv` at `path`), for registry benchmarks at any size.
pub fn generate_residents(seed: u64, residents: usize, path: &Path) -> std::io::Result<()> {
    let cfg = SynthConfig {
        seed,
        residents,
        rows_per_list: 0,
    };
    let pop = population(&cfg);
    registry_csv::write_residents(path, &pop)
}

#[cfg(test)]
mod tests;
