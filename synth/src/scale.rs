//! Inputs of the scale benchmark (issue 9, `benches/scale.rs`): a resident extract of any size
//! and one poor-household list of any length — the usual messy two-sheet workbook (unit and
//! title rows, merged two-row header, numbering row, group sub-headers, stray blank rows, totals,
//! date line and signatures; the second sheet typed in TCVN3) with every corruption the list
//! generator applies (typos, lost diacritics, ID slips, missing or partial dates, repeats,
//! deceased and unknown people, namesakes). The workbook is written in constant-memory mode, so a
//! million rows do not need gigabytes to write.

use std::path::{Path, PathBuf};

use super::lists::{Ctx, Kind};
use super::{SynthConfig, build_list, index, population, registry_csv, sheet};

/// What [`generate_scale`] wrote.
#[derive(Debug, Clone)]
pub struct ScaleInputs {
    /// `residents.csv`.
    pub residents: PathBuf,
    /// `ho-ngheo.xlsx` (two sheets).
    pub list: PathBuf,
    /// Person rows in the list (repeats included).
    pub person_rows: usize,
}

/// Write `residents.csv` (`residents` people) and `ho-ngheo.xlsx` (about `rows` person rows over
/// two sheets) into `dir`. Deterministic for a seed. Rows are capped by the household heads
/// aged 25 or more (about a quarter of the residents), like a real commune's list.
pub fn generate_scale(
    seed: u64,
    residents: usize,
    rows: usize,
    dir: &Path,
) -> std::io::Result<ScaleInputs> {
    std::fs::create_dir_all(dir)?;
    let cfg = SynthConfig {
        seed,
        residents,
        rows_per_list: rows,
    };
    let pop = population(&cfg);
    let residents_path = dir.join("residents.csv");
    registry_csv::write_residents(&residents_path, &pop)?;
    let idx = index::NearIndex::build(&pop);
    let mut ctx = Ctx::new(&pop, &idx);
    let list = build_list(&mut ctx, &cfg, Kind::HoNgheo);
    let list_path = dir.join(Kind::HoNgheo.file_name());
    sheet::write_xlsx_with(&list_path, &list.sheets, Kind::HoNgheo.file_name(), true)?;
    Ok(ScaleInputs {
        residents: residents_path,
        list: list_path,
        person_rows: list.entries.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_scale_set_reads_back_as_a_two_sheet_list() {
        let dir = tempfile::tempdir().unwrap();
        let out = generate_scale(11, 4000, 300, dir.path()).unwrap();
        assert!(out.person_rows >= 300, "{}", out.person_rows);
        let rules = doikhop::rules::Rules::builtin("ho-ngheo").unwrap();
        let file = doikhop::ingest::read_list(&out.list, 0, &rules).unwrap();
        let mut records = 0;
        let mut sheets = 0;
        for s in &file.sheets {
            if let doikhop::ingest::SheetOutcome::Read(sheet) = s {
                sheets += 1;
                records += sheet.records.len();
            }
        }
        assert_eq!(sheets, 2);
        // The reader's layout finding is not under test here: about every person row is a record.
        let rows = out.person_rows as f64;
        assert!(
            (rows * 0.97..=rows * 1.03).contains(&(records as f64)),
            "{records} records, {} person rows",
            out.person_rows
        );
        // Streamed: no temporary file left beside the workbook.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
