"""Serial baseline for dask/moments: one process makes every chunk in turn
(Dask's synchronous scheduler, in this process, no workers), summarises it
as (count, mean, M2) and merges the summaries one after the other."""

import warnings

# Dask warns when the synchronous scheduler runs while a client exists; here
# that is the point: everything runs in this one process.
warnings.filterwarnings("ignore", message="Running on a single-machine scheduler")


def moments(client, x):
    n, mean, m2 = 0, 0.0, 0.0
    for block in x.to_delayed().ravel():
        b = block.compute(scheduler="synchronous")
        nb = b.size
        mb = float(b.mean())
        d = b - mb
        m2b = float(d @ d)
        total = n + nb
        delta = mb - mean
        mean += delta * nb / total
        m2 += m2b + delta * delta * n * nb / total
        n = total
    return mean, (m2 / n) ** 0.5
