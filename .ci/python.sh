#!/usr/bin/env bash
# CI step for the Python package: builds the wheel with python/build_wheel.sh
# (in a build-only virtual environment with maturin), installs it into a
# fresh virtual environment with nothing else of the project, and runs the
# notebook-style test there: `framelens` and `import framelens` from the
# same install. Leaves the wheel in python/dist/ for .ci/spark.sh. The wheel
# is built with the `ci-wheel` profile (opt-level 1: the same code, quicker
# to compile than a release wheel).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
source .ci/wheel-lib.sh

echo "== python: build the wheel"
build_ci_wheel
wheel=$(ls python/dist/framelens-*.whl)
echo "wheel (ci-wheel profile): $wheel ($(du -k "$wheel" | cut -f1) KB)"

echo "== python: install into a clean virtual environment and test"
python3 -m venv "$work/clean"
"$work/clean/bin/pip" install --quiet "$wheel" pytest
# Run from outside the source tree so `import framelens` can only be the wheel.
(cd "$work" && "$work/clean/bin/python" -m pytest -q -p no:cacheprovider "$OLDPWD/python/tests")
echo "python step: $(( $(date +%s) - start )) s"
