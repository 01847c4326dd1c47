//! Replays the stored fuzz corpora (`fuzz/regress/<target>/`) through the same checks the
//! libFuzzer targets run (`canhgiac::invariants`), so CI guards what the fuzzers found
//! without a nightly toolchain. Each directory is a minimized corpus (`cargo fuzz cmin`) plus
//! any crash input kept after its fix; see the README's "Fuzzing" section to refresh them.

use canhgiac::Classifier;
use canhgiac::invariants;
use canhgiac::rules::RuleSet;
use std::path::{Path, PathBuf};

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regress")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    // An empty directory would make the replay pass vacuously.
    assert!(
        files.len() >= 20,
        "{}: only {} inputs",
        dir.display(),
        files.len()
    );
    files
        .into_iter()
        .map(|p| {
            let data = std::fs::read(&p).unwrap();
            (p, data)
        })
        .collect()
}

/// Run `check` on every input of `target`, naming the input that fails.
fn replay(target: &str, check: impl Fn(&[u8])) {
    for (path, data) in corpus(target) {
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&data))).is_err() {
            panic!("fuzz input {} fails its check", path.display());
        }
    }
}

#[test]
fn decode_corpus() {
    replay("decode", invariants::decode_maps);
}

#[test]
fn normalize_corpus() {
    replay("normalize", invariants::normalize_spans);
}

#[test]
fn records_corpus() {
    replay("records", invariants::record_readers);
}

#[test]
fn rules_corpus() {
    replay("rules", invariants::rule_loader);
}

#[test]
fn scan_corpus() {
    let c = Classifier::new(RuleSet::builtin().unwrap()).unwrap();
    replay("scan", |d| invariants::scan_spans(&c, d));
}

// The same invariants as properties over generated input, so `cargo test` also explores a
// little beyond the stored corpora (the fuzzers explore far more).
mod properties {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn classifier() -> &'static Classifier {
        static C: OnceLock<Classifier> = OnceLock::new();
        C.get_or_init(|| Classifier::new(RuleSet::builtin().unwrap()).unwrap())
    }

    /// Bytes that are mostly Vietnamese text with some noise: whole random bytes rarely
    /// reach the interesting paths.
    fn texty() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just("chuyển 500 triệu ".as_bytes().to_vec()),
            Just("ảnh nóng của anh ".as_bytes().to_vec()),
            Just(
                "usdt TXYZ 0x ab@gmail.com 0912 345 678 "
                    .as_bytes()
                    .to_vec()
            ),
            Just("\u{200b}\u{202e}a.b.c ".as_bytes().to_vec()),
            Just("{\"text\":\"x\"}\n".as_bytes().to_vec()),
            Just("id,text\n1,\"a\nb\"\n".as_bytes().to_vec()),
            proptest::collection::vec(any::<u8>(), 0..16),
        ];
        proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn decode_maps_hold(data in texty()) {
            invariants::decode_maps(&data);
        }

        #[test]
        fn normalize_spans_hold(data in texty()) {
            invariants::normalize_spans(&data);
        }

        #[test]
        fn record_readers_hold(data in texty()) {
            invariants::record_readers(&data);
        }

        #[test]
        fn scan_spans_hold(data in texty()) {
            invariants::scan_spans(classifier(), &data);
        }

        #[test]
        fn rule_loader_never_panics(src in "(\\[\\[signal\\]\\]\n|id = \"[a-z]{1,4}\"\n|keywords = \\[\"[a-zà-ỹ ]{0,6}\"\\]\n|regex = \\[\"[a-z()|*+?\\[\\]{}0-9]{0,8}\"\\]\n|element = \"[a-z_]{1,8}\"\n|weight = [0-9.]{1,4}\n|[a-z=\" \n]{0,10}){0,10}") {
            invariants::rule_loader(src.as_bytes());
        }
    }
}
