//! # futures/graph: run each task as soon as its inputs are ready
//!
//! `run(tasks, workers)` computes the value of every task of a graph and
//! returns them in index order. Task `i` needs the values of the tasks in
//! `tasks[i].inputs` (each with an index smaller than `i`), and
//! `compute(i, &tasks[i], &inputs)` does its work, with `inputs` holding
//! those values in the order `tasks[i].inputs` lists them. `Task` and
//! `compute` are the harness's (course/futures/graph/harness.rs).
//!
//! The code below runs the graph level by level: every task whose inputs are
//! all in earlier levels, split among `workers` threads, then a wait for the
//! whole level to finish before the next one starts. It is correct, but in
//! this graph every level holds one slow task and several quick ones, so at
//! each level one thread works on the slow task while the others wait at the
//! end of the level with nothing to do.
//!
//! Write a scheduler instead: keep for every task the number of inputs not
//! yet done, start the tasks that have none on `workers` threads, and when a
//! task finishes, count it off each task that needs it and start those whose
//! count reaches zero. No thread waits while a task is ready to run.
//!
//! Check it with `parlab check futures/graph`; ask for a hint with
//! `parlab hint futures/graph`.

use std::thread;

use crate::{Task, compute};

/// The tasks grouped by level. A task's level is 0 without inputs, else one
/// more than the highest level among its inputs, so all of a task's inputs
/// are in earlier levels.
fn levels(tasks: &[Task]) -> Vec<Vec<usize>> {
    let mut level_of: Vec<usize> = Vec::with_capacity(tasks.len());
    let mut levels: Vec<Vec<usize>> = Vec::new();
    for (index, task) in tasks.iter().enumerate() {
        let level = task
            .inputs
            .iter()
            .map(|&i| level_of[i] + 1)
            .max()
            .unwrap_or(0);
        level_of.push(level);
        if level == levels.len() {
            levels.push(Vec::new());
        }
        levels[level].push(index);
    }
    levels
}

pub fn run(tasks: &[Task], workers: usize) -> Vec<u64> {
    // TODO: replace the level-by-level loop with a scheduler that starts
    // every task as soon as its inputs are done.
    let mut values = vec![0u64; tasks.len()];
    for level in levels(tasks) {
        let chunk = level.len().div_ceil(workers.max(1));
        let done: Vec<(usize, u64)> = thread::scope(|s| {
            let values = &values;
            let handles: Vec<_> = level
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        part.iter()
                            .map(|&index| {
                                let task = &tasks[index];
                                let inputs: Vec<u64> =
                                    task.inputs.iter().map(|&i| values[i]).collect();
                                (index, compute(index, task, &inputs))
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            // The end of the scope is the barrier: every thread of this
            // level has finished before the next level starts.
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        for (index, value) in done {
            values[index] = value;
        }
    }
    values
}
