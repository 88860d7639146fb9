#!/usr/bin/env bash
# CI step for contrib/spark: PySpark in local mode (2 cores) on a generated
# Media Cloud-style dataset; the job's reports must equal a single-machine
# run. Uses the wheel .ci/python.sh left in python/dist/ (builds it if
# missing), PySpark from the Python registry, and Java 17 (installed from
# Debian's packages where it is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
source .ci/wheel-lib.sh

if ! java -version >/dev/null 2>&1; then
    echo "== spark: installing Java 17"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
java -version 2>&1 | head -1

if ! ls python/dist/framelens-*.whl >/dev/null 2>&1; then
    build_ci_wheel
fi
wheel=$(ls python/dist/framelens-*.whl)

echo "== spark: PySpark and the wheel in a clean virtual environment"
python3 -m venv "$work/spark"
"$work/spark/bin/pip" install --quiet "pyspark>=4.0,<5" pytest "$wheel"
echo "installed in $(( $(date +%s) - start )) s"

echo "== spark: the job in local mode against single-machine runs"
export PYSPARK_PYTHON="$work/spark/bin/python"
(cd "$work" && "$work/spark/bin/python" -m pytest -q -p no:cacheprovider -W ignore::FutureWarning \
    "$OLDPWD/contrib/spark/test_spark.py")
echo "spark step: $(( $(date +%s) - start )) s"
