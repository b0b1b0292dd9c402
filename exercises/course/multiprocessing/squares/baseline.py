"""Serial baseline for multiprocessing/squares: every square in the parent,
one after another, no child processes."""


def square(n):
    """n * n, the slow way: 1 + 3 + 5 + ... + (2n - 1)."""
    return sum(range(1, 2 * n, 2))


def squares(numbers, workers):
    return [square(n) for n in numbers]
