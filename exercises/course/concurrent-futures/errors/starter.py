"""# concurrent-futures/errors: keep every answer when some tasks fail

`parse_all` runs `parse_order` on every record in a process pool and returns
one result per record, in record order. Some records are bad, and for them
`parse_order` raises a ValueError.

The code below maps `parse_order` over the records with `executor.map` and
makes a list of the results. At the first bad record the list stops: the
iterator of `map` raises that record's exception, the good results after it
are lost, and so is the whole call.

Return, for every record in order, either its total (an int) or, for a bad
record, the pair `(class name, message)` of its exception, e.g.
`("ValueError", "order 10037: quantity 0 is not positive")`. Keep the
records in the pool; only the handling of the results changes.

Check it with `parlab check concurrent-futures/errors`; ask for a hint with
`parlab hint concurrent-futures/errors`.
"""

import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor


def parse_order(record):
    """One record, `id;quantity;price;check`, to the order's total in cents.
    Raises ValueError when the record is bad."""
    fields = record.split(";")
    if len(fields) != 4:
        raise ValueError(f"{len(fields)} fields in {record!r}, expected 4")
    order_id, quantity, price, check = (int(f) for f in fields)
    if quantity <= 0:
        raise ValueError(f"order {order_id}: quantity {quantity} is not positive")
    if (order_id * 7 + quantity * 3 + price) % 10 != check:
        raise ValueError(f"order {order_id}: check digit {check} does not match")
    return quantity * price


def parse_all(records, workers):
    context = mp.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as executor:
        return list(executor.map(parse_order, records))
