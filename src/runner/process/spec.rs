//! The words of a run: what to run and under which limits ([`RunSpec`],
//! [`Limits`], [`StdinPipe`]), and what came back ([`RunOutput`], with how it
//! ended: [`Ending`]). Plain data; nothing here starts or touches a process.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use serde::Serialize;

use crate::runner::procfs::total_memory_bytes;

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
    /// The Slurm job step the program (srun) starts: its ranks run outside
    /// the program's process tree, so a run that is stopped also cancels
    /// the step, and the tree's CPU time and memory are not the ranks'.
    pub slurm_step: Option<crate::runner::slurm::Step>,
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

impl RunSpec {
    pub fn new(program: impl Into<PathBuf>, time_limit: Duration) -> Self {
        Self {
            program: program.into(),
            args: Vec::new(),
            env: Vec::new(),
            cwd: None,
            time_limit,
            output_cap: 1 << 20,
            cancel: crate::runner::cancel_flag(),
            limits: Limits::learner(),
            stdin: None,
            slurm_step: None,
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
    /// together, sampled every 100 ms (`SAMPLE` in `wait.rs`) while it ran (Linux; else `None`).
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
