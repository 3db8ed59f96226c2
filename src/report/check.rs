//! Every workbook is checked after it is written and before it is handed over (renamed into
//! place): a file Excel or LibreOffice cannot open must never reach the police.
//!
//! Two checks. Every XML part of the package is parsed (quick-xml, streaming): well-formed,
//! every character allowed by XML 1.0, every entity and character reference known and valid.
//! calamine (the reader doikhop reads lists with) cannot say this: it reads leniently, and a
//! sheet name with a control character, which breaks `xl/workbook.xml` for Excel and
//! LibreOffice, reads back fine. Then the workbook is reopened with calamine: its sheets are
//! listed and, for a workbook of ordinary size, every sheet is read.

use std::io::{BufRead, BufReader};
use std::path::Path;

use calamine::Reader as _;
use quick_xml::events::Event;

use super::names::is_xml_char;

/// Sheets are read back cell by cell with calamine up to this much uncompressed XML (a few
/// hundred thousand rows); beyond it the streaming parse is the check, so that a province-size
/// list is not read twice more.
const READ_BACK_MAX_XML_BYTES: u64 = 64 << 20;

/// Check the workbook at `path` (just written); `Err` says what is wrong, in Vietnamese.
pub fn check_workbook(path: &Path) -> Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| format!("không mở lại được ({e})"))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| format!("không phải tệp zip hợp lệ ({e})"))?;
    let mut xml_bytes = 0u64;
    let mut has_workbook = false;
    for i in 0..zip.len() {
        let entry = zip
            .by_index(i)
            .map_err(|e| format!("mục {i} của tệp zip hỏng ({e})"))?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        has_workbook |= name == "xl/workbook.xml";
        xml_bytes += entry.size();
        check_xml(BufReader::with_capacity(1 << 16, entry))
            .map_err(|e| format!("phần {name} không phải XML hợp lệ: {e}"))?;
    }
    if !has_workbook {
        return Err("thiếu xl/workbook.xml".into());
    }
    let mut wb = calamine::open_workbook::<calamine::Xlsx<_>, _>(path)
        .map_err(|e| format!("calamine không mở lại được ({e})"))?;
    let sheets = wb.sheet_names().to_vec();
    if sheets.is_empty() {
        return Err("bảng tính không có sheet nào".into());
    }
    if xml_bytes <= READ_BACK_MAX_XML_BYTES {
        for sheet in &sheets {
            wb.worksheet_range(sheet)
                .map_err(|e| format!("calamine không đọc lại được sheet \"{sheet}\" ({e})"))?;
        }
    }
    Ok(())
}

/// The first character of `raw` (UTF-8, as written) that XML 1.0 does not allow: a C0 control
/// other than tab, line feed and carriage return, or U+FFFE / U+FFFF — found on the bytes, as
/// a province-size sheet holds hundreds of megabytes of them. (Surrogates cannot be in UTF-8.)
fn first_non_xml_char(raw: &[u8]) -> Option<char> {
    if let Some(&b) = raw
        .iter()
        .find(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
    {
        return Some(char::from(b));
    }
    let mut from = 0;
    while let Some(i) = raw[from..].iter().position(|&b| b == 0xEF) {
        let k = from + i;
        if raw.get(k + 1) == Some(&0xBF) && matches!(raw.get(k + 2), Some(0xBE | 0xBF)) {
            return Some(if raw[k + 2] == 0xBE {
                '\u{FFFE}'
            } else {
                '\u{FFFF}'
            });
        }
        from = k + 1;
    }
    None
}

/// Parse one XML part to its end.
pub fn check_xml(reader: impl BufRead) -> Result<(), String> {
    let mut xml = quick_xml::Reader::from_reader(reader);
    xml.config_mut().check_end_names = true;
    let mut buf = Vec::with_capacity(1 << 16);
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        buf.clear();
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| format!("vị trí {}: {e}", xml.error_position()))?;
        let at = xml.buffer_position();
        match &event {
            Event::Eof => break,
            Event::Start(_) | Event::Empty(_) => {
                if depth == 0 {
                    roots += 1;
                }
                if let Event::Start(_) = event {
                    depth += 1;
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(_) | Event::CData(_) if depth == 0 && !event.trim_ascii().is_empty() => {
                return Err(format!("vị trí {at}: văn bản ngoài phần tử gốc"));
            }
            _ => {}
        }
        let raw_text: &str = &event;
        let raw = raw_text.as_bytes();
        if let Some(c) = first_non_xml_char(raw) {
            return Err(format!(
                "vị trí {at}: ký tự U+{:04X} không được phép trong XML",
                c as u32
            ));
        }
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let escaped = raw.contains(&b'&');
                for attr in e.attributes().with_checks(true) {
                    let attr = attr.map_err(|e| format!("vị trí {at}: thuộc tính hỏng ({e})"))?;
                    if !escaped {
                        // written as is: the scan of the raw bytes above covered it
                        continue;
                    }
                    let value = quick_xml::escape::unescape(&attr.value)
                        .map_err(|e| format!("vị trí {at}: giá trị thuộc tính hỏng ({e})"))?;
                    if let Some(c) = value.chars().find(|&c| !is_xml_char(c)) {
                        return Err(format!(
                            "vị trí {at}: thuộc tính chứa ký tự U+{:04X} không được phép",
                            c as u32
                        ));
                    }
                }
            }
            Event::GeneralRef(r) => {
                if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) if is_xml_char(c) => {}
                        _ => return Err(format!("vị trí {at}: tham chiếu ký tự không hợp lệ")),
                    }
                } else if !matches!(&**r, "amp" | "lt" | "gt" | "quot" | "apos") {
                    return Err(format!("vị trí {at}: thực thể không xác định &{};", &**r));
                }
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err("phần tử không được đóng trước khi hết tệp".into());
    }
    if roots != 1 {
        return Err(format!("cần đúng một phần tử gốc, có {roots}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xml(s: &str) -> Result<(), String> {
        check_xml(s.as_bytes())
    }

    #[test]
    fn well_formed_xml_passes_and_broken_xml_does_not() {
        assert!(xml(r#"<?xml version="1.0"?><a x="1 &amp; 2"><b>t&lt;&#233;</b><c/></a>"#).is_ok());
        assert!(xml("<a><b></a>").is_err());
        assert!(xml("<a>").is_err());
        assert!(xml("<a/><b/>").is_err());
        assert!(xml("<a name=\"x\u{1}y\"/>").is_err(), "a control character");
        assert!(xml("<a>\u{B}</a>").is_err());
        assert!(xml("<a>&#1;</a>").is_err());
        assert!(xml("<a x=\"&#11;\"/>").is_err());
        assert!(xml("<a>&nbsp;</a>").is_err());
        assert!(xml("<a x=\"1\" x=\"2\"/>").is_err());
        assert!(xml("<a>\u{FFFE}</a>").is_err());
    }

    #[test]
    fn a_workbook_with_a_control_character_in_a_sheet_name_fails() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().set_name("Xã\u{1}A").unwrap();
        wb.save(&path).unwrap();
        let e = check_workbook(&path).unwrap_err();
        assert!(e.contains("xl/workbook.xml"), "{e}");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Xã A").unwrap();
        ws.write_string(0, 0, "Hòa\u{1}\u{B}Bình").unwrap();
        wb.save(&path).unwrap();
        check_workbook(&path).unwrap();
        std::fs::write(&path, b"PK\x03\x04 not really").unwrap();
        assert!(check_workbook(&path).is_err());
    }
}
