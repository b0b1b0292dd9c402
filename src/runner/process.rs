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

use std::ffi::OsString;
use std::io::{self, Read};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::thread;
use std::time::{Duration, Instant};

use rustix::process::{
    Pid, Resource, Rlimit, Signal, WaitId, WaitIdOptions, kill_process_group, prlimit, waitid,
};
use serde::Serialize;

use super::contain::{self, Cell, Leaders};

/// How long a group has between SIGTERM and SIGKILL.
const GRACE: Duration = Duration::from_millis(500);
/// How often the run loop wakes to look at the clock and the cancel flag.
const TICK: Duration = Duration::from_millis(25);
/// How often the process tree's memory is sampled.
const SAMPLE: Duration = Duration::from_millis(100);
/// How long output may keep arriving after the leader has exited.
const DRAIN: Duration = Duration::from_millis(300);

/// What to run and under which limits.
#[derive(Clone, Debug)]
pub struct RunSpec {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    pub env: Vec<(OsString, OsString)>,
    pub cwd: Option<PathBuf>,
    pub time_limit: Duration,
    /// Bytes of standard output and standard error kept, together; past
    /// this the run is stopped.
    pub output_cap: usize,
    /// Set from outside (Ctrl-C, the TUI's Esc) to stop the run.
    pub cancel: Arc<AtomicBool>,
    pub limits: Limits,
    /// Bytes the program finds on its standard input, through a pipe that
    /// is closed once they are written; `None` gives it /dev/null.
    pub stdin: Option<StdinPipe>,
}

/// What a run reads on standard input, and how it can tell that pipe from
/// any other (the inode, in an environment variable of the caller's naming).
#[derive(Clone, Debug)]
pub struct StdinPipe {
    pub bytes: Vec<u8>,
    /// Set to the pipe's inode number in the program's environment.
    pub inode_env: Option<OsString>,
}

/// Resource limits applied to the child right after it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Address space (RLIMIT_AS): an allocation past it fails in the program
    /// instead of pushing the whole machine into swap.
    pub memory_bytes: Option<u64>,
    /// Largest file the program may write (RLIMIT_FSIZE).
    pub file_bytes: Option<u64>,
    /// CPU seconds of each process (RLIMIT_CPU): a busy loop is killed by
    /// the kernel even if the wall-clock limit were missed.
    pub cpu_seconds: Option<u64>,
    /// Processes of the user (RLIMIT_NPROC), a cap on fork bombs. The
    /// kernel counts every process of the same real user, and does not
    /// apply it to root outside a user namespace (see `sandbox`).
    pub processes: Option<u64>,
}

impl Limits {
    pub fn none() -> Self {
        Self {
            memory_bytes: None,
            file_bytes: None,
            cpu_seconds: None,
            processes: None,
        }
    }

    /// For learner programs: three quarters of the machine's memory, files
    /// up to 1 GiB, no core dumps.
    pub fn learner() -> Self {
        Self {
            memory_bytes: total_memory_bytes().map(|m| m / 4 * 3),
            file_bytes: Some(1 << 30),
            cpu_seconds: None,
            processes: None,
        }
    }
}

pub(crate) fn total_memory_bytes() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = meminfo.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Best effort: the child has just started and cannot have used much yet.
fn apply_limits(pid: Pid, limits: &Limits) {
    let set = |resource, value: Option<u64>| {
        if let Some(v) = value {
            let _ = prlimit(
                Some(pid),
                resource,
                Rlimit {
                    current: Some(v),
                    maximum: Some(v),
                },
            );
        }
    };
    set(Resource::Core, Some(0));
    set(Resource::As, limits.memory_bytes);
    set(Resource::Fsize, limits.file_bytes);
    set(Resource::Cpu, limits.cpu_seconds);
    set(Resource::Nproc, limits.processes);
}

impl RunSpec {
    pub fn new(program: impl Into<PathBuf>, time_limit: Duration) -> Self {
        Self {
            program: program.into(),
            args: Vec::new(),
            env: Vec::new(),
            cwd: None,
            time_limit,
            output_cap: 1 << 20,
            cancel: super::cancel_flag(),
            limits: Limits::learner(),
            stdin: None,
        }
    }

    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "ending", rename_all = "snake_case")]
pub enum Ending {
    /// The program exited with this code.
    Exited { code: i32 },
    /// The program was killed by this signal (not by us).
    Signaled { signal: i32 },
    /// Stopped by us at the time limit.
    TimedOut,
    /// Stopped by us when its output passed the cap.
    OutputLimit,
    /// Stopped by us on request.
    Cancelled,
}

/// Everything a run left behind: how it ended, what it printed, how long.
#[derive(Clone, Debug)]
pub struct RunOutput {
    pub ending: Ending,
    pub stdout: String,
    pub stderr: String,
    pub wall: Duration,
    /// The most resident memory the program and its child processes held
    /// together, sampled every [`SAMPLE`] while it ran (Linux; else `None`).
    pub peak_rss_bytes: Option<u64>,
    /// CPU time of the program and the children it waited for (Linux).
    pub cpu_seconds: Option<f64>,
    /// CPU time the whole machine spent busy while the program ran, every
    /// process and core together (Linux: /proc/stat). Less `cpu_seconds`,
    /// it is what other programs took.
    pub machine_busy_seconds: Option<f64>,
}

impl RunOutput {
    /// The last `n` lines the program printed, standard error after standard
    /// output, for a message about a run that was stopped.
    pub fn tail(&self, n: usize) -> String {
        let mut lines: Vec<&str> = self.stdout.lines().collect();
        lines.extend(self.stderr.lines());
        let start = lines.len().saturating_sub(n);
        lines[start..].join("\n")
    }
}

/// Which pipe a chunk of output came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// Output kept so far, never more than the cap.
struct Capture {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    cap: usize,
    peak_rss: Option<u64>,
    sampled: Instant,
    /// Every descendant seen while the run lasted, with its start time.
    seen: Vec<(u32, u64)>,
    /// The leader's CPU time with its waited-for children, read when it
    /// exited (before it is reaped).
    cpu_seconds: Option<f64>,
}

impl Capture {
    /// Keeps what fits and shows it to `sink`; false when the cap was passed.
    fn push(&mut self, stream: Stream, bytes: &[u8], sink: &mut dyn FnMut(Stream, &[u8])) -> bool {
        let room = self.cap - (self.stdout.len() + self.stderr.len());
        let keep = &bytes[..bytes.len().min(room)];
        if !keep.is_empty() {
            sink(stream, keep);
        }
        match stream {
            Stream::Out => self.stdout.extend_from_slice(keep),
            Stream::Err => self.stderr.extend_from_slice(keep),
        }
        keep.len() == bytes.len()
    }
}

/// Orphaned descendants of our runs become our children, not init's.
fn become_subreaper() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = rustix::process::set_child_subreaper(Some(rustix::process::getpid()));
    });
}

/// A process's start time (in clock ticks since boot), which tells a live
/// process from a later one that reuses its pid.
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(19)?
        .parse()
        .ok()
}

/// User and system time of a process and of the children it waited for,
/// from /proc (a zombie keeps its figures until it is reaped).
fn process_cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = (11..=14)
        .map(|i| fields.get(i)?.parse::<u64>().ok())
        .sum::<Option<u64>>()?;
    Some(ticks as f64 / clock_ticks())
}

/// Busy CPU time of the whole machine since boot, all cores: everything in
/// the first line of /proc/stat but idle and iowait.
fn machine_busy_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let line = stat.lines().next()?.strip_prefix("cpu ")?;
    let ticks: Vec<u64> = line
        .split_whitespace()
        .map(|v| v.parse().unwrap_or(0))
        .collect();
    // user nice system idle iowait irq softirq steal (guest is in user).
    let busy: u64 = [0, 1, 2, 5, 6, 7]
        .iter()
        .filter_map(|&i| ticks.get(i))
        .sum();
    Some(busy as f64 / clock_ticks())
}

/// /proc counts in clock ticks, 100 a second on every Linux parlab runs on.
fn clock_ticks() -> f64 {
    100.0
}

/// A process's group and state letter, from /proc.
pub(super) fn group_and_state(pid: u32) -> Option<(i32, char)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let _ppid = fields.next()?;
    let pgrp = fields.next()?.parse().ok()?;
    Some((pgrp, state))
}

/// After a run: kills every descendant it was seen to have (that is still
/// the same process), and reaps those that became our children, with any
/// other child of ours still in the run's group.
fn sweep(group: &Group, seen: &[(u32, u64)]) {
    group.kill_now();
    let alive: Vec<u32> = seen
        .iter()
        .filter(|(pid, start)| start_time(*pid) == Some(*start))
        .map(|(pid, _)| *pid)
        .collect();
    signal_each(&alive, Signal::KILL);
    let ours = |pid: u32| {
        alive.contains(&pid)
            || group_and_state(pid).is_some_and(|(g, _)| g == group.0.as_raw_nonzero().get())
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

/// The direct children of `pid`, all its threads included.
pub(super) fn children_of(pid: u32) -> Vec<u32> {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|task| {
            std::fs::read_to_string(task.path().join("children"))
                .unwrap_or_default()
                .split_whitespace()
                .filter_map(|c| c.parse::<u32>().ok())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Runs `spec` to its end and reaps it and its group.
pub fn run(spec: &RunSpec) -> io::Result<RunOutput> {
    run_with(spec, &mut |_, _| {})
}

/// Like [`run`], and hands every chunk of output to `sink` as it arrives
/// (only what fits under the cap).
pub fn run_with(spec: &RunSpec, sink: &mut dyn FnMut(Stream, &[u8])) -> io::Result<RunOutput> {
    become_subreaper();
    let program = resolve(&spec.program, &spec.env)?;
    let cell = Cell::for_run();
    let (program, args) = match &cell {
        Some(cell) => cell.wrap(&program, &spec.args),
        None => (program, spec.args.clone()),
    };
    let run_id = contain::new_run_id();
    let mut command = Command::new(&program);
    command
        .args(&args)
        .envs(spec.env.iter().map(|(k, v)| (k, v)))
        .env(contain::RUN_ID_ENV, &run_id)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    match &spec.stdin {
        Some(input) => {
            let (read, inode) = filled_pipe(&input.bytes)?;
            if let Some(name) = &input.inode_env {
                command.env(name, inode.to_string());
            }
            command.stdin(Stdio::from(read));
        }
        None => {
            command.stdin(Stdio::null());
        }
    }
    if let Some(cwd) = &spec.cwd {
        command.current_dir(cwd);
    }
    let start = Instant::now();
    let busy_before = machine_busy_seconds();
    let mut child = {
        let mut leaders = Leaders::lock();
        let child = command.spawn()?;
        leaders.push(child.id());
        child
    };
    let group = Group(Pid::from_child(&child));
    apply_limits(group.0, &spec.limits);
    let (tx, rx) = mpsc::sync_channel(16);
    let readers = spawn_readers(&mut child, tx);
    if let Err(e) = readers {
        group.kill_now();
        let _ = child.wait();
        Leaders::remove(child.id());
        if let Some(cell) = cell {
            cell.finish();
        }
        return Err(e);
    }
    let mut capture = Capture {
        stdout: Vec::new(),
        stderr: Vec::new(),
        cap: spec.output_cap,
        peak_rss: None,
        sampled: start,
        seen: Vec::new(),
        cpu_seconds: None,
    };
    let stopped = watch(spec, &child, &group, &rx, &mut capture, sink, start);
    let overflowed = drain(&rx, &mut capture, sink);
    let machine_busy = busy_before
        .zip(machine_busy_seconds())
        .map(|(before, after)| after - before);
    let status = child.wait();
    Leaders::remove(child.id());
    sweep(&group, &capture.seen);
    // Everything the run started ends here, and the tree's CPU time is read
    // once nothing of it runs any more.
    let tree_cpu = cell.and_then(Cell::finish);
    contain::sweep_orphans(&run_id);
    let status = status?;
    let ending = match stopped {
        Some(ending) => ending,
        None if overflowed => Ending::OutputLimit,
        None => ending_of(status),
    };
    Ok(RunOutput {
        ending,
        stdout: String::from_utf8_lossy(&capture.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&capture.stderr).into_owned(),
        wall: start.elapsed(),
        peak_rss_bytes: capture.peak_rss,
        cpu_seconds: tree_cpu.or(capture.cpu_seconds),
        machine_busy_seconds: machine_busy,
    })
}

/// `program` as a path: a bare name is looked up in the run's `PATH` (or
/// parlab's), so a missing program is an error here, as it would be from
/// `spawn`, even when a shell starts it inside a cgroup.
fn resolve(program: &Path, env: &[(OsString, OsString)]) -> io::Result<PathBuf> {
    if program.components().count() > 1 || program.is_absolute() {
        return Ok(program.to_path_buf());
    }
    let path = env
        .iter()
        .rev()
        .find(|(k, _)| k == "PATH")
        .map(|(_, v)| v.clone())
        .or_else(|| std::env::var_os("PATH"))
        .unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} was not found on PATH", program.display()),
            )
        })
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// A pipe holding `bytes` with its write end closed, and its inode number.
fn filled_pipe(bytes: &[u8]) -> io::Result<(std::os::fd::OwnedFd, u64)> {
    let (read, write) = rustix::pipe::pipe_with(rustix::pipe::PipeFlags::CLOEXEC)?;
    let inode = rustix::fs::fstat(&read)?.st_ino;
    let mut write = std::fs::File::from(write);
    io::Write::write_all(&mut write, bytes)?;
    drop(write);
    Ok((read, inode))
}

/// Waits for the leader to exit, for the time limit, for the cap, or for a
/// cancel, and leaves the group empty (its leader possibly still a zombie).
/// Returns why we stopped the run, if we did.
fn watch(
    spec: &RunSpec,
    child: &Child,
    group: &Group,
    rx: &Receiver<(Stream, Vec<u8>)>,
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
            let stop = match rx.recv_timeout(TICK) {
                Ok((stream, bytes)) if !capture.push(stream, &bytes, sink) => {
                    Some(Ending::OutputLimit)
                }
                Ok(_) => None,
                Err(RecvTimeoutError::Disconnected) => {
                    thread::sleep(TICK);
                    None
                }
                Err(RecvTimeoutError::Timeout) => None,
            };
            if capture.sampled.elapsed() >= SAMPLE {
                capture.sampled = Instant::now();
                if let Some(rss) = tree_peak_rss(child.id()) {
                    capture.peak_rss = Some(capture.peak_rss.map_or(rss, |p| p.max(rss)));
                }
                for pid in descendants(child.id()) {
                    if !capture.seen.iter().any(|(p, _)| *p == pid)
                        && let Some(start) = start_time(pid)
                    {
                        capture.seen.push((pid, start));
                    }
                }
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

/// Takes what is still in flight once the group is gone; true if any of it
/// did not fit under the cap.
fn drain(
    rx: &Receiver<(Stream, Vec<u8>)>,
    capture: &mut Capture,
    sink: &mut dyn FnMut(Stream, &[u8]),
) -> bool {
    let deadline = Instant::now() + DRAIN;
    let mut overflowed = false;
    while let Ok((stream, bytes)) =
        rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))
    {
        overflowed |= !capture.push(stream, &bytes, sink);
    }
    overflowed
}

fn leader_exited(child: &Child) -> bool {
    let pid = Pid::from_child(child);
    let options = WaitIdOptions::EXITED | WaitIdOptions::NOHANG | WaitIdOptions::NOWAIT;
    matches!(waitid(WaitId::Pid(pid), options), Ok(Some(_)))
}

/// The peak resident memory (VmHWM) of a process and all its descendants,
/// added up. Peaks of different processes need not coincide, so this is an
/// upper bound of the tree's peak; for a program of threads it is exact.
fn tree_peak_rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kib: u64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    let children =
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
    let below: u64 = children
        .split_whitespace()
        .filter_map(|c| c.parse().ok())
        .filter_map(tree_peak_rss)
        .sum();
    Some(kib * 1024 + below)
}

fn ending_of(status: ExitStatus) -> Ending {
    match (status.code(), status.signal()) {
        (Some(code), _) => Ending::Exited { code },
        (None, Some(signal)) => Ending::Signaled { signal },
        (None, None) => Ending::Exited { code: -1 },
    }
}

/// Every live descendant of `pid` (children, their children, ...), read
/// from /proc while `pid` is alive; empty where /proc has no such file.
pub(super) fn descendants(pid: u32) -> Vec<u32> {
    let mut found = Vec::new();
    let mut queue = vec![pid];
    while let Some(p) = queue.pop() {
        let tasks = std::fs::read_dir(format!("/proc/{p}/task"))
            .into_iter()
            .flatten()
            .flatten();
        for task in tasks {
            let children =
                std::fs::read_to_string(task.path().join("children")).unwrap_or_default();
            for c in children
                .split_whitespace()
                .filter_map(|c| c.parse::<u32>().ok())
            {
                if !found.contains(&c) {
                    found.push(c);
                    queue.push(c);
                }
            }
        }
    }
    found
}

pub(super) fn signal_each(pids: &[u32], signal: Signal) {
    for &pid in pids {
        if let Some(pid) = Pid::from_raw(pid as i32) {
            let _ = rustix::process::kill_process(pid, signal);
        }
    }
}

/// A child's process group, named by its leader's pid.
struct Group(Pid);

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

    fn kill_now(&self) {
        let _ = kill_process_group(self.0, Signal::KILL);
    }
}

fn spawn_readers(child: &mut Child, tx: SyncSender<(Stream, Vec<u8>)>) -> io::Result<()> {
    let stdout: ChildStdout = child.stdout.take().expect("stdout is piped");
    let stderr: ChildStderr = child.stderr.take().expect("stderr is piped");
    let tx2 = tx.clone();
    thread::Builder::new()
        .name("run-stdout".into())
        .spawn(move || pump(stdout, Stream::Out, tx))?;
    thread::Builder::new()
        .name("run-stderr".into())
        .spawn(move || pump(stderr, Stream::Err, tx2))?;
    Ok(())
}

/// Reads a pipe to its end in chunks; stops early if nobody listens.
fn pump(mut pipe: impl Read, stream: Stream, tx: SyncSender<(Stream, Vec<u8>)>) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match pipe.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                if tx.send((stream, buf[..n].to_vec())).is_err() {
                    return;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str, limit_ms: u64) -> RunSpec {
        let mut spec = RunSpec::new("/bin/sh", Duration::from_millis(limit_ms))
            .arg("-c")
            .arg(script);
        spec.cancel = Arc::new(AtomicBool::new(false));
        spec
    }

    fn alive(pid: i32) -> bool {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
            s.rsplit(')')
                .next()
                .is_some_and(|r| !r.trim_start().starts_with('Z'))
        })
    }

    #[test]
    fn exit_code_and_output_are_kept() {
        let out = run(&sh("echo out; echo err >&2; exit 3", 5_000)).unwrap();
        assert_eq!(out.ending, Ending::Exited { code: 3 });
        assert_eq!(
            (out.stdout.as_str(), out.stderr.as_str()),
            ("out\n", "err\n")
        );
    }

    #[test]
    fn a_background_child_left_behind_is_killed() {
        let out = run(&sh("sleep 30 & echo $!", 5_000)).unwrap();
        assert_eq!(out.ending, Ending::Exited { code: 0 });
        let pid: i32 = out.stdout.trim().parse().unwrap();
        std::thread::sleep(Duration::from_millis(50));
        assert!(!alive(pid), "the background sleep {pid} survived its group");
    }

    #[test]
    fn a_timeout_kills_the_whole_group() {
        let started = Instant::now();
        let out = run(&sh("sleep 30 & echo $!; sleep 30", 300)).unwrap();
        assert_eq!(out.ending, Ending::TimedOut);
        assert!(started.elapsed() < Duration::from_secs(5));
        let pid: i32 = out.stdout.trim().parse().unwrap();
        assert!(!alive(pid));
    }

    /// A daemon started with a double fork and `setsid`, in its own session
    /// and group, whose parent exits at once: it must not outlive the run.
    fn daemon_is_killed() {
        let dir = tempfile::tempdir().unwrap();
        let pidfile = dir.path().join("pid");
        let script = format!(
            "sh -c 'setsid sh -c \"echo \\$\\$ > {}; exec sleep 300\" &' ; sleep 0.3",
            pidfile.display()
        );
        let out = run(&sh(&script, 10_000)).unwrap();
        assert_eq!(out.ending, Ending::Exited { code: 0 }, "{}", out.stderr);
        let pid: i32 = std::fs::read_to_string(&pidfile)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        std::thread::sleep(Duration::from_millis(50));
        assert!(!alive(pid), "the daemon {pid} outlived its run");
    }

    #[test]
    fn a_setsid_daemon_is_killed() {
        daemon_is_killed();
    }

    #[test]
    fn a_missing_program_is_an_error() {
        let spec = RunSpec::new("no-such-program-parlab", Duration::from_secs(1));
        assert_eq!(run(&spec).unwrap_err().kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn stdin_bytes_arrive_and_the_pipe_is_named() {
        let mut spec = sh(
            "read line; echo \"$line $KEYPIPE\"; readlink /proc/self/fd/0",
            5_000,
        );
        spec.stdin = Some(StdinPipe {
            bytes: b"hello\n".to_vec(),
            inode_env: Some("KEYPIPE".into()),
        });
        let out = run(&spec).unwrap();
        let mut lines = out.stdout.lines();
        let first = lines.next().unwrap();
        let inode = first.strip_prefix("hello ").unwrap();
        assert_eq!(lines.next(), Some(format!("pipe:[{inode}]").as_str()));
    }

    #[test]
    fn a_flood_is_capped() {
        let mut spec = sh("yes", 10_000);
        spec.output_cap = 64 * 1024;
        let out = run(&spec).unwrap();
        assert_eq!(out.ending, Ending::OutputLimit);
        assert!(out.stdout.len() <= 64 * 1024);
    }

    #[test]
    fn peak_memory_of_the_tree_is_sampled() {
        let out = run(&sh("sleep 0.5", 5_000)).unwrap();
        let peak = out.peak_rss_bytes.expect("sampled on Linux");
        assert!(peak > 100 * 1024 && peak < 64 << 20, "{peak}");
    }

    #[test]
    fn a_cancel_stops_the_run() {
        let spec = sh("sleep 30", 60_000);
        spec.cancel.store(true, Ordering::Relaxed);
        assert_eq!(run(&spec).unwrap().ending, Ending::Cancelled);
    }
}
