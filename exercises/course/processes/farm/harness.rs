//! Harness for processes/farm. Course-owned: the learner does not edit this
//! file.
//!
//! The binary is also its own worker: the learner's `farm` starts copies of it
//! with `--worker` as the first argument. Such a child runs only the learner's
//! `worker` and returns, before the tasks are built and without the result
//! line, so only the parent reports.
//!
//! 401 tasks (a prime, so no worker count splits them evenly). Most take
//! 300 000 to 600 000 rounds of `work`, about a millisecond: large enough that
//! a round trip through two pipes (tens of microseconds) costs a few percent.
//! Twelve take 24 to 28 million rounds, and all twelve lie among the first 130
//! tasks, so a static split into contiguous blocks gives them all to the first
//! worker whether there are 2 or 3 workers. With 2 workers that worker has
//! about 80% of the work, which caps a static split near 1.25x.

#![forbid(unsafe_code)]

#[path = "../../../processes/farm.rs"]
mod solution;

use std::process::ExitCode;

use parlab_support::rng::SplitMix64;
use solution::Task;

const TASKS: usize = 401;
const HEAVY: usize = 12;
/// The heavy tasks lie among the first `HEAVY_WITHIN` tasks.
const HEAVY_WITHIN: u64 = 130;
/// The seed of the tasks when the workbench chooses none.
const SEED: u64 = 0x4641_524d;

fn tasks(seed: u64) -> Vec<Task> {
    let mut rng = SplitMix64::new(seed);
    let mut tasks: Vec<Task> = (0..TASKS)
        .map(|_| Task {
            seed: rng.next_u64(),
            rounds: 300_000 + rng.below(300_000),
        })
        .collect();
    let mut placed = 0;
    while placed < HEAVY {
        let task = &mut tasks[rng.below(HEAVY_WITHIN) as usize];
        if task.rounds < 1_000_000 {
            task.rounds = 24_000_000 + rng.below(4_000_000);
            placed += 1;
        }
    }
    tasks
}

fn main() -> ExitCode {
    if let Some(code) = parlab_support::run_as_worker(solution::worker) {
        return code;
    }
    let tasks = tasks(parlab_support::seed(SEED));
    let workers = parlab_support::workers();
    // The support crate's clock counts the CPU time of the children the
    // kernel waited for, too, so the workbench sees the cores they kept busy.
    let (results, seconds) = parlab_support::time(|| solution::farm(&tasks, workers));
    match results {
        Ok(results) if results.len() == tasks.len() => {
            parlab_support::report(parlab_support::fingerprint(results), seconds);
            ExitCode::SUCCESS
        }
        Ok(results) => {
            eprintln!(
                "farm returned {} results for {} tasks",
                results.len(),
                tasks.len()
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("farm failed: {e}");
            ExitCode::FAILURE
        }
    }
}
