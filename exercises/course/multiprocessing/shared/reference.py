"""Reference solution for multiprocessing/shared: the parent copies the
table once into a shared memory block; each pool worker attaches to the
block by name when it starts (the pool initializer) and wraps it in a numpy
array without copying. Tasks then carry only (seed, k). The parent closes
and unlinks the block when the pool is done."""

import multiprocessing as mp
from multiprocessing import shared_memory

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
