"""Serial baseline for concurrent-futures/stages: stage A then stage B of
every item in turn, on one thread."""

import hashlib


def stage_a(key, rounds):
    """Stage A: the key, stretched. hashlib lets go of the GIL meanwhile."""
    return hashlib.pbkdf2_hmac("sha256", key, b"stage A", rounds)


def stage_b(digest, rounds):
    """Stage B: stage A's digest, stretched again with another salt."""
    return hashlib.pbkdf2_hmac("sha256", digest, b"stage B", rounds)


def run_stages(items, workers):
    return [stage_b(stage_a(key, rounds_a), rounds_b) for key, rounds_a, rounds_b in items]
