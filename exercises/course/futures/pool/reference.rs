//! Reference solution for futures/pool: the threads share one channel of
//! boxed closures behind a `Mutex`, and every handle is the receiving end of
//! a one-shot channel whose sender travels inside the task. Dropping the pool
//! drops the job sender, so every thread's `recv` fails once the queue is
//! empty, and then joins the threads.

use std::sync::{Arc, Mutex, mpsc};
use std::thread;

/// One queued task, its result type erased: the closure sends it itself.
type Job = Box<dyn FnOnce() + Send + 'static>;

pub struct Pool {
    jobs: Option<mpsc::Sender<Job>>,
    threads: Vec<thread::JoinHandle<()>>,
}

impl Pool {
    pub fn new(threads: usize) -> Pool {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        let threads = (0..threads.max(1))
            .map(|i| {
                let queue = Arc::clone(&queue);
                thread::Builder::new()
                    .name(format!("pool-{i}"))
                    .spawn(move || {
                        loop {
                            // The guard is dropped at the end of this statement:
                            // the lock is held while waiting for a job, not while
                            // running it.
                            let job = queue.lock().unwrap().recv();
                            match job {
                                Ok(job) => job(),
                                Err(_) => break, // the pool was dropped and the queue is empty
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

    pub fn submit<T, F>(&self, task: F) -> Handle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (result, receiver) = mpsc::sync_channel(1);
        let job: Job = Box::new(move || {
            // Err only if the handle was dropped: nobody wants the result.
            let _ = result.send(task());
        });
        self.jobs
            .as_ref()
            .expect("the pool is running")
            .send(job)
            .expect("the pool's threads have stopped");
        Handle { receiver }
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
            .collect(); // every task is queued before the first wait
        handles.into_iter().map(Handle::wait).collect()
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        drop(self.jobs.take());
        for thread in self.threads.drain(..) {
            thread.join().expect("a pool thread panicked");
        }
    }
}

pub struct Handle<T> {
    receiver: mpsc::Receiver<T>,
}

impl<T> Handle<T> {
    pub fn wait(self) -> T {
        self.receiver
            .recv()
            .expect("the task panicked before it sent its result")
    }
}
