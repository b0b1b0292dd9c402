//! Harness for mpi/hello. Course-owned: the learner does not edit this file.
//! Every rank calls the learner's `hello`; the lines they print are compared,
//! sorted, with one line per rank.

#![forbid(unsafe_code)]

#[path = "../../../mpi/hello.rs"]
mod solution;

use mpi::traits::*;

fn main() {
    let universe = mpi::initialize().expect("MPI could not start");
    let world = universe.world();
    let ((), seconds) = parlab_support::mpi::time(&world, || solution::hello(&world));
    parlab_support::mpi::report(&world, i64::from(world.size()), seconds);
}
