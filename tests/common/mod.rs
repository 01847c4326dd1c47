//! Shared helpers for the integration tests: running the built binary, and the JSON output
//! contract mirrored as typed structs.
//!
//! The structs repeat the documented JSON (see `src/report/mod.rs`, "JSON contract") instead of
//! reusing the library's types, and deny unknown fields: a field added to the output without
//! being added here (and to the documentation) fails the tests, as does a renamed one.

#![allow(dead_code)]

use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The binary under test, with a clean environment for color decisions.
///
/// `CANHGIAC_BIN`, when set, names another binary to test (`.ci/run` points the heavy cases
/// of `tests/bad_input.rs` at the release build).
pub fn canhgiac() -> Command {
    let bin =
        std::env::var_os("CANHGIAC_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_canhgiac").into());
    let mut cmd = Command::new(bin);
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null());
    cmd
}

/// A temporary directory, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("create a temporary directory")
}

/// Write `bytes` to `name` in `dir`.
pub fn write(dir: &tempfile::TempDir, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.path().join(name), bytes).unwrap();
}

/// A valid user rule file with one signal; tests replace its `keywords` line.
pub const SIGNAL_OK: &str = "[[signal]]\nid = \"user-signal\"\nelement = \"threat_spread\"\n\
description = { vi = \"x\", en = \"x\" }\nkeywords = [\"rao khắp chợ\"]\n";

/// Scan one JSON value as a one-line `--input jsonl` stream.
pub fn scan_json_line(line: &serde_json::Value) -> Output {
    run_stdin(
        &["scan", "--input", "jsonl", "--format", "jsonl"],
        format!("{line}\n").as_bytes(),
    )
}

/// Run `cmd` with `input` on standard input and collect its output.
pub fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn canhgiac");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Write from a thread so that a large output cannot deadlock against a full input pipe.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for canhgiac");
    writer.join().unwrap();
    out
}

/// Run `canhgiac ARGS` with `input` on standard input.
pub fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    run_with_stdin(canhgiac().args(args), input)
}

/// Run `canhgiac ARGS` in `dir` with no standard input.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    canhgiac()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run canhgiac")
}

/// The exit code; a death by signal fails the test.
pub fn code(out: &Output) -> i32 {
    out.status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {:?}\n{}", out.status, stderr(out)))
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Standard output as text (it must be UTF-8).
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// Parse `--format jsonl` output: one record per line.
pub fn records(out: &Output) -> Vec<Record> {
    stdout(out)
        .lines()
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("output line {} is not a record: {e}\n{l}", i + 1))
        })
        .collect()
}

/// Parse `--format json` output.
pub fn document(out: &Output) -> Document {
    let text = stdout(out);
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("output is not a json document: {e}\n{text}"))
}

/// Parse the one record of a single-document `--format jsonl` run.
pub fn one_record(out: &Output) -> Record {
    let mut rs = records(out);
    assert_eq!(rs.len(), 1, "expected one record; stderr: {}", stderr(out));
    rs.pop().unwrap()
}

/// Risk verdict, lowercase on the wire, ordered `none < low < medium < high`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    None,
    Low,
    Medium,
    High,
}

/// `--format json`: `{"results": [...], "summary": {...}}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub results: Vec<Record>,
    pub summary: Summary,
}

/// Counts over a run.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub records: u64,
    pub verdicts: BTreeMap<Verdict, u64>,
    pub schemes: BTreeMap<String, u64>,
    pub flagged: u64,
    pub errors: u64,
    pub bytes: u64,
    pub seconds: f64,
    pub mb_per_s: f64,
    pub records_per_s: f64,
}

/// One result per input document or record.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub id: serde_json::Value,
    pub source: Source,
    pub verdict: Verdict,
    pub score: f64,
    pub schemes: Vec<Scheme>,
    pub evidence: Vec<Evidence>,
    pub advice: Vec<Advice>,
    pub normalization: Normalization,
    #[serde(default)]
    pub explain: Option<Explain>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub truncated_from: Option<u64>,
    pub indicators: Indicators,
}

/// Indicators of one record: every kind present, possibly empty.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicators {
    pub wallets: Vec<Indicator>,
    pub emails: Vec<Indicator>,
    pub phones: Vec<Indicator>,
    pub urls: Vec<Indicator>,
    pub handles: Vec<Indicator>,
    pub amounts: Vec<Indicator>,
    pub deadlines: Vec<Indicator>,
}

/// One indicator: a span of the input with its canonical form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub value: String,
    pub normalized: String,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub valid: Option<bool>,
    #[serde(default)]
    pub network: Option<String>,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub path: String,
    #[serde(default)]
    pub line: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    pub id: String,
    pub name: String,
    pub score: f64,
    pub verdict: Verdict,
    pub elements_present: Vec<String>,
    pub elements_missing: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub signal: String,
    pub element: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub weight: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advice {
    pub id: String,
    pub text: String,
}

/// What normalization repaired; counts are never negative.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Normalization {
    #[serde(default)]
    pub encoding_repair: Option<String>,
    pub invalid_utf8: u64,
    pub hidden_chars: u64,
    pub hidden_in_words: u64,
    pub homoglyphs: u64,
    pub compatibility_forms: u64,
    pub joined_letter_runs: u64,
    pub leet_chars: u64,
    pub symbols_in_words: u64,
    pub repeated_letters: u64,
    pub abbreviations: u64,
    pub hyphenations_joined: u64,
}

/// `--explain`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explain {
    pub elements: BTreeMap<String, f64>,
    pub schemes: Vec<SchemeExplain>,
    pub caps_applied: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemeExplain {
    pub id: String,
    pub name: String,
    pub listed: bool,
    pub verdict: Verdict,
    pub score: f64,
    pub elements_present: Vec<String>,
    pub elements_missing: Vec<String>,
    pub signals: Vec<SignalPoints>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalPoints {
    pub signal: String,
    pub element: String,
    pub points: f64,
}

/// A sextortion message written for these tests: a recording, a sum, a deadline and a threat
/// to send it to the family. Every version of the rules must rate it high.
pub const EXTORTION_VI: &str = "Tôi có video anh khỏa thân khi gọi video với tôi tối qua. \
Nếu không chuyển 50 triệu vào tài khoản của tôi trong 24 giờ, tôi sẽ gửi clip cho vợ và đồng nghiệp của anh.";

/// An everyday message with nothing suspicious in it.
pub const BENIGN_VI: &str =
    "Chiều nay con đón bà ở bến xe lúc 5 giờ nhé, nhớ mang áo mưa vì trời sắp mưa.";
