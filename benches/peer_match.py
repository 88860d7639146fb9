#!/usr/bin/env python3
"""A peer of framelens' lexicon matcher, for throughput.sh: counts the lexicon
terms in every article of a corpus with a Python multi-pattern matcher.

  peer_match.py {aho|flash} TERMS.tsv DIR [--total]

For every `*.txt` file under DIR (sorted walk, hidden files and folders
skipped, as framelens does), it reads the whole file as UTF-8, lowercases
it, finds the terms of TERMS.tsv (written by lexicon_terms.py) and prints
`path<TAB>count` on standard output. With --total it prints only one line
at the end: `files<TAB>matches`.

  aho    pyahocorasick: one automaton of every term; each match is kept when
         a non-alphanumeric character or the edge of the text stands before
         it and, for `word` terms, after it (`prefix` terms may go on). All
         matches are counted, overlapping ones too.
  flash  flashtext: a KeywordProcessor of the `word` terms (flashtext only
         matches whole words; the `prefix` terms are left out, and the count
         of left-out terms goes to standard error). flashtext returns the
         longest match at each position and does not overlap matches.
         Letters outside ASCII that occur in the terms (Cyrillic) are added
         to its word characters, so that they are not word boundaries.

This is the work framelens' matcher does for every article (read, lowercase,
find every lexicon term at word boundaries, count), without its tokenizer,
stemming, voice tagging, sentence splitting or reports.
"""

from __future__ import annotations

import os
import sys


def read_terms(path: str) -> list[tuple[str, str]]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            kind, _, term = line.rstrip("\n").partition("\t")
            if term:
                out.append((kind, term))
    return out


def corpus_files(root: str):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(".txt") and not name.startswith("."):
                yield os.path.join(dirpath, name)


def aho_counter(terms):
    import ahocorasick

    auto = ahocorasick.Automaton()
    for kind, term in terms:
        auto.add_word(term, (len(term), kind == "prefix"))
    auto.make_automaton()

    def count(text: str) -> int:
        n = 0
        last = len(text) - 1
        for end, (length, prefix) in auto.iter(text):
            start = end - length + 1
            if start > 0 and text[start - 1].isalnum():
                continue
            if not prefix and end < last and text[end + 1].isalnum():
                continue
            n += 1
        return n

    return count


def flash_counter(terms):
    from flashtext import KeywordProcessor

    kp = KeywordProcessor(case_sensitive=True)  # the text is lowercased before
    extra = {c for _, t in terms for c in t if c.isalnum() and not c.isascii()}
    kp.non_word_boundaries = set(kp.non_word_boundaries) | extra
    words = [t for kind, t in terms if kind == "word"]
    for t in words:
        kp.add_keyword(t)
    left_out = len(terms) - len(words)
    if left_out:
        print(f"peer_match flash: {left_out} prefix terms left out (flashtext matches whole words only)", file=sys.stderr)

    def count(text: str) -> int:
        return len(kp.extract_keywords(text))

    return count


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    total_only = "--total" in argv
    if len(args) != 3 or args[0] not in ("aho", "flash"):
        print(__doc__, file=sys.stderr)
        return 2
    engine, terms_path, root = args
    terms = read_terms(terms_path)
    count = aho_counter(terms) if engine == "aho" else flash_counter(terms)
    out = sys.stdout
    files = matches = 0
    for path in corpus_files(root):
        with open(path, encoding="utf-8", errors="replace") as fh:
            n = count(fh.read().lower())
        files += 1
        matches += n
        if not total_only:
            out.write(f"{path}\t{n}\n")
    if total_only:
        out.write(f"{files}\t{matches}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
