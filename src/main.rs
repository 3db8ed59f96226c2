use clap::Parser;

fn main() {
    let cli = doikhop::cli::Cli::parse();
    std::process::exit(doikhop::cli::run(cli));
}
