//! The clock and the result line for MPI harnesses (the `mpi` feature).
//!
//! Launching ranks takes a large part of a second, so an MPI exercise is not
//! timed from outside. Every rank meets at a barrier, the clock starts, the
//! kernel runs, every rank meets again, and the clock stops; rank 0 reports.
//! The CPU time of every rank is added up on rank 0, so the workbench can say
//! how many cores the ranks kept busy (ranks waiting inside MPI calls often
//! spin, and that counts too).

use std::time::Instant;

use mpi::collective::SystemOperation;
use mpi::traits::*;

use crate::{KERNEL_CPU, Value, process_cpu_seconds};

/// Runs `kernel` on every rank between two barriers; returns its value and
/// the wall time in seconds (the same on every rank, measured on each).
pub fn time<T, C: Communicator>(world: &C, kernel: impl FnOnce() -> T) -> (T, f64) {
    crate::session::start();
    world.barrier();
    crate::session::enter_kernel();
    let cpu_before = process_cpu_seconds();
    let start = Instant::now();
    let value = kernel();
    world.barrier();
    let seconds = start.elapsed().as_secs_f64();
    crate::session::leave_kernel();
    let cpu = match (cpu_before, process_cpu_seconds()) {
        (Some(before), Some(after)) => after - before,
        _ => f64::NAN,
    };
    let root = world.process_at_rank(0);
    let tampered = i32::from(crate::session::tampered().is_some());
    if world.rank() == 0 {
        let mut total = 0.0f64;
        root.reduce_into_root(&cpu, &mut total, SystemOperation::sum());
        if total.is_finite() {
            KERNEL_CPU.with(|c| c.set(Some(total)));
        }
        let mut any = 0i32;
        root.reduce_into_root(&tampered, &mut any, SystemOperation::max());
        if any > tampered {
            crate::session::tamper_from_elsewhere("another rank's guards were tripped");
        }
    } else {
        root.reduce_into(&cpu, SystemOperation::sum());
        root.reduce_into(&tampered, SystemOperation::max());
    }
    (value, seconds)
}

/// Rank 0 prints the result line; on the other ranks this does nothing, so
/// a harness may call it on rank 0 alone or on every rank. Tampering that
/// another rank saw during the kernel reaches rank 0 through [`time`].
pub fn report<C: Communicator>(world: &C, result: impl Into<Value>, seconds: f64) {
    if world.rank() == 0 {
        crate::report(result, seconds);
    }
}
