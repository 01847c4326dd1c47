//! Measure a rule set on labelled corpora: flagged precision and recall, per-scheme and
//! per-variant figures, a confusion table, the misclassified records with their elements,
//! and per-signal hit statistics in the manner of SpamAssassin's hit-frequencies.
//!
//! A corpus record is a JSON object with `id`, `text`, `scam` (bool), `risk`
//! (none|low|medium|high), `patterns` (scheme ids) and optionally `variant`. A record counts
//! as flagged at verdict medium or high; records of expected risk `low` are borderline and
//! left out of precision, recall and the variant table.

use crate::{Classifier, Options, Verdict};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The advisory's schemes, in report order.
pub const SCHEMES: [&str; 3] = [
    "sextortion_social",
    "deepfake_extortion",
    "postal_usdt_letter",
];

/// One labelled record.
#[derive(Debug, Clone, Deserialize)]
pub struct Labelled {
    /// Record id.
    pub id: serde_json::Value,
    /// The message.
    pub text: String,
    /// Whether it is a scam of any kind.
    pub scam: bool,
    /// Expected risk.
    pub risk: Verdict,
    /// Expected schemes.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// How the text is written.
    #[serde(default = "plain")]
    pub variant: String,
}

fn plain() -> String {
    "plain".into()
}

/// Precision, recall and F1 with their counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Prf {
    /// True positives.
    pub tp: u64,
    /// False positives.
    pub fp: u64,
    /// False negatives.
    pub fn_: u64,
    /// tp / (tp + fp).
    pub precision: f64,
    /// tp / (tp + fn).
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

impl Prf {
    fn new(tp: u64, fp: u64, fn_: u64) -> Prf {
        let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (p, r) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf {
            tp,
            fp,
            fn_,
            precision: round3(p),
            recall: round3(r),
            f1: round3(f1),
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Figures for one variant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VariantFigures {
    /// Records of risk medium or high.
    pub scams: u64,
    /// Of those, flagged.
    pub scams_flagged: u64,
    /// Recall.
    pub recall: f64,
    /// Records of risk none.
    pub benign: u64,
    /// Of those, flagged.
    pub benign_flagged: u64,
}

/// A misclassified record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Miss {
    /// Record id.
    pub id: serde_json::Value,
    /// Variant.
    pub variant: String,
    /// Expected risk.
    pub expected: Verdict,
    /// Verdict given.
    pub got: Verdict,
    /// Expected schemes.
    pub expected_schemes: Vec<String>,
    /// Schemes reported.
    pub got_schemes: Vec<String>,
    /// For the scheme closest to (or most relevant for) the expectation: its id, elements
    /// present and missing.
    pub closest: Option<(String, Vec<String>, Vec<String>)>,
    /// Caps that lowered the verdict.
    pub caps: Vec<String>,
}

/// Hit statistics of one signal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SignalStats {
    /// Signal id.
    pub signal: String,
    /// Its element.
    pub element: String,
    /// Records of risk medium/high it fired on.
    pub positives: u64,
    /// Records of risk none it fired on.
    pub negatives: u64,
    /// positives / (positives + negatives); 0 when it never fired.
    pub s_o: f64,
    /// Records it fired on whose verdict was right (flagged iff expected).
    pub in_correct: u64,
    /// Records it fired on whose verdict was wrong.
    pub in_wrong: u64,
    /// Points it gave (summed over schemes) in records whose verdict was right.
    pub points_correct: f64,
    /// Points it gave in records whose verdict was wrong.
    pub points_wrong: f64,
}

/// The whole evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EvalReport {
    /// Records read.
    pub records: u64,
    /// Borderline records (risk low) left out.
    pub borderline: u64,
    /// Flagged = medium or high.
    pub flagged: Prf,
    /// Per scheme.
    pub schemes: BTreeMap<String, Prf>,
    /// Mean F1 over the three schemes.
    pub scheme_macro_f1: f64,
    /// Per variant.
    pub variants: BTreeMap<String, VariantFigures>,
    /// Worst variant recall (variants with at least one scam).
    pub worst_variant_recall: f64,
    /// Non-scams rated high.
    pub false_high: u64,
    /// Expected risk → verdict → count.
    pub confusion: BTreeMap<String, BTreeMap<String, u64>>,
    /// Misclassified records.
    pub misses: Vec<Miss>,
    /// Per-signal statistics (with `rules_report`), weakest first.
    pub signals: Vec<SignalStats>,
}

/// Evaluate `records` with `classifier`.
pub fn evaluate(classifier: &Classifier, records: &[Labelled], rules_report: bool) -> EvalReport {
    let opts = Options {
        explain: true,
        ..Options::default()
    };
    let results: Vec<crate::Assessment> = records
        .par_iter()
        .map(|r| classifier.assess_with(r.text.as_bytes(), &opts))
        .collect();
    let rules = classifier.rules();
    let mut rep = EvalReport {
        records: records.len() as u64,
        ..EvalReport::default()
    };
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut scheme_counts: BTreeMap<&str, (u64, u64, u64)> =
        SCHEMES.iter().map(|s| (*s, (0, 0, 0))).collect();
    let mut stats: Vec<SignalStats> = rules
        .signals
        .iter()
        .map(|s| SignalStats {
            signal: s.id.clone(),
            element: s.element.clone(),
            ..Default::default()
        })
        .collect();
    for (r, a) in records.iter().zip(&results) {
        let flagged = a.verdict >= Verdict::Medium;
        let expected_flag = r.risk >= Verdict::Medium;
        let borderline = r.risk == Verdict::Low;
        *rep.confusion
            .entry(r.risk.to_string())
            .or_default()
            .entry(a.verdict.to_string())
            .or_default() += 1;
        let v = rep.variants.entry(r.variant.clone()).or_default();
        if borderline {
            rep.borderline += 1;
        } else if expected_flag {
            v.scams += 1;
            v.scams_flagged += u64::from(flagged);
            if flagged {
                tp += 1;
            } else {
                fn_ += 1;
            }
        } else {
            v.benign += 1;
            v.benign_flagged += u64::from(flagged);
            fp += u64::from(flagged);
        }
        if !r.scam && a.verdict == Verdict::High {
            rep.false_high += 1;
        }
        let want: BTreeSet<&str> = r.patterns.iter().map(String::as_str).collect();
        let got: BTreeSet<&str> = a.schemes.iter().map(|s| s.id.as_str()).collect();
        for s in SCHEMES {
            let e = scheme_counts.get_mut(s).expect("known scheme");
            match (got.contains(s), want.contains(s)) {
                (true, true) => e.0 += 1,
                (true, false) => e.1 += 1,
                (false, true) => e.2 += 1,
                (false, false) => {}
            }
        }
        let right_flag = borderline || flagged == expected_flag;
        let wrong = !right_flag || got != want || (r.scam && a.verdict != r.risk);
        if rules_report {
            let fired: BTreeSet<&str> = a.evidence.iter().map(|e| e.signal.as_str()).collect();
            let mut points: BTreeMap<&str, f64> = BTreeMap::new();
            if let Some(x) = &a.explain {
                for s in &x.schemes {
                    for p in &s.signals {
                        *points.entry(p.signal.as_str()).or_default() += p.points;
                    }
                }
            }
            for st in stats
                .iter_mut()
                .filter(|st| fired.contains(st.signal.as_str()))
            {
                let pts = points.get(st.signal.as_str()).copied().unwrap_or(0.0);
                if right_flag {
                    st.points_correct += pts;
                } else {
                    st.points_wrong += pts;
                }
                if !borderline {
                    if expected_flag {
                        st.positives += 1;
                    } else {
                        st.negatives += 1;
                    }
                }
                if right_flag {
                    st.in_correct += 1;
                } else {
                    st.in_wrong += 1;
                }
            }
        }
        if wrong {
            let explain = a.explain.as_ref();
            // The scheme to explain: an expected one that was missed, else the strongest.
            let closest = explain.and_then(|x| {
                let pick = x
                    .schemes
                    .iter()
                    .find(|s| want.contains(s.id.as_str()) && !got.contains(s.id.as_str()))
                    .or_else(|| x.schemes.iter().max_by(|a, b| a.score.total_cmp(&b.score)));
                pick.map(|s| {
                    (
                        s.id.clone(),
                        s.elements_present.clone(),
                        s.elements_missing.clone(),
                    )
                })
            });
            rep.misses.push(Miss {
                id: r.id.clone(),
                variant: r.variant.clone(),
                expected: r.risk,
                got: a.verdict,
                expected_schemes: want.iter().map(|s| s.to_string()).collect(),
                got_schemes: got.iter().map(|s| s.to_string()).collect(),
                closest,
                caps: explain.map(|x| x.caps_applied.clone()).unwrap_or_default(),
            });
        }
    }
    rep.flagged = Prf::new(tp, fp, fn_);
    for (s, (a, b, c)) in scheme_counts {
        rep.schemes.insert(s.to_string(), Prf::new(a, b, c));
    }
    rep.scheme_macro_f1 =
        round3(rep.schemes.values().map(|p| p.f1).sum::<f64>() / SCHEMES.len() as f64);
    rep.worst_variant_recall = 1.0;
    for v in rep.variants.values_mut() {
        v.recall = if v.scams == 0 {
            1.0
        } else {
            round3(v.scams_flagged as f64 / v.scams as f64)
        };
        if v.scams > 0 {
            rep.worst_variant_recall = rep.worst_variant_recall.min(v.recall);
        }
    }
    if rules_report {
        for st in &mut stats {
            let n = st.positives + st.negatives;
            st.s_o = if n == 0 {
                0.0
            } else {
                round3(st.positives as f64 / n as f64)
            };
            st.points_correct = round3(st.points_correct);
            st.points_wrong = round3(st.points_wrong);
        }
        // Weakest first: never fired, then mostly on negatives.
        stats.sort_by(|a, b| {
            let fired = |s: &SignalStats| s.positives + s.negatives > 0;
            fired(a)
                .cmp(&fired(b))
                .then(a.s_o.total_cmp(&b.s_o))
                .then(a.signal.cmp(&b.signal))
        });
        rep.signals = stats;
    }
    rep
}

/// Parse labelled JSONL; a bad line is an error naming `path:line`.
pub fn parse_corpus(path: &str, text: &str) -> Result<Vec<Labelled>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str::<Labelled>(l).map_err(|e| format!("{path}:{}: {e}", i + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSet;

    #[test]
    fn figures_on_a_tiny_corpus() {
        let c = Classifier::new(RuleSet::builtin().unwrap()).unwrap();
        let corpus = r#"{"id":1,"text":"Tôi đã quay lại cuộc gọi video của anh. Chuyển 30 triệu trong 24 giờ nếu không tôi gửi clip cho vợ và đồng nghiệp anh.","scam":true,"risk":"high","patterns":["sextortion_social"],"variant":"plain"}
{"id":2,"text":"Tối nay cả nhà gọi video cho bà nội nhé.","scam":false,"risk":"none","patterns":[],"variant":"plain"}
{"id":3,"text":"Chào anh, em là Hoa, cho em làm quen nhé.","scam":true,"risk":"low","patterns":["sextortion_social"],"variant":"plain"}"#;
        let recs = parse_corpus("t.jsonl", corpus).unwrap();
        let rep = evaluate(&c, &recs, true);
        assert_eq!(rep.records, 3);
        assert_eq!(rep.borderline, 1);
        assert_eq!((rep.flagged.tp, rep.flagged.fp, rep.flagged.fn_), (1, 0, 0));
        assert_eq!(rep.schemes["sextortion_social"].tp, 1);
        assert_eq!(rep.false_high, 0);
        assert!(
            rep.signals
                .iter()
                .any(|s| s.signal == "recording-claim" && s.positives == 1)
        );
        assert!(
            parse_corpus("t.jsonl", "{\"id\":1}\n")
                .unwrap_err()
                .starts_with("t.jsonl:1:")
        );
    }
}
