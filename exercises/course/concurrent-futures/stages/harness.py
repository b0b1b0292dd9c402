"""Harness for concurrent-futures/stages. Course-owned: the learner does not
edit this file.

37 items (a prime), each a key and two costs drawn from the seed. Stage A of
an item stretches its key with PBKDF2-HMAC-SHA256 (`hashlib.pbkdf2_hmac`),
stage B stretches A's digest again with a salt of its own, so B of item i
can start only when A of item i is done. A stage costs 20 000 to 80 000
rounds, some 5 to 25 milliseconds; all 74 take the serial loop about a
second here.

hashlib runs PBKDF2 in C and lets go of the GIL while it does, so a
ThreadPoolExecutor of `workers` threads runs that many stages at once on as
many cores. The learner's file runs the stages on such a pool. A stage-A
task that submits its stage B to the same pool and waits for it holds a
thread while waiting; with more items than threads every thread soon waits
for a stage B that no free thread can run, and the program hangs until the
time limit stops it. Everything happens in one process, so stopping it
leaves nothing behind.

The result is the list of final digests in item order, compared through one
fingerprint of their first eight bytes.
"""
import parlab_support as ps

solution = ps.solution()

SEED = 0x5354_4147_4553
ITEMS = 37


def make_items(seed):
    """(key, rounds of stage A, rounds of stage B) for every item."""
    rng = ps.SplitMix64(seed)
    return [
        (rng.next_u64().to_bytes(8, "little"),
         20_000 + rng.below(60_000),
         20_000 + rng.below(60_000))
        for _ in range(ITEMS)
    ]


def main():
    items = make_items(ps.seed(SEED))
    workers = ps.workers()
    digests, seconds = ps.time(lambda: solution.run_stages(items, workers))
    digests = ps.expect_count(digests, len(items),
                              "run_stages returned {got} digests for {want} items", fatal=False)
    words = [int.from_bytes(bytes(d)[:8], "little") for d in digests]
    ps.report([len(words), ps.fingerprint(words)], seconds)


if __name__ == "__main__":
    main()
