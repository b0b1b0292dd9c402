"""Serial baseline for dask/skew: one process makes every partition in turn
(Dask's synchronous scheduler, in this process, no workers) and adds every
record into one table."""

import warnings

# Dask warns when the synchronous scheduler runs while a client exists; here
# that is the point: everything runs in this one process.
warnings.filterwarnings("ignore", message="Running on a single-machine scheduler")


def key_totals(client, records, score):
    totals = {}
    for part in records.to_delayed():
        for key, value in part.compute(scheduler="synchronous"):
            count, total = totals.get(key, (0, 0))
            totals[key] = (count + 1, total + score(value))
    return totals
