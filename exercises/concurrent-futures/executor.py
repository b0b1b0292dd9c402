"""# concurrent-futures/executor: a picture on several cores

`escape_rows` computes a picture of the Mandelbrot set row by row and returns,
for every row, the sum of its pixels' escape counts, in row order. Rows
through the middle of the set cost many times more than rows near the edge.

The code below hands the rows to a `ThreadPoolExecutor` of `workers` threads.
It is correct, and no faster than one thread: the work is pure Python, and
the GIL lets only one thread run Python at a time. Run the rows in a
`ProcessPoolExecutor` instead (with the fork start method, as the harness
uses), and keep the sums in row order.

Mind what a process pool must send to its workers: the function and its
arguments are pickled, and a function defined inside another function cannot
be.

Check it with `parlab check concurrent-futures/executor`; ask for a hint with
`parlab hint concurrent-futures/executor`.
"""

from concurrent.futures import ThreadPoolExecutor


def escape_rows(view, workers):
    x0, y0, step, width, height, max_iter = view

    def row_sum(y):
        """The sum of the escape counts of the pixels of row `y`."""
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

    with ThreadPoolExecutor(max_workers=workers) as executor:
        futures = [executor.submit(row_sum, y) for y in range(height)]
        return [future.result() for future in futures]
