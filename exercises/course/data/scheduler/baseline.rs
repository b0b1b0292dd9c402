//! Serial baseline for data/scheduler: one thread, tasks in a topological
//! order (Kahn's algorithm: a queue of the tasks whose inputs are all done).

use std::collections::VecDeque;

use crate::Task;

pub fn run(tasks: &[Task], _workers: usize) -> Vec<u64> {
    let mut dependents = vec![Vec::new(); tasks.len()];
    for (i, task) in tasks.iter().enumerate() {
        for &d in &task.deps {
            dependents[d].push(i);
        }
    }
    let mut waiting: Vec<usize> = tasks.iter().map(|t| t.deps.len()).collect();
    let mut ready: VecDeque<usize> = (0..tasks.len()).filter(|&i| waiting[i] == 0).collect();
    let mut values = vec![0u64; tasks.len()];
    while let Some(i) = ready.pop_front() {
        let inputs: Vec<u64> = tasks[i].deps.iter().map(|&d| values[d]).collect();
        values[i] = tasks[i].compute(&inputs);
        for &j in &dependents[i] {
            waiting[j] -= 1;
            if waiting[j] == 0 {
                ready.push_back(j);
            }
        }
    }
    values
}
