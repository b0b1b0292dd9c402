"""Harness for threading/requests. Course-owned: the learner does not edit
this file.

101 requests (a prime) to a slow service, each a key and a delay of 8 to 16
ms drawn from the seed. The service is `Service.fetch`: it waits the
request's delay with `time.sleep` (which releases the GIL, as a thread
blocked on a socket does) and answers with a number made from the key, so a
program that skips a request or answers in the wrong order gets another
fingerprint. Asked one by one the requests take some 1.2 s, and nearly none
of it is CPU time.

Like many real services, this one serves one client only so many requests
at a time and queues the rest: one and a half per core of this machine (3
on 2 cores). That bounds what overlapping can gain to about that many
times, which keeps the check's speedup within what its workers can explain;
more threads than the service serves at once simply wait their turn.
"""
import threading
import time

import parlab_support as ps

solution = ps.solution()

SEED = 0x5245_5155_4553
REQUESTS = 101
MASK = (1 << 64) - 1


def mix(z):
    """Scrambles a 64-bit integer (the finaliser of SplitMix64)."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


class Service:
    """A slow service that serves at most `limit` requests at a time."""

    def __init__(self, limit):
        self._slots = threading.BoundedSemaphore(limit)

    def fetch(self, request):
        """Answers one request `(key, delay_ms)` after its delay."""
        key, delay_ms = request
        with self._slots:
            time.sleep(delay_ms / 1000)
        return mix(key) >> 16


def make_requests(seed):
    rng = ps.SplitMix64(seed)
    return [(rng.next_u64(), 8 + rng.below(9)) for _ in range(REQUESTS)]


def main():
    requests = make_requests(ps.seed(SEED))
    workers = ps.workers()
    limit = max(1, 3 * min(workers, ps.cores()) // 2)
    fetch = Service(limit).fetch
    answers, seconds = ps.time(lambda: solution.fetch_all(requests, fetch, workers))
    answers = ps.expect_count(answers, len(requests),
                              "fetch_all returned {got} answers for {want} requests")
    ps.report(ps.fingerprint(answers), seconds)


if __name__ == "__main__":
    main()
