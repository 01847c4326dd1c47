//! The JSONL, lines and CSV readers: one item per non-empty line or row, never a panic.
#![no_main]

use canhgiac::batch::{Layout, csv_records, records};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let jsonl = Layout::Jsonl {
        text_field: "message.text".into(),
        id_field: "id".into(),
    };
    for layout in [Layout::Lines, jsonl] {
        let n = records(data, "fuzz".into(), layout).count();
        // Never more items than lines.
        assert!(n <= data.split(|&b| b == b'\n').count());
    }
    for _ in csv_records(data, "fuzz".into(), "text", "id", 1 << 16) {}
});
