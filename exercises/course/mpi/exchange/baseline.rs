//! mpi/exchange, baseline: blocking calls in an order that cannot deadlock.
//! Even ranks send first and odd ranks receive first, so every send meets a
//! rank that is receiving, or soon will be. A lone rank copies its array:
//! a blocking send to itself would wait for a receive that never starts.

use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

pub fn ring_shift(world: &SimpleCommunicator, mine: &[u64]) -> Vec<u64> {
    let rank = world.rank();
    let size = world.size();
    if size == 1 {
        return mine.to_vec();
    }
    let right = world.process_at_rank((rank + 1) % size);
    let left = world.process_at_rank((rank + size - 1) % size);

    let mut from_left = vec![0u64; mine.len()];
    if rank % 2 == 0 {
        right.send(mine);
        left.receive_into(&mut from_left[..]);
    } else {
        left.receive_into(&mut from_left[..]);
        right.send(mine);
    }
    from_left
}
