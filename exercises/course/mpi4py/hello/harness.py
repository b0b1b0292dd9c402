"""Harness for mpi4py/hello. Course-owned: the learner does not edit this file.

Every rank calls the learner's ``hello(comm)`` with the world communicator.
The lines the ranks print are compared, sorted, with one line per rank:
``hello from rank R of N``. The reported result is the rank count; the check
reads the printed lines, not the result.
"""
import parlab_support as ps
from mpi4py import MPI

solution = ps.solution()


def main():
    comm = MPI.COMM_WORLD
    _, seconds = ps.mpi_time(comm, lambda: solution.hello(comm))
    ps.mpi_report(comm, comm.Get_size(), seconds)


if __name__ == "__main__":
    main()
