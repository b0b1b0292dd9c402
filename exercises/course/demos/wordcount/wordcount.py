"""The word-count demo: one word count of the same text files, in plain
Python, on a Dask cluster of local worker processes, and on PySpark in local
mode.

Usage: python wordcount.py serial|dask|spark|spark-dataframe WORKERS

The text (24 files, about 16 million words drawn from a skewed vocabulary)
is written once to the system's temporary folder and reused. Each engine
starts before the clock and runs the same job on one file first, so the
figures are the count itself: reading the files, splitting lines into words, counting each
word, and bringing the counts back. Prints one note and the result line
parlab reads (the result is the number of distinct words and the total, the
same for every engine).
"""

import collections
import json
import os
import sys
import tempfile
import time

FILES = 24
LINES_PER_FILE = 60_000
WORDS_PER_LINE = 11
VOCABULARY = 50_000
SEED = 0x5750_5244


def corpus():
    """The text files, made on first use (a few seconds, off the clock)."""
    import numpy as np

    folder = os.path.join(
        tempfile.gettempdir(), f"parlab-wordcount-{FILES}x{LINES_PER_FILE}x{WORDS_PER_LINE}"
    )
    paths = [os.path.join(folder, f"part-{i:03}.txt") for i in range(FILES)]
    if all(os.path.exists(p) for p in paths):
        return paths
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(SEED)
    letters = np.array(list("etaoinshrdlucmfwypvbgkjqxz"))
    # Words of 2 to 9 letters; word k is drawn with weight 1/(k+10): a few
    # words are very common, most are rare, as in real text.
    lengths = rng.integers(2, 10, VOCABULARY)
    words = np.array(["".join(rng.choice(letters, n)) for n in lengths])
    weights = 1.0 / (np.arange(VOCABULARY) + 10.0)
    weights /= weights.sum()
    for path in paths:
        picks = words[rng.choice(VOCABULARY, (LINES_PER_FILE, WORDS_PER_LINE), p=weights)]
        text = "\n".join(" ".join(row) for row in picks) + "\n"
        part = path + f".{os.getpid()}.tmp"
        with open(part, "w") as f:
            f.write(text)
        os.replace(part, path)
    return paths


def serial(paths, workers):
    counts = collections.Counter()
    for path in paths:
        with open(path) as f:
            for line in f:
                counts.update(line.split())
    return counts


def count_lines(lines):
    counts = collections.Counter()
    for line in lines:
        counts.update(line.split())
    return [counts]


def merge(counters):
    total = collections.Counter()
    for c in counters:
        total.update(c)
    return total


def cpu_seconds():
    """CPU time of this process and every process below it (the cluster's
    workers, Spark's JVM and its Python workers), where psutil is here."""
    try:
        import psutil
    except ImportError:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system
    me = psutil.Process()
    total = 0.0
    for p in [me, *me.children(recursive=True)]:
        try:
            c = p.cpu_times()
            total += c.user + c.system
        except psutil.Error:
            pass
    return total


def dask_engine(workers):
    from dask.distributed import Client, LocalCluster
    import dask.bag as db

    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    client = Client(cluster)

    def count(paths):
        # A Counter per partition, then the Counters merged: the combine step
        # Spark's reduceByKey also takes on each partition before a shuffle.
        lines = db.read_text(paths)
        return dict(lines.map_partitions(count_lines).reduction(merge, merge).compute())

    def close():
        client.close()
        cluster.close()

    return count, close


def spark_engine(workers, dataframes=False):
    from pyspark.sql import SparkSession, functions as F

    spark = (
        SparkSession.builder.master(f"local[{workers}]")
        .appName("parlab word count")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    sc = spark.sparkContext

    def count_rdd(paths):
        # Every line goes through a Python worker process: Spark's RDD API
        # runs Python functions outside the JVM.
        lines = sc.textFile(",".join(paths), minPartitions=len(paths))
        pairs = lines.flatMap(str.split).map(lambda w: (w, 1))
        return dict(pairs.reduceByKey(lambda a, b: a + b).collect())

    def count_frames(paths):
        # Built-in column functions: the whole count stays in the JVM.
        words = spark.read.text(paths).select(
            F.explode(F.split(F.col("value"), " ")).alias("word")
        )
        rows = words.where(F.col("word") != "").groupBy("word").count().collect()
        return {row["word"]: row["count"] for row in rows}

    return (count_frames if dataframes else count_rdd), spark.stop


def plural(n, one, many):
    return f"{n} {one if n == 1 else many}"


def main():
    mode, workers = sys.argv[1], int(sys.argv[2])
    paths = corpus()
    if mode == "serial":
        count, close = (lambda p: serial(p, workers)), (lambda: None)
        print(f"Python {sys.version.split()[0]}, one process")
    elif mode == "dask":
        import dask

        count, close = dask_engine(workers)
        print(f"Dask {dask.__version__}: a local cluster of {plural(workers, 'worker process', 'worker processes')}, one thread each")
    elif mode in ("spark", "spark-dataframe"):
        import pyspark

        frames = mode == "spark-dataframe"
        count, close = spark_engine(workers, frames)
        how = "DataFrame functions in the JVM" if frames else "Python functions in a Python worker per task"
        print(f"PySpark {pyspark.__version__}: local[{workers}], one JVM with {plural(workers, 'task thread', 'task threads')}; {how}")
    else:
        raise SystemExit(f"unknown mode {mode!r}: serial, dask, spark or spark-dataframe")
    count(paths[:1])  # the warm-up: the same job on one file, off the clock
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    counts = count(paths)
    seconds = time.perf_counter() - t0
    cpu = cpu_seconds() - cpu0
    close()
    result = f"{len(counts)} distinct words, {sum(counts.values())} in all"
    line = {"result": result, "seconds": seconds, "workers": workers, "cpu_seconds": cpu}
    print("@@parlab-result " + json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
