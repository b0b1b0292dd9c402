"""Reference solution for dask/wordcount: every partition counts its own
words into one Counter on the worker that holds it (`Bag.reduction`), and
only those Counters, a few thousand entries each, travel to be merged. The
lines never leave their worker."""

from collections import Counter


def count_partition(lines):
    """Runs on a worker, once per partition: the partition's word counts."""
    counts = Counter()
    for line in lines:
        counts.update(line.split())
    return counts


def merge(partials):
    """Runs on a worker: adds up the Counters of several partitions."""
    total = Counter()
    for counts in partials:
        total.update(counts)
    return total


def word_counts(client, lines):
    return lines.reduction(count_partition, merge).compute()
