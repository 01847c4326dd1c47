//! Decoding and mojibake repair in every encoding: the offset map is monotone, one entry per
//! text byte plus one, and ends at the input length.
#![no_main]

use canhgiac::decode::{Encoding, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in [
        "auto", "utf-8", "utf-16", "tcvn3", "vni", "viscii", "cp1258",
    ] {
        let enc: Encoding = name.parse().unwrap();
        let d = decode(data, enc);
        if let Some(map) = &d.map {
            assert_eq!(map.len(), d.text.len() + 1, "{name}");
            assert!(
                map.windows(2).all(|w| w[0] <= w[1]),
                "{name}: map not monotone"
            );
            assert_eq!(*map.last().unwrap() as usize, data.len(), "{name}");
        } else {
            assert_eq!(
                d.text.len(),
                data.len(),
                "{name}: no map but lengths differ"
            );
        }
        for (i, _) in d.text.char_indices() {
            assert!(d.to_input(i) <= data.len());
        }
    }
});
