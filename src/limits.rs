//! Bounds on what a rule set may cost. Built-in rules sit far below each; user rules
//! (`--rules`) that reach one get an error naming the limit, never an exhausted machine.
//!
//! | what | limit |
//! |---|---|
//! | signals | [`MAX_SIGNALS`] |
//! | keywords (plain and accented, over all signals) | [`MAX_KEYWORDS`] |
//! | regexes | [`MAX_REGEXES`] |
//! | one regex, compiled | [`crate::rules::REGEX_SIZE_LIMIT`] (a located error at load) |
//! | the keyword automaton and its pattern table | [`MAX_AUTOMATON_BYTES`] |
//!
//! Regexes are compiled on first use, each within the regex crate's size limit above, plus a
//! lazy-DFA cache of at most [`crate::rules::REGEX_SIZE_LIMIT`] per thread; [`MAX_REGEXES`]
//! bounds their number. Record size is bounded separately, by `--max-record-bytes`.

use crate::RuleSet;
use crate::matcher::CompileError;

/// The most signals a rule set may hold.
pub const MAX_SIGNALS: usize = 100_000;
/// The most keywords (plain and accented) over all signals.
pub const MAX_KEYWORDS: usize = 2_000_000;
/// The most regexes over all signals.
pub const MAX_REGEXES: usize = 2_000;
/// The most heap the keyword automaton and its pattern table may take (512 MiB).
pub const MAX_AUTOMATON_BYTES: usize = 512 << 20;

/// Check the counts of `rules` against the limits, naming the file that crossed one.
///
/// # Errors
/// When a count is over its limit.
pub fn check_counts(rules: &RuleSet) -> Result<(), CompileError> {
    let over = |what: &str, n: usize, limit: usize, at: Option<&str>| {
        CompileError(format!(
            "{n} {what} in the rules, over the limit of {limit}{}",
            at.map(|p| format!(" (crossed in {p})")).unwrap_or_default()
        ))
    };
    if rules.signals.len() > MAX_SIGNALS {
        let at = rules.signals[MAX_SIGNALS].origin.path.as_str();
        return Err(over("signals", rules.signals.len(), MAX_SIGNALS, Some(at)));
    }
    let (mut keywords, mut regexes) = (0usize, 0usize);
    let (mut kw_at, mut re_at) = (None, None);
    for s in &rules.signals {
        keywords += s.keywords.len() + s.accented.len();
        regexes += s.regex.len();
        if keywords > MAX_KEYWORDS && kw_at.is_none() {
            kw_at = Some(s.origin.path.as_str());
        }
        if regexes > MAX_REGEXES && re_at.is_none() {
            re_at = Some(s.origin.path.as_str());
        }
    }
    if keywords > MAX_KEYWORDS {
        return Err(over("keywords", keywords, MAX_KEYWORDS, kw_at));
    }
    if regexes > MAX_REGEXES {
        return Err(over("regexes", regexes, MAX_REGEXES, re_at));
    }
    Ok(())
}

/// Check the heap of the compiled keyword automaton.
///
/// # Errors
/// When `bytes` is over [`MAX_AUTOMATON_BYTES`].
pub fn check_automaton(bytes: usize) -> Result<(), CompileError> {
    if bytes > MAX_AUTOMATON_BYTES {
        return Err(CompileError(format!(
            "the keyword automaton takes {} MiB, over the limit of {} MiB; use fewer or \
             shorter keywords",
            bytes >> 20,
            MAX_AUTOMATON_BYTES >> 20
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Origin, Signal};

    fn signal(keywords: usize, regexes: usize, path: &str) -> Signal {
        Signal {
            id: "s".into(),
            element: "e".into(),
            weight: 1.0,
            max_count: 1,
            description: crate::rules::Text {
                vi: String::new(),
                en: String::new(),
            },
            keywords: vec!["k".into(); keywords],
            accented: Vec::new(),
            regex: vec!["r".into(); regexes],
            examples: Vec::new(),
            negative_examples: Vec::new(),
            origin: Origin {
                path: path.into(),
                line: 1,
            },
        }
    }

    #[test]
    fn built_in_rules_are_far_below_every_limit() {
        let rules = RuleSet::builtin().unwrap();
        check_counts(&rules).unwrap();
        let kws: usize = rules
            .signals
            .iter()
            .map(|s| s.keywords.len() + s.accented.len())
            .sum();
        let res: usize = rules.signals.iter().map(|s| s.regex.len()).sum();
        assert!(rules.signals.len() * 100 < MAX_SIGNALS);
        assert!(kws * 100 < MAX_KEYWORDS, "{kws}");
        assert!(res * 10 < MAX_REGEXES, "{res}");
        let c = crate::Classifier::new(rules).unwrap();
        assert!(c.matcher.heap_bytes() * 100 < MAX_AUTOMATON_BYTES);
    }

    #[test]
    fn too_many_keywords_name_the_file_that_crossed_the_limit() {
        let rules = RuleSet {
            signals: vec![
                signal(MAX_KEYWORDS - 1, 0, "a.toml"),
                signal(2, 0, "b.toml"),
            ],
            ..Default::default()
        };
        let e = check_counts(&rules).unwrap_err().0;
        assert!(e.contains("2000001 keywords"), "{e}");
        assert!(e.contains("limit of 2000000"), "{e}");
        assert!(e.contains("crossed in b.toml"), "{e}");
    }

    #[test]
    fn too_many_regexes_and_signals_are_errors() {
        let rules = RuleSet {
            signals: vec![signal(0, MAX_REGEXES + 1, "r.toml")],
            ..Default::default()
        };
        assert!(check_counts(&rules).unwrap_err().0.contains("regexes"));
        let rules = RuleSet {
            signals: vec![signal(1, 0, "s.toml"); MAX_SIGNALS + 1],
            ..Default::default()
        };
        assert!(check_counts(&rules).unwrap_err().0.contains("signals"));
    }

    #[test]
    fn a_huge_automaton_is_an_error() {
        assert!(check_automaton(MAX_AUTOMATON_BYTES).is_ok());
        let e = check_automaton(MAX_AUTOMATON_BYTES + 1).unwrap_err().0;
        assert!(e.contains("over the limit of 512 MiB"), "{e}");
    }
}
