"""Reference solution for multiprocessing/shared: the parent copies the
table once into a shared memory block; each pool worker attaches to the
block by name when it starts (the pool initializer) and wraps it in a numpy
array without copying. Tasks then carry only (seed, k). The parent closes
and unlinks the block when the pool is done."""

import multiprocessing as mp
from multiprocessing import shared_memory

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


_block = None  # in a worker: the shared memory block, kept open
_table = None  # in a worker: the table, a view of the block


def attach(name, shape, dtype):
    """The pool initializer: runs once in every worker."""
    global _block, _table
    _block = shared_memory.SharedMemory(name=name)
    _table = np.ndarray(shape, dtype=dtype, buffer=_block.buf)


def run_task(task):
    seed, k = task
    return answer(_table, seed, k)


def total(table, seed, tasks, workers):
    block = shared_memory.SharedMemory(create=True, size=table.nbytes)
    try:
        shared = np.ndarray(table.shape, dtype=table.dtype, buffer=block.buf)
        shared[:] = table  # the one copy
        del shared  # no view of the block may outlive close()
        with mp.Pool(workers, initializer=attach,
                     initargs=(block.name, table.shape, table.dtype.str)) as pool:
            results = pool.map(run_task, [(seed, k) for k in range(tasks)], chunksize=1)
    finally:
        block.close()
        block.unlink()
    return sum(results) & MASK
