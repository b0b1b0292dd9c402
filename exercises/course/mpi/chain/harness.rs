//! Harness for mpi/chain. Course-owned: the learner does not edit this file.
//!
//! Every rank runs the learner's three functions, each on a communicator of
//! its own (a stray message from one part cannot be taken for a message of
//! the next). Rank 0 gathers what every rank returned, compares it with what
//! it should be, prints one line per part, and reports `ALL_GOOD` or the
//! first part that is wrong. The report is the same for every rank count.

#![forbid(unsafe_code)]

#[path = "../../../mpi/chain.rs"]
mod solution;

use mpi::traits::*;
use parlab_support::rng::SplitMix64;

const ALL_GOOD: &str = "chain_blocking, chain_send_receive and chain_nonblocking: ok";

/// Rank 0's value before its own contribution.
const START: u64 = 7;
/// Numbers each rank runs `local_work` on in part 3.
const SAMPLES: usize = 400_009;

fn contribution(rank: i32) -> u64 {
    100 + rank as u64
}

fn ring_value(rank: i32) -> u64 {
    1_000 + rank as u64
}

fn overlap_value(rank: i32) -> u64 {
    2_000 + rank as u64
}

/// The seed of the samples when the workbench chooses none.
const SEED: u64 = 0x0063_6861_696e;

fn samples_of(seed: u64, rank: i32) -> Vec<u64> {
    let mut rng = SplitMix64::new(seed ^ rank as u64);
    (0..SAMPLES).map(|_| rng.next_u64()).collect()
}

/// The course's own copies of `link` and `local_work`, so a changed helper in
/// the learner's file cannot change what counts as right.
fn link(value: u64, contribution: u64) -> u64 {
    value.wrapping_mul(31).wrapping_add(contribution)
}

fn local_work(samples: &[u64]) -> u64 {
    samples
        .iter()
        .fold(0u64, |acc, &x| acc.rotate_left(5) ^ x.wrapping_mul(x | 1))
}

/// What one rank returned: chain flag and value, ring value, overlap value
/// and work.
const FIELDS: usize = 5;

/// The relay through `ranks`, in order, starting from `value`.
fn relay(value: u64, ranks: std::ops::Range<i32>) -> u64 {
    ranks.fold(value, |v, r| link(v, contribution(r)))
}

// The verdicts below name no rank and no rank count, so the same mistake
// reads the same on 2 ranks and on 3, and they are short enough to be shown
// whole.

fn check_chain(all: &[[u64; FIELDS]]) -> String {
    let size = all.len() as i32;
    let expected = relay(START, 0..size);
    let last = &all[all.len() - 1];
    let why = if all[..all.len() - 1].iter().any(|got| got[0] == 1) {
        "a rank before the last returned Some"
    } else if last[0] == 0 {
        "the last rank returned None"
    } else if last[1] == expected {
        return "chain_blocking: ok".to_owned();
    } else if size > 1 && last[1] == relay(START, 1..size) {
        "rank 0 sent `start` on without applying `link`"
    } else if size > 1 && last[1] == relay(START, 0..size - 1) {
        "the last rank did not apply `link`"
    } else {
        "the last rank's value is wrong"
    };
    format!("chain_blocking: {why}")
}

fn check_ring(part: &str, all: &[[u64; FIELDS]], field: usize, value: fn(i32) -> u64) -> String {
    let size = all.len() as i32;
    for (rank, got) in (0..size).zip(all) {
        let left = (rank + size - 1) % size;
        if got[field] == value(left) {
            continue;
        }
        let right = (rank + 1) % size;
        let why = if got[field] == value(rank) {
            "a rank returned its own value"
        } else if got[field] == value(right) {
            "a rank got its right neighbour's value (wrong way round)"
        } else if (0..size).any(|r| got[field] == value(r)) {
            "a rank got a value from a rank not its left neighbour"
        } else {
            "a rank returned a value no rank sent"
        };
        return format!("{part}: {why}");
    }
    format!("{part}: ok")
}

fn check_work(seed: u64, all: &[[u64; FIELDS]]) -> Option<String> {
    let size = all.len() as i32;
    (0..size).zip(all).find_map(|(rank, got)| {
        (got[4] != local_work(&samples_of(seed, rank)))
            .then(|| "chain_nonblocking: a rank's work is not local_work(samples)".to_owned())
    })
}

/// The learner's file carries its own `link` and `local_work` to call; they
/// must still agree with the course's.
fn helpers_changed(seed: u64) -> Option<String> {
    let probe = samples_of(seed, -1);
    if solution::link(12_345, 678) != link(12_345, 678) {
        Some("`link` in your file was changed; put the original back".into())
    } else if solution::local_work(&probe[..1_000]) != local_work(&probe[..1_000]) {
        Some("`local_work` in your file was changed; put the original back".into())
    } else {
        None
    }
}

fn main() {
    let universe = mpi::initialize().expect("MPI could not start");
    let world = universe.world();
    let rank = world.rank();
    let parts = [world.duplicate(), world.duplicate(), world.duplicate()];
    // Every rank reads the same seed, so rank 0 can rebuild every rank's samples.
    let seed = parlab_support::seed(SEED);
    let samples = samples_of(seed, rank);

    let ((chained, ring, (overlap, work)), seconds) = parlab_support::mpi::time(&world, || {
        let chained = solution::chain_blocking(&parts[0], START, contribution(rank));
        let ring = solution::chain_send_receive(&parts[1], ring_value(rank));
        let overlap = solution::chain_nonblocking(&parts[2], overlap_value(rank), &samples);
        (chained, ring, overlap)
    });

    let mine: [u64; FIELDS] = [
        u64::from(chained.is_some()),
        chained.unwrap_or(0),
        ring,
        overlap,
        work,
    ];
    let root = world.process_at_rank(0);
    if rank != 0 {
        root.gather_into(&mine[..]);
        // Every rank calls `report` (it checks every rank's guards); only rank
        // 0's result is printed.
        parlab_support::mpi::report(&world, "", seconds);
        return;
    }
    let mut flat = vec![0u64; FIELDS * world.size() as usize];
    root.gather_into_root(&mine[..], &mut flat[..]);
    let all: Vec<[u64; FIELDS]> = flat
        .chunks(FIELDS)
        .map(|c| c.try_into().expect("FIELDS numbers per rank"))
        .collect();
    let overlap_verdict = match check_ring("chain_nonblocking", &all, 3, overlap_value) {
        ok if ok.ends_with(": ok") => check_work(seed, &all).unwrap_or(ok),
        wrong => wrong,
    };
    let verdicts = [
        helpers_changed(seed).unwrap_or_else(|| check_chain(&all)),
        check_ring("chain_send_receive", &all, 2, ring_value),
        overlap_verdict,
    ];
    for line in &verdicts {
        println!("{line}");
    }
    let first_wrong = verdicts.into_iter().find(|v| !v.ends_with(": ok"));
    let result = first_wrong.unwrap_or_else(|| ALL_GOOD.to_owned());
    parlab_support::mpi::report(&world, result, seconds);
}
