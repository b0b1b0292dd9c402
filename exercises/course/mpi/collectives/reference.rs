//! Reference solution for mpi/collectives: one collective call per function,
//! every rank calling it with the same root.

use mpi::collective::SystemOperation;
use mpi::topology::{Color, SimpleCommunicator};
use mpi::traits::*;

pub const PER_RANK: usize = 3;

pub fn share_settings(world: &SimpleCommunicator, settings: &mut [i64]) {
    world.process_at_rank(0).broadcast_into(settings);
}

pub fn deal(world: &SimpleCommunicator, deck: &[i64]) -> [i64; PER_RANK] {
    let root = world.process_at_rank(0);
    let mut hand = [0; PER_RANK];
    if world.rank() == 0 {
        root.scatter_into_root(deck, &mut hand[..]);
    } else {
        root.scatter_into(&mut hand[..]);
    }
    hand
}

pub fn collect(world: &SimpleCommunicator, mine: i64) -> Option<Vec<i64>> {
    let root = world.process_at_rank(0);
    if world.rank() == 0 {
        let mut all = vec![0; world.size() as usize];
        root.gather_into_root(&mine, &mut all[..]);
        Some(all)
    } else {
        root.gather_into(&mine);
        None
    }
}

pub fn total(world: &SimpleCommunicator, mine: i64) -> Option<i64> {
    let root = world.process_at_rank(0);
    if world.rank() == 0 {
        let mut sum = 0;
        root.reduce_into_root(&mine, &mut sum, SystemOperation::sum());
        Some(sum)
    } else {
        root.reduce_into(&mine, SystemOperation::sum());
        None
    }
}

pub fn parity_total(world: &SimpleCommunicator, mine: i64) -> i64 {
    let half = world
        .split_by_color(Color::with_value(world.rank() % 2))
        .expect("every rank has a colour, so every rank gets a communicator");
    let mut sum = 0;
    half.all_reduce_into(&mine, &mut sum, SystemOperation::sum());
    sum
}
