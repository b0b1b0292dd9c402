"""Serial baseline for multiprocessing/shared: every task in the parent,
reading the one table in place, no worker processes."""

import numpy as np

#: Queries per task, and dependent steps per query.
QUERIES = 250_000
STEPS = 10
MASK = (1 << 64) - 1


def answer(table, seed, k):
    """Task k: QUERIES walks of STEPS dependent lookups each, anywhere in
    `table`, from starting points made from (seed, k). Reads the table,
    never writes it. Returns the sum of where the walks end, mod 2**64."""
    x = np.random.default_rng([seed, k]).integers(0, 2**63, size=QUERIES, dtype=np.uint64)
    n = np.uint64(table.size)
    for _ in range(STEPS):
        x = table[x % n] ^ ((x << np.uint64(23)) | (x >> np.uint64(41)))
    return int(x.sum(dtype=np.uint64))


def total(table, seed, tasks, workers):
    return sum(answer(table, seed, k) for k in range(tasks)) & MASK
