"""# threading/requests: many slow requests at once

`fetch_all` sends every request to a slow service with `fetch(request)` and
returns the answers in request order. Each answer takes 8 to 16 ms to come
back, and nearly all of that time is spent waiting: the program uses almost
no CPU while it waits.

The loop below sends one request, waits for its answer, then sends the next,
so the waits add up: 101 requests take more than a second. Send several
requests at once, on threads, so that their waits overlap. A thread that
waits (for a socket, a file, `time.sleep`) lets go of the GIL, so the other
threads run meanwhile, even on one core. Keep the answers in request order.

Check it with `parlab check threading/requests`; ask for a hint with
`parlab hint threading/requests`.
"""


def fetch_all(requests, fetch, workers):
    answers = []
    for request in requests:
        answers.append(fetch(request))
    return answers
