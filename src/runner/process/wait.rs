//! Waiting for a run to end, and ending it: the run loop ([`watch`]) wakes
//! every [`TICK`] to take output, look at the clock and the cancel flag, and
//! sample the process tree; a timeout, a flood or a cancel stops the group
//! (SIGTERM, a grace period, SIGKILL); once the leader is gone, [`sweep`]
//! kills and reaps whatever of the run is left.

use std::process::Child;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, WaitId, WaitIdOptions, kill_process_group, waitid};

use super::capture::{Capture, Chunk, Stream};
use super::spec::{Ending, RunSpec};
use crate::runner::procfs::{
    children_of, descendants, group_and_state, process_cpu_seconds, start_time, tree_peak_rss,
};

/// How long a group has between SIGTERM and SIGKILL.
const GRACE: Duration = Duration::from_millis(500);
/// How often the run loop wakes to look at the clock and the cancel flag.
const TICK: Duration = Duration::from_millis(25);
/// How often the process tree's memory is sampled.
pub(super) const SAMPLE: Duration = Duration::from_millis(100);

/// Waits for the leader to exit, for the time limit, for the cap, or for a
/// cancel, and leaves the group empty (its leader possibly still a zombie).
/// Returns why we stopped the run, if we did.
pub(super) fn watch(
    spec: &RunSpec,
    child: &Child,
    group: &Group,
    rx: &Receiver<Chunk>,
    capture: &mut Capture,
    sink: &mut dyn FnMut(Stream, &[u8]),
    start: Instant,
) -> Option<Ending> {
    let deadline = start + spec.time_limit;
    loop {
        let stop = if spec.cancel.load(Ordering::Relaxed) {
            Some(Ending::Cancelled)
        } else if Instant::now() >= deadline {
            Some(Ending::TimedOut)
        } else {
            let stop = take_output(rx, capture, sink);
            if capture.sampled.elapsed() >= SAMPLE {
                sample(child.id(), capture);
            }
            if stop.is_none() && leader_exited(child) {
                capture.cpu_seconds = process_cpu_seconds(child.id());
                // Anything the program left running in its group goes now.
                group.kill_now();
                return None;
            }
            stop
        };
        if stop.is_some() {
            group.terminate(child);
            return stop;
        }
    }
}

/// Waits up to a [`TICK`] for a chunk of output and keeps it; the output
/// limit when it did not fit.
fn take_output(
    rx: &Receiver<Chunk>,
    capture: &mut Capture,
    sink: &mut dyn FnMut(Stream, &[u8]),
) -> Option<Ending> {
    match rx.recv_timeout(TICK) {
        Ok((stream, bytes)) if !capture.push(stream, &bytes, sink) => Some(Ending::OutputLimit),
        Ok(_) => None,
        Err(RecvTimeoutError::Disconnected) => {
            thread::sleep(TICK);
            None
        }
        Err(RecvTimeoutError::Timeout) => None,
    }
}

/// Notes the tree's peak memory so far, and every descendant of the leader
/// not seen before (for [`sweep`], should it leave the group).
fn sample(leader: u32, capture: &mut Capture) {
    capture.sampled = Instant::now();
    if let Some(rss) = tree_peak_rss(leader) {
        capture.peak_rss = Some(capture.peak_rss.map_or(rss, |p| p.max(rss)));
    }
    for pid in descendants(leader) {
        if !capture.seen.iter().any(|(p, _)| *p == pid)
            && let Some(start) = start_time(pid)
        {
            capture.seen.push((pid, start));
        }
    }
}

/// Whether the leader has exited, without reaping it.
fn leader_exited(child: &Child) -> bool {
    let pid = Pid::from_child(child);
    let options = WaitIdOptions::EXITED | WaitIdOptions::NOHANG | WaitIdOptions::NOWAIT;
    matches!(waitid(WaitId::Pid(pid), options), Ok(Some(_)))
}

/// A child's process group, named by its leader's pid.
pub(super) struct Group(pub(super) Pid);

impl Group {
    /// SIGTERM, up to [`GRACE`] for the leader to go, then SIGKILL for all.
    /// Descendants that left the group (MPI launchers start their ranks in
    /// groups of their own; a program may call setsid) are found through
    /// /proc while the leader lives, and signalled too.
    fn terminate(&self, child: &Child) {
        let mut tree = descendants(child.id());
        let _ = kill_process_group(self.0, Signal::TERM);
        signal_each(&tree, Signal::TERM);
        let until = Instant::now() + GRACE;
        while Instant::now() < until && !leader_exited(child) {
            for pid in descendants(child.id()) {
                if !tree.contains(&pid) {
                    tree.push(pid);
                }
            }
            thread::sleep(Duration::from_millis(10));
        }
        self.kill_now();
        signal_each(&tree, Signal::KILL);
    }

    pub(super) fn kill_now(&self) {
        let _ = kill_process_group(self.0, Signal::KILL);
    }

    fn id(&self) -> i32 {
        self.0.as_raw_nonzero().get()
    }
}

/// Sends `signal` to each of `pids`; one that is gone is skipped.
pub(crate) fn signal_each(pids: &[u32], signal: Signal) {
    for &pid in pids {
        if let Some(pid) = Pid::from_raw(pid as i32) {
            let _ = rustix::process::kill_process(pid, signal);
        }
    }
}

/// After a run: kills every descendant it was seen to have (that is still
/// the same process), and reaps those that became our children, with any
/// other child of ours still in the run's group.
pub(super) fn sweep(group: &Group, seen: &[(u32, u64)]) {
    group.kill_now();
    let alive: Vec<u32> = seen
        .iter()
        .filter(|(pid, start)| start_time(*pid) == Some(*start))
        .map(|(pid, _)| *pid)
        .collect();
    signal_each(&alive, Signal::KILL);
    let ours = |pid: u32| {
        alive.contains(&pid) || group_and_state(pid).is_some_and(|(g, _)| g == group.id())
    };
    let until = Instant::now() + Duration::from_millis(200);
    loop {
        let me = std::process::id();
        let mut waiting = false;
        for pid in children_of(me).into_iter().filter(|&p| ours(p)) {
            let Some(p) = Pid::from_raw(pid as i32) else {
                continue;
            };
            let options = WaitIdOptions::EXITED | WaitIdOptions::NOHANG;
            match waitid(WaitId::Pid(p), options) {
                Ok(Some(_)) | Err(_) => {}
                Ok(None) => waiting = true,
            }
        }
        if !waiting || Instant::now() >= until {
            return;
        }
        thread::sleep(Duration::from_millis(5));
    }
}
