//! A check session: build, run at several worker counts, time against the
//! serial baseline, and hand every run to the grader.
//!
//! This is the only place that sequences the runner and the grader. It reports
//! what it is doing through [`Event`]s, so the CLI can print progress and the
//! TUI can stream it, and returns a [`Report`]. A problem of the course itself
//! (a baseline that does not compile or is wrong) is an error, not a grade.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::course::{Check, Course, Exercise};
use crate::grader::scaling::{self, Point};
use crate::grader::{self, Outcome, ResultLines, RunVerdict, Sample, Timing, Verdict};
use crate::runner::{self, BuildOutcome, Program, RunOutput, StdinPipe, Variant};

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
}

impl Report {
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
    /// The serial fraction Amdahl's law fits to the points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial_fraction: Option<f64>,
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

struct Session<'a> {
    exercise: &'a Exercise,
    options: &'a CheckOptions,
    on_event: &'a mut dyn FnMut(Event),
    cores: usize,
    /// The MPI launcher, for an MPI exercise.
    launcher: Option<runner::mpi::Launcher>,
    /// The check's seed, or `None` for the harness's own.
    seed: Option<u64>,
    /// What a run is compared with: the manifest's check, or the same
    /// check against the serial baseline's result on the check's seed.
    check: Check,
    /// The serial baseline's program, once built.
    baseline: Option<Program>,
    /// The baseline has run once in this check (the warm-up is done).
    warmed: bool,
}

impl<'a> Session<'a> {
    /// For an MPI exercise, finds the launcher first: without one there is
    /// nothing to build against, and the error says what to install. When
    /// the ranks may run on other machines (a hostfile, srun), the requested
    /// rank count stands in for the local core count in the target.
    fn new(
        exercise: &'a Exercise,
        options: &'a CheckOptions,
        on_event: &'a mut dyn FnMut(Event),
    ) -> Result<Self> {
        let mut cores = runner::cores();
        let mut launcher = None;
        if exercise.mpi {
            launcher = Some(runner::mpi::detect(&options.launch).with_context(|| {
                format!(
                    "{} is an MPI exercise, and no MPI launcher (mpirun or mpiexec) was found here. Install MPI and libclang with:\n  {}\n`parlab doctor` shows what this machine has.",
                    exercise.id,
                    crate::doctor::mpi_install_line()
                )
            })?);
            if options.launch.leaves_this_machine() {
                cores = options.workers.unwrap_or(cores);
            }
        }
        let seed = match options.seed {
            _ if options.variant == Variant::Baseline => None,
            SeedChoice::Fixed => None,
            SeedChoice::PerCheck => Some(random_seed()),
            SeedChoice::Given(seed) => Some(seed),
        };
        Ok(Self {
            exercise,
            options,
            on_event,
            cores,
            launcher,
            seed,
            check: exercise.check.clone(),
            baseline: None,
            warmed: false,
        })
    }

    fn workers(&self) -> usize {
        self.options.workers.unwrap_or(self.cores).max(1)
    }

    fn report(&self, verdict: Verdict) -> Report {
        let verdict = if self.exercise.mpi {
            grader::for_mpi(verdict)
        } else {
            verdict
        };
        let mut report = Report::new(
            self.exercise,
            self.options.variant,
            self.workers(),
            self.cores,
            verdict,
        );
        report.seed = self.seed;
        report
    }

    fn grade(&mut self, course: &Course) -> Result<Report> {
        let variant = self.options.variant;
        let binary = match &self.options.prebuilt {
            Some(prebuilt) => prebuilt.solution.clone(),
            None => match self.build(course, variant)? {
                Ok(binary) => binary,
                Err(report) => return Ok(*report),
            },
        };
        let workers = self.workers();
        let mut samples = Vec::new();
        if let Some(report) = self.expect(course)? {
            return Ok(report);
        }
        if self.options.stage == Stage::Timing {
            let efficiency = self
                .exercise
                .efficiency
                .context("this exercise's speed is not graded")?;
            if let Some(report) = self.speed_not_graded(efficiency, &samples) {
                return Ok(report);
            }
            return self.time(course, &binary, samples, efficiency);
        }
        for w in [workers, workers + 1] {
            let (sample, output) = self.run(&binary, variant, w, "correctness")?;
            let stop = self.stopped(&sample.verdict, &output);
            samples.push(sample);
            if let Some(stop) = stop {
                return Ok(self.report_with(stop, samples));
            }
        }
        if let Some(verdict) = grader::correctness(&self.check, &samples) {
            return Ok(self.report_with(verdict, samples));
        }
        let Some(efficiency) = self
            .exercise
            .efficiency
            .filter(|_| self.options.stage == Stage::All)
        else {
            let message = format!(
                "Passed: correct with {workers} and {} workers.",
                workers + 1
            );
            let verdict = Verdict {
                outcome: Outcome::Passed,
                message,
            };
            return Ok(self.report_with(verdict, samples));
        };
        if let Some(report) = self.speed_not_graded(efficiency, &samples) {
            return Ok(report);
        }
        self.time(course, &binary, samples, efficiency)
    }

    /// A pass on correctness alone, where the machine's target could not
    /// tell serial from parallel work, or the work ran on a cluster parlab
    /// cannot measure.
    fn speed_not_graded(&self, efficiency: f64, samples: &[Sample]) -> Option<Report> {
        let workers = self.workers();
        let why = match &self.options.dask_scheduler {
            Some(address) => grader::speed_not_graded_on_cluster(address),
            None => grader::speed_not_graded(efficiency, workers, self.cores)?,
        };
        let message = format!(
            "Passed: correct with {workers} and {} workers. {why}",
            workers + 1
        );
        let mut report = self.report_with(
            Verdict {
                outcome: Outcome::Passed,
                message,
            },
            samples.to_vec(),
        );
        report.speed_not_graded = Some(why);
        Some(report)
    }

    /// With a seed of the check's own, runs the serial baseline on it once
    /// and compares every run with its result from then on; the manifest's
    /// expected value belongs to the harness's own seed. A harness that
    /// does not draw its input from the seed (its answer does not depend
    /// on one) keeps the manifest's check. The run is also the warm-up of
    /// the timing. Returns the report that ends the check, if one does.
    fn expect(&mut self, course: &Course) -> Result<Option<Report>> {
        let Some(seed) = self.seed else {
            return Ok(None);
        };
        let baseline = match self.baseline_binary(course)? {
            Ok(binary) => binary,
            Err(report) => return Ok(Some(*report)),
        };
        let Some(sample) = self.baseline_run(&baseline, self.workers(), "expected value", false)?
        else {
            return Ok(Some(self.report(cancelled())));
        };
        if sample.seed == Some(seed)
            && let Some(value) = sample.verdict.value()
        {
            self.check = self.exercise.check.with_expected(value).with_context(|| {
                format!(
                    "the course's serial baseline for {} reported {value}, which its check cannot compare; this is a problem of the course",
                    self.exercise.id
                )
            })?;
        }
        self.warmed = true;
        Ok(None)
    }

    /// The serial baseline's binary: built beforehand, the solution itself
    /// when the baseline is what is checked, or built now.
    fn baseline_binary(&mut self, course: &Course) -> Result<Result<Program, Box<Report>>> {
        if let Some(binary) = &self.baseline {
            return Ok(Ok(binary.clone()));
        }
        let prebuilt = self
            .options
            .prebuilt
            .as_ref()
            .and_then(|p| p.baseline.clone());
        let binary = if let Some(baseline) = prebuilt {
            baseline
        } else if self.options.variant == Variant::Baseline
            && let Some(prebuilt) = &self.options.prebuilt
        {
            prebuilt.solution.clone()
        } else {
            match self.build(course, Variant::Baseline)? {
                Ok(binary) => binary,
                Err(report) => return Ok(Err(report)),
            }
        };
        self.baseline = Some(binary.clone());
        Ok(Ok(binary))
    }

    fn report_with(&self, verdict: Verdict, samples: Vec<Sample>) -> Report {
        let mut report = self.report(verdict);
        report.cluster = samples.iter().rev().find_map(|s| s.cluster.clone());
        report.samples = samples;
        report
    }

    /// The binary of `variant`, or the report that ends the check.
    fn build(&mut self, course: &Course, variant: Variant) -> Result<Result<Program, Box<Report>>> {
        (self.on_event)(Event::Building { variant });
        let on_event = &mut *self.on_event;
        let mut progress = |line: &str| {
            on_event(Event::Preparing {
                line: line.to_owned(),
            })
        };
        let built = runner::build_exercise(
            course,
            self.exercise,
            variant,
            &mut progress,
            &self.options.cancel,
        )?;
        match built {
            BuildOutcome::Built { program } => Ok(Ok(program)),
            BuildOutcome::Cancelled => Ok(Err(Box::new(self.report(cancelled())))),
            BuildOutcome::CompileError { diagnostics } if variant == self.options.variant => {
                let file = match variant {
                    Variant::Learner => format!("exercises/{}", self.exercise.file_rel.display()),
                    _ => format!("the {} of {}", variant.name(), self.exercise.id),
                };
                let message = match grader::python_syntax_error(&diagnostics) {
                    Some((line, col, what)) => format!(
                        "Compile error: {file}:{line}:{col}: {what}. Python cannot read the file; fix this line first."
                    ),
                    None => format!(
                        "Compile error: {file} does not compile. The compiler's messages are below; fix the first one first."
                    ),
                };
                let mut report = self.report(Verdict {
                    outcome: Outcome::CompileError,
                    message,
                });
                report.diagnostics = Some(diagnostics);
                Ok(Err(Box::new(report)))
            }
            BuildOutcome::CompileError { diagnostics } => bail!(
                "the course's {} for {} does not compile; this is a problem of the course, not of your code:\n{diagnostics}",
                variant.name(),
                self.exercise.id
            ),
        }
    }

    /// One run, judged, with what the harness and the runner measured.
    fn run(
        &mut self,
        binary: &Program,
        variant: Variant,
        workers: usize,
        purpose: &'static str,
    ) -> Result<(Sample, RunOutput)> {
        (self.on_event)(Event::Running {
            variant,
            workers,
            purpose,
        });
        let mut spec = match &self.launcher {
            Some(launcher) => runner::mpi::spec(
                launcher,
                &self.options.launch,
                workers,
                binary,
                self.exercise.time_limit,
            ),
            None => binary.spec(self.exercise.time_limit),
        }
        .env("PARLAB_WORKERS", workers.to_string())
        .env("RUST_BACKTRACE", "0");
        // The run's key, on a pipe of parlab's; an MPI launcher forwards
        // standard input to rank 0 on a pipe of its own.
        let key = new_key();
        spec.stdin = Some(StdinPipe {
            bytes: format!("parlab-key {}\n", crate::hex::encode(&key)).into_bytes(),
            inode_env: (!self.exercise.mpi).then(|| KEY_PIPE_ENV.into()),
        });
        if self.exercise.mpi {
            spec = spec.env(KEY_PIPE_ENV, "any");
        }
        if let Some(seed) = self.seed {
            spec = spec.env(SEED_ENV, seed.to_string());
        }
        if let Some(address) = &self.options.dask_scheduler {
            spec = spec.env(DASK_ENV, address);
        }
        spec.output_cap = OUTPUT_CAP;
        spec.cancel = self.options.cancel.clone();
        if variant == self.options.variant
            && let Some(confinement) = &self.options.confinement
        {
            spec = confinement.wrap(spec);
        }
        let on_event = &mut *self.on_event;
        let output = runner::run_with(&spec, &mut |_, bytes| {
            on_event(Event::Output {
                text: String::from_utf8_lossy(bytes).into_owned(),
            });
        })?;
        let verdict = grader::judge_run(&self.check.for_workers(workers), &output, Some(&key));
        (self.on_event)(Event::Finished {
            variant,
            workers,
            seconds: verdict.seconds(),
        });
        let mut sample = Sample::new(workers, verdict);
        if let ResultLines::One(reported) = grader::read_result(&output.stdout, Some(&key)) {
            sample.cpu_seconds = reported.cpu_seconds;
            sample.seed = reported.seed;
            sample.cluster = reported.cluster;
        }
        sample.peak_rss_bytes = output.peak_rss_bytes;
        sample.wall_seconds = Some(output.wall.as_secs_f64());
        sample.tree_cpu_seconds = output.cpu_seconds;
        // The run's own CPU: the whole tree's where the runner saw it all,
        // and never less than the kernel's own report (a sandbox's leader
        // does not always account for the processes below it).
        let own = match (output.cpu_seconds, sample.cpu_seconds) {
            (Some(tree), Some(kernel)) => Some(tree.max(kernel)),
            (tree, kernel) => tree.or(kernel),
        };
        sample.busy_elsewhere = output
            .machine_busy_seconds
            .zip(own)
            .map(|(busy, own)| ((busy - own) / output.wall.as_secs_f64().max(1e-3)).max(0.0));
        Ok((sample, output))
    }

    fn stopped(&self, verdict: &RunVerdict, output: &RunOutput) -> Option<Verdict> {
        // A Python exception: where in the learner's file it was raised.
        let rel = self.exercise.file_rel.to_string_lossy();
        let raised = grader::python_exception(&output.stderr, &rel)
            .map(|(line, exception)| format!("exercises/{rel}:{line} raised {exception}"));
        grader::stopped_run(
            verdict,
            self.exercise.time_limit,
            OUTPUT_CAP,
            &output.tail(15),
            raised.as_deref(),
        )
    }

    /// Baseline and solution interleaved (A B A B ...) after a warm-up run
    /// of the baseline, until the verdict is clear or the budget is spent.
    fn time(
        &mut self,
        course: &Course,
        binary: &Program,
        mut samples: Vec<Sample>,
        efficiency: f64,
    ) -> Result<Report> {
        let baseline = if self.options.variant == Variant::Baseline && self.baseline.is_none() {
            binary.clone()
        } else {
            match self.baseline_binary(course)? {
                Ok(binary) => binary,
                Err(report) => return Ok(*report),
            }
        };
        let workers = self.workers();
        let mut timing = Timing::new(workers, self.cores, efficiency);
        timing.load_average = load_average();
        timing.ranks = if self.exercise.mpi { workers } else { 0 };
        timing.overlaps_waits = self.exercise.overlaps_waits;
        let (min_rounds, max_rounds, budget) = self.options.budget();
        let started = std::time::Instant::now();
        if !self.warmed
            && self
                .baseline_run(&baseline, workers, "timing", true)?
                .is_none()
        {
            return Ok(self.report(cancelled()));
        }
        for round in 1..=max_rounds {
            let Some(b) = self.baseline_run(&baseline, workers, "timing", true)? else {
                return Ok(self.report(cancelled()));
            };
            timing.record_baseline(&b);
            let (sample, output) = self.run(binary, self.options.variant, workers, "timing")?;
            let stop = self.stopped(&sample.verdict, &output);
            timing.record(&sample);
            samples.push(sample);
            if let Some(stop) = stop.or_else(|| grader::correctness(&self.check, &samples)) {
                return Ok(self.report_with(stop, samples));
            }
            let enough = round >= min_rounds && (timing.decided() || started.elapsed() >= budget);
            if enough {
                break;
            }
        }
        let solution_workers: Vec<usize> = samples.iter().map(|s| s.workers).collect();
        let mut report = self.report_with(timing.verdict(&solution_workers), samples);
        report.speedup = timing.speedup();
        report.target_speedup = Some(timing.target());
        (report.speedup_low, report.speedup_high) = timing.spread().unzip();
        report.cpu_parallelism = timing.cpu_parallelism();
        report.peak_rss_bytes = timing.peak_rss_bytes;
        report.load_average = timing.load_average;
        report.timing = Some(timing);
        Ok(report)
    }

    fn scale(&mut self, course: &Course, counts: &[usize]) -> Result<ScalingReport> {
        let variant = self.options.variant;
        let binary = self.built(course, variant)?;
        let baseline = self.built(course, Variant::Baseline)?;
        self.baseline = Some(baseline.clone());
        if let Some(report) = self.expect(course)? {
            bail!("{}", report.message);
        }
        let load_average = load_average();
        let mut best_baseline = f64::INFINITY;
        let mut best = Vec::new();
        if !self.warmed {
            self.baseline_run(&baseline, 1, "timing", true)?;
        }
        for &workers in counts {
            let mut fastest = f64::INFINITY;
            for _ in 0..3 {
                let b = self
                    .baseline_run(&baseline, workers, "timing", true)?
                    .and_then(|s| s.verdict.seconds())
                    .context("cancelled")?;
                best_baseline = best_baseline.min(b);
                let (sample, output) = self.run(&binary, variant, workers, "scaling")?;
                match sample.verdict {
                    RunVerdict::Correct { seconds, .. } => fastest = fastest.min(seconds),
                    RunVerdict::Cancelled => bail!("cancelled"),
                    other => {
                        let why = self
                            .stopped(&other, &output)
                            .map(|v| v.message)
                            .or_else(|| match &other {
                                RunVerdict::Wrong { why, .. } => Some(why.clone()),
                                _ => None,
                            })
                            .unwrap_or_default();
                        bail!(
                            "with {workers} workers the program was not correct, so its speed means nothing yet; check it first. {why}"
                        );
                    }
                }
            }
            best.push((workers, fastest));
        }
        let points: Vec<Point> = best
            .into_iter()
            .map(|(w, s)| Point::new(w, s, best_baseline))
            .collect();
        Ok(ScalingReport {
            id: self.exercise.id.clone(),
            variant,
            cores: self.cores,
            baseline_seconds: best_baseline,
            serial_fraction: scaling::amdahl_fraction(&points),
            points,
            load_average,
        })
    }

    /// The binary of `variant`; a compile error or a cancel is an error here.
    fn built(&mut self, course: &Course, variant: Variant) -> Result<Program> {
        match self.build(course, variant)? {
            Ok(binary) => Ok(binary),
            Err(report) => bail!(
                "{}\n{}",
                report.message,
                report.diagnostics.unwrap_or_default()
            ),
        }
    }

    /// One run of the serial baseline; `None` if cancelled. A baseline that
    /// fails, or (with `correct`) gives a wrong result, is a problem of the
    /// course.
    fn baseline_run(
        &mut self,
        baseline: &Program,
        workers: usize,
        purpose: &'static str,
        correct: bool,
    ) -> Result<Option<Sample>> {
        // The serial baseline of an MPI exercise runs on one rank: idle
        // ranks would spin in MPI calls and steal its core.
        let workers = if self.exercise.mpi { 1 } else { workers };
        let (sample, output) = self.run(baseline, Variant::Baseline, workers, purpose)?;
        match sample.verdict {
            RunVerdict::Correct { .. } => Ok(Some(sample)),
            RunVerdict::Wrong { .. } if !correct => Ok(Some(sample)),
            RunVerdict::Cancelled => Ok(None),
            other => bail!(
                "the course's serial baseline for {} did not give a correct result ({other:?}); this is a problem of the course, not of your code. Its last output:\n{}",
                self.exercise.id,
                output.tail(15)
            ),
        }
    }
}

/// A fresh key for one run: 32 bytes from the kernel's generator.
fn new_key() -> Vec<u8> {
    use std::io::Read;
    let mut key = vec![0u8; 32];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut key));
    if read.is_err() {
        // No /dev/urandom: the clock and the process are all there is.
        use sha2::Digest;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let seed = format!("{now}-{}-{:p}", std::process::id(), &key);
        key = sha2::Sha256::digest(seed.as_bytes()).to_vec();
    }
    key
}

/// A seed for one check's input, or for a grading run.
pub fn random_seed() -> u64 {
    let key = new_key();
    u64::from_le_bytes(key[..8].try_into().expect("a key has 32 bytes"))
}

/// The 1-minute load average, recorded with every measurement.
pub fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn cancelled() -> Verdict {
    Verdict {
        outcome: Outcome::Cancelled,
        message: "The check was cancelled.".into(),
    }
}

/// This process's peak resident memory (VmHWM), where /proc has it.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
/// Why `address` cannot be a Dask scheduler's address, if it cannot:
/// `tcp://host:port` (or `tls://`, `ucx://`, `inproc://`), or `host:port`.
pub fn bad_scheduler_address(address: &str) -> Option<String> {
    let rest = ["tcp://", "tls://", "ucx://", "inproc://"]
        .iter()
        .find_map(|p| address.strip_prefix(p))
        .unwrap_or(address);
    let valid = !rest.is_empty()
        && !address.chars().any(|c| c.is_whitespace() || c.is_control())
        && (address.starts_with("inproc://")
            || rest
                .rsplit_once(':')
                .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok()));
    (!valid).then(|| {
        format!(
            "{address:?} is not a Dask scheduler address: give it as tcp://HOST:PORT, as `dask scheduler` prints it (port 8786 by default)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduler_addresses_are_checked() {
        for good in [
            "tcp://10.0.0.5:8786",
            "head:8786",
            "tls://h.example:443",
            "inproc://x",
        ] {
            assert_eq!(bad_scheduler_address(good), None, "{good}");
        }
        for bad in [
            "",
            "tcp://",
            "tcp://host",
            "host:port",
            "tcp://:8786",
            "tcp://h:8786 x",
        ] {
            assert!(bad_scheduler_address(bad).is_some(), "{bad}");
        }
    }
}
