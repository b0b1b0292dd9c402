"""# multiprocessing/shared: one table, many workers

Every task reads a large lookup table (32 MB of 64-bit integers): `answer`
walks many queries through it, each step at a place that depends on the
step before, so every task needs the whole table. `total` runs `tasks`
tasks in a pool of `workers` processes and adds up their answers (mod 2**64).

The code below is correct, and slower than doing everything in one process.
Every task is sent to a worker with the table among its arguments, and
whatever is sent to a worker is pickled: the 32 MB are copied, pushed
through a pipe and rebuilt, for every task.

Give every worker the table once, without copying it per task. The way that
works under every start method: copy the table into a
`multiprocessing.shared_memory.SharedMemory` block, let each worker attach
to the block by its name when it starts (the pool's `initializer`), and view
the block as a numpy array there. A task is then just `(seed, k)`. Close the
block in the parent and unlink it when the pool is done. (The harness uses
the fork start method, so a worker could also inherit the table from the
parent, copy-on-write, if the parent keeps it in a module global before it
starts the pool; that way works under fork only.)

The workbench shows the run's peak memory next to its time: compare the
starter's with yours.

Check it with `parlab check multiprocessing/shared`; ask for a hint with
`parlab hint multiprocessing/shared`.
"""

import multiprocessing as mp

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
    with mp.Pool(workers) as pool:
        pending = [pool.apply_async(answer, (table, seed, k)) for k in range(tasks)]
        results = [p.get() for p in pending]
    return sum(results) & MASK
