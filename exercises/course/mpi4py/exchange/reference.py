"""mpi4py/exchange, reference: each swap is one combined call, which MPI
completes in whatever order the two partners need."""
import numpy as np


def exchange(comm, record, array):
    rank = comm.Get_rank()
    size = comm.Get_size()
    partner = rank + 1 if rank % 2 == 0 else rank - 1
    if partner >= size:
        return None, None

    their_record = comm.sendrecv(record, dest=partner, source=partner)

    their_array = np.empty_like(array)
    comm.Sendrecv(array, dest=partner, recvbuf=their_array, source=partner)
    return their_record, their_array
