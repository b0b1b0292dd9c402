//! Reference solution for futures/io: 64 scoped threads, however many cores
//! there are, each claiming the next request from a shared counter and
//! sending `(id, reply)` down a channel the moment its chain is done. The
//! caller folds the results in the order they complete, as
//! `concurrent.futures.as_completed` hands them out.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

use crate::{Request, Service, combine};

/// Threads for waiting, not for computing: while a thread sleeps on a call
/// its core is free, so the count follows the number of calls worth having
/// in flight, not the number of cores.
const THREADS: usize = 64;

fn resolve(request: &Request, service: &Service) -> u64 {
    let mut key = request.key;
    for _ in 0..request.hops {
        key = service.call(key);
    }
    key
}

pub fn total(requests: &[Request], service: &Service) -> u64 {
    let next = AtomicUsize::new(0);
    let (done, completed) = mpsc::channel::<(u64, u64)>();
    thread::scope(|s| {
        for _ in 0..THREADS.min(requests.len()) {
            let done = done.clone();
            let next = &next;
            s.spawn(move || {
                while let Some(request) = requests.get(next.fetch_add(1, Ordering::Relaxed)) {
                    done.send((request.id, resolve(request, service))).unwrap();
                }
            });
        }
        drop(done); // only the threads' clones keep the channel open
        completed
            .iter()
            .fold(0, |total, (id, reply)| combine(total, id, reply))
    })
}
