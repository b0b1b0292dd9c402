//! Baseline for mpi/collectives: the same results from point-to-point
//! messages only, rank 0 (or the lowest rank of a parity) sending to and
//! receiving from every other rank in turn: what the collectives replace.
//! Nothing here is timed; the check grades correctness only.

use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

pub const PER_RANK: usize = 3;

pub fn share_settings(world: &SimpleCommunicator, settings: &mut [i64]) {
    if world.rank() == 0 {
        for r in 1..world.size() {
            world.process_at_rank(r).send(&*settings);
        }
    } else {
        world.process_at_rank(0).receive_into(settings);
    }
}

pub fn deal(world: &SimpleCommunicator, deck: &[i64]) -> [i64; PER_RANK] {
    let mut hand = [0; PER_RANK];
    if world.rank() == 0 {
        for (r, cards) in deck.chunks_exact(PER_RANK).enumerate().skip(1) {
            world.process_at_rank(r as i32).send(cards);
        }
        hand.copy_from_slice(&deck[..PER_RANK]);
    } else {
        world.process_at_rank(0).receive_into(&mut hand[..]);
    }
    hand
}

pub fn collect(world: &SimpleCommunicator, mine: i64) -> Option<Vec<i64>> {
    if world.rank() != 0 {
        world.process_at_rank(0).send(&mine);
        return None;
    }
    let mut all = vec![mine];
    for r in 1..world.size() {
        all.push(world.process_at_rank(r).receive::<i64>().0);
    }
    Some(all)
}

pub fn total(world: &SimpleCommunicator, mine: i64) -> Option<i64> {
    collect(world, mine).map(|all| all.iter().sum())
}

/// The lowest rank of each parity adds up its half and sends the sum back.
pub fn parity_total(world: &SimpleCommunicator, mine: i64) -> i64 {
    let (rank, size) = (world.rank(), world.size());
    let lead = rank % 2;
    if rank != lead {
        let leader = world.process_at_rank(lead);
        leader.send(&mine);
        return leader.receive::<i64>().0;
    }
    let others: Vec<i32> = (lead + 2..size).step_by(2).collect();
    let mut sum = mine;
    for &r in &others {
        sum += world.process_at_rank(r).receive::<i64>().0;
    }
    for &r in &others {
        world.process_at_rank(r).send(&sum);
    }
    sum
}
