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
    /// The per-scheme reasoning, when asked for (`--explain`, `eval`).
    pub explanation: Option<Explanation>,
}

/// Score the hits of one text.
///
/// `counts[i]` is how many distinct texts signal `i` matched. With `explain`, the reasoning
/// for every scheme is kept; without it, only for the schemes listed in the result (most
/// records list none, and building the rest was most of the cost of scoring).
pub fn score(rules: &RuleSet, counts: &[usize], lang: Lang, explain: bool) -> Scored {
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
    let mut per_scheme: Vec<(usize, Verdict, f64)> = Vec::new();
    for (si, scheme) in rules.schemes.iter().enumerate() {
        let mut score = 0.0;
        for (el, pts) in &scheme.points {
            let s = strength.get(el.as_str()).copied().unwrap_or(0.0);
            if s >= PRESENT {
                score += pts * s.min(STRENGTH_CAP);
            }
        }
        let level = scheme
            .levels
            .iter()
            .find(|l| l.when.eval(&present))
            .map(|l| l.verdict);
        let v = level.unwrap_or(Verdict::None);
        per_scheme.push((si, v, round2(score)));
        best_score = best_score.max(score);
        verdict = verdict.max(v);
    }
    // The reasoning of scheme `si` (scored `score`, at verdict `v`).
    let explain_scheme = |si: usize, v: Verdict, score: f64| {
        let scheme = &rules.schemes[si];
        let mut elements_present = Vec::new();
        let mut elements_missing = Vec::new();
        let mut signals = Vec::new();
        for (el, pts) in &scheme.points {
            let s = strength.get(el.as_str()).copied().unwrap_or(0.0);
            if s >= PRESENT {
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
        SchemeExplanation {
            id: scheme.id.clone(),
            name: scheme.name.get(lang).to_string(),
            listed: scheme.listed,
            verdict: v,
            score,
            elements_present,
            elements_missing,
            signals,
        }
    };
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
    let explained: Option<Vec<SchemeExplanation>> = explain.then(|| {
        per_scheme
            .iter()
            .map(|&(si, v, score)| explain_scheme(si, v, score))
            .collect()
    });
    for &(si, v, score) in &per_scheme {
        let scheme = &rules.schemes[si];
        if scheme.listed && v >= Verdict::Low && verdict >= v.min(Verdict::Medium) {
            let e = match &explained {
                Some(all) => all[si].clone(),
                None => explain_scheme(si, v, score),
            };
            schemes.push(SchemeResult {
                id: e.id,
                name: e.name,
                score: e.score,
                verdict: v.min(verdict),
                elements_present: e.elements_present,
                elements_missing: e.elements_missing,
            });
        }
    }
    schemes.sort_by(|a, b| b.verdict.cmp(&a.verdict).then(b.score.total_cmp(&a.score)));
    Scored {
        verdict,
        score: round2(best_score),
        schemes,
        explanation: explained.map(|schemes| Explanation {
            elements: strength
                .iter()
                .map(|(k, v)| ((*k).to_string(), round2(*v)))
                .collect(),
            schemes,
            caps_applied,
        }),
    }
}

/// Round to two decimals for stable output.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
