//! Reference solution for futures/graph: a dependency-counting scheduler.
//! Every task keeps the number of its inputs not yet done; the tasks with
//! none wait in a ready queue (a `Mutex<VecDeque>` with a `Condvar`); each of
//! `workers` threads takes a ready task, computes it, stores its value, and
//! counts it off every task that needs it, queueing those that reach zero.
//! No thread ever waits for an input: a task is queued only once all its
//! inputs are done.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};
use std::thread;

use crate::{Task, compute};

struct Queue {
    ready: VecDeque<usize>,
    /// Tasks finished so far; the threads stop when it reaches the total.
    finished: usize,
}

struct Scheduler<'a> {
    tasks: &'a [Task],
    /// For every task, the tasks that list it among their inputs.
    dependents: Vec<Vec<usize>>,
    /// For every task, its inputs not yet done.
    waiting_for: Vec<AtomicUsize>,
    values: Vec<OnceLock<u64>>,
    queue: Mutex<Queue>,
    changed: Condvar,
}

impl Scheduler<'_> {
    /// The next ready task, or `None` once every task has finished.
    fn next(&self) -> Option<usize> {
        let mut queue = self.queue.lock().unwrap();
        loop {
            if let Some(index) = queue.ready.pop_front() {
                return Some(index);
            }
            if queue.finished == self.tasks.len() {
                return None;
            }
            queue = self.changed.wait(queue).unwrap();
        }
    }

    fn run_task(&self, index: usize) {
        let task = &self.tasks[index];
        // Every input is done, so every value is set.
        let inputs: Vec<u64> = task
            .inputs
            .iter()
            .map(|&i| self.values[i].get().copied().unwrap())
            .collect();
        let value = compute(index, task, &inputs);
        self.values[index].set(value).unwrap();
        // AcqRel: the thread that sees the count reach zero also sees every
        // value stored before the other decrements.
        let now_ready: Vec<usize> = self.dependents[index]
            .iter()
            .copied()
            .filter(|&d| self.waiting_for[d].fetch_sub(1, Ordering::AcqRel) == 1)
            .collect();
        let mut queue = self.queue.lock().unwrap();
        queue.ready.extend(&now_ready);
        queue.finished += 1;
        if queue.finished == self.tasks.len() {
            self.changed.notify_all(); // wake every thread, so all of them stop
        } else {
            for _ in 0..now_ready.len() {
                self.changed.notify_one();
            }
        }
    }
}

pub fn run(tasks: &[Task], workers: usize) -> Vec<u64> {
    let mut dependents = vec![Vec::new(); tasks.len()];
    for (index, task) in tasks.iter().enumerate() {
        for &input in &task.inputs {
            dependents[input].push(index);
        }
    }
    let ready: VecDeque<usize> = (0..tasks.len())
        .filter(|&i| tasks[i].inputs.is_empty())
        .collect();
    let scheduler = Scheduler {
        tasks,
        dependents,
        waiting_for: tasks
            .iter()
            .map(|t| AtomicUsize::new(t.inputs.len()))
            .collect(),
        values: (0..tasks.len()).map(|_| OnceLock::new()).collect(),
        queue: Mutex::new(Queue { ready, finished: 0 }),
        changed: Condvar::new(),
    };
    thread::scope(|s| {
        for _ in 0..workers.max(1) {
            let scheduler = &scheduler;
            s.spawn(move || {
                while let Some(index) = scheduler.next() {
                    scheduler.run_task(index);
                }
            });
        }
    });
    scheduler
        .values
        .into_iter()
        .map(|v| v.into_inner().unwrap())
        .collect()
}
