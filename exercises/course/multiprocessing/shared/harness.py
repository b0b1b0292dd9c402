"""Harness for multiprocessing/shared. Course-owned: the learner does not edit
this file.

A read-only lookup table of 4 000 037 random 64-bit integers (32 MB, far
more than the caches hold), made from the seed before the clock starts, and
48 tasks. Task k walks 100 000 queries, made from (seed, k), twelve
dependent steps each through the table (numpy gathers all over it and
scrambles, some 35 ms a task), so every task needs the whole table, not a
slice of it. The answer is the sum of all the walks' ends, modulo 2**64,
the same for any worker count. The arrays a task works on (800 kB) stay in
the caches, so the table lookups are a modest part of a task: a shared
memory block, which Linux maps with small pages where numpy's own large
arrays may get huge pages, then costs a task only a few percent more.

The start method is fork, so a worker could see what the parent held when
the pool started; but a task's arguments are pickled all the same, so the
starter, which passes the table with every task, copies 32 MB through a
pipe per task (some 0.1 s), more than the whole serial computation costs.
A worker should get the table once: by attaching to a shared memory block
(the way that works under every start method), or by inheriting it from
the parent through fork, copy-on-write. The workbench shows the run's peak
memory next to its time.
"""
import numpy as np

import parlab_support as ps

ps.start_method("fork")
solution = ps.solution()

SEED = 0x5348_4152_4544
ENTRIES = 4_000_037
TASKS = 48


def make_table(seed):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 2**64, size=ENTRIES, dtype=np.uint64)


def main():
    seed = ps.seed(SEED)
    workers = ps.workers()
    table = make_table(seed)
    total, seconds = ps.time(lambda: solution.total(table, seed, TASKS, workers))
    ps.report(f"{int(total) & ((1 << 64) - 1):016x}", seconds)


if __name__ == "__main__":
    main()
