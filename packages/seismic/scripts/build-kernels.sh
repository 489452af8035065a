#!/bin/sh
# Rebuilds src/wasm/stream_windows.wasm from stream_windows.c. Needs clang + wasm-ld (Debian: clang lld).
# The .wasm is committed, so installs and tests never need this toolchain.
set -eu
dir="$(cd "$(dirname "$0")/../src/wasm" && pwd)"
clang --target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib \
  -Wl,--no-entry -Wl,--export=__heap_base -Wl,--initial-memory=131072 -Wl,--strip-all \
  -o "$dir/stream_windows.wasm" "$dir/stream_windows.c"
ls -l "$dir/stream_windows.wasm"
