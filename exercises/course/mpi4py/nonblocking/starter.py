"""mpi4py/nonblocking: blocks around a ring.

Every rank starts with a block of numbers (a 400 KB int64 array). The blocks
travel around a ring: at every step each rank passes the block it holds to
its right neighbour, (rank + 1) % size, and takes a new one from its left
neighbour, (rank - 1) % size. After size - 1 steps every rank has held every
block once. ``ring`` returns the ``digest`` of each block this rank held, in
order: its own block first, then the left neighbour's, and so on.

The loop below is written with blocking calls, and it hangs on two ranks or
more: every rank is in ``Send``, and a message this large is not buffered,
so each waits for a receive that its neighbour has not posted yet. Rewrite
the exchange with ``Isend`` and ``Irecv``, compute the digest of the block
you hold while the messages travel, then wait for both with
``MPI.Request.Waitall``. Do not touch a buffer that a request is still using.

Run it by hand with
    mpirun -n 2 python harness.py ../../mpi4py/nonblocking.py   (from the course folder)
or check it with ``parlab check mpi4py/nonblocking``; ``parlab hint
mpi4py/nonblocking`` gives a hint.
"""
import numpy as np
from mpi4py import MPI


def digest(block):
    """The work done on every block: a checksum of its values and their
    order. Do not change it; the check computes the same."""
    x = block.astype(np.uint64)
    x ^= x >> np.uint64(31)
    x *= np.arange(1, x.size + 1, dtype=np.uint64)
    return int(x.sum(dtype=np.uint64))


def ring(comm, block):
    """Returns [digest of the block held at step 0, at step 1, ...], one per
    rank, starting with this rank's own ``block``."""
    rank, size = comm.Get_rank(), comm.Get_size()
    right, left = (rank + 1) % size, (rank - 1) % size
    held = block.copy()
    incoming = np.empty_like(block)
    digests = []
    for step in range(size):
        digests.append(digest(held))
        if step == size - 1:
            break  # the last block needs no passing on
        comm.Send(held, dest=right)  # waits until `right` posts its receive...
        comm.Recv(incoming, source=left)  # ...which it does only after its own Send
        held, incoming = incoming, held
    return digests
