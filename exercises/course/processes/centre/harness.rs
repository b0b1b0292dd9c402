//! Harness for processes/centre. Course-owned: the learner does not edit this
//! file.
//!
//! The binary is also its own worker: the learner's `centre` starts copies of
//! it with `--worker` as the first argument. Such a child runs only the
//! learner's `worker` and returns, before anything is timed and without the
//! result line, so only the parent reports.
//!
//! The molecule is never built here. Every atom is a function of the seed and
//! its index, so a child can make its own share of the atoms from three
//! numbers, and nothing large crosses a pipe. An atom costs some 30 ns (a sine
//! and a cosine), so 30 000 001 atoms give the serial loop about a second of
//! work, against a few milliseconds to start the children. The count is odd,
//! so a split that drops the leftover atoms moves the centre's z by far more
//! than the tolerance.

#![forbid(unsafe_code)]

#[path = "../../../processes/centre.rs"]
mod solution;

use std::process::ExitCode;
use std::time::Instant;

/// The first argument that marks a child process, in every processes exercise.
const WORKER_FLAG: &str = "--worker";
const ATOMS: u64 = 30_000_001;
const SEED: u64 = 0x434e_5452_4502;

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some(WORKER_FLAG) {
        return match solution::worker() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("worker process {}: {e}", std::process::id());
                ExitCode::FAILURE
            }
        };
    }
    let workers = parlab_support::workers();
    // Timed with a plain clock: the support crate's clock would also count
    // the CPU time of this process only, which leaves out the children's, and
    // the workbench would then report that the kernel kept no core busy.
    let start = Instant::now();
    let centre = solution::centre(SEED, ATOMS, workers);
    let seconds = start.elapsed().as_secs_f64();
    match centre {
        Ok(centre) => {
            parlab_support::report(centre.to_vec(), seconds);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("centre failed: {e}");
            ExitCode::FAILURE
        }
    }
}
