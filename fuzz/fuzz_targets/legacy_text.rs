//! Legacy text (TCVN3, VNI, VISCII): detection and decoding of any string, alone and as a column.
#![no_main]
use doikhop::text::legacy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = doikhop::ingest::csv::decode_bytes(data);
    let _ = legacy::detect_detail(&text);
    let enc = legacy::detect(&text);
    let _ = legacy::decode_as(&text, enc);
    let _ = legacy::decode_tcvn3(&text, true);
    let _ = legacy::decode_vni(&text);
    let _ = legacy::decode_viscii(&text);
    let cells: Vec<&str> = text.split('\n').collect();
    let _ = legacy::decode_column(&cells);
    let _ = doikhop::text::unicode::clean(&text);
});
