//! truth.csv (what each person row should come out as) and layout.csv (what every other
//! non-empty row is), written for the test-suite and benchmarks.

use std::path::Path;

use super::lists::Truth;

#[derive(Debug, Clone)]
pub struct TruthRow {
    pub source_file: String,
    pub sheet: String,
    pub row: usize,
    pub truth: Truth,
}

#[derive(Debug, Clone)]
pub struct LayoutRow {
    pub source_file: String,
    pub sheet: String,
    pub row: usize,
    pub role: &'static str,
}

type CsvOut = csv::Writer<std::io::BufWriter<std::fs::File>>;

/// Streams truth.csv.
pub struct TruthWriter(CsvOut);

impl TruthWriter {
    pub fn create(path: &Path) -> std::io::Result<TruthWriter> {
        let file = std::fs::File::create(path)?;
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
        w.write_record([
            "source_file",
            "sheet",
            "row",
            "status",
            "resident_id",
            "discrepancies",
            "candidates",
            "scenario",
        ])?;
        Ok(TruthWriter(w))
    }

    pub fn write(&mut self, r: &TruthRow) -> std::io::Result<()> {
        self.0.write_record([
            r.source_file.as_str(),
            r.sheet.as_str(),
            &r.row.to_string(),
            r.truth.status.as_str(),
            r.truth.resident_id.as_str(),
            &r.truth.discrepancies.join(";"),
            &r.truth.candidates.join(";"),
            &r.truth.scenario.join(";"),
        ])?;
        Ok(())
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Streams layout.csv.
pub struct LayoutWriter(CsvOut);

impl LayoutWriter {
    pub fn create(path: &Path) -> std::io::Result<LayoutWriter> {
        let file = std::fs::File::create(path)?;
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
        w.write_record(["source_file", "sheet", "row", "role"])?;
        Ok(LayoutWriter(w))
    }

    pub fn write(&mut self, r: &LayoutRow) -> std::io::Result<()> {
        self.0.write_record([
            r.source_file.as_str(),
            r.sheet.as_str(),
            &r.row.to_string(),
            r.role,
        ])?;
        Ok(())
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
