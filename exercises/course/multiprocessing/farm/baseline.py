"""Serial baseline for multiprocessing/farm: every task in order, in the
parent, no worker processes."""

MASK = (1 << 64) - 1


def work(seed, rounds):
    """One task: `rounds` steps of a 64-bit linear congruential generator,
    about 0.1 microseconds a step."""
    x = seed
    for _ in range(rounds):
        x = (x * 6364136223846793005 + 1442695040888963407) & MASK
    return x


def farm(tasks, workers):
    return [work(seed, rounds) for seed, rounds in tasks]
