"""Reference solution for mpi4py/heat: a block of inner rows per rank with
one ghost row above and below. Every step posts non-blocking receives into
the ghost rows and sends of the edge rows, updates the rows that need no
ghost while the messages travel, then waits and updates the two edge rows.
The blocks are gathered to rank 0 at the end."""
import numpy as np
from mpi4py import MPI

ALPHA = 0.2
UP, DOWN = 1, 2  # tags: which way a row travels


def heat(comm, initial, steps):
    rows = initial.shape[0]
    size, rank = comm.Get_size(), comm.Get_rank()
    first, mine = block(rows - 2, size, rank)
    u = initial[first - 1 : first + mine + 1].copy()
    new = u.copy()
    # A missing neighbour is PROC_NULL: a send there is dropped and a
    # receive from there completes at once, leaving the fixed edge row.
    above = rank - 1 if rank > 0 else MPI.PROC_NULL
    below = rank + 1 if rank + 1 < size else MPI.PROC_NULL
    for _ in range(steps):
        requests = [
            comm.Irecv(u[0], source=above, tag=DOWN),
            comm.Irecv(u[-1], source=below, tag=UP),
            comm.Isend(u[1], dest=above, tag=UP),
            comm.Isend(u[-2], dest=below, tag=DOWN),
        ]
        if mine > 2:
            update(u, new, 2, mine)  # own rows 2 .. mine-1 read no ghost
        MPI.Request.Waitall(requests)
        update(u, new, 1, 2)
        if mine > 1:
            update(u, new, mine, mine + 1)
        u, new = new, u
    return gather_field(comm, initial, u[1:-1])


def block(interior, size, rank):
    base, extra = divmod(interior, size)
    first = 1 + rank * base + min(rank, extra)
    return first, base + (1 if rank < extra else 0)


def update(u, new, start, stop):
    c = u[start:stop, 1:-1]
    out = new[start:stop, 1:-1]
    np.add(u[start - 1 : stop - 1, 1:-1], u[start + 1 : stop + 1, 1:-1], out=out)
    out += u[start:stop, :-2]
    out += u[start:stop, 2:]
    out -= 4.0 * c
    out *= ALPHA
    out += c


def gather_field(comm, initial, own):
    rows, cols = initial.shape
    size = comm.Get_size()
    counts = [block(rows - 2, size, r)[1] * cols for r in range(size)]
    if comm.Get_rank() != 0:
        comm.Gatherv(own, None, root=0)
        return None
    field = initial.copy()
    comm.Gatherv(own, [field[1:-1], counts], root=0)
    return field
