//! Baseline for futures/pool. Only correctness is graded here, so the
//! baseline is a second correct pool, the plainest one without channels: a
//! queue in a `Mutex` with a `Condvar` to sleep on, and a handle that is a
//! slot with a `Condvar` of its own.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

type Job = Box<dyn FnOnce() + Send + 'static>;

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    closed: bool,
}

#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    ready: Condvar,
}

pub struct Pool {
    shared: Arc<Shared>,
    threads: Vec<thread::JoinHandle<()>>,
}

impl Pool {
    pub fn new(threads: usize) -> Pool {
        let shared = Arc::new(Shared::default());
        let threads = (0..threads.max(1))
            .map(|_| {
                let shared = Arc::clone(&shared);
                thread::Builder::new()
                    .spawn(move || {
                        while let Some(job) = next_job(&shared) {
                            job();
                        }
                    })
                    .expect("could not start a pool thread")
            })
            .collect();
        Pool { shared, threads }
    }

    pub fn submit<T, F>(&self, task: F) -> Handle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let slot = Arc::new(Slot::default());
        let filled = Arc::clone(&slot);
        let job: Job = Box::new(move || {
            let value = task();
            *filled.value.lock().unwrap() = Some(value);
            filled.ready.notify_one();
        });
        self.shared.queue.lock().unwrap().jobs.push_back(job);
        self.shared.ready.notify_one();
        Handle { slot }
    }

    pub fn map<I, T, F>(&self, items: I, f: F) -> Vec<T>
    where
        I: IntoIterator,
        I::Item: Send + 'static,
        F: Fn(I::Item) -> T + Send + Sync + 'static,
        T: Send + 'static,
    {
        let f = Arc::new(f);
        let handles: Vec<Handle<T>> = items
            .into_iter()
            .map(|item| {
                let f = Arc::clone(&f);
                self.submit(move || f(item))
            })
            .collect();
        handles.into_iter().map(Handle::wait).collect()
    }
}

/// The next job, or `None` once the pool is closed and the queue is empty.
fn next_job(shared: &Shared) -> Option<Job> {
    let mut queue = shared.queue.lock().unwrap();
    loop {
        if let Some(job) = queue.jobs.pop_front() {
            return Some(job);
        }
        if queue.closed {
            return None;
        }
        queue = shared.ready.wait(queue).unwrap();
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.shared.queue.lock().unwrap().closed = true;
        self.shared.ready.notify_all();
        for thread in self.threads.drain(..) {
            thread.join().unwrap();
        }
    }
}

struct Slot<T> {
    value: Mutex<Option<T>>,
    ready: Condvar,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot {
            value: Mutex::new(None),
            ready: Condvar::new(),
        }
    }
}

pub struct Handle<T> {
    slot: Arc<Slot<T>>,
}

impl<T> Handle<T> {
    pub fn wait(self) -> T {
        let mut value = self.slot.value.lock().unwrap();
        loop {
            if let Some(value) = value.take() {
                return value;
            }
            value = self.slot.ready.wait(value).unwrap();
        }
    }
}
