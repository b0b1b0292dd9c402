//! Harness for threads/histogram. Course-owned: the learner does not edit this
//! file. Counting a pair costs about a nanosecond, so it takes 600 million
//! bytes to give the serial loop well over half a second of work; with less,
//! thread start-up and noise would weigh too much in the speedup. The byte
//! count is prime, so no worker count divides the pairs evenly, and a split
//! that loses a pair at the edge of a block changes the counts.

#![forbid(unsafe_code)]

#[path = "../../../threads/histogram.rs"]
mod solution;

use parlab_support::rng::SplitMix64;

const BYTES: usize = 600_000_007;
/// The seed of the bytes when the workbench chooses none.
const SEED: u64 = 0x4849_5354;

/// Uniformly random bytes from `seed`, eight from every draw of the
/// generator.
fn data(seed: u64) -> Vec<u8> {
    let mut rng = SplitMix64::new(seed);
    let mut data = vec![0; BYTES];
    for block in data.chunks_mut(8) {
        let word = rng.next_u64().to_le_bytes();
        block.copy_from_slice(&word[..block.len()]);
    }
    data
}

fn main() {
    let data = data(parlab_support::seed(SEED));
    let workers = parlab_support::workers();
    let (counts, seconds) = parlab_support::time(|| solution::histogram(&data, workers));
    parlab_support::report(parlab_support::fingerprint(counts), seconds);
}
