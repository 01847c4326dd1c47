#!/usr/bin/env python3
"""Check that canhgiac's time grows linearly with adversarial input (a benchmark, not a test).

Matching is meant to be linear in the input (Aho-Corasick, the regex crate's lazy DFA and a
one-pass normalization), which is why there is no per-record timeout. This script feeds one
record of each hostile shape at size N and 4N through `scan` and prints the time ratio;
linear work gives about 4. It exits 1 if any ratio is over --max-ratio (default 6), so a
quadratic path (ratio near 16) is caught by hand or in a nightly job, never by a timed
assertion in `cargo test`.

    cargo build --release && python3 scripts/linearity.py [--size 1000000] [--bin PATH]
"""

import argparse
import subprocess
import sys
import time

# Each shape builds a text of about n bytes from a unit repeated; all written for this script.
SHAPES = {
    "zero-width run": "\u200b",
    "one long word": "x",
    "spaced letters": "a ",
    "dotted letters": "c.",
    "digits": "7",
    "digit groups": "1.000 ",
    "at signs": "a@",
    "keyword prefixes": "chuyển ",
    "threat words": "gửi ảnh cho vợ ",
    "leet": "5h4m3 ",
    "repeated letters": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ",
    "emoji in words": "v😀i ",
    "mixed scripts": "хин chào ",
    "combining marks": "a\u0301\u0323",
    "bidi overrides": "\u202eabc\u202c ",
    "wallet-like": "T" + "9" * 33 + " ",
    "url-like": "http://a.b/",
}


def run(binary: str, text: str) -> float:
    data = text.encode("utf-8")
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run(
            [binary, "scan", "--max-record-bytes", str(len(data) + 1), "-"],
            input=data,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        best = min(best, time.perf_counter() - t)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="target/release/canhgiac")
    ap.add_argument("--size", type=int, default=1_000_000, help="bytes at the small size")
    ap.add_argument("--max-ratio", type=float, default=6.0)
    args = ap.parse_args()
    startup = run(args.bin, "")
    print(f"start-up (empty input): {startup * 1000:.1f} ms; times below exclude it (floored at 20 ms)")
    print(f"{'shape':<18} {'N s':>8} {'4N s':>8} {'ratio':>6}")
    bad = []
    for name, unit in SHAPES.items():
        k = max(1, args.size // len(unit.encode("utf-8")))
        small = max(run(args.bin, unit * k) - startup, 0.02)
        large = max(run(args.bin, unit * (4 * k)) - startup, 0.02)
        ratio = large / small
        flag = "" if ratio <= args.max_ratio else "  <- superlinear?"
        print(f"{name:<18} {small:8.3f} {large:8.3f} {ratio:6.1f}{flag}")
        if flag:
            bad.append(name)
    if bad:
        print(f"over {args.max_ratio}: {', '.join(bad)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
