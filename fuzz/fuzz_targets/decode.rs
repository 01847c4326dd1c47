//! Decoding and mojibake repair in every encoding: see [`canhgiac::invariants::decode_maps`].
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| canhgiac::invariants::decode_maps(data));
