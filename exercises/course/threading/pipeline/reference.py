"""Reference solution for threading/pipeline: the main thread produces, on a
bounded queue, `workers` consumer threads each take records until they get
the sentinel, and the producer puts one sentinel per consumer after the last
record. Every consumer then ends, so every join returns. Each checksum goes
to its record's own slot in the results list, so the order the consumers
finish in does not matter."""

import hashlib
import queue
import threading

STOP = None  # the sentinel: "no more records"


def checksum(record):
    """The first eight bytes of the record's SHA-256 digest, as an integer."""
    return int.from_bytes(hashlib.sha256(record).digest()[:8], "little")


def consume(tasks, results):
    while True:
        task = tasks.get()
        if task is STOP:
            return
        i, record = task
        results[i] = checksum(record)


def pipeline(records, workers):
    tasks = queue.Queue(maxsize=4 * workers)  # bounded: the consumers drain it
    results = [None] * len(records)
    consumers = [threading.Thread(target=consume, args=(tasks, results)) for _ in range(workers)]
    for c in consumers:
        c.start()
    for task in enumerate(records):
        tasks.put(task)
    for _ in consumers:
        tasks.put(STOP)  # one sentinel per consumer
    for c in consumers:
        c.join()
    return results
