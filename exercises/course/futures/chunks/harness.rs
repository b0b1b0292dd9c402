//! Harness for futures/chunks. Course-owned: the learner does not edit this
//! file. It holds the course's thread pool, the same design as the reference
//! of futures/pool, so every solution pays the same price per task: a boxed
//! closure sent down a channel, a lock to take it, and a one-shot channel
//! for its result.
//!
//! The work is the Collatz step count of each of 3 000 017 numbers from one
//! billion: about a quarter of a microsecond per number, less than one task
//! costs. The serial loop takes about 0.7 s on one core; one task per number
//! takes three to four times longer than that on two cores. The pool is built
//! before the clock starts and dropped after it stops.

#![forbid(unsafe_code)]

#[path = "../../../futures/chunks.rs"]
mod solution;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

const FIRST: u64 = 1_000_000_000;
const COUNT: u64 = 3_000_017;

/// Steps of the Collatz sequence from `FIRST + i` down to 1. Along the way
/// the numbers from this range stay below 2^53, far from overflowing.
pub fn steps(i: u64) -> u64 {
    let mut x = FIRST + i;
    let mut steps = 0;
    while x != 1 {
        x = if x.is_multiple_of(2) {
            x / 2
        } else {
            3 * x + 1
        };
        steps += 1;
    }
    steps
}

type Job = Box<dyn FnOnce() + Send + 'static>;

/// The course's pool: `threads` threads sharing one channel of jobs.
pub struct Pool {
    jobs: Option<mpsc::Sender<Job>>,
    threads: Vec<thread::JoinHandle<()>>,
}

/// The most tasks `map` keeps submitted and not yet waited for, so a long
/// input does not fill memory with a million queued tasks.
const IN_FLIGHT: usize = 1024;

impl Pool {
    pub fn new(threads: usize) -> Pool {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        let threads = (0..threads.max(1))
            .map(|_| {
                let queue = Arc::clone(&queue);
                thread::Builder::new()
                    .spawn(move || {
                        loop {
                            let job = queue.lock().unwrap().recv();
                            match job {
                                Ok(job) => job(),
                                Err(_) => break,
                            }
                        }
                    })
                    .expect("could not start a pool thread")
            })
            .collect();
        Pool {
            jobs: Some(jobs),
            threads,
        }
    }

    /// Queues `task` and returns a handle to its result at once.
    pub fn submit<T, F>(&self, task: F) -> Handle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (result, receiver) = mpsc::sync_channel(1);
        let job: Job = Box::new(move || {
            let _ = result.send(task());
        });
        self.jobs.as_ref().unwrap().send(job).unwrap();
        Handle { receiver }
    }

    /// Runs `f` on every item as its own task and returns the results in
    /// input order. At most `IN_FLIGHT` tasks are queued at a time: past
    /// that, `map` waits for the oldest before it submits the next.
    pub fn map<I, T, F>(&self, items: I, f: F) -> Vec<T>
    where
        I: IntoIterator,
        I::Item: Send + 'static,
        F: Fn(I::Item) -> T + Send + Sync + 'static,
        T: Send + 'static,
    {
        let f = Arc::new(f);
        let mut in_flight = VecDeque::new();
        let mut results = Vec::new();
        for item in items {
            if in_flight.len() == IN_FLIGHT {
                results.extend(in_flight.pop_front().map(Handle::wait));
            }
            let f = Arc::clone(&f);
            in_flight.push_back(self.submit(move || f(item)));
        }
        results.extend(in_flight.into_iter().map(Handle::wait));
        results
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        drop(self.jobs.take());
        for thread in self.threads.drain(..) {
            thread.join().unwrap();
        }
    }
}

/// The future of one submitted task.
pub struct Handle<T> {
    receiver: mpsc::Receiver<T>,
}

impl<T> Handle<T> {
    /// Blocks until the task has run, and returns its result.
    pub fn wait(self) -> T {
        self.receiver.recv().expect("the task panicked")
    }
}

fn main() {
    let workers = parlab_support::workers();
    let pool = Pool::new(workers);
    let (total, seconds) = parlab_support::time(|| solution::total_steps(COUNT, &pool));
    drop(pool);
    parlab_support::report(total, seconds);
}
