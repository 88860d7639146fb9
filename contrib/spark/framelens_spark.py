#!/usr/bin/env python3
"""framelens on Apache Spark: a Media Cloud-style dataset (CSV, JSON Lines or
Parquet) analysed partition by partition on the executors, merged on the
driver into the same reports one ``framelens analyze`` run writes.

    spark-submit contrib/spark/framelens_spark.py news.jsonl --out reports/

How it works:

1. Spark reads the dataset (CSV: header row, quoted fields may span lines,
   every column as text; JSON Lines; Parquet) and numbers its rows in the
   order it reads them (``zipWithIndex``): row n of the dataset is line n of
   ``source``, as the command numbers the lines of a JSON Lines file.
2. Each partition (by default ranges of at most ``--rows-per-partition`` rows;
   ``--partitions`` cuts the rows into that many ranges)
   is analysed on an executor with the framelens Python package
   (``framelens.partial``: the Rust analysis, no Rust toolchain needed), which
   returns a partial result of a few bytes per word.
3. The partials are kept by Spark (memory, then disk) and fetched to the
   driver one at a time, written under ``--partials`` (a temporary folder by
   default), and merged with ``framelens.merge`` into ``--out``.

Stories (articles without an event) are grouped at the merge, over the
whole dataset, as one run groups them. The executors need the framelens
wheel installed (see docs/scale.md, "More than one machine").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def read_dataset(spark, path: str, fmt: str):
    """The dataset as a Spark DataFrame, read the way framelens reads it."""
    if fmt == "auto":
        p = path.rstrip("/").lower()
        fmt = next(
            (f for ext, f in ((".csv", "csv"), (".tsv", "tsv"), (".parquet", "parquet"), (".jsonl", "json"),
                              (".ndjson", "json"), (".json", "json")) if p.endswith(ext)),
            None,
        )
        if fmt is None:
            raise SystemExit(f"framelens-spark: cannot tell the format of {path}; pass --format csv, tsv, json or parquet")
    if fmt in ("csv", "tsv"):
        # Every column as text (no type guessing), fields may hold line breaks.
        return (
            spark.read.option("header", True)
            .option("multiLine", True)
            .option("escape", '"')
            .option("sep", "\t" if fmt == "tsv" else ",")
            .csv(path)
        )
    if fmt == "json":
        return spark.read.json(path)
    if fmt == "parquet":
        return spark.read.parquet(path)
    raise SystemExit(f"framelens-spark: unknown format {fmt}")


def sha256_file(path: str) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def settings_of(args) -> dict:
    """The analysis options every partition shares (as keyword arguments of framelens.partial)."""
    s = dict(
        text=args.text_column, title=args.title_column, outlet=args.outlet_column, date=args.date_column,
        url=args.url_column, language=args.language_column, id=args.id_column, event=args.event_column,
        reports=args.reports, events="folder", bootstrap=args.bootstrap, seed=args.seed,
        keyness_min_count=args.keyness_min_count, keyness_prior=args.keyness_prior,
        lexicon_language=args.lexicon_language, threads=args.threads_per_task,
        page=not args.no_page, page_articles=args.page_articles, workbook=not args.no_workbook,
    )
    # Lexicon and cue files are read here, on the driver, and travel with the
    # task: executors need no copy, and the reports name the files as given.
    if args.lexicon:
        s["lexicon"] = [("builtin", b"") if l == "builtin" else (l, Path(l).read_bytes()) for l in args.lexicon]
    if args.cues:
        s["cues"] = (args.cues, Path(args.cues).read_bytes())
    return s


def _lexicon_arg(value):
    # ("builtin", b"") stands for the bundled lexicon.
    if value is None:
        return None
    return ["builtin" if name == "builtin" else (name, data) for name, data in value]


def run(spark, args) -> dict:
    """Runs the job; returns timings in seconds and counts."""
    import framelens
    from pyspark import StorageLevel

    times = {}
    t0 = time.time()
    # A local path is resolved here: the JVM's working folder may differ.
    where = os.path.abspath(args.input) if os.path.exists(args.input) else args.input
    df = read_dataset(spark, where, args.format)
    indexed = df.rdd.zipWithIndex()  # (Row, index from 0) in the order Spark reads the dataset
    total = indexed.count()
    # Each partition's partial travels to the driver as one block: with the
    # claim reports a partition of 20,000 articles makes one of several
    # hundred MB, more than a driver's default 1 GB heap takes at once.
    parts = args.partitions or max(indexed.getNumPartitions(), -(-total // max(args.rows_per_partition, 1)))
    if parts != indexed.getNumPartitions():
        # Contiguous ranges of row numbers, one per partition.
        indexed = (
            indexed.map(lambda p: (p[1], p[0]))
            .partitionBy(parts, lambda i: min(parts - 1, i * parts // max(total, 1)))
            .map(lambda kv: (kv[1], kv[0]))
        )
    times["read_and_number"] = time.time() - t0

    source = args.source or args.input
    settings = settings_of(args)
    # The digest of a one-file dataset, as `framelens analyze FILE` records it
    # in run.json (hashed on the driver while the executors work is not
    # worth the complexity: it reads at disk speed).
    if not args.no_digest and os.path.isfile(args.input):
        settings["source_sha256"] = sha256_file(args.input)
    settings["lexicon"] = _lexicon_arg(settings.get("lexicon"))

    def analyse(index, pairs):
        import framelens as fl

        pairs = sorted(pairs, key=lambda p: p[1])
        rows = [row.asDict(recursive=True) for row, _ in pairs]
        numbers = [i + 1 for _, i in pairs]
        blob = fl.partial(rows, part=(index + 1, parts), numbers=numbers, source=source, **settings)
        yield index, blob

    t1 = time.time()
    blobs = indexed.mapPartitionsWithIndex(analyse).persist(StorageLevel.MEMORY_AND_DISK)
    blobs.count()  # every partition analysed, in parallel, before any is fetched
    times["analyse"] = time.time() - t1

    t2 = time.time()
    keep = args.partials is not None
    folder = Path(args.partials) if keep else Path(tempfile.mkdtemp(prefix="framelens-partials-"))
    folder.mkdir(parents=True, exist_ok=True)
    paths, size = [], 0
    for index, blob in blobs.toLocalIterator():
        paths.append(framelens.write_partial(blob, folder / f"part-{index + 1:05d}"))
        size += len(blob)
    blobs.unpersist()
    times["fetch"] = time.time() - t2

    t3 = time.time()
    command = ["spark", *(args.argv or [])]
    # Written straight into --out by the library (never all in memory: the
    # claim tables of a large corpus run to gigabytes).
    reports = framelens.merge(sorted(paths), out=args.out, threads=args.merge_threads, command=command, force=args.force)
    times["merge"] = time.time() - t3
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
    times["total"] = time.time() - t0
    return {
        "rows": total,
        "partitions": parts,
        "partial_bytes": size,
        "articles": reports.summary["articles"],
        "skipped": reports.summary["skipped"],
        "seconds": {k: round(v, 2) for k, v in times.items()},
    }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="framelens on Apache Spark (see the module docstring)")
    p.add_argument("input", help="the dataset: a file or folder of CSV, TSV, JSON Lines or Parquet")
    p.add_argument("--out", default="reports", help="where to write the reports (on the driver)")
    p.add_argument("--force", action="store_true",
                   help="write into an --out folder that holds files framelens did not write (as framelens --force)")
    p.add_argument("--format", default="auto", choices=["auto", "csv", "tsv", "json", "parquet"])
    p.add_argument("--source", help="the name the rows have in the reports (default: the input as given)")
    p.add_argument("--partitions", type=int,
                   help="cut the rows into this many ranges (default: as Spark reads them, "
                        "or more so that none has more than --rows-per-partition rows)")
    p.add_argument("--rows-per-partition", type=int, default=2000,
                   help="most rows of a partition when --partitions is not given (default 2000)")
    p.add_argument("--partials", help="keep the partial results in this folder (default: a temporary folder)")
    p.add_argument("--lexicon", action="append", help="a lexicon file, or builtin; repeat to merge several")
    p.add_argument("--lexicon-language", default="en")
    p.add_argument("--cues", help="a cue list to use instead of the bundled one")
    p.add_argument("--reports", default="all", choices=["all", "framing", "claims"])
    p.add_argument("--bootstrap", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keyness-min-count", type=int, default=3)
    p.add_argument("--keyness-prior", type=float, default=0.1)
    p.add_argument("--threads-per-task", type=int, default=1, help="framelens threads in each Spark task")
    p.add_argument("--merge-threads", type=int, help="threads of the merge on the driver (default: every core)")
    p.add_argument("--no-page", action="store_true",
                   help="do not write report.html (the partials then leave out the articles' text: smaller)")
    p.add_argument("--page-articles", type=int, default=10, help="articles report.html shows in full per outlet")
    p.add_argument("--no-workbook", action="store_true", help="do not write framelens.xlsx")
    for role in ("text", "title", "outlet", "date", "url", "language", "id", "event"):
        p.add_argument(f"--{role}-column", help=f"the column holding the {role} (default: the usual names)")
    p.add_argument("--no-digest", action="store_true", help="do not compute the SHA-256 of a one-file dataset for run.json")
    p.add_argument("--master", help="Spark master when not run with spark-submit (e.g. local[2])")
    return p


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser().parse_args(argv)
    args.argv = argv
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("framelens")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        stats = run(spark, args)
    finally:
        spark.stop()
    print(json.dumps(stats), file=sys.stderr)
    return 1 if stats["skipped"] else 0


if __name__ == "__main__":
    sys.exit(main())
