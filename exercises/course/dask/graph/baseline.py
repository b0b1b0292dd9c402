"""Serial baseline for dask/graph: every data set is loaded once, in this
process, then every pair is compared in turn. No workers."""


def compare_all(client, load, compare, seeds, pairs):
    loaded = [load(seed) for seed in seeds]
    return [compare(loaded[i], loaded[j]) for i, j in pairs]
