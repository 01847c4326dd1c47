//! The rule loader on arbitrary TOML: an error or a rule set, never a panic.
#![no_main]

use canhgiac::rules::Loader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    // On top of the built-in rules, as `--rules` loads them, and alone.
    if let Ok(mut b) = Loader::with_builtin()
        && b.add_source("fuzz.toml", src).is_ok()
        && let Ok(rules) = b.finish()
    {
        let _ = canhgiac::Classifier::new(rules);
    }
    let mut b = Loader::new();
    if b.add_source("fuzz.toml", src).is_ok() {
        let _ = b.finish();
    }
});
