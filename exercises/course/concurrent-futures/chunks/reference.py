"""Reference solution for concurrent-futures/chunks: executor.map with a
chunksize of about a quarter of a worker's share, so some eight tasks of
several thousand numbers each (a task then costs tens of milliseconds of
work against a tenth of a millisecond of handling), four per worker to
even out a worker that is slowed down. map still gives the counts in order."""

import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor


def steps(n):
    """How many steps the Collatz sequence of n takes to reach 1: halve an
    even number, make an odd one 3n + 1. Some twenty microseconds."""
    count = 0
    while n != 1:
        if n & 1:
            n = 3 * n + 1
        else:
            n >>= 1
        count += 1
    return count


def all_steps(numbers, workers):
    chunksize = max(1, -(-len(numbers) // (4 * workers)))
    context = mp.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as executor:
        return list(executor.map(steps, numbers, chunksize=chunksize))
