#!/usr/bin/env bash
# Manual throughput benchmark of `canhgiac scan` on a synthetic Vietnamese JSONL dump
# (issue "Batch scoring of message dumps", item 5). A benchmark, not a test: neither
# `cargo test` nor CI runs it. Run it by hand on an otherwise idle machine:
#
#   scripts/bench.sh                 # 100 MB dump in target/bench/
#   scripts/bench.sh --size 10M      # quick look
#
# It (a) generates the dump with scripts/gen_dump.py when missing, (b) builds the release
# binary and the `throughput` bench, (c) measures side by side, in one run, wall time, MB/s
# (MB = 10^6 bytes of the raw JSONL input, for every row, so rows compare per message),
# records/s and peak RSS of:
#   cat dump > /dev/null                          the I/O floor
#   canhgiac scan ... --threads 1                 end to end, one thread
#   canhgiac scan ... --threads N                 end to end, all threads (and 2 for the ratio)
#   throughput bench, `normalize` stage           decode + match view, in memory, one thread
#   rg -c -F -f folded_keywords folded_dump       upper bound for the keyword stage
#   python3 ../shared/bench/baseline_py.py        the script an analyst would write
# and (d) prints a table and the ratios the issue targets.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/bench.sh [options]

Benchmark `canhgiac scan` on a synthetic JSONL dump (manual; not part of cargo test or CI).

options:
  --size SIZE      dump size for scripts/gen_dump.py, K/M/G suffix (default 100M)
  --work DIR       work directory for dumps and results (default target/bench)
  --threads N      threads for the "all threads" row (default: nproc)
  --dump FILE      benchmark this JSONL dump ({"id", "text"} per line) instead of a generated one
  --csv            also time `--input csv` on the same messages written as CSV (when supported)
  --skip-python    do not run the Python baseline (it is by far the slowest row)
  -h, --help       this help

Needs python3 (3.11+, for tomllib) and cargo. Optional: /usr/bin/time (peak RSS; else
"RSS n/a"), ripgrep `rg` (else the rg row is skipped; apt-get install ripgrep),
../shared/bench/baseline_py.py (else the Python row is skipped). Nothing is installed.
EOF
}

SIZE=100M
WORK=""
THREADS=""
DUMP=""
CSV=0
SKIP_PY=0
while [ $# -gt 0 ]; do
    case "$1" in
        --size) SIZE=${2:?--size needs a value}; shift 2 ;;
        --size=*) SIZE=${1#*=}; shift ;;
        --work) WORK=${2:?--work needs a directory}; shift 2 ;;
        --work=*) WORK=${1#*=}; shift ;;
        --threads) THREADS=${2:?--threads needs a number}; shift 2 ;;
        --threads=*) THREADS=${1#*=}; shift ;;
        --dump) DUMP=${2:?--dump needs a file}; shift 2 ;;
        --dump=*) DUMP=${1#*=}; shift ;;
        --csv) CSV=1; shift ;;
        --skip-python) SKIP_PY=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "bench.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done

# Paths given on the command line are relative to where we were started; then work from the
# repository root.
[ -n "$WORK" ] && WORK=$(realpath -m -- "$WORK")
[ -n "$DUMP" ] && DUMP=$(realpath -m -- "$DUMP")
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
WORK=${WORK:-$ROOT/target/bench}
NPROC=$(nproc 2>/dev/null || echo 1)
THREADS=${THREADS:-$NPROC}
case "$THREADS" in '' | *[!0-9]* | 0) echo "bench.sh: --threads needs a positive number" >&2; exit 2 ;; esac
command -v python3 >/dev/null || { echo "bench.sh: python3 is required" >&2; exit 2; }
mkdir -p "$WORK"
LOG=$WORK/stderr.log
: >"$LOG"

say() { printf '==> %s\n' "$*" >&2; }
# Float arithmetic: calc 'expression' [var=value ...]
calc() {
    local e=$1 a args=()
    shift
    for a in "$@"; do args+=(-v "$a"); done
    awk "${args[@]}" "BEGIN { printf \"%.6f\", $e }" </dev/null
}

# --- (a) the dump --------------------------------------------------------------------------
if [ -n "$DUMP" ]; then
    [ -r "$DUMP" ] || { echo "bench.sh: cannot read $DUMP" >&2; exit 2; }
else
    DUMP=$WORK/dump-$SIZE.jsonl
    if [ ! -s "$DUMP" ]; then
        say "generating $DUMP (scripts/gen_dump.py --size $SIZE --seed 1)"
        python3 scripts/gen_dump.py --size "$SIZE" --seed 1 --out "$DUMP.tmp"
        mv "$DUMP.tmp" "$DUMP"
    fi
fi
BYTES=$(stat -c %s "$DUMP")
RECORDS=$(grep -c . "$DUMP" || true)
STEM=${DUMP%.jsonl}

# --- (b) build -----------------------------------------------------------------------------
say "cargo build --release"
cargo build --release --quiet
BIN=$ROOT/target/release/canhgiac
say "cargo bench --bench throughput --no-run"
BENCH_BIN=$(cargo bench --bench throughput --no-run --message-format=json 2>>"$LOG" | python3 -c '
import json, sys
exe = ""
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "throughput" and m.get("executable"):
        exe = m["executable"]
print(exe)')
[ -x "$BENCH_BIN" ] || { echo "bench.sh: could not build the throughput bench (see $LOG)" >&2; exit 2; }

SCAN_HELP=$("$BIN" scan --help 2>&1 || true)
HAVE_THREADS=0
grep -q -- '--threads' <<<"$SCAN_HELP" && HAVE_THREADS=1
HAVE_CSV=0
grep -qE '^ *- csv:|--input csv' <<<"$SCAN_HELP" && HAVE_CSV=1
HAVE_TIME=0
[ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1 && HAVE_TIME=1

# --- (c) measurements ----------------------------------------------------------------------
# Table rows, filled by `row`.
ROW_NAME=() ROW_WALL=() ROW_MBS=() ROW_RPS=() ROW_RSS=() ROW_NOTE=()
row() { # name wall_s bytes records rss_kib note (wall 0 = skipped)
    ROW_NAME+=("$1") ROW_WALL+=("$2")
    if [ "$2" = 0 ]; then
        ROW_MBS+=(0) ROW_RPS+=(0)
    else
        ROW_MBS+=("$(calc 'b / 1e6 / w' b="$3" w="$2")")
        ROW_RPS+=("$(calc 'r / w' r="$4" w="$2")")
    fi
    if [ "$5" = n/a ]; then ROW_RSS+=("n/a"); else ROW_RSS+=("$(calc 'k / 1024' k="$5")"); fi
    ROW_NOTE+=("$6")
}

# measure OUT OKCODES CMD... : run CMD with stdout to OUT; sets WALL (s), RSS (KiB or n/a).
# OKCODES is a regex of acceptable exit codes (canhgiac exits 1 when a record is flagged).
measure() {
    local out=$1 ok=$2 rc=0 t0 t1
    shift 2
    t0=$EPOCHREALTIME
    if [ "$HAVE_TIME" = 1 ]; then
        /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$out" 2>>"$LOG" || rc=$?
    else
        "$@" >"$out" 2>>"$LOG" || rc=$?
    fi
    t1=$EPOCHREALTIME
    if ! [[ $rc =~ ^($ok)$ ]]; then
        echo "bench.sh: '$*' failed with exit code $rc; last lines of $LOG:" >&2
        tail -n 5 "$LOG" >&2
        exit 1
    fi
    WALL=$(calc 'b - a' a="$t0" b="$t1")
    RSS=n/a
    if [ "$HAVE_TIME" = 1 ]; then
        RSS=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time.txt")
    fi
}

load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
say "dump: $DUMP ($BYTES bytes, $RECORDS records); load average $load on $NPROC CPUs"
if awk -v l="$load" 'BEGIN { exit !(l + 0 > 0.5) }' </dev/null; then
    say "warning: the machine is busy (load $load); numbers will be noisy and ratios skewed"
fi

say "cat (I/O floor)"
cat "$DUMP" >/dev/null # warm the page cache
measure /dev/null 0 cat "$DUMP"
row "cat dump > /dev/null (I/O floor)" "$WALL" "$BYTES" "$RECORDS" "$RSS" ""

SCAN=("$BIN" scan --input jsonl --format jsonl)
if [ "$HAVE_THREADS" = 1 ]; then
    say "canhgiac scan --threads 1"
    measure /dev/null '0|1' "${SCAN[@]}" --threads 1 "$DUMP"
    T1_WALL=$WALL T1_RSS=$RSS
    row "canhgiac scan --threads 1" "$WALL" "$BYTES" "$RECORDS" "$RSS" ""
    say "canhgiac scan --threads $THREADS"
    measure /dev/null '0|1' "${SCAN[@]}" --threads "$THREADS" "$DUMP"
    TN_WALL=$WALL TN_RSS=$RSS
    row "canhgiac scan --threads $THREADS" "$WALL" "$BYTES" "$RECORDS" "$RSS" "all threads"
    T2_WALL=""
    if [ "$THREADS" = 2 ]; then
        T2_WALL=$TN_WALL
    elif [ "$NPROC" -ge 2 ]; then
        say "canhgiac scan --threads 2"
        measure /dev/null '0|1' "${SCAN[@]}" --threads 2 "$DUMP"
        T2_WALL=$WALL
        row "canhgiac scan --threads 2" "$WALL" "$BYTES" "$RECORDS" "$RSS" "for the 2-vs-1 ratio"
    fi
    ONE=(--threads 1)
else
    say "canhgiac scan (no --threads option in this build: threads n/a)"
    measure /dev/null '0|1' "${SCAN[@]}" "$DUMP"
    T1_WALL=$WALL T1_RSS=$RSS TN_RSS=n/a T2_WALL=""
    row "canhgiac scan (no --threads)" "$WALL" "$BYTES" "$RECORDS" "$RSS" "threads n/a"
    ONE=()
fi

if [ "$CSV" = 1 ]; then
    if [ "$HAVE_CSV" = 1 ]; then
        CSV_DUMP=$STEM.csv
        if [ ! -s "$CSV_DUMP" ] || [ "$CSV_DUMP" -ot "$DUMP" ]; then
            say "writing $CSV_DUMP (same records as CSV)"
            python3 - "$DUMP" "$CSV_DUMP.tmp" <<'EOF'
import csv, json, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8", newline="") as o:
    w = csv.writer(o, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["id", "text"])
    for line in f:
        if line.strip():
            r = json.loads(line)
            w.writerow([r.get("id", ""), r.get("text", "")])
EOF
            mv "$CSV_DUMP.tmp" "$CSV_DUMP"
        fi
        say "canhgiac scan --input csv ${ONE[*]}"
        measure /dev/null '0|1' "$BIN" scan --input csv --format jsonl "${ONE[@]}" "$CSV_DUMP"
        row "canhgiac scan --input csv ${ONE[*]}" "$WALL" "$BYTES" "$RECORDS" "$RSS" \
            "CSV file $(stat -c %s "$CSV_DUMP") B; MB/s of the JSONL bytes"
    else
        say "--csv: this build has no --input csv; skipped"
    fi
fi

say "throughput bench, normalize stage"
measure "$WORK/bench-normalize.txt" 0 "$BENCH_BIN" normalize "$DUMP"
NORM_SECS=$(sed -n 's/^bench stage=normalize .*seconds=\([0-9.]*\).*/\1/p' "$WORK/bench-normalize.txt")
NORM_TEXT_MBS=$(sed -n 's/^bench stage=normalize .*mb_per_s=\([0-9.]*\).*/\1/p' "$WORK/bench-normalize.txt")
row "bench normalize (decode + match view)" "$NORM_SECS" "$BYTES" "$RECORDS" "$RSS" \
    "in memory; $NORM_TEXT_MBS MB/s of text; process $(printf '%.1f' "$WALL") s incl. load"

RG_WALL=""
if command -v rg >/dev/null; then
    say "folding the keywords (rules/*.toml) and the dump for rg"
    KW_RAW=$WORK/keywords.txt
    KW_FOLDED=$WORK/keywords-folded.txt
    FOLDED=$STEM.folded.txt
    python3 - "$KW_RAW" "$KW_FOLDED" "$DUMP" "$FOLDED" <<'EOF'
# Fold like canhgiac's match view, minus its repairs: NFD, drop combining marks, đ→d,
# drop invisible characters, lowercase, l→i (its OCR class), collapse whitespace.
import glob, json, os, re, sys, tomllib, unicodedata

kw_raw, kw_folded, dump, folded = sys.argv[1:]
table = {cp: None for cp in range(0x10000) if unicodedata.combining(chr(cp))}
table.update({ord("đ"): "d", ord("Đ"): "d", ord("l"): "i", ord("L"): "i"})
table.update(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"), None))

def fold(s):
    return " ".join(unicodedata.normalize("NFD", s).translate(table).lower().translate(table).split())

raw, out = [], []
for path in sorted(glob.glob("rules/*.toml")):
    with open(path, "rb") as f:
        rules = tomllib.load(f)
    for sig in rules.get("signal", []):
        for k in sig.get("keywords", []) + sig.get("accented", []):
            k = k.rstrip("*").strip()
            if not k or re.fullmatch(r"x[a-z]+x", k):  # placeholder tokens (xwalletx, …)
                continue
            raw.append(k)
            out.append(fold(k))
with open(kw_raw, "w", encoding="utf-8") as f:
    f.write("".join(k + "\n" for k in dict.fromkeys(raw)))
with open(kw_folded, "w", encoding="utf-8") as f:
    f.write("".join(k + "\n" for k in dict.fromkeys(out) if k))
if not os.path.exists(folded) or os.path.getmtime(folded) < os.path.getmtime(dump):
    with open(dump, encoding="utf-8") as f, open(folded + ".tmp", "w", encoding="utf-8") as o:
        for line in f:
            if line.strip():
                o.write(fold(json.loads(line).get("text", "")) + "\n")
    os.replace(folded + ".tmp", folded)
EOF
    NKW=$(wc -l <"$KW_FOLDED")
    say "rg -c -F -f keywords-folded.txt (${NKW} keywords) over the folded dump"
    measure "$WORK/rg-count.txt" '0|1' rg -c -F -f "$KW_FOLDED" "$FOLDED"
    RG_WALL=$WALL
    row "rg -c -F -f keywords-folded folded-dump" "$WALL" "$BYTES" "$RECORDS" "$RSS" \
        "$NKW keywords; $(cat "$WORK/rg-count.txt" 2>/dev/null || echo 0) lines hit; folded $(stat -c %s "$FOLDED") B"
else
    say "rg: skipped (ripgrep not installed; apt-get install ripgrep)"
    row "rg -c -F -f keywords-folded folded-dump" 0 0 0 n/a "skipped: ripgrep not installed (apt-get install ripgrep)"
fi

PY_WALL=""
BASELINE=$ROOT/../shared/bench/baseline_py.py
if [ "$SKIP_PY" = 1 ]; then
    row "python3 baseline_py.py --mode in" 0 0 0 n/a "skipped (--skip-python)"
elif [ ! -r "$BASELINE" ]; then
    row "python3 baseline_py.py --mode in" 0 0 0 n/a "skipped: $BASELINE not found"
else
    # The baseline's own keyword list is what its target was calibrated on; fall back to
    # canhgiac's keywords when the kit has none.
    PATTERNS=$(dirname "$BASELINE")/patterns.txt
    [ -r "$PATTERNS" ] || PATTERNS=${KW_RAW:-}
    if [ -z "$PATTERNS" ]; then
        row "python3 baseline_py.py --mode in" 0 0 0 n/a "skipped: no patterns file"
    else
        say "python3 baseline_py.py $(basename "$PATTERNS") --mode in (slow)"
        measure /dev/null 0 python3 "$BASELINE" "$PATTERNS" "$DUMP" --mode in
        PY_WALL=$WALL
        row "python3 baseline_py.py --mode in" "$WALL" "$BYTES" "$RECORDS" "$RSS" \
            "$(grep -c . "$PATTERNS") patterns from $(basename "$PATTERNS")"
    fi
fi

say "start-up: echo 'xin chào' | canhgiac scan --format jsonl, 20 runs"
t0=$EPOCHREALTIME
for _ in $(seq 20); do
    echo "xin chào" | "$BIN" scan --format jsonl >/dev/null 2>>"$LOG" || true
done
t1=$EPOCHREALTIME
STARTUP_MS=$(calc '(b - a) * 1000 / 20' a="$t0" b="$t1")

say "scaling: the first tenth of the dump, one thread"
SMALL=$WORK/scaling-10pct.jsonl
head -n $((RECORDS / 10)) "$DUMP" >"$SMALL"
SMALL_BYTES=$(stat -c %s "$SMALL")
measure /dev/null '0|1' "${SCAN[@]}" "${ONE[@]}" "$SMALL"
SMALL_WALL=$WALL
row "canhgiac scan ${ONE[*]:-(default)}, first 10% of records" "$WALL" "$SMALL_BYTES" "$((RECORDS / 10))" "$RSS" "scaling check"

# --- (d) report ----------------------------------------------------------------------------
REPORT=$WORK/results-$(date +%Y%m%d-%H%M%S).txt
{
    echo
    echo "canhgiac scan benchmark — $(date '+%Y-%m-%d %H:%M %Z')"
    echo "machine: $NPROC CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1); load before: $load"
    echo "binary:  $("$BIN" --version 2>/dev/null) ($(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+dirty'))"
    echo "dump:    $DUMP: $BYTES bytes, $RECORDS records"
    echo "MB = 10^6 bytes of the raw JSONL input for every row; records/s over the same records."
    [ "$HAVE_TIME" = 1 ] || echo "/usr/bin/time not found: wall time from the shell clock, RSS n/a"
    echo
    printf '%-48s %10s %10s %12s %10s  %s\n' "command" "time s" "MB/s" "records/s" "RSS MiB" "note"
    printf '%-48s %10s %10s %12s %10s  %s\n' "-------" "------" "----" "---------" "-------" "----"
    for i in "${!ROW_NAME[@]}"; do
        if [ "${ROW_WALL[$i]}" = 0 ]; then
            printf '%-48s %10s %10s %12s %10s  %s\n' "${ROW_NAME[$i]}" - - - - "${ROW_NOTE[$i]}"
        else
            printf '%-48s %10.3f %10.2f %12.0f %10s  %s\n' "${ROW_NAME[$i]}" "${ROW_WALL[$i]}" \
                "${ROW_MBS[$i]}" "${ROW_RPS[$i]}" \
                "$([ "${ROW_RSS[$i]}" = n/a ] && echo n/a || printf '%.1f' "${ROW_RSS[$i]}")" \
                "${ROW_NOTE[$i]}"
        fi
    done
    echo
    echo "targets (issue \"Batch scoring of message dumps\"):"
    verdict() { if awk "BEGIN { exit !($1) }" </dev/null; then echo ok; else echo MISSED; fi; }
    line() { printf '  %-40s %-28s %-12s %s\n' "$1" "$2" "$3" "$4"; }
    if [ -n "$RG_WALL" ]; then
        r=$(calc 'rg / t1 * 100' rg="$RG_WALL" t1="$T1_WALL")
        line "1 thread end to end vs rg" "$(printf '%.1f%% of rg MB/s' "$r")" "target >= 20%" "$(verdict "$r >= 20")"
    else
        line "1 thread end to end vs rg" "n/a (rg skipped)" "target >= 20%" ""
    fi
    if [ -n "$PY_WALL" ]; then
        r=$(calc 'py / t1' py="$PY_WALL" t1="$T1_WALL")
        line "1 thread vs Python baseline" "$(printf '%.1fx records/s' "$r")" "target >= 35x" "$(verdict "$r >= 35")"
    else
        line "1 thread vs Python baseline" "n/a (Python skipped)" "target >= 35x" ""
    fi
    if [ -n "$T2_WALL" ]; then
        r=$(calc 't1 / t2' t1="$T1_WALL" t2="$T2_WALL")
        line "2 threads vs 1" "$(printf '%.2fx' "$r")" "target >= 1.7x" "$(verdict "$r >= 1.7")"
    elif [ "$HAVE_THREADS" = 0 ]; then
        line "2 threads vs 1" "threads n/a (no --threads)" "target >= 1.7x" ""
    else
        line "2 threads vs 1" "n/a (1 CPU)" "target >= 1.7x" ""
    fi
    if [ "$T1_RSS" != n/a ]; then
        m=$T1_RSS
        [ "$TN_RSS" != n/a ] && [ "$TN_RSS" -gt "$m" ] && m=$TN_RSS
        r=$(calc 'k / 1024' k="$m")
        line "peak RSS of canhgiac scan" "$(printf '%.1f MiB' "$r")" "target < 64 MiB" "$(verdict "$r < 64")"
    else
        line "peak RSS of canhgiac scan" "RSS n/a" "target < 64 MiB" ""
    fi
    line "start-up + one short message" "$(printf '%.1f ms (mean of 20)' "$STARTUP_MS")" "target < 10 ms" "$(verdict "$STARTUP_MS < 10")"
    r=$(calc '(full / small) / (fb / sb) * 10' full="$T1_WALL" small="$SMALL_WALL" fb="$BYTES" sb="$SMALL_BYTES")
    line "scaling 10% -> 100% (time per 10x input)" "$(printf '%.2fx' "$r")" "target 9-11x" "$(verdict "$r >= 9 && $r <= 11")"
    echo
    echo "(saved to $REPORT; command stderr in $LOG)"
} | tee "$REPORT"
