//! Load the extract (CSV or Parquet with polars; xlsx with calamine) and map its Vietnamese
//! headers to fields with `rules/residents.toml`. Cells are read in place from polars' arrow
//! arrays: no per-cell allocation, whatever the size of the extract.

use std::path::Path;

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::ingest::columns::SynonymIndex;
use crate::rules::{Field, Rules};

/// The arrow array of one chunk of a polars string column.
type StrArray = <StringType as PolarsDataType>::Array;

enum Column {
    /// The chunks as polars read them (not copied into one): a row is found by its chunk's
    /// first row (`starts`, one more than the chunks).
    Arrow {
        chunks: Vec<StrArray>,
        starts: Vec<usize>,
    },
    Owned(Vec<Option<String>>),
}

impl Column {
    fn arrow(ca: &StringChunked) -> Column {
        let chunks: Vec<StrArray> = ca.downcast_iter().cloned().collect();
        let mut starts = Vec::with_capacity(chunks.len() + 1);
        let mut at = 0;
        starts.push(0);
        for c in &chunks {
            at += c.len();
            starts.push(at);
        }
        Column::Arrow { chunks, starts }
    }

    fn len(&self) -> usize {
        match self {
            Column::Arrow { starts, .. } => starts.last().copied().unwrap_or(0),
            Column::Owned(v) => v.len(),
        }
    }
}

/// The extract as text columns, one per mapped field.
pub struct RawExtract {
    pub rows: usize,
    columns: Vec<(Field, Column)>,
    /// Header → field mapping, for the manifest.
    pub mapping: Vec<(String, Option<Field>)>,
}

impl RawExtract {
    /// The trimmed, non-empty text of `field` in `row`.
    pub fn get(&self, field: Field, row: usize) -> Option<&str> {
        let col = self
            .columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| c)?;
        let v = match col {
            Column::Arrow { chunks, starts } => {
                let c = starts.partition_point(|&s| s <= row).checked_sub(1)?;
                chunks.get(c).and_then(|a| a.get(row - starts[c]))
            }
            Column::Owned(v) => v.get(row).and_then(|s| s.as_deref()),
        }?;
        let v = v.trim();
        (!v.is_empty()).then_some(v)
    }

    pub fn has(&self, field: Field) -> bool {
        self.columns.iter().any(|(f, _)| *f == field)
    }
}

fn err(path: &Path, message: impl Into<String>) -> Error {
    Error::Residents {
        file: path.display().to_string(),
        message: message.into(),
    }
}

pub fn load_raw(path: &Path, rules: &Rules) -> Result<RawExtract> {
    if !path.exists() {
        return Err(err(path, "không tìm thấy tệp"));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let (headers, columns): (Vec<String>, Vec<Column>) = match ext.as_str() {
        "csv" | "txt" => from_frame(path, read_csv(path)?)?,
        "parquet" | "pq" => {
            let file = std::fs::File::open(path).map_err(|e| err(path, e.to_string()))?;
            let df = ParquetReader::new(file)
                .finish()
                .map_err(|e| err(path, format!("Parquet không hợp lệ: {e}")))?;
            from_frame(path, df)?
        }
        "xlsx" | "xls" | "xlsm" | "ods" => from_workbook(path)?,
        _ => {
            return Err(err(
                path,
                format!(
                    "định dạng \".{ext}\" không được hỗ trợ (CSV, Parquet, xlsx hoặc tệp chỉ mục .dkidx)"
                ),
            ));
        }
    };
    let rows = columns.first().map(Column::len).unwrap_or(0);
    let index = SynonymIndex::new(rules);
    let mut mapped: Vec<(Field, Column)> = Vec::new();
    let mut mapping = Vec::new();
    for (h, col) in headers.into_iter().zip(columns) {
        let field = index.match_column(&h, &[]).map(|m| m.field);
        mapping.push((h, field));
        if let Some(f) = field
            && !mapped.iter().any(|(g, _)| *g == f)
        {
            mapped.push((f, col));
        }
    }
    let needed = [Field::Id, Field::FullName, Field::Dob];
    let missing: Vec<&str> = needed
        .iter()
        .filter(|f| !mapped.iter().any(|(g, _)| g == *f))
        .map(|f| f.label_vi())
        .collect();
    if !missing.is_empty() {
        let seen: Vec<String> = mapping.iter().map(|(h, _)| format!("\"{h}\"")).collect();
        return Err(err(
            path,
            format!(
                "thiếu cột bắt buộc: {}; các cột có trong tệp: {}",
                missing.join(", "),
                seen.join(", ")
            ),
        ));
    }
    Ok(RawExtract {
        rows,
        columns: mapped,
        mapping,
    })
}

fn read_csv(path: &Path) -> Result<DataFrame> {
    let mut head = [0u8; 4096];
    let n = {
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(|e| err(path, e.to_string()))?;
        f.read(&mut head).map_err(|e| err(path, e.to_string()))?
    };
    if n == 0 {
        return Err(err(path, "tệp rỗng"));
    }
    let first_line = head[..n].split(|&b| b == b'\n').next().unwrap_or(&[]);
    let commas = first_line.iter().filter(|&&b| b == b',').count();
    let semis = first_line.iter().filter(|&&b| b == b';').count();
    let separator = if semis > commas { b';' } else { b',' };
    CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_parse_options(
            CsvParseOptions::default()
                .with_separator(separator)
                .with_encoding(CsvEncoding::LossyUtf8)
                .with_truncate_ragged_lines(true),
        )
        .try_into_reader_with_file_path(Some(path.to_path_buf()))
        .and_then(|r| r.finish())
        .map_err(|e| err(path, format!("CSV không đọc được: {e}")))
}

fn from_frame(path: &Path, df: DataFrame) -> Result<(Vec<String>, Vec<Column>)> {
    let mut headers = Vec::new();
    let mut columns = Vec::new();
    for col in df.columns() {
        let name = col.name().to_string();
        let name = name.trim_start_matches('\u{feff}').to_string();
        let s = col
            .cast(&DataType::String)
            .map_err(|e| err(path, format!("cột \"{name}\": {e}")))?;
        let ca = s
            .str()
            .map_err(|e| err(path, format!("cột \"{name}\": {e}")))?;
        columns.push(Column::arrow(ca));
        headers.push(name);
    }
    Ok((headers, columns))
}

fn from_workbook(path: &Path) -> Result<(Vec<String>, Vec<Column>)> {
    let grids = crate::ingest::read_grids(path).map_err(|e| err(path, e.to_string()))?;
    let grid = grids
        .into_iter()
        .find(|g| !g.is_blank())
        .ok_or_else(|| err(path, "bảng tính trống"))?;
    let width = grid.width();
    let header_row = (0..grid.rows.len())
        .find(|&r| !grid.row_is_blank(r))
        .unwrap_or(0);
    let headers: Vec<String> = (0..width)
        .map(|c| grid.cell(header_row, c).to_text())
        .collect();
    let mut columns = vec![Vec::new(); width];
    for r in header_row + 1..grid.rows.len() {
        if grid.row_is_blank(r) {
            continue;
        }
        for (c, col) in columns.iter_mut().enumerate() {
            let cell = grid.cell(r, c);
            col.push(if cell.is_empty() {
                None
            } else {
                Some(cell.to_text())
            });
        }
    }
    Ok((headers, columns.into_iter().map(Column::Owned).collect()))
}
