//! The rule loader on arbitrary TOML; see [`canhgiac::invariants::rule_loader`].
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| canhgiac::invariants::rule_loader(data));
