#!/usr/bin/env bash
# Throughput and peak memory of `framelens analyze` on a large generated
# corpus, side by side with plain tools and other multi-pattern matchers
# reading the same files in the same hyperfine run, and a per-article memory
# check.
#
# What it measures, on corpus A (SIZE_MB of generated news), in ONE hyperfine
# session ($RUNS runs each, $WARMUP warmup runs; the files are read once with
# cat before it, so every command reads from the page cache):
#   cat                     find DIR -name "*.txt" -print0 | xargs -0 cat
#                           (reading every byte once)
#   wc -w                   ... | xargs -0 cat | wc -w   (THE BASELINE)
#   rg -F                   rg -F -i --count-matches -g "*.txt" -f TERMS.txt DIR
#                           (every lexicon term as a fixed string, case-
#                           insensitive, matches counted per file; substrings,
#                           no word boundaries; rg uses every core)
#   pyahocorasick           peer_match.py aho TERMS.tsv DIR: read each file,
#                           lowercase, find every term at word boundaries with
#                           one Aho-Corasick automaton, count per file
#   flashtext               peer_match.py flash TERMS.tsv DIR: the same with
#                           flashtext's KeywordProcessor (whole-word terms only)
#   framelens framing       framelens analyze DIR --reports framing --bootstrap 0 -q
#                           (every core)
#   framelens framing -j 1  the same on one thread
#   framelens full analyze  framelens analyze DIR -q (the default: every report,
#                           claims with alignment, bootstrap 1000; FULL=1)
# Each command runs under GNU `/usr/bin/time -v -a -o LOG`, so every timed run
# also records its peak resident memory (RSS); the table shows the largest.
# For each command: mean wall time, the ratio to `wc -w`, MB/s of corpus text,
# cores busy ((user+sys)/wall), peak RSS, and what it found (words, matches,
# lexicon hits) as a sanity check that the peers do comparable work. Then the
# targets of the performance issue, as PASS/FAIL lines:
#   framing <= 1.0 x wc -w (every core); framing -j 1 <= 2.0 x wc -w;
#   full analyze <= 3 x framing; framing peak RSS < 100 MB.
# The peers' terms come from lexicon_terms.py (the bundled lexicons, no
# exception/scope rows, nothing expanded; see its header).
#
# Also:
#   per-article memory (ARTICLE_MB > 0): a corpus of ARTICLE_BASE_MB of normal
#     articles, and the same corpus plus ONE article of ARTICLE_MB; framing run
#     on both in one hyperfine session; peak RSS as a multiple of the largest
#     article, and what the big article adds.
#   1 GB (BIG=1): corpus of BIG_SIZE_MB (default 1000) generated the same way;
#     wc -w and framing timed once each in one hyperfine session; framing peak
#     RSS at SIZE_MB and at BIG_SIZE_MB side by side (memory must not grow with
#     the corpus). SIZE_MB=1000 instead runs everything above at 1 GB.
#   a perf profile of one framing run (PROFILE=1, the default when perf works).
#
# The peers are installed by this script when missing: rg from Debian
# (apt-get install ripgrep) or else crates.io (cargo install ripgrep into
# $BENCH_DIR/tools); pyahocorasick and flashtext from PyPI into the virtual
# environment $BENCH_DIR/venv. A peer that cannot be installed or fails a
# smoke test is left out with a message (in the results file too).
#
# Settings (environment):
#   SIZE_MB        corpus A size (default 100); 10 events per MB, OUTLETS
#                  outlets (default 40), WIRE_SHARE of the events wire stories
#                  (default 0.3)
#   FULL           1 (default): time the full default analyze on corpus A too
#   PEERS          1 (default): install and time rg, pyahocorasick, flashtext
#   ARTICLE_MB     size of the one big article (default 50; 0 skips the check)
#   ARTICLE_BASE_MB  normal articles around it (default 10)
#   ARTICLE_RSS_MAX_X  when set, PASS/FAIL for peak RSS <= this x the largest
#                  article (framelens states no such multiple yet)
#   BIG            1: also measure framing at BIG_SIZE_MB (default 1000)
#   PROFILE        1: perf profile of one framing run
#   WARMUP         default 0 here (the cat before hyperfine fills the page cache)
#   plus FRAMELENS, BENCH_DIR, SEED, RUNS (see lib.sh)
# Default run: about 11 minutes on 2 quiet cores (20 at load average 3-5),
# plus corpus generation the first time (35 s); BIG=1 adds about 16 minutes
# (7 of them generating 1 GB, once) and 1 GB on disk.
# Results: printed, and saved to benches/results/throughput.md.

WARMUP="${WARMUP:-0}"
# shellcheck source=benches/lib.sh
source "$(dirname "$0")/lib.sh"

SIZE_MB="${SIZE_MB:-100}"
OUTLETS="${OUTLETS:-40}"
WIRE_SHARE="${WIRE_SHARE:-0.3}"
FULL="${FULL:-1}"
PEERS="${PEERS:-1}"
ARTICLE_MB="${ARTICLE_MB:-50}"
ARTICLE_BASE_MB="${ARTICLE_BASE_MB:-10}"
ARTICLE_RSS_MAX_X="${ARTICLE_RSS_MAX_X:-}"
BIG="${BIG:-0}"
BIG_SIZE_MB="${BIG_SIZE_MB:-1000}"
PROFILE="${PROFILE:-$(perf --version >/dev/null 2>&1 && echo 1 || echo 0)}"

# The targets of the performance issue.
T_FRAMING=1.0   # framing / wc -w, every core
T_J1=2.0        # framing -j 1 / wc -w
T_FULL=3.0      # full analyze / framing
T_RSS_MB=100    # framing peak RSS, MB
T_GROW=1.2      # RSS at BIG_SIZE_MB / RSS at SIZE_MB ("does not grow")

OUT="$BENCH_DIR/out-throughput"
RSS_DIR="$BENCH_DIR/rss-throughput"
TOOLS="$BENCH_DIR/tools"
VENV="$BENCH_DIR/venv"
TERMS="$BENCH_DIR/lexicon-terms"
REPORT="$RESULTS/throughput.md"
REPORT_PY=("$PYTHON" "$BENCHES/bench_report.py")
mkdir -p "$OUT"
rm -rf "$RSS_DIR"
mkdir -p "$RSS_DIR"

[[ "$BENCH_DIR$FRAMELENS$BENCHES" =~ ^[A-Za-z0-9_./+-]+$ ]] \
    || die "BENCH_DIR, FRAMELENS and the repository path may only hold letters, digits and _./+- (the commands are quoted for sh)"

HAVE_TIME=0
[[ -x /usr/bin/time ]] || apt_install time || true
/usr/bin/time -v true >/dev/null 2>&1 && HAVE_TIME=1
[[ "$HAVE_TIME" == 1 ]] || log "GNU /usr/bin/time is not available: no peak memory figures"

report() { tee -a "$REPORT"; }
mb_of() { awk "BEGIN{printf \"%.1f\", $1/1e6}"; }

events_for() { "$PYTHON" -c "print(max(1, round($1 * 10)))"; }
make_corpus() {
    local mb="$1"
    gen "throughput-${mb}mb" --size-mb "$mb" --outlets "$OUTLETS" --events "$(events_for "$mb")" \
        --wire-share "$WIRE_SHARE" --regime-outlet 4
}

# timed LOGDIR NAME CMD: the hyperfine command for CMD, run under GNU time so
# each run appends its peak RSS to LOGDIR/<slug NAME>.log.
timed() {
    local dir="$1" name="$2" cmd="$3"
    [[ "$cmd" != *"'"* ]] || die "internal: a single quote in: $cmd"
    if [[ "$HAVE_TIME" == 1 ]]; then
        printf "/usr/bin/time -v -a -o %s sh -c '%s'" "$dir/$(slug "$name").log" "$cmd"
    else
        printf '%s' "$cmd"
    fi
}

# ---------------------------------------------------------------------------
# The peers.

SKIPPED=()
skip() { SKIPPED+=("$1: left out, $2"); log "$1: left out, $2"; }

RG=""
VPY=""
HAVE_AHO=0
HAVE_FLASH=0
setup_peers() {
    if command -v rg >/dev/null 2>&1; then
        RG="$(command -v rg)"
    elif apt_install ripgrep && command -v rg >/dev/null 2>&1; then
        RG="$(command -v rg)"
    elif [[ -x "$TOOLS/bin/rg" ]]; then
        RG="$TOOLS/bin/rg"
    elif command -v cargo >/dev/null 2>&1; then
        log "installing ripgrep from crates.io (cargo install) into $TOOLS"
        if env -u CARGO_TARGET_DIR cargo install --quiet --locked --root "$TOOLS" ripgrep >&2; then
            RG="$TOOLS/bin/rg"
        fi
    fi
    [[ -n "$RG" ]] || skip "rg -F" "ripgrep could not be installed (neither apt-get nor cargo install worked)"

    if [[ ! -x "$VENV/bin/python" ]]; then
        log "creating the virtual environment $VENV"
        "$PYTHON" -m venv "$VENV" >&2 || { apt_install python3-venv && "$PYTHON" -m venv "$VENV" >&2; } || true
    fi
    if [[ -x "$VENV/bin/python" ]]; then
        VPY="$VENV/bin/python"
        local pkg mod
        for pkg in pyahocorasick:ahocorasick flashtext:flashtext; do
            mod="${pkg#*:}"; pkg="${pkg%%:*}"
            if ! "$VPY" -c "import $mod" 2>/dev/null; then
                log "installing $pkg from PyPI into $VENV"
                "$VPY" -m pip install --quiet --disable-pip-version-check "$pkg" >&2 || true
            fi
            if "$VPY" -c "import $mod" 2>/dev/null; then
                if [[ "$mod" == ahocorasick ]]; then HAVE_AHO=1; else HAVE_FLASH=1; fi
            else
                skip "$pkg" "pip install $pkg into $VENV failed"
            fi
        done
    else
        skip "pyahocorasick" "no virtual environment ($PYTHON -m venv failed)"
        skip "flashtext" "no virtual environment ($PYTHON -m venv failed)"
    fi
}

# smoke NAME CMD: runs CMD once on a small folder; leaves the peer out if it fails.
smoke() {
    local name="$1"; shift
    if "$@" >/dev/null 2>"$BENCH_DIR/smoke.err"; then return 0; fi
    skip "$name" "its smoke test failed: $(head -c 300 "$BENCH_DIR/smoke.err" | tr '\n' ' ')"
    return 1
}

peer_versions() {
    if [[ -n "$RG" ]]; then echo "rg: $("$RG" --version | head -1) ($RG)"; fi
    if [[ -n "$VPY" ]]; then
        echo "peers' python: $("$VPY" --version 2>&1), $("$VPY" -c 'import importlib.metadata as m
for p in ("pyahocorasick", "flashtext"):
    try:
        print(p, m.version(p), end="; ")
    except m.PackageNotFoundError:
        print(p, "not installed", end="; ")')"
    fi
    echo "coreutils: $(wc --version | head -1)"
}

# ---------------------------------------------------------------------------
# Corpus A and the terms.

C="$(make_corpus "$SIZE_MB")"
BYTES="$(corpus_bytes "$C")"
NFILES="$(find "$C" -name '*.txt' | wc -l)"
if [[ "$PEERS" == 1 ]]; then setup_peers; fi
TERMS_NOTE="$("$PYTHON" "$BENCHES/lexicon_terms.py" --out "$TERMS")"

: >"$REPORT"
{
    echo "# throughput.sh results"
    echo
    machine_info | sed 's/^/    /'
    peer_versions | sed 's/^/    /'
    echo "    settings: SIZE_MB=$SIZE_MB OUTLETS=$OUTLETS WIRE_SHARE=$WIRE_SHARE FULL=$FULL PEERS=$PEERS ARTICLE_MB=$ARTICLE_MB ARTICLE_BASE_MB=$ARTICLE_BASE_MB BIG=$BIG BIG_SIZE_MB=$BIG_SIZE_MB SEED=$SEED RUNS=$RUNS WARMUP=$WARMUP"
    echo "    MB = 10^6 bytes (corpus sizes, MB/s and peak RSS alike)"
    echo
    echo "## Corpus A: $NFILES articles, $(mb_of "$BYTES") MB of .txt ($C)"
    echo
    echo "$TERMS_NOTE"
} | report

# The commands, in the order hyperfine runs them. wc -w is the baseline.
NAMES=()
CMDS=()
add() { NAMES+=("$1"); CMDS+=("$2"); }
FILES="find $C -name \"*.txt\" -print0 | xargs -0"
add "cat" "$FILES cat"
add "wc -w" "$FILES cat | wc -w > $OUT/wc-w.out"
if [[ "$PEERS" == 1 ]]; then
    small="$(find "$C" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | sort | head -1)"
    if [[ -n "$RG" ]] && smoke "rg -F" "$RG" -F -i --count-matches -g '*.txt' -f "$TERMS.txt" "$small"; then
        add "rg -F" "$RG -F -i --count-matches -g \"*.txt\" -f $TERMS.txt $C > $OUT/rg-f.out"
    fi
    if [[ "$HAVE_AHO" == 1 ]] && smoke pyahocorasick "$VPY" "$BENCHES/peer_match.py" aho "$TERMS.tsv" "$small"; then
        add "pyahocorasick" "$VPY $BENCHES/peer_match.py aho $TERMS.tsv $C > $OUT/pyahocorasick.out"
    fi
    if [[ "$HAVE_FLASH" == 1 ]] && smoke flashtext "$VPY" "$BENCHES/peer_match.py" flash "$TERMS.tsv" "$small"; then
        "$VPY" "$BENCHES/peer_match.py" flash "$TERMS.tsv" "$small" 2>&1 >/dev/null | report
        add "flashtext" "$VPY $BENCHES/peer_match.py flash $TERMS.tsv $C > $OUT/flashtext.out 2>/dev/null"
    fi
fi
add "framelens framing" "$FRAMELENS analyze $C --out $OUT/framing --reports framing --bootstrap 0 -q"
add "framelens framing -j 1" "$FRAMELENS analyze $C --out $OUT/framing-j1 --reports framing --bootstrap 0 -q -j 1"
if [[ "$FULL" == 1 ]]; then
    add "framelens full analyze" "$FRAMELENS analyze $C --out $OUT/full -q"
fi

{
    echo
    echo "Commands (each run as \`/usr/bin/time -v -a -o LOG sh -c '…'\` for its peak RSS):"
    echo
    for i in "${!NAMES[@]}"; do printf '    %-24s %s\n' "${NAMES[$i]}" "${CMDS[$i]}"; done
    for s in "${SKIPPED[@]}"; do echo; echo "**$s**"; done
    echo
} | report

HF=()
for i in "${!NAMES[@]}"; do HF+=(-n "${NAMES[$i]}" "$(timed "$RSS_DIR" "${NAMES[$i]}" "${CMDS[$i]}")"); done
log "page cache: reading corpus A once"
find "$C" -name '*.txt' -print0 | xargs -0 cat >/dev/null
log "hyperfine on corpus A: ${NAMES[*]}"
JA="$BENCH_DIR/throughput-a.json"
hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-json "$JA" --style basic "${HF[@]}" >&2

FOUND=(--found "wc -w=$("${REPORT_PY[@]}" count wc "$OUT/wc-w.out") words")
for n in "${NAMES[@]}"; do
    case "$n" in
        "rg -F") FOUND+=(--found "$n=$("${REPORT_PY[@]}" count rg "$OUT/rg-f.out") matches (substrings)") ;;
        pyahocorasick) FOUND+=(--found "$n=$("${REPORT_PY[@]}" count tsv "$OUT/pyahocorasick.out") matches") ;;
        flashtext) FOUND+=(--found "$n=$("${REPORT_PY[@]}" count tsv "$OUT/flashtext.out") matches (whole-word terms)") ;;
        "framelens framing") FOUND+=(--found "$n=$("${REPORT_PY[@]}" count framelens "$OUT/framing") lexicon hits") ;;
        "framelens framing -j 1") FOUND+=(--found "$n=$("${REPORT_PY[@]}" count framelens "$OUT/framing-j1") lexicon hits") ;;
        "framelens full analyze") FOUND+=(--found "$n=$("${REPORT_PY[@]}" count framelens "$OUT/full") lexicon hits") ;;
    esac
done
# (without GNU time there are no logs, and the RSS column says n/a)
{
    "${REPORT_PY[@]}" table "$JA" --baseline "wc -w" --bytes "$BYTES" --rss-dir "$RSS_DIR" "${FOUND[@]}"
    echo
    echo "threads: framing -j 1 / framing ($(nproc) cores) = $("${REPORT_PY[@]}" ratio "$JA" "framelens framing -j 1" "framelens framing")"
    for n in "rg -F" pyahocorasick flashtext; do
        [[ " ${NAMES[*]} " == *" $n "* ]] || continue
        echo "framelens framing / $n = $("${REPORT_PY[@]}" ratio "$JA" "framelens framing" "$n")"
    done
    echo
    echo "### Targets (ratios from the same run)"
    echo
    "${REPORT_PY[@]}" target --ratio "$JA" "framelens framing" "wc -w" --max "$T_FRAMING" \
        --label "framing, $(nproc) cores, ≤ $T_FRAMING× wc -w"
    "${REPORT_PY[@]}" target --ratio "$JA" "framelens framing -j 1" "wc -w" --max "$T_J1" \
        --label "framing -j 1 ≤ $T_J1× wc -w"
    if [[ "$FULL" == 1 ]]; then
        "${REPORT_PY[@]}" target --ratio "$JA" "framelens full analyze" "framelens framing" --max "$T_FULL" \
            --label "full analyze ≤ $T_FULL× framing"
    fi
    if [[ "$HAVE_TIME" == 1 ]]; then
        "${REPORT_PY[@]}" target --rss "$RSS_DIR/framelens-framing.log" --max "$T_RSS_MB" \
            --label "framing at $SIZE_MB MB, peak RSS < $T_RSS_MB MB"
    fi
} | report

# ---------------------------------------------------------------------------
# 1 GB: does the framing pass's memory grow with the corpus?

if [[ "$BIG" == 1 && "$BIG_SIZE_MB" != "$SIZE_MB" ]]; then
    CB="$(make_corpus "$BIG_SIZE_MB")"
    BYTES_B="$(corpus_bytes "$CB")"
    NFILES_B="$(find "$CB" -name '*.txt' | wc -l)"
    RSS_BIG="$BENCH_DIR/rss-throughput-big"
    rm -rf "$RSS_BIG"; mkdir -p "$RSS_BIG"
    log "page cache: reading corpus B once"
    find "$CB" -name '*.txt' -print0 | xargs -0 cat >/dev/null
    log "hyperfine on corpus B ($BIG_SIZE_MB MB): wc -w, framing, one run each"
    JB="$BENCH_DIR/throughput-big.json"
    hyperfine --warmup 0 --runs 1 --export-json "$JB" --style basic \
        -n "wc -w" "$(timed "$RSS_BIG" "wc -w" "find $CB -name \"*.txt\" -print0 | xargs -0 cat | wc -w")" \
        -n "framelens framing" "$(timed "$RSS_BIG" "framelens framing" "$FRAMELENS analyze $CB --out $OUT/framing-big --reports framing --bootstrap 0 -q")" >&2
    {
        echo
        echo "## Corpus B: $NFILES_B articles, $(mb_of "$BYTES_B") MB of .txt ($CB), one run each"
        echo
        "${REPORT_PY[@]}" table "$JB" --baseline "wc -w" --bytes "$BYTES_B" --rss-dir "$RSS_BIG"
        echo
        echo "framing at $SIZE_MB MB and at $BIG_SIZE_MB MB, side by side:"
        echo
        echo "| corpus | articles | framing / wc -w (same run) | MB/s | framing peak RSS (MB) | RSS / corpus |"
        echo "|---|---|---|---|---|---|"
        for row in "A|$NFILES|$JA|$BYTES|$RSS_DIR" "B|$NFILES_B|$JB|$BYTES_B|$RSS_BIG"; do
            IFS='|' read -r _ n j b d <<<"$row"
            "$PYTHON" - "$n" "$j" "$b" "$d" "${REPORT_PY[1]}" <<'PY'
import importlib.util, json, sys
n, j, b, d, lib = sys.argv[1:6]
spec = importlib.util.spec_from_file_location("br", lib); br = importlib.util.module_from_spec(spec); spec.loader.exec_module(br)
res = br.load(j)
kib = br.peak_rss_kib(__import__("pathlib").Path(d) / "framelens-framing.log")
b = int(b); f = res["framelens framing"]["mean"]; w = res["wc -w"]["mean"]
rss = f"{br.mb(kib):.0f}" if kib else "n/a"
per = f"{br.mb(kib) * 1e6 / b:.3f}" if kib else "n/a"
print(f"| {b / 1e6:.0f} MB | {n} | {f / w:.2f} | {b / 1e6 / f:.1f} | {rss} | {per} |")
PY
        done
        echo
        if [[ "$HAVE_TIME" == 1 ]]; then
            "${REPORT_PY[@]}" target --rss "$RSS_BIG/framelens-framing.log" --max "$T_RSS_MB" \
                --label "framing at $BIG_SIZE_MB MB, peak RSS < $T_RSS_MB MB"
            "${REPORT_PY[@]}" target --rss-ratio "$RSS_BIG/framelens-framing.log" "$RSS_DIR/framelens-framing.log" \
                --max "$T_GROW" --label "memory does not grow with the corpus: RSS at $BIG_SIZE_MB MB / RSS at $SIZE_MB MB ≤ $T_GROW"
        fi
    } | report
fi

# ---------------------------------------------------------------------------
# Per-article memory: one very large article among normal ones.

if [[ "$ARTICLE_MB" != 0 ]]; then
    base_args=(--size-mb "$ARTICLE_BASE_MB" --outlets 10 --events "$(events_for "$ARTICLE_BASE_MB")")
    CN="$(gen "article-${ARTICLE_BASE_MB}mb" "${base_args[@]}")"
    CL="$(gen "article-${ARTICLE_BASE_MB}mb-big-${ARTICLE_MB}mb" "${base_args[@]}" --big-article-mb "$ARTICLE_MB")"
    BYTES_N="$(corpus_bytes "$CN")"
    BYTES_L="$(corpus_bytes "$CL")"
    LARGEST_N="$(find "$CN" -name '*.txt' -printf '%s\n' | sort -n | tail -1)"
    LARGEST="$(find "$CL" -name '*.txt' -printf '%s\n' | sort -n | tail -1)"
    RSS_ART="$BENCH_DIR/rss-article"
    rm -rf "$RSS_ART"; mkdir -p "$RSS_ART"
    find "$CN" "$CL" -name '*.txt' -print0 | xargs -0 cat >/dev/null
    log "hyperfine: framing without and with one $ARTICLE_MB MB article"
    JL="$BENCH_DIR/throughput-article.json"
    hyperfine --warmup 0 --runs "$RUNS" --export-json "$JL" --style basic \
        -n "framing, normal articles" "$(timed "$RSS_ART" "framing, normal articles" "$FRAMELENS analyze $CN --out $OUT/article-normal --reports framing --bootstrap 0 --max-article-size $((ARTICLE_MB * 2))MB -q")" \
        -n "framing, plus one big article" "$(timed "$RSS_ART" "framing, plus one big article" "$FRAMELENS analyze $CL --out $OUT/article-big --reports framing --bootstrap 0 --max-article-size $((ARTICLE_MB * 2))MB -q")" >&2
    {
        echo
        echo "## Per-article memory: $(mb_of "$BYTES_N") MB of normal articles (largest $(awk "BEGIN{printf \"%.1f\", $LARGEST_N/1e3}") KB), and the same plus one article of $(mb_of "$LARGEST") MB"
        echo
        "${REPORT_PY[@]}" table "$JL" --baseline "framing, normal articles" --rss-dir "$RSS_ART"
        echo
        echo "MB/s: normal articles $(awk "BEGIN{printf \"%.1f\", $BYTES_N/1e6/$("${REPORT_PY[@]}" mean "$JL" "framing, normal articles")}"), with the big article $(awk "BEGIN{printf \"%.1f\", $BYTES_L/1e6/$("${REPORT_PY[@]}" mean "$JL" "framing, plus one big article")}") (the corpus is $(awk "BEGIN{printf \"%.1f\", $BYTES_L/$BYTES_N}")× larger)"
        if [[ "$HAVE_TIME" == 1 ]]; then
            rn="$("${REPORT_PY[@]}" rss "$RSS_ART/framing-normal-articles.log")"
            rl="$("${REPORT_PY[@]}" rss "$RSS_ART/framing-plus-one-big-article.log")"
            awk -v rn="$rn" -v rl="$rl" -v big="$LARGEST" 'BEGIN {
                printf "peak RSS with the big article: %.0f MB = %.1f× the largest article (%.1f MB)\n", rl*1024/1e6, rl*1024/big, big/1e6
                printf "what the big article adds: %.0f MB - %.0f MB = %.0f MB = %.1f× its size\n", rl*1024/1e6, rn*1024/1e6, (rl-rn)*1024/1e6, (rl-rn)*1024/big
            }'
            if [[ -n "$ARTICLE_RSS_MAX_X" ]]; then
                awk -v rl="$rl" -v big="$LARGEST" -v m="$ARTICLE_RSS_MAX_X" 'BEGIN {
                    x = rl*1024/big; printf "%s  peak RSS ≤ %g× the largest article: %.1f×\n", (x <= m ? "PASS" : "FAIL"), m, x }'
            else
                echo "(no target: framelens states no per-article multiple yet; set ARTICLE_RSS_MAX_X to check one)"
            fi
        fi
    } | report
fi

# ---------------------------------------------------------------------------
# Where a framing run spends its time.

if [[ "$PROFILE" == 1 ]]; then
    log "perf profile of one framing run"
    t0="$(date +%s.%N)"
    perf record -q -F 99 --call-graph dwarf,16384 -o "$BENCH_DIR/throughput-framing.perf" -- \
        "$FRAMELENS" analyze "$C" --out "$OUT/framing-perf" --reports framing --bootstrap 0 -q 2>/dev/null
    wall="$(awk "BEGIN{print $(date +%s.%N) - $t0}")"
    {
        echo
        echo "## Where a framing run spends its time (perf, corpus A)"
        echo
        "${REPORT_PY[@]}" perf "$BENCH_DIR/throughput-framing.perf" --freq 99 --perf-wall "$wall" \
            --wall "$("${REPORT_PY[@]}" mean "$JA" "framelens framing")" \
            analyze_article load_hashed 'Report>::article' 'KeynessReport as' 'articles::Articles as' \
            'hits::Hits as' 'outlets::Outlets as' 'scores::Scores as' workbook:: TableWriter spill::
        echo
        echo "Functions with the most self time:"
        echo
        "${REPORT_PY[@]}" top "$BENCH_DIR/throughput-framing.perf" --n 15
    } | report
fi

{
    echo
    echo "check: keyness of the --regime-outlet on corpus A"
    "${REPORT_PY[@]}" keyness "$OUT/framing" "$C" || true
    echo
    load_note
} | report
log "saved $REPORT"
