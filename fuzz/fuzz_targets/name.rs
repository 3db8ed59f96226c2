//! Fuzz target `name`: see `doikhop::fuzzing::person_name` (the same body runs the kept crashing inputs
//! in the normal test suite).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| doikhop::fuzzing::person_name(data));
