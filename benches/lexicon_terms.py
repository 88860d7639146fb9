#!/usr/bin/env python3
"""The lexicon terms that the peer matchers of throughput.sh look for.

Reads the bundled framing lexicons (LEXDIR/*.csv that have a `term` column,
so not cues.csv), drops the rows of category `exception` and `scope` (they
only shield or limit other entries) and writes:

  OUT.tsv   one term a line: `word<TAB>term` or `prefix<TAB>term`, lowercased,
            unique, sorted. `word` terms are matched as whole words (a
            non-alphanumeric character or the text's edge on both sides);
            `prefix` terms need that boundary at the start only.
  OUT.txt   the same terms alone, one a line (for `rg -F -f`).

Nothing is expanded (the peers do no stemming and no wildcards):

  exact and stem entries   the term as written, a `word` term. framelens
                           also matches other forms with the same stem
                           (regime -> regimes); the peers do not.
  glob entries             the literal text before the first `*` or `?`.
                           When the wildcard is inside a word (militan*,
                           khank?ndi, colo*r revolution*), that text is a
                           `prefix` term (militan, khank, colo). When the
                           wildcard is a word of its own (44 day *, armenian
                           * attacked civilians) the words before it are a
                           `word` term (44 day, armenian), which matches more
                           than the glob does. A glob that starts with a
                           wildcard (* month siege) has no literal prefix
                           and is skipped, and so is a prefix shorter than
                           MIN_PREFIX (4) characters (ma?aghis -> ma,
                           art*movsk -> art), which would hit common words
                           (many, article) and make the peers count far more
                           matches than framelens does.

A summary (entries read, skipped, terms by kind and language) goes to
standard output.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

SKIP_CATEGORIES = {"exception", "scope"}
MIN_PREFIX = 4


def literal_prefix(glob: str) -> tuple[str, str] | None:
    """(kind, text) for a glob pattern, or None when it has no literal prefix."""
    cut = min((i for i, c in enumerate(glob) if c in "*?"), default=len(glob))
    head = glob[:cut]
    if not head.strip():
        return None
    if cut == len(glob):  # no wildcard at all: the term itself
        return "word", head.strip()
    if head[-1].isspace():  # the wildcard is a word of its own
        return "word", head.strip()
    return "prefix", head.strip()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lexicon-dir", type=Path, default=Path(__file__).resolve().parent.parent / "lexicons")
    ap.add_argument("--out", type=Path, required=True, help="writes OUT.tsv and OUT.txt")
    a = ap.parse_args(argv)

    terms: dict[str, str] = {}  # text -> kind ("word" wins over "prefix" for the same text)
    lang_of: dict[str, str] = {}
    read = skipped_cat = 0
    skipped_globs: list[str] = []
    globs = Counter()
    files = sorted(a.lexicon_dir.glob("*.csv"))
    used = []
    for f in files:
        with open(f, encoding="utf-8", newline="") as fh:
            rows = csv.DictReader(fh)
            if "term" not in (rows.fieldnames or []):
                continue
            used.append(f.name)
            for r in rows:
                read += 1
                if (r.get("category") or "").strip().lower() in SKIP_CATEGORIES:
                    skipped_cat += 1
                    continue
                term = (r.get("term") or "").strip().lower()
                if not term:
                    continue
                if (r.get("match") or "").strip().lower() == "glob" or "*" in term or "?" in term:
                    got = literal_prefix(term)
                    if got is None or (got[0] == "prefix" and len(got[1]) < MIN_PREFIX):
                        skipped_globs.append(term)
                        continue
                    kind, text = got
                    globs[kind] += 1
                else:
                    kind, text = "word", term
                if terms.get(text) != "word":
                    terms[text] = kind
                lang_of.setdefault(text, (r.get("language") or "?").strip() or "?")

    if not terms:
        sys.exit(f"lexicon_terms: no terms in {a.lexicon_dir}")
    ordered = sorted(terms.items(), key=lambda kv: kv[0])
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{a.out}.tsv", "w", encoding="utf-8") as fh:
        for text, kind in ordered:
            fh.write(f"{kind}\t{text}\n")
    with open(f"{a.out}.txt", "w", encoding="utf-8") as fh:
        for text, _ in ordered:
            fh.write(text + "\n")
    kinds = Counter(terms.values())
    langs = Counter(lang_of[t] for t in terms)
    print(f"lexicon terms: {len(terms)} unique ({kinds['word']} whole-word, {kinds['prefix']} prefix; "
          + ", ".join(f"{k} {v}" for k, v in sorted(langs.items())) + f") from {read} entries of "
          + ", ".join(used) + f"; skipped {skipped_cat} exception/scope entries and {len(skipped_globs)} globs "
          f"without a literal prefix of {MIN_PREFIX}+ characters ({', '.join(skipped_globs)}); globs as literal prefixes: {globs['prefix']} prefix terms, "
          f"{globs['word']} whole-word terms (wildcard word dropped); stems not expanded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
