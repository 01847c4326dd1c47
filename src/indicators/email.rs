//! E-mail addresses, plain (`an.b@proton.me`) and spelled out to dodge filters
//! (`abc [at] protonmail [dot] com`, `abc @ proton mail . com`, `abc(at)gmail(dot)com`,
//! `abc [a còng] gmail [chấm] com`).
//!
//! Plain addresses are matched on the text itself; spelled-out ones on the [`Folded`] text so
//! that "còng", "CHẤM" and their NFD forms read alike. A spelled-out match is taken only when
//! something in it is clearly an obfuscation (brackets, "a còng", or a spelled "dot" after a
//! bare "at"), so English like "visit us at example.com" is not read as `us@example.com`.

use super::fold::Folded;
use super::{Indicator, re};
use regex::Regex;
use std::sync::OnceLock;

/// Top-level domains accepted after a spelled-out dot; a plain address accepts any.
const TLDS: &[&str] = &[
    "com", "net", "org", "vn", "me", "io", "ch", "de", "info", "biz", "co", "us", "uk", "ru", "cc",
    "xyz", "email", "online", "pro", "edu", "gov", "fr", "jp", "cn", "kr", "site", "top", "vip",
    "app", "dev", "mail",
];

struct Patterns {
    plain: Regex,
    spelled: Regex,
    dot: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let dot = r"(?:\s*[\[\(\{<]\s*(?:dot|cham|\.)\s*[\]\)\}>]\s*|\s+(?:dot|cham)\s+|\s*\.\s*)";
        let label = r"[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?";
        Patterns {
            plain: re(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}"),
            spelled: re(&format!(
                r"(?P<local>[a-z0-9][a-z0-9._%+\-]*)(?P<at>\s*[\[\(\{{<]\s*(?:at|a\s?cong|a|@)\s*[\]\)\}}>]\s*|\s+(?:at|a\s?cong)\s+|\s*@\s*)(?P<domain>{label}(?:\s{label})?(?:{dot}{label})*{dot}[a-z]{{2,6}})(?-u:\b)"
            )),
            dot: re(dot),
        }
    })
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Every e-mail address in `text` (plain ones first), each with its lowercase canonical form.
pub(crate) fn find(text: &str, folded: &Folded) -> Vec<Indicator> {
    let mut out = Vec::new();
    // The patterns are compiled only for a text that passes the cheap checks below.
    if text.contains('@') {
        for m in patterns().plain.find_iter(text) {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            if is_word_char(before) || is_word_char(after) || before == Some('@') {
                continue;
            }
            out.push(Indicator::new(
                text,
                m.start(),
                m.end(),
                m.as_str().to_ascii_lowercase(),
            ));
        }
    }
    let f = folded.text.as_str();
    if !(f.contains('@')
        || f.contains("at")
        || f.contains("cong")
        || f.contains("(a)")
        || f.contains("[a]"))
    {
        return out;
    }
    let p = patterns();
    for c in p.spelled.captures_iter(f) {
        let (Some(m), Some(local), Some(at), Some(domain)) =
            (c.get(0), c.name("local"), c.name("at"), c.name("domain"))
        else {
            continue;
        };
        let (start, end) = folded.span(m.start(), m.end());
        if out.iter().any(|o| o.start < end && start < o.end) {
            continue;
        }
        // The name parts must be written in ASCII in the source ("đức" folds to "duc").
        let (ls, le) = folded.span(local.start(), local.end());
        if !text[ls..le].is_ascii() || is_word_char(text[..start].chars().next_back()) {
            continue;
        }
        let at = at.as_str().trim();
        let bracketed = at.starts_with(['[', '(', '{', '<']);
        let spaced = m.as_str().contains(char::is_whitespace);
        // Split the domain at its dots, keeping each label's place in the folded text.
        let d = domain.as_str();
        let mut labels: Vec<(usize, usize)> = Vec::new();
        let mut spelled_dot = false;
        let mut last = 0;
        for sep in p.dot.find_iter(d) {
            labels.push((last, sep.start()));
            spelled_dot |= sep.as_str().trim() != ".";
            last = sep.end();
        }
        labels.push((last, d.len()));
        let tld = labels.last().map_or("", |&(a, b)| &d[a..b]);
        let obfuscated = bracketed
            || at.contains("cong")
            || (at == "at" && spelled_dot)
            || (at == "@" && (spelled_dot || spaced));
        if !obfuscated || !TLDS.contains(&tld) || is_word_char(text[end..].chars().next()) {
            continue;
        }
        let ascii = labels.iter().all(|&(a, b)| {
            let (s, e) = folded.span(domain.start() + a, domain.start() + b);
            text[s..e].is_ascii()
        });
        if !ascii {
            continue;
        }
        let names: Vec<String> = labels
            .iter()
            .map(|&(a, b)| d[a..b].split_whitespace().collect())
            .collect();
        let normalized = format!("{}@{}", local.as_str(), names.join("."));
        out.push(Indicator::new(text, start, end, normalized));
    }
    out.sort_by_key(|i| i.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emails(t: &str) -> Vec<String> {
        find(t, &Folded::new(t))
            .into_iter()
            .map(|i| i.normalized)
            .collect()
    }

    #[test]
    fn plain_and_spelled_out_forms() {
        for (t, want) in [
            ("viết cho An.B@Proton.me, nhé", "an.b@proton.me"),
            (
                "liên hệ abc [at] protonmail [dot] com",
                "abc@protonmail.com",
            ),
            ("mail abc @ proton mail . com ngay", "abc@protonmail.com"),
            ("abc(at)gmail(dot)com", "abc@gmail.com"),
            ("abc [a còng] gmail [chấm] com", "abc@gmail.com"),
            ("ABC A CÒNG GMAIL CHẤM COM", "abc@gmail.com"),
            (
                "abc a co\u{300}ng gmail cha\u{302}\u{301}m com",
                "abc@gmail.com",
            ),
            ("hacker99 at tutanota dot com", "hacker99@tutanota.com"),
            ("x.y(a)gmail.com", "x.y@gmail.com"),
        ] {
            assert_eq!(emails(t), [want], "{t}");
        }
    }

    #[test]
    fn english_at_is_not_an_email() {
        assert!(emails("visit us at example.com today").is_empty());
        assert!(emails("gặp nhau at 5.30 chiều").is_empty());
        assert!(emails("anh.đức@gmail.com").is_empty());
    }

    #[test]
    fn spans_cover_the_written_form() {
        let t = "Gửi về: abc [a còng] gmail [chấm] com.";
        let e = &find(t, &Folded::new(t))[0];
        assert_eq!(e.value, "abc [a còng] gmail [chấm] com");
    }
}
