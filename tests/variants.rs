//! One extortion message and two benign ones, each rendered in every way Vietnamese really
//! reaches us: NFC, NFD, without diacritics, chat abbreviations, deliberate obfuscation, OCR
//! noise, TCVN3 pasted as cp1252 text and as raw bytes, VNI raw bytes, UTF-16LE with a BOM, and
//! UTF-8 mis-read as cp1252 (mojibake, also with the five bytes cp1252 leaves undefined
//! dropped). Every form of the extortion message must be flagged (high where the plain one is
//! high), no form of a benign message may be; the legacy and mojibake forms must report their
//! repair, and every evidence span must fall on character boundaries of the form, cover whole
//! words, and (for re-encodings of the same text) point at exactly the words the plain text's
//! evidence points at.
//!
//! Every text here was written for these tests.

mod common;

use canhgiac::normalize::NormalizationReport;
use canhgiac::{Classifier, RuleSet, Verdict};
use common::{canhgiac, records};
use std::collections::BTreeMap;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

static CLASSIFIER: LazyLock<Classifier> =
    LazyLock::new(|| Classifier::new(RuleSet::builtin().unwrap()).unwrap());

// ---------------------------------------------------------------------------------------
// The texts, with their hand-written forms

/// A message and the forms that cannot be derived mechanically.
struct Message {
    name: &'static str,
    /// Plain NFC.
    plain: &'static str,
    /// Chat abbreviations, as people type them.
    teencode: &'static str,
    /// Zero-width characters, spaced and dotted letters, homoglyphs, leetspeak, emoji.
    obfuscated: &'static str,
    /// A bad transcription: rn/m, l/1, O/0, words hyphenated across line wraps.
    ocr: &'static str,
    extortion: bool,
}

/// Threat + demand: a recorded video call, 30 million, 48 hours, the wife and colleagues.
const EXTORTION: Message = Message {
    name: "extortion",
    plain: "Tao đã ghi lại toàn bộ cuộc gọi video lúc mày khỏa thân tối thứ bảy. Trong 48 giờ \
            mày phải chuyển 30 triệu vào tài khoản tao gửi, nếu không tao sẽ gửi đoạn clip đó \
            cho vợ mày và đồng nghiệp ở cơ quan.",
    teencode: "T đã ghi lại toàn bộ cuộc vc lúc m khỏa thân tối t7. Trong 48h m phải ck 30tr \
               vào stk t gửi, nếu ko t sẽ gửi clip đó cho vk m và đồng nghiệp ở cq nha.",
    obfuscated: "Tao đã ghi lại toàn bộ cuộc g🔴ọi v1de0 lúc mày kh0ả th4n tối thứ bảy. Trong \
                 48 giờ mày phải c h u y ể n 30 tr\u{200B}iệu vào tài kh\u{200D}oản tao gửi, \
                 nếu không tao sẽ gửi đoạn \u{0441}l\u{0456}\u{0440} đó cho v\u{200B}ợ mày và \
                 đ.ồ.n.g n.g.h.i.ệ.p ở cơ quan.",
    ocr: "Tao đã ghi 1ại toàn bộ cuộc gọi vide0 1úc rnày khỏa thân tối thứ bảy. Trong 48 giờ \
          rnày phải chuyển 3O triệu vào tài kho-\nản tao gửi, nếu không tao sẽ gửi đoạn c1ip \
          đó cho vợ rnày và đồng nghi-\nệp ở cơ quan.",
    extortion: true,
};

/// A family arranging a video call with the grandparents.
const FAMILY: Message = Message {
    name: "family chat",
    plain: "Bố ơi, tối nay 8 giờ cả nhà gọi video cho ông bà nhé. Con đã cài Zalo cho bà rồi, \
            bố nhắc mẹ sạc điện thoại trước nha. Ai bận thì báo trong nhóm để dời sang sáng mai.",
    teencode: "Bố ơi, tối nay 8h cả nhà cvid cho ông bà nhé. Con đã cài Zalo cho bà r, bố nhắc \
               mẹ sạc đt trc nha. Ai bận thì ib trong nhóm để dời sang sáng mai nha",
    obfuscated: "Bố ơi, tối nay 8 giờ cả nhà g😊ọi v1de0 cho ông b\u{0430} nhé ❤\u{FE0F}. Con \
                 đã cài Ｚａｌｏ cho bà rồi, bố nhắc mẹ sạc đ\u{200B}iện thoại trước nha. Ai \
                 bận thì báo trong nhóm để dời sang s-á-n-g m-a-i.",
    ocr: "Bố ơi, tối nay 8 giờ cả nhà gọi vide0 cho ông bà nhé. Con đã cài Za1o cho bà rồi, \
          bố nhắc rnẹ sạc điện thoại trước nha. Ai bận thì báo trong nhórn để dời sang sáng \
          rnai.",
    extortion: false,
};

/// A shop ad dressed in fancy letters: fullwidth, Cyrillic, spaced and dotted letters, emoji.
const SHOP_AD: Message = Message {
    name: "shop ad",
    plain: "ＳＡＬＥ 50% toàn bộ đ.ồ.n.g h.ồ nam nữ 🔥 Ｆｒｅｅｓｈｉｐ toàn quốc ✨ h à n g  \
            \u{0441} h í n h  h ã n g, bảo hành 12 tháng 💯 Số lượng có hạn, inbox shop để \
            được tư vấn 💬",
    teencode: "SALE 50% toàn bộ đồng hồ nam nữ, freeship toàn quốc, hàng chính hãng, bh 12 \
               tháng. SL có hạn, ib shop để dc tư vấn nha",
    obfuscated: "Ｓ Ａ Ｌ Ｅ 5０% toàn bộ đ😍ồng h😍ồ nam nữ 🔥 F.r.e.e.s.h.i.p toàn quốc, \
                 hàng \u{0441}hính hãng, bảo hành 12 thá\u{200B}ng 💯 Số 1ượng có hạn, ib shop \
                 để được tư vấn 💬",
    ocr: "SALE 5O% toàn bộ đồng hồ narn nữ, Freeship toàn quốc, hàng chính hãng, bảo hành \
          l2 tháng. Số 1ượng có hạn, inbox shop để được tư vấn, đặt hà-\nng ngay.",
    extortion: false,
};

// ---------------------------------------------------------------------------------------
// Legacy encodings

/// TCVN3 (ABC): Unicode letter, legacy byte, and the byte read as cp1252
/// (`shared/data/tcvn3.tsv`, set `TCVN3`). ABC has no toned capitals.
const TCVN3: [(char, u8, char); 74] = [
    ('Ă', 0xA1, '¡'),
    ('Â', 0xA2, '¢'),
    ('Ê', 0xA3, '£'),
    ('Ô', 0xA4, '¤'),
    ('Ơ', 0xA5, '¥'),
    ('Ư', 0xA6, '¦'),
    ('Đ', 0xA7, '§'),
    ('ă', 0xA8, '¨'),
    ('â', 0xA9, '©'),
    ('ê', 0xAA, 'ª'),
    ('ô', 0xAB, '«'),
    ('ơ', 0xAC, '¬'),
    ('ư', 0xAD, '\u{AD}'),
    ('đ', 0xAE, '®'),
    ('à', 0xB5, 'µ'),
    ('ả', 0xB6, '¶'),
    ('ã', 0xB7, '·'),
    ('á', 0xB8, '¸'),
    ('ạ', 0xB9, '¹'),
    ('ằ', 0xBB, '»'),
    ('ẳ', 0xBC, '¼'),
    ('ẵ', 0xBD, '½'),
    ('ắ', 0xBE, '¾'),
    ('ặ', 0xC6, 'Æ'),
    ('ầ', 0xC7, 'Ç'),
    ('ẩ', 0xC8, 'È'),
    ('ẫ', 0xC9, 'É'),
    ('ấ', 0xCA, 'Ê'),
    ('ậ', 0xCB, 'Ë'),
    ('è', 0xCC, 'Ì'),
    ('ẻ', 0xCE, 'Î'),
    ('ẽ', 0xCF, 'Ï'),
    ('é', 0xD0, 'Ð'),
    ('ẹ', 0xD1, 'Ñ'),
    ('ề', 0xD2, 'Ò'),
    ('ể', 0xD3, 'Ó'),
    ('ễ', 0xD4, 'Ô'),
    ('ế', 0xD5, 'Õ'),
    ('ệ', 0xD6, 'Ö'),
    ('ì', 0xD7, '×'),
    ('ỉ', 0xD8, 'Ø'),
    ('ĩ', 0xDC, 'Ü'),
    ('í', 0xDD, 'Ý'),
    ('ị', 0xDE, 'Þ'),
    ('ò', 0xDF, 'ß'),
    ('ỏ', 0xE1, 'á'),
    ('õ', 0xE2, 'â'),
    ('ó', 0xE3, 'ã'),
    ('ọ', 0xE4, 'ä'),
    ('ồ', 0xE5, 'å'),
    ('ổ', 0xE6, 'æ'),
    ('ỗ', 0xE7, 'ç'),
    ('ố', 0xE8, 'è'),
    ('ộ', 0xE9, 'é'),
    ('ờ', 0xEA, 'ê'),
    ('ở', 0xEB, 'ë'),
    ('ỡ', 0xEC, 'ì'),
    ('ớ', 0xED, 'í'),
    ('ợ', 0xEE, 'î'),
    ('ù', 0xEF, 'ï'),
    ('ủ', 0xF1, 'ñ'),
    ('ũ', 0xF2, 'ò'),
    ('ú', 0xF3, 'ó'),
    ('ụ', 0xF4, 'ô'),
    ('ừ', 0xF5, 'õ'),
    ('ử', 0xF6, 'ö'),
    ('ữ', 0xF7, '÷'),
    ('ứ', 0xF8, 'ø'),
    ('ự', 0xF9, 'ù'),
    ('ỳ', 0xFA, 'ú'),
    ('ỷ', 0xFB, 'û'),
    ('ỹ', 0xFC, 'ü'),
    ('ý', 0xFD, 'ý'),
    ('ỵ', 0xFE, 'þ'),
];

/// VNI-Windows: Unicode letter and its bytes, a base letter plus a diacritic byte for most
/// (`shared/data/vni.tsv`).
const VNI: [(char, &[u8]); 134] = [
    ('Ỉ', &[0xC6]),
    ('Ì', &[0xCC]),
    ('Í', &[0xCD]),
    ('Ỵ', &[0xCE]),
    ('Đ', &[0xD1]),
    ('Ị', &[0xD2]),
    ('Ĩ', &[0xD3]),
    ('Ơ', &[0xD4]),
    ('Ư', &[0xD6]),
    ('ỉ', &[0xE6]),
    ('ì', &[0xEC]),
    ('í', &[0xED]),
    ('ỵ', &[0xEE]),
    ('đ', &[0xF1]),
    ('ị', &[0xF2]),
    ('ĩ', &[0xF3]),
    ('ơ', &[0xF4]),
    ('ư', &[0xF6]),
    ('Ầ', &[0x41, 0xC0]),
    ('Ấ', &[0x41, 0xC1]),
    ('Â', &[0x41, 0xC2]),
    ('Ẫ', &[0x41, 0xC3]),
    ('Ậ', &[0x41, 0xC4]),
    ('Ẩ', &[0x41, 0xC5]),
    ('Ằ', &[0x41, 0xC8]),
    ('Ắ', &[0x41, 0xC9]),
    ('Ă', &[0x41, 0xCA]),
    ('Ặ', &[0x41, 0xCB]),
    ('Ạ', &[0x41, 0xCF]),
    ('Ã', &[0x41, 0xD5]),
    ('À', &[0x41, 0xD8]),
    ('Á', &[0x41, 0xD9]),
    ('Ẳ', &[0x41, 0xDA]),
    ('Ả', &[0x41, 0xDB]),
    ('Ẵ', &[0x41, 0xDC]),
    ('Ề', &[0x45, 0xC0]),
    ('Ế', &[0x45, 0xC1]),
    ('Ê', &[0x45, 0xC2]),
    ('Ễ', &[0x45, 0xC3]),
    ('Ệ', &[0x45, 0xC4]),
    ('Ể', &[0x45, 0xC5]),
    ('Ẹ', &[0x45, 0xCF]),
    ('Ẽ', &[0x45, 0xD5]),
    ('È', &[0x45, 0xD8]),
    ('É', &[0x45, 0xD9]),
    ('Ẻ', &[0x45, 0xDB]),
    ('Ồ', &[0x4F, 0xC0]),
    ('Ố', &[0x4F, 0xC1]),
    ('Ô', &[0x4F, 0xC2]),
    ('Ỗ', &[0x4F, 0xC3]),
    ('Ộ', &[0x4F, 0xC4]),
    ('Ổ', &[0x4F, 0xC5]),
    ('Ọ', &[0x4F, 0xCF]),
    ('Õ', &[0x4F, 0xD5]),
    ('Ò', &[0x4F, 0xD8]),
    ('Ó', &[0x4F, 0xD9]),
    ('Ỏ', &[0x4F, 0xDB]),
    ('Ụ', &[0x55, 0xCF]),
    ('Ũ', &[0x55, 0xD5]),
    ('Ù', &[0x55, 0xD8]),
    ('Ú', &[0x55, 0xD9]),
    ('Ủ', &[0x55, 0xDB]),
    ('Ỹ', &[0x59, 0xD5]),
    ('Ỳ', &[0x59, 0xD8]),
    ('Ý', &[0x59, 0xD9]),
    ('Ỷ', &[0x59, 0xDB]),
    ('ầ', &[0x61, 0xE0]),
    ('ấ', &[0x61, 0xE1]),
    ('â', &[0x61, 0xE2]),
    ('ẫ', &[0x61, 0xE3]),
    ('ậ', &[0x61, 0xE4]),
    ('ẩ', &[0x61, 0xE5]),
    ('ằ', &[0x61, 0xE8]),
    ('ắ', &[0x61, 0xE9]),
    ('ă', &[0x61, 0xEA]),
    ('ặ', &[0x61, 0xEB]),
    ('ạ', &[0x61, 0xEF]),
    ('ã', &[0x61, 0xF5]),
    ('à', &[0x61, 0xF8]),
    ('á', &[0x61, 0xF9]),
    ('ẳ', &[0x61, 0xFA]),
    ('ả', &[0x61, 0xFB]),
    ('ẵ', &[0x61, 0xFC]),
    ('ề', &[0x65, 0xE0]),
    ('ế', &[0x65, 0xE1]),
    ('ê', &[0x65, 0xE2]),
    ('ễ', &[0x65, 0xE3]),
    ('ệ', &[0x65, 0xE4]),
    ('ể', &[0x65, 0xE5]),
    ('ẹ', &[0x65, 0xEF]),
    ('ẽ', &[0x65, 0xF5]),
    ('è', &[0x65, 0xF8]),
    ('é', &[0x65, 0xF9]),
    ('ẻ', &[0x65, 0xFB]),
    ('ồ', &[0x6F, 0xE0]),
    ('ố', &[0x6F, 0xE1]),
    ('ô', &[0x6F, 0xE2]),
    ('ỗ', &[0x6F, 0xE3]),
    ('ộ', &[0x6F, 0xE4]),
    ('ổ', &[0x6F, 0xE5]),
    ('ọ', &[0x6F, 0xEF]),
    ('õ', &[0x6F, 0xF5]),
    ('ò', &[0x6F, 0xF8]),
    ('ó', &[0x6F, 0xF9]),
    ('ỏ', &[0x6F, 0xFB]),
    ('ụ', &[0x75, 0xEF]),
    ('ũ', &[0x75, 0xF5]),
    ('ù', &[0x75, 0xF8]),
    ('ú', &[0x75, 0xF9]),
    ('ủ', &[0x75, 0xFB]),
    ('ỹ', &[0x79, 0xF5]),
    ('ỳ', &[0x79, 0xF8]),
    ('ý', &[0x79, 0xF9]),
    ('ỷ', &[0x79, 0xFB]),
    ('Ợ', &[0xD4, 0xCF]),
    ('Ỡ', &[0xD4, 0xD5]),
    ('Ờ', &[0xD4, 0xD8]),
    ('Ớ', &[0xD4, 0xD9]),
    ('Ở', &[0xD4, 0xDB]),
    ('Ự', &[0xD6, 0xCF]),
    ('Ữ', &[0xD6, 0xD5]),
    ('Ừ', &[0xD6, 0xD8]),
    ('Ứ', &[0xD6, 0xD9]),
    ('Ử', &[0xD6, 0xDB]),
    ('ợ', &[0xF4, 0xEF]),
    ('ỡ', &[0xF4, 0xF5]),
    ('ờ', &[0xF4, 0xF8]),
    ('ớ', &[0xF4, 0xF9]),
    ('ở', &[0xF4, 0xFB]),
    ('ự', &[0xF6, 0xEF]),
    ('ữ', &[0xF6, 0xF5]),
    ('ừ', &[0xF6, 0xF8]),
    ('ứ', &[0xF6, 0xF9]),
    ('ử', &[0xF6, 0xFB]),
];

/// cp1252 bytes 0x80–0x9F (WHATWG: the five holes read as the C1 control of the same value);
/// 0xA0–0xFF are Latin-1.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

fn cp1252(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The TCVN3 entry of a letter. ABC types toned capitals with the small letter's code.
fn tcvn3(c: char) -> (u8, char) {
    let find = |c: char| TCVN3.iter().find(|e| e.0 == c).map(|e| (e.1, e.2));
    find(c)
        .or_else(|| find(c.to_lowercase().next().unwrap()))
        .unwrap_or_else(|| panic!("{c:?} has no TCVN3 code"))
}

fn vni(c: char) -> &'static [u8] {
    VNI.iter()
        .find(|e| e.0 == c)
        .map(|e| e.1)
        .unwrap_or_else(|| panic!("{c:?} has no VNI code"))
}

/// What a legacy font can hold of a text: compatibility forms folded (fullwidth to ASCII),
/// Cyrillic look-alikes written as the Latin letters they imitate, emoji dropped.
fn legacy_base(text: &str) -> String {
    text.nfkc()
        .map(|c| match c {
            '\u{0430}' => 'a',
            '\u{0441}' => 'c',
            '\u{0435}' => 'e',
            '\u{0456}' => 'i',
            '\u{043E}' => 'o',
            '\u{0440}' => 'p',
            _ => c,
        })
        .filter(|&c| c.is_ascii() || VNI.iter().any(|e| e.0 == c))
        .collect()
}

fn strip_diacritics(text: &str) -> String {
    text.nfd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            _ => c,
        })
        .nfc()
        .collect()
}

// ---------------------------------------------------------------------------------------
// Forms

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Nfc,
    Nfd,
    NoDiacritics,
    Teencode,
    Obfuscated,
    Ocr,
    Tcvn3Pasted,
    Tcvn3Raw,
    VniRaw,
    Utf16LeBom,
    Mojibake,
    /// Mojibake from a cp1252 decoder that drops the five bytes cp1252 leaves undefined
    /// (`tiền` arrives as `tiá»n`).
    MojibakeLossy,
}

const FORMS: [Form; 12] = [
    Form::Nfc,
    Form::Nfd,
    Form::NoDiacritics,
    Form::Teencode,
    Form::Obfuscated,
    Form::Ocr,
    Form::Tcvn3Pasted,
    Form::Tcvn3Raw,
    Form::VniRaw,
    Form::Utf16LeBom,
    Form::Mojibake,
    Form::MojibakeLossy,
];

impl Form {
    /// The repair the decoder must report for this form.
    fn repair(self) -> Option<&'static str> {
        match self {
            Form::Tcvn3Pasted | Form::Tcvn3Raw => Some("tcvn3"),
            Form::VniRaw => Some("vni"),
            Form::Utf16LeBom => Some("utf16le"),
            Form::Mojibake | Form::MojibakeLossy => Some("utf8_as_latin1"),
            _ => None,
        }
    }

    /// Whether the form is the same text as another form, only encoded differently, so its
    /// evidence must be that text's evidence.
    fn reencodes(self) -> bool {
        !matches!(
            self,
            Form::Nfc | Form::NoDiacritics | Form::Teencode | Form::Obfuscated | Form::Ocr
        )
    }
}

/// A form rendered to bytes: the text a perfect decoder reads from them, and which input
/// offsets start a character of that text (with the end of input as the last).
struct Rendered {
    bytes: Vec<u8>,
    text: String,
    /// Input offset → text offset, at every character boundary.
    bounds: BTreeMap<usize, usize>,
}

impl Rendered {
    /// Encode `text` character by character with `enc`, after a `prefix` (a BOM).
    fn encode(text: &str, prefix: &[u8], mut enc: impl FnMut(char, &mut Vec<u8>)) -> Rendered {
        let mut bytes = prefix.to_vec();
        let mut bounds = BTreeMap::new();
        for (i, c) in text.char_indices() {
            bounds.insert(bytes.len(), i);
            enc(c, &mut bytes);
        }
        bounds.insert(bytes.len(), text.len());
        Rendered {
            bytes,
            text: text.to_string(),
            bounds,
        }
    }

    fn utf8(text: &str) -> Rendered {
        Rendered::encode(text, &[], push_char)
    }
}

fn push_char(c: char, out: &mut Vec<u8>) {
    out.extend(c.encode_utf8(&mut [0; 4]).bytes());
}

fn render(m: &Message, form: Form) -> Rendered {
    let legacy = || legacy_base(m.plain);
    match form {
        Form::Nfc => Rendered::utf8(m.plain),
        Form::Nfd => Rendered::utf8(&m.plain.nfd().collect::<String>()),
        Form::NoDiacritics => Rendered::utf8(&strip_diacritics(m.plain)),
        Form::Teencode => Rendered::utf8(m.teencode),
        Form::Obfuscated => Rendered::utf8(m.obfuscated),
        Form::Ocr => Rendered::utf8(m.ocr),
        Form::Tcvn3Pasted => Rendered::encode(&legacy(), &[], |c, out| {
            push_char(if c.is_ascii() { c } else { tcvn3(c).1 }, out)
        }),
        Form::Tcvn3Raw => Rendered::encode(&legacy(), &[], |c, out| {
            out.push(if c.is_ascii() { c as u8 } else { tcvn3(c).0 })
        }),
        Form::VniRaw => Rendered::encode(&legacy(), &[], |c, out| {
            if c.is_ascii() {
                out.push(c as u8);
            } else {
                out.extend_from_slice(vni(c));
            }
        }),
        Form::Utf16LeBom => Rendered::encode(m.plain, &[0xFF, 0xFE], |c, out| {
            for u in c.encode_utf16(&mut [0; 2]) {
                out.extend(u.to_le_bytes());
            }
        }),
        Form::Mojibake => Rendered::encode(m.plain, &[], |c, out| {
            for b in c.encode_utf8(&mut [0; 4]).bytes() {
                push_char(cp1252(b), out);
            }
        }),
        Form::MojibakeLossy => Rendered::encode(m.plain, &[], |c, out| {
            for b in c.encode_utf8(&mut [0; 4]).bytes() {
                if !matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D) {
                    push_char(cp1252(b), out);
                }
            }
        }),
    }
}

// ---------------------------------------------------------------------------------------
// Checks

fn verdict_of(bytes: &[u8]) -> Verdict {
    CLASSIFIER.assess(bytes).verdict
}

/// The verdict bar: every form of the extortion message is at least medium, and high when the
/// plain message is high; every form of a benign message is below medium.
#[track_caller]
fn check_verdict(m: &Message, form: Form) {
    let r = render(m, form);
    let a = CLASSIFIER.assess(&r.bytes);
    let plain = verdict_of(m.plain.as_bytes());
    let found = || {
        let ev: Vec<String> = a
            .evidence
            .iter()
            .map(|e| format!("{}={:?}", e.signal, e.text))
            .collect();
        format!(
            "{} as {form:?}: {:?} ({:.2}); evidence: {}",
            m.name,
            a.verdict,
            a.score,
            ev.join(", ")
        )
    };
    if m.extortion {
        assert!(a.verdict >= Verdict::Medium, "{}", found());
        if plain == Verdict::High {
            assert_eq!(a.verdict, Verdict::High, "{}", found());
        }
    } else {
        assert!(a.verdict < Verdict::Medium, "{}", found());
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Problems with the evidence and repair of one rendered form, as readable lines. With
/// `compare`, a re-encoded form must also give the evidence (and verdict) of its Unicode text.
fn span_problems(m: &Message, form: Form, compare: bool) -> Vec<String> {
    let r = render(m, form);
    let a = CLASSIFIER.assess(&r.bytes);
    let mut out = Vec::new();
    let mut say = |s: String| out.push(format!("{} as {form:?}: {s}", m.name));
    if a.normalization.encoding_repair.as_deref() != form.repair() {
        say(format!(
            "encoding_repair {:?}, expected {:?}",
            a.normalization.encoding_repair,
            form.repair()
        ));
    }
    if a.normalization.invalid_utf8 != 0 {
        say(format!(
            "{} invalid sequences",
            a.normalization.invalid_utf8
        ));
    }
    let mut found: Vec<(String, String)> = Vec::new();
    for e in &a.evidence {
        if !(e.start < e.end && e.end <= r.bytes.len()) {
            say(format!(
                "{} span {}..{} out of range",
                e.signal, e.start, e.end
            ));
            continue;
        }
        if e.text != String::from_utf8_lossy(&r.bytes[e.start..e.end]) {
            say(format!(
                "{} text {:?} is not its input bytes",
                e.signal, e.text
            ));
        }
        let (Some(&ts), Some(&te)) = (r.bounds.get(&e.start), r.bounds.get(&e.end)) else {
            say(format!(
                "{} span {}..{} ({:?}) cuts a character",
                e.signal,
                e.start,
                e.end,
                String::from_utf8_lossy(&r.bytes[e.start..e.end])
            ));
            continue;
        };
        let piece = &r.text[ts..te];
        let before = r.text[..ts].chars().next_back();
        let after = r.text[te..].chars().next();
        if before.is_some_and(is_word_char) || after.is_some_and(is_word_char) {
            say(format!(
                "{} span {piece:?} cuts a word: …{:?}|{piece}|{:?}…",
                e.signal,
                before.unwrap(),
                after.unwrap_or(' ')
            ));
        }
        if piece.trim() != piece || piece.is_empty() {
            say(format!("{} span {piece:?} is not trimmed", e.signal));
        }
        found.push((e.signal.clone(), piece.nfc().collect()));
    }
    if compare && form.reencodes() {
        // The same text in Unicode must give the same evidence, at the same words.
        let reference = CLASSIFIER.assess(r.text.nfc().collect::<String>().as_bytes());
        let mut want: Vec<(String, String)> = reference
            .evidence
            .iter()
            .map(|e| (e.signal.clone(), e.text.clone()))
            .collect();
        want.sort();
        found.sort();
        if want != found {
            say(format!(
                "evidence differs from the Unicode text's:\n  got  {found:?}\n  want {want:?}"
            ));
        }
        if reference.verdict != a.verdict {
            say(format!(
                "verdict {:?}, the Unicode text's is {:?}",
                a.verdict, reference.verdict
            ));
        }
    }
    out
}

/// Every form's evidence and repair; lossy mojibake is compared with its Unicode text only
/// where the decoder's guesses of the lost bytes are known to be right (see below).
#[track_caller]
fn check_spans(m: &Message, lossy_mojibake_decodes: bool) {
    let problems: Vec<String> = FORMS
        .iter()
        .flat_map(|&f| span_problems(m, f, f != Form::MojibakeLossy || lossy_mojibake_decodes))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------
// Verdicts: one test per message and form

macro_rules! verdicts {
    ($($(#[$attr:meta])* $name:ident: $msg:ident, $form:ident;)*) => {
        $(
            $(#[$attr])*
            #[test]
            fn $name() {
                check_verdict(&$msg, Form::$form);
            }
        )*
    };
}

verdicts! {
    extortion_nfc: EXTORTION, Nfc;
    extortion_nfd: EXTORTION, Nfd;
    extortion_no_diacritics: EXTORTION, NoDiacritics;
    extortion_teencode: EXTORTION, Teencode;
    extortion_obfuscated: EXTORTION, Obfuscated;
    extortion_ocr: EXTORTION, Ocr;
    extortion_tcvn3_pasted: EXTORTION, Tcvn3Pasted;
    extortion_tcvn3_raw: EXTORTION, Tcvn3Raw;
    extortion_vni_raw: EXTORTION, VniRaw;
    extortion_utf16le_bom: EXTORTION, Utf16LeBom;
    extortion_mojibake: EXTORTION, Mojibake;
    extortion_mojibake_lossy: EXTORTION, MojibakeLossy;

    family_nfc: FAMILY, Nfc;
    family_nfd: FAMILY, Nfd;
    family_no_diacritics: FAMILY, NoDiacritics;
    family_teencode: FAMILY, Teencode;
    family_obfuscated: FAMILY, Obfuscated;
    family_ocr: FAMILY, Ocr;
    family_tcvn3_pasted: FAMILY, Tcvn3Pasted;
    family_tcvn3_raw: FAMILY, Tcvn3Raw;
    family_vni_raw: FAMILY, VniRaw;
    family_utf16le_bom: FAMILY, Utf16LeBom;
    family_mojibake: FAMILY, Mojibake;
    family_mojibake_lossy: FAMILY, MojibakeLossy;

    shop_ad_nfc: SHOP_AD, Nfc;
    shop_ad_nfd: SHOP_AD, Nfd;
    shop_ad_no_diacritics: SHOP_AD, NoDiacritics;
    shop_ad_teencode: SHOP_AD, Teencode;
    shop_ad_obfuscated: SHOP_AD, Obfuscated;
    shop_ad_ocr: SHOP_AD, Ocr;
    shop_ad_tcvn3_pasted: SHOP_AD, Tcvn3Pasted;
    shop_ad_tcvn3_raw: SHOP_AD, Tcvn3Raw;
    shop_ad_vni_raw: SHOP_AD, VniRaw;
    shop_ad_utf16le_bom: SHOP_AD, Utf16LeBom;
    shop_ad_mojibake: SHOP_AD, Mojibake;
    shop_ad_mojibake_lossy: SHOP_AD, MojibakeLossy;
}

// ---------------------------------------------------------------------------------------
// Evidence spans and repairs: one test per message, over every form

#[test]
fn extortion_evidence_is_exact_in_every_form() {
    check_spans(&EXTORTION, false);
}

#[test]
#[ignore = "gap: lossy mojibake (cp1252 holes dropped) is repaired with the first letter that \
            makes a syllable, not the likely word: gọi→gời, khỏa→khọa, giờ→giề, so `48 giề` \
            loses the deadline signal (the verdict stays high)"]
fn extortion_lossy_mojibake_evidence_is_the_unicode_texts() {
    let problems = span_problems(&EXTORTION, Form::MojibakeLossy, true);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
#[ignore = "gap: lossy mojibake (cp1252 holes dropped) is repaired with the first letter that \
            makes a syllable, not the likely word: gọi→gời, khỏa→khọa, giờ→giề"]
fn lossy_mojibake_decodes_to_the_words_written() {
    use canhgiac::Encoding;
    use canhgiac::decode::decode;
    for m in [&EXTORTION, &FAMILY] {
        let r = render(m, Form::MojibakeLossy);
        assert_eq!(decode(&r.bytes, Encoding::Auto).text, m.plain, "{}", m.name);
    }
}

#[test]
fn family_chat_evidence_is_exact_in_every_form() {
    check_spans(&FAMILY, true);
}

#[test]
fn shop_ad_evidence_is_exact_in_every_form() {
    check_spans(&SHOP_AD, true);
}

/// The encoders above are what the tables say: decoding each legacy form with the forced
/// encoding gives the Unicode text back.
#[test]
fn legacy_forms_round_trip_through_the_decoder() {
    use canhgiac::Encoding;
    use canhgiac::decode::decode;
    for m in [&EXTORTION, &FAMILY, &SHOP_AD] {
        for (form, enc) in [
            (Form::Tcvn3Pasted, Encoding::Tcvn3),
            (Form::Tcvn3Raw, Encoding::Tcvn3),
            (Form::VniRaw, Encoding::Vni),
            (Form::Utf16LeBom, Encoding::Utf16),
        ] {
            let r = render(m, form);
            let d = decode(&r.bytes, enc);
            assert_eq!(d.text, r.text, "{} as {form:?} with {enc:?}", m.name);
        }
    }
}

/// Only the shop ad's fancy letters and emoji are beyond a legacy font: the other messages
/// are encoded whole.
#[test]
fn legacy_forms_keep_the_plain_messages_whole() {
    assert_eq!(legacy_base(EXTORTION.plain), EXTORTION.plain);
    assert_eq!(legacy_base(FAMILY.plain), FAMILY.plain);
    assert!(legacy_base(SHOP_AD.plain).starts_with("SALE 50% toàn bộ đ.ồ.n.g h.ồ nam nữ"));
}

/// The report counts the repairs each hand-written form was written to need.
#[test]
fn obfuscated_forms_report_their_obfuscation() {
    for m in [&EXTORTION, &FAMILY, &SHOP_AD] {
        let report: NormalizationReport = CLASSIFIER.assess(m.obfuscated.as_bytes()).normalization;
        assert!(report.obfuscation_count() >= 3, "{}: {report:?}", m.name);
        let plain = CLASSIFIER.assess(m.plain.as_bytes()).normalization;
        assert!(
            report.obfuscation_count() > plain.obfuscation_count(),
            "{}: {report:?}",
            m.name
        );
    }
}

// ---------------------------------------------------------------------------------------
// The binary on files

/// The byte-level forms written to files and scanned in one run of the binary.
#[test]
fn binary_reads_legacy_and_utf16_files() {
    let dir = tempfile::tempdir().unwrap();
    let forms = [
        Form::Tcvn3Raw,
        Form::VniRaw,
        Form::Utf16LeBom,
        Form::Mojibake,
    ];
    let mut args = vec!["scan".to_string(), "--format".into(), "jsonl".into()];
    let mut rendered = Vec::new();
    for (i, form) in forms.into_iter().enumerate() {
        let r = render(&EXTORTION, form);
        let path = dir.path().join(format!("{i}.txt"));
        std::fs::write(&path, &r.bytes).unwrap();
        args.push(path.to_str().unwrap().to_string());
        rendered.push((form, r));
    }
    let out = canhgiac().args(&args).output().unwrap();
    let recs = records(&out);
    assert_eq!(recs.len(), forms.len());
    for (i, (form, r)) in rendered.iter().enumerate() {
        let path = dir.path().join(format!("{i}.txt"));
        let rec = recs
            .iter()
            .find(|rec| rec.source.path == path.to_str().unwrap())
            .unwrap_or_else(|| panic!("no record for {}", path.display()));
        assert_eq!(rec.verdict, common::Verdict::High, "{form:?}");
        assert_eq!(rec.normalization.encoding_repair.as_deref(), form.repair());
        assert!(!rec.evidence.is_empty(), "{form:?}");
        for e in &rec.evidence {
            assert!(
                r.bounds.contains_key(&e.start) && r.bounds.contains_key(&e.end),
                "{form:?}: {}..{} cuts a character",
                e.start,
                e.end
            );
            assert_eq!(e.text, String::from_utf8_lossy(&r.bytes[e.start..e.end]));
        }
    }
}
