"""Harness for concurrent-futures/chunks. Course-owned: the learner does not
edit this file.

40 009 numbers (a prime) below 2**60, drawn from the seed; for each, the
number of steps its Collatz sequence takes to reach 1 (some 420 on average,
from about 120 to over 1 000). A number costs some thirty microseconds of
pure Python, so the whole list takes the serial loop about 1.3 seconds here.

Sent one number per task, a ProcessPoolExecutor spends more than a hundred
microseconds of the parent's time on every task (a future, a work item,
pickling both ways, a pipe, a thread that hands the results back), several
times the work itself: the pool is several times slower than the serial
loop (some 5 seconds, which the time limit leaves room for). Chunks of some
thousands of numbers make that cost vanish. The list is built before the
clock starts and the result is one step count per number, in order,
compared through one fingerprint. The start method is fork.
"""
import parlab_support as ps

ps.start_method("fork")
solution = ps.solution()

SEED = 0x4348_554E_4B53
COUNT = 40_009
BELOW = 1 << 60


def make_numbers(seed):
    rng = ps.SplitMix64(seed)
    return [1 + rng.below(BELOW - 1) for _ in range(COUNT)]


def main():
    numbers = make_numbers(ps.seed(SEED))
    workers = ps.workers()
    steps, seconds = ps.time(lambda: solution.all_steps(numbers, workers))
    steps = [int(s) for s in steps]
    ps.expect_count(steps, len(numbers), "all_steps returned {got} counts for {want} numbers",
                    fatal=False)
    ps.report([len(steps), sum(steps), ps.fingerprint(steps)], seconds)


if __name__ == "__main__":
    main()
