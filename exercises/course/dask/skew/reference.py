"""Reference solution for dask/skew: `Bag.foldby` with a combine step. Every
partition folds its own records into a small table {key: (count, total)}
on its worker, scoring each record where it lies; only those tables travel
and are combined. The hot key's records are scored in every partition, by
every worker, instead of all in one task."""


def key_totals(client, records, score):
    def add(acc, record):
        count, total = acc
        return count + 1, total + score(record[1])

    def combine(a, b):
        return a[0] + b[0], a[1] + b[1]

    return dict(
        records.foldby(lambda record: record[0], add, (0, 0), combine, (0, 0)).compute()
    )
