//! Serial baseline for mpi/pi: the whole sum, computed by every rank that
//! runs it. It is timed on one rank.

use mpi::topology::SimpleCommunicator;

pub fn pi(_world: &SimpleCommunicator, steps: u32) -> f64 {
    let h = 1.0 / steps as f64;
    let mut sum = 0.0;
    for i in 0..steps {
        let x = (i as f64 + 0.5) * h;
        sum += 4.0 / (1.0 + x * x);
    }
    sum * h
}
