#!/usr/bin/env bash
# A short fuzzing pass over every parser (AFL++ via cargo-afl, on the stable
# toolchain): FUZZ_SECONDS (default 12) per target, five targets. Installs
# what it needs (Debian's afl++ brings the compiler cargo-afl builds AFL++
# with). Longer runs: fuzz/run.sh SECONDS.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v afl-fuzz >/dev/null 2>&1; then
    echo "== installing afl++ (apt-get)"
    apt-get update -qq >/dev/null && apt-get install -y -qq afl++ >/dev/null
fi
if ! command -v cargo-afl >/dev/null 2>&1; then
    echo "== installing cargo-afl"
    cargo install cargo-afl --locked --quiet
fi
# A short run gains little from full optimisation: build faster.
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-1}"
# In CI a crash fails the run; a hang (a run over 5 s) is listed and kept in
# fuzz/regressions/ but does not, since CI machines can be very busy.
FUZZ_TIMEOUT_MS="${FUZZ_TIMEOUT_MS:-5000}" FUZZ_HANGS_FAIL="${FUZZ_HANGS_FAIL:-0}" fuzz/run.sh "${FUZZ_SECONDS:-12}"
