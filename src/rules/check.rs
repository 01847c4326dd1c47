//! The rule checker behind `canhgiac rules check` and the built-in rules test: every example
//! hits its signal, every negative example does not, every scheme can fire, every element is
//! used.

use crate::Classifier;
use std::collections::HashSet;

/// A problem found by the checker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// `error` or `warning`.
    pub severity: Severity,
    /// `path:line`.
    pub location: String,
    /// What is wrong.
    pub message: String,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The rule set is wrong.
    Error,
    /// Worth a look.
    Warning,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {sev}: {}", self.location, self.message)
    }
}

/// Check a compiled rule set.
pub fn check(classifier: &Classifier) -> Vec<Finding> {
    let rules = classifier.rules();
    let mut out = Vec::new();
    for (i, sig) in rules.signals.iter().enumerate() {
        let loc = format!("{}:{}", sig.origin.path, sig.origin.line);
        if sig.examples.is_empty() {
            out.push(Finding {
                severity: Severity::Warning,
                location: loc.clone(),
                message: format!("signal `{}` has no examples", sig.id),
            });
        }
        // The loader checks only the syntax of built-in regexes; compile them here.
        for r in &sig.regex {
            if let Err(e) = regex::bytes::RegexBuilder::new(&format!(" (?:{r}) "))
                .size_limit(crate::rules::REGEX_SIZE_LIMIT)
                .build()
            {
                out.push(Finding {
                    severity: Severity::Error,
                    location: loc.clone(),
                    message: format!("signal `{}`: regex does not compile: {e}", sig.id),
                });
            }
        }
        for r in &sig.regex {
            if let Some(word) = starred_word(r) {
                out.push(Finding {
                    severity: Severity::Warning,
                    location: loc.clone(),
                    message: format!(
                        "signal `{}`: in a regex, `{word}*` (as folded) repeats its last \
                         letter; for a word prefix write `{word}[^ ]*` (the `word*` form is \
                         for keywords and lexicon words)",
                        sig.id
                    ),
                });
            }
        }
        let mut rewritten: Vec<(String, &str)> = Vec::new();
        for r in &sig.regex {
            for found in rewritten_words(r) {
                if !rewritten.contains(&found) {
                    rewritten.push(found);
                }
            }
        }
        for (word, view) in rewritten {
            out.push(Finding {
                severity: Severity::Warning,
                location: loc.clone(),
                message: format!(
                    "signal `{}`: the regex word `{word}` (as folded, perhaps from a lexicon) \
                     never matches: the view always reads it as `{view}`; write that instead",
                    sig.id
                ),
            });
        }
        for ex in &sig.examples {
            if !classifier.signal_hits(ex).contains(&i) {
                out.push(Finding {
                    severity: Severity::Error,
                    location: loc.clone(),
                    message: format!("signal `{}` does not hit its example {ex:?}", sig.id),
                });
            }
        }
        for ex in &sig.negative_examples {
            if classifier.signal_hits(ex).contains(&i) {
                out.push(Finding {
                    severity: Severity::Error,
                    location: loc.clone(),
                    message: format!("signal `{}` hits its negative example {ex:?}", sig.id),
                });
            }
        }
    }
    let mut used: HashSet<&str> = rules.signals.iter().map(|s| s.element.as_str()).collect();
    for scheme in &rules.schemes {
        if scheme.levels.is_empty() || !scheme.levels.iter().any(|l| l.when.satisfiable()) {
            out.push(Finding {
                severity: Severity::Error,
                location: format!("scheme {}", scheme.id),
                message: format!("scheme `{}` has no level that can ever hold", scheme.id),
            });
        }
        for l in &scheme.levels {
            let mut els = Vec::new();
            l.when.elements(&mut els);
            for (e, _) in &els {
                if !rules.signals.iter().any(|s| &s.element == e) {
                    out.push(Finding {
                        severity: Severity::Warning,
                        location: format!("scheme {}", scheme.id),
                        message: format!("element `{e}` has no signal, so it is never present"),
                    });
                }
            }
        }
        used.extend(scheme.points.keys().map(String::as_str));
    }
    for el in &rules.elements {
        if !used.contains(el.id.as_str())
            && !rules.caps.iter().any(|c| {
                let mut els = Vec::new();
                c.when.elements(&mut els);
                els.iter().any(|(e, _)| *e == el.id)
            })
        {
            out.push(Finding {
                severity: Severity::Warning,
                location: "elements".into(),
                message: format!(
                    "element `{}` is not used by any signal, scheme or cap",
                    el.id
                ),
            });
        }
    }
    out
}

/// Warnings from hit statistics on labelled corpora: a signal that fires on more non-scams
/// than scams, or never fires at all (counter-signals excepted).
pub fn corpus_findings(
    classifier: &Classifier,
    stats: &[crate::eval::SignalStats],
) -> Vec<Finding> {
    let rules = classifier.rules();
    stats
        .iter()
        .filter_map(|st| {
            let sig = rules.signals.iter().find(|s| s.id == st.signal)?;
            // Counter-signals are meant to fire on texts about scams.
            if crate::COUNTER_ELEMENTS.contains(&sig.element.as_str()) {
                return None;
            }
            let location = format!("{}:{}", sig.origin.path, sig.origin.line);
            let message = if st.positives + st.negatives == 0 {
                format!("signal `{}` never fires on the corpora", st.signal)
            } else if st.negatives > st.positives {
                format!(
                    "signal `{}` fires on more non-scams ({}) than scams ({})",
                    st.signal, st.negatives, st.positives
                )
            } else {
                return None;
            };
            Some(Finding {
                severity: Severity::Warning,
                location,
                message,
            })
        })
        .collect()
}

/// The word before the first `*` that follows a letter in regex `r` (outside classes and
/// escapes), as written when a keyword's prefix form was meant ("record*").
fn starred_word(r: &str) -> Option<String> {
    let mut chars = r.chars().peekable();
    let (mut in_class, mut word) = (false, String::new());
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
                word.clear();
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '*' if !in_class && word.chars().count() >= 2 => return Some(word),
            c if !in_class && c.is_alphabetic() => word.push(c),
            _ => word.clear(),
        }
    }
    None
}

/// The whole words of regex `r` (outside classes and escapes, not under a quantifier) that
/// the view always rewrites, with what the view writes instead (the caller removes repeats).
fn rewritten_words(r: &str) -> Vec<(String, &'static str)> {
    let chars: Vec<char> = r.chars().collect();
    let (mut out, mut i, mut in_class) = (Vec::<(String, &str)>::new(), 0, false);
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '[' if !in_class => {
                in_class = true;
                i += 1;
            }
            ']' if in_class => {
                in_class = false;
                i += 1;
            }
            c if !in_class && c.is_alphanumeric() => {
                let start = i;
                while i < chars.len() && chars[i].is_alphanumeric() {
                    i += 1;
                }
                // A word is whole when spaces, group syntax or alternation bound it.
                let before = start.checked_sub(1).map(|k| chars[k]);
                let whole_before = before.is_none_or(|b| matches!(b, ' ' | '(' | '|' | ':'));
                let whole_after = chars.get(i).is_none_or(|a| matches!(a, ' ' | ')' | '|'));
                let word: String = chars[start..i].iter().collect();
                if whole_before
                    && whole_after
                    && let Some(view) = crate::normalize::view_rewrites(&word)
                {
                    out.push((word, view));
                }
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSet;

    /// The built-in rules pass their own checker: every example hits its signal, every
    /// negative example does not, every scheme can fire.
    #[test]
    fn builtin_rules_pass_the_checker() {
        let c = Classifier::new(RuleSet::builtin().unwrap()).unwrap();
        let errors: Vec<String> = check(&c)
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(ToString::to_string)
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }

    #[test]
    fn a_starred_word_in_a_regex_is_flagged() {
        assert_eq!(starred_word("(?:quay|record*) x"), Some("record".into()));
        assert_eq!(starred_word("(?:quay|record[^ ]*) x"), None);
        assert_eq!(starred_word("a* b+ \\w* [ab]*"), None);
        let starred = builtin_findings("repeats its last letter");
        assert!(starred.is_empty(), "{}", starred.join("\n"));
    }

    /// The built-in rules' findings whose message contains `text`.
    fn builtin_findings(text: &str) -> Vec<String> {
        let c = Classifier::new(RuleSet::builtin().unwrap()).unwrap();
        check(&c)
            .iter()
            .filter(|f| f.message.contains(text))
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_regex_word_the_view_rewrites_is_flagged() {
        assert_eq!(
            rewritten_words("(?:với|vs|with) {gap:2}(?:ny|bạn) [vs]+ vs?"),
            [("vs".to_string(), "voi"), ("ny".to_string(), "nguoi yeu")]
        );
        assert!(rewritten_words("(?:k|im|với) 5 k").is_empty());
        let rewritten = builtin_findings("never matches: the view");
        assert!(rewritten.is_empty(), "{}", rewritten.join("\n"));
    }

    #[test]
    fn a_failing_example_is_reported_with_its_place() {
        let mut l = crate::rules::Loader::with_builtin().unwrap();
        l.add_source(
            "mine.toml",
            "[[signal]]\nid = \"mine\"\nelement = \"threat_spread\"\n\
             description = { vi = \"x\", en = \"x\" }\nkeywords = [\"quạ đen\"]\n\
             examples = [\"con cò trắng\"]\nnegative_examples = [\"quạ đen bay\"]\n",
        )
        .unwrap();
        let c = Classifier::new(l.finish().unwrap()).unwrap();
        let found: Vec<String> = check(&c).iter().map(ToString::to_string).collect();
        assert!(
            found
                .iter()
                .any(|f| f.starts_with("mine.toml:2: error: signal `mine` does not hit")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|f| f.contains("hits its negative example \"quạ đen bay\"")),
            "{found:?}"
        );
    }
}
