"""Reference solution for multiprocessing/squares: one Process per number.
Each child puts (index, square) on one shared Queue; the parent takes exactly
one answer per child, puts each in its place by index, and only then joins
the children."""

import multiprocessing as mp


def square(n):
    """n * n, the slow way: 1 + 3 + 5 + ... + (2n - 1)."""
    return sum(range(1, 2 * n, 2))


def work(i, n, answers):
    answers.put((i, square(n)))


def squares(numbers, workers):
    answers = mp.Queue()
    children = [mp.Process(target=work, args=(i, n, answers))
                for i, n in enumerate(numbers)]
    for child in children:
        child.start()
    results = [None] * len(numbers)
    for _ in children:
        i, value = answers.get()
        results[i] = value
    for child in children:
        child.join()
    return results
