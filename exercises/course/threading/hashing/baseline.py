"""Serial baseline for threading/hashing: one block after another, each
hashed whole, on one thread."""

import hashlib


def digests(blocks, workers):
    return [hashlib.sha3_256(block).digest() for block in blocks]
