//! mpi/hello, reference: every rank prints its own line.

use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

pub fn hello(world: &SimpleCommunicator) {
    println!("hello from rank {} of {}", world.rank(), world.size());
}
