#!/usr/bin/env bash
# Browser checks (called by .ci/run): installs Debian's Chromium (and binaryen) if missing,
# writes the bundled corpus's page and a page from hostile text with the
# command line, builds the browser version (web/build.sh), and runs
# .ci/browser/check.mjs, which drives headless Chromium over the DevTools
# protocol: what a reader sees on the page, that hostile text stays text,
# and that the browser version, with the bundled articles pasted into it,
# finds what the command line finds. Screenshots and an A4 PDF are kept in
# target/browser/.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
out=target/browser
rm -rf "$out"
mkdir -p "$out"

# Chromium to look at the pages; binaryen's wasm-opt makes the module a fifth smaller.
missing=""
command -v chromium >/dev/null || missing="$missing chromium"
command -v wasm-opt >/dev/null || missing="$missing binaryen"
if [ -n "$missing" ]; then
    echo "== installing$missing (Debian)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
echo "== $(chromium --version 2>/dev/null), node $(node --version)"

echo "== the command line's pages"
cargo build --quiet
target/debug/framelens analyze corpus --out "$out/reports" -q
target/debug/framelens analyze tests/fixtures/page/hostile --lexicon tests/fixtures/page/lexicon.csv \
    --out "$out/hostile" -q

echo "== the browser version (web/build.sh)"
cargo fmt --manifest-path web/framelens-web/Cargo.toml -- --check
web/build.sh "$out/web/index.html"
ls -l "$out/web/index.html" target/web/*.wasm target/web/wasm32-unknown-unknown/release/framelens_web.wasm

echo "== Chromium"
# Node 20 has WebSocket behind a flag; later versions have it on.
flag=""
if [ "$(node -e 'console.log(typeof WebSocket)')" != "function" ]; then flag="--experimental-websocket"; fi
node $flag .ci/browser/check.mjs "$out/reports/report.html" "$out/hostile/report.html" "$out/web" corpus "$out"
echo "== browser checks took $((SECONDS - start)) s; screenshots in $out/"
