//! # mpi/exchange: pass an array round the ring
//!
//! The ranks stand in a ring: the right neighbour of rank `r` is `r + 1`, and
//! the last rank's right neighbour is rank 0. Every rank holds an array of a
//! million `u64` (8 MB). `ring_shift` must send this rank's array to its right
//! neighbour and return the array that its left neighbour sent.
//!
//! The code below is correct on paper, yet it never ends: parlab stops it as
//! a possible deadlock. Find out why (lesson mpi/point-to-point) and fix it. It
//! must work for any number of ranks, one included: a lone rank is its own
//! neighbour on both sides, so it sends its array to itself.
//!
//! Check it with `parlab check mpi/exchange` (`--np 1` or `--np 3` for other
//! rank counts).

use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

pub fn ring_shift(world: &SimpleCommunicator, mine: &[u64]) -> Vec<u64> {
    let rank = world.rank();
    let size = world.size();
    let right = world.process_at_rank((rank + 1) % size);
    let left = world.process_at_rank((rank + size - 1) % size);

    let mut from_left = vec![0u64; mine.len()];
    right.send(mine);
    left.receive_into(&mut from_left[..]);
    from_left
}
