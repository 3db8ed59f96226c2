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
            // Heading (row 1), title (row 6) and header (row 9) heights, and one per data row.
            let header = doikhop::report::lists::HEADER_ROW + 1;
            for at in [1, 6, header] {
                assert!(
                    rows.iter().any(|&(r, ht)| r == at && ht),
                    "{name} {part} {at}"
                );
            }
            // Long cells make tall rows: some data rows carry their computed height.
            assert!(
                rows.iter().any(|&(r, ht)| r > header && ht),
                "{name} {part}"
            );
            // The signature block follows the table.
            assert!(xml.contains("NGƯỜI LẬP BIỂU") && xml.contains("THỦ TRƯỞNG ĐƠN VỊ"));
            if name.ends_with(".sai-lech.xlsx") {
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
