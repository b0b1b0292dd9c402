"""Harness for concurrent-futures/errors. Course-owned: the learner does not
edit this file.

307 order records (a prime), each one line of text `id;quantity;price;check`,
drawn from the seed. About one in eight is bad in one of four ways: a
quantity that is not a number (int() raises its own ValueError), a quantity
of zero or less, a check digit that does not match, or a missing field. The
learner's file has `parse_order`, which returns an order's total in cents or
raises ValueError; `parse_all` must run it on every record in an executor
and return, in record order, the total or `(class name, message)` of the
exception.

The bad records are spread over the whole list and the first one is drawn
among the first twenty, so code that stops at the first exception loses
most of the results whatever the seed. The report is the number of results,
a fingerprint of the good totals with their indices, the number of errors,
the first three of them as `index: class: message` (for a learner to read in
a wrong answer) and a digest of them all.
Nothing is timed against a baseline: the point is correctness.
"""
import hashlib

import parlab_support as ps

ps.start_method("fork")
solution = ps.solution()

SEED = 0x4552_524F_5253
RECORDS = 307


def check_digit(order_id, quantity, price):
    return (order_id * 7 + quantity * 3 + price) % 10


def make_records(seed):
    rng = ps.SplitMix64(seed)
    records = []
    first_bad = 3 + rng.below(17)
    for i in range(RECORDS):
        order_id = 10_000 + 37 * i + rng.below(37)
        quantity = 1 + rng.below(40)
        price = 50 + rng.below(20_000)
        check = check_digit(order_id, quantity, price)
        fields = [str(order_id), str(quantity), str(price), str(check)]
        bad = i == first_bad or (i > first_bad and rng.below(8) == 0)
        if bad:
            kind = rng.below(4)
            if kind == 0:
                fields[1] = fields[1] + "x"           # not a number
            elif kind == 1:
                fields[1] = str(-rng.below(3))        # zero or negative
            elif kind == 2:
                fields[3] = str((check + 1 + rng.below(9)) % 10)
            else:
                del fields[2]                         # a field missing
        records.append(";".join(fields))
    return records


def describe(results):
    """[results, good ones, fingerprint of their (index, total) pairs, errors,
    the first three errors, a digest of all the errors]."""
    words = []
    errors = []
    for i, r in enumerate(results):
        if isinstance(r, (tuple, list)) and len(r) == 2 and all(isinstance(p, str) for p in r):
            errors.append(f"{i}: {r[0]}: {r[1]}")
        elif isinstance(r, int) and not isinstance(r, bool):
            words.extend([i, r])
        else:
            errors.append(f"{i}: not a total nor (class name, message): {r!r:.60}")
    digest = hashlib.sha256("\n".join(errors).encode("utf-8")).hexdigest()[:16]
    return [len(results), len(words) // 2, ps.fingerprint(words), len(errors), errors[:3], digest]


def main():
    records = make_records(ps.seed(SEED))
    workers = ps.workers()
    results, seconds = ps.time(lambda: solution.parse_all(records, workers))
    results = ps.expect_count(results, len(records),
                              "parse_all returned {got} results for {want} records", fatal=False)
    ps.report(describe(results), seconds)


if __name__ == "__main__":
    main()
