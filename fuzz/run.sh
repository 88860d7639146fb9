#!/usr/bin/env bash
# Coverage-guided fuzzing of framelens's parsers with AFL++ through cargo-afl
# (stable toolchain). Usage:
#
#   fuzz/run.sh SECONDS [TARGET...]      # default: every target, one after another
#
# Targets (src/fuzz.rs): article (front matter, decoding), csv, jsonl,
# lexicon (framelens CSV, LIWC .dic/.dicx, quanteda YAML, Lexicoder .lc3),
# text (tokenizer, voice, matcher). Seeds are in fuzz/seeds/TARGET; findings
# go to $FUZZ_OUT (default /tmp/framelens-fuzz), and every crash or hang is
# copied into fuzz/regressions/TARGET/, which `cargo test` replays
# (tests/fuzz_regressions.rs): commit it with the fix. Exit status 1 when
# anything was found (hangs count unless FUZZ_HANGS_FAIL=0: on a machine
# under heavy load a slow run can pass for a hang). A run longer than
# FUZZ_TIMEOUT_MS (default 2000) is a hang. The last lines are a table:
# target, seconds, runs, paths found, crashes, hangs.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH="${1:?usage: fuzz/run.sh SECONDS [TARGET...]}"
shift
TARGETS=("$@")
[[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=(article csv jsonl lexicon text)
OUT="${FUZZ_OUT:-/tmp/framelens-fuzz}"
TIMEOUT_MS="${FUZZ_TIMEOUT_MS:-2000}"
HANGS_FAIL="${FUZZ_HANGS_FAIL:-1}"
mkdir -p "$OUT"

command -v cargo-afl >/dev/null 2>&1 || { echo "cargo-afl is missing: cargo install cargo-afl --locked" >&2; exit 2; }
echo "== building the fuzz targets (cargo afl build --release)" >&2
cargo afl build --release --quiet >&2

export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
found=0
rows=()
for t in "${TARGETS[@]}"; do
    [[ -d "seeds/$t" ]] || { echo "no seeds for $t" >&2; exit 2; }
    rm -rf "${OUT:?}/$t"
    echo "== fuzzing $t for ${SECONDS_EACH}s" >&2
    # -V: stop after this many seconds; -t: a run over TIMEOUT_MS is a hang.
    cargo afl fuzz -V "$SECONDS_EACH" -t "$TIMEOUT_MS" -i "seeds/$t" -o "$OUT/$t" "target/release/$t" \
        >"$OUT/$t.log" 2>&1 || { echo "afl-fuzz failed for $t; see $OUT/$t.log" >&2; tail -20 "$OUT/$t.log" >&2; exit 2; }
    stats="$OUT/$t/default/fuzzer_stats"
    get() { awk -F' *: *' -v k="$1" '$1==k {print $2}' "$stats"; }
    crashes=$(find "$OUT/$t/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
    hangs=$(find "$OUT/$t/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
    if (( crashes > 0 || (hangs > 0 && HANGS_FAIL == 1) )); then
        found=1
    fi
    if (( crashes + hangs > 0 )); then
        mkdir -p "regressions/$t"
        for f in "$OUT/$t"/default/crashes/id:* "$OUT/$t"/default/hangs/id:*; do
            [[ -f "$f" ]] || continue
            cp "$f" "regressions/$t/$(sha256sum "$f" | cut -c1-16)"
        done
    fi
    rows+=("$(printf '%-8s %8s %12s %8s %8s %6s' "$t" "$SECONDS_EACH" "$(get execs_done)" "$(get corpus_count)" "$crashes" "$hangs")")
done
printf '%-8s %8s %12s %8s %8s %6s\n' target seconds runs paths crashes hangs
printf '%s\n' "${rows[@]}"
if (( found )); then
    echo "findings copied to fuzz/regressions/ (replayed by cargo test --test fuzz_regressions)" >&2
    exit 1
fi
