"""The GIL demo's Python side: one CPU-bound loop (Collatz step counts) run
on one thread, on several threads, or on several processes.

Usage: python3 gil.py threads|processes WORKERS

Prints one note about this Python and the result line parlab reads: the total
step count, the wall time of the work (pool start-up included, since a real
program pays it too) and the CPU time of this process and its children.
"""

import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

LIMIT = 120_001  # Collatz step counts of 1 .. LIMIT-1


def steps(lo, hi):
    total = 0
    for n in range(lo, hi):
        while n != 1:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            total += 1
    return total


def blocks(workers):
    # Interleaved blocks, so every worker gets small and large numbers alike.
    size = 1_000
    starts = range(1, LIMIT, size)
    return [[(s, min(s + size, LIMIT)) for s in starts[w::workers]] for w in range(workers)]


def worker(block_list):
    return sum(steps(lo, hi) for lo, hi in block_list)


def cpu_seconds():
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main():
    mode, workers = sys.argv[1], int(sys.argv[2])
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(
        f"Python {sys.version.split()[0]}: the global interpreter lock is {'on' if gil else 'off'}"
    )
    pool = {"threads": ThreadPoolExecutor, "processes": ProcessPoolExecutor}[mode]
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    with pool(max_workers=workers) as executor:
        total = sum(executor.map(worker, blocks(workers)))
    seconds = time.perf_counter() - t0
    cpu = cpu_seconds() - cpu0
    line = {"result": total, "seconds": seconds, "workers": workers, "cpu_seconds": cpu}
    print("@@parlab-result " + json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
