//! What an input path is before anything opens it: a list is a regular file. A device
//! (`/dev/zero` never ends), a named pipe (opening it waits for a writer that never comes), a
//! socket or a folder is refused by name; a symbolic link is followed only to a regular file.
//! Nothing here opens the path, so nothing here can hang.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// An input that may be opened: its resolved path when it was reached through a symbolic link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub resolved: Option<PathBuf>,
}

/// Refuse what is not a regular file, naming it ("không phải tệp thông thường").
pub fn check_regular(path: &Path) -> Result<Checked> {
    let refuse = |message: String| Error::Input {
        file: path.display().to_string(),
        message,
    };
    let link = std::fs::symlink_metadata(path).map_err(|_| refuse("không tìm thấy tệp".into()))?;
    let is_link = link.file_type().is_symlink();
    let meta = std::fs::metadata(path).map_err(|e| {
        refuse(format!(
            "là liên kết (symlink) tới một tệp không mở được ({e})"
        ))
    })?;
    let resolved = if is_link {
        Some(path.canonicalize().map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?)
    } else {
        None
    };
    if meta.is_file() {
        return Ok(Checked { resolved });
    }
    let what = describe(&meta);
    let through = match &resolved {
        Some(to) => format!(" (liên kết tới {})", to.display()),
        None => String::new(),
    };
    Err(refuse(format!(
        "không phải tệp thông thường mà là {what}{through}; chỉ nhận tệp danh sách .xlsx, .xlsm, .xls, .ods hoặc .csv"
    )))
}

fn describe(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "một thư mục";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() {
            return "một thiết bị ký tự (như /dev/zero)";
        }
        if t.is_block_device() {
            return "một thiết bị khối (ổ đĩa)";
        }
        if t.is_fifo() {
            return "một ống dẫn có tên (FIFO)";
        }
        if t.is_socket() {
            return "một socket";
        }
    }
    "một loại tệp đặc biệt"
}

/// The bytes of a regular file, at most `limit` of them: `None` when it holds more. A file that
/// does not report its size (those of /proc say 0) is read the same way, never without end.
pub fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let file = std::fs::File::open(path)?;
    let hint = file.metadata().map(|m| m.len()).unwrap_or(0).min(limit);
    let mut bytes = Vec::with_capacity(hint as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(None);
    }
    Ok(Some(bytes))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn message(path: &Path) -> String {
        check_regular(path).unwrap_err().to_string()
    }

    #[test]
    fn only_regular_files_are_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("ds.csv");
        std::fs::write(&list, "a").unwrap();
        assert_eq!(check_regular(&list).unwrap(), Checked { resolved: None });
        let link = dir.path().join("lien-ket.csv");
        std::os::unix::fs::symlink(&list, &link).unwrap();
        assert_eq!(
            check_regular(&link).unwrap().resolved,
            Some(list.canonicalize().unwrap())
        );
        let zero = dir.path().join("zero.csv");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let m = message(&zero);
        assert!(
            m.contains("không phải tệp thông thường") && m.contains("thiết bị"),
            "{m}"
        );
        assert!(m.contains("/dev/zero"), "{m}");
        let m = message(dir.path());
        assert!(
            m.contains("không phải tệp thông thường") && m.contains("thư mục"),
            "{m}"
        );
        let fifo = dir.path().join("ong.csv");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let m = message(&fifo);
        assert!(m.contains("FIFO"), "{m}");
        let dangling = dir.path().join("mat.csv");
        std::os::unix::fs::symlink(dir.path().join("khong-co"), &dangling).unwrap();
        assert!(message(&dangling).contains("liên kết"));
        assert!(message(&dir.path().join("khong-co")).contains("không tìm thấy"));
    }

    #[test]
    fn reads_are_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x");
        std::fs::write(&f, vec![b'a'; 100]).unwrap();
        assert_eq!(read_bounded(&f, 100).unwrap().unwrap().len(), 100);
        assert!(read_bounded(&f, 99).unwrap().is_none());
        // A file that says it is empty and is not.
        let proc = Path::new("/proc/self/status");
        if proc.exists() {
            assert!(!read_bounded(proc, 1 << 20).unwrap().unwrap().is_empty());
        }
    }
}
