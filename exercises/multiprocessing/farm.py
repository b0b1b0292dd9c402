"""# multiprocessing/farm: a task farm

`farm` runs `work` on every task and returns the results in task order. The
tasks differ a lot in cost: most take two or three milliseconds, a few take
some forty times as long, and those few all sit in the first half.

The code below is correct and already uses a `multiprocessing.Pool`, but it
splits the tasks statically: every worker gets one contiguous block up
front. With 2 workers the first block holds all the costly tasks, so one
worker is still busy long after the other has run out of work.

Make it a farm: hand out the tasks a few at a time (one at a time is fine
here), so that whichever worker is free takes the next one. A worker that
drew a costly task then simply gets fewer tasks, and all finish at about the
same time. Keep the results in task order.

Check it with `parlab check multiprocessing/farm`; ask for a hint with
`parlab hint multiprocessing/farm`.
"""

import multiprocessing as mp

MASK = (1 << 64) - 1


def work(seed, rounds):
    """One task: `rounds` steps of a 64-bit linear congruential generator,
    about 0.1 microseconds a step."""
    x = seed
    for _ in range(rounds):
        x = (x * 6364136223846793005 + 1442695040888963407) & MASK
    return x


def run_block(block):
    """Runs in a worker: every task of one block, in order."""
    return [work(seed, rounds) for seed, rounds in block]


def farm(tasks, workers):
    size = -(-len(tasks) // workers)  # rounded up: the last block is short
    blocks = [tasks[start:start + size] for start in range(0, len(tasks), size)]
    with mp.Pool(workers) as pool:
        done = pool.map(run_block, blocks)
    return [result for block in done for result in block]
