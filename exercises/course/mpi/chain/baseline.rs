//! mpi/chain, baseline: plain blocking calls only. The ring shifts order
//! their send and receive by rank parity (a lone rank keeps its own value),
//! and the local work runs after the message has arrived, not during.

use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

pub fn link(value: u64, contribution: u64) -> u64 {
    value.wrapping_mul(31).wrapping_add(contribution)
}

pub fn local_work(samples: &[u64]) -> u64 {
    samples
        .iter()
        .fold(0u64, |acc, &x| acc.rotate_left(5) ^ x.wrapping_mul(x | 1))
}

pub fn chain_blocking(world: &SimpleCommunicator, start: u64, contribution: u64) -> Option<u64> {
    let rank = world.rank();
    let size = world.size();
    let mut value = start;
    if rank > 0 {
        world.process_at_rank(rank - 1).receive_into(&mut value);
    }
    value = link(value, contribution);
    if rank + 1 < size {
        world.process_at_rank(rank + 1).send(&value);
        None
    } else {
        Some(value)
    }
}

fn shift_by_parity(world: &SimpleCommunicator, value: u64) -> u64 {
    let rank = world.rank();
    let size = world.size();
    if size == 1 {
        return value;
    }
    let right = world.process_at_rank((rank + 1) % size);
    let left = world.process_at_rank((rank + size - 1) % size);
    let mut from_left = 0u64;
    if rank % 2 == 0 {
        right.send(&value);
        left.receive_into(&mut from_left);
    } else {
        left.receive_into(&mut from_left);
        right.send(&value);
    }
    from_left
}

pub fn chain_send_receive(world: &SimpleCommunicator, value: u64) -> u64 {
    shift_by_parity(world, value)
}

pub fn chain_nonblocking(world: &SimpleCommunicator, value: u64, samples: &[u64]) -> (u64, u64) {
    let from_left = shift_by_parity(world, value);
    (from_left, local_work(samples))
}
