#!/bin/sh
# Rebuilds the package's WebAssembly from its C: src/kernels/wasm/conv_grads.wasm (the conv-gradient
# kernels of the wasm-qf backend) and src/engine/wasm/engine.wasm (the fused engine). Needs clang +
# wasm-ld (Debian: clang lld). The .wasm files are committed, so installs and tests never need this
# toolchain. No libc (-nostdlib): memset/memcpy lower to bulk-memory instructions; the engine imports
# exp, log1p and pow from the host.
set -eu
src="$(cd "$(dirname "$0")/../src" && pwd)"
flags="--target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib -Wall -Wextra -Werror"
link="-Wl,--no-entry -Wl,--initial-memory=131072 -Wl,--strip-all"
clang $flags $link -Wl,--export=__heap_base -o "$src/kernels/wasm/conv_grads.wasm" "$src/kernels/wasm/conv_grads.c"
engine="$src/engine/wasm"
clang $flags $link -o "$engine/engine.wasm" "$engine/engine.c" "$engine/conv.c" "$engine/loss.c" "$engine/optimizer.c"
ls -l "$src/kernels/wasm/conv_grads.wasm" "$engine/engine.wasm"
