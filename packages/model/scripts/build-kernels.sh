#!/bin/sh
# Rebuilds src/kernels/wasm/conv_grads.wasm from conv_grads.c. Needs clang + wasm-ld (Debian: clang lld).
# The .wasm is committed, so installs and tests never need this toolchain.
set -eu
dir="$(cd "$(dirname "$0")/../src/kernels/wasm" && pwd)"
clang --target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib \
  -Wl,--no-entry -Wl,--export=__heap_base -Wl,--initial-memory=131072 -Wl,--strip-all \
  -o "$dir/conv_grads.wasm" "$dir/conv_grads.c"
ls -l "$dir/conv_grads.wasm"
