//! A check session: build, run at several worker counts, time against the
//! serial baseline, and hand every run to the grader.
//!
//! This is the only place that sequences the runner and the grader. It reports
//! what it is doing through [`Event`]s, so the CLI can print progress and the
//! TUI can stream it, and returns a [`Report`]. A problem of the course itself
//! (a baseline that does not compile or is wrong) is an error, not a grade.

mod dask;
mod keys;
mod machine;
mod runs;
mod session;
mod timed;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::Result;
use serde::Serialize;

pub use dask::bad_scheduler_address;
pub use keys::random_seed;
pub use machine::{load_average, peak_rss_bytes};
use session::Session;

use crate::course::{Course, Exercise};
use crate::grader::scaling::Point;
use crate::grader::{self, Outcome, Sample, Timing, Verdict, Worker};
use crate::runner::{self, Program, Variant};

/// Where the harness learns which pipe on its standard input carries the
/// run's key (see the support library's `session`).
const KEY_PIPE_ENV: &str = "PARLAB_KEY_PIPE";
/// Where the harness learns the check's seed.
const SEED_ENV: &str = "PARLAB_SEED";
/// Where a Dask harness learns the scheduler to run on.
const DASK_ENV: &str = "PARLAB_DASK_SCHEDULER";

/// Output a learner program may print per run, standard output and error together.
pub const OUTPUT_CAP: usize = 1 << 20;

#[derive(Clone, Debug)]
pub struct CheckOptions {
    pub variant: Variant,
    /// Set it to stop the check: its build or run is killed with its group.
    pub cancel: Arc<AtomicBool>,
    /// Workers for the timed runs; the core count when `None`.
    pub workers: Option<usize>,
    /// Interleaved baseline/solution pairs at least, for the speedup.
    pub rounds: usize,
    /// Instructors' mode: more pairs and a larger time budget.
    pub thorough: bool,
    /// How MPI exercises are launched (hostfile, launcher, its arguments).
    pub launch: runner::mpi::LaunchOptions,
    /// Which part of the check to do (instructors' grading splits it).
    pub stage: Stage,
    /// Binaries built beforehand (grading builds them in its sandbox).
    pub prebuilt: Option<Prebuilt>,
    /// The sandbox and limits of the solution's runs, when grading.
    pub confinement: Option<runner::sandbox::Confinement>,
    /// Which seed the exercise's input is drawn from.
    pub seed: SeedChoice,
    /// A Dask exercise runs on the scheduler at this address instead of a
    /// local cluster of its own (`PARLAB_DASK_SCHEDULER` for the harness).
    pub dask_scheduler: Option<String>,
}

/// The seed of a check's input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SeedChoice {
    /// The harness's own seed, whose expected value is in the manifest
    /// (`validate`, and checks of the serial baseline itself).
    Fixed,
    /// A fresh seed for every check (learners): the expected value is the
    /// serial baseline's on the same seed, so a copied answer fails.
    #[default]
    PerCheck,
    /// This seed (a grading run's secret one).
    Given(u64),
}

/// The parts of a check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Stage {
    /// Correctness, then speed.
    #[default]
    All,
    /// Correctness only: runs that may share the machine. A correct solution
    /// of a timed exercise ends `passed` with no speedup yet.
    Correctness,
    /// Speed only (with the timed runs' own correctness checks): the runs
    /// that need a quiet machine.
    Timing,
    /// One run at the timed worker count, for its correctness alone: a
    /// quick look that cannot see a race (`validate --quick` of a starter,
    /// which only has to fail).
    OneRun,
}

/// The solution's program and the course's serial baseline, already built.
#[derive(Clone, Debug)]
pub struct Prebuilt {
    pub solution: Program,
    pub baseline: Option<Program>,
}

impl CheckOptions {
    /// Least pairs, most pairs, and the time after which no new pair starts.
    fn budget(&self) -> (usize, usize, std::time::Duration) {
        let min = self.rounds.max(1);
        if self.thorough {
            (min.max(5), 30, std::time::Duration::from_secs(90))
        } else {
            (min, min.max(8), std::time::Duration::from_secs(10))
        }
    }
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            variant: Variant::Learner,
            cancel: runner::cancel_flag(),
            workers: None,
            rounds: 3,
            thorough: false,
            launch: runner::mpi::LaunchOptions::default(),
            stage: Stage::All,
            prebuilt: None,
            confinement: None,
            seed: SeedChoice::default(),
            dask_scheduler: None,
        }
    }
}

/// What a check is doing now.
#[derive(Clone, Debug)]
pub enum Event {
    Building {
        variant: Variant,
    },
    /// A line about long set-up before a build (the Python environment).
    Preparing {
        line: String,
    },
    Running {
        variant: Variant,
        workers: usize,
        purpose: &'static str,
    },
    Finished {
        variant: Variant,
        workers: usize,
        seconds: Option<f64>,
    },
    /// Output of the program now running, as it arrives.
    Output {
        text: String,
    },
}

/// Everything a front end shows about one check.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub id: String,
    pub variant: Variant,
    pub outcome: Outcome,
    pub passed: bool,
    pub message: String,
    pub workers: usize,
    pub cores: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speedup: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_speedup: Option<f64>,
    /// The spread of the speedup over the interleaved pairs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speedup_low: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speedup_high: Option<f64>,
    /// Cores the solution's kernel kept busy: CPU time / wall time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_parallelism: Option<f64>,
    /// Peak resident memory of the solution's process tree.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_rss_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_average: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timing: Option<Timing>,
    pub samples: Vec<Sample>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workbench_peak_rss_bytes: Option<u64>,
    /// Why speed was not graded on this machine, when it was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speed_not_graded: Option<String>,
    /// The seed the input was drawn from, when the check chose one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// The Dask cluster the runs used, where the exercise names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// The machine (cluster node) the check ran on: its measurements are
    /// that machine's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
}

/// A report with its outcome's words (title, explanation, advice), as
/// `--json` and the class exports write it.
#[derive(Serialize)]
pub struct Explained<'a> {
    #[serde(flatten)]
    pub report: &'a Report,
    #[serde(flatten)]
    pub words: grader::Words,
}

impl Report {
    /// This report with its outcome's words, for an exercise whose workers
    /// are called `worker`.
    pub fn explained(&self, worker: Worker) -> Explained<'_> {
        Explained {
            report: self,
            words: grader::Words::of(self.outcome, worker),
        }
    }

    fn new(
        exercise: &Exercise,
        variant: Variant,
        workers: usize,
        cores: usize,
        verdict: Verdict,
    ) -> Self {
        Self {
            id: exercise.id.clone(),
            variant,
            passed: verdict.outcome == Outcome::Passed,
            outcome: verdict.outcome,
            message: verdict.message,
            workers,
            cores,
            speedup: None,
            target_speedup: None,
            speedup_low: None,
            speedup_high: None,
            cpu_parallelism: None,
            peak_rss_bytes: None,
            load_average: None,
            timing: None,
            samples: Vec::new(),
            diagnostics: None,
            workbench_peak_rss_bytes: None,
            speed_not_graded: None,
            seed: None,
            cluster: None,
            host: runner::hostname(),
        }
    }
}

/// Checks one exercise. `on_event` hears about every build and run.
pub fn check(
    course: &Course,
    exercise: &Exercise,
    options: &CheckOptions,
    on_event: &mut dyn FnMut(Event),
) -> Result<Report> {
    let mut session = Session::new(exercise, options, on_event)?;
    let mut report = session.grade(course)?;
    report.workbench_peak_rss_bytes = peak_rss_bytes();
    Ok(report)
}

/// Speedup and efficiency at several worker counts, with Amdahl's fit.
#[derive(Clone, Debug, Serialize)]
pub struct ScalingReport {
    pub id: String,
    pub variant: Variant,
    pub cores: usize,
    /// Best time of the serial baseline.
    pub baseline_seconds: f64,
    pub points: Vec<Point>,
    /// The serial fraction Amdahl's law fits to the points (only with
    /// enough worker counts for a fit; see `fit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial_fraction: Option<f64>,
    /// The fit with how far it can be trusted: `None` with fewer than
    /// three worker counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fit: Option<crate::grader::scaling::Fit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_average: Option<f64>,
}

/// Runs the solution at each of `counts` workers (three times each, the
/// serial baseline interleaved) and fits Amdahl's law. A run that is not
/// correct ends the measurement with an error that says why.
pub fn scaling(
    course: &Course,
    exercise: &Exercise,
    options: &CheckOptions,
    counts: &[usize],
    on_event: &mut dyn FnMut(Event),
) -> Result<ScalingReport> {
    let mut session = Session::new(exercise, options, on_event)?;
    session.scale(course, counts)
}
