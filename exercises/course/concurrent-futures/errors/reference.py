"""Reference solution for concurrent-futures/errors: one future per record;
each future's result() is taken in its own try block, so a record that
raised becomes (class name, message) and the others are kept. A raise in a
worker process travels back pickled and is raised again by result()."""

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
        futures = [executor.submit(parse_order, record) for record in records]
        results = []
        for future in futures:
            try:
                results.append(future.result())
            except Exception as e:
                results.append((type(e).__name__, str(e)))
        return results
