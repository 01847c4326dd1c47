#!/usr/bin/env python3
"""List rule keywords whose folded form (no diacritics) equals a differently accented
phrase that occurs in the given texts: candidates for `accented = [...]`.

Folding merges words (bì thư / bí thư, gửi ảnh / gửi anh, tám / tấm); a keyword written with
diacritics then also fires on the other word. This reads any JSONL files with a "text" field
(or plain text files) as a vocabulary of real phrases, and prints each collision with how
often the other phrase occurs.

Usage: scripts/keyword-collisions.py TEXTS... [--rules DIR]
"""
import argparse, collections, glob, json, re, tomllib, unicodedata


def fold(s):
    s = unicodedata.normalize("NFD", s.lower()).replace("đ", "d")
    return "".join(c for c in s if not unicodedata.combining(c))


def marks(s):
    """Base letters and the sorted marks of each word: "xoá" and "xóa" are the same word."""
    out = []
    for w in s.split():
        d = unicodedata.normalize("NFD", w)
        out.append(("".join(c for c in d if not unicodedata.combining(c)), "".join(sorted(c for c in d if unicodedata.combining(c)))))
    return out


def words(s):
    return re.findall(r"\w+", unicodedata.normalize("NFC", s.lower()))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("texts", nargs="+")
    ap.add_argument("--rules", default="rules")
    a = ap.parse_args()
    grams = collections.Counter()
    for path in a.texts:
        with open(path, encoding="utf-8") as f:
            raw = f.read()
        docs = []
        if path.endswith(".jsonl"):
            docs = [json.loads(l).get("text", "") for l in raw.splitlines() if l.strip()]
        else:
            docs = [raw]
        for d in docs:
            w = words(d)
            for n in (1, 2, 3):
                for i in range(len(w) - n + 1):
                    grams[" ".join(w[i:i + n])] += 1
    by_fold = collections.defaultdict(dict)
    for g, c in grams.items():
        by_fold[fold(g)][g] = c
    for path in sorted(glob.glob(f"{a.rules}/*.toml")):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        for sig in data.get("signal", []):
            for k in sig.get("keywords", []):
                kn = unicodedata.normalize("NFC", k.lower().rstrip("*"))
                if kn == fold(kn):
                    continue  # written without diacritics on purpose
                others = {
                    g: c
                    for g, c in by_fold.get(fold(kn), {}).items()
                    if g != kn and g != fold(g) and marks(g) != marks(kn)
                }
                if others:
                    top = sorted(others.items(), key=lambda x: -x[1])[:4]
                    print(f"{path}: {sig['id']}: {k!r} collides with {dict(top)}")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        pass
