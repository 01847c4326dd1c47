//! Normalization: every token of the match view maps back to a span of the text on char
//! boundaries, in order; see [`canhgiac::invariants::normalize_spans`].
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| canhgiac::invariants::normalize_spans(data));
