"""Serial baseline for multiprocessing/shared: every task in the parent,
reading the one table in place, no worker processes."""

import numpy as np

#: Walks per task, and dependent steps per walk.
QUERIES = 100_000
STEPS = 12
MASK = (1 << 64) - 1
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def answer(table, seed, k):
    """Task k: QUERIES walks of STEPS dependent steps each, anywhere in
    `table`, from starting points made from (seed, k); every step looks up
    the table and scrambles the result. Reads the table, never writes it.
    Returns the sum of where the walks end, mod 2**64."""
    x = np.random.default_rng([seed, k]).integers(0, 2**63, size=QUERIES, dtype=np.uint64)
    n = np.uint64(table.size)
    for _ in range(STEPS):
        x ^= table[x % n]
        x ^= x >> np.uint64(30)
        x *= _M1
        x ^= x >> np.uint64(27)
        x *= _M2
        x ^= x >> np.uint64(31)
    return int(x.sum(dtype=np.uint64))


def total(table, seed, tasks, workers):
    return sum(answer(table, seed, k) for k in range(tasks)) & MASK
