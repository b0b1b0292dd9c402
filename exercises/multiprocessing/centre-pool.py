"""# multiprocessing/centre-pool: the centre of a molecule, with a Pool

A molecule of `atoms` atoms, each with a position and a mass. Its centre (of
mass) is the mass-weighted mean position: `sum(m * x) / sum(m)`, and likewise
for y and z.

The molecule is never stored: `atom(seed, i)` makes atom `i` from the seed and
the index alone, and `sums(seed, start, end)` adds up the atoms of one index
range. So a worker needs only three small numbers to know its share, and only
those are pickled on the way to it.

`centre` below already cuts the atoms into one range per worker and maps
`range_sums` over the ranges with a `multiprocessing.Pool`, then adds the
partial sums and divides once. It is fast, but its answer is wrong. Find the
atoms it loses and fix the split.

Check it with `parlab check multiprocessing/centre-pool`; ask for a hint with
`parlab hint multiprocessing/centre-pool`.
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


def range_sums(task):
    """Runs in a worker: the sums of one (seed, start, end) range."""
    seed, start, end = task
    return sums(seed, start, end)


def centre(seed, atoms, workers):
    chunk = atoms // workers
    tasks = [(seed, w * chunk, (w + 1) * chunk) for w in range(workers)]
    with mp.Pool(workers) as pool:
        parts = pool.map(range_sums, tasks)
    wx = sum(p[0] for p in parts)
    wy = sum(p[1] for p in parts)
    wz = sum(p[2] for p in parts)
    mass = sum(p[3] for p in parts)
    return wx / mass, wy / mass, wz / mass
