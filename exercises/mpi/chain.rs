//! # mpi/chain: passing messages along, three ways
//!
//! Three small functions, each run by every rank. Do them in order; the
//! check reports one line per function.
//!
//! 1. `chain_blocking`: a relay race. Rank 0 starts from `link(start,
//!    contribution)` and sends it to rank 1. Every other rank receives the
//!    running value from rank - 1, applies `link` with its own contribution,
//!    and sends the result on to rank + 1. The last rank sends nothing and
//!    returns `Some(value)`; every other rank returns `None`. With one rank,
//!    rank 0 is also the last.
//! 2. `chain_send_receive`: a ring shift. Send `value` to the right neighbour
//!    `(rank + 1) % size` and return the value from the left neighbour
//!    `(rank + size - 1) % size`, in one call to `send_receive`.
//! 3. `chain_nonblocking`: the same ring shift with `immediate_send` and
//!    `immediate_receive_into` inside `mpi::request::scope`. While the two
//!    messages travel, compute `local_work(samples)`; then wait for both
//!    requests and return the received value with the work's result.
//!
//! Each function gets its own communicator, so stray messages of one part do
//! not reach the next. Check with `parlab check mpi/chain` (`--np 1` and
//! `--np 3` for other rank counts).

use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

/// One leg of the relay: what a rank makes of the value it received. Do not
/// change it; the check computes the expected result with the same formula.
pub fn link(value: u64, contribution: u64) -> u64 {
    value.wrapping_mul(31).wrapping_add(contribution)
}

/// The work a rank does while its messages travel. Do not change it.
pub fn local_work(samples: &[u64]) -> u64 {
    samples
        .iter()
        .fold(0u64, |acc, &x| acc.rotate_left(5) ^ x.wrapping_mul(x | 1))
}

pub fn chain_blocking(world: &SimpleCommunicator, start: u64, contribution: u64) -> Option<u64> {
    let rank = world.rank();
    let size = world.size();
    todo!("chain_blocking on rank {rank} of {size} (start {start}, contribution {contribution})")
}

pub fn chain_send_receive(world: &SimpleCommunicator, value: u64) -> u64 {
    let rank = world.rank();
    let size = world.size();
    todo!("chain_send_receive on rank {rank} of {size} (value {value})")
}

pub fn chain_nonblocking(world: &SimpleCommunicator, value: u64, samples: &[u64]) -> (u64, u64) {
    let rank = world.rank();
    let size = world.size();
    todo!(
        "chain_nonblocking on rank {rank} of {size} (value {value}, {} samples)",
        samples.len()
    )
}
