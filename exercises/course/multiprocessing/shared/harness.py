"""Harness for multiprocessing/shared. Course-owned: the learner does not edit
this file.

A read-only lookup table of 8 000 009 random 64-bit integers (64 MB), made
from the seed before the clock starts, and 30 tasks. Task k walks 250 000
queries, made from (seed, k), ten dependent steps each through the table
(numpy gathers all over it, some 65 ms a task), so every task needs the
whole table, not a slice of it. The answer is the sum of all the walks'
ends, modulo 2**64, the same for any worker count.

The start method is fork, so a worker could see what the parent held when
the pool started; but a task's arguments are pickled all the same, so the
starter, which passes the table with every task, copies 64 MB through a
pipe per task (some 0.2 s), more than the whole serial computation costs.
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
ENTRIES = 8_000_009
TASKS = 30


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
