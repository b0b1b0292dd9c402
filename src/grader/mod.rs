//! The grader: pure functions from captured runs and timings to a verdict.
//!
//! Nothing here starts a process, reads a file or looks at the clock; the
//! check session (`crate::check`) feeds it runs, and it is tested with plain
//! values. Outcomes are explicit and each carries a message in plain words.

mod compare;
mod correctness;
mod outcome;
mod python;
mod run;
pub mod scaling;
pub mod score;
mod timing;
pub mod trust;
mod words;

pub use compare::{agree, compare, short};
pub use correctness::{correctness, stopped_run};
pub use outcome::{Outcome, Words};
pub use python::{python_exception, python_syntax_error};
pub use run::{
    RESULT_MARKER, Reported, ResultLines, RunVerdict, hmac_hex, judge_run, output_lines,
    panic_message, parse_result, read_result,
};
pub use timing::Timing;
pub use words::{Worker, and_list, counted};

use serde::Serialize;

/// An outcome with the sentence that explains it.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub outcome: Outcome,
    pub message: String,
}

impl Verdict {
    fn new(outcome: Outcome, message: impl Into<String>) -> Self {
        Self {
            outcome,
            message: message.into(),
        }
    }
}

/// One run of the solution (or the baseline) with the worker count it had.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sample {
    pub workers: usize,
    #[serde(flatten)]
    pub verdict: RunVerdict,
    /// CPU time of the kernel, all threads (from the harness).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_seconds: Option<f64>,
    /// Peak resident memory of the whole process tree (from the runner).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_rss_bytes: Option<u64>,
    /// Cores that other programs kept busy while this run lasted (from the
    /// runner: the machine's busy time less the run's own, over its wall time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub busy_elsewhere: Option<f64>,
    /// Wall time of the whole process, from the runner's clock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wall_seconds: Option<f64>,
    /// CPU time of the run's whole process tree, from the runner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tree_cpu_seconds: Option<f64>,
    /// The seed the harness drew its input from, when the check chose one.
    #[serde(skip)]
    pub seed: Option<u64>,
    /// The Dask cluster the run used, as its harness names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
}

impl Sample {
    pub fn new(workers: usize, verdict: RunVerdict) -> Self {
        Self {
            workers,
            verdict,
            cpu_seconds: None,
            peak_rss_bytes: None,
            busy_elsewhere: None,
            wall_seconds: None,
            tree_cpu_seconds: None,
            seed: None,
            cluster: None,
        }
    }

    /// The harness's report and the runner's measurements of this run.
    pub fn measured(&self) -> Option<trust::Measured> {
        Some(trust::Measured {
            kernel: self.verdict.seconds()?,
            kernel_cpu: self.cpu_seconds,
            wall: self.wall_seconds,
            tree_cpu: self.tree_cpu_seconds,
        })
    }

    /// Cores the kernel kept busy: CPU time over wall time.
    pub fn cpu_parallelism(&self) -> Option<f64> {
        let seconds = self.verdict.seconds().filter(|s| *s > 0.0)?;
        Some(self.cpu_seconds? / seconds)
    }
}

/// The speedup target: efficiency x min(workers, cores).
pub fn target(efficiency: f64, workers: usize, cores: usize) -> f64 {
    efficiency * workers.min(cores).max(1) as f64
}

/// At or below this target a serial program would pass, so speed is not
/// graded: one core, or an efficiency too low for the cores there are.
pub const MIN_TARGET: f64 = 1.15;

/// Why speed is not graded at this target, if it is not.
pub fn speed_not_graded(
    efficiency: f64,
    workers: usize,
    cores: usize,
    worker: Worker,
) -> Option<String> {
    let t = target(efficiency, workers, cores);
    (t <= MIN_TARGET).then(|| {
        format!(
            "Speed not graded: with {} on {} the target would be {t:.2}x, which a serial program can reach, so only correctness was checked. Speed is graded where efficiency x min({}, cores) is above {MIN_TARGET:.2}x.",
            worker.count(workers),
            counted(cores, "core", "cores"),
            worker.many(),
        )
    })
}

/// Why speed is not graded on an existing Dask cluster: its workers run on
/// machines whose CPUs parlab cannot see, so neither the work nor the cores
/// behind a speedup can be checked, and this machine's serial baseline is
/// no measure of them.
pub fn speed_not_graded_on_cluster(address: &str) -> String {
    format!(
        "Speed not graded: the work ran on the Dask cluster at {address}, whose machines parlab cannot measure, so only correctness was checked. Check without --dask-scheduler for a graded speedup on this machine."
    )
}

/// Bytes for people: 9.8 MB, 1.2 GB (powers of 1000, as `ps` and `top` do not,
/// but as most people read them).
pub fn fmt_bytes(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.1} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.0} kB", b / 1e3)
    }
}

/// Seconds for a message: whole numbers without decimals.
pub fn fmt_secs(s: f64) -> String {
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.1}")
    }
}
