//! Decode input bytes into Unicode text, with a map back to the original bytes.
//!
//! Vietnamese reaches us written in many ways (issue "Read every way Vietnamese is really
//! written"): UTF-8 with or without BOM, UTF-16, the pre-Unicode font encodings TCVN3 (ABC),
//! VNI-Windows, VISCII and Windows-1258 — as raw bytes in a file or, more often, as the cp1252
//! "gibberish" that results when such text was copied out of a document (`Th«ng b¸o`,
//! `Thoâng baùo`) — and UTF-8 that was mis-read as Latin-1/cp1252 (`Chuyá»ƒn tiá»n`).
//! [`decode`] turns all of these into Unicode (NFC where it repairs) and records, for each text
//! byte, where its source starts in the input, so findings can be shown on the original bytes.
//!
//! Detection ([`Encoding::Auto`]) is deliberately conservative: a legacy reading is taken only
//! when, on the lines it changes, it turns clearly broken text into clearly Vietnamese text
//! (valid syllables gained, odd symbols lost); ordinary Vietnamese Unicode and Western-European
//! text are left alone. It is decided per document, applied per line, and within a line per
//! word, so a pasted paragraph inside a Unicode message is repaired on its own. See `choose`,
//! `looks_repaired` and `emit_segments` for the rules.
//!
//! Tables: `shared/data/tcvn3.tsv`, `vni.tsv`, `viscii.tsv` (UniKey `ukengine/data.cpp`, glibc
//! iconv `TCVN5712-1`/`VISCII`, see `shared/research/vn-legacy.md`); Windows-1258 and the cp1252
//! high half from glibc iconv `CP1258` and the WHATWG `windows-1252` index. TCVN3 and VISCII
//! were re-checked against iconv byte by byte when they were embedded (0 mismatches).

use std::fmt;
use std::str::FromStr;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{compose, decompose_canonical};

/// Which encoding to read the input as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Detect: BOMs, UTF-16 without BOM, UTF-8, and — only on strong evidence — legacy
    /// Vietnamese encodings (raw or pasted as cp1252 text) and UTF-8 read as Latin-1/cp1252.
    #[default]
    Auto,
    /// UTF-8; a leading BOM is dropped, invalid bytes become U+FFFD.
    Utf8,
    /// TCVN3 / ABC (`.VnTime` fonts): raw bytes, or valid UTF-8 holding their cp1252 reading.
    /// ABC writes toned capitals with the small-letter byte, so they come out in lower case,
    /// except inside words (or lines) written in capitals.
    Tcvn3,
    /// VNI-Windows (`VNI-Times` fonts, base letter + diacritic byte): raw or pasted.
    Vni,
    /// VISCII (RFC 1456): raw or pasted.
    Viscii,
    /// Windows-1258 (combining tone bytes, composed to NFC): raw or pasted.
    Cp1258,
    /// UTF-16: byte order from the BOM, else guessed from where NUL bytes fall (LE on a tie).
    Utf16,
}

impl Encoding {
    /// Every encoding, in the order of their [`name`](Encoding::name)s.
    pub const ALL: [Encoding; 7] = [
        Encoding::Auto,
        Encoding::Utf8,
        Encoding::Tcvn3,
        Encoding::Vni,
        Encoding::Viscii,
        Encoding::Cp1258,
        Encoding::Utf16,
    ];

    /// The canonical name, as accepted by [`FromStr`].
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Auto => "auto",
            Encoding::Utf8 => "utf-8",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
            Encoding::Viscii => "viscii",
            Encoding::Cp1258 => "cp1258",
            Encoding::Utf16 => "utf-16",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Encoding {
    type Err = String;

    /// Case-insensitive; accepts the canonical names plus `utf8`, `utf16`, `windows-1258`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Encoding::Auto,
            "utf-8" | "utf8" => Encoding::Utf8,
            "tcvn3" => Encoding::Tcvn3,
            "vni" => Encoding::Vni,
            "viscii" => Encoding::Viscii,
            "cp1258" | "windows-1258" => Encoding::Cp1258,
            "utf-16" | "utf16" => Encoding::Utf16,
            _ => {
                return Err(format!(
                    "unknown encoding {s:?}; valid names: auto, utf-8 (utf8), tcvn3, vni, \
                     viscii, cp1258, utf-16 (utf16)"
                ));
            }
        })
    }
}

/// Text decoded from input bytes.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The decoded Unicode text.
    pub text: String,
    /// `None` when `text` is byte-for-byte the input. Otherwise `text.len() + 1` entries:
    /// entry `i` is the input offset where the source of the character containing text byte `i`
    /// starts; the last entry is the input length. Monotone non-decreasing, so a text span
    /// `[s, e)` at char boundaries came from input bytes `[map[s], map[e])`.
    pub map: Option<Vec<u32>>,
    /// The repair applied, if any: `"utf16le"`, `"utf16be"`, `"tcvn3"`, `"vni"`, `"viscii"`,
    /// `"cp1258"`, `"utf8_as_latin1"`, `"cp1252"` (Latin-1 bytes that are not UTF-8), or a
    /// UTF-16 name joined with a text repair, e.g. `"utf16le+tcvn3"`.
    pub repair: Option<&'static str>,
    /// How many invalid sequences (UTF-8 maximal subparts, unpaired UTF-16 surrogates, a
    /// trailing odd UTF-16 byte) were replaced by U+FFFD.
    pub invalid_sequences: usize,
}

impl Decoded {
    /// Map a byte offset in `text` (a char boundary, or `text.len()`) to an input offset.
    /// Offsets past the end are clamped to the input length.
    pub fn to_input(&self, pos: usize) -> usize {
        match &self.map {
            None => pos,
            Some(m) => m.get(pos).or(m.last()).map_or(pos, |&o| o as usize),
        }
    }
}

/// Decode `input` as `encoding`. Never panics; linear time.
///
/// Valid UTF-8 without legacy tell-tales costs one validation pass plus a scan for such
/// tell-tales, and allocates no map.
pub fn decode(input: &[u8], encoding: Encoding) -> Decoded {
    match encoding {
        Encoding::Auto => decode_auto(input),
        Encoding::Utf8 => decode_utf8(input),
        Encoding::Utf16 => {
            let (start, le) = match utf16_bom(input) {
                Some(le) => (2, le),
                None => (0, guess_le(input)),
            };
            let out = decode_utf16(input, start, le);
            out.finish(input, Some(utf16_name(le, None)))
        }
        Encoding::Tcvn3 => decode_forced(input, Cand::Tcvn3),
        Encoding::Vni => decode_forced(input, Cand::Vni),
        Encoding::Viscii => decode_forced(input, Cand::Viscii),
        Encoding::Cp1258 => decode_forced(input, Cand::Cp1258),
    }
}

// ---------------------------------------------------------------------------------------------
// Top-level paths
// ---------------------------------------------------------------------------------------------

const REPLACEMENT: char = '\u{FFFD}';

fn decode_auto(input: &[u8]) -> Decoded {
    if let Some(le) = utf16_bom(input)
        && bom_means_utf16(input)
    {
        return utf16_auto(input, 2, le);
    }
    let off = utf8_bom_len(input);
    // UTF-16 without BOM: mostly-ASCII UTF-16 is *valid* UTF-8 (NULs are valid), so this check
    // must come before UTF-8 validation. `contains` is a memchr, cheap on ordinary text.
    if off == 0
        && input.contains(&0)
        && let Some(le) = sniff_utf16(input)
    {
        let out = decode_utf16(input, 0, le);
        if plausible_text(&out.text) {
            return utf16_auto_repair(input, out, le);
        }
    }
    let body = &input[off..];
    // simdutf8: the same answer as std, many times faster on text that is mostly multi-byte.
    match simdutf8::basic::from_utf8(body) {
        Ok(s) => {
            if s.is_ascii() || !has_legacy_markers(s) {
                return plain_text(input, s, off);
            }
            match repair_text(s, &Base::Offset(off), None) {
                Some((out, name)) => out.finish(input, Some(name)),
                None => plain_text(input, s, off),
            }
        }
        Err(_) => decode_raw(input, off, None),
    }
}

/// Forced legacy encoding: valid UTF-8 is taken as pasted cp1252 text, anything else as raw bytes.
fn decode_forced(input: &[u8], cand: Cand) -> Decoded {
    if let Some(le) = utf16_bom(input) {
        let out16 = decode_utf16(input, 2, le);
        let (mut out, name) = repair_text(&out16.text, &Base::Map(&out16.map), Some(cand))
            .unwrap_or_else(|| (Out::with_capacity(0), cand.repair_name()));
        out.invalid += out16.invalid;
        return out.finish(input, Some(utf16_name(le, Some(name))));
    }
    let off = utf8_bom_len(input);
    match simdutf8::basic::from_utf8(&input[off..]) {
        Ok(s) => match repair_text(s, &Base::Offset(off), Some(cand)) {
            Some((out, name)) => out.finish(input, Some(name)),
            None => plain_text(input, s, off),
        },
        Err(_) => decode_raw(input, off, Some(cand)),
    }
}

fn decode_utf8(input: &[u8]) -> Decoded {
    let off = utf8_bom_len(input);
    match simdutf8::basic::from_utf8(&input[off..]) {
        Ok(s) => plain_text(input, s, off),
        Err(_) => {
            let mut out = Out::with_capacity(input.len() + 8);
            let mut pos = off;
            for chunk in input[off..].utf8_chunks() {
                for (i, c) in chunk.valid().char_indices() {
                    out.push(c, off32(pos + i));
                }
                pos += chunk.valid().len();
                if !chunk.invalid().is_empty() {
                    out.push(REPLACEMENT, off32(pos));
                    out.invalid += 1;
                    pos += chunk.invalid().len();
                }
            }
            out.finish(input, None)
        }
    }
}

/// Valid UTF-8 `s` found at `input[off..]`, returned unchanged.
fn plain_text(input: &[u8], s: &str, off: usize) -> Decoded {
    let map = (off > 0).then(|| {
        let mut m = Vec::with_capacity(s.len() + 1);
        for (i, c) in s.char_indices() {
            m.extend(std::iter::repeat_n(off32(off + i), c.len_utf8()));
        }
        m.push(off32(input.len()));
        m
    });
    Decoded {
        text: s.to_owned(),
        map,
        repair: None,
        invalid_sequences: 0,
    }
}

fn utf8_bom_len(input: &[u8]) -> usize {
    if input.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    }
}

/// Input offsets are stored as `u32`; inputs beyond 4 GiB saturate instead of panicking.
fn off32(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------------------------
// UTF-16
// ---------------------------------------------------------------------------------------------

/// `Some(true)` for an FF FE (little-endian) BOM, `Some(false)` for FE FF.
fn utf16_bom(input: &[u8]) -> Option<bool> {
    match input {
        [0xFF, 0xFE, ..] => Some(true),
        [0xFE, 0xFF, ..] => Some(false),
        _ => None,
    }
}

/// Is an FF FE / FE FF start really a UTF-16 BOM? UTF-16 of text with any ASCII (a space, a
/// newline) has NUL bytes; NUL-free bytes that read as mostly valid UTF-8 are UTF-8 text with
/// two stray bytes in front.
fn bom_means_utf16(input: &[u8]) -> bool {
    let body = input.get(2..).unwrap_or_default();
    if body.is_empty() || body.contains(&0) {
        return true;
    }
    let invalid = body
        .utf8_chunks()
        .filter(|c| !c.invalid().is_empty())
        .count();
    invalid * 20 > body.len()
}

/// NUL counts at even and odd offsets (whole code units only).
fn nul_counts(input: &[u8]) -> (usize, usize) {
    input.chunks_exact(2).fold((0, 0), |(e, o), p| {
        (e + usize::from(p[0] == 0), o + usize::from(p[1] == 0))
    })
}

fn guess_le(input: &[u8]) -> bool {
    let (even, odd) = nul_counts(input);
    even <= odd
}

/// BOM-less UTF-16: many NULs at one parity (the high byte of ASCII/Latin-1 characters) and
/// almost none at the other. Returns the byte order.
fn sniff_utf16(input: &[u8]) -> Option<bool> {
    let units = input.len() / 2;
    if units < 2 {
        return None;
    }
    let (even, odd) = nul_counts(input);
    if odd * 10 >= units * 3 && even * 20 <= units {
        Some(true)
    } else if even * 10 >= units * 3 && odd * 20 <= units {
        Some(false)
    } else {
        None
    }
}

/// Does a sniffed UTF-16 decode look like Latin-script text (mostly letters and spaces)?
fn plausible_text(s: &str) -> bool {
    // Only Latin-script text has the NUL pattern we sniff for; anything else in the result
    // (CJK from misaligned ASCII, controls, U+FFFD) means it was not UTF-16.
    let (mut total, mut good, mut bad) = (0usize, 0usize, 0usize);
    for c in s.chars() {
        total += 1;
        let latin = matches!(c, '\t' | '\n' | '\r' | '\x0C' | ' '..='~' | '\u{A0}'..='\u{24F}')
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
            || ('\u{2000}'..='\u{20CF}').contains(&c);
        if !latin {
            bad += 1;
        } else if c.is_alphabetic() || c.is_whitespace() {
            good += 1;
        }
    }
    total > 0 && bad * 20 <= total && good * 10 >= total * 6
}

fn decode_utf16(input: &[u8], start: usize, le: bool) -> Out {
    let body = input.get(start..).unwrap_or_default();
    let mut out = Out::with_capacity(body.len() + 8);
    let units = body.chunks_exact(2).map(|p| {
        let pair = [p[0], p[1]];
        if le {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let mut pos = start;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => {
                out.push(c, off32(pos));
                pos += 2 * c.len_utf16();
            }
            Err(_) => {
                out.push(REPLACEMENT, off32(pos));
                out.invalid += 1;
                pos += 2;
            }
        }
    }
    if body.len() % 2 == 1 {
        out.push(REPLACEMENT, off32(input.len() - 1));
        out.invalid += 1;
    }
    out
}

fn utf16_auto(input: &[u8], start: usize, le: bool) -> Decoded {
    let out = decode_utf16(input, start, le);
    utf16_auto_repair(input, out, le)
}

/// UTF-16 text may itself hold pasted legacy text (Word "Unicode text" export of a `.VnTime`
/// document), so the text-level repair runs on it too.
fn utf16_auto_repair(input: &[u8], out16: Out, le: bool) -> Decoded {
    if !out16.text.is_ascii()
        && has_legacy_markers(&out16.text)
        && let Some((mut out, name)) = repair_text(&out16.text, &Base::Map(&out16.map), None)
    {
        out.invalid += out16.invalid;
        return out.finish(input, Some(utf16_name(le, Some(name))));
    }
    out16.finish(input, Some(utf16_name(le, None)))
}

fn utf16_name(le: bool, inner: Option<&'static str>) -> &'static str {
    match (le, inner) {
        (true, Some("tcvn3")) => "utf16le+tcvn3",
        (true, Some("vni")) => "utf16le+vni",
        (true, Some("viscii")) => "utf16le+viscii",
        (true, Some("cp1258")) => "utf16le+cp1258",
        (true, Some("utf8_as_latin1")) => "utf16le+utf8_as_latin1",
        (false, Some("tcvn3")) => "utf16be+tcvn3",
        (false, Some("vni")) => "utf16be+vni",
        (false, Some("viscii")) => "utf16be+viscii",
        (false, Some("cp1258")) => "utf16be+cp1258",
        (false, Some("utf8_as_latin1")) => "utf16be+utf8_as_latin1",
        (true, _) => "utf16le",
        (false, _) => "utf16be",
    }
}

// ---------------------------------------------------------------------------------------------
// Output builder
// ---------------------------------------------------------------------------------------------

/// Text under construction plus the source offset of every text byte (final entry added by
/// `finish`).
struct Out {
    text: String,
    map: Vec<u32>,
    invalid: usize,
}

impl Out {
    fn with_capacity(n: usize) -> Out {
        Out {
            text: String::with_capacity(n),
            map: Vec::with_capacity(n + 1),
            invalid: 0,
        }
    }

    fn push(&mut self, c: char, src: u32) {
        self.text.push(c);
        self.map.extend(std::iter::repeat_n(src, c.len_utf8()));
    }

    fn extend(&mut self, chars: &[(char, u32)]) {
        for &(c, src) in chars {
            self.push(c, src);
        }
    }

    /// Drop the map (and the repair name) when nothing changed, as `Decoded` promises.
    fn finish(self, input: &[u8], repair: Option<&'static str>) -> Decoded {
        let Out {
            text,
            mut map,
            invalid,
        } = self;
        let same = text.as_bytes() == input;
        map.push(off32(input.len()));
        Decoded {
            map: (!same).then_some(map),
            repair: if same { None } else { repair },
            text,
            invalid_sequences: invalid,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Units and candidate readings
// ---------------------------------------------------------------------------------------------

/// `Unit::byte` for a character with no single-byte (Latin-1/cp1252) form.
const NO_BYTE: u16 = 0x100;

/// One input element as the legacy decoders see it: a byte, plus the character it currently
/// reads as (raw input: its cp1252 reading; pasted text: the character itself), plus where it
/// starts in the input. Pasted text and raw bytes thus go through the same decoders.
#[derive(Clone, Copy)]
struct Unit {
    ch: char,
    src: u32,
    byte: u16,
}

/// A way of reading a line of units.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cand {
    /// Each unit's current character (pasted text as is; raw bytes as cp1252).
    Chars,
    /// Raw bytes as UTF-8, invalid sequences to U+FFFD.
    Utf8Lossy,
    /// Pasted text whose bytes are UTF-8 (mojibake); undecodable units stay as they are.
    Mojibake,
    Tcvn3,
    Vni,
    Viscii,
    Cp1258,
}

impl Cand {
    fn repair_name(self) -> &'static str {
        match self {
            Cand::Chars => "cp1252",
            Cand::Utf8Lossy => "utf-8",
            Cand::Mojibake => "utf8_as_latin1",
            Cand::Tcvn3 => "tcvn3",
            Cand::Vni => "vni",
            Cand::Viscii => "viscii",
            Cand::Cp1258 => "cp1258",
        }
    }
}

/// Where the units of a text came from: text offset + constant, or a per-byte map (UTF-16).
enum Base<'a> {
    Offset(usize),
    Map(&'a [u32]),
}

impl Base<'_> {
    fn at(&self, i: usize) -> u32 {
        match self {
            Base::Offset(o) => off32(o + i),
            Base::Map(m) => m.get(i).copied().unwrap_or(u32::MAX),
        }
    }
}

/// The single byte a character stands for when text was read as Latin-1 or cp1252.
fn to_byte(c: char) -> Option<u8> {
    match u8::try_from(u32::from(c)) {
        Ok(b) => Some(b),
        Err(_) => CP1252_80
            .iter()
            .position(|&x| x == c)
            .and_then(|i| u8::try_from(0x80 + i).ok()),
    }
}

/// cp1252 as WHATWG defines it (its five holes read as the C1 control of the same value).
fn cp1252(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_80[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Lines end after '\n'; both detection and repair work per line, so one pasted paragraph in
/// an otherwise Unicode message (or a UTF-8 header on a legacy body) is handled on its own.
fn split_lines(units: &[Unit]) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, u) in units.iter().enumerate() {
        if u.ch == '\n' {
            lines.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < units.len() {
        lines.push((start, units.len()));
    }
    lines
}

/// Can a reading of this line differ from its plain characters?
fn has_high(line: &[Unit]) -> bool {
    line.iter()
        .any(|u| (0x80..NO_BYTE).contains(&u.byte) || viscii_c0(u.byte).is_some())
}

#[derive(Default, Clone, Copy)]
struct RunInfo {
    /// U+FFFD emitted (`Utf8Lossy`).
    invalid: usize,
    /// Multi-byte UTF-8 sequences decoded (`Utf8Lossy`, `Mojibake`).
    mb_ok: usize,
    /// High bytes that did not decode as UTF-8 (`Mojibake`).
    mb_fail: usize,
}

enum Step {
    Char(char, usize),
    Invalid(usize),
}

/// Decode one UTF-8 sequence from the bytes of `units[i..]` (stopping at units without a byte).
fn utf8_step(units: &[Unit], i: usize) -> Step {
    let mut buf = [0u8; 4];
    let mut k = 0;
    while k < 4 {
        match units.get(i + k) {
            Some(u) if u.byte < NO_BYTE => {
                buf[k] = u.byte as u8;
                k += 1;
            }
            _ => break,
        }
    }
    let valid = match std::str::from_utf8(&buf[..k]) {
        Ok(s) => s,
        Err(e) if e.valid_up_to() == 0 => {
            // Same "maximal subpart" rule as std's lossy decoding; `None` = truncated at end.
            return Step::Invalid(e.error_len().unwrap_or(k).max(1));
        }
        Err(e) => std::str::from_utf8(&buf[..e.valid_up_to()]).unwrap_or_default(),
    };
    match valid.chars().next() {
        Some(c) => Step::Char(c, c.len_utf8()),
        None => Step::Invalid(1),
    }
}

/// Read `units` (one line) with `cand` into `out` as (char, input offset) pairs.
fn run(cand: Cand, units: &[Unit], out: &mut Vec<(char, u32)>) -> RunInfo {
    out.clear();
    let mut info = RunInfo::default();
    match cand {
        Cand::Chars => out.extend(units.iter().map(|u| (u.ch, u.src))),
        Cand::Utf8Lossy | Cand::Mojibake => {
            let mut guesses: Vec<Guess> = Vec::new();
            let mut i = 0;
            while let Some(&u) = units.get(i) {
                if u.byte < 0x80 || u.byte >= NO_BYTE {
                    out.push((u.ch, u.src));
                    i += 1;
                    continue;
                }
                match utf8_step(units, i) {
                    Step::Char(c, n) => {
                        out.push((c, u.src));
                        info.mb_ok += 1;
                        i += n;
                    }
                    Step::Invalid(n) if cand == Cand::Utf8Lossy => {
                        out.push((REPLACEMENT, u.src));
                        info.invalid += 1;
                        i += n;
                    }
                    Step::Invalid(_) => {
                        info.mb_fail += 1;
                        match lost_byte_guess(units, i) {
                            Some((alts, n)) => {
                                guesses.push((out.len(), alts, i, n));
                                out.push((alts[0], u.src));
                                i += n;
                            }
                            None => {
                                out.push((u.ch, u.src));
                                i += 1;
                            }
                        }
                    }
                }
            }
            if !guesses.is_empty() {
                resolve_guesses(&guesses, units, out);
            }
        }
        Cand::Tcvn3 | Cand::Viscii | Cand::Cp1258 => {
            let table = match cand {
                Cand::Tcvn3 => &TCVN3_HI,
                Cand::Viscii => &VISCII_HI,
                _ => &CP1258_HI,
            };
            for u in units {
                let c = match u.byte {
                    b if b >= NO_BYTE => u.ch,
                    b if b >= 0x80 => match table[usize::from(b - 0x80)] {
                        '\0' => u.ch,
                        t => t,
                    },
                    b if cand == Cand::Viscii => viscii_c0(b).unwrap_or(u.ch),
                    _ => u.ch,
                };
                // Windows-1258 tone bytes are combining marks: compose them onto the previous
                // letter (NFC). Only marks that came from bytes; a combining character that
                // was already in the text (NFD input) is not ours to change.
                if u.byte < NO_BYTE
                    && is_combining(c)
                    && let Some(last) = out.last_mut()
                    && let Some(x) = compose_nfc(last.0, c)
                {
                    last.0 = x;
                    continue;
                }
                out.push((c, u.src));
            }
            if cand == Cand::Tcvn3 {
                tcvn3_capitals(out);
            }
        }
        Cand::Vni => {
            let mut i = 0;
            while let Some(&u) = units.get(i) {
                if u.byte < NO_BYTE {
                    let b = u.byte as u8;
                    // Longest match: base letter + diacritic byte, then single-byte letters.
                    if let Some(next) = units.get(i + 1).filter(|n| n.byte < NO_BYTE)
                        && let Some(c) = vni_pair(b, next.byte as u8)
                    {
                        out.push((c, u.src));
                        i += 2;
                        continue;
                    }
                    if let Some(c) = vni_single(b) {
                        out.push((c, u.src));
                        i += 1;
                        continue;
                    }
                }
                out.push((u.ch, u.src));
                i += 1;
            }
        }
    }
    info
}

/// NFC of `base` + `mark` when that is one character. Not just `compose`: `ê` + dot below is
/// `ệ` only after canonical reordering (ệ = e + U+0323 + U+0302).
fn compose_nfc(base: char, mark: char) -> Option<char> {
    if let Some(c) = compose(base, mark) {
        return Some(c);
    }
    let mut nfc = [base, mark].into_iter().nfc();
    match (nfc.next(), nfc.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// A guessed letter in mojibake: (index in the output, alternatives, first unit, units used).
type Guess = (usize, &'static [char], usize, usize);

/// cp1252 has no characters for bytes 81 8D 8F 90 9D, so a cp1252 decoder often drops them:
/// `tiền` (E1 BB 81) arrives as `tiá»n`. After `á»` (E1 BB) the lost byte can only be one of
/// those five, and after `Ä` (C4) only 90 (Đ) is Vietnamese. A U+FFFD standing for the byte is
/// consumed. Returns the possible letters (most frequent first) and how many units they replace.
fn lost_byte_guess(units: &[Unit], i: usize) -> Option<(&'static [char], usize)> {
    let byte = |k: usize| units.get(k).map(|u| u.byte);
    let is_cont = |k: usize| byte(k).is_some_and(|b| (0x80..0xC0).contains(&b));
    let (alts, n): (&'static [char], usize) = match (byte(i), byte(i + 1)) {
        (Some(0xE1), Some(0xBB)) if !is_cont(i + 2) => (&['ề', 'ờ', 'ọ', 'ỏ', 'Ố'], 2),
        (Some(0xC4), _) if !is_cont(i + 1) => (&['Đ'], 1),
        _ => return None,
    };
    let fffd = units.get(i + n).is_some_and(|u| u.ch == REPLACEMENT);
    Some((alts, n + usize::from(fffd)))
}

/// Keep, for each guess, the first letter that makes its word a Vietnamese syllable; with
/// none, put the original characters back.
fn resolve_guesses(guesses: &[Guess], units: &[Unit], out: &mut Vec<(char, u32)>) {
    let mut revert = Vec::new();
    for &(pos, alts, first, n) in guesses {
        let start = out[..pos]
            .iter()
            .rposition(|p| !is_word_char(p.0))
            .map_or(0, |k| k + 1);
        let end = out[pos + 1..]
            .iter()
            .position(|p| !is_word_char(p.0))
            .map_or(out.len(), |k| pos + 1 + k);
        let found = alts.iter().any(|&c| {
            out[pos].0 = c;
            syllable(&out[start..end]).is_some()
        });
        if !found {
            revert.push((pos, first, n));
        }
    }
    if revert.is_empty() {
        return;
    }
    let old = std::mem::take(out);
    let mut reverts = revert.into_iter().peekable();
    for (k, p) in old.into_iter().enumerate() {
        match reverts.next_if(|r| r.0 == k) {
            Some((_, first, n)) => {
                out.extend(units[first..first + n].iter().map(|u| (u.ch, u.src)))
            }
            None => out.push(p),
        }
    }
}

/// ABC has no codes for toned capitals: `.VnTimeH` headings are typed with the small-letter
/// codes (`CéNG HOµ`). Capitalise the small letters of words whose ASCII letters are all
/// capitals, when the word (or, for words like `X·`, the whole line) has at least two.
fn tcvn3_capitals(out: &mut [(char, u32)]) {
    let caps = |w: &[(char, u32)]| {
        let upper = w.iter().filter(|p| p.0.is_ascii_uppercase()).count();
        let lower = w.iter().filter(|p| p.0.is_ascii_lowercase()).count();
        (upper, lower)
    };
    let (line_upper, line_lower) = caps(out);
    let line_caps = line_upper >= 4 && line_lower == 0;
    let mut start = 0;
    while start < out.len() {
        let end = out[start..]
            .iter()
            .position(|p| !is_word_char(p.0))
            .map_or(out.len(), |k| start + k);
        let (upper, lower) = caps(&out[start..end]);
        if lower == 0 && (upper >= 2 || (upper >= 1 && line_caps)) {
            for p in &mut out[start..end] {
                let mut up = p.0.to_uppercase();
                if let (Some(c), None) = (up.next(), up.next()) {
                    p.0 = c;
                }
            }
        }
        start = end + 1;
    }
}

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

fn viscii_c0(b: u16) -> Option<char> {
    Some(match b {
        0x02 => 'Ẳ',
        0x05 => 'Ẵ',
        0x06 => 'Ẫ',
        0x14 => 'Ỷ',
        0x19 => 'Ỹ',
        0x1E => 'Ỵ',
        _ => return None,
    })
}

fn vni_single(b: u8) -> Option<char> {
    Some(match b {
        0xC6 => 'Ỉ',
        0xCC => 'Ì',
        0xCD => 'Í',
        0xCE => 'Ỵ',
        0xD1 => 'Đ',
        0xD2 => 'Ị',
        0xD3 => 'Ĩ',
        0xD4 => 'Ơ',
        0xD6 => 'Ư',
        0xE6 => 'ỉ',
        0xEC => 'ì',
        0xED => 'í',
        0xEE => 'ỵ',
        0xF1 => 'đ',
        0xF2 => 'ị',
        0xF3 => 'ĩ',
        0xF4 => 'ơ',
        0xF6 => 'ư',
        _ => return None,
    })
}

/// VNI base letter + diacritic byte. Capitals use both bytes 0x20 lower (`AÙ` = Á); a
/// mismatched-case pair (`Aù`, sloppy retyping) is accepted too, the base deciding the case.
fn vni_pair(base: u8, mark: u8) -> Option<char> {
    let upper = matches!(base, b'A' | b'E' | b'O' | b'U' | b'Y' | 0xD4 | 0xD6);
    let lower_base = if upper { base | 0x20 } else { base };
    let lower_mark = if (0xC0..=0xDF).contains(&mark) {
        mark | 0x20
    } else {
        mark
    };
    let row = VNI_BASES.iter().position(|&x| x == lower_base)?;
    let col = usize::from(lower_mark.checked_sub(0xE0)?);
    let c = VNI_PAIRS[row][col];
    if c == '\0' {
        None
    } else if upper {
        c.to_uppercase().next()
    } else {
        Some(c)
    }
}

// ---------------------------------------------------------------------------------------------
// Repair driver
// ---------------------------------------------------------------------------------------------

/// Text-level repair of valid Unicode text (pasted legacy text, mojibake). `forced` applies one
/// reading to every line; otherwise `choose` decides, and `None` means "leave the text alone".
fn repair_text(text: &str, base: &Base<'_>, forced: Option<Cand>) -> Option<(Out, &'static str)> {
    let units: Vec<Unit> = text
        .char_indices()
        .map(|(i, c)| Unit {
            ch: c,
            src: base.at(i),
            byte: to_byte(c).map_or(NO_BYTE, u16::from),
        })
        .collect();
    let lines = split_lines(&units);
    let (cand, applied) = match forced {
        Some(c) => (c, vec![true; lines.len()]),
        None => choose(
            &units,
            &lines,
            &[Cand::Chars],
            &[
                Cand::Mojibake,
                Cand::Tcvn3,
                Cand::Vni,
                Cand::Cp1258,
                Cand::Viscii,
            ],
        )?,
    };
    let mut out = Out::with_capacity(text.len() + 16);
    let mut buf = Vec::new();
    for (&(a, b), &apply) in lines.iter().zip(&applied) {
        let line = &units[a..b];
        if apply && forced.is_none() {
            emit_segments(cand, line, &mut out, &mut buf);
        } else {
            run(if apply { cand } else { Cand::Chars }, line, &mut buf);
            out.extend(&buf);
        }
    }
    Some((out, cand.repair_name()))
}

/// A letter that has no cp1252 byte (ư, ế, …): the word holding it was typed in Unicode.
fn is_unicode_letter(u: &Unit) -> bool {
    u.byte == NO_BYTE && is_letter(u.ch)
}

/// Apply `cand` to a line word by word, because pasted text is often only part of a line
/// (`Anh ấy nói: Th«ng b¸o`). Words holding a Unicode-only letter stay as typed; they split the
/// line into segments. A segment that does not score better under `cand` stays as it is; in
/// one that does, each word takes `cand` unless its plain reading scores better (so `ông`
/// next to pasted VNI does not become the VNI reading `ơng`, while the ambiguous TCVN3 `mét`
/// still becomes `một`). Words split at ASCII whitespace only: NBSP is a byte of mojibake.
fn emit_segments(cand: Cand, line: &[Unit], out: &mut Out, buf: &mut Vec<(char, u32)>) {
    let is_space = |u: &Unit| u.ch.is_ascii_whitespace();
    let mut words = Vec::new(); // (start, end, has a Unicode-only letter)
    let mut i = 0;
    while i < line.len() {
        if is_space(&line[i]) {
            i += 1;
            continue;
        }
        let end = line[i..]
            .iter()
            .position(is_space)
            .map_or(line.len(), |k| i + k);
        words.push((i, end, line[i..end].iter().any(is_unicode_letter)));
        i = end;
    }
    // Score change under `cand`, and whether it is clean mojibake (see `choose`).
    let mut alt = Vec::new();
    let mut gains = |units: &[Unit], buf: &mut Vec<(char, u32)>| {
        run(Cand::Chars, units, buf);
        let info = run(cand, units, &mut alt);
        let clean = cand == Cand::Mojibake && info.mb_ok > 0 && info.mb_fail == 0;
        (stats(&alt).score() - stats(buf).score(), clean)
    };
    let mut use_cand = vec![false; words.len()];
    let mut w = 0;
    while w < words.len() {
        if words[w].2 {
            w += 1;
            continue;
        }
        let seg_end = words[w..]
            .iter()
            .position(|x| x.2)
            .map_or(words.len(), |k| w + k);
        let (gain, clean) = gains(&line[words[w].0..words[seg_end - 1].1], buf);
        if gain > 0 || clean {
            for k in w..seg_end {
                let (gain, clean) = gains(&line[words[k].0..words[k].1], buf);
                use_cand[k] = gain >= 0 || clean;
            }
        }
        w = seg_end;
    }
    let mut line_out = Vec::with_capacity(line.len());
    let mut pos = 0;
    for (&(s, e, _), &apply) in words.iter().zip(&use_cand) {
        line_out.extend(line[pos..s].iter().map(|u| (u.ch, u.src)));
        run(if apply { cand } else { Cand::Chars }, &line[s..e], buf);
        line_out.extend_from_slice(buf);
        pos = e;
    }
    line_out.extend(line[pos..].iter().map(|u| (u.ch, u.src)));
    if cand == Cand::Tcvn3 {
        tcvn3_capitals(&mut line_out); // again, now with the whole line as context
    }
    out.extend(&line_out);
}

/// Bytes that are not UTF-8 (after an optional UTF-8 BOM of length `off`).
fn decode_raw(input: &[u8], off: usize, forced: Option<Cand>) -> Decoded {
    let raw = &input[off..];
    let units: Vec<Unit> = raw
        .iter()
        .enumerate()
        .map(|(i, &b)| Unit {
            ch: cp1252(b),
            src: off32(off + i),
            byte: u16::from(b),
        })
        .collect();
    let lines = split_lines(&units);
    let choice = match forced {
        Some(c) => Some((c, vec![true; lines.len()])),
        None => choose(
            &units,
            &lines,
            &[Cand::Utf8Lossy, Cand::Chars],
            &[Cand::Tcvn3, Cand::Vni, Cand::Cp1258, Cand::Viscii],
        ),
    };
    // Lines left over are UTF-8 with some bad bytes, or Latin-1/cp1252 text (Western mail).
    // Take the latter only when the document shows Latin-1 letters inside words, so a stray
    // byte in UTF-8 text still becomes U+FFFD.
    let (touching, inside) = latin1_letters_in_words(raw);
    // A document mostly made of valid multi-byte UTF-8 is damaged UTF-8, not Latin-1.
    let (mut mb_valid, mut bad) = (0usize, 0usize);
    for chunk in raw.utf8_chunks() {
        mb_valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    let latin_text = (touching >= 2 || inside >= 1) && mb_valid < bad;
    let mut out = Out::with_capacity(raw.len() + 16);
    let mut buf = Vec::new();
    let mut used_cp1252 = false;
    for (l, &(a, b)) in lines.iter().enumerate() {
        let line = &units[a..b];
        match &choice {
            Some((cand, applied)) if applied[l] => {
                run(*cand, line, &mut buf);
            }
            _ => {
                let info = run(Cand::Utf8Lossy, line, &mut buf);
                if latin_text && info.invalid > 0 && info.mb_ok < info.invalid {
                    run(Cand::Chars, line, &mut buf);
                    used_cp1252 = true;
                } else {
                    out.invalid += info.invalid;
                }
            }
        }
        out.extend(&buf);
    }
    let repair = match choice {
        Some((cand, _)) => Some(cand.repair_name()),
        None => used_cp1252.then_some("cp1252"),
    };
    out.finish(input, repair)
}

/// High bytes whose cp1252 reading is a letter next to an ASCII letter (`caf\xE9`), and of
/// those, how many have ASCII letters on both sides (`s\xE9rieux`, never UTF-8).
fn latin1_letters_in_words(raw: &[u8]) -> (usize, usize) {
    let ascii_letter = |i: Option<usize>| {
        i.and_then(|i| raw.get(i))
            .is_some_and(u8::is_ascii_alphabetic)
    };
    let (mut touching, mut inside) = (0, 0);
    for (i, &b) in raw.iter().enumerate() {
        if b >= 0x80 && cp1252(b).is_alphabetic() {
            let (before, after) = (ascii_letter(i.checked_sub(1)), ascii_letter(Some(i + 1)));
            touching += usize::from(before || after);
            inside += usize::from(before && after);
        }
    }
    (touching, inside)
}

/// Pick a reading among `cands`, or `None` to keep the original. Per line, a candidate
/// "applies" when it scores better than the best `originals` reading of that line; the
/// candidate is accepted when, summed over the lines it applies to, `looks_repaired` holds (or,
/// for mojibake, every high byte on those lines decoded as UTF-8). The highest total gain
/// wins; on a tie, the earlier candidate (the order is roughly how common each form is).
fn choose(
    units: &[Unit],
    lines: &[(usize, usize)],
    originals: &[Cand],
    cands: &[Cand],
) -> Option<(Cand, Vec<bool>)> {
    let mut buf = Vec::new();
    // Lines without high bytes read the same under every candidate: skipped (None).
    let orig: Vec<Option<Stats>> = lines
        .iter()
        .map(|&(a, b)| {
            let line = &units[a..b];
            has_high(line).then(|| {
                originals
                    .iter()
                    .map(|&c| {
                        run(c, line, &mut buf);
                        stats(&buf)
                    })
                    .max_by_key(Stats::score)
                    .unwrap_or_default()
            })
        })
        .collect();
    let mut best: Option<(i64, Cand, Vec<bool>)> = None;
    for &cand in cands {
        let mut applied = vec![false; lines.len()];
        let (mut agg, mut agg_orig) = (Stats::default(), Stats::default());
        let (mut mb_ok, mut mb_fail) = (0usize, 0usize);
        for (l, &(a, b)) in lines.iter().enumerate() {
            let Some(o) = orig[l] else { continue };
            let line = &units[a..b];
            let info = run(cand, line, &mut buf);
            if buf.len() == line.len() && buf.iter().zip(line).all(|(p, u)| p.0 == u.ch) {
                continue; // reads as it is (e.g. VNI on German): cannot score better
            }
            let s = stats(&buf);
            let clean_mojibake = cand == Cand::Mojibake && info.mb_ok > 0 && info.mb_fail == 0;
            if s.score() > o.score() || clean_mojibake {
                applied[l] = true;
                agg.add(&s);
                agg_orig.add(&o);
                mb_ok += info.mb_ok;
                mb_fail += info.mb_fail;
            }
        }
        let gain = agg.score() - agg_orig.score();
        // Mojibake has its own, language-independent proof: all its high bytes form valid
        // multi-byte UTF-8, which ordinary Latin-1 text essentially never does.
        let accept = looks_repaired(&agg, &agg_orig)
            || (cand == Cand::Mojibake && mb_ok >= 1 && mb_fail == 0);
        if accept && best.as_ref().is_none_or(|b| gain > b.0) {
            best = Some((gain, cand, applied));
        }
    }
    best.map(|(_, c, a)| (c, a))
}

/// The acceptance rule, on the changed lines of a candidate `c` and of the original `o`: the
/// original had something broken, the candidate gained at least 3 points, has at least 2
/// Vietnamese words with diacritics, is nearly clean, and is either rich in Vietnamese-only
/// letters or made mostly of valid syllables. The last clauses keep French `où` (VNI: `ó`),
/// Portuguese `é` (TCVN3: `ộ`) and the like from flipping a text.
fn looks_repaired(c: &Stats, o: &Stats) -> bool {
    o.bad >= 1
        && c.score() - o.score() >= 3
        && c.vn_nonascii >= 2
        && c.bad * 3 <= c.vn_nonascii
        && (c.specific >= 2 || (c.vn_nonascii + c.vn_ascii) * 10 >= c.tokens * 7)
}

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------

#[derive(Default, Clone, Copy, Debug)]
struct Stats {
    /// Words (runs of letters and combining marks).
    tokens: u32,
    /// ASCII words that are valid Vietnamese syllables (`an`, `tin`).
    vn_ascii: u32,
    /// Non-ASCII words that are valid Vietnamese syllables.
    vn_nonascii: u32,
    /// Of those, words with a letter only Vietnamese uses (ă đ ĩ ũ ơ ư, U+1EA0–U+1EF9).
    specific: u32,
    /// Of those, very common words (`COMMON`).
    common: u32,
    /// Non-ASCII words that are not Vietnamese syllables, plus odd characters: U+FFFD, C1
    /// controls, Latin-1 symbols touching a letter (`Th«ng`), stray cp1252 symbols in words.
    bad: u32,
}

impl Stats {
    /// How Vietnamese the text reads. Vietnamese-only letters and common words weigh extra:
    /// that is what separates the right legacy reading from a near miss (TCVN3 `lµm cña` is
    /// `làm của`; read as VISCII it is `lộm cựa`, also well-formed syllables).
    fn score(&self) -> i64 {
        i64::from(self.vn_nonascii) + i64::from(self.specific) + 2 * i64::from(self.common)
            - i64::from(self.bad)
    }

    fn add(&mut self, o: &Stats) {
        self.tokens += o.tokens;
        self.vn_ascii += o.vn_ascii;
        self.vn_nonascii += o.vn_nonascii;
        self.specific += o.specific;
        self.common += o.common;
        self.bad += o.bad;
    }

    fn word(&mut self, w: &[(char, u32)]) {
        self.tokens += 1;
        let non_ascii = w.iter().any(|p| !p.0.is_ascii());
        match syllable(w) {
            Some(specific) if non_ascii => {
                self.vn_nonascii += 1;
                self.specific += u32::from(specific);
                self.common += u32::from(is_common(w));
            }
            Some(_) => self.vn_ascii += 1,
            None if non_ascii => self.bad += 1,
            None => {}
        }
    }
}

/// Is the (valid, short) word in `COMMON`? Lower-cased into a stack buffer.
fn is_common(w: &[(char, u32)]) -> bool {
    let mut buf = [0u8; 32];
    let mut len = 0;
    for c in w.iter().flat_map(|p| p.0.to_lowercase()) {
        if len + c.len_utf8() > buf.len() {
            return false;
        }
        len += c.encode_utf8(&mut buf[len..]).len();
    }
    std::str::from_utf8(&buf[..len]).is_ok_and(|s| COMMON.binary_search(&s).is_ok())
}

fn is_word_char(c: char) -> bool {
    is_letter(c) || is_combining(c)
}

/// `char::is_alphabetic` with a fast path for the Latin and Vietnamese blocks this module
/// mostly sees (the general lookup dominated profiles).
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\u{7F}' => false,
        'ª' | 'µ' | 'º' | 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' => {
            true
        }
        '\u{80}'..='\u{BF}' | '×' | '÷' => false,
        _ => c.is_alphabetic(),
    }
}

fn stats(chars: &[(char, u32)]) -> Stats {
    let mut s = Stats::default();
    let mut start: Option<usize> = None;
    let letter_at = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_some_and(|p| is_letter(p.0));
    for (i, &(c, _)) in chars.iter().enumerate() {
        if is_word_char(c) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(st) = start.take() {
            s.word(&chars[st..i]);
        }
        let odd = match c {
            REPLACEMENT | '\u{80}'..='\u{9F}' => true,
            '\u{A1}'..='\u{BF}'
            | '×'
            | '÷'
            | '€'
            | '‚'
            | '„'
            | '†'
            | '‡'
            | '‰'
            | '‹'
            | '›'
            | '™' => letter_at(i.checked_sub(1)) || letter_at(Some(i + 1)),
            _ => false,
        };
        s.bad += u32::from(odd);
    }
    if let Some(st) = start {
        s.word(&chars[st..]);
    }
    s
}

fn is_vn_specific(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ' | 'ơ' | 'Ơ' | 'ư' | 'Ư'
    ) || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
}

/// Very common Vietnamese words with diacritics (general and scam-letter vocabulary), sorted by
/// bytes for `binary_search`.
const COMMON: [&str; 226] = [
    "biết",
    "bà",
    "bày",
    "bán",
    "báo",
    "bạn",
    "bảo",
    "bảy",
    "bắt",
    "bị",
    "bốn",
    "chuyển",
    "chào",
    "chín",
    "chúc",
    "chúng",
    "chưa",
    "chỉ",
    "chị",
    "chồng",
    "chủ",
    "cuối",
    "các",
    "cái",
    "còn",
    "có",
    "công",
    "cùng",
    "cũng",
    "cơ",
    "cả",
    "cảm",
    "cấp",
    "cần",
    "cầu",
    "cộng",
    "của",
    "dân",
    "dưới",
    "già",
    "giá",
    "giúp",
    "giải",
    "giấy",
    "giờ",
    "giữ",
    "giữa",
    "gì",
    "gòn",
    "gọi",
    "gửi",
    "hiện",
    "hoà",
    "huyện",
    "hà",
    "hàng",
    "hình",
    "hòa",
    "hơn",
    "hạn",
    "hạnh",
    "hết",
    "hệ",
    "họ",
    "học",
    "hồ",
    "hỗ",
    "khoản",
    "khách",
    "không",
    "khẩn",
    "kiểm",
    "kiệm",
    "liên",
    "luật",
    "là",
    "làm",
    "lãi",
    "lòng",
    "lúc",
    "lý",
    "lại",
    "lập",
    "lệnh",
    "lớn",
    "muốn",
    "mà",
    "mã",
    "mình",
    "mười",
    "mật",
    "mẹ",
    "mỗi",
    "một",
    "mới",
    "mức",
    "mừng",
    "nghìn",
    "nghị",
    "ngoài",
    "ngày",
    "ngân",
    "người",
    "nhiều",
    "nhà",
    "nhân",
    "như",
    "nhưng",
    "nhất",
    "nhận",
    "nhập",
    "nhắn",
    "nhỏ",
    "những",
    "nào",
    "này",
    "nã",
    "nên",
    "nói",
    "năm",
    "nước",
    "nội",
    "nợ",
    "pháp",
    "phí",
    "phúc",
    "phường",
    "phạt",
    "phải",
    "phố",
    "quyết",
    "quà",
    "quý",
    "quận",
    "rất",
    "rằng",
    "rồi",
    "sài",
    "sát",
    "sáu",
    "sơ",
    "sẽ",
    "số",
    "sự",
    "thoại",
    "thuê",
    "thành",
    "tháng",
    "thì",
    "thông",
    "thưởng",
    "thấp",
    "thế",
    "thể",
    "thứ",
    "thực",
    "tiếp",
    "tiết",
    "tiền",
    "toà",
    "triệu",
    "trên",
    "trình",
    "trúng",
    "trăm",
    "trước",
    "trường",
    "trả",
    "trợ",
    "tài",
    "tám",
    "tòa",
    "tôi",
    "tù",
    "tại",
    "tập",
    "tỉnh",
    "tốt",
    "tội",
    "tờ",
    "tục",
    "từ",
    "tự",
    "tỷ",
    "viên",
    "việc",
    "viện",
    "việt",
    "và",
    "vào",
    "vì",
    "vẫn",
    "vậy",
    "về",
    "với",
    "vợ",
    "vụ",
    "xác",
    "xã",
    "xấu",
    "xử",
    "yêu",
    "án",
    "ông",
    "đang",
    "đi",
    "điều",
    "điện",
    "đây",
    "đã",
    "đình",
    "đó",
    "đúng",
    "đăng",
    "đường",
    "được",
    "đại",
    "đầu",
    "đến",
    "đề",
    "đều",
    "để",
    "đồng",
    "độc",
    "ơn",
    "ở",
];

// Syllable check. Letters are reduced to one byte each, tone removed: ASCII letters as
// themselves (lower case), and â=A ă=B ê=E ô=O ơ=R ư=U đ=D.

/// Possible onset lengths of `w` (`gi` is an onset, or `g` before the vowel `i`).
fn onset_lens(w: &[u8]) -> &'static [usize] {
    match w {
        [b'n', b'g', b'h', ..] => &[3],
        [b'g', b'i', ..] => &[2, 1],
        [b'n', b'g' | b'h', ..]
        | [b'c' | b'g' | b'k' | b'p' | b't', b'h', ..]
        | [b't', b'r', ..]
        | [b'q', b'u', ..] => &[2],
        [
            b'b' | b'c' | b'd' | b'D' | b'g' | b'h' | b'k' | b'l' | b'm' | b'n' | b'p' | b'r'
            | b's',
            ..,
        ]
        | [b't' | b'v' | b'x', ..] => &[1],
        _ => &[0],
    }
}

/// Pack up to three letter codes into an integer (0 = too long), for cheap set tests.
const fn key(v: &[u8]) -> u32 {
    match *v {
        [a] => a as u32,
        [a, b] => (a as u32) << 8 | b as u32,
        [a, b, c] => (a as u32) << 16 | (b as u32) << 8 | c as u32,
        _ => 0,
    }
}

const fn keys<const N: usize>(groups: [&[u8]; N]) -> [u32; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = key(groups[i]);
        i += 1;
    }
    out
}

/// Vowel groups (with medial o/u and final i/y/o/u) of syllables without a final consonant.
const OPEN: [u32; 45] = keys([
    b"a", b"e", b"E", b"i", b"o", b"O", b"R", b"u", b"U", b"y", b"ai", b"ao", b"au", b"ay", b"Au",
    b"Ay", b"eo", b"Eu", b"ia", b"iu", b"oa", b"oe", b"oi", b"Oi", b"Ri", b"ua", b"uE", b"ui",
    b"uR", b"uy", b"Ua", b"Ui", b"Uu", b"iEu", b"yEu", b"oai", b"oao", b"oay", b"oeo", b"uAy",
    b"uOi", b"uya", b"uyu", b"URi", b"URu",
]);

/// Vowel groups before a final consonant.
const CLOSED: [u32; 25] = keys([
    b"a", b"B", b"A", b"e", b"E", b"i", b"o", b"O", b"R", b"u", b"U", b"y", b"iE", b"yE", b"uO",
    b"UR", b"oa", b"oB", b"oe", b"uA", b"uE", b"uy", b"uyE", b"oo", b"OO",
]);

/// Groups allowed before `nh`/`ch`, and those never before `ng`/`c`.
const BEFORE_NH: [u32; 7] = keys([b"a", b"E", b"i", b"y", b"oa", b"uE", b"uy"]);
const NOT_BEFORE_NG: [u32; 7] = keys([b"E", b"i", b"y", b"R", b"uy", b"uE", b"uyE"]);

/// Is `word` one Vietnamese syllable (tone-placement agnostic, NFC or NFD)? `Some(specific)`
/// tells whether it has a letter only Vietnamese uses.
fn syllable(word: &[(char, u32)]) -> Option<bool> {
    let mut w = [0u8; 8];
    let mut n = 0usize;
    let mut tones = 0u32;
    let mut stop_tone_ok = false; // sắc or nặng: the only tones allowed before c/ch/p/t
    let mut ok = true;
    let mut specific = false;
    let mut seen_lower = false;
    for &(c, _) in word {
        specific |= is_vn_specific(c);
        // `bỰn`: a capital Vietnamese letter after a small letter is a wrong reading (VISCII
        // puts capitals among the bytes TCVN3 uses for small letters). ASCII capitals are
        // fine: `.VnTimeH` headings arrive as `CéNG`.
        if c.is_uppercase() && !c.is_ascii() && seen_lower {
            return None;
        }
        seen_lower |= c.is_lowercase();
        if c.is_ascii_alphabetic() {
            match w.get_mut(n) {
                Some(slot) => *slot = c.to_ascii_lowercase() as u8,
                None => return None,
            }
            n += 1;
            continue;
        }
        decompose_canonical(c, |d| {
            if !ok {
                return;
            }
            if matches!(d, 'a'..='z' | 'A'..='Z' | 'đ' | 'Đ') {
                match w.get_mut(n) {
                    Some(slot) => {
                        *slot = if matches!(d, 'đ' | 'Đ') {
                            b'D'
                        } else {
                            d.to_ascii_lowercase() as u8
                        };
                        n += 1;
                    }
                    None => ok = false, // longer than any syllable
                }
                return;
            }
            // A mark modifies the letter before it (works for NFC and NFD alike).
            let last = n.checked_sub(1).and_then(|j| w.get_mut(j));
            match (d, last) {
                ('\u{302}', Some(l)) if matches!(*l, b'a' | b'e' | b'o') => {
                    *l = l.to_ascii_uppercase()
                }
                ('\u{306}', Some(l)) if *l == b'a' => *l = b'B',
                ('\u{31B}', Some(l)) if *l == b'o' => *l = b'R',
                ('\u{31B}', Some(l)) if *l == b'u' => *l = b'U',
                ('\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}', Some(l))
                    if matches!(
                        *l,
                        b'a' | b'e'
                            | b'i'
                            | b'o'
                            | b'u'
                            | b'y'
                            | b'A'
                            | b'B'
                            | b'E'
                            | b'O'
                            | b'R'
                            | b'U'
                    ) =>
                {
                    tones += 1;
                    stop_tone_ok = matches!(d, '\u{301}' | '\u{323}');
                }
                _ => ok = false,
            }
        });
    }
    if !ok || n == 0 || tones > 1 {
        return None;
    }
    let w = &w[..n];
    onset_lens(w)
        .iter()
        .any(|&k| rime_ok(&w[k..], stop_tone_ok))
        .then_some(specific)
}

fn rime_ok(r: &[u8], stop_tone_ok: bool) -> bool {
    // The final consonant is unambiguous: no vowel group ends in a consonant letter.
    // (vowel class, length, stop consonant: only sắc or nặng may precede it)
    let (coda, n, stop) = match r {
        [.., b'n', b'g'] => (Coda::Ng, 2, false),
        [.., b'n', b'h'] => (Coda::Nh, 2, false),
        [.., b'c', b'h'] => (Coda::Nh, 2, true), // same vowels as nh
        [.., b'c'] => (Coda::Ng, 1, true),       // same vowels as ng
        [.., b'p' | b't'] => (Coda::Other, 1, true),
        [.., b'm' | b'n'] => (Coda::Other, 1, false),
        _ => (Coda::None, 0, false),
    };
    let v = key(&r[..r.len() - n]);
    if v == 0 {
        return false;
    }
    let vowel_ok = match coda {
        Coda::None => OPEN.contains(&v),
        Coda::Nh => BEFORE_NH.contains(&v),
        Coda::Ng => CLOSED.contains(&v) && !NOT_BEFORE_NG.contains(&v),
        Coda::Other => CLOSED.contains(&v),
    };
    vowel_ok && (!stop || stop_tone_ok)
}

#[derive(Clone, Copy)]
enum Coda {
    None,
    Ng,
    Nh,
    Other,
}

// ---------------------------------------------------------------------------------------------
// Cheap pre-filter
// ---------------------------------------------------------------------------------------------

/// Tell-tales of legacy or mojibake text in valid Unicode (vn-legacy.md §7). Ordinary
/// Vietnamese Unicode has none, so for it the repair machinery never runs. Western text often
/// triggers it (ä ö ß ç ñ …); the scoring then leaves it alone.
fn has_legacy_markers(s: &str) -> bool {
    let mut prev = ' ';
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if ('\u{80}'..='\u{FF}').contains(&c) {
            let next = chars.peek().copied().unwrap_or(' ');
            if is_marker(prev, c, next) {
                return true;
            }
        }
        prev = c;
    }
    false
}

fn is_marker(prev: char, c: char, next: char) -> bool {
    match c {
        // Bytes 0x80-0x9F read as Latin-1 (Facebook exports, VISCII capitals).
        '\u{80}'..='\u{9F}' => true,
        // A symbol inside a word: TCVN3 `Th«ng`, `Hµ`, VISCII `S½n`, mojibake `Ã´`, `á»`.
        '\u{A1}'..='\u{BF}' | '×' | '÷' => is_letter(prev) || is_letter(next),
        // Latin-1 letters Vietnamese never uses: VNI ư đ ỉ ỵ, TCVN3/VISCII toned letters,
        // cp1258/VISCII đ, mojibake lead bytes Ä Å Æ. Common in Western text, which the
        // scoring then leaves alone.
        'Ä' | 'Å' | 'Æ' | 'Ç' | 'Ë' | 'Î' | 'Ï' | 'Ð' | 'Ñ' | 'Ö' | 'Ø' | 'Û' | 'Ü' | 'Þ' | 'ß'
        | 'ä' | 'å' | 'æ' | 'ç' | 'ë' | 'î' | 'ï' | 'ð' | 'ñ' | 'ö' | 'ø' | 'û' | 'ü' | 'þ'
        | 'ÿ' => true,
        // Mojibake lead byte C3 before a continuation byte read as cp1252 (`Ã‰`).
        'Ã' => to_byte(next).is_some_and(|b| (0x80..0xC0).contains(&b)),
        // VNI tone byte after a vowel (`baùo`); cp1258 ơ (`Sõn`).
        'ù' | 'õ' | 'Ù' | 'Õ' => is_vowel_like(prev),
        // VNI circumflex / breve bytes after their base (`Thoâng`, `laêm`).
        'â' | 'Â' => matches!(prev, 'a' | 'e' | 'o' | 'A' | 'E' | 'O'),
        'ê' | 'Ê' => matches!(prev, 'a' | 'A'),
        // Windows-1258 tone bytes after a vowel (`tiÒnh`, `Laòng`); `uì` is old-style `quì`.
        'Ì' | 'Ò' => is_vowel_like(prev),
        'ì' | 'ò' => is_vowel_like(prev) && !matches!(prev, 'u' | 'U'),
        _ => false,
    }
}

/// A vowel as a VNI / cp1258 base letter looks when pasted.
fn is_vowel_like(c: char) -> bool {
    matches!(
        c.to_ascii_lowercase(),
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'â' | 'ê' | 'ô' | 'ö' | 'ý' | 'õ'
    ) || matches!(c, 'Â' | 'Ê' | 'Ô' | 'Ö' | 'Ý' | 'Õ')
}

// ---------------------------------------------------------------------------------------------
// Tables (generated from the TSVs named in the module docs; '\0' = not a letter in that set,
// keep the byte's cp1252 reading)
// ---------------------------------------------------------------------------------------------

/// cp1252 0x80-0x9F (WHATWG: 0x81 0x8D 0x8F 0x90 0x9D stay C1 controls).
const CP1252_80: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// Windows-1258 0x80-0xFF (glibc iconv `CP1258`; its undefined bytes as C1 controls). Tone
/// marks: CC U+0300, D2 U+0309, DE U+0303, EC U+0301, F2 U+0323.
const CP1258_HI: [char; 128] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}',
    '\u{2021}', // 80
    '\u{02C6}', '\u{2030}', '\u{008A}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{008E}',
    '\u{008F}', // 88
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
    '\u{2014}', // 90
    '\u{02DC}', '\u{2122}', '\u{009A}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{009E}',
    '\u{0178}', // 98
    '\u{00A0}', '\u{00A1}', '\u{00A2}', '\u{00A3}', '\u{00A4}', '\u{00A5}', '\u{00A6}',
    '\u{00A7}', // A0
    '\u{00A8}', '\u{00A9}', '\u{00AA}', '\u{00AB}', '\u{00AC}', '\u{00AD}', '\u{00AE}',
    '\u{00AF}', // A8
    '\u{00B0}', '\u{00B1}', '\u{00B2}', '\u{00B3}', '\u{00B4}', '\u{00B5}', '\u{00B6}',
    '\u{00B7}', // B0
    '\u{00B8}', '\u{00B9}', '\u{00BA}', '\u{00BB}', '\u{00BC}', '\u{00BD}', '\u{00BE}',
    '\u{00BF}', // B8
    '\u{00C0}', '\u{00C1}', '\u{00C2}', '\u{0102}', '\u{00C4}', '\u{00C5}', '\u{00C6}',
    '\u{00C7}', // C0
    '\u{00C8}', '\u{00C9}', '\u{00CA}', '\u{00CB}', '\u{0300}', '\u{00CD}', '\u{00CE}',
    '\u{00CF}', // C8
    '\u{0110}', '\u{00D1}', '\u{0309}', '\u{00D3}', '\u{00D4}', '\u{01A0}', '\u{00D6}',
    '\u{00D7}', // D0
    '\u{00D8}', '\u{00D9}', '\u{00DA}', '\u{00DB}', '\u{00DC}', '\u{01AF}', '\u{0303}',
    '\u{00DF}', // D8
    '\u{00E0}', '\u{00E1}', '\u{00E2}', '\u{0103}', '\u{00E4}', '\u{00E5}', '\u{00E6}',
    '\u{00E7}', // E0
    '\u{00E8}', '\u{00E9}', '\u{00EA}', '\u{00EB}', '\u{0301}', '\u{00ED}', '\u{00EE}',
    '\u{00EF}', // E8
    '\u{0111}', '\u{00F1}', '\u{0323}', '\u{00F3}', '\u{00F4}', '\u{01A1}', '\u{00F6}',
    '\u{00F7}', // F0
    '\u{00F8}', '\u{00F9}', '\u{00FA}', '\u{00FB}', '\u{00FC}', '\u{01B0}', '\u{20AB}',
    '\u{00FF}', // F8
];

/// TCVN3 0x80-0xFF: the ABC letters (`set=TCVN3` in tcvn3.tsv) plus the VN1 capitals that sit
/// in 0xA0-0xFF. Not mapped, on purpose: VN1's C0 and 0x80-0x9F capitals (ABC documents use
/// those bytes for Windows punctuation such as “ ”) and its combining marks at 0xB0-0xB4
/// (`°` `±` … are real symbols in ABC text).
const TCVN3_HI: [char; 128] = [
    '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', // 80
    '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', // 88
    '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', // 90
    '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', // 98
    '\0', '\u{0102}', '\u{00C2}', '\u{00CA}', '\u{00D4}', '\u{01A0}', '\u{01AF}',
    '\u{0110}', // A0
    '\u{0103}', '\u{00E2}', '\u{00EA}', '\u{00F4}', '\u{01A1}', '\u{01B0}', '\u{0111}',
    '\u{1EB0}', // A8
    '\0', '\0', '\0', '\0', '\0', '\u{00E0}', '\u{1EA3}', '\u{00E3}', // B0
    '\u{00E1}', '\u{1EA1}', '\u{1EB2}', '\u{1EB1}', '\u{1EB3}', '\u{1EB5}', '\u{1EAF}',
    '\u{1EB4}', // B8
    '\u{1EAE}', '\u{1EA6}', '\u{1EA8}', '\u{1EAA}', '\u{1EA4}', '\u{1EC0}', '\u{1EB7}',
    '\u{1EA7}', // C0
    '\u{1EA9}', '\u{1EAB}', '\u{1EA5}', '\u{1EAD}', '\u{00E8}', '\u{1EC2}', '\u{1EBB}',
    '\u{1EBD}', // C8
    '\u{00E9}', '\u{1EB9}', '\u{1EC1}', '\u{1EC3}', '\u{1EC5}', '\u{1EBF}', '\u{1EC7}',
    '\u{00EC}', // D0
    '\u{1EC9}', '\u{1EC4}', '\u{1EBE}', '\u{1ED2}', '\u{0129}', '\u{00ED}', '\u{1ECB}',
    '\u{00F2}', // D8
    '\u{1ED4}', '\u{1ECF}', '\u{00F5}', '\u{00F3}', '\u{1ECD}', '\u{1ED3}', '\u{1ED5}',
    '\u{1ED7}', // E0
    '\u{1ED1}', '\u{1ED9}', '\u{1EDD}', '\u{1EDF}', '\u{1EE1}', '\u{1EDB}', '\u{1EE3}',
    '\u{00F9}', // E8
    '\u{1ED6}', '\u{1EE7}', '\u{0169}', '\u{00FA}', '\u{1EE5}', '\u{1EEB}', '\u{1EED}',
    '\u{1EEF}', // F0
    '\u{1EE9}', '\u{1EF1}', '\u{1EF3}', '\u{1EF7}', '\u{1EF9}', '\u{00FD}', '\u{1EF5}',
    '\u{1ED0}', // F8
];

/// VISCII 0x80-0xFF (RFC 1456, = glibc iconv `VISCII`). 0xA0 is Õ per the RFC. The six C0
/// capitals are in `viscii_c0`.
const VISCII_HI: [char; 128] = [
    '\u{1EA0}', '\u{1EAE}', '\u{1EB0}', '\u{1EB6}', '\u{1EA4}', '\u{1EA6}', '\u{1EA8}',
    '\u{1EAC}', // 80
    '\u{1EBC}', '\u{1EB8}', '\u{1EBE}', '\u{1EC0}', '\u{1EC2}', '\u{1EC4}', '\u{1EC6}',
    '\u{1ED0}', // 88
    '\u{1ED2}', '\u{1ED4}', '\u{1ED6}', '\u{1ED8}', '\u{1EE2}', '\u{1EDA}', '\u{1EDC}',
    '\u{1EDE}', // 90
    '\u{1ECA}', '\u{1ECE}', '\u{1ECC}', '\u{1EC8}', '\u{1EE6}', '\u{0168}', '\u{1EE4}',
    '\u{1EF2}', // 98
    '\u{00D5}', '\u{1EAF}', '\u{1EB1}', '\u{1EB7}', '\u{1EA5}', '\u{1EA7}', '\u{1EA9}',
    '\u{1EAD}', // A0
    '\u{1EBD}', '\u{1EB9}', '\u{1EBF}', '\u{1EC1}', '\u{1EC3}', '\u{1EC5}', '\u{1EC7}',
    '\u{1ED1}', // A8
    '\u{1ED3}', '\u{1ED5}', '\u{1ED7}', '\u{1EE0}', '\u{01A0}', '\u{1ED9}', '\u{1EDD}',
    '\u{1EDF}', // B0
    '\u{1ECB}', '\u{1EF0}', '\u{1EE8}', '\u{1EEA}', '\u{1EEC}', '\u{01A1}', '\u{1EDB}',
    '\u{01AF}', // B8
    '\u{00C0}', '\u{00C1}', '\u{00C2}', '\u{00C3}', '\u{1EA2}', '\u{0102}', '\u{1EB3}',
    '\u{1EB5}', // C0
    '\u{00C8}', '\u{00C9}', '\u{00CA}', '\u{1EBA}', '\u{00CC}', '\u{00CD}', '\u{0128}',
    '\u{1EF3}', // C8
    '\u{0110}', '\u{1EE9}', '\u{00D2}', '\u{00D3}', '\u{00D4}', '\u{1EA1}', '\u{1EF7}',
    '\u{1EEB}', // D0
    '\u{1EED}', '\u{00D9}', '\u{00DA}', '\u{1EF9}', '\u{1EF5}', '\u{00DD}', '\u{1EE1}',
    '\u{01B0}', // D8
    '\u{00E0}', '\u{00E1}', '\u{00E2}', '\u{00E3}', '\u{1EA3}', '\u{0103}', '\u{1EEF}',
    '\u{1EAB}', // E0
    '\u{00E8}', '\u{00E9}', '\u{00EA}', '\u{1EBB}', '\u{00EC}', '\u{00ED}', '\u{0129}',
    '\u{1EC9}', // E8
    '\u{0111}', '\u{1EF1}', '\u{00F2}', '\u{00F3}', '\u{00F4}', '\u{00F5}', '\u{1ECF}',
    '\u{1ECD}', // F0
    '\u{1EE5}', '\u{00F9}', '\u{00FA}', '\u{0169}', '\u{1EE7}', '\u{00FD}', '\u{1EE3}',
    '\u{1EEE}', // F8
];

/// VNI base letters (lower case) for `VNI_PAIRS`: a e o u y, ơ (0xF4), ư (0xF6).
const VNI_BASES: [u8; 7] = [b'a', b'e', b'o', b'u', b'y', 0xF4, 0xF6];

/// VNI lower-case pairs from vni.tsv: row = base (`VNI_BASES`), column = diacritic byte - 0xE0.
const VNI_PAIRS: [[char; 32]; 7] = vni_pairs();

const fn vni_pairs() -> [[char; 32]; 7] {
    // (base row, diacritic byte, letter)
    const PAIRS: [(usize, u8, char); 58] = [
        (0, 0xE0, 'ầ'),
        (0, 0xE1, 'ấ'),
        (0, 0xE2, 'â'),
        (0, 0xE3, 'ẫ'),
        (0, 0xE4, 'ậ'),
        (0, 0xE5, 'ẩ'),
        (0, 0xE8, 'ằ'),
        (0, 0xE9, 'ắ'),
        (0, 0xEA, 'ă'),
        (0, 0xEB, 'ặ'),
        (0, 0xEF, 'ạ'),
        (0, 0xF5, 'ã'),
        (0, 0xF8, 'à'),
        (0, 0xF9, 'á'),
        (0, 0xFA, 'ẳ'),
        (0, 0xFB, 'ả'),
        (0, 0xFC, 'ẵ'),
        (1, 0xE0, 'ề'),
        (1, 0xE1, 'ế'),
        (1, 0xE2, 'ê'),
        (1, 0xE3, 'ễ'),
        (1, 0xE4, 'ệ'),
        (1, 0xE5, 'ể'),
        (1, 0xEF, 'ẹ'),
        (1, 0xF5, 'ẽ'),
        (1, 0xF8, 'è'),
        (1, 0xF9, 'é'),
        (1, 0xFB, 'ẻ'),
        (2, 0xE0, 'ồ'),
        (2, 0xE1, 'ố'),
        (2, 0xE2, 'ô'),
        (2, 0xE3, 'ỗ'),
        (2, 0xE4, 'ộ'),
        (2, 0xE5, 'ổ'),
        (2, 0xEF, 'ọ'),
        (2, 0xF5, 'õ'),
        (2, 0xF8, 'ò'),
        (2, 0xF9, 'ó'),
        (2, 0xFB, 'ỏ'),
        (3, 0xEF, 'ụ'),
        (3, 0xF5, 'ũ'),
        (3, 0xF8, 'ù'),
        (3, 0xF9, 'ú'),
        (3, 0xFB, 'ủ'),
        (4, 0xF5, 'ỹ'),
        (4, 0xF8, 'ỳ'),
        (4, 0xF9, 'ý'),
        (4, 0xFB, 'ỷ'),
        (5, 0xEF, 'ợ'),
        (5, 0xF5, 'ỡ'),
        (5, 0xF8, 'ờ'),
        (5, 0xF9, 'ớ'),
        (5, 0xFB, 'ở'),
        (6, 0xEF, 'ự'),
        (6, 0xF5, 'ữ'),
        (6, 0xF8, 'ừ'),
        (6, 0xF9, 'ứ'),
        (6, 0xFB, 'ử'),
    ];
    let mut t = ['\0'; 32];
    let mut table = [t; 7];
    let mut i = 0;
    while i < PAIRS.len() {
        let (row, byte, c) = PAIRS[i];
        t = table[row];
        t[(byte - 0xE0) as usize] = c;
        table[row] = t;
        i += 1;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCES: [&str; 7] = [
        "Công an tỉnh Lạng Sơn",
        "Thông báo",
        "Đề nghị chuyển tiền",
        "Chuyển tiền ngay vào số tài khoản",
        "Đề nghị ông bà đến trụ sở Viện kiểm sát nhân dân",
        "người được ủy quyền phải xuất trình giấy tờ",
        "CÔNG AN TỈNH LẠNG SƠN\nThông báo: đề nghị anh Nguyễn Văn Hùng chuyển tiền ngay.\n",
    ];

    const WESTERN: [&str; 12] = [
        "Où est la gare ? Je ne sais pas où elle se trouve, mais là-bas il y a un café très agréable.",
        "« Bonjour », dit-elle en français ; l'été dernier, nous sommes allés à Noël chez ma sœur.",
        "Où ? Où ça ? Où donc ? Où est-il ?",
        "«Oui», «Non», «Peut-être» — naïve, Noël, août, où.",
        "Grüße aus München! Die Straße ist schön, aber die Brücke über den Fluß ist gesperrt.",
        "Könnten Sie mir bitte sagen, wo der Bahnhof ist? Ärger, Öl und Übermut.",
        "¿Dónde está el baño? El niño comió una piña en la mañana, ¡qué rico!",
        "Sí, señor, él está aquí en España desde el año pasado.",
        "Não é só isso, é lá que ele está. A educação e a atenção são importantes.",
        "Você já foi à praia? Ação, coração, irmão e mãe. Não, não é só.",
        "Perché è così difficile? La città è più bella di sera, caffè e tè.",
        "Prix: 25 € — 20°C, 5µm, ½ litre, © 2024 Société Générale™.",
    ];

    const VIETNAMESE: [&str; 5] = [
        "Quý khách vui lòng truy cập link https://abc.xyz để xác nhận OTP, nếu không tài khoản sẽ bị khóa.",
        "Bạn đã trúng thưởng một chiếc xe máy! Hãy chuyển phí 500.000đ vào tài khoản Vietcombank.",
        "Hoà bình, quê hương, quá… «Tin nóng»: quân đội, khoẻ mạnh, toà án, xoã tóc, Huế, Thuỵ Sĩ.",
        "CÔNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc",
        "Thông báo",
    ];

    /// The 67 lower-case Vietnamese letters that are not ASCII, then their capitals.
    fn alphabet() -> Vec<char> {
        let mut lower = vec!['đ'];
        for base in "aăâeêioôơuưy".chars() {
            for tone in ["", "\u{300}", "\u{301}", "\u{309}", "\u{303}", "\u{323}"] {
                let s: String = format!("{base}{tone}").nfc().collect();
                let c = s.chars().next().unwrap();
                if !c.is_ascii() {
                    lower.push(c);
                }
            }
        }
        assert_eq!(lower.len(), 67);
        let upper: Vec<char> = lower
            .iter()
            .map(|c| c.to_uppercase().next().unwrap())
            .collect();
        lower.into_iter().chain(upper).collect()
    }

    fn table_byte(table: &[char; 128], c: char) -> Option<u8> {
        table.iter().position(|&x| x == c).map(|i| 0x80 + i as u8)
    }

    /// ABC encoding: toned capitals without a code of their own are written lower case.
    fn enc_tcvn3(s: &str) -> Vec<u8> {
        s.chars()
            .map(|c| match c {
                c if c.is_ascii() => c as u8,
                c => table_byte(&TCVN3_HI, c)
                    .or_else(|| table_byte(&TCVN3_HI, c.to_lowercase().next().unwrap()))
                    .unwrap_or_else(|| panic!("no TCVN3 byte for {c}")),
            })
            .collect()
    }

    /// What decoding `enc_tcvn3(s)` must give.
    fn tcvn3_expect(s: &str) -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii() || table_byte(&TCVN3_HI, c).is_some() {
                    c
                } else {
                    c.to_lowercase().next().unwrap()
                }
            })
            .collect()
    }

    fn enc_vni(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        'chars: for c in s.chars() {
            if c.is_ascii() {
                out.push(c as u8);
                continue;
            }
            if let Some(b) = (0x80..=0xFF).find(|&b| vni_single(b) == Some(c)) {
                out.push(b);
                continue;
            }
            for base in 0..=0xFFu8 {
                for mark in 0xC0..=0xFFu8 {
                    let base_upper = base.is_ascii_uppercase() || base == 0xD4 || base == 0xD6;
                    if vni_pair(base, mark) == Some(c) && base_upper == (mark < 0xE0) {
                        out.extend([base, mark]);
                        continue 'chars;
                    }
                }
            }
            panic!("no VNI bytes for {c}");
        }
        out
    }

    fn enc_viscii(s: &str) -> Vec<u8> {
        s.chars()
            .map(|c| match c {
                c if c.is_ascii() => c as u8,
                c => table_byte(&VISCII_HI, c)
                    .or_else(|| (0..0x20u8).find(|&b| viscii_c0(u16::from(b)) == Some(c)))
                    .unwrap_or_else(|| panic!("no VISCII byte for {c}")),
            })
            .collect()
    }

    /// Windows-1258: precomposed where the code page has the letter, else base + tone byte.
    fn enc_cp1258(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for c in s.chars() {
            if c.is_ascii() {
                out.push(c as u8);
            } else if let Some(b) = table_byte(&CP1258_HI, c) {
                out.push(b);
            } else {
                let nfd: String = c.to_string().nfd().collect();
                let tone: Vec<char> = nfd
                    .chars()
                    .filter(|&d| {
                        matches!(d, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
                    })
                    .collect();
                let base: String = nfd
                    .chars()
                    .filter(|d| !tone.contains(d))
                    .collect::<String>()
                    .nfc()
                    .collect();
                assert_eq!(tone.len(), 1, "{c}");
                let base = base.chars().next().unwrap();
                out.push(if base.is_ascii() {
                    base as u8
                } else {
                    table_byte(&CP1258_HI, base).unwrap()
                });
                out.push(table_byte(&CP1258_HI, tone[0]).unwrap());
            }
        }
        out
    }

    /// What a user sees when the bytes are shown as windows-1252 (the pasted form).
    fn paste(bytes: &[u8]) -> String {
        bytes.iter().map(|&b| cp1252(b)).collect()
    }

    /// Bytes as Latin-1 code points (the Facebook-export form).
    fn latin1(bytes: &[u8]) -> String {
        bytes.iter().map(|&b| char::from(b)).collect()
    }

    /// The cp1252 bytes of a text (panics on characters cp1252 lacks).
    fn cp1252_bytes(s: &str) -> Vec<u8> {
        s.chars().map(|c| to_byte(c).unwrap()).collect()
    }

    /// The `Decoded::map` contract.
    fn check_map(input: &[u8], d: &Decoded) {
        let Some(m) = &d.map else {
            assert_eq!(d.text.as_bytes(), input, "map is None but text differs");
            return;
        };
        assert_ne!(
            d.text.as_bytes(),
            input,
            "map present although text is the input"
        );
        assert_eq!(m.len(), d.text.len() + 1);
        assert_eq!(m[d.text.len()] as usize, input.len());
        assert!(m.windows(2).all(|w| w[0] <= w[1]), "map not monotone");
        for (i, c) in d.text.char_indices() {
            let n = c.len_utf8();
            assert!(
                m[i..i + n].iter().all(|&x| x == m[i]),
                "bytes of {c:?} map apart"
            );
            assert!(m[i + n] > m[i], "empty source span for {c:?}");
        }
        assert_eq!(d.to_input(d.text.len()), input.len());
    }

    /// Every character's source span, decoded on its own with `f`, gives that character.
    fn check_spans(input: &[u8], d: &Decoded, f: impl Fn(&[u8]) -> String) {
        check_map(input, d);
        for (i, c) in d.text.char_indices() {
            let span = &input[d.to_input(i)..d.to_input(i + c.len_utf8())];
            assert_eq!(
                f(span),
                c.to_string(),
                "span {span:x?} of {c:?} in {:?}",
                d.text
            );
        }
    }

    fn forced(enc: Encoding) -> impl Fn(&[u8]) -> String {
        move |b| decode(b, enc).text
    }

    fn enc_of(repair: &str) -> Encoding {
        match repair
            .trim_start_matches("utf16le+")
            .trim_start_matches("utf16be+")
        {
            "tcvn3" => Encoding::Tcvn3,
            "vni" => Encoding::Vni,
            "viscii" => Encoding::Viscii,
            "cp1258" => Encoding::Cp1258,
            other => panic!("unexpected repair {other}"),
        }
    }

    #[test]
    fn encoding_names_parse() {
        for e in Encoding::ALL {
            assert_eq!(e.name().parse::<Encoding>(), Ok(e));
            assert_eq!(e.to_string().to_uppercase().parse::<Encoding>(), Ok(e));
        }
        assert_eq!("utf8".parse(), Ok(Encoding::Utf8));
        assert_eq!("UTF16".parse(), Ok(Encoding::Utf16));
        assert_eq!(" Windows-1258 ".parse(), Ok(Encoding::Cp1258));
        let err = "latin9".parse::<Encoding>().unwrap_err();
        for name in [
            "auto", "utf-8", "tcvn3", "vni", "viscii", "cp1258", "utf-16",
        ] {
            assert!(err.contains(name), "{err}");
        }
        assert_eq!(Encoding::default(), Encoding::Auto);
    }

    #[test]
    fn valid_utf8_is_left_alone() {
        let nfd: Vec<String> = VIETNAMESE.iter().map(|s| s.nfd().collect()).collect();
        let all = VIETNAMESE
            .iter()
            .copied()
            .chain(WESTERN)
            .chain(nfd.iter().map(String::as_str));
        for s in all.chain(["", "plain ascii\n", "emoji 🎉 ok", "日本語のテキスト"]) {
            for enc in [Encoding::Auto, Encoding::Utf8] {
                let d = decode(s.as_bytes(), enc);
                assert_eq!(d.text, s);
                assert!(
                    d.map.is_none() && d.repair.is_none(),
                    "{s} -> {:?}",
                    d.repair
                );
                assert_eq!(d.invalid_sequences, 0);
            }
        }
    }

    #[test]
    fn ordinary_vietnamese_has_no_legacy_markers() {
        // Keeps the common path cheap: the scorer never runs for these.
        for s in VIETNAMESE.iter().take(2).chain(&SENTENCES) {
            assert!(!has_legacy_markers(s), "{s}");
        }
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let s = "Công an tỉnh Lạng Sơn";
        let input = [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat();
        for enc in [Encoding::Auto, Encoding::Utf8] {
            let d = decode(&input, enc);
            assert_eq!(d.text, s);
            assert_eq!(d.repair, None);
            assert_eq!(d.to_input(0), 3);
            check_spans(&input, &d, |b| String::from_utf8(b.to_vec()).unwrap());
        }
        // BOM only, and BOM + pasted TCVN3 (repaired behind the BOM).
        let d = decode(b"\xEF\xBB\xBF", Encoding::Auto);
        assert_eq!(
            (d.text.as_str(), d.map.as_deref()),
            ("", Some([3u32].as_slice()))
        );
        let input = [b"\xEF\xBB\xBF".as_slice(), paste(&enc_tcvn3(s)).as_bytes()].concat();
        let d = decode(&input, Encoding::Auto);
        assert_eq!((d.text.as_str(), d.repair), (s, Some("tcvn3")));
        assert_eq!(d.to_input(0), 3);
        check_spans(&input, &d, forced(Encoding::Tcvn3));
    }

    #[test]
    fn invalid_utf8_start_middle_end() {
        let cases: [(&[u8], &str, usize); 6] = [
            (b"\x80abc", "\u{FFFD}abc", 1),
            (b"ab\xC3(cd", "ab\u{FFFD}(cd", 1),
            (b"abc\xE1\x80", "abc\u{FFFD}", 1),
            (
                b"\xF0\x9F\x98 x \xFF\xFE y",
                "\u{FFFD} x \u{FFFD}\u{FFFD} y",
                3,
            ),
            ("tiền\u{0}".as_bytes(), "tiền\u{0}", 0),
            (
                b"Vi\xE1\xBB\x87t \xED\xA0\x80 Nam",
                "Việt \u{FFFD}\u{FFFD}\u{FFFD} Nam",
                3,
            ),
        ];
        for (input, want, n) in cases {
            assert_eq!(String::from_utf8_lossy(input), want);
            for enc in [Encoding::Auto, Encoding::Utf8] {
                let d = decode(input, enc);
                assert_eq!(d.text, want, "{input:x?} {enc}");
                assert_eq!(d.invalid_sequences, n);
                assert_eq!(d.repair, None);
                check_spans(input, &d, |b| String::from_utf8_lossy(b).into_owned());
            }
        }
        // The U+FFFD covers exactly the bad bytes.
        let d = decode(b"ab\xE1\x80cd", Encoding::Utf8);
        assert_eq!((d.to_input(2), d.to_input(5)), (2, 4));
    }

    #[test]
    fn empty_input() {
        for e in Encoding::ALL {
            let d = decode(b"", e);
            assert_eq!(d.text, "");
            assert!(d.map.is_none() && d.repair.is_none());
            assert_eq!(d.invalid_sequences, 0);
            assert_eq!(d.to_input(0), 0);
        }
    }

    fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut v = Vec::new();
        if bom {
            v.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
        }
        for u in s.encode_utf16() {
            v.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        v
    }

    fn utf16_span(le: bool) -> impl Fn(&[u8]) -> String {
        move |b| {
            let units = b.chunks_exact(2).map(|p| {
                if le {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            });
            char::decode_utf16(units)
                .map(|r| r.unwrap_or(REPLACEMENT))
                .collect::<String>()
                + if b.len() % 2 == 1 { "\u{FFFD}" } else { "" }
        }
    }

    #[test]
    fn utf16_with_bom() {
        for s in SENTENCES.iter().chain(&["a", "emoji 🎉 and 𝔘", ""]) {
            for le in [true, false] {
                let input = utf16(s, le, true);
                for enc in [Encoding::Auto, Encoding::Utf16] {
                    let d = decode(&input, enc);
                    assert_eq!(d.text, *s);
                    assert_eq!(d.repair, Some(if le { "utf16le" } else { "utf16be" }));
                    assert_eq!(d.invalid_sequences, 0);
                    check_spans(&input, &d, utf16_span(le));
                }
            }
        }
    }

    #[test]
    fn utf16_without_bom() {
        let s = "Thông báo: đề nghị chuyển tiền ngay vào số tài khoản";
        for le in [true, false] {
            let input = utf16(s, le, false);
            for enc in [Encoding::Auto, Encoding::Utf16] {
                let d = decode(&input, enc);
                assert_eq!(d.text, s, "{enc} le={le}");
                assert_eq!(d.repair, Some(if le { "utf16le" } else { "utf16be" }));
                check_spans(&input, &d, utf16_span(le));
            }
        }
        // Plain English too; but a few NULs in binary-ish data are not UTF-16.
        let d = decode(
            &utf16("Hello world, please pay now", true, false),
            Encoding::Auto,
        );
        assert_eq!(
            (d.text.as_str(), d.repair),
            ("Hello world, please pay now", Some("utf16le"))
        );
        let d = decode(b"abc\0def\0ghi\0", Encoding::Auto);
        assert_eq!((d.text.as_str(), d.repair), ("abc\0def\0ghi\0", None));
    }

    #[test]
    fn stray_bom_bytes_before_utf8() {
        // FF FE in front of UTF-8 (no NULs, nearly all valid UTF-8) is not a BOM.
        let s = "Thông báo: chuyển tiền ngay";
        let input = [b"\xFF\xFE".as_slice(), s.as_bytes(), b" \xC3\x28"].concat();
        let d = decode(&input, Encoding::Auto);
        assert_eq!(d.text, format!("\u{FFFD}\u{FFFD}{s} \u{FFFD}("));
        assert_eq!((d.repair, d.invalid_sequences), (None, 3));
        check_map(&input, &d);
        // A real BOM'd UTF-16 text without any ASCII (no NULs) is still UTF-16.
        let cjk = utf16("越南语文本测试", true, true);
        assert_eq!(decode(&cjk, Encoding::Auto).text, "越南语文本测试");
        // Forced UTF-16 trusts the BOM.
        assert_eq!(decode(&input, Encoding::Utf16).repair, Some("utf16le"));
    }

    #[test]
    fn utf16_damage() {
        // Odd trailing byte and an unpaired surrogate.
        let mut input = utf16("ab", true, true);
        input.extend([0x00, 0xD8, b'c', 0, 0x41]);
        let d = decode(&input, Encoding::Utf16);
        assert_eq!(d.text, "ab\u{FFFD}c\u{FFFD}");
        assert_eq!(d.invalid_sequences, 2);
        check_spans(&input, &d, utf16_span(true));
    }

    #[test]
    fn utf16_holding_pasted_tcvn3() {
        let s = SENTENCES[4];
        let input = utf16(&paste(&enc_tcvn3(s)), true, true);
        let d = decode(&input, Encoding::Auto);
        assert_eq!((d.text.as_str(), d.repair), (s, Some("utf16le+tcvn3")));
        check_map(&input, &d);
        let d = decode(&input, Encoding::Tcvn3);
        assert_eq!((d.text.as_str(), d.repair), (s, Some("utf16le+tcvn3")));
    }

    /// Forced and detected decoding of every sentence, raw and pasted; the alphabet forced.
    /// TCVN3 is compared case-insensitively: ABC has no toned capitals, and the decoder
    /// capitalises some back from context (`tcvn3_capitals`).
    fn round_trips(
        enc: Encoding,
        name: &str,
        encode: fn(&str) -> Vec<u8>,
        expect: fn(&str) -> String,
    ) {
        let norm = |t: &str| {
            if enc == Encoding::Tcvn3 {
                t.to_lowercase()
            } else {
                t.to_owned()
            }
        };
        let alpha: String = alphabet().into_iter().collect();
        let alpha_words: String = alphabet().iter().map(|c| format!("{c} ")).collect();
        for s in SENTENCES
            .iter()
            .copied()
            .chain([alpha.as_str(), alpha_words.as_str()])
        {
            let raw = encode(s);
            let pasted = paste(&raw);
            for input in [raw.as_slice(), pasted.as_bytes()] {
                let d = decode(input, enc);
                assert_eq!(norm(&d.text), norm(&expect(s)), "{name} forced {input:x?}");
                assert_eq!(d.repair, (d.text.as_bytes() != input).then_some(name));
                // (Vietnamese capitals and small letters have the same UTF-8 length.)
                let d = Decoded {
                    text: norm(&d.text),
                    ..d
                };
                check_spans(input, &d, |b| norm(&decode(b, enc).text));
            }
        }
        for s in SENTENCES {
            let raw = encode(s);
            let pasted = paste(&raw);
            for input in [raw.as_slice(), pasted.as_bytes()] {
                let d = decode(input, Encoding::Auto);
                assert_eq!(
                    norm(&d.text),
                    norm(&expect(s)),
                    "{name} auto {:?}",
                    String::from_utf8_lossy(input)
                );
                match d.repair {
                    // Bytes whose VISCII reading is their cp1252 reading (`Thông báo`).
                    Some("cp1252") => assert_eq!(paste(input), expect(s)),
                    // Short texts may read identically in two encodings (VISCII = cp1258 for
                    // "Thông báo"); the text is what matters, and both are right.
                    Some(r) if s.len() > 25 => assert_eq!(r, name, "{s}"),
                    Some(r) => check_spans(input, &d, forced(enc_of(r))),
                    None => assert_eq!(d.text.as_bytes(), input),
                }
                if d.repair == Some(name) {
                    let d = Decoded {
                        text: norm(&d.text),
                        ..d
                    };
                    check_spans(input, &d, |b| norm(&decode(b, enc).text));
                }
            }
        }
    }

    #[test]
    fn tcvn3_round_trips() {
        round_trips(Encoding::Tcvn3, "tcvn3", enc_tcvn3, tcvn3_expect);
        // The examples from the issue, as pasted text.
        for (pasted, want) in [
            ("Th«ng b¸o", "Thông báo"),
            ("§Ò nghÞ", "Đề nghị"),
            ("ng\u{AD}êi ®\u{AD}îc", "người được"),
        ] {
            assert_eq!(decode(pasted.as_bytes(), Encoding::Tcvn3).text, want);
        }
        let d = decode("C«ng an tØnh L¹ng S¬n".as_bytes(), Encoding::Auto);
        assert_eq!(
            (d.text.as_str(), d.repair),
            ("Công an tỉnh Lạng Sơn", Some("tcvn3"))
        );
        // `.VnTimeH` headings: toned capitals typed with small-letter codes.
        let d = decode(
            "CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM\nHµ Néi".as_bytes(),
            Encoding::Auto,
        );
        assert_eq!(d.text, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà Nội");
        // Words that read well in cp1252 too (`mét` = một, `cã` = có) follow their line.
        let d = decode("Mét ng\u{AD}êi cã tiÒn".as_bytes(), Encoding::Auto);
        assert_eq!(
            (d.text.as_str(), d.repair),
            ("Một người có tiền", Some("tcvn3"))
        );
    }

    #[test]
    fn vni_round_trips() {
        round_trips(Encoding::Vni, "vni", enc_vni, str::to_owned);
        for (pasted, want) in [
            ("Thoâng baùo", "Thông báo"),
            ("Ñeà nghò", "Đề nghị"),
            ("ngöôøi ñöôïc", "người được"),
        ] {
            assert_eq!(decode(pasted.as_bytes(), Encoding::Vni).text, want);
        }
        // Sloppy case pairing (capital base, small mark) is accepted.
        assert_eq!(
            decode("THOâNG BAùO".as_bytes(), Encoding::Vni).text,
            "THÔNG BÁO"
        );
        let d = decode("Coâng an tænh Laïng Sôn".as_bytes(), Encoding::Auto);
        assert_eq!(
            (d.text.as_str(), d.repair),
            ("Công an tỉnh Lạng Sơn", Some("vni"))
        );
    }

    #[test]
    fn viscii_round_trips() {
        round_trips(Encoding::Viscii, "viscii", enc_viscii, str::to_owned);
        let d = decode("Công an tïnh LÕng S½n".as_bytes(), Encoding::Auto);
        assert_eq!(
            (d.text.as_str(), d.repair),
            ("Công an tỉnh Lạng Sơn", Some("viscii"))
        );
    }

    #[test]
    fn cp1258_round_trips() {
        round_trips(Encoding::Cp1258, "cp1258", enc_cp1258, str::to_owned);
        let d = decode("Công an tiÒnh Laòng Sõn".as_bytes(), Encoding::Auto);
        assert_eq!(
            (d.text.as_str(), d.repair),
            ("Công an tỉnh Lạng Sơn", Some("cp1258"))
        );
        // Composition is only for tone bytes: combining marks already in the text stay.
        let nfd = "Vie\u{302}\u{323}t".to_string();
        assert_eq!(decode(nfd.as_bytes(), Encoding::Cp1258).text, nfd);
    }

    #[test]
    fn utf8_mojibake() {
        let moji_check = |b: &[u8]| {
            let bytes: Vec<u8> = std::str::from_utf8(b)
                .unwrap()
                .chars()
                .map(|c| to_byte(c).unwrap())
                .collect();
            String::from_utf8(bytes).unwrap()
        };
        for s in SENTENCES
            .iter()
            .chain(&["Chuyển tiền ngay, đừng báo công an!", "Đ Á Í Ý ề ọ ỏ Ố ờ"])
        {
            for input in [paste(s.as_bytes()), latin1(s.as_bytes())] {
                let d = decode(input.as_bytes(), Encoding::Auto);
                assert_eq!(
                    (d.text.as_str(), d.repair),
                    (*s, Some("utf8_as_latin1")),
                    "{input}"
                );
                check_spans(input.as_bytes(), &d, moji_check);
            }
        }
        // Facebook export: "đ" as Ä + U+0091.
        let d = decode("Ä\u{91}á»«ng bÃ¡o cÃ´ng an".as_bytes(), Encoding::Auto);
        assert_eq!(d.text, "đừng báo công an");
        // Western mojibake is undone too: every high byte forms valid UTF-8.
        let d = decode("Le cafÃ© est trÃ¨s bon".as_bytes(), Encoding::Auto);
        assert_eq!(
            (d.text.as_str(), d.repair),
            ("Le café est très bon", Some("utf8_as_latin1"))
        );
        // Repairing twice is harmless.
        let again = decode(
            decode("tiá»\u{81}n Ä\u{91}i".as_bytes(), Encoding::Auto)
                .text
                .as_bytes(),
            Encoding::Auto,
        );
        assert_eq!((again.text.as_str(), again.repair), ("tiền đi", None));
    }

    #[test]
    fn mojibake_with_lost_bytes() {
        // cp1252 decoders drop 81 8D 8F 90 9D: `tiền` (E1 BB 81) arrives as `tiá»n`.
        for (moji, want) in [
            ("Chuyá»ƒn tiá»n", "Chuyển tiền"),
            ("ngÆ°á»i Ä‘Æ°á»£c á»§y quyá»n", "người được ủy quyền"),
            ("Äá» nghá»‹ há»c sinh", "Đề nghị học sinh"),
            ("tiá»\u{FFFD}n vá»\u{FFFD} nhÃ\u{A0}", "tiền về nhà"),
        ] {
            let d = decode(moji.as_bytes(), Encoding::Auto);
            assert_eq!(
                (d.text.as_str(), d.repair),
                (want, Some("utf8_as_latin1")),
                "{moji}"
            );
            check_map(moji.as_bytes(), &d);
        }
        // No guess fits: the characters stay.
        let d = decode("Ärger über Äpfel".as_bytes(), Encoding::Auto);
        assert_eq!(d.repair, None);
    }

    #[test]
    fn unicode_words_in_a_pasted_line_stay() {
        let input = "Anh ấy nói «xin chào» rồi đi. Th«ng b¸o khÈn cÊp!";
        let d = decode(input.as_bytes(), Encoding::Auto);
        assert_eq!(d.text, "Anh ấy nói «xin chào» rồi đi. Thông báo khẩn cấp!");
        assert_eq!(d.repair, Some("tcvn3"));
        check_map(input.as_bytes(), &d);
        let input = format!("Kính gửi ông bà: {}", paste(&enc_vni(SENTENCES[5])));
        let d = decode(input.as_bytes(), Encoding::Auto);
        assert_eq!(d.text, format!("Kính gửi ông bà: {}", SENTENCES[5]));
    }

    #[test]
    fn western_text_is_not_vietnamese() {
        for s in WESTERN {
            // As UTF-8: untouched (checked in `valid_utf8_is_left_alone`). As cp1252 bytes:
            // read as cp1252, never as a Vietnamese encoding.
            let bytes = cp1252_bytes(s);
            let d = decode(&bytes, Encoding::Auto);
            assert_eq!(d.text, s, "{s}");
            assert_eq!(d.repair, Some("cp1252"), "{s}");
            check_spans(&bytes, &d, paste);
            // A whole paragraph of it, too.
            let para = format!("{s}\n{s} {s}\n");
            let d = decode(&cp1252_bytes(&para), Encoding::Auto);
            assert_eq!((d.text.as_str(), d.repair), (para.as_str(), Some("cp1252")));
        }
        let all = WESTERN.join("\n");
        assert_eq!(decode(&cp1252_bytes(&all), Encoding::Auto).text, all);
        assert_eq!(decode(all.as_bytes(), Encoding::Auto).repair, None);
    }

    #[test]
    fn mixed_lines_are_repaired_alone() {
        // A UTF-8 header over a raw TCVN3 body, and a Unicode line next to a pasted one.
        let head = "Từ: Công an tỉnh Lạng Sơn <cong.an@example.vn>\n";
        let body = SENTENCES[4];
        let input = [head.as_bytes(), &enc_tcvn3(body)].concat();
        let d = decode(&input, Encoding::Auto);
        assert_eq!(
            (d.text.as_str(), d.repair),
            (format!("{head}{body}").as_str(), Some("tcvn3"))
        );
        check_map(&input, &d);
        let input = format!("{head}{}", paste(&enc_vni(body)));
        let d = decode(input.as_bytes(), Encoding::Auto);
        assert_eq!(
            (d.text.as_str(), d.repair),
            (format!("{head}{body}").as_str(), Some("vni"))
        );
        check_map(input.as_bytes(), &d);
        assert_eq!(d.to_input(head.len()), head.len());
    }

    #[test]
    fn syllables() {
        let ok = |w: &str| {
            let v: Vec<(char, u32)> = w.chars().map(|c| (c, 0)).collect();
            syllable(&v).is_some()
        };
        for w in [
            "người", "được", "chuyển", "tiền", "nghị", "tỉnh", "lạng", "sơn", "khuya", "hoà",
            "hòa", "thuở", "khuỷu", "xoong", "yêu", "gì", "gìn", "giữa", "quốc", "quyển", "ạ", "ừ",
            "ấy", "Huỳnh", "NGHIÊNG", "việc", "tiếng", "oẳn", "Đắc", "những", "thương", "nước",
        ] {
            assert!(ok(w), "{w}");
            let nfd: String = w.nfd().collect();
            assert!(ok(&nfd), "{w} NFD");
        }
        for w in [
            "café",
            "über",
            "niño",
            "thêng",
            "tùnh",
            "lếng",
            "bỏo",
            "tat",
            "đềè",
            "nghiênggg",
            "Th",
            "x",
            "ơng",
            "khơng",
        ] {
            assert!(!ok(w), "{w}");
        }
    }

    #[test]
    fn common_words_are_sorted_nfc_lowercase() {
        assert!(COMMON.windows(2).all(|w| w[0] < w[1]));
        for w in COMMON {
            assert_eq!(w.nfc().collect::<String>(), w);
            assert_eq!(w.to_lowercase(), w);
            let v: Vec<(char, u32)> = w.chars().map(|c| (c, 0)).collect();
            assert!(syllable(&v).is_some(), "{w}");
        }
    }

    /// Deterministic pseudo-random inputs: no panics, and the map contract, for every encoding.
    #[test]
    fn fuzz_invariants() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let pieces: [&[u8]; 12] = [
            b"\xEF\xBB\xBF",
            b"\xFF\xFE",
            b"\xFE\xFF",
            b"\0",
            b"\n",
            b" ",
            b"a",
            b"o\xE2",
            "Th«ng".as_bytes(),
            "á»".as_bytes(),
            "Việt".as_bytes(),
            b"\xC3",
        ];
        for round in 0..3000 {
            let len = (next() % 40) as usize;
            let mut input = Vec::new();
            for _ in 0..len {
                let r = next();
                if r % 3 == 0 {
                    input.extend_from_slice(pieces[(r >> 8) as usize % pieces.len()]);
                } else {
                    input.push((r >> 16) as u8);
                }
            }
            if round % 7 == 0 {
                input = utf16(
                    &String::from_utf8_lossy(&input),
                    round % 2 == 0,
                    round % 3 == 0,
                );
            }
            for e in Encoding::ALL {
                let d = decode(&input, e);
                check_map(&input, &d);
            }
        }
    }

    #[test]
    fn large_input_is_linear() {
        // 1 MiB of pasted TCVN3 in one line, and of plain Vietnamese: both decode quickly.
        let line = paste(&enc_tcvn3(SENTENCES[4]));
        let big: String = std::iter::repeat_n(line.as_str(), (1 << 20) / line.len())
            .collect::<Vec<_>>()
            .join(" ");
        let d = decode(big.as_bytes(), Encoding::Auto);
        assert_eq!(d.repair, Some("tcvn3"));
        check_map(big.as_bytes(), &d);
        let plain = VIETNAMESE[0].repeat((1 << 20) / VIETNAMESE[0].len());
        assert!(decode(plain.as_bytes(), Encoding::Auto).map.is_none());
    }

    /// Cross-check the tables against glibc iconv when it is installed (skipped otherwise).
    #[test]
    fn tables_match_iconv() {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let iconv = |from: &str, bytes: &[u8]| -> Option<String> {
            let mut child = Command::new("iconv")
                .args(["-f", from, "-t", "UTF-8"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .ok()?;
            child.stdin.take()?.write_all(bytes).ok()?;
            let out = child.wait_with_output().ok()?;
            out.status
                .success()
                .then(|| String::from_utf8(out.stdout).ok())?
        };
        if iconv("VISCII", b"a").is_none() {
            eprintln!("iconv with VISCII not available; skipping");
            return;
        }
        let sep = |b: u8| [b, b'\n'];
        let check = |name: &str, bytes: Vec<u8>, enc: Encoding| {
            let Some(theirs) = iconv(name, &bytes) else {
                eprintln!("iconv {name} not available; skipping");
                return;
            };
            let ours = decode(&bytes, enc).text;
            let norm = |t: &str| {
                let t: String = t.nfc().collect();
                if enc == Encoding::Tcvn3 {
                    t.to_lowercase()
                } else {
                    t
                }
            };
            assert_eq!(norm(&ours), norm(&theirs), "{name}");
        };
        let tcvn: Vec<u8> = (0xA1..=0xFFu8)
            .filter(|&b| !(0xB0..=0xB4).contains(&b))
            .flat_map(sep)
            .collect();
        check("TCVN5712-1", tcvn, Encoding::Tcvn3);
        let viscii: Vec<u8> = (0x80..=0xFFu8)
            .chain([2, 5, 6, 0x14, 0x19, 0x1E])
            .flat_map(sep)
            .collect();
        check("VISCII", viscii, Encoding::Viscii);
        let cp1258: Vec<u8> = (0x80..=0xFFu8)
            .filter(|b| ![0x81, 0x8A, 0x8D, 0x8E, 0x8F, 0x90, 0x9A, 0x9D, 0x9E].contains(b))
            .flat_map(|b| [b'a', b, b'\n'])
            .collect();
        check("CP1258", cp1258, Encoding::Cp1258);
        for s in SENTENCES {
            check("CP1258", enc_cp1258(s), Encoding::Cp1258);
            check("VISCII", enc_viscii(s), Encoding::Viscii);
            check("TCVN5712-1", enc_tcvn3(s), Encoding::Tcvn3);
        }
    }
}
