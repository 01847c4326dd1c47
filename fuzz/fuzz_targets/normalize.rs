//! Normalization: every token of the match view maps back to a span of the text on char
//! boundaries, tokens map in order, and every token range is a valid span (the invariants of
//! `tests/normalization.rs`, on arbitrary input).
#![no_main]

use canhgiac::normalize::{NormalizationReport, match_view};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut report = NormalizationReport::default();
    let view = match_view(&text, &[], &mut report);
    assert!(view.text.starts_with(' ') && view.text.ends_with(' '));
    assert!(!view.text.contains("  "));
    let mut tokens = Vec::new();
    let mut start = None;
    for (i, b) in view.text.bytes().enumerate() {
        match (b == b' ', start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                tokens.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    let mut prev = (0, 0);
    for &(ts, te) in &tokens {
        let (a, b) = view.source_span(ts, te);
        assert!(
            a <= b && b <= text.len(),
            "token {ts}..{te} maps to {a}..{b}"
        );
        assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
        assert!(
            prev.0 <= a && prev.1 <= b,
            "token {ts}..{te} maps before the previous one"
        );
        prev = (a, b);
    }
    // First token's start to each later token's end (bounded: quadratic otherwise).
    if let Some(&(s0, _)) = tokens.first() {
        for &(_, e1) in tokens.iter().take(64) {
            let (a, b) = view.source_span(s0, e1);
            assert!(a <= b && b <= text.len());
            assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
        }
    }
});
