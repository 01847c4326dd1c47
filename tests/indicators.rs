//! Indicator extraction through the public API (`canhgiac::indicators::extract`): the forms
//! listed in the issue, checksum vectors from public specifications, split addresses, NFD
//! text, and benign texts that carry indicators too.

use canhgiac::indicators::{Indicator, Indicators, extract};
use sha2::{Digest, Sha256};

fn normalized(v: &[Indicator]) -> Vec<&str> {
    v.iter().map(|i| i.normalized.as_str()).collect()
}

/// Every indicator's value is its span of the text.
fn check_spans(text: &str, found: &Indicators) {
    for i in found
        .wallets
        .iter()
        .chain(&found.emails)
        .chain(&found.phones)
        .chain(&found.urls)
        .chain(&found.handles)
        .chain(&found.amounts)
        .chain(&found.deadlines)
    {
        assert_eq!(&text[i.start..i.end], i.value, "{i:?}");
    }
}

/// A TRON address made the way wallets make it: 0x41 + a 20-byte account id, base58check.
fn tron(id: [u8; 20]) -> String {
    let mut payload = vec![0x41u8];
    payload.extend_from_slice(&id);
    let check = Sha256::digest(Sha256::digest(&payload));
    payload.extend_from_slice(&check[..4]);
    bs58::encode(payload).into_string()
}

/// Change one character to another of the same alphabet class.
fn flip(s: &str, at: usize) -> String {
    let mut b = s.as_bytes().to_vec();
    b[at] = match b[at] {
        b'a'..=b'j' | b'A'..=b'H' | b'2'..=b'8' => b[at] + 1,
        b'1' | b'9' => b'5',
        _ => b'c',
    };
    String::from_utf8(b).unwrap()
}

#[test]
fn eip55_test_vectors_validate_and_a_flipped_case_does_not() {
    for a in [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ] {
        let text = format!("Gửi 500 USDT (BEP20) tới {a}.");
        let f = extract(&text);
        assert_eq!(f.wallets.len(), 1, "{a}");
        let w = &f.wallets[0];
        assert_eq!((w.value.as_str(), w.valid), (a, Some(true)));
        assert_eq!(w.network.as_deref(), Some("ERC20/BEP20"));
        // Swap the case of one letter: the checksum must fail.
        let i = a[2..].find(|c: char| c.is_ascii_alphabetic()).unwrap() + 2;
        let mut bad = a.to_string();
        let c = bad.as_bytes()[i] as char;
        let swapped = if c.is_ascii_uppercase() {
            c.to_ascii_lowercase()
        } else {
            c.to_ascii_uppercase()
        };
        bad.replace_range(i..=i, &swapped.to_string());
        let w = &extract(&bad).wallets[0];
        assert_eq!(w.valid, Some(false), "{bad}");
        assert_eq!(w.normalized, a, "the canonical form is the checksummed one");
    }
}

#[test]
fn uniform_case_evm_addresses_have_no_checksum() {
    for a in [
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        "0X5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED",
    ] {
        let w = &extract(a).wallets[0];
        assert_eq!(w.valid, None, "{a}");
        assert_eq!(w.normalized, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    }
}

#[test]
fn bip173_and_bip350_vectors() {
    for a in [
        "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
        "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
    ] {
        let f = extract(&format!("BTC: {a}"));
        let w = &f.wallets[0];
        assert_eq!(
            (w.valid, w.network.as_deref()),
            (Some(true), Some("BTC")),
            "{a}"
        );
        assert_eq!(w.normalized, a.to_ascii_lowercase());
        let bad = flip(a, 12);
        assert_eq!(extract(&bad).wallets[0].valid, Some(false), "{bad}");
    }
    // BIP-350: a v0 program with a bech32m checksum is invalid.
    let v0m = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh";
    assert_eq!(extract(v0m).wallets[0].valid, Some(false));
}

#[test]
fn bitcoin_legacy_base58check() {
    for a in [
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
    ] {
        let w = &extract(a).wallets[0];
        assert_eq!((w.valid, w.network.as_deref()), (Some(true), Some("BTC")));
        assert_eq!(extract(&flip(a, 8)).wallets[0].valid, Some(false));
    }
}

#[test]
fn tron_address_generated_in_the_test() {
    for id in [[0u8; 20], [0xff; 20], *b"canhgiac-usdt-trc20!"] {
        let a = tron(id);
        assert!(a.starts_with('T') && a.len() == 34, "{a}");
        let text = format!("Ví USDT TRC20 của tôi: {a}\nChuyển ngay.");
        let w = &extract(&text).wallets[0];
        assert_eq!((w.value.as_str(), w.valid), (a.as_str(), Some(true)));
        assert_eq!(w.network.as_deref(), Some("TRC20"));
        let bad = flip(&a, 20);
        if bad.bytes().any(|b| b.is_ascii_lowercase()) && bad.bytes().any(|b| b.is_ascii_digit()) {
            assert_eq!(extract(&bad).wallets[0].valid, Some(false), "{bad}");
        }
    }
}

#[test]
fn split_addresses_are_joined_when_they_validate() {
    let a = tron(*b"split-by-ocr-or-font");
    for text in [
        format!("Địa chỉ ví: {} {} {}", &a[..11], &a[11..22], &a[22..]),
        format!("Địa chỉ ví:\n{}\n{}", &a[..17], &a[17..]),
        format!("Địa chỉ ví: {}  {}\r\n{}", &a[..5], &a[5..30], &a[30..]),
    ] {
        let f = extract(&text);
        assert_eq!(f.wallets.len(), 1, "{text}");
        let w = &f.wallets[0];
        assert_eq!(w.normalized, a);
        assert_eq!(w.valid, Some(true));
        assert!(
            text.ends_with(&w.value),
            "the span covers the whole split address"
        );
    }
    let b = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
    let f = extract(&format!("{} {}", &b[..21], &b[21..]));
    assert_eq!(normalized(&f.wallets), [b]);
    // Wrong checksum: nothing is glued.
    let bad = flip(&a, 25);
    assert!(
        extract(&format!("{} {}", &bad[..17], &bad[17..]))
            .wallets
            .is_empty()
    );
}

#[test]
fn emails_plain_and_spelled_out() {
    let cases = [
        (
            "Liên hệ: Hacker.VN@ProtonMail.com",
            "hacker.vn@protonmail.com",
        ),
        ("abc [at] protonmail [dot] com", "abc@protonmail.com"),
        ("abc @ proton mail . com", "abc@protonmail.com"),
        ("abc(at)gmail(dot)com", "abc@gmail.com"),
        ("abc [a còng] gmail [chấm] com", "abc@gmail.com"),
        (
            "ABC [A CO\u{300}NG] GMAIL [CHA\u{302}\u{301}M] COM",
            "abc@gmail.com",
        ),
    ];
    for (text, want) in cases {
        let f = extract(text);
        assert_eq!(normalized(&f.emails), [want], "{text}");
        assert!(f.urls.is_empty() && f.handles.is_empty(), "{text}: {f:?}");
        check_spans(text, &f);
    }
}

#[test]
fn phones_in_e164_but_not_accounts() {
    let text = "Gọi 0912 345 678 hoặc +84 38 345 6789, Zalo 0987.654.321. \
                STK: 0911222333 Vietcombank. Tài khoản 0922333444. TK 0933444555. Account: 0944555666.";
    let f = extract(text);
    assert_eq!(
        normalized(&f.phones),
        ["+84912345678", "+84383456789", "+84987654321"]
    );
    check_spans(text, &f);
}

#[test]
fn phone_digits_inside_a_wallet_are_not_a_phone() {
    let a = "0x0912345678aBcDef0000000000000000000000a1";
    let f = extract(a);
    assert_eq!(f.wallets.len(), 1);
    assert!(f.phones.is_empty());
}

#[test]
fn urls_and_handles() {
    let text = "Vào https://xem-clip.top/v?id=9, nhắn @chuyen_gia_88 hoặc t.me/chuyen_gia_88; \
                zalo.me/0912345678 và fb.com/nguyen.van.a. Email a@b.com";
    let f = extract(text);
    assert_eq!(
        normalized(&f.urls),
        [
            "https://xem-clip.top/v?id=9",
            "http://t.me/chuyen_gia_88",
            "http://zalo.me/0912345678",
            "http://fb.com/nguyen.van.a"
        ]
    );
    assert_eq!(
        normalized(&f.handles),
        [
            "@chuyen_gia_88",
            "@chuyen_gia_88",
            "zalo.me/0912345678",
            "facebook.com/nguyen.van.a"
        ]
    );
    let networks: Vec<_> = f.handles.iter().map(|h| h.network.as_deref()).collect();
    assert_eq!(
        networks,
        [None, Some("Telegram"), Some("Zalo"), Some("Facebook")]
    );
    assert_eq!(normalized(&f.phones), ["+84912345678"]);
    assert_eq!(normalized(&f.emails), ["a@b.com"]);
    check_spans(text, &f);
}

#[test]
fn every_amount_form_of_the_issue() {
    for (text, want) in [
        ("10.000 USDT", "10000 USDT"),
        ("5k USDT", "5000 USDT"),
        ("50 triệu", "50000000 VND"),
        ("1,5 tỷ", "1500000000 VND"),
        ("15tr", "15000000 VND"),
        ("30 nghìn đô", "30000 USD"),
        ("$2,000", "2000 USD"),
        ("2 BTC", "2 BTC"),
        ("0.05 BTC", "0.05 BTC"),
        ("500k", "500000 VND"),
        ("2 củ", "2000000 VND"),
        ("30 lít", "3000000 VND"),
        ("nửa tỷ", "500000000 VND"),
        ("50 trie\u{302}\u{323}u", "50000000 VND"),
        ("50 TRIỆU ĐỒNG", "50000000 VND"),
        ("50 trieu", "50000000 VND"),
    ] {
        let sentence = format!("Anh phải chuyển {text} ngay.");
        let f = extract(&sentence);
        assert_eq!(normalized(&f.amounts), [want], "{sentence}");
        assert_eq!(f.amounts[0].value, text);
    }
}

#[test]
fn ocr_slang_and_english_amounts() {
    for (text, want) in [
        ("2O.000 USDT", "20000 USDT"),
        ("8.OOO USDT", "8000 USDT"),
        ("3 tỏi", "3000000000 VND"),
        ("2tr5", "2500000 VND"),
        ("1 triệu rưỡi", "1500000 VND"),
        ("hai trăm triệu", "200000000 VND"),
        ("500 đô la", "500 USD"),
        ("USD 1,500", "1500 USD"),
        ("10 thousand dollars", "10000 USD"),
        ("1.234,5 USDT", "1234.5 USDT"),
    ] {
        let f = extract(text);
        assert_eq!(normalized(&f.amounts), [want], "{text}");
    }
    // Look-alikes: "cũ" (old), "độ" (degree), "tôi" (I), a video resolution, a volume.
    for text in [
        "xe 2 cũ",
        "trời 8 độ",
        "năm 2 tôi học",
        "video 4K",
        "30 lít xăng",
        "năm 2024",
    ] {
        assert!(extract(text).amounts.is_empty(), "{text}");
    }
}

#[test]
fn every_deadline_form_of_the_issue() {
    for (text, want) in [
        ("trong 48 giờ", "48h"),
        ("trong vòng 24h", "24h"),
        ("trước 17h ngày 20/12", "17:00 20/12"),
        ("hạn chót thứ Sáu", "friday"),
        ("within 24 hours", "24h"),
        ("before Friday", "friday"),
        ("by midnight", "midnight"),
        ("trước 12h trưa mai", "12:00 tomorrow"),
        ("sau 3 ngày", "3d"),
        ("TRONG VO\u{300}NG 24 GIO\u{31b}\u{300}", "24h"),
        ("by tomorrow 9am", "09:00 tomorrow"),
        ("trước 8 giờ tối nay", "20:00 today"),
        ("trước ngày 25/12/2024", "25/12/2024"),
    ] {
        let sentence = format!("Hãy trả tiền {text}, nếu không tôi sẽ gửi.");
        let f = extract(&sentence);
        assert_eq!(normalized(&f.deadlines), [want], "{sentence}");
        assert_eq!(f.deadlines[0].value, text);
    }
}

#[test]
fn a_whole_letter() {
    let a = tron(*b"0123456789abcdefghij");
    let text = format!(
        "Chào anh,\nTôi có video của anh. Chuyển 10.000 USDT (khoảng 250 triệu) vào ví TRC20:\n\
         {}\n{}\ntrước 17h ngày 20/12. Liên hệ hacker [a còng] proton [chấm] me \
         hoặc Telegram @hacker_vn99. Nếu không, trong vòng 48 giờ clip sẽ tới vợ anh.",
        &a[..17],
        &a[17..]
    );
    let f = extract(&text);
    check_spans(&text, &f);
    assert_eq!(normalized(&f.wallets), [a.as_str()]);
    assert_eq!(normalized(&f.amounts), ["10000 USDT", "250000000 VND"]);
    assert_eq!(normalized(&f.deadlines), ["17:00 20/12", "48h"]);
    assert_eq!(normalized(&f.emails), ["hacker@proton.me"]);
    assert_eq!(normalized(&f.handles), ["@hacker_vn99"]);
    assert!(f.phones.is_empty() && f.urls.is_empty());
}

#[test]
fn benign_texts_still_yield_their_indicators() {
    // A shop's advertisement: extraction is not classification.
    let shop = "Tiệm bánh Hoa Mai — đặt hàng: 0283 822 1234 hoặc 0909 123 456, \
                web hoamai.vn, giá 150k/hộp, giao trong 2 giờ.";
    let f = extract(shop);
    assert_eq!(normalized(&f.phones), ["+842838221234", "+84909123456"]);
    assert_eq!(normalized(&f.urls), ["http://hoamai.vn"]);
    assert_eq!(normalized(&f.amounts), ["150000 VND"]);
    assert_eq!(normalized(&f.deadlines), ["2h"]);
    check_spans(shop, &f);

    // An invoice paid in crypto.
    let a = tron([9; 20]);
    let invoice = format!(
        "HÓA ĐƠN #2024-117\nTổng: 1.250,50 USDT. Thanh toán tới {a} (TRC20) trước 25/12/2024.\n\
         Hỗ trợ: billing@cong-ty.com.vn"
    );
    let f = extract(&invoice);
    assert_eq!(normalized(&f.wallets), [a.as_str()]);
    assert_eq!(f.wallets[0].valid, Some(true));
    assert_eq!(normalized(&f.amounts), ["1250.5 USDT"]);
    assert_eq!(normalized(&f.deadlines), ["25/12/2024"]);
    assert_eq!(normalized(&f.emails), ["billing@cong-ty.com.vn"]);
    assert!(
        f.urls.is_empty(),
        "the e-mail's domain is not a URL: {:?}",
        f.urls
    );
    check_spans(&invoice, &f);
}

#[test]
fn text_without_indicators_is_empty_and_json_round_trips() {
    assert!(extract("").is_empty());
    assert!(extract("Chúc mừng sinh nhật em, hẹn gặp cuối tuần nhé!").is_empty());
    let f = extract("Chuyển 5k USDT tới 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed trong 24h");
    let json = serde_json::to_string(&f).unwrap();
    assert!(
        !json.contains("\"valid\":null"),
        "absent checks are omitted: {json}"
    );
    let back: Indicators = serde_json::from_str(&json).unwrap();
    assert_eq!(back, f);
}

#[test]
fn never_panics_on_odd_input() {
    let odd = [
        "\u{0301}\u{0301}T",
        "0x",
        "bc1",
        "@",
        "@@@@ [at] [dot]",
        "1,,,,5 tỷ",
        "99999999999999999999999999999999999999999 tỷ",
        "trước 99h ngày 99/99",
        "\u{FEFF}Đ\u{0300}\u{0323}",
        "+84",
        "𝟘𝟡𝟙𝟚 t.me/ 🎉 $ $$ 5kk",
        "vn\u{212A}1.com",
        "www\u{212A}.com",
    ];
    for t in odd {
        let f = extract(t);
        check_spans(t, &f);
        let _ = canhgiac::indicators::masks(t);
    }
}
