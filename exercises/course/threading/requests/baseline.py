"""Serial baseline for threading/requests: one request after another, each
waited for before the next is sent."""


def fetch_all(requests, fetch, workers):
    return [fetch(request) for request in requests]
