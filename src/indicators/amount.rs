//! Amounts of money: a number (digits or a Vietnamese number word), optional multipliers and a
//! currency, normalised to `"<number> <UNIT>"` with UNIT one of `VND`, `USD`, `USDT`, `BTC`,
//! `ETH` (`"15tr"` → `"15000000 VND"`, `"$2,000"` → `"2000 USD"`, `"0.05 BTC"`).
//!
//! Separators: several `.` or `,` are thousands separators ("10.000.000", "2,000,000"); one
//! followed by exactly three digits is a thousands separator ("10.000 USDT", "$2,000") unless
//! the integer part is 0; otherwise it is the decimal mark ("1,5 tỷ", "0.05 BTC"). When both
//! appear, the last one is the decimal mark ("1.234,5").
//!
//! Multipliers: `k`, `nghìn`/`ngàn` (10³), `lít` (10⁵, slang), `tr`/`triệu`/`củ` (10⁶),
//! `tỷ`/`tỉ`/`tỏi` (10⁹), `trăm` (10²), `thousand`/`million`/`billion`, chained ("5 trăm nghìn"),
//! with a trailing digit ("2tr5" = 2.5 triệu) or `rưỡi` (and a half). A number without a
//! currency counts only with a Vietnamese money multiplier, which implies VND ("500k",
//! "50 triệu"); a bare number is not an amount.

use super::fold::Folded;
use super::{Indicator, re};
use regex::{Captures, Regex};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

const MULT: &str = r"k|nghin|ngan|trieu|tr|cu|lit|ty|ti|toi|tram|thousand|million|billion";
const CUR: &str =
    r"usdt|usd|us\$|\$|vnd|vnđ|dong|d|₫|do(?:\s?la)?|dollars?|btc|bitcoin|eth|ether|ethereum";

fn pattern() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| {
        re(&format!(
            r"(?x)
            (?: (?P<pcur>us\$|\$|(?-u:\b)usdt(?-u:\b)|(?-u:\b)usd(?-u:\b)|(?-u:\b)vnd(?-u:\b)|(?-u:\b)btc(?-u:\b)|(?-u:\b)eth(?-u:\b)) \s? )?
            (?: (?-u:\b)(?P<num>[0-9][0-9o]*(?:[.,][0-9o]+)*) | (?-u:\b)(?P<word>nua|mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi)\s )
            (?: \s?(?P<m1>{MULT}) (?:(?P<frac>[0-9]{{1,3}})(?-u:\b)|(?-u:\b))
                (?: \s(?P<m2>nghin|ngan|trieu|ty|ti|million|billion)(?-u:\b) )? )?
            (?: \s(?P<ruoi>ruoi)(?-u:\b) )?
            (?: \s?(?P<scur>{CUR})(?:(?-u:\b)|[^a-z0-9]|$) )?"
        ))
    })
}

/// A non-negative decimal: `digits × 10^-scale`. Exact, so "2,3 triệu" is 2300000, not
/// 2299999.9999.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Dec {
    digits: u128,
    scale: u32,
}

impl Dec {
    fn int(n: u128) -> Dec {
        Dec {
            digits: n,
            scale: 0,
        }
    }
    fn mul(self, o: Dec) -> Option<Dec> {
        Some(Dec {
            digits: self.digits.checked_mul(o.digits)?,
            scale: self.scale + o.scale,
        })
        .filter(|d| d.scale <= 30)
    }
    fn add(self, o: Dec) -> Option<Dec> {
        let scale = self.scale.max(o.scale);
        let a = self
            .digits
            .checked_mul(10u128.checked_pow(scale - self.scale)?)?;
        let b = o.digits.checked_mul(10u128.checked_pow(scale - o.scale)?)?;
        Some(Dec {
            digits: a.checked_add(b)?,
            scale,
        })
    }
    fn parse(int: &str, frac: &str) -> Option<Dec> {
        if int.len() + frac.len() > 30 {
            return None;
        }
        let digits = format!("{int}{frac}").parse().ok()?;
        Some(Dec {
            digits,
            scale: frac.len() as u32,
        })
    }
}

impl std::fmt::Display for Dec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = format!("{:0>width$}", self.digits, width = self.scale as usize + 1);
        let (i, frac) = s.split_at(s.len() - self.scale as usize);
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() {
            write!(f, "{i}")
        } else {
            write!(f, "{i}.{frac}")
        }
    }
}

/// Read a written number with the separator rules of the module docs.
fn parse_number(s: &str) -> Option<Dec> {
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let (thousands, decimal) = match (dots, commas) {
        (0, 0) => return Dec::parse(s, ""),
        (_, 0) | (0, _) => {
            let sep = if dots > 0 { '.' } else { ',' };
            let (int, tail) = s.split_once(sep)?;
            if dots + commas > 1 || (tail.len() == 3 && int != "0") {
                (Some(sep), None)
            } else {
                (None, Some(sep))
            }
        }
        _ => {
            let last = s.rfind(['.', ','])?;
            let dec = s[last..].chars().next()?;
            if s.matches(dec).count() > 1 {
                return None;
            }
            (Some(if dec == '.' { ',' } else { '.' }), Some(dec))
        }
    };
    let s: String = s.chars().filter(|&c| Some(c) != thousands).collect();
    match decimal.and_then(|d| s.split_once(d)) {
        Some((int, frac)) => Dec::parse(int, frac),
        None => Dec::parse(&s, ""),
    }
}

fn multiplier(w: &str) -> Option<(Dec, bool)> {
    // (value, implies VND)
    Some(match w {
        "k" | "nghin" | "ngan" => (Dec::int(1_000), true),
        "thousand" => (Dec::int(1_000), false),
        "lit" => (Dec::int(100_000), true),
        "tr" | "trieu" | "cu" => (Dec::int(1_000_000), true),
        "million" => (Dec::int(1_000_000), false),
        "ty" | "ti" | "toi" => (Dec::int(1_000_000_000), true),
        "billion" => (Dec::int(1_000_000_000), false),
        "tram" => (Dec::int(100), false),
        _ => return None,
    })
}

fn word_number(w: &str) -> Option<Dec> {
    Some(match w {
        "nua" => Dec {
            digits: 5,
            scale: 1,
        },
        "mot" => Dec::int(1),
        "hai" => Dec::int(2),
        "ba" => Dec::int(3),
        "bon" | "tu" => Dec::int(4),
        "nam" => Dec::int(5),
        "sau" => Dec::int(6),
        "bay" => Dec::int(7),
        "tam" => Dec::int(8),
        "chin" => Dec::int(9),
        "muoi" => Dec::int(10),
        _ => return None,
    })
}

fn unit(cur: &str) -> Option<&'static str> {
    Some(match cur.trim() {
        "usdt" => "USDT",
        "vnd" | "vnđ" | "dong" | "d" | "₫" => "VND",
        "usd" | "us$" | "$" | "dollar" | "dollars" => "USD",
        c if c.starts_with("do") && !c.starts_with("dong") => "USD",
        "btc" | "bitcoin" => "BTC",
        "eth" | "ether" | "ethereum" => "ETH",
        _ => return None,
    })
}

/// Lowercase NFC of a source span, to tell words that fold alike apart ("củ" from "cũ").
fn source_word(text: &str, folded: &Folded, m: regex::Match<'_>) -> String {
    let (s, e) = folded.span(m.start(), m.end());
    text[s..e].nfc().collect::<String>().to_lowercase()
}

/// Words after "lít" that make it a volume, not 100 000 đồng.
const VOLUME_NOUNS: &[&str] = &[
    "xang", "nuoc", "dau", "sua", "bia", "ruou", "nhot", "khi", "gas", "xe",
];

fn read(c: &Captures<'_>, text: &str, folded: &Folded) -> Option<(usize, usize, String)> {
    let f = folded.text.as_str();
    let m = c.get(0)?;
    let mut value = match (c.name("num"), c.name("word")) {
        // OCR reads 0 as O ("2O.000 USDT"); a number is never written with leading zeros,
        // so "000" is the tail of a number broken across lines.
        (Some(n), _) if n.as_str().starts_with("00") => return None,
        (Some(n), _) => parse_number(&n.as_str().replace('o', "0"))?,
        (None, Some(w)) => word_number(w.as_str())?,
        _ => return None,
    };
    let mut vnd_implied = false;
    let mut last_mult = None;
    if let Some(m1) = c.name("m1") {
        let w = m1.as_str();
        match w {
            // "củ" (slang for a million) folds like "cũ" (old) and "cú" (a blow).
            "cu" if source_word(text, folded, m1) != "củ" => return None,
            // "tỏi" (slang for a billion) folds like "tôi" (I).
            "toi" if source_word(text, folded, m1) != "tỏi" => return None,
            "lit" => {
                let next = f[m1.end()..].split_whitespace().next().unwrap_or("");
                if VOLUME_NOUNS.contains(&next) || c.name("frac").is_some() {
                    return None;
                }
            }
            _ => {}
        }
        // "4K" is a video resolution, not 4 000 đồng.
        let (s1, _) = folded.span(m1.start(), m1.end());
        if text[s1..].starts_with('K')
            && c.name("scur").is_none()
            && matches!(c.name("num").map(|n| n.as_str()), Some("2" | "4" | "8"))
        {
            return None;
        }
        let (mult, vnd) = multiplier(w)?;
        if let Some(frac) = c.name("frac") {
            value = value.add(Dec::parse("0", frac.as_str())?)?;
        }
        value = value.mul(mult)?;
        vnd_implied |= vnd;
        last_mult = Some(mult);
        if let Some(m2) = c.name("m2") {
            let (mult2, vnd2) = multiplier(m2.as_str())?;
            value = value.mul(mult2)?;
            vnd_implied |= vnd2;
            last_mult = Some(mult2);
        }
    } else if c.name("word").is_some() {
        return None;
    }
    if c.name("ruoi").is_some() {
        let half = last_mult?.mul(Dec {
            digits: 5,
            scale: 1,
        })?;
        value = value.add(half)?;
    }
    let mut cur = None;
    let mut end = ["num", "word", "m1", "frac", "m2", "ruoi"]
        .iter()
        .filter_map(|g| c.name(g))
        .map(|g| g.end())
        .max()
        .unwrap_or(m.end());
    if let Some(s) = c.name("scur") {
        // "đô" (dollar) folds like "do" (because), "đó" (that) and "độ" (degree): require it
        // written as "đô" in the source.
        let w = s.as_str();
        let do_word = w.starts_with("do") && !w.starts_with("doll") && !w.starts_with("dong");
        if !do_word || source_word(text, folded, s).starts_with("đô") {
            cur = unit(s.as_str());
            end = s.end();
        }
    }
    let pcur = c.name("pcur").filter(|p| unit(p.as_str()).is_some());
    let cur = cur
        .or_else(|| pcur.and_then(|p| unit(p.as_str())))
        .or(vnd_implied.then_some("VND"))?;
    let start = match pcur {
        Some(p) => p.start(),
        None => c
            .name("num")
            .or(c.name("word"))
            .map_or(m.start(), |x| x.start()),
    };
    Some((start, end, format!("{value} {cur}")))
}

/// Number words the pattern reads ("nửa", "một", …, "mười"); each must be followed by
/// whitespace.
const NUMBER_WORDS: &[&str] = &[
    "nua", "mot", "hai", "ba", "bon", "tu", "nam", "sau", "bay", "tam", "chin", "muoi",
];

/// Whether the pattern can match folded text `f` at all: every match holds an ASCII digit
/// or a number word followed by whitespace. A short plain message then compiles no
/// pattern (~1 ms of start-up).
pub(crate) fn possible(f: &str) -> bool {
    if f.bytes().any(|b| b.is_ascii_digit()) {
        return true;
    }
    let mut words = f.split(char::is_whitespace).peekable();
    while let Some(w) = words.next() {
        // The last piece is followed by no whitespace.
        if words.peek().is_some() && NUMBER_WORDS.iter().any(|n| w.ends_with(n)) {
            return true;
        }
    }
    false
}

/// Whether a match of the pattern is only a number (no currency, no multiplier) or only a
/// number word and its space: [`read`] refuses both.
fn bare(m: &str) -> bool {
    m.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'o' | b'.' | b','))
        || m.ends_with(char::is_whitespace) && NUMBER_WORDS.contains(&m.trim_end())
}

/// Every amount in `text` (`folded` is its fold), in order.
pub(crate) fn find(text: &str, folded: &Folded) -> Vec<Indicator> {
    let mut out: Vec<Indicator> = Vec::new();
    let p = pattern();
    let f = folded.text.as_str();
    // The same matches as `captures_iter`, found without capture groups; most are a bare
    // number (a date, a time) or a number word ("năm", "sau"), which `read` refuses, and
    // only the others pay for the groups.
    for m in p.find_iter(f) {
        if bare(m.as_str()) {
            continue;
        }
        let Some(c) = p.captures_at(f, m.start()) else {
            continue;
        };
        if let Some((s, e, normalized)) = read(&c, text, folded)
            && s < e
        {
            let (start, end) = folded.span(s, e);
            if out.last().is_none_or(|l| l.end <= start) {
                out.push(Indicator::new(text, start, end, normalized));
            }
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn amounts(t: &str) -> Vec<(String, String)> {
        let folded = Folded::new(t);
        let found: Vec<_> = find(t, &folded)
            .into_iter()
            .map(|i| (i.value, i.normalized))
            .collect();
        // The gate in `extract` must let every text with an amount through.
        assert!(found.is_empty() || possible(&folded.text), "{t}");
        found
    }

    #[test]
    fn gate_needs_a_digit_or_a_number_word() {
        assert!(!possible("chao anh\n"));
        assert!(!possible("nua"));
        assert!(possible("nua ty") && possible("ba trieu") && possible("x1"));
        assert_eq!(amounts("nửa tỷ")[0].1, "500000000 VND");
    }

    fn one(t: &str) -> String {
        let a = amounts(t);
        assert_eq!(a.len(), 1, "{t}: {a:?}");
        a[0].1.clone()
    }

    /// Every `text` of the JSONL files of `tests/fresh` and every text file of `examples`, for
    /// tests that compare two ways of reading the same texts.
    pub(crate) fn sample_texts() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for dir in ["tests/fresh", "examples"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for e in entries.flatten() {
                let body = std::fs::read_to_string(e.path()).unwrap_or_default();
                if e.path().extension().is_some_and(|x| x == "txt") {
                    out.push(body.clone());
                }
                for line in body.lines() {
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                        && let Some(t) = v.get("text").and_then(|t| t.as_str())
                    {
                        out.push(t.to_string());
                    }
                }
            }
        }
        assert!(out.len() >= 100, "sample texts: only {}", out.len());
        out
    }

    #[test]
    fn skipping_bare_matches_changes_nothing() {
        let mut texts = sample_texts();
        texts.extend(
            [
                "năm 2024 sau 3 ngày",
                "ba 5 triệu",
                "hai  rưỡi",
                "nam d",
                "5o",
            ]
            .map(String::from),
        );
        for t in &texts {
            let folded = Folded::new(t);
            let mut all: Vec<Indicator> = Vec::new();
            for c in pattern().captures_iter(&folded.text) {
                if let Some((s, e, normalized)) = read(&c, t, &folded)
                    && s < e
                {
                    let (start, end) = folded.span(s, e);
                    if all.last().is_none_or(|l| l.end <= start) {
                        all.push(Indicator::new(t, start, end, normalized));
                    }
                }
            }
            assert_eq!(find(t, &folded), all, "{t}");
        }
    }

    #[test]
    fn every_form_of_the_issue() {
        for (t, want) in [
            ("chuyển 10.000 USDT", "10000 USDT"),
            ("5k USDT", "5000 USDT"),
            ("50 triệu", "50000000 VND"),
            ("1,5 tỷ", "1500000000 VND"),
            ("15tr", "15000000 VND"),
            ("30 nghìn đô", "30000 USD"),
            ("$2,000", "2000 USD"),
            ("2 BTC", "2 BTC"),
            ("0.05 BTC", "0.05 BTC"),
            ("500k", "500000 VND"),
            ("2 củ", "2000000 VND"),
            ("30 lít", "3000000 VND"),
            ("nửa tỷ", "500000000 VND"),
            ("3 tỏi", "3000000000 VND"),
            ("NỬA TỶ", "500000000 VND"),
            ("50 trie\u{302}\u{323}u", "50000000 VND"),
            ("2tr5", "2500000 VND"),
            ("1 triệu rưỡi", "1500000 VND"),
            ("hai trăm triệu", "200000000 VND"),
            ("5 trăm nghìn", "500000 VND"),
            ("50.000.000 VND", "50000000 VND"),
            ("50.000đ", "50000 VND"),
            ("2.000 đồng", "2000 VND"),
            ("1000$", "1000 USD"),
            ("USD 500", "500 USD"),
            ("3 ETH", "3 ETH"),
            ("2,3 triệu", "2300000 VND"),
            ("1.234,5 USDT", "1234.5 USDT"),
            ("10 thousand dollars", "10000 USD"),
            ("2O.000 USDT", "20000 USDT"),
            ("30 đô la", "30 USD"),
        ] {
            assert_eq!(one(t), want, "{t}");
        }
    }

    #[test]
    fn values_are_the_written_spans() {
        assert_eq!(
            amounts("Chuyển 10.000 USDT và 50 triệu, hạn 48h."),
            [
                ("10.000 USDT".to_string(), "10000 USDT".to_string()),
                ("50 triệu".to_string(), "50000000 VND".to_string())
            ]
        );
    }

    #[test]
    fn bare_numbers_and_look_alikes_are_not_amounts() {
        for t in [
            "năm 2024 có 365 ngày",
            "2 cú đấm",
            "xe cũ 2 cũ",
            "30 lít xăng",
            "50 do anh ấy",
            "tôi có hai con",
            "năm 2 tôi học",
            "8 độ C",
            "mất 7 đó",
            "ảnh 4K",
            "64.000.-\n000 đồng",
        ] {
            assert!(amounts(t).is_empty(), "{t}: {:?}", amounts(t));
        }
    }
}
