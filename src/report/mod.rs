//! The one output model and its printers.
//!
//! # JSON contract
//!
//! `--format jsonl` prints one [`Record`] per input document or record, in input order;
//! `--format json` prints `{"results": [Record…], "summary": Summary}`. Fields are snake_case,
//! enums lowercase. A record that could not be processed has `error` set and `verdict`
//! `"none"`. Evidence `start`/`end` are byte offsets into the input as given, and `text` is
//! exactly those bytes (invalid UTF-8 shown as U+FFFD).

pub mod human;

use crate::normalize::NormalizationReport;
use crate::score::Verdict;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// File path, or `-` for standard input.
    pub path: String,
    /// 1-based line for records read from `lines` or `jsonl` input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

/// A scheme recognised in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemeResult {
    /// `sextortion_social`, `deepfake_extortion` or `postal_usdt_letter`.
    pub id: String,
    /// Display name in the output language.
    pub name: String,
    /// Sum of the points of the elements present.
    pub score: f64,
    /// The level this scheme reached.
    pub verdict: Verdict,
    /// Story elements of the scheme found in the text.
    pub elements_present: Vec<String>,
    /// Story elements of the scheme not found.
    pub elements_missing: Vec<String>,
}

/// One piece of evidence: a signal hit, as a span of the original input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Signal id.
    pub signal: String,
    /// The story element the signal is evidence of.
    pub element: String,
    /// Byte offset of the start in the input.
    pub start: usize,
    /// Byte offset of the end in the input.
    pub end: usize,
    /// The input bytes `start..end`.
    pub text: String,
    /// The signal's weight.
    pub weight: f64,
}

/// Advice to the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdviceItem {
    /// Advice id.
    pub id: String,
    /// The advice in the output language.
    pub text: String,
}

/// Points one signal gave to a scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalPoints {
    /// Signal id.
    pub signal: String,
    /// Its element.
    pub element: String,
    /// Points.
    pub points: f64,
}

/// The reasoning of one scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemeExplanation {
    /// Scheme id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Whether it is one of the advisory's schemes (reported in `schemes`).
    pub listed: bool,
    /// Level reached before caps.
    pub verdict: Verdict,
    /// Score.
    pub score: f64,
    /// Elements present.
    pub elements_present: Vec<String>,
    /// Elements missing.
    pub elements_missing: Vec<String>,
    /// Points per signal.
    pub signals: Vec<SignalPoints>,
}

/// Why the verdict is what it is (`--explain`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// Strength of every element that had a hit.
    pub elements: BTreeMap<String, f64>,
    /// Every scheme, listed or not.
    pub schemes: Vec<SchemeExplanation>,
    /// Caps that lowered the verdict.
    pub caps_applied: Vec<String>,
}

/// One result: the JSON object printed per document or record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The input id (same JSON type as in the input), or the line number, or the path.
    pub id: serde_json::Value,
    /// Where it came from.
    pub source: Source,
    /// The verdict.
    pub verdict: Verdict,
    /// The highest scheme score.
    pub score: f64,
    /// Schemes recognised: those at medium or high, and a scheme whose own level is low
    /// (a stranger's first approach) when the record is at least low.
    pub schemes: Vec<SchemeResult>,
    /// Evidence, in input order.
    pub evidence: Vec<Evidence>,
    /// Advice for the reader.
    pub advice: Vec<AdviceItem>,
    /// What normalization repaired.
    pub normalization: NormalizationReport,
    /// Wallets, e-mails, phones, URLs, handles, amounts and deadlines found, with spans into
    /// the input, normalised values, and checksum validity and network for wallets.
    #[serde(default)]
    pub indicators: crate::indicators::Indicators,
    /// The reasoning, with `--explain`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub explain: Option<Explanation>,
    /// Set when the record could not be processed, or was cut to --max-record-bytes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
    /// The full length in bytes of a record that was cut to --max-record-bytes and
    /// classified on its first part.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub truncated_from: Option<u64>,
}

impl Record {
    /// An error record: nothing was classified.
    pub fn error(id: serde_json::Value, source: Source, message: String) -> Record {
        Record {
            id,
            source,
            verdict: Verdict::None,
            score: 0.0,
            schemes: Vec::new(),
            evidence: Vec::new(),
            advice: Vec::new(),
            normalization: NormalizationReport::default(),
            indicators: Default::default(),
            explain: None,
            error: Some(message),
            truncated_from: None,
        }
    }
}

/// Counts over a run, printed with `--format json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Records read.
    pub records: u64,
    /// Records per verdict.
    pub verdicts: BTreeMap<String, u64>,
    /// Records per scheme.
    pub schemes: BTreeMap<String, u64>,
    /// Records at or above `--fail-on`.
    pub flagged: u64,
    /// Error records.
    pub errors: u64,
    /// Input bytes read.
    pub bytes: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Input megabytes (10^6 bytes) per second.
    pub mb_per_s: f64,
    /// Records per second.
    pub records_per_s: f64,
}

impl Summary {
    /// Record the bytes read and the time taken.
    pub fn set_throughput(&mut self, bytes: u64, elapsed: std::time::Duration) {
        let secs = elapsed.as_secs_f64();
        self.bytes = bytes;
        self.seconds = (secs * 1000.0).round() / 1000.0;
        let secs = secs.max(1e-9);
        self.mb_per_s = crate::score::round2(bytes as f64 / 1e6 / secs);
        self.records_per_s = (self.records as f64 / secs).round();
    }

    /// A few lines for people (`--summary`).
    pub fn to_human(&self) -> String {
        let verdicts: Vec<String> = self
            .verdicts
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let schemes: Vec<String> = self
            .schemes
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        format!(
            "canhgiac: {} records ({} flagged, {} errors): {}\ncanhgiac: schemes: {}\ncanhgiac: {} bytes in {:.2} s: {:.2} MB/s, {:.0} records/s",
            self.records,
            self.flagged,
            self.errors,
            if verdicts.is_empty() {
                "-".to_string()
            } else {
                verdicts.join(", ")
            },
            if schemes.is_empty() {
                "-".to_string()
            } else {
                schemes.join(", ")
            },
            self.bytes,
            self.seconds,
            self.mb_per_s,
            self.records_per_s
        )
    }

    /// Count one record. A record cut to `--max-record-bytes` is counted both as an error
    /// and by its verdict.
    pub fn add(&mut self, r: &Record, fail_on: Verdict) {
        self.records += 1;
        if r.error.is_some() {
            self.errors += 1;
            if r.truncated_from.is_none() {
                return;
            }
        }
        *self.verdicts.entry(r.verdict.to_string()).or_default() += 1;
        for s in &r.schemes {
            *self.schemes.entry(s.id.clone()).or_default() += 1;
        }
        if r.verdict >= fail_on {
            self.flagged += 1;
        }
    }
}
