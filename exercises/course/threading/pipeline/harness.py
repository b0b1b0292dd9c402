"""Harness for threading/pipeline. Course-owned: the learner does not edit
this file.

2 003 records (a prime) of 4 to 8 KiB, drawn from the seed before the clock
starts. The learner's `pipeline` feeds them through a `queue.Queue` to
`workers` consumer threads, each of which computes `checksum(record)`, and
returns the checksums in record order; the harness reports one fingerprint
of the list.

The point is ending the consumers: a consumer that never gets its "no more
work" waits on the queue forever, and a `join` on it never returns, so such
a program is stopped at the time limit. With 2 or 3 workers one sentinel for
all consumers is never enough. A run that works takes a fraction of a second.
"""
import random

import parlab_support as ps

solution = ps.solution()

SEED = 0x5049_5045_4C4E
RECORDS = 2_003


def make_records(seed):
    rng = ps.SplitMix64(seed)
    text = random.Random(rng.next_u64()).randbytes(8192)
    return [
        text[rng.below(4096):][: 4096 + rng.below(4096)] + rng.next_u64().to_bytes(8, "little")
        for _ in range(RECORDS)
    ]


def main():
    records = make_records(ps.seed(SEED))
    workers = ps.workers()
    checksums, seconds = ps.time(lambda: solution.pipeline(records, workers))
    checksums = ps.expect_count(checksums, len(records),
                                "pipeline returned {got} checksums for {want} records")
    ps.report(ps.fingerprint(checksums), seconds)


if __name__ == "__main__":
    main()
