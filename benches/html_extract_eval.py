#!/usr/bin/env python3
"""How close folio's reading of saved web pages comes to a reference extraction.

For each page folder PAGES/<name>/source.html, folio's text is compared with the reference
text REF/<name>.txt (for example ../shared/eval/dev/readability, which renders Mozilla
Readability's expected.html for the same page as one block per line). Words are compared as
multisets (NFKC, case-folded, split on anything that is not a letter or digit):
precision = shared / folio's words, recall = shared / reference words.

Two readings of folio are scored:
  body   the blocks of `folio export --format json` (no header, no link list);
  plain  `folio export --format plain` as printed (header, link numbers and URLs included).

Usage: python3 benches/html_extract_eval.py --bin target/release/folio --pages DIR --ref DIR
Standard library only. Nothing is fetched.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import unicodedata

WORD = re.compile(r"[^\W_]+")


def words(text):
    text = unicodedata.normalize("NFKC", text).casefold()
    return collections.Counter(WORD.findall(text))


def score(pred, ref):
    shared = sum((pred & ref).values())
    p = shared / max(1, sum(pred.values()))
    r = shared / max(1, sum(ref.values()))
    f = 0.0 if p + r == 0 else 2 * p * r / (p + r)
    return p, r, f


def run(binary, args):
    out = subprocess.run([binary, *args], capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return out.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--pages", required=True, help="folder of <name>/source.html")
    ap.add_argument("--ref", required=True, help="folder of <name>.txt reference texts")
    args = ap.parse_args()
    rows = []
    for name in sorted(os.listdir(args.pages)):
        page = os.path.join(args.pages, name, "source.html")
        ref_path = os.path.join(args.ref, name + ".txt")
        if not (os.path.exists(page) and os.path.exists(ref_path)):
            continue
        with open(ref_path, encoding="utf-8") as f:
            ref = words(f.read())
        doc = json.loads(run(args.bin, ["export", "--format", "json", page]))
        body = words("\n".join(b["text"] for b in doc["blocks"]))
        plain = words(run(args.bin, ["export", "--format", "plain", page]))
        rows.append((name, score(body, ref), score(plain, ref), sum(ref.values()),
                     doc["title"], doc["authors"], len(doc["outline"])))
    if not rows:
        sys.exit("no page has both source.html and a reference text")
    print(f"{'page':<22} {'body P':>7} {'R':>6} {'F1':>6}   {'plain P':>7} {'R':>6} {'F1':>6}"
          f" {'ref words':>9}  sections  title / authors")
    for name, b, p, n, title, authors, sections in rows:
        print(f"{name:<22} {b[0]:7.3f} {b[1]:6.3f} {b[2]:6.3f}   {p[0]:7.3f} {p[1]:6.3f} "
              f"{p[2]:6.3f} {n:9d}  {sections:8d}  {title} / {', '.join(authors) or '-'}")
    mean = lambda i, k: sum(r[i][k] for r in rows) / len(rows)
    print(f"{'mean':<22} {mean(1,0):7.3f} {mean(1,1):6.3f} {mean(1,2):6.3f}   "
          f"{mean(2,0):7.3f} {mean(2,1):6.3f} {mean(2,2):6.3f}")


if __name__ == "__main__":
    main()
