"""mpi4py/chain, baseline: blocking Send and Recv, with MPI.PROC_NULL at the
ends. Every rank sends first: the last rank's send to PROC_NULL returns at
once, so it receives, which frees rank size - 2 to receive, and so on back
to rank 0. Correct for any rank count, but the links complete one after
another instead of together. On one rank both calls go to PROC_NULL."""
import numpy as np
from mpi4py import MPI


def chain(comm, array):
    rank = comm.Get_rank()
    size = comm.Get_size()
    right = rank + 1 if rank + 1 < size else MPI.PROC_NULL
    left = rank - 1 if rank > 0 else MPI.PROC_NULL

    received = np.zeros_like(array)
    status = MPI.Status()
    comm.Send(array, dest=right)
    comm.Recv(received, source=left, status=status)
    return received, status
