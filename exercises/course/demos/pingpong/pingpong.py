"""The ping-pong demo in Python: ranks 0 and 1 bounce one message back and
forth, for sizes from 8 bytes to 16 MiB, in one of two ways.

- ``buffers``: ``Send``/``Recv`` on a numpy array, which MPI reads and writes
  in place, as the Rust row does.
- ``objects``: ``send``/``recv`` of the same array as a Python object, which
  mpi4py pickles into bytes on one side and unpickles into a new array on the
  other.

Rank 0 prints one line per size: the latency (half a round trip) and the
bandwidth it implies. Each size is bounced a few times first to measure it
roughly, then for about ``BUDGET`` seconds.
"""

import json
import sys
import time

import numpy as np
from mpi4py import MPI

BUDGET = 0.15
WARM_UP = 3
SIZES = [8 << (2 * k) for k in range(11)] + [16 << 20]


def label(size):
    if size >= 1 << 20:
        return f"{size >> 20} MiB"
    if size >= 1 << 10:
        return f"{size >> 10} KiB"
    return f"{size} B"


def bounce(comm, message, rounds, objects):
    rank = comm.Get_rank()
    other = 1 - rank
    for _ in range(rounds):
        if objects:
            if rank == 0:
                comm.send(message, dest=other)
                message = comm.recv(source=other)
            else:
                message = comm.recv(source=other)
                comm.send(message, dest=other)
        elif rank == 0:
            comm.Send(message, dest=other)
            comm.Recv(message, source=other)
        else:
            comm.Recv(message, source=other)
            comm.Send(message, dest=other)


def main():
    objects = len(sys.argv) > 1 and sys.argv[1] == "objects"
    comm = MPI.COMM_WORLD
    rank = comm.Get_rank()
    if comm.Get_size() < 2:
        print("ping-pong needs two ranks; run it with ranks = 2")
        return
    name = "send/recv (pickled objects)" if objects else "Send/Recv (numpy buffers)"
    results = []
    comm.Barrier()
    started = time.perf_counter()
    if rank < 2:
        for size in SIZES:
            message = np.full(size, 0x5A, dtype=np.uint8)
            t = time.perf_counter()
            bounce(comm, message, WARM_UP, objects)
            rough = (time.perf_counter() - t) / WARM_UP
            # Rank 0 picks the count and tells rank 1, so both run as many.
            if rank == 0:
                rounds = int(min(max(BUDGET / max(rough, 1e-9), 4), 200_000))
                comm.send(rounds, dest=1)
            else:
                rounds = comm.recv(source=0)
            t = time.perf_counter()
            bounce(comm, message, rounds, objects)
            results.append((size, (time.perf_counter() - t) / rounds / 2))
    comm.Barrier()
    seconds = time.perf_counter() - started
    if rank == 0:
        for size, half in results:
            micros = half * 1e6
            print(f"{name:<28}{label(size):<9}{micros:>10.2f} µs{size / micros:>12.1f} MB/s")
        line = {"result": len(results), "seconds": seconds, "workers": comm.Get_size()}
        print("@@parlab-result " + json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
