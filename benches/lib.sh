# shellcheck shell=bash
# Shared setup for the framelens benchmark scripts (sourced, not run).
#
# Environment (all optional):
#   FRAMELENS     framelens binary to measure (default: build the crate in
#                 release mode into $CARGO_TARGET_DIR and use that)
#   CARGO_TARGET_DIR  where to build (default /tmp/target-bench)
#   BENCH_DIR     scratch folder for generated corpora and reports
#                 (default /tmp/framelens-bench); it can grow to a few GB
#   SEED          corpus seed (default 1)
#   RUNS, WARMUP  hyperfine runs per command (default 3) and warmup runs (default 1)
#   FRAMELENS_REV the git revision FRAMELENS was built from, for the results
#                 header (default: HEAD now, which is right when this script builds)
#   PYTHON        python 3 interpreter (default python3)
# hyperfine is installed with apt-get when it is missing and apt-get may be
# used (root or passwordless sudo); otherwise the scripts stop and say so.

set -euo pipefail

BENCHES="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCHES/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/framelens-bench}"
SEED="${SEED:-1}"
RUNS="${RUNS:-3}"
WARMUP="${WARMUP:-1}"
PYTHON="${PYTHON:-python3}"
RESULTS="$BENCHES/results"
mkdir -p "$BENCH_DIR" "$RESULTS"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 2; }

need() {
    command -v "$1" >/dev/null 2>&1 || die "$1 is required${2:+ ($2)}"
}

need "$PYTHON"
# apt_install PKG...: installs Debian packages when apt-get is there and we
# may use it (root, or sudo without a password). Fails (status 1) otherwise,
# with the reason on standard error.
apt_install() {
    local sudo=()
    command -v apt-get >/dev/null 2>&1 || { log "apt-get not available (wanted: $*)"; return 1; }
    if [[ "$(id -u)" != 0 ]]; then
        if sudo -n true 2>/dev/null; then sudo=(sudo -n); else log "not root and no sudo (wanted: $*)"; return 1; fi
    fi
    log "installing $* (apt-get; output in $BENCH_DIR/apt.log)"
    if ! "${sudo[@]}" apt-get install -y -qq "$@" >>"$BENCH_DIR/apt.log" 2>&1; then
        "${sudo[@]}" apt-get update -qq >>"$BENCH_DIR/apt.log" 2>&1 || true
        "${sudo[@]}" apt-get install -y -qq "$@" >>"$BENCH_DIR/apt.log" 2>&1 \
            || { log "apt-get install $* failed (see $BENCH_DIR/apt.log)"; return 1; }
    fi
}

command -v hyperfine >/dev/null 2>&1 || apt_install hyperfine || true
need hyperfine "apt-get install -y hyperfine"

if [[ -z "${FRAMELENS:-}" ]]; then
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/target-bench}"
    log "building framelens (release) in $CARGO_TARGET_DIR"
    (cd "$REPO" && cargo build --release --quiet) || die "cargo build failed"
    FRAMELENS="$CARGO_TARGET_DIR/release/framelens"
fi
[[ -x "$FRAMELENS" ]] || die "no framelens binary at $FRAMELENS"

# The machine and the code measured, for the results header.
machine_info() {
    local rev rustc
    rev="${FRAMELENS_REV:-$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)}"
    rustc="$(rustc --version 2>/dev/null || echo unknown)"
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "host: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || echo '?'), $(awk '/MemTotal/ {printf "%.0f GB RAM", $2/1048576}' /proc/meminfo)"
    echo "framelens: $("$FRAMELENS" --version 2>/dev/null || echo '?'), git $rev (plus any uncommitted edits at build time), binary sha256 $(sha256sum "$FRAMELENS" | cut -c1-12)"
    echo "rustc: $rustc"
    echo "hyperfine: $(hyperfine --version)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other processes compete for the $(nproc) cores when this is high)"
}

# One line for the end of a results file: the load while the script ran.
load_note() {
    echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
}

# gen NAME ARGS...: generates a corpus into $BENCH_DIR/NAME unless the same
# arguments already made it (the generator is deterministic). Prints its path.
gen() {
    local name="$1"; shift
    local dir="$BENCH_DIR/$name" marker
    marker="$dir/.framelens-bench"
    local want
    want="$*|seed=$SEED|$(sha256sum "$BENCHES/gen_corpus.py" | cut -c1-16)"
    if [[ -f "$marker" && -f "$dir/.bench-args" && "$(cat "$dir/.bench-args")" == "$want" ]]; then
        log "corpus $name: reusing $dir"
    else
        log "corpus $name: generating ($*)"
        "$PYTHON" "$BENCHES/gen_corpus.py" "$@" --seed "$SEED" --out "$dir" >"$BENCH_DIR/$name.json"
        printf '%s' "$want" >"$dir/.bench-args"
    fi
    echo "$dir"
}

# corpus_bytes DIR: total size of the .txt files.
corpus_bytes() {
    find "$1" -name '*.txt' -print0 | du -cb --files0-from=- | tail -1 | cut -f1
}

# slug NAME: the file-name form of a command name (as slug() in bench_report.py).
slug() {
    printf '%s' "$1" | tr '[:upper:]' '[:lower:]' | sed -E 's/[^a-z0-9]+/-/g; s/^-+//; s/-+$//'
}

# Peak resident memory (KB) of a command, from GNU time.
max_rss_kb() {
    [[ -x /usr/bin/time ]] || { echo "n/a"; return; }
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'
}
