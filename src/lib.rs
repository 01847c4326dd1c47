//! canhgiac ("cảnh giác", *stay vigilant*) classifies Vietnamese scam and extortion messages
//! and letters against the three schemes of the Lạng Sơn police advisory of 4 December 2024:
//! social-media sextortion, deepfake extortion by message, and postal letters demanding USDT.
//!
//! Data flows one way: bytes → [`decode`] → [`normalize`] (a match view with an offset map) →
//! [`matcher`] (one Aho-Corasick automaton and a regex set) → [`score`] (signals → story
//! elements → schemes → verdict) → [`advice`] → a [`report::Record`].
//!
//! ```
//! use canhgiac::{Classifier, RuleSet, Verdict};
//!
//! let classifier = Classifier::new(RuleSet::builtin().unwrap()).unwrap();
//! let text = "Tôi có video anh khỏa thân khi gọi video với tôi. Nếu không chuyển 50 triệu \
//!             trong 24 giờ, tôi sẽ gửi cho vợ và đồng nghiệp của anh.";
//! let a = classifier.assess(text.as_bytes());
//! assert_eq!(a.verdict, Verdict::High);
//! assert!(a.schemes.iter().any(|s| s.id == "sextortion_social"));
//! // Evidence spans point into the input.
//! for e in &a.evidence {
//!     assert_eq!(&text[e.start..e.end], e.text);
//! }
//! ```

pub mod advice;
pub mod batch;
pub mod decode;
pub mod eval;
pub mod indicators;
pub mod invariants;
pub mod limits;
pub mod matcher;
pub mod normalize;
pub mod redact;
pub mod report;
pub mod rules;
pub mod score;

pub use decode::Encoding;
pub use report::Record;
pub use rules::{Lang, RuleSet};
pub use score::Verdict;

use report::{AdviceItem, Evidence, Explanation, SchemeResult};
use std::path::{Path, PathBuf};

/// Errors of the library, each naming the place it concerns.
#[derive(Debug)]
pub enum Error {
    /// A rule file is invalid.
    Rule(Box<rules::RuleError>),
    /// Compiling the rules failed (a size limit).
    Compile(matcher::CompileError),
    /// Reading a file failed.
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Rule(e) => write!(f, "{e}"),
            Error::Compile(e) => write!(f, "compiling rules: {e}"),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<rules::RuleError> for Error {
    fn from(e: rules::RuleError) -> Self {
        Error::Rule(Box::new(e))
    }
}

/// Options that change what an assessment contains.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Language of names and advice.
    pub lang: Lang,
    /// Include the per-scheme reasoning.
    pub explain: bool,
    /// How to decode input bytes.
    pub encoding: Encoding,
}

/// The assessment of one text.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// The verdict.
    pub verdict: Verdict,
    /// Highest scheme score.
    pub score: f64,
    /// Schemes recognised.
    pub schemes: Vec<SchemeResult>,
    /// Evidence spans in the input.
    pub evidence: Vec<Evidence>,
    /// Advice.
    pub advice: Vec<AdviceItem>,
    /// What normalization repaired.
    pub normalization: normalize::NormalizationReport,
    /// Reasoning (with [`Options::explain`]).
    pub explain: Option<Explanation>,
    /// Wallets, e-mails, phones, URLs, handles, amounts and deadlines, as spans of the input.
    pub indicators: indicators::Indicators,
}

/// At most this many evidence items per signal are reported (all hits still count once).
const EVIDENCE_PER_SIGNAL: usize = 3;

/// The indicators of decoded text, with spans and values in the input as given.
fn indicators_in(input: &[u8], decoded: &decode::Decoded) -> indicators::Indicators {
    indicators_to_input(indicators::extract(&decoded.text), input, decoded)
}

/// Map indicators found in decoded text to spans and values of the input as given.
fn indicators_to_input(
    mut found: indicators::Indicators,
    input: &[u8],
    decoded: &decode::Decoded,
) -> indicators::Indicators {
    for list in found.lists_mut() {
        for ind in list.iter_mut() {
            ind.start = decoded.to_input(ind.start);
            ind.end = decoded.to_input(ind.end).max(ind.start);
            if decoded.map.is_some() {
                ind.value = String::from_utf8_lossy(&input[ind.start..ind.end]).into_owned();
            }
        }
    }
    found
}

/// Decode `input` and extract its indicators, spans pointing into `input` (no classification).
pub fn extract_indicators(input: &[u8], encoding: Encoding) -> indicators::Indicators {
    indicators_in(input, &decode::decode(input, encoding))
}

/// How many distinct texts each signal matched: a hit counts when its text is new for the
/// signal and it overlaps none of the hits already counted ("mọi người ơi" is one cue, not
/// two).
fn distinct_counts(hits: &[matcher::Hit], view: &normalize::MatchView, n: usize) -> Vec<usize> {
    let mut seen: Vec<Vec<(&str, usize, usize)>> = vec![Vec::new(); n];
    for h in hits {
        let t = &view.text[h.start..h.end];
        let counted = &mut seen[h.signal];
        if !counted
            .iter()
            .any(|&(x, s, e)| x == t || (h.start < e && s < h.end))
        {
            counted.push((t, h.start, h.end));
        }
    }
    seen.iter().map(Vec::len).collect()
}

/// A compiled rule set, ready to classify texts. Cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Classifier {
    rules: RuleSet,
    matcher: matcher::Matcher,
    obfuscation_signal: Option<usize>,
}

/// The signal id that the classifier itself raises when a keyword of an attack element was
/// found only through de-obfuscation (hidden characters, look-alike letters, leetspeak,
/// spaced letters). A rule set opts in by defining a signal with this id.
pub const OBFUSCATION_SIGNAL: &str = "obfuscated-keyword";

/// Elements of counter-signals: disguising them is no sign of an attack.
pub(crate) const COUNTER_ELEMENTS: &[&str] = &[
    "about_scam",
    "victim_report",
    "legit_trade",
    "brand",
    "known_partner",
];

impl Classifier {
    /// Compile `rules`.
    ///
    /// # Errors
    /// When a limit of [`limits`] is exceeded.
    pub fn new(rules: RuleSet) -> Result<Classifier, Error> {
        limits::check_counts(&rules).map_err(Error::Compile)?;
        let matcher = matcher::Matcher::new(&rules).map_err(Error::Compile)?;
        limits::check_automaton(matcher.heap_bytes()).map_err(Error::Compile)?;
        let obfuscation_signal = rules
            .signals
            .iter()
            .position(|s| s.id == OBFUSCATION_SIGNAL);
        Ok(Classifier {
            rules,
            matcher,
            obfuscation_signal,
        })
    }

    /// The rule set.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Assess input bytes with default options.
    pub fn assess(&self, input: &[u8]) -> Assessment {
        self.assess_with(input, &Options::default())
    }

    /// Which signals hit `text` (used by the rule checker).
    pub fn signal_hits(&self, text: &str) -> Vec<usize> {
        let mut r = normalize::NormalizationReport::default();
        let (_, hits) = self.find_hits(text, &indicators::masks(text), &mut r);
        let mut v: Vec<usize> = hits.iter().map(|h| h.signal).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Normalize decoded `text` and find every signal hit, including the
    /// [`OBFUSCATION_SIGNAL`] for keywords that were deliberately disguised.
    fn find_hits(
        &self,
        text: &str,
        masks: &[normalize::Mask],
        report: &mut normalize::NormalizationReport,
    ) -> (normalize::MatchView, Vec<matcher::Hit>) {
        let view = normalize::match_view(text, masks, report);
        let mut hits = self.matcher.find(&view, text);
        if let Some(obf) = self.obfuscation_signal {
            let disguised: Vec<matcher::Hit> = hits
                .iter()
                .filter(|h| {
                    !COUNTER_ELEMENTS.contains(&self.rules.signals[h.signal].element.as_str())
                        && view.is_obfuscated(h.start, h.end)
                })
                .map(|h| matcher::Hit { signal: obf, ..*h })
                .collect();
            hits.extend(disguised);
            hits.sort_by_key(|h| (h.start, h.end, h.signal));
            hits.dedup();
        }
        (view, hits)
    }

    /// Assess input bytes.
    pub fn assess_with(&self, input: &[u8], opts: &Options) -> Assessment {
        let decoded = decode::decode(input, opts.encoding);
        let mut report = normalize::NormalizationReport {
            encoding_repair: decoded.repair.map(str::to_string),
            invalid_utf8: decoded.invalid_sequences,
            ..Default::default()
        };
        let text = decoded.text.as_str();
        // Indicators first: their e-mails, URLs and wallets are also the view's masks.
        let found_decoded = indicators::extract(text);
        let (view, hits) =
            self.find_hits(text, &indicators::masks_from(&found_decoded), &mut report);
        let scored = score::score(
            &self.rules,
            &distinct_counts(&hits, &view, self.rules.signals.len()),
            opts.lang,
            opts.explain,
        );

        let mut evidence = Vec::new();
        let mut per_signal = vec![0usize; self.rules.signals.len()];
        for h in &hits {
            if per_signal[h.signal] >= EVIDENCE_PER_SIGNAL {
                continue;
            }
            per_signal[h.signal] += 1;
            let (a, b) = view.source_span(h.start, h.end);
            let (start, end) = (decoded.to_input(a), decoded.to_input(b));
            let sig = &self.rules.signals[h.signal];
            evidence.push(Evidence {
                signal: sig.id.clone(),
                element: sig.element.clone(),
                start,
                end,
                text: String::from_utf8_lossy(&input[start..end]).into_owned(),
                weight: sig.weight,
            });
        }
        evidence.sort_by(|a, b| (a.start, a.end, &a.signal).cmp(&(b.start, b.end, &b.signal)));
        let advice = advice::select(&self.rules, scored.verdict, &scored.schemes, opts.lang);
        let found = indicators_to_input(found_decoded, input, &decoded);
        Assessment {
            verdict: scored.verdict,
            score: scored.score,
            schemes: scored.schemes,
            evidence,
            advice,
            normalization: report,
            explain: scored.explanation,
            indicators: found,
        }
    }

    /// Assess and wrap into an output record.
    pub fn record(
        &self,
        id: serde_json::Value,
        source: report::Source,
        input: &[u8],
        opts: &Options,
    ) -> Record {
        let a = self.assess_with(input, opts);
        Record {
            id,
            source,
            verdict: a.verdict,
            score: a.score,
            schemes: a.schemes,
            evidence: a.evidence,
            advice: a.advice,
            normalization: a.normalization,
            explain: a.explain,
            indicators: a.indicators,
            error: None,
            truncated_from: None,
        }
    }
}

/// Test support: write `want` to the generated file `path` when `CANHGIAC_BLESS` is set, then
/// fail unless the file holds exactly `want` (the start-up caches of the matcher and of
/// normalization).
#[cfg(test)]
pub(crate) fn assert_generated_file_fresh(path: &str, want: &str) {
    if std::env::var_os("CANHGIAC_BLESS").is_some() {
        std::fs::write(path, want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "{path} is stale: run `CANHGIAC_BLESS=1 cargo test --lib cache_is_fresh` (a stale \
         cache only slows start-up)"
    );
}
