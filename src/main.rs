use clap::Parser;

/// Large allocations on 2 MiB pages (see `doikhop::pages`).
#[global_allocator]
static ALLOC: doikhop::pages::HugePageAlloc = doikhop::pages::HugePageAlloc;

fn main() {
    let cli = doikhop::cli::Cli::parse();
    std::process::exit(doikhop::cli::run(cli));
}
