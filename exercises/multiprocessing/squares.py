"""# multiprocessing/squares: one process per number

`squares` gets a short list of numbers and returns their squares, in the
same order. Each square is computed in a process of its own.

The code below starts one `multiprocessing.Process` per number, waits for all
of them, and returns `results`. Every child does compute its square and store
it in `results[i]`, yet the parent gets back a list of `None`. Find out why
(lesson 1 of this module), then bring the squares back to the parent through
a `multiprocessing.Queue`, each in its place in the input order.

`square` takes longer for larger numbers, so the children do not finish in
the order they were started.

Check it with `parlab check multiprocessing/squares`; ask for a hint with
`parlab hint multiprocessing/squares`.
"""

import multiprocessing as mp


def square(n):
    """n * n, the slow way: 1 + 3 + 5 + ... + (2n - 1)."""
    return sum(range(1, 2 * n, 2))


def work(results, i, n):
    """Runs in a child process."""
    results[i] = square(n)


def squares(numbers, workers):
    # `workers` does not matter here: one process per number.
    results = [None] * len(numbers)
    children = []
    for i, n in enumerate(numbers):
        child = mp.Process(target=work, args=(results, i, n))
        child.start()
        children.append(child)
    for child in children:
        child.join()
    return results
