//! The hostile-input corpus (issue 22), built from the shipped fixtures: names that become sheet
//! and file names, clashing and long file names, special files, a CSV wider than Excel, locked
//! and interrupted output folders. Each case runs the binary as a child process with a time
//! limit (killed after it = failure), with its expected exit code, message and rows; every
//! workbook written is checked (XML parsed, reopened) and opened by LibreOffice.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::support::{fixtures, read_csv};

const TIME_LIMIT: Duration = Duration::from_secs(120);

struct Case {
    name: &'static str,
    inputs: Vec<PathBuf>,
    residents: PathBuf,
    kind: &'static str,
    extra: Vec<String>,
    exit: i32,
    fragments: Vec<&'static str>,
    /// results.csv data lines, when the run writes it.
    rows: Option<usize>,
}

/// Run the binary, killed after `TIME_LIMIT`: (exit code, stderr).
fn run_limited(args: &[String]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_doikhop"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run doikhop");
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut { stderr }, &mut s).ok();
        s
    });
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let err = reader.join().unwrap();
            assert!(!err.contains("panicked"), "panic: {err}");
            return (status.code().unwrap_or(-1), err);
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} did not end within {TIME_LIMIT:?} (hang)");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn list_csv() -> PathBuf {
    fixtures().join("bao-tro-xa-hoi-bo-sung.csv")
}

/// The fixture extract with its communes replaced by hostile names.
fn hostile_residents(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(fixtures().join("residents.csv")).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let col = rows[0].iter().position(|h| h == "Xã/Phường").unwrap();
    let mut communes: Vec<String> = rows[1..].iter().map(|r| r[col].clone()).collect();
    communes.sort();
    communes.dedup();
    let bad = [
        "Xã\tLộc\u{B}Thạnh\u{1}",
        "History",
        "'Xã A'",
        "Phường Nguyễn Thái Bình thuộc Quận Một A",
        "Phường Nguyễn Thái Bình thuộc Quận Một B",
        "x[]:*?/\\y",
        "\u{2}\u{200B}",
        "XÃ LỘC HƯNG\u{FFFE}",
    ];
    let path = dir.join("dan-cu-xa-xau.csv");
    let mut w = csv::Writer::from_path(&path).unwrap();
    for (i, r) in rows.iter().enumerate() {
        let mut r = r.clone();
        if i > 0 {
            let k = communes.iter().position(|c| *c == r[col]).unwrap();
            r[col] = bad[k % bad.len()].to_string();
        }
        w.write_record(&r).unwrap();
    }
    w.flush().unwrap();
    path
}

/// The fixture list with control and noncharacters in its names and addresses, as a workbook
/// whose sheets are named "History" and with a control character.
fn hostile_list_xlsx(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(list_csv()).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let path = dir.join("ten-sheet-xau.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (s, name) in ["History", "Thôn\u{1}1"].iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            if r > 0 && r % 2 != s {
                continue;
            }
            for (c, v) in row.iter().enumerate() {
                let v = if r > 0 && c == 5 {
                    format!("{v}\u{B}\u{FFFF}")
                } else {
                    v.clone()
                };
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    wb.save(&path).unwrap();
    path
}

fn cases(dir: &Path) -> Vec<Case> {
    let residents = fixtures().join("residents.csv");
    let case = |name, inputs: Vec<PathBuf>, exit, fragments, rows| Case {
        name,
        inputs,
        residents: residents.clone(),
        kind: "bao-tro-xa-hoi",
        extra: Vec::new(),
        exit,
        fragments,
        rows,
    };
    let mut v = Vec::new();
    // 1. Data becomes sheet names.
    v.push(Case {
        residents: hostile_residents(dir),
        ..case("xa-ten-xau", vec![list_csv()], 0, vec![], Some(80))
    });
    v.push(case(
        "sheet-ten-xau",
        vec![hostile_list_xlsx(dir)],
        0,
        vec![],
        Some(80),
    ));
    // 2. Long and clashing file names.
    let long = "Danh sách hộ nghèo xã Hòa Bình huyện Đông Hưng tỉnh Thái Bình ".repeat(4);
    let mut cut = 240;
    while !long.is_char_boundary(cut) {
        cut -= 1;
    }
    let long_path = dir.join(format!("{}.csv", &long[..cut]));
    std::fs::copy(list_csv(), &long_path).unwrap();
    v.push(case("ten-tep-dai", vec![long_path], 0, vec![], Some(80)));
    for sub in ["xa-a", "xa-b"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::copy(list_csv(), dir.join(sub).join("danh-sach.csv")).unwrap();
    }
    v.push(case(
        "trung-ten-tep",
        vec![
            dir.join("xa-a/danh-sach.csv"),
            dir.join("xa-b/danh-sach.csv"),
        ],
        0,
        vec![],
        Some(160),
    ));
    let odd = dir.join("ds:*?\"<>|\u{1}.csv");
    std::fs::copy(list_csv(), &odd).unwrap();
    v.push(case("ten-tep-ky-tu-cam", vec![odd], 0, vec![], Some(80)));
    // 4. Special files.
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        let zero = dir.join("zero.csv");
        symlink("/dev/zero", &zero).unwrap();
        v.push(case(
            "lien-ket-dev-zero",
            vec![zero],
            3,
            vec!["không phải tệp thông thường", "/dev/zero"],
            Some(0),
        ));
        let fifo = dir.join("ong.csv");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        v.push(case("fifo", vec![fifo], 3, vec!["FIFO"], Some(0)));
        let sock = dir.join("socket.csv");
        let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
        std::mem::forget(_listener);
        v.push(case("socket", vec![sock], 3, vec!["socket"], Some(0)));
        let folder = dir.join("thu-muc.csv");
        std::fs::create_dir(&folder).unwrap();
        v.push(case("thu-muc", vec![folder], 3, vec!["thư mục"], Some(0)));
        let passwd = dir.join("list.csv");
        symlink("/etc/passwd", &passwd).unwrap();
        v.push(case(
            "etc-passwd",
            vec![passwd],
            3,
            vec!["không chứa danh sách"],
            Some(0),
        ));
        let link = dir.join("lien-ket.csv");
        symlink(list_csv(), &link).unwrap();
        v.push(case("lien-ket-tep-that", vec![link], 0, vec![], Some(80)));
    }
    // 5. A CSV wider than Excel.
    let wide = dir.join("rong-20000-cot.csv");
    {
        let text = std::fs::read_to_string(list_csv()).unwrap();
        let mut out = String::new();
        for (i, line) in text.lines().enumerate() {
            out.push_str(line);
            for k in 0..20_000 {
                if i == 0 {
                    out.push_str(&format!(",Cột thêm {k}"));
                } else {
                    out.push_str(",x");
                }
            }
            out.push('\n');
        }
        std::fs::write(&wide, out).unwrap();
    }
    v.push(case("csv-rong-hon-excel", vec![wide], 0, vec![], Some(80)));
    // Already handled, so that they stay handled: formula injection, exponent and Unicode-digit
    // IDs, invisible characters, impossible dates.
    let tricky = dir.join("o-kho.csv");
    {
        let text = std::fs::read_to_string(list_csv()).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines[1] = lines[1].replacen("Phan Thị Kỳ", "=HYPERLINK(\"http://x\";\"Phan Thị Kỳ\")", 1);
        lines[2] = lines[2].replacen("70046281793", "7.0046281793E+10", 1);
        lines[4] = lines[4].replacen("Nữ", "N\u{200B}ữ", 1);
        lines[5] = lines[5].replacen(',', ",\u{FEFF}", 1);
        lines.push("81,Nguyễn Văn Ảo,31/02/1950,Nam,０７０１５０２８７７６６,\"Thôn 1, xã Lộc Hưng\",Khoản 5 Điều 5,500000".into());
        std::fs::write(&tricky, lines.join("\n")).unwrap();
    }
    v.push(case("o-kho", vec![tricky], 0, vec![], Some(81)));
    v
}

fn check_outputs(out: &Path, workbooks: &mut Vec<PathBuf>) -> Vec<String> {
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(out) else {
        return problems;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.len() > 255 {
            problems.push(format!("file name of {} bytes", name.len()));
        }
        if name.starts_with(".doikhop") || name.contains("tmp-doikhop") {
            problems.push(format!("left behind: {name}"));
        }
        if name.ends_with(".xlsx") {
            if let Err(m) = doikhop::report::check::check_workbook(&e.path()) {
                problems.push(format!("{name}: {m}"));
            }
            workbooks.push(e.path());
        }
    }
    problems
}

fn args_of(c: &Case, out: &Path) -> Vec<String> {
    let mut args = vec![
        "match".to_string(),
        "--residents".into(),
        c.residents.display().to_string(),
        "--kind".into(),
        c.kind.into(),
        "--out".into(),
        out.display().to_string(),
    ];
    args.extend(c.extra.iter().cloned());
    args.extend(c.inputs.iter().map(|p| p.display().to_string()));
    args
}

#[test]
fn every_hostile_case_gives_its_expected_outcome_and_workbooks_that_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut workbooks = Vec::new();
    let all = cases(dir.path());
    assert!(all.len() >= 13, "{} cases", all.len());
    for c in &all {
        let out = dir.path().join(format!("out-{}", c.name));
        let (code, err) = run_limited(&args_of(c, &out));
        let mut problems = Vec::new();
        if code != c.exit {
            problems.push(format!("exit {code}, expected {}", c.exit));
        }
        for f in &c.fragments {
            if !err.contains(f) {
                problems.push(format!("message lacks \"{f}\""));
            }
        }
        if let Some(n) = c.rows {
            let got = std::fs::read_to_string(out.join("results.csv"))
                .map(|t| t.lines().count().saturating_sub(1))
                .unwrap_or(usize::MAX);
            if got != n {
                problems.push(format!("{got} rows in results.csv, expected {n}"));
            }
        }
        problems.extend(check_outputs(&out, &mut workbooks));
        if !problems.is_empty() {
            failures.push(format!("{}: {}\n{err}", c.name, problems.join("; ")));
        }
    }
    // Facts each case is about.
    let r = read_csv(&dir.path().join("out-trung-ten-tep/results.csv"));
    let files: std::collections::BTreeSet<&str> =
        r.iter().map(|x| x["source_file"].as_str()).collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        ["xa-a/danh-sach.csv", "xa-b/danh-sach.csv"]
    );
    assert!(
        dir.path()
            .join("out-trung-ten-tep/xa-b-danh-sach.sai-lech.xlsx")
            .is_file()
    );
    let run: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out-csv-rong-hon-excel/run.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(run["cut"][0]["columns"], 20_008);
    #[cfg(unix)]
    {
        let run: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("out-lien-ket-tep-that/run.json")).unwrap(),
        )
        .unwrap();
        assert!(
            run["inputs"][0]["resolved_path"]
                .as_str()
                .unwrap()
                .ends_with("bao-tro-xa-hoi-bo-sung.csv")
        );
    }
    let verify = super::support::sheet_texts(
        &dir.path()
            .join("out-xa-ten-xau/bao-tro-xa-hoi-bo-sung.sai-lech.xlsx"),
    );
    for (name, rows) in &verify {
        assert!(name.encode_utf16().count() <= 31 && !name.chars().any(char::is_control));
        assert!(!name.eq_ignore_ascii_case("history"));
        if name.starts_with("History") {
            // The subtitle under the title names the commune in full.
            assert!(
                rows[6][0].starts_with("Xã/phường: History"),
                "{:?}",
                rows[6]
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    libreoffice_opens(&workbooks, dir.path());
}

/// Open every workbook with LibreOffice headless (converted to PDF). Without soffice the check
/// is skipped with a note — except under CI, where it must be installed (.ci/run does).
pub fn libreoffice_opens(files: &[PathBuf], dir: &Path) {
    if Command::new("soffice").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: LibreOffice (soffice) must be installed to open the workbooks"
        );
        eprintln!("SKIPPED: LibreOffice (soffice) is not installed; .ci/run installs it");
        return;
    }
    let pdf = dir.join("pdf");
    for (k, f) in files.iter().enumerate() {
        // A copy with a plain name: the check is about the content, not the shell.
        let plain = dir.join(format!("so-{k}.xlsx"));
        std::fs::copy(f, &plain).unwrap();
        let out = Command::new("soffice")
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(&pdf)
            .arg(&plain)
            .output()
            .unwrap();
        let len = std::fs::metadata(pdf.join(format!("so-{k}.pdf")))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(
            out.status.success() && len > 500,
            "LibreOffice did not open {}: {}",
            f.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[cfg(unix)]
#[test]
fn a_locked_folder_is_refused_and_a_stale_staging_folder_is_not_in_the_way() {
    use std::os::fd::AsRawFd;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // An interrupted run's leftovers: the next run is not refused as holding files.
    std::fs::create_dir(out.join(".doikhop-staging-4242")).unwrap();
    std::fs::write(out.join(".doikhop-staging-4242/results.csv"), "x").unwrap();
    let c = Case {
        name: "",
        inputs: vec![list_csv()],
        residents: fixtures().join("residents.csv"),
        kind: "bao-tro-xa-hoi",
        extra: vec![],
        exit: 0,
        fragments: vec![],
        rows: None,
    };
    let (code, err) = run_limited(&args_of(&c, &out));
    assert_eq!(code, 0, "{err}");
    assert!(check_outputs(&out, &mut Vec::new()).is_empty());
    // A folder another run holds: refused at once, naming the reason; nothing written.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let lock = std::fs::File::create(other.join(".doikhop.lock")).unwrap();
    assert_eq!(
        unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) },
        0
    );
    let (code, err) = run_limited(&args_of(&c, &other));
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("một lần chạy doikhop khác"), "{err}");
    assert!(!other.join("results.csv").exists());
}
