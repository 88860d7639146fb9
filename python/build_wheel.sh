#!/usr/bin/env bash
# Builds the framelens wheel into python/dist/: the extension module
# (`import framelens`) and the `framelens` command, which pip installs into
# the environment's bin/. Needs cargo and maturin (`pip install maturin`).
# MATURIN_ARGS adds options (e.g. `--compatibility manylinux2014 --zig`).
set -euo pipefail
cd "$(dirname "$0")/.."

# Symbols stripped from both: they are most of an unstripped binary's size.
export CARGO_PROFILE_RELEASE_STRIP=symbols
cargo build --release --locked --bin framelens
rm -rf python/wheel-data
mkdir -p python/wheel-data/scripts
cp target/release/framelens python/wheel-data/scripts/framelens
"${PYTHON:-python3}" -m maturin build --release --locked -m python/Cargo.toml -o python/dist ${MATURIN_ARGS:-}
ls -l python/dist/*.whl
