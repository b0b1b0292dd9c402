"""Harness for threading/hashing. Course-owned: the learner does not edit
this file.

113 blocks (a prime, so no worker count splits them evenly) of 2 to 3 MiB
each, some 280 MiB in all, drawn from the seed before the clock starts: each
block repeats a random 64 KiB pattern and ends at a random length. The
learner's `digests` returns the SHA3-256 digest of every block, in block
order; the harness reports one fingerprint of the first eight bytes of every
digest.

SHA3-256 runs at some 350 MB/s on one core and has no special instructions on
common processors, so the serial loop takes most of a second everywhere.
hashlib lets go of the GIL while it hashes a buffer of 2 KiB or more, and
holds it for smaller ones, so threads that feed it whole blocks (or large
pieces) hash on every core at once, and threads that feed it 1 KiB pieces
take turns.
"""
import random

import parlab_support as ps

solution = ps.solution()

SEED = 0x4841_5348_4553
BLOCKS = 113
PATTERN = 64 * 1024


def make_blocks(seed):
    rng = ps.SplitMix64(seed)
    blocks = []
    for _ in range(BLOCKS):
        size = (2 << 20) + rng.below(1 << 20)
        pattern = random.Random(rng.next_u64()).randbytes(PATTERN)
        blocks.append((pattern * (size // PATTERN + 1))[:size])
    return blocks


def main():
    blocks = make_blocks(ps.seed(SEED))
    workers = ps.workers()
    digests, seconds = ps.time(lambda: solution.digests(blocks, workers))
    digests = ps.expect_count(digests, len(blocks),
                              "digests returned {got} digests for {want} blocks")
    ps.report(ps.fingerprint(int.from_bytes(bytes(d[:8]), "little") for d in digests), seconds)


if __name__ == "__main__":
    main()
