#!/usr/bin/env bash
# Builds the browser version of framelens into ONE file, web/dist/index.html
# (or the path given), which a teacher opens from disk or puts on any static
# host. Needs the wasm32 target and wasm-bindgen's CLI at the version
# web/framelens-web/Cargo.toml pins; installs both when missing. Node.js
# puts the page together.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-web/dist/index.html}"
target="$PWD/target/web"

version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' web/framelens-web/Cargo.toml)
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$version" ]; then
    cargo install wasm-bindgen-cli --version "$version"
fi

CARGO_TARGET_DIR="$target" cargo build --release --target wasm32-unknown-unknown \
    --manifest-path web/framelens-web/Cargo.toml
wasm-bindgen --target no-modules --no-typescript --out-dir "$target/bindgen" \
    "$target/wasm32-unknown-unknown/release/framelens_web.wasm"
module="$target/bindgen/framelens_web_bg.wasm"
# Binaryen's optimiser shrinks the module further when it is installed (Debian: binaryen).
if command -v wasm-opt >/dev/null; then
    wasm-opt -Os --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types "$module" -o "$target/bindgen/opt.wasm" \
        && module="$target/bindgen/opt.wasm"
fi
node web/bundle.mjs "$target/bindgen/framelens_web.js" "$module" "$out"
