"""Harness for dask/stream. Course-owned: the learner does not edit this
file.

The data: a dask.array of 125 000 033 float64 values (1.0 GB) in 63
chunks of 2 000 003 (16 MB; the last one short), waiting times drawn from an
exponential law of a seeded mean. The local cluster's workers may use 256
MiB each (the client is made with `memory_limit="256MiB"`), so the data is
nearly four times one worker's limit and twice what the whole cluster of two
may hold. A solution must stream: handle a few chunks at a
time and keep only small summaries.

The harness draws one seed per chunk with SplitMix64 and each chunk is made
inside its own task from its seed, so nothing large exists before the clock.
The result is a histogram: the counts of the values in 16 equal bins over
[0, 4) (values outside are not counted), exact integers.

A solution that gathers the whole array in one task fails: Dask's
scheduler refuses to send 1.0 GB of inputs to a task on a worker with a
256 MiB limit (a MemoryError), and a task that grows past the limit gets its
worker restarted by the nanny, until the task is given up (KilledWorker).
The harness turns either into a message that says so. (`x.compute()` to
the client is worse: the chunks wait on the workers to be gathered, the
workers pass their limit and are restarted, the chunks are made again, and
the run ends only at the time limit.)
"""
import dask
import dask.array as da
import numpy as np

import parlab_support as ps

solution = ps.solution()

SEED = 0x5354_5245_414D
N = 125_000_033
CHUNK = 2_000_003
BINS = 16
LOW, HIGH = 0.0, 4.0
MEMORY_LIMIT = "256MiB"


def make_chunk(chunk_seed, size, mean):
    """One chunk: `size` exponential draws of mean `mean`, from `chunk_seed`."""
    values = np.random.default_rng(chunk_seed).standard_exponential(size)
    values *= mean
    return values


def main():
    rng = ps.SplitMix64(ps.seed(SEED))
    mean = 0.7 + 0.6 * rng.next_f64()
    parts = []
    for start in range(0, N, CHUNK):
        n = min(CHUNK, N - start)
        task = dask.delayed(make_chunk)(rng.next_u64(), n, mean)
        parts.append(da.from_delayed(task, shape=(n,), dtype=np.float64))
    x = da.concatenate(parts)
    client = ps.dask_client(memory_limit=MEMORY_LIMIT)
    try:
        counts, seconds = ps.time(lambda: solution.histogram(client, x, BINS, LOW, HIGH))
    except MemoryError as err:
        raise SystemExit(
            f"MemoryError: {err}\n\nThe data is {x.nbytes / 2**30:.2f} GiB and every worker may "
            f"hold {MEMORY_LIMIT}: something asked for the whole array in one place. "
            "Reduce each chunk where it is made and combine the small results."
        ) from None
    except Exception as err:
        if type(err).__name__ != "KilledWorker":
            raise
        raise SystemExit(
            f"KilledWorker: {err}\n\nA task kept its worker over the {MEMORY_LIMIT} limit "
            "until the nanny restarted it, several times, and Dask gave the task up. "
            "Make no task hold more than a chunk or two at a time."
        ) from None
    counts = [int(c) for c in counts]
    ps.expect_count(counts, BINS, "histogram returned {got} counts for {want} bins")
    ps.report(counts, seconds)


if __name__ == "__main__":
    main()
