"""Harness for dask/wordcount. Course-owned: the learner does not edit this
file.

The text is a dask.bag of lines in 13 partitions, 6 007 lines each (a prime
count per partition, so nothing splits evenly), every line 40 to 119 words
drawn from a vocabulary of 3 000 made-up words with a Zipf-like law (a few
words are very common, most are rare): about 6.2 million words in all.

Nothing large crosses a process boundary before the clock: the harness draws
one 64-bit seed per partition with SplitMix64, and each partition's lines
are made *inside its task*, from that seed, with numpy's generator. So
reading the text happens inside the timed kernel for every solution, as it
would when a real job reads its files, and it happens on the worker that
then holds the partition. Only numpy runs inside the tasks: a cluster of the
learner's own needs nothing of the course's.

The result is the number of distinct words, the number of words, and a
fingerprint of the (word, count) pairs in word order.
"""
import hashlib

import dask
import dask.bag as db
import numpy as np

import parlab_support as ps

solution = ps.solution()

SEED = 0x574F_5244_434E_54
PARTITIONS = 13
LINES = 6_007
VOCABULARY = 3_000
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "sho", "ven",
             "dri", "pul", "ex", "or", "an", "qui", "zo", "be"]

_words = None


def vocabulary():
    """The made-up words, word i spelled as i's digits in base 16, one
    syllable a digit; made once per process."""
    global _words
    if _words is None:
        words = []
        for i in range(VOCABULARY):
            w, j = "", i
            while True:
                w += SYLLABLES[j % 16]
                j //= 16
                if j == 0:
                    break
            words.append(w)
        _words = np.array(words, dtype=object)
    return _words


def make_lines(part_seed):
    """One partition: LINES lines of words, drawn from `part_seed`."""
    rng = np.random.default_rng(part_seed)
    lengths = rng.integers(40, 120, size=LINES)
    n = int(lengths.sum())
    picks = (rng.zipf(1.3, size=n) - 1) % VOCABULARY
    text = np.empty(2 * n, dtype=object)
    text[0::2] = vocabulary()[picks]
    text[1::2] = " "
    text[2 * np.cumsum(lengths) - 1] = "\n"
    return "".join(text.tolist()).splitlines()


def main():
    seeds = ps.seeds(ps.seed(SEED), PARTITIONS)
    client = ps.dask_client()
    lines = db.from_delayed([dask.delayed(make_lines)(s) for s in seeds])
    counts, seconds = ps.time(lambda: solution.word_counts(client, lines))
    counts = dict(counts)
    pairs = sorted(counts.items())
    digest = [
        int.from_bytes(hashlib.blake2b(f"{w} {c}".encode(), digest_size=8).digest(), "little")
        for w, c in pairs
    ]
    ps.report([len(pairs), int(sum(counts.values())), ps.fingerprint(digest)], seconds)


if __name__ == "__main__":
    main()
