//! # threads/pipeline: a pool of workers inside a channel pipeline
//!
//! `checksum` is a pipeline of three stages joined by channels
//! (`std::sync::mpsc`). The reader sends every job with its index, the worker
//! runs the expensive `work` on it and sends back `(index, result)`, and the
//! collector folds the results into one checksum with `combine`.
//!
//! Only the middle stage does real work, and it runs on one thread, so the
//! pipeline is no faster than a plain loop. Run that stage on `workers`
//! threads that all take jobs from the same queue. A `Receiver` cannot be
//! cloned, so share one behind a `Mutex`; every worker gets its own clone of
//! the result `Sender`.
//!
//! `combine` depends on order, and with several workers the results reach the
//! collector out of order. If you fold them as they arrive, the checksum
//! changes from run to run and with the worker count, and parlab reports a
//! race. Hold on to each result that arrives early until every result before
//! it has been folded, so the results are folded in input order.
//!
//! Check it with `parlab check threads/pipeline`; ask for a hint with
//! `parlab hint threads/pipeline`.

use std::sync::mpsc;
use std::thread;

/// The expensive stage: hundreds of thousands of rounds of an integer mix.
/// The number of rounds depends on the job, so some jobs take up to twice as
/// long as others.
fn work(job: u64) -> u64 {
    let rounds = 200_000 + job % 200_000;
    let mut x = job;
    for _ in 0..rounds {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 29;
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    }
    x
}

/// Folds one result into the checksum. The same results in another order give
/// another checksum.
fn combine(checksum: u64, result: u64) -> u64 {
    (checksum.rotate_left(5) ^ result).wrapping_mul(0x0000_0100_0000_01b3)
}

pub fn checksum(jobs: &[u64], workers: usize) -> u64 {
    let _ = workers; // TODO: run the work stage on `workers` threads.
    let (job_tx, job_rx) = mpsc::channel::<(usize, u64)>();
    let (result_tx, result_rx) = mpsc::channel::<(usize, u64)>();
    thread::scope(|s| {
        // Stage 1: read the jobs.
        s.spawn(move || {
            for (index, &job) in jobs.iter().enumerate() {
                job_tx.send((index, job)).unwrap();
            }
        });
        // Stage 2: the expensive work, on a single thread.
        s.spawn(move || {
            for (index, job) in job_rx {
                result_tx.send((index, work(job))).unwrap();
            }
        });
        // Stage 3: combine. With one worker, results arrive in input order.
        let mut checksum = 0;
        for (_index, result) in result_rx {
            checksum = combine(checksum, result);
        }
        checksum
    })
}
