//! The JSONL, lines and CSV readers; see [`canhgiac::invariants::record_readers`].
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| canhgiac::invariants::record_readers(data));
