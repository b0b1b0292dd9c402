"""The course-owned half of every Python exercise.

A harness (one per exercise, ``exercises/course/<module>/<name>/harness.py``)
loads the learner's file with :func:`solution`, builds the seeded input, asks
how many workers to use with :func:`workers`, times the learner's kernel with
:func:`time` (or :func:`mpi_time` between barriers) and prints the outcome with
:func:`report` (or :func:`mpi_report`, rank 0 only). The learner's file never
calls into the clock or the report, so it cannot grade itself.

This is the Python port of the Rust ``parlab-support`` crate and speaks the
same protocol to the workbench (see ``exercises/course/README.md``):

- The workbench hands every run a fresh key on standard input, through a pipe
  it owns, and names that pipe in ``PARLAB_KEY_PIPE`` (its inode, or ``any``
  under an MPI launcher). The key is read when this module is first imported,
  before the harness loads any of the learner's code, so a learner's process
  that reads standard input finds nothing. Child processes (multiprocessing's
  spawn and forkserver children import this module again) never read it.
- The one result line is ``@@parlab-result <json> <signature>``, the signature
  being the HMAC-SHA-256 of the JSON under the key, or ``unsigned``.
- Guards: a report from inside the timed kernel, from another thread than the
  one that timed it, from another process than the harness's, or a second
  report, is signed with the reason in a ``tampered`` field, and the
  workbench rejects the run.

Python lets any code in a process reach any object in it, so these guards
only make tampering visible; what holds a verdict is the workbench's own
measurement of the run from outside (wall time and the CPU time of every
process of the run) and the check's own seed. Only the standard library is
used here: a harness's import time is part of every run.
"""

import hashlib
import hmac
import importlib.abc
import importlib.util
import json
import os
import sys
import threading
import time as _time

__all__ = [
    "RESULT_MARKER",
    "SplitMix64",
    "cores",
    "dask_client",
    "expect_count",
    "fingerprint",
    "mpi_report",
    "mpi_time",
    "report",
    "seed",
    "seeds",
    "solution",
    "start_method",
    "time",
    "workers",
]

#: Prefix of the one line on standard output that carries the result.
RESULT_MARKER = "@@parlab-result "

_KEY_PIPE_ENV = "PARLAB_KEY_PIPE"
_SEED_ENV = "PARLAB_SEED"
_WORKERS_ENV = "PARLAB_WORKERS"
_SOLUTION_ENV = "PARLAB_SOLUTION"
#: The address of an existing Dask scheduler to run on (``--dask-scheduler``).
_DASK_ENV = "PARLAB_DASK_SCHEDULER"
#: Set in the environment once the key is taken, so child processes that
#: import this module again do not wait on a pipe that is not theirs.
_TAKEN_ENV = "PARLAB_KEY_TAKEN"
_KEY_PREFIX = b"parlab-key "

# Bound at import, before any learner code runs.
_perf_counter = _time.perf_counter
_os_times = os.times
_getpid = os.getpid
_listdir = os.listdir
_sysconf = os.sysconf
_open = open
_get_ident = threading.get_ident
_write = os.write


def _read_key():
    if os.environ.get(_TAKEN_ENV):
        return None
    os.environ[_TAKEN_ENV] = "1"
    want = os.environ.get(_KEY_PIPE_ENV)
    if not want:
        return None
    if want != "any":
        try:
            if os.readlink("/proc/self/fd/0") != f"pipe:[{want}]":
                return None
        except OSError:
            return None
    line = b""
    try:
        while not line.endswith(b"\n") and len(line) < 512:
            byte = os.read(0, 1)
            if not byte:
                break
            line += byte
    except OSError:
        return None
    line = line.rstrip(b"\n")
    if not line.startswith(_KEY_PREFIX):
        return None
    try:
        key = bytes.fromhex(line[len(_KEY_PREFIX):].decode("ascii"))
    except ValueError:
        return None
    return key if len(key) >= 16 else None


def _make_signer(key):
    if key is None:
        return lambda _text: "unsigned"
    mac = hmac.new(key, digestmod=hashlib.sha256)

    def sign(text):
        m = mac.copy()
        m.update(text.encode("utf-8"))
        return m.hexdigest()

    return sign


_sign = _make_signer(_read_key())
_HARNESS_PID = _getpid()

# Every line reaches the workbench whole and at once: a line buffer writes
# "text\n" in one write, so lines of two MPI ranks or two processes never
# run into each other (unbuffered output writes the text and its newline
# apart), and nothing waits in a buffer when a run is stopped.
# (write_through=False: with PYTHONUNBUFFERED or -u the text layer would
# otherwise hand every write to the file at once.)
for _stream in (sys.stdout, sys.stderr):
    try:
        _stream.reconfigure(line_buffering=True, write_through=False)
    except (AttributeError, ValueError):
        pass


class _Session:
    """What the guards have seen in this process."""

    def __init__(self):
        self.in_kernel = False
        self.timer_thread = None
        self.reports = 0
        self.tampered = None
        self.seed_used = None
        self.kernel_cpu = None
        self.cluster = None

    def tamper(self, why):
        if self.tampered is None:
            self.tampered = why


_session = _Session()


def workers():
    """The number of workers the workbench asked for (``PARLAB_WORKERS``), or
    the number of cores this process may use when run on its own."""
    try:
        n = int(os.environ.get(_WORKERS_ENV, "").strip())
        if n > 0:
            return n
    except ValueError:
        pass
    return cores()


def cores():
    """The number of cores this process may use (its CPU affinity), which
    can be fewer than the machine has."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def seed(default):
    """The seed to draw this run's input from: the one the workbench chose for
    the check, or ``default`` (the seed the manifest's expected value belongs
    to) when it chose none."""
    try:
        chosen = int(os.environ.get(_SEED_ENV, "").strip())
    except ValueError:
        chosen = None
    if chosen is None or not 0 <= chosen < 2**64:
        return default
    _session.seed_used = chosen
    return chosen


def start_method(method):
    """Fixes multiprocessing's start method (``fork``, ``forkserver`` or
    ``spawn``) for this run, so a result never depends on the platform's
    default. Call it at the top of the harness, before loading the
    solution."""
    import multiprocessing

    multiprocessing.set_start_method(method, force=True)


class _SolutionFinder(importlib.abc.MetaPathFinder):
    """Lets ``import solution`` find the learner's file in every process of a
    run, multiprocessing's spawned children included, which unpickle the
    learner's functions by module name."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "solution":
            return None
        file = _solution_path()
        if file is None:
            return None
        return importlib.util.spec_from_file_location("solution", file)


def _solution_path():
    path = os.environ.get(_SOLUTION_ENV)
    if not path and len(sys.argv) > 1:
        path = sys.argv[1]
        os.environ[_SOLUTION_ENV] = os.path.abspath(path)
    return path or None


sys.meta_path.append(_SolutionFinder())


def solution():
    """The learner's module: ``PARLAB_SOLUTION`` (the workbench sets it), or
    the harness's first argument when an author runs it by hand
    (``python harness.py ../../../multiprocessing/squares.py``). It is
    imported as the module ``solution``, in every process of the run."""
    if _solution_path() is None:
        raise SystemExit(
            "no solution to run: set PARLAB_SOLUTION or pass the file as the first argument"
        )
    import importlib

    return importlib.import_module("solution")


def _cpu_seconds():
    """CPU time of this process, the children it waited for, and every
    process below it that is still running (a Dask cluster's nannies and
    workers, a pool's workers): with their own children that they waited
    for. A process that was running at the start and has been waited for
    since counts in full at the end and in part at the start, so the
    difference is what it used in between."""
    t = _os_times()
    return t.user + t.system + t.children_user + t.children_system + _descendants_cpu()


def _descendants_cpu():
    """CPU seconds of the live processes below this one, from /proc (0 where
    there is none)."""
    try:
        names = _listdir("/proc")
        tick = _sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return 0.0
    parent, cpu = {}, {}
    for name in names:
        if not name.isdigit():
            continue
        try:
            with _open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            pid = int(name)
            parent[pid] = int(fields[1])
            # utime, stime, and cutime, cstime: its waited-for children.
            cpu[pid] = sum(int(x) for x in fields[11:15]) / tick
        except (OSError, ValueError, IndexError):
            continue
    me = _getpid()
    below = {me: True}

    def is_below(pid):
        path = []
        while pid not in below:
            path.append(pid)
            pid = parent.get(pid, 0)
            if pid <= 1:
                for p in path:
                    below[p] = False
                return False
        answer = below[pid]
        for p in path:
            below[p] = answer
        return answer

    return sum(c for pid, c in cpu.items() if pid != me and is_below(pid))


def time(kernel):
    """Runs ``kernel()`` once and returns ``(value, seconds)``: its value and
    the wall time. The CPU time it used (this process and every process
    below it) is kept for :func:`report`."""
    _enter_kernel()
    cpu_before = _cpu_seconds()
    start = _perf_counter()
    try:
        value = kernel()
    finally:
        seconds = _perf_counter() - start
        _session.in_kernel = False
    _session.kernel_cpu = _cpu_seconds() - cpu_before
    return value, seconds


def _enter_kernel():
    if _session.in_kernel:
        _session.tamper("the clock was started again inside the timed kernel")
    _session.in_kernel = True
    me = _get_ident()
    if _session.timer_thread is not None and _session.timer_thread != me:
        _session.tamper("the clock was started on a second thread")
    _session.timer_thread = me


def _admit_report():
    if _session.in_kernel:
        _session.tamper("the result was reported from inside the timed kernel")
    if _session.timer_thread is not None and _session.timer_thread != _get_ident():
        _session.tamper("the result was reported from a thread other than the harness's")
    if _getpid() != _HARNESS_PID:
        _session.tamper("the result was reported from a process other than the harness's")
    _session.reports += 1
    if _session.reports > 1:
        _session.tamper("the result was reported a second time")


def report(result, seconds):
    """Prints the result line that the workbench grades: the JSON, then its
    signature. Call it once, after :func:`time`, on the thread that called
    it. ``result`` must be JSON: numbers, strings, lists and dicts (convert
    numpy values with ``float()``, ``int()`` or ``.tolist()`` first)."""
    _admit_report()
    line = {"result": result, "seconds": float(seconds), "workers": workers()}
    if _session.kernel_cpu is not None:
        line["cpu_seconds"] = float(_session.kernel_cpu)
    if _session.seed_used is not None:
        line["seed"] = str(_session.seed_used)
    if _session.cluster is not None:
        line["cluster"] = _session.cluster
    if _session.tampered is not None:
        line["tampered"] = _session.tampered
    text = json.dumps(line, separators=(",", ":"), allow_nan=False)
    sys.stdout.flush()
    _write(1, f"{RESULT_MARKER}{text} {_sign(text)}\n".encode("utf-8"))


def mpi_time(comm, kernel):
    """Runs ``kernel()`` on every rank of ``comm`` between two barriers and
    returns ``(value, seconds)`` (measured on each rank). The CPU time of
    every rank is added up on rank 0, and tampering that any rank saw reaches
    rank 0, for :func:`mpi_report`."""
    from mpi4py import MPI

    comm.Barrier()
    _enter_kernel()
    cpu_before = _cpu_seconds()
    start = _perf_counter()
    try:
        value = kernel()
        comm.Barrier()
    finally:
        seconds = _perf_counter() - start
        _session.in_kernel = False
    cpu = _cpu_seconds() - cpu_before
    total = comm.reduce(cpu, op=MPI.SUM, root=0)
    mine = 1 if _session.tampered is not None else 0
    anyone = comm.reduce(mine, op=MPI.MAX, root=0)
    if comm.Get_rank() == 0:
        _session.kernel_cpu = total
        if anyone > mine:
            _session.tamper("another rank's guards were tripped")
    return value, seconds


def mpi_report(comm, result, seconds):
    """Rank 0 prints the result line; other ranks do nothing, so a harness
    may call it on every rank."""
    if comm.Get_rank() == 0:
        report(result, seconds)


def _upload_solution(client):
    """Sends the learner's file to the cluster's scheduler and workers as the
    module ``solution``: the learner's functions are pickled by reference to
    it, and a cluster of its own cannot import a module of this run."""
    import shutil
    import tempfile

    path = _solution_path()
    if path is None:
        return
    folder = tempfile.mkdtemp(prefix="parlab-dask-")
    copy = os.path.join(folder, "solution.py")
    shutil.copyfile(path, copy)
    client.upload_file(copy)



def _counted(n, noun):
    """`n` with its noun, singular for one: "1 worker", "2 workers"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

def dask_client(workers=None, memory_limit=None):
    """A ``dask.distributed`` client for this run, made before the clock
    starts: on the scheduler at ``PARLAB_DASK_SCHEDULER`` when the workbench
    names one (``parlab check ID --dask-scheduler ADDRESS``), else on a
    ``LocalCluster`` of ``workers`` processes (default :func:`workers`), one
    thread each, its status server on any free port. ``memory_limit`` (bytes, or a string
    such as ``"300MiB"``) caps each local worker: past it the worker's nanny
    restarts the worker, and a task that keeps the worker over it fails. An
    existing cluster keeps its own limits. The result line names the
    cluster. The cluster and the client close when the harness exits."""
    import atexit

    from dask.distributed import Client, LocalCluster

    address = os.environ.get(_DASK_ENV, "").strip()
    if address:
        client = Client(address, timeout="30s")
        _upload_solution(client)
        found = client.scheduler_info().get("workers", {})
        hosts = sorted({info.get("host", "?") for info in found.values()})
        threads = sum(info.get("nthreads", 0) for info in found.values())
        _session.cluster = (
            f"{address}: {_counted(len(found), 'worker')}, "
            f"{_counted(threads, 'thread')}, on {', '.join(hosts)}"
        )
    else:
        n = workers or globals()["workers"]()
        cluster = LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: no clash with another cluster
            memory_limit=memory_limit if memory_limit is not None else "auto",
        )
        client = Client(cluster)
        atexit.register(cluster.close)
        _session.cluster = f"local: {n} worker process(es), 1 thread each" + (
            f", memory limit {memory_limit} each" if memory_limit is not None else ""
        )
    atexit.register(client.close)
    return client


class SplitMix64:
    """The course's seeded generator (SplitMix64), the same stream as the
    Rust support crate's, so an input is the same on every machine."""

    _MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self._MASK

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self._MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self._MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self._MASK
        return z ^ (z >> 31)

    def next_f64(self):
        """A float in [0, 1)."""
        return (self.next_u64() >> 11) / float(1 << 53)

    def below(self, bound):
        """An integer in [0, bound)."""
        return (self.next_u64() * bound) >> 64


def seeds(seed, count):
    """``count`` 64-bit seeds drawn from ``seed`` with :class:`SplitMix64`:
    one per partition or chunk, each made inside its own task."""
    rng = SplitMix64(seed)
    return [rng.next_u64() for _ in range(count)]


def expect_count(values, want, message, fatal=True):
    """``values`` as a list, checked to hold ``want`` items: the learner's
    function must return one result per input. ``message`` names them, with
    ``{got}`` and ``{want}`` for the two counts ("farm returned {got}
    results for {want} tasks"). Where the counts differ, the run ends with
    the message (``fatal``), or the message goes to standard error and the
    list is still returned, so that the report shows what came back."""
    values = list(values)
    if len(values) != want:
        text = message.format(got=len(values), want=want)
        if fatal:
            raise SystemExit(text)
        print(text, file=sys.stderr)
    return values


def fingerprint(words):
    """FNV-1a over 64-bit words, as the Rust support crate's: a cheap,
    order-sensitive fingerprint of a large result, compared exactly."""
    h = 0xCBF29CE484222325
    for word in words:
        for byte in (int(word) & ((1 << 64) - 1)).to_bytes(8, "little"):
            h ^= byte
            h = (h * 0x100000001B3) & ((1 << 64) - 1)
    return f"{h:016x}"
