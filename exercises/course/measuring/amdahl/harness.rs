//! Harness for measuring/amdahl. Course-owned: the learner does not edit this
//! file. The kernel needs no input data, only the item count: both phases are
//! arithmetic on the item numbers, so the exercise measures cores, not memory.
//! Stepping the state costs a few nanoseconds per item, so it takes 150
//! million items to give the serial program about a second of work. The
//! count is odd and not a multiple of 3, so a split that loses the last items
//! changes the final state.

#![forbid(unsafe_code)]

#[path = "../../../measuring/amdahl.rs"]
mod solution;

const ITEMS: u64 = 150_000_001;

fn main() {
    let workers = parlab_support::workers();
    let (x, seconds) = parlab_support::time(|| solution::run(ITEMS, workers));
    parlab_support::report(x, seconds);
}
