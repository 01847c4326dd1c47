//! The JSON output contract, checked with typed structs (`tests/common/mod.rs`) that deny
//! unknown fields, in the manner of ripgrep's `tests/json.rs`: `--format jsonl` prints one
//! record per input document or record, in input order; `--format json` prints
//! `{"results": [...], "summary": {...}}` with consistent counts; evidence `start..end` are byte
//! offsets into the input as given and `text` is exactly those bytes (lossily decoded for
//! invalid UTF-8), on character boundaries whenever the input is valid UTF-8. The span check
//! runs over NFC, NFD, unaccented, zero-width-laden, CRLF, mojibake, Windows-1258, Latin-1,
//! UTF-16 and invalid UTF-8 versions of texts written for these tests.

mod common;

use common::*;
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// A postal-style demand, written for these tests, with a line break inside.
const LETTER_VI: &str = "Gửi ông Hoàng,\nTôi đang giữ ảnh và video nhạy cảm của ông. Chuyển 5.000 USDT vào ví \
TRC20 trong 3 ngày, liên hệ qua hộp thư riêng.\nNếu không, tôi sẽ gửi toàn bộ cho cơ quan và gia đình ông.";

/// [`LETTER_VI`]'s idea in Windows-1258 (base letters plus combining tone marks), produced
/// once with Python's cp1258 codec from a sentence written for these tests.
const CP1258: &[u8] = b"T\xf4i co\xec video \xf4ng kho\xd2a th\xe2n. Chuy\xea\xd2n 5.000 USDT va\xcco vi\xec trong 3 \
nga\xccy, n\xea\xecu kh\xf4ng t\xf4i se\xde g\xfd\xd2i a\xd2nh cho c\xf5 quan cu\xd2a \xf4ng.";

/// Drop diacritics the way people type without a Vietnamese keyboard.
fn unaccented(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// Insert a zero-width or invisible character inside a few words.
fn with_hidden_chars(s: &str) -> String {
    s.replacen("video", "vi\u{200B}deo", 1)
        .replacen("chuyển", "chu\u{200C}yển", 1)
        .replacen("triệu", "tri\u{00AD}ệu", 1)
        .replacen("gửi", "g\u{2060}ửi", 1)
        .replacen("Nếu", "\u{FEFF}Nếu", 1)
}

/// UTF-8 bytes misread as Latin-1 and saved again as UTF-8.
fn mojibake(s: &str) -> String {
    s.bytes().map(char::from).collect()
}

/// The texts of the span test: (file name, bytes, must be rated at least medium).
fn variants() -> Vec<(&'static str, Vec<u8>, bool)> {
    let multi_line = format!("{EXTORTION_VI}\n{LETTER_VI}");
    let mut invalid = EXTORTION_VI.as_bytes().to_vec();
    invalid.splice(4..4, *b"\xff");
    invalid.extend_from_slice(b"\n\xe1\xbb tr\xc3\xa1 \xed\xa0\x80 ");
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(EXTORTION_VI.encode_utf16().flat_map(u16::to_le_bytes));
    let latin1: Vec<u8> =
        "Tôi có video anh khỏa thân. Nếu không chuyển 50 triệu ngay, tôi sẽ gửi cho vợ anh."
            .chars()
            .map(|c| if (c as u32) < 256 { c as u8 } else { b'?' })
            .collect();
    vec![
        (
            "nfc.txt",
            multi_line.nfc().collect::<String>().into_bytes(),
            true,
        ),
        (
            "nfd.txt",
            multi_line.nfd().collect::<String>().into_bytes(),
            true,
        ),
        ("unaccented.txt", unaccented(&multi_line).into_bytes(), true),
        (
            "hidden.txt",
            with_hidden_chars(&multi_line).into_bytes(),
            true,
        ),
        (
            "crlf.txt",
            multi_line.replace('\n', "\r\n").into_bytes(),
            true,
        ),
        (
            "bom.txt",
            format!("\u{FEFF}{multi_line}").into_bytes(),
            true,
        ),
        ("mojibake.txt", mojibake(EXTORTION_VI).into_bytes(), false),
        ("cp1258.txt", CP1258.to_vec(), false),
        ("latin1.txt", latin1, false),
        ("utf16le.txt", utf16, false),
        ("invalid-utf8.txt", invalid, true),
    ]
}

/// Check one record against its input bytes; `what` names it in messages.
fn assert_spans(what: &str, input: &[u8], r: &Record) {
    let valid = std::str::from_utf8(input).ok();
    for e in &r.evidence {
        assert!(
            e.start < e.end && e.end <= input.len(),
            "{what}: span {}..{} out of 0..{}",
            e.start,
            e.end,
            input.len()
        );
        assert_eq!(
            e.text,
            String::from_utf8_lossy(&input[e.start..e.end]),
            "{what}: evidence {} at {}..{}",
            e.signal,
            e.start,
            e.end
        );
        if let Some(s) = valid {
            assert!(
                s.is_char_boundary(e.start) && s.is_char_boundary(e.end),
                "{what}: {}..{} splits a character",
                e.start,
                e.end
            );
        }
    }
    let i = &r.indicators;
    for ind in [
        &i.wallets,
        &i.emails,
        &i.phones,
        &i.urls,
        &i.handles,
        &i.amounts,
        &i.deadlines,
    ]
    .into_iter()
    .flatten()
    {
        assert!(
            ind.start <= ind.end && ind.end <= input.len(),
            "{what}: indicator span"
        );
        assert_eq!(
            ind.value,
            String::from_utf8_lossy(&input[ind.start..ind.end]),
            "{what}: indicator {} at {}..{}",
            ind.normalized,
            ind.start,
            ind.end
        );
    }
    let starts: Vec<_> = r.evidence.iter().map(|e| (e.start, e.end)).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted, "{what}: evidence is in input order");
}

/// Invariants every successful record keeps, whatever the input.
fn assert_record_invariants(what: &str, r: &Record) {
    assert!(r.error.is_none(), "{what}: {:?}", r.error);
    assert!(r.score >= 0.0, "{what}: score {}", r.score);
    for s in &r.schemes {
        assert!(
            [
                "sextortion_social",
                "deepfake_extortion",
                "postal_usdt_letter"
            ]
            .contains(&s.id.as_str()),
            "{what}: only the advisory's schemes are reported, not {}",
            s.id
        );
        assert!(
            s.verdict >= Verdict::Medium && s.verdict <= r.verdict,
            "{what}: scheme {} is {:?}",
            s.id,
            s.verdict
        );
        assert!(!s.name.is_empty() && !s.elements_present.is_empty());
        assert!(
            s.elements_present
                .iter()
                .all(|e| !s.elements_missing.contains(e)),
            "{what}: {}",
            s.id
        );
    }
    for e in &r.evidence {
        assert!(
            !e.signal.is_empty() && !e.element.is_empty() && e.weight > 0.0,
            "{what}: {e:?}"
        );
    }
    if r.verdict == Verdict::None {
        assert!(r.schemes.is_empty(), "{what}: no scheme without a verdict");
    }
    if r.verdict >= Verdict::Medium {
        assert!(!r.advice.is_empty(), "{what}: a flagged text gets advice");
    }
    for a in &r.advice {
        assert!(!a.id.is_empty() && !a.text.is_empty());
    }
    if let Some(x) = &r.explain {
        let best = x.schemes.iter().map(|s| s.score).fold(0.0, f64::max);
        assert_eq!(r.score, best, "{what}: score is the highest scheme score");
        for s in &r.schemes {
            let e = x
                .schemes
                .iter()
                .find(|e| e.id == s.id)
                .expect("reported scheme is explained");
            assert!(e.listed);
            assert_eq!(
                (&e.elements_present, e.score),
                (&s.elements_present, s.score),
                "{what}: {}",
                s.id
            );
        }
    }
}

#[test]
fn every_evidence_text_is_the_input_bytes_of_its_span() {
    let dir = tempfile::tempdir().unwrap();
    let variants = variants();
    let mut args = vec!["--format".to_string(), "jsonl".into(), "--explain".into()];
    for (name, bytes, _) in &variants {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        args.push(name.to_string());
    }
    let out = canhgiac()
        .current_dir(dir.path())
        .args(&args)
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let rs = records(&out);
    assert_eq!(rs.len(), variants.len(), "one record per file");
    for ((name, bytes, flagged), r) in variants.iter().zip(&rs) {
        assert_eq!(r.id, serde_json::json!(name), "records in argument order");
        assert_eq!(
            r.source,
            Source {
                path: name.to_string(),
                line: None
            }
        );
        assert_record_invariants(name, r);
        assert_spans(name, bytes, r);
        if *flagged {
            assert!(r.verdict >= Verdict::Medium, "{name}: {:?}", r.verdict);
            assert!(
                !r.evidence.is_empty(),
                "{name}: the span check is not vacuous"
            );
        }
    }
    let by_name: BTreeMap<&str, &Record> = variants.iter().map(|v| v.0).zip(&rs).collect();
    let signals = |n: &str| {
        let mut v: Vec<&str> = by_name[n]
            .evidence
            .iter()
            .map(|e| e.signal.as_str())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    // Unicode normalization form must not change what is found.
    assert_eq!(by_name["nfc.txt"].verdict, by_name["nfd.txt"].verdict);
    assert_eq!(signals("nfc.txt"), signals("nfd.txt"));
    assert_eq!(signals("nfc.txt"), signals("crlf.txt"));
    assert!(
        by_name["hidden.txt"].normalization.hidden_chars >= 5,
        "{:?}",
        by_name["hidden.txt"].normalization
    );
    assert!(by_name["hidden.txt"].normalization.hidden_in_words >= 4);
    assert!(by_name["invalid-utf8.txt"].normalization.invalid_utf8 >= 3);
    for clean in ["nfc.txt", "nfd.txt", "unaccented.txt", "crlf.txt"] {
        assert_eq!(by_name[clean].normalization.invalid_utf8, 0, "{clean}");
        assert_eq!(by_name[clean].normalization.hidden_chars, 0, "{clean}");
    }
}

#[test]
fn jsonl_output_follows_input_order_one_record_per_record() {
    let texts = [
        BENIGN_VI,
        EXTORTION_VI,
        "",
        LETTER_VI,
        "Hello, your parcel is waiting at the post office.",
        "I recorded you through your webcam. Send 0.1 BTC within 48 hours or the video goes to all your contacts.",
        "Mai đi học nhớ mang theo vở bài tập nhé con.",
    ];
    let mut input = String::new();
    for (i, t) in texts.iter().enumerate() {
        input.push_str(&serde_json::json!({"id": format!("m{i}"), "text": t}).to_string());
        input.push('\n');
    }
    let out = run_stdin(
        &["--input", "jsonl", "--format", "jsonl", "--explain"],
        input.as_bytes(),
    );
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let rs = records(&out);
    assert_eq!(rs.len(), texts.len(), "one output record per input record");
    for (i, (t, r)) in texts.iter().zip(&rs).enumerate() {
        assert_eq!(r.id, serde_json::json!(format!("m{i}")));
        assert_eq!(
            r.source,
            Source {
                path: "-".into(),
                line: Some(i as u64 + 1)
            }
        );
        assert_record_invariants(&format!("m{i}"), r);
        // In jsonl input the offsets are into the record's text field.
        assert_spans(&format!("m{i}"), t.as_bytes(), r);
    }
    assert_eq!(rs[0].verdict, Verdict::None);
    assert_eq!(rs[1].verdict, Verdict::High);
    assert_eq!(rs[2].verdict, Verdict::None);
    assert!(
        rs[5].verdict >= Verdict::Medium,
        "the English webcam threat: {:?}",
        rs[5].verdict
    );
}

#[test]
fn json_document_has_results_and_a_consistent_summary() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("a.txt", EXTORTION_VI),
        ("b.txt", BENIGN_VI),
        ("c.txt", LETTER_VI),
        ("d.txt", "Kết bạn với mình nhé, mình cũng thích leo núi."),
    ];
    for (n, t) in files {
        std::fs::write(dir.path().join(n), t).unwrap();
    }
    let args = ["a.txt", "b.txt", "missing.txt", "c.txt", "d.txt"];
    let json = canhgiac()
        .current_dir(dir.path())
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let jsonl = canhgiac()
        .current_dir(dir.path())
        .args(["--format", "jsonl"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(code(&json), 2, "a missing file is an error");
    assert_eq!(code(&jsonl), 2);
    let doc = document(&json);

    // Both formats carry the same records.
    let as_values = |s: &str| -> Vec<serde_json::Value> {
        s.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let doc_value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        doc_value["results"].as_array().unwrap(),
        &as_values(&stdout(&jsonl))
    );

    let ids: Vec<_> = doc.results.iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids, args.map(|a| serde_json::json!(a)));
    let missing = &doc.results[2];
    assert!(
        missing
            .error
            .as_deref()
            .unwrap()
            .starts_with("missing.txt: ")
    );
    assert_eq!((missing.verdict, missing.score), (Verdict::None, 0.0));
    assert!(missing.evidence.is_empty() && missing.schemes.is_empty() && missing.advice.is_empty());

    let s = &doc.summary;
    let ok: Vec<&Record> = doc.results.iter().filter(|r| r.error.is_none()).collect();
    assert_eq!(s.records, doc.results.len() as u64);
    assert_eq!(s.errors, 1);
    assert_eq!(
        s.verdicts.values().sum::<u64>() + s.errors,
        s.records,
        "{:?}",
        s.verdicts
    );
    for (v, n) in &s.verdicts {
        assert_eq!(
            *n,
            ok.iter().filter(|r| r.verdict == *v).count() as u64,
            "verdict {v:?}"
        );
    }
    assert_eq!(
        s.flagged,
        ok.iter().filter(|r| r.verdict >= Verdict::Medium).count() as u64
    );
    assert!(s.flagged >= 1);
    for (scheme, n) in &s.schemes {
        assert_eq!(
            *n,
            ok.iter()
                .filter(|r| r.schemes.iter().any(|x| &x.id == scheme))
                .count() as u64,
            "{scheme}"
        );
    }
    assert!(
        s.schemes.contains_key("sextortion_social"),
        "{:?}",
        s.schemes
    );
}

#[test]
fn summary_flagged_follows_fail_on() {
    let input = format!(
        "{EXTORTION_VI}\n{BENIGN_VI}\nChào anh, kết bạn với em nhé, em thấy anh trong nhóm bạn chung.\n"
    );
    let high = document(&run_stdin(
        &["--input", "lines", "--format", "json", "--fail-on", "high"],
        input.as_bytes(),
    ));
    let low = document(&run_stdin(
        &["--input", "lines", "--format", "json", "--fail-on", "low"],
        input.as_bytes(),
    ));
    let at_least =
        |d: &Document, v: Verdict| d.results.iter().filter(|r| r.verdict >= v).count() as u64;
    assert_eq!(high.summary.flagged, at_least(&high, Verdict::High));
    assert_eq!(low.summary.flagged, at_least(&low, Verdict::Low));
    assert!(
        low.summary.flagged > high.summary.flagged,
        "{:?} vs {:?}",
        low.summary,
        high.summary
    );
}

/// The contract structs themselves: an undocumented field or a verdict in another case is
/// rejected, so the tests above would catch it in real output.
#[test]
fn contract_structs_reject_undocumented_fields() {
    let good = r#"{"id":"x","source":{"path":"-"},"verdict":"high","score":1.0,"schemes":[],"evidence":[],
        "advice":[],"normalization":{"invalid_utf8":0,"hidden_chars":0,"hidden_in_words":0,"homoglyphs":0,
        "compatibility_forms":0,"joined_letter_runs":0,"leet_chars":0,"symbols_in_words":0,"repeated_letters":0,"abbreviations":0,
        "hyphenations_joined":0},"indicators":{"wallets":[],"emails":[],"phones":[],"urls":[],"handles":[],"amounts":[],"deadlines":[]}}"#;
    serde_json::from_str::<Record>(good).expect("the documented shape parses");
    let extra = good.replacen(r#""score":1.0"#, r#""score":1.0,"confidence":0.9"#, 1);
    assert!(serde_json::from_str::<Record>(&extra).is_err());
    let upper = good.replacen(r#""high""#, r#""High""#, 1);
    assert!(serde_json::from_str::<Record>(&upper).is_err());
    let nested = good.replacen(r#"{"path":"-"}"#, r#"{"path":"-","column":3}"#, 1);
    assert!(serde_json::from_str::<Record>(&nested).is_err());
}
