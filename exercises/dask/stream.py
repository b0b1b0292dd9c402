"""# dask/stream: more data than memory

`x` is a `dask.array` of 125 million float64 values, 1.0 GB in 63 chunks
of 16 MB, each chunk made inside its own task. The cluster's workers may
use 256 MiB each. `histogram` must return how many values fall in each of
`bins` equal bins over [`low`, `high`), as a list of integers (values
outside the range are not counted).

The code below is what works on a small array: compute `x` into one numpy
array, then call `np.histogram` on it. Here it cannot work. The whole array
is glued together in one task on one worker and sent to the client from
there, so one worker would need 1.0 GB: Dask's scheduler refuses (a
`MemoryError` that says so), and if it did not, the worker's nanny would
restart the worker each time its memory passed the limit.

Stream instead: count each chunk on its worker, where it is made, and add
up the 63 small histograms. Dask then holds only a few chunks at a time.
`x.to_delayed()` gives one delayed object per chunk; `x.map_blocks` or
`dask.array.histogram` are other ways to the same plan.

Check it with `parlab check dask/stream`; ask for a hint with
`parlab hint dask/stream`.
"""

import numpy as np


def histogram(client, x, bins, low, high):
    values = x.compute()                  # the whole array, in one place
    counts, _ = np.histogram(values, bins=bins, range=(low, high))
    return counts.tolist()
