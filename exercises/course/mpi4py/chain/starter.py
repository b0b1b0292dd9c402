"""mpi4py/chain: pass an array one step down a chain

The ranks stand in a line, 0 -> 1 -> ... -> size - 1. Every rank holds an
array of 100 000 float64 (800 kB). ``chain`` must send this rank's array to
rank + 1 and receive the array of rank - 1 into ``received``, then return
``(received, status)``, where ``status`` is the ``MPI.Status`` filled in by
that receive.

The line has two ends. The last rank has no rank + 1: it sends to
``MPI.PROC_NULL``, which MPI treats as "nobody" and completes at once. Rank 0
has no rank - 1: it receives from ``MPI.PROC_NULL``, so ``received`` stays
all zeros and the status names ``MPI.PROC_NULL`` as the source, with a count
of 0. With one rank, rank 0 is both ends.

As written, the ends are forgotten and the program fails (lesson
mpi4py/point-to-point). Make it correct; then make every transfer happen at
once with one ``comm.Sendrecv`` per rank instead of two blocking calls.

Check it with ``parlab check mpi4py/chain`` (``--np 1`` or ``--np 3`` for
other rank counts).
"""
import numpy as np
from mpi4py import MPI


def chain(comm, array):
    rank = comm.Get_rank()
    received = np.zeros_like(array)
    status = MPI.Status()

    comm.Send(array, dest=rank + 1)
    comm.Recv(received, source=rank - 1, status=status)
    return received, status
