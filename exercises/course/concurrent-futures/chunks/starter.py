"""# concurrent-futures/chunks: tasks worth sending

`all_steps` returns, for every number of a long list, how many steps its
Collatz sequence takes to reach 1, in the order of the list. One number
takes some twenty microseconds.

The code below maps `steps` over the numbers with a `ProcessPoolExecutor`.
It is correct, and several times slower than a plain loop in one process:
`executor.map` sends each number as a task of its own, and every task costs
the parent far more than the twenty microseconds of work it carries.

Make the tasks bigger, so that each carries thousands of numbers, and keep
the results in order.

Check it with `parlab check concurrent-futures/chunks`; ask for a hint with
`parlab hint concurrent-futures/chunks`.
"""

import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor


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
    context = mp.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as executor:
        return list(executor.map(steps, numbers))
