#!/usr/bin/env bash
# Builds the framelens wheel into python/dist/: the extension module
# (`import framelens`) and the `framelens` command, which pip installs into
# the environment's bin/. Needs cargo and maturin (`pip install maturin`).
# MATURIN_ARGS adds options (e.g. `--compatibility manylinux2014 --zig`).
set -euo pipefail
cd "$(dirname "$0")/.."

# Symbols stripped from both: they are most of an unstripped binary's size.
export CARGO_PROFILE_RELEASE_STRIP=symbols CARGO_PROFILE_CI_WHEEL_STRIP=symbols
# FRAMELENS_WHEEL_PROFILE picks another cargo profile (CI builds its test
# wheel with `ci-wheel`, quicker to compile).
profile="${FRAMELENS_WHEEL_PROFILE:-release}"
# The command is built with the extension's package selected too: the
# features of their shared dependencies are then the ones maturin's build
# resolves, and the library is compiled once for both.
cargo build --profile "$profile" --locked -p framelens -p framelens-python --bin framelens
rm -rf python/wheel-data
mkdir -p python/wheel-data/scripts
cp "${CARGO_TARGET_DIR:-target}/$profile/framelens" python/wheel-data/scripts/framelens
"${PYTHON:-python3}" -m maturin build --profile "$profile" --locked -m python/Cargo.toml -o python/dist ${MATURIN_ARGS:-}
ls -l python/dist/*.whl
