//! Harness for futures/graph. Course-owned: the learner does not edit this
//! file.
//!
//! The graph: 1201 tasks in six strands, six tasks to a row. A task depends
//! on the task before it in its own strand and, often, on one or two tasks
//! of other strands one to four rows back; every input has a smaller index
//! than the task, so index order is a valid serial order. In every row one
//! task, in a strand drawn at random, is slow (about 20 cost units) and the
//! other five are quick (about 1 unit); a unit is 100 000 mixing rounds,
//! roughly a quarter of a millisecond.
//!
//! That shape is what the exercise is about. Levels (a task's level is one
//! more than the highest level among its inputs) are rows here, so running
//! the graph level by level waits at every level for its one slow task while
//! the other core runs out of quick ones: about 1.05x on two cores. A
//! scheduler that starts each task as soon as its inputs are done overlaps
//! the slow task of one row with the quick tasks of the next rows, and gets
//! close to 2x.
//!
//! The result is a fingerprint of every task's value, checked exactly.

#![forbid(unsafe_code)]

#[path = "../../../futures/graph.rs"]
mod solution;

use parlab_support::rng::SplitMix64;

const TASKS: usize = 1_201;
const STRANDS: usize = 6;
const UNIT: f64 = 100_000.0;
/// The seed of the costs and the inputs when the workbench chooses none.
const SEED: u64 = 0x67_7261_7068;

/// One task of the graph.
pub struct Task {
    /// Rounds of work, 50 000 to 2 400 000.
    pub cost: u32,
    /// The tasks whose values this one needs, each with a smaller index.
    pub inputs: Vec<usize>,
}

/// The work of task `index`: `task.cost` rounds of an integer mix, started
/// from the task's index and the values of its inputs, in the order
/// `task.inputs` lists them (`inputs[k]` is the value of `task.inputs[k]`).
pub fn compute(index: usize, task: &Task, inputs: &[u64]) -> u64 {
    assert_eq!(
        inputs.len(),
        task.inputs.len(),
        "task {index} needs one value per input"
    );
    let mut x = (index as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for &value in inputs {
        x = (x ^ value)
            .rotate_left(17)
            .wrapping_mul(0x0000_0100_0000_01b3);
    }
    for _ in 0..task.cost {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 29;
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    }
    x
}

fn graph(seed: u64) -> Vec<Task> {
    let mut rng = SplitMix64::new(seed);
    let mut slow = 0;
    (0..TASKS)
        .map(|i| {
            if i % STRANDS == 0 {
                slow = i + rng.below(STRANDS as u64) as usize;
            }
            let units = if i == slow {
                16.0 + 8.0 * rng.next_f64()
            } else {
                0.5 + rng.next_f64()
            };
            let mut inputs = Vec::new();
            if i >= STRANDS {
                inputs.push(i - STRANDS);
            }
            for chance in [0.5, 0.25] {
                if i >= 2 * STRANDS && rng.next_f64() < chance {
                    let back = STRANDS + 1 + rng.below((3 * STRANDS - 1) as u64) as usize;
                    let input = i - back.min(i);
                    if !inputs.contains(&input) {
                        inputs.push(input);
                    }
                }
            }
            inputs.sort_unstable();
            Task {
                cost: (units * UNIT) as u32,
                inputs,
            }
        })
        .collect()
}

fn main() {
    let tasks = graph(parlab_support::seed(SEED));
    let workers = parlab_support::workers();
    let (values, seconds) = parlab_support::time(|| solution::run(&tasks, workers));
    let result = if values.len() == tasks.len() {
        parlab_support::fingerprint(values)
    } else {
        format!("{} values for {} tasks", values.len(), tasks.len())
    };
    parlab_support::report(result, seconds);
}
