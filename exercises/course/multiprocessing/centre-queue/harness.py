"""Harness for multiprocessing/centre-queue. Course-owned: the learner does not
edit this file.

The molecule of multiprocessing/centre-pool, with another default seed: every
atom is a function of the seed and its index, so a worker process gets only
the seed and an index range and answers with four floats. An atom costs some
1.5 microseconds of pure Python, so 1 000 003 atoms give the serial loop about
a second and a half of work, against a few milliseconds to fork the workers.
A parent that starts a worker and joins it before starting the next gets
every range right and no speedup at all. The count is odd and not a multiple
of 3, so a split that drops the leftover atoms fails with 2 and 3 workers.
"""
import parlab_support as ps

ps.start_method("fork")
solution = ps.solution()

SEED = 0x434E_5452_4551
ATOMS = 1_000_003


def main():
    seed = ps.seed(SEED)
    workers = ps.workers()
    centre, seconds = ps.time(lambda: solution.centre(seed, ATOMS, workers))
    ps.report([float(c) for c in centre], seconds)


if __name__ == "__main__":
    main()
