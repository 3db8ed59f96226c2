//! The printouts (issue 21): `doikhop demo` on the shipped fixtures and `doikhop apply` on one of
//! its verification lists; every clean list, verification list and the final list converted to
//! PDF by LibreOffice and read back with poppler (`pdftotext -layout`, `pdftotext -bbox`,
//! `pdffonts`): the heading of Nghị định 30/2020/NĐ-CP in two columns (the issuing body beside
//! the national name, on one line), the place-and-date line, the title, the signature block; the
//! table within the page width (every page carries the first and the last printed header, and
//! the pages are as many as the rows need); Times New Roman (or Liberation Serif, its metric
//! twin LibreOffice prints with where Times New Roman is not installed) at 11 pt; the header row
//! and "Trang N / M" on every page.
//!
//! Without LibreOffice or poppler the test is skipped with a note — except under CI, where both
//! must be installed (.ci/run does).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::support::{fixtures, sheet_texts, xml_parts};

/// Whether a program runs (`--version` or `-v`).
fn has(program: &str, arg: &str) -> bool {
    Command::new(program).arg(arg).output().is_ok()
}

/// The tools, or a note (a failure under CI).
fn tools_present() -> bool {
    let missing: Vec<&str> = [
        ("soffice", "--version"),
        ("pdftotext", "-v"),
        ("pdffonts", "-v"),
    ]
    .into_iter()
    .filter(|(p, a)| !has(p, a))
    .map(|(p, _)| p)
    .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI: {missing:?} must be installed to check the printouts (LibreOffice, poppler-utils)"
    );
    eprintln!(
        "SKIPPED: {missing:?} not installed (LibreOffice, poppler-utils); .ci/run installs them"
    );
    false
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Convert workbooks to PDF into `dir` with a LibreOffice profile of its own (other tests run
/// LibreOffice at the same time).
fn to_pdf(files: &[PathBuf], dir: &Path) {
    let profile = dir.join("lo-profile");
    let mut cmd = Command::new("soffice");
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.display()
    ))
    .args([
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
    ])
    .arg(dir)
    .args(files);
    run(&mut cmd);
}

/// A word of `pdftotext -bbox`: its page (0-based), height and text.
struct Word {
    page: usize,
    height: f64,
    text: String,
}

fn words(pdf: &Path) -> Vec<Word> {
    let xml = run(Command::new("pdftotext").arg("-bbox").arg(pdf).arg("-"));
    let mut out = Vec::new();
    let mut page = 0;
    for (k, chunk) in xml.split("<page ").enumerate().skip(1) {
        page = k - 1;
        for w in chunk.split("<word ").skip(1) {
            let attr = |name: &str| -> f64 {
                let at = w.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                w[at..at + w[at..].find('"').unwrap()].parse().unwrap()
            };
            let text = w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()].to_string();
            out.push(Word {
                page,
                height: attr("yMax") - attr("yMin"),
                text,
            });
        }
    }
    let _ = page;
    out
}

/// The pages of a PDF as `pdftotext -layout` lays them out.
fn pages(pdf: &Path) -> Vec<String> {
    let text = run(Command::new("pdftotext").arg("-layout").arg(pdf).arg("-"));
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The height `pdftotext -bbox` gives a word of Times New Roman 11 pt printed at full size
/// here: a one-cell workbook at 100 %.
fn height_of_11pt(dir: &Path) -> f64 {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("co-chu-11.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let f = rust_xlsxwriter::Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(11);
    wb.add_worksheet()
        .write_string_with_format(0, 0, "Nguyễn Văn Mười Một", &f)
        .unwrap();
    wb.save(&path).unwrap();
    to_pdf(&[path], dir);
    let w = words(&dir.join("co-chu-11.pdf"));
    assert!(!w.is_empty());
    w.iter().map(|w| w.height).fold(0.0, f64::max)
}

/// The fonts of a PDF (`pdffonts` names, subset prefix removed).
fn fonts(pdf: &Path) -> Vec<String> {
    run(Command::new("pdffonts").arg(pdf))
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|n| n.split_once('+').map(|(_, f)| f).unwrap_or(n).to_string())
        .collect()
}

/// Whether this machine prints Times New Roman as itself or as Liberation Serif (its metric
/// twin); otherwise LibreOffice falls back to another font and the font check means nothing.
fn times_available() -> bool {
    Command::new("fc-match")
        .arg("Times New Roman")
        .output()
        .map(|o| {
            let s = String::from_utf8_lossy(&o.stdout).to_string();
            s.contains("Times") || s.contains("Liberation Serif")
        })
        .unwrap_or(false)
}

/// What a workbook's printed sheets hold: per sheet, its data rows (a number in the first
/// column under the header row).
fn data_rows(xlsx: &Path) -> Vec<usize> {
    let h = doikhop::report::lists::HEADER_ROW as usize;
    sheet_texts(xlsx)
        .values()
        .map(|rows| {
            rows.iter()
                .skip(h + 1)
                .filter(|r| r.first().is_some_and(|c| c.parse::<u32>().is_ok()))
                .count()
        })
        .collect()
}

/// Whether the printed columns of every sheet fit the page at full size: their widths (as
/// LibreOffice lays them out, 5.5 pt a character of width) within the page less the margins.
fn columns_fit(xlsx: &Path) -> bool {
    let book = &xml_parts(xlsx, "xl/workbook.xml")["xl/workbook.xml"];
    let areas: Vec<usize> = book
        .split("_xlnm.Print_Area")
        .skip(1)
        .map(|s| {
            let area = &s[..s.find("</definedName>").unwrap()];
            let last = area.rsplit(":$").next().unwrap();
            let letters: String = last
                .chars()
                .take_while(|c| c.is_ascii_uppercase())
                .collect();
            letters
                .chars()
                .fold(0, |n, c| n * 26 + (c as usize - 'A' as usize + 1))
        })
        .collect();
    let sheets = xml_parts(xlsx, "xl/worksheets/sheet");
    sheets.values().zip(&areas).all(|(xml, &ncols)| {
        let mut widths = vec![8.43; ncols];
        for col in xml.split("<col ").skip(1) {
            let attr = |name: &str| -> f64 {
                let at = col.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                col[at..at + col[at..].find('"').unwrap()].parse().unwrap()
            };
            let (min, max, w) = (attr("min") as usize, attr("max") as usize, attr("width"));
            for c in min..=max.min(ncols) {
                widths[c - 1] = w;
            }
        }
        let landscape = xml.contains(r#"orientation="landscape""#);
        let page_pt = if landscape { 841.89 } else { 595.28 };
        let printable = page_pt - (30.0 + 15.0) / 25.4 * 72.0;
        widths.iter().sum::<f64>() * 5.5 <= printable
    })
}

/// The checks of one printed workbook. `first`/`last`: texts of the first and last printed
/// header cells, on every page (`last`: one of them, when the sheets' tables differ); `title`:
/// the title of its first document.
struct Printout<'a> {
    xlsx: PathBuf,
    first: &'a str,
    last: &'a [&'a str],
    title: &'a str,
}

fn check(p: &Printout, pdf_dir: &Path, h11: f64, times: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let name = p.xlsx.file_name().unwrap().to_string_lossy().to_string();
    let pdf = pdf_dir.join(Path::new(&name).with_extension("pdf"));
    let pages = pages(&pdf);
    let rows = data_rows(&p.xlsx);
    let sheets = rows.len();
    let mut fail = |m: String| problems.push(format!("{name}: {m}"));
    // The heading: on each sheet's first page, the issuing body (or the line left to write it)
    // and the national name on one line, the motto under it; the place and date; the title.
    let starts: Vec<usize> = (0..pages.len())
        .filter(|&k| pages[k].contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        .collect();
    if starts.len() != sheets {
        fail(format!("{} headings for {sheets} sheets", starts.len()));
    }
    for &k in &starts {
        let lines: Vec<&str> = pages[k].lines().filter(|l| !l.trim().is_empty()).collect();
        let first = lines.first().copied().unwrap_or("");
        match first.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") {
            Some(at) if !first[..at].trim().is_empty() => {}
            _ => fail(format!(
                "page {}: the issuing body and the national name are not side by side on the first line: {first:?}",
                k + 1
            )),
        }
        // (A long name of the body wraps: the motto may come a line or two lower.)
        if !lines
            .iter()
            .skip(1)
            .take(3)
            .any(|l| l.contains("Độc lập - Tự do - Hạnh phúc"))
        {
            fail(format!(
                "page {}: the motto is not under the national name",
                k + 1
            ));
        }
        if !lines
            .iter()
            .take(6)
            .any(|l| l.contains(", ngày ") && l.contains(" tháng ") && l.contains(" năm "))
        {
            fail(format!("page {}: no place-and-date line", k + 1));
        }
        if k == 0 && !pages[k].contains(p.title) {
            fail(format!("page {}: no title {:?}", k + 1, p.title));
        }
    }
    // The signature block, once a sheet: both signers on one line, what to write under them.
    let signers = pages
        .iter()
        .flat_map(|p| p.lines())
        .filter(|l| l.contains("NGƯỜI LẬP BIỂU") && l.contains("THỦ TRƯỞNG ĐƠN VỊ"))
        .count();
    let hints = pages
        .iter()
        .flat_map(|p| p.lines())
        .filter(|l| l.matches("(Ký, ghi rõ họ tên").count() == 2)
        .count();
    if signers != sheets || hints != sheets {
        fail(format!(
            "{signers} signature blocks ({hints} with what to write) for {sheets} sheets"
        ));
    }
    // Within the page width: the header row, first and last printed column, and the page
    // number on every page; no more pages than the rows need (a table wider than the page
    // would print its right part on pages of its own).
    for (k, page) in pages.iter().enumerate() {
        if !page.contains(p.first) || !p.last.iter().any(|l| page.contains(l)) {
            fail(format!(
                "page {}: the header row ({:?} … {:?}) is not on it",
                k + 1,
                p.first,
                p.last
            ));
        }
        let number = format!("Trang {} / {}", k + 1, pages.len());
        if !page.contains(&number) {
            fail(format!("page {}: no {number:?}", k + 1));
        }
    }
    let most: usize = rows.iter().map(|n| n.div_ceil(5) + 1).sum();
    if pages.len() > most {
        fail(format!(
            "{} pages for {rows:?} rows (at most {most})",
            pages.len()
        ));
    }
    // Times New Roman, at 11 pt: every word at least as tall as an 11-pt word printed at full
    // size (LibreOffice may shrink a page by a few per cent so that the signature block does
    // not end on a page of its own). A clean list whose columns do not fit the page at 11 pt
    // (a land register of 14 printed columns, the birth register's 14) is planned for the
    // printer to shrink it to at most 85 % (document::fit_page), never below 0.8.
    if times {
        let other: Vec<String> = fonts(&pdf)
            .into_iter()
            .filter(|f| !f.starts_with("TimesNewRoman") && !f.starts_with("LiberationSerif"))
            .collect();
        if !other.is_empty() {
            fail(format!("fonts other than Times New Roman: {other:?}"));
        }
    }
    let w = words(&pdf);
    let smallest = w
        .iter()
        .filter(|w| !w.text.trim().is_empty())
        .map(|w| w.height)
        .fold(f64::MAX, f64::min);
    let floor = if columns_fit(&p.xlsx) { 0.97 } else { 0.8 };
    if smallest < h11 * floor {
        let page = w
            .iter()
            .find(|x| x.height == smallest)
            .map(|x| x.page + 1)
            .unwrap_or(0);
        fail(format!(
            "text printed at {:.1} pt (page {page}), under {:.1}",
            11.0 * smallest / h11,
            11.0 * floor
        ));
    }
    problems
}

#[test]
fn printouts_are_documents_of_the_administration() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    run(Command::new(env!("CARGO_BIN_EXE_doikhop"))
        .args(["demo", "--mask-ids", "--fixtures"])
        .arg(fixtures())
        .arg("--out")
        .arg(&out));
    let applied = dir.path().join("apply");
    run(Command::new(env!("CARGO_BIN_EXE_doikhop"))
        .args(["apply", "--verified"])
        .arg(out.join("ho-ngheo/ho-ngheo.sai-lech.xlsx"))
        .arg("--out")
        .arg(&applied));
    let mut books: BTreeMap<String, Printout> = BTreeMap::new();
    for kind in std::fs::read_dir(&out).unwrap() {
        for f in std::fs::read_dir(kind.unwrap().path()).unwrap() {
            let path = f.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let printout = if name.ends_with(".sai-lech.xlsx") {
                Printout {
                    xlsx: path,
                    first: "STT",
                    last: &["Giá trị"],
                    title: "DANH SÁCH CẦN XÁC MINH",
                }
            } else if name.ends_with(".sach.xlsx") {
                Printout {
                    xlsx: path,
                    first: "STT",
                    last: &["(CSDLQG)"],
                    title: "DANH SÁCH",
                }
            } else {
                continue;
            };
            books.insert(name, printout);
        }
    }
    books.insert(
        "danh-sach-cuoi-cung.xlsx".into(),
        Printout {
            xlsx: applied.join("danh-sach-cuoi-cung.xlsx"),
            first: "STT",
            // The final list's last printed column, and that of the rows taken out.
            last: &["Nguồn", "Kết quả xác"],
            title: "DANH SÁCH CUỐI CÙNG SAU ĐỐI CHIẾU VÀ XÁC MINH",
        },
    );
    assert!(books.len() >= 11, "{:?}", books.keys());
    let pdf_dir = dir.path().join("pdf");
    let files: Vec<PathBuf> = books.values().map(|p| p.xlsx.clone()).collect();
    to_pdf(&files, &pdf_dir);
    let h11 = height_of_11pt(&dir.path().join("ref"));
    let times = times_available();
    if !times {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: Times New Roman or Liberation Serif (fonts-liberation2) must be installed"
        );
        eprintln!(
            "NOTE: neither Times New Roman nor Liberation Serif is installed: the font name is not checked"
        );
    }
    let mut problems = Vec::new();
    for p in books.values() {
        problems.extend(check(p, &pdf_dir, h11, times));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // What the fixtures say of themselves: the commune's committee and its steering board side
    // by side with the national name; IDs masked as asked.
    let first = pages(&pdf_dir.join("ho-ngheo.sai-lech.pdf"));
    let line = first[0].lines().find(|l| !l.trim().is_empty()).unwrap();
    assert!(
        line.contains("UBND XÃ LỘC HƯNG") && line.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        "{line}"
    );
    assert!(first[0].contains("BAN CHỈ ĐẠO GIẢM NGHÈO"));
    assert!(first.iter().any(|p| p.contains("********")), "masked IDs");
    // The clean list without title rows (a CSV): the body's line is left to be written.
    let csv = pages(&pdf_dir.join("bao-tro-xa-hoi-bo-sung.sach.pdf"));
    let line = csv[0].lines().find(|l| !l.trim().is_empty()).unwrap();
    assert!(line.trim_start().starts_with('…'), "{line}");
}
