"""# dask/stream: more data than memory

`x` is a `dask.array` of 125 million float64 values, 1.0 GB in 63 chunks
of 16 MB, each chunk made inside its own task. The cluster's workers may
use 256 MiB each. `histogram` must return how many values fall in each of
`bins` equal bins over [`low`, `high`), as a list of integers (values
outside the range are not counted).

The code below runs numpy's `np.histogram` as one task on the cluster,
with `dask.delayed`. That works on a small array; here it cannot. To call a
numpy function with `x`, Dask turns `x` into one numpy array, built in one
task on one worker, so that worker would need the whole 1.0 GB at once.
Dask's scheduler refuses: a `MemoryError` that says so. (Had it tried, the
worker's nanny would have restarted the worker each time its memory passed
the limit, and Dask would have given the task up with `KilledWorker`.)
`x.compute()` followed by `np.histogram` fails the same way, or worse: the
chunks pile up on the workers, waiting for the client, until the workers
are restarted.

Stream instead: count each chunk on its worker, where it is made, and add
up the 63 small histograms. Dask then holds only a few chunks at a time.
`x.to_delayed()` gives one delayed object per chunk; `x.map_blocks` or
`dask.array.histogram` are other ways to the same plan.

Check it with `parlab check dask/stream`; ask for a hint with
`parlab hint dask/stream`.
"""

import dask
import numpy as np


def histogram(client, x, bins, low, high):
    # One task, with the whole array as its input.
    counts, _ = dask.delayed(np.histogram, nout=2)(x, bins=bins, range=(low, high))
    return counts.compute().tolist()
