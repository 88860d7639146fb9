#!/usr/bin/env python3
"""Helpers for the benchmark scripts: turn hyperfine JSON into ratio tables,
read where CPU time went from a `perf record --call-graph dwarf` profile, and
check the keyness report of a generated corpus.

  bench_report.py table RESULTS.json --baseline NAME [--bytes N] [--rss-dir DIR] [--found NAME=TEXT ...]
      Markdown table: each command's mean time relative to the baseline
      command measured in the same hyperfine run, throughput in MB/s of the
      corpus (when --bytes is given) and CPU use (user+sys over wall time,
      i.e. how many cores were busy on average). With --rss-dir: the peak
      resident memory of each command, the largest over all its runs, from
      the GNU `time -v` log DIR/<slug of the name>.log that the command's
      runs appended to. --found adds a column of what each command found
      (words, matches, hits).
  bench_report.py rss LOG
      The peak resident memory in a `time -v` log (largest over its runs), in KiB.
  bench_report.py count {wc,rg,tsv,framelens} PATH
      Sums what a command found: the number `wc -w` printed, `rg
      --count-matches` lines (path:N), peer_match.py lines (path<TAB>N), or
      the hits_all column of a framelens articles.csv.
  bench_report.py target {--ratio RESULTS.json A B [--cpu] | --rss LOG | --rss-ratio LOG1 LOG2} --max X --label TEXT
      One PASS/FAIL line (two with --cpu: wall and processor time): mean(A)/mean(B) (same run) at most X, the peak
      RSS of LOG below X MB, or peak RSS of LOG1 / LOG2 at most X. Always
      exits 0 (a failed target is a result).
  bench_report.py top PERF.DATA [--n N]
      The N functions with the most self samples (the leaf frame) in a perf
      profile, with their share: where the CPU time goes, whatever the
      callers are called.
  bench_report.py ratio RESULTS.json A B
      Prints mean(A) / mean(B) (and the spread from min/max).
  bench_report.py perf PERF.DATA --freq HZ --wall SECONDS [--perf-wall S] PATTERN...
      Samples whose call stack contains each PATTERN (a symbol substring):
      share of all CPU samples, CPU seconds, CPU seconds over the wall time
      of the run under perf, and that share applied to a reference wall time
      (the same command's mean time without perf's overhead). PATTERN may be X!Y: X on the stack, Y not.
  bench_report.py growth N1=RESULTS1.json N2=RESULTS2.json ... --cmd CLAIMS --baseline FRAMING
      For corpora of N1, N2, ... articles (each hyperfine file holding a
      CLAIMS and a FRAMING command measured in the same run): time per
      article, CLAIMS over FRAMING, and the growth of both from the first
      size (t(N)/t(N1); linear = N/N1, quadratic = (N/N1)^2) with its
      exponent log(t(N)/t(N1)) / log(N/N1).
      With --unit, N counts something else (sentences); the per-doubling
      column is 2^exponent (2 is linear, 4 quadratic); the same in processor
      time (user + sys), which other work on the machine hardly moves;
      --max-growth X adds PASS/FAIL lines for t(last N) / t(first N) at most X.
  bench_report.py sizes REPORTS_DIR --bytes N
      Each report file's size, and over the corpus size N (bytes).
  bench_report.py claims REPORTS_DIR CORPUS_DIR
      Sanity of a claim alignment on a generated wire event: claims,
      clusters, and clusters carried by at least half the outlets (compare
      with the sentences of the wire story).
  bench_report.py keyness REPORTS_DIR CORPUS_DIR
      The outlet that --regime-outlet picked: its most over-used keyness
      terms; checks that the first one is "regime".
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path


def load(path: str) -> dict[str, dict]:
    data = json.loads(Path(path).read_text())
    return {r["command"]: r for r in data["results"]}


def slug(name: str) -> str:
    """File-name form of a command name (the same as `slug` in lib.sh)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def peak_rss_kib(log: Path) -> int | None:
    """Largest `Maximum resident set size (kbytes)` in a GNU time -v log."""
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return None
    vals = [int(m) for m in re.findall(r"Maximum resident set size \(kbytes\): (\d+)", text)]
    return max(vals) if vals else None


def mb(kib: int) -> float:
    """KiB (as GNU time reports) to MB of 10^6 bytes, the unit of the corpus sizes."""
    return kib * 1024 / 1e6


def cmd_table(a) -> None:
    res = load(a.json)
    if a.baseline not in res:
        sys.exit(f"baseline {a.baseline!r} not in {a.json}: {list(res)}")
    found = dict(f.split("=", 1) for f in a.found or [])
    base = res[a.baseline]["mean"]
    cols = ["command", "mean ± sd (s)", "runs", f"× {a.baseline}"]
    if a.bytes:
        cols.append("MB/s")
    cols.append("cores busy")
    if a.rss_dir:
        cols.append("peak RSS (MB)")
    if found:
        cols.append("found")
    print("| " + " | ".join(cols) + " |")
    print("|" + "|".join("---" for _ in cols) + "|")
    for name, r in res.items():
        row = [f"`{name}`", f"{r['mean']:.3f} ± {r['stddev'] or 0:.3f}", str(len(r["times"])),
               "1 (baseline)" if name == a.baseline else f"{r['mean'] / base:.2f}"]
        if a.bytes:
            row.append(f"{a.bytes / 1e6 / r['mean']:.1f}")
        row.append(f"{(r['user'] + r['system']) / r['mean']:.2f}")
        if a.rss_dir:
            kib = peak_rss_kib(Path(a.rss_dir) / f"{slug(name)}.log")
            row.append(f"{mb(kib):.0f}" if kib is not None else "n/a")
        if found:
            row.append(found.get(name, ""))
        print("| " + " | ".join(row) + " |")


def cmd_rss(a) -> None:
    kib = peak_rss_kib(Path(a.log))
    if kib is None:
        sys.exit(f"no 'Maximum resident set size' in {a.log}")
    print(kib)


def cmd_count(a) -> None:
    total = 0
    if a.kind == "wc":
        total = int(Path(a.path).read_text().split()[0])
    elif a.kind in ("rg", "tsv"):
        sep = ":" if a.kind == "rg" else "\t"
        with open(a.path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                tail = line.rstrip("\n").rpartition(sep)[2]
                if tail.isdigit():
                    total += int(tail)
    else:
        with open(Path(a.path) / "articles.csv", encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                total += int(r["hits_all"] or 0)
    print(total)


def cmd_target(a) -> None:
    if a.ratio:
        res = load(a.ratio[0])
        x, y = a.ratio[1], a.ratio[2]
        if x not in res or y not in res:
            print(f"SKIP  {a.label}: {x!r} or {y!r} was not measured")
            return
        v = res[x]["mean"] / res[y]["mean"]
        ok = v <= a.max
        print(f"{'PASS' if ok else 'FAIL'}  {a.label}: {x} / {y} = {v:.2f} (target ≤ {a.max:g})")
        if a.cpu:
            v = cpu(res[x]) / cpu(res[y])
            print(f"{'PASS' if v <= a.max else 'FAIL'}  {a.label}, processor time (user + sys): {x} / {y} = {v:.2f} "
                  f"(target ≤ {a.max:g})")
    elif a.rss_ratio:
        k1, k2 = (peak_rss_kib(Path(x)) for x in a.rss_ratio)
        if k1 is None or k2 is None:
            print(f"SKIP  {a.label}: no peak RSS in {a.rss_ratio[0] if k1 is None else a.rss_ratio[1]}")
            return
        v = k1 / k2
        print(f"{'PASS' if v <= a.max else 'FAIL'}  {a.label}: {mb(k1):.0f} MB / {mb(k2):.0f} MB = {v:.2f} (target ≤ {a.max:g})")
    else:
        kib = peak_rss_kib(Path(a.rss))
        if kib is None:
            print(f"SKIP  {a.label}: no peak RSS in {a.rss}")
            return
        ok = mb(kib) < a.max
        print(f"{'PASS' if ok else 'FAIL'}  {a.label}: peak RSS {mb(kib):.0f} MB (target < {a.max:g} MB)")


def cmd_top(a) -> None:
    self_hits = Counter()
    total = 0
    for _, frames in perf_samples(a.data):
        total += 1
        if frames:
            parts = frames[0].split(None, 1)
            sym = parts[1].strip() if len(parts) > 1 else "?"
            self_hits[re.sub(r"\+0x[0-9a-f]+$", "", sym)] += 1
    if not total:
        sys.exit("no samples in " + a.data)
    print("| function (self time, the sampled frame) | share of CPU samples |")
    print("|---|---|")
    for sym, n in self_hits.most_common(a.n):
        short = sym if len(sym) <= 110 else sym[:107] + "..."
        print(f"| `{short}` | {n / total:.1%} |")


def cmd_mean(a) -> None:
    print(f"{load(a.json)[a.name]['mean']:.4f}")


def cmd_ratio(a) -> None:
    res = load(a.json)
    x, y = res[a.a], res[a.b]
    lo, hi = x["min"] / y["max"], x["max"] / y["min"]
    print(f"{x['mean'] / y['mean']:.2f} (range {lo:.2f}-{hi:.2f})")


def perf_samples(data: str):
    """Yields (tid, [frame symbol lines]) per sample of a perf.data file."""
    p = subprocess.Popen(["perf", "script", "-i", data, "-F", "tid,ip,sym"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, errors="replace")
    tid, frames = None, []
    assert p.stdout
    for line in p.stdout:
        if not line.strip():
            if tid is not None:
                yield tid, frames
            tid, frames = None, []
        elif tid is None:
            tid = line.split()[0]
        else:
            frames.append(line)
    if tid is not None:
        yield tid, frames
    p.wait()


def cmd_perf(a) -> None:
    total = 0
    hits = Counter()
    by_tid = Counter()
    main_tid = None
    for tid, frames in perf_samples(a.data):
        total += 1
        by_tid[tid] += 1
        if main_tid is None or int(tid) < int(main_tid):
            main_tid = tid  # the process's first thread has the lowest id
        for pat in a.patterns:
            want, _, avoid = pat.partition("!")
            if any(want in f for f in frames) and not (avoid and any(avoid in f for f in frames)):
                hits[pat] += 1
    if not total:
        sys.exit("no samples in " + a.data)
    cpu = total / a.freq
    print(f"profile: {total} samples at {a.freq:g} Hz = {cpu:.2f} CPU s "
          f"({len(by_tid)} threads; main thread {by_tid[main_tid] / a.freq:.2f} CPU s)"
          + (f"; wall {a.perf_wall:.2f} s under perf" if a.perf_wall else "")
          + f"; reference wall {a.wall:.2f} s (the same command's hyperfine mean, without perf)")
    pw = a.perf_wall or a.wall
    print("| call stack contains | share of CPU samples | CPU s under perf | CPU s / wall s under perf | ≈ s of the reference run |")
    print("|---|---|---|---|---|")
    for pat in a.patterns:
        n = hits[pat]
        share = n / a.freq / pw
        print(f"| `{pat}` | {n / total:.1%} | {n / a.freq:.2f} | {share:.2f} | {share * a.wall:.2f} |")


def cmd_growth(a) -> None:
    rows = []
    for spec in a.runs:
        n, path = spec.split("=", 1)
        res = load(path)
        rows.append((int(n), res[a.cmd], res[a.baseline]))
    n0, c0, f0 = rows[0]
    unit = a.unit
    print(f"| {unit} | `{a.cmd}` mean ± sd (s) | runs | ms per {unit.rstrip('s')} | × `{a.baseline}` (same run) "
          f"| growth t(N)/t({n0}) | linear would be | quadratic would be | exponent | per doubling | `{a.baseline}` growth "
          f"| CPU s (user + sys) | CPU × `{a.baseline}` | CPU growth | CPU per doubling |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n, c, f in rows:
        g = c["mean"] / c0["mean"]
        gf = f["mean"] / f0["mean"]
        gc = cpu(c) / cpu(c0)
        k = n / n0
        exp = f"{math.log(g) / math.log(k):.2f}" if k != 1 else "–"
        per = f"{2 ** (math.log(g) / math.log(k)):.2f}" if k != 1 else "–"
        perc = f"{2 ** (math.log(gc) / math.log(k)):.2f}" if k != 1 else "–"
        expf = f" (exponent {math.log(gf) / math.log(k):.2f})" if k != 1 else ""
        print(f"| {n} | {c['mean']:.2f} ± {c['stddev'] or 0:.2f} | {len(c['times'])} | {1000 * c['mean'] / n:.2f} "
              f"| {c['mean'] / f['mean']:.1f} | {g:.2f} | {k:.2f} | {k * k:.2f} | {exp} | {per} | {gf:.2f}{expf} "
              f"| {cpu(c):.2f} | {cpu(c) / cpu(f):.1f} | {gc:.2f} | {perc} |")
    if a.max_growth is not None and len(rows) > 1:
        n, c, _ = rows[-1]
        for what, g in [("wall time", c["mean"] / c0["mean"]), ("CPU time", cpu(c) / cpu(c0))]:
            print(f"\n{'PASS' if g <= a.max_growth else 'FAIL'}  {a.cmd} {what} at {n} {unit} / at {n0}: {g:.2f} "
                  f"(target ≤ {a.max_growth:g}; linear would be {n / n0:.0f})")


def cpu(r: dict) -> float:
    """Mean processor time (user + system) of a hyperfine result: unlike wall
    time it hardly moves when other work competes for the cores."""
    return r["user"] + r["system"]


def cmd_sizes(a) -> None:
    out = Path(a.reports)
    files = sorted((p for p in out.iterdir() if p.is_file()), key=lambda p: -p.stat().st_size)
    total = sum(p.stat().st_size for p in files)
    print(f"| report | MB | × corpus ({a.bytes / 1e6:.1f} MB) |")
    print("|---|---|---|")
    for p in files:
        print(f"| `{p.name}` | {p.stat().st_size / 1e6:.2f} | {p.stat().st_size / a.bytes:.2f} |")
    print(f"| all | {total / 1e6:.2f} | {total / a.bytes:.2f} |")


def cmd_claims(a) -> None:
    meta = json.loads((Path(a.corpus) / ".framelens-bench").read_text())["summary"]
    cluster_articles: dict[tuple, set] = {}
    articles = set()
    n = 0
    with open(Path(a.reports) / "claims.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            n += 1
            key = (r["outlet"], r["article"])
            articles.add(key)
            cluster_articles.setdefault((r["event"], r["cluster"]), set()).add(key)
            for also in filter(None, (x.strip() for x in r["also_carries"].split(";"))):
                cluster_articles.setdefault((r["event"], also), set()).add(key)
    sizes = sorted((len(s) for s in cluster_articles.values()), reverse=True)
    big = sum(1 for k in sizes if k * 2 >= len(articles))
    most = sum(1 for k in sizes if k * 10 >= 9 * len(articles))
    single = sum(1 for k in sizes if k == 1)
    wire = meta.get("wire_story_sentences") or {}
    print(f"claims: {n} sentences of {len(articles)} articles in {len(cluster_articles)} clusters; "
          f"{most} clusters in ≥ 90% of the articles, {big} in ≥ 50%, {single} in one article only; "
          f"the wire story has {', '.join(f'{v} sentences ({k})' for k, v in wire.items()) or 'n/a'}")


def cmd_keyness(a) -> None:
    meta = json.loads((Path(a.corpus) / ".framelens-bench").read_text())["summary"]
    outlet = meta.get("regime_outlet_name")
    if not outlet:
        sys.exit("the corpus has no --regime-outlet")
    rows = list(csv.DictReader(open(Path(a.reports) / "keyness.csv", encoding="utf-8")))
    events = {r["event"] for r in rows}
    scope = "*" if "*" in events else sorted(events)[0]
    mine = [r for r in rows if r["event"] == scope and r["outlet"] == outlet]
    mine.sort(key=lambda r: -float(r["z"]) if r["z"] else math.inf)
    print(f"keyness, event {scope!r}, outlet {outlet!r} (the --regime-outlet): top terms by z")
    for r in mine[:5]:
        print(f"  {r['term']:<16} stem {r['stem']:<12} count {r['count']:>6} rest {r['count_rest']:>7} z {r['z']}")
    others = [r for r in rows if r["event"] == scope and r["stem"] == "regim" and r["outlet"] != outlet]
    if others:
        best = max(others, key=lambda r: float(r["z"]))
        print(f"  'regime' among the other outlets' top rows: best z {best['z']} ({best['outlet']})")
    else:
        print("  'regime' is in no other outlet's top or bottom rows")
    ok = bool(mine) and mine[0]["stem"] == "regim"
    print("check:", "OK, the top term is 'regime'" if ok else "UNEXPECTED, the top term is not 'regime'")
    sys.exit(0 if ok else 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("table")
    t.add_argument("json")
    t.add_argument("--baseline", required=True)
    t.add_argument("--bytes", type=int)
    t.add_argument("--rss-dir")
    t.add_argument("--found", action="append", metavar="NAME=TEXT")
    t.set_defaults(fn=cmd_table)
    rs = sub.add_parser("rss")
    rs.add_argument("log")
    rs.set_defaults(fn=cmd_rss)
    co = sub.add_parser("count")
    co.add_argument("kind", choices=["wc", "rg", "tsv", "framelens"])
    co.add_argument("path")
    co.set_defaults(fn=cmd_count)
    ta = sub.add_parser("target")
    what = ta.add_mutually_exclusive_group(required=True)
    what.add_argument("--ratio", nargs=3, metavar=("RESULTS.json", "A", "B"))
    what.add_argument("--rss", metavar="LOG")
    what.add_argument("--rss-ratio", nargs=2, metavar=("LOG1", "LOG2"))
    ta.add_argument("--max", type=float, required=True)
    ta.add_argument("--label", required=True)
    ta.add_argument("--cpu", action="store_true", help="with --ratio: also the ratio of processor times")
    ta.set_defaults(fn=cmd_target)
    tp = sub.add_parser("top")
    tp.add_argument("data")
    tp.add_argument("--n", type=int, default=15)
    tp.set_defaults(fn=cmd_top)
    r = sub.add_parser("ratio")
    r.add_argument("json")
    r.add_argument("a")
    r.add_argument("b")
    r.set_defaults(fn=cmd_ratio)
    m = sub.add_parser("mean")
    m.add_argument("json")
    m.add_argument("name")
    m.set_defaults(fn=cmd_mean)
    p = sub.add_parser("perf")
    p.add_argument("data")
    p.add_argument("--freq", type=float, required=True)
    p.add_argument("--wall", type=float, required=True, help="reference wall time (s) of the profiled command")
    p.add_argument("--perf-wall", type=float, help="wall time (s) of the run under perf")
    p.add_argument("patterns", nargs="+")
    p.set_defaults(fn=cmd_perf)
    g = sub.add_parser("growth")
    g.add_argument("runs", nargs="+", metavar="N=RESULTS.json")
    g.add_argument("--cmd", required=True)
    g.add_argument("--baseline", required=True)
    g.add_argument("--unit", default="articles", help="what N counts (default articles)")
    g.add_argument("--max-growth", type=float, help="PASS/FAIL: t(last N) / t(first N) at most this")
    g.set_defaults(fn=cmd_growth)
    sz = sub.add_parser("sizes")
    sz.add_argument("reports")
    sz.add_argument("--bytes", type=int, required=True, help="the corpus size in bytes")
    sz.set_defaults(fn=cmd_sizes)
    c = sub.add_parser("claims")
    c.add_argument("reports")
    c.add_argument("corpus")
    c.set_defaults(fn=cmd_claims)
    k = sub.add_parser("keyness")
    k.add_argument("reports")
    k.add_argument("corpus")
    k.set_defaults(fn=cmd_keyness)
    a = ap.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
