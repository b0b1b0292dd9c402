//! Serial baseline for futures/graph: every task in index order, which is a
//! topological order because every input has a smaller index.

use crate::{Task, compute};

pub fn run(tasks: &[Task], _workers: usize) -> Vec<u64> {
    let mut values: Vec<u64> = Vec::with_capacity(tasks.len());
    for (index, task) in tasks.iter().enumerate() {
        let inputs: Vec<u64> = task.inputs.iter().map(|&i| values[i]).collect();
        values.push(compute(index, task, &inputs));
    }
    values
}
