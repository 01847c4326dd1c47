//! Normalize decoded text into the *match view* that rules are matched against, keeping a map
//! from every byte of the view back to the decoded text (and through [`crate::decode::Decoded`] to the input).
//!
//! The match view is lowercase ASCII-folded Vietnamese, one token per word, tokens separated by
//! one space, with a space before the first and after the last token:
//!
//! ```text
//! "Nếu KHÔNG chuyển 5.000 U S D T ➜ ảnh sẽ bị p-h-á-t t-á-n"
//! " neu khong chuyen 5.000 usdt anh se bi phattan "
//! ```
//!
//! One pass folds each character (NFKD, marks dropped, đ→d, homoglyphs, fullwidth forms) and
//! drops invisible characters; a second pass over tokens repairs obfuscation (spaced letters,
//! leetspeak, repeated letters), expands unambiguous chat abbreviations, masks e-mail, URL and
//! wallet tokens, and applies OCR-confusable classes (`l`/`1` → `i`, `rn` → `m`) so that noisy
//! transcriptions and clean keywords meet. Keywords are compiled through the same function, so
//! a rule author writes natural Vietnamese and every spelling above reaches it.
//!
//! # Cost
//! Linear in the input; about five `u32` of map per view byte.

use crate::rules::accent_key;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Placeholder tokens that stand for masked indicators in the match view. They are not
/// Vietnamese or English words, so rules can name them ("lien he qua xemailx") without
/// colliding with ordinary text.
pub const EMAIL_TOKEN: &str = "xemailx";
/// See [`EMAIL_TOKEN`].
pub const URL_TOKEN: &str = "xurlx";
/// See [`EMAIL_TOKEN`].
pub const WALLET_TOKEN: &str = "xwalletx";

/// What normalization repaired, reported with every result.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormalizationReport {
    /// Legacy-encoding or mojibake repair applied by the decoder (`"tcvn3"`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding_repair: Option<String>,
    /// Invalid UTF-8 sequences replaced by U+FFFD.
    pub invalid_utf8: usize,
    /// Zero-width, bidi-control, soft-hyphen and other invisible characters removed.
    pub hidden_chars: usize,
    /// Of those, how many sat inside a word (a deliberate way to break keywords).
    pub hidden_in_words: usize,
    /// Cyrillic or Greek look-alike letters mapped to Latin inside Latin words.
    pub homoglyphs: usize,
    /// Fullwidth and other compatibility forms mapped to plain letters.
    pub compatibility_forms: usize,
    /// Runs of spaced or dotted single letters joined into a word ("U S D T").
    pub joined_letter_runs: usize,
    /// Digits or symbols inside words read as letters ("v1de0", "U$DT").
    pub leet_chars: usize,
    /// Emoji or symbols removed from inside words ("g🔴ọi").
    pub symbols_in_words: usize,
    /// Runs of three or more repeated letters shortened ("tiềnnnn").
    pub repeated_letters: usize,
    /// Chat abbreviations expanded ("ko" → "không").
    pub abbreviations: usize,
    /// Words hyphenated across a line break joined again.
    pub hyphenations_joined: usize,
    /// Decoded-text offsets where a deliberate obfuscation was repaired (not serialized):
    /// the view marks the words that contain one.
    #[serde(skip)]
    pub obfuscated_at: Vec<u32>,
}

impl NormalizationReport {
    /// Repairs that only a deliberate attempt to dodge filters produces.
    pub fn obfuscation_count(&self) -> usize {
        self.hidden_in_words
            + self.homoglyphs
            + self.joined_letter_runs
            + self.leet_chars
            + self.symbols_in_words
    }
}

/// The match view of one text and its map back to the decoded text.
#[derive(Debug, Clone)]
pub struct MatchView {
    /// The view: `" tok tok … "`.
    pub text: String,
    /// For each view byte, where it came from: one vector, not four, because writing the
    /// view pushes once per byte.
    map: Vec<ViewByte>,
}

/// Where one view byte came from.
#[derive(Debug, Clone, Copy)]
struct ViewByte {
    /// The decoded-text offset where its source starts.
    start: u32,
    /// The decoded-text offset where its source ends.
    end: u32,
    /// It belongs to a token joined from spaced letters (keywords may then match inside the
    /// token, since word gaps were lost when joining).
    joined: bool,
    /// Its word was deliberately obfuscated (hidden characters, look-alike letters,
    /// leetspeak, symbols or spaces between its letters).
    obfuscated: bool,
}

impl MatchView {
    /// Map a non-empty view span `[s, e)` to the decoded-text span it came from.
    pub fn source_span(&self, s: usize, e: usize) -> (usize, usize) {
        debug_assert!(s < e && e <= self.text.len());
        let a = self.map[s].start as usize;
        let b = self.map[e - 1].end as usize;
        (a, b.max(a))
    }

    /// Whether any byte of the view span `[s, e)` belongs to an obfuscated word.
    pub fn is_obfuscated(&self, s: usize, e: usize) -> bool {
        self.map
            .get(s..e)
            .is_some_and(|v| v.iter().any(|b| b.obfuscated))
    }

    /// Whether view byte `i` is part of a token joined from spaced letters.
    pub fn in_joined_token(&self, i: usize) -> bool {
        self.map.get(i).is_some_and(|b| b.joined)
    }

    /// The byte ranges of the tokens joined from spaced letters, in order (a token's bytes
    /// are all joined or none, and tokens are separated by spaces, which are not).
    pub(crate) fn joined_runs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let j = &self.map;
        let mut i = 0;
        std::iter::from_fn(move || {
            i += j[i.min(j.len())..].iter().position(|b| b.joined)?;
            let a = i;
            i += j[a..].iter().position(|b| !b.joined).unwrap_or(j.len() - a);
            Some((a, i))
        })
    }
}

/// A span of decoded text to mask with a placeholder token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mask {
    /// Start offset in the decoded text.
    pub start: usize,
    /// End offset in the decoded text.
    pub end: usize,
    /// The placeholder written to the view.
    pub token: &'static str,
}

/// Character class of a folded atom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A letter or digit.
    Word,
    /// Whitespace; `true` when it contains a line break.
    Space(bool),
    /// Punctuation, symbols, emoji.
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Atom {
    ch: char,
    kind: Kind,
    s: u32,
    e: u32,
}

/// Fold one text into the match view. `masks` must be sorted and non-overlapping.
pub fn match_view(text: &str, masks: &[Mask], report: &mut NormalizationReport) -> MatchView {
    let atoms = fold_chars(text, masks, report);
    build_view(text, &atoms, report, true)
}

/// Fold a rule keyword exactly as text is folded, returning the view without its padding
/// spaces (`"chuyen tien"`).
pub fn fold_keyword(keyword: &str) -> String {
    let mut r = NormalizationReport::default();
    let atoms = fold_chars(keyword, &[], &mut r);
    build_view(keyword, &atoms, &mut r, true)
        .text
        .trim()
        .to_string()
}

/// The forms a keyword can take in a view: folded with chat abbreviations expanded, and
/// without (a text keeps an abbreviation when its context rules the expansion out, as the
/// `k` of `500 k`).
pub fn fold_keyword_variants(keyword: &str) -> Vec<String> {
    if let Some(forms) = keyword_cache().get(keyword) {
        return forms.iter().map(|f| (*f).to_string()).collect();
    }
    fold_keyword_variants_uncached(keyword)
}

fn fold_keyword_variants_uncached(keyword: &str) -> Vec<String> {
    let mut r = NormalizationReport::default();
    let atoms = fold_chars(keyword, &[], &mut r);
    let expanded = build_view(keyword, &atoms, &mut r, true)
        .text
        .trim()
        .to_string();
    // `expand` only gates abbreviation expansion: when none happened, the second pass would
    // write the same text (skipping it halves the keyword folding at start-up).
    if r.abbreviations == 0 {
        return vec![expanded];
    }
    let mut v = vec![
        expanded,
        build_view(keyword, &atoms, &mut r, false)
            .text
            .trim()
            .to_string(),
    ];
    v.dedup();
    v
}

/// Fold a regex written in natural Vietnamese into the match view's alphabet: literal letters
/// are folded one by one (marks dropped, đ→d, `l`→`i`, `rn`→`m`), a run of three or more of
/// one letter is one letter as in the view ("will" → "wiii" → "wi"), escapes and classes such
/// as `\d`, `\b`, `[a-z]` are kept.
pub fn fold_regex_source(src: &str) -> String {
    collapse_regex_repeats(&fold_regex_letters(src))
}

/// The view writes a run of three or more of one letter once (`collapse_repeats`); so must a
/// regex, or "will" (folded "wiii") never meets the view's "wi". Runs inside a class, after
/// a backslash or before a quantifier are left alone.
fn collapse_regex_repeats(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let (mut i, mut in_class) = (0, false);
    while i < b.len() {
        let c = b[i];
        let escaped = i > 0 && b[i - 1] == '\\';
        if !escaped {
            match c {
                '[' => in_class = true,
                ']' => in_class = false,
                _ => {}
            }
        }
        let mut j = i + 1;
        while j < b.len() && b[j] == c {
            j += 1;
        }
        let quantified = matches!(b.get(j), Some('*' | '+' | '?' | '{'));
        if c.is_ascii_alphabetic() && j - i >= 3 && !in_class && !escaped && !quantified {
            out.push(c);
        } else {
            out.extend(&b[i..j]);
        }
        i = j;
    }
    out
}

fn fold_regex_letters(src: &str) -> String {
    // Placeholders are matched as written.
    for token in [EMAIL_TOKEN, URL_TOKEN, WALLET_TOKEN] {
        if let Some(i) = src.find(token) {
            let (head, tail) = (&src[..i], &src[i + token.len()..]);
            return format!(
                "{}{token}{}",
                fold_regex_letters(head),
                fold_regex_letters(tail)
            );
        }
    }
    let mut out = String::with_capacity(src.len());
    let mut chars = src.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&'d') && !in_class {
            // Digits in the view are ASCII; `[0-9]` also lets a literal prefilter see them.
            chars.next();
            out.push_str("[0-9]");
            continue;
        }
        if c == '\\' {
            out.push(c);
            if let Some(n) = chars.next() {
                out.push(n);
                // \p{…} / \P{…}: copy the braces untouched.
                if (n == 'p' || n == 'P') && chars.peek() == Some(&'{') {
                    for d in chars.by_ref() {
                        out.push(d);
                        if d == '}' {
                            break;
                        }
                    }
                }
            }
            continue;
        }
        if c == '(' && chars.peek() == Some(&'?') {
            // Group flags and names like (?i) or (?P<name>…) stay as written.
            out.push(c);
            for d in chars.by_ref() {
                out.push(d);
                if d == ')' || d == ':' || d == '>' {
                    break;
                }
            }
            continue;
        }
        if is_apostrophe(c) {
            // Apostrophes vanish from the view ("don't" → "dont").
            continue;
        }
        if c == '-'
            && !in_class
            && out.ends_with(|p: char| p.is_alphanumeric())
            && chars.peek().is_some_and(|n| n.is_alphanumeric())
        {
            // "e-mail" is two tokens in the view.
            out.push(' ');
            continue;
        }
        if c == '[' {
            in_class = true;
        } else if c == ']' {
            in_class = false;
        }
        let mut buf = [' '; 4];
        let n = fold_char(c, &mut buf);
        for &f in &buf[..n] {
            let f = if !in_class && f == 'l' { 'i' } else { f };
            if f == 'n' && !in_class && out.ends_with('r') {
                out.pop();
                out.push('m');
            } else {
                out.push(f);
            }
        }
    }
    out
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{E0000}'..='\u{E0FFF}')
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Cyrillic and Greek letters that look like Latin ones (lowercase forms; input is lowercased
/// first). From Unicode TR39 confusables, the subset seen in filter evasion.
fn homoglyph(c: char) -> Option<char> {
    Some(match c {
        'а' | 'α' => 'a',
        'в' | 'β' => 'b',
        'с' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' | 'ё' | 'ε' => 'e',
        'һ' | 'н' => 'h',
        'і' | 'ї' | 'ι' | 'ɩ' => 'i',
        'ј' => 'j',
        'к' | 'κ' => 'k',
        'м' => 'm',
        'п' | 'η' => 'n',
        'о' | 'ο' | 'σ' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'г' => 'r',
        'ѕ' => 's',
        'т' | 'τ' => 't',
        'υ' | 'ц' => 'u',
        'ν' | 'ѵ' => 'v',
        'ԝ' | 'ω' => 'w',
        'х' | 'χ' => 'x',
        'у' | 'γ' => 'y',
        _ => return None,
    })
}

/// Fold one character to at most four lowercase characters: marks dropped, đ→d, compatibility
/// forms to plain letters. Returns how many were written.
fn fold_char(c: char, out: &mut [char; 4]) -> usize {
    if c.is_ascii() {
        out[0] = c.to_ascii_lowercase();
        return 1;
    }
    match c {
        'đ' | 'Đ' | 'ð' | 'Ð' | 'ɖ' | 'Ɖ' => {
            out[0] = 'd';
            return 1;
        }
        _ => {}
    }
    if is_combining(c) || is_ignorable(c) {
        return 0;
    }
    let mut n = 0;
    unicode_normalization::char::decompose_compatible(c, |d| {
        if n < 4 && !is_combining(d) {
            for l in d.to_lowercase() {
                if n < 4 {
                    out[n] = homoglyph(l).unwrap_or(l);
                    n += 1;
                }
            }
        }
    });
    n
}

fn classify(c: char) -> Kind {
    if c.is_alphanumeric() {
        Kind::Word
    } else if c.is_whitespace() {
        Kind::Space(c == '\n' || c == '\r' || c == '\u{2028}' || c == '\u{2029}')
    } else {
        Kind::Punct
    }
}

/// The Latin letters of Vietnamese: Latin-1 to Latin Extended-B, and Latin Extended
/// Additional (the precomposed vowels with two marks). Both folds keep a table over them.
pub(crate) const LATIN: [std::ops::Range<u32>; 2] = [0x80..0x250, 0x1E00..0x1F00];

/// The entry of `c` in a table over [`LATIN`] that `table` holds, built on first use with
/// `fold` (a character's fold as one ASCII byte, or `None` where the general path is needed).
pub(crate) fn latin_lookup(
    table: &OnceLock<Vec<u8>>,
    c: char,
    fold: fn(char) -> Option<u8>,
) -> Option<u8> {
    let cp = c as u32;
    let mut i = 0;
    for r in &LATIN {
        if r.contains(&cp) {
            i += (cp - r.start) as usize;
            let t = table.get_or_init(|| {
                LATIN
                    .iter()
                    .flat_map(|r| r.clone())
                    .map(|cp| char::from_u32(cp).and_then(fold).unwrap_or(0))
                    .collect()
            });
            return Some(t[i]).filter(|&b| b != 0 && b.is_ascii());
        }
        i += r.len();
    }
    None
}

/// The fold of a Latin character that folds to one ASCII character and needs nothing else of
/// [`fold_chars`] (not invisible, not a mark, not a look-alike), from a table built on first
/// use: decomposing each accented vowel anew was a third of the fold.
fn latin_fold(c: char) -> Option<char> {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    let simple = |ch: char| {
        let mut buf = [' '; 4];
        let lower = ch.to_lowercase().next().unwrap_or(ch);
        (!is_ignorable(ch)
            && !is_combining(ch)
            && homoglyph(lower).is_none()
            && fold_char(ch, &mut buf) == 1)
            .then_some(buf[0])
            .filter(char::is_ascii)
            .map(|f| f as u8)
    };
    latin_lookup(&TABLE, c, simple).map(char::from)
}

/// Pass 1: fold characters into atoms, dropping invisible characters and marks.
fn fold_chars(text: &str, masks: &[Mask], report: &mut NormalizationReport) -> Vec<Atom> {
    let mut atoms: Vec<Atom> = Vec::with_capacity(text.len());
    let mut mask_iter = masks.iter().peekable();
    let mut iter = text.char_indices().peekable();
    let (mut run_end, mut run_next_word) = (0usize, false);
    while let Some((i, c)) = iter.next() {
        if let Some(m) = mask_iter.peek()
            && i >= m.start
        {
            let m = *mask_iter.next().unwrap();
            if i == m.start && m.end > m.start {
                // Surround the placeholder with spaces so it stays one token.
                atoms.push(Atom {
                    ch: ' ',
                    kind: Kind::Space(false),
                    s: i as u32,
                    e: i as u32,
                });
                for ch in m.token.chars() {
                    atoms.push(Atom {
                        ch,
                        kind: Kind::Word,
                        s: i as u32,
                        e: m.end as u32,
                    });
                }
                atoms.push(Atom {
                    ch: ' ',
                    kind: Kind::Space(false),
                    s: m.end as u32,
                    e: m.end as u32,
                });
                while let Some(&(j, _)) = iter.peek() {
                    if j >= m.end {
                        break;
                    }
                    iter.next();
                }
                continue;
            }
        }
        if c.is_ascii() {
            // The fast path, for most characters even of Vietnamese with diacritics: no
            // ASCII character is invisible, a mark or a look-alike, and folding lowercases.
            let f = c.to_ascii_lowercase();
            atoms.push(Atom {
                ch: f,
                kind: classify(f),
                s: i as u32,
                e: i as u32 + 1,
            });
            continue;
        }
        let e = (i + c.len_utf8()) as u32;
        if let Some(f) = latin_fold(c) {
            atoms.push(Atom {
                ch: f,
                kind: classify(f),
                s: i as u32,
                e,
            });
            continue;
        }
        if is_ignorable(c) {
            report.hidden_chars += 1;
            let prev_word = atoms.last().is_some_and(|a| a.kind == Kind::Word);
            // What follows a run of invisible characters is looked up once per run, so a
            // long run stays linear.
            if (e as usize) > run_end {
                let rest = &text[e as usize..];
                let skip = rest.find(|n: char| !is_ignorable(n)).unwrap_or(rest.len());
                run_end = e as usize + skip;
                run_next_word = rest[skip..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_alphanumeric());
            }
            let next_word = run_next_word;
            if prev_word && next_word {
                report.hidden_in_words += 1;
                report.obfuscated_at.push(i as u32);
            }
            continue;
        }
        if is_combining(c) {
            // A combining mark belongs to the letter before it: widen that letter's source.
            if let Some(a) = atoms.last_mut()
                && a.e == i as u32
            {
                a.e = e;
            }
            continue;
        }
        let mut buf = [' '; 4];
        let n = fold_char(c, &mut buf);
        if !c.is_ascii() && n > 0 {
            let l = c.to_lowercase().next().unwrap_or(c);
            if homoglyph(l).is_some() {
                let neighbour_latin = atoms.last().is_some_and(|a| a.ch.is_ascii_alphabetic())
                    || text[e as usize..]
                        .chars()
                        .next()
                        .is_some_and(|n| n.is_ascii_alphabetic());
                if neighbour_latin {
                    report.homoglyphs += 1;
                    report.obfuscated_at.push(i as u32);
                }
            } else if ('\u{FF01}'..='\u{FF5E}').contains(&c)
                || ('\u{1D400}'..='\u{1D7FF}').contains(&c)
                || ('\u{2460}'..='\u{24FF}').contains(&c)
            {
                report.compatibility_forms += 1;
            }
        }
        for &f in &buf[..n] {
            atoms.push(Atom {
                ch: f,
                kind: classify(f),
                s: i as u32,
                e,
            });
        }
    }
    atoms
}

/// A token being assembled: folded characters with their sources.
#[derive(Debug, Clone, Default)]
struct Token {
    /// Its characters: `chars[s..e]` of the text's one character buffer (a token's
    /// characters follow the previous token's, so merging neighbours extends the range).
    s: usize,
    e: usize,
    joined: bool,
    /// A lone hyphen joins it to a neighbour ("e-mail"): no abbreviation expansion.
    hyphen_tight: bool,
    /// A sentence ends before it ("… ngân hàng. Cảm ơn"): keywords must not reach across.
    sentence_before: bool,
}

impl Token {
    fn is_single(&self) -> bool {
        self.e - self.s == 1
    }
    fn is_empty(&self) -> bool {
        self.e == self.s
    }
    fn chars<'a>(&self, all: &'a [(char, u32, u32)]) -> &'a [(char, u32, u32)] {
        &all[self.s..self.e]
    }
    fn text(&self, all: &[(char, u32, u32)]) -> String {
        self.chars(all).iter().map(|c| c.0).collect()
    }
}

/// What lies between two tokens.
#[derive(Debug, Clone, Copy, Default)]
struct Gap {
    newline: bool,
    /// A hyphen directly after the previous token, then a line break.
    hyphen_break: bool,
    /// Only characters that obfuscators put between letters (space, . - _ * / emoji …).
    letter_glue: bool,
    /// Exactly one hyphen and nothing else ("e-mail").
    hyphen_tight: bool,
    /// Characters in the gap.
    len: usize,
    /// Sentence punctuation seen (`.` `!` `?` `;` `…`).
    stop: bool,
    /// ... and then whitespace: the gap ends a sentence.
    sentence_end: bool,
}

/// Function words that tell English from Vietnamese typed without diacritics. (A `match`
/// rather than a list: it is asked of every short token, and comparing against each word of
/// a list was most of the string comparisons of a scan.)
fn is_english_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "you"
            | "your"
            | "and"
            | "to"
            | "of"
            | "is"
            | "are"
            | "i"
            | "my"
            | "we"
            | "will"
            | "have"
            | "this"
            | "that"
            | "it"
    )
}

/// See [`is_english_word`].
fn is_vietnamese_word(w: &str) -> bool {
    matches!(
        w,
        "va" | "la"
            | "cua"
            | "khong"
            | "ko"
            | "cho"
            | "nha"
            | "em"
            | "anh"
            | "toi"
            | "ban"
            | "thi"
            | "se"
            | "da"
            | "co"
            | "nay"
            | "duoc"
            | "dc"
            | "roi"
            | "r"
            | "voi"
            | "vs"
            | "mot"
            | "nhung"
            | "nguoi"
            | "chi"
            | "ong"
            | "ba"
            | "tao"
            | "may"
    )
}

fn looks_english(tokens: &[Token], all: &[(char, u32, u32)]) -> bool {
    let (mut en, mut vi) = (0usize, 0usize);
    let mut w = String::new();
    for t in tokens {
        if t.e - t.s > 6 {
            continue;
        }
        w.clear();
        w.extend(t.chars(all).iter().map(|c| c.0));
        en += is_english_word(&w) as usize;
        vi += is_vietnamese_word(&w) as usize;
    }
    en > vi
}

/// Pass 2: cut atoms into tokens, repair them and write the view.
/// `src` is the text `atoms` were folded from (their offsets point into it): abbreviations
/// written with diacritics are checked against it.
fn build_view(
    src: &str,
    atoms: &[Atom],
    report: &mut NormalizationReport,
    expand: bool,
) -> MatchView {
    // Split into tokens and gaps. Digit-internal '.' ',' stay inside numbers ("10.000");
    // '$' and '@' between letters stay for the leet pass ("U$DT").
    // Every token's characters, in order, in one buffer: one allocation per text instead of
    // one per token (growing those was 5% of a whole scan).
    let mut all: Vec<(char, u32, u32)> = Vec::with_capacity(atoms.len());
    let mut tokens: Vec<Token> = Vec::with_capacity(atoms.len() / 4 + 1);
    let mut gaps: Vec<Gap> = Vec::with_capacity(atoms.len() / 4 + 2); // gaps[i] precedes tokens[i]
    let mut cur = Token::default();
    let mut gap = Gap {
        letter_glue: true,
        ..Gap::default()
    };
    let n = atoms.len();
    let mut i = 0;
    while i < n {
        let a = atoms[i];
        let inner = |i: usize, digit: bool| -> bool {
            // Whether atoms[i] (punctuation) is inside a word: between two digits when
            // `digit`, else between two letters.
            let prev = if i > 0 { Some(atoms[i - 1]) } else { None };
            let next = atoms.get(i + 1);
            match (prev, next) {
                (Some(p), Some(nx)) if p.kind == Kind::Word && nx.kind == Kind::Word => {
                    if digit {
                        p.ch.is_ascii_digit() && nx.ch.is_ascii_digit()
                    } else {
                        p.ch.is_alphabetic() && nx.ch.is_alphanumeric()
                    }
                }
                _ => false,
            }
        };
        // Emoji and other symbols wedged between the letters of a word ("g🔴ọi") are dropped
        // and the word is kept whole.
        if a.kind == Kind::Punct
            && !a.ch.is_ascii()
            && !cur.is_empty()
            && all.last().is_some_and(|c| c.0.is_alphabetic())
        {
            let mut j = i;
            while j < n && atoms[j].kind == Kind::Punct && !atoms[j].ch.is_ascii() {
                j += 1;
            }
            if j < n && atoms[j].kind == Kind::Word && atoms[j].ch.is_alphabetic() {
                report.symbols_in_words += j - i;
                report.obfuscated_at.push(a.s);
                i = j;
                continue;
            }
        }
        let keep_inside = match a.kind {
            Kind::Word => true,
            Kind::Punct => match a.ch {
                '.' | ',' => inner(i, true),
                '$' | '@' => inner(i, false) && !cur.is_empty(),
                // "don't", "you're": the apostrophe joins the word and is dropped below.
                c if is_apostrophe(c) => inner(i, false) && !cur.is_empty(),
                _ => false,
            },
            Kind::Space(_) => false,
        };
        // "$2,000" and "2000$": the dollar sign is part of the amount; "18+" keeps its plus.
        let prev_digit = i > 0 && atoms[i - 1].ch.is_ascii_digit();
        let keep_inside = keep_inside
            || (a.ch == '$'
                && (atoms.get(i + 1).is_some_and(|n| n.ch.is_ascii_digit()) || prev_digit))
            || (a.ch == '+'
                && prev_digit
                && !atoms.get(i + 1).is_some_and(|n| n.kind == Kind::Word));
        if keep_inside && is_apostrophe(a.ch) {
            // Part of the word, but not written to the view.
        } else if keep_inside {
            if cur.is_empty() {
                cur.s = all.len();
                gaps.push(gap);
                gap = Gap {
                    letter_glue: true,
                    ..Gap::default()
                };
            }
            all.push((a.ch, a.s, a.e));
            cur.e = all.len();
        } else {
            if !cur.is_empty() {
                tokens.push(std::mem::take(&mut cur));
                if a.ch == '-' {
                    // Look ahead: "-" + spaces with a line break + letter = hyphenated word.
                    let mut j = i + 1;
                    let mut nl = false;
                    while j < n && matches!(atoms[j].kind, Kind::Space(_)) {
                        nl |= atoms[j].kind == Kind::Space(true);
                        j += 1;
                    }
                    if nl && j < n && atoms[j].ch.is_alphabetic() {
                        gap.hyphen_break = true;
                    }
                }
            }
            gap.len += 1;
            gap.hyphen_tight = gap.len == 1 && a.ch == '-';
            if matches!(a.ch, '.' | '!' | '?' | ';' | '…' | '|') {
                gap.stop = true;
            }
            match a.kind {
                Kind::Space(nl) => {
                    gap.newline |= nl;
                    gap.sentence_end |= gap.stop;
                }
                Kind::Punct => {
                    let glue = matches!(a.ch, '.' | '-' | '_' | '*' | '/' | '+' | '~' | '·' | '•')
                        || !a.ch.is_ascii();
                    if !glue {
                        gap.letter_glue = false;
                    }
                }
                Kind::Word => {}
            }
        }
        i += 1;
    }
    if !cur.is_empty() {
        tokens.push(cur);
    }

    for (i, t) in tokens.iter_mut().enumerate() {
        t.hyphen_tight = gaps[i].hyphen_tight || gaps.get(i + 1).is_some_and(|g| g.hyphen_tight);
        t.sentence_before = i > 0 && gaps[i].sentence_end;
    }
    // Join words hyphenated across line breaks, and runs of >= 3 single letters.
    let mut merged: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut k = 0;
    while k < tokens.len() {
        let mut t = std::mem::take(&mut tokens[k]);
        k += 1;
        while k < tokens.len() && gaps[k].hyphen_break {
            let next_is_letter = all[tokens[k].s].0.is_alphabetic();
            if !next_is_letter {
                break;
            }
            debug_assert_eq!(t.e, tokens[k].s);
            t.e = tokens[k].e;
            report.hyphenations_joined += 1;
            k += 1;
        }
        if t.is_single() && all[t.s].0.is_alphanumeric() {
            let mut run = k;
            while run < tokens.len()
                && tokens[run].is_single()
                && all[tokens[run].s].0.is_alphanumeric()
                && gaps[run].letter_glue
                && !gaps[run].newline
            {
                run += 1;
            }
            let count = run - k + 1;
            let has_letter = std::iter::once(&t)
                .chain(&tokens[k..run])
                .filter(|x| all[x.s].0.is_alphabetic())
                .count()
                >= 2;
            if count >= 3 && has_letter {
                debug_assert_eq!(t.e, tokens[k].s);
                t.e = tokens[run - 1].e;
                t.joined = true;
                report.joined_letter_runs += 1;
                k = run;
            }
        }
        merged.push(t);
    }

    // Repair each token and write the view.
    let teencode = teencode_table();
    // Single letters stand for pronouns (a = anh, e = em) only in Vietnamese; in English
    // text "a" is the article. Decided on the first single letter: most texts have none.
    let mut english: Option<bool> = None;
    let mut view = MatchView {
        text: String::with_capacity(atoms.len() + 2),
        map: Vec::with_capacity(atoms.len() + 2),
    };
    let mut points = report.obfuscated_at.clone();
    points.sort_unstable();
    let first_src = merged.first().map(|t| all[t.s].1).unwrap_or(0);
    push_space(&mut view, first_src);
    let mut prev_text = String::new();
    let mut raw = String::new();
    let mut chars: Vec<(char, u32, u32)> = Vec::new();
    for (idx, tok) in merged.iter().enumerate() {
        chars.clear();
        let tok_chars = tok.chars(&all);
        chars.extend_from_slice(tok_chars);
        let leet_marks = report.obfuscated_at.len();
        leet(&mut chars, report);
        let leeted = report.obfuscated_at.len() > leet_marks;
        // OCR classes before repeats and abbreviations, so that folding a folded text
        // changes nothing ("lm" reads as "làm", folded "iam"; the word "im" stays).
        // Placeholders are ASCII runs starting with 'x'; compare without allocating.
        let placeholder = tok_chars.first().is_some_and(|c| c.0 == 'x')
            && [EMAIL_TOKEN, URL_TOKEN, WALLET_TOKEN].iter().any(|p| {
                p.len() == tok_chars.len() && p.chars().zip(tok_chars).all(|(a, b)| a == b.0)
            });
        let ocr_changed = !placeholder && ocr_fold(&mut chars);
        collapse_repeats(&mut chars, report);
        raw.clear();
        raw.extend(chars.iter().map(|c| c.0));
        let (s, e) = (chars[0].1, chars[chars.len() - 1].2);
        let hyphen_tight = tok.hyphen_tight;
        let single_letter = raw.chars().count() == 1;
        let expand_this = expand
            && !(single_letter
                && (hyphen_tight || *english.get_or_insert_with(|| looks_english(&merged, &all))));
        if tok.sentence_before {
            // A sentence break is a token of its own, so no keyword spans it.
            push_char(&mut view, '|', s, s, false);
            push_space(&mut view, s);
        }
        let token_start = view.text.len();
        let expansion = expand_this
            .then(|| teencode.get(raw.as_str()))
            .flatten()
            .filter(|a| !a.ocr_changed || ocr_changed)
            .filter(|a| {
                a.accents
                    .as_ref()
                    .is_none_or(|want| accent_key(&src[s as usize..e as usize]) == *want)
            })
            .and_then(|a| {
                let exp = &a.exp;
                let after_number = prev_text.chars().next().is_some_and(|c| c.is_ascii_digit());
                match a.ctx {
                    Context::Always => Some(exp.as_str()),
                    Context::NotAfterNumber if !after_number => Some(exp.as_str()),
                    Context::NotAfterNumber => None,
                    Context::Ck => {
                        let next_text = merged
                            .get(idx + 1)
                            .map(|t| t.text(&all))
                            .unwrap_or_default();
                        Some(ck_sense(&prev_text, &next_text, exp))
                    }
                }
            });
        if let Some(exp) = expansion {
            report.abbreviations += 1;
            for (w, word) in exp.split(' ').enumerate() {
                if w > 0 {
                    push_space(&mut view, e);
                }
                push_ocr_folded(
                    &mut view,
                    &word.chars().map(|c| (c, s, e)).collect::<Vec<_>>(),
                    false,
                );
            }
        } else if raw.starts_with('x')
            && [EMAIL_TOKEN, URL_TOKEN, WALLET_TOKEN].contains(&raw.as_str())
        {
            // Placeholders are written as they are: rules name them literally.
            for &(c, s, e) in &chars {
                push_char(&mut view, c, s, e, false);
            }
        } else {
            push_ocr_folded(&mut view, &chars, tok.joined);
        }
        // Mark the word when a deliberate obfuscation was repaired inside it.
        let first = points.partition_point(|&p| p < s);
        if tok.joined || leeted || points.get(first).is_some_and(|&p| p < e) {
            view.map[token_start..]
                .iter_mut()
                .for_each(|b| b.obfuscated = true);
        }
        let last_end = view.map.last().map_or(e, |b| b.end);
        push_space(&mut view, last_end);
        std::mem::swap(&mut prev_text, &mut raw);
    }
    view
}

fn push_space(view: &mut MatchView, at: u32) {
    view.text.push(' ');
    view.map.push(ViewByte {
        start: at,
        end: at,
        joined: false,
        obfuscated: false,
    });
}

/// Write a token with the OCR-confusable classes applied: `l`, `1` (leet already done) → `i`
/// and `rn` → `m`, so that "Wa11et", "wallet" and "waiiet" meet, as do "rnột" and "một".
/// Returns whether anything changed.
fn ocr_fold(chars: &mut Vec<(char, u32, u32)>) -> bool {
    let before = chars.len();
    let mut changed = false;
    // In place: "rn" shrinks to "m", so the write index never passes the read index.
    let (mut w, mut i) = (0, 0);
    while i < chars.len() {
        let (c, s, e) = chars[i];
        if c == 'r' && chars.get(i + 1).is_some_and(|n| n.0 == 'n') {
            chars[w] = ('m', s, chars[i + 1].2);
            i += 2;
        } else {
            changed |= c == 'l';
            chars[w] = (if c == 'l' { 'i' } else { c }, s, e);
            i += 1;
        }
        w += 1;
    }
    chars.truncate(w);
    changed || w < before
}

fn push_ocr_folded(view: &mut MatchView, chars: &[(char, u32, u32)], joined: bool) {
    let mut i = 0;
    while i < chars.len() {
        let (c, s, e) = chars[i];
        if c == 'r' && chars.get(i + 1).is_some_and(|n| n.0 == 'n') {
            push_char(view, 'm', s, chars[i + 1].2, joined);
            i += 2;
            continue;
        }
        let c = if c == 'l' { 'i' } else { c };
        push_char(view, c, s, e, joined);
        i += 1;
    }
}

fn push_char(view: &mut MatchView, c: char, s: u32, e: u32, joined: bool) {
    let b = ViewByte {
        start: s,
        end: e,
        joined,
        obfuscated: false,
    };
    for _ in 0..c.len_utf8() {
        view.map.push(b);
    }
    view.text.push(c);
}

/// Money and time units written right after a number: such tokens ("5tr", "48h", "500k")
/// are amounts, never leetspeak.
const UNITS: &[&str] = &[
    "k", "tr", "trieu", "ty", "ti", "cu", "lit", "m", "b", "h", "g", "gio", "p", "ph", "phut", "d",
    "vnd", "usd", "usdt", "btc", "eth", "s", "ngay", "x",
];

/// Read digits and symbols inside letter runs as letters: "v1de0" → "video", "U$DT" → "usdt",
/// "kh0ả" → "khoả"; and letter O inside numbers as zero ("1O" → "10").
fn leet(chars: &mut [(char, u32, u32)], report: &mut NormalizationReport) {
    let letters = chars.iter().filter(|c| c.0.is_alphabetic()).count();
    let digits = chars.iter().filter(|c| c.0.is_ascii_digit()).count();
    if letters == 0 || (digits == 0 && !chars.iter().any(|c| c.0 == '$' || c.0 == '@')) {
        return;
    }
    let text: String = chars.iter().map(|c| c.0).collect();
    // Numbers with a unit, hex and wallet-like strings, ordinal codes ("trc20", "f1") stay.
    let lead = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .count();
    if lead > 0 && UNITS.contains(&&text[lead..]) {
        return;
    }
    if text.starts_with("0x") {
        return;
    }
    if chars.iter().all(|c| !c.0.is_alphabetic() || c.0 == 'o') {
        // Mostly a number: "1O" and "7.0OO" are OCR zeros.
        for c in chars.iter_mut() {
            if c.0 == 'o' {
                c.0 = '0';
                report.leet_chars += 1;
            }
        }
        return;
    }
    let n = chars.len();
    let is_letter = |c: char| c.is_alphabetic();
    let is_leet = |c: char| matches!(c, '0' | '1' | '3' | '4' | '5' | '7' | '$' | '@');
    // Looked up once per token from the right, so a long token stays linear:
    // `next_letter[i]`: the first non-leet character after i is a letter;
    // `trailing_digits[i]`: characters i.. are all digits.
    let mut next_letter = vec![false; n];
    let mut trailing_digits = vec![true; n + 1];
    for i in (0..n).rev() {
        trailing_digits[i] = chars[i].0.is_ascii_digit() && trailing_digits[i + 1];
        if i + 1 < n {
            let x = chars[i + 1].0;
            next_letter[i] = if is_leet(x) {
                next_letter[i + 1]
            } else {
                is_letter(x)
            };
        }
    }
    for i in 0..n {
        let c = chars[i].0;
        let mapped = match c {
            '0' => 'o',
            '1' => 'i',
            '3' => 'e',
            '4' => 'a',
            '5' => 's',
            '7' => 't',
            '$' => 's',
            '@' => 'a',
            _ => continue,
        };
        // A digit counts as a letter when a letter (or a mapped digit) stands on at least one
        // side and the token is not a code ending in digits after letters ("trc20", "mp4").
        let prev_letter = i > 0 && is_letter(chars[i - 1].0);
        let next_letter = next_letter[i];
        let trailing_digits = trailing_digits[i];
        if (prev_letter && (next_letter || (!trailing_digits || i + 1 == n) && letters >= 2))
            || (next_letter && i == 0 && (letters >= 2 || matches!(c, '1' | '0')))
            || (next_letter && prev_letter)
        {
            if trailing_digits && i + 1 < n {
                continue;
            }
            chars[i].0 = mapped;
            report.leet_chars += 1;
            report.obfuscated_at.push(chars[i].1);
        }
    }
}

/// Shorten runs of three or more identical letters to one ("tiềnnnn" → "tien").
fn collapse_repeats(chars: &mut Vec<(char, u32, u32)>, report: &mut NormalizationReport) {
    // In place: the write index never passes the read index.
    let (mut w, mut i) = (0, 0);
    while i < chars.len() {
        let c = chars[i].0;
        let mut j = i + 1;
        while j < chars.len() && chars[j].0 == c {
            j += 1;
        }
        if j - i >= 3 && c.is_alphabetic() {
            chars[w] = (c, chars[i].1, chars[j - 1].2);
            w += 1;
            report.repeated_letters += 1;
        } else {
            for k in i..j {
                chars[w] = chars[k];
                w += 1;
            }
        }
        i = j;
    }
    chars.truncate(w);
}

#[derive(Debug, Clone, Copy)]
enum Context {
    Always,
    NotAfterNumber,
    Ck,
}

/// What the view writes, in every context, for the whole token `word` (folded, as a regex
/// holds it) when that is not `word`: a chat abbreviation always expanded ("vs" → "voi"). A
/// regex alternative spelled so can never match; the rule checker warns about it.
pub(crate) fn view_rewrites(word: &str) -> Option<&'static str> {
    let a = teencode_table().get(word)?;
    // Single letters stay in English text; "k" after a number is a unit; an OCR-changed key
    // ("im" for "lm") leaves the word itself alone, as an accented one leaves other accents.
    let always = word.chars().count() >= 2
        && !a.ocr_changed
        && a.accents.is_none()
        && !matches!(a.ctx, Context::NotAfterNumber)
        && a.exp != word;
    always.then_some(a.exp.as_str())
}

/// `ck`: *chồng* (husband) by `vk`/`vợ`, after a possessive or before what a husband does;
/// *chuyển khoản* (transfer) before an amount, a recipient or an adverb of paying ("ck 5tr",
/// "ck vào stk", "ck gấp") or after a modal ("thì ck", "phải ck"); otherwise *chồng*: a
/// transfer is nearly always written with one of those, a couple's chat often without.
fn ck_sense<'a>(prev: &str, next: &str, transfer: &'a str) -> &'a str {
    let husband = [
        "vk", "vo", "cua", "nha", "voi", "vs", "ck", "em", "e", "chi", "c", "iu", "yeu", "nho",
        "thuong", "me", "ma", "bo", "ba", "ben", "ho", "cho", "goi", "call",
    ];
    // Verbs a husband does (as the subject): "ck mua", "ck đi làm", "ck ngủ chưa".
    let husband_next = [
        "vk", "vo", "em", "e", "oi", "a", "yeu", "iu", "minh", "ve", "mua", "lam", "an", "ngu",
        "dang", "da", "se", "muon", "thich", "nho", "o", "noi", "hoi", "xem", "nghi",
    ];
    let transfer_next = [
        "cho", "vao", "vo", "qua", "truoc", "ngay", "lien", "luon", "di", "gap", "nhanh", "som",
        "tien", "khoan", "lai", "them", "du", "xong", "roi", "nhe", "trong", "het", "toan", "sang",
    ];
    let transfer_prev = [
        "thi", "la", "de", "phai", "can", "hay", "tien", "nd", "bill", "khong", "chua", "ko", "k",
        "roi", "xong", "vui", "long", "mau", "lien", "nhanh", "gap", "duoc", "dc", "nhan",
    ];
    if husband.contains(&prev) || husband_next.contains(&next) {
        "chong"
    } else if next.starts_with(|c: char| c.is_ascii_digit())
        || transfer_next.contains(&next)
        || transfer_prev.contains(&prev)
    {
        transfer
    } else {
        "chong"
    }
}

// FxHash: a lookup per token, and SipHash was 4% of the whole run.
type TeencodeTable = FxHashMap<String, Abbreviation>;

/// One row of the abbreviation table, under its folded key.
#[derive(Debug)]
struct Abbreviation {
    /// The expansion, folded.
    exp: String,
    ctx: Context,
    /// The OCR classes changed the key ("lm" is stored as "im"): it expands only a token
    /// they changed too, so the word "im" (silent) is not read as "lm" (làm).
    ocr_changed: bool,
    /// For an abbreviation written with diacritics, its accents ([`accent_key`]): the token
    /// must carry the same, so "hồng" (pink) and "bịt" (gag) are not "hông" and "bít".
    accents: Option<String>,
}

/// The chat-abbreviation table (`data/teencode.tsv`), keys and expansions folded.
fn teencode_table() -> &'static TeencodeTable {
    static TABLE: OnceLock<TeencodeTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = FxHashMap::default();
        for line in TEENCODE_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(abbr), Some(exp), Some(ctx)) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let ctx = match ctx {
                "not_after_number" => Context::NotAfterNumber,
                "ck" => Context::Ck,
                _ => Context::Always,
            };
            let mut key: Vec<(char, u32, u32)> =
                fold_plain(abbr).chars().map(|c| (c, 0, 0)).collect();
            let ocr_changed = ocr_fold(&mut key);
            let key: String = key.into_iter().map(|c| c.0).collect();
            let accents = (!abbr.is_ascii()).then(|| accent_key(abbr));
            // "ko" and "kô" share a key: the plain spelling, which asks for no accents, wins.
            if accents.is_some() && map.contains_key(&key) {
                continue;
            }
            map.insert(
                key,
                Abbreviation {
                    exp: fold_plain(exp),
                    ctx,
                    ocr_changed,
                    accents,
                },
            );
        }
        map
    })
}

/// Fold without the token pass (marks, đ, lowercase): for table keys and expansions.
fn fold_plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mut buf = [' '; 4];
        let n = fold_char(c, &mut buf);
        out.extend(&buf[..n]);
    }
    out
}

/// The chat-abbreviation table, kept as data with its sources.
pub const TEENCODE_TSV: &str = include_str!("../data/teencode.tsv");

/// [`fold_keyword_variants`] of every built-in keyword and lexicon word, so start-up need not
/// fold ~2800 of them (~1.8 ms). Generated by the test `keyword_cache_is_fresh`, which fails
/// when it is stale. It is used only while [`FOLD_FINGERPRINT`] matches the one it was
/// generated with, so an edit to the folding code or its data makes it unused (slower, never
/// wrong) until it is regenerated; a keyword missing from it is folded as usual.
static KEYWORD_CACHE: (u64, &[(&str, &[&str])]) = include!("normalize/keyword_cache.in");

/// What the folding of a keyword depends on: this file, the abbreviation table, the locked
/// dependency versions (unicode-normalization) and the Unicode version of `char`'s tables.
const FOLD_FINGERPRINT: u64 = {
    const fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
        let mut i = 0;
        while i < bytes.len() {
            h = (h ^ bytes[i] as u64).wrapping_mul(0x0100_0000_01b3);
            i += 1;
        }
        h
    }
    let (major, minor, update) = char::UNICODE_VERSION;
    let h = fnv(0xcbf2_9ce4_8422_2325, include_bytes!("normalize.rs"));
    let h = fnv(h, TEENCODE_TSV.as_bytes());
    let h = fnv(h, include_bytes!("../Cargo.lock"));
    fnv(h, &[major, minor, update])
};

fn keyword_cache() -> &'static FxHashMap<&'static str, &'static [&'static str]> {
    static MAP: OnceLock<FxHashMap<&'static str, &'static [&'static str]>> = OnceLock::new();
    MAP.get_or_init(|| {
        if KEYWORD_CACHE.0 == FOLD_FINGERPRINT {
            KEYWORD_CACHE.1.iter().copied().collect()
        } else {
            FxHashMap::default()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table entry is the general fold of its character, found at its own index.
    #[test]
    fn the_latin_table_folds_as_the_general_path() {
        let mut simple = 0;
        for cp in LATIN.iter().flat_map(|r| r.clone()) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let Some(f) = latin_fold(c) else { continue };
            simple += 1;
            let mut buf = [' '; 4];
            assert_eq!(fold_char(c, &mut buf), 1, "{c:?}");
            assert_eq!(buf[0], f, "{c:?}");
            let mut r = NormalizationReport::default();
            let with_neighbours = format!("a{c}b");
            let atoms = fold_chars(&with_neighbours, &[], &mut r);
            assert_eq!(
                atoms.iter().map(|a| a.ch).collect::<String>(),
                format!("a{f}b")
            );
            assert!(r.homoglyphs == 0 && r.hidden_chars == 0, "{c:?}");
        }
        assert!(simple > 200, "{simple}");
        assert_eq!(latin_fold('ệ'), Some('e'));
        assert_eq!(latin_fold('Đ'), Some('d'));
        assert_eq!(latin_fold('\u{00AD}'), None, "soft hyphen: invisible");
    }

    fn view(s: &str) -> (String, NormalizationReport) {
        let mut r = NormalizationReport::default();
        let v = match_view(s, &[], &mut r);
        (v.text, r)
    }

    #[test]
    fn folds_diacritics_case_and_forms() {
        assert_eq!(view("Chuyển TIỀN ngay").0, " chuyen tien ngay ");
        let nfd = "Chuye\u{0302}\u{0309}n tie\u{0302}\u{0300}n";
        assert_eq!(view(nfd).0, " chuyen tien ");
        assert_eq!(view("ĐÒI đồ").0, " doi do ");
        assert_eq!(view("ＵＳＤＴ").0, " usdt ");
    }

    #[test]
    fn removes_hidden_characters_and_counts_them_in_words() {
        let (v, r) = view("chuy\u{200B}ển ti\u{200D}ền \u{202E}x");
        assert_eq!(v, " chuyen tien x ");
        assert_eq!(r.hidden_chars, 3);
        assert_eq!(r.hidden_in_words, 2);
    }

    #[test]
    fn joins_spaced_and_dotted_letters() {
        let (v, r) = view("gửi 500 U S D T hoặc c.l.i.p sẽ bị p-h-á-t t-á-n");
        assert_eq!(v, " gui 500 usdt hoac ciip se bi phattan ");
        assert_eq!(r.joined_letter_runs, 3);
    }

    #[test]
    fn reads_leetspeak_inside_words_but_not_amounts() {
        let (v, _) = view("v1de0 kh0ả th4n U$DT 5tr 48h trc20 500k 10.000");
        assert_eq!(v, " video khoa than usdt 5tr 48h trc20 500k 10.000 ");
    }

    #[test]
    fn ocr_classes_meet_clean_spelling() {
        assert_eq!(view("Wa11et").0, view("wallet").0);
        assert_eq!(view("rnột").0, view("một").0);
        assert_eq!(view("1O ngày").0, " 10 ngay ");
    }

    #[test]
    fn drops_symbols_inside_words() {
        let (v, r) = view("cuộc g🔴ọi h🔴ôm qua 😈 ok");
        assert_eq!(v, " cuoc goi hom qua ok ");
        assert_eq!(r.symbols_in_words, 2);
    }

    #[test]
    fn collapses_repeated_letters() {
        assert_eq!(view("tiềnnnn điiii").0, " tien di ");
    }

    #[test]
    fn expands_teencode_by_context() {
        assert_eq!(view("ko dc").0, " khong duoc ");
        assert_eq!(view("ck 5tr").0, " chuyen khoan 5tr ");
        assert_eq!(view("vk ck").0, " vo chong ");
        assert_eq!(view("ck ơi nhớ ck").0, " chong oi nho chong ");
        assert_eq!(view("hôm qua ck mua váy").0, " hom qua chong mua vay ");
        assert_eq!(view("ck cho em 5tr").0, " chuyen khoan cho em 5tr ");
        // An abbreviation the OCR classes changed ("lm" → "im") is not a word that was
        // already so: "im lặng" is silence, "xì tiền" is paying up.
        assert_eq!(view("lm gì").0, " iam gi ");
        assert_eq!(view("im lặng").0, " im iang ");
        assert_eq!(view("xì tiền ra").0, " xi tien ra ");
        assert_eq!(view("xl anh").0, " xin ioi anh ");
        // An abbreviation written with diacritics needs the same ones: "hông" is "không",
        // "hồng" (a name, pink, "hoa hồng") and "bịt" (gag) are themselves.
        assert_eq!(view("hông có đâu").0, " khong co dau ");
        assert_eq!(
            view("chị Hồng, tiền bịt miệng, rủi ro").0,
            " chi hong tien bit mieng rui ro "
        );
        assert_eq!(view("HÔNG bít").0, " khong biet ");
        assert_eq!(view("500 k").0, " 500 k ");
        assert_eq!(view("a ơi e nhớ a").0, " anh oi em nho anh ");
        assert_eq!(view("I have a video of you").0, " i have a video of you ");
        assert_eq!(view("gửi qua e-mail nhé").0, " gui qua e maii nhe ");
    }

    #[test]
    fn joins_hyphenated_line_breaks() {
        let (v, r) = view("chuyển khoả-\n   n ngay");
        assert_eq!(v, " chuyen khoan ngay ");
        assert_eq!(r.hyphenations_joined, 1);
    }

    #[test]
    fn keeps_number_punctuation() {
        assert_eq!(view("5.000 USDT, 1,5 tỷ.").0, " 5.000 usdt 1,5 ty ");
    }

    #[test]
    fn spans_map_back_to_source() {
        let src = "Anh  CHUYỂN\u{200B} tiền";
        let mut r = NormalizationReport::default();
        let v = match_view(src, &[], &mut r);
        let p = v.text.find("chuyen").unwrap();
        let (a, b) = v.source_span(p, p + "chuyen tien".len());
        assert_eq!(&src[a..b], "CHUYỂN\u{200B} tiền");
    }

    #[test]
    fn masks_become_placeholder_tokens() {
        let src = "viết cho abc@proton.me nhé";
        let start = src.find("abc").unwrap();
        let masks = [Mask {
            start,
            end: start + 13,
            token: EMAIL_TOKEN,
        }];
        let mut r = NormalizationReport::default();
        let v = match_view(src, &masks, &mut r);
        assert_eq!(v.text, " viet cho xemailx nhe ");
        let p = v.text.find("xemailx").unwrap();
        let (a, b) = v.source_span(p, p + 7);
        assert_eq!(&src[a..b], "abc@proton.me");
    }

    #[test]
    fn keyword_and_regex_folding_match_text_folding() {
        assert_eq!(fold_keyword("Phát tán"), "phat tan");
        assert_eq!(fold_keyword("lừa"), "iua");
        assert_eq!(fold_keyword_variants("5 k"), ["5 k"]);
        assert_eq!(fold_keyword_variants("k"), ["khong", "k"]);
        assert_eq!(
            fold_regex_source(r"\d+ ?(lít|triệu)\b"),
            r"[0-9]+ ?(iit|trieu)\b"
        );
        assert_eq!(fold_regex_source(r"[a-l]\p{L}"), r"[a-l]\p{L}");
        assert_eq!(
            fold_regex_source("ví {gap:2}xwalletx don't"),
            "vi {gap:2}xwalletx dont"
        );
        assert_eq!(view("Don't call").0, " dont caii ");
        assert_eq!(fold_regex_source("e-mail [a-z]"), "e maii [a-z]");
        // Letter runs collapse as in the view, except where a quantifier or class needs them.
        assert_eq!(view("I will, a million").0, " i wi a mion ");
        assert_eq!(
            fold_regex_source("(?:will|million) wiil+ [lll]"),
            "(?:wi|mion) wiii+ [lll]"
        );
    }

    /// The one-pass shortcut of `fold_keyword_variants` gives what both passes give, for
    /// every built-in keyword and the abbreviations.
    #[test]
    fn keyword_variants_shortcut_matches_two_passes() {
        let two_passes = |k: &str| {
            let mut r = NormalizationReport::default();
            let atoms = fold_chars(k, &[], &mut r);
            let mut v = vec![
                build_view(k, &atoms, &mut r, true).text.trim().to_string(),
                build_view(k, &atoms, &mut r, false).text.trim().to_string(),
            ];
            v.dedup();
            v
        };
        let mut keywords: Vec<String> = vec!["k".into(), "5 k".into(), "ko bit".into()];
        keywords.extend(builtin_keywords());
        assert!(keywords.len() > 1000, "{}", keywords.len());
        for k in &keywords {
            assert_eq!(fold_keyword_variants_uncached(k), two_passes(k), "{k}");
        }
    }

    /// Every keyword and lexicon word of the built-in rules, as the loader folds them.
    fn builtin_keywords() -> Vec<String> {
        let mut keywords = Vec::new();
        for (_, src) in crate::rules::BUILTIN {
            let file: toml::Value = toml::from_str(src).unwrap();
            for (table, fields) in [
                ("signal", &["keywords", "accented"][..]),
                ("lexicon", &["words"][..]),
            ] {
                let items = file.get(table).and_then(toml::Value::as_array);
                for item in items.into_iter().flatten() {
                    for field in fields {
                        let list = item.get(*field).and_then(toml::Value::as_array);
                        keywords.extend(
                            list.into_iter()
                                .flatten()
                                .map(|k| k.as_str().unwrap().trim_end_matches('*').to_string()),
                        );
                    }
                }
            }
        }
        keywords
    }

    /// The cache holds exactly what folding gives for every built-in keyword, under the
    /// current fingerprint; regenerate it with `CANHGIAC_BLESS=1` after editing the rules or
    /// the folding code.
    #[test]
    fn keyword_cache_is_fresh() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/normalize/keyword_cache.in"
        );
        let mut want = format!(
            "// Generated by `CANHGIAC_BLESS=1 cargo test --lib cache_is_fresh`; do not edit.\n\
             // (fingerprint, [(keyword, folded forms)]) (see `KEYWORD_CACHE` in normalize.rs).\n\
             (0x{FOLD_FINGERPRINT:016x}, &[\n"
        );
        let mut seen = std::collections::HashSet::new();
        for k in builtin_keywords() {
            if seen.insert(k.clone()) {
                let forms = fold_keyword_variants_uncached(&k);
                want.push_str(&format!("    ({k:?}, &{forms:?}),\n"));
            }
        }
        want.push_str("])\n");
        crate::assert_generated_file_fresh(path, &want);
        assert_eq!(KEYWORD_CACHE.0, FOLD_FINGERPRINT);
        for (k, forms) in KEYWORD_CACHE.1 {
            assert_eq!(fold_keyword_variants_uncached(k), *forms, "{k}");
        }
    }

    #[test]
    fn empty_and_blank_inputs() {
        assert_eq!(view("").0, " ");
        assert_eq!(view("  \n\t ").0, " ");
    }
}
