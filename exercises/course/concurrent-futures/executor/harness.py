"""Harness for concurrent-futures/executor. Course-owned: the learner does not
edit this file.

A picture of the Mandelbrot set, 503 pixels wide and 241 rows high (a prime,
so no worker count splits the rows evenly), at most 800 iterations a pixel.
The learner's `escape_rows` returns, for every row, the sum of its pixels'
escape counts, in row order. The view is shifted a little by the seed, so a
list of sums copied from an earlier run is wrong.

A row costs from under a millisecond (far from the set) to some fifteen
milliseconds (rows through the set, where every pixel runs all 800
iterations): pure-Python floating point, which holds the GIL all the time.
So a ThreadPoolExecutor runs the rows one at a time whatever its size, and a
ProcessPoolExecutor that deals them out one or a few at a time gets close to
the core count. The whole picture takes the serial loop about a second and a
half here. The start method is fork.
"""
import parlab_support as ps

ps.start_method("fork")
solution = ps.solution()

SEED = 0x4558_4543_5554
WIDTH = 503
HEIGHT = 241
MAX_ITER = 800


def make_view(seed):
    """(x0, y0, step, width, height, max_iter): the pixel (x, y) is the point
    x0 + x * step + (y0 + y * step) i."""
    rng = ps.SplitMix64(seed)
    x0 = -2.1 + (rng.next_f64() - 0.5) * 0.05
    y0 = -1.2 + (rng.next_f64() - 0.5) * 0.05
    return (x0, y0, 2.4 / HEIGHT, WIDTH, HEIGHT, MAX_ITER)


def main():
    view = make_view(ps.seed(SEED))
    workers = ps.workers()
    sums, seconds = ps.time(lambda: solution.escape_rows(view, workers))
    sums = [int(s) for s in sums]
    ps.expect_count(sums, HEIGHT, "escape_rows returned {got} sums for {want} rows", fatal=False)
    ps.report([len(sums), sum(sums), ps.fingerprint(sums)], seconds)


if __name__ == "__main__":
    main()
