//! The sample documents in `examples/`: every file classifies without error, the news warning
//! and the family chat stay below medium, and the letter, the chat, the SMS and the English
//! e-mail are rated medium or high and name the scheme they illustrate. The advisory itself (`../shared/advisory/advisory-vi.txt`,
//! skipped with a note when absent) talks about the schemes and must not be rated high.
//!
//! A new file in `examples/` must be added to [`EXPECTED`], so that every sample has a stated
//! expectation.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// Each example, the range its verdict must fall in, and the scheme it illustrates.
const EXPECTED: &[(&str, Verdict, Verdict, Option<&str>)] = &[
    ("chat-benign.txt", Verdict::None, Verdict::Low, None),
    ("news-warning.txt", Verdict::None, Verdict::Low, None),
    (
        "chat-sextortion.txt",
        Verdict::Medium,
        Verdict::High,
        Some("sextortion_social"),
    ),
    (
        "email-sextortion-en.txt",
        Verdict::Medium,
        Verdict::High,
        Some("sextortion_social"),
    ),
    (
        "letter-postal-usdt.txt",
        Verdict::Medium,
        Verdict::High,
        Some("postal_usdt_letter"),
    ),
    (
        "sms-deepfake.txt",
        Verdict::Medium,
        Verdict::High,
        Some("deepfake_extortion"),
    ),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn example_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_example_has_an_expectation() {
    let names: Vec<String> = example_files()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut expected: Vec<&str> = EXPECTED.iter().map(|e| e.0).collect();
    expected.sort();
    assert_eq!(names, expected, "examples/ and EXPECTED differ");
}

#[test]
fn examples_classify_as_expected() {
    let files = example_files();
    let out = canhgiac()
        .current_dir(root())
        .args(["--format", "jsonl"])
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(
        code(&out),
        1,
        "some examples are flagged, none fails: {}",
        stderr(&out)
    );
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    let rs = records(&out);
    assert_eq!(rs.len(), files.len());
    let mut wrong = Vec::new();
    for (path, r) in files.iter().zip(&rs) {
        let name = path.file_name().unwrap().to_str().unwrap();
        assert_eq!(r.source.path, path.display().to_string());
        assert!(r.error.is_none(), "{name}: {:?}", r.error);
        let (_, lo, hi, scheme) = EXPECTED
            .iter()
            .find(|e| e.0 == name)
            .unwrap_or_else(|| panic!("{name} has no expectation"));
        if r.verdict < *lo || r.verdict > *hi {
            wrong.push(format!(
                "{name}: {:?}, expected {lo:?}..={hi:?} (score {})",
                r.verdict, r.score
            ));
        }
        let ids: Vec<&str> = r.schemes.iter().map(|s| s.id.as_str()).collect();
        if let Some(scheme) = scheme
            && !ids.contains(scheme)
        {
            wrong.push(format!("{name}: schemes {ids:?}, expected {scheme}"));
        }
        if scheme.is_none() && !ids.is_empty() {
            wrong.push(format!("{name}: names schemes {ids:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "examples out of range:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_advisory_itself_is_not_rated_high() {
    let path = root()
        .join("..")
        .join("shared")
        .join("advisory")
        .join("advisory-vi.txt");
    if !path.exists() {
        eprintln!("note: {} is absent; skipping", path.display());
        return;
    }
    let out = canhgiac()
        .args(["--format", "jsonl"])
        .arg(&path)
        .output()
        .unwrap();
    let r = one_record(&out);
    assert!(r.error.is_none(), "{:?}", r.error);
    assert!(
        r.verdict < Verdict::High,
        "the police advisory is rated {:?} (score {})",
        r.verdict,
        r.score
    );
}
