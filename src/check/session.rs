//! One check's session: what it knows (the exercise, its options, the
//! cores, the launcher, the seed) and the steps of grading a solution:
//! build it, run it at two worker counts, compare, and hand over to the
//! timing (`timed`) when speed is graded.

use anyhow::{Context, Result, bail};

use super::{CheckOptions, Event, OUTPUT_CAP, Report, SeedChoice, Stage, random_seed};
use crate::course::{Check, Course, Exercise};
use crate::grader::{self, Outcome, RunVerdict, Sample, Verdict, Worker};
use crate::runner::{self, BuildOutcome, Program, RunOutput, Variant};

pub(super) struct Session<'a> {
    pub(super) exercise: &'a Exercise,
    pub(super) options: &'a CheckOptions,
    pub(super) on_event: &'a mut dyn FnMut(Event),
    pub(super) cores: usize,
    /// The MPI launcher, for an MPI exercise.
    pub(super) launcher: Option<runner::mpi::Launcher>,
    /// The check's seed, or `None` for the harness's own.
    pub(super) seed: Option<u64>,
    /// What a run is compared with: the manifest's check, or the same
    /// check against the serial baseline's result on the check's seed.
    pub(super) check: Check,
    /// The serial baseline's program, once built.
    pub(super) baseline: Option<Program>,
    /// The baseline has run once in this check (the warm-up is done).
    pub(super) warmed: bool,
}

impl<'a> Session<'a> {
    /// For an MPI exercise, finds the launcher first: without one there is
    /// nothing to build against, and the error says what to install. When
    /// the ranks may run on other machines (a hostfile, srun), the requested
    /// rank count (or a Slurm allocation's tasks) stands in for the local
    /// core count in the target.
    pub(super) fn new(
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
                // Inside a Slurm allocation, its tasks are the ranks to use.
                let slurm = launcher
                    .as_ref()
                    .is_some_and(|l| l.implementation == runner::mpi::Implementation::Slurm);
                let allocated = runner::slurm::allocated_tasks().filter(|_| slurm);
                cores = options.workers.or(allocated).unwrap_or(cores);
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

    pub(super) fn workers(&self) -> usize {
        self.options.workers.unwrap_or(self.cores).max(1)
    }

    /// What this exercise's messages call a worker.
    pub(super) fn worker(&self) -> Worker {
        Worker::of(self.exercise)
    }

    pub(super) fn report(&self, verdict: Verdict) -> Report {
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

    pub(super) fn grade(&mut self, course: &Course) -> Result<Report> {
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
        let counts: &[usize] = if self.options.stage == Stage::OneRun {
            &[workers]
        } else {
            &[workers, workers + 1]
        };
        for &w in counts {
            let (sample, output) = self.run(&binary, variant, w, "correctness")?;
            let stop = self.stopped(&sample.verdict, &output);
            samples.push(sample);
            if let Some(stop) = stop {
                return Ok(self.report_with(stop, samples));
            }
        }
        if let Some(verdict) = grader::correctness(&self.check, &samples, self.worker()) {
            return Ok(self.report_with(verdict, samples));
        }
        let Some(efficiency) = self
            .exercise
            .efficiency
            .filter(|_| self.options.stage == Stage::All)
        else {
            let message = format!("Passed: correct with {}.", self.worker().list(counts));
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
    pub(super) fn speed_not_graded(&self, efficiency: f64, samples: &[Sample]) -> Option<Report> {
        let workers = self.workers();
        let why = match &self.options.dask_scheduler {
            Some(address) => grader::speed_not_graded_on_cluster(address),
            None => grader::speed_not_graded(efficiency, workers, self.cores, self.worker())?,
        };
        let message = format!(
            "Passed: correct with {}. {why}",
            self.worker().list(&[workers, workers + 1])
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
    pub(super) fn expect(&mut self, course: &Course) -> Result<Option<Report>> {
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

    pub(super) fn report_with(&self, verdict: Verdict, samples: Vec<Sample>) -> Report {
        let mut report = self.report(verdict);
        report.cluster = samples.iter().rev().find_map(|s| s.cluster.clone());
        report.samples = samples;
        report
    }

    /// The binary of `variant`, or the report that ends the check.
    pub(super) fn build(
        &mut self,
        course: &Course,
        variant: Variant,
    ) -> Result<Result<Program, Box<Report>>> {
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

    /// The binary of `variant`; a compile error or a cancel is an error here.
    pub(super) fn built(&mut self, course: &Course, variant: Variant) -> Result<Program> {
        match self.build(course, variant)? {
            Ok(binary) => Ok(binary),
            Err(report) => bail!(
                "{}\n{}",
                report.message,
                report.diagnostics.unwrap_or_default()
            ),
        }
    }

    pub(super) fn stopped(&self, verdict: &RunVerdict, output: &RunOutput) -> Option<Verdict> {
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
            self.worker(),
        )
    }
}

pub(super) fn cancelled() -> Verdict {
    Verdict {
        outcome: Outcome::Cancelled,
        message: "The check was cancelled.".into(),
    }
}
