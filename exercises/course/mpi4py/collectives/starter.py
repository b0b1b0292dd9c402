"""mpi4py/collectives: one call, every rank.

A collective is a call that every rank of a communicator makes together: a
broadcast, a scatter, a gather, a reduce. Each of the five functions below
is called by every rank, in this order, and each should be one collective
(the last one needs a second communicator first). Rank 0 is the root
wherever there is one.

Three of them are still to be written, and two are written but wrong. The
check runs your program on as many ranks as cores and on one more, works out
on every rank what each function should have given, and reports "ok" or the
first mismatch, such as ``gather: index 1 holds ..., expected rank 1's ...``.

Run it by hand with
    mpirun -n 3 python harness.py ../../mpi4py/collectives.py   (from the course folder)
or check it with ``parlab check mpi4py/collectives``; ``parlab hint
mpi4py/collectives`` gives a hint.
"""
import numpy as np
from mpi4py import MPI

#: How many cards of the deck each rank gets in `deal`. Do not change it.
PER_RANK = 3


def share_settings(comm, settings):
    """Broadcast: on rank 0, ``settings`` is a dict; on the other ranks,
    None. Every rank must return rank 0's dict."""
    # TODO: every rank should end up with rank 0's settings.
    return settings


def deal(comm, deck):
    """Scatter: on rank 0, ``deck`` is an int64 numpy array with PER_RANK
    cards for every rank, rank 0's first; on the other ranks, None. Return
    this rank's PER_RANK cards as an int64 numpy array."""
    # TODO: hand each rank its own cards (rank 0 only has its own so far).
    if comm.Get_rank() == 0:
        return deck[:PER_RANK].copy()
    return np.zeros(PER_RANK, dtype=np.int64)


def collect(comm, mine):
    """Gather: every rank has one int. Rank 0 returns a list of all of
    them in rank order; the other ranks return None."""
    # TODO: bring every rank's number to rank 0.
    return [mine]


def total(comm, mine):
    """Reduce: every rank has an int64 numpy array of the same length.
    Rank 0 returns their element-wise sum (an int64 array); the other ranks
    return None."""
    root = comm.Get_size() - 1
    out = np.zeros_like(mine) if comm.Get_rank() == root else None
    comm.Reduce(mine, out, op=MPI.SUM, root=root)
    return out


def parity_total(comm, mine):
    """Reduce within halves: every rank returns the sum of the numbers of
    the ranks whose parity is its own (the even ranks 0, 2, 4, ... or the
    odd ranks 1, 3, 5, ...)."""
    return comm.allreduce(mine, op=MPI.SUM)
