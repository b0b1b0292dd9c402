//! A check session: build, run at several worker counts, time against the
//! serial baseline, and hand every run to the grader.
//!
//! This is the only place that sequences the runner and the grader. It reports
//! what it is doing through [`Event`]s, so the CLI can print progress and the
//! TUI can stream it, and returns a [`Report`]. A problem of the course itself
//! (a baseline that does not compile or is wrong) is an error, not a grade.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::{Result, bail};
use serde::Serialize;

use crate::course::{Course, Exercise};
use crate::grader::{self, Outcome, RunVerdict, Sample, Timing, Verdict};
use crate::runner::{self, BuildOutcome, RunOutput, RunSpec, Variant};

/// Output a learner program may print per run, standard output and error together.
pub const OUTPUT_CAP: usize = 1 << 20;

#[derive(Clone, Debug)]
pub struct CheckOptions {
    pub variant: Variant,
    /// Set it to stop the check: its build or run is killed with its group.
    pub cancel: Arc<AtomicBool>,
    /// Workers for the timed runs; the core count when `None`.
    pub workers: Option<usize>,
    /// Interleaved baseline/solution pairs for the speedup.
    pub rounds: usize,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            variant: Variant::Learner,
            cancel: runner::cancel_flag(),
            workers: None,
            rounds: 3,
        }
    }
}

/// What a check is doing now.
#[derive(Clone, Debug)]
pub enum Event {
    Building {
        variant: Variant,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timing: Option<Timing>,
    pub samples: Vec<Sample>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workbench_peak_rss_bytes: Option<u64>,
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
            timing: None,
            samples: Vec::new(),
            diagnostics: None,
            workbench_peak_rss_bytes: None,
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
    let mut session = Session {
        exercise,
        options,
        on_event,
        cores: runner::cores(),
    };
    let mut report = session.grade(course)?;
    report.workbench_peak_rss_bytes = peak_rss_bytes();
    Ok(report)
}

struct Session<'a> {
    exercise: &'a Exercise,
    options: &'a CheckOptions,
    on_event: &'a mut dyn FnMut(Event),
    cores: usize,
}

impl Session<'_> {
    fn workers(&self) -> usize {
        self.options.workers.unwrap_or(self.cores).max(1)
    }

    fn report(&self, verdict: Verdict) -> Report {
        Report::new(
            self.exercise,
            self.options.variant,
            self.workers(),
            self.cores,
            verdict,
        )
    }

    fn grade(&mut self, course: &Course) -> Result<Report> {
        let variant = self.options.variant;
        let binary = match self.build(course, variant)? {
            Ok(binary) => binary,
            Err(report) => return Ok(*report),
        };
        let workers = self.workers();
        let mut samples = Vec::new();
        for w in [workers, workers + 1] {
            let (verdict, output) = self.run(&binary, variant, w, "correctness")?;
            if let Some(stop) = self.stopped(&verdict, &output) {
                let mut report = self.report(stop);
                samples.push(Sample {
                    workers: w,
                    verdict,
                });
                report.samples = samples;
                return Ok(report);
            }
            samples.push(Sample {
                workers: w,
                verdict,
            });
        }
        if let Some(verdict) = grader::correctness(&self.exercise.check, &samples) {
            let mut report = self.report(verdict);
            report.samples = samples;
            return Ok(report);
        }
        let Some(efficiency) = self.exercise.efficiency else {
            let mut report = self.report(Verdict {
                outcome: Outcome::Passed,
                message: format!(
                    "Passed: correct with {workers} and {} workers.",
                    workers + 1
                ),
            });
            report.samples = samples;
            return Ok(report);
        };
        self.time(course, &binary, samples, efficiency)
    }

    /// The binary of `variant`, or the report that ends the check.
    fn build(
        &mut self,
        course: &Course,
        variant: Variant,
    ) -> Result<Result<std::path::PathBuf, Box<Report>>> {
        (self.on_event)(Event::Building { variant });
        match runner::build_exercise(course, self.exercise, variant, &self.options.cancel)? {
            BuildOutcome::Built { binary } => Ok(Ok(binary)),
            BuildOutcome::Cancelled => Ok(Err(Box::new(self.report(cancelled())))),
            BuildOutcome::CompileError { diagnostics } if variant == self.options.variant => {
                let file = match variant {
                    Variant::Learner => format!("exercises/{}", self.exercise.file_rel.display()),
                    _ => format!("the {} of {}", variant.name(), self.exercise.id),
                };
                let mut report = self.report(Verdict {
                    outcome: Outcome::CompileError,
                    message: format!("Compile error: {file} does not compile. The compiler's messages are below; fix the first one first."),
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

    fn run(
        &mut self,
        binary: &std::path::Path,
        variant: Variant,
        workers: usize,
        purpose: &'static str,
    ) -> Result<(RunVerdict, RunOutput)> {
        (self.on_event)(Event::Running {
            variant,
            workers,
            purpose,
        });
        let mut spec = RunSpec::new(binary, self.exercise.time_limit)
            .env("PARLAB_WORKERS", workers.to_string())
            .env("RUST_BACKTRACE", "0");
        spec.output_cap = OUTPUT_CAP;
        spec.cancel = self.options.cancel.clone();
        let on_event = &mut *self.on_event;
        let output = runner::run_with(&spec, &mut |_, bytes| {
            on_event(Event::Output {
                text: String::from_utf8_lossy(bytes).into_owned(),
            });
        })?;
        let verdict = grader::judge_run(&self.exercise.check, &output);
        (self.on_event)(Event::Finished {
            variant,
            workers,
            seconds: verdict.seconds(),
        });
        Ok((verdict, output))
    }

    fn stopped(&self, verdict: &RunVerdict, output: &RunOutput) -> Option<Verdict> {
        grader::stopped_run(
            verdict,
            self.exercise.time_limit,
            OUTPUT_CAP,
            &output.tail(15),
        )
    }

    /// Baseline and solution, interleaved, `rounds` times each.
    fn time(
        &mut self,
        course: &Course,
        binary: &std::path::Path,
        mut samples: Vec<Sample>,
        efficiency: f64,
    ) -> Result<Report> {
        let baseline = if self.options.variant == Variant::Baseline {
            binary.to_path_buf()
        } else {
            match self.build(course, Variant::Baseline)? {
                Ok(binary) => binary,
                Err(report) => return Ok(*report),
            }
        };
        let workers = self.workers();
        let mut timing = Timing {
            baseline_seconds: Vec::new(),
            solution_seconds: Vec::new(),
            workers,
            cores: self.cores,
            efficiency,
        };
        for _ in 0..self.options.rounds.max(1) {
            let (verdict, output) = self.run(&baseline, Variant::Baseline, workers, "timing")?;
            if let RunVerdict::Cancelled = verdict {
                return Ok(self.report(cancelled()));
            }
            match verdict {
                RunVerdict::Correct { seconds, .. } => timing.baseline_seconds.push(seconds),
                other => bail!(
                    "the course's serial baseline for {} did not give a correct result ({other:?}); this is a problem of the course, not of your code. Its last output:\n{}",
                    self.exercise.id,
                    output.tail(15)
                ),
            }
            let (verdict, output) = self.run(binary, self.options.variant, workers, "timing")?;
            if let Some(seconds) = verdict.seconds() {
                timing.solution_seconds.push(seconds);
            }
            let stop = self.stopped(&verdict, &output);
            samples.push(Sample { workers, verdict });
            let stop = stop.or_else(|| grader::correctness(&self.exercise.check, &samples));
            if let Some(stop) = stop {
                let mut report = self.report(stop);
                report.samples = samples;
                return Ok(report);
            }
        }
        let solution_workers: Vec<usize> = samples.iter().map(|s| s.workers).collect();
        let mut report = self.report(timing.verdict(&solution_workers));
        report.speedup = timing.speedup();
        report.target_speedup = Some(timing.target());
        report.timing = Some(timing);
        report.samples = samples;
        Ok(report)
    }
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
