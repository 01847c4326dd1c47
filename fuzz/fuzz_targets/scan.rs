//! End to end: one record through decode, normalize, match, score and indicators. Every
//! evidence and indicator span is a valid span of the input.
#![no_main]

use canhgiac::Classifier;
use canhgiac::rules::RuleSet;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn classifier() -> &'static Classifier {
    static C: OnceLock<Classifier> = OnceLock::new();
    C.get_or_init(|| Classifier::new(RuleSet::builtin().unwrap()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let a = classifier().assess(data);
    for e in &a.evidence {
        assert!(e.start <= e.end && e.end <= data.len(), "{e:?}");
    }
    let mut inds = a.indicators;
    for list in inds.lists_mut() {
        for i in list.iter() {
            assert!(i.start <= i.end && i.end <= data.len());
        }
    }
});
