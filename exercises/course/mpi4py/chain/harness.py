"""Harness for mpi4py/chain. Course-owned: the learner does not edit this file.

Every rank builds an array of ``LEN`` float64 (800 kB, far above any eager
limit) from the seed and its rank. The learner's ``chain`` passes it one step
along the chain 0 -> 1 -> ... -> size - 1 and returns what arrived with the
``MPI.Status`` of that receive. Rank 0 gathers a summary from every rank,
rebuilds every array from the seed, and reports a sentence that names no
rank count, so one expected value fits every run.
"""
import hashlib

import numpy as np
import parlab_support as ps
from mpi4py import MPI

solution = ps.solution()

#: The seed of the arrays when the workbench chooses none.
SEED = 0x636861696E
#: Numbers in each rank's array: 800 kB of float64.
LEN = 100_000

ALL_GOOD = "every rank holds the array of rank - 1, and rank 0 got nothing from MPI.PROC_NULL"


def array_of(seed, rank):
    return np.random.default_rng([seed, rank]).random(LEN)


def digest(array):
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


def summary(got):
    """What one rank returned, reduced to something small to gather."""
    try:
        received, status = got
    except (TypeError, ValueError):
        return ("shape",)
    if not isinstance(status, MPI.Status):
        return ("status", type(status).__name__)
    if not isinstance(received, np.ndarray):
        return ("array", type(received).__name__)
    if received.shape != (LEN,) or received.dtype != np.float64:
        return ("layout", received.shape, str(received.dtype))
    source = status.Get_source()
    count = status.Get_count(MPI.DOUBLE)
    return ("ok", digest(received), bool(np.all(received == 0.0)), source, count)


def verdict(seed, summaries):
    size = len(summaries)
    own = {digest(array_of(seed, r)): r for r in range(size)}
    for rank, s in enumerate(summaries):
        if s[0] == "shape":
            return "chain must return a pair: (received, status)"
        if s[0] == "status":
            return f"the second value returned must be the MPI.Status of the receive, not a {s[1]}"
        if s[0] == "array":
            return f"the first value returned must be the numpy array received into, not a {s[1]}"
        if s[0] == "layout":
            return f"a rank returned an array of shape {s[1]} and dtype {s[2]}; the arrays are ({LEN},) float64"
        _, print_, zeros, source, count = s
        if rank == 0:
            if source != MPI.PROC_NULL:
                return "rank 0's status does not name MPI.PROC_NULL as the source: did it receive from MPI.PROC_NULL?"
            if count != 0 or not zeros:
                return "rank 0 must get nothing: its array stays all zeros and its status counts 0 numbers"
            continue
        holder = own.get(print_)
        if holder != rank - 1:
            if holder == rank:
                return "a rank returned its own array, not the one from rank - 1"
            if holder == rank + 1:
                return "a rank got the array of rank + 1: the chain runs the wrong way"
            if holder is not None:
                return "a rank got the array of a rank that is not rank - 1"
            return "a rank returned numbers that are no rank's array"
        if source != rank - 1:
            return "a rank's status does not name rank - 1 as the source"
        if count != LEN:
            return f"a rank's status counts {count} numbers, not {LEN}"
    return ALL_GOOD


def main():
    comm = MPI.COMM_WORLD
    rank = comm.Get_rank()
    # Every rank reads the same seed, so rank 0 can rebuild every array.
    seed = ps.seed(SEED)
    array = array_of(seed, rank)

    got, seconds = ps.mpi_time(comm, lambda: solution.chain(comm, array))

    summaries = comm.gather(summary(got), root=0)
    result = verdict(seed, summaries) if rank == 0 else None
    # Every rank calls it (each rank's guards are checked); rank 0 prints.
    ps.mpi_report(comm, result, seconds)


if __name__ == "__main__":
    main()
