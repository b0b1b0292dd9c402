//! Harness for threads/pipeline. Course-owned: the learner does not edit this
//! file. There are 1301 jobs, a prime, so no worker count divides them evenly.
//! Each job takes 200 000 to 400 000 mixing rounds, roughly 0.5 to 1 ms: a
//! channel send that wakes a sleeping thread costs tens of microseconds on a
//! small virtual machine, and jobs this large keep that cost to a few percent,
//! so two workers can run nearly twice as fast as one.

#![forbid(unsafe_code)]

#[path = "../../../threads/pipeline.rs"]
mod solution;

use parlab_support::rng::SplitMix64;

const JOBS: usize = 1_301;
/// The seed of the jobs when the workbench chooses none.
const SEED: u64 = 0x7069_7065_6c69_6e65;

fn main() {
    let seed = parlab_support::seed(SEED);
    let workers = parlab_support::workers();
    let mut rng = SplitMix64::new(seed);
    let jobs: Vec<u64> = (0..JOBS).map(|_| rng.next_u64()).collect();
    let (checksum, seconds) = parlab_support::time(|| solution::checksum(&jobs, workers));
    parlab_support::report(format!("{checksum:016x}"), seconds);
}
