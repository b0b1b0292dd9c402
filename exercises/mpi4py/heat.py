"""mpi4py/heat: heat on a plate, rows shared by the ranks.

A metal plate is a grid of temperatures. Its four edges are held fixed;
every step, each inner cell moves towards the mean of its four neighbours:

    new = u + ALPHA * (above + below + left + right - 4 * u)

The inner rows are shared out in blocks, one block per rank. To update the
first and last rows of its block, a rank needs the row just above and the row
just below, which belong to its neighbours. It keeps a copy of each, the
*ghost* rows: ``u[0]`` is the top ghost, ``u[1:-1]`` the rank's own rows and
``u[-1]`` the bottom ghost. Rank 0's top ghost and the last rank's bottom
ghost are the plate's fixed edges, and never change.

Everything is here except the one thing that makes it right: the ghost rows
are never refreshed, so after the first step they hold stale temperatures.
Write ``exchange_halos``: before every step, each rank sends its first own
row to the rank above and its last own row to the rank below, and receives
their edge rows into its ghost rows.

Run it by hand with
    mpirun -n 2 python harness.py ../../mpi4py/heat.py   (from the course folder)
or check it with ``parlab check mpi4py/heat``; ``parlab hint mpi4py/heat``
gives a hint.
"""
import numpy as np
from mpi4py import MPI

ALPHA = 0.2


def heat(comm, initial, steps):
    """Runs ``steps`` steps from ``initial`` (the whole plate, the same on
    every rank, read-only) and returns the final plate on rank 0, ``None``
    on the other ranks."""
    rows = initial.shape[0]
    size, rank = comm.Get_size(), comm.Get_rank()
    first, mine = block(rows - 2, size, rank)
    # Global rows first-1 .. first+mine: the top ghost, own rows, bottom ghost.
    u = initial[first - 1 : first + mine + 1].copy()
    new = u.copy()
    for _ in range(steps):
        exchange_halos(comm, u)
        update(u, new, 1, mine + 1)
        u, new = new, u
    return gather_field(comm, initial, u[1:-1])


def exchange_halos(comm, u):
    """Fills the ghost rows ``u[0]`` and ``u[-1]`` with the neighbours' edge
    rows, and sends this rank's edge rows ``u[1]`` and ``u[-2]`` to them."""
    # TODO: the rank above (if any) needs u[1] and has the row for u[0];
    # the rank below (if any) needs u[-2] and has the row for u[-1].
    pass


def block(interior, size, rank):
    """The first global row and the number of rows of ``rank`` when
    ``interior`` inner rows (global rows 1 .. interior) are shared by
    ``size`` ranks: the first ``interior % size`` ranks get one more."""
    base, extra = divmod(interior, size)
    first = 1 + rank * base + min(rank, extra)
    return first, base + (1 if rank < extra else 0)


def update(u, new, start, stop):
    """One explicit step of rows ``start .. stop-1`` of ``u`` into ``new``
    (row 0 is the top ghost). Keep the arithmetic as it is: the check
    compares the final field bit for bit with the serial program's."""
    c = u[start:stop, 1:-1]
    out = new[start:stop, 1:-1]
    np.add(u[start - 1 : stop - 1, 1:-1], u[start + 1 : stop + 1, 1:-1], out=out)
    out += u[start:stop, :-2]
    out += u[start:stop, 2:]
    out -= 4.0 * c
    out *= ALPHA
    out += c


def gather_field(comm, initial, own):
    """Rank 0 gets the whole plate: the fixed top and bottom rows from
    ``initial``, and every rank's rows in rank order. The blocks differ in
    size by at most a row, so this is a gather with a count per rank."""
    rows, cols = initial.shape
    size = comm.Get_size()
    counts = [block(rows - 2, size, r)[1] * cols for r in range(size)]
    if comm.Get_rank() != 0:
        comm.Gatherv(own, None, root=0)
        return None
    field = initial.copy()
    comm.Gatherv(own, [field[1:-1], counts], root=0)
    return field
