//! The human printer: a verdict line, the schemes, each piece of evidence with the original
//! text highlighted, and the advice. Control, bidi and invisible characters are escaped so
//! that a hostile text cannot rewrite the analyst's terminal.

use super::Record;
use crate::rules::Lang;
use crate::score::Verdict;
use std::io::{self, Write};

/// Terminal styling.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Emit ANSI colors.
    pub color: bool,
    /// Output language.
    pub lang: Lang,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// Escape characters that would move the cursor, reorder text or hide themselves.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("⏎ "),
            '\t' => out.push(' '),
            '\r' => {}
            c if c.is_control()
                || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}') =>
            {
                out.push_str(&format!("\\u{{{:04X}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

fn verdict_label(v: Verdict, lang: Lang) -> &'static str {
    match (v, lang) {
        (Verdict::None, Lang::Vi) => "KHÔNG RỦI RO",
        (Verdict::Low, Lang::Vi) => "RỦI RO THẤP",
        (Verdict::Medium, Lang::Vi) => "RỦI RO TRUNG BÌNH",
        (Verdict::High, Lang::Vi) => "RỦI RO CAO",
        (Verdict::None, Lang::En) => "NO RISK",
        (Verdict::Low, Lang::En) => "LOW RISK",
        (Verdict::Medium, Lang::En) => "MEDIUM RISK",
        (Verdict::High, Lang::En) => "HIGH RISK",
    }
}

fn t(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// 1-based line and column (in characters) of byte `at` in `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = floor_boundary(text, at);
    let line = text[..at].matches('\n').count() + 1;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].chars().count() + 1)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The elements a scheme found and lacked, one line each (the second only when non-empty).
fn write_elements(
    out: &mut dyn Write,
    indent: &str,
    lang: Lang,
    present: &[String],
    missing: &[String],
) -> io::Result<()> {
    writeln!(
        out,
        "{indent}{}: {}",
        t(lang, "có", "present"),
        present.join(", ")
    )?;
    if !missing.is_empty() {
        writeln!(
            out,
            "{indent}{}: {}",
            t(lang, "thiếu", "missing"),
            missing.join(", ")
        )?;
    }
    Ok(())
}

/// Print one record. `input` is the original text, used to show evidence in context.
pub fn print(
    out: &mut dyn Write,
    r: &Record,
    input: Option<&[u8]>,
    style: &Style,
    citation: Option<&str>,
) -> io::Result<()> {
    let lang = style.lang;
    let name = match (&r.source.line, r.source.path.as_str()) {
        (Some(l), p) => format!("{p}:{l}"),
        (None, p) => p.to_string(),
    };
    if let Some(e) = &r.error {
        return writeln!(
            out,
            "{}: {} {}",
            sanitize(&name),
            style.paint("1;31", t(lang, "lỗi:", "error:")),
            sanitize(e)
        );
    }
    let color = match r.verdict {
        Verdict::High => "1;31",
        Verdict::Medium => "1;33",
        Verdict::Low => "1;36",
        Verdict::None => "1;32",
    };
    writeln!(
        out,
        "{}: {} ({} {:.1})",
        sanitize(&name),
        style.paint(color, verdict_label(r.verdict, lang)),
        t(lang, "điểm", "score"),
        r.score
    )?;
    for s in &r.schemes {
        writeln!(
            out,
            "  {} {} [{}]: {}",
            t(lang, "thủ đoạn", "scheme"),
            style.paint("1", &s.id),
            s.verdict,
            s.name
        )?;
        write_elements(out, "    ", lang, &s.elements_present, &s.elements_missing)?;
    }
    let text = input.map(String::from_utf8_lossy);
    if !r.evidence.is_empty() {
        writeln!(out, "  {}:", t(lang, "bằng chứng", "evidence"))?;
    }
    for e in &r.evidence {
        let ctx = text.as_deref().filter(|t| {
            e.end <= t.len() && t.is_char_boundary(e.start) && t.is_char_boundary(e.end)
        });
        match ctx {
            Some(t) => {
                let (line, col) = line_col(t, e.start);
                let before_start = floor_boundary(t, e.start.saturating_sub(40));
                let before = &t[before_start..e.start];
                let before = before.rsplit('\n').next().unwrap_or(before);
                let after_end = floor_boundary(t, (e.end + 40).min(t.len()));
                let after = &t[e.end..after_end];
                let after = after.split('\n').next().unwrap_or(after);
                let hl = if style.color {
                    style.paint("1;4;31", &sanitize(&e.text))
                } else {
                    format!("[{}]", sanitize(&e.text))
                };
                writeln!(
                    out,
                    "    {line}:{col} {:<16} {}{}{}",
                    e.element,
                    sanitize(before),
                    hl,
                    sanitize(after)
                )?;
            }
            None => writeln!(
                out,
                "    {}..{} {:<16} [{}]",
                e.start,
                e.end,
                e.element,
                sanitize(&e.text)
            )?,
        }
    }
    if !r.indicators.is_empty() {
        writeln!(out, "  {}:", t(lang, "chỉ báo", "indicators"))?;
        for (kind, list) in r.indicators.by_kind() {
            for ind in list {
                let mut extra = Vec::new();
                if let Some(net) = &ind.network {
                    extra.push(net.clone());
                }
                match ind.valid {
                    Some(true) => {
                        extra.push(t(lang, "checksum hợp lệ", "valid checksum").to_string())
                    }
                    Some(false) => extra.push(t(lang, "checksum SAI", "BAD checksum").to_string()),
                    None => {}
                }
                let extra = if extra.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", extra.join(", "))
                };
                let shown = if ind.normalized != ind.value {
                    format!("{} → {}", sanitize(&ind.value), sanitize(&ind.normalized))
                } else {
                    sanitize(&ind.value)
                };
                writeln!(out, "    {kind:<9} {shown}{extra}")?;
            }
        }
    }
    let n = &r.normalization;
    let mut notes = Vec::new();
    if let Some(enc) = &n.encoding_repair {
        notes.push(format!(
            "{}: {enc}",
            t(lang, "đã sửa mã hóa", "encoding repaired")
        ));
    }
    if n.invalid_utf8 > 0 {
        notes.push(format!(
            "{} {}",
            n.invalid_utf8,
            t(lang, "chuỗi UTF-8 lỗi", "invalid UTF-8 sequences")
        ));
    }
    if n.hidden_chars > 0 {
        notes.push(format!(
            "{} {}",
            n.hidden_chars,
            t(lang, "ký tự ẩn đã gỡ", "hidden characters removed")
        ));
    }
    if n.obfuscation_count() > 0 {
        notes.push(format!(
            "{} {}",
            n.obfuscation_count(),
            t(lang, "chỗ ngụy trang chữ", "obfuscated spellings repaired")
        ));
    }
    if !notes.is_empty() {
        writeln!(
            out,
            "  {}: {}",
            t(lang, "chuẩn hóa", "normalization"),
            notes.join("; ")
        )?;
    }
    if let Some(x) = &r.explain {
        writeln!(out, "  {}:", t(lang, "giải thích", "explanation"))?;
        if r.verdict < Verdict::Medium {
            // A near miss: the listed scheme with the highest score, and what it lacked.
            let closest = x
                .schemes
                .iter()
                .filter(|s| s.listed)
                .max_by(|a, b| a.score.total_cmp(&b.score));
            if let Some(s) = closest.filter(|s| s.score > 0.0) {
                let total = s.elements_present.len() + s.elements_missing.len();
                writeln!(
                    out,
                    "    {} {}: {}/{} {}; {}: {}",
                    t(lang, "gần nhất với", "closest to"),
                    s.id,
                    s.elements_present.len(),
                    total,
                    t(lang, "yếu tố", "elements"),
                    t(lang, "thiếu", "missing"),
                    s.elements_missing.join(", ")
                )?;
            }
        }
        for s in &x.schemes {
            writeln!(
                out,
                "    {} → {} ({} {:.1})",
                s.id,
                s.verdict,
                t(lang, "điểm", "score"),
                s.score
            )?;
            write_elements(
                out,
                "      ",
                lang,
                &s.elements_present,
                &s.elements_missing,
            )?;
            for p in &s.signals {
                writeln!(out, "      +{:.1} {} ({})", p.points, p.signal, p.element)?;
            }
        }
        if !x.caps_applied.is_empty() {
            writeln!(
                out,
                "    {}: {}",
                t(lang, "giới hạn áp dụng", "caps applied"),
                x.caps_applied.join(", ")
            )?;
        }
    }
    if !r.advice.is_empty() {
        writeln!(out, "  {}:", t(lang, "khuyến nghị", "advice"))?;
        for a in &r.advice {
            writeln!(out, "    - {}", a.text)?;
        }
        if let Some(c) = citation {
            writeln!(out, "    ({} {c})", t(lang, "theo", "after"))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_escapes_controls_and_bidi() {
        assert_eq!(
            sanitize("a\u{202E}b\x1b[2Jc\nd"),
            "a\\u{202E}b\\u{001B}[2Jc⏎ d"
        );
    }
}
