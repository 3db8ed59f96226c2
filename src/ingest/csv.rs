//! CSV lists: UTF-8 (with or without BOM), UTF-16 (BOM) and legacy Windows code pages; the
//! delimiter (comma, semicolon, tab) is sniffed.

use std::path::Path;

use super::grid::SheetGrid;
use crate::error::{Error, Result};
use crate::model::Cell;

pub fn read_csv_grid(path: &Path) -> Result<SheetGrid> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let text = decode_bytes(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.contains('\0') {
        return Err(Error::Input {
            file: super::file_name(path),
            message: "tệp không phải CSV văn bản (chứa byte nhị phân)".into(),
        });
    }
    let delimiter = sniff_delimiter(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| Error::Input {
            file: super::file_name(path),
            message: format!("dòng {}: CSV không hợp lệ ({e})", i + 1),
        })?;
        let mut cells: Vec<Cell> = rec
            .iter()
            .map(|v| {
                if v.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(v.to_string())
                }
            })
            .collect();
        while matches!(cells.last(), Some(Cell::Empty)) {
            cells.pop();
        }
        rows.push(cells);
    }
    Ok(SheetGrid {
        name: String::new(),
        rows,
        merges: Vec::new(),
        column_encodings: Vec::new(),
    })
}

/// Decode the bytes of a text file: BOM-marked UTF-8/UTF-16, plain UTF-8, else Windows-1252
/// (each byte to the character Windows-1252 gives; Windows-1258 text then still carries its
/// combining tone marks as Latin-1-looking characters, which the text layer handles).
pub fn decode_bytes(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

fn sniff_delimiter(text: &str) -> u8 {
    let sample: Vec<&str> = text.lines().take(30).collect();
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t'] {
        let count: usize = sample
            .iter()
            .map(|l| l.bytes().filter(|&b| b == d).count())
            .sum();
        if count > best.1 {
            best = (d, count);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_boms_and_legacy_bytes() {
        assert_eq!(decode_bytes("\u{feff}Họ tên".as_bytes()), "Họ tên");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Nữ".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode_bytes(&utf16), "Nữ");
        assert_eq!(decode_bytes(&[b'N', 0xA8, 0x80]), "N¨€");
    }

    #[test]
    fn sniffs_semicolons() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3\n"), b';');
        assert_eq!(sniff_delimiter("a,b\n1,2\n"), b',');
    }
}
