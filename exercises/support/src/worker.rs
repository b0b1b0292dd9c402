//! Harnesses whose binary is also its own worker (the processes module): the
//! learner's code starts copies of the running executable with `--worker`
//! as the first argument, and such a child runs only the learner's
//! `worker` function.
//!
//! A worker returns before anything else of this crate is called: it never
//! reads the run's key (its standard input belongs to the learner's
//! protocol), draws no seed and prints no result line, so only the parent
//! reports. Its CPU time still counts: [`crate::time`] adds the CPU time of
//! the children the kernel waited for.

use std::fmt::Display;
use std::process::ExitCode;

/// The first argument that marks a child process, in every exercise whose
/// binary is its own worker.
pub const WORKER_FLAG: &str = "--worker";

/// When this process was started as a worker (`--worker` as its first
/// argument), runs `worker` and returns the exit code to end with: success,
/// or failure with the error on standard error. Otherwise returns `None`
/// without running anything. Call it first in `main`:
///
/// ```ignore
/// fn main() -> ExitCode {
///     if let Some(code) = parlab_support::run_as_worker(solution::worker) {
///         return code;
///     }
///     // the parent: input, clock, report
/// }
/// ```
pub fn run_as_worker<E: Display>(worker: impl FnOnce() -> Result<(), E>) -> Option<ExitCode> {
    if std::env::args().nth(1).as_deref() != Some(WORKER_FLAG) {
        return None;
    }
    Some(match worker() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("worker process {}: {e}", std::process::id());
            ExitCode::FAILURE
        }
    })
}
