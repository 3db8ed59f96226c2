fn main() {
    let args: Vec<String> = std::env::args().collect();
    let grids = doikhop::ingest::read_grids(std::path::Path::new(&args[1])).unwrap();
    let from: usize = args[3].parse().unwrap();
    let to: usize = args[4].parse().unwrap();
    for mut g in grids {
        if g.name != args[2] {
            continue;
        }
        let raw = g.clone();
        g.decode_legacy_text();
        for r in from..to {
            println!("{r}: RAW {:?}", raw.row(r - 1));
            println!("{r}: DEC {:?}", g.row(r - 1));
        }
        println!(
            "{:?}",
            g.merges
                .iter()
                .filter(|m| m.first_row as usize + 1 >= from && (m.first_row as usize) < to)
                .collect::<Vec<_>>()
        );
    }
}
