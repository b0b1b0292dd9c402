"""Baseline for mpi4py/collectives: the same results from point-to-point
messages only, rank 0 (or the lowest rank of a parity) sending to and
receiving from every other rank in turn: what the collectives replace.
Nothing here is timed; the check grades correctness only."""
import numpy as np
from mpi4py import MPI

PER_RANK = 3


def share_settings(comm, settings):
    if comm.Get_rank() == 0:
        for r in range(1, comm.Get_size()):
            comm.send(settings, dest=r)
        return settings
    return comm.recv(source=0)


def deal(comm, deck):
    hand = np.empty(PER_RANK, dtype=np.int64)
    if comm.Get_rank() == 0:
        for r in range(1, comm.Get_size()):
            comm.Send(deck[r * PER_RANK : (r + 1) * PER_RANK], dest=r)
        hand[:] = deck[:PER_RANK]
    else:
        comm.Recv(hand, source=0)
    return hand


def collect(comm, mine):
    if comm.Get_rank() != 0:
        comm.send(mine, dest=0)
        return None
    return [mine] + [comm.recv(source=r) for r in range(1, comm.Get_size())]


def total(comm, mine):
    if comm.Get_rank() != 0:
        comm.Send(mine, dest=0)
        return None
    out = mine.copy()
    part = np.empty_like(mine)
    for r in range(1, comm.Get_size()):
        comm.Recv(part, source=r)
        out += part
    return out


def parity_total(comm, mine):
    rank, size = comm.Get_rank(), comm.Get_size()
    lead = rank % 2
    if rank != lead:
        comm.send(mine, dest=lead)
        return comm.recv(source=lead)
    others = range(lead + 2, size, 2)
    result = mine + sum(comm.recv(source=r) for r in others)
    for r in others:
        comm.send(result, dest=r)
    return result
