//! URLs and bare domains, and the contact handles among them: Telegram (`@name`, `t.me/…`),
//! Zalo (`zalo.me/…`) and Facebook (`facebook.com/…`, `fb.com/…`) profiles.

use super::{Indicator, re};
use regex::Regex;
use std::sync::OnceLock;

/// Top-level domains recognised in a bare domain (no scheme, no `www.`). Short Vietnamese
/// words that are also TLDs ("to", "in", "ai") are left out: unaccented chat text writes them
/// right after a dot.
const BARE_TLDS: &str = "com|net|org|vn|io|me|xyz|top|info|vip|online|site|club|shop|store|live|app|link|click|help|cc|tk|ml|ga|cf|gq|pro|biz|asia|today|support|services|icu|cyou|buzz|co|uk|us|ru|cn|ly|gg|dev|ch|de|fr|jp|kr|tv|ws|su|one|fun|win|bet|money|finance|exchange|pw|email|page|onion";

struct Patterns {
    url: Regex,
    handle: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        url: re(&format!(
            r#"(?i:(?-u:\b)(?:(?:https?|hxxps?)://|www\.)[^\s<>()\[\]{{}}"'`]+|(?-u:\b)(?:[a-z0-9](?:[a-z0-9\-]{{0,61}}[a-z0-9])?\.)+(?:{BARE_TLDS})(?-u:\b)(?::[0-9]{{2,5}})?(?:/[^\s<>()\[\]{{}}"'`]*)?)"#
        )),
        handle: re(r"@[A-Za-z][A-Za-z0-9_]{3,31}"),
    })
}

/// Trailing characters that end a sentence rather than a URL.
fn trim_end(s: &str) -> &str {
    let t = s.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '…', '*']);
    if t.len() < s.len() { trim_end(t) } else { t }
}

/// Every URL or bare domain in `text`, each with a scheme in its canonical form (`http://`
/// added when missing, `hxxp` refanged, scheme and host lowercase).
///
/// A bare domain whose first label is written with non-ASCII letters (an IDN, or a homoglyph
/// attack: "dichvuсоng-gov.vn" with Cyrillic "со") is taken whole.
pub(crate) fn urls(text: &str) -> Vec<Indicator> {
    let mut out = Vec::new();
    if !text.contains('.') {
        return out;
    }
    for m in patterns().url.find_iter(text) {
        let value = trim_end(m.as_str());
        let (mut start, end) = (m.start(), m.start() + value.len());
        if value.is_empty() || text[end..].starts_with(|c: char| c.is_alphanumeric()) {
            continue;
        }
        let bare = !value.contains("://")
            && !value
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case("www."));
        if bare {
            for (i, c) in text[..start].char_indices().rev() {
                if !(c.is_alphanumeric()
                    || c == '-'
                    || unicode_normalization::char::is_combining_mark(c))
                {
                    break;
                }
                start = i;
            }
            start = start + text[start..].len() - text[start..].trim_start_matches('-').len();
        }
        let before = text[..start].chars().next_back();
        // A letter or a dot right before: the tail of a longer token (prose, file names).
        if before.is_some_and(|c| c.is_alphanumeric() || c == '.') {
            continue;
        }
        out.push(Indicator::new(
            text,
            start,
            end,
            canonical_url(&text[start..end]),
        ));
    }
    out
}

fn canonical_url(v: &str) -> String {
    let (scheme, rest) = match v.find("://") {
        Some(i) => {
            let s = v[..i].to_ascii_lowercase().replace("xx", "tt");
            (s, &v[i + 3..])
        }
        None => ("http".to_string(), v),
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    format!(
        "{scheme}://{}{}",
        rest[..host_end].to_ascii_lowercase(),
        &rest[host_end..]
    )
}

/// Handles: bare `@name` (not part of an e-mail or a domain) and profile links found among
/// `urls`. Telegram links normalise to `@name`; Zalo and Facebook links to `host/path`.
pub(crate) fn handles(text: &str, urls: &[Indicator]) -> Vec<Indicator> {
    let mut out = Vec::new();
    if text.contains('@') {
        for m in patterns().handle.find_iter(text) {
            let before = text[..m.start()].chars().next_back();
            let after = &text[m.end()..];
            let email_local = before.is_some_and(|c| c.is_alphanumeric() || "._%+-@".contains(c));
            let more = after.starts_with(|c: char| c.is_alphanumeric() || c == '_')
                || (after.starts_with(['.', '-'])
                    && after[1..].starts_with(|c: char| c.is_ascii_alphanumeric()));
            if email_local || more {
                continue;
            }
            let mut h = Indicator::new(text, m.start(), m.end(), m.as_str().to_ascii_lowercase());
            h.network = None;
            out.push(h);
        }
    }
    for u in urls {
        if let Some((network, normalized)) = profile(&u.normalized) {
            let mut h = Indicator::new(text, u.start, u.end, normalized);
            h.network = Some(network.to_string());
            out.push(h);
        }
    }
    out.sort_by_key(|h| h.start);
    out
}

/// The messenger and canonical handle of a profile link (`normalized` has a scheme).
fn profile(normalized: &str) -> Option<(&'static str, String)> {
    let rest = &normalized[normalized.find("://")? + 3..];
    let (host, path) = rest.split_once('/')?;
    let host = host
        .trim_start_matches("www.")
        .trim_start_matches("m.")
        .trim_start_matches("web.")
        .trim_start_matches("mobile.");
    let path = path.trim_end_matches('/');
    let first = path.split(['/', '?', '#']).next().unwrap_or("");
    if first.is_empty() {
        return None;
    }
    match host {
        "t.me" | "telegram.me" | "telegram.dog" => {
            let name = first.to_ascii_lowercase();
            if first.starts_with('+') || name == "joinchat" || name == "s" {
                Some(("Telegram", format!("t.me/{path}")))
            } else {
                Some(("Telegram", format!("@{name}")))
            }
        }
        "zalo.me" => Some(("Zalo", format!("zalo.me/{first}"))),
        "facebook.com" | "fb.com" | "fb.me" => {
            let path = if first == "profile.php" {
                path.split('#').next().unwrap_or(path).to_string()
            } else {
                first.to_string()
            };
            Some(("Facebook", format!("facebook.com/{path}")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(v: Vec<Indicator>) -> Vec<String> {
        v.into_iter().map(|i| i.normalized).collect()
    }

    #[test]
    fn urls_get_a_scheme_and_lose_sentence_punctuation() {
        let t = "Xem https://Example.COM/a?b=1. Hoặc www.lừa-đảo.vn, hoặc mail.google.com/x và hxxp://bad.xyz";
        assert_eq!(
            norm(urls(t)),
            [
                "https://example.com/a?b=1",
                "http://www.lừa-đảo.vn",
                "http://mail.google.com/x",
                "http://bad.xyz"
            ]
        );
    }

    #[test]
    fn handles_from_at_names_and_profile_links() {
        let t = "Nhắn @Hacker_VN hoặc t.me/Hacker_VN, zalo.me/0912345678, facebook.com/le.van.a?ref=1, a@b.com";
        let u = urls(t);
        let h = handles(t, &u);
        assert_eq!(
            norm(h.clone()),
            [
                "@hacker_vn",
                "@hacker_vn",
                "zalo.me/0912345678",
                "facebook.com/le.van.a"
            ]
        );
        assert_eq!(h[1].network.as_deref(), Some("Telegram"));
        assert_eq!(h[0].network, None);
    }

    #[test]
    fn prose_is_not_a_url() {
        assert!(urls("Tp.HCM, v.v. và 1.000.000 đồng").is_empty());
    }

    #[test]
    fn homoglyph_domains_are_taken_whole() {
        let t = "link dichvu\u{441}\u{43e}ng-gov.vn/app.apk";
        assert_eq!(
            norm(urls(t)),
            ["http://dichvu\u{441}\u{43e}ng-gov.vn/app.apk"]
        );
    }
}
