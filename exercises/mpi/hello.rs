//! # mpi/hello: a line from every rank
//!
//! `mpirun -n 4 program` starts four copies of the same program. Each copy is
//! a *rank*: a process of its own, with its own memory, that knows its number
//! (`world.rank()`, from 0) and how many ranks there are (`world.size()`).
//!
//! Make every rank print exactly one line, `hello from rank R of N`, with its
//! own rank and the size of the world. The lines may come out in any order;
//! the check sorts them. Right now only rank 0 says anything.
//!
//! Check it with `parlab check mpi/hello` (`--np 3` for three ranks).

use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

pub fn hello(world: &SimpleCommunicator) {
    if world.rank() == 0 {
        println!("hello from rank 0 of 1");
    }
}
