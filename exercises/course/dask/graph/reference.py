"""Reference solution for dask/graph: one delayed `load` per data set, made
once and shared by every comparison that needs it, and one `dask.compute`
for all the comparisons, so the scheduler sees the whole graph, runs each
load once and keeps its result until the last comparison that needs it has
run."""

import dask


def compare_all(client, load, compare, seeds, pairs):
    loaded = [dask.delayed(load)(seed) for seed in seeds]
    scores = [dask.delayed(compare)(loaded[i], loaded[j]) for i, j in pairs]
    return list(dask.compute(*scores))
