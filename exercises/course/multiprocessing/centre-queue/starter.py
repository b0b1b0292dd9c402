"""# multiprocessing/centre-queue: the centre of a molecule, with Process and Queue

The same molecule as in `multiprocessing/centre-pool`, without a Pool: the
centre (of mass) is `sum(m * x) / sum(m)`, and likewise for y and z;
`atom(seed, i)` makes atom `i` from the seed and the index alone, and
`sums(seed, start, end)` adds up one index range.

`centre` below gives every worker process one range, leftover included; each
worker puts its partial sums on a `multiprocessing.Queue`, and the parent
adds them up and divides once. The answer is right, but it takes as long as
one process doing everything: look at when each worker starts and when the
parent waits for it. Make the workers run at the same time.

Check it with `parlab check multiprocessing/centre-queue`; ask for a hint with
`parlab hint multiprocessing/centre-queue`.
"""

import math
import multiprocessing as mp

#: The molecule's elements, by how often they occur: hydrogen, carbon,
#: nitrogen, oxygen, sulfur (masses in daltons).
MASSES = (1.008, 1.008, 1.008, 12.011, 12.011, 14.007, 15.999, 32.06)
MASK = (1 << 64) - 1


def mix(z):
    """Scrambles a 64-bit integer (the finaliser of SplitMix64)."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def atom(seed, i):
    """Atom `i` of the molecule made from `seed`, as (x, y, z, mass): a long
    coiled chain. It depends on nothing else, so any process can make any
    atom."""
    h = mix(seed ^ ((i * 0x9E3779B97F4A7C15) & MASK))
    t = i * 0.01
    r = 10.0 + (mix(h ^ 1) >> 11) * 2.0**-53
    return (3.0 + r * math.cos(t),
            -2.0 + r * math.sin(t),
            0.05 * t + (mix(h ^ 2) >> 11) * 2.0**-53,
            MASSES[h >> 61])


def sums(seed, start, end):
    """The mass-weighted sums of x, y and z, and the total mass, of atoms
    `start` to `end - 1`."""
    wx = wy = wz = mass = 0.0
    for i in range(start, end):
        x, y, z, m = atom(seed, i)
        wx += m * x
        wy += m * y
        wz += m * z
        mass += m
    return wx, wy, wz, mass


def worker(w, seed, start, end, results):
    """Runs in worker process `w`: its partial sums go on `results`."""
    results.put((w, sums(seed, start, end)))


def centre(seed, atoms, workers):
    chunk = -(-atoms // workers)  # rounded up: the last range is the short one
    results = mp.Queue()
    parts = [None] * workers
    for w in range(workers):
        start, end = min(w * chunk, atoms), min((w + 1) * chunk, atoms)
        p = mp.Process(target=worker, args=(w, seed, start, end, results))
        p.start()
        p.join()
        i, part = results.get()
        parts[i] = part
    wx = sum(p[0] for p in parts)
    wy = sum(p[1] for p in parts)
    wz = sum(p[2] for p in parts)
    mass = sum(p[3] for p in parts)
    return wx / mass, wy / mass, wz / mass
