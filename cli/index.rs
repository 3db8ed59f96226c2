//! `doikhop index --residents <EXTRACT> --out <FILE>.dkidx [--threads N]`
//!
//! Normalises and indexes a resident extract once and saves it as an index file, so that
//! `doikhop match --residents FILE.dkidx` starts in seconds. An index file given as the
//! extract is refused.

use std::path::PathBuf;

use clap::Args;
use doikhop::error::{Error, Result, exit};
use doikhop::registry::Registry;
use doikhop::rules::Rules;

use crate::shared::{ResidentsArg, ThreadsArg};

/// The arguments of `doikhop index`.
#[derive(Args, Debug)]
pub struct IndexArgs {
    #[command(flatten)]
    pub residents: ResidentsArg,
    /// Index file to write (conventionally `.dkidx`).
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub threads: ThreadsArg,
}

/// Run `doikhop index`; the exit code.
pub fn run(a: IndexArgs) -> Result<i32> {
    a.threads.apply()?;
    cmd_index(a.residents.residents, a.out)
}

fn cmd_index(residents: PathBuf, out: PathBuf) -> Result<i32> {
    if doikhop::registry::file::is_index_file(&residents) {
        return Err(Error::Residents {
            file: residents.display().to_string(),
            message:
                "đây đã là một tệp chỉ mục; hãy đưa vào tệp trích xuất dân cư (CSV, Parquet, xlsx)"
                    .into(),
        });
    }
    let rules = Rules::builtin("residents")?;
    let start = std::time::Instant::now();
    let registry = Registry::load(&residents, &rules, doikhop::util::today().0)?;
    doikhop::registry::file::save(&registry, &residents, &rules, &out)?;
    let s = &registry.stats;
    eprintln!(
        "Đã tạo chỉ mục {} cho {} công dân trong {:.1} s",
        out.display(),
        registry.len(),
        start.elapsed().as_secs_f64()
    );
    eprintln!(
        "  không có số định danh: {}; số định danh trùng: {}; ngày sinh không đọc được: {}; họ tên không đọc được: {}; đã chết: {}",
        s.without_id, s.duplicate_ids, s.unparsed_dates, s.unparsed_names, s.dead
    );
    Ok(exit::OK)
}
