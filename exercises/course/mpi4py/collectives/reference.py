"""Reference solution for mpi4py/collectives: one collective per function,
every rank making the same call with the same root. Python objects go with
the lowercase methods (pickled), numpy arrays with the uppercase ones (sent
as raw buffers)."""
import numpy as np
from mpi4py import MPI

PER_RANK = 3


def share_settings(comm, settings):
    return comm.bcast(settings, root=0)


def deal(comm, deck):
    hand = np.empty(PER_RANK, dtype=np.int64)
    comm.Scatter(deck, hand, root=0)  # deck is ignored on the other ranks
    return hand


def collect(comm, mine):
    return comm.gather(mine, root=0)


def total(comm, mine):
    out = np.empty_like(mine) if comm.Get_rank() == 0 else None
    comm.Reduce(mine, out, op=MPI.SUM, root=0)
    return out


def parity_total(comm, mine):
    half = comm.Split(color=comm.Get_rank() % 2, key=comm.Get_rank())
    try:
        return half.allreduce(mine, op=MPI.SUM)
    finally:
        half.Free()
