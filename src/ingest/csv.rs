//! CSV lists: UTF-8 (with or without BOM), UTF-16 (BOM) and legacy Windows code pages; the
//! delimiter (comma, semicolon, tab) is sniffed.

use std::path::Path;

use super::grid::{SheetGrid, error_value, error_warning};
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
    // A bounded read: a file that does not report its size (or grows) is never read without end.
    let too_big = || {
        input_err(format!(
            "tệp văn bản quá giới hạn {} MB; hãy tách thành nhiều tệp",
            limits.max_text_bytes >> 20
        ))
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
    let bytes = super::open::read_bounded(path, limits.max_text_bytes)
        .map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?
        .ok_or_else(too_big)?;
    if bytes.is_empty() {
        return Err(input_err("tệp rỗng (0 byte), không có dữ liệu".into()));
    }
    let (text, encoding) = decode_bytes_detect(&bytes);
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
    let mut builder = GridBuilder::for_text(limits);
    let mut warnings = Vec::new();
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
            // A spreadsheet's force-text apostrophe ("'001060012345") is not part of the value.
            let v = v.strip_prefix('\'').unwrap_or(v);
            if v.trim().is_empty() {
                continue;
            }
            if let Some(e) = error_value(v) {
                warnings.push(error_warning(i, c, e));
                continue;
            }
            let row = u32::try_from(i).unwrap_or(u32::MAX);
            let col = u32::try_from(c).unwrap_or(u32::MAX);
            builder
                .put(row, col, Cell::Text(v.to_string()))
                .map_err(|m| input_err(format!("dòng {line}: {m}")))?;
        }
    }
    let mut grid = builder.finish(String::new(), Vec::new());
    grid.warnings = warnings;
    grid.file_encoding = Some(encoding.label().to_string());
    Ok(grid)
}

/// How the bytes of a text file were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8Bom,
    Utf8,
    /// UTF-8 with a few invalid bytes (a damaged or concatenated file): they become U+FFFD.
    Utf8Damaged,
    Utf16LeBom,
    Utf16BeBom,
    Utf16Le,
    Utf16Be,
    Windows1258,
    Windows1252,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Damaged => "UTF-8 (có byte lỗi)",
            TextEncoding::Utf16LeBom => "UTF-16LE (BOM)",
            TextEncoding::Utf16BeBom => "UTF-16BE (BOM)",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1258 => "Windows-1258",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Decode the bytes of a text file (see [`decode_bytes_detect`]).
pub fn decode_bytes(bytes: &[u8]) -> String {
    decode_bytes_detect(bytes).0
}

/// Decode the bytes of a text file, detecting the encoding: a BOM (UTF-8, UTF-16LE/BE), UTF-16
/// without BOM (the pattern of zero bytes), valid UTF-8, else a Windows code page — 1258
/// (Vietnamese: tone marks as separate bytes after vowels) or 1252.
pub fn decode_bytes_detect(bytes: &[u8]) -> (String, TextEncoding) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let text = String::from_utf8_lossy(rest);
        return (
            repair_double_utf8(&text).unwrap_or_else(|| text.into_owned()),
            TextEncoding::Utf8Bom,
        );
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return (utf16(rest, false), TextEncoding::Utf16LeBom);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return (utf16(rest, true), TextEncoding::Utf16BeBom);
    }
    if let Some(big_endian) = utf16_without_bom(bytes) {
        let enc = if big_endian {
            TextEncoding::Utf16Be
        } else {
            TextEncoding::Utf16Le
        };
        return (utf16(bytes, big_endian), enc);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (
            repair_double_utf8(s).unwrap_or_else(|| s.to_string()),
            TextEncoding::Utf8,
        );
    }
    if mostly_utf8(bytes) {
        return (
            String::from_utf8_lossy(bytes).into_owned(),
            TextEncoding::Utf8Damaged,
        );
    }
    if looks_like_windows_1258(bytes) {
        let text: String = bytes.iter().map(|&b| windows_1258(b)).collect();
        use unicode_normalization::UnicodeNormalization;
        (text.nfc().collect(), TextEncoding::Windows1258)
    } else {
        (
            bytes.iter().map(|&b| windows_1252(b)).collect(),
            TextEncoding::Windows1252,
        )
    }
}

/// Valid multi-byte UTF-8 characters far outnumber the invalid bytes: a UTF-8 file with a few
/// damaged bytes, not a Windows code page (whose accented bytes are almost never valid UTF-8).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    valid_multibyte >= 4 && valid_multibyte >= invalid * 4
}

fn utf16(bytes: &[u8], big_endian: bool) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| {
            if big_endian {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        })
        .collect();
    String::from_utf16_lossy(&units)
}

/// UTF-16 without a BOM: CSV text is mostly ASCII (digits, delimiters, line ends), so one byte
/// of most pairs is zero — the high byte, whose side gives the byte order.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zero_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if zero_odd * 10 >= pairs * 3 && zero_even * 20 <= pairs {
        Some(false)
    } else if zero_even * 10 >= pairs * 3 && zero_odd * 20 <= pairs {
        Some(true)
    } else {
        None
    }
}

/// Windows-1258 writes tones as combining marks after the vowel (0xCC grave, 0xEC acute, 0xD2
/// hook, 0xDE tilde, 0xF2 dot below); in Windows-1252 those bytes are the letters Ì ì Ò Þ ò,
/// which follow a vowel far less often. Decide by how the mark bytes sit.
fn looks_like_windows_1258(bytes: &[u8]) -> bool {
    const TONES: [u8; 5] = [0xCC, 0xEC, 0xD2, 0xDE, 0xF2];
    // Vowels in both code pages' Vietnamese letters: ASCII, â ê ô ă ơ ư and capitals.
    const VOWELS_HIGH: [u8; 12] = [
        0xE2, 0xEA, 0xF4, 0xE3, 0xF5, 0xFD, 0xC2, 0xCA, 0xD4, 0xC3, 0xD5, 0xDD,
    ];
    let is_vowel = |b: u8| b"aeiouyAEIOUY".contains(&b) || VOWELS_HIGH.contains(&b);
    let mut after_vowel = 0usize;
    let mut elsewhere = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if TONES.contains(&b) {
            if i > 0 && is_vowel(bytes[i - 1]) {
                after_vowel += 1;
            } else {
                elsewhere += 1;
            }
        }
    }
    // "đ"/"Đ" (0xF0/0xD0) at a word start is Vietnamese too (ð/Ð is Icelandic).
    let d_start = bytes
        .windows(2)
        .filter(|w| {
            matches!(w[0], b' ' | b',' | b';' | b'\t' | b'"') && matches!(w[1], 0xF0 | 0xD0)
        })
        .count();
    after_vowel + d_start > 0 && after_vowel >= elsewhere * 2
}

fn windows_1258(b: u8) -> char {
    match b {
        0xC3 => 'Ă',
        0xCC => '\u{300}',
        0xD0 => 'Đ',
        0xD2 => '\u{309}',
        0xD5 => 'Ơ',
        0xDD => 'Ư',
        0xDE => '\u{303}',
        0xE3 => 'ă',
        0xEC => '\u{301}',
        0xF0 => 'đ',
        0xF2 => '\u{323}',
        0xF5 => 'ơ',
        0xFD => 'ư',
        0xFE => '₫',
        0x8A => '\u{8a}',
        0x8E => '\u{8e}',
        0x9A => '\u{9a}',
        0x9E => '\u{9e}',
        _ => windows_1252(b),
    }
}

/// Encode text as Windows-1258 (decomposed tones), for generated fixtures. Characters the code
/// page cannot hold become '?'.
pub fn encode_windows_1258(s: &str) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let byte_of = |ch: char| -> u8 {
        if ch.is_ascii() {
            return ch as u8;
        }
        (0x80u8..=0xFF)
            .find(|&b| windows_1258(b) == ch)
            .unwrap_or(b'?')
    };
    let mut out = Vec::new();
    for ch in s.nfc() {
        // The letter keeps its hat, breve or horn (â ă ơ …); the tone is a separate byte.
        let parts: Vec<char> = std::iter::once(ch).nfd().collect();
        let tone = parts.iter().copied().find(|c| TONE_MARKS.contains(c));
        let base: String = parts
            .iter()
            .filter(|c| !TONE_MARKS.contains(c))
            .collect::<String>()
            .nfc()
            .collect();
        out.extend(base.chars().map(byte_of));
        if let Some(t) = tone {
            out.push(byte_of(t));
        }
    }
    out
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
    fn detects_code_pages_and_utf16_without_bom() {
        let vi = "Họ và tên;Ngày sinh\nNguyễn Thị Đào;12/03/1955\nTrần Văn Hùng;01/01/1960\n";
        let bytes = encode_windows_1258(vi);
        assert!(std::str::from_utf8(&bytes).is_err());
        let (text, enc) = decode_bytes_detect(&bytes);
        assert_eq!(enc, TextEncoding::Windows1258);
        assert_eq!(text, vi);
        let latin: Vec<u8> = b"Nom;Pr\xe9nom\nM\xfcller;Jos\xe9\n".to_vec();
        let (text, enc) = decode_bytes_detect(&latin);
        assert_eq!(enc, TextEncoding::Windows1252);
        assert_eq!(text, "Nom;Prénom\nMüller;José\n");
        let le: Vec<u8> = vi.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(
            decode_bytes_detect(&le),
            (vi.to_string(), TextEncoding::Utf16Le)
        );
        let be: Vec<u8> = vi.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(
            decode_bytes_detect(&be),
            (vi.to_string(), TextEncoding::Utf16Be)
        );
        assert_eq!(decode_bytes_detect(vi.as_bytes()).1, TextEncoding::Utf8);
        let mut damaged = vi.as_bytes().to_vec();
        damaged.insert(10, 0xFF);
        let (text, enc) = decode_bytes_detect(&damaged);
        assert_eq!(enc, TextEncoding::Utf8Damaged);
        assert!(text.contains("Nguyễn Thị Đào") && text.contains('\u{fffd}'));
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
