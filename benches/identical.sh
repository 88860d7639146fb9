#!/usr/bin/env bash
# Are the reports of one framelens binary byte-identical to another's?
# For checking that a speed-up changed nothing: OLD is a binary built from
# the revision before it (build it with `git worktree add` and `cargo build
# --release`), FRAMELENS the one to check (built here when unset).
#
#   OLD=/path/to/old/framelens benches/identical.sh [CORPUS...]
#
# Each corpus (default: the bundled corpus/ and the generated corpus of
# throughput.sh, SIZE_MB, default 100) is analysed with the framing reports
# (as throughput.sh times them) by OLD on one thread and by FRAMELENS on one
# thread and on every core; every report file must be the same bytes
# (run.json without the fields that describe the run: time, threads,
# command). FILES_SKIP lists files not compared (default: framelens.xlsx,
# whose rows lost an optional attribute when its sheets went to low-memory
# mode; set FILES_SKIP= to compare it too). Exit status 1 when anything differs.

# shellcheck shell=bash
source "$(dirname "$0")/lib.sh"
[[ -n "${OLD:-}" && -x "${OLD:-}" ]] || die "set OLD to the framelens binary to compare with"
SIZE_MB="${SIZE_MB:-100}"
FILES_SKIP="${FILES_SKIP-framelens.xlsx}"
corpora=("$@")
if [[ ${#corpora[@]} == 0 ]]; then
    events="$("$PYTHON" -c "print(max(1, round($SIZE_MB * 10)))")"
    corpora=("$REPO/corpus" "$(gen "throughput-${SIZE_MB}mb" --size-mb "$SIZE_MB" --outlets 40 --events "$events" \
        --wire-share 0.3 --regime-outlet 4)")
fi
OUTD="$BENCH_DIR/identical"
status=0
for c in "${corpora[@]}"; do
    rm -rf "$OUTD"; mkdir -p "$OUTD"
    log "$c: old -j 1, new -j 1, new on every core"
    "$OLD" analyze "$c" --out "$OUTD/old" --reports framing --bootstrap 0 -q -j 1
    "$FRAMELENS" analyze "$c" --out "$OUTD/new1" --reports framing --bootstrap 0 -q -j 1
    "$FRAMELENS" analyze "$c" --out "$OUTD/new" --reports framing --bootstrap 0 -q
    for f in "$OUTD"/old/*; do
        name="$(basename "$f")"
        [[ " $FILES_SKIP " == *" $name "* ]] && { echo "skipped  $name"; continue; }
        for run in new1 new; do
            if [[ "$name" == run.json ]]; then
                same="$("$PYTHON" - "$f" "$OUTD/$run/$name" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    for k in ("time", "threads", "command"):
        d.pop(k, None)
print("yes" if a == b else "no")
PY
)"
            else
                cmp -s "$f" "$OUTD/$run/$name" && same=yes || same=no
            fi
            if [[ "$same" == yes ]]; then echo "same     $name ($run)"; else echo "DIFFERS  $name ($run)"; status=1; fi
        done
    done
done
exit "$status"
