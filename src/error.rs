//! Errors with the context a user needs: which file, which sheet, which row.

use std::path::PathBuf;

/// Exit codes (documented in README.md).
pub mod exit {
    /// Success.
    pub const OK: i32 = 0;
    /// Wrong command-line usage (clap also uses 2).
    pub const USAGE: i32 = 2;
    /// An input list could not be read or understood.
    pub const INPUT: i32 = 3;
    /// The resident extract or index could not be read or understood.
    pub const RESIDENTS: i32 = 4;
    /// A rules file is invalid.
    pub const RULES: i32 = 5;
    /// Output could not be written.
    pub const OUTPUT: i32 = 6;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("không đọc được tệp {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("tệp {file}: {message}")]
    Input { file: String, message: String },
    #[error("tệp {file}, sheet \"{sheet}\": {message}")]
    Sheet {
        file: String,
        sheet: String,
        message: String,
    },
    #[error("dữ liệu dân cư {file}: {message}")]
    Residents { file: String, message: String },
    #[error("tệp quy tắc {file}: {message}")]
    Rules { file: String, message: String },
    #[error("ghi kết quả {path}: {message}")]
    Output { path: PathBuf, message: String },
    /// A command-line value that cannot be used (a unit that does not exist).
    #[error("{message}")]
    Usage { message: String },
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Io { .. } | Error::Input { .. } | Error::Sheet { .. } => exit::INPUT,
            Error::Residents { .. } => exit::RESIDENTS,
            Error::Rules { .. } => exit::RULES,
            Error::Output { .. } => exit::OUTPUT,
            Error::Usage { .. } => exit::USAGE,
        }
    }

    pub fn output(path: impl Into<PathBuf>, message: impl ToString) -> Self {
        Error::Output {
            path: path.into(),
            message: message.to_string(),
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
