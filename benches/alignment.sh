#!/usr/bin/env bash
# How the claim alignment scales with the size of one event.
#
# Generates wire-copy events: ONE story (20-30 sentences) carried by N
# articles from $OUTLETS outlets, each copy edited a little (a changed
# reporting verb, an inserted clause, a dropped sentence, a changed number,
# the background rewritten). The same seed gives the same story at every
# size, and the first N articles of a bigger corpus are the smaller corpus.
#
# For each size N, in one hyperfine run:
#   claims-N    framelens claims DIR -q
#   framing-N   framelens analyze DIR --reports framing --bootstrap 0 -q
#               (the same-run baseline: reading, tokenising and tagging the
#               same files without the claim pass)
# Reports time per article, claims over framing, and the growth
# t(N)/t(N1) from the first size with its exponent (near-linear ≈ N/N1,
# quadratic ≈ (N/N1)^2). With perf available, a profile of the first size
# shows where the claim pass spends its time. The alignment is checked for
# sanity (clusters carried by at least half the outlets vs the story's
# sentences).
#
# Settings (environment):
#   SIZES        article counts, smallest first (default "1000 5000")
#   OUTLETS      outlets carrying the story (default 50)
#   LARGE_RUNS, LARGE_WARMUP  hyperfine runs for every size after the first
#                (default: RUNS and WARMUP; set 1 and 0 when a run takes minutes)
#   PROFILE      1 to profile the first size with perf (default 1 when perf works)
#   plus FRAMELENS, BENCH_DIR, SEED, RUNS, WARMUP (see lib.sh)
# Results: printed, and saved to benches/results/alignment.md.

source "$(dirname "$0")/lib.sh"

SIZES="${SIZES:-1000 5000}"
OUTLETS="${OUTLETS:-50}"
LARGE_RUNS="${LARGE_RUNS:-$RUNS}"
LARGE_WARMUP="${LARGE_WARMUP:-$WARMUP}"
PROFILE="${PROFILE:-$(perf --version >/dev/null 2>&1 && echo 1 || echo 0)}"
OUT="$BENCH_DIR/out-alignment"
REPORT="$RESULTS/alignment.md"
mkdir -p "$OUT"

{
    echo "# alignment.sh results"
    echo
    machine_info | sed 's/^/    /'
    echo "    settings: SIZES=\"$SIZES\" OUTLETS=$OUTLETS SEED=$SEED RUNS=$RUNS WARMUP=$WARMUP LARGE_RUNS=$LARGE_RUNS LARGE_WARMUP=$LARGE_WARMUP"
    echo
} | tee "$REPORT"

specs=()
first=""
for n in $SIZES; do
    C="$(gen "wire-$n" --articles "$n" --outlets "$OUTLETS" --events 1 --wire)"
    if [[ -z "$first" ]]; then first="$n"; runs="$RUNS"; warm="$WARMUP"; else runs="$LARGE_RUNS"; warm="$LARGE_WARMUP"; fi
    echo "corpus wire-$n: $n articles, $(awk "BEGIN{printf \"%.1f\", $(corpus_bytes "$C")/1e6}") MB, $(cut -d, -f1-4 "$BENCH_DIR/wire-$n.json" | tr -d '{}"')" | tee -a "$REPORT"
    log "hyperfine: $n articles ($runs runs, $warm warmup)"
    hyperfine --warmup "$warm" --runs "$runs" --export-json "$BENCH_DIR/alignment-$n.json" --style basic \
        -n "claims" "$FRAMELENS claims $C --out $OUT/claims-$n -q" \
        -n "framing" "$FRAMELENS analyze $C --out $OUT/framing-$n --reports framing --bootstrap 0 -q" >&2
    "$PYTHON" "$BENCHES/bench_report.py" claims "$OUT/claims-$n" "$C" | sed 's/^/  /' | tee -a "$REPORT"
    specs+=("$n=$BENCH_DIR/alignment-$n.json")
done
echo | tee -a "$REPORT"
"$PYTHON" "$BENCHES/bench_report.py" growth "${specs[@]}" --cmd claims --baseline framing | tee -a "$REPORT"

if [[ "$PROFILE" == 1 ]]; then
    C="$BENCH_DIR/wire-$first"
    log "perf profile of claims on $first articles"
    t0="$(date +%s.%N)"
    perf record -q -F 199 --call-graph dwarf,16384 -o "$BENCH_DIR/alignment.perf" -- \
        "$FRAMELENS" claims "$C" --out "$OUT/claims-perf" -q 2>/dev/null
    wall="$(awk "BEGIN{print $(date +%s.%N) - $t0}")"
    {
        echo
        echo "where \`claims\` spends its time on $first articles (perf, call stacks):"
        echo
        "$PYTHON" "$BENCHES/bench_report.py" perf "$BENCH_DIR/alignment.perf" --freq 199 --perf-wall "$wall" \
            --wall "$("$PYTHON" "$BENCHES/bench_report.py" mean "$BENCH_DIR/alignment-$first.json" claims)" \
            analyze_article claims::align::align 'Weights::similarity!claims::align::align' \
            claims::report::event_rows claims::diff::compare
    } | tee -a "$REPORT"
fi
{ echo; load_note; } | tee -a "$REPORT"
log "saved $REPORT"
