//! mpi/chain, reference: a blocking relay, a combined send and receive, and
//! a non-blocking ring shift that overlaps the messages with local work.

use mpi::point_to_point::send_receive;
use mpi::request;
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
    let before = if rank == 0 {
        start
    } else {
        world.process_at_rank(rank - 1).receive::<u64>().0
    };
    let value = link(before, contribution);
    if rank == size - 1 {
        return Some(value);
    }
    world.process_at_rank(rank + 1).send(&value);
    None
}

pub fn chain_send_receive(world: &SimpleCommunicator, value: u64) -> u64 {
    let rank = world.rank();
    let size = world.size();
    let right = world.process_at_rank((rank + 1) % size);
    let left = world.process_at_rank((rank + size - 1) % size);
    let (from_left, _status) = send_receive(&value, &right, &left);
    from_left
}

pub fn chain_nonblocking(world: &SimpleCommunicator, value: u64, samples: &[u64]) -> (u64, u64) {
    let rank = world.rank();
    let size = world.size();
    let right = world.process_at_rank((rank + 1) % size);
    let left = world.process_at_rank((rank + size - 1) % size);
    let mut from_left = 0u64;
    let work = request::scope(|scope| {
        let receiving = left.immediate_receive_into(scope, &mut from_left);
        let sending = right.immediate_send(scope, &value);
        let work = local_work(samples); // the messages travel meanwhile
        receiving.wait();
        sending.wait();
        work
    });
    (from_left, work)
}
