//! ID numbers (CCCD, CMND): text and typed cells, cross-checks and comparisons.
#![no_main]
use doikhop::fields::id;
use doikhop::model::Cell;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = id::parse_id_text(&text);
    let _ = id::parse_id_cell(&Cell::Text(text.to_string()));
    if data.len() >= 8 {
        let f = f64::from_le_bytes(data[..8].try_into().unwrap_or([0; 8]));
        let _ = id::parse_id_cell(&Cell::Float(f));
        let i = i64::from_le_bytes(data[..8].try_into().unwrap_or([0; 8]));
        let _ = id::parse_id_cell(&Cell::Int(i));
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let _ = id::neighbours(&digits);
    let (a, b) = digits.split_at(digits.len() / 2);
    let _ = id::compare_digits(a, b);
    let _ = id::cccd_province(&digits);
});
