"""Serial baseline for concurrent-futures/chunks: every number in turn, in
one process, no executor."""


def steps(n):
    """How many steps the Collatz sequence of n takes to reach 1: halve an
    even number, make an odd one 3n + 1. Some twenty microseconds."""
    count = 0
    while n != 1:
        if n & 1:
            n = 3 * n + 1
        else:
            n >>= 1
        count += 1
    return count


def all_steps(numbers, workers):
    return [steps(n) for n in numbers]
