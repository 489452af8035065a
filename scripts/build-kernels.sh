#!/bin/sh
# Rebuilds the committed WebAssembly binaries of @quakefed/model from their C sources. Only needed
# after editing the C: the .wasm files are committed, so installing and running need no C toolchain.
# Needs clang and wasm-ld (Debian: apt-get install clang lld). Usage: scripts/build-kernels.sh
set -eu
cd "$(dirname "$0")/../packages/model/src"
# No libc (-nostdlib): memset/memcpy lower to bulk-memory instructions, exp/log1p/pow are imported
# from the host. --strip-all drops the names section (smaller, reproducible binaries).
CFLAGS="--target=wasm32 -msimd128 -mbulk-memory -O3 -nostdlib -Wall -Wextra -Werror"
LDFLAGS="-Wl,--no-entry -Wl,--strip-all"
clang $CFLAGS $LDFLAGS -Wl,--export=__heap_base -o kernels/wasm/conv_grads.wasm kernels/wasm/conv_grads.c
clang $CFLAGS $LDFLAGS -o engine/wasm/engine.wasm engine/wasm/engine.c engine/wasm/conv.c engine/wasm/loss.c \
  engine/wasm/optimizer.c
