//! Spawning one child in its own process group, capturing its output up to a
//! cap, and killing the whole group on timeout, flood or cancel.
//!
//! Every child is reaped before [`run`] returns, and the group is swept with
//! SIGKILL once its leader has exited, so a program cannot leave a process of
//! its own behind inside the group. Processes that leave the group (an MPI
//! launcher's ranks, a program that calls setsid) are found by walking the
//! process tree while the run lasts, and killed too. parlab makes itself the
//! subreaper of its descendants (Linux), so an orphan becomes its child rather
//! than init's, and is reaped here instead of lingering as a zombie. The
//! captured output is bounded by the cap (plus one bounded channel of
//! chunks), whatever the child writes.
//!
//! The steps of [`run_with`] live beside it, one job a file: [`spec`] (what
//! to run, what came back), [`spawn`] (starting the leader, its limits),
//! [`capture`] (its output, up to the cap), [`wait`] (the run loop, timeouts
//! and killing).

mod capture;
mod spawn;
mod spec;
#[cfg(test)]
mod tests;
mod wait;

use std::io;
use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;
use std::sync::mpsc;
use std::time::Instant;

use rustix::process::Pid;

pub use capture::Stream;
pub use spec::{Ending, Limits, RunOutput, RunSpec, StdinPipe};
pub(super) use wait::signal_each;

use super::contain::{self, Cell, Leaders};
use super::procfs::machine_busy_seconds;
use capture::Capture;
use wait::Group;

/// Runs `spec` to its end and reaps it and its group.
pub fn run(spec: &RunSpec) -> io::Result<RunOutput> {
    run_with(spec, &mut |_, _| {})
}

/// Like [`run`], and hands every chunk of output to `sink` as it arrives
/// (only what fits under the cap).
pub fn run_with(spec: &RunSpec, sink: &mut dyn FnMut(Stream, &[u8])) -> io::Result<RunOutput> {
    spawn::become_subreaper();
    let program = spawn::resolve(&spec.program, &spec.env)?;
    let cell = Cell::for_run();
    let (program, args) = match &cell {
        Some(cell) => cell.wrap(&program, &spec.args),
        None => (program, spec.args.clone()),
    };
    let run_id = contain::new_run_id();
    let mut command = spawn::command(spec, &program, &args, &run_id)?;
    let start = Instant::now();
    let busy_before = machine_busy_seconds();
    let mut child = spawn::start(&mut command)?;
    let group = Group(Pid::from_child(&child));
    spawn::apply_limits(group.0, &spec.limits);
    let (tx, rx) = mpsc::sync_channel(16);
    if let Err(e) = capture::spawn_readers(&mut child, tx) {
        group.kill_now();
        let _ = child.wait();
        Leaders::remove(child.id());
        if let Some(cell) = cell {
            cell.finish();
        }
        return Err(e);
    }
    let mut capture = Capture::new(spec.output_cap, start);
    let stopped = wait::watch(spec, &child, &group, &rx, &mut capture, sink, start);
    let overflowed = capture::drain(&rx, &mut capture, sink);
    let machine_busy = busy_before
        .zip(machine_busy_seconds())
        .map(|(before, after)| after - before);
    let status = child.wait();
    Leaders::remove(child.id());
    wait::sweep(&group, &capture.seen);
    // Everything the run started ends here, and the tree's CPU time is read
    // once nothing of it runs any more.
    let tree_cpu = cell.and_then(Cell::finish);
    contain::sweep_orphans(&run_id);
    let wall = start.elapsed();
    // A Slurm step's ranks are slurmstepd's, not ours: a run we stopped
    // ends them through Slurm too.
    if let Some(step) = &spec.slurm_step
        && stopped.is_some()
    {
        step.end();
    }
    let status = status?;
    let outside = spec.slurm_step.as_ref();
    let ending = match stopped {
        Some(ending) => ending,
        None if overflowed => Ending::OutputLimit,
        None => ending_of(status),
    };
    Ok(RunOutput {
        ending,
        stdout: String::from_utf8_lossy(&capture.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&capture.stderr).into_owned(),
        wall,
        peak_rss_bytes: capture.peak_rss.filter(|_| outside.is_none()),
        cpu_seconds: tree_cpu
            .or(capture.cpu_seconds)
            .filter(|_| outside.is_none()),
        machine_busy_seconds: machine_busy,
    })
}

fn ending_of(status: ExitStatus) -> Ending {
    match (status.code(), status.signal()) {
        (Some(code), _) => Ending::Exited { code },
        (None, Some(signal)) => Ending::Signaled { signal },
        (None, None) => Ending::Exited { code: -1 },
    }
}
