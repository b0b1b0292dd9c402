"""Serial baseline for multiprocessing/centre-pool: one loop over every atom
in the parent, no worker processes."""

import math

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


def centre(seed, atoms, workers):
    wx, wy, wz, mass = sums(seed, 0, atoms)
    return wx / mass, wy / mass, wz / mass
