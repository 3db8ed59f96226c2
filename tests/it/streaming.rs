//! The list workbooks are written in constant-memory mode (rows streamed to disk in order): the
//! sheets use inline strings, rows come in increasing order, every data row keeps its computed
//! height, and the signature block and validations are still there.

use super::support::{fixtures, xml_parts};

#[test]
fn list_workbooks_are_streamed_row_by_row_with_every_feature() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let job = doikhop::pipeline::MatchJob {
        inputs: vec![fixtures().join("ho-ngheo.xlsx")],
        residents: fixtures().join("residents.csv"),
        rules: doikhop::rules::Rules::builtin("ho-ngheo").unwrap(),
        out: out.clone(),
    };
    doikhop::pipeline::run_match(&job).unwrap();
    for name in ["ho-ngheo.sach.xlsx", "ho-ngheo.sai-lech.xlsx"] {
        let sheets = xml_parts(&out.join(name), "xl/worksheets/sheet");
        assert!(!sheets.is_empty(), "{name}");
        for (part, xml) in &sheets {
            // Constant-memory sheets carry their strings inline (no shared-string table).
            assert!(xml.contains(r#"t="inlineStr""#), "{name} {part}");
            let rows: Vec<(u32, bool)> = xml
                .split("<row r=\"")
                .skip(1)
                .map(|s| {
                    let (n, rest) = s.split_once('"').unwrap();
                    let tag = &rest[..rest.find('>').unwrap()];
                    (n.parse().unwrap(), tag.contains("ht=\""))
                })
                .collect();
            assert!(
                rows.windows(2).all(|w| w[0].0 < w[1].0),
                "{name} {part} {rows:?}"
            );
            // Title (row 2) and header (row 4) heights, and one per data row.
            assert!(rows.iter().any(|&(r, ht)| r == 2 && ht), "{name} {part}");
            assert!(rows.iter().any(|&(r, ht)| r == 4 && ht), "{name} {part}");
            // Long cells make tall rows: some data rows carry their computed height.
            assert!(rows.iter().any(|&(r, ht)| r >= 5 && ht), "{name} {part}");
            if name.ends_with(".sai-lech.xlsx") {
                assert!(xml.contains("CÁN BỘ XÁC MINH") && xml.contains("THỦ TRƯỞNG ĐƠN VỊ"));
                assert!(xml.contains(r#"<dataValidation type="list""#));
            }
        }
    }
    // No temporary file of the streamed sheets is left beside the outputs.
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
