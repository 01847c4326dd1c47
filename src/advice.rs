//! The advisory's advice, chosen by the schemes recognised and the verdict.

use crate::report::{AdviceItem, SchemeResult};
use crate::rules::{Lang, RuleSet};
use crate::score::Verdict;

/// The advice for a text with `verdict` and `schemes`: every item whose minimum verdict is
/// reached and which names one of the schemes (or names none).
pub fn select(
    rules: &RuleSet,
    verdict: Verdict,
    schemes: &[SchemeResult],
    lang: Lang,
) -> Vec<AdviceItem> {
    rules
        .advice
        .iter()
        .filter(|a| verdict >= a.min_verdict)
        .filter(|a| {
            a.schemes.is_empty() || a.schemes.iter().any(|s| schemes.iter().any(|r| &r.id == s))
        })
        .map(|a| AdviceItem {
            id: a.id.clone(),
            text: a.text.get(lang).to_string(),
        })
        .collect()
}

/// The citation of the advisory, in `lang` (`"Công an tỉnh Lạng Sơn, 2024-12-04: …"`).
pub fn citation(rules: &RuleSet, lang: Lang) -> Option<String> {
    rules
        .source
        .as_ref()
        .map(|s| format!("{}, {}: \"{}\"", s.issuer.get(lang), s.date, s.title))
}
