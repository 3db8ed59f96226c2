//! The index file (`doikhop index --out FILE.dkidx`): the normalised registry and its lookups,
//! versioned, with the checksum of the source extract and of the rules, so that `match` starts
//! in seconds and a stale or corrupt index is refused with a clear message.
//!
//! Layout: magic, format version (u32 LE), JSON header (u64 LE length + bytes), then sections
//! (u64 LE byte length + little-endian values) in a fixed order, then the SHA-256 of everything
//! before it. Read back as a stream: memory stays close to the registry's own size.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::index::{Indexes, Registry, RegistryStats};
use super::keys::{CountIndex, KeyIndex};
use super::store::{Commune, Store};
use crate::error::{Error, Result};
use crate::rules::{Field, Rules};

pub const MAGIC: &[u8; 14] = b"DOIKHOP-INDEX\n";
/// 2: household codes are indexed by their canonical key (`fields::household::code_key`).
pub const FORMAT_VERSION: u32 = 2;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SourceInfo {
    pub path: String,
    pub size: u64,
    pub modified_secs: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Header {
    pub format: u32,
    pub doikhop_version: String,
    pub source: SourceInfo,
    pub rules_sha256: String,
    pub rows: usize,
    pub stats: RegistryStats,
    pub mapping: Vec<(String, Option<Field>)>,
    pub commune_table: Vec<(String, Vec<String>)>,
}

fn ierr(path: &Path, message: impl Into<String>) -> Error {
    Error::Residents {
        file: path.display().to_string(),
        message: message.into(),
    }
}

/// Does this file start with the index magic?
pub fn is_index_file(path: &Path) -> bool {
    // Only a regular file is opened (a FIFO would wait for a writer).
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut buf = [0u8; 14];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut buf))
        .map(|_| &buf == MAGIC)
        .unwrap_or(false)
}

pub fn rules_sha256(rules: &Rules) -> String {
    crate::util::sha256_bytes(rules.fingerprint().as_bytes())
}

pub fn source_info(path: &Path) -> std::io::Result<SourceInfo> {
    let meta = std::fs::metadata(path)?;
    let modified_secs = meta
        .modified()
        .ok()
        .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Ok(SourceInfo {
        path: std::fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .display()
            .to_string(),
        size: meta.len(),
        modified_secs,
        sha256: crate::util::sha256_file(path)?,
    })
}

struct HashWriter<W: Write> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for HashWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

struct HashReader<R: Read> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for HashReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

macro_rules! write_section {
    ($w:expr, $v:expr, $t:ty) => {{
        let bytes = ($v.len() * std::mem::size_of::<$t>()) as u64;
        $w.write_all(&bytes.to_le_bytes())?;
        let mut buf = Vec::with_capacity(1 << 20);
        for x in $v.iter() {
            buf.extend_from_slice(&x.to_le_bytes());
            if buf.len() >= (1 << 20) {
                $w.write_all(&buf)?;
                buf.clear();
            }
        }
        $w.write_all(&buf)?;
    }};
}

/// Save the registry built from `source` with `rules` to `out` (atomically).
pub fn save(reg: &Registry, source: &Path, rules: &Rules, out: &Path) -> Result<()> {
    let header = Header {
        format: FORMAT_VERSION,
        doikhop_version: env!("CARGO_PKG_VERSION").to_string(),
        source: source_info(source).map_err(|e| ierr(source, e.to_string()))?,
        rules_sha256: rules_sha256(rules),
        rows: reg.len(),
        stats: reg.stats.clone(),
        mapping: reg.mapping.clone(),
        commune_table: reg
            .store
            .commune_table
            .iter()
            .map(|c| (c.text.clone(), c.codes.clone()))
            .collect(),
    };
    let tmp = crate::util::temp_path(out);
    let write = || -> std::io::Result<()> {
        let file = std::fs::File::create(&tmp)?;
        let mut w = HashWriter {
            inner: BufWriter::with_capacity(1 << 20, file),
            hasher: Sha256::new(),
        };
        w.write_all(MAGIC)?;
        w.write_all(&FORMAT_VERSION.to_le_bytes())?;
        let json = serde_json::to_vec(&header).map_err(std::io::Error::other)?;
        w.write_all(&(json.len() as u64).to_le_bytes())?;
        w.write_all(&json)?;
        let st = &reg.store;
        write_section!(w, st.ids, u64);
        write_section!(w, st.cmnds, u64);
        write_section!(w, st.dobs, u32);
        write_section!(w, st.flags, u8);
        write_section!(w, st.communes, u32);
        write_section!(w, st.text_starts, u64);
        write_section!(w, st.arena, u8);
        for k in keyed(&reg.idx) {
            write_section!(w, k.keys, u64);
            write_section!(w, k.vals, u32);
        }
        for c in counted(&reg.idx) {
            write_section!(w, c.keys, u64);
            write_section!(w, c.counts, u32);
        }
        let digest = w.hasher.finalize_reset();
        w.inner.write_all(&digest)?;
        w.inner.flush()?;
        Ok(())
    };
    if let Err(e) = write() {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::output(out, e));
    }
    std::fs::rename(&tmp, out).map_err(|e| Error::output(out, e))
}

fn keyed(idx: &Indexes) -> [&KeyIndex; 6] {
    [
        &idx.by_id,
        &idx.by_cmnd,
        &idx.by_name_year,
        &idx.by_phonetic_year,
        &idx.by_given_dob,
        &idx.by_household,
    ]
}

fn counted(idx: &Indexes) -> [&CountIndex; 5] {
    [
        &idx.full_name_freq,
        &idx.family_given_freq,
        &idx.surname_freq,
        &idx.given_freq,
        &idx.dob_freq,
    ]
}

macro_rules! read_section {
    ($r:expr, $t:ty, $limit:expr) => {{
        let mut len = [0u8; 8];
        $r.read_exact(&mut len)?;
        let bytes = u64::from_le_bytes(len);
        let size = std::mem::size_of::<$t>() as u64;
        if bytes % size != 0 || bytes > $limit {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "section length",
            ));
        }
        let n = (bytes / size) as usize;
        let mut out: Vec<$t> = crate::pages::with_capacity(n);
        let mut buf = vec![0u8; (1usize << 20) - ((1usize << 20) % size as usize)];
        let mut left = bytes as usize;
        while left > 0 {
            let take = left.min(buf.len());
            $r.read_exact(&mut buf[..take])?;
            for c in buf[..take].chunks_exact(size as usize) {
                out.push(<$t>::from_le_bytes(c.try_into().unwrap_or_default()));
            }
            left -= take;
        }
        out
    }};
}

/// Load an index file, refusing a corrupt, foreign-version or stale one.
pub fn load(path: &Path, rules: &Rules) -> Result<Registry> {
    let file_len = std::fs::metadata(path)
        .map_err(|e| ierr(path, e.to_string()))?
        .len();
    let file = std::fs::File::open(path).map_err(|e| ierr(path, e.to_string()))?;
    let mut r = HashReader {
        inner: BufReader::with_capacity(1 << 20, file),
        hasher: Sha256::new(),
    };
    let corrupt = |what: &str| {
        ierr(
            path,
            format!("tệp chỉ mục bị hỏng ({what}); hãy tạo lại bằng `doikhop index`"),
        )
    };
    let header = (|| -> std::io::Result<Header> {
        let mut magic = [0u8; 14];
        r.read_exact(&mut magic)?;
        if &magic != MAGIC {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "magic",
            ));
        }
        let mut v = [0u8; 4];
        r.read_exact(&mut v)?;
        let version = u32::from_le_bytes(v);
        if version != FORMAT_VERSION {
            return Err(std::io::Error::other(format!("format {version}")));
        }
        let mut len = [0u8; 8];
        r.read_exact(&mut len)?;
        let len = u64::from_le_bytes(len);
        if len > file_len {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "header length",
            ));
        }
        let mut json = vec![0u8; len as usize];
        r.read_exact(&mut json)?;
        serde_json::from_slice(&json)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    })()
    .map_err(|e| match e.kind() {
        std::io::ErrorKind::Other => ierr(
            path,
            format!("tệp chỉ mục có định dạng khác ({e}); hãy tạo lại bằng `doikhop index`"),
        ),
        _ => corrupt(&e.to_string()),
    })?;

    if header.doikhop_version != env!("CARGO_PKG_VERSION") {
        return Err(ierr(
            path,
            format!(
                "tệp chỉ mục được tạo bằng doikhop {} (đang chạy {}); hãy tạo lại bằng `doikhop index`",
                header.doikhop_version,
                env!("CARGO_PKG_VERSION")
            ),
        ));
    }
    if header.rules_sha256 != rules_sha256(rules) {
        return Err(ierr(
            path,
            "tệp chỉ mục được tạo với quy tắc residents.toml khác; hãy tạo lại bằng `doikhop index`",
        ));
    }
    check_source(path, &header.source)?;

    let limit = file_len;
    let body = (|| -> std::io::Result<(Store, Indexes)> {
        let ids = read_section!(r, u64, limit);
        let cmnds = read_section!(r, u64, limit);
        let dobs = read_section!(r, u32, limit);
        let flags = read_section!(r, u8, limit);
        let communes = read_section!(r, u32, limit);
        let text_starts = read_section!(r, u64, limit);
        let arena = read_section!(r, u8, limit);
        let mut keyed = Vec::with_capacity(6);
        for _ in 0..6 {
            let keys = read_section!(r, u64, limit);
            let vals = read_section!(r, u32, limit);
            keyed.push(KeyIndex::from_sorted(keys, vals));
        }
        let mut counts = Vec::with_capacity(5);
        for _ in 0..5 {
            let keys = read_section!(r, u64, limit);
            let c = read_section!(r, u32, limit);
            counts.push(CountIndex { keys, counts: c });
        }
        let mut it = keyed.into_iter();
        let mut ct = counts.into_iter();
        let mut next_k = || it.next().unwrap_or_default();
        let idx = Indexes {
            by_id: next_k(),
            by_cmnd: next_k(),
            by_name_year: next_k(),
            by_phonetic_year: next_k(),
            by_given_dob: next_k(),
            by_household: next_k(),
            full_name_freq: ct.next().unwrap_or_default(),
            family_given_freq: ct.next().unwrap_or_default(),
            surname_freq: ct.next().unwrap_or_default(),
            given_freq: ct.next().unwrap_or_default(),
            dob_freq: ct.next().unwrap_or_default(),
        };
        let store = Store {
            ids,
            cmnds,
            dobs,
            flags,
            communes,
            text_starts,
            arena,
            commune_table: header
                .commune_table
                .iter()
                .map(|(t, c)| Commune {
                    text: t.clone(),
                    codes: c.clone(),
                })
                .collect(),
        };
        Ok((store, idx))
    })()
    .map_err(|e| corrupt(&e.to_string()))?;
    let mut whole = r.hasher.clone();
    let computed = r.hasher.finalize_reset();
    let mut stored = [0u8; 32];
    r.inner
        .read_exact(&mut stored)
        .map_err(|_| corrupt("thiếu mã kiểm tra cuối tệp"))?;
    // The checksum of the whole file, for the run manifest (so the run need not read 2 GB again).
    whole.update(stored);
    let file_sha256 = Some(crate::util::hex(&whole.finalize()));
    if computed.as_slice() != stored {
        return Err(corrupt("mã kiểm tra SHA-256 không khớp"));
    }
    let (store, idx) = body;
    let n = store.ids.len();
    let consistent = [
        store.cmnds.len(),
        store.dobs.len(),
        store.flags.len(),
        store.communes.len(),
    ]
    .iter()
    .all(|&l| l == n)
        && store.text_starts.len() == n + 1
        && n == header.rows
        && store.text_starts.last().copied().unwrap_or(0) as usize == store.arena.len()
        && store
            .communes
            .iter()
            .all(|&c| c == super::store::NO_COMMUNE || (c as usize) < store.commune_table.len())
        && keyed(&idx)
            .iter()
            .all(|k| k.keys.len() == k.vals.len() && k.vals.iter().all(|&v| (v as usize) < n));
    if !consistent {
        return Err(corrupt("các phần của tệp không khớp nhau"));
    }
    Ok(Registry {
        commune_sizes: super::store::CommuneSizes::of(&store),
        store,
        idx,
        stats: header.stats,
        mapping: header.mapping,
        file_sha256,
    })
}

/// The extract the index was built from must not have changed since (when it is still there).
fn check_source(path: &Path, src: &SourceInfo) -> Result<()> {
    let source = Path::new(&src.path);
    let Ok(meta) = std::fs::metadata(source) else {
        // The index may travel without its extract: nothing to compare with.
        return Ok(());
    };
    let modified = meta
        .modified()
        .ok()
        .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs())
        .unwrap_or(0);
    if meta.len() == src.size && modified == src.modified_secs {
        return Ok(());
    }
    let sha = crate::util::sha256_file(source).unwrap_or_default();
    if sha == src.sha256 {
        return Ok(());
    }
    Err(ierr(
        path,
        format!(
            "tệp chỉ mục đã cũ: dữ liệu dân cư {} đã thay đổi sau khi tạo chỉ mục; hãy chạy lại `doikhop index`",
            src.path
        ),
    ))
}
