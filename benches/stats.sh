#!/usr/bin/env bash
# Cost of the statistics in `framelens analyze`: the bootstrap intervals of
# the outlets and the keyness report.
#
# Corpus: $ARTICLES articles (default 10,000) over $OUTLETS outlets (default
# 20) and $EVENTS events (default 100), own-words articles with 30% wire
# events, outlet 4 saying "regime" for "government".
#
# What it measures, in one hyperfine run on the same files:
#   bootstrap 0      analyze --reports framing --bootstrap 0 -q   (the baseline)
#   bootstrap 1000   analyze --reports framing --bootstrap 1000 -q
#   bootstrap 1000 -j 1   the same on one thread
# The bootstrap's cost is t(bootstrap 1000) / t(bootstrap 0) (and the
# difference as a share of the baseline).
#
# Keyness cannot be switched off on its own (--reports framing always
# includes it), so its cost is isolated with a profile instead: perf records
# one `bootstrap 0` run with call stacks, and the samples under
# keyness::write (the serial step after all articles are read: log-odds for
# every event × outlet, then writing keyness.csv and lexicon-suggestions.csv)
# are given as CPU seconds and as a share of the run's wall time. Counting the
# narrator's words per article is inlined into the per-article analysis and
# is not separated. Without perf, only the total is reported.
#
# Checks: the keyness report ranks "regime" first for the regime outlet.
#
# Settings (environment): ARTICLES, OUTLETS, EVENTS, PROFILE (1/0), plus
# FRAMELENS, BENCH_DIR, SEED, RUNS, WARMUP (see lib.sh).
# Results: printed, and saved to benches/results/stats.md.

source "$(dirname "$0")/lib.sh"

ARTICLES="${ARTICLES:-10000}"
OUTLETS="${OUTLETS:-20}"
EVENTS="${EVENTS:-100}"
PROFILE="${PROFILE:-$(perf --version >/dev/null 2>&1 && echo 1 || echo 0)}"
OUT="$BENCH_DIR/out-stats"
REPORT="$RESULTS/stats.md"
mkdir -p "$OUT"

C="$(gen "stats-$ARTICLES" --articles "$ARTICLES" --outlets "$OUTLETS" --events "$EVENTS" --wire-share 0.3 --regime-outlet 4)"
BYTES="$(corpus_bytes "$C")"
{
    echo "# stats.sh results"
    echo
    machine_info | sed 's/^/    /'
    echo "    settings: ARTICLES=$ARTICLES OUTLETS=$OUTLETS EVENTS=$EVENTS SEED=$SEED RUNS=$RUNS WARMUP=$WARMUP"
    echo
    echo "corpus: $ARTICLES articles, $OUTLETS outlets, $EVENTS events, $(awk "BEGIN{printf \"%.1f\", $BYTES/1e6}") MB ($C)"
    echo
} | tee "$REPORT"

fr="$FRAMELENS analyze $C --reports framing -q"
log "hyperfine: bootstrap 0 vs 1000"
hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-json "$BENCH_DIR/stats.json" --style basic \
    -n "bootstrap 0" "$fr --out $OUT/b0 --bootstrap 0" \
    -n "bootstrap 1000" "$fr --out $OUT/b1000 --bootstrap 1000" \
    -n "bootstrap 1000 -j 1" "$fr --out $OUT/b1000-j1 --bootstrap 1000 -j 1" >&2
{
    "$PYTHON" "$BENCHES/bench_report.py" table "$BENCH_DIR/stats.json" --baseline "bootstrap 0" --bytes "$BYTES"
    echo
    echo "bootstrap cost: t(bootstrap 1000) / t(bootstrap 0) = $("$PYTHON" "$BENCHES/bench_report.py" ratio "$BENCH_DIR/stats.json" "bootstrap 1000" "bootstrap 0")"
} | tee -a "$REPORT"

# profile NAME BOOTSTRAP: one run under perf, CPU time by call stack.
profile() {
    local name="$1" b="$2" t0 wall
    log "perf profile of one '$name' run"
    t0="$(date +%s.%N)"
    perf record -q -F 499 --call-graph dwarf,16384 -o "$BENCH_DIR/stats-b$b.perf" -- \
        $fr --out "$OUT/perf-b$b" --bootstrap "$b" 2>/dev/null
    wall="$(awk "BEGIN{print $(date +%s.%N) - $t0}")"
    "$PYTHON" "$BENCHES/bench_report.py" perf "$BENCH_DIR/stats-b$b.perf" --freq 499 --perf-wall "$wall" \
        --wall "$("$PYTHON" "$BENCHES/bench_report.py" mean "$BENCH_DIR/stats.json" "$name")" \
        analyze_article keyness::write 'glob_match!analyze_article' stats::log_odds_dirichlet \
        'TableWriter::row!keyness::write' tables::write_outlets
}

if [[ "$PROFILE" == 1 ]]; then
    {
        echo
        echo "keyness, isolated by profile: one \`bootstrap 0\` run under perf"
        echo
        profile "bootstrap 0" 0
        echo
        echo "keyness::write runs on the main thread after every article is analysed, so its CPU seconds"
        echo "are also wall seconds: its 'CPU s / wall s' is its share of the run's wall time."
        echo
        echo "The bootstrap runs inside tables::write_outlets; one \`bootstrap 1000\` run under perf:"
        echo
        profile "bootstrap 1000" 1000
    } | tee -a "$REPORT"
else
    echo "keyness: not isolated (no perf); it is part of every framing run above." | tee -a "$REPORT"
fi

{
    echo
    "$PYTHON" "$BENCHES/bench_report.py" keyness "$OUT/b0" "$C" || true
    echo
    load_note
} | tee -a "$REPORT"
log "saved $REPORT"
