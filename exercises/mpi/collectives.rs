//! # mpi/collectives: one call, every rank
//!
//! A collective is a call that every rank of a communicator makes together:
//! a broadcast, a scatter, a gather, a reduce. Each of the five functions
//! below is called by every rank, in this order, and each should be one
//! collective (the last one needs a second communicator first). Rank 0 is the
//! root wherever there is one.
//!
//! Three of them are still to be written, and two are written but wrong.
//! The check runs your program on as many ranks as cores and on one more,
//! works out on every rank what each function should have given, and reports
//! the first mismatch, such as `gather on rank 0 gave ..., expected ...`.
//!
//! Check it with `parlab check mpi/collectives` (`--np 3` for three ranks);
//! ask for a hint with `parlab hint mpi/collectives`.

use mpi::collective::SystemOperation;
use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

/// How many cards of the deck each rank gets in `deal`.
pub const PER_RANK: usize = 3;

/// Broadcast: on rank 0, `settings` holds four numbers; on the other ranks,
/// zeros. Afterwards every rank must hold rank 0's numbers.
pub fn share_settings(world: &SimpleCommunicator, settings: &mut [i64]) {
    let _ = (world, settings); // TODO: copy rank 0's settings to every rank.
}

/// Scatter: on rank 0, `deck` holds `PER_RANK` cards for every rank, rank 0's
/// first; on the other ranks it is empty. Return this rank's `PER_RANK` cards.
pub fn deal(world: &SimpleCommunicator, deck: &[i64]) -> [i64; PER_RANK] {
    let _ = (world, deck); // TODO: hand each rank its own cards.
    [0; PER_RANK]
}

/// Gather: every rank has one number. Rank 0 returns all of them in rank
/// order; the other ranks return `None`.
pub fn collect(world: &SimpleCommunicator, mine: i64) -> Option<Vec<i64>> {
    let _ = world; // TODO: bring every rank's number to rank 0.
    Some(vec![mine])
}

/// Reduce: rank 0 returns the sum of every rank's number; the other ranks
/// return `None`.
pub fn total(world: &SimpleCommunicator, mine: i64) -> Option<i64> {
    let root = world.process_at_rank(world.size() - 1);
    if world.rank() == root.rank() {
        let mut sum = 0;
        root.reduce_into_root(&mine, &mut sum, SystemOperation::sum());
        Some(sum)
    } else {
        root.reduce_into(&mine, SystemOperation::sum());
        None
    }
}

/// Reduce within halves: every rank returns the sum of the numbers of the
/// ranks with the same parity as its own (the even ranks 0, 2, 4, ... or the
/// odd ranks 1, 3, 5, ...).
pub fn parity_total(world: &SimpleCommunicator, mine: i64) -> i64 {
    let mut sum = 0;
    world.all_reduce_into(&mine, &mut sum, SystemOperation::sum());
    sum
}
