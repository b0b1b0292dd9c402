//! # data/scheduler: run every task as soon as its inputs are done
//!
//! `tasks` is a task graph, the kind a `delayed` library builds: task `i`
//! needs the values of the tasks `tasks[i].deps`, and
//! `tasks[i].compute(&inputs)` runs it, with `inputs[k]` the value of task
//! `tasks[i].deps[k]`. `run(tasks, workers)` must compute every task once, on
//! `workers` threads, and return the values in index order. Indices are
//! shuffled: a task's inputs can have larger indices than the task itself.
//! `Task` is the harness's (course/data/scheduler/harness.rs).
//!
//! The code below is correct. It sorts the tasks into levels (a task's level
//! is one more than the highest level of its inputs) and runs one level at a
//! time in parallel with rayon, waiting for the whole level before the next
//! one starts. In this graph nearly every level holds one cheap task and one
//! expensive one, so one thread works and the other waits at the end of
//! every level: hardly faster than one thread.
//!
//! Write a scheduler instead. Count for every task the inputs it still waits
//! for; start the tasks whose count is zero; when a task finishes, count it
//! off each task that needs it and start those whose count reaches zero. No
//! level, no waiting while a task is ready. The best any scheduler can do is
//! max(critical path, total work / workers); the harness prints both after a
//! correct run.
//!
//! Check it with `parlab check data/scheduler`; ask for a hint with
//! `parlab hint data/scheduler`.

use rayon::prelude::*;

use crate::Task;

/// For every task, the tasks that need its value: the edges turned around.
fn dependents(tasks: &[Task]) -> Vec<Vec<usize>> {
    let mut dependents = vec![Vec::new(); tasks.len()];
    for (i, task) in tasks.iter().enumerate() {
        for &d in &task.deps {
            dependents[d].push(i);
        }
    }
    dependents
}

/// The tasks sorted into levels: level 0 has no inputs, and every task of
/// level k + 1 needs at least one task of level k.
fn levels(tasks: &[Task]) -> Vec<Vec<usize>> {
    let dependents = dependents(tasks);
    let mut waiting: Vec<usize> = tasks.iter().map(|t| t.deps.len()).collect();
    let mut level: Vec<usize> = (0..tasks.len()).filter(|&i| waiting[i] == 0).collect();
    let mut levels = Vec::new();
    while !level.is_empty() {
        let mut next = Vec::new();
        for &i in &level {
            for &j in &dependents[i] {
                waiting[j] -= 1;
                if waiting[j] == 0 {
                    next.push(j);
                }
            }
        }
        levels.push(level);
        level = next;
    }
    levels
}

pub fn run(tasks: &[Task], workers: usize) -> Vec<u64> {
    // TODO: replace the level-by-level loop with a scheduler that starts
    // every task as soon as its last input is done.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers.max(1))
        .build()
        .expect("a thread pool");
    let mut values = vec![0u64; tasks.len()];
    for level in levels(tasks) {
        let done: Vec<(usize, u64)> = pool.install(|| {
            level
                .par_iter()
                .map(|&i| {
                    let inputs: Vec<u64> = tasks[i].deps.iter().map(|&d| values[d]).collect();
                    (i, tasks[i].compute(&inputs))
                })
                .collect()
        });
        // `collect` returns once the whole level is done: a barrier.
        for (i, value) in done {
            values[i] = value;
        }
    }
    values
}
