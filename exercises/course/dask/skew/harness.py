"""Harness for dask/skew. Course-owned: the learner does not edit this
file.

A dask.bag of 10 217 records `(key, value)` in 17 partitions of 601. Four
records in five have the key 0 (the hot key, standing for the default
customer id or the front page of a web log); the rest are spread over the
keys 1 to 300. Every record costs one call of `score(value)`, a pure-Python
loop of about a tenth of a millisecond, which stands for the real per-record
work (parsing, a model); so the work is about one second on one core, and
four fifths of it belongs to the hot key.

The harness draws one seed per partition with SplitMix64; each partition's
records are made inside its own task from that seed with numpy's generator,
on the worker that then holds them. `score` belongs to the harness and is
handed to the learner's function. The result is a fingerprint of
(key, count, total score) for every key in key order.
"""
import dask
import dask.bag as db
import numpy as np

import parlab_support as ps

solution = ps.solution()

SEED = 0x534B_4557
PARTITIONS = 17
RECORDS = 601
KEYS = 300
HOT_SHARE = 0.8
ROUNDS = 600
MASK = (1 << 64) - 1


def make_records(part_seed):
    """One partition: RECORDS (key, value) pairs from `part_seed`."""
    rng = np.random.default_rng(part_seed)
    hot = rng.random(RECORDS) < HOT_SHARE
    keys = np.where(hot, 0, rng.integers(1, KEYS + 1, size=RECORDS))
    values = rng.integers(0, 1 << 62, size=RECORDS)
    return list(zip(keys.tolist(), values.tolist()))


def score(value):
    """The per-record work: ROUNDS rounds of a 64-bit mix, about a tenth of
    a millisecond in CPython. Returns a number below 2**20."""
    x = value | 1
    for _ in range(ROUNDS):
        x = ((x ^ (x >> 29)) * 0xBF58476D1CE4E5B9) & MASK
    return x >> 44


def main():
    seeds = ps.seeds(ps.seed(SEED), PARTITIONS)
    client = ps.dask_client()
    records = db.from_delayed([dask.delayed(make_records)(s) for s in seeds])
    totals, seconds = ps.time(lambda: solution.key_totals(client, records, score))
    totals = dict(totals)
    words = []
    for key in sorted(totals):
        count, total = totals[key]
        words += [key, count, total]
    ps.report([len(totals), ps.fingerprint(words)], seconds)


if __name__ == "__main__":
    main()
