//! Harness for mpi/pi. Course-owned: the learner does not edit this file.
//! Every rank calls the learner's `pi` and must get the whole sum back, not
//! only its own part. After the clock stops, rank 0 gathers every rank's value
//! and reports the one farthest from pi, so a single rank with a partial sum
//! makes the result wrong. The slice count is odd so that no rank count
//! divides it: a split that loses the leftover slices misses the tolerance.

#![forbid(unsafe_code)]

#[path = "../../../mpi/pi.rs"]
mod solution;

use mpi::traits::*;

const STEPS: u32 = 600_000_001;

fn main() {
    let universe = mpi::initialize().expect("MPI could not start");
    let world = universe.world();
    let (pi, seconds) = parlab_support::mpi::time(&world, || solution::pi(&world, STEPS));
    let root = world.process_at_rank(0);
    if world.rank() == 0 {
        let mut all = vec![0.0f64; world.size() as usize];
        root.gather_into_root(&pi, &mut all[..]);
        parlab_support::mpi::report(&world, farthest_from_pi(&all), seconds);
    } else {
        root.gather_into(&pi);
        // Every rank calls `report` (it checks every rank's guards); only rank
        // 0's result is printed.
        parlab_support::mpi::report(&world, pi, seconds);
    }
}

/// The value farthest from pi, naming on standard error a rank whose value
/// differs from rank 0's: it did not get the combined sum.
fn farthest_from_pi(all: &[f64]) -> f64 {
    for (rank, &value) in all.iter().enumerate().skip(1) {
        if (value - all[0]).abs() > 1e-10 {
            eprintln!(
                "rank {rank} returned {value}, rank 0 returned {}: every rank must return the whole sum",
                all[0]
            );
        }
    }
    let error = |v: f64| {
        let e = (v - std::f64::consts::PI).abs();
        if e.is_nan() { f64::INFINITY } else { e }
    };
    all.iter()
        .copied()
        .max_by(|a, b| error(*a).total_cmp(&error(*b)))
        .unwrap_or(f64::NAN)
}
