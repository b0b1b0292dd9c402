"""Harness for mpi4py/collectives. Course-owned: the learner does not edit
this file.

Every rank calls the learner's five functions in order, then checks what it
got against what it should have got for the current number of ranks, which
every rank can work out from the same seed. Rank 0 collects the verdicts and
reports "ok", or the first mismatch: the lowest-numbered function that went
wrong, on the lowest rank where it did. The result is therefore the same
string on any number of ranks when the solution is right.
"""
import numpy as np
import parlab_support as ps
from mpi4py import MPI

solution = ps.solution()

SEED = 0xC011_EC72  # the default seed; the manifest's expected value belongs to it
PER_RANK = 3  # cards per rank in `deal`
WIDTH = 4  # entries of the vector each rank passes to `total`


def settings(seed):
    """Rank 0's settings: a small dict, sent as a Python object."""
    rng = np.random.default_rng([seed, 1])
    w, h, steps = (int(x) for x in rng.integers(10, 1000, size=3))
    return {"width": w, "height": h, "steps": steps, "name": f"plate-{w}x{h}"}


def deck(seed, size):
    """Rank 0's deck: PER_RANK cards for each rank, as an int64 array."""
    rng = np.random.default_rng([seed, 2])
    return rng.integers(0, 100, size=PER_RANK * size, dtype=np.int64)


def value(seed, which, rank):
    """The number `rank` passes to function `which`: 1000 * (rank + 1) plus
    1 to 999, so every rank's number differs and a number gathered to the
    wrong index, or a sum that leaves a rank out, never looks right."""
    rng = np.random.default_rng([seed, which, rank])
    return 1000 * (rank + 1) + int(rng.integers(1, 1000))


def vector(seed, rank):
    """The int64 vector `rank` passes to `total`."""
    rng = np.random.default_rng([seed, 4, rank])
    return rng.integers(1, 1000, size=WIDTH, dtype=np.int64) * (rank + 1)


def run(comm, seed):
    rank, size = comm.Get_rank(), comm.Get_size()
    got = {}
    got["settings"] = solution.share_settings(comm, settings(seed) if rank == 0 else None)
    got["hand"] = solution.deal(comm, deck(seed, size) if rank == 0 else None)
    got["gathered"] = solution.collect(comm, value(seed, 3, rank))
    got["total"] = solution.total(comm, vector(seed, rank))
    got["parity"] = solution.parity_total(comm, value(seed, 5, rank))
    return got


def show(x):
    if isinstance(x, np.ndarray):
        return str(x.tolist())
    return repr(x)


def first_mismatch(seed, got, rank, size):
    """(number, message) of the first function that went wrong on this rank,
    or None. The messages avoid values that depend on the rank count where
    they can, so one mistake reads the same on two ranks and on three."""
    want = settings(seed)
    if got["settings"] != want:
        return 1, f"bcast: rank {rank} got {show(got['settings'])}, expected rank 0's dict"

    want = deck(seed, size)[rank * PER_RANK : (rank + 1) * PER_RANK]
    hand = got["hand"]
    if not isinstance(hand, np.ndarray) or hand.shape != want.shape or not np.array_equal(hand, want):
        return 2, f"scatter: rank {rank} got {show(hand)}, expected {want.tolist()}"

    want = [value(seed, 3, r) for r in range(size)]
    gathered = got["gathered"]
    if rank != 0 and gathered is not None:
        return 3, f"gather: rank {rank} returned {show(gathered)}, expected None"
    if rank == 0:
        if not isinstance(gathered, list):
            return 3, f"gather: rank 0 returned {show(gathered)}, expected a list"
        if gathered != want:
            for i, w in enumerate(want):
                if i >= len(gathered):
                    return 3, f"gather: rank {i}'s number is missing on rank 0"
                if gathered[i] != w:
                    return 3, f"gather: index {i} holds {gathered[i]}, expected rank {i}'s {w}"
            return 3, f"gather: rank 0 got {len(gathered)} numbers for {size} ranks"

    want = sum(vector(seed, r) for r in range(size))
    total = got["total"]
    if rank != 0 and total is not None:
        return 4, f"reduce: rank {rank} returned {show(total)}, expected None"
    if rank == 0:
        if total is None:
            return 4, "reduce: rank 0 returned None, expected the sum of all vectors"
        if not isinstance(total, np.ndarray) or total.shape != want.shape:
            return 4, f"reduce: rank 0 returned {show(total)}, expected {WIDTH} sums"
        if not np.array_equal(total, want):
            if np.array_equal(total, vector(seed, 0)):
                return 4, "reduce: rank 0 got its own vector back, not the sum"
            return 4, f"reduce: rank 0 got {total.tolist()}, expected {want.tolist()}"

    want = sum(value(seed, 5, r) for r in range(rank % 2, size, 2))
    everyone = sum(value(seed, 5, r) for r in range(size))
    half = ("even", "odd")[rank % 2]
    parity = got["parity"]
    if parity != want:
        if parity == everyone:
            return 5, f"split: rank {rank} got the sum over all ranks, not the {half} ones"
        if parity == value(seed, 5, rank):
            return 5, f"split: rank {rank} got its own number, not the {half} ranks' sum"
        return 5, f"split: rank {rank} got {show(parity)}, expected the {half} ranks' sum"
    return None


def main():
    comm = MPI.COMM_WORLD
    # Every rank reads the same seed, so every rank can work out what every
    # function should give it.
    seed = ps.seed(SEED)
    got, seconds = ps.mpi_time(comm, lambda: run(comm, seed))
    rank, size = comm.Get_rank(), comm.Get_size()
    verdicts = comm.gather(first_mismatch(seed, got, rank, size), root=0)
    result = ""
    if rank == 0:
        wrong = [v for v in verdicts if v is not None]
        result = min(wrong, key=lambda v: v[0])[1] if wrong else "ok"
    ps.mpi_report(comm, result, seconds)


if __name__ == "__main__":
    main()
