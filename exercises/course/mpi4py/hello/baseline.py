"""mpi4py/hello, baseline: the same one line per rank (nothing here is timed;
on one rank it prints ``hello from rank 0 of 1``)."""


def hello(comm):
    rank = comm.Get_rank()
    size = comm.Get_size()
    print(f"hello from rank {rank} of {size}")
