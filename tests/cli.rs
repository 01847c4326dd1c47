//! Command-line behaviour of the built `canhgiac` binary: exit codes and `--fail-on`, how
//! files, standard input, `lines` and `jsonl` input are read (ids, blank lines, CRLF, bad
//! records as error records), empty and invalid input, rule-file errors rendered as
//! `path:line:col` with the source line and a caret, `rules check`/`rules list`/`advice`,
//! `--help`/`--version`, broken pipes, color and terminal escaping, `--lang` and `--explain`.
//!
//! Every text here was written for these tests.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;

/// Grooming without a threat or a demand: a video-call lure and an intimate request. Medium,
/// never high.
const MEDIUM_VI: &str =
    "Anh ơi, tối nay mình gọi video riêng nhé, em muốn ngắm anh khỏa thân một chút thôi.";

/// A stranger asking to be friends: a weak signal only.
const LOW_VI: &str = "Chào anh, kết bạn với em nhé, em thấy anh trong nhóm bạn chung.";

// ---------------------------------------------------------------------------------------
// Exit codes

#[test]
fn high_risk_extortion_on_stdin_exits_1() {
    let out = run_stdin(&["--format", "jsonl"], EXTORTION_VI.as_bytes());
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let r = one_record(&out);
    assert_eq!(r.verdict, Verdict::High);
    assert_eq!(r.id, serde_json::json!("-"));
    assert_eq!(
        r.source,
        Source {
            path: "-".into(),
            line: None
        }
    );
    assert!(out.stderr.is_empty(), "nothing on stderr: {}", stderr(&out));
}

#[test]
fn benign_text_exits_0() {
    let out = run_stdin(&[], BENIGN_VI.as_bytes());
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    assert!(
        stdout(&out).starts_with("-: KHÔNG RỦI RO"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn fail_on_high_lets_a_medium_text_pass() {
    let default = run_stdin(&["--format", "jsonl"], MEDIUM_VI.as_bytes());
    assert_eq!(
        one_record(&default).verdict,
        Verdict::Medium,
        "precondition: the text is medium"
    );
    assert_eq!(code(&default), 1, "the default --fail-on medium flags it");
    assert_eq!(
        code(&run_stdin(&["--fail-on", "high"], MEDIUM_VI.as_bytes())),
        0
    );
}

#[test]
fn fail_on_low_flags_a_low_text() {
    let default = run_stdin(&["--format", "jsonl"], LOW_VI.as_bytes());
    assert_eq!(
        one_record(&default).verdict,
        Verdict::Low,
        "precondition: the text is low"
    );
    assert_eq!(
        code(&default),
        0,
        "the default --fail-on medium lets it pass"
    );
    assert_eq!(
        code(&run_stdin(&["--fail-on", "low"], LOW_VI.as_bytes())),
        1
    );
}

#[test]
fn bad_usage_exits_2() {
    let out = run_stdin(&["--format", "yaml"], BENIGN_VI.as_bytes());
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("yaml"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

// ---------------------------------------------------------------------------------------
// Files and standard input

#[test]
fn bare_file_means_scan_file() {
    let dir = tempdir();
    write(&dir, "msg.txt", EXTORTION_VI);
    let bare = run_in(dir.path(), &["msg.txt"]);
    let scan = run_in(dir.path(), &["scan", "msg.txt"]);
    assert_eq!(code(&bare), 1);
    assert_eq!(code(&scan), 1);
    assert!(
        stdout(&bare).starts_with("msg.txt: RỦI RO CAO"),
        "{}",
        stdout(&bare)
    );
    assert_eq!(stdout(&bare), stdout(&scan));
}

#[test]
fn dash_reads_stdin_between_files_in_order() {
    let dir = tempdir();
    write(&dir, "a.txt", BENIGN_VI);
    write(&dir, "b.txt", MEDIUM_VI);
    let out = run_with_stdin(
        canhgiac()
            .current_dir(dir.path())
            .args(["--format", "jsonl", "a.txt", "-", "b.txt"]),
        EXTORTION_VI.as_bytes(),
    );
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let rs = records(&out);
    let ids: Vec<_> = rs.iter().map(|r| r.id.clone()).collect();
    assert_eq!(
        ids,
        [
            serde_json::json!("a.txt"),
            serde_json::json!("-"),
            serde_json::json!("b.txt")
        ]
    );
    let verdicts: Vec<_> = rs.iter().map(|r| r.verdict).collect();
    assert_eq!(verdicts, [Verdict::None, Verdict::High, Verdict::Medium]);
}

#[test]
fn missing_file_and_directory_are_error_records_and_the_others_are_classified() {
    let dir = tempdir();
    write(&dir, "first.txt", EXTORTION_VI);
    write(&dir, "last.txt", BENIGN_VI);
    std::fs::create_dir(dir.path().join("inbox")).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "--format",
            "jsonl",
            "first.txt",
            "nowhere.txt",
            "inbox",
            "last.txt",
        ],
    );
    assert_eq!(code(&out), 2, "an error outranks a flagged document");
    let rs = records(&out);
    let ids: Vec<_> = rs.iter().map(|r| r.id.clone()).collect();
    assert_eq!(
        ids,
        ["first.txt", "nowhere.txt", "inbox", "last.txt"].map(|s| serde_json::json!(s))
    );
    assert_eq!(
        (rs[0].verdict, rs[0].error.is_none()),
        (Verdict::High, true)
    );
    assert_eq!(
        (rs[3].verdict, rs[3].error.is_none()),
        (Verdict::None, true)
    );
    let err = rs[1]
        .error
        .as_deref()
        .expect("error record for the missing file");
    assert!(err.starts_with("nowhere.txt: "), "{err}");
    assert_eq!(rs[2].error.as_deref(), Some("inbox: is a directory"));
    for r in &rs[1..3] {
        assert_eq!((r.verdict, r.score), (Verdict::None, 0.0));
        assert!(r.evidence.is_empty() && r.schemes.is_empty() && r.advice.is_empty());
    }
    let e = stderr(&out);
    assert!(e.contains("canhgiac: nowhere.txt: "), "{e}");
    assert!(e.contains("canhgiac: inbox: is a directory\n"), "{e}");
    assert!(
        e.ends_with("canhgiac: 2 of 4 records could not be processed\n"),
        "{e}"
    );
}

#[test]
fn unreadable_inputs_are_named_in_human_output_with_lines_input() {
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("inbox")).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "--color",
            "never",
            "--input",
            "lines",
            "nowhere.txt",
            "inbox",
        ],
    );
    assert_eq!(code(&out), 2);
    let s = stdout(&out);
    assert!(s.contains("nowhere.txt: lỗi: nowhere.txt: "), "{s}");
    assert!(s.contains("inbox: lỗi: inbox: is a directory"), "{s}");
    assert!(
        stderr(&out).contains("canhgiac: 2 of 2 records could not be processed"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------------------
// --input lines and --input jsonl

#[test]
fn lines_ids_are_line_numbers_blank_lines_skipped_crlf_handled() {
    let input = format!("{BENIGN_VI}\r\n\r\n   \n{EXTORTION_VI}\r\n\t\nok\n");
    let out = run_stdin(&["--input", "lines", "--format", "jsonl"], input.as_bytes());
    assert_eq!(code(&out), 1);
    let rs = records(&out);
    let ids: Vec<_> = rs.iter().map(|r| r.id.clone()).collect();
    assert_eq!(
        ids,
        [
            serde_json::json!(1),
            serde_json::json!(4),
            serde_json::json!(6)
        ]
    );
    let lines: Vec<_> = rs.iter().map(|r| r.source.line).collect();
    assert_eq!(lines, [Some(1), Some(4), Some(6)]);
    assert!(rs.iter().all(|r| r.source.path == "-"));
    assert_eq!(rs[1].verdict, Verdict::High);
    for e in &rs[1].evidence {
        assert!(!e.text.contains('\r'), "{e:?}");
        // Offsets are into the record (the line without its terminator).
        assert!(e.end <= EXTORTION_VI.len(), "{e:?}");
        assert_eq!(&EXTORTION_VI[e.start..e.end], e.text);
    }
}

#[test]
fn jsonl_reads_dotted_text_and_id_fields_and_keeps_id_types() {
    let input = concat!(
        r#"{"meta":{"ref":"tin-01"},"message":{"body":"Chiều nay họp lớp ở quán cũ nhé."}}"#,
        "\n",
        r#"{"meta":{"ref":42},"message":{"body":"Tôi có video anh khỏa thân. Chuyển 50 triệu trong 24 giờ, nếu không tôi sẽ gửi cho vợ anh."}}"#,
        "\n",
        r#"{"message":{"body":"Không có mã tin."}}"#,
        "\n",
        r#"{"meta":{"ref":null},"message":{"body":"Mã tin rỗng."}}"#,
        "\n",
    );
    let out = run_stdin(
        &[
            "--input",
            "jsonl",
            "--text-field",
            "message.body",
            "--id-field",
            "meta.ref",
            "--format",
            "jsonl",
        ],
        input.as_bytes(),
    );
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let rs = records(&out);
    let ids: Vec<_> = rs.iter().map(|r| r.id.clone()).collect();
    assert_eq!(
        ids,
        [
            serde_json::json!("tin-01"),
            serde_json::json!(42),
            serde_json::json!(3),
            serde_json::json!(4)
        ]
    );
    assert!(rs[0].id.is_string());
    assert!(rs[1].id.is_u64(), "numbers stay numbers");
    assert_eq!(rs[1].verdict, Verdict::High);
    assert!(rs.iter().all(|r| r.error.is_none()));
    assert_eq!(
        rs[2].source,
        Source {
            path: "-".into(),
            line: Some(3)
        }
    );
}

#[test]
fn jsonl_bad_lines_give_one_error_record_each_in_order() {
    let input = concat!(
        "{\"id\":\"ok-1\",\"text\":\"Chào em\"}\n",
        "{not json\n",
        "[\"an\", \"array\"]\n",
        "null\n",
        "{\"id\":\"no-text\",\"body\":\"x\"}\n",
        "\n",
        "{\"id\":\"num-text\",\"text\":12}\n",
        "{\"id\":\"ok-2\",\"text\":\"Hẹn gặp lại\"}\n",
    );
    let out = run_stdin(&["--input", "jsonl", "--format", "jsonl"], input.as_bytes());
    assert_eq!(code(&out), 2);
    let rs = records(&out);
    let summary: Vec<_> = rs
        .iter()
        .map(|r| (r.id.clone(), r.source.line, r.error.is_some()))
        .collect();
    assert_eq!(
        summary,
        [
            (serde_json::json!("ok-1"), Some(1), false),
            (serde_json::json!(2), Some(2), true),
            (serde_json::json!(3), Some(3), true),
            (serde_json::json!(4), Some(4), true),
            (serde_json::json!("no-text"), Some(5), true),
            (serde_json::json!("num-text"), Some(7), true),
            (serde_json::json!("ok-2"), Some(8), false),
        ]
    );
    let errors: Vec<&str> = rs.iter().filter_map(|r| r.error.as_deref()).collect();
    assert!(errors[0].starts_with("-:2: invalid JSON"), "{}", errors[0]);
    assert_eq!(errors[1], "-:3: expected a JSON object, found an array");
    assert_eq!(errors[2], "-:4: expected a JSON object, found null");
    assert_eq!(errors[3], "-:5: missing field `text`");
    assert_eq!(
        errors[4],
        "-:7: field `text` is not a string (found a number)"
    );
    for r in rs.iter().filter(|r| r.error.is_some()) {
        assert_eq!(r.verdict, Verdict::None);
        assert!(r.evidence.is_empty() && r.schemes.is_empty() && r.advice.is_empty());
    }
    let e = stderr(&out);
    assert!(
        e.contains("canhgiac: 5 of 7 records could not be processed"),
        "{e}"
    );
    for err in &errors {
        assert!(e.contains(err), "stderr repeats {err:?}: {e}");
    }
}

// ---------------------------------------------------------------------------------------
// Empty and invalid input

#[test]
fn empty_and_whitespace_input_is_verdict_none() {
    let dir = tempdir();
    write(&dir, "empty.txt", "");
    write(&dir, "blank.txt", " \n\t\r\n  \u{3000}");
    let out = run_in(dir.path(), &["--format", "jsonl", "empty.txt", "blank.txt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rs = records(&out);
    assert_eq!(rs.len(), 2);
    for r in &rs {
        assert_eq!(r.verdict, Verdict::None, "{:?}", r.id);
        assert!(
            r.error.is_none()
                && r.evidence.is_empty()
                && r.schemes.is_empty()
                && r.advice.is_empty()
        );
    }
    assert!(out.stderr.is_empty(), "{}", stderr(&out));

    let out = run_stdin(&[], b"");
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "-: KHÔNG RỦI RO (điểm 0.0)\n");

    let doc = document(&run_stdin(
        &["--input", "lines", "--format", "json"],
        b"\n\n  \r\n",
    ));
    assert!(doc.results.is_empty());
    assert_eq!(
        (doc.summary.records, doc.summary.errors, doc.summary.flagged),
        (0, 0, 0)
    );
}

#[test]
fn invalid_utf8_is_counted_not_fatal() {
    let mut bytes = EXTORTION_VI.as_bytes().to_vec();
    bytes.splice(0..0, *b"\xff\xfe");
    bytes.extend_from_slice(b" \xc3\x28 \xe1\xbb");
    let dir = tempdir();
    write(&dir, "broken.txt", &bytes);
    let out = run_in(dir.path(), &["--format", "jsonl", "broken.txt"]);
    assert_eq!(code(&out), 1, "still classified: {}", stderr(&out));
    let r = one_record(&out);
    assert!(r.error.is_none());
    assert!(r.normalization.invalid_utf8 > 0, "{:?}", r.normalization);
    assert_eq!(r.verdict, Verdict::High);
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------
// Rule files

/// Run a scan with `--rules user.toml` holding `src`; return stderr after asserting exit 2.
fn rule_error(src: &str) -> String {
    let dir = tempdir();
    write(&dir, "user.toml", src);
    let out = run_with_stdin(
        canhgiac()
            .current_dir(dir.path())
            .args(["--rules", "user.toml"]),
        BENIGN_VI.as_bytes(),
    );
    assert_eq!(code(&out), 2, "stderr: {}", stderr(&out));
    assert!(out.stdout.is_empty(), "nothing classified with bad rules");
    stderr(&out)
}

/// Assert the `just`-style shape: `canhgiac: error: path:line:col: message`, then the line
/// with its number in a gutter and a caret under column `col`.
fn assert_located(stderr: &str, line: usize, col: usize, line_text: &str) {
    let head = format!("canhgiac: error: user.toml:{line}:{col}: ");
    assert!(
        stderr.starts_with(&head),
        "expected {head:?} at the start of:\n{stderr}"
    );
    let num = line.to_string();
    let pad = " ".repeat(num.len());
    let snippet = format!(
        "\n{pad} |\n{num} | {line_text}\n{pad} | {}^\n",
        " ".repeat(col - 1)
    );
    assert!(
        stderr.contains(&snippet),
        "expected snippet {snippet:?} in:\n{stderr}"
    );
}

#[test]
fn unknown_element_error_is_rendered_verbatim() {
    let src = SIGNAL_OK.replace("threat_spread", "thret_spread");
    let e = rule_error(&src);
    assert_eq!(
        e,
        "canhgiac: error: user.toml:3:11: unknown element `thret_spread`\n\
         \x20 |\n\
         3 | element = \"thret_spread\"\n\
         \x20 |           ^\n\
         \x20 = help: elements are declared with [[element]] (rules/elements.toml)\n"
    );
}

#[test]
fn invalid_toml_is_located() {
    let src = "[[signal]]\nid = \"a\"\nelement = \"threat_spread\"\ndescription = { vi = \"x\", en = \"x\" \n";
    let e = rule_error(src);
    assert_located(&e, 4, 35, "description = { vi = \"x\", en = \"x\" ");
}

#[test]
fn unknown_field_is_located_with_help() {
    let src = SIGNAL_OK.replace("keywords =", "keyword =");
    let e = rule_error(&src);
    assert_located(&e, 5, 1, "keyword = [\"rao khắp chợ\"]");
    assert!(e.contains("unknown field `keyword`"), "{e}");
    assert!(e.contains("= help: see docs/RULES.md"), "{e}");
}

#[test]
fn regex_that_does_not_compile_is_located() {
    let src = SIGNAL_OK.replace(
        "keywords = [\"rao khắp chợ\"]",
        "regex = [\"rao (khắp chợ\"]",
    );
    let e = rule_error(&src);
    assert!(
        e.starts_with("canhgiac: error: user.toml:5:10: regex does not compile"),
        "{e}"
    );
    assert!(
        e.contains("\n5 | regex = [\"rao (khắp chợ\"]\n  |          ^\n"),
        "{e}"
    );
}

/// Every other rule error is one line of message, then the snippet. The regex error instead
/// embeds the regex crate's multi-line report, which quotes the pattern *after folding*
/// (`(unclosed` shows as `(unciosed`, since the folder maps `l` to `i`) with a caret of its
/// own, before our snippet. The folded form belongs in the `help:` line only.
#[test]
fn regex_error_message_is_one_line_like_the_others() {
    let src = SIGNAL_OK.replace("keywords = [\"rao khắp chợ\"]", "regex = [\"(unclosed\"]");
    let e = rule_error(&src);
    let second = e.lines().nth(1).unwrap_or("");
    assert_eq!(second, "  |", "the snippet follows the first line:\n{e}");
    let message = e.split("\n5 | ").next().unwrap();
    assert!(
        !message.contains("unciosed"),
        "the message quotes the regex as written:\n{e}"
    );
}

#[test]
fn duplicate_id_is_located_and_names_the_first_definition() {
    let dir = tempdir();
    write(&dir, "user.toml", format!("{SIGNAL_OK}\n{SIGNAL_OK}"));
    let out = run_with_stdin(
        canhgiac()
            .current_dir(dir.path())
            .args(["--rules", "user.toml"]),
        BENIGN_VI.as_bytes(),
    );
    assert_eq!(code(&out), 2);
    let e = stderr(&out);
    assert_located(&e, 8, 6, "id = \"user-signal\"");
    assert!(e.contains("duplicate signal id `user-signal`"), "{e}");
    assert!(e.contains("= help: first defined at user.toml:2"), "{e}");
}

#[test]
fn rules_check_names_a_signal_whose_example_does_not_hit() {
    let dir = tempdir();
    let src = format!(
        "{SIGNAL_OK}examples = [\"tôi sẽ đăng ảnh lên mạng\"]\nnegative_examples = [\"chợ quê\"]\n"
    );
    write(&dir, "user.toml", src);
    let out = run_in(dir.path(), &["rules", "check", "user.toml"]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let s = stdout(&out);
    assert!(
        s.contains("user.toml:2: error: signal `user-signal` does not hit its example \"tôi sẽ đăng ảnh lên mạng\""),
        "{s}"
    );
    assert!(s.contains(": 1 errors, "), "{s}");
}

#[test]
fn rules_check_passes_on_the_builtin_rules() {
    let out = canhgiac().args(["rules", "check"]).output().unwrap();
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let s = stdout(&out);
    let last = s.lines().last().unwrap_or("");
    assert!(
        last.starts_with("checked ") && last.contains(" 0 errors"),
        "{s}"
    );
}

#[test]
fn rules_list_json_parses() {
    #[derive(serde::Deserialize)]
    struct Listing {
        elements: Vec<Named>,
        signals: Vec<ListedSignal>,
        schemes: Vec<ListedScheme>,
        caps: Vec<Named>,
    }
    #[derive(serde::Deserialize)]
    struct Named {
        id: String,
    }
    #[derive(serde::Deserialize)]
    struct ListedSignal {
        id: String,
        element: String,
        weight: f64,
        origin: String,
    }
    #[derive(serde::Deserialize)]
    struct ListedScheme {
        id: String,
        listed: bool,
    }
    let out = canhgiac()
        .args(["rules", "list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
    let l: Listing = serde_json::from_slice(&out.stdout).expect("rules list --format json parses");
    let listed: Vec<&str> = l
        .schemes
        .iter()
        .filter(|s| s.listed)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(
        listed,
        [
            "sextortion_social",
            "deepfake_extortion",
            "postal_usdt_letter"
        ]
    );
    assert!(!l.caps.is_empty());
    for s in &l.signals {
        assert!(!s.id.is_empty() && s.weight > 0.0);
        assert!(
            l.elements.iter().any(|e| e.id == s.element),
            "{} has unknown element {}",
            s.id,
            s.element
        );
        assert!(
            s.origin.starts_with("rules/") && s.origin.contains(".toml:"),
            "{}",
            s.origin
        );
    }
}

#[test]
fn advice_prints_text_for_all_and_for_one_scheme() {
    let all = canhgiac().arg("advice").output().unwrap();
    assert_eq!(code(&all), 0);
    let all = stdout(&all);
    let postal = canhgiac()
        .args(["advice", "postal_usdt_letter"])
        .output()
        .unwrap();
    assert_eq!(code(&postal), 0);
    let postal = stdout(&postal);
    assert!(
        postal.lines().filter(|l| l.starts_with("- ")).count() >= 2,
        "{postal}"
    );
    assert!(postal.contains("Công an"), "{postal}");
    assert!(
        postal.len() < all.len(),
        "one scheme gets less advice than all:\n{postal}"
    );
}

#[test]
fn advice_for_an_unknown_scheme_exits_2() {
    let out = canhgiac().args(["advice", "nonsense"]).output().unwrap();
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "canhgiac: error: unknown scheme `nonsense` (known: sextortion_social, deepfake_extortion, postal_usdt_letter)\n"
    );
    assert!(out.stdout.is_empty());
}

// ---------------------------------------------------------------------------------------
// Help and version

#[test]
fn help_documents_exit_codes() {
    for args in [&["--help"][..], &["scan", "--help"]] {
        let out = canhgiac().args(args).output().unwrap();
        assert_eq!(code(&out), 0);
        let s = stdout(&out);
        assert!(s.contains("Exit status:"), "{args:?}: {s}");
        assert!(s.contains("\n  0  no document reached --fail-on"), "{s}");
        assert!(
            s.contains("\n  1  at least one document reached --fail-on"),
            "{s}"
        );
        assert!(s.contains("\n  2  an error"), "{s}");
    }
}

#[test]
fn help_shows_no_escaped_quotes() {
    let out = canhgiac().arg("--help").output().unwrap();
    let s = stdout(&out);
    assert!(!s.contains("\\\""), "{s}");
    assert!(s.contains("canhgiac (\"cảnh giác\", stay vigilant)"), "{s}");
}

#[test]
fn version_prints_the_crate_version() {
    let out = canhgiac().arg("--version").output().unwrap();
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out),
        format!("canhgiac {}\n", env!("CARGO_PKG_VERSION"))
    );
}

// ---------------------------------------------------------------------------------------
// Broken pipe

/// Spawn `args` on a large input, read one line of its output, close the pipe and return the
/// exit code and stderr.
fn read_one_line_then_close(args: &[&str], input_name: &str, input: &[u8]) -> (i32, String) {
    let dir = tempdir();
    write(&dir, input_name, input);
    let mut child = canhgiac()
        .current_dir(dir.path())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert!(!first.is_empty(), "some output before the pipe closes");
    drop(reader);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    (
        status
            .code()
            .unwrap_or_else(|| panic!("killed by a signal: {status:?}; stderr: {err}")),
        err,
    )
}

fn many_lines() -> Vec<u8> {
    // ~300 kB of output in any format: several times what a pipe buffer holds.
    (0..200)
        .map(|i| format!("{i}: {EXTORTION_VI}\n"))
        .collect::<String>()
        .into_bytes()
}

#[test]
fn broken_pipe_in_jsonl_and_human_output_is_success() {
    for format in ["jsonl", "human"] {
        let (code, err) = read_one_line_then_close(
            &["--input", "lines", "--format", format, "many.txt"],
            "many.txt",
            &many_lines(),
        );
        assert!(!err.contains("panicked"), "--format {format}: {err}");
        assert!(!err.contains("Broken pipe"), "--format {format}: {err}");
        assert_eq!(code, 0, "--format {format}: {err}");
    }
}

#[test]
fn broken_pipe_in_json_output_is_success() {
    let (code, err) = read_one_line_then_close(
        &["--input", "lines", "--format", "json", "many.txt"],
        "many.txt",
        &many_lines(),
    );
    assert!(!err.contains("Broken pipe"), "{err}");
    assert_eq!(code, 0, "{err}");
}

#[test]
fn broken_pipe_in_rules_list_json_is_success() {
    // Enough extra signals, with long descriptions, that the listing outgrows a pipe buffer.
    let long = "mô tả dài ".repeat(60);
    let rules: String = (0..150)
        .map(|i| {
            format!(
                "[[signal]]\nid = \"filler-{i}\"\nelement = \"threat_spread\"\n\
                 description = {{ vi = \"{long}\", en = \"{long}\" }}\nkeywords = [\"chuỗi vô nghĩa số {i}\"]\n\n"
            )
        })
        .collect();
    let (code, err) = read_one_line_then_close(
        &[
            "rules",
            "list",
            "--format",
            "json",
            "--rules",
            "filler.toml",
        ],
        "filler.toml",
        rules.as_bytes(),
    );
    assert!(!err.contains("Broken pipe"), "{err}");
    assert_eq!(code, 0, "{err}");
}

// ---------------------------------------------------------------------------------------
// Color and terminal safety

#[test]
fn color_always_emits_ansi_and_never_does_not() {
    let colored = run_stdin(&["--color", "always"], EXTORTION_VI.as_bytes());
    assert!(
        stdout(&colored).contains("\x1b[1;31mRỦI RO CAO\x1b[0m"),
        "{}",
        stdout(&colored)
    );
    let plain = run_stdin(&["--color", "never"], EXTORTION_VI.as_bytes());
    assert!(!plain.stdout.contains(&0x1b), "{}", stdout(&plain));
    assert!(stdout(&plain).contains("RỦI RO CAO"));
    let auto = run_with_stdin(canhgiac().env("NO_COLOR", "1"), EXTORTION_VI.as_bytes());
    assert!(!auto.stdout.contains(&0x1b), "{}", stdout(&auto));
}

#[test]
fn control_and_bidi_characters_are_escaped_in_human_output() {
    let hostile = "Tôi có video anh \u{202E}khỏa thân\x1b[2J\x07 khi gọi video với tôi. Nếu không chuyển 50 triệu \
                   trong 24 giờ, tôi sẽ gửi cho vợ\u{200B} và đồng nghiệp của anh.";
    let dir = tempdir();
    write(&dir, "thu\x1b[31m.txt", hostile);
    let out = run_in(dir.path(), &["--color", "never", "thu\x1b[31m.txt"]);
    assert_eq!(code(&out), 1);
    let s = stdout(&out);
    for bad in ['\u{202E}', '\x1b', '\x07', '\u{200B}'] {
        assert!(!s.contains(bad), "raw {:?} in stdout:\n{s}", bad);
    }
    assert!(s.contains("\\u{202E}"), "escaped, not dropped:\n{s}");
    assert!(
        s.starts_with("thu\\u{001B}[31m.txt: "),
        "file name escaped:\n{s}"
    );
}

// ---------------------------------------------------------------------------------------
// --lang and --explain

#[test]
fn lang_en_gives_english_names_and_advice() {
    let vi = one_record(&run_stdin(&["--format", "jsonl"], EXTORTION_VI.as_bytes()));
    assert!(vi.explain.is_none(), "explain only on request");
    let en = one_record(&run_stdin(
        &["--format", "jsonl", "--lang", "en"],
        EXTORTION_VI.as_bytes(),
    ));
    let ids = |r: &Record| r.advice.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&vi), ids(&en), "same advice, other language");
    assert!(!en.advice.is_empty());
    const VIETNAMESE: &str = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ";
    for (a, b) in vi.advice.iter().zip(&en.advice) {
        assert_ne!(a.text, b.text);
        assert!(
            !b.text
                .to_lowercase()
                .chars()
                .any(|c| VIETNAMESE.contains(c)),
            "{b:?}"
        );
    }
    assert_eq!(en.schemes[0].name, "Social-media sextortion");
    assert_ne!(vi.schemes[0].name, en.schemes[0].name);
}

#[test]
fn explain_adds_per_scheme_elements() {
    let r = one_record(&run_stdin(
        &["--format", "jsonl", "--explain"],
        EXTORTION_VI.as_bytes(),
    ));
    let x = r.explain.expect("--explain adds explain");
    let ids: Vec<&str> = x
        .schemes
        .iter()
        .filter(|s| s.listed)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "sextortion_social",
            "deepfake_extortion",
            "postal_usdt_letter"
        ]
    );
    for s in &x.schemes {
        for e in &s.elements_present {
            assert!(
                !s.elements_missing.contains(e),
                "{e} both present and missing in {}",
                s.id
            );
            assert!(
                x.elements.contains_key(e),
                "present element {e} has a strength"
            );
        }
        for p in &s.signals {
            assert!(
                s.elements_present.contains(&p.element),
                "{} scores for an absent element",
                p.signal
            );
        }
    }
    let social = x
        .schemes
        .iter()
        .find(|s| s.id == "sextortion_social")
        .unwrap();
    assert_eq!(social.verdict, Verdict::High);
    for el in ["payment_demand", "deadline", "threat_spread"] {
        assert!(
            social.elements_present.iter().any(|e| e == el),
            "{el} in {:?}",
            social.elements_present
        );
    }
    let reported = r
        .schemes
        .iter()
        .find(|s| s.id == "sextortion_social")
        .unwrap();
    assert_eq!(reported.elements_present, social.elements_present);
    assert_eq!(reported.elements_missing, social.elements_missing);

    // The human printer, in English.
    let human = stdout(&run_stdin(
        &["--explain", "--lang", "en", "--color", "never"],
        EXTORTION_VI.as_bytes(),
    ));
    assert!(human.starts_with("-: HIGH RISK (score "), "{human}");
    assert!(
        human.contains("\n  explanation:\n    sextortion_social → high (score "),
        "{human}"
    );
    assert!(human.contains("\n  advice:\n"), "{human}");
}

/// `extract` prints one JSON object per indicator, or CSV rows with a header.
#[test]
fn extract_prints_indicators_as_jsonl_and_csv() {
    let text = "Chuyển 2.000 USDT vào ví TLgkqMrC3spEsjdaQsy7GqUvvCFyw6Lh2x trong 48 giờ, liên hệ ab.cd@proton.me";
    let out = run_stdin(&["extract"], text.as_bytes());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let kinds: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(kinds, ["wallet", "email", "amount", "deadline"]);
    let csv = stdout(&run_stdin(&["extract", "--format", "csv"], text.as_bytes()));
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("id,kind,value,normalized,valid"));
    assert_eq!(
        lines.next(),
        Some("-,wallet,TLgkqMrC3spEsjdaQsy7GqUvvCFyw6Lh2x,TLgkqMrC3spEsjdaQsy7GqUvvCFyw6Lh2x,true")
    );
}

/// `--redact` hides the victim's phone in evidence and indicators, keeps the attacker's e-mail.
#[test]
fn redact_hides_the_victims_phone_and_keeps_the_attackers_contact() {
    let text = "Tôi có video ông khỏa thân. Chuyển 5000 USDT trong 48 giờ, nếu không tôi gửi cho vợ ông (số 0912 345 678). Liên hệ: hacker@proton.me";
    let out = stdout(&run_stdin(
        &["--format", "jsonl", "--redact"],
        text.as_bytes(),
    ));
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert!(!out.contains("0912 345 678"), "{out}");
    assert!(v["indicators"]["phones"].as_array().unwrap().is_empty());
    assert_eq!(
        v["indicators"]["emails"][0]["normalized"],
        "hacker@proton.me"
    );
}
