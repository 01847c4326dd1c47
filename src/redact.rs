//! `--redact`: hide the victim's personal data in what is printed, keep the attacker's.
//!
//! Victim data is (a) a name after a salutation ("Kính gửi ông Trần Văn A", "Dear Mr. Vu") and
//! (b) a phone number or e-mail address that the text does not present as the sender's
//! contact or payment target (no "liên hệ", "email:", "viết cho", "Telegram", "STK", "ví",
//! "contact", "reply" … just before it). The attacker's wallets, contacts and amounts stay,
//! since they are what an analyst acts on.

use crate::indicators::Indicator;
use crate::report::Record;
use regex::Regex;
use std::sync::OnceLock;

/// What replaces a redacted span in evidence text.
pub const REDACTED: &str = "[redacted]";

fn salutation() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?:Kính gửi|Thân gửi|Gửi|Chào|Xin chào|Dear|Hi|Hello|To)\s*:?\s*(?:(?:ông|bà|anh|chị|em|cô|chú|bác|đồng chí|Ông|Bà|Anh|Chị|Cô|Chú|Bác|Đồng chí|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?)\s+)?((?:\p{Lu}[\p{Ll}\p{M}]*\.?\s*){1,4})",
        )
        .expect("built-in redaction regex")
    })
}

fn attacker_cue() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)(?:liên hệ|liên lạc|lh|email|e-mail|mail|viết cho|gửi cho tôi|gửi về|hộp thư|telegram|zalo|signal|stk|số tài khoản|tài khoản|ví|wallet|address|contact|reply|write to|send to|pay to|chuyển vào|chuyển về|call me|gọi cho tôi|sđt của tôi|số của tôi)\W{0,3}\S{0,12}\W{0,3}$",
        )
        .expect("built-in redaction regex")
    })
}

/// Spans of `text` that belong to the victim.
pub fn victim_spans(text: &str, phones: &[Indicator], emails: &[Indicator]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for c in salutation().captures_iter(text) {
        if let Some(name) = c.get(1) {
            let trimmed = name.as_str().trim_end();
            if !trimmed.is_empty() {
                spans.push((name.start(), name.start() + trimmed.len()));
            }
        }
    }
    for ind in phones.iter().chain(emails) {
        let (s, e) = (ind.start.min(text.len()), ind.end.min(text.len()));
        let mut from = s.saturating_sub(40);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let before = text.get(from..s).unwrap_or("");
        if !attacker_cue().is_match(before) {
            spans.push((s, e));
        }
    }
    spans.sort_unstable();
    spans
}

/// Redact `record` (whose spans point into `input`) and return a copy of `input` with the
/// victim's spans masked byte for byte, so that printed context keeps its offsets.
pub fn redact(record: &mut Record, input: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(input);
    if text.len() != input.len() {
        // Offsets of invalid UTF-8 input do not survive lossy decoding: hide all context.
        for e in &mut record.evidence {
            e.text = REDACTED.to_string();
        }
        return vec![b'*'; input.len()];
    }
    let spans = victim_spans(&text, &record.indicators.phones, &record.indicators.emails);
    let mut masked = input.to_vec();
    for &(s, e) in &spans {
        masked[s..e].fill(b'*');
    }
    for ev in &mut record.evidence {
        let inside: Vec<(usize, usize)> = spans
            .iter()
            .filter(|&&(s, e)| s < ev.end && ev.start < e)
            .copied()
            .collect();
        if inside.is_empty() {
            continue;
        }
        let mut out = String::new();
        let mut at = ev.start;
        for (s, e) in inside {
            let s = s.max(ev.start);
            if s > at {
                out.push_str(&text[at..s]);
            }
            out.push_str(REDACTED);
            at = e.min(ev.end).max(at);
        }
        out.push_str(&text[at..ev.end]);
        ev.text = out;
    }
    let victim = |i: &Indicator| spans.iter().any(|&(s, e)| s < i.end && i.start < e);
    record.indicators.phones.retain(|i| !victim(i));
    record.indicators.emails.retain(|i| !victim(i));
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_after_salutations_and_victim_contacts() {
        let text = "Kính gửi ông Trần Văn Bình, số của ông 0912 345 678. Liên hệ: hacker@proton.me";
        let phones = vec![Indicator {
            value: "0912 345 678".into(),
            normalized: "+84912345678".into(),
            start: text.find("0912").unwrap(),
            end: text.find("0912").unwrap() + 12,
            valid: None,
            network: None,
        }];
        let emails = vec![Indicator {
            value: "hacker@proton.me".into(),
            normalized: "hacker@proton.me".into(),
            start: text.find("hacker").unwrap(),
            end: text.len(),
            valid: None,
            network: None,
        }];
        let spans = victim_spans(text, &phones, &emails);
        let shown: Vec<&str> = spans.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(shown, ["Trần Văn Bình", "0912 345 678"]);
    }
}
