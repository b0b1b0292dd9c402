"""Serial baseline for mpi4py/heat: rank 0 runs every step on the whole
grid with the same row update as the solution; other ranks do nothing. It is
timed on one rank."""
import numpy as np

ALPHA = 0.2


def heat(comm, initial, steps):
    if comm.Get_rank() != 0:
        return None
    rows = initial.shape[0]
    u = initial.copy()
    new = u.copy()
    for _ in range(steps):
        update(u, new, 1, rows - 1)
        u, new = new, u
    return u


def update(u, new, start, stop):
    """One explicit step of rows start..stop-1 of ``u`` into ``new``."""
    c = u[start:stop, 1:-1]
    out = new[start:stop, 1:-1]
    np.add(u[start - 1 : stop - 1, 1:-1], u[start + 1 : stop + 1, 1:-1], out=out)
    out += u[start:stop, :-2]
    out += u[start:stop, 2:]
    out -= 4.0 * c
    out *= ALPHA
    out += c
