"""Harness for mpi4py/exchange. Course-owned: the learner does not edit this file.

The ranks work in pairs: 0 with 1, 2 with 3, and so on; with an odd rank
count the last rank has no partner. Every rank builds a small dict (its
record) and an array of ``LEN`` float64 (800 kB, far above Open MPI's eager
limit, so a blocking ``Send`` of it waits for the matching ``Recv``), both
drawn from the seed and the rank. The learner's ``exchange`` swaps them with
the partner. Rank 0 gathers a summary of what every rank got back, rebuilds
every rank's data from the seed, and reports a sentence that names no rank
count, so one expected value fits every run.
"""
import hashlib

import numpy as np
import parlab_support as ps
from mpi4py import MPI

solution = ps.solution()

#: The seed of the records and arrays when the workbench chooses none.
SEED = 0x65786368
#: Numbers in each rank's array: 800 kB of float64.
LEN = 100_000

ALL_GOOD = "every rank with a partner holds its partner's record and array"


def record_of(seed, rank):
    rng = np.random.default_rng([seed, rank, 0])
    return {
        "rank": rank,
        "label": f"record of rank {rank}",
        "numbers": [int(x) for x in rng.integers(0, 10**9, size=5)],
    }


def array_of(seed, rank):
    return np.random.default_rng([seed, rank, 1]).random(LEN)


def partner_of(rank, size):
    """The rank's partner, or None for the last rank of an odd count."""
    partner = rank + 1 if rank % 2 == 0 else rank - 1
    return partner if partner < size else None


def digest(array):
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


def summary(got):
    """What one rank returned, reduced to something small to gather."""
    try:
        record, array = got
    except (TypeError, ValueError):
        return ("shape", None, None)
    if record is not None and not isinstance(record, dict):
        record = ("not a dict", type(record).__name__)
    if array is None:
        return ("ok", record, None)
    if not isinstance(array, np.ndarray):
        return ("ok", record, ("not an array", type(array).__name__))
    return ("ok", record, (array.shape, str(array.dtype), digest(array)))


def verdict(seed, summaries):
    size = len(summaries)
    own_arrays = {digest(array_of(seed, r)): r for r in range(size)}
    for rank, (form, record, array) in enumerate(summaries):
        if form != "ok":
            return "exchange must return a pair: (record, array)"
        partner = partner_of(rank, size)
        if partner is None:
            if record is not None or array is not None:
                return "the rank without a partner must return (None, None)"
            continue
        if record is None:
            return "a rank with a partner returned no record"
        if record != record_of(seed, partner):
            if record == record_of(seed, rank):
                return "a rank returned its own record, not its partner's"
            return "a rank's record is not its partner's record"
        if array is None:
            return "a rank with a partner returned no array"
        if array[0] == "not an array":
            return f"a rank returned a {array[1]} where a numpy array belongs"
        shape, dtype, print_ = array
        if shape != (LEN,) or dtype != "float64":
            return f"a rank returned an array of shape {shape} and dtype {dtype}; the arrays are ({LEN},) float64"
        holder = own_arrays.get(print_)
        if holder == partner:
            continue
        if holder == rank:
            return "a rank returned its own array, not its partner's"
        if holder is not None:
            return "a rank got the array of a rank that is not its partner"
        return "a rank returned numbers that are no rank's array"
    return ALL_GOOD


def main():
    comm = MPI.COMM_WORLD
    rank = comm.Get_rank()
    # Every rank reads the same seed, so rank 0 can rebuild every rank's data.
    seed = ps.seed(SEED)
    record = record_of(seed, rank)
    array = array_of(seed, rank)

    got, seconds = ps.mpi_time(comm, lambda: solution.exchange(comm, record, array))

    summaries = comm.gather(summary(got), root=0)
    result = verdict(seed, summaries) if rank == 0 else None
    # Every rank calls it (each rank's guards are checked); rank 0 prints.
    ps.mpi_report(comm, result, seconds)


if __name__ == "__main__":
    main()
