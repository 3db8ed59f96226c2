fn main() {
    for s in std::env::args().skip(1) {
        println!(
            "{s:?}: detect={:?} detail={:?}",
            doikhop::text::legacy::detect(&s),
            doikhop::text::legacy::detect_detail(&s)
        );
        let col = vec![s.as_str(), "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"];
        println!(
            "   in unicode column: {:?}",
            doikhop::text::legacy::decode_column(&col)[0]
        );
        let n = doikhop::text::name::parse_name_cell(&s);
        println!("   name: {:?}", n.primary.map(|p| (p.display, p.tokens)));
        println!(
            "   co: {:?}",
            n.co_holders
                .iter()
                .map(|p| p.display.clone())
                .collect::<Vec<_>>()
        );
    }
}
