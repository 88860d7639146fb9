# Sourced by .ci/python.sh and .ci/spark.sh: a work folder for their
# virtual environments (removed at the end; FRAMELENS_CI_TMP names one to
# keep instead), and the test wheel they share.
if [ -n "${FRAMELENS_CI_TMP:-}" ]; then
    work="$FRAMELENS_CI_TMP"
else
    # Virtual environments (PySpark alone is 400 MB) are removed at the end.
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

# Builds python/dist/framelens-*.whl with the ci-wheel profile (opt-level 1:
# the same code, quicker to compile than a release wheel), in a build-only
# virtual environment with maturin.
build_ci_wheel() {
    python3 -m venv "$work/build"
    "$work/build/bin/pip" install --quiet "maturin>=1.5,<2"
    rm -rf python/dist
    FRAMELENS_WHEEL_PROFILE=ci-wheel PYTHON="$work/build/bin/python" python/build_wheel.sh
}
