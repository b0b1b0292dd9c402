//! Harness for processes/centre. Course-owned: the learner does not edit this
//! file.
//!
//! The binary is also its own worker: the learner's `centre` starts copies of
//! it with `--worker` as the first argument. Such a child runs only the
//! learner's `worker` and returns, before anything is timed and without the
//! result line, so only the parent reports.
//!
//! The molecule is never built here. Every atom is a function of the seed (the
//! workbench's, or a fixed one) and its index, so a child can make its own
//! share of the atoms from three numbers, and nothing large crosses a pipe. An
//! atom costs some 30 ns (a sine and a cosine), so 30 000 001 atoms give the
//! serial loop about a second of work, against a few milliseconds to start the
//! children. The count is odd, so a split that drops the leftover atoms moves
//! the centre's z by far more than the tolerance.

#![forbid(unsafe_code)]

#[path = "../../../processes/centre.rs"]
mod solution;

use std::process::ExitCode;

const ATOMS: u64 = 30_000_001;
/// The seed of the molecule when the workbench chooses none.
const SEED: u64 = 0x434e_5452_4502;

fn main() -> ExitCode {
    if let Some(code) = parlab_support::run_as_worker(solution::worker) {
        return code;
    }
    // The children get the seed from the learner's `centre`, not from here.
    let seed = parlab_support::seed(SEED);
    let workers = parlab_support::workers();
    // The support crate's clock counts the CPU time of the children the
    // kernel waited for, too, so the workbench sees the cores they kept busy.
    let (centre, seconds) = parlab_support::time(|| solution::centre(seed, ATOMS, workers));
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
