//! The generator of `fixtures/bad/`: every broken input is made here from code (nothing is
//! hand-edited), so the corpus can be rebuilt and reviewed:
//!
//! ```sh
//! DOIKHOP_WRITE_BAD_FIXTURES=1 cargo test --test it regenerate_bad_fixtures -- --ignored
//! ```
//!
//! The expected exit code and message fragments of each file are in `fixtures/bad/manifest.tsv`
//! (hand-written: it is the specification the files are tested against).

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Formula, Workbook};

use super::support::fixtures;

/// A small deterministic generator (xorshift) for the garbage files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| (self.next() >> 24) as u8).collect()
    }
}

const HEADER: [&str; 6] = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Địa chỉ",
];

/// Three people of the shipped extract, as a list would write them.
fn people() -> Vec<[String; 6]> {
    let mut out = Vec::new();
    let mut r = csv::Reader::from_path(fixtures().join("residents.csv")).expect("residents.csv");
    for (i, rec) in r.records().take(3).enumerate() {
        let rec = rec.expect("record");
        out.push([
            (i + 1).to_string(),
            rec[2].to_string(),
            rec[3].to_string(),
            rec[4].to_string(),
            rec[0].to_string(),
            rec[5].to_string(),
        ]);
    }
    out
}

fn new_workbook() -> Workbook {
    let mut wb = Workbook::new();
    let when = ExcelDateTime::from_ymd(2026, 1, 1).expect("date");
    wb.set_properties(&DocProperties::new().set_creation_datetime(&when));
    wb
}

/// A normal list workbook: title, header, the people; `extra` adds to the sheet.
fn list_xlsx(
    path: &Path,
    extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet) -> Result<(), rust_xlsxwriter::XlsxError>,
) {
    let mut wb = new_workbook();
    let ws = wb.add_worksheet();
    ws.set_name("Danh sách").expect("name");
    ws.write_string(0, 0, "DANH SÁCH HỘ NGHÈO NĂM 2026")
        .expect("write");
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(2, c as u16, *h).expect("write");
    }
    for (r, p) in people().iter().enumerate() {
        for (c, v) in p.iter().enumerate() {
            ws.write_string(3 + r as u32, c as u16, v).expect("write");
        }
    }
    extra(ws).expect("extra");
    wb.save(path).expect("save");
}

fn list_csv_text() -> String {
    let mut s = HEADER.join(",");
    s.push('\n');
    for p in people() {
        let quoted: Vec<String> = p.iter().map(|v| format!("\"{v}\"")).collect();
        s.push_str(&quoted.join(","));
        s.push('\n');
    }
    s
}

/// A minimal .xlsx written by hand (inline strings, no styles), for what rust_xlsxwriter
/// refuses to write: 1 MB cells, malformed sheet XML, cells beyond Excel's grid.
fn raw_xlsx(path: &Path, sheets: &[(&str, String)], deflate_level: Option<i64>) {
    let f = std::fs::File::create(path).expect("create");
    let mut zip = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(deflate_level)
        .large_file(false);
    let mut put = |name: &str, body: &[u8]| {
        zip.start_file(name, opts).expect("start");
        zip.write_all(body).expect("write");
    };
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    );
    let mut wb = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, _)) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        wb.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#));
    }
    types.push_str("</Types>");
    wb.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    put("[Content_Types].xml", types.as_bytes());
    put("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#);
    put("xl/workbook.xml", wb.as_bytes());
    put("xl/_rels/workbook.xml.rels", rels.as_bytes());
    for (i, (_, xml)) in sheets.iter().enumerate() {
        put(&format!("xl/worksheets/sheet{}.xml", i + 1), xml.as_bytes());
    }
    zip.finish().expect("finish");
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn col_name(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ascii")
}

/// Sheet XML with inline strings; each row is (1-based row, cells).
fn sheet_xml(rows: &[(u64, Vec<String>)]) -> String {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, cells) in rows {
        x.push_str(&format!(r#"<row r="{r}">"#));
        for (c, v) in cells.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            x.push_str(&format!(
                r#"<c r="{}{r}" t="inlineStr"><is><t>{}</t></is></c>"#,
                col_name(c),
                xml_escape(v)
            ));
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData></worksheet>");
    x
}

fn list_rows() -> Vec<(u64, Vec<String>)> {
    let mut rows = vec![(1, HEADER.iter().map(|s| s.to_string()).collect())];
    for (i, p) in people().into_iter().enumerate() {
        rows.push((i as u64 + 2, p.to_vec()));
    }
    rows
}

/// A compound (OLE) file whose directory names the streams of an encrypted OOXML package, as
/// Excel writes a workbook saved with "Encrypt with password".
fn encrypted_package() -> Vec<u8> {
    let mut f = vec![0u8; 512 * 4];
    // Header.
    f[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    f[0x18..0x1A].copy_from_slice(&0x003Eu16.to_le_bytes()); // minor version
    f[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes()); // major version 3
    f[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes()); // little endian
    f[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes()); // 512-byte sectors
    f[0x20..0x22].copy_from_slice(&6u16.to_le_bytes()); // 64-byte mini sectors
    f[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes()); // one FAT sector
    f[0x30..0x34].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
    f[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes()); // mini stream cutoff
    f[0x3C..0x40].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no mini FAT
    f[0x44..0x48].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no DIFAT sectors
    f[0x4C..0x50].copy_from_slice(&0u32.to_le_bytes()); // FAT in sector 0
    for i in 1..109 {
        let at = 0x4C + i * 4;
        f[at..at + 4].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
    }
    // Sector 0 (file offset 512): the FAT.
    let fat = [0xFFFF_FFFDu32, 0xFFFF_FFFE, 0xFFFF_FFFE, 0xFFFF_FFFE];
    for (i, v) in fat.iter().enumerate() {
        f[512 + i * 4..512 + i * 4 + 4].copy_from_slice(&v.to_le_bytes());
    }
    for i in fat.len()..128 {
        f[512 + i * 4..512 + i * 4 + 4].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
    }
    // Sector 1 (offset 1024): directory entries of 128 bytes.
    let entry = |f: &mut Vec<u8>, slot: usize, name: &str, kind: u8, start: u32, size: u32| {
        let at = 1024 + slot * 128;
        let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
        for (i, u) in units.iter().enumerate() {
            f[at + i * 2..at + i * 2 + 2].copy_from_slice(&u.to_le_bytes());
        }
        f[at + 0x40..at + 0x42].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
        f[at + 0x42] = kind;
        f[at + 0x43] = 1; // black
        for off in [0x44, 0x48, 0x4C] {
            f[at + off..at + off + 4].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        }
        f[at + 0x74..at + 0x78].copy_from_slice(&start.to_le_bytes());
        f[at + 0x78..at + 0x7C].copy_from_slice(&size.to_le_bytes());
    };
    entry(&mut f, 0, "Root Entry", 5, 0xFFFF_FFFE, 0);
    f[1024 + 0x4C..1024 + 0x50].copy_from_slice(&1u32.to_le_bytes()); // child: entry 1
    entry(&mut f, 1, "EncryptionInfo", 2, 2, 0);
    f[1024 + 128 + 0x48..1024 + 128 + 0x4C].copy_from_slice(&2u32.to_le_bytes()); // right sibling
    entry(&mut f, 2, "EncryptedPackage", 2, 3, 0);
    f
}

/// Write every file of the corpus into `dir`.
pub fn write_corpus(dir: &Path) {
    std::fs::create_dir_all(dir).expect("dir");
    let w = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("write");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);

    // Empty and zero-byte files.
    w("rong.csv", b"");
    w("rong.xlsx", b"");
    w("chi-khoang-trang.csv", b"   \r\n\r\n  \n");

    // A good workbook, then broken copies of it.
    let good = dir.join(".good.xlsx");
    list_xlsx(&good, |_| Ok(()));
    let bytes = std::fs::read(&good).expect("read");
    std::fs::remove_file(&good).expect("remove");
    w("cat-cut.xlsx", &bytes[..bytes.len() * 6 / 10]);
    let mut flipped = bytes.clone();
    let mid = flipped.len() / 2;
    for b in &mut flipped[mid..mid + 400] {
        *b ^= 0x5A;
    }
    w("hong-giua-tep.xlsx", &flipped);
    let mut fake_zip = b"PK\x03\x04".to_vec();
    fake_zip.extend(rng.bytes(3000));
    w("zip-gia.xlsx", &fake_zip);

    // Encrypted, renamed and foreign formats.
    w("mat-khau.xlsx", &encrypted_package());
    std::fs::copy(
        fixtures().join("nguoi-co-cong.xls"),
        dir.join("that-ra-la-xls.xlsx"),
    )
    .expect("copy xls");
    w("that-ra-la-csv.xlsx", list_csv_text().as_bytes());
    let mut html =
        String::from("<html><head><meta charset=\"utf-8\"></head><body><table border=\"1\"><tr>");
    for h in HEADER {
        html.push_str(&format!("<th>{h}</th>"));
    }
    html.push_str("</tr></table></body></html>");
    w("xuat-tu-web.xls", html.as_bytes());
    w(
        "excel-2003-xml.xls",
        br#"<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"><Table><Row><Cell><Data ss:Type="String">STT</Data></Cell></Row></Table></Worksheet></Workbook>"#,
    );
    w("rac-nhi-phan.xlsx", &rng.bytes(4096));
    let mut garbage_csv = rng.bytes(2048);
    garbage_csv[10] = 0;
    w("rac-nhi-phan.csv", &garbage_csv);
    w(
        "bao-cao.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n",
    );
    {
        let f = std::fs::File::create(dir.join("zip-khong-phai-bang-tinh.xlsx")).expect("zip");
        let mut z = zip::ZipWriter::new(f);
        z.start_file("doc-toi.txt", zip::write::SimpleFileOptions::default())
            .expect("start");
        z.write_all(b"Day la tep nen, khong phai bang tinh.")
            .expect("write");
        z.finish().expect("finish");
    }

    // A zip bomb: a sheet whose XML inflates to 80 MB of blanks (about 80 KB on disk).
    {
        let f = std::fs::File::create(dir.join("bom-nen.xlsx")).expect("bomb");
        let mut z = zip::ZipWriter::new(f);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9));
        z.start_file("[Content_Types].xml", opts).expect("start");
        z.write_all(b"<Types/>").expect("write");
        z.start_file("xl/workbook.xml", opts).expect("start");
        z.write_all(b"<workbook/>").expect("write");
        z.start_file("xl/worksheets/sheet1.xml", opts)
            .expect("start");
        z.write_all(b"<worksheet><sheetData>").expect("write");
        let blanks = vec![b' '; 1 << 20];
        for _ in 0..80 {
            z.write_all(&blanks).expect("write");
        }
        z.write_all(b"</sheetData></worksheet>").expect("write");
        z.finish().expect("finish");
    }

    // Size: every row of Excel, every column, both at once.
    list_xlsx(&dir.join("1048576-dong.xlsx"), |ws| {
        ws.write_string(1_048_575, 0, "Ghi chú ở dòng cuối cùng của Excel")?;
        Ok(())
    });
    list_xlsx(&dir.join("16384-cot.xlsx"), |ws| {
        ws.write_string(2, 16_383, "Ghi chú")?;
        ws.write_string(4, 16_383, "x")?;
        Ok(())
    });
    list_xlsx(&dir.join("o-o-goc-xa-nhat.xlsx"), |ws| {
        ws.write_string(1_048_575, 16_383, "ô lạc")?;
        Ok(())
    });
    {
        let mut rows = list_rows();
        rows[1].1[1] = "Nguyễn Văn ".repeat((1 << 20) / 14);
        raw_xlsx(
            &dir.join("o-1-mb.xlsx"),
            &[("Danh sách", sheet_xml(&rows))],
            None,
        );
    }
    {
        let mut csv = list_csv_text();
        csv.push_str(&format!(
            "4,{},01/01/1960,Nam,,\n",
            "Trần Thị ".repeat(80_000)
        ));
        w("o-1-mb.csv", csv.as_bytes());
    }
    {
        let mut rows = list_rows();
        rows.push((4_000_000, vec!["ngoài lưới".into()]));
        raw_xlsx(
            &dir.join("o-ngoai-luoi-excel.xlsx"),
            &[("Danh sách", sheet_xml(&rows))],
            None,
        );
    }
    {
        let broken = r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>STT</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>mở mà không đóng"#;
        raw_xlsx(
            &dir.join("mot-sheet-hong.xlsx"),
            &[
                ("Danh sách", sheet_xml(&list_rows())),
                ("Hỏng", broken.to_string()),
            ],
            None,
        );
    }

    // Content problems.
    {
        let mut wb = new_workbook();
        let ws = wb.add_worksheet();
        for r in 0..6u32 {
            for c in 0..6u16 {
                ws.write_formula(r, c, Formula::new(format!("=ROW()*{}", c + 1)))
                    .expect("formula");
            }
        }
        wb.save(dir.join("chi-co-cong-thuc.xlsx")).expect("save");
    }
    {
        let mut rows = list_rows();
        rows[1].1[1] = "#N/A".into();
        raw_xlsx(
            &dir.join("o-loi.xlsx"),
            &[("Danh sách", sheet_xml(&rows))],
            None,
        );
        let errs = error_cells_sheet();
        raw_xlsx(&dir.join("o-loi-excel.xlsx"), &[("Danh sách", errs)], None);
    }
    {
        let mut wb = new_workbook();
        let ws = wb.add_worksheet();
        for (r, p) in people().iter().enumerate() {
            for (c, v) in p.iter().enumerate() {
                ws.write_string(r as u32, c as u16, v).expect("write");
            }
        }
        wb.save(dir.join("khong-co-tieu-de.xlsx")).expect("save");
    }
    list_xlsx(&dir.join("tieu-de-trung.xlsx"), |ws| {
        ws.write_string(2, 6, "Họ và tên")?;
        ws.write_string(2, 7, "Ngày sinh")?;
        ws.write_string(3, 6, "Nguyễn Văn Khác")?;
        ws.write_string(3, 7, "01/01/1950")?;
        Ok(())
    });
    list_xlsx(&dir.join("hai-bang-mot-sheet.xlsx"), |ws| {
        ws.write_string(8, 0, "DANH SÁCH HỘ CẬN NGHÈO")?;
        for (c, h) in HEADER.iter().enumerate() {
            ws.write_string(9, c as u16, *h)?;
        }
        for (r, p) in people().iter().enumerate() {
            for (c, v) in p.iter().enumerate() {
                ws.write_string(10 + r as u32, c as u16, v)?;
            }
        }
        Ok(())
    });
    w(
        "chi-co-tieu-de.csv",
        format!("{}\n", HEADER.join(",")).as_bytes(),
    );
    {
        // A CSV in the TCVN3 font encoding, saved byte for byte (what an old office PC writes).
        let text = doikhop::text::legacy::encode_tcvn3(&list_csv_text());
        let bytes: Vec<u8> = text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect();
        w("ma-tcvn3.csv", &bytes);
        // Windows-1252 bytes of UTF-8 text that went through a wrong "save as".
        let mojibake: String = String::from_utf8_lossy(list_csv_text().as_bytes())
            .bytes()
            .map(char::from)
            .collect();
        w("ma-sai-utf8-thanh-latin1.csv", mojibake.as_bytes());
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(list_csv_text().encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        w("utf16.csv", &utf16);
    }
    {
        let mut s = list_csv_text();
        s.push_str("4,\"Lê Văn Mở Ngoặc,01/01/1970,Nam,,\n");
        for i in 5..40 {
            s.push_str(&format!("{i},Người Thứ {i},01/01/1970,Nam,,\n"));
        }
        w("ngoac-kep-khong-dong.csv", s.as_bytes());
    }
    w(
        "hai-dong-tong-cong.csv",
        format!(
            "{}Tổng cộng,3 hộ,,,,\nTổng cộng,3 hộ,,,,\nNgười lập biểu,,,,,\n",
            list_csv_text()
        )
        .as_bytes(),
    );

    // Resident extracts.
    let res = std::fs::read_to_string(fixtures().join("residents.csv")).expect("residents");
    let mut lines = res.lines();
    let header = lines.next().unwrap_or_default();
    let body: Vec<&str> = lines.take(50).collect();
    w("dan-cu-rong.csv", b"");
    w(
        "dan-cu-thieu-cot.csv",
        "Họ và tên,Giới tính\nNguyễn Văn An,Nam\n".as_bytes(),
    );
    {
        let mut s = format!("{header}\n");
        for l in &body {
            s.push_str(l);
            s.push('\n');
        }
        // The first 10 people again, same IDs, other names.
        for l in body.iter().take(10) {
            s.push_str(&l.replacen(",,", ",,Trùng Mã Số ", 1));
            s.push('\n');
        }
        w("dan-cu-trung-so-dinh-danh.csv", s.as_bytes());
    }
    {
        let mut s = format!("{header}\n");
        for (i, l) in body.iter().enumerate() {
            if i == 5 {
                s.push_str(&l.replacen(",", ",\"", 2));
            } else {
                s.push_str(l);
            }
            s.push('\n');
        }
        w("dan-cu-ngoac-kep-hong.csv", s.as_bytes());
    }
    w("dan-cu-rac.parquet", &rng.bytes(1024));
}

fn error_cells_sheet() -> String {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    x.push_str(r#"<row r="1">"#);
    for (c, h) in HEADER.iter().enumerate() {
        x.push_str(&format!(
            r#"<c r="{}1" t="inlineStr"><is><t>{h}</t></is></c>"#,
            col_name(c)
        ));
    }
    x.push_str("</row>");
    let errors = ["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!"];
    for (i, p) in people().iter().enumerate() {
        let r = i + 2;
        x.push_str(&format!(r#"<row r="{r}">"#));
        for (c, v) in p.iter().enumerate() {
            if c == 2 || (c == 4 && i == 1) {
                let e = errors[(i + c) % errors.len()];
                x.push_str(&format!(
                    r#"<c r="{}{r}" t="e"><v>{e}</v></c>"#,
                    col_name(c)
                ));
            } else {
                x.push_str(&format!(
                    r#"<c r="{}{r}" t="inlineStr"><is><t>{}</t></is></c>"#,
                    col_name(c),
                    xml_escape(v)
                ));
            }
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData></worksheet>");
    x
}

/// Rebuild `fixtures/bad/` (run on purpose only; see the module comment).
#[test]
#[ignore = "writes fixtures/bad/; run with DOIKHOP_WRITE_BAD_FIXTURES=1 -- --ignored"]
fn regenerate_bad_fixtures() {
    if std::env::var_os("DOIKHOP_WRITE_BAD_FIXTURES").is_none() {
        return;
    }
    write_corpus(&fixtures().join("bad"));
}

/// The generator runs end to end (into a temporary folder) and makes every file the manifest
/// names.
#[test]
fn generator_makes_every_manifest_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_corpus(dir.path());
    for entry in super::bad_inputs::manifest() {
        assert!(
            dir.path().join(&entry.file).is_file(),
            "the generator does not make {}",
            entry.file
        );
    }
}
