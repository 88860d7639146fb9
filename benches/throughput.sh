#!/usr/bin/env bash
# Throughput of `framelens analyze` on a large generated corpus, against
# `wc -w` reading the same files in the same run.
#
# What it measures (hyperfine, $WARMUP warmup run(s), $RUNS runs each, files
# in the page cache after the warmup):
#   wc               find DIR -name '*.txt' -print0 | xargs -0 cat | wc -w
#                    (the baseline: reading every byte once and splitting words)
#   framing          framelens analyze DIR --reports framing --bootstrap 0 -q
#                    (tokens, voice, lexicon hits, scores, keyness; no claims,
#                    no bootstrap intervals), with every core and with -j 1
#   all              framelens analyze DIR -q (every report: framing, keyness,
#                    claims with alignment, bootstrap 1000), every core and -j 1
# and reports, for each: mean time as a ratio to wc, MB/s of corpus text, and
# cores busy ((user+sys)/wall). The -j 1 / default ratio shows what the
# threads buy. Peak memory (max RSS from /usr/bin/time -v) of one framing run
# and one `all` run, also as a multiple of the corpus size.
#
# Settings (environment):
#   SIZE_MB       corpus size for wc and framing (default 100)
#   FULL_SIZE_MB  corpus size for the `all` runs (default: SIZE_MB). All
#                 reports are much slower (claims); when this differs from
#                 SIZE_MB, a second corpus of that size is generated and wc is
#                 measured again on it, so every ratio is on the same files.
#   OUTLETS       outlets (default 40); events: 10 per MB (about 25 articles
#                 each); WIRE_SHARE of the events are wire stories (default 0.3)
#   PROFILE       1 (default when perf works): also profile one framing run
#                 with perf and report which steps take the time
#   plus FRAMELENS, BENCH_DIR, SEED, RUNS, WARMUP (see lib.sh)
# Results: printed, and saved to benches/results/throughput.md.

source "$(dirname "$0")/lib.sh"

SIZE_MB="${SIZE_MB:-100}"
FULL_SIZE_MB="${FULL_SIZE_MB:-$SIZE_MB}"
OUTLETS="${OUTLETS:-40}"
WIRE_SHARE="${WIRE_SHARE:-0.3}"
PROFILE="${PROFILE:-$(perf --version >/dev/null 2>&1 && echo 1 || echo 0)}"
OUT="$BENCH_DIR/out-throughput"
REPORT="$RESULTS/throughput.md"
mkdir -p "$OUT"

events_for() { "$PYTHON" -c "print(max(1, round($1 * 10)))"; }

make_corpus() {
    local mb="$1"
    gen "throughput-${mb}mb" --size-mb "$mb" --outlets "$OUTLETS" --events "$(events_for "$mb")" \
        --wire-share "$WIRE_SHARE" --regime-outlet 4
}

wc_cmd() { echo "find $1 -name '*.txt' -print0 | xargs -0 cat | wc -w"; }

C="$(make_corpus "$SIZE_MB")"
BYTES="$(corpus_bytes "$C")"
NFILES="$(find "$C" -name '*.txt' | wc -l)"

framing=(-n "framing" "$FRAMELENS analyze $C --out $OUT/framing --reports framing --bootstrap 0 -q"
         -n "framing -j 1" "$FRAMELENS analyze $C --out $OUT/framing-j1 --reports framing --bootstrap 0 -q -j 1")
all_cmds() {
    printf '%s\n' -n "all" "$FRAMELENS analyze $1 --out $OUT/all -q" \
        -n "all -j 1" "$FRAMELENS analyze $1 --out $OUT/all-j1 -q -j 1"
}

{
    echo "# throughput.sh results"
    echo
    machine_info | sed 's/^/    /'
    echo "    settings: SIZE_MB=$SIZE_MB FULL_SIZE_MB=$FULL_SIZE_MB OUTLETS=$OUTLETS WIRE_SHARE=$WIRE_SHARE SEED=$SEED RUNS=$RUNS WARMUP=$WARMUP"
    echo
    echo "## corpus A: $NFILES articles, $(awk "BEGIN{printf \"%.1f\", $BYTES/1e6}") MB of .txt ($C)"
    echo
} | tee "$REPORT"

if [[ "$FULL_SIZE_MB" == "$SIZE_MB" ]]; then
    mapfile -t extra < <(all_cmds "$C")
else
    extra=()
fi
log "hyperfine on corpus A (wc, framing${extra:+, all})"
hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-json "$BENCH_DIR/throughput-a.json" --style basic \
    -n wc "$(wc_cmd "$C")" "${framing[@]}" "${extra[@]}" >&2
{
    "$PYTHON" "$BENCHES/bench_report.py" table "$BENCH_DIR/throughput-a.json" --baseline wc --bytes "$BYTES"
    echo
    echo "threads: framing -j 1 / framing (default, $(nproc) cores) = $("$PYTHON" "$BENCHES/bench_report.py" ratio "$BENCH_DIR/throughput-a.json" "framing -j 1" framing)"
} | tee -a "$REPORT"

rss="$(max_rss_kb "$FRAMELENS" analyze "$C" --out "$OUT/framing-rss" --reports framing --bootstrap 0 -q)"
echo "peak memory, framing: $((rss / 1024)) MB max RSS = $(awk "BEGIN{printf \"%.2f\", $rss*1024/$BYTES}") × the corpus size" | tee -a "$REPORT"

if [[ "$PROFILE" == 1 ]]; then
    log "perf profile of one framing run"
    t0="$(date +%s.%N)"
    perf record -q -F 99 --call-graph dwarf,16384 -o "$BENCH_DIR/throughput-framing.perf" -- \
        "$FRAMELENS" analyze "$C" --out "$OUT/framing-perf" --reports framing --bootstrap 0 -q 2>/dev/null
    wall="$(awk "BEGIN{print $(date +%s.%N) - $t0}")"
    {
        echo
        echo "where a framing run spends its time (perf, call stacks; serial steps run on the main thread):"
        echo
        "$PYTHON" "$BENCHES/bench_report.py" perf "$BENCH_DIR/throughput-framing.perf" --freq 99 --perf-wall "$wall" \
            --wall "$("$PYTHON" "$BENCHES/bench_report.py" mean "$BENCH_DIR/throughput-a.json" framing)" \
            analyze_article keyness::write 'glob_match!analyze_article' 'analyze::run!keyness::write' \
            tables::write_outlets
    } | tee -a "$REPORT"
fi

if [[ "$FULL_SIZE_MB" != "$SIZE_MB" ]]; then
    C2="$(make_corpus "$FULL_SIZE_MB")"
    BYTES2="$(corpus_bytes "$C2")"
    NFILES2="$(find "$C2" -name '*.txt' | wc -l)"
    mapfile -t extra < <(all_cmds "$C2")
    {
        echo
        echo "## corpus B (all reports): $NFILES2 articles, $(awk "BEGIN{printf \"%.1f\", $BYTES2/1e6}") MB of .txt ($C2)"
        echo
    } | tee -a "$REPORT"
    log "hyperfine on corpus B (wc, all)"
    hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-json "$BENCH_DIR/throughput-b.json" --style basic \
        -n wc "$(wc_cmd "$C2")" "${extra[@]}" >&2
    JSON_ALL="$BENCH_DIR/throughput-b.json"
    "$PYTHON" "$BENCHES/bench_report.py" table "$JSON_ALL" --baseline wc --bytes "$BYTES2" | tee -a "$REPORT"
else
    C2="$C"; BYTES2="$BYTES"; JSON_ALL="$BENCH_DIR/throughput-a.json"
fi
echo | tee -a "$REPORT"
echo "threads: all -j 1 / all (default) = $("$PYTHON" "$BENCHES/bench_report.py" ratio "$JSON_ALL" "all -j 1" all)" | tee -a "$REPORT"
rss="$(max_rss_kb "$FRAMELENS" analyze "$C2" --out "$OUT/all-rss" -q)"
echo "peak memory, all: $((rss / 1024)) MB max RSS = $(awk "BEGIN{printf \"%.2f\", $rss*1024/$BYTES2}") × the corpus size" | tee -a "$REPORT"
echo "report sizes (all): $(du -sh "$OUT/all-rss" | cut -f1) for $(awk "BEGIN{printf \"%.0f\", $BYTES2/1e6}") MB of text" | tee -a "$REPORT"

echo | tee -a "$REPORT"
echo "check: keyness of the --regime-outlet on corpus A" | tee -a "$REPORT"
"$PYTHON" "$BENCHES/bench_report.py" keyness "$OUT/framing" "$C" | tee -a "$REPORT" || true
echo | tee -a "$REPORT"
load_note | tee -a "$REPORT"
log "saved $REPORT"
