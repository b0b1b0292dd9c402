"""# threading/pipeline: producer and consumers on a queue

`pipeline` returns the checksum of every record, in record order. The main
thread is the producer: it puts `(index, record)` pairs on a `queue.Queue`.
`workers` consumer threads take them off, compute `checksum(record)` and
store it at its index. When the records run out, the producer puts the
sentinel `STOP` on the queue to say "no more work", and waits for the
consumers with `join()`.

With one consumer this works. With two or more it never ends: look at how
many consumers can take the one `STOP` off the queue, and what the others
are doing while the producer waits to join them. parlab stops the program
at the time limit and reports a timeout.

Make every consumer end once the records run out, and keep the checksums in
record order.

Check it with `parlab check threading/pipeline`; ask for a hint with
`parlab hint threading/pipeline`.
"""

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
    tasks = queue.Queue(maxsize=4 * workers)
    results = [None] * len(records)
    consumers = [threading.Thread(target=consume, args=(tasks, results)) for _ in range(workers)]
    for c in consumers:
        c.start()
    for task in enumerate(records):
        tasks.put(task)
    tasks.put(STOP)  # no more records
    for c in consumers:
        c.join()
    return results
