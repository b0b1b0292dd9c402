"""Serial baseline for concurrent-futures/executor: every row in turn, in
one process, no executor."""


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
    return [row_sum(view, y) for y in range(height)]
