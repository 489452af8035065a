#!/usr/bin/env python3
"""numpy peer of the `aggregate` benchmark: a streaming weighted mean of float32 updates.

The idiom a Python coordinator would write: for each arriving update, reject it unless
np.isfinite(x).all(), then acc += w * x into a float64 accumulator; the mean is acc / sum(w) as float32.
Same workload as the benchmark: `clients` updates of `params` values cycled from 16 distinct arrays.
Prints one JSON line: {"numpy_gb_s": best GB/s of update data over `reps` runs (wall clock),
"numpy_cpu_gb_s": the same per CPU-second of this process, "numpy_version": ...}.

Usage: numpy_aggregate.py <clients> <params> <reps>
"""
import json
import sys
import time

import numpy as np


def weighted_mean(pool, clients):
    acc = np.zeros(pool[0].shape, np.float64)
    total = 0.0
    for c in range(clients):
        x = pool[c % len(pool)]
        w = 1 + c % 7
        if not np.isfinite(x).all():
            raise ValueError("non-finite update")
        acc += w * x
        total += w
    return (acc / total).astype(np.float32)


def main():
    clients, params, reps = (int(a) for a in sys.argv[1:4])
    rng = np.random.default_rng(1)
    pool = [rng.random(params, dtype=np.float32) - np.float32(0.5) for _ in range(16)]
    best = 0.0
    best_cpu = 0.0
    for _ in range(reps):
        start = time.perf_counter()
        start_cpu = time.process_time()
        weighted_mean(pool, clients)
        best = max(best, clients * params * 4 / (time.perf_counter() - start) / 1e9)
        best_cpu = max(best_cpu, clients * params * 4 / (time.process_time() - start_cpu) / 1e9)
    print(json.dumps({"numpy_gb_s": best, "numpy_cpu_gb_s": best_cpu, "numpy_version": np.__version__}))


if __name__ == "__main__":
    main()
