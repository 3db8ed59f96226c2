//! What a file really is, from its first bytes: spreadsheet formats are often renamed (a CSV or
//! an HTML "Excel export" saved as .xls, an old .xls renamed .xlsx, an encrypted workbook), and
//! zip-based workbooks are checked for zip bombs before they are opened.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::limits::ReadLimits;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Zero bytes.
    Empty,
    /// A zip container (.xlsx, .xlsm, .xlsb, .ods).
    Zip,
    /// An OLE compound file: Excel 97-2003 .xls.
    Cfb,
    /// An OLE compound file holding an encrypted (password-protected) OOXML package.
    Encrypted,
    /// HTML (a web application's "export to Excel").
    Html,
    /// Excel 2003 XML spreadsheet.
    SpreadsheetXml,
    /// Plain text: CSV or tab-separated.
    Text,
    /// Anything else.
    Other,
}

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Sniff a file: its first 64 KiB, and for a compound file its first directory sector.
pub fn sniff_file(path: &Path) -> std::io::Result<Kind> {
    let mut f = std::fs::File::open(path)?;
    let mut head = Vec::with_capacity(1 << 16);
    (&mut f).take(1 << 16).read_to_end(&mut head)?;
    let kind = sniff_bytes(&head);
    if kind == Kind::Cfb && head.len() >= 512 {
        // The directory may lie beyond the first 64 KiB in a large file.
        let shift = u16::from_le_bytes([head[0x1E], head[0x1F]]).min(16) as u64;
        let first_dir = u32::from_le_bytes([head[0x30], head[0x31], head[0x32], head[0x33]]) as u64;
        let offset = (first_dir + 1) << shift;
        if f.seek(SeekFrom::Start(offset)).is_ok() {
            let mut dir = Vec::new();
            (&mut f).take(1 << 13).read_to_end(&mut dir)?;
            if has_encryption_streams(&dir) {
                return Ok(Kind::Encrypted);
            }
        }
    }
    Ok(kind)
}

pub fn sniff_bytes(bytes: &[u8]) -> Kind {
    if bytes.is_empty() {
        return Kind::Empty;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Kind::Zip;
    }
    if bytes.starts_with(&CFB_MAGIC) {
        return if has_encryption_streams(bytes) {
            Kind::Encrypted
        } else {
            Kind::Cfb
        };
    }
    let text = text_prefix(bytes);
    let Some(text) = text else {
        return Kind::Other;
    };
    let lower: String = text
        .trim_start()
        .chars()
        .take(2048)
        .collect::<String>()
        .to_lowercase();
    if lower.starts_with('<') {
        if lower.contains("urn:schemas-microsoft-com:office:spreadsheet")
            && !lower.contains("<html")
        {
            return Kind::SpreadsheetXml;
        }
        if [
            "<!doctype html",
            "<html",
            "<table",
            "<meta",
            "<head",
            "<body",
            "<?xml",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
            && (lower.contains("<html")
                || lower.contains("<table")
                || lower.contains("<!doctype html"))
        {
            return Kind::Html;
        }
    }
    Kind::Text
}

/// The start of a text file as text, if it is text: UTF-8 (a cut multi-byte character at the
/// end is allowed), UTF-16 with a BOM, or a single-byte code page without control bytes.
fn text_prefix(bytes: &[u8]) -> Option<String> {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.starts_with(&[0xFF, 0xFE]) || sample.starts_with(&[0xFE, 0xFF]) {
        return Some(super::decode::decode_bytes(sample));
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    if controls > 0 {
        return None;
    }
    Some(super::decode::decode_bytes(sample))
}

fn has_encryption_streams(bytes: &[u8]) -> bool {
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
    let needles = [utf16("EncryptionInfo"), utf16("EncryptedPackage")];
    needles
        .iter()
        .any(|n| bytes.windows(n.len()).any(|w| w == n.as_slice()))
}

/// A text file whose first line has a field separator (comma, semicolon, tab): a CSV.
pub fn looks_like_csv(path: &Path) -> bool {
    let Ok(f) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    if f.take(8192).read_to_end(&mut head).is_err() {
        return false;
    }
    let text = super::decode::decode_bytes(&head);
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.contains([',', ';', '\t']))
}

/// Which workbook a zip holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipKind {
    Xlsx,
    Xlsb,
    Ods,
}

/// Check a zip-based workbook before opening it: readable directory, a workbook part, and no
/// entry that would decompress to far more than anything real (a zip bomb).
pub fn check_zip(path: &Path, limits: &ReadLimits) -> Result<ZipKind, String> {
    let f = std::fs::File::open(path).map_err(|e| format!("không đọc được tệp: {e}"))?;
    check_zip_reader(std::io::BufReader::new(f), limits)
}

pub fn check_zip_reader<R: Read + Seek>(reader: R, limits: &ReadLimits) -> Result<ZipKind, String> {
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| {
        format!("tệp nén của bảng tính bị hỏng hoặc bị cắt cụt (tải về chưa hết?): {e}")
    })?;
    let mut total: u64 = 0;
    let mut kind = None;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| format!("tệp nén của bảng tính bị hỏng: {e}"))?;
        let name = entry
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| String::from_utf8_lossy(entry.name_raw()).into_owned());
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        if size > limits.bomb_entry_bytes && size / packed > limits.bomb_ratio {
            return Err(format!(
                "tệp có dấu hiệu bom nén (zip bomb): phần \"{}\" giải nén ra {} MB từ {} KB; từ chối đọc",
                name,
                size >> 20,
                packed >> 10
            ));
        }
        total = total.saturating_add(size);
        if total > limits.max_unzipped_bytes {
            return Err(format!(
                "bảng tính giải nén ra hơn {} MB, quá lớn để đọc; hãy tách thành nhiều tệp",
                limits.max_unzipped_bytes >> 20
            ));
        }
        kind = kind.or(match name.to_ascii_lowercase().as_str() {
            "xl/workbook.xml" => Some(ZipKind::Xlsx),
            "xl/workbook.bin" => Some(ZipKind::Xlsb),
            "content.xml" => Some(ZipKind::Ods),
            _ => None,
        });
    }
    kind.ok_or_else(|| {
        "tệp nén ZIP nhưng không phải bảng tính (không có xl/workbook.xml hay content.xml)".into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_renamed_formats() {
        assert_eq!(sniff_bytes(b""), Kind::Empty);
        assert_eq!(sniff_bytes(b"PK\x03\x04rest"), Kind::Zip);
        assert_eq!(
            sniff_bytes(b"STT,H\xe1\xbb\x8d t\xc3\xaan\n1,A\n"),
            Kind::Text
        );
        assert_eq!(
            sniff_bytes(b"\xef\xbb\xbf <html><body><table><tr><td>1</td></tr></table>"),
            Kind::Html
        );
        assert_eq!(
            sniff_bytes(b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"),
            Kind::SpreadsheetXml
        );
        assert_eq!(sniff_bytes(&[0x00, 0x01, 0xFF, 0x10]), Kind::Other);
        let mut cfb = CFB_MAGIC.to_vec();
        cfb.extend(
            "EncryptionInfo"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert_eq!(sniff_bytes(&cfb), Kind::Encrypted);
        assert_eq!(sniff_bytes(&CFB_MAGIC), Kind::Cfb);
    }
}
