//! Generalisation regression over the fresh labelled texts in `tests/fresh/*.jsonl` (written
//! before any tuning; see `tests/fresh/README.md`). The binary runs once over every file with
//! `--input jsonl --format jsonl`, and the verdicts are compared with the labels:
//!
//! - no text labelled `scam: false` may be rated high (a false alarm at the top level is the
//!   costliest mistake: it tells a reader that a warning or a news story is a threat);
//! - the share of texts labelled `risk` medium or high that are flagged (medium or high) must
//!   stay at or above [`RECALL_FLOOR`].
//!
//! The measured figures are printed (`cargo test --test fresh_regression -- --nocapture`).
//! Never tune rules on these texts; raise the floor when a change measurably improves recall.

mod common;

use common::*;
use serde::Deserialize;
use std::path::PathBuf;
use std::sync::OnceLock;

/// Flagged recall over risk medium|high records, minus about 0.05 and rounded down: 47 of 49
/// (0.959) on round 1 when this test was written; 239 of 245 (0.976) over rounds 1–7 with
/// the rules of 402759b.
const RECALL_FLOOR: f64 = 0.93;

/// A labelled record (only the fields used here; the others are allowed).
#[derive(Debug, Deserialize)]
struct Labelled {
    id: String,
    scam: bool,
    risk: Verdict,
    #[serde(default)]
    variant: String,
}

struct Case {
    file: String,
    label: Labelled,
    got: Record,
}

fn fresh_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fresh");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fresh exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no tests/fresh/*.jsonl");
    files
}

/// The labelled cases with their verdicts, computed once for both tests.
fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(run_cases)
}

/// Run the binary over every fresh file and pair each output record with its label.
fn run_cases() -> Vec<Case> {
    let files = fresh_files();
    let mut labels = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let l: Labelled = serde_json::from_str(line).unwrap_or_else(|e| {
                panic!("{}:{}: not a labelled record: {e}", f.display(), i + 1)
            });
            labels.push((f.display().to_string(), l));
        }
    }
    let out = canhgiac()
        .args(["--input", "jsonl", "--format", "jsonl"])
        .args(&files)
        .output()
        .unwrap();
    assert!(
        matches!(code(&out), 0 | 1),
        "no errors expected: {}",
        stderr(&out)
    );
    let got = records(&out);
    assert_eq!(
        got.len(),
        labels.len(),
        "one output record per labelled record"
    );
    labels
        .into_iter()
        .zip(got)
        .map(|((file, label), got)| {
            assert_eq!(got.id, serde_json::json!(label.id), "output in input order");
            assert!(got.error.is_none(), "{}: {:?}", label.id, got.error);
            Case { file, label, got }
        })
        .collect()
}

#[test]
fn no_non_scam_text_is_rated_high() {
    let cases = cases();
    let false_high: Vec<String> = cases
        .iter()
        .filter(|c| !c.label.scam && c.got.verdict == Verdict::High)
        .map(|c| {
            format!(
                "{} {} ({}, score {})",
                c.file, c.label.id, c.label.variant, c.got.score
            )
        })
        .collect();
    let non_scam = cases.iter().filter(|c| !c.label.scam).count();
    println!(
        "non-scam texts rated high: {} of {non_scam}",
        false_high.len()
    );
    assert!(
        false_high.is_empty(),
        "non-scam texts rated high:\n{}",
        false_high.join("\n")
    );
}

#[test]
fn flagged_recall_stays_above_the_floor() {
    let cases = cases();
    let positives: Vec<&Case> = cases
        .iter()
        .filter(|c| c.label.risk >= Verdict::Medium)
        .collect();
    assert!(!positives.is_empty());
    let missed: Vec<String> = positives
        .iter()
        .filter(|c| c.got.verdict < Verdict::Medium)
        .map(|c| {
            format!(
                "{} ({:?}, {}) rated {:?}",
                c.label.id, c.label.risk, c.label.variant, c.got.verdict
            )
        })
        .collect();
    let flagged = positives.len() - missed.len();
    let recall = flagged as f64 / positives.len() as f64;
    let exact = cases
        .iter()
        .filter(|c| c.got.verdict == c.label.risk)
        .count();
    let false_alarms = cases
        .iter()
        .filter(|c| c.label.risk <= Verdict::Low && c.got.verdict >= Verdict::Medium)
        .count();
    println!(
        "fresh: {} records; flagged recall {flagged}/{} = {recall:.3} (floor {RECALL_FLOOR}); \
         exact verdict {exact}/{}; flagged with risk none|low: {false_alarms}",
        cases.len(),
        positives.len(),
        cases.len()
    );
    println!("missed:\n  {}", missed.join("\n  "));
    assert!(
        recall >= RECALL_FLOOR,
        "flagged recall {recall:.3} fell below {RECALL_FLOOR}; missed:\n{}",
        missed.join("\n")
    );
}
