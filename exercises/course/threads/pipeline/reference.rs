//! Reference solution for threads/pipeline: `workers` threads take jobs from
//! one receiver shared behind a `Mutex`, each with its own clone of the result
//! sender, and the collector keeps early results in a `BTreeMap` until their
//! turn, so they are folded in input order.

use std::collections::BTreeMap;
use std::sync::{Mutex, mpsc};
use std::thread;

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

fn combine(checksum: u64, result: u64) -> u64 {
    (checksum.rotate_left(5) ^ result).wrapping_mul(0x0000_0100_0000_01b3)
}

pub fn checksum(jobs: &[u64], workers: usize) -> u64 {
    let (job_tx, job_rx) = mpsc::channel::<(usize, u64)>();
    let (result_tx, result_rx) = mpsc::channel::<(usize, u64)>();
    let job_rx = Mutex::new(job_rx);
    thread::scope(|s| {
        s.spawn(move || {
            for (index, &job) in jobs.iter().enumerate() {
                job_tx.send((index, job)).unwrap();
            }
        });
        for _ in 0..workers.max(1) {
            let job_rx = &job_rx;
            let result_tx = result_tx.clone();
            s.spawn(move || {
                loop {
                    // The guard is a temporary, dropped at the end of this
                    // statement: the lock is held only while taking a job.
                    let message = job_rx.lock().unwrap().recv();
                    let Ok((index, job)) = message else { break };
                    result_tx.send((index, work(job))).unwrap();
                }
            });
        }
        // Only the workers' clones may keep the result channel open.
        drop(result_tx);
        let mut early = BTreeMap::new();
        let mut next = 0;
        let mut checksum = 0;
        for (index, result) in result_rx {
            early.insert(index, result);
            while let Some(result) = early.remove(&next) {
                checksum = combine(checksum, result);
                next += 1;
            }
        }
        checksum
    })
}
