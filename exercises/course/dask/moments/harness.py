"""Harness for dask/moments. Course-owned: the learner does not edit this
file.

The data is a dask.array of 60 000 011 float64 readings in 15 chunks (all
but the last of 4 000 001, 32 MB), each reading 1e9 plus normal
noise of a spread between 0.5 and 1.5 (drawn per chunk): a large offset and a
small spread, the case
where the textbook formula E[x^2] - E[x]^2 loses every digit. The harness
draws one seed per chunk with SplitMix64 and each chunk is made inside its
own task from its seed with numpy's generator, so nothing large crosses a
process boundary before the clock, and making the data is part of every
solution's time (as reading it would be).

The result is [mean, population standard deviation], checked with a
relative tolerance.
"""
import dask
import dask.array as da
import numpy as np

import parlab_support as ps

solution = ps.solution()

SEED = 0x4D4F_4D45_4E54
N = 60_000_011
CHUNKS = 15
OFFSET = 1e9


def make_chunk(chunk_seed, size):
    """One chunk: `size` readings near OFFSET, from `chunk_seed`."""
    rng = np.random.default_rng(chunk_seed)
    spread = 0.5 + rng.random()
    return OFFSET + spread * rng.standard_normal(size)


def chunk_sizes():
    size = -(-N // CHUNKS)                     # rounded up: the last is short
    return [min(size, N - start) for start in range(0, N, size)]


def main():
    sizes = chunk_sizes()
    parts = [
        da.from_delayed(dask.delayed(make_chunk)(s, n), shape=(n,), dtype=np.float64)
        for s, n in zip(ps.seeds(ps.seed(SEED), len(sizes)), sizes)
    ]
    x = da.concatenate(parts)
    client = ps.dask_client()
    (mean, std), seconds = ps.time(lambda: solution.moments(client, x))
    ps.report([float(mean), float(std)], seconds)


if __name__ == "__main__":
    main()
