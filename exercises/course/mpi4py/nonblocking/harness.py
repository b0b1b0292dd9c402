"""Harness for mpi4py/nonblocking. Course-owned: the learner does not edit
this file.

Every rank draws its own block of BLOCK int64 values from the seed and its
rank, and passes it to the learner's ``ring``. A block is 400 KB, far above
the size that MPI sends eagerly, so a blocking ``Send`` waits until the
receiving rank posts its receive: a ring in which every rank sends before it
receives hangs. Every rank can work out every other rank's block, so each
checks the digests it returned; rank 0 collects the verdicts and reports
"ok" or the first mismatch, the same string on any number of ranks.
"""
import numpy as np
import parlab_support as ps
from mpi4py import MPI

solution = ps.solution()

SEED = 0x0B10C2  # the default seed; the manifest's expected value belongs to it
BLOCK = 50_001  # values per block: 400 KB, well above the eager limit


def block_of(seed, rank):
    rng = np.random.default_rng([seed, rank])
    return rng.integers(0, 2**62, size=BLOCK, dtype=np.int64)


def digest(block):
    """The harness's own copy of the digest in the learner's file."""
    x = block.astype(np.uint64)
    x ^= x >> np.uint64(31)
    x *= np.arange(1, x.size + 1, dtype=np.uint64)
    return int(x.sum(dtype=np.uint64))


def first_mismatch(seed, got, rank, size):
    want = [digest(block_of(seed, (rank - k) % size)) for k in range(size)]
    if not isinstance(got, list):
        return f"rank {rank} returned {type(got).__name__}, expected a list of {size} digests"
    if len(got) != size:
        return f"rank {rank} returned {len(got)} digests on {size} ranks, expected one per rank"
    owners = {w: (rank - k) % size for k, w in enumerate(want)}
    for k, (g, w) in enumerate(zip(got, want)):
        if g != w:
            source = owners.get(g)
            seen = f"rank {source}'s block" if source is not None else "a block no rank has"
            return f"rank {rank}, step {k}: digest of {seen}, expected rank {(rank - k) % size}'s"
    return None


def main():
    comm = MPI.COMM_WORLD
    seed = ps.seed(SEED)
    rank, size = comm.Get_rank(), comm.Get_size()
    mine = block_of(seed, rank)
    got, seconds = ps.mpi_time(comm, lambda: solution.ring(comm, mine))
    verdicts = comm.gather(first_mismatch(seed, got, rank, size), root=0)
    result = ""
    if rank == 0:
        wrong = [v for v in verdicts if v is not None]
        result = wrong[0] if wrong else "ok"
    ps.mpi_report(comm, result, seconds)


if __name__ == "__main__":
    main()
