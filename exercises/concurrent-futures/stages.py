"""# concurrent-futures/stages: futures that wait on futures

Every item goes through two stages: `stage_a` stretches its key, and
`stage_b` stretches stage A's digest again, so stage B of an item can start
only when stage A of that item is done. `run_stages` returns every item's
final digest, in item order. Both stages run in C (hashlib) and let go of the
GIL, so a `ThreadPoolExecutor` runs as many of them at once as it has
threads.

The code below submits one task per item; the task runs stage A, submits
stage B to the same executor, and waits for it. Try it: it never finishes.
Every thread of the pool ends up inside a stage-A task that waits for a
stage B, and a stage B can only run on a thread of that same pool.

Keep both stages on the pool, but never wait inside a task of the pool: do
the waiting in `run_stages` itself (submit each stage B as its stage A
completes), or chain stage B to stage A with a callback.

Check it with `parlab check concurrent-futures/stages`; ask for a hint with
`parlab hint concurrent-futures/stages`.
"""

import hashlib
from concurrent.futures import ThreadPoolExecutor


def stage_a(key, rounds):
    """Stage A: the key, stretched. hashlib lets go of the GIL meanwhile."""
    return hashlib.pbkdf2_hmac("sha256", key, b"stage A", rounds)


def stage_b(digest, rounds):
    """Stage B: stage A's digest, stretched again with another salt."""
    return hashlib.pbkdf2_hmac("sha256", digest, b"stage B", rounds)


def a_then_b(executor, key, rounds_a, rounds_b):
    """Runs on a pool thread: stage A, then stage B on the same pool."""
    digest = stage_a(key, rounds_a)
    return executor.submit(stage_b, digest, rounds_b).result()


def run_stages(items, workers):
    with ThreadPoolExecutor(max_workers=workers) as executor:
        futures = [executor.submit(a_then_b, executor, key, rounds_a, rounds_b)
                   for key, rounds_a, rounds_b in items]
        return [future.result() for future in futures]
