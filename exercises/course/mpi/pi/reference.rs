//! Reference solution for mpi/pi: one contiguous block of slices per rank, a
//! local sum, and one all-reduce so that every rank holds the total.

use mpi::collective::SystemOperation;
use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

pub fn pi(world: &SimpleCommunicator, steps: u32) -> f64 {
    let ranks = world.size() as u32;
    let rank = world.rank() as u32;
    let chunk = steps.div_ceil(ranks);
    let start = (rank * chunk).min(steps);
    let end = ((rank + 1) * chunk).min(steps);
    let h = 1.0 / steps as f64;
    let mut local = 0.0;
    for i in start..end {
        let x = (i as f64 + 0.5) * h;
        local += 4.0 / (1.0 + x * x);
    }
    let mut total = 0.0;
    world.all_reduce_into(&local, &mut total, SystemOperation::sum());
    total * h
}
