"""Reference solution for concurrent-futures/executor: a ProcessPoolExecutor
on the fork context maps a top-level `row_sum` over the rows, one row a task
(a row costs milliseconds, a round trip a tenth of one), so a worker that
drew a costly row simply takes fewer. `map` gives the sums in row order."""

import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat


def row_sum(view, y):
    """The sum of the escape counts of the pixels of row `y`."""
    x0, y0, step, width, height, max_iter = view
    ci = y0 + y * step
    total = 0
    for x in range(width):
        cr = x0 + x * step
        zr = zi = 0.0
        n = 0
        while n < max_iter:
            zr2 = zr * zr
            zi2 = zi * zi
            if zr2 + zi2 > 4.0:
                break
            zi = 2.0 * zr * zi + ci
            zr = zr2 - zi2 + cr
            n += 1
        total += n
    return total


def escape_rows(view, workers):
    height = view[4]
    context = mp.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as executor:
        return list(executor.map(row_sum, repeat(view), range(height)))
