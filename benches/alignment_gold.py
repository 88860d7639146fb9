#!/usr/bin/env python3
"""Pairwise alignment precision, recall and F1 of framelens' claim clusters
against a gold list of aligned sentence pairs.

    alignment_gold.py GOLD.csv CLAIMS_DIR [--show]

GOLD.csv has one row per pair of sentences, in two different articles, that
carry the same claim: `outlet_a, sentence_text_a, outlet_b, sentence_text_b`
(further columns are ignored; `claim` is shown for the misses). CLAIMS_DIR is
the output folder of `framelens claims` on the same articles. Two sentences
count as aligned by framelens when they are in one cluster, counting a
sentence's `also_carries` clusters as its own. Sentences are matched by
outlet and text (whitespace collapsed). Pairs inside one article are not
counted. With --show, the missed and the extra pairs are printed.

Prints one line: `pairs gold G predicted P correct C precision .. recall ..
f1 ..`, then recall for each `relation` kind that contains "paraphrase" and
for the rest.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path)
    ap.add_argument("claims", type=Path, help="framelens claims output folder")
    ap.add_argument("--show", action="store_true", help="print the missed and the extra pairs")
    args = ap.parse_args(argv)

    rows = list(csv.DictReader(open(args.claims / "claims.csv", encoding="utf-8")))
    key_of = {}  # (outlet, text) -> sentence key
    clusters = defaultdict(set)  # (event, cluster) -> sentence keys
    article_of = {}
    for r in rows:
        k = (r["outlet"], r["article"], r["sentence"])
        key_of.setdefault((r["outlet"], norm(r["text"])), k)
        article_of[k] = (r["outlet"], r["article"])
        clusters[(r["event"], r["cluster"])].add(k)
        for other in filter(None, (x.strip() for x in r["also_carries"].split(";"))):
            clusters[(r["event"], other)].add(k)
    predicted = set()
    for members in clusters.values():
        ms = sorted(members)
        for i, a in enumerate(ms):
            for b in ms[i + 1:]:
                if article_of[a] != article_of[b]:
                    predicted.add((a, b))

    gold = {}
    unmatched = set()
    for g in csv.DictReader(open(args.gold, encoding="utf-8")):
        ends = []
        for side in "ab":
            t = (g[f"outlet_{side}"], norm(g[f"sentence_text_{side}"]))
            if t not in key_of:
                unmatched.add(t)
            ends.append(key_of.get(t, t))
        pair = tuple(sorted(ends, key=str))
        gold[pair] = g
    gold_pairs = set(gold)
    pred = {tuple(sorted(p, key=str)) for p in predicted}
    correct = gold_pairs & pred
    p = len(correct) / len(pred) if pred else 0.0
    r = len(correct) / len(gold_pairs) if gold_pairs else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"pairs gold {len(gold_pairs)} predicted {len(pred)} correct {len(correct)} "
          f"precision {p:.3f} recall {r:.3f} f1 {f:.3f}")
    para = [k for k, g in gold.items() if "paraphrase" in g.get("relation", "")]
    rest = [k for k in gold if k not in set(para)]
    for name, ks in (("paraphrase", para), ("other", rest)):
        if ks:
            print(f"recall {name} {sum(k in pred for k in ks) / len(ks):.3f} ({len(ks)} pairs)")
    if unmatched:
        print(f"{len(unmatched)} gold sentences not found in claims.csv (split differently?)", file=sys.stderr)
        for t in sorted(unmatched):
            print(f"  {t[0]}: {t[1][:100]}", file=sys.stderr)
    if args.show:
        text = {k: t for t, k in key_of.items()}
        show = lambda k: f"{k[0]} #{k[2]}: {text.get(k, (None, str(k)))[1][:90]}" if isinstance(k[2], str) and k in text else str(k)[:100]
        print("\nmissed:")
        for k in sorted(gold_pairs - pred, key=str):
            print(f"  [{gold[k].get('claim', '')}] {show(k[0])}\n      {show(k[1])}")
        print("\nextra:")
        for k in sorted(pred - gold_pairs, key=str):
            print(f"  {show(k[0])}\n      {show(k[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
