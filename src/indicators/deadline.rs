//! Deadlines: a time limit ("trong 48 giờ", "within 24 hours", "sau 3 ngày") or a point in time
//! after a deadline word ("trước 17h ngày 20/12", "hạn chót thứ Sáu", "by midnight").
//!
//! Canonical forms (the `normalized` field):
//! - a time limit: the count and a unit, `"48h"`, `"30min"`, `"3d"`, `"1w"`;
//! - a point: the time of day as `"HH:MM"` (24-hour) and/or the day, separated by one space:
//!   `"DD/MM"` or `"DD/MM/YYYY"`, `"today"`, `"tomorrow"`, an English weekday (`"friday"`),
//!   `"midnight"` or `"eod"` (end of the day): `"17:00 20/12"`, `"12:00 tomorrow"`,
//!   `"friday"`, `"20:00 today"`.

use super::fold::Folded;
use super::{Indicator, re};
use regex::{Captures, Regex};
use std::sync::OnceLock;

const NUM_WORDS: &str = r"mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi|an|a|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty[\- ]four|forty[\- ]eight|seventy[\- ]two";

/// The time-limit pattern, compiled on first use (see [`find`] for when it is skipped).
fn limit_pattern() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| {
        re(&format!(
            r"(?x)(?-u:\b)(?:trong\s+vong|trong\s+khoang|trong|within|in\s+the\s+next|in|sau|after|khong\s+qua|cham\s+nhat(?:\s+la)?|toi\s+da|chi\s+co|chi\s+con|con|you\s+have|ban\s+co|anh\s+co|han\s+chot|han\s+cuoi|deadline)
            \s*:?\s+(?:(?P<n>[0-9]{{1,3}})\s*|(?P<w>{NUM_WORDS})\s+)
            (?P<u>gio|tieng|h|hours?|hrs?|phut|minutes?|mins?|ngay|days?|tuan|weeks?)(?-u:\b)"
        ))
    })
}

/// The point-in-time pattern, compiled on first use (see [`find`] for when it is skipped).
fn point_pattern() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| {
        re(&format!(
            r"(?x)(?-u:\b)(?P<kw>truoc|before|by|no\s+later\s+than|until|till|den\s+truoc|cho\s+den|han\s+chot|han\s+cuoi|deadline|cham\s+nhat|muon\s+nhat|trong)
            (?:\s+(?:la|is|vao|on|luc|at|the))?\s*:?\s*
            (?:{time1})?
            (?:\s*,?\s*
              (?:
                (?:(?:vao|on)\s+)?(?:ngay\s+)?(?P<d>[0-9]{{1,2}})\s*[/.\-]\s*(?P<mo>[0-9]{{1,2}})(?:\s*[/.\-]\s*(?P<y>[0-9]{{4}}|[0-9]{{2}}))?
              | ngay\s+(?P<d2>[0-9]{{1,2}})\s+thang\s+(?P<mo2>[0-9]{{1,2}})
              | (?P<tmr>(?:ngay|hom)\s+mai|mai|tomorrow)
              | (?P<today>(?:ngay\s+)?hom\s+nay|today|tonight|toi\s+nay)
              | (?:(?:vao|on|this|next)\s+)?(?P<wd>thu\s*(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s*nhat|monday|tuesday|wednesday|thursday|friday|saturday|sunday)
              | (?P<mid>midnight|nua\s+dem)
              | (?P<eod>(?:the\s+)?end\s+of\s+(?:the\s+)?day|eod|cuoi\s+ngay|het\s+ngay)
              )(?-u:\b)
              (?:\s*,?\s*(?:(?:vao\s+)?luc\s+|at\s+)?{time2})?
            )?",
            time1 = time_pattern(""),
            time2 = time_pattern("2"),
        ))
    })
}

/// How a time-limit unit starts ("giờ", "tiếng", "h", "hours", "hrs", "phút", "minutes",
/// "mins", "ngày", "days", "tuần", "weeks"): without digits, a unit follows whitespace.
const UNIT_STARTS: &[&str] = &[
    "gio", "tieng", "h", "phut", "min", "ngay", "day", "tuan", "week",
];

/// Words one of which every day of the point pattern contains when it has no digits
/// ("mai", "tomorrow", "hôm nay", "today", "tonight", "thứ …", "chủ nhật", the English
/// weekdays, "midnight", "nửa đêm", "end of the day", "eod", "cuối ngày", "hết ngày").
const DAY_WORDS: &[&str] = &[
    "mai", "tomorrow", "nay", "today", "tonight", "thu", "chu", "day", "midnight", "dem", "eod",
    "end", "cuoi", "het",
];

/// Whether the limit pattern can yield a deadline in folded `f`: it needs digits, or a unit
/// right after whitespace. Skipping it otherwise saves compiling it for short messages.
fn limit_possible(f: &str, digits: bool) -> bool {
    digits
        || f.split(char::is_whitespace)
            .skip(1)
            .any(|w| UNIT_STARTS.iter().any(|u| w.starts_with(u)))
}

/// Whether the point pattern can yield a deadline in folded `f`: without digits there is
/// no time of day, so it needs a day word.
fn point_possible(f: &str, digits: bool) -> bool {
    digits || DAY_WORDS.iter().any(|w| f.contains(w))
}

/// Whether a match of the point pattern can be a point in time (the gate of
/// [`point_possible`], on the match alone): `point` refuses the rest.
fn has_day_or_digit(m: &str) -> bool {
    point_possible(m, m.bytes().any(|b| b.is_ascii_digit()))
}

/// A time of day ("17h", "17h30", "17:00", "5 giờ chiều", "9am", "8h tối nay"), its groups
/// named with `sfx` so the pattern can hold two (before and after the day).
fn time_pattern(sfx: &str) -> String {
    format!(
        r"(?P<hh{sfx}>[0-9]{{1,2}})\s*(?:(?P<hm{sfx}>h|gio|:)(?:\s*(?P<mm{sfx}>[0-9]{{2}}))?(?:\s*phut)?(?:\s*(?P<ap{sfx}>am|pm))?|(?P<apx{sfx}>am|pm|a\.m\.|p\.m\.))
        (?:\s+(?P<dp{sfx}>sang|trua|chieu|toi|dem|khuya)(?:\s+(?P<dpday{sfx}>nay|mai))?)?"
    )
}

fn small_number(w: &str) -> Option<u32> {
    if let Ok(n) = w.parse() {
        return Some(n);
    }
    let w: String = w.split([' ', '-']).collect();
    Some(match w.as_str() {
        "mot" | "a" | "an" | "one" => 1,
        "hai" | "two" => 2,
        "ba" | "three" => 3,
        "bon" | "tu" | "four" => 4,
        "nam" | "five" => 5,
        "sau" | "six" => 6,
        "bay" | "seven" => 7,
        "tam" | "eight" => 8,
        "chin" | "nine" => 9,
        "muoi" | "ten" => 10,
        "twelve" => 12,
        "twentyfour" => 24,
        "fortyeight" => 48,
        "seventytwo" => 72,
        _ => return None,
    })
}

/// Words after a time limit that put it in the past ("trong 3 ngày qua", "2 days ago").
fn in_the_past(after: &str) -> bool {
    let next = after.split_whitespace().next().unwrap_or("");
    matches!(
        next,
        "qua" | "vua" | "truoc" | "roi" | "ago" | "nay" | "lien"
    )
}

fn limit(c: &Captures<'_>, f: &str) -> Option<String> {
    let m = c.get(0)?;
    if in_the_past(&f[m.end()..]) {
        return None;
    }
    // "in a minute" is a figure of speech; "in" takes digits only.
    if c.name("w").is_some() && m.as_str().starts_with("in") {
        return None;
    }
    let n = small_number(c.name("n").or(c.name("w"))?.as_str())?;
    if n == 0 {
        return None;
    }
    let u = c.name("u")?.as_str();
    let unit = match u {
        "gio" | "tieng" | "h" => "h",
        "phut" => "min",
        "ngay" => "d",
        "tuan" => "w",
        _ if u.starts_with("hour") || u.starts_with("hr") => "h",
        _ if u.starts_with("min") => "min",
        _ if u.starts_with("day") => "d",
        _ => "w",
    };
    Some(format!("{n}{unit}"))
}

fn weekday(w: &str) -> Option<&'static str> {
    let w: String = w.split_whitespace().collect();
    Some(match w.as_str() {
        "thuhai" | "thu2" | "monday" => "monday",
        "thuba" | "thu3" | "tuesday" => "tuesday",
        "thutu" | "thu4" | "wednesday" => "wednesday",
        "thunam" | "thu5" | "thursday" => "thursday",
        "thusau" | "thu6" | "friday" => "friday",
        "thubay" | "thu7" | "saturday" => "saturday",
        "chunhat" | "sunday" => "sunday",
        _ => return None,
    })
}

fn num(c: &Captures<'_>, g: &str) -> Option<u32> {
    c.name(g)?.as_str().parse().ok()
}

/// The time of day of the time groups named with `sfx`, as `"HH:MM"`, and the day its
/// day-part names ("tối nay", "trưa mai"). `Some(None)` when the groups did not take part;
/// `None` when the time is impossible.
fn time_of_day(c: &Captures<'_>, sfx: &str) -> Option<Option<(String, Option<&'static str>)>> {
    let Some(mut h) = num(c, &format!("hh{sfx}")) else {
        return Some(None);
    };
    let m = num(c, &format!("mm{sfx}")).unwrap_or(0);
    let ap = c
        .name(&format!("ap{sfx}"))
        .or(c.name(&format!("apx{sfx}")))
        .map(|a| a.as_str().replace('.', ""));
    match ap.as_deref() {
        Some(_) if h == 0 || h > 12 => return None,
        Some("pm") if h < 12 => h += 12,
        Some("am") if h == 12 => h = 0,
        _ => {}
    }
    match c.name(&format!("dp{sfx}")).map(|d| d.as_str()) {
        Some("chieu" | "toi") if h < 12 => h += 12,
        Some("trua") if h < 6 => h += 12,
        Some("dem" | "khuya") if h == 12 => h = 0,
        Some("dem" | "khuya") if (6..12).contains(&h) => h += 12,
        _ => {}
    }
    if h > 23 || m > 59 {
        return None;
    }
    let day = match c.name(&format!("dpday{sfx}")).map(|d| d.as_str()) {
        Some("nay") => Some("today"),
        Some("mai") => Some("tomorrow"),
        _ => None,
    };
    Some(Some((format!("{h:02}:{m:02}"), day)))
}

fn point(c: &Captures<'_>) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let kw = c.name("kw")?.as_str();
    let time = time_of_day(c, "")?.or(time_of_day(c, "2")?);
    if let Some((hhmm, day)) = time {
        // "trong 2h" is a time limit, read by the other pattern.
        if kw == "trong" {
            return None;
        }
        parts.push(hhmm);
        parts.extend(day.map(str::to_string));
    }
    let date = match (num(c, "d").or(num(c, "d2")), num(c, "mo").or(num(c, "mo2"))) {
        (Some(d), Some(mo)) => {
            if !(1..=31).contains(&d) || !(1..=12).contains(&mo) {
                return None;
            }
            Some(match num(c, "y") {
                Some(y) if y < 100 => format!("{d:02}/{mo:02}/{}", 2000 + y),
                Some(y) => format!("{d:02}/{mo:02}/{y}"),
                None => format!("{d:02}/{mo:02}"),
            })
        }
        _ => None,
    };
    let day = date
        .or_else(|| c.name("tmr").map(|_| "tomorrow".to_string()))
        .or_else(|| c.name("today").map(|_| "today".to_string()))
        .or_else(|| {
            c.name("wd")
                .and_then(|w| weekday(w.as_str()))
                .map(str::to_string)
        })
        .or_else(|| c.name("mid").map(|_| "midnight".to_string()))
        .or_else(|| c.name("eod").map(|_| "eod".to_string()));
    if let Some(day) = day
        && !parts.contains(&day)
    {
        parts.push(day);
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Every deadline in `text` (`folded` is its fold), in order, non-overlapping.
pub(crate) fn find(text: &str, folded: &Folded) -> Vec<Indicator> {
    let f = folded.text.as_str();
    let digits = f.bytes().any(|b| b.is_ascii_digit());
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    let limits = limit_possible(f, digits).then(limit_pattern);
    for c in limits.into_iter().flat_map(|p| p.captures_iter(f)) {
        // "thứ sáu 3 giờ" is Friday at three, not "after 3 hours".
        let weekday_sau = |m: regex::Match<'_>| {
            f[..m.start()].trim_end().ends_with("thu") && m.as_str().starts_with("sau")
        };
        if let (Some(m), Some(n)) = (c.get(0), limit(&c, f))
            && !weekday_sau(m)
        {
            found.push((m.start(), m.end(), n));
        }
    }
    let points = point_possible(f, digits).then(point_pattern);
    // The same matches as `captures_iter`, found without capture groups: most are a
    // deadline word alone ("trong", "by"), which `point` refuses, and only the others pay
    // for the groups.
    let matches = points
        .into_iter()
        .flat_map(|p| p.find_iter(f).map(move |m| (p, m)));
    for (p, found_at) in matches {
        if !has_day_or_digit(found_at.as_str()) {
            continue;
        }
        let Some(c) = p.captures_at(f, found_at.start()) else {
            continue;
        };
        if let (Some(m), Some(n)) = (c.get(0), point(&c)) {
            let end = m.start()
                + m.as_str()
                    .trim_end()
                    .trim_end_matches([',', ':'])
                    .trim_end()
                    .len();
            found.push((m.start(), end, n));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<Indicator> = Vec::new();
    let mut last_end = 0;
    for (s, e, n) in found {
        if s < last_end && !out.is_empty() {
            continue;
        }
        let (start, end) = folded.span(s, e);
        out.push(Indicator::new(text, start, end, n));
        last_end = e;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deadlines(t: &str) -> Vec<String> {
        find(t, &Folded::new(t))
            .into_iter()
            .map(|i| i.normalized)
            .collect()
    }

    #[test]
    fn skipping_wordless_point_matches_changes_nothing() {
        let mut texts = crate::indicators::amount::tests::sample_texts();
        texts.extend(["trong tuần này, trước", "by the end of day", "trước: 5"].map(String::from));
        for t in &texts {
            let f = Folded::new(t).text;
            let all: Vec<_> = point_pattern()
                .captures_iter(&f)
                .filter_map(|c| point(&c).map(|n| (c.get(0).map(|m| m.start()), n)))
                .collect();
            let gated: Vec<_> = point_pattern()
                .find_iter(&f)
                .filter(|m| has_day_or_digit(m.as_str()))
                .filter_map(|m| point_pattern().captures_at(&f, m.start()))
                .filter_map(|c| point(&c).map(|n| (c.get(0).map(|m| m.start()), n)))
                .collect();
            assert_eq!(gated, all, "{t}");
        }
    }

    #[test]
    fn every_form_of_the_issue() {
        for (t, want) in [
            ("trong 48 giờ", "48h"),
            ("trong vòng 24h", "24h"),
            ("TRONG VÒNG 24 TIẾNG", "24h"),
            ("trước 17h ngày 20/12", "17:00 20/12"),
            ("hạn chót thứ Sáu", "friday"),
            ("within 24 hours", "24h"),
            ("before Friday", "friday"),
            ("by midnight", "midnight"),
            ("trước 12h trưa mai", "12:00 tomorrow"),
            ("sau 3 ngày", "3d"),
            ("trong hai ngày", "2d"),
            ("trước 8 giờ tối nay", "20:00 today"),
            ("before 5 pm", "17:00"),
            ("by 5:30pm tomorrow", "17:30 tomorrow"),
            ("hạn chót: 25/12/2024", "25/12/2024"),
            ("trước thứ 6", "friday"),
            ("chậm nhất 30 phút", "30min"),
            ("trước ngày 5 tháng 1", "05/01"),
            ("trong 1 tuần", "1w"),
            ("trước nửa đêm", "midnight"),
            ("tr\u{1b0}o\u{301}c 17h", "17:00"),
            ("by tomorrow 9am", "09:00 tomorrow"),
            ("trước ngày 20/12 lúc 17h30", "17:30 20/12"),
            ("trước thứ Sáu, 5 giờ chiều", "17:00 friday"),
        ] {
            assert_eq!(deadlines(t), [want], "{t}");
        }
    }

    #[test]
    fn the_past_and_plain_prepositions_are_not_deadlines() {
        for t in [
            "trong 3 ngày qua tôi đã theo dõi",
            "còn anh thì sao",
            "back in a minute",
            "trước khi gửi",
            "by 2 people",
            "trước đây",
            "năm 2024",
        ] {
            assert!(deadlines(t).is_empty(), "{t}: {:?}", deadlines(t));
        }
    }

    #[test]
    fn spans_cover_the_written_form() {
        let t = "Chuyển tiền trước 17h ngày 20/12, nếu không...";
        let d = &find(t, &Folded::new(t))[0];
        assert_eq!(d.value, "trước 17h ngày 20/12");
    }

    /// Words that make or nearly make deadlines, for the gate property below.
    const WORDS: &[&str] = &[
        "trong", "vong", "sau", "ba", "a", "an", "h", "gio", "tieng", "hours", "ngay", "tuan",
        "thu", "chu", "nhat", "mai", "hom", "nay", "toi", "truoc", "by", "in", "the", "end", "of",
        "day", "friday", "nua", "dem", "midnight", "eod", "cuoi", "het", "han", "chot", "anh",
        "co", "chao", "twenty", "four", "phut", "minutes", "within", ":", ",", "-",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 4096,
            failure_persistence: None,
            ..Default::default()
        })]

        /// The cheap gates in `find` never skip a pattern that could yield a deadline.
        #[test]
        fn gates_skip_only_texts_without_deadlines(
            words in proptest::collection::vec(proptest::sample::select(WORDS), 1..6),
            seps in proptest::collection::vec(proptest::sample::select(&[" ", "  ", "", "\n"][..]), 8),
        ) {
            let f: String = words.iter().zip(&seps).flat_map(|(w, s)| [*w, *s]).collect();
            if !limit_possible(&f, false) {
                proptest::prop_assert!(limit_pattern().find(&f).is_none(), "{:?}", f);
            }
            if !point_possible(&f, false) {
                for c in point_pattern().captures_iter(&f) {
                    proptest::prop_assert!(point(&c).is_none(), "{:?}", f);
                }
            }
        }
    }

    #[test]
    fn gates_pass_words_that_make_deadlines() {
        assert_eq!(deadlines("trong hai tiếng"), ["2h"]);
        assert_eq!(deadlines("hạn chót ngày mai"), ["tomorrow"]);
        assert_eq!(deadlines("by the end of the day"), ["eod"]);
        assert!(!limit_possible("chao anh", false) && !point_possible("chao anh", false));
    }
}
