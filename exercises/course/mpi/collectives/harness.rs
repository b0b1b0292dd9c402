//! Harness for mpi/collectives. Course-owned: the learner does not edit this
//! file. Every rank calls the learner's five functions in order, then checks
//! what it got against what it should have got for the current number of
//! ranks, which every rank can work out from the same seed. Rank 0 collects
//! the verdicts and reports "ok", or the first mismatch: the lowest-numbered
//! function that went wrong, on the lowest rank where it did.

#![forbid(unsafe_code)]

#[path = "../../../mpi/collectives.rs"]
mod solution;

use mpi::topology::SimpleCommunicator;
use mpi::traits::*;
use parlab_support::rng::SplitMix64;
use solution::PER_RANK;

/// The seed of the inputs when the workbench chooses none.
const SEED: u64 = 0xc011_ec71;
const SETTINGS: usize = 4;
/// The verdict of a rank on which every function gave the right answer.
const ALL_RIGHT: u32 = u32::MAX;

/// Rank 0's settings.
fn settings(seed: u64) -> Vec<i64> {
    let mut rng = SplitMix64::new(seed);
    (0..SETTINGS).map(|_| rng.below(90) as i64 + 10).collect()
}

/// Rank 0's deck: `PER_RANK` cards for each of `size` ranks.
fn deck(seed: u64, size: usize) -> Vec<i64> {
    let mut rng = SplitMix64::new(seed ^ 0xdec4);
    (0..PER_RANK * size)
        .map(|_| rng.below(100) as i64)
        .collect()
}

/// The value that `rank` passes to function number `which`: 1 to 999, and
/// a different one on every rank (up to 999 ranks), whatever the seed, so a
/// number gathered to the wrong index or a sum that leaves a rank out never
/// looks right by chance. A draw of 0 or of a lower rank's value is drawn
/// again from the same generator.
fn value(seed: u64, which: u64, rank: usize) -> i64 {
    let mut earlier = Vec::with_capacity(rank + 1);
    for r in 0..=rank {
        let mut rng = SplitMix64::new(seed.wrapping_add(1000 * which + r as u64));
        let mut v = rng.below(1000) as i64;
        while v == 0 || (earlier.len() < 999 && earlier.contains(&v)) {
            v = rng.below(1000) as i64;
        }
        earlier.push(v);
    }
    earlier[rank]
}

/// What one rank got back from the learner's functions.
struct Got {
    settings: Vec<i64>,
    hand: [i64; PER_RANK],
    gathered: Option<Vec<i64>>,
    total: Option<i64>,
    parity_total: i64,
}

fn run(world: &SimpleCommunicator, seed: u64) -> Got {
    let (rank, size) = (world.rank() as usize, world.size() as usize);
    let mut settings = if rank == 0 {
        settings(seed)
    } else {
        vec![0; SETTINGS]
    };
    solution::share_settings(world, &mut settings);
    let deck = if rank == 0 {
        deck(seed, size)
    } else {
        Vec::new()
    };
    let hand = solution::deal(world, &deck);
    let gathered = solution::collect(world, value(seed, 1, rank));
    let total = solution::total(world, value(seed, 2, rank));
    let parity_total = solution::parity_total(world, value(seed, 3, rank));
    Got {
        settings,
        hand,
        gathered,
        total,
        parity_total,
    }
}

/// The first function that went wrong on this rank, numbered from 1, and
/// what went wrong; `None` if all five were right. The messages are short
/// (the workbench shows 80 characters of a result) and avoid values that
/// depend on the number of ranks where they can, so that one mistake reads
/// the same on two ranks and on three.
fn first_mismatch(seed: u64, got: &Got, rank: usize, size: usize) -> Option<(u32, String)> {
    let want = settings(seed);
    if got.settings != want {
        let got = &got.settings;
        return Some((
            1,
            format!("broadcast: rank {rank} has {got:?}, expected {want:?}"),
        ));
    }
    let want = &deck(seed, size)[rank * PER_RANK..(rank + 1) * PER_RANK];
    if got.hand[..] != *want {
        let got = got.hand;
        return Some((
            2,
            format!("scatter: rank {rank} got {got:?}, expected {want:?}"),
        ));
    }
    if let Some(message) = gather_mismatch(seed, got.gathered.as_deref(), rank, size) {
        return Some((3, message));
    }
    if let Some(message) = reduce_mismatch(seed, got.total, rank, size) {
        return Some((4, message));
    }
    split_mismatch(seed, got.parity_total, rank, size).map(|message| (5, message))
}

fn gather_mismatch(seed: u64, got: Option<&[i64]>, rank: usize, size: usize) -> Option<String> {
    let want: Vec<i64> = (0..size).map(|r| value(seed, 1, r)).collect();
    match got {
        Some(got) if rank != 0 => Some(format!(
            "gather on rank {rank} gave Some({got:?}), expected None (only rank 0 receives)"
        )),
        None if rank == 0 => {
            Some("gather on rank 0 gave None, expected every rank's number".into())
        }
        Some(got) if got != want => {
            let at = (0..).find(|&i| got.get(i) != want.get(i))?;
            Some(match (got.get(at), want.get(at)) {
                (Some(g), Some(w)) => {
                    format!(
                        "gather on rank 0: index {at} holds {g}, expected {w} (rank {at}'s number)"
                    )
                }
                (None, Some(_)) => {
                    format!("gather on rank 0: rank {at}'s number is missing (index {at})")
                }
                _ => format!(
                    "gather on rank 0 gave {} numbers for {size} ranks",
                    got.len()
                ),
            })
        }
        _ => None,
    }
}

fn reduce_mismatch(seed: u64, got: Option<i64>, rank: usize, size: usize) -> Option<String> {
    let want: i64 = (0..size).map(|r| value(seed, 2, r)).sum();
    match got {
        Some(got) if rank != 0 => Some(format!(
            "reduce on rank {rank} gave Some({got}), expected None (only rank 0 receives)"
        )),
        None if rank == 0 => {
            Some("reduce on rank 0 gave None, expected Some(sum of all ranks' numbers)".into())
        }
        Some(got) if got == value(seed, 2, 0) && got != want => Some(format!(
            "reduce on rank 0 gave Some({got}), its own number alone, not the sum"
        )),
        Some(got) if got != want => Some(format!(
            "reduce on rank 0 gave Some({got}), expected Some({want})"
        )),
        _ => None,
    }
}

fn split_mismatch(seed: u64, got: i64, rank: usize, size: usize) -> Option<String> {
    let want: i64 = (rank % 2..size).step_by(2).map(|r| value(seed, 3, r)).sum();
    let everyone: i64 = (0..size).map(|r| value(seed, 3, r)).sum();
    let half = ["even", "odd"][rank % 2];
    if got == want {
        None
    } else if got == everyone {
        Some(format!(
            "split: rank {rank} got the sum over all ranks, expected the {half} ranks' sum"
        ))
    } else if got == value(seed, 3, rank) {
        Some(format!(
            "split: rank {rank} got its own number alone, expected the {half} ranks' sum"
        ))
    } else {
        Some(format!(
            "split: rank {rank} got {got}, expected {want}, the {half} ranks' sum"
        ))
    }
}

/// On rank 0: the first mismatch over all ranks, or "ok". Each other rank
/// sends its verdict number, then its message if it has one.
fn verdict(world: &SimpleCommunicator, mine: Option<(u32, String)>) -> String {
    let root = world.process_at_rank(0);
    if world.rank() != 0 {
        let (which, message) = mine.unwrap_or((ALL_RIGHT, String::new()));
        root.send(&which);
        if which != ALL_RIGHT {
            root.send(message.as_bytes());
        }
        return String::new();
    }
    let mut first = mine;
    for r in 1..world.size() {
        let from = world.process_at_rank(r);
        let (which, _) = from.receive::<u32>();
        if which == ALL_RIGHT {
            continue;
        }
        let (bytes, _) = from.receive_vec::<u8>();
        if first.as_ref().is_none_or(|(w, _)| which < *w) {
            first = Some((which, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    first.map_or_else(|| "ok".to_owned(), |(_, message)| message)
}

fn main() {
    let universe = mpi::initialize().expect("MPI could not start");
    let world = universe.world();
    // Every rank reads the same seed, so every rank can work out what every
    // function should give it.
    let seed = parlab_support::seed(SEED);
    let (got, seconds) = parlab_support::mpi::time(&world, || run(&world, seed));
    let (rank, size) = (world.rank() as usize, world.size() as usize);
    let result = verdict(&world, first_mismatch(seed, &got, rank, size));
    parlab_support::mpi::report(&world, result, seconds);
}
