//! # mpi/pi: pi by the midpoint rule, on every rank
//!
//! pi is the area under f(x) = 4 / (1 + x²) between 0 and 1. Cut that interval
//! into `steps` slices of width h = 1 / steps, add f at the middle of every
//! slice, and multiply by h.
//!
//! Every rank runs this function. Right now each of them adds up *all* the
//! slices, so every rank knows pi, and two ranks take as long as one. Give
//! each rank its own block of slices, add up only that block, and combine
//! the partial sums so that every rank returns the whole result.
//!
//! Check it with `parlab check mpi/pi` (`--np 3` for three ranks); ask for a
//! hint with `parlab hint mpi/pi`.

use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

pub fn pi(world: &SimpleCommunicator, steps: u32) -> f64 {
    let _ = world.rank(); // TODO: add up only this rank's block of slices.
    let h = 1.0 / steps as f64;
    let mut sum = 0.0;
    for i in 0..steps {
        let x = (i as f64 + 0.5) * h;
        sum += 4.0 / (1.0 + x * x);
    }
    // TODO: combine the partial sums of all ranks, so every rank has the total.
    sum * h
}
