#!/usr/bin/env bash
# Growth: does the cost of each input that once blew up grow linearly? Each
# case runs at 1x, 2x and 4x its base size, and each doubling may cost at
# most 3x (a linear cost doubles; a quadratic one quadruples). The time of
# each run is its processor time (user + system, so that other work on the
# machine hardly moves it), net of a baseline measured in the same run (the
# same command on a tiny input: start-up, lexicon loading), best of RUNS.
#
#   quotes      framelens analyze --reports framing on one article with N
#               quotation marks (“word” pairs and stray ")
#   kwic        framelens kwic on the same article
#   long-word   one glob of 2,000 wildcards and literals against one word
#               of N KB (glob matching once grew with word x pattern length)
#   star-globs  N one-word globs that start with * against a 4,000-word
#               article (every word is compared with every such glob)
#   lexicon     framelens lexicon check on a lexicon of N rows (exact,
#               stem and glob entries sharing categories and sides)
#   near-dupes  framelens claims on one event whose N sentences are
#               near-duplicates of one another (numbers and names changed)
#
# Settings (environment): CASES (default: all of the above), SCALE (a
# factor on every base size, default 1), RUNS (default 3), plus FRAMELENS,
# CARGO_TARGET_DIR, BENCH_DIR (see lib.sh). Exit status 1 when a doubling
# costs more than 3x. Results: printed, and saved to benches/results/growth.md.

source "$(dirname "$0")/lib.sh"

CASES="${CASES:-quotes kwic long-word star-globs lexicon near-dupes}"
SCALE="${SCALE:-1}"
DIR="$BENCH_DIR/growth"
REPORT="$RESULTS/growth.md"
LIMIT=3.0
rm -rf "$DIR"
mkdir -p "$DIR"

# best_of CMD...: the least processor time (user + system) of RUNS runs, in
# seconds. Processor time, unlike wall time, hardly moves when other work
# competes for the cores, and growth is what is measured here.
best_of() {
    local best="" s
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f '%U %S' -o "$DIR/time.txt" "$@" >/dev/null 2>&1 || true
        s=$(tail -1 "$DIR/time.txt" | awk '{ print $1 + $2 }')
        grep -q "status 127" "$DIR/time.txt" && die "cannot run $1"
        if [[ -z "$best" ]] || awk -v s="$s" -v b="$best" 'BEGIN { exit !(s < b) }'; then best=$s; fi
    done
    printf '%.3f' "$best"
}

# gen CASE SIZE: writes the input of a case at a size into $DIR/CASE-SIZE.
gen() {
    "$PYTHON" - "$1" "$2" "$DIR/$1-$2" <<'PY'
import os, random, sys
case, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(1)
os.makedirs(out, exist_ok=True)
def article(folder, name, text):
    os.makedirs(os.path.join(out, folder), exist_ok=True)
    with open(os.path.join(out, folder, name + ".txt"), "w") as f:
        f.write(text)
if case in ("quotes", "kwic"):
    # n quotation marks: pairs of curly quotes around a word, with a few
    # straight quotes that never close, in paragraphs of 200 marks.
    parts, marks = [], 0
    while marks < n:
        parts.append("Officials said “no” and " if marks % 10 else 'He said "maybe and ')
        marks += 2 if marks % 10 else 1
        if marks % 200 < 2:
            parts.append("\n\n")
    article("o", "a", "".join(parts))
elif case == "long-word":
    article("o", "a", "Before " + "ab" * (n * 512) + " after.")
    with open(os.path.join(out, "lexicon.csv"), "w") as f:
        glob = "*" + "*".join("a?" if i % 3 else "ab" for i in range(1000)) + "*c"
        f.write("term,match,category\n" + glob + ",glob,long\nregime,exact,label\n")
elif case == "star-globs":
    words = ["occupation", "regime", "liberated", "separatism", "blockade", "peacekeepers", "officials", "said"]
    article("o", "a", " ".join(rng.choice(words) for _ in range(4000)) + ".")
    with open(os.path.join(out, "lexicon.csv"), "w") as f:
        f.write("term,match,category\n")
        for i in range(n):
            f.write(f"*{rng.choice(words)[-3:]}{i % 97},glob,c{i % 5}\n")
elif case == "lexicon":
    cats, sides = ["label", "loaded", "hedge", "euphemism"], [("a-b", "a"), ("a-b", "b"), ("", "")]
    with open(os.path.join(out, "lexicon.csv"), "w") as f:
        f.write("term,match,category,axis,side,weight,neutral,language,note\n")
        for i in range(n):
            cat = cats[i % 4]
            axis, side = sides[i % 3]
            stem = "".join(rng.choice("abcdefghijklmnoprstuvw") for _ in range(6))
            kind = ["exact", "exact", "stem", "glob"][i % 4]
            term = stem + "*" if kind == "glob" else stem + ("ed" if i % 2 else "")
            f.write(f"{term},{kind},{cat},{axis},{side},1,,en,\n")
elif case == "near-dupes":
    names = ["Pashinyan", "Aliyev", "Peskov", "Blinken", "Lavrov", "Mirzoyan"]
    per_article = 20
    for a in range(max(1, n // per_article)):
        sents = []
        for s in range(per_article):
            who = names[(a + s) % len(names)]
            sents.append(f"{who} said on Tuesday that {1000 + (a * 7 + s) % 900} peacekeepers would stay in the region for {2 + s % 5} more weeks.")
        text = "---\nevent: one\n---\n" + " ".join(sents) + "\n"
        article(f"outlet-{a % 50}", f"a{a}", text)
PY
}

small() {
    mkdir -p "$DIR/tiny/o"
    echo "Officials said it." >"$DIR/tiny/o/a.txt"
    printf 'term,match,category\nregime,exact,label\n' >"$DIR/tiny/lexicon.csv"
}

# command CASE INPUT OUT: sets CMD to the command a case times.
command_of() {
    local case="$1" in="$2" out="$3"
    case "$case" in
        quotes) CMD=("$FRAMELENS" analyze "$in" --reports framing --bootstrap 0 -q -j 1 --force --out "$out") ;;
        kwic) CMD=("$FRAMELENS" kwic said "$in" --csv -q -j 1) ;;
        long-word | star-globs)
            CMD=("$FRAMELENS" analyze "$in" --lexicon "$in/lexicon.csv" --reports framing --bootstrap 0 -q -j 1
                --force --out "$out") ;;
        lexicon) CMD=("$FRAMELENS" lexicon check "$in/lexicon.csv") ;;
        near-dupes) CMD=("$FRAMELENS" claims "$in" -q -j 1 --force --out "$out") ;;
    esac
}

base_size() {
    case "$1" in
        quotes | kwic) echo $((25000 * SCALE)) ;;
        long-word) echo $((200 * SCALE)) ;;
        star-globs) echo $((12500 * SCALE)) ;;
        lexicon) echo $((10000 * SCALE)) ;;
        near-dupes) echo $((1000 * SCALE)) ;;
    esac
}

unit() {
    case "$1" in
        quotes | kwic) echo "quote marks" ;;
        long-word) echo "KB word" ;;
        star-globs) echo "globs" ;;
        lexicon) echo "rows" ;;
        near-dupes) echo "sentences" ;;
    esac
}

small
{
    echo "# Growth at 1x, 2x, 4x (benches/growth.sh)"
    echo
    machine_info | sed 's/^/    /'
    echo
    echo "Times are processor seconds (user + system), best of $RUNS, net of the same command on a one-sentence input; a doubling may cost at most ${LIMIT}x."
    echo
    echo "| case | size | CPU seconds (net) | growth per doubling | verdict |"
    echo "|---|---|---|---|---|"
} >"$REPORT"
failed=0
for c in $CASES; do
    n=$(base_size "$c")
    tiny_in="$DIR/tiny"
    [[ "$c" == "near-dupes" ]] && { gen near-dupes 20; tiny_in="$DIR/near-dupes-20"; }
    command_of "$c" "$tiny_in" "$DIR/out-tiny"
    base=$(best_of "${CMD[@]}")
    prev=""
    for k in 1 2 4; do
        size=$((n * k))
        log "$c: $size $(unit "$c")"
        gen "$c" "$size"
        command_of "$c" "$DIR/$c-$size" "$DIR/out-$c"
        t=$(best_of "${CMD[@]}")
        net=$(awk -v t="$t" -v b="$base" 'BEGIN { x = t - b; if (x < 0.01) x = 0.01; print x }')
        growth="" verdict=""
        if [[ -n "$prev" ]]; then
            growth=$(awk -v n="$net" -v p="$prev" 'BEGIN { printf "%.2f", n / p }')
            if awk -v g="$growth" -v l="$LIMIT" -v n="$net" 'BEGIN { exit !(g > l && n > 0.05) }'; then
                verdict="FAIL"
                failed=1
            else
                verdict="ok"
            fi
        fi
        printf '| %s | %s %s | %.3f | %s | %s |\n' "$c" "$size" "$(unit "$c")" "$net" "$growth" "$verdict" | tee -a "$REPORT"
        prev=$net
        rm -rf "$DIR/$c-$size"
    done
done
echo >>"$REPORT"
load_note >>"$REPORT"
log "results in $REPORT"
exit $failed
