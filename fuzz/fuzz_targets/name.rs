//! Person names: the cell parser (titles, aliases, two people in a cell) and the comparison.
#![no_main]
use doikhop::text::name;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_at(text.find('|').unwrap_or(text.len()));
    let _ = name::parse_name_cell(a);
    if let (Some(x), Some(y)) = (name::parse_person_name(a), name::parse_person_name(b)) {
        let _ = name::compare_names(&x, &y);
        let _ = name::name_similarity(&x, &y);
    }
});
