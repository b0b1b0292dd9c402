"""Reference solution for threading/ledger: the threads of the starter, and
one lock around every read-and-write of a balance. The fee is computed
before the lock is taken: it touches nothing shared, and hashing under the
lock would make the threads queue for it."""

import hashlib
import threading


def fee(memo):
    """The bank's fee for a posting, from 0 to 9: a digest of its memo."""
    return hashlib.sha256(memo).digest()[0] % 10


def post(balances, lock, postings):
    for account, amount, memo in postings:
        charge = fee(memo)
        with lock:
            balances[account] += amount - charge


def settle(balances, postings, workers):
    lock = threading.Lock()
    size = -(-len(postings) // workers)  # rounded up: the last share is short
    threads = [
        threading.Thread(target=post, args=(balances, lock, postings[start:start + size]))
        for start in range(0, len(postings), size)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
