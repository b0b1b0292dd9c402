"""mpi4py/hello: a line from every rank

``mpirun -n 4 python program.py`` starts four copies of the same program.
Each copy is a *rank*: a process of its own, with its own memory, that knows
its number in the communicator (``comm.Get_rank()``, from 0) and how many
ranks there are (``comm.Get_size()``).

Make every rank print exactly one line, ``hello from rank R of N``, with its
own rank and the size of the communicator. The lines may come out in any
order; the check sorts them. Right now only one rank says anything.

Check it with ``parlab check mpi4py/hello`` (``--np 3`` for three ranks).
"""


def hello(comm):
    rank = comm.Get_rank()
    if rank == 0:
        # Only this process prints; the other ranks skip the line.
        print(f"hello from rank {rank} of {rank + 1}")
