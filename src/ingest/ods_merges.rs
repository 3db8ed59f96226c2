//! Merged regions of an OpenDocument spreadsheet (calamine reads none from `.ods`): a scan of
//! `content.xml` for cells with `table:number-columns-spanned` / `table:number-rows-spanned`,
//! counting repeated rows and cells.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use super::grid::Merge;

/// Merged regions per sheet name; empty when the file cannot be scanned (the sheet then reads
/// without merges, as before).
pub fn ods_merges(path: &Path) -> HashMap<String, Vec<Merge>> {
    read_content(path).map(|xml| scan(&xml)).unwrap_or_default()
}

fn read_content(path: &Path) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let mut archive = zip::ZipArchive::new(file).ok()?;
    let mut entry = archive.by_name("content.xml").ok()?;
    let mut xml = String::new();
    entry.read_to_string(&mut xml).ok()?;
    Some(xml)
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

fn num_attr(tag: &str, name: &str) -> u32 {
    attr(tag, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Scan the XML tags (text content is not needed).
fn scan(xml: &str) -> HashMap<String, Vec<Merge>> {
    let mut out: HashMap<String, Vec<Merge>> = HashMap::new();
    let mut sheet: Option<String> = None;
    let mut row: u32 = 0;
    let mut col: u32 = 0;
    let mut row_repeat: u32 = 1;
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find('>') else {
            break;
        };
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        let name = tag
            .split(char::is_whitespace)
            .next()
            .unwrap_or("")
            .trim_end_matches('/');
        match name {
            "table:table" => {
                sheet = attr(tag, "table:name").map(unescape);
                row = 0;
            }
            "table:table-row" => {
                col = 0;
                row_repeat = num_attr(tag, "table:number-rows-repeated");
                if tag.ends_with('/') {
                    row = row.saturating_add(row_repeat);
                }
            }
            "/table:table-row" => row = row.saturating_add(row_repeat),
            "table:table-cell" | "table:covered-table-cell" => {
                let repeat = num_attr(tag, "table:number-columns-repeated");
                let cols = num_attr(tag, "table:number-columns-spanned");
                let rows = num_attr(tag, "table:number-rows-spanned");
                if name == "table:table-cell"
                    && (cols > 1 || rows > 1)
                    && let Some(s) = &sheet
                {
                    out.entry(s.clone()).or_default().push(Merge {
                        first_row: row,
                        first_col: col,
                        last_row: row.saturating_add(rows - 1),
                        last_col: col.saturating_add(cols - 1),
                    });
                }
                col = col.saturating_add(repeat);
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_spans_across_repeats() {
        let xml = r#"<office:body><table:table table:name="A &amp; B">
<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="1"><text:p>Năm sinh</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell table:number-rows-spanned="2"/></table:table-row>
<table:table-row/>
</table:table></office:body>"#;
        let m = scan(xml);
        assert_eq!(
            m["A & B"],
            vec![
                Merge {
                    first_row: 2,
                    first_col: 2,
                    last_row: 2,
                    last_col: 4
                },
                Merge {
                    first_row: 2,
                    first_col: 5,
                    last_row: 3,
                    last_col: 5
                },
            ]
        );
    }
}
