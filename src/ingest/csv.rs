//! CSV lists: UTF-8 (with or without BOM), UTF-16 (BOM) and legacy Windows code pages; the
//! delimiter (comma, semicolon, tab) is sniffed.

use std::path::Path;

use super::grid::SheetGrid;
use super::limits::ReadLimits;
use super::workbook::GridBuilder;
use crate::error::{Error, Result};
use crate::model::Cell;

pub fn read_csv_grid(path: &Path) -> Result<SheetGrid> {
    read_csv_grid_with(path, &ReadLimits::default())
}

/// A quoted field spanning more line breaks than this is an unclosed quote, not an address.
const MAX_LINES_IN_FIELD: usize = 10;

pub fn read_csv_grid_with(path: &Path, limits: &ReadLimits) -> Result<SheetGrid> {
    let file = super::file_name(path);
    let input_err = |message: String| Error::Input {
        file: file.clone(),
        message,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?
        .len();
    if size > limits.max_text_bytes {
        return Err(input_err(format!(
            "tệp văn bản {} MB, quá giới hạn {} MB; hãy tách thành nhiều tệp",
            size >> 20,
            limits.max_text_bytes >> 20
        )));
    }
    if size == 0 {
        return Err(input_err("tệp rỗng (0 byte), không có dữ liệu".into()));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let text = decode_bytes(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.contains('\0') {
        return Err(input_err(
            "tệp không phải CSV văn bản (chứa byte nhị phân)".into(),
        ));
    }
    let delimiter = sniff_delimiter(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut builder = GridBuilder::new(limits);
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| input_err(format!("dòng {}: CSV không hợp lệ ({e})", i + 1)))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(i as u64 + 1);
        if rec
            .iter()
            .any(|v| v.matches('\n').count() > MAX_LINES_IN_FIELD)
        {
            return Err(input_err(format!(
                "dòng {line}: dấu ngoặc kép (\") mở mà không đóng, các dòng sau bị gộp vào một ô; hãy sửa dấu ngoặc kép ở dòng này"
            )));
        }
        for (c, v) in rec.iter().enumerate() {
            if v.trim().is_empty() {
                continue;
            }
            let row = u32::try_from(i).unwrap_or(u32::MAX);
            let col = u32::try_from(c).unwrap_or(u32::MAX);
            builder
                .put(row, col, Cell::Text(v.to_string()))
                .map_err(|m| input_err(format!("dòng {line}: {m}")))?;
        }
    }
    Ok(builder.finish(String::new(), Vec::new()))
}

/// Decode the bytes of a text file: BOM-marked UTF-8/UTF-16, plain UTF-8, else Windows-1252
/// (each byte to the character Windows-1252 gives; Windows-1258 text then still carries its
/// combining tone marks as Latin-1-looking characters, which the text layer handles).
pub fn decode_bytes(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let text = String::from_utf8_lossy(rest);
        return repair_double_utf8(&text).unwrap_or_else(|| text.into_owned());
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
        Ok(s) => repair_double_utf8(s).unwrap_or_else(|| s.to_string()),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

/// UTF-8 text that was once read as Windows-1252 / Latin-1 and saved again as UTF-8
/// ("HÃ¡Â»Â vÃ  tÃªn" for "Họ và tên"): undo it when the whole text maps back to single bytes
/// that form valid UTF-8. Real Vietnamese text never qualifies (ư, ơ, đ, ạ… are beyond U+00FF).
pub fn repair_double_utf8(s: &str) -> Option<String> {
    if s.is_ascii() {
        return None;
    }
    let mut bytes = Vec::with_capacity(s.len());
    for c in s.chars() {
        let b = match u32::from(c) {
            0..=0xFF => u32::from(c) as u8,
            _ => (0x80..=0x9F).find(|&b| windows_1252(b) == c)?,
        };
        bytes.push(b);
    }
    String::from_utf8(bytes).ok().filter(|t| t != s)
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
    fn repairs_utf8_read_as_latin1_and_saved_again() {
        let twice: String = "Họ và tên".bytes().map(char::from).collect();
        assert_eq!(decode_bytes(twice.as_bytes()), "Họ và tên");
        let cp1252: String = "Nguyễn".bytes().map(windows_1252).collect();
        assert_eq!(decode_bytes(cp1252.as_bytes()), "Nguyễn");
        assert_eq!(decode_bytes("Họ và tên".as_bytes()), "Họ và tên");
        assert_eq!(decode_bytes("Café".as_bytes()), "Café");
    }

    #[test]
    fn sniffs_semicolons() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3\n"), b';');
        assert_eq!(sniff_delimiter("a,b\n1,2\n"), b',');
    }
}
