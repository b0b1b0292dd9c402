//! Harness for processes/squares. Course-owned: the learner does not edit
//! this file.
//!
//! The binary is also its own worker: the learner's `squares` starts copies of
//! it with `--worker` as the first argument. Such a child runs only the
//! learner's `worker` and returns, before any input is built and without the
//! result line, so only the parent reports.
//!
//! The list is short on purpose: the exercise is about starting, feeding and
//! waiting for child processes, not about speed, so nothing is graded on time.

#![forbid(unsafe_code)]

#[path = "../../../processes/squares.rs"]
mod solution;

use std::process::ExitCode;

use parlab_support::rng::SplitMix64;

const COUNT: usize = 13;
/// The seed of the numbers when the workbench chooses none.
const SEED: u64 = 0x5351_5541_5245;

fn main() -> ExitCode {
    if let Some(code) = parlab_support::run_as_worker(solution::worker) {
        return code;
    }
    // Squares below 10^18 fit the result line's signed 64-bit integers.
    let mut rng = SplitMix64::new(parlab_support::seed(SEED));
    let numbers: Vec<u64> = (0..COUNT).map(|_| rng.below(1_000_000_000)).collect();
    // The support crate's clock counts the CPU time of the children the
    // kernel waited for, too.
    let (squares, seconds) = parlab_support::time(|| solution::squares(&numbers));
    match squares {
        Ok(squares) => {
            parlab_support::report(squares, seconds);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("squares failed: {e}");
            ExitCode::FAILURE
        }
    }
}
