"""# dask/skew: a group-by with one hot key

`records` is a `dask.bag` of about ten thousand records `(key, value)` in 17
partitions. Four records in five have the key 0; the rest are spread over
the keys 1 to 300. `key_totals` must return, for every key, the number of
its records and the sum of `score(value)` over them, as a dict
`{key: (count, total)}`. `score` is the costly part: a tenth of a
millisecond per record.

The code below is correct and no faster than one process. `groupby`
shuffles: it moves every record across the cluster so that all the records
of a key end up in one partition, as one list, and only then does anything
score them. The hot key's list holds four fifths of all the records, so
one task scores four fifths of the whole work while the other worker
has little to do; and moving ten thousand records between processes is
not free either.

Do not gather records by key at all. Let every partition fold its own
records into a small table `{key: (count, total)}` on its worker, scoring
them where they lie, and combine the tables: `Bag.foldby(key, binop,
initial, combine, combine_initial)`. Every partition then scores its own
share of the hot key.

Check it with `parlab check dask/skew`; ask for a hint with
`parlab hint dask/skew`.
"""


def key_totals(client, records, score):
    groups = records.groupby(lambda record: record[0])     # a full shuffle

    def summarise(group):
        key, members = group
        return key, (len(members), sum(score(value) for _, value in members))

    return dict(groups.map(summarise).compute())
