//! Fuzz target `date`: see `doikhop::fuzzing::date_of_birth` (the same body runs the kept crashing inputs
//! in the normal test suite).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| doikhop::fuzzing::date_of_birth(data));
