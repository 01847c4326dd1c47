//! Vietnamese phone numbers, returned in E.164 (`+84…`).
//!
//! Accepted: a national number starting with `0` (mobile `03x`, `05x`, `07x`, `08x`, `09x`
//! with 10 digits; landline `02x` with 11), or the same after `+84` / `84` (with or without
//! the trunk `0`, also as `(0)`); single spaces, dots or dashes may separate digits.
//! A number written right after an account keyword ("STK", "số tài khoản", "TK", "account",
//! a bank's name) is a bank account, not a phone, and is skipped.

use super::fold::Folded;
use super::{Indicator, re};
use regex::Regex;
use std::sync::OnceLock;

fn pattern() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| {
        re(r"(?:(?P<intl>\+ ?84|(?-u:\b)84)[ .\-]?(?:\(0\)[ .\-]?|0[ .\-]?)?|\(?(?-u:\b)0)(?P<n>[35789]\)?(?:[ .\-]?[0-9]){8}|2[0-9]?\)?(?:[ .\-]?[0-9]){8,9})")
    })
}

/// Words after which a number is a bank account (folded), and bank names.
const ACCOUNT_WORDS: &[&str] = &[
    "stk",
    "tk",
    "account",
    "acc",
    "a/c",
    "acct",
    "vcb",
    "vietcombank",
    "techcombank",
    "tcb",
    "mb",
    "mbbank",
    "acb",
    "bidv",
    "agribank",
    "vietinbank",
    "tpbank",
    "sacombank",
    "vpbank",
    "vib",
    "shb",
    "hdbank",
    "ocb",
    "msb",
    "seabank",
    "eximbank",
];

/// Whether the folded text before `at` ends with an account keyword, skipping fillers
/// ("STK là: …", "account no. …", "số tài khoản …").
fn after_account_word(folded: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(48);
    while !folded.is_char_boundary(from) {
        from += 1;
    }
    let head = &folded[from..at];
    let mut words = head
        .split(|c: char| !(c.is_alphanumeric() || c == '/'))
        .filter(|w| !w.is_empty())
        .rev()
        .skip_while(|w| matches!(*w, "la" | "so" | "is" | "no" | "number" | "nhan" | "cua"));
    match (words.next(), words.next()) {
        (Some("khoan"), Some("tai")) => true,
        (Some(w), _) => ACCOUNT_WORDS.contains(&w),
        _ => false,
    }
}

/// Every Vietnamese phone number in `text`. `folded` supplies the context check.
pub(crate) fn find(text: &str, folded: &Folded) -> Vec<Indicator> {
    let mut out = Vec::new();
    if text.bytes().filter(u8::is_ascii_digit).count() < 9 {
        return out;
    }
    let re = pattern();
    let mut at = 0;
    while let Some(c) = re.captures_at(text, at) {
        let (Some(m), Some(n)) = (c.get(0), c.name("n")) else {
            break;
        };
        at = m.start() + 1;
        let (start, end) = (m.start(), m.end());
        let before = text[..start].chars().next_back();
        let after = &text[end..];
        let joined_before = before.is_some_and(|b| b.is_alphanumeric() || b == '+')
            || (matches!(before, Some('.' | ',' | '-'))
                && text[..start - 1].ends_with(|c: char| c.is_ascii_digit()));
        let joined_after = after.starts_with(|c: char| c.is_alphanumeric())
            || (after.starts_with(['.', '-', ','])
                && after[1..].starts_with(|c: char| c.is_ascii_digit()))
            || (after.starts_with(' ')
                && after[1..].starts_with(|c: char| c.is_ascii_digit())
                && m.as_str().trim().contains(' '));
        let digits: String = n.as_str().chars().filter(char::is_ascii_digit).collect();
        let ok_len = if digits.starts_with('2') { 10 } else { 9 };
        if joined_before || joined_after || digits.len() != ok_len {
            continue;
        }
        if after_account_word(&folded.text, folded.to_folded(start)) {
            at = end;
            continue;
        }
        // A leading "(" belongs to the number only when it closes: "(028) 3822 …".
        let (s, e) = if m.as_str().starts_with('(') && !m.as_str().contains(')') {
            (start + 1, end)
        } else {
            (start, end)
        };
        out.push(Indicator::new(text, s, e, format!("+84{digits}")));
        at = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phones(t: &str) -> Vec<String> {
        find(t, &Folded::new(t))
            .into_iter()
            .map(|i| i.normalized)
            .collect()
    }

    #[test]
    fn national_and_international_forms() {
        for (t, want) in [
            ("gọi 0912345678 nhé", "+84912345678"),
            ("Zalo: 0912 345 678.", "+84912345678"),
            ("0912.345.678", "+84912345678"),
            ("0383-456-789", "+84383456789"),
            ("+84 912 345 678", "+84912345678"),
            ("+84912345678", "+84912345678"),
            ("84912345678", "+84912345678"),
            ("+84 (0) 912 345 678", "+84912345678"),
            ("ĐT: 028 3822 1234", "+842838221234"),
            ("(028) 3822 1234", "+842838221234"),
        ] {
            assert_eq!(phones(t), [want], "{t}");
        }
    }

    #[test]
    fn accounts_and_long_numbers_are_not_phones() {
        for t in [
            "STK: 0912345678 Vietcombank",
            "số tài khoản là 0912345678",
            "Account number 0912345678",
            "Vietcombank 0912345678",
            "mã 09123456789012",
            "0123456789",
            "0412345678",
            "1.0912345678",
        ] {
            assert!(phones(t).is_empty(), "{t}");
        }
    }
}
