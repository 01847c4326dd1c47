//! Decode input bytes into Unicode text, with a map back to the original bytes.
//!
//! STUB: only UTF-8 (lossy) for now; legacy encodings come with issue 3.

/// Which encoding to read the input as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Detect: UTF-8, UTF-16 with BOM, legacy Vietnamese encodings, mojibake.
    #[default]
    Auto,
    /// UTF-8; invalid bytes become U+FFFD.
    Utf8,
}

/// Text decoded from input bytes.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The decoded Unicode text.
    pub text: String,
    /// `None` when `text` is byte-for-byte the input. Otherwise `text.len() + 1` entries:
    /// entry `i` is the input offset where the character containing text byte `i` starts;
    /// the last entry is the input length. Monotone non-decreasing.
    pub map: Option<Vec<u32>>,
    /// The repair applied, if any (e.g. `"tcvn3"`, `"utf8_as_latin1"`).
    pub repair: Option<&'static str>,
    /// How many invalid UTF-8 sequences were replaced by U+FFFD.
    pub invalid_sequences: usize,
}

impl Decoded {
    /// Map a byte offset in `text` (a char boundary, or `text.len()`) to an input offset.
    pub fn to_input(&self, pos: usize) -> usize {
        match &self.map {
            None => pos,
            Some(m) => m[pos] as usize,
        }
    }
}

/// Decode `input` as `encoding`.
pub fn decode(input: &[u8], encoding: Encoding) -> Decoded {
    let _ = encoding;
    match std::str::from_utf8(input) {
        Ok(s) => Decoded { text: s.to_owned(), map: None, repair: None, invalid_sequences: 0 },
        Err(_) => {
            let mut text = String::with_capacity(input.len() + 8);
            let mut map = Vec::with_capacity(input.len() + 8);
            let mut invalid = 0;
            for chunk in input.utf8_chunks() {
                let base = chunk.valid().as_ptr() as usize - input.as_ptr() as usize;
                for (i, _) in chunk.valid().char_indices() {
                    let _ = i;
                }
                for (i, b) in chunk.valid().bytes().enumerate() {
                    let _ = b;
                    map.push((base + i) as u32);
                }
                text.push_str(chunk.valid());
                if !chunk.invalid().is_empty() {
                    invalid += 1;
                    let at = (base + chunk.valid().len()) as u32;
                    text.push('\u{FFFD}');
                    map.extend([at, at, at]);
                }
            }
            map.push(input.len() as u32);
            Decoded { text, map: Some(map), repair: None, invalid_sequences: invalid }
        }
    }
}

impl std::str::FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(Encoding::Auto),
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            _ => Err(format!("unknown encoding `{s}` (auto, utf-8)")),
        }
    }
}
