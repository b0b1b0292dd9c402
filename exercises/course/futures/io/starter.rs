//! # futures/io: waiting is not computing
//!
//! `total` answers 160 requests against a remote service (simulated by the
//! harness). A request is a chain of one to three calls: each call is made
//! with the reply to the one before, so the calls of one request must run in
//! order. The calls of different requests are independent.
//!
//! Every call waits on the network for 4 to 200 ms and uses almost no CPU
//! meanwhile. The loop below makes the calls one after another: it is
//! correct, and it waits about 8.3 s in all, when the longest chain alone
//! takes 0.36 s. Make the requests wait at the same time: run them on a pool
//! of 64 threads, whatever the core count (a thread that sleeps on I/O leaves
//! its core free for another), and fold each request's result into the total
//! as it completes, in whatever order they come.
//!
//! `Request`, `Service` and `combine` are the harness's
//! (course/futures/io/harness.rs): `combine(total, id, reply)` folds one
//! request's final reply into the total, and needs the id of the request the
//! reply belongs to.
//!
//! Check it with `parlab check futures/io`; ask for a hint with
//! `parlab hint futures/io`.

use crate::{Request, Service, combine};

/// Follows one request's chain of calls and returns the last reply.
fn resolve(request: &Request, service: &Service) -> u64 {
    let mut key = request.key;
    for _ in 0..request.hops {
        key = service.call(key);
    }
    key
}

pub fn total(requests: &[Request], service: &Service) -> u64 {
    // TODO: run the requests on 64 threads and fold the results as they
    // complete.
    let mut total = 0;
    for request in requests {
        total = combine(total, request.id, resolve(request, service));
    }
    total
}
