"""Harness for multiprocessing/squares. Course-owned: the learner does not edit
this file.

Thirteen numbers between 200 000 and 999 999, drawn from the seed. The
learner's `squares` computes each square in a process of its own and returns
them in input order. `square` takes time in proportion to its number (it adds
up the first n odd numbers), so the children finish in an order of their own
and a parent that keeps the answers in arrival order gets them shuffled.

The start method is spawn: every child is a fresh interpreter that imports
this file (as `__mp_main__`, so `main` does not run again) and the learner's
module, and gets its arguments pickled. Nothing the parent holds is shared
with it, which is the point of the exercise. Nothing is timed.
"""
import sys

import parlab_support as ps

ps.start_method("spawn")
solution = ps.solution()

SEED = 0x5351_5541_5245
COUNT = 13


def numbers(seed):
    rng = ps.SplitMix64(seed)
    return [200_000 + rng.below(800_000) for _ in range(COUNT)]


def main():
    values = numbers(ps.seed(SEED))
    workers = ps.workers()
    squares, seconds = ps.time(lambda: solution.squares(values, workers))
    squares = [None if s is None else int(s) for s in squares]
    missing = sum(s is None for s in squares)
    if missing:
        print(f"squares returned {len(squares)} values, {missing} of them None",
              file=sys.stderr)
    ps.report(squares, seconds)


if __name__ == "__main__":
    main()
