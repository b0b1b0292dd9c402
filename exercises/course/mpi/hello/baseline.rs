//! mpi/hello, baseline: the same one line per rank (nothing here is timed).

use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

pub fn hello(world: &SimpleCommunicator) {
    println!("hello from rank {} of {}", world.rank(), world.size());
}
