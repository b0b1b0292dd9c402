//! mpi/exchange, reference: one combined send and receive per rank, which
//! MPI completes in whatever order the neighbours need.

use mpi::point_to_point::send_receive_into;
use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

pub fn ring_shift(world: &SimpleCommunicator, mine: &[u64]) -> Vec<u64> {
    let rank = world.rank();
    let size = world.size();
    let right = world.process_at_rank((rank + 1) % size);
    let left = world.process_at_rank((rank + size - 1) % size);

    let mut from_left = vec![0u64; mine.len()];
    send_receive_into(mine, &right, &mut from_left[..], &left);
    from_left
}
