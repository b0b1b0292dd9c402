"""Harness for multiprocessing/centre-pool. Course-owned: the learner does not
edit this file.

The molecule is never built here. Every atom is a function of the seed (the
workbench's, or a fixed one) and its index, so a worker can make its own
share of the atoms from three numbers, and only those numbers are pickled on
the way to a worker and four floats on the way back. An atom costs some
1.5 microseconds of pure Python (three integer hashes, a sine and a cosine),
so 1 000 003 atoms give the serial loop about a second and a half of work,
against some tens of milliseconds to fork a pool. The count is odd and not a
multiple of 3, so a split that drops the leftover atoms moves the centre's z
by far more than the tolerance with 2 and with 3 workers.
"""
import parlab_support as ps

ps.start_method("fork")
solution = ps.solution()

SEED = 0x434E_5452_4550
ATOMS = 1_000_003


def main():
    seed = ps.seed(SEED)
    workers = ps.workers()
    centre, seconds = ps.time(lambda: solution.centre(seed, ATOMS, workers))
    ps.report([float(c) for c in centre], seconds)


if __name__ == "__main__":
    main()
