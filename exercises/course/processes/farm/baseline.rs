//! Serial baseline for processes/farm: every task in order, in the parent, no
//! child processes.

use std::io;

#[derive(Clone, Copy, Debug)]
pub struct Task {
    pub seed: u64,
    pub rounds: u64,
}

fn work(task: &Task) -> u64 {
    let mut x = task.seed;
    for _ in 0..task.rounds {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 29;
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    }
    x
}

pub fn farm(tasks: &[Task], _workers: usize) -> io::Result<Vec<u64>> {
    Ok(tasks.iter().map(work).collect())
}

/// Never started: the baseline has no children.
pub fn worker() -> io::Result<()> {
    Ok(())
}
