"""# threading/ledger: lost updates

`settle` applies every posting `(account, amount, memo)` to the list
`balances`, in place: the account's balance grows by `amount` and shrinks by
the posting's fee. `workers` threads share the work, each taking one slice of
the postings, and all of them update the same list.

Run it twice and the balances differ, and neither run is right. `post` reads
a balance, computes the fee, then writes the balance back. Computing the fee
hashes the memo, and hashlib lets go of the GIL while it hashes, so another
thread often runs in between: it reads the same old balance, and whichever
thread writes last wipes out the other's posting. The GIL does not protect
a read and a write that are two steps apart.

Make every read-and-write of a balance happen as one step that no other
thread can cut into, and keep the answer the same for any number of threads.

Check it with `parlab check threading/ledger`; ask for a hint with
`parlab hint threading/ledger`.
"""

import hashlib
import threading


def fee(memo):
    """The bank's fee for a posting, from 0 to 9: a digest of its memo."""
    return hashlib.sha256(memo).digest()[0] % 10


def post(balances, postings):
    for account, amount, memo in postings:
        balance = balances[account]                      # read
        charge = fee(memo)                               # other threads run here
        balances[account] = balance + amount - charge    # write back


def settle(balances, postings, workers):
    size = -(-len(postings) // workers)  # rounded up: the last share is short
    threads = [
        threading.Thread(target=post, args=(balances, postings[start:start + size]))
        for start in range(0, len(postings), size)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
