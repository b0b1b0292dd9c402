"""Harness for threading/ledger. Course-owned: the learner does not edit this
file.

Seven accounts with opening balances, and 30 011 postings (a prime) drawn from
the seed: each names an account, an amount, and a memo of 4 KiB (one of 61
memos, shared). The learner's `settle` applies every posting to the shared
list of balances, less the posting's fee, on `workers` threads; the harness
reports the balances that result.

The fee is a digest of the memo, and hashlib lets go of the GIL while it
hashes 4 KiB, so a thread that reads a balance, computes the fee and then
writes the balance back is nearly always interrupted in the middle by another
thread doing the same to the same account (one in seven): its write then
wipes out the other's. Without a lock thousands of postings are lost, with 2
and with 3 workers, every run. The result is an exact list of integers, the
same for any order of the postings.
"""
import random

import parlab_support as ps

solution = ps.solution()

SEED = 0x4C45_4447_4552
ACCOUNTS = 7
POSTINGS = 30_011
MEMOS = 61
MEMO_BYTES = 4096


def make_ledger(seed):
    rng = ps.SplitMix64(seed)
    balances = [10_000 + rng.below(90_000) for _ in range(ACCOUNTS)]
    memos = [random.Random(rng.next_u64()).randbytes(MEMO_BYTES) for _ in range(MEMOS)]
    postings = [
        (rng.below(ACCOUNTS), rng.below(1_500) - 500, memos[rng.below(MEMOS)])
        for _ in range(POSTINGS)
    ]
    return balances, postings


def main():
    balances, postings = make_ledger(ps.seed(SEED))
    workers = ps.workers()
    _, seconds = ps.time(lambda: solution.settle(balances, postings, workers))
    ps.report([int(b) for b in balances], seconds)


if __name__ == "__main__":
    main()
