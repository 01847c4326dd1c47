//! Crypto wallet addresses: TRON (USDT-TRC20), Ethereum/BSC (ERC20/BEP20) and Bitcoin (legacy
//! base58check and bech32/bech32m), with their checksums verified.
//!
//! The scan walks runs of ASCII letters and digits (an address is one such run, or several
//! separated only by spaces or line breaks when a letter or an OCR pass split it). A run whose
//! shape fits an address is checked; a run too short for its kind is joined with the runs
//! after it, and the joined string is taken only when its checksum holds, so split text is
//! never glued together on shape alone.

use sha2::{Digest, Sha256};
use sha3::Keccak256;

/// The address family, which fixes the network reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Chain {
    /// `T` + 33 base58 characters, base58check with version byte 0x41.
    Tron,
    /// `0x` + 40 hex digits, EIP-55 mixed-case checksum.
    Evm,
    /// Bitcoin P2PKH/P2SH: `1…`/`3…`, base58check with version byte 0x00/0x05.
    BtcLegacy,
    /// Bitcoin segwit: `bc1…`, bech32 (v0) or bech32m (v1+).
    BtcSegwit,
}

impl Chain {
    /// The network name reported for this family.
    pub(crate) fn network(self) -> &'static str {
        match self {
            Chain::Tron => "TRC20",
            Chain::Evm => "ERC20/BEP20",
            Chain::BtcLegacy | Chain::BtcSegwit => "BTC",
        }
    }

    fn of(word: &str) -> Option<Chain> {
        let b = word.as_bytes();
        match b.first()? {
            b'0' if matches!(b.get(1), Some(b'x' | b'X')) => Some(Chain::Evm),
            b'T' => Some(Chain::Tron),
            b'1' | b'3' => Some(Chain::BtcLegacy),
            b'b' | b'B' if b.len() >= 3 && b[..3].eq_ignore_ascii_case(b"bc1") => {
                Some(Chain::BtcSegwit)
            }
            _ => None,
        }
    }

    /// The longest address of this family, in characters.
    fn max_len(self) -> usize {
        match self {
            Chain::Tron => 34,
            Chain::Evm => 42,
            Chain::BtcLegacy => 35,
            Chain::BtcSegwit => 74,
        }
    }

    /// The shortest address of this family, in characters (the shortest length
    /// [`check`] accepts).
    fn min_len(self) -> usize {
        match self {
            Chain::Tron => 34,
            Chain::Evm => 42,
            Chain::BtcLegacy => 25,
            Chain::BtcSegwit => 14,
        }
    }

    /// Whether every character of `piece` (a continuation run) belongs to the alphabet.
    fn alphabet(self, piece: &str) -> bool {
        match self {
            Chain::Tron | Chain::BtcLegacy => piece.bytes().all(is_base58),
            Chain::Evm => piece.bytes().all(|b| b.is_ascii_hexdigit()),
            Chain::BtcSegwit => piece.bytes().all(is_bech32),
        }
    }

    /// Whether `word` (a first run) starts like an address of this family.
    fn prefix_ok(self, word: &str) -> bool {
        match self {
            Chain::Evm => self.alphabet(&word[2..]),
            Chain::BtcSegwit => self.alphabet(&word[3..]),
            _ => self.alphabet(word),
        }
    }
}

/// One address found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Wallet {
    /// Start of the first run.
    pub(crate) start: usize,
    /// End of the last run.
    pub(crate) end: usize,
    /// The address with the gaps removed, in canonical case (EIP-55 for Evm, lowercase bech32).
    pub(crate) normalized: String,
    /// The family.
    pub(crate) chain: Chain,
    /// The checksum result; `None` for an all-lowercase or all-uppercase `0x` address, which
    /// carries no checksum.
    pub(crate) valid: Option<bool>,
}

fn is_base58(b: u8) -> bool {
    b.is_ascii_alphanumeric() && !matches!(b, b'0' | b'O' | b'I' | b'l')
}

fn is_bech32(b: u8) -> bool {
    b.is_ascii_alphanumeric() && !matches!(b.to_ascii_lowercase(), b'1' | b'b' | b'i' | b'o')
}

/// Base58check: `word` decodes to a 25-byte payload + checksum whose first byte is one of
/// `versions` and whose last four bytes are the double SHA-256 of the rest.
pub(crate) fn base58check(word: &str, versions: &[u8]) -> bool {
    let Ok(bytes) = bs58::decode(word).into_vec() else {
        return false;
    };
    if bytes.len() != 25 || !versions.contains(&bytes[0]) {
        return false;
    }
    let (payload, check) = bytes.split_at(21);
    Sha256::digest(Sha256::digest(payload))[..4] == *check
}

/// EIP-55 checksummed form of 40 hex digits (without `0x`).
pub(crate) fn eip55_checksum(hex: &str) -> String {
    let lower = hex.to_ascii_lowercase();
    let hash = Keccak256::digest(lower.as_bytes());
    lower
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let nibble = (hash[i / 2] >> if i % 2 == 0 { 4 } else { 0 }) & 0x0f;
            if b.is_ascii_alphabetic() && nibble >= 8 {
                b.to_ascii_uppercase() as char
            } else {
                b as char
            }
        })
        .collect()
}

/// EIP-55 check of `0x` + 40 hex digits: `None` when the case is uniform (no checksum).
fn eip55(word: &str) -> Option<bool> {
    let hex = &word[2..];
    let upper = hex.bytes().any(|b| b.is_ascii_uppercase());
    let lower = hex.bytes().any(|b| b.is_ascii_lowercase());
    (upper && lower).then(|| eip55_checksum(hex) == hex)
}

/// Whether a segwit address decodes on mainnet (`bc`), checksum variant matching the version.
fn segwit(word: &str) -> bool {
    matches!(bech32::segwit::decode(word), Ok((hrp, _, _)) if hrp == bech32::hrp::BC)
}

/// Check `word` as a whole address of `chain`: `None` when its shape does not fit, otherwise
/// the checksum result.
fn check(chain: Chain, word: &str) -> Option<Option<bool>> {
    let n = word.len();
    match chain {
        Chain::Evm => (n == 42 && chain.prefix_ok(word)).then(|| eip55(word)),
        Chain::Tron => (n == 34 && chain.prefix_ok(word)).then(|| Some(base58check(word, &[0x41]))),
        Chain::BtcLegacy => ((25..=35).contains(&n) && chain.prefix_ok(word))
            .then(|| Some(base58check(word, &[0x00, 0x05]))),
        Chain::BtcSegwit => {
            ((14..=74).contains(&n) && chain.prefix_ok(word)).then(|| Some(segwit(word)))
        }
    }
}

/// Whether a run that has the shape but fails the checksum is still worth reporting (a typo in
/// a real address) rather than being an unrelated token. Random base58 has all three character
/// classes; a segwit address is at least 42 characters long.
fn plausible(chain: Chain, word: &str) -> bool {
    let b = word.as_bytes();
    let classes = b.iter().any(u8::is_ascii_uppercase)
        && b.iter().any(u8::is_ascii_lowercase)
        && b.iter().any(u8::is_ascii_digit);
    match chain {
        Chain::Evm => true,
        Chain::Tron => classes,
        Chain::BtcLegacy => classes && word.len() >= 26,
        Chain::BtcSegwit => word.len() >= 42,
    }
}

fn normalize(chain: Chain, word: &str) -> String {
    match chain {
        Chain::Evm => format!("0x{}", eip55_checksum(&word[2..])),
        Chain::BtcSegwit => word.to_ascii_lowercase(),
        Chain::Tron | Chain::BtcLegacy => word.to_string(),
    }
}

/// A run of ASCII letters and digits, `[start, end)`.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
}

/// The next run at or after byte `from`.
fn next_run(b: &[u8], mut from: usize) -> Option<Run> {
    while from < b.len() && !b[from].is_ascii_alphanumeric() {
        from += 1;
    }
    if from >= b.len() {
        return None;
    }
    let start = from;
    while from < b.len() && b[from].is_ascii_alphanumeric() {
        from += 1;
    }
    Some(Run { start, end: from })
}

/// Whether no other letter touches the run (a Vietnamese letter or a combining mark would make
/// it part of a longer word). Checked only for candidates: Unicode lookups cost.
fn whole(text: &str, r: Run) -> bool {
    let touches = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let after = text[r.end..].chars().next();
    !touches(text[..r.start].chars().next_back()) && !touches(after) && !is_mark(after)
}

/// A combining mark right after a run makes its last letter a Vietnamese one (NFD).
fn is_mark(c: Option<char>) -> bool {
    c.is_some_and(unicode_normalization::char::is_combining_mark)
}

/// Whether the gap between two runs is a split a letter or OCR would make: a few spaces or
/// tabs with at most two line breaks.
fn split_gap(gap: &str) -> bool {
    !gap.is_empty()
        && gap.len() <= 8
        && gap
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        && gap.bytes().filter(|&b| b == b'\n').count() <= 2
}

/// The runs after `first` that could continue an address of `chain`: each after a split gap,
/// in the family's alphabet and not part of a longer word; at most nine.
fn joinable(text: &str, first: Run, chain: Chain) -> impl Iterator<Item = Run> + '_ {
    let mut prev = first;
    std::iter::from_fn(move || {
        let run = next_run(text.as_bytes(), prev.end)?;
        let fits = split_gap(&text[prev.end..run.start])
            && chain.alphabet(&text[run.start..run.end])
            && whole(text, run);
        prev = run;
        fits.then_some(run)
    })
    .take(9)
}

/// Join the runs after `first` while the address is short, returning the last run joined and
/// the checksum result of the first joined string that validates.
fn join(text: &str, first: Run, chain: Chain) -> Option<(Run, String, Option<bool>)> {
    // Most candidates are a capitalised word or a short number followed by ordinary words:
    // measure the runs that would be joined before copying and checksumming any.
    let mut len = first.end - first.start;
    let reaches = joinable(text, first, chain).any(|run| {
        len += run.end - run.start;
        len >= chain.min_len()
    });
    if !reaches || len > chain.max_len() {
        return None;
    }
    let mut joined = text[first.start..first.end].to_string();
    for run in joinable(text, first, chain) {
        joined.push_str(&text[run.start..run.end]);
        if joined.len() > chain.max_len() {
            return None;
        }
        match check(chain, &joined) {
            Some(Some(true)) => return Some((run, joined, Some(true))),
            // An unchecksummed 0x address has nothing to verify; 40 hex digits is its shape.
            Some(None) => return Some((run, joined, None)),
            _ => {}
        }
    }
    None
}

/// Every address in `text`, in order, non-overlapping.
pub(crate) fn find(text: &str) -> Vec<Wallet> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut at = 0;
    while let Some(run) = next_run(b, at) {
        at = run.end;
        let word = &text[run.start..run.end];
        let chain = match Chain::of(word) {
            Some(c) if c.prefix_ok(word) && whole(text, run) => c,
            _ => continue,
        };
        let single = check(chain, word);
        let wallet = |end: usize, addr: &str, valid: Option<bool>| Wallet {
            start: run.start,
            end,
            normalized: normalize(chain, addr),
            chain,
            valid,
        };
        if let Some(valid) = single
            && valid != Some(false)
        {
            out.push(wallet(run.end, word, valid));
        } else if let Some((last, joined, valid)) = (word.len() < chain.max_len())
            .then(|| join(text, run, chain))
            .flatten()
        {
            out.push(wallet(last.end, &joined, valid));
            at = last.end;
        } else if single.is_some() && plausible(chain, word) {
            out.push(wallet(run.end, word, Some(false)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TRON address made from a 20-byte account id, as wallets do.
    fn tron(id: [u8; 20]) -> String {
        let mut payload = vec![0x41];
        payload.extend_from_slice(&id);
        let check = Sha256::digest(Sha256::digest(&payload));
        payload.extend_from_slice(&check[..4]);
        bs58::encode(payload).into_string()
    }

    fn flip(s: &str, at: usize) -> String {
        let mut b = s.as_bytes().to_vec();
        b[at] = match b[at] {
            b'a'..=b'y' | b'A'..=b'Y' | b'1'..=b'8' => b[at] + 1,
            b'z' => b'a',
            b'Z' => b'A',
            _ => b'2',
        };
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn eip55_vectors_from_the_eip() {
        for a in [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
            "0x52908400098527886E0F7030069857D2E4169EE7",
            "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
            "0xde709f2102306220921060314715629080e2fb77",
            "0x27b1fdb04752bbc536007a920d24acb045561c26",
        ] {
            assert_eq!(format!("0x{}", eip55_checksum(&a[2..])), a);
            let w = find(a);
            assert_eq!(w.len(), 1, "{a}");
            let uniform =
                a[2..] == a[2..].to_ascii_lowercase() || a[2..] == a[2..].to_ascii_uppercase();
            assert_eq!(w[0].valid, if uniform { None } else { Some(true) }, "{a}");
        }
    }

    #[test]
    fn eip55_flipped_case_is_invalid() {
        let a = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed".replacen("aA", "aa", 1);
        assert_eq!(find(&a)[0].valid, Some(false));
        assert_eq!(
            find(&a)[0].normalized,
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
        );
    }

    #[test]
    fn tron_generated_and_flipped() {
        let t = tron([7; 20]);
        assert!(t.starts_with('T') && t.len() == 34, "{t}");
        let w = find(&format!("ví USDT-TRC20: {t}."));
        assert_eq!((w[0].valid, w[0].chain.network()), (Some(true), "TRC20"));
        let bad = flip(&t, 20);
        let w = find(&bad);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].valid, Some(false));
    }

    #[test]
    fn bitcoin_legacy_and_segwit() {
        // The genesis coinbase address and a P2SH example from BIP-13 style documentation.
        for a in [
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
            "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
        ] {
            assert_eq!(find(a)[0].valid, Some(true), "{a}");
            assert_eq!(find(&flip(a, 10))[0].valid, Some(false), "{a}");
        }
        for a in [
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
            "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
        ] {
            let w = find(a);
            assert_eq!(w[0].valid, Some(true), "{a}");
            assert_eq!(w[0].normalized, a.to_ascii_lowercase());
        }
        let bad = flip("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", 20);
        assert_eq!(find(&bad)[0].valid, Some(false));
    }

    #[test]
    fn split_addresses_join_only_when_the_checksum_holds() {
        let t = tron([42; 20]);
        let text = format!("Ví: {} {}\n{} hết.", &t[..10], &t[10..22], &t[22..]);
        let w = find(&text);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].normalized, t);
        assert_eq!(w[0].valid, Some(true));
        assert_eq!(
            &text[w[0].start..w[0].end],
            format!("{} {}\n{}", &t[..10], &t[10..22], &t[22..])
        );
        // A broken checksum is not glued together.
        let bad = flip(&t, 25);
        assert!(find(&format!("{} {}", &bad[..17], &bad[17..])).is_empty());
        let eth = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        let w = find(&format!("{} {}", &eth[..20], &eth[20..]));
        assert_eq!((w.len(), w[0].valid), (1, Some(true)));
    }

    #[test]
    fn min_len_is_the_shortest_shape_check_accepts() {
        // `join` skips the candidates that cannot reach `min_len`: it must not exceed the
        // shortest length `check` looks at.
        for (chain, start) in [
            (Chain::Tron, "T"),
            (Chain::Evm, "0x"),
            (Chain::BtcLegacy, "1"),
            (Chain::BtcSegwit, "bc1"),
        ] {
            let word = |n: usize| format!("{start}{}", "a".repeat(n - start.len()));
            let shortest = (start.len() + 1..=chain.max_len())
                .find(|&n| check(chain, &word(n)).is_some())
                .unwrap();
            assert_eq!(chain.min_len(), shortest, "{chain:?}");
        }
    }

    #[test]
    fn ordinary_words_and_numbers_are_not_addresses() {
        assert!(
            find("Thanh toán 1234567891234567891234567 đồng, mã 3 cái, Tôi bc1 test").is_empty()
        );
        assert!(find("0x12 và T123").is_empty());
        // A 64-digit transaction hash is not a 0x address.
        assert!(find(&format!("0x{}", "ab".repeat(32))).is_empty());
    }
}
