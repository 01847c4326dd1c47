//! Throughput of the library's stages over a JSONL dump, on one thread (a manual benchmark,
//! never a timed test).
//!
//! ```text
//! cargo bench --bench throughput -- <normalize|classify|all> <FILE.jsonl> [--repeat N]
//! ```
//!
//! The dump (for example from `scripts/gen_dump.py`) is read fully into memory and parsed with
//! serde_json before the clock starts; records without a string `text` field are skipped. Then,
//! on the calling thread:
//!
//! - `normalize`: [`canhgiac::decode::decode`] and [`canhgiac::normalize::match_view`] (with
//!   [`canhgiac::indicators::masks`]) over every record's text;
//! - `classify`: [`Classifier::new`] on the built-in rules once (timed apart), then
//!   [`Classifier::assess`] over every text;
//! - `all`: both, one after the other.
//!
//! Each stage prints a human line and a `key=value` line (for `scripts/bench.sh`): records,
//! text bytes (MB = 10^6 bytes, of the texts only, not of the JSON), seconds, MB/s and
//! records/s. With `--repeat N` the stage runs N times and the fastest pass is reported.
//!
//! Run without a file (as `cargo bench` with no arguments does), it prints its usage and exits
//! successfully, so it never fails a plain `cargo bench`.

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use canhgiac::decode::{Encoding, decode};
use canhgiac::normalize::{NormalizationReport, match_view};
use canhgiac::{Classifier, RuleSet, indicators};

const USAGE: &str =
    "usage: cargo bench --bench throughput -- <normalize|classify|all> <FILE.jsonl> [--repeat N]";

/// The texts of a dump and their total size.
struct Dump {
    texts: Vec<String>,
    bytes: usize,
}

fn load(path: &str) -> Result<Dump, String> {
    let raw = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let mut texts = Vec::new();
    for (i, line) in raw.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_slice(line).map_err(|e| format!("{path}:{}: {e}", i + 1))?;
        if let Some(serde_json::Value::String(t)) = v.get("text") {
            texts.push(t.clone());
        }
    }
    let bytes = texts.iter().map(String::len).sum();
    Ok(Dump { texts, bytes })
}

/// Decode and build the match view of every text; returns a checksum of the views.
fn normalize_pass(dump: &Dump) -> usize {
    let mut sum = 0usize;
    for t in &dump.texts {
        let decoded = decode(t.as_bytes(), Encoding::Auto);
        let text = decoded.text.as_str();
        let mut report = NormalizationReport::default();
        let view = match_view(text, &indicators::masks(text), &mut report);
        sum = sum.wrapping_add(view.text.len());
        black_box(&view);
    }
    sum
}

/// Assess every text; returns how many reached `medium` or above.
fn classify_pass(dump: &Dump, classifier: &Classifier) -> usize {
    dump.texts
        .iter()
        .filter(|t| {
            let a = classifier.assess(black_box(t.as_bytes()));
            black_box(&a);
            a.verdict >= canhgiac::Verdict::Medium
        })
        .count()
}

/// Run `pass` `repeat` times and return the fastest duration and the pass's result.
fn timed(repeat: u32, mut pass: impl FnMut() -> usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut result = 0;
    for _ in 0..repeat.max(1) {
        let t0 = Instant::now();
        result = black_box(pass());
        best = best.min(t0.elapsed());
    }
    (best, result)
}

fn report(stage: &str, dump: &Dump, elapsed: Duration, extra: &str) {
    let secs = elapsed.as_secs_f64().max(1e-9);
    let mb_s = dump.bytes as f64 / 1e6 / secs;
    let rec_s = dump.texts.len() as f64 / secs;
    println!(
        "{stage:<9} {:>9} records {:>8.1} MB text  {secs:>8.3} s  {mb_s:>8.2} MB/s  {rec_s:>10.0} records/s{extra}",
        dump.texts.len(),
        dump.bytes as f64 / 1e6,
    );
    println!(
        "bench stage={stage} records={} text_bytes={} seconds={secs:.6} mb_per_s={mb_s:.3} records_per_s={rec_s:.1}",
        dump.texts.len(),
        dump.bytes,
    );
}

fn run(stage: &str, path: &str, repeat: u32) -> Result<(), String> {
    let t0 = Instant::now();
    let dump = load(path)?;
    eprintln!(
        "loaded {} records ({:.1} MB of text) in {:.2} s",
        dump.texts.len(),
        dump.bytes as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );
    if stage == "normalize" || stage == "all" {
        let (d, sum) = timed(repeat, || normalize_pass(&dump));
        report("normalize", &dump, d, &format!("  (view bytes {sum})"));
    }
    if stage == "classify" || stage == "all" {
        let t0 = Instant::now();
        let rules = RuleSet::builtin().map_err(|e| e.to_string())?;
        let classifier = Classifier::new(rules).map_err(|e| e.to_string())?;
        let compile = t0.elapsed();
        let (d, flagged) = timed(repeat, || classify_pass(&dump, &classifier));
        report(
            "classify",
            &dump,
            d,
            &format!(
                "  (flagged {flagged}; rules loaded in {:.1} ms)",
                compile.as_secs_f64() * 1e3
            ),
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    // `cargo bench` appends `--bench`; ignore it and any other flag but `--repeat`.
    let mut positional = Vec::new();
    let mut repeat = 1u32;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) => repeat = n,
                None => {
                    eprintln!("--repeat needs a number\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            s if s.starts_with("--") => {}
            _ => positional.push(a),
        }
    }
    let (stage, path) = match positional.as_slice() {
        [] => {
            eprintln!("throughput: no dump given, nothing to measure\n{USAGE}");
            return ExitCode::SUCCESS;
        }
        [s, p] if matches!(s.as_str(), "normalize" | "classify" | "all") => (s, p),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(stage, path, repeat) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("throughput: {e}");
            ExitCode::FAILURE
        }
    }
}
