"""Harness for multiprocessing/farm. Course-owned: the learner does not edit
this file.

241 tasks (a prime, so no worker count splits them evenly), each a seed and a
number of rounds of `work`, a pure-Python loop of about 0.1 microseconds a
round. Most take 15 000 to 30 000 rounds, two or three milliseconds: large
next to a round trip to a pool worker (a tenth of a millisecond or so). Ten
take 900 000 to 1 100 000 rounds, about a tenth of a second each, and all ten
sit at indices that are multiples of 6 below 120. So a split into contiguous
blocks gives them all to the first worker with 2 workers (with 3, to the
first two), and dealing the tasks round-robin (every second or every third
task) gives them all to the first worker with 2 or 3 workers. With 2
workers that worker has some 80% of the work, which caps a static split near
1.2x; handing out tasks one at a time gets close to 2x.
"""
import parlab_support as ps

ps.start_method("fork")
solution = ps.solution()

SEED = 0x4641_524D_5059
TASKS = 241
HEAVY = 10
#: The heavy tasks sit at multiples of HEAVY_STEP below HEAVY_WITHIN.
HEAVY_STEP = 6
HEAVY_WITHIN = 120


def make_tasks(seed):
    rng = ps.SplitMix64(seed)
    tasks = [(rng.next_u64(), 15_000 + rng.below(15_000)) for _ in range(TASKS)]
    placed = 0
    while placed < HEAVY:
        i = HEAVY_STEP * rng.below(HEAVY_WITHIN // HEAVY_STEP)
        task_seed, rounds = tasks[i]
        if rounds < 100_000:
            tasks[i] = (task_seed, 900_000 + rng.below(200_000))
            placed += 1
    return tasks


def main():
    tasks = make_tasks(ps.seed(SEED))
    workers = ps.workers()
    results, seconds = ps.time(lambda: solution.farm(tasks, workers))
    results = ps.expect_count(results, len(tasks), "farm returned {got} results for {want} tasks")
    ps.report(ps.fingerprint(results), seconds)


if __name__ == "__main__":
    main()
