#!/usr/bin/env bash
# Builds the browser version of framelens into ONE file, web/dist/index.html
# (or the path given), which a teacher opens from disk or puts on any static
# host. Needs the wasm32 target (installed with rustup when missing) and
# Node.js; binaryen's wasm-opt, when installed, makes the module smaller.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-web/dist/index.html}"
target="$PWD/target/web"

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
CARGO_TARGET_DIR="$target" cargo build --release --target wasm32-unknown-unknown \
    --manifest-path web/framelens-web/Cargo.toml
module="$target/wasm32-unknown-unknown/release/framelens_web.wasm"
if command -v wasm-opt >/dev/null; then
    wasm-opt -Os --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$module" -o "$target/framelens.wasm"
    module="$target/framelens.wasm"
fi
node web/bundle.mjs "$module" "$out"
