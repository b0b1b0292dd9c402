"""Reference solution for threading/hashing: a pool of `workers` threads, each
hashing whole blocks. hashlib lets go of the GIL while it works on a buffer of
2 KiB or more, so the threads hash at the same time on every core. `map` keeps
the digests in block order."""

import hashlib
from concurrent.futures import ThreadPoolExecutor


def digest(block):
    return hashlib.sha3_256(block).digest()


def digests(blocks, workers):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(digest, blocks))
