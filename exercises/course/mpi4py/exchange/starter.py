"""mpi4py/exchange: swap a record and an array with a partner

The ranks work in pairs: rank 0 with rank 1, rank 2 with rank 3, and so on.
With an odd number of ranks the last one has no partner and returns
``(None, None)``.

Every rank holds ``record``, a small dict, and ``array``, 100 000 float64
(800 kB). ``exchange`` must send both to the partner and return what the
partner sent: ``(their_record, their_array)``.

- The record is an ordinary Python object: send it with the lowercase
  methods (``comm.send``/``comm.recv``), which pickle it.
- The array is a numpy buffer: send it with the uppercase methods
  (``comm.Send``/``comm.Recv``), which move its bytes as they are into an
  array the receiver has made ready.

As written, the records arrive but the program then never ends: the
workbench stops it as a possible deadlock. Find out why (lesson
mpi4py/point-to-point) and fix it, keeping the two kinds of call.

Check it with ``parlab check mpi4py/exchange`` (``--np 3`` for an odd count).
"""
import numpy as np


def exchange(comm, record, array):
    rank = comm.Get_rank()
    size = comm.Get_size()
    partner = rank + 1 if rank % 2 == 0 else rank - 1
    if partner >= size:
        return None, None  # the last rank of an odd count sits this one out

    # The records: small, pickled, lowercase methods.
    comm.send(record, dest=partner)
    their_record = comm.recv(source=partner)

    # The arrays: large buffers, uppercase methods.
    their_array = np.empty_like(array)
    comm.Send(array, dest=partner)
    comm.Recv(their_array, source=partner)

    return their_record, their_array
