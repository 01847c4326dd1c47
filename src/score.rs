//! Hits → signals → story elements → schemes → verdict, keeping the reasons.
//!
//! A signal counts once however often it hits. An element's strength is the sum of the
//! weights of its distinct signals; it is *present* at 1.0. Each scheme adds the points of its
//! present elements into its score and takes the highest level whose condition holds. The
//! text's verdict is the highest scheme verdict, lowered by any cap whose condition holds
//! (texts that talk about scams rather than commit them).

use crate::report::{Explanation, SchemeExplanation, SchemeResult, SignalPoints};
use crate::rules::{Lang, RuleSet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Risk verdict, ordered `none < low < medium < high`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing suspicious.
    #[default]
    None,
    /// Weak signals only.
    Low,
    /// Grooming, a demand without a threat, or another scam family.
    Medium,
    /// A threat with a demand, or a threat backed by compromising material.
    High,
}

impl Verdict {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::None => "none",
            Verdict::Low => "low",
            Verdict::Medium => "medium",
            Verdict::High => "high",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Verdict {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "none" => Ok(Verdict::None),
            "low" => Ok(Verdict::Low),
            "medium" => Ok(Verdict::Medium),
            "high" => Ok(Verdict::High),
            _ => Err(format!("unknown verdict `{s}` (none, low, medium, high)")),
        }
    }
}

/// Element strengths above this count as present.
const PRESENT: f64 = 0.999;
/// Strength beyond which more signals of one element add no points.
const STRENGTH_CAP: f64 = 2.0;

/// What scoring concluded.
#[derive(Debug, Clone)]
pub struct Scored {
    /// Final verdict after caps.
    pub verdict: Verdict,
    /// Highest scheme score.
    pub score: f64,
    /// Listed schemes at or above medium, and low-level ones of a record rated low or more.
    pub schemes: Vec<SchemeResult>,
    /// The per-scheme reasoning (always computed; printed with `--explain`).
    pub explanation: Explanation,
}

/// Score the hits of one text.
///
/// `counts[i]` is how many distinct texts signal `i` matched.
pub fn score(rules: &RuleSet, counts: &[usize], lang: Lang) -> Scored {
    let fired: Vec<bool> = counts.iter().map(|&c| c > 0).collect();
    let mut strength: BTreeMap<&str, f64> = BTreeMap::new();
    for (i, sig) in rules.signals.iter().enumerate() {
        if fired[i] {
            let n = counts[i].min(sig.max_count) as f64;
            *strength.entry(sig.element.as_str()).or_default() += sig.weight * n;
        }
    }
    let present = |id: &str| strength.get(id).copied().unwrap_or(0.0);

    let mut verdict = Verdict::None;
    let mut best_score: f64 = 0.0;
    let mut schemes = Vec::new();
    let mut explained = Vec::new();
    let mut per_scheme: Vec<(usize, Verdict)> = Vec::new();
    for (si, scheme) in rules.schemes.iter().enumerate() {
        let mut score = 0.0;
        let mut elements_present = Vec::new();
        let mut elements_missing = Vec::new();
        let mut signals = Vec::new();
        for (el, pts) in &scheme.points {
            let s = strength.get(el.as_str()).copied().unwrap_or(0.0);
            if s >= PRESENT {
                score += pts * s.min(STRENGTH_CAP);
                elements_present.push(el.clone());
            } else {
                elements_missing.push(el.clone());
            }
            for (i, sig) in rules.signals.iter().enumerate() {
                if fired[i] && sig.element == *el && s >= PRESENT {
                    signals.push(SignalPoints {
                        signal: sig.id.clone(),
                        element: el.clone(),
                        points: pts * sig.weight * counts[i].min(sig.max_count) as f64,
                    });
                }
            }
        }
        let level = scheme
            .levels
            .iter()
            .find(|l| l.when.eval(&present))
            .map(|l| l.verdict);
        let v = level.unwrap_or(Verdict::None);
        per_scheme.push((si, v));
        best_score = best_score.max(score);
        verdict = verdict.max(v);
        explained.push(SchemeExplanation {
            id: scheme.id.clone(),
            name: scheme.name.get(lang).to_string(),
            listed: scheme.listed,
            verdict: v,
            score: round2(score),
            elements_present,
            elements_missing,
            signals,
        });
    }
    let mut caps_applied = Vec::new();
    for cap in &rules.caps {
        if cap.when.eval(&present) && verdict > cap.max {
            verdict = cap.max;
            caps_applied.push(cap.id.clone());
        }
    }
    // A weak hint is worth a `low`: any evidence at all of an attack element.
    if verdict == Verdict::None && best_score >= 1.0 && caps_applied.is_empty() {
        verdict = Verdict::Low;
    }
    for (si, v) in per_scheme {
        let scheme = &rules.schemes[si];
        let e = &explained[si];
        if scheme.listed && v >= Verdict::Low && verdict >= v.min(Verdict::Medium) {
            schemes.push(SchemeResult {
                id: scheme.id.clone(),
                name: e.name.clone(),
                score: e.score,
                verdict: v.min(verdict),
                elements_present: e.elements_present.clone(),
                elements_missing: e.elements_missing.clone(),
            });
        }
    }
    schemes.sort_by(|a, b| b.verdict.cmp(&a.verdict).then(b.score.total_cmp(&a.score)));
    let elements = strength
        .iter()
        .map(|(k, v)| ((*k).to_string(), round2(*v)))
        .collect();
    Scored {
        verdict,
        score: round2(best_score),
        schemes,
        explanation: Explanation {
            elements,
            schemes: explained,
            caps_applied,
        },
    }
}

/// Round to two decimals for stable output.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
