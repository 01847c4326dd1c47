//! A light fold of the decoded text for indicator patterns: lowercase, Vietnamese marks dropped
//! (NFC or NFD alike), `đ` → `d`, no-break spaces → space, with a map from every folded byte
//! back to the decoded text. Unlike the match view it keeps every word, digit and punctuation
//! mark where it was, so number and date syntax survive.
//!
//! Why our own fold: the match view replaces tokens (teencode, leetspeak, placeholders), which
//! would destroy amounts and e-mail addresses; patterns written against this fold read
//! "triệu", "TRIỆU", "trie\u{302}\u{323}u" and "trieu" alike.

#[cfg(test)]
use crate::normalize::LATIN;
use crate::normalize::latin_lookup;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Append the fold of non-ASCII `c` to `out`.
fn fold_into(c: char, out: &mut String) {
    match c {
        'đ' | 'Đ' => out.push('d'),
        '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{2009}' => out.push(' '),
        _ => decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                for l in d.to_lowercase() {
                    if !is_combining_mark(l) {
                        out.push(l);
                    }
                }
            }
        }),
    }
}

/// [`fold_into`] of a Latin letter whose fold is one ASCII byte, from a table built on first
/// use (decomposing each vowel anew was a third of the fold).
fn latin_fold(c: char) -> Option<u8> {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let one_byte = |ch: char| {
        let mut buf = String::new();
        if !is_combining_mark(ch) {
            fold_into(ch, &mut buf);
        }
        match buf.as_bytes() {
            [b] => Some(*b),
            _ => None,
        }
    };
    latin_lookup(&TABLE, c, one_byte)
}

/// The folded text and its map back to the source.
#[derive(Debug)]
pub(crate) struct Folded {
    /// The folded text.
    pub(crate) text: String,
    /// For each folded byte, the source offsets `(start, end)` of the character it came from;
    /// `None` when the source is ASCII and offsets are the identity.
    map: Option<Vec<(u32, u32)>>,
}

impl Folded {
    /// Fold `text`. Pure-ASCII text costs one lowercase copy and no map.
    pub(crate) fn new(text: &str) -> Folded {
        if text.is_ascii() {
            return Folded {
                text: text.to_ascii_lowercase(),
                map: None,
            };
        }
        let mut out = String::with_capacity(text.len());
        let mut map: Vec<(u32, u32)> = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            let (s, e) = (i as u32, (i + c.len_utf8()) as u32);
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
                map.push((s, e));
                continue;
            }
            // Most non-ASCII characters are precomposed Vietnamese letters: the table first.
            // (It holds no combining mark.)
            if let Some(b) = latin_fold(c) {
                out.push(b as char);
                map.push((s, e));
                continue;
            }
            if is_combining_mark(c) {
                // A mark belongs to the letter before it: widen that letter's source.
                if let Some(last) = map.last_mut()
                    && last.1 == s
                {
                    let from = last.0;
                    for m in map.iter_mut().rev() {
                        if m.0 != from {
                            break;
                        }
                        m.1 = e;
                    }
                }
                continue;
            }
            let before = out.len();
            fold_into(c, &mut out);
            map.resize(out.len(), (s, e));
            debug_assert!(out.len() >= before);
        }
        Folded {
            text: out,
            map: Some(map),
        }
    }

    /// The source span of the folded span `[a, b)` (an empty span maps to an empty span).
    pub(crate) fn span(&self, a: usize, b: usize) -> (usize, usize) {
        match &self.map {
            None => (a, b),
            Some(m) if b <= a => {
                let s = m.get(a).map_or(0, |x| x.0 as usize);
                (s, s)
            }
            Some(m) => {
                let s = m[a].0 as usize;
                let e = m[b - 1].1 as usize;
                (s, e.max(s))
            }
        }
    }

    /// The folded offset of source offset `src`: the first folded byte whose source starts at
    /// or after it.
    pub(crate) fn to_folded(&self, src: usize) -> usize {
        match &self.map {
            None => src.min(self.text.len()),
            Some(m) => m.partition_point(|x| (x.0 as usize) < src),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_nfc_and_nfd_alike_and_maps_back() {
        let nfc = "50 TRIỆU đồng";
        let nfd = "50 TRIE\u{302}\u{323}U \u{111}o\u{302}\u{300}ng";
        for t in [nfc, nfd] {
            let f = Folded::new(t);
            assert_eq!(f.text, "50 trieu dong");
            let (s, e) = f.span(3, 8);
            assert_eq!(&t[s..e], t.split(' ').nth(1).unwrap());
        }
    }

    #[test]
    fn the_latin_table_folds_as_the_general_path() {
        for r in &LATIN {
            for cp in r.clone() {
                let Some(c) = char::from_u32(cp) else {
                    continue;
                };
                if is_combining_mark(c) {
                    continue;
                }
                let mut want = String::new();
                fold_into(c, &mut want);
                if let Some(b) = latin_fold(c) {
                    assert_eq!(want, (b as char).to_string(), "{c:?}");
                }
            }
        }
        assert_eq!(latin_fold('ệ'), Some(b'e'));
        assert_eq!(latin_fold('Đ'), Some(b'd'));
        assert_eq!(latin_fold('\u{00A0}'), Some(b' '));
        assert_eq!(latin_fold('æ'), None);
    }

    #[test]
    fn ascii_is_identity() {
        let f = Folded::new("ABC def");
        assert_eq!(f.text, "abc def");
        assert_eq!(f.span(1, 3), (1, 3));
    }
}
