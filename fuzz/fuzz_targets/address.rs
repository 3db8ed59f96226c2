//! Fuzz target `address`: see `doikhop::fuzzing::address_text` (the same body runs the kept crashing inputs
//! in the normal test suite).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| doikhop::fuzzing::address_text(data));
