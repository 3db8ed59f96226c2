//! Addresses: parsing and mapping to the 2025 communes, then the commune comparison.
#![no_main]
use doikhop::fields::address;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let a = address::parse_address(&text);
    let _ = format!("{a:?}");
});
