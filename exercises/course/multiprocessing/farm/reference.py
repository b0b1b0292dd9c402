"""Reference solution for multiprocessing/farm: a Pool deals the tasks out
one at a time (imap_unordered with chunksize 1), so a worker that drew a
costly task simply gets fewer of them. Every task travels with its index,
and the parent puts each result in its place."""

import multiprocessing as mp

MASK = (1 << 64) - 1


def work(seed, rounds):
    """One task: `rounds` steps of a 64-bit linear congruential generator,
    about 0.1 microseconds a step."""
    x = seed
    for _ in range(rounds):
        x = (x * 6364136223846793005 + 1442695040888963407) & MASK
    return x


def run_task(item):
    i, (seed, rounds) = item
    return i, work(seed, rounds)


def farm(tasks, workers):
    results = [None] * len(tasks)
    with mp.Pool(workers) as pool:
        for i, value in pool.imap_unordered(run_task, enumerate(tasks), chunksize=1):
            results[i] = value
    return results
