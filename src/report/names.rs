//! Every name made from data, made safe in one place: sheet names (a commune, an input's sheet),
//! output file names (an input's file name) and the text of any XML the writers produce.
//!
//! Data copied from other systems carries control characters (tab, vertical tab, `\x01`),
//! invisible marks, names longer than a file system or Excel allows, names Excel reserves
//! ("History") and names that clash once cleaned. Nothing of it may reach a workbook's XML or
//! the output folder as it is.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

/// A character XML 1.0 allows in a document (`Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Text as XML may carry it: characters XML 1.0 does not allow are removed.
pub fn xml_text(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

/// A character that does not show: controls, zero-width marks, bidirectional controls, the BOM,
/// the soft hyphen, noncharacters.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{FEFF}'
                | '\u{FFFE}'
                | '\u{FFFF}'
        )
        || !is_xml_char(c)
}

/// One line of visible text: NFC, every control or invisible character removed (a tab, a line
/// break or a vertical tab becomes a space), runs of spaces made one, trimmed.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfc() {
        let c = if c.is_whitespace() { ' ' } else { c };
        if c == ' ' {
            space = !out.is_empty();
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Excel's limit on a sheet name, in UTF-16 units (Excel counts those).
pub const SHEET_NAME_MAX: usize = 31;
/// Names Excel keeps for itself (compared case-insensitively).
const RESERVED_SHEET_NAMES: [&str; 1] = ["history"];
/// Characters Excel refuses in a sheet name.
const SHEET_FORBIDDEN: &str = "[]:*?/\\";

/// The sheet names of one workbook: each valid for Excel and unique case-insensitively.
#[derive(Debug, Default)]
pub struct SheetNames {
    used: HashSet<String>,
}

impl SheetNames {
    pub fn new() -> SheetNames {
        SheetNames {
            used: RESERVED_SHEET_NAMES.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// A valid sheet name for `wanted`, not used before in this workbook: one line without
    /// control characters or `[]:*?/\`, not starting or ending with an apostrophe, at most 31
    /// characters, not "History"; an empty result becomes "Danh sách"; a clash gets " (2)", " (3)"….
    pub fn add(&mut self, wanted: &str) -> String {
        let cleaned: String = one_line(wanted)
            .chars()
            .map(|c| if SHEET_FORBIDDEN.contains(c) { '-' } else { c })
            .collect();
        let mut base = trim_sheet_name(&cleaned);
        if base.is_empty() {
            base = "Danh sách".to_string();
        }
        let mut candidate = cut_utf16(&base, SHEET_NAME_MAX);
        let mut n = 2;
        while self.used.contains(&key(&candidate)) {
            let suffix = format!(" ({n})");
            let room = SHEET_NAME_MAX - suffix.len();
            candidate = format!("{}{suffix}", trim_sheet_name(&cut_utf16(&base, room)));
            n += 1;
        }
        self.used.insert(key(&candidate));
        candidate
    }
}

fn key(name: &str) -> String {
    name.nfc().collect::<String>().to_lowercase()
}

fn trim_sheet_name(s: &str) -> String {
    s.trim_matches(|c: char| c == '\'' || c.is_whitespace())
        .to_string()
}

/// The longest prefix of `s` of at most `max` UTF-16 units.
fn cut_utf16(s: &str, max: usize) -> String {
    let mut units = 0;
    let mut out = String::new();
    for c in s.chars() {
        units += c.len_utf16();
        if units > max {
            break;
        }
        out.push(c);
    }
    trim_sheet_name(&out)
}

/// The longest file name most file systems hold, in bytes (UTF-8).
pub const FILE_NAME_MAX_BYTES: usize = 255;
/// The longest suffix put after an output stem (`.sai-lech.xlsx`).
const LONGEST_SUFFIX: &str = ".sai-lech.xlsx";
/// What a temporary name adds around a file name while it is written (`.<name>.tmp-doikhop`).
const TEMP_EXTRA: usize = ".".len() + ".tmp-doikhop".len();
/// The longest stem of an output file: with its suffix and while it is written under a
/// temporary name, the name stays within [`FILE_NAME_MAX_BYTES`].
pub const OUTPUT_STEM_MAX_BYTES: usize = FILE_NAME_MAX_BYTES - LONGEST_SUFFIX.len() - TEMP_EXTRA;

/// Device names Windows refuses as file names, whatever the extension.
const WINDOWS_RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A file-name part made from data: one line, no control characters, no `/\:*?"<>|`, not
/// hidden (a leading dot), no trailing dot or space, not a Windows device name, and at most
/// `max_bytes` bytes of UTF-8 — a longer name is cut and ends with 8 hex digits of its SHA-256,
/// so two long names that share a beginning stay apart.
pub fn file_part(s: &str, max_bytes: usize) -> String {
    let mut name: String = one_line(s)
        .chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '-' } else { c })
        .collect();
    name = name.trim_start_matches('.').to_string();
    name = name.trim_end_matches(['.', ' ']).to_string();
    if name.is_empty() {
        name = "danh-sach".to_string();
    }
    if WINDOWS_RESERVED.contains(&name.to_ascii_lowercase().as_str()) {
        name.push('_');
    }
    if name.len() > max_bytes {
        let tag = &crate::util::sha256_bytes(s.as_bytes())[..8];
        let mut end = max_bytes.saturating_sub(tag.len() + 1);
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        name = format!("{}~{tag}", name[..end].trim_end_matches(['.', ' ']));
    }
    name
}

/// How each input is named in results.csv (`source_file`), run.json and the workbooks: its file
/// name, or — when two inputs share a file name — its path from the folder they have in common
/// (`xa-a/danh-sach.xlsx`, `xa-b/danh-sach.xlsx`), so that their rows can be told apart. A
/// run whose inputs' names differ names them exactly as before.
pub fn input_names(paths: &[PathBuf]) -> Vec<String> {
    let base: Vec<String> = paths.iter().map(|p| crate::util::file_name(p)).collect();
    let full: Vec<Vec<String>> = paths.iter().map(|p| components(p)).collect();
    (0..paths.len())
        .map(|i| {
            let clashing: Vec<usize> = (0..paths.len())
                .filter(|&j| base[j] == base[i] && full[j] != full[i])
                .collect();
            if clashing.is_empty() {
                return base[i].clone();
            }
            // The fewest trailing components that tell this path from every clashing one.
            let mine = &full[i];
            let mut n = 1;
            while n < mine.len()
                && clashing.iter().any(|&j| {
                    full[j].len() >= n && full[j][full[j].len() - n..] == mine[mine.len() - n..]
                })
            {
                n += 1;
            }
            mine[mine.len() - n..].join("/")
        })
        .collect()
}

/// A path's components, from the root, with `.` and `..` resolved.
fn components(path: &Path) -> Vec<String> {
    let absolute = path
        .canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut out: Vec<String> = Vec::new();
    for c in absolute.components() {
        match c {
            Component::Normal(s) => out.push(s.to_string_lossy().into_owned()),
            Component::ParentDir => {
                out.pop();
            }
            _ => {}
        }
    }
    out
}

/// The stem of an input's outputs (`<stem>.sach.xlsx`, `<stem>.sai-lech.xlsx`) for each input
/// (None for one that failed): the input's name without its extension, its folders joined by
/// `-` when the name has them ([`input_names`]), made safe ([`file_part`]) and unique within
/// the output folder case-insensitively. Two inputs with the same stem ("ds.xlsx", "ds.csv")
/// get the extension in it.
pub fn output_stems(names: &[Option<&str>]) -> Vec<Option<String>> {
    let split = |name: &str| -> (String, String) {
        let path = Path::new(name);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| name.to_string());
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folders = path
            .parent()
            .map(|p| p.to_string_lossy().replace(['/', '\\'], "-"))
            .unwrap_or_default();
        let stem = if folders.is_empty() {
            stem
        } else {
            format!("{folders}-{stem}")
        };
        (stem, ext)
    };
    let stems: Vec<Option<(String, String)>> = names.iter().map(|n| n.map(split)).collect();
    let mut used = HashSet::new();
    stems
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let (stem, ext) = s.as_ref()?;
            let same = stems.iter().flatten().filter(|(t, _)| t == stem).count();
            let mut base = if same > 1 && !ext.is_empty() {
                format!("{stem}-{ext}")
            } else {
                stem.clone()
            };
            base = file_part(&base, OUTPUT_STEM_MAX_BYTES);
            if !used.insert(base.to_lowercase()) {
                let suffix = format!("-{}", index + 1);
                base = format!(
                    "{}{suffix}",
                    file_part(&base, OUTPUT_STEM_MAX_BYTES - suffix.len())
                );
                used.insert(base.to_lowercase());
            }
            Some(base)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_follow_excels_rules() {
        let mut s = SheetNames::new();
        assert_eq!(s.add("Xã Hòa\tBình\u{0B}\u{01}"), "Xã Hòa Bình");
        assert_eq!(s.add("History"), "History (2)");
        assert_eq!(s.add("'Thôn 1'"), "Thôn 1");
        assert_eq!(s.add("a/b:c*d?[e]\\"), "a-b-c-d--e--");
        assert_eq!(s.add("\u{01}\u{200B} "), "Danh sách");
        assert_eq!(s.add("XÃ HÒA BÌNH"), "XÃ HÒA BÌNH (2)");
        // NFD and NFC of one name are one name.
        assert_eq!(s.add("Xa\u{0303} Hòa Bình"), "Xã Hòa Bình (3)");
        let long = "Phường Nguyễn Thái Bình thuộc Quận Một Thành phố";
        let a = s.add(long);
        let b = s.add(long);
        assert!(a.encode_utf16().count() <= 31 && b.encode_utf16().count() <= 31);
        assert_ne!(a.to_lowercase(), b.to_lowercase());
        assert!(b.ends_with(" (2)"));
        // A cut that ends in an apostrophe or a space loses it.
        let c = s.add("abcdefghijklmnopqrstuvwxyz abc' def");
        assert!(!c.ends_with('\'') && !c.ends_with(' '), "{c}");
        for name in [&a, &b, &c] {
            assert!(
                name.chars()
                    .all(|ch| !ch.is_control() && !SHEET_FORBIDDEN.contains(ch))
            );
        }
    }

    #[test]
    fn xml_text_drops_what_xml_cannot_hold() {
        assert_eq!(xml_text("Hòa\u{01}Bình\u{FFFE}"), "HòaBình");
        assert_eq!(xml_text("a\tb\nc"), "a\tb\nc");
        assert!(matches!(xml_text("Nguyễn"), Cow::Borrowed(_)));
    }

    #[test]
    fn file_parts_are_safe_and_fit() {
        assert_eq!(file_part("ho-ngheo", 200), "ho-ngheo");
        assert_eq!(file_part("a/b\\c:d\u{01}", 200), "a-b-c-d");
        assert_eq!(file_part("..hidden", 200), "hidden");
        assert_eq!(file_part("CON", 200), "CON_");
        let long = "Danh sách hộ nghèo xã Hòa Bình huyện Đông Hưng ".repeat(8);
        let a = file_part(&long, OUTPUT_STEM_MAX_BYTES);
        let b = file_part(&format!("{long}2"), OUTPUT_STEM_MAX_BYTES);
        assert!(a.len() <= OUTPUT_STEM_MAX_BYTES && b.len() <= OUTPUT_STEM_MAX_BYTES);
        assert_ne!(a, b);
        assert!(
            format!(".{a}.sai-lech.xlsx.tmp-doikhop").len() <= FILE_NAME_MAX_BYTES,
            "{a}"
        );
    }

    #[test]
    fn clashing_inputs_are_named_by_their_folder() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["xa-a", "xa-b", "khac"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        let p = |s: &str| dir.path().join(s);
        let names = input_names(&[
            p("xa-a/danh-sach.xlsx"),
            p("xa-b/danh-sach.xlsx"),
            p("khac/ds.csv"),
        ]);
        assert_eq!(
            names,
            ["xa-a/danh-sach.xlsx", "xa-b/danh-sach.xlsx", "ds.csv"]
        );
        let stems = output_stems(&[Some(&names[0]), Some(&names[1]), Some(&names[2])]);
        assert_eq!(
            stems,
            [
                Some("xa-a-danh-sach".into()),
                Some("xa-b-danh-sach".into()),
                Some("ds".into())
            ]
        );
        // Without a clash, nothing changes; a stem shared by two extensions keeps both apart.
        let stems = output_stems(&[Some("ds.xlsx"), Some("ds.csv"), None, Some("DS.ods")]);
        assert_eq!(
            stems,
            [
                Some("ds-xlsx".into()),
                Some("ds-csv".into()),
                None,
                Some("DS".into())
            ]
        );
        let stems = output_stems(&[Some("ds.xlsx"), Some("ds.xlsx")]);
        assert_eq!(stems, [Some("ds-xlsx".into()), Some("ds-xlsx-2".into())]);
    }
}
