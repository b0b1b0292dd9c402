//! Harness for mpi/exchange. Course-owned: the learner does not edit this file.
//!
//! Every rank builds its own array of `LEN` numbers (seeded by its rank), the
//! learner's `ring_shift` passes the arrays one step round the ring, and rank 0
//! checks what every rank ended up with. The verdict is a sentence that does
//! not depend on the number of ranks, so one expected value fits every run.

#![forbid(unsafe_code)]

#[path = "../../../mpi/exchange.rs"]
mod solution;

use mpi::traits::*;
use parlab_support::rng::SplitMix64;

/// About 8 MB of u64 per rank: far above any eager limit, so a blocking
/// `send` waits for the matching `receive`.
const LEN: usize = 1_000_003;
/// The seed of the arrays when the workbench chooses none.
const SEED: u64 = 0x7269_6e67;

const ALL_GOOD: &str = "every rank holds the array of its left neighbour";

/// The numbers of rank `rank`'s array, generated on the fly from `seed`.
fn numbers_of(seed: u64, rank: i32) -> impl Iterator<Item = u64> {
    let mut rng = SplitMix64::new(seed ^ (rank as u64).wrapping_mul(0x9e37_79b9));
    (0..LEN).map(move |_| rng.next_u64())
}

fn fingerprint(words: impl IntoIterator<Item = u64>) -> u64 {
    u64::from_str_radix(&parlab_support::fingerprint(words), 16).unwrap_or(0)
}

/// Rank 0's verdict on the (length, fingerprint) pair each rank sent. The
/// words do not depend on the rank count, so the same mistake reads the same
/// on 2 ranks and on 3, and they are short enough to be shown whole.
fn verdict(seed: u64, summaries: &[u64], size: i32) -> String {
    let own: Vec<u64> = (0..size)
        .map(|r| fingerprint(numbers_of(seed, r)))
        .collect();
    for (rank, pair) in (0..size).zip(summaries.chunks(2)) {
        let (len, print) = (pair[0], pair[1]);
        let left = (rank + size - 1) % size;
        if len != LEN as u64 {
            return format!("a rank returned {len} numbers; the arrays have {LEN}");
        }
        if print == own[left as usize] {
            continue;
        }
        let right = (rank + 1) % size;
        let held = own.iter().position(|&p| p == print).map(|r| r as i32);
        return match held {
            Some(r) if r == rank => "a rank returned its own array, not its left neighbour's",
            Some(r) if r == right => {
                "a rank got its right neighbour's array: the shift goes the wrong way"
            }
            Some(_) => "a rank got the array of a rank that is not its left neighbour",
            None => "a rank returned numbers that are no rank's array",
        }
        .to_owned();
    }
    ALL_GOOD.to_owned()
}

fn main() {
    let universe = mpi::initialize().expect("MPI could not start");
    let world = universe.world();
    // Every rank reads the same seed, so rank 0 can rebuild every array.
    let seed = parlab_support::seed(SEED);
    let mine: Vec<u64> = numbers_of(seed, world.rank()).collect();

    let (received, seconds) =
        parlab_support::mpi::time(&world, || solution::ring_shift(&world, &mine));

    let summary = [received.len() as u64, fingerprint(received.iter().copied())];
    let root = world.process_at_rank(0);
    if world.rank() == 0 {
        let mut all = vec![0u64; 2 * world.size() as usize];
        root.gather_into_root(&summary[..], &mut all[..]);
        parlab_support::mpi::report(&world, verdict(seed, &all, world.size()), seconds);
    } else {
        root.gather_into(&summary[..]);
        // Every rank calls `report` (it checks every rank's guards); only rank
        // 0's result is printed.
        parlab_support::mpi::report(&world, "", seconds);
    }
}
