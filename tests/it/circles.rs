//! No import circles between files: every `crate::…`, `super::…` and `self::…` path in a
//! crate's sources (`use` lines, with their `{…}` groups, and paths written inline) is resolved
//! to the file of the longest module it names, and the graph of files must have no cycle.
//! A path to one of the file's own ancestors (`super::Resident` from `registry/index.rs` to
//! `registry/mod.rs`) is not an arrow: a folder's `mod.rs` is its front door, which re-exports
//! and dispatches to its children. Checked for the library (src/), the generator (synth/src/)
//! and the program (cli/).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module → the modules it imports from.
type Graph = BTreeMap<Vec<String>, BTreeSet<Vec<String>>>;
/// Module → its file.
type Files = BTreeMap<Vec<String>, PathBuf>;

/// A crate's module tree: module path (`["ingest", "csv"]`) → file, relative to the crate root.
fn modules(src: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = p.strip_prefix(src).expect("under src");
            let mut parts: Vec<String> = rel
                .iter()
                .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            if matches!(
                parts.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                parts.pop();
            }
            out.insert(parts, rel.to_path_buf());
        }
    }
    out
}

/// The code of a file without its comments (doc links name paths that are not imports).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(p).into_iter().map(move |x| format!("{prefix}{x}")))
        .collect()
}

/// Every path starting with `crate`, `super` or `self` in the code.
fn paths_in(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    // `use` statements, braces and all
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before_ok = i == 0 || !rest.as_bytes()[i - 1].is_ascii_alphanumeric();
        let after = &rest[i + 4..];
        let end = after.find(';').unwrap_or(after.len());
        if before_ok {
            out.extend(expand(&after[..end]));
        }
        rest = &after[end.min(after.len())..];
    }
    // paths written inline
    let bytes = code.as_bytes();
    for root in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(root) {
            let at = from + i;
            from = at + root.len();
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let len = code[at..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(code.len() - at);
            out.push(code[at..at + len].to_string());
        }
    }
    out
}

/// The file a path leads to from module `here`, if it is another module's file.
fn target(
    path: &str,
    here: &[String],
    mods: &BTreeMap<Vec<String>, PathBuf>,
) -> Option<Vec<String>> {
    let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut at: Vec<String> = here.to_vec();
    let mut i = 0;
    match segs.first() {
        Some(&"crate") => {
            at.clear();
            i = 1;
        }
        Some(&"self") | Some(&"super") => {
            while i < segs.len() && matches!(segs[i], "self" | "super") {
                if segs[i] == "super" {
                    at.pop()?;
                }
                i += 1;
            }
        }
        _ => return None,
    }
    for s in &segs[i..] {
        let mut next = at.clone();
        next.push(s.trim_start_matches("r#").to_string());
        if mods.contains_key(&next) {
            at = next;
        } else {
            break;
        }
    }
    // the file itself or one of its ancestors (its folder's front door): no arrow
    (!here.starts_with(&at)).then_some(at)
}

/// The first cycle of the graph, as the files around it.
fn cycle(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<Vec<String>>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        n: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        mark: &mut BTreeMap<Vec<String>, Mark>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        mark.insert(n.clone(), Mark::Open);
        stack.push(n.clone());
        for m in graph.get(n).into_iter().flatten() {
            match mark.get(m).copied().unwrap_or(Mark::New) {
                Mark::Open => {
                    let from = stack.iter().position(|x| x == m).unwrap_or(0);
                    return Some(stack[from..].to_vec());
                }
                Mark::New => {
                    if let Some(c) = visit(m, graph, mark, stack) {
                        return Some(c);
                    }
                }
                Mark::Done => {}
            }
        }
        stack.pop();
        mark.insert(n.clone(), Mark::Done);
        None
    }
    let mut mark = BTreeMap::new();
    for n in graph.keys() {
        if mark.get(n).copied().unwrap_or(Mark::New) == Mark::New
            && let Some(c) = visit(n, graph, &mut mark, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

fn graph_of(src: &Path) -> (Graph, Files) {
    let mods = modules(src);
    let mut graph: Graph = BTreeMap::new();
    for (m, file) in &mods {
        let text = std::fs::read_to_string(src.join(file)).expect("read");
        let edges = graph.entry(m.clone()).or_default();
        for p in paths_in(&code_of(&text)) {
            if let Some(t) = target(&p, m, &mods) {
                edges.insert(t);
            }
        }
    }
    (graph, mods)
}

fn assert_no_circle(crate_dir: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join(crate_dir);
    let (graph, mods) = graph_of(&src);
    assert!(mods.len() > 3, "{} has {} files", src.display(), mods.len());
    if let Some(c) = cycle(&graph) {
        let names: Vec<String> = c
            .iter()
            .chain(c.first())
            .map(|m| format!("{crate_dir}/{}", mods[m].display()))
            .collect();
        panic!("import circle between files: {}", names.join(" → "));
    }
}

#[test]
fn the_library_has_no_import_circle() {
    assert_no_circle("src");
}

#[test]
fn the_generator_has_no_import_circle() {
    assert_no_circle("synth/src");
}

#[test]
fn the_program_has_no_import_circle() {
    assert_no_circle("cli");
}

#[test]
fn the_check_finds_a_circle_and_names_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path();
    std::fs::create_dir_all(src.join("a")).expect("dir");
    std::fs::write(src.join("lib.rs"), "pub mod a;\npub mod b;\n").expect("write");
    std::fs::write(src.join("a/mod.rs"), "pub mod x;\npub mod y;\n").expect("write");
    std::fs::write(
        src.join("a/x.rs"),
        "use super::{y::Y, Z};\n// crate::b is only named in a comment\n",
    )
    .expect("write");
    std::fs::write(
        src.join("a/y.rs"),
        "pub struct Y;\nfn f() { crate::b::g(); }\n",
    )
    .expect("write");
    std::fs::write(
        src.join("b.rs"),
        "use crate::a::{self, x};\npub fn g() {}\n",
    )
    .expect("write");
    let (graph, mods) = graph_of(src);
    let c = cycle(&graph).expect("a cycle");
    let files: BTreeSet<String> = c.iter().map(|m| mods[m].display().to_string()).collect();
    assert_eq!(
        files,
        ["a/x.rs", "a/y.rs", "b.rs"].map(String::from).into(),
        "{c:?}"
    );
    // without b.rs's import of x there is none (b → a/mod.rs is not back into x)
    std::fs::write(src.join("b.rs"), "use crate::a;\npub fn g() {}\n").expect("write");
    let (graph, _) = graph_of(src);
    assert_eq!(cycle(&graph), None);
}
