"""Harness for dask/graph. Course-owned: the learner does not edit this
file.

Nine data sets, each made by `load(seed)`: a million normal draws, put
through a few rounds of sines and cosines and sorted (about 0.2 s of numpy,
computing rather than waiting on memory). Every one of the 36 pairs of
distinct data sets is compared by `compare(a, b)`, which counts the places
where a's value is below b's: an integer, a millisecond or two. So nearly
all the work is the loads: 9 of them if each is made once, 72 if each is
made again for every comparison it takes part in.

`load` and `compare` belong to the harness and are handed to the learner's
function, which decides only how they run. The seeds are drawn with
SplitMix64 before the clock; the data sets are made inside the tasks. The
result is a fingerprint of the 36 integers in pair order.
"""
import numpy as np

import parlab_support as ps

solution = ps.solution()

SEED = 0x4752_4150_48
SOURCES = 9
SIZE = 1_000_003
ROUNDS = 4


def load(seed):
    """A data set: SIZE normal draws from `seed`, reshaped by ROUNDS rounds
    of trigonometry, sorted."""
    values = np.random.default_rng(seed).standard_normal(SIZE)
    for _ in range(ROUNDS):
        values = np.sin(2.1 * values) + np.cos(1.3 * values)
    values.sort()
    return values


def compare(a, b):
    """How the two data sets interleave: the ranks in `a` of every 5th
    value of `b`, summed."""
    return int(np.searchsorted(a, b[::3]).sum())


def main():
    seeds = ps.seeds(ps.seed(SEED), SOURCES)
    pairs = [(i, j) for i in range(SOURCES) for j in range(SOURCES) if i < j]
    client = ps.dask_client()
    scores, seconds = ps.time(lambda: solution.compare_all(client, load, compare, seeds, pairs))
    scores = [int(s) for s in scores]
    ps.expect_count(scores, len(pairs), "compare_all returned {got} scores for {want} pairs")
    ps.report(ps.fingerprint(scores), seconds)


if __name__ == "__main__":
    main()
