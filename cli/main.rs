//! The `doikhop` program: parses the command line and hands each subcommand to its file
//! (one file per subcommand, each opening with what it does and its arguments; the argument
//! groups several share are in `shared.rs`). The library does the work.

mod apply;
mod demo;
mod generate;
mod index;
mod inspect;
mod r#match;
mod shared;

use clap::{Parser, Subcommand};

/// Large allocations on 2 MiB pages (see `doikhop::pages`).
#[global_allocator]
static ALLOC: doikhop::pages::HugePageAlloc = doikhop::pages::HugePageAlloc;

#[derive(Parser, Debug)]
#[command(
    name = "doikhop",
    version,
    about = "Đối khớp danh sách với CSDLQG về dân cư — clean Vietnamese lists and match them against the population database extract"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Match lists against a resident extract and write results.csv and the workbooks.
    Match(r#match::MatchArgs),
    /// Normalise and index a resident extract once, so that `match --residents FILE.dkidx` starts
    /// in seconds.
    Index(index::IndexArgs),
    /// Show what doikhop understands of each sheet: header rows, data rows, footer, column mapping.
    Inspect(inspect::InspectArgs),
    /// Run the whole pipeline on the shipped fixtures.
    Demo(demo::DemoArgs),
    /// Read filled-in verification workbooks back and write the final corrected list and what is
    /// still unresolved.
    Apply(apply::ApplyArgs),
    /// Write a synthetic resident extract, one messy list of each kind and their truth (seeded).
    Generate(generate::GenerateArgs),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Match(a) => r#match::run(a),
        Command::Index(a) => index::run(a),
        Command::Inspect(a) => inspect::run(a),
        Command::Demo(a) => demo::run(a),
        Command::Apply(a) => apply::run(a),
        Command::Generate(a) => generate::run(a),
    };
    let code = match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Lỗi: {e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}
