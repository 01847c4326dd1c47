//! End to end: one record through decode, normalize, match, score and indicators; see
//! [`canhgiac::invariants::scan_spans`].
#![no_main]

use canhgiac::Classifier;
use canhgiac::rules::RuleSet;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn classifier() -> &'static Classifier {
    static C: OnceLock<Classifier> = OnceLock::new();
    C.get_or_init(|| Classifier::new(RuleSet::builtin().unwrap()).unwrap())
}

fuzz_target!(|data: &[u8]| canhgiac::invariants::scan_spans(classifier(), data));
