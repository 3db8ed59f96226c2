//! The output folder of a run: locked while a run writes into it, staged under a name no other
//! run can have, and cleared of what an interrupted run left behind.
//!
//! - **Lock.** `.doikhop.lock` in the folder, held with `flock` for the whole run: a second run
//!   into the same folder is refused at once with a clear message (never two runs mixing their
//!   files). The kernel drops the lock when the process ends, however it ends, so a run killed
//!   by Ctrl-C never leaves the folder locked. The file itself is removed when the run ends.
//! - **Staging.** `.doikhop-staging-<pid>-<random>`: unique even for two processes with the same
//!   process id (two containers sharing a volume).
//! - **Leftovers.** Under the lock no other run is writing, so a staging folder or a temporary
//!   file (`.<name>.tmp-doikhop`) found in the folder is what an interrupted run left: it is
//!   removed, and it never makes the folder count as "holding files".

use std::collections::HashSet;
use std::fs::File;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

pub const LOCK_FILE: &str = ".doikhop.lock";
pub const STAGING_PREFIX: &str = ".doikhop-staging-";
const TEMP_SUFFIX: &str = ".tmp-doikhop";

/// Folders this process holds the lock of (a run locks once; its writers find it held).
static HELD: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

/// The lock on an output folder, released when dropped.
#[derive(Debug)]
pub struct OutLock {
    /// None when this process already held the folder's lock (a nested lock is a no-op).
    held: Option<(File, PathBuf, PathBuf)>,
}

/// A name that is one of doikhop's own working files, not a result.
pub fn is_working_file(name: &str) -> bool {
    name == LOCK_FILE || name.starts_with(STAGING_PREFIX) || name.ends_with(TEMP_SUFFIX)
}

/// Lock `out` (created if missing) for this run. A folder locked by another running doikhop
/// is refused, naming it.
pub fn lock(out: &Path) -> Result<OutLock> {
    std::fs::create_dir_all(out).map_err(|e| Error::output(out, e))?;
    let key = out.canonicalize().map_err(|e| Error::output(out, e))?;
    {
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        if held.get_or_insert_with(HashSet::new).contains(&key) {
            return Ok(OutLock { held: None });
        }
    }
    let path = key.join(LOCK_FILE);
    // The file may be removed by the run that held it between our open and our lock: then the
    // lock is on a file nobody else will see, and we try again.
    for _ in 0..10 {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| Error::output(&path, e))?;
        if !try_lock(&file) {
            let who = std::fs::read_to_string(&path).unwrap_or_default();
            return Err(Error::output(
                out,
                format!(
                    "một lần chạy doikhop khác đang ghi vào thư mục này{}; hãy chờ lần chạy đó xong hoặc chọn thư mục --out khác",
                    if who.trim().is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", who.trim())
                    }
                ),
            ));
        }
        if same_file(&file, &path) {
            let _ = write_owner(&file);
            HELD.lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert_with(HashSet::new)
                .insert(key.clone());
            clear_leftovers(&key);
            return Ok(OutLock {
                held: Some((file, path, key)),
            });
        }
    }
    Err(Error::output(out, "không khóa được thư mục kết quả"))
}

impl Drop for OutLock {
    fn drop(&mut self) {
        if let Some((file, path, key)) = self.held.take() {
            // Removed while still locked: a run that opens it now finds another file.
            let _ = std::fs::remove_file(&path);
            drop(file);
            if let Some(set) = HELD.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
                set.remove(&key);
            }
        }
    }
}

#[cfg(unix)]
fn try_lock(file: &File) -> bool {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a file descriptor this function borrows; no memory is shared.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

#[cfg(not(unix))]
fn try_lock(file: &File) -> bool {
    file.try_lock().is_ok()
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

fn write_owner(mut file: &File) -> std::io::Result<()> {
    use std::io::{Seek, Write};
    let (y, m, d) = crate::util::today();
    file.set_len(0)?;
    file.seek(std::io::SeekFrom::Start(0))?;
    writeln!(
        file,
        "tiến trình {} trên máy {}, ngày {d:02}/{m:02}/{y}",
        std::process::id(),
        hostname()
    )
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// Remove what an interrupted run left in `out` (called under the lock).
fn clear_leftovers(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        if name.starts_with(STAGING_PREFIX) {
            let _ = std::fs::remove_dir_all(&path);
        } else if name.ends_with(TEMP_SUFFIX) && name.starts_with('.') {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// A staging folder name no other process can have, even one with the same process id.
pub fn staging_name() -> String {
    // std's RandomState is seeded from the system's random source.
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    format!("{STAGING_PREFIX}{}-{:016x}", std::process::id(), h.finish())
}

/// Whether `out` holds files other than doikhop's own working files.
pub fn holds_files(out: &Path) -> Result<bool> {
    Ok(std::fs::read_dir(out)
        .map_err(|e| Error::output(out, e))?
        .flatten()
        .any(|e| !is_working_file(&e.file_name().to_string_lossy())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ket-qua");
        let first = lock(&out).unwrap();
        // Nested in this process: fine.
        let nested = lock(&out).unwrap();
        drop(nested);
        // Another open file description (as another process would have): refused.
        let other = std::fs::OpenOptions::new()
            .write(true)
            .open(out.join(LOCK_FILE))
            .unwrap();
        assert!(!try_lock(&other));
        drop(other);
        drop(first);
        assert!(!out.join(LOCK_FILE).exists());
        let again = lock(&out).unwrap();
        drop(again);
    }

    #[test]
    fn leftovers_of_an_interrupted_run_are_cleared_and_not_counted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir(out.join(format!("{STAGING_PREFIX}123"))).unwrap();
        std::fs::write(out.join(format!("{STAGING_PREFIX}123/results.csv")), "x").unwrap();
        std::fs::write(out.join(".results.csv.tmp-doikhop"), "x").unwrap();
        assert!(!holds_files(out).unwrap());
        let l = lock(out).unwrap();
        let names: Vec<String> = std::fs::read_dir(out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [LOCK_FILE]);
        drop(l);
        std::fs::write(out.join("results.csv"), "x").unwrap();
        assert!(holds_files(out).unwrap());
    }

    #[test]
    fn staging_names_differ() {
        assert_ne!(staging_name(), staging_name());
        assert!(staging_name().starts_with(STAGING_PREFIX));
    }
}
