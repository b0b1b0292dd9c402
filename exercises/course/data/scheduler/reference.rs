//! Reference solution for data/scheduler: a rayon scope on a pool of
//! `workers` threads. Every task keeps an atomic count of the inputs it still
//! waits for; the tasks with none are spawned first, and the task that counts
//! a dependent down to zero spawns it. Values are written once, into
//! `OnceLock`s, and read by the dependents after they start.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::Task;

/// What every spawned task shares.
struct State<'a> {
    tasks: &'a [Task],
    dependents: Vec<Vec<usize>>,
    waiting: Vec<AtomicUsize>,
    values: Vec<OnceLock<u64>>,
}

/// Runs task `i` on the pool, then spawns every dependent it made ready.
fn spawn<'scope>(scope: &rayon::Scope<'scope>, state: &'scope State<'scope>, i: usize) {
    scope.spawn(move |scope| {
        let task = &state.tasks[i];
        let inputs: Vec<u64> = task
            .deps
            .iter()
            .map(|&d| *state.values[d].get().expect("an input ran first"))
            .collect();
        let value = task.compute(&inputs);
        state.values[i].set(value).expect("each task runs once");
        for &j in &state.dependents[i] {
            // AcqRel: the task that takes the count to zero sees the values
            // that the other inputs' tasks wrote before their decrement.
            if state.waiting[j].fetch_sub(1, Ordering::AcqRel) == 1 {
                spawn(scope, state, j);
            }
        }
    });
}

pub fn run(tasks: &[Task], workers: usize) -> Vec<u64> {
    let mut dependents = vec![Vec::new(); tasks.len()];
    for (i, task) in tasks.iter().enumerate() {
        for &d in &task.deps {
            dependents[d].push(i);
        }
    }
    let state = State {
        tasks,
        dependents,
        waiting: tasks
            .iter()
            .map(|t| AtomicUsize::new(t.deps.len()))
            .collect(),
        values: tasks.iter().map(|_| OnceLock::new()).collect(),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers.max(1))
        .build()
        .expect("a thread pool");
    pool.scope(|scope| {
        for (i, task) in tasks.iter().enumerate() {
            if task.deps.is_empty() {
                spawn(scope, &state, i);
            }
        }
    });
    // The scope returns when every spawned task, and every task they
    // spawned, has finished.
    state
        .values
        .into_iter()
        .map(|v| v.into_inner().expect("every task ran"))
        .collect()
}
