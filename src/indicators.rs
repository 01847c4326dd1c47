//! Indicators in the text: e-mail addresses, URLs and wallet addresses. Here they are found so
//! that the normalizer can mask them (their letter runs would otherwise fire keywords) and so
//! that rules can name them through placeholder tokens.

use crate::normalize::{EMAIL_TOKEN, Mask, URL_TOKEN, WALLET_TOKEN};
use regex::Regex;
use std::sync::OnceLock;

fn patterns() -> &'static [(Regex, &'static str); 3] {
    static P: OnceLock<[(Regex, &'static str); 3]> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("built-in indicator regex");
        [
            (re(r"(?i)[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}"), EMAIL_TOKEN),
            (
                re(r"(?i)\b(?:https?://|www\.|t\.me/)[^\s<>()\x22']+|\b[a-z0-9\-]+\.(?:com|net|org|vn|io|me|xyz|top|info|vip|online|site|club|shop|store|live|app|link|click|help|cc|tk|ml|ga|cf|gq|pro|biz|asia|today|support|services|icu|cyou|buzz|co|uk|us)(?:/[^\s<>()\x22']*)?"),
                URL_TOKEN,
            ),
            (
                re(r"\b(?:T[1-9A-HJ-NP-Za-km-z]{33}|0x[0-9a-fA-F]{40}|(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{25,87}|[13][1-9A-HJ-NP-Za-km-z]{25,34})\b"),
                WALLET_TOKEN,
            ),
        ]
    })
}

/// Spans to mask in `text`, sorted and non-overlapping (earlier and longer spans win).
pub fn masks(text: &str) -> Vec<Mask> {
    let mut out: Vec<Mask> = Vec::new();
    if !text.bytes().any(|b| {
        b == b'@'
            || b == b'.'
            || b == b'T'
            || b == b'0'
            || b == b'1'
            || b == b'3'
            || b == b'b'
            || b == b'B'
    }) {
        return out;
    }
    for (re, token) in patterns() {
        for m in re.find_iter(text) {
            out.push(Mask {
                start: m.start(),
                end: m.end(),
                token,
            });
        }
    }
    out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Mask> = Vec::with_capacity(out.len());
    for m in out {
        if kept.last().is_none_or(|k| m.start >= k.end) {
            kept.push(m);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_emails_urls_and_wallets() {
        let t = "viết cho an.b@proton.me, ví TXk3Lq9vYpG7mR2sD5fH8jK1nB4cV6xZ9w hoặc 0x52908400098527886E0F7030069857D2E4169EE7, xem t.me/abc";
        let m = masks(t);
        let kinds: Vec<_> = m.iter().map(|m| m.token).collect();
        assert_eq!(kinds, [EMAIL_TOKEN, WALLET_TOKEN, WALLET_TOKEN, URL_TOKEN]);
        assert_eq!(&t[m[0].start..m[0].end], "an.b@proton.me");
    }

    #[test]
    fn plain_words_are_not_indicators() {
        assert!(masks("Tôi sẽ gửi clip cho vợ anh").is_empty());
    }
}
