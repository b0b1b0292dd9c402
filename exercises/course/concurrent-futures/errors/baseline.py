"""Serial baseline for concurrent-futures/errors: every record in turn, in
one process, each in a try block of its own."""


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
    results = []
    for record in records:
        try:
            results.append(parse_order(record))
        except Exception as e:
            results.append((type(e).__name__, str(e)))
    return results
