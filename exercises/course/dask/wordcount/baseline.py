"""Serial baseline for dask/wordcount: one process reads every partition in
turn (Dask's synchronous scheduler, in this process, no workers) and counts
the words into one Counter."""

import warnings

# Dask warns when the synchronous scheduler runs while a client exists; here
# that is the point: everything runs in this one process.
warnings.filterwarnings("ignore", message="Running on a single-machine scheduler")

from collections import Counter


def word_counts(client, lines):
    counts = Counter()
    for part in lines.to_delayed():
        for line in part.compute(scheduler="synchronous"):
            counts.update(line.split())
    return counts
