//! The properties the fuzz targets in `fuzz/` check, as plain functions that panic when one
//! fails. The libFuzzer targets call them on generated inputs; `tests/fuzz_regression.rs`
//! calls them on the stored corpora in `fuzz/regress/`, so every `cargo test` replays what
//! the fuzzers found interesting (and every crash kept there) without a nightly toolchain.

use crate::Classifier;
use crate::batch::{Layout, csv_records, records};
use crate::decode::{Encoding, decode};
use crate::normalize::{NormalizationReport, match_view};
use crate::rules::Loader;

/// Decoding and mojibake repair in every encoding: the offset map is monotone, has one entry
/// per text byte plus one, and ends at the input length; every char maps inside the input.
pub fn decode_maps(data: &[u8]) {
    for name in [
        "auto", "utf-8", "utf-16", "tcvn3", "vni", "viscii", "cp1258",
    ] {
        let enc: Encoding = name.parse().expect("a known encoding");
        let d = decode(data, enc);
        if let Some(map) = &d.map {
            assert_eq!(map.len(), d.text.len() + 1, "{name}");
            assert!(
                map.windows(2).all(|w| w[0] <= w[1]),
                "{name}: map not monotone"
            );
            assert_eq!(*map.last().unwrap() as usize, data.len(), "{name}");
        } else {
            assert_eq!(
                d.text.len(),
                data.len(),
                "{name}: no map but lengths differ"
            );
        }
        for (i, _) in d.text.char_indices() {
            assert!(
                d.to_input(i) <= data.len(),
                "{name}: char {i} maps past the input"
            );
        }
    }
}

/// Normalization: the match view is space-padded without double spaces; every token maps back
/// to a span of the text on char boundaries, and tokens map in order.
pub fn normalize_spans(data: &[u8]) {
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
}

/// The JSONL, lines and CSV readers: never a panic, never more items than lines.
pub fn record_readers(data: &[u8]) {
    let jsonl = Layout::Jsonl {
        text_field: "message.text".into(),
        id_field: "id".into(),
    };
    let lines = data.split(|&b| b == b'\n').count();
    for layout in [Layout::Lines, jsonl] {
        let n = records(data, "fuzz".into(), layout).count();
        assert!(n <= lines, "{n} records from {lines} lines");
    }
    for _ in csv_records(data, "fuzz".into(), "text", "id", 1 << 16) {}
}

/// The rule loader on arbitrary TOML, on top of the built-in rules and alone: an error or a
/// rule set that compiles or reports why not, never a panic.
pub fn rule_loader(data: &[u8]) {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(mut b) = Loader::with_builtin()
        && b.add_source("fuzz.toml", src).is_ok()
        && let Ok(rules) = b.finish()
    {
        let _ = Classifier::new(rules);
    }
    let mut b = Loader::new();
    if b.add_source("fuzz.toml", src).is_ok() {
        let _ = b.finish();
    }
}

/// End to end on one record: every evidence and indicator span lies within the input.
pub fn scan_spans(classifier: &Classifier, data: &[u8]) {
    let a = classifier.assess(data);
    for e in &a.evidence {
        assert!(e.start <= e.end && e.end <= data.len(), "{e:?}");
    }
    let mut inds = a.indicators;
    for list in inds.lists_mut() {
        for i in list.iter() {
            assert!(i.start <= i.end && i.end <= data.len(), "{i:?}");
        }
    }
}
