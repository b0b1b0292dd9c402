"""Reference solution for concurrent-futures/stages: the caller's thread
submits every stage A, and as each one completes (as_completed) submits that
item's stage B; a dict from future to index keeps the order. No task of the
pool ever waits, so nothing can deadlock, and a stage B can start while
other stage As still run."""

import hashlib
from concurrent.futures import ThreadPoolExecutor, as_completed


def stage_a(key, rounds):
    """Stage A: the key, stretched. hashlib lets go of the GIL meanwhile."""
    return hashlib.pbkdf2_hmac("sha256", key, b"stage A", rounds)


def stage_b(digest, rounds):
    """Stage B: stage A's digest, stretched again with another salt."""
    return hashlib.pbkdf2_hmac("sha256", digest, b"stage B", rounds)


def run_stages(items, workers):
    results = [None] * len(items)
    with ThreadPoolExecutor(max_workers=workers) as executor:
        stage_a_of = {executor.submit(stage_a, key, rounds_a): i
                      for i, (key, rounds_a, _) in enumerate(items)}
        stage_b_of = {}
        for future in as_completed(stage_a_of):
            i = stage_a_of[future]
            rounds_b = items[i][2]
            stage_b_of[executor.submit(stage_b, future.result(), rounds_b)] = i
        for future in as_completed(stage_b_of):
            results[stage_b_of[future]] = future.result()
    return results
