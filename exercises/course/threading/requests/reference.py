"""Reference solution for threading/requests: a pool of 32 threads, far more
than there are cores, because a thread that waits on the service uses no
core at all. The number of threads that pays off depends on how many
requests the other side serves at once, not on the machine; 32 is more than
this service serves on a small machine, and the spare threads cost only a
little memory while they wait. `pool.map` hands back the answers in request
order."""

from concurrent.futures import ThreadPoolExecutor

THREADS = 32


def fetch_all(requests, fetch, workers):
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(fetch, requests))
