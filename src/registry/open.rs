//! Opening a registry from whatever the path holds: an index file made by `doikhop index`
//! ([`super::file`]) or an extract (CSV, Parquet, xlsx) read by [`super::load`] and indexed by
//! [`Registry::build`]. The index knows neither the file format nor the extract's reader.

use std::path::Path;

use super::file;
use super::index::Registry;
use super::load::load_raw;
use crate::error::{Error, Result};
use crate::rules::Rules;

impl Registry {
    /// Load an extract file (CSV, Parquet, xlsx) or an index file (`.dkidx`).
    pub fn load(path: &Path, rules: &Rules, reference_year: i32) -> Result<Registry> {
        // A device or a FIFO given as the extract would never end or never open.
        if let Err(e) = crate::ingest::open::check_regular(path) {
            return Err(Error::Residents {
                file: path.display().to_string(),
                message: match e {
                    Error::Input { message, .. } => message,
                    other => other.to_string(),
                },
            });
        }
        if file::is_index_file(path) {
            return file::load(path, rules);
        }
        let raw = load_raw(path, rules)?;
        Ok(Registry::build(&raw, rules, reference_year))
    }
}
