#!/usr/bin/env python3
"""A Media Cloud-style dataset for the Spark job's test and timings: the
benchmark generator's corpus (benches/gen_corpus.py, deterministic from its
seed) as one export with Media Cloud's columns (stories_id, publish_date,
title, url, media_name, language, text) and no event column, so the stories
are found automatically, written as JSON Lines and, with --csv, as CSV.

    make_dataset.py --size-mb 2 --out /tmp/ds    # writes /tmp/ds/news.jsonl (and news.csv)
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GEN = HERE.parent.parent / "benches" / "gen_corpus.py"
COLUMNS = ["stories_id", "publish_date", "title", "url", "media_name", "language", "text"]


def front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---\n"):
        return {}, text
    head, _, body = text[4:].partition("\n---\n")
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    return meta, body


def rows(corpus: Path):
    for n, path in enumerate(sorted(corpus.glob("*/*.txt"))):
        meta, body = front_matter(path.read_text(encoding="utf-8"))
        row = {
            "stories_id": 100000 + n,
            "publish_date": meta.get("date", "") + " 09:00:00",
            "title": meta.get("title", ""),
            "url": f"https://news.example/{path.parent.name}/{path.stem}",
            "media_name": meta.get("outlet", path.parent.name),
            "language": meta.get("language", "en"),
            # Paragraphs as blank-line separated, as exports usually carry them.
            "text": body.replace("\n", "\n\n").strip(),
        }
        if n % 11 == 5:
            del row["stories_id"]  # some rows without an id: framelens derives one from the text
        yield row


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size-mb", type=float, required=True)
    p.add_argument("--outlets", type=int, default=10)
    p.add_argument("--events", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    p.add_argument("--csv", action="store_true", help="also write news.csv")
    args = p.parse_args()
    out = Path(args.out)
    corpus = out / "corpus"
    subprocess.run(
        [sys.executable, str(GEN), "--size-mb", str(args.size_mb), "--outlets", str(args.outlets), "--events",
         str(args.events), "--wire-share", "0.3", "--seed", str(args.seed), "--out", str(corpus), "--force"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    all_rows = list(rows(corpus))
    with open(out / "news.jsonl", "w", encoding="utf-8") as f:
        for r in all_rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    if args.csv:
        with open(out / "news.csv", "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
            w.writeheader()
            w.writerows(all_rows)
    print(json.dumps({"rows": len(all_rows), "bytes": (out / "news.jsonl").stat().st_size}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
