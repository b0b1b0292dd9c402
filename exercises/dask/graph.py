"""# dask/graph: one graph, shared inputs, one compute

`compare_all` gets two functions and the work to do with them. `load(seed)`
makes a data set (about 0.2 s); `compare(a, b)` compares two
data sets (a millisecond or two) and returns an integer. `seeds` names the
data sets, and `pairs` lists the comparisons to make, as index pairs
`(i, j)` into `seeds`. Return the comparisons' results in the order of
`pairs`.

The code below runs on the cluster and is correct, and it is slower than
doing everything in one process. For every pair it builds two new delayed
loads and calls `.compute()`. Two things go wrong: each `.compute()` is a
graph of its own, so nothing it computed is kept for the next one and every
data set is loaded again for every pair it is in (eight times each); and each
`.compute()` waits for its answer before the next pair is even submitted,
so the workers have at most three tasks to share.

Build the whole computation as one graph: one delayed load per data set,
used by every comparison that needs it, and a single
`dask.compute(*scores)` at the end.

Check it with `parlab check dask/graph`; ask for a hint with
`parlab hint dask/graph`.
"""

import dask


def compare_all(client, load, compare, seeds, pairs):
    scores = []
    for i, j in pairs:
        a = dask.delayed(load)(seeds[i])
        b = dask.delayed(load)(seeds[j])
        scores.append(dask.delayed(compare)(a, b).compute())
    return scores
