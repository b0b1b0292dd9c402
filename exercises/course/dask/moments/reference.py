"""Reference solution for dask/moments: every chunk is summarised on its
worker as (count, mean, M2), M2 being the sum of squared distances from the
chunk's own mean, and the summaries are merged pairwise with the parallel
formula of Chan, Golub and LeVeque. No quantity ever holds x**2 for x near
1e9, so nothing cancels."""

import dask
import numpy as np


def summarise(block):
    """Runs on a worker, once per chunk: (count, mean, M2) of the chunk."""
    n = block.size
    mean = float(block.mean())
    d = block - mean
    return n, mean, float(d @ d)


def merge(a, b):
    """(count, mean, M2) of two parts together, from theirs."""
    na, ma, m2a = a
    nb, mb, m2b = b
    n = na + nb
    delta = mb - ma
    return n, ma + delta * nb / n, m2a + m2b + delta * delta * na * nb / n


def moments(client, x):
    parts = [dask.delayed(summarise)(block) for block in x.to_delayed().ravel()]
    # A tree of merges: neighbours pairwise, then their results, and so on.
    while len(parts) > 1:
        pairs = [dask.delayed(merge)(parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]
        parts = pairs + parts[len(parts) - len(parts) % 2:]
    n, mean, m2 = parts[0].compute()
    return mean, (m2 / n) ** 0.5
