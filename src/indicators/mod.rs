//! Indicators in the text: wallet addresses, e-mail addresses, phone numbers, URLs, messenger
//! handles, amounts of money and deadlines.
//!
//! Two uses:
//! - [`masks`] finds e-mails, URLs and wallets so that the normalizer can replace them with
//!   placeholder tokens (their letter runs would otherwise fire keywords, and rules name them
//!   through the tokens);
//! - [`extract`] returns every indicator with its span, a canonical form and, for wallets, the
//!   checksum result and network, for investigators and for reports.
//!
//! Both work on the *decoded* text ([`crate::decode`]); spans are byte offsets into it. Patterns
//! that involve words (spelled-out e-mails, amounts, deadlines) run on a light fold of the text
//! (lowercase, Vietnamese marks dropped, NFC and NFD alike) with an offset map back, so
//! "TRIỆU", "triệu" in NFD and unaccented "trieu" read the same.
//!
//! # Cost
//! Linear in the input. Each family is skipped by a byte test when it cannot occur (no digit,
//! no `@`, no `.`); regexes are compiled once per process. Pure-ASCII text is folded without an
//! offset map.

mod amount;
mod deadline;
mod email;
mod fold;
mod link;
mod phone;
mod wallet;

use crate::normalize::{EMAIL_TOKEN, Mask, URL_TOKEN, WALLET_TOKEN};
use fold::Folded;
use regex::Regex;
use serde::{Deserialize, Serialize};

/// One indicator found in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// The text as written, exactly `text[start..end]` of the decoded text (a split wallet
    /// address keeps its spaces and line breaks).
    pub value: String,
    /// The canonical form: an e-mail lowercased and de-obfuscated, a phone in E.164 (`+84…`),
    /// a URL with a scheme, a wallet without gaps (EIP-55 case for `0x`, lowercase bech32), a
    /// handle as `@name` or `host/id`, an amount as `"<number> <UNIT>"`, a deadline in the
    /// forms listed in [`extract`].
    pub normalized: String,
    /// Start byte offset in the decoded text.
    pub start: usize,
    /// End byte offset (exclusive) in the decoded text.
    pub end: usize,
    /// The checksum result where the indicator has one (wallets): `Some(false)` for an address
    /// with the right shape and a wrong checksum (a typo, or a made-up address). `None` for an
    /// all-lowercase or all-uppercase `0x` address, which carries no checksum.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub valid: Option<bool>,
    /// The network of a wallet (`"TRC20"`, `"ERC20/BEP20"`, `"BTC"`) or the messenger of a
    /// profile link (`"Telegram"`, `"Zalo"`, `"Facebook"`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub network: Option<String>,
}

impl Indicator {
    /// An indicator over `text[start..end]` with no checksum and no network.
    fn new(text: &str, start: usize, end: usize, normalized: String) -> Indicator {
        Indicator {
            value: text[start..end].to_string(),
            normalized,
            start,
            end,
            valid: None,
            network: None,
        }
    }
}

/// Every indicator of a text, by kind, each list in text order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Indicators {
    /// Crypto wallet addresses, with `valid` and `network`.
    pub wallets: Vec<Indicator>,
    /// E-mail addresses, plain or spelled out.
    pub emails: Vec<Indicator>,
    /// Vietnamese phone numbers (not bank account numbers).
    pub phones: Vec<Indicator>,
    /// URLs and bare domains, profile links included.
    pub urls: Vec<Indicator>,
    /// Messenger handles: bare `@name` (network unknown) and Telegram, Zalo and Facebook
    /// profile links (also listed in `urls`).
    pub handles: Vec<Indicator>,
    /// Amounts of money.
    pub amounts: Vec<Indicator>,
    /// Deadlines.
    pub deadlines: Vec<Indicator>,
}

impl Indicators {
    /// The lists with their kind names, in report order.
    pub fn by_kind(&self) -> [(&'static str, &Vec<Indicator>); 7] {
        [
            ("wallet", &self.wallets),
            ("email", &self.emails),
            ("phone", &self.phones),
            ("url", &self.urls),
            ("handle", &self.handles),
            ("amount", &self.amounts),
            ("deadline", &self.deadlines),
        ]
    }

    /// The lists, mutable (to map spans to input offsets).
    pub fn lists_mut(&mut self) -> [&mut Vec<Indicator>; 7] {
        [
            &mut self.wallets,
            &mut self.emails,
            &mut self.phones,
            &mut self.urls,
            &mut self.handles,
            &mut self.amounts,
            &mut self.deadlines,
        ]
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.wallets.is_empty()
            && self.emails.is_empty()
            && self.phones.is_empty()
            && self.urls.is_empty()
            && self.handles.is_empty()
            && self.amounts.is_empty()
            && self.deadlines.is_empty()
    }
}

/// Compile a built-in pattern (a bug if it fails; the unit tests compile them all).
fn re(src: &str) -> Regex {
    Regex::new(src).expect("built-in indicator regex")
}

fn overlaps(a: &Indicator, b: &[Indicator]) -> bool {
    b.iter().any(|x| x.start < a.end && a.start < x.end)
}

fn wallets(text: &str) -> Vec<Indicator> {
    wallet::find(text)
        .into_iter()
        .map(|w| {
            let mut i = Indicator::new(text, w.start, w.end, w.normalized);
            i.valid = w.valid;
            i.network = Some(w.chain.network().to_string());
            i
        })
        .collect()
}

/// Find every indicator in the decoded `text`.
///
/// - **wallets**: TRON `T…` (base58check, version 0x41), `0x` + 40 hex (EIP-55 checked when
///   the case is mixed), Bitcoin `1…`/`3…` (base58check) and `bc1…` (bech32/bech32m). An
///   address split by spaces or line breaks is joined when the joined string validates.
/// - **emails**: plain, and spelled out (`abc [at] gmail [dot] com`, `abc @ proton mail .
///   com`, `abc(at)gmail(dot)com`, `abc [a còng] gmail [chấm] com`).
/// - **phones**: Vietnamese mobile and landline numbers, national or `+84`, in E.164; not a
///   number right after "STK", "tài khoản", "TK", "account" or a bank's name.
/// - **urls**: with a scheme, `www.`, or a bare domain with a known TLD; normalised with a
///   scheme. **handles**: `@name` outside e-mails, `t.me/…` (→ `@name`), `zalo.me/…`,
///   `facebook.com/…`/`fb.com/…`.
/// - **amounts**: `"<number> <UNIT>"`, UNIT in `VND`, `USD`, `USDT`, `BTC`, `ETH`:
///   "10.000 USDT" → `10000 USDT`, "15tr" → `15000000 VND`, "1,5 tỷ" → `1500000000 VND`,
///   "30 nghìn đô" → `30000 USD`, "$2,000" → `2000 USD`, "2 củ" → `2000000 VND`,
///   "30 lít" → `3000000 VND`, "nửa tỷ" → `500000000 VND`, "0.05 BTC" → `0.05 BTC`.
/// - **deadlines**: a time limit as count + unit (`"48h"`, `"30min"`, `"3d"`, `"1w"`), or a
///   point as `"HH:MM"` and/or a day (`"DD/MM"`, `"DD/MM/YYYY"`, `"today"`, `"tomorrow"`, an
///   English weekday, `"midnight"`, `"eod"`): "trong vòng 24h" → `24h`, "trước 17h ngày 20/12"
///   → `17:00 20/12`, "hạn chót thứ Sáu" → `friday`, "trước 12h trưa mai" →
///   `12:00 tomorrow`, "by midnight" → `midnight`.
///
/// Phones are not taken inside wallets or e-mails, amounts not inside any of the above.
/// Never panics; linear in the input.
///
/// ```
/// let text = "Chuyển 10.000 USDT vào ví 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed \
///             trong 48 giờ, liên hệ abc [at] proton [dot] me";
/// let found = canhgiac::indicators::extract(text);
/// assert_eq!(found.amounts[0].normalized, "10000 USDT");
/// assert_eq!(found.wallets[0].valid, Some(true));
/// assert_eq!(found.wallets[0].network.as_deref(), Some("ERC20/BEP20"));
/// assert_eq!(found.deadlines[0].normalized, "48h");
/// assert_eq!(found.emails[0].normalized, "abc@proton.me");
/// ```
pub fn extract(text: &str) -> Indicators {
    let folded = Folded::new(text);
    let wallets = wallets(text);
    let emails = email::find(text, &folded);
    let urls: Vec<Indicator> = link::urls(text)
        .into_iter()
        .filter(|u| !overlaps(u, &emails))
        .collect();
    let handles: Vec<Indicator> = link::handles(text, &urls)
        .into_iter()
        .filter(|h| !overlaps(h, &emails))
        .collect();
    let phones: Vec<Indicator> = phone::find(text, &folded)
        .into_iter()
        .filter(|p| !overlaps(p, &wallets) && !overlaps(p, &emails))
        .collect();
    let amounts: Vec<Indicator> = if amount::possible(&folded.text) {
        amount::find(text, &folded)
            .into_iter()
            .filter(|a| {
                !overlaps(a, &wallets)
                    && !overlaps(a, &emails)
                    && !overlaps(a, &urls)
                    && !overlaps(a, &phones)
            })
            .collect()
    } else {
        Vec::new()
    };
    let deadlines: Vec<Indicator> = deadline::find(text, &folded)
        .into_iter()
        .filter(|d| !overlaps(d, &wallets) && !overlaps(d, &emails) && !overlaps(d, &urls))
        .collect();
    Indicators {
        wallets,
        emails,
        phones,
        urls,
        handles,
        amounts,
        deadlines,
    }
}

/// Spans to mask in `text` with placeholder tokens: e-mail addresses (spelled-out ones too)
/// as [`EMAIL_TOKEN`], URLs and domains as [`URL_TOKEN`], wallet addresses (a wrong checksum
/// too, and split ones that validate when joined) as [`WALLET_TOKEN`]. Sorted and
/// non-overlapping: of overlapping spans, the one starting first wins, then the longer.
pub fn masks(text: &str) -> Vec<Mask> {
    let mut out: Vec<Mask> = Vec::new();
    if !text.bytes().any(|b| {
        matches!(
            b,
            b'@' | b'.'
                | b'T'
                | b'0'
                | b'1'
                | b'3'
                | b'b'
                | b'B'
                | b'('
                | b'['
                | b'{'
                | b'<'
                | b' '
        )
    }) {
        return out;
    }
    let folded = Folded::new(text);
    let mut add = |v: Vec<Indicator>, token: &'static str| {
        out.extend(v.into_iter().map(|i| Mask {
            start: i.start,
            end: i.end,
            token,
        }));
    };
    add(email::find(text, &folded), EMAIL_TOKEN);
    add(link::urls(text), URL_TOKEN);
    add(wallets(text), WALLET_TOKEN);
    non_overlapping(out)
}

/// The masks of indicators already extracted with [`extract`] (its e-mails, URLs and
/// wallets), so that a caller that needs both does the work once.
pub fn masks_from(found: &Indicators) -> Vec<Mask> {
    let mut out = Vec::with_capacity(found.emails.len() + found.urls.len() + found.wallets.len());
    for (list, token) in [
        (&found.emails, EMAIL_TOKEN),
        (&found.urls, URL_TOKEN),
        (&found.wallets, WALLET_TOKEN),
    ] {
        out.extend(list.iter().map(|i| Mask {
            start: i.start,
            end: i.end,
            token,
        }));
    }
    non_overlapping(out)
}

/// Sort masks and drop those overlapping an earlier (or, at the same start, longer) one.
fn non_overlapping(mut out: Vec<Mask>) -> Vec<Mask> {
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
        assert!(extract("Tôi sẽ gửi clip cho vợ anh").is_empty());
    }

    #[test]
    fn masks_spelled_out_emails_and_split_wallets() {
        let t = "Liên hệ abc [a còng] gmail [chấm] com để nhận ví";
        let m = masks(t);
        assert_eq!(m.len(), 1);
        assert_eq!(&t[m[0].start..m[0].end], "abc [a còng] gmail [chấm] com");
        let a = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";
        let t = format!("BTC: {} {}", &a[..12], &a[12..]);
        let m = masks(&t);
        assert_eq!((m.len(), m[0].token), (1, WALLET_TOKEN));
        assert_eq!(m[0].end, t.len());
    }

    #[test]
    fn all_patterns_compile() {
        let t = "x 1 @ . ( [ T 0x bc1 nửa trong 48h 5k $2 abc@d.com t.me/x";
        let _ = extract(t);
        let _ = masks(t);
    }

    #[test]
    fn values_are_the_spans_even_in_nfd() {
        let t = "Chuye\u{302}\u{309}n 50 trie\u{302}\u{323}u tro\u{302}ng vo\u{300}ng 24h, ho\u{31b}\u{323}n chót thứ Sáu: 0912 345 678";
        let found = extract(t);
        for i in found
            .wallets
            .iter()
            .chain(&found.emails)
            .chain(&found.phones)
            .chain(&found.urls)
            .chain(&found.handles)
            .chain(&found.amounts)
            .chain(&found.deadlines)
        {
            assert_eq!(&t[i.start..i.end], i.value);
        }
        assert_eq!(found.amounts[0].normalized, "50000000 VND");
        assert_eq!(found.phones[0].normalized, "+84912345678");
    }
}
