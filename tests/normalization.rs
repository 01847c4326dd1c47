//! Normalization and decoding at the library level: properties over random Vietnamese-like
//! text and bytes (folding a folded keyword changes nothing, NFC and NFD fold alike, view spans
//! map back to char boundaries in order, evidence spans point into the input whatever the
//! bytes, the decoder's offset map is well formed), then one example per repair of the match
//! view, each checking the view, the repair's counter in the [`NormalizationReport`], and that
//! the span of the folded keyword covers the whole obfuscated original.
//!
//! Every text here was written for these tests.

use canhgiac::decode::{Encoding, decode};
use canhgiac::normalize::{MatchView, NormalizationReport, fold_keyword, match_view};
use canhgiac::{Classifier, RuleSet};
use proptest::prelude::*;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// The 134 Vietnamese letters with diacritics (`shared/data/vn-fold.tsv`), NFC.
const VN_LETTERS: [char; 134] = [
    'À', 'Á', 'Â', 'Ã', 'È', 'É', 'Ê', 'Ì', 'Í', 'Ò', 'Ó', 'Ô', 'Õ', 'Ù', 'Ú', 'Ý', 'à', 'á', 'â',
    'ã', 'è', 'é', 'ê', 'ì', 'í', 'ò', 'ó', 'ô', 'õ', 'ù', 'ú', 'ý', 'Ă', 'ă', 'Đ', 'đ', 'Ĩ', 'ĩ',
    'Ũ', 'ũ', 'Ơ', 'ơ', 'Ư', 'ư', 'Ạ', 'ạ', 'Ả', 'ả', 'Ấ', 'ấ', 'Ầ', 'ầ', 'Ẩ', 'ẩ', 'Ẫ', 'ẫ', 'Ậ',
    'ậ', 'Ắ', 'ắ', 'Ằ', 'ằ', 'Ẳ', 'ẳ', 'Ẵ', 'ẵ', 'Ặ', 'ặ', 'Ẹ', 'ẹ', 'Ẻ', 'ẻ', 'Ẽ', 'ẽ', 'Ế', 'ế',
    'Ề', 'ề', 'Ể', 'ể', 'Ễ', 'ễ', 'Ệ', 'ệ', 'Ỉ', 'ỉ', 'Ị', 'ị', 'Ọ', 'ọ', 'Ỏ', 'ỏ', 'Ố', 'ố', 'Ồ',
    'ồ', 'Ổ', 'ổ', 'Ỗ', 'ỗ', 'Ộ', 'ộ', 'Ớ', 'ớ', 'Ờ', 'ờ', 'Ở', 'ở', 'Ỡ', 'ỡ', 'Ợ', 'ợ', 'Ụ', 'ụ',
    'Ủ', 'ủ', 'Ứ', 'ứ', 'Ừ', 'ừ', 'Ử', 'ử', 'Ữ', 'ữ', 'Ự', 'ự', 'Ỳ', 'ỳ', 'Ỵ', 'ỵ', 'Ỷ', 'ỷ', 'Ỹ',
    'ỹ',
];

const PUNCTUATION: &[char] = &[
    '.', ',', '-', '!', '?', ':', ';', '\'', '"', '(', ')', '$', '@', '/', '*', '_', '~', '+', '…',
    '’', '·', '•', '\u{00AD}', '\u{00A0}',
];
const EMOJI: &[char] = &['😈', '🔴', '💰', '➜', '❤', '👉', '🔥', '\u{FE0F}'];
const ZERO_WIDTH: &[char] = &['\u{200B}', '\u{200C}', '\u{200D}', '\u{FEFF}'];
const BIDI: &[char] = &['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}'];
const COMBINING: &[char] = &[
    '\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}', '\u{0302}', '\u{0306}', '\u{031B}',
];
const CYRILLIC: &[char] = &['а', 'е', 'о', 'р', 'с', 'у', 'х', 'і'];
/// Whole chunks that exercise the token repairs: abbreviations, OCR confusions, leetspeak,
/// units, spaced letters.
const CHUNKS: &[&str] = &[
    "ko",
    "dc",
    "ck",
    "vk",
    "k",
    "a",
    "e",
    "rn",
    "l",
    "1",
    "0",
    "O",
    "usdt",
    "video",
    "clip",
    "5tr",
    "48h",
    "-\n",
    " - ",
    "a b c",
    "U S D T",
    "c.l.i.p",
    "tiềnnnn",
    "rnột",
    "1à",
    "Wa11et",
];

fn pick(set: &'static [char]) -> impl Strategy<Value = char> {
    prop::sample::select(set)
}

/// One piece of Vietnamese-like text: mostly letters, with every kind of noise mixed in.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(&VN_LETTERS[..]).prop_map(String::from),
        8 => prop::char::range('a', 'z').prop_map(String::from),
        2 => prop::char::range('A', 'Z').prop_map(String::from),
        2 => prop::char::range('0', '9').prop_map(String::from),
        5 => Just(" ".to_string()),
        1 => prop::sample::select(&["\n", "\r\n", "\t", "  "][..]).prop_map(String::from),
        2 => pick(PUNCTUATION).prop_map(String::from),
        1 => pick(EMOJI).prop_map(String::from),
        1 => pick(ZERO_WIDTH).prop_map(String::from),
        1 => pick(BIDI).prop_map(String::from),
        2 => pick(COMBINING).prop_map(String::from),
        1 => pick(CYRILLIC).prop_map(String::from),
        1 => prop_oneof![
            prop::char::range('\u{FF21}', '\u{FF3A}'),
            prop::char::range('\u{FF41}', '\u{FF5A}'),
            prop::char::range('\u{FF10}', '\u{FF19}'),
        ]
        .prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
        2 => prop::sample::select(CHUNKS).prop_map(String::from),
    ]
}

/// Short Vietnamese-like texts.
fn vn_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..32).prop_map(|v| v.concat())
}

/// Phrases that rules look for, so that random inputs carry evidence.
const SCAM_PHRASES: &[&str] = &[
    " chuyển 50 triệu ",
    " khỏa thân ",
    " gửi cho vợ ",
    " trong 24 giờ ",
    " vào tài khoản ",
    " gọi video ",
    " nạp 500 USDT vào ví ",
    " tôi có video của anh ",
    " nếu không ",
    " đồng nghiệp ",
];

/// Vietnamese-like text, or the same with scam phrases spliced in.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        vn_text(),
        prop::collection::vec(
            prop_oneof![
                2 => prop::sample::select(SCAM_PHRASES).prop_map(String::from),
                3 => piece(),
            ],
            0..24
        )
        .prop_map(|v| v.concat()),
    ]
}

/// Input bytes: texts as UTF-8 or UTF-16, with and without BOMs, spliced with random bytes;
/// high bytes among ASCII letters (legacy-encoding look-alikes); pure noise.
fn input_bytes() -> impl Strategy<Value = Vec<u8>> {
    const BOMS: &[&[u8]] = &[&[], &[0xEF, 0xBB, 0xBF], &[0xFF, 0xFE], &[0xFE, 0xFF]];
    let bom = prop::sample::select(BOMS);
    prop_oneof![
        any_text().prop_map(String::into_bytes),
        (bom.clone(), any_text()).prop_map(|(b, t)| [b, t.as_bytes()].concat()),
        (bom, any_text(), any::<bool>()).prop_map(|(b, t, le)| {
            let mut v = b.to_vec();
            for u in t.encode_utf16() {
                v.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            v
        }),
        (
            any_text(),
            prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)
        )
            .prop_map(|(t, noise)| {
                let mut v = t.into_bytes();
                for (at, b) in noise {
                    let i = at.index(v.len() + 1);
                    v.insert(i, b);
                }
                v
            }),
        prop::collection::vec(
            prop_oneof![
                4 => prop::num::u8::ANY.prop_map(|b| b'a' + b % 26),
                2 => Just(b' '),
                1 => Just(b'\n'),
                3 => 0x80u8..=0xFF,
            ],
            0..64
        ),
        prop::collection::vec(any::<u8>(), 0..64),
    ]
}

/// Words as rule authors write keywords: natural Vietnamese, any case, NFC or NFD, with
/// ordinary punctuation between them.
const WORDS: &[&str] = &[
    "chuyển", "tiền", "khỏa", "thân", "video", "clip", "gửi", "vợ", "đồng", "nghiệp", "ngay",
    "triệu", "USDT", "ví", "wallet", "một", "là", "không", "được", "của", "anh", "em", "tôi", "sẽ",
    "bị", "phát", "tán", "ảnh", "nóng", "tài", "khoản", "trong", "giờ", "nếu", "hãy", "liên", "hệ",
    "công", "an", "lừa", "đảo", "mật", "khẩu", "Zalo", "người", "nhà", "thư", "bưu", "điện", "giữ",
    "im", "lặng", "ghi", "lại", "cuộc", "gọi", "500", "5tr", "48h", "30.000", "ủy", "quyền",
    "Nguyễn", "Lạng", "Sơn",
];

fn phrase() -> impl Strategy<Value = String> {
    let word = (prop::sample::select(WORDS), 0..3u8, any::<bool>()).prop_map(|(w, case, nfd)| {
        let w = match case {
            0 => w.to_string(),
            1 => w.to_uppercase(),
            _ => {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        };
        if nfd { w.nfd().collect() } else { w }
    });
    let sep = prop::sample::select(&[" ", " ", " ", ", ", ". ", "\n", "! ", " – "][..]);
    prop::collection::vec((word, sep), 1..8)
        .prop_map(|v| v.into_iter().map(|(w, s)| w + s).collect())
}

fn view(text: &str) -> (MatchView, NormalizationReport) {
    let mut r = NormalizationReport::default();
    let v = match_view(text, &[], &mut r);
    (v, r)
}

/// The spans `[s, e)` of the view's tokens (between its separating spaces).
fn token_spans(view: &str) -> Vec<(usize, usize)> {
    let spaces: Vec<usize> = view.match_indices(' ').map(|(i, _)| i).collect();
    spaces
        .windows(2)
        .map(|w| (w[0] + 1, w[1]))
        .filter(|(s, e)| s < e)
        .collect()
}

static CLASSIFIER: LazyLock<Classifier> =
    LazyLock::new(|| Classifier::new(RuleSet::builtin().unwrap()).unwrap());

// ---------------------------------------------------------------------------------------
// Properties

proptest! {
    // Failures are reported, not saved next to this file.
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn fold_keyword_is_idempotent_on_words(s in phrase()) {
        let once = fold_keyword(&s);
        prop_assert_eq!(fold_keyword(&once), once);
    }

    #[test]
    #[ignore = "bug: fold_keyword is not idempotent, see fold_keyword_idempotence_counterexamples"]
    fn fold_keyword_is_idempotent(s in vn_text()) {
        let once = fold_keyword(&s);
        prop_assert_eq!(fold_keyword(&once), once);
    }

    #[test]
    fn nfc_and_nfd_fold_to_the_same_view(s in vn_text()) {
        let nfc: String = s.nfc().collect();
        let nfd: String = s.nfd().collect();
        prop_assert_eq!(view(&nfc).0.text, view(&nfd).0.text);
    }

    #[test]
    fn view_spans_are_char_boundaries_in_order(s in vn_text()) {
        let (v, _) = view(&s);
        prop_assert!(v.text.starts_with(' ') && v.text.ends_with(' '), "{:?}", v.text);
        prop_assert!(!v.text.contains("  "), "{:?}", v.text);
        let tokens = token_spans(&v.text);
        let mut prev: Option<(usize, usize)> = None;
        for &(ts, te) in &tokens {
            let (a, b) = v.source_span(ts, te);
            if let Some((pa, pb)) = prev {
                prop_assert!(
                    pa <= a && pb <= b,
                    "token {:?} maps to {}..{}, before the previous token's {}..{} in {:?}",
                    &v.text[ts..te], a, b, pa, pb, s
                );
            }
            prev = Some((a, b));
        }
        // Every pair of token boundaries: the first token's start to the last one's end.
        for (i, &(s0, _)) in tokens.iter().enumerate() {
            for &(_, e1) in &tokens[i..] {
                let (a, b) = v.source_span(s0, e1);
                prop_assert!(a <= b && b <= s.len(), "{}..{} of {} in {:?}", a, b, s.len(), s);
                prop_assert!(
                    s.is_char_boundary(a) && s.is_char_boundary(b),
                    "{}..{} not on char boundaries of {:?}", a, b, s
                );
            }
        }
    }

    #[test]
    fn classifier_evidence_points_into_any_input(input in input_bytes()) {
        let a = CLASSIFIER.assess(&input);
        for e in &a.evidence {
            prop_assert!(
                e.start <= e.end && e.end <= input.len(),
                "{}..{} of {} ({})", e.start, e.end, input.len(), e.signal
            );
            prop_assert_eq!(&e.text, &String::from_utf8_lossy(&input[e.start..e.end]));
        }
        // Text taken as it is: spans fall on its char boundaries.
        if let Ok(s) = std::str::from_utf8(&input)
            && a.normalization.encoding_repair.is_none()
        {
            for e in &a.evidence {
                prop_assert!(
                    s.is_char_boundary(e.start) && s.is_char_boundary(e.end),
                    "{}..{} in {:?}", e.start, e.end, s
                );
                prop_assert_eq!(&e.text, &s[e.start..e.end]);
            }
        }
        // UTF-16 (with a 2-byte BOM or none): spans fall on code units.
        if a.normalization.encoding_repair.as_deref().is_some_and(|r| r.starts_with("utf16")) {
            for e in &a.evidence {
                prop_assert!(e.start % 2 == 0 && e.end % 2 == 0, "{}..{}", e.start, e.end);
            }
        }
    }

    #[test]
    fn decode_map_is_well_formed(input in input_bytes()) {
        let d = decode(&input, Encoding::Auto);
        match &d.map {
            None => prop_assert_eq!(d.text.as_bytes(), &input[..]),
            Some(map) => {
                prop_assert_eq!(map.len(), d.text.len() + 1);
                prop_assert!(map.windows(2).all(|w| w[0] <= w[1]), "not monotone: {:?}", map);
                prop_assert_eq!(*map.last().unwrap() as usize, input.len());
                for (i, _) in d.text.char_indices() {
                    prop_assert!(map[i] as usize <= input.len());
                    prop_assert!(d.to_input(i) <= input.len());
                }
            }
        }
        prop_assert_eq!(d.to_input(d.text.len()), input.len());
    }

    #[test]
    fn forced_encodings_never_panic_and_keep_the_map(input in input_bytes()) {
        for enc in Encoding::ALL {
            let d = decode(&input, enc);
            if let Some(map) = &d.map {
                prop_assert_eq!(map.len(), d.text.len() + 1, "{:?}", enc);
                prop_assert!(map.windows(2).all(|w| w[0] <= w[1]), "{:?}: {:?}", enc, map);
                prop_assert_eq!(*map.last().unwrap() as usize, input.len(), "{:?}", enc);
            }
        }
    }
}

/// Minimal cases where folding a folded keyword changes it. Keywords are folded once, so this
/// matters where a text is written the way a keyword folds: "e mail" does not meet "e-mail".
#[test]
#[ignore = "bug: fold_keyword is not idempotent: the token repairs depend on context that the \
            folded output loses (a lone hyphen, a line break, punctuation), and the OCR classes \
            (l→i, rn→m) run after the teencode lookup and repeat collapsing"]
fn fold_keyword_idempotence_counterexamples() {
    let cases = [
        ("e-mail", "e maii"), // hyphen-tight `e` kept; refolded, `e` → `em`
        ("-a", "a"),          // likewise `a` → `anh`
        ("u, v, x", "u v x"), // single letters apart; refolded, joined into `uvx`
        ("q\nw\nf", "q w f"), // likewise across line breaks
        ("jl", "ji"),         // OCR l→i after the lookup; refolded, `ji` → `gi`
        ("lb", "ib"),         // refolded, `ib` → `nhan tin`
        ("rnk", "mk"),        // refolded, `mk` → `minh`
        ("l1l", "iii"),       // repeats collapsed before l→i; refolded, `i`
        ("ò@0о", "0@00"),     // `@` kept beside a leet letter; refolded, split
    ];
    let mut bad = Vec::new();
    for (src, once) in cases {
        assert_eq!(fold_keyword(src), once, "precondition for {src:?}");
        let twice = fold_keyword(once);
        if twice != once {
            bad.push(format!("{src:?} → {once:?} → {twice:?}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

// ---------------------------------------------------------------------------------------
// One example per repair

/// The source text of the first whole-token occurrence of `keyword` (folded as rules fold
/// it) in the view of `text`; `joined` removes its spaces and looks inside tokens, as
/// keywords match inside tokens joined from spaced letters.
#[track_caller]
fn source_of<'t>(text: &'t str, v: &MatchView, keyword: &str, joined: bool) -> &'t str {
    let mut k = fold_keyword(keyword);
    let p = if joined {
        k.retain(|c| c != ' ');
        v.text.find(&k)
    } else {
        v.text.find(&format!(" {k} ")).map(|p| p + 1)
    };
    let p = p.unwrap_or_else(|| panic!("{k:?} not in the view {:?}", v.text));
    let (a, b) = v.source_span(p, p + k.len());
    &text[a..b]
}

#[test]
fn zero_width_characters_inside_words() {
    let text = "chuy\u{200B}ển ti\u{200D}ền nga\u{FEFF}y \u{200C}";
    let (v, r) = view(text);
    assert_eq!(v.text, " chuyen tien ngay ");
    assert_eq!((r.hidden_chars, r.hidden_in_words), (4, 3));
    assert_eq!(source_of(text, &v, "tiền", false), "ti\u{200D}ền");
    assert_eq!(
        source_of(text, &v, "chuyển tiền ngay", false),
        "chuy\u{200B}ển ti\u{200D}ền nga\u{FEFF}y"
    );
}

#[test]
fn bidi_overrides() {
    let text = "gử\u{202E}i c\u{202D}li\u{202C}p \u{202B}nhé";
    let (v, r) = view(text);
    assert_eq!(v.text, " gui ciip nhe ");
    assert_eq!((r.hidden_chars, r.hidden_in_words), (4, 3));
    assert_eq!(
        source_of(text, &v, "gửi clip", false),
        "gử\u{202E}i c\u{202D}li\u{202C}p"
    );
}

#[test]
fn soft_hyphen() {
    let text = "tố\u{00AD}ng tiền";
    let (v, r) = view(text);
    assert_eq!(v.text, " tong tien ");
    assert_eq!((r.hidden_chars, r.hidden_in_words), (1, 1));
    assert_eq!(source_of(text, &v, "tống", false), "tố\u{00AD}ng");
}

#[test]
fn spaced_letters() {
    let text = "gửi 500 U S D T ngay";
    let (v, r) = view(text);
    assert_eq!(v.text, " gui 500 usdt ngay ");
    assert_eq!(r.joined_letter_runs, 1);
    assert_eq!(source_of(text, &v, "USDT", false), "U S D T");
}

#[test]
fn dotted_letters() {
    let text = "xem c.l.i.p nóng";
    let (v, r) = view(text);
    assert_eq!(v.text, " xem ciip nong ");
    assert_eq!(r.joined_letter_runs, 1);
    assert_eq!(source_of(text, &v, "clip", false), "c.l.i.p");
}

#[test]
fn hyphen_spaced_letters() {
    let text = "ảnh sẽ bị p-h-á-t t-á-n";
    let (v, r) = view(text);
    assert_eq!(v.text, " anh se bi phattan ");
    assert_eq!(r.joined_letter_runs, 1);
    assert_eq!(source_of(text, &v, "phát tán", true), "p-h-á-t t-á-n");
    assert!(v.in_joined_token(v.text.find("phattan").unwrap()));
}

#[test]
fn emoji_between_letters() {
    let text = "c😈l😈i😈p của anh";
    let (v, r) = view(text);
    assert_eq!(v.text, " ciip cua anh ");
    assert_eq!(r.symbols_in_words, 3);
    assert_eq!(source_of(text, &v, "clip", false), "c😈l😈i😈p");
}

#[test]
fn cyrillic_homoglyphs() {
    // і е о are Cyrillic (U+0456, U+0435, U+043E).
    let text = "v\u{0456}d\u{0435}\u{043E} của anh";
    let (v, r) = view(text);
    assert_eq!(v.text, " video cua anh ");
    assert_eq!(r.homoglyphs, 3);
    assert_eq!(
        source_of(text, &v, "video", false),
        "v\u{0456}d\u{0435}\u{043E}"
    );
}

#[test]
fn fullwidth_letters() {
    let text = "nạp ＵＳＤＴ";
    let (v, r) = view(text);
    assert_eq!(v.text, " nap usdt ");
    assert_eq!(r.compatibility_forms, 4);
    assert_eq!(source_of(text, &v, "usdt", false), "ＵＳＤＴ");
}

#[test]
fn leetspeak_digits() {
    let text = "v1de0 kh0ả th4n";
    let (v, r) = view(text);
    assert_eq!(v.text, " video khoa than ");
    assert_eq!(r.leet_chars, 4);
    assert_eq!(source_of(text, &v, "video", false), "v1de0");
    assert_eq!(source_of(text, &v, "khỏa thân", false), "kh0ả th4n");
}

#[test]
fn leetspeak_dollar() {
    let text = "chuyển U$DT";
    let (v, r) = view(text);
    assert_eq!(v.text, " chuyen usdt ");
    assert_eq!(r.leet_chars, 1);
    assert_eq!(source_of(text, &v, "usdt", false), "U$DT");
}

#[test]
fn leetspeak_leaves_amounts_alone() {
    let (v, r) = view("5tr 48h trc20 500k 10.000");
    assert_eq!(v.text, " 5tr 48h trc20 500k 10.000 ");
    assert_eq!(r.leet_chars, 0);
}

#[test]
fn repeated_letters() {
    let text = "chuyển tiềnnnn ngay";
    let (v, r) = view(text);
    assert_eq!(v.text, " chuyen tien ngay ");
    assert_eq!(r.repeated_letters, 1);
    assert_eq!(source_of(text, &v, "tiền", false), "tiềnnnn");
}

#[test]
fn teencode_ko_dc() {
    let text = "ko dc đâu";
    let (v, r) = view(text);
    assert_eq!(v.text, " khong duoc dau ");
    assert_eq!(r.abbreviations, 2);
    assert_eq!(source_of(text, &v, "không", false), "ko");
    assert_eq!(source_of(text, &v, "được", false), "dc");
}

#[test]
fn teencode_ck_is_a_transfer_before_an_amount() {
    let text = "ck 5tr";
    let (v, r) = view(text);
    assert_eq!(v.text, " chuyen khoan 5tr ");
    assert_eq!(r.abbreviations, 1);
    assert_eq!(source_of(text, &v, "chuyển khoản", false), "ck");
    assert_eq!(source_of(text, &v, "chuyển khoản 5tr", false), "ck 5tr");
}

#[test]
fn teencode_ck_is_a_husband_next_to_vk() {
    let text = "vk ck";
    let (v, r) = view(text);
    assert_eq!(v.text, " vo chong ");
    assert_eq!(r.abbreviations, 2);
    assert_eq!(source_of(text, &v, "chồng", false), "ck");
}

#[test]
fn ocr_rn_reads_as_m() {
    let text = "rnột";
    let (v, _) = view(text);
    assert_eq!(v.text, view("một").0.text);
    assert_eq!(v.text, " mot ");
    assert_eq!(source_of(text, &v, "một", false), "rnột");
}

#[test]
fn ocr_one_reads_as_l() {
    let text = "đó 1à tiền";
    let (v, _) = view(text);
    assert_eq!(v.text, view("đó là tiền").0.text);
    assert_eq!(source_of(text, &v, "là", false), "1à");
}

#[test]
fn ocr_digits_in_wallet() {
    let text = "Wa11et";
    let (v, r) = view(text);
    assert_eq!(v.text, view("wallet").0.text);
    assert_eq!(r.leet_chars, 2);
    assert_eq!(source_of(text, &v, "wallet", false), "Wa11et");
}

#[test]
fn hyphenation_across_a_line_break() {
    let text = "chuyển khoả-\n   n ngay";
    let (v, r) = view(text);
    assert_eq!(v.text, " chuyen khoan ngay ");
    assert_eq!(r.hyphenations_joined, 1);
    assert_eq!(source_of(text, &v, "khoản", false), "khoả-\n   n");
}

#[test]
fn many_repairs_in_one_text() {
    let text = "Nếu ko ck 30tr thì v\u{0456}d\u{0435}\u{043E} kh0ả th4n sẽ bị p-h-á-t t-á-n, \
                gửi ＵＳＤＴ vào ví, c😈l😈i😈p đã gử\u{200B}i cho vk, tiềnnnn chuyể-\nn ngay";
    let (v, r) = view(text);
    assert_eq!(
        v.text,
        " neu khong chuyen khoan 30tr thi video khoa than se bi phattan gui usdt vao vi ciip \
         da gui cho vo tien chuyen ngay "
    );
    assert_eq!(r.abbreviations, 3, "ko, ck, vk");
    assert_eq!(r.homoglyphs, 3);
    assert_eq!(r.leet_chars, 2);
    assert_eq!(r.joined_letter_runs, 1);
    assert_eq!(r.compatibility_forms, 4);
    assert_eq!(r.symbols_in_words, 3);
    assert_eq!((r.hidden_chars, r.hidden_in_words), (1, 1));
    assert_eq!(r.repeated_letters, 1);
    assert_eq!(r.hyphenations_joined, 1);
    assert_eq!(source_of(text, &v, "không chuyển khoản", false), "ko ck");
    assert_eq!(
        source_of(text, &v, "video khỏa thân", false),
        "v\u{0456}d\u{0435}\u{043E} kh0ả th4n"
    );
    assert_eq!(source_of(text, &v, "phát tán", true), "p-h-á-t t-á-n");
    assert_eq!(source_of(text, &v, "gửi usdt", false), "gửi ＵＳＤＴ");
    assert_eq!(
        source_of(text, &v, "clip đã gửi", false),
        "c😈l😈i😈p đã gử\u{200B}i"
    );
    assert_eq!(source_of(text, &v, "vợ", false), "vk");
    assert_eq!(
        source_of(text, &v, "tiền chuyển ngay", false),
        "tiềnnnn chuyể-\nn ngay"
    );
}
