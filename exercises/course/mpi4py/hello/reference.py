"""mpi4py/hello, reference: every rank prints its own line."""


def hello(comm):
    print(f"hello from rank {comm.Get_rank()} of {comm.Get_size()}")
