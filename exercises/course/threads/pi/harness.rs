//! Harness for threads/pi. Course-owned: the learner does not edit this file.
//! The step count is odd so that no worker count divides it evenly: a split
//! that forgets the leftover slices is off by more than the tolerance.

#![forbid(unsafe_code)]

#[path = "../../../threads/pi.rs"]
mod solution;

const STEPS: u32 = 700_000_001;

fn main() {
    let workers = parlab_support::workers();
    let (pi, seconds) = parlab_support::time(|| solution::pi(STEPS, workers));
    parlab_support::report(pi, seconds);
}
