#!/usr/bin/env bash
# How the claim alignment scales, and how well it aligns. Four parts (PARTS):
#
# wire: one wire-copy event. ONE story (20-30 sentences) carried by N
#   articles from $OUTLETS outlets, each copy edited a little (a changed
#   reporting verb, an inserted clause, a dropped sentence, a changed number,
#   the background rewritten). The same seed gives the same story at every
#   size, and the first N articles of a bigger corpus are the smaller corpus.
#   For each size N, in one hyperfine run:
#     claims-N    framelens claims DIR -q
#     framing-N   framelens analyze DIR --reports framing --bootstrap 0 -q
#                 (the same-run baseline: reading, tokenising and tagging the
#                 same files without the claim pass)
#   Reports time per article, claims over framing, and the growth
#   t(N)/t(N1) from the first size with its exponent (near-linear ≈ N/N1,
#   quadratic ≈ (N/N1)^2). With perf available, a profile of the first size
#   shows where the claim pass spends its time. The alignment is checked for
#   sanity (clusters carried by at least half the outlets vs the story's
#   sentences).
#
# diverse: unlabelled corpora of many unrelated stories (DIVERSE_MB sizes,
#   40 outlets, 10 events per MB, 30% of them wire stories, no `event` in the
#   front matter, so the whole corpus is one event that framelens cuts into
#   stories). In one hyperfine run per size:
#     full      framelens analyze DIR -q            (the default: every report)
#     framing   framelens analyze DIR --reports framing -q
#   each under GNU time for its peak memory. Targets: full ≤ 3× framing, peak
#   RSS < 500 MB; growth per doubling; the size of every report against the
#   corpus (coverage.csv must stay proportional to the input).
#
# near: the adversarial case, NEAR_DUPES near-identical sentences (a shared
#   frame, four rare invented words each; no two align), one event: `claims`
#   against the framing pass, growth per doubling; target: the largest size
#   costs under 10× the smallest (20,000 vs 5,000 sentences: linear is 4×).
#
# gold: pairwise precision, recall and F1 of the clusters on the invented
#   wire rewrites with gold labels (tests/fixtures/claims/wire-rewrites,
#   GOLD.csv, 251 pairs), with alignment_gold.py.
#
# Settings (environment):
#   PARTS        which parts (default "wire diverse near gold")
#   SIZES        wire: article counts, smallest first (default "1000 5000")
#   OUTLETS      wire: outlets carrying the story (default 50)
#   DIVERSE_MB   diverse: corpus sizes in MB, smallest first (default "10 20")
#   NEAR_DUPES   near: sentence counts, smallest first (default "5000 10000 20000")
#   LARGE_RUNS, LARGE_WARMUP  hyperfine runs for every size after the first
#                (default: RUNS and WARMUP; set 1 and 0 when a run takes minutes)
#   PROFILE      1 to profile the first wire size with perf (default 1 when perf works)
#   plus FRAMELENS, BENCH_DIR, SEED, RUNS, WARMUP (see lib.sh)
# Results: printed, and saved to benches/results/alignment.md.

source "$(dirname "$0")/lib.sh"

PARTS="${PARTS:-wire diverse near gold}"
SIZES="${SIZES:-1000 5000}"
DIVERSE_MB="${DIVERSE_MB:-10 20}"
NEAR_DUPES="${NEAR_DUPES:-5000 10000 20000}"
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
    echo "    settings: PARTS=\"$PARTS\" SIZES=\"$SIZES\" OUTLETS=$OUTLETS DIVERSE_MB=\"$DIVERSE_MB\" NEAR_DUPES=\"$NEAR_DUPES\" SEED=$SEED RUNS=$RUNS WARMUP=$WARMUP LARGE_RUNS=$LARGE_RUNS LARGE_WARMUP=$LARGE_WARMUP"
    echo
} | tee "$REPORT"

has_part() { [[ " $PARTS " == *" $1 "* ]]; }

if has_part wire; then
    { echo "## wire: one wire-copy event"; echo; } | tee -a "$REPORT"
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
fi

if has_part diverse; then
    { echo; echo "## diverse: unlabelled corpora of many unrelated stories"; echo; } | tee -a "$REPORT"
    specs=()
    first=""
    for mb in $DIVERSE_MB; do
        C="$(gen "diverse-${mb}mb" --size-mb "$mb" --outlets 40 --events "$((mb * 10))" --wire-share 0.3 --unlabelled)"
        bytes="$(corpus_bytes "$C")"
        if [[ -z "$first" ]]; then first="$mb"; runs="$RUNS"; warm="$WARMUP"; else runs="$LARGE_RUNS"; warm="$LARGE_WARMUP"; fi
        rss="$BENCH_DIR/rss-diverse-$mb"
        rm -rf "$rss"
        mkdir -p "$rss"
        echo "corpus diverse-${mb}mb: $(cut -d, -f1-4 "$BENCH_DIR/diverse-${mb}mb.json" | tr -d '{}"'), no events" | tee -a "$REPORT"
        log "hyperfine: diverse $mb MB ($runs runs, $warm warmup)"
        hyperfine --warmup "$warm" --runs "$runs" --export-json "$BENCH_DIR/diverse-$mb.json" --style basic \
            -n "full" "/usr/bin/time -v -a -o $rss/full.log $FRAMELENS analyze $C --out $OUT/full-$mb -q --force" \
            -n "framing" "/usr/bin/time -v -a -o $rss/framing.log $FRAMELENS analyze $C --out $OUT/framing-$mb --reports framing -q --force" >&2
        { echo; "$PYTHON" "$BENCHES/bench_report.py" table "$BENCH_DIR/diverse-$mb.json" --baseline framing --bytes "$bytes" --rss-dir "$rss"; echo
          "$PYTHON" "$BENCHES/bench_report.py" target --ratio "$BENCH_DIR/diverse-$mb.json" full framing --max 3 \
              --label "full analyze ≤ 3× the framing pass at $mb MB" --cpu
          "$PYTHON" "$BENCHES/bench_report.py" target --rss "$rss/full.log" --max 500 --label "full analyze at $mb MB"
          echo; echo "reports written by the full analyze at $mb MB:"; echo
          "$PYTHON" "$BENCHES/bench_report.py" sizes "$OUT/full-$mb" --bytes "$bytes"; echo; } | tee -a "$REPORT"
        specs+=("$mb=$BENCH_DIR/diverse-$mb.json")
    done
    "$PYTHON" "$BENCHES/bench_report.py" growth "${specs[@]}" --cmd full --baseline framing --unit MB | tee -a "$REPORT"
fi

if has_part near; then
    { echo; echo "## near: near-identical sentences that no two align"; echo; } | tee -a "$REPORT"
    specs=()
    first=""
    for n in $NEAR_DUPES; do
        C="$(gen "near-$n" --near-duplicates "$n")"
        if [[ -z "$first" ]]; then first="$n"; runs="$RUNS"; warm="$WARMUP"; else runs="$LARGE_RUNS"; warm="$LARGE_WARMUP"; fi
        log "hyperfine: $n near-identical sentences ($runs runs, $warm warmup)"
        hyperfine --warmup "$warm" --runs "$runs" --export-json "$BENCH_DIR/near-$n.json" --style basic \
            -n "claims" "$FRAMELENS claims $C --out $OUT/near-$n -q --force" \
            -n "framing" "$FRAMELENS analyze $C --out $OUT/near-framing-$n --reports framing --bootstrap 0 -q --force" >&2
        clusters="$("$PYTHON" -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); print(len({(x["event"], x["cluster"]) for x in r}), "clusters of", len(r), "sentences")' "$OUT/near-$n/claims.csv")"
        echo "near-$n: $clusters" | tee -a "$REPORT"
        specs+=("$n=$BENCH_DIR/near-$n.json")
    done
    echo | tee -a "$REPORT"
    "$PYTHON" "$BENCHES/bench_report.py" growth "${specs[@]}" --cmd claims --baseline framing --unit sentences \
        --max-growth 10 | tee -a "$REPORT"
fi

if has_part gold; then
    { echo; echo "## gold: alignment of invented wire rewrites against their gold pairs"; echo; } | tee -a "$REPORT"
    G="$REPO/tests/fixtures/claims/wire-rewrites"
    "$FRAMELENS" claims "$G" --out "$OUT/gold" -q --force
    "$PYTHON" "$BENCHES/alignment_gold.py" "$G/GOLD.csv" "$OUT/gold" | tee -a "$REPORT"
fi
{ echo; load_note; } | tee -a "$REPORT"
log "saved $REPORT"
