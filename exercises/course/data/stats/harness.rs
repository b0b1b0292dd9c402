//! Harness for data/stats. Course-owned: the learner does not edit this file.
//!
//! The array holds 96 000 011 measurements, about 1 000 000 plus a noise of
//! at most ±1 (the sum of two uniform draws, so its standard deviation is
//! √(1/6) ≈ 0.408), in chunks of 400 000 to 1 599 999 values, as a Dask
//! array stores a large array. It is built from a seed (the workbench's, or a
//! fixed one) before the clock starts; the value count is prime, so no worker
//! count splits it evenly.
//!
//! The mean is about 2.4 million times the spread, which is what makes the
//! textbook formula Σx² − (Σx)²/n fail here: both terms are about 10²⁰, where
//! one rounding step is 16 384, and their difference is only about 1.6 × 10⁷,
//! so the rounding errors of 96 million additions show in its third digit.

#![forbid(unsafe_code)]

#[path = "../../../data/stats.rs"]
mod solution;

use parlab_support::rng::SplitMix64;

const VALUES: usize = 96_000_011;
/// The seed of the measurements when the workbench chooses none.
const SEED: u64 = 0x5354_4154_5321;
const CENTRE: f64 = 1.0e6;

fn chunks(seed: u64) -> Vec<Vec<f64>> {
    let mut rng = SplitMix64::new(seed);
    let mut chunks = Vec::new();
    let mut left = VALUES;
    while left > 0 {
        let length = (400_000 + rng.below(1_200_000) as usize).min(left);
        left -= length;
        let chunk = (0..length)
            .map(|_| {
                let bits = rng.next_u64();
                let (high, low) = ((bits >> 32) as f64, (bits & 0xffff_ffff) as f64);
                CENTRE + (high + low) / 4_294_967_296.0 - 1.0
            })
            .collect();
        chunks.push(chunk);
    }
    chunks
}

fn main() {
    let chunks = chunks(parlab_support::seed(SEED));
    let workers = parlab_support::workers();
    let ((mean, std_dev), seconds) =
        parlab_support::time(|| solution::mean_and_std_dev(&chunks, workers));
    parlab_support::report(vec![mean, std_dev], seconds);
}
